//! The records screen's import (`i`: a units file or a roster) and merge (a .json bundle, and
//! the same bundle again once its new key is accepted), run as a service job with its own
//! connection: the progress on the table's bottom border, `Esc` cancelling (nothing is saved),
//! the end read on the tick (the summary, the refused rows' panel, the new-key question).

use std::path::PathBuf;

use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::Frame;

use super::accept_key::{self, NewKey};
use super::refused::RefusedView;
use super::{reload, Prompt, RecordsState, RecordsView};
use crate::domain::i18n::Msg;
use crate::service::bundles::{Merged, Refusal};
use crate::service::jobs::imports::{is_bundle, ImportFailure, ImportRequest, Imported};
use crate::service::jobs::Job;
use crate::tui::session::Session;

/// An import or merge running in its own thread.
pub struct ImportJob {
    /// The file as the trainer typed it.
    pub path: PathBuf,
    /// The new key being pinned, when this is the merge again after the trainer's yes.
    accepting: Option<Box<NewKey>>,
    pub job: Job<Result<Imported, ImportFailure>>,
}

impl ImportJob {
    /// Wait for the work to end (after a cancel, for its rollback).
    pub fn wait(&mut self) {
        let _ = self.job.wait();
    }
}

impl Drop for ImportJob {
    /// Left unfinished (the screen closed): cancelled, so nothing is saved behind the
    /// trainer's back.
    fn drop(&mut self) {
        self.job.cancel();
    }
}

/// Start importing or merging `path` (a new key pinned when `accepting`); one job at a time.
pub(super) fn start(
    s: &mut RecordsState,
    app: &mut Session,
    path: PathBuf,
    accepting: Option<Box<NewKey>>,
) {
    if s.busy() {
        app.error(&Msg::new("records-push-busy"));
        return;
    }
    // Many rows change: never into a file found damaged.
    if app.store.damage().is_some() {
        let m = app.damaged_msg();
        app.error(&m);
        return;
    }
    let job = ImportRequest {
        db: app.store.path().to_path_buf(),
        pack: app.pack.clone(),
        path: path.clone(),
        accept_new_key: accepting.is_some(),
    }
    .spawn();
    s.import = Some(ImportJob {
        path,
        accepting,
        job,
    });
}

/// On every tick: when the import has ended, what it did.
pub(super) fn poll(s: &mut RecordsState, app: &mut Session) {
    let Some(outcome) = s.import.as_ref().and_then(|j| j.job.take_outcome()) else {
        return;
    };
    let Some(mut done) = s.import.take() else {
        return;
    };
    let path = std::mem::take(&mut done.path);
    let accepting = done.accepting.take();
    drop(done);
    match accepting {
        Some(k) => accepted(s, app, &path, &k, outcome),
        None => imported(s, app, &path, outcome),
    }
    reload(app, s);
}

/// Said after a cancel: nothing of the file was saved.
fn cancelled(app: &mut Session, path: &std::path::Path) {
    app.info(&Msg::new("records-import-cancelled").arg("file", path.display()));
}

fn imported(
    s: &mut RecordsState,
    app: &mut Session,
    path: &std::path::Path,
    outcome: Result<Imported, ImportFailure>,
) {
    let logged = app.store.log_action("import", &path.display().to_string());
    match outcome {
        Ok(Imported::Merged(m)) => app.info(&merged_msg(path, &m)),
        Ok(Imported::Rows(r)) => {
            let summary = Msg::new("records-imported")
                .arg("added", r.added)
                .arg("updated", r.updated)
                .arg("unchanged", r.unchanged)
                .arg("refused", r.bad.len());
            app.info(&summary);
            // Each refused row, with its line and why, in a panel (the command line prints them).
            if !r.bad.is_empty() {
                s.view = RecordsView::Refused(Box::new(RefusedView::new(
                    path.display().to_string(),
                    summary,
                    r.unkeyed,
                    r.bad,
                )));
            }
        }
        Err(ImportFailure::Cancelled) => cancelled(app, path),
        Err(ImportFailure::Failed(m)) => app.error(&m),
        Err(ImportFailure::Refused(r)) => {
            // Signed with another key than the one pinned: the trainer is asked (the popup
            // says why), rather than sent to the command line.
            match accept_key::new_key(app, path, &r) {
                Some(k) => s.prompt = Some(Prompt::AcceptKey(Box::new(k))),
                None => {
                    let m = bad_bundle(app, path, &r);
                    app.error(&m);
                }
            }
        }
    }
    // The audit entry could not be written: said, not dropped.
    if let Err(e) = logged {
        app.error(&e.msg());
    }
}

/// The merge again, pinning the new key: the store logs the pin ("key-pinned … accepted");
/// the merge is logged as `danvan merge --accept-new-key` logs it.
fn accepted(
    _s: &mut RecordsState,
    app: &mut Session,
    path: &std::path::Path,
    k: &NewKey,
    outcome: Result<Imported, ImportFailure>,
) {
    match outcome {
        Ok(Imported::Merged(m)) => {
            let merged = merged_msg(path, &m);
            let said = accept_key::accepted_msg(k).arg("merged", app.i18n.msg(&merged));
            app.info(&said);
            if let Err(e) = app.store.log_action("merge", &path.display().to_string()) {
                app.error(&e.msg());
            }
        }
        Ok(Imported::Rows(_)) => {}
        Err(ImportFailure::Cancelled) => cancelled(app, path),
        Err(ImportFailure::Failed(m)) => app.error(&m),
        Err(ImportFailure::Refused(r)) => {
            let m = bad_bundle(app, path, &r);
            app.error(&m);
        }
    }
}

/// What to say when a bundle merged.
fn merged_msg(path: &std::path::Path, m: &Merged) -> Msg {
    match m.summary.held.len() {
        0 => Msg::new("records-merged").arg("file", path.display()),
        held => Msg::new("records-merged-held")
            .arg("file", path.display())
            .arg("count", held),
    }
}

fn bad_bundle(app: &Session, path: &std::path::Path, r: &Refusal) -> Msg {
    Msg::new("records-bad-bundle")
        .arg("file", path.display())
        .arg("line", r.line.unwrap_or(0))
        .arg("col", r.column.unwrap_or(0))
        .arg("detail", app.i18n.msg(&r.msg))
}

/// The import's progress, on the bottom border of the records' box.
pub(super) fn view_progress(app: &Session, job: &ImportJob, frame: &mut Frame, area: Rect) {
    let (done, total) = job.job.progress();
    let id = if is_bundle(&job.path) {
        "records-merging"
    } else {
        "records-importing"
    };
    // Before the first count is in (the file is still being read or verified), no "0/0".
    let label = if job.job.is_cancelled() {
        app.t("records-job-cancelling")
    } else if total == 0 {
        app.t("records-import-starting")
    } else {
        app.i18n
            .ta(id, &[("done", done.into()), ("total", total.into())])
    };
    super::export::draw_job_gauge(frame, area, (done, total), label, Color::Yellow);
}

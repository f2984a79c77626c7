//! Exports from the records screen, run as a service job: started here, their progress drawn on
//! the table's bottom border, their end reported on the tick.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::Frame;

use super::RecordsState;
use crate::domain::i18n::Msg;
use crate::service::jobs::{ExportKind, Job, RecordsExport};
use crate::tui::session::Session;

/// An export running in its own thread (with its own connection), so the screen keeps drawing
/// its progress.
pub struct ExportJob {
    pub path: std::path::PathBuf,
    pub job: Job<Result<u64, String>>,
}

/// Start an export of the rows the filter shows, to a new file in `reports/`; one at a time.
pub(super) fn start(s: &mut RecordsState, app: &mut Session, kind: ExportKind) {
    if s.busy() {
        return;
    }
    let path =
        match crate::io::report::new_report_paths(app.store.path(), kind.stem(), &[kind.ext()]) {
            Ok(mut p) => p.remove(0),
            Err(e) => {
                let detail = app.i18n.msg(&e.msg());
                app.error(&Msg::new("records-export-failed").arg("detail", detail));
                return;
            }
        };
    // The bundle and xAPI take the unit by its code.
    let unit_code = s
        .filter
        .unit_id
        .as_ref()
        .and_then(|id| app.read(app.store.unit(id)))
        .map(|u| u.code);
    let job = RecordsExport {
        db: app.store.path().to_path_buf(),
        pack: app.pack.clone(),
        filter: s.filter.clone(),
        unit_code,
        lang: app.lang(),
        kind,
        path: path.clone(),
    }
    .spawn();
    s.job = Some(ExportJob { path, job });
}

/// On every tick: when the export has ended, say so.
pub(super) fn poll(s: &mut RecordsState, app: &mut Session) {
    let finished = s.job.as_ref().and_then(|j| {
        j.job
            .take_outcome()
            .map(|r| (j.path.clone(), r, j.job.is_cancelled()))
    });
    if let Some((path, outcome, cancelled)) = finished {
        s.job = None;
        match outcome {
            // Cancelled (Esc): the half-written file is gone.
            Err(_) if cancelled => {
                app.info(&Msg::new("records-export-cancelled").arg("path", path.display()))
            }
            Ok(rows) => app.info(
                &Msg::new("records-exported")
                    .arg("rows", rows)
                    .arg("path", path.display()),
            ),
            // The job removed what it had half written; a file that was there before it is
            // never touched.
            Err(detail) => app.error(&Msg::new("records-export-failed").arg("detail", detail)),
        }
    }
}

/// The export's progress, on the bottom border of the records' box.
pub(super) fn view_progress(app: &Session, job: &ExportJob, frame: &mut Frame, area: Rect) {
    let (done, total) = job.job.progress();
    // Before the first count is in (or for a format that counts nothing), no "0/0".
    let label = if job.job.is_cancelled() {
        app.t("records-job-cancelling")
    } else if total == 0 {
        app.t("records-export-starting")
    } else {
        app.i18n.ta(
            "records-exporting",
            &[("done", done.into()), ("total", total.into())],
        )
    };
    draw_job_gauge(frame, area, (done, total), label, Color::Green);
}

/// A background job's progress as a gauge on the bottom border of the records' box.
pub(super) fn draw_job_gauge(
    frame: &mut Frame,
    area: Rect,
    (done, total): (u64, u64),
    label: String,
    color: Color,
) {
    let ratio = if total == 0 {
        0.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    };
    let gauge_area = Rect {
        x: area.x + 1,
        y: area.y + area.height.saturating_sub(1),
        width: area.width.saturating_sub(2),
        height: 1,
    };
    frame.render_widget(
        ratatui::widgets::Gauge::default()
            .gauge_style(Style::new().fg(color).bg(Color::Black))
            .ratio(ratio)
            .label(label),
        gauge_area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    fn drawn(app: &Session, job: &ExportJob) -> String {
        let mut t = Terminal::new(TestBackend::new(60, 3)).unwrap();
        t.draw(|f| view_progress(app, job, f, f.area())).unwrap();
        let buf = t.backend().buffer().clone();
        (0..3)
            .flat_map(|y| (0..60).map(move |x| (x, y)))
            .map(|(x, y)| buf[(x, y)].symbol().to_string())
            .collect()
    }

    #[test]
    fn an_export_shows_no_0_of_0_before_its_first_count() {
        let dir = tempfile::tempdir().unwrap();
        let app = crate::tui::app::test_app(dir.path());
        let (go_on, wait) = std::sync::mpsc::channel::<()>();
        let job = ExportJob {
            path: dir.path().join("x.csv"),
            job: Job::spawn(move |p| {
                let _ = wait.recv();
                p.report(3, 10);
                let _ = wait.recv();
                Ok(10)
            }),
        };
        let before = drawn(&app.session, &job);
        assert!(
            before.contains("Đang xuất…") && !before.contains("0/0"),
            "{before}"
        );
        go_on.send(()).unwrap();
        let started = std::time::Instant::now();
        while job.job.progress() != (3, 10) {
            assert!(started.elapsed() < std::time::Duration::from_secs(10));
            std::thread::yield_now();
        }
        let counting = drawn(&app.session, &job);
        assert!(counting.contains("3/10"), "{counting}");
        go_on.send(()).unwrap();
    }
}

//! Pushing the filtered records to a learning record store from the records screen: a form
//! (the LRS's address and user, remembered in `settings`, and the password, never stored),
//! behind the trainer's passphrase; the push runs as a service job with its own connection,
//! its progress drawn on the table's bottom border, its summary on the status line.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{Prompt, RecordsState};
use crate::domain::bundle::BundleFilter;
use crate::domain::i18n::{I18n, Msg};
use crate::io::lrs::LrsConfig;
use crate::io::xapi::DEFAULT_HOMEPAGE;
use crate::service::jobs::Job;
use crate::service::push::{PushOutcome, PushRequest, DEFAULT_BATCH};
use crate::tui::action::Action;
use crate::tui::session::Session;
use crate::tui::widgets::TextField;

/// Settings: the last LRS address and user typed in the form.
pub const LRS_URL: &str = "lrs_url";
pub const LRS_USER: &str = "lrs_user";

/// The form's three fields, and which has the cursor.
pub struct PushForm {
    pub url: TextField,
    pub user: TextField,
    pub password: TextField,
    /// 0 address, 1 user, 2 password.
    pub focus: usize,
}

/// A push running in its own thread; leaving the records screen cancels it (what it settled
/// so far is remembered).
pub struct PushJob {
    pub lrs: String,
    pub job: Job<Result<PushOutcome, String>>,
}

impl PushJob {
    /// Wait for the push to end (after a cancel: the batch under way).
    pub fn wait(&mut self) {
        let _ = self.job.wait();
    }
}

impl Drop for PushJob {
    fn drop(&mut self) {
        self.job.cancel();
    }
}

/// Open the form with the last address and user.
pub(super) fn open(s: &mut RecordsState, app: &Session) {
    // None: never saved, or the read failed (then `read` has put the error on the status line).
    let url = app.read(app.store.setting(LRS_URL));
    let user = app.read(app.store.setting(LRS_USER));
    let missing = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
    // The cursor where something is missing.
    let focus = if missing(&url) {
        0
    } else if missing(&user) {
        1
    } else {
        2
    };
    s.prompt = Some(Prompt::Push(PushForm {
        url: TextField::with_value(url.as_deref().unwrap_or("")),
        user: TextField::with_value(user.as_deref().unwrap_or("")),
        password: TextField::default(),
        focus,
    }));
}

/// Keys while the form is open.
pub(super) fn update(s: &mut RecordsState, app: &mut Session, action: Action) {
    let Some(Prompt::Push(form)) = &mut s.prompt else {
        return;
    };
    let field = match form.focus {
        0 => &mut form.url,
        1 => &mut form.user,
        _ => &mut form.password,
    };
    match action {
        Action::Input(c) => field.insert(c),
        Action::Backspace => field.backspace(),
        Action::Left => field.left(),
        Action::Right => field.right(),
        Action::NextField => form.focus = (form.focus + 1) % 3,
        Action::PrevField => form.focus = (form.focus + 2) % 3,
        Action::Back => s.prompt = None,
        Action::Enter => {
            let url = form.url.value().trim().to_string();
            if url.is_empty() {
                form.focus = 0;
                app.error(&Msg::new("records-push-no-url"));
                return;
            }
            let user = form.user.value().trim().to_string();
            let password = form.password.value().to_string();
            s.prompt = None;
            start(s, app, url, user, password);
        }
        _ => {}
    }
}

/// Start the push of the rows the filter shows; one background job at a time.
fn start(s: &mut RecordsState, app: &mut Session, url: String, user: String, password: String) {
    if s.busy() {
        app.error(&Msg::new("records-push-busy"));
        return;
    }
    // The push records what it sent in the database: never into a damaged file.
    if app.store.damage().is_some() {
        let m = app.damaged_msg();
        app.error(&m);
        return;
    }
    for (key, value) in [(LRS_URL, &url), (LRS_USER, &user)] {
        if let Err(e) = app.store.set_setting(key, value) {
            app.error(&e.msg());
        }
    }
    // The password from the form, else from the environment (as the command takes it).
    let password = Some(password)
        .filter(|p| !p.is_empty())
        .or_else(|| std::env::var(crate::service::push::PASSWORD_ENV).ok());
    let user = Some(user).filter(|u| !u.is_empty());
    let unit = s
        .filter
        .unit_id
        .as_ref()
        .and_then(|id| app.read(app.store.unit(id)))
        .map(|u| u.code);
    let req = PushRequest {
        lrs: LrsConfig {
            endpoint: url.clone(),
            password: user.as_ref().and(password),
            user,
            extra_ca: None,
            batch: DEFAULT_BATCH,
        },
        filter: BundleFilter {
            unit,
            course: s.filter.course_id.clone(),
            from: s.filter.completed_from.clone(),
            to: s.filter.completed_to.clone(),
        },
        homepage: DEFAULT_HOMEPAGE.to_string(),
    };
    let db = app.store.path().to_path_buf();
    let pack = app.pack.clone();
    let lang = app.lang();
    let lrs = url.clone();
    let job = Job::spawn(move |progress| {
        let i18n = I18n::new(lang);
        let mut store = crate::store::Store::open(&db).map_err(|e| i18n.msg(&e.msg()))?;
        crate::service::push::push(
            &mut store,
            &pack,
            &req,
            &mut |d, t| progress.report(d, t),
            progress.flag(),
        )
        .map_err(|e| i18n.msg(&e.msg(&lrs)))
    });
    let _ = app.store.log_action("push", &url);
    s.push = Some(PushJob { lrs: url, job });
}

/// On every tick: when the push has ended, its summary (and why it stopped, if it did).
pub(super) fn poll(s: &mut RecordsState, app: &mut Session) {
    let Some(outcome) = s.push.as_ref().and_then(|j| j.job.take_outcome()) else {
        return;
    };
    let cancelled = s.push.as_ref().is_some_and(|j| j.job.is_cancelled());
    let lrs = s.push.take().map(|j| j.lrs.clone()).unwrap_or_default();
    match outcome {
        Ok(o) => {
            let sum = &o.summary;
            let line = app.i18n.msg(
                &Msg::new("push-summary")
                    .arg("lrs", &lrs)
                    .arg("sent", sum.sent)
                    .arg("already", sum.already_there)
                    .arg("refused", sum.refused.len()),
            );
            // Stopped by Esc: what was sent is remembered, the rest goes next time.
            let why = if cancelled {
                app.info(&Msg::new("records-push-cancelled").arg("summary", line));
                return;
            } else if let Some(reason) = &sum.stopped {
                Some(
                    Msg::new("push-stopped")
                        .arg("lrs", &lrs)
                        .arg("reason", reason),
                )
            } else if let Some((id, reason)) = sum.refused.first() {
                Some(
                    Msg::new("push-refused-detail")
                        .arg("id", id)
                        .arg("reason", reason)
                        .arg(
                            "next",
                            app.i18n
                                .msg(&Msg::new("push-refused-next").arg("lrs", &lrs)),
                        ),
                )
            } else {
                None
            };
            match why {
                None => app.info(&Msg::new("records-pushed").arg("summary", line)),
                Some(m) => app.error(
                    &Msg::new("records-push-incomplete")
                        .arg("summary", line)
                        .arg("detail", app.i18n.msg(&m)),
                ),
            }
        }
        Err(detail) => app.error(&Msg::new("records-push-error").arg("detail", detail)),
    }
}

/// The push's progress, on the bottom border of the records' box.
pub(super) fn view_progress(app: &Session, job: &PushJob, frame: &mut Frame, area: Rect) {
    let (done, total) = job.job.progress();
    let label = if job.job.is_cancelled() {
        app.t("records-job-cancelling")
    } else {
        app.i18n.ta(
            "records-pushing",
            &[("done", done.into()), ("total", total.into())],
        )
    };
    super::export::draw_job_gauge(frame, area, (done, total), label, Color::Cyan);
}

/// The form, over the table.
pub(super) fn view(app: &Session, form: &PushForm, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(6).min(72);
    let height = 9.min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + area.height.saturating_sub(height) / 3,
        width,
        height,
    };
    let labels = [
        app.t("records-push-url"),
        app.t("records-push-user"),
        app.t("records-push-password"),
    ];
    let label_width = labels
        .iter()
        .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()))
        .max()
        .unwrap_or(0);
    let masked = "•".repeat(form.password.value().chars().count());
    let values = [
        form.url.value().to_string(),
        form.user.value().to_string(),
        masked,
    ];
    let mut lines = Vec::new();
    for (i, (label, value)) in labels.iter().zip(values).enumerate() {
        let focused = i == form.focus;
        let pad = label_width - unicode_width::UnicodeWidthStr::width(label.as_str());
        let shown = if focused {
            match i {
                0 => form.url.with_cursor_mark('▏'),
                1 => form.user.with_cursor_mark('▏'),
                _ => format!("{value}▏"),
            }
        } else {
            value
        };
        let style = if focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![
            Span::raw(format!(" {label}{} ", " ".repeat(pad))),
            Span::styled(shown, style),
        ]));
    }
    lines.push(Line::raw(""));
    lines.extend(crate::tui::wrap::wrap_plain(
        &app.t("records-push-hint"),
        width.saturating_sub(4) as usize,
        Style::new().fg(Color::DarkGray),
        " ",
        " ",
    ));
    frame.render_widget(ratatui::widgets::Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(Style::new().fg(Color::Yellow))
                .title(crate::tui::widgets::title(
                    &app.t("records-push-title"),
                    popup.width,
                    0,
                )),
        ),
        popup,
    );
}

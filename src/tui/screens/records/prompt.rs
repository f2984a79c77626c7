//! What the records screen asks before acting: the trainer's passphrase, a file to import, a
//! unit or a date range to filter by, and whether to delete a person.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::accept_key;
use super::unit_pick::{self, Picked};
use super::{person, push, reload, DateRange, Pending, Prompt, RecordsState, RecordsView};
use crate::domain::i18n::Msg;
use crate::tui::action::Action;
use crate::tui::session::Session;
use crate::tui::widgets::TextField;

fn run_pending(s: &mut RecordsState, app: &mut Session, pending: Pending) {
    match pending {
        Pending::Import => {
            // A path: Linux's PATH_MAX.
            s.prompt = Some(Prompt::Path(TextField::default().with_limit(4_096)))
        }
        Pending::Delete => s.prompt = Some(Prompt::ConfirmDelete),
        Pending::Grant => person::grant(s, app),
        Pending::Push => push::open(s, app),
        Pending::AcceptKey => accept_new_key(s, app),
    }
}

/// Ask for the passphrase first when one is set.
pub(super) fn guarded(s: &mut RecordsState, app: &mut Session, pending: Pending) {
    match app.store.has_trainer_passphrase() {
        Ok(false) => run_pending(s, app, pending),
        Ok(true) => s.prompt = Some(Prompt::Guard(TextField::default(), pending)),
        // Whether one is set could not be read: say why, and do nothing unguarded.
        Err(e) => app.error(&e.msg()),
    }
}

/// Keys while a prompt is open: it takes every key.
pub(super) fn update(s: &mut RecordsState, app: &mut Session, action: Action) {
    let Some(prompt) = &mut s.prompt else {
        return;
    };
    match prompt {
        Prompt::Guard(secret, pending) => match action {
            Action::Input(c) => secret.insert(c),
            Action::Backspace => secret.backspace(),
            Action::Enter => {
                let pending = *pending;
                match app.store.check_trainer_passphrase(secret.value()) {
                    Ok(true) => {
                        s.prompt = None;
                        run_pending(s, app, pending);
                    }
                    Ok(false) => {
                        secret.clear();
                        app.error(&Msg::new("trainer-wrong"));
                    }
                    // The database could not be read: say so, not "wrong passphrase".
                    Err(e) => app.error(&e.msg()),
                }
            }
            Action::Back => s.prompt = None,
            _ => {}
        },
        Prompt::Path(field) => match action {
            Action::Input(c) => field.insert(c),
            Action::Backspace => field.backspace(),
            Action::Left => field.left(),
            Action::Right => field.right(),
            Action::Enter => {
                let path = field.value().to_string();
                s.prompt = None;
                import_file(s, app, &path);
            }
            Action::Back => s.prompt = None,
            _ => {}
        },
        Prompt::Unit(picker) => match picker.update(action) {
            Picked::Open => {}
            Picked::Cancelled => s.prompt = None,
            Picked::All => {
                s.prompt = None;
                filter_unit(s, app, None);
            }
            Picked::Unit(u) => {
                s.prompt = None;
                filter_unit(s, app, Some(u));
            }
            // The list shows why: nothing matches; the picker stays open to type again.
            Picked::NoMatch(typed) => {
                app.error(&Msg::new("records-unit-no-match").arg("unit", typed))
            }
        },
        Prompt::Dates(field, which) => match action {
            Action::Input(c) => field.insert(c),
            Action::Backspace => field.backspace(),
            Action::Left => field.left(),
            Action::Right => field.right(),
            Action::Enter => {
                let (text, which) = (field.value().to_string(), *which);
                s.prompt = None;
                filter_dates(s, app, &text, which);
            }
            Action::Back => s.prompt = None,
            _ => {}
        },
        Prompt::Push(_) => push::update(s, app, action),
        Prompt::AcceptKey(_) => match action {
            Action::Confirm => {
                if let Some(Prompt::AcceptKey(k)) = s.prompt.take() {
                    s.accepting = Some(k);
                    guarded(s, app, Pending::AcceptKey);
                }
            }
            Action::Deny => {
                s.prompt = None;
                app.info(&Msg::new("records-key-declined"));
            }
            _ => {}
        },
        Prompt::ConfirmDelete => match action {
            Action::Confirm => {
                s.prompt = None;
                person::delete(s, app);
            }
            Action::Deny => s.prompt = None,
            _ => {}
        },
    }
}

/// Show one unit (and those under it), or every unit.
fn filter_unit(s: &mut RecordsState, app: &mut Session, unit: Option<crate::domain::people::Unit>) {
    s.filter.unit_id = unit.as_ref().map(|u| u.id.clone());
    s.unit_name = unit.map(|u| format!("{} {}", u.code, u.name));
    reload(app, s);
}

/// "from to" in dd/mm/yyyy (or ISO); one date means from that day; empty clears the range.
fn filter_dates(s: &mut RecordsState, app: &mut Session, text: &str, which: DateRange) {
    let parts: Vec<&str> = text
        .split_whitespace()
        .filter(|p| *p != "-" && *p != "–")
        .collect();
    let mut dates = Vec::new();
    for p in &parts {
        match crate::domain::text::parse_date(p) {
            Some(d) => dates.push(d),
            None => {
                // 31/02/2026 is written right but is no day: say that, not "write it as …".
                let id = if crate::domain::text::date_does_not_exist(p) {
                    "records-no-such-date"
                } else {
                    "records-bad-date"
                };
                app.error(&Msg::new(id).arg("value", *p));
                return;
            }
        }
    }
    if dates.len() > 2 || (dates.len() == 2 && dates[0] > dates[1]) {
        app.error(&Msg::new("records-bad-date").arg("value", text));
        return;
    }
    let (from, to) = (dates.first().cloned(), dates.get(1).cloned());
    match which {
        DateRange::Completed => (s.filter.completed_from, s.filter.completed_to) = (from, to),
        DateRange::Appointed => (s.filter.appointed_from, s.filter.appointed_to) = (from, to),
    }
    reload(app, s);
}

/// Import a units file or a roster (CSV or XLSX), or merge a records bundle (.json, also
/// compressed `.json.gz` or sealed `.json.age`), in the background (`work`).
fn import_file(s: &mut RecordsState, app: &mut Session, path: &str) {
    super::work::start(s, app, std::path::PathBuf::from(path.trim()), None);
}

/// The trainer said yes (and gave the passphrase): the same file merged again in the
/// background, pinning the new key.
fn accept_new_key(s: &mut RecordsState, app: &mut Session) {
    let Some(k) = s.accepting.take() else {
        return;
    };
    let path = k.path.clone();
    super::work::start(s, app, path, Some(k));
}

// ---- drawing ----

pub(super) fn view(app: &Session, s: &RecordsState, frame: &mut Frame, area: Rect) {
    let Some(prompt) = &s.prompt else { return };
    let (title, body) = match prompt {
        Prompt::Push(form) => return push::view(app, form, frame, area),
        Prompt::Unit(picker) => return unit_pick::view(app, picker, frame, area),
        Prompt::AcceptKey(k) => return accept_key::view(app, k, frame, area),
        Prompt::Guard(secret, _) => (
            app.t("trainer-guard-title"),
            format!(
                "{} {}▏",
                app.t("trainer-ask"),
                "•".repeat(secret.value().chars().count())
            ),
        ),
        Prompt::Path(field) => (app.t("records-import-title"), field.with_cursor_mark('▏')),
        Prompt::Dates(field, which) => (
            app.t(match which {
                DateRange::Completed => "records-completed-title",
                DateRange::Appointed => "records-appointed-title",
            }),
            field.with_cursor_mark('▏'),
        ),
        Prompt::ConfirmDelete => {
            let name = match &s.view {
                RecordsView::Person(d) => d.record.full_name.clone(),
                _ => String::new(),
            };
            (
                app.t("records-delete-title"),
                app.i18n
                    .ta("records-delete-question", &[("name", name.into())]),
            )
        }
    };
    let width = area.width.saturating_sub(6).min(72);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + area.height / 3,
        width,
        height: 5,
    };
    frame.render_widget(ratatui::widgets::Clear, popup);
    let lines = crate::tui::wrap::wrap_plain(
        &body,
        width.saturating_sub(4) as usize,
        Style::default(),
        " ",
        " ",
    );
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(Style::new().fg(Color::Yellow))
                .title(crate::tui::widgets::title(&title, popup.width, 0)),
        ),
        popup,
    );
}

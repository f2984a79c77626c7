//! What the records screen asks before acting: the trainer's passphrase, a file to import, a
//! unit or a date range to filter by, and whether to delete a person.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

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
    }
}

/// Ask for the passphrase first when one is set.
pub(super) fn guarded(s: &mut RecordsState, app: &mut Session, pending: Pending) {
    if app.store.has_trainer_passphrase().unwrap_or(false) {
        s.prompt = Some(Prompt::Guard(TextField::default(), pending));
    } else {
        run_pending(s, app, pending);
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
        Prompt::Unit(field) => match action {
            Action::Input(c) => field.insert(c),
            Action::Backspace => field.backspace(),
            Action::Enter => {
                let wanted = field.value().trim().to_string();
                s.prompt = None;
                filter_unit(s, app, &wanted);
            }
            Action::Back => s.prompt = None,
            _ => {}
        },
        Prompt::Dates(field, which) => match action {
            Action::Input(c) => field.insert(c),
            Action::Backspace => field.backspace(),
            Action::Enter => {
                let (text, which) = (field.value().to_string(), *which);
                s.prompt = None;
                filter_dates(s, app, &text, which);
            }
            Action::Back => s.prompt = None,
            _ => {}
        },
        Prompt::Push(_) => push::update(s, app, action),
        Prompt::ConfirmDelete => match action {
            Action::Confirm => {
                s.prompt = None;
                person::delete(s, app);
            }
            Action::Deny | Action::Back => s.prompt = None,
            _ => {}
        },
    }
}

/// Show one unit (and those under it): by code, else by a part of its name matching one unit.
fn filter_unit(s: &mut RecordsState, app: &mut Session, wanted: &str) {
    if wanted.is_empty() {
        s.filter.unit_id = None;
        s.unit_name = None;
        reload(app, s);
        return;
    }
    let units = app.read(app.store.units());
    let key = crate::domain::text::fold(wanted);
    let by_code = units
        .iter()
        .find(|u| crate::domain::text::fold(&u.code) == key);
    let by_name: Vec<_> = units
        .iter()
        .filter(|u| crate::domain::text::fold(&u.name).contains(&key))
        .collect();
    let found = by_code.or(if by_name.len() == 1 {
        Some(by_name[0])
    } else {
        None
    });
    match found {
        Some(u) => {
            s.filter.unit_id = Some(u.id.clone());
            s.unit_name = Some(u.name.clone());
            reload(app, s);
        }
        None => app.error(
            &Msg::new("records-unit-not-found")
                .arg("unit", wanted)
                .arg("count", by_name.len()),
        ),
    }
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
                app.error(&Msg::new("records-bad-date").arg("value", *p));
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

/// Import a units file or a roster (CSV or XLSX), or merge a records bundle (.json).
fn import_file(s: &mut RecordsState, app: &mut Session, path: &str) {
    let path = std::path::PathBuf::from(path.trim());
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let outcome: Result<Msg, Msg> = if is_json {
        crate::service::bundles::merge_file(
            &mut app.store,
            &path,
            crate::service::bundles::MergeOptions {
                unsigned: false,
                pack: Some(&app.pack),
                accept_new_key: false,
            },
        )
        .map(|m| match m.summary.held.len() {
            0 => Msg::new("records-merged").arg("file", path.display()),
            held => Msg::new("records-merged-held")
                .arg("file", path.display())
                .arg("count", held),
        })
        .map_err(|r| {
            Msg::new("records-bad-bundle")
                .arg("file", path.display())
                .arg("line", r.line.unwrap_or(0))
                .arg("col", r.column.unwrap_or(0))
                .arg("detail", app.i18n.msg(&r.msg))
        })
    } else {
        // A roster has a name column; without one, try it as a units file.
        match crate::io::roster::read_people(&path) {
            Ok(rows) => app.store.import_people(&rows).map_err(|e| e.msg()),
            Err(crate::io::roster::ReadError::MissingColumn { .. }) => {
                crate::io::roster::read_units(&path)
                    .map_err(|e| e.msg())
                    .and_then(|rows| app.store.import_units(&rows).map_err(|e| e.msg()))
            }
            Err(e) => Err(e.msg()),
        }
        .map(|r| {
            Msg::new("records-imported")
                .arg("added", r.added)
                .arg("updated", r.updated)
                .arg("unchanged", r.unchanged)
                .arg("refused", r.bad.len())
        })
    };
    let _ = app.store.log_action("import", &path.display().to_string());
    match outcome {
        Ok(m) => app.info(&m),
        Err(m) => app.error(&m),
    }
    reload(app, s);
}

// ---- drawing ----

pub(super) fn view(app: &Session, s: &RecordsState, frame: &mut Frame, area: Rect) {
    let Some(prompt) = &s.prompt else { return };
    let (title, body) = match prompt {
        Prompt::Push(form) => return push::view(app, form, frame, area),
        Prompt::Guard(secret, _) => (
            app.t("trainer-guard-title"),
            format!(
                "{} {}▏",
                app.t("trainer-ask"),
                "•".repeat(secret.value().chars().count())
            ),
        ),
        Prompt::Path(field) => (app.t("records-import-title"), field.with_cursor_mark('▏')),
        Prompt::Unit(field) => (app.t("records-unit-title"), field.with_cursor_mark('▏')),
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
                .title(format!(" {title} ")),
        ),
        popup,
    );
}

//! What opens over an assessment: the finalize confirmation (listing what is unanswered), the
//! trainer's passphrase, and the reason for reopening a finalized year.

/// How many unanswered criteria the finalize confirmation names before "…and K more".
const FINALIZE_LISTED: usize = 5;

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::{Modal, WorkState};
use crate::domain::assessment::display;
use crate::domain::content::Checklist;
use crate::domain::i18n::Msg;
use crate::service;
use crate::tui::action::Action;
use crate::tui::session::Session;
use crate::tui::widgets::TextField;
use crate::tui::wrap::wrap_plain;

/// Reopening is a trainer's action: behind the passphrase when one is set.
pub(super) fn ask_reopen(store: &crate::store::Store) -> Modal {
    // When it cannot be read, the passphrase is asked: the guard is never skipped on an error.
    if store.has_trainer_passphrase().unwrap_or(true) {
        Modal::Guard(TextField::default())
    } else {
        Modal::Reopen(TextField::default())
    }
}

/// Keys while a modal is open: it takes every key.
pub(super) fn update(w: &mut WorkState, app: &mut Session, action: Action) {
    let pid = app.person_id();
    let Some(modal) = &mut w.modal else {
        return;
    };
    match modal {
        Modal::ConfirmFinalize => match action {
            // The table sends Confirm for y and Enter, Deny for n and Esc.
            Action::Confirm => {
                w.modal = None;
                let Some(c) = service::assessment::checklist(&app.pack).cloned() else {
                    return;
                };
                let (unit, a) = (w.unit.clone(), w.assessment.clone());
                match service::assessment::finalize(&mut app.store, &c, &unit, &a, pid.as_deref()) {
                    Ok(_) => {
                        w.refresh(app);
                        app.info(&Msg::new("assess-finalized"));
                    }
                    Err(e) => app.error(&e.msg()),
                }
            }
            Action::Deny => w.modal = None,
            _ => {}
        },
        Modal::Guard(secret) => match action {
            Action::Input(ch) => secret.insert(ch),
            Action::Backspace => secret.backspace(),
            Action::Enter => {
                match app.store.check_trainer_passphrase(secret.value()) {
                    Ok(true) => {
                        w.modal = Some(Modal::Reopen(TextField::default()));
                    }
                    Ok(false) => {
                        secret.clear();
                        app.error(&Msg::new("trainer-wrong"));
                    }
                    // The database could not be read: say so, not "wrong passphrase".
                    Err(e) => app.error(&e.msg()),
                }
            }
            Action::Back => w.modal = None,
            _ => {}
        },
        Modal::Reopen(reason) => match action {
            Action::Input(ch) => reason.insert(ch),
            Action::Backspace => reason.backspace(),
            Action::Enter => {
                let text = reason.value().to_string();
                let id = w.assessment.id.clone();
                match app.store.reopen_assessment(&id, pid.as_deref(), &text) {
                    Ok(()) => {
                        w.modal = None;
                        w.refresh(app);
                        app.info(&Msg::new("assess-reopened"));
                    }
                    Err(e) => app.error(&e.msg()),
                }
            }
            Action::Back => w.modal = None,
            _ => {}
        },
    }
}

// ---- drawing ----

pub(super) fn view(
    app: &Session,
    w: &WorkState,
    c: &Checklist,
    m: &Modal,
    frame: &mut Frame,
    area: Rect,
) {
    let width = area.width.saturating_sub(8).min(70);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 3,
        width,
        height: area.height.saturating_sub(6).min(14),
    };
    frame.render_widget(Clear, popup);
    let inner_width = width.saturating_sub(4) as usize;
    let (title, mut lines) = match m {
        Modal::ConfirmFinalize => {
            let unanswered = w.score.unanswered;
            let mut lines = wrap_plain(
                &app.i18n.ta(
                    "assess-finalize-question",
                    &[
                        ("year", w.assessment.year.into()),
                        (
                            "score",
                            display(w.score.hundredths, app.lang().is_vi()).into(),
                        ),
                    ],
                ),
                inner_width,
                Style::default(),
                " ",
                " ",
            );
            if unanswered > 0 {
                lines.extend(wrap_plain(
                    &app.i18n
                        .ta("assess-unanswered-count", &[("count", unanswered.into())]),
                    inner_width,
                    Style::new().fg(Color::Yellow),
                    " ",
                    " ",
                ));
                let open: Vec<_> = c
                    .criteria()
                    .filter(|(_, cr)| cr.applies_to_kind(w.unit.kind.key()))
                    .filter(|(_, cr)| !w.answer(&cr.id).is_some_and(|a| a.answer.is_answered()))
                    .collect();
                for (t, cr) in open.iter().take(FINALIZE_LISTED) {
                    lines.push(Line::from(crate::domain::text::truncate(
                        &format!("  – {}. {}", t.number, cr.text.get(app.lang())),
                        inner_width,
                    )));
                }
                let more = open.len().saturating_sub(FINALIZE_LISTED);
                if more > 0 {
                    lines.push(Line::from(Span::styled(
                        format!(
                            "  {}",
                            app.i18n
                                .ta("assess-unanswered-more", &[("count", more.into())])
                        ),
                        Style::new().fg(Color::Gray),
                    )));
                }
            }
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!(" {}", app.t("assess-finalize-keys")),
                Style::new().fg(Color::Gray),
            )));
            (app.t("assess-finalize"), lines)
        }
        Modal::Guard(secret) => {
            let dots = "•".repeat(
                unicode_segmentation::UnicodeSegmentation::graphemes(secret.value(), true).count(),
            );
            let lines = vec![
                Line::from(format!(" {}", app.t("trainer-ask"))),
                Line::from(Span::styled(
                    format!(" {dots}▏"),
                    Style::new().bg(Color::DarkGray).fg(Color::White),
                )),
                Line::default(),
                Line::from(Span::styled(
                    format!(" {}", app.t("assess-reopen-keys")),
                    Style::new().fg(Color::Gray),
                )),
            ];
            (app.t("trainer-guard-title"), lines)
        }
        Modal::Reopen(reason) => {
            let mut lines = wrap_plain(
                &app.t("assess-reopen-why"),
                inner_width,
                Style::default(),
                " ",
                " ",
            );
            lines.push(Line::from(Span::styled(
                format!(" {}", reason.with_cursor_mark('▏')),
                Style::new().bg(Color::DarkGray).fg(Color::White),
            )));
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!(" {}", app.t("assess-reopen-keys")),
                Style::new().fg(Color::Gray),
            )));
            (app.t("assess-reopen"), lines)
        }
    };
    lines.truncate(popup.height.saturating_sub(2) as usize);
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

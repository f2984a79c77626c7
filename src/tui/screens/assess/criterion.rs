//! The criterion editor: one criterion with its answer, value, evidence text, files and note;
//! typed text is saved on the tick, on leaving a field and on leaving the criterion.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{applicable, CriterionEdit, Focus, WorkState, WorkView};
use crate::domain::assessment::record::{
    AssessmentStatus, CriterionAnswer, Edit, EvidenceFile, FileState,
};
use crate::domain::assessment::Answer;
use crate::domain::content::{Checklist, Criterion, CriterionKind};
use crate::domain::i18n::Msg;
use crate::domain::text::{width as text_width, EVIDENCE_LIMIT};
use crate::service;
use crate::tui::action::Action;
use crate::tui::session::Session;
use crate::tui::widgets::{ListCursor, TextField};
use crate::tui::wrap::wrap_plain;

/// A count or percentage: a few digits.
const VALUE_LIMIT: usize = 12;
/// A path to an evidence file (Linux's PATH_MAX).
const PATH_LIMIT: usize = 4_096;

fn criterion_files(
    app: &Session,
    w: &WorkState,
    criterion: &str,
) -> Vec<(EvidenceFile, FileState)> {
    // Only this criterion's files are looked at, through the session's cache of fingerprints.
    app.read(
        app.store
            .evidence_states_of(&w.assessment.id, criterion, |p| app.file_hashes.sha256(p)),
    )
}

/// The editor of criterion `index` of the task, filled with its saved answer.
pub(super) fn editor(
    app: &Session,
    w: &WorkState,
    criterion: &Criterion,
    index: usize,
) -> CriterionEdit {
    let a = w.answer(&criterion.id);
    let value = match a.map(|a| a.answer) {
        Some(Answer::Value(v)) => v.to_string(),
        _ => String::new(),
    };
    CriterionEdit {
        index,
        focus: Focus::Answer,
        value: TextField::with_value(&value).with_limit(VALUE_LIMIT),
        evidence: TextField::with_value(a.map(|a| a.evidence.as_str()).unwrap_or(""))
            .with_limit(EVIDENCE_LIMIT.max),
        note: TextField::with_value(a.map(|a| a.note.as_str()).unwrap_or("")),
        file: TextField::default().with_limit(PATH_LIMIT),
        dirty: false,
        value_dirty: false,
        files: criterion_files(app, w, &criterion.id),
    }
}

/// Save what was typed and not yet saved: the evidence and note, and a count or percentage typed in
/// the value field (so leaving the field, the criterion, the screen or the program, or the tick,
/// never drops it).
pub(super) fn save_text(w: &mut WorkState, app: &mut Session) {
    let pid = app.person_id();
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let WorkView::Criterion(e) = &mut w.view else {
        return;
    };
    if !(e.dirty || e.value_dirty) || w.assessment.status == AssessmentStatus::Final {
        return;
    }
    let Some((criterion, kind)) = applicable(c, w.task.selected(), &w.unit)
        .get(e.index)
        .map(|c| (c.id.clone(), c.kind))
    else {
        return;
    };
    let mut answer = None;
    if e.value_dirty {
        let typed = e.value.value().trim();
        match typed.parse::<u32>() {
            Ok(v) if kind == CriterionKind::Percent => answer = Some(Answer::Value(v.min(100))),
            Ok(v) => answer = Some(Answer::Value(v)),
            // An emptied field keeps the saved answer; nothing to save.
            Err(_) if typed.is_empty() => e.value_dirty = false,
            Err(_) => {
                e.value_dirty = false;
                app.info(&Msg::new("assess-type-number"));
            }
        }
    }
    let edit = Edit {
        answer,
        evidence: e.dirty.then(|| e.evidence.value().to_string()),
        note: e.dirty.then(|| e.note.value().to_string()),
    };
    if edit.answer.is_none() && edit.evidence.is_none() && edit.note.is_none() {
        return;
    }
    match app
        .store
        .edit_criterion(&w.assessment.id, &criterion, &edit, pid.as_deref())
    {
        Ok(()) => {
            e.dirty = false;
            e.value_dirty = false;
            w.refresh(app);
        }
        Err(err) => app.error(&err.msg()),
    }
}

fn set_answer(w: &mut WorkState, app: &mut Session, answer: Answer) {
    let pid = app.person_id();
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let WorkView::Criterion(e) = &w.view else {
        return;
    };
    let Some(criterion) = applicable(c, w.task.selected(), &w.unit)
        .get(e.index)
        .map(|c| c.id.clone())
    else {
        return;
    };
    let id = w.assessment.id.clone();
    let edit = Edit {
        answer: Some(answer),
        ..Default::default()
    };
    match app
        .store
        .edit_criterion(&id, &criterion, &edit, pid.as_deref())
    {
        Ok(()) => w.refresh(app),
        Err(err) => app.error(&err.msg()),
    }
}

/// Save what was typed, then open the next (or previous) criterion, across tasks.
fn move_criterion(w: &mut WorkState, app: &mut Session, forward: bool) {
    save_text(w, app);
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let WorkView::Criterion(e) = &w.view else {
        return;
    };
    let count = applicable(c, w.task.selected(), &w.unit).len();
    let (mut task, mut index) = (w.task.selected(), e.index);
    if forward {
        if index + 1 < count {
            index += 1;
        } else if task + 1 < c.tasks.len() {
            task += 1;
            index = 0;
        }
    } else if index > 0 {
        index -= 1;
    } else if task > 0 {
        task -= 1;
        index = applicable(c, task, &w.unit).len().saturating_sub(1);
    }
    w.task = ListCursor::at(task);
    if let Some(criterion) = applicable(c, task, &w.unit).get(index).copied() {
        let ed = editor(app, w, criterion, index);
        w.view = WorkView::Criterion(Box::new(ed));
    }
}

/// Keys on the criterion editor (no modal open).
pub(super) fn update(w: &mut WorkState, app: &mut Session, action: Action) {
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let WorkView::Criterion(e) = &mut w.view else {
        return;
    };
    let Some(criterion) = applicable(c, w.task.selected(), &w.unit)
        .get(e.index)
        .copied()
        .cloned()
    else {
        return;
    };
    let locked = w.assessment.status == AssessmentStatus::Final;
    let fields: Vec<Focus> = if criterion.kind == CriterionKind::YesNo {
        vec![Focus::Answer, Focus::Evidence, Focus::File, Focus::Note]
    } else {
        vec![
            Focus::Answer,
            Focus::Value,
            Focus::Evidence,
            Focus::File,
            Focus::Note,
        ]
    };
    let at = fields.iter().position(|f| *f == e.focus).unwrap_or(0);
    if locked {
        // A finalized year is read, not edited (`keymap::ASSESS_LOCKED`): an answer key says
        // why nothing changes, and how to reopen.
        match action {
            Action::PageDown => move_criterion(w, app, true),
            Action::PageUp => move_criterion(w, app, false),
            Action::Back => w.view = WorkView::Tasks,
            Action::Pick(0..=3) => {
                let key =
                    crate::tui::keymap::key_label(crate::tui::keymap::ASSESS_TASKS, Action::Reopen)
                        .unwrap_or("");
                app.error(
                    &Msg::new("assess-locked-criterion")
                        .arg("year", w.assessment.year)
                        .arg("key", key),
                );
            }
            _ => {}
        }
        return;
    }
    match action {
        Action::NextField | Action::PrevField => {
            let next = if action == Action::NextField {
                (at + 1) % fields.len()
            } else {
                (at + fields.len() - 1) % fields.len()
            };
            e.focus = fields[next];
            save_text(w, app);
        }
        Action::PageDown => move_criterion(w, app, true),
        Action::PageUp => move_criterion(w, app, false),
        Action::Back => {
            save_text(w, app);
            w.view = WorkView::Tasks;
        }
        Action::Pick(n) if e.focus == Focus::Answer => {
            // A count or percentage is typed in its value field: its table has only `x`.
            let answer = match (criterion.kind, n) {
                (CriterionKind::YesNo, 0) => Some(Answer::Yes),
                (CriterionKind::YesNo, 1) => Some(Answer::Partly),
                (CriterionKind::YesNo, 2) => Some(Answer::No),
                (_, 3) => Some(Answer::NotApplicable),
                _ => None,
            };
            if let Some(a) = answer {
                set_answer(w, app, a);
            }
        }
        Action::Enter if e.focus == Focus::Answer => {
            // Confirms an answer copied from last year.
            let current = w
                .answer(&criterion.id)
                .map(|a| a.answer)
                .unwrap_or(Answer::Unanswered);
            if current.is_answered() {
                set_answer(w, app, current);
            }
        }
        Action::Enter => enter(w, app, &criterion),
        _ => type_into(e, action),
    }
}

/// Enter in a field: a new line in the evidence, the value saved, a file attached, the note saved.
fn enter(w: &mut WorkState, app: &mut Session, criterion: &Criterion) {
    let pid = app.person_id();
    let WorkView::Criterion(e) = &mut w.view else {
        return;
    };
    match e.focus {
        Focus::Evidence => {
            e.evidence.insert_newline();
            e.dirty = true;
        }
        Focus::Value => {
            if e.value.value().trim().is_empty() {
                app.info(&Msg::new("assess-type-number"));
            } else {
                e.value_dirty = true;
                save_text(w, app);
            }
        }
        Focus::File => {
            let path = std::path::PathBuf::from(e.file.value().trim());
            let id = w.assessment.id.clone();
            match app.store.attach_evidence(
                &id,
                &criterion.id,
                &path,
                pid.as_deref(),
                crate::io::file::sha256_file,
            ) {
                Ok(_) => {
                    let files = criterion_files(app, w, &criterion.id);
                    if let WorkView::Criterion(e) = &mut w.view {
                        e.file.clear();
                        e.files = files;
                    }
                    app.info(&Msg::new("assess-file-attached").arg("path", path.display()));
                }
                Err(err) => app.error(&err.msg()),
            }
        }
        Focus::Note => save_text(w, app),
        Focus::Answer => {}
    }
}

/// Typing in the focused field (only digits in a value); the evidence and note become unsaved.
fn type_into(e: &mut CriterionEdit, action: Action) {
    match action {
        Action::Input(ch) => match e.focus {
            Focus::Value if ch.is_ascii_digit() => {
                e.value.insert(ch);
                e.value_dirty = true;
            }
            Focus::Value => {}
            Focus::Evidence => {
                e.evidence.insert(ch);
                e.dirty = true;
            }
            Focus::Note => {
                e.note.insert(ch);
                e.dirty = true;
            }
            Focus::File => e.file.insert(ch),
            Focus::Answer => {}
        },
        Action::Backspace => match e.focus {
            Focus::Value => {
                e.value.backspace();
                e.value_dirty = true;
            }
            Focus::Evidence => {
                e.evidence.backspace();
                e.dirty = true;
            }
            Focus::Note => {
                e.note.backspace();
                e.dirty = true;
            }
            Focus::File => e.file.backspace(),
            Focus::Answer => {}
        },
        Action::PasteNewline if e.focus == Focus::Evidence => {
            e.evidence.insert_newline();
            e.dirty = true;
        }
        Action::Left if e.focus != Focus::Answer => match e.focus {
            Focus::Value => e.value.left(),
            Focus::Evidence => e.evidence.left(),
            Focus::Note => e.note.left(),
            Focus::File => e.file.left(),
            Focus::Answer => {}
        },
        Action::Right if e.focus != Focus::Answer => match e.focus {
            Focus::Value => e.value.right(),
            Focus::Evidence => e.evidence.right(),
            Focus::Note => e.note.right(),
            Focus::File => e.file.right(),
            Focus::Answer => {}
        },
        _ => {}
    }
}

// ---- drawing ----

fn answer_text(app: &Session, criterion: &Criterion, a: Option<&CriterionAnswer>) -> String {
    let vi = app.lang().is_vi();
    match a.map(|a| a.answer).unwrap_or(Answer::Unanswered) {
        Answer::Unanswered => app.t("assess-unanswered"),
        Answer::Yes => app.t("assess-yes"),
        Answer::Partly => app.t("assess-partly"),
        Answer::No => app.t("assess-no"),
        Answer::NotApplicable => app.t("assess-na"),
        Answer::Value(v) => {
            let unit = if criterion.kind == CriterionKind::Percent {
                "%"
            } else {
                ""
            };
            let _ = vi;
            app.i18n.ta(
                "assess-value-target",
                &[
                    ("value", format!("{v}{unit}").into()),
                    (
                        "target",
                        format!("{}{unit}", criterion.target.unwrap_or(0)).into(),
                    ),
                ],
            )
        }
    }
}

pub(super) fn view(
    app: &Session,
    w: &WorkState,
    c: &Checklist,
    e: &CriterionEdit,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = app.lang();
    let crits = applicable(c, w.task.selected(), &w.unit);
    let Some(criterion) = crits.get(e.index).copied() else {
        return;
    };
    let task = &c.tasks[w.task.selected()];
    let width = area.width.saturating_sub(2) as usize;
    let answer = w.answer(&criterion.id);
    let label = |f: Focus, id: &str| {
        let style = if e.focus == f {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::Cyan)
        };
        Span::styled(format!(" {}: ", app.t(id)), style)
    };
    let mut lines: Vec<Line> = vec![Line::from(Span::styled(
        format!(
            " {} {} · {} {}/{}{}",
            app.t("assess-task"),
            task.number,
            app.t("assess-criterion"),
            e.index + 1,
            crits.len(),
            if criterion.critical {
                format!(" · {}", app.t("assess-critical"))
            } else {
                String::new()
            }
        ),
        Style::new().fg(Color::Gray),
    ))];
    lines.extend(wrap_plain(
        criterion.text.get(lang),
        width,
        Style::new().add_modifier(Modifier::BOLD),
        " ",
        " ",
    ));
    lines.extend(wrap_plain(
        &format!("“{}”", criterion.clause.get(lang)),
        width,
        Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
        "   ",
        "   ",
    ));
    lines.extend(wrap_plain(
        &format!(
            "{}: {}",
            app.t("assess-evidence-hint"),
            criterion.evidence.get(lang)
        ),
        width,
        Style::new().fg(Color::Gray),
        " ",
        " ",
    ));
    let mut answer_spans = vec![
        label(Focus::Answer, "assess-answer"),
        Span::styled(
            answer_text(app, criterion, answer),
            Style::new().add_modifier(Modifier::BOLD),
        ),
    ];
    if answer.is_some_and(|a| a.from_last_year) {
        answer_spans.push(Span::styled(
            format!("  ({})", app.t("assess-from-last-year")),
            Style::new().fg(Color::Yellow),
        ));
    }
    // Where each field's lines are, so the focused one (and its cursor) can be scrolled to.
    let mut spans_of: Vec<(Focus, (usize, usize))> = Vec::new();
    let answer_at = lines.len();
    lines.push(Line::from(answer_spans));
    spans_of.push((Focus::Answer, (answer_at, lines.len())));
    // A field on its label's line when it fits there, else wrapped on the lines below it.
    let field = |lines: &mut Vec<Line<'static>>, f: Focus, id: &str, text: &str| {
        let head = label(f, id);
        if text_width(&head.content) + text_width(text) <= area.width as usize {
            lines.push(Line::from(vec![head, Span::raw(text.to_string())]));
        } else {
            lines.push(Line::from(head));
            for para in text.split('\n') {
                lines.extend(wrap_plain(
                    para,
                    width.saturating_sub(2),
                    Style::default(),
                    "   ",
                    "   ",
                ));
            }
        }
    };
    if criterion.kind != CriterionKind::YesNo {
        let shown = if e.focus == Focus::Value {
            e.value.with_cursor_mark('▏')
        } else {
            e.value.value().to_string()
        };
        let at = lines.len();
        field(&mut lines, Focus::Value, "assess-value", &shown);
        spans_of.push((Focus::Value, (at, lines.len())));
    }
    let at = lines.len();
    lines.push(Line::from(label(Focus::Evidence, "assess-evidence")));
    let evidence = if e.focus == Focus::Evidence {
        e.evidence.with_cursor_mark('▏')
    } else {
        e.evidence.value().to_string()
    };
    for para in evidence.split('\n') {
        lines.extend(wrap_plain(
            para,
            width.saturating_sub(2),
            Style::default(),
            "   ",
            "   ",
        ));
    }
    spans_of.push((Focus::Evidence, (at, lines.len())));
    let files = &e.files;
    let shown_file = if e.focus == Focus::File {
        e.file.with_cursor_mark('▏')
    } else {
        e.file.value().to_string()
    };
    let at = lines.len();
    field(&mut lines, Focus::File, "assess-files", &shown_file);
    for (f, state) in files.iter().filter(|(f, _)| f.criterion_id == criterion.id) {
        let (mark, color) = match state {
            FileState::Unchanged => ("✓", Color::Green),
            FileState::Changed => ("!", Color::Red),
            FileState::Missing => ("?", Color::Red),
        };
        let note = match state {
            FileState::Unchanged => String::new(),
            FileState::Changed => format!(" ({})", app.t("assess-file-changed")),
            FileState::Missing => format!(" ({})", app.t("assess-file-missing")),
        };
        lines.push(Line::from(Span::styled(
            crate::domain::text::truncate(&format!("   {mark} {}{note}", f.path), width),
            Style::new().fg(color),
        )));
    }
    spans_of.push((Focus::File, (at, lines.len())));
    let note = if e.focus == Focus::Note {
        e.note.with_cursor_mark('▏')
    } else {
        e.note.value().to_string()
    };
    let at = lines.len();
    field(&mut lines, Focus::Note, "assess-note", &note);
    if let Some(a) = answer {
        lines.push(Line::from(Span::styled(
            format!(
                " {}",
                app.i18n.ta(
                    "assess-changed-at",
                    &[(
                        "at",
                        crate::domain::present::local_time(&a.changed_at).into()
                    )]
                )
            ),
            Style::new().fg(Color::DarkGray),
        )));
    }
    spans_of.push((Focus::Note, (at, lines.len())));
    let (from, to) = spans_of
        .iter()
        .find(|(f, _)| *f == e.focus)
        .map_or((0, 0), |(_, at)| *at);
    let cursor_line = (from..to).find(|&i| lines[i].spans.iter().any(|s| s.content.contains('▏')));
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll_to(from, to, cursor_line, area.height), 0)),
        area,
    );
}

/// The first line to show so that lines `from..to` (the focused field) are on screen in a box
/// `height` rows tall, and at least the line with the cursor when the field is taller than that.
fn scroll_to(from: usize, to: usize, cursor: Option<usize>, height: u16) -> u16 {
    let top = to
        .saturating_sub(usize::from(height))
        .min(cursor.unwrap_or(from));
    u16::try_from(top).unwrap_or(u16::MAX)
}

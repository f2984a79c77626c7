//! One assessment being worked: its tasks with progress and scores, the summary with last year's
//! comparison, and the keys that finalize, reopen and export it.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, List, ListItem, Paragraph};
use ratatui::Frame;

use super::{
    applicable, band_label, criterion, modal, note_text, rule_label, shown_score, Modal, WorkState,
    WorkView,
};
use crate::domain::assessment::display;
use crate::domain::assessment::record::{Assessment, CriterionAnswer};
use crate::domain::content::{Checklist, Criterion};
use crate::domain::i18n::Msg;
use crate::domain::people::Unit;
use crate::service;
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::ListCursor;
use crate::tui::wrap::wrap_plain;

impl WorkState {
    /// One assessment on its tasks, with its score and last year's; None without a checklist.
    pub fn open(app: &Session, unit: Unit, assessment: Assessment) -> Option<WorkState> {
        let c = service::assessment::checklist(&app.pack)?;
        let answers = app.read(app.store.criterion_answers(&assessment.id));
        let shown =
            |a: &Assessment, answers: &[CriterionAnswer]| shown_score(app, c, &unit, a, answers);
        let score = shown(&assessment, &answers);
        let note = service::assessment::score_note(c, &assessment, &score);
        let previous = app
            .read(
                app.store
                    .assessment_for(&unit.id, assessment.year - 1, &c.id),
            )
            .map(|p| shown(&p, &app.read(app.store.criterion_answers(&p.id))));
        Some(WorkState {
            unit,
            assessment,
            answers,
            score,
            note,
            previous,
            view: WorkView::Tasks,
            task: ListCursor::default(),
            modal: None,
        })
    }
}

/// Write this year's report (HTML and Markdown) to new files in `reports/`.
fn export(w: &WorkState, app: &mut Session) {
    let (unit, year) = (w.unit.clone(), w.assessment.year);
    let result = (|| -> Result<std::path::PathBuf, String> {
        let data = service::assessment::report_data(&app.store, &app.pack, &unit, year)
            .map_err(|e| app.i18n.msg(&e.msg()))?;
        let stem = format!("bao-cao-tu-danh-gia-{}-{year}", unit.code);
        // A new pair of files each time: an earlier report is never overwritten.
        let paths = crate::io::report::new_report_paths(app.store.path(), &stem, &["html", "md"])
            .map_err(|e| app.i18n.msg(&e.msg()))?;
        let place =
            crate::io::report::place_from_unit_name(&unit.name).unwrap_or_else(|| "……".into());
        let write = |path: &std::path::Path, text: String| {
            crate::io::file::write_new(path, text.as_bytes()).map_err(|e| app.i18n.msg(&e.msg()))
        };
        write(&paths[0], crate::io::report::html(&data, &app.i18n, &place))?;
        write(&paths[1], crate::io::report::markdown(&data, &app.i18n))?;
        Ok(paths[0].clone())
    })();
    match result {
        Ok(path) => app.info(&Msg::new("assess-exported").arg("path", path.display())),
        Err(detail) => app.error(&Msg::new("assess-export-failed").arg("detail", detail)),
    }
}

pub fn update(w: &mut WorkState, app: &mut Session, action: Action) -> Nav {
    if action == Action::Tick {
        criterion::save_text(w, app);
        return Nav::Stay;
    }
    if w.modal.is_some() {
        modal::update(w, app, action);
        return Nav::Stay;
    }
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return Nav::Stay;
    };
    match &mut w.view {
        WorkView::Tasks => match action {
            _ if w.task.navigate(action, c.tasks.len()) => {}
            Action::Enter => {
                if let Some(first) = applicable(c, w.task.selected(), &w.unit).first().copied() {
                    let ed = criterion::editor(app, w, first, 0);
                    w.view = super::WorkView::Criterion(Box::new(ed));
                }
            }
            Action::Summary => w.view = WorkView::Summary { scroll: 0 },
            Action::Finalize if !w.is_final() => w.modal = Some(Modal::ConfirmFinalize),
            Action::Reopen if w.is_final() => w.modal = Some(modal::ask_reopen(&app.store)),
            Action::Finalize | Action::Reopen => not_now(w, app, action),
            Action::Export => export(w, app),
            Action::Back => {
                return Nav::AssessYears {
                    unit: w.unit.clone(),
                    year: w.assessment.year,
                }
            }
            _ => {}
        },
        WorkView::Summary { scroll } => match action {
            Action::Down | Action::ScrollDown => *scroll = scroll.saturating_add(1),
            Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
            Action::Finalize if !w.is_final() => w.modal = Some(Modal::ConfirmFinalize),
            Action::Reopen if w.is_final() => w.modal = Some(modal::ask_reopen(&app.store)),
            Action::Finalize | Action::Reopen => not_now(w, app, action),
            Action::Export => export(w, app),
            Action::Back => w.view = WorkView::Tasks,
            _ => {}
        },
        WorkView::Criterion(_) => criterion::update(w, app, action),
    }
    Nav::Stay
}

/// `f` on a finalized year, `o` on a draft: say why nothing happens, and which key does.
fn not_now(w: &WorkState, app: &mut Session, action: Action) {
    let year = w.assessment.year;
    let (id, key) = if action == Action::Finalize {
        ("assess-already-final", Action::Reopen)
    } else {
        ("assess-not-final", Action::Finalize)
    };
    let key = crate::tui::keymap::key_label(crate::tui::keymap::ASSESS_TASKS, key).unwrap_or("");
    app.info(&Msg::new(id).arg("year", year).arg("key", key));
}

/// Make sure nothing typed is lost when the app quits on this screen.
pub fn before_quit(w: &mut WorkState, app: &mut Session) {
    criterion::save_text(w, app);
}

// ---- drawing ----

fn title_line(app: &Session, w: &WorkState, c: &Checklist) -> String {
    let vi = app.lang().is_vi();
    let status = app.t(if w.is_final() {
        "assess-status-final"
    } else {
        "assess-status-draft"
    });
    format!(
        "{} {} · {} · {} · {}",
        app.t("home-assessment"),
        w.assessment.year,
        display(w.score.hundredths, vi),
        band_label(app, c, w.score.band.as_deref()),
        status
    )
}

pub fn view(app: &Session, w: &WorkState, frame: &mut Frame, area: Rect) {
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        crate::tui::widgets::title(&title_line(app, w, c), area.width, 0),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match &w.view {
        WorkView::Tasks => view_tasks(app, w, c, frame, inner),
        WorkView::Criterion(e) => criterion::view(app, w, c, e, frame, inner),
        WorkView::Summary { scroll } => view_summary(app, w, c, *scroll, frame, inner),
    }
    if let Some(m) = &w.modal {
        modal::view(app, w, c, m, frame, area);
    }
}

fn view_tasks(app: &Session, w: &WorkState, c: &Checklist, frame: &mut Frame, area: Rect) {
    let vi = app.lang().is_vi();
    let width = area.width.saturating_sub(4) as usize;
    let items: Vec<ListItem> = c
        .tasks
        .iter()
        .zip(&w.score.tasks)
        .map(|(t, ts)| {
            let score = ts
                .percent_hundredths()
                .map(|h| display(h, vi))
                .unwrap_or_else(|| "—".into());
            let progress = format!("{}/{}", ts.answered, ts.applicable);
            let head = format!("{:>2}. ", t.number);
            let tail = format!("  {progress}  {score}");
            let title = crate::domain::text::truncate(
                t.title.get(app.lang()),
                width.saturating_sub(
                    crate::domain::text::width(&head) + crate::domain::text::width(&tail),
                ),
            );
            let pad = width.saturating_sub(
                crate::domain::text::width(&head)
                    + crate::domain::text::width(&title)
                    + crate::domain::text::width(&tail),
            );
            let done = ts.answered == ts.applicable;
            ListItem::new(Line::from(vec![
                Span::raw(head),
                Span::raw(title),
                Span::raw(" ".repeat(pad)),
                Span::styled(
                    tail,
                    Style::new().fg(if done { Color::Green } else { Color::Gray }),
                ),
            ]))
        })
        .collect();
    let list = List::new(items)
        .highlight_style(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD))
        .highlight_symbol("▶ ");
    let mut state = w.task.list_state();
    frame.render_stateful_widget(list, area, &mut state);
}

fn view_summary(
    app: &Session,
    w: &WorkState,
    c: &Checklist,
    scroll: u16,
    frame: &mut Frame,
    area: Rect,
) {
    let vi = app.lang().is_vi();
    let [chart_area, rest] =
        Layout::vertical([Constraint::Length(8), Constraint::Min(3)]).areas(area);
    let bars: Vec<Bar> = w
        .score
        .tasks
        .iter()
        .map(|ts| {
            let h = ts.percent_hundredths().unwrap_or(0);
            Bar::default()
                .value(h / 100)
                .label(Line::from(format!("{}", ts.number)))
                .text_value(format!("{}", h / 100))
                .style(Style::new().fg(if h >= 7000 {
                    Color::Green
                } else if h >= 5000 {
                    Color::Yellow
                } else {
                    Color::Red
                }))
        })
        .collect();
    let bar_width = ((chart_area.width.saturating_sub(2) / 10).saturating_sub(1)).clamp(1, 6);
    frame.render_widget(
        BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::BOTTOM)
                    .title(crate::tui::widgets::title(
                        &app.t("assess-task-scores"),
                        chart_area.width,
                        0,
                    )),
            )
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1)
            .max(100),
        chart_area,
    );
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(format!(
        " {}",
        app.i18n.ta(
            "assess-rule",
            &[("rule", rule_label(app, w.score.rule).into())]
        )
    )));
    if let Some(note) = w.note {
        lines.extend(wrap_plain(
            &note_text(app, note),
            area.width.saturating_sub(2) as usize,
            Style::new().fg(Color::Yellow),
            " ",
            " ",
        ));
    }
    // Last year, task by task.
    match &w.previous {
        Some(prev) => {
            lines.push(Line::from(Span::styled(
                format!(
                    " {}: {} → {}",
                    app.i18n.ta(
                        "assess-compare",
                        &[("year", (w.assessment.year - 1).into())]
                    ),
                    display(prev.hundredths, vi),
                    display(w.score.hundredths, vi)
                ),
                Style::new().add_modifier(Modifier::BOLD),
            )));
            for (now, before) in w.score.tasks.iter().zip(&prev.tasks) {
                let (a, b) = (now.percent_hundredths(), before.percent_hundredths());
                let (arrow, color) = match (a, b) {
                    (Some(x), Some(y)) if x > y => ("▲", Color::Green),
                    (Some(x), Some(y)) if x < y => ("▼", Color::Red),
                    _ => ("=", Color::Gray),
                };
                let f = |v: Option<u64>| v.map(|h| display(h, vi)).unwrap_or_else(|| "—".into());
                let title = c
                    .tasks
                    .iter()
                    .find(|t| t.number == now.number)
                    .map(|t| t.title.get(app.lang()))
                    .unwrap_or("");
                lines.push(Line::from(vec![
                    Span::styled(format!("  {arrow} "), Style::new().fg(color)),
                    Span::raw(format!(
                        "{:>2}. {:>6} → {:<6} {}",
                        now.number,
                        f(b),
                        f(a),
                        crate::domain::text::truncate(
                            title,
                            area.width.saturating_sub(30) as usize
                        )
                    )),
                ]));
            }
        }
        None => lines.push(Line::from(format!(" {}", app.t("assess-no-previous")))),
    }
    lines.push(Line::default());
    let unanswered: Vec<(u8, &Criterion)> = c
        .criteria()
        .filter(|(_, cr)| cr.applies_to_kind(w.unit.kind.key()))
        .filter(|(_, cr)| !w.answer(&cr.id).is_some_and(|a| a.answer.is_answered()))
        .map(|(t, cr)| (t.number, cr))
        .collect();
    lines.push(Line::from(Span::styled(
        format!(
            " {}",
            app.i18n.ta(
                "assess-unanswered-count",
                &[("count", unanswered.len().into())]
            )
        ),
        Style::new().add_modifier(Modifier::BOLD),
    )));
    for (n, cr) in unanswered {
        lines.extend(wrap_plain(
            &format!("{n}. {}", cr.text.get(app.lang())),
            area.width.saturating_sub(2) as usize,
            Style::new().fg(Color::Gray),
            "  – ",
            "    ",
        ));
    }
    if !w.score.failed_critical.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(" {}", app.t("assess-critical-failed")),
            Style::new().fg(Color::Red),
        )));
    }
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), rest);
}

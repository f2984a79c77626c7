//! The trainer's records: a table of people with their completion of each course, read from the
//! store a page at a time; per-unit rates; a person's attempts and answers; granting an attempt.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, List, ListItem, ListState, Paragraph, Row, Table, TableState,
};
use ratatui::Frame;

use crate::domain::attempt::{Attempt, StoredAnswer};
use crate::domain::i18n::Msg;
use crate::store::records::{
    CourseRecord, CourseStatusFilter, PersonRecord, RecordFilter, RecordSort, UnitRate,
};
use crate::tui::app::{Action, App, Screen};
use crate::tui::layout;
use crate::tui::widgets::TextField;

pub enum RecordsView {
    Table,
    Rates(Vec<UnitRate>),
    Person(Box<PersonDetail>),
}

pub struct PersonDetail {
    pub record: PersonRecord,
    pub attempts: Vec<Attempt>,
    pub selected: usize,
    pub answers: Vec<StoredAnswer>,
}

pub struct RecordsState {
    pub filter: RecordFilter,
    pub sort: RecordSort,
    /// The rows on screen, and their courses.
    pub rows: Vec<PersonRecord>,
    pub courses: Vec<CourseRecord>,
    pub selected: usize,
    pub total: u64,
    /// Index of the first row on screen in the whole list (for "41–60 of 100 000").
    pub offset: u64,
    pub view: RecordsView,
    /// How many rows the store returned for the last page (a test checks it stays small).
    pub fetched: usize,
    /// A CSV export running in the background.
    pub job: Option<ExportJob>,
    /// A passphrase, a path or a confirmation being asked.
    pub prompt: Option<Prompt>,
    /// The name of the unit the filter shows (kept here so drawing reads nothing).
    pub unit_name: Option<String>,
    /// Each unit's kind, read once, to tell which courses are required of whom.
    pub unit_kinds: std::collections::HashMap<String, &'static str>,
}

/// Rows that fit on screen for a terminal of `size`.
pub fn visible_rows(size: (u16, u16)) -> usize {
    let body = layout::areas(Rect::new(0, 0, size.0, size.1)).body;
    // Borders, the table's header and the filter line.
    body.height.saturating_sub(4).max(1) as usize
}

fn load_page(
    store: &crate::store::Store,
    size: (u16, u16),
    s: &mut RecordsState,
    key: Option<Vec<rusqlite::types::Value>>,
    backwards: bool,
) {
    let n = visible_rows(size);
    match store.records_page(&s.filter, s.sort, key.as_deref(), backwards, n) {
        Ok(rows) if rows.is_empty() && key.is_some() => {} // at an end: stay
        Ok(rows) => {
            s.fetched = rows.len();
            if key.is_some() {
                if backwards {
                    s.offset = s.offset.saturating_sub(rows.len() as u64);
                } else {
                    s.offset += s.rows.len() as u64;
                }
            } else {
                s.offset = 0;
            }
            let ids: Vec<&str> = rows.iter().map(|r| r.person_id.as_str()).collect();
            s.courses = store.course_records(&ids).unwrap_or_default();
            s.rows = rows;
            s.selected = s.selected.min(s.rows.len().saturating_sub(1));
        }
        Err(_) => {}
    }
}

pub fn open(app: &mut App) {
    let mut s = RecordsState {
        filter: RecordFilter::default(),
        sort: RecordSort::Name,
        rows: Vec::new(),
        courses: Vec::new(),
        selected: 0,
        total: 0,
        offset: 0,
        view: RecordsView::Table,
        fetched: 0,
        job: None,
        prompt: None,
        unit_name: None,
        unit_kinds: app
            .store
            .units()
            .unwrap_or_default()
            .into_iter()
            .map(|u| (u.id, u.kind.key()))
            .collect(),
    };
    reload(&app.store, app.size, &mut s);
    app.screen = Screen::Records(Box::new(s));
}

/// After a change of filter or sort: count once, and read the first page.
fn reload(store: &crate::store::Store, size: (u16, u16), s: &mut RecordsState) {
    s.total = store.records_count(&s.filter).unwrap_or(0);
    s.selected = 0;
    s.rows.clear();
    load_page(store, size, s, None, false);
}

fn next_status(s: Option<CourseStatusFilter>) -> Option<CourseStatusFilter> {
    match s {
        None => Some(CourseStatusFilter::Completed),
        Some(CourseStatusFilter::Completed) => Some(CourseStatusFilter::InProgress),
        Some(CourseStatusFilter::InProgress) => Some(CourseStatusFilter::NotStarted),
        Some(CourseStatusFilter::NotStarted) => None,
    }
}

fn open_person(app: &App, record: PersonRecord) -> PersonDetail {
    let attempts: Vec<Attempt> = app
        .pack
        .quizzes
        .iter()
        .flat_map(|q| {
            app.store
                .attempts(&record.person_id, &q.id)
                .unwrap_or_default()
        })
        .collect();
    let answers = attempts
        .first()
        .map(|a| app.store.answers(&a.id).unwrap_or_default())
        .unwrap_or_default();
    PersonDetail {
        record,
        attempts,
        selected: 0,
        answers,
    }
}

fn grant(app: &mut App) {
    let Screen::Records(s) = &mut app.screen else {
        return;
    };
    let RecordsView::Person(d) = &mut s.view else {
        return;
    };
    let Some(a) = d.attempts.get(d.selected) else {
        return;
    };
    let (person, quiz) = (d.record.person_id.clone(), a.quiz_id.clone());
    match app.store.grant_attempt(&person, &quiz) {
        Ok(n) => app.info(
            &Msg::new("records-granted")
                .arg("quiz", quiz)
                .arg("extra", n),
        ),
        Err(e) => app.error(&e.msg()),
    }
}

pub fn focus_is_text(s: &RecordsState) -> bool {
    matches!(
        s.prompt,
        Some(Prompt::Guard(..) | Prompt::Path(_) | Prompt::Unit(_) | Prompt::Dates(..))
    )
}

pub fn update(app: &mut App, action: Action) {
    if action == Action::Tick {
        poll_export(app);
        return;
    }
    if update_prompt(app, action) {
        return;
    }
    let Screen::Records(s) = &mut app.screen else {
        return;
    };
    match &mut s.view {
        RecordsView::Person(d) => {
            match action {
                Action::Up | Action::Down => {
                    d.selected = if action == Action::Up {
                        d.selected.saturating_sub(1)
                    } else {
                        (d.selected + 1).min(d.attempts.len().saturating_sub(1))
                    };
                    d.answers = d
                        .attempts
                        .get(d.selected)
                        .map(|a| app.store.answers(&a.id).unwrap_or_default())
                        .unwrap_or_default();
                }
                Action::Grant if !d.attempts.is_empty() => guarded(app, Pending::Grant),
                Action::Delete => guarded(app, Pending::Delete),
                Action::Certificate => {
                    // Every course this person completed.
                    let pid = d.record.person_id.clone();
                    let done: Vec<String> = app
                        .store
                        .course_records(&[pid.as_str()])
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|c| c.completed_at.is_some())
                        .map(|c| c.course_id)
                        .collect();
                    if done.is_empty() {
                        app.info(&Msg::new("records-no-certificate"));
                    }
                    for course in done {
                        super::course::print_certificate_of(app, &pid, &course);
                    }
                }
                Action::Back => s.view = RecordsView::Table,
                _ => {}
            }
        }
        RecordsView::Rates(_) => {
            if matches!(action, Action::Back | Action::Rates) {
                s.view = RecordsView::Table;
            }
        }
        RecordsView::Table => match action {
            Action::Down | Action::ScrollDown => {
                if s.selected + 1 < s.rows.len() {
                    s.selected += 1;
                } else if let Some(key) = s.rows.last().map(|r| r.key.clone()) {
                    let before = s.offset;
                    load_page(&app.store, app.size, s, Some(key), false);
                    if s.offset != before {
                        // A new page: its first row.
                        s.selected = 0;
                    }
                }
            }
            Action::Up | Action::ScrollUp => {
                if s.selected > 0 {
                    s.selected -= 1;
                } else if let Some(key) = s.rows.first().map(|r| r.key.clone()) {
                    if s.offset > 0 {
                        load_page(&app.store, app.size, s, Some(key), true);
                        s.selected = s.rows.len().saturating_sub(1);
                    }
                }
            }
            Action::PageDown => {
                if let Some(key) = s.rows.last().map(|r| r.key.clone()) {
                    load_page(&app.store, app.size, s, Some(key), false);
                }
            }
            Action::PageUp => {
                if let Some(key) = s.rows.first().map(|r| r.key.clone()) {
                    if s.offset > 0 {
                        load_page(&app.store, app.size, s, Some(key), true);
                    }
                }
            }
            Action::Top => reload(&app.store, app.size, s),
            Action::SortNext => {
                s.sort = s.sort.next();
                reload(&app.store, app.size, s);
            }
            Action::CourseNext => {
                // All courses, then each course in turn.
                let ids: Vec<&str> = app.pack.courses.iter().map(|c| c.id.as_str()).collect();
                s.filter.course_id = match &s.filter.course_id {
                    None => ids.first().map(|x| x.to_string()),
                    Some(c) => ids
                        .iter()
                        .position(|x| x == c)
                        .and_then(|i| ids.get(i + 1))
                        .map(|x| x.to_string()),
                };
                reload(&app.store, app.size, s);
            }
            Action::StatusNext => {
                s.filter.status = next_status(s.filter.status);
                reload(&app.store, app.size, s);
            }
            Action::Rates => match app.store.unit_rates(&s.filter) {
                Ok(rates) => s.view = RecordsView::Rates(rates),
                Err(e) => app.error(&e.msg()),
            },
            Action::Enter => {
                if let Some(r) = s.rows.get(s.selected).cloned() {
                    let d = open_person(app, r);
                    if let Screen::Records(s) = &mut app.screen {
                        s.view = RecordsView::Person(Box::new(d));
                    }
                }
            }
            Action::Export => start_export(app, ExportKind::Csv),
            Action::ExportXlsx => start_export(app, ExportKind::Xlsx),
            Action::ExportJson => start_export(app, ExportKind::Json),
            Action::ExportXapi => start_export(app, ExportKind::Xapi),
            Action::Import => guarded(app, Pending::Import),
            Action::UnitFilter => s.prompt = Some(Prompt::Unit(TextField::default())),
            Action::CompletedRange => {
                s.prompt = Some(Prompt::Dates(TextField::default(), DateRange::Completed))
            }
            Action::AppointedRange => {
                s.prompt = Some(Prompt::Dates(TextField::default(), DateRange::Appointed))
            }
            Action::Back => app.go_home(),
            _ => {}
        },
    }
}

// ---- drawing ----

/// A person's cell for a course: ✓ and the best score when completed; "overdue" in red when the
/// course is required of them and its due date has passed; else lessons read and the best score.
fn status_cell(
    app: &App,
    s: &RecordsState,
    person: &PersonRecord,
    course: &crate::domain::content::Course,
    c: Option<&CourseRecord>,
    today: time::Date,
) -> (String, Color) {
    let vi = app.lang().is_vi();
    let lessons = course.lessons.len();
    let kind = person
        .unit_id
        .as_ref()
        .and_then(|u| s.unit_kinds.get(u))
        .copied();
    let required = crate::domain::completion::is_required(course, kind, &person.position);
    let due = person
        .appointed_on
        .as_deref()
        .and_then(crate::domain::completion::parse_iso_date)
        .and_then(|d| crate::domain::completion::due_date(course, d));
    let progress = crate::domain::completion::CourseProgress {
        lessons_read: c.map_or(0, |c| c.lessons_read),
        attempts: c.map_or(0, |c| c.attempts),
        passed: c.is_some_and(|c| c.passed),
        completed_at: c.and_then(|c| c.completed_at.as_deref()),
    };
    let overdue = crate::domain::completion::status(&progress, required, due, today)
        == crate::domain::completion::RecordStatus::Overdue;
    let (text, color) = match c {
        Some(c) if c.completed_at.is_some() => (
            format!(
                "✓ {}",
                c.best_percent
                    .map(|b| crate::domain::text::percent(b, vi))
                    .unwrap_or_default()
            ),
            Color::Green,
        ),
        Some(c) if c.lessons_read > 0 || c.attempts > 0 => {
            let best = c
                .best_percent
                .map(|b| format!(" {}", crate::domain::text::percent(b, vi)))
                .unwrap_or_default();
            (format!("{}/{lessons}{best}", c.lessons_read), Color::Yellow)
        }
        _ => ("—".into(), Color::DarkGray),
    };
    if overdue {
        (format!("!{text}"), Color::Red)
    } else {
        (text, color)
    }
}

pub fn view(app: &App, s: &RecordsState, frame: &mut Frame, area: Rect) {
    match &s.view {
        RecordsView::Table => view_table(app, s, frame, area),
        RecordsView::Rates(rates) => view_rates(app, s, rates, frame, area),
        RecordsView::Person(d) => view_person(app, d, frame, area),
    }
    if let Some(job) = &s.job {
        // The export's progress, on the table's bottom border.
        use std::sync::atomic::Ordering;
        let (done, total) = (
            job.done.load(Ordering::Relaxed),
            job.total.load(Ordering::Relaxed),
        );
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
                .gauge_style(Style::new().fg(Color::Green).bg(Color::Black))
                .ratio(ratio)
                .label(app.i18n.ta(
                    "records-exporting",
                    &[("done", done.into()), ("total", total.into())],
                )),
            gauge_area,
        );
    }
    view_prompt(app, s, frame, area);
}

fn filter_line(app: &App, s: &RecordsState) -> String {
    let course = s
        .filter
        .course_id
        .as_ref()
        .and_then(|c| app.pack.course(c))
        .map(|c| crate::domain::text::truncate(c.title.get(app.lang()), 30))
        .unwrap_or_else(|| app.t("records-all-courses"));
    let status = match s.filter.status {
        None => app.t("records-all-status"),
        Some(CourseStatusFilter::Completed) => app.t("course-completed-short"),
        Some(CourseStatusFilter::InProgress) => app.t("course-in-progress"),
        Some(CourseStatusFilter::NotStarted) => app.t("course-not-started"),
    };
    let sort = app.t(match s.sort {
        RecordSort::Name => "records-sort-name",
        RecordSort::Unit => "records-sort-unit",
        RecordSort::Completed => "records-sort-completed",
    });
    let unit = s
        .unit_name
        .as_ref()
        .map(|n| format!("{} · ", crate::domain::text::truncate(n, 24)))
        .unwrap_or_default();
    let range = |from: &Option<String>, to: &Option<String>, id: &str| match (from, to) {
        (None, None) => String::new(),
        _ => format!(
            "{} {}–{} · ",
            app.t(id),
            from.as_deref()
                .map(crate::domain::text::display_date)
                .unwrap_or_default(),
            to.as_deref()
                .map(crate::domain::text::display_date)
                .unwrap_or_default()
        ),
    };
    let dates = range(
        &s.filter.completed_from,
        &s.filter.completed_to,
        "records-completed-short",
    ) + &range(
        &s.filter.appointed_from,
        &s.filter.appointed_to,
        "records-appointed-short",
    );
    format!(
        " {unit}{dates}{course} · {status} · {sort} · {}",
        app.t("records-overdue-legend")
    )
}

fn view_table(app: &App, s: &RecordsState, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let first = if s.rows.is_empty() { 0 } else { s.offset + 1 };
    let last = s.offset + s.rows.len() as u64;
    let title = app.i18n.ta(
        "records-title",
        &[
            ("first", first.into()),
            ("last", last.into()),
            ("total", s.total.into()),
        ],
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [filters, table_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(Span::styled(
            filter_line(app, s),
            Style::new().fg(Color::Gray),
        )),
        filters,
    );
    let courses = &app.pack.courses;
    let today = crate::domain::completion::today_in_vietnam();
    let mut header = vec![
        Cell::from(app.t("records-col-name")),
        Cell::from(app.t("records-col-unit")),
    ];
    for (i, _) in courses.iter().enumerate() {
        header.push(Cell::from(
            app.i18n.ta("records-col-course", &[("n", (i + 1).into())]),
        ));
    }
    let rows: Vec<Row> = s
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                Cell::from(r.full_name.clone()),
                Cell::from(r.unit_name.clone().unwrap_or_default())
                    .style(Style::new().fg(Color::Gray)),
            ];
            for c in courses {
                let rec = s
                    .courses
                    .iter()
                    .find(|x| x.person_id == r.person_id && x.course_id == c.id);
                let (text, color) = status_cell(app, s, r, c, rec, today);
                cells.push(Cell::from(text).style(Style::new().fg(color)));
            }
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![Constraint::Fill(3), Constraint::Fill(2)];
    widths.extend(courses.iter().map(|_| Constraint::Length(10)));
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
        .row_highlight_style(Style::new().fg(Color::Black).bg(Color::Yellow));
    let mut state = TableState::default().with_selected(Some(s.selected));
    frame.render_stateful_widget(table, table_area, &mut state);
    let _ = lang;
}

fn view_rates(app: &App, s: &RecordsState, rates: &[UnitRate], frame: &mut Frame, area: Rect) {
    let vi = app.lang().is_vi();
    let courses: Vec<&str> = match &s.filter.course_id {
        Some(c) => vec![c.as_str()],
        None => app.pack.courses.iter().map(|c| c.id.as_str()).collect(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", app.t("records-rates-title")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let bar_width = 20usize;
    let name_width = (inner.width as usize)
        .saturating_sub(bar_width + 12)
        .max(10);
    let items: Vec<ListItem> = rates
        .iter()
        .map(|r| {
            // The share of the unit's people who completed the chosen course(s).
            let done: u32 = r
                .completed
                .iter()
                .filter(|(c, _)| courses.contains(&c.as_str()))
                .map(|(_, n)| n)
                .sum();
            let possible = r.people as f64 * courses.len() as f64;
            let pct = if possible > 0.0 {
                done as f64 * 100.0 / possible
            } else {
                0.0
            };
            let filled = ((pct / 100.0) * bar_width as f64).round() as usize;
            ListItem::new(Line::from(vec![
                Span::raw(format!(
                    "{:<w$} ",
                    crate::domain::text::truncate(&r.unit_name, name_width),
                    w = name_width
                )),
                Span::styled("█".repeat(filled), Style::new().fg(Color::Green)),
                Span::styled(
                    "░".repeat(bar_width - filled.min(bar_width)),
                    Style::new().fg(Color::DarkGray),
                ),
                Span::raw(format!(" {:>7}", crate::domain::text::percent(pct, vi))),
            ]))
        })
        .collect();
    frame.render_widget(List::new(items), inner);
}

/// An answer as the official saw it ("b) …"), or its stored form when the question is gone.
fn shown_response(app: &App, d: &PersonDetail, a: &StoredAnswer) -> String {
    d.attempts
        .get(d.selected)
        .and_then(|at| at.paper.items.get(a.position))
        .and_then(|item| {
            crate::domain::quiz::engine::question(&app.pack, item)
                .map(|q| crate::domain::present::response_text(q, item, &a.response, &app.i18n))
        })
        .unwrap_or_else(|| a.response.encode())
}

fn view_person(app: &App, d: &PersonDetail, frame: &mut Frame, area: Rect) {
    let vi = app.lang().is_vi();
    let r = &d.record;
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {} ", r.full_name),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [head, list_area, answers_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!(
                " {} · {} · {}",
                r.staff_code.clone().unwrap_or_default(),
                r.unit_name.clone().unwrap_or_default(),
                r.position
            )),
            Line::from(Span::styled(
                format!(" {}", app.t("records-person-hint")),
                Style::new().fg(Color::Gray),
            )),
        ]),
        head,
    );
    let items: Vec<ListItem> = d
        .attempts
        .iter()
        .map(|a| {
            let title = app
                .pack
                .quiz(&a.quiz_id)
                .map(|q| q.title.get(app.lang()).to_string())
                .unwrap_or(a.quiz_id.clone());
            let score = a
                .percent()
                .map(|p| crate::domain::text::percent(p, vi))
                .unwrap_or_else(|| "—".into());
            let when =
                crate::domain::present::local_time(a.ended_at.as_deref().unwrap_or(&a.started_at));
            ListItem::new(Line::from(format!(
                "{when}  {score:>7}  {}  {}",
                crate::domain::text::truncate(&title, 36),
                a.status.key()
            )))
        })
        .collect();
    let list = List::new(items)
        .block(
            Block::default()
                .borders(Borders::BOTTOM)
                .title(format!(" {} ", app.t("records-attempts"))),
        )
        .highlight_style(Style::new().fg(Color::Yellow))
        .highlight_symbol("▶ ");
    let mut state =
        ListState::default().with_selected((!d.attempts.is_empty()).then_some(d.selected));
    frame.render_stateful_widget(list, list_area, &mut state);
    let lines: Vec<Line> = d
        .answers
        .iter()
        .map(|a| {
            let (mark, color) = if a.correct {
                ("✓", Color::Green)
            } else if a.earned > 0 {
                ("½", Color::Yellow)
            } else {
                ("✗", Color::Red)
            };
            Line::from(vec![
                Span::styled(format!(" {mark} "), Style::new().fg(color)),
                Span::raw(format!(
                    "{:>2}. {}/{}  {}  {}",
                    a.position + 1,
                    a.bank_id,
                    a.question_id,
                    crate::domain::present::points(a.earned, vi),
                    crate::domain::text::truncate(&shown_response(app, d, a), 40)
                )),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), answers_area);
}

// ---- file actions: export with progress, import or merge a file, delete a person ----

/// A CSV export running in its own thread (with its own connection), so the screen keeps
/// drawing its progress.
pub struct ExportJob {
    pub path: std::path::PathBuf,
    pub done: std::sync::Arc<std::sync::atomic::AtomicU64>,
    pub total: std::sync::Arc<std::sync::atomic::AtomicU64>,
    pub result: std::sync::Arc<std::sync::Mutex<Option<Result<u64, String>>>>,
}

/// What waits for the trainer's passphrase or a file path.
pub enum Prompt {
    /// The passphrase, then the action.
    Guard(TextField, Pending),
    /// A file to import (units or roster, CSV or XLSX) or merge (a .json records bundle).
    Path(TextField),
    /// Delete the person on screen? (y / n)
    ConfirmDelete,
    /// A unit's code (or part of its name) to show that unit and the units under it; empty for all.
    Unit(TextField),
    /// A date range, "from to" (dd/mm/yyyy), for completions or appointments; empty for any.
    Dates(TextField, DateRange),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRange {
    Completed,
    Appointed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Import,
    Delete,
    Grant,
}

/// The formats the records screen exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Csv,
    Xlsx,
    Json,
    Xapi,
}

impl ExportKind {
    fn ext(self) -> &'static str {
        match self {
            ExportKind::Csv => "csv",
            ExportKind::Xlsx => "xlsx",
            ExportKind::Json | ExportKind::Xapi => "json",
        }
    }

    fn stem(self) -> &'static str {
        match self {
            ExportKind::Csv | ExportKind::Xlsx => "ho-so-hoc-tap",
            ExportKind::Json => "goi-ho-so",
            ExportKind::Xapi => "xapi",
        }
    }
}

pub fn start_export(app: &mut App, kind: ExportKind) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};
    let Screen::Records(s) = &app.screen else {
        return;
    };
    if s.job.is_some() {
        return;
    }
    let path = match super::new_report_paths(app, kind.stem(), &[kind.ext()]) {
        Ok(mut p) => p.remove(0),
        Err(detail) => {
            app.error(&Msg::new("records-export-failed").arg("detail", detail));
            return;
        }
    };
    let job = ExportJob {
        path: path.clone(),
        done: Arc::new(AtomicU64::new(0)),
        total: Arc::new(AtomicU64::new(0)),
        result: Arc::new(Mutex::new(None)),
    };
    let (done, total, result) = (job.done.clone(), job.total.clone(), job.result.clone());
    let (db, pack, filter, lang) = (
        app.store.path().to_path_buf(),
        app.pack.clone(),
        s.filter.clone(),
        app.lang(),
    );
    // The bundle and xAPI take the unit by its code.
    let unit_code = filter
        .unit_id
        .as_ref()
        .and_then(|id| app.store.unit(id).ok().flatten())
        .map(|u| u.code);
    std::thread::spawn(move || {
        let outcome = (|| -> Result<u64, String> {
            let store = crate::store::Store::open(&db).map_err(|e| e.to_string())?;
            let i18n = crate::domain::i18n::I18n::new(lang);
            let mut progress = |d: u64, t: u64| {
                done.store(d, Ordering::Relaxed);
                total.store(t, Ordering::Relaxed);
            };
            let today = crate::service::learning::today();
            let bundle_filter = crate::io::bundle::BundleFilter {
                unit: unit_code,
                course: filter.course_id.clone(),
                from: filter.completed_from.clone(),
                to: filter.completed_to.clone(),
            };
            let write = |text: String| {
                crate::io::report::write_new(&path, text.as_bytes())
                    .map_err(|e| format!("{}: {e}", path.display()))
            };
            match kind {
                ExportKind::Csv => {
                    let file = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&path)
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                    let mut w = std::io::BufWriter::new(file);
                    let rows = crate::io::records_export::csv_to(
                        &mut w,
                        &store,
                        &pack,
                        &filter,
                        &i18n,
                        today,
                        &mut progress,
                    )
                    .map_err(|e| i18n.msg(&e.msg()))?;
                    std::io::Write::flush(&mut w).map_err(|e| e.to_string())?;
                    Ok(rows)
                }
                ExportKind::Xlsx => crate::io::records_export::xlsx_to(
                    &path,
                    &store,
                    &pack,
                    &filter,
                    &i18n,
                    today,
                    &mut progress,
                )
                .map_err(|e| i18n.msg(&e.msg())),
                ExportKind::Json => {
                    let b = crate::io::bundle::bundle(&store, &bundle_filter)
                        .map_err(|e| i18n.msg(&e.msg()))?;
                    let people = b.people.len() as u64;
                    write(crate::io::bundle::to_json(&b))?;
                    Ok(people)
                }
                ExportKind::Xapi => {
                    let statements = crate::io::xapi::statements(
                        &store,
                        &pack,
                        &bundle_filter,
                        "https://danvan.local",
                    )
                    .map_err(|e| i18n.msg(&e.msg()))?;
                    let n = statements.len() as u64;
                    let text = serde_json::to_string_pretty(&serde_json::Value::Array(statements))
                        .map_err(|e| e.to_string())?;
                    write(text)?;
                    Ok(n)
                }
            }
        })();
        if let Ok(mut slot) = result.lock() {
            *slot = Some(outcome);
        }
    });
    if let Screen::Records(s) = &mut app.screen {
        s.job = Some(job);
    }
}

/// On every tick: when the export thread is done, say so.
pub fn poll_export(app: &mut App) {
    let Screen::Records(s) = &mut app.screen else {
        return;
    };
    let finished = s.job.as_ref().and_then(|j| {
        j.result
            .lock()
            .ok()
            .and_then(|mut r| r.take())
            .map(|r| (j.path.clone(), r))
    });
    if let Some((path, outcome)) = finished {
        s.job = None;
        match outcome {
            Ok(rows) => app.info(
                &Msg::new("records-exported")
                    .arg("rows", rows)
                    .arg("path", path.display()),
            ),
            Err(detail) => {
                // Nothing half-written is left behind.
                let _ = std::fs::remove_file(&path);
                app.error(&Msg::new("records-export-failed").arg("detail", detail))
            }
        }
    }
}

/// Import a units file or a roster (CSV or XLSX), or merge a records bundle (.json).
fn import_file(app: &mut App, path: &str) {
    let path = std::path::PathBuf::from(path.trim());
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let outcome: Result<Msg, Msg> = if is_json {
        std::fs::read_to_string(&path)
            .map_err(|e| {
                Msg::new("roster-read-failed")
                    .arg("file", path.display())
                    .arg("detail", e)
            })
            .and_then(|text| {
                crate::io::bundle::from_json(&text).map_err(|e| {
                    Msg::new("records-bad-bundle")
                        .arg("file", path.display())
                        .arg("line", e.line)
                        .arg("col", e.column)
                        .arg("detail", &e.detail)
                })
            })
            .and_then(|bundle| app.store.merge_bundle(&bundle, false).map_err(|e| e.msg()))
            .and_then(|summary| match summary.refused {
                Some(why) => Err(why),
                None => Ok(Msg::new("records-merged").arg("file", path.display())),
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
    if let Screen::Records(s) = &mut app.screen {
        reload(&app.store, app.size, s);
    }
}

fn delete_person(app: &mut App) {
    let Screen::Records(s) = &mut app.screen else {
        return;
    };
    let RecordsView::Person(d) = &s.view else {
        return;
    };
    let (id, name) = (d.record.person_id.clone(), d.record.full_name.clone());
    match app.store.delete_person(&id) {
        Ok(()) => {
            s.view = RecordsView::Table;
            reload(&app.store, app.size, s);
            if app.person.as_ref().is_some_and(|p| p.id == id) {
                // The profile on screen was deleted: no one is signed in now.
                app.person = None;
            }
            app.info(&Msg::new("records-deleted").arg("name", name));
        }
        Err(e) => app.error(&e.msg()),
    }
}

fn run_pending(app: &mut App, pending: Pending) {
    match pending {
        Pending::Import => {
            if let Screen::Records(s) = &mut app.screen {
                s.prompt = Some(Prompt::Path(TextField::default()));
            }
        }
        Pending::Delete => {
            if let Screen::Records(s) = &mut app.screen {
                s.prompt = Some(Prompt::ConfirmDelete);
            }
        }
        Pending::Grant => grant(app),
    }
}

/// Ask for the passphrase first when one is set.
fn guarded(app: &mut App, pending: Pending) {
    if app.store.has_trainer_passphrase().unwrap_or(false) {
        if let Screen::Records(s) = &mut app.screen {
            s.prompt = Some(Prompt::Guard(TextField::default(), pending));
        }
    } else {
        run_pending(app, pending);
    }
}

/// Keys while a prompt is open. Returns false when there is none.
fn update_prompt(app: &mut App, action: Action) -> bool {
    let Screen::Records(s) = &mut app.screen else {
        return false;
    };
    let Some(prompt) = &mut s.prompt else {
        return false;
    };
    match prompt {
        Prompt::Guard(secret, pending) => match action {
            Action::Input(c) => secret.insert(c),
            Action::Backspace => secret.backspace(),
            Action::Enter => {
                let pending = *pending;
                if app
                    .store
                    .check_trainer_passphrase(secret.value())
                    .unwrap_or(false)
                {
                    s.prompt = None;
                    run_pending(app, pending);
                } else {
                    secret.clear();
                    app.error(&Msg::new("trainer-wrong"));
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
                import_file(app, &path);
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
                filter_unit(app, &wanted);
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
                filter_dates(app, &text, which);
            }
            Action::Back => s.prompt = None,
            _ => {}
        },
        Prompt::ConfirmDelete => match action {
            Action::Confirm => {
                s.prompt = None;
                delete_person(app);
            }
            Action::Deny | Action::Back => s.prompt = None,
            _ => {}
        },
    }
    true
}

/// Show one unit (and those under it): by code, else by a part of its name matching one unit.
fn filter_unit(app: &mut App, wanted: &str) {
    let Screen::Records(s) = &mut app.screen else {
        return;
    };
    if wanted.is_empty() {
        s.filter.unit_id = None;
        s.unit_name = None;
        reload(&app.store, app.size, s);
        return;
    }
    let units = app.store.units().unwrap_or_default();
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
            reload(&app.store, app.size, s);
        }
        None => app.error(
            &Msg::new("records-unit-not-found")
                .arg("unit", wanted)
                .arg("count", by_name.len()),
        ),
    }
}

/// "from to" in dd/mm/yyyy (or ISO); one date means from that day; empty clears the range.
fn filter_dates(app: &mut App, text: &str, which: DateRange) {
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
    let Screen::Records(s) = &mut app.screen else {
        return;
    };
    let (from, to) = (dates.first().cloned(), dates.get(1).cloned());
    match which {
        DateRange::Completed => (s.filter.completed_from, s.filter.completed_to) = (from, to),
        DateRange::Appointed => (s.filter.appointed_from, s.filter.appointed_to) = (from, to),
    }
    reload(&app.store, app.size, s);
}

fn view_prompt(app: &App, s: &RecordsState, frame: &mut Frame, area: Rect) {
    let Some(prompt) = &s.prompt else { return };
    let (title, body) = match prompt {
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

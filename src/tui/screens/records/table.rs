//! The records table: a page of people with their status in each course, the filters above it,
//! and the keys that page, sort, filter and export.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{export, load_page, prompt, reload, DateRange, Pending, PersonDetail, Prompt};
use super::{RecordsState, RecordsView};
use crate::domain::records::{CourseRecord, CourseStatusFilter, PersonRecord, RecordSort};
use crate::domain::text::width as text_width;
use crate::service::jobs::ExportKind;
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::TextField;

fn next_status(s: Option<CourseStatusFilter>) -> Option<CourseStatusFilter> {
    match s {
        None => Some(CourseStatusFilter::Completed),
        Some(CourseStatusFilter::Completed) => Some(CourseStatusFilter::InProgress),
        Some(CourseStatusFilter::InProgress) => Some(CourseStatusFilter::NotStarted),
        Some(CourseStatusFilter::NotStarted) => Some(CourseStatusFilter::Overdue),
        Some(CourseStatusFilter::Overdue) => None,
    }
}

pub(super) fn update(s: &mut RecordsState, app: &mut Session, action: Action) -> Nav {
    match action {
        Action::Down | Action::ScrollDown => {
            if s.selected + 1 < s.rows.len() {
                s.selected += 1;
            } else if let Some(key) = s.rows.last().map(|r| r.key.clone()) {
                let before = s.offset;
                load_page(app, s, Some(key), false);
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
                    load_page(app, s, Some(key), true);
                    s.selected = s.rows.len().saturating_sub(1);
                }
            }
        }
        Action::PageDown => {
            if let Some(key) = s.rows.last().map(|r| r.key.clone()) {
                load_page(app, s, Some(key), false);
            }
        }
        Action::PageUp => {
            if let Some(key) = s.rows.first().map(|r| r.key.clone()) {
                if s.offset > 0 {
                    load_page(app, s, Some(key), true);
                }
            }
        }
        Action::Top => reload(app, s),
        Action::Bottom => last_page(app, s),
        Action::SortNext => {
            s.sort = s.sort.next();
            reload(app, s);
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
            reload(app, s);
        }
        Action::StatusNext => {
            s.filter.status = next_status(s.filter.status);
            // What "overdue" means today comes from the content, read once per choice.
            s.filter.overdue = if s.filter.status == Some(CourseStatusFilter::Overdue) {
                crate::domain::completion::overdue_rules(
                    &app.pack,
                    crate::domain::completion::today_in_vietnam(),
                )
            } else {
                Vec::new()
            };
            reload(app, s);
        }
        Action::Rates => match app.store.unit_rates(&s.filter) {
            Ok(rates) => s.view = RecordsView::Rates(Box::new(super::RatesView::new(rates))),
            Err(e) => app.error(&e.msg()),
        },
        Action::QuestionStats => {
            s.view = RecordsView::Stats(Box::new(super::StatsView::open(app)));
        }
        Action::Enter => {
            if let Some(r) = s.rows.get(s.selected).cloned() {
                s.view = RecordsView::Person(Box::new(PersonDetail::open(app, r)));
            }
        }
        Action::Export => export::start(s, app, ExportKind::Csv),
        Action::ExportXlsx => export::start(s, app, ExportKind::Xlsx),
        Action::ExportJson => export::start(s, app, ExportKind::Json),
        Action::ExportXapi => export::start(s, app, ExportKind::Xapi),
        Action::Import => prompt::guarded(s, app, Pending::Import),
        Action::Push => prompt::guarded(s, app, Pending::Push),
        Action::UnitFilter => s.prompt = Some(Prompt::Unit(Box::new(super::UnitPicker::open(app)))),
        Action::CompletedRange => {
            s.prompt = Some(Prompt::Dates(TextField::default(), DateRange::Completed))
        }
        Action::AppointedRange => {
            s.prompt = Some(Prompt::Dates(TextField::default(), DateRange::Appointed))
        }
        Action::Back => return Nav::HomeAgain,
        _ => {}
    }
    Nav::Stay
}

/// End: the last screenful of the list, read backwards from its end, the cursor on its last row.
fn last_page(app: &Session, s: &mut RecordsState) {
    let n = super::visible_rows(app.size);
    let rows = app.read(app.store.records_page(&s.filter, s.sort, None, true, n));
    if rows.is_empty() {
        return;
    }
    let ids: Vec<&str> = rows.iter().map(|r| r.person_id.as_str()).collect();
    s.courses = app.read(app.store.course_records(&ids));
    s.fetched = rows.len();
    s.offset = s.total.saturating_sub(rows.len() as u64);
    s.selected = rows.len() - 1;
    s.rows = rows;
}

// ---- drawing ----

/// A person's cell for a course: ✓ and the best score when completed; "overdue" in red when the
/// course is required of them and its due date has passed; else lessons read and the best score.
fn status_cell(
    app: &Session,
    person: &PersonRecord,
    course: &crate::domain::content::Course,
    c: Option<&CourseRecord>,
    today: time::Date,
) -> (String, Color) {
    let vi = app.lang().is_vi();
    let lessons = course.lessons.len();
    let kind = person.unit_kind.map(|k| k.key());
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

fn filter_line(app: &Session, s: &RecordsState) -> String {
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
        Some(CourseStatusFilter::Overdue) => app.t("completion-status-overdue"),
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

pub(super) fn view(app: &Session, s: &RecordsState, frame: &mut Frame, area: Rect) {
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
        .title(crate::tui::widgets::title(&title, area.width, 0));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [filters, table_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(Span::styled(
            crate::domain::text::truncate(&filter_line(app, s), usize::from(filters.width)),
            Style::new().fg(Color::Gray),
        )),
        filters,
    );
    let courses = &app.pack.courses;
    let today = crate::domain::completion::today_in_vietnam();
    let vi = app.lang().is_vi();
    let course_heads: Vec<String> = (0..courses.len())
        .map(|i| app.i18n.ta("records-col-course", &[("n", (i + 1).into())]))
        .collect();
    // Each course's column holds its widest cell ("!12/12 99,5%"), so no cell is ever cut; the
    // name and the unit share what is left, 3 to 2, and end in "…" when longer.
    let course_widths: Vec<usize> = courses
        .iter()
        .zip(&course_heads)
        .map(|(c, head)| {
            let n = c.lessons.len();
            let widest = format!("!{n}/{n} {}", crate::domain::text::percent(99.5, vi));
            text_width(&widest).max(text_width(head))
        })
        .collect();
    let spacing = 1;
    let fixed: usize = course_widths.iter().sum::<usize>() + spacing * (courses.len() + 1);
    let rest = usize::from(table_area.width).saturating_sub(fixed);
    let name_w = rest * 3 / 5;
    let unit_w = rest - name_w;
    let cut = crate::domain::text::truncate;
    let mut header = vec![
        Cell::from(cut(&app.t("records-col-name"), name_w)),
        Cell::from(cut(&app.t("records-col-unit"), unit_w)),
    ];
    for (head, w) in course_heads.iter().zip(&course_widths) {
        header.push(Cell::from(cut(head, *w)));
    }
    let rows: Vec<Row> = s
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                Cell::from(cut(&r.full_name, name_w)),
                Cell::from(cut(r.unit_name.as_deref().unwrap_or(""), unit_w))
                    .style(Style::new().fg(Color::Gray)),
            ];
            for (c, w) in courses.iter().zip(&course_widths) {
                let rec = s
                    .courses
                    .iter()
                    .find(|x| x.person_id == r.person_id && x.course_id == c.id);
                let (text, color) = status_cell(app, r, c, rec, today);
                cells.push(Cell::from(cut(&text, *w)).style(Style::new().fg(color)));
            }
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(name_w as u16),
        Constraint::Length(unit_w as u16),
    ];
    widths.extend(course_widths.iter().map(|w| Constraint::Length(*w as u16)));
    let table = Table::new(rows, widths)
        .column_spacing(spacing as u16)
        .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
        .row_highlight_style(Style::new().fg(Color::Black).bg(Color::Yellow));
    let mut state = TableState::default().with_selected(Some(s.selected));
    frame.render_stateful_widget(table, table_area, &mut state);
    let _ = lang;
}

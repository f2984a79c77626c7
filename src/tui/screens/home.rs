//! Home: the three courses with their progress, and the entries later parts fill.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};
use ratatui::Frame;

use crate::service::learning::{self, CourseStatus};
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::ListCursor;

#[derive(Debug, Clone, Default)]
pub struct HomeState {
    pub cursor: ListCursor,
    /// Per course, read from the store when the screen opens.
    pub progress: Vec<CourseLine>,
}

#[derive(Debug, Clone)]
pub struct CourseLine {
    pub read: usize,
    pub total: usize,
    pub status: CourseStatus,
    pub best: Option<f64>,
    /// The day the course is due, when it is required of this official and they have an
    /// appointment date.
    pub due: Option<time::Date>,
    /// Required, past its due day and not completed (the records screen's `!`).
    pub overdue: bool,
}

impl HomeState {
    pub fn new(app: &Session, selected: usize) -> HomeState {
        let pid = app.person_id().unwrap_or_default();
        // What is required of this official follows their unit's kind and their position.
        let person = app.person.as_ref();
        let unit_kind = person
            .and_then(|p| p.unit_id.as_deref())
            .and_then(|u| app.read(app.store.unit(u)))
            .map(|u| u.kind.key());
        let today = crate::domain::completion::today_in_vietnam();
        let progress = (0..app.pack.courses.len())
            .map(|i| {
                let course = &app.pack.courses[i];
                let (read, total) = lessons_read(app, i);
                let (status, best) = app.read(learning::course_status(
                    &app.store, &app.pack, &pid, &course.id,
                ));
                let due = person
                    .filter(|p| {
                        crate::domain::completion::is_required(course, unit_kind, &p.position)
                    })
                    .and_then(|p| p.appointed_on.as_deref())
                    .and_then(crate::domain::completion::parse_iso_date)
                    .and_then(|d| crate::domain::completion::due_date(course, d));
                let completed = matches!(status, CourseStatus::Completed { .. });
                CourseLine {
                    read,
                    total,
                    status,
                    best,
                    due,
                    overdue: !completed && due.is_some_and(|d| today > d),
                }
            })
            .collect();
        HomeState {
            cursor: ListCursor::at(selected),
            progress,
        }
    }
}

/// Entries after the courses.
const ENTRIES: [&str; 3] = ["home-quizzes", "home-assessment", "home-records"];

fn entries(app: &Session) -> usize {
    app.pack.courses.len() + ENTRIES.len()
}

pub fn update(state: &mut HomeState, app: &mut Session, action: Action) -> Nav {
    if state.cursor.navigate(action, entries(app)) {
        return Nav::Stay;
    }
    match action {
        Action::Enter => {
            let sel = state.cursor.selected();
            let courses = app.pack.courses.len();
            if sel < courses {
                Nav::Lessons {
                    course: sel,
                    lesson: None,
                }
            } else if sel == courses {
                Nav::Quizzes { selected: 0 }
            } else if sel == courses + 1 {
                Nav::Assessment
            } else if sel == courses + 2 {
                Nav::Records
            } else {
                Nav::Stay
            }
        }
        Action::Profiles => Nav::Profiles,
        _ => Nav::Stay,
    }
}

/// Lessons read out of the course's lessons, for the person on screen.
pub fn lessons_read(app: &Session, course: usize) -> (usize, usize) {
    let c = &app.pack.courses[course];
    let total = c.lessons.len();
    let Some(pid) = &app.person.as_ref().map(|p| p.id.clone()) else {
        return (0, total);
    };
    let read = app
        .read(app.store.course_progress(pid, &c.id))
        .iter()
        .filter(|r| r.completed_at.is_some() && c.lessons.iter().any(|l| l.id == r.lesson_id))
        .count();
    (read, total)
}

pub fn view(app: &Session, state: &HomeState, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let n_courses = app.pack.courses.len();
    let mut constraints = vec![Constraint::Length(1)];
    constraints.extend(std::iter::repeat_n(Constraint::Length(3), n_courses));
    constraints.push(Constraint::Length(1));
    constraints.extend(std::iter::repeat_n(Constraint::Length(1), ENTRIES.len()));
    constraints.push(Constraint::Min(0));
    let rows = Layout::vertical(constraints).split(area);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            app.t("home-courses"),
            Style::new().add_modifier(Modifier::BOLD),
        ))),
        rows[0],
    );
    for (i, course) in app.pack.courses.iter().enumerate() {
        let line = state.progress.get(i).cloned().unwrap_or(CourseLine {
            read: 0,
            total: course.lessons.len(),
            status: CourseStatus::NotStarted,
            best: None,
            due: None,
            overdue: false,
        });
        let selected = state.cursor.selected() == i;
        let border = if selected {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::DarkGray)
        };
        let title = format!(
            " {} ",
            crate::domain::text::truncate(
                course.title.get(lang),
                area.width.saturating_sub(6) as usize
            )
        );
        let ratio = if line.total == 0 {
            0.0
        } else {
            line.read as f64 / line.total as f64
        };
        let status = match &line.status {
            CourseStatus::NotStarted => app.t("course-not-started"),
            CourseStatus::InProgress => app.t("course-in-progress"),
            CourseStatus::Completed { on } => app.i18n.ta(
                "course-completed-on",
                &[(
                    "date",
                    crate::domain::text::display_date(on.as_str()).into(),
                )],
            ),
        };
        let mut label = format!(
            "{} · {status}",
            app.i18n.ta(
                "home-lessons-read",
                &[("read", line.read.into()), ("total", line.total.into())]
            )
        );
        if let Some(best) = line.best {
            label.push_str(&format!(
                " · {}",
                app.i18n.ta(
                    "course-best",
                    &[(
                        "score",
                        crate::domain::text::percent(best, lang.is_vi()).into()
                    )]
                )
            ));
        }
        let completed = matches!(line.status, CourseStatus::Completed { .. });
        if let (Some(due), false) = (line.due, completed) {
            let id = if line.overdue {
                "home-overdue"
            } else {
                "home-due"
            };
            let date = crate::domain::dates::day_month_year(due);
            label.push_str(&format!(" · {}", app.i18n.ta(id, &[("date", date.into())])));
        }
        // Overdue is said in words and a mark, and in red where colour is drawn.
        let label_style = if line.overdue {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let gauge = Gauge::default()
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(border)
                    .title(Span::styled(
                        title,
                        if selected { border } else { Style::default() },
                    )),
            )
            .gauge_style(Style::new().fg(Color::Green).bg(Color::Black))
            .ratio(ratio.clamp(0.0, 1.0))
            .label(Span::styled(label, label_style));
        frame.render_widget(gauge, rows[1 + i]);
    }
    for (j, id) in ENTRIES.into_iter().enumerate() {
        let selected = state.cursor.selected() == n_courses + j;
        let style = if selected {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let marker = if selected { "▶ " } else { "  " };
        frame.render_widget(
            Paragraph::new(Span::styled(format!("{marker}{}", app.t(id)), style)),
            rows[2 + n_courses + j],
        );
    }
}

//! Home: the three courses with their progress, and the entries later parts fill.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};
use ratatui::Frame;

use crate::tui::app::{Action, App, Coming, Screen};
use crate::tui::screens::course;

#[derive(Debug, Clone, Default)]
pub struct HomeState {
    pub selected: usize,
    /// (lessons read, lessons) per course, read from the store when the screen opens.
    pub progress: Vec<(usize, usize)>,
}

impl HomeState {
    pub fn new(app: &App, selected: usize) -> HomeState {
        let progress = (0..app.pack.courses.len())
            .map(|i| lessons_read(app, i))
            .collect();
        HomeState { selected, progress }
    }
}

const COMING: [(Coming, &str); 3] = [
    (Coming::Quizzes, "home-quizzes"),
    (Coming::Assessment, "home-assessment"),
    (Coming::Records, "home-records"),
];

fn entries(app: &App) -> usize {
    app.pack.courses.len() + COMING.len()
}

pub fn update(app: &mut App, action: Action) {
    let n = entries(app);
    let Screen::Home(state) = &mut app.screen else {
        return;
    };
    match action {
        Action::Up | Action::ScrollUp => state.selected = state.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            state.selected = (state.selected + 1).min(n.saturating_sub(1))
        }
        Action::Top => state.selected = 0,
        Action::Bottom => state.selected = n.saturating_sub(1),
        Action::Enter => {
            let sel = state.selected;
            if sel < app.pack.courses.len() {
                app.screen = Screen::Lessons(course::LessonsState::open(app, sel));
                app.save_last_screen();
            } else if let Some((what, _)) = COMING.get(sel - app.pack.courses.len()) {
                app.screen = Screen::Coming(*what);
            }
        }
        Action::Profiles => {
            app.screen = Screen::Profiles(super::profile::ProfilesState::load(app));
        }
        _ => {}
    }
}

/// Lessons read out of the course's lessons, for the person on screen.
pub fn lessons_read(app: &App, course: usize) -> (usize, usize) {
    let c = &app.pack.courses[course];
    let total = c.lessons.len();
    let Some(pid) = &app.person.as_ref().map(|p| p.id.clone()) else {
        return (0, total);
    };
    let read = app
        .store
        .course_progress(pid, &c.id)
        .map(|rows| {
            rows.iter()
                .filter(|r| {
                    r.completed_at.is_some() && c.lessons.iter().any(|l| l.id == r.lesson_id)
                })
                .count()
        })
        .unwrap_or(0);
    (read, total)
}

pub fn view(app: &App, state: &HomeState, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let n_courses = app.pack.courses.len();
    let mut constraints = vec![Constraint::Length(1)];
    constraints.extend(std::iter::repeat_n(Constraint::Length(3), n_courses));
    constraints.push(Constraint::Length(1));
    constraints.extend(std::iter::repeat_n(Constraint::Length(1), COMING.len()));
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
        let (read, total) = state
            .progress
            .get(i)
            .copied()
            .unwrap_or((0, course.lessons.len()));
        let selected = state.selected == i;
        let border = if selected {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::DarkGray)
        };
        let title = format!(
            " {} ",
            crate::text::truncate(
                course.title.get(lang),
                area.width.saturating_sub(6) as usize
            )
        );
        let ratio = if total == 0 {
            0.0
        } else {
            read as f64 / total as f64
        };
        let label = app.i18n.ta(
            "home-lessons-read",
            &[("read", read.into()), ("total", total.into())],
        );
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
            .label(label);
        frame.render_widget(gauge, rows[1 + i]);
    }
    for (j, (_, id)) in COMING.iter().enumerate() {
        let selected = state.selected == n_courses + j;
        let marker = if selected { "▶ " } else { "  " };
        let style = if selected {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let line = Line::from(vec![
            Span::styled(format!("{marker}{}", app.t(id)), style),
            Span::styled(
                format!("  ({})", app.t("home-coming")),
                Style::new().fg(Color::DarkGray),
            ),
        ]);
        frame.render_widget(Paragraph::new(line), rows[2 + n_courses + j]);
    }
}

pub fn view_coming(app: &App, what: Coming, frame: &mut Frame, area: Rect) {
    let (title, body) = match what {
        Coming::Quizzes => ("home-quizzes", "coming-quizzes"),
        Coming::Assessment => ("home-assessment", "coming-assessment"),
        Coming::Records => ("home-records", "coming-records"),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", app.t(title)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = crate::tui::wrap::wrap_plain(
        &app.t(body),
        inner.width.saturating_sub(2) as usize,
        Style::default(),
        " ",
        " ",
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

//! The quiz list: each quiz with its best score, attempts used and practice due, and a chart of
//! the selected quiz's past attempts. Enter starts or resumes a quiz; `r` practises.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, List, ListItem, Paragraph};
use ratatui::Frame;

use crate::domain::attempt::{Attempt, AttemptStatus};
use crate::domain::i18n::Msg;
use crate::service::learning::{self, Begin};
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::ListCursor;

/// One row of the quiz list, read from the store when the list opens.
#[derive(Debug, Clone)]
pub struct QuizRow {
    pub quiz: usize,
    pub best: Option<f64>,
    pub used: usize,
    pub open: bool,
    pub due_practice: usize,
    /// Percent of each finished official attempt, oldest first.
    pub history: Vec<f64>,
}

pub struct QuizListState {
    pub rows: Vec<QuizRow>,
    pub cursor: ListCursor,
}

impl QuizListState {
    pub fn load(app: &Session, selected: usize) -> QuizListState {
        let pid = app.person_id().unwrap_or_default();
        let today = learning::today();
        let rows = app
            .pack
            .quizzes
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let attempts = app.read(app.store.attempts(&pid, &q.id));
                QuizRow {
                    quiz: i,
                    best: app.read(learning::best_percent(&app.store, &pid, &q.id)),
                    used: attempts
                        .iter()
                        .filter(|a| a.status != AttemptStatus::ClosedChanged)
                        .count(),
                    open: attempts.iter().any(|a| a.status == AttemptStatus::Open),
                    due_practice: app
                        .read(app.store.due_practice(&pid, &learning::banks(q), today))
                        .len(),
                    history: attempts
                        .iter()
                        .filter(|a| a.status != AttemptStatus::Open)
                        .filter_map(Attempt::percent)
                        .collect(),
                }
            })
            .collect();
        QuizListState {
            rows,
            cursor: ListCursor::at(selected),
        }
    }
}

/// Start or resume the selected quiz.
fn begin(app: &mut Session, quiz: usize, practice: bool) -> Nav {
    let Some(pid) = app.person_id() else {
        return Nav::Stay;
    };
    let q = app.pack.quizzes[quiz].clone();
    let result = if practice {
        learning::begin_practice(&mut app.store, &app.pack, &pid, &q, learning::today())
            .map(|a| a.map(Begin::Started))
    } else {
        learning::begin(&mut app.store, &app.pack, &pid, &q, learning::today()).map(Some)
    };
    match result {
        Ok(None) => {
            app.info(&Msg::new("quiz-nothing-due"));
            Nav::Stay
        }
        Ok(Some(Begin::Started(attempt))) => Nav::QuizRun {
            quiz,
            attempt,
            answers: vec![],
        },
        Ok(Some(Begin::Resumed(attempt, answers))) => {
            let (done, total) = (answers.len(), attempt.paper.items.len());
            app.info(
                &Msg::new("plain-resumed")
                    .arg("done", done)
                    .arg("total", total),
            );
            Nav::QuizRun {
                quiz,
                attempt,
                answers,
            }
        }
        Ok(Some(Begin::ClosedChanged(a))) => {
            let score =
                crate::domain::text::percent(a.percent().unwrap_or(0.0), app.lang().is_vi());
            app.info(&Msg::new("quiz-closed-changed-tui").arg("score", score));
            Nav::Quizzes { selected: quiz }
        }
        Ok(Some(Begin::LimitReached { used, max })) => {
            app.error(
                &Msg::new("quiz-limit-reached")
                    .arg("used", used)
                    .arg("max", max),
            );
            Nav::Stay
        }
        Err(e) => {
            app.error(&e.msg());
            Nav::Stay
        }
    }
}

pub fn update(s: &mut QuizListState, app: &mut Session, action: Action) -> Nav {
    if s.cursor.navigate(action, s.rows.len()) {
        return Nav::Stay;
    }
    match action {
        Action::Enter | Action::Practice => match s.rows.get(s.cursor.selected()) {
            Some(row) => begin(app, row.quiz, action == Action::Practice),
            None => Nav::Stay,
        },
        Action::Back => Nav::HomeAgain,
        _ => Nav::Stay,
    }
}

// ---- drawing ----

pub fn view(app: &Session, s: &QuizListState, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let vi = lang.is_vi();
    let [list_area, chart_area] =
        Layout::vertical([Constraint::Min(6), Constraint::Length(9)]).areas(area);
    let width = list_area.width.saturating_sub(4) as usize;
    let items: Vec<ListItem> = s
        .rows
        .iter()
        .map(|row| {
            let q = &app.pack.quizzes[row.quiz];
            let best = row
                .best
                .map(|b| crate::domain::text::percent(b, vi))
                .unwrap_or_else(|| "—".to_string());
            let used = match q.max_attempts {
                Some(m) => format!("{}/{m}", row.used),
                None => row.used.to_string(),
            };
            let mut details = app.i18n.ta(
                "quiz-list-details",
                &[
                    ("best", best.into()),
                    ("used", used.into()),
                    ("pass", q.pass_mark.into()),
                ],
            );
            if row.open {
                details.push_str(&format!(" · {}", app.t("quiz-list-unfinished")));
            }
            if row.due_practice > 0 {
                details.push_str(&format!(
                    " · {}",
                    app.i18n.ta(
                        "quiz-list-practice-due",
                        &[("count", row.due_practice.into())]
                    )
                ));
            }
            ListItem::new(vec![
                Line::from(Span::styled(
                    crate::domain::text::truncate(q.title.get(lang), width),
                    Style::new().add_modifier(Modifier::BOLD),
                )),
                Line::from(Span::styled(
                    format!(
                        "  {}",
                        crate::domain::text::truncate(&details, width.saturating_sub(2))
                    ),
                    Style::new().fg(Color::Gray),
                )),
            ])
        })
        .collect();
    let list = List::new(items)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(crate::tui::widgets::title(
                    &app.t("home-quizzes"),
                    list_area.width,
                    0,
                )),
        )
        .highlight_style(Style::new().fg(Color::Yellow))
        .highlight_symbol("▶ ");
    let mut state = s.cursor.list_state();
    frame.render_stateful_widget(list, list_area, &mut state);

    let history = s
        .rows
        .get(s.cursor.selected())
        .map(|r| r.history.as_slice())
        .unwrap_or(&[]);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(crate::tui::widgets::title(
            &app.t("quiz-history"),
            chart_area.width,
            0,
        ));
    if history.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(" {}", app.t("quiz-history-none"))).block(block),
            chart_area,
        );
        return;
    }
    // The latest attempts that fit, as bars labelled with their number.
    let fit = (chart_area.width.saturating_sub(2) / 6).max(1) as usize;
    let start = history.len().saturating_sub(fit);
    let bars: Vec<Bar> = history[start..]
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Bar::default()
                .value(p.round() as u64)
                .label(Line::from(format!("#{}", start + i + 1)))
                .text_value(crate::domain::text::percent(*p, vi))
                .style(Style::new().fg(
                    if *p >= app.pack.quizzes[s.rows[s.cursor.selected()].quiz].pass_mark as f64 {
                        Color::Green
                    } else {
                        Color::Red
                    },
                ))
        })
        .collect();
    let chart = BarChart::default()
        .block(block)
        .data(BarGroup::default().bars(&bars))
        .bar_width(5)
        .bar_gap(1)
        .max(100);
    frame.render_widget(chart, chart_area);
}

//! Quizzes: the list with best scores and past attempts, the question screen, the feedback
//! after each answer, and the result with a review of every question.

use std::time::Instant;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, List, ListItem, ListState, Paragraph,
};
use ratatui::Frame;

use crate::domain::attempt::{Attempt, AttemptStatus, StoredAnswer};
use crate::domain::content::QuestionKind;
use crate::domain::i18n::Msg;
use crate::domain::present::{
    citation_text, option_label, points, response_text, right_answer_text,
};
use crate::domain::quiz::{Grade, Response};
use crate::service::learning::{self, Begin};
use crate::tui::app::{Action, App, Screen};
use crate::tui::widgets::TextField;
use crate::tui::wrap::wrap_plain;

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
    pub selected: usize,
}

impl QuizListState {
    pub fn load(app: &App, selected: usize) -> QuizListState {
        let pid = app.person_id().unwrap_or_default();
        let today = learning::today();
        let rows = app
            .pack
            .quizzes
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let attempts = app.store.attempts(&pid, &q.id).unwrap_or_default();
                QuizRow {
                    quiz: i,
                    best: learning::best_percent(&app.store, &pid, &q.id)
                        .ok()
                        .flatten(),
                    used: attempts
                        .iter()
                        .filter(|a| a.status != AttemptStatus::ClosedChanged)
                        .count(),
                    open: attempts.iter().any(|a| a.status == AttemptStatus::Open),
                    due_practice: app
                        .store
                        .due_practice(&pid, &learning::banks(q), today)
                        .map(|d| d.len())
                        .unwrap_or(0),
                    history: attempts
                        .iter()
                        .filter(|a| a.status != AttemptStatus::Open)
                        .filter_map(Attempt::percent)
                        .collect(),
                }
            })
            .collect();
        QuizListState { rows, selected }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Asking,
    /// After an answer: its grade, until Enter moves on.
    Feedback(Grade, Response),
}

pub struct RunState {
    pub quiz: usize,
    pub attempt: Attempt,
    pub answers: Vec<StoredAnswer>,
    pub position: usize,
    pub phase: Phase,
    /// Option under the cursor (display order).
    pub cursor: usize,
    /// Options chosen (display order).
    pub chosen: Vec<usize>,
    pub text: TextField,
    /// Active time before the current question was shown.
    pub active_ms: u64,
    /// When the current question was shown (None in tests and while paused).
    pub shown_at: Option<Instant>,
    /// Scroll of the feedback text.
    pub scroll: u16,
}

impl RunState {
    pub fn elapsed_ms(&self) -> u64 {
        self.active_ms
            + self
                .shown_at
                .map(|t| t.elapsed().as_millis() as u64)
                .unwrap_or(0)
    }

    pub fn kind(&self, app: &App) -> Option<QuestionKind> {
        self.kind_in(&app.pack)
    }

    pub fn kind_in(&self, pack: &crate::domain::content::Pack) -> Option<QuestionKind> {
        let item = self.attempt.paper.items.get(self.position)?;
        crate::domain::quiz::engine::question(pack, item).map(|q| q.kind)
    }

    fn option_count(&self, app: &App) -> usize {
        match self.kind(app) {
            Some(QuestionKind::TrueFalse) => 2,
            Some(QuestionKind::Single | QuestionKind::Multiple) => self
                .attempt
                .paper
                .items
                .get(self.position)
                .map(|i| i.order.len())
                .unwrap_or(0),
            _ => 0,
        }
    }
}

pub struct ResultState {
    pub quiz: usize,
    pub attempt: Attempt,
    pub answers: Vec<StoredAnswer>,
    pub scroll: u16,
    pub course_completed: bool,
}

pub fn open_list(app: &mut App) {
    app.screen = Screen::Quizzes(QuizListState::load(app, 0));
}

fn run_state(quiz: usize, attempt: Attempt, answers: Vec<StoredAnswer>) -> RunState {
    let position = (0..attempt.paper.items.len())
        .find(|p| !answers.iter().any(|a| a.position == *p))
        .unwrap_or(attempt.paper.items.len());
    RunState {
        quiz,
        active_ms: attempt.active_ms,
        attempt,
        answers,
        position,
        phase: Phase::Asking,
        cursor: 0,
        chosen: vec![],
        text: TextField::default(),
        shown_at: Some(Instant::now()),
        scroll: 0,
    }
}

/// Start or resume the selected quiz.
fn begin(app: &mut App, quiz: usize, practice: bool) {
    let Some(pid) = app.person_id() else { return };
    let q = app.pack.quizzes[quiz].clone();
    let result = if practice {
        learning::begin_practice(&mut app.store, &app.pack, &pid, &q, learning::today())
            .map(|a| a.map(Begin::Started))
    } else {
        learning::begin(&mut app.store, &app.pack, &pid, &q, learning::today()).map(Some)
    };
    match result {
        Ok(None) => app.info(&Msg::new("quiz-nothing-due")),
        Ok(Some(Begin::Started(a))) => {
            app.screen = Screen::QuizRun(Box::new(run_state(quiz, a, vec![])))
        }
        Ok(Some(Begin::Resumed(a, answers))) => {
            let (done, total) = (answers.len(), a.paper.items.len());
            app.screen = Screen::QuizRun(Box::new(run_state(quiz, a, answers)));
            app.info(
                &Msg::new("plain-resumed")
                    .arg("done", done)
                    .arg("total", total),
            );
        }
        Ok(Some(Begin::ClosedChanged(a))) => {
            let score =
                crate::domain::text::percent(a.percent().unwrap_or(0.0), app.lang().is_vi());
            app.screen = Screen::Quizzes(QuizListState::load(app, quiz));
            app.info(&Msg::new("quiz-closed-changed-tui").arg("score", score));
        }
        Ok(Some(Begin::LimitReached { used, max })) => app.error(
            &Msg::new("quiz-limit-reached")
                .arg("used", used)
                .arg("max", max),
        ),
        Err(e) => app.error(&e.msg()),
    }
}

pub fn update_list(app: &mut App, action: Action) {
    let Screen::Quizzes(s) = &mut app.screen else {
        return;
    };
    let n = s.rows.len();
    match action {
        Action::Up | Action::ScrollUp => s.selected = s.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => s.selected = (s.selected + 1).min(n.saturating_sub(1)),
        Action::Enter => {
            if let Some(row) = s.rows.get(s.selected) {
                let quiz = row.quiz;
                begin(app, quiz, false);
            }
        }
        Action::Practice => {
            if let Some(row) = s.rows.get(s.selected) {
                let quiz = row.quiz;
                begin(app, quiz, true);
            }
        }
        Action::Back => app.go_home(),
        _ => {}
    }
}

/// Finish the attempt and show the result.
fn finish(app: &mut App, status: AttemptStatus) {
    let Screen::QuizRun(r) = &app.screen else {
        return;
    };
    let (quiz, attempt, active) = (r.quiz, r.attempt.clone(), r.elapsed_ms());
    match learning::finish(
        &mut app.store,
        &app.pack,
        &attempt,
        status,
        active,
        learning::today(),
    ) {
        Ok(done) => {
            let answers = app.store.answers(&done.id).unwrap_or_default();
            let course_completed = app.pack.quizzes[quiz]
                .course
                .as_ref()
                .zip(app.person_id())
                .is_some_and(|(c, p)| app.store.completion(&p, c).ok().flatten().is_some());
            app.screen = Screen::QuizResult(ResultState {
                quiz,
                attempt: done,
                answers,
                scroll: 0,
                course_completed,
            });
            if status == AttemptStatus::TimedOut {
                app.info(&Msg::new("quiz-time-up"));
            }
        }
        Err(e) => app.error(&e.msg()),
    }
}

fn submit_answer(app: &mut App) {
    let Screen::QuizRun(r) = &app.screen else {
        return;
    };
    let Some(item) = r.attempt.paper.items.get(r.position).cloned() else {
        return;
    };
    let Some(q) = crate::domain::quiz::engine::question(&app.pack, &item) else {
        return;
    };
    let response = match q.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let mut shown: Vec<usize> = if q.kind == QuestionKind::Single {
                vec![r.cursor]
            } else {
                r.chosen.clone()
            };
            if q.kind == QuestionKind::Multiple && shown.is_empty() {
                app.info(&Msg::new("quiz-choose-first"));
                return;
            }
            shown.sort_unstable();
            Response::Choice(
                shown
                    .iter()
                    .filter_map(|s| {
                        item.order
                            .get(*s)
                            .and_then(|i| q.options.get(*i))
                            .map(|o| o.id.clone())
                    })
                    .collect(),
            )
        }
        QuestionKind::TrueFalse => Response::Bool(r.cursor == 0),
        QuestionKind::Text => {
            if r.text.value().trim().is_empty() {
                app.info(&Msg::new("quiz-type-first"));
                return;
            }
            Response::Text(r.text.value().to_string())
        }
    };
    let active = r.elapsed_ms();
    let (attempt, position) = (r.attempt.clone(), r.position);
    match learning::answer(
        &mut app.store,
        &app.pack,
        &attempt,
        position,
        &response,
        active,
        learning::today(),
    ) {
        Ok(Some(grade)) => {
            if let Screen::QuizRun(r) = &mut app.screen {
                r.active_ms = active;
                r.shown_at = None; // reading the feedback is not quiz time
                r.answers.push(StoredAnswer {
                    position,
                    bank_id: item.bank.clone(),
                    question_id: item.question.clone(),
                    response: response.clone(),
                    correct: grade.correct,
                    earned: grade.earned,
                    answered_at: crate::store::now_utc(),
                    active_ms: active,
                });
                r.phase = Phase::Feedback(grade, response);
                r.scroll = 0;
            }
            let quiz = &app.pack.quizzes[attempt_quiz(app)];
            if !attempt.practice && learning::time_is_up(quiz, active) {
                finish(app, AttemptStatus::TimedOut);
            }
        }
        Ok(None) => {}
        Err(e) => app.error(&e.msg()),
    }
}

fn attempt_quiz(app: &App) -> usize {
    match &app.screen {
        Screen::QuizRun(r) => r.quiz,
        _ => 0,
    }
}

fn next_question(app: &mut App) {
    let Screen::QuizRun(r) = &mut app.screen else {
        return;
    };
    let total = r.attempt.paper.items.len();
    let next = (r.position + 1..total).find(|p| !r.answers.iter().any(|a| a.position == *p));
    match next {
        Some(p) => {
            r.position = p;
            r.phase = Phase::Asking;
            r.cursor = 0;
            r.chosen.clear();
            r.text.clear();
            r.scroll = 0;
            r.shown_at = Some(Instant::now());
        }
        None => finish(app, AttemptStatus::Submitted),
    }
}

pub fn update_run(app: &mut App, action: Action) {
    let count = match &app.screen {
        Screen::QuizRun(r) => r.option_count(app),
        _ => return,
    };
    let kind = match &app.screen {
        Screen::QuizRun(r) => r.kind(app),
        _ => None,
    };
    let Screen::QuizRun(r) = &mut app.screen else {
        return;
    };
    if action == Action::Tick {
        let quiz = &app.pack.quizzes[r.quiz];
        if r.phase == Phase::Asking
            && !r.attempt.practice
            && learning::time_is_up(quiz, r.elapsed_ms())
        {
            finish(app, AttemptStatus::TimedOut);
        }
        return;
    }
    if let Phase::Feedback(..) = r.phase {
        match action {
            Action::Enter | Action::Right | Action::NextLesson => next_question(app),
            Action::Down | Action::ScrollDown => r.scroll = r.scroll.saturating_add(1),
            Action::Up | Action::ScrollUp => r.scroll = r.scroll.saturating_sub(1),
            Action::Back => leave(app),
            _ => {}
        }
        return;
    }
    match action {
        Action::Input(c) => r.text.insert(c),
        Action::Backspace => r.text.backspace(),
        Action::Left if kind == Some(QuestionKind::Text) => r.text.left(),
        Action::Right if kind == Some(QuestionKind::Text) => r.text.right(),
        Action::Up | Action::ScrollUp => r.cursor = r.cursor.saturating_sub(1),
        Action::Down | Action::ScrollDown => r.cursor = (r.cursor + 1).min(count.saturating_sub(1)),
        Action::Pick(n) if (n as usize) < count => {
            r.cursor = n as usize;
            if kind == Some(QuestionKind::Multiple) {
                toggle(r, n as usize);
            }
        }
        Action::Toggle if kind == Some(QuestionKind::Multiple) => {
            let c = r.cursor;
            toggle(r, c);
        }
        Action::Enter => submit_answer(app),
        Action::Back => leave(app),
        _ => {}
    }
}

fn toggle(r: &mut RunState, n: usize) {
    if let Some(i) = r.chosen.iter().position(|c| *c == n) {
        r.chosen.remove(i);
    } else {
        r.chosen.push(n);
    }
}

/// Leave a quiz midway: every answer is already saved; the attempt stays open to resume.
fn leave(app: &mut App) {
    let quiz = attempt_quiz(app);
    app.screen = Screen::Quizzes(QuizListState::load(app, quiz));
    app.info(&Msg::new("quiz-left-open"));
}

pub fn update_result(app: &mut App, action: Action) {
    let Screen::QuizResult(r) = &mut app.screen else {
        return;
    };
    match action {
        Action::Down | Action::ScrollDown => r.scroll = r.scroll.saturating_add(1),
        Action::Up | Action::ScrollUp => r.scroll = r.scroll.saturating_sub(1),
        Action::PageDown => r.scroll = r.scroll.saturating_add(10),
        Action::PageUp => r.scroll = r.scroll.saturating_sub(10),
        Action::Enter | Action::Back => {
            let quiz = r.quiz;
            app.screen = Screen::Quizzes(QuizListState::load(app, quiz));
        }
        _ => {}
    }
}

// ---- drawing ----

pub fn view_list(app: &App, s: &QuizListState, frame: &mut Frame, area: Rect) {
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
                .title(format!(" {} ", app.t("home-quizzes"))),
        )
        .highlight_style(Style::new().fg(Color::Yellow))
        .highlight_symbol("▶ ");
    let mut state = ListState::default().with_selected(Some(s.selected));
    frame.render_stateful_widget(list, list_area, &mut state);

    let history = s
        .rows
        .get(s.selected)
        .map(|r| r.history.as_slice())
        .unwrap_or(&[]);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", app.t("quiz-history")));
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
                    if *p >= app.pack.quizzes[s.rows[s.selected].quiz].pass_mark as f64 {
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

fn time_left(app: &App, r: &RunState) -> Option<String> {
    let limit = app.pack.quizzes[r.quiz].time_limit_minutes? as u64 * 60_000;
    let left = limit.saturating_sub(r.elapsed_ms()) / 1000;
    Some(app.i18n.ta(
        "quiz-time-left",
        &[("time", format!("{}:{:02}", left / 60, left % 60).into())],
    ))
}

pub fn view_run(app: &App, r: &RunState, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let quiz = &app.pack.quizzes[r.quiz];
    let total = r.attempt.paper.items.len();
    let Some(item) = r.attempt.paper.items.get(r.position) else {
        return;
    };
    let Some(q) = crate::domain::quiz::engine::question(&app.pack, item) else {
        return;
    };
    let mut title = app.i18n.ta(
        "quiz-question-n",
        &[("n", (r.position + 1).into()), ("total", total.into())],
    );
    if r.attempt.practice {
        title = format!("{} · {title}", app.t("quiz-practice"));
    }
    let right = time_left(app, r).unwrap_or_default();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            format!(" {title} "),
            Style::new().add_modifier(Modifier::BOLD),
        ))
        .title(
            Line::from(format!(
                " {} ",
                crate::domain::text::truncate(quiz.title.get(lang), 30)
            ))
            .right_aligned(),
        )
        .title_bottom(
            Line::from(if right.is_empty() {
                String::new()
            } else {
                format!(" {right} ")
            })
            .right_aligned(),
        );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = wrap_plain(
        q.prompt.get(lang),
        width,
        Style::new().add_modifier(Modifier::BOLD),
        " ",
        " ",
    );
    if q.kind == QuestionKind::Multiple {
        lines.push(Line::from(Span::styled(
            format!(" {}", app.t("quiz-choose-all")),
            Style::new().fg(Color::Gray),
        )));
    }
    lines.push(Line::default());
    let asking = r.phase == Phase::Asking;
    let feedback = match &r.phase {
        Phase::Feedback(g, resp) => Some((*g, resp.clone())),
        Phase::Asking => None,
    };
    let option_texts: Vec<String> = match q.kind {
        QuestionKind::Single | QuestionKind::Multiple => item
            .order
            .iter()
            .filter_map(|i| q.options.get(*i).map(|o| o.text.get(lang).to_string()))
            .collect(),
        QuestionKind::TrueFalse => vec![app.t("quiz-true"), app.t("quiz-false")],
        QuestionKind::Text => vec![],
    };
    for (shown, text) in option_texts.iter().enumerate() {
        let checked = match (&feedback, q.kind) {
            (Some((_, Response::Choice(ids))), _) => item
                .order
                .get(shown)
                .and_then(|i| q.options.get(*i))
                .is_some_and(|o| ids.contains(&o.id)),
            (Some((_, Response::Bool(b))), _) => (shown == 0) == *b,
            (None, QuestionKind::Multiple) => r.chosen.contains(&shown),
            (None, _) => r.cursor == shown,
            _ => false,
        };
        let mark = match q.kind {
            QuestionKind::Multiple => {
                if checked {
                    "[x]"
                } else {
                    "[ ]"
                }
            }
            _ => {
                if checked {
                    "(•)"
                } else {
                    "( )"
                }
            }
        };
        let is_right = match q.kind {
            QuestionKind::TrueFalse => q.answer == Some(shown == 0),
            _ => item
                .order
                .get(shown)
                .and_then(|i| q.options.get(*i))
                .is_some_and(|o| o.correct),
        };
        let style = if feedback.is_some() && is_right {
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
        } else if feedback.is_some() && checked {
            Style::new().fg(Color::Red)
        } else if asking && r.cursor == shown {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let first = format!(
            " {} {} {}) ",
            if asking && r.cursor == shown {
                "▶"
            } else {
                " "
            },
            mark,
            option_label(shown)
        );
        let indent = " ".repeat(crate::domain::text::width(&first));
        for (i, mut line) in wrap_plain(text, width, style, &first, &indent)
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                line.spans[0].style = style;
            }
            lines.push(line);
        }
    }
    let text_row = if q.kind == QuestionKind::Text {
        lines.push(Line::from(Span::raw(format!(
            " {}:",
            app.t("quiz-your-answer")
        ))));
        let row = lines.len();
        lines.push(Line::default());
        Some(row)
    } else {
        None
    };
    if let Some((grade, resp)) = &feedback {
        lines.push(Line::default());
        let (verdict, color) = if grade.correct {
            (app.t("quiz-right"), Color::Green)
        } else if grade.earned > 0 {
            (
                app.i18n.ta(
                    "quiz-partly",
                    &[
                        ("points", points(grade.earned, lang.is_vi()).into()),
                        ("max", points(grade.max, lang.is_vi()).into()),
                    ],
                ),
                Color::Yellow,
            )
        } else {
            (app.t("quiz-wrong"), Color::Red)
        };
        lines.push(Line::from(Span::styled(
            format!(" {verdict}"),
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        )));
        if q.kind == QuestionKind::Text {
            lines.push(Line::from(format!(
                " {}: {}",
                app.t("quiz-you-answered"),
                response_text(q, item, resp, &app.i18n)
            )));
        }
        if !grade.correct {
            lines.extend(wrap_plain(
                &format!(
                    "{}: {}",
                    app.t("quiz-right-answer"),
                    right_answer_text(q, item, &app.i18n)
                ),
                width,
                Style::new().fg(Color::Green),
                " ",
                " ",
            ));
        }
        lines.extend(wrap_plain(
            q.explanation.get(lang),
            width,
            Style::default(),
            " ",
            " ",
        ));
        lines.push(Line::from(Span::styled(
            format!(" {}", app.t("reader-sources")),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        )));
        for c in &q.cites {
            lines.extend(wrap_plain(
                &citation_text(&app.pack, &app.i18n, &c.source, c.reference.as_deref()),
                width,
                Style::new().fg(Color::Gray),
                "  • ",
                "    ",
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).scroll((r.scroll, 0)), inner);
    if let (Some(row), true) = (text_row, asking) {
        let y = inner.y + row as u16;
        if y < inner.y + inner.height {
            let field = Rect::new(inner.x + 1, y, inner.width.saturating_sub(2), 1);
            r.text.render(
                frame,
                field,
                true,
                Style::new().bg(Color::DarkGray).fg(Color::White),
                "",
            );
        }
    }
}

pub fn view_result(app: &App, r: &ResultState, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let vi = lang.is_vi();
    let quiz = &app.pack.quizzes[r.quiz];
    let passed = r.attempt.passed == Some(true);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {} ", quiz.title.get(lang)),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width.saturating_sub(2) as usize;
    let mut lines = vec![
        Line::from(Span::raw(format!(
            " {}",
            app.i18n.ta(
                "quiz-result",
                &[
                    ("earned", points(r.attempt.earned.unwrap_or(0), vi).into()),
                    ("max", points(r.attempt.max_points.unwrap_or(0), vi).into()),
                    (
                        "percent",
                        crate::domain::text::percent(r.attempt.percent().unwrap_or(0.0), vi).into()
                    ),
                    ("pass", quiz.pass_mark.into()),
                ],
            )
        ))),
        Line::from(Span::styled(
            format!(
                " {}",
                app.t(if passed { "quiz-passed" } else { "quiz-failed" })
            ),
            Style::new()
                .fg(if passed { Color::Green } else { Color::Red })
                .add_modifier(Modifier::BOLD),
        )),
    ];
    if r.course_completed {
        lines.push(Line::from(Span::styled(
            format!(" {}", app.t("quiz-course-completed")),
            Style::new().fg(Color::Green),
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!(" {}", app.t("quiz-review")),
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    )));
    for (position, item) in r.attempt.paper.items.iter().enumerate() {
        let Some(q) = crate::domain::quiz::engine::question(&app.pack, item) else {
            continue;
        };
        let answer = r.answers.iter().find(|a| a.position == position);
        let (mark, color) = match answer {
            Some(a) if a.correct => ("✓", Color::Green),
            Some(a) if a.earned > 0 => ("½", Color::Yellow),
            Some(_) => ("✗", Color::Red),
            None => ("–", Color::DarkGray),
        };
        let head = format!(" {mark} {:>2}. ", position + 1);
        let indent = " ".repeat(crate::domain::text::width(&head));
        let mut prompt = wrap_plain(q.prompt.get(lang), width, Style::default(), &head, &indent);
        if let Some(first) = prompt.first_mut() {
            first.spans[0].style = Style::new().fg(color).add_modifier(Modifier::BOLD);
        }
        lines.extend(prompt);
        let given = answer
            .map(|a| response_text(q, item, &a.response, &app.i18n))
            .unwrap_or_else(|| app.t("quiz-no-answer"));
        lines.extend(wrap_plain(
            &format!("{}: {given}", app.t("quiz-you-answered")),
            width,
            Style::new().fg(Color::Gray),
            &indent,
            &indent,
        ));
        if answer.is_none_or(|a| !a.correct) {
            lines.extend(wrap_plain(
                &format!(
                    "{}: {}",
                    app.t("quiz-right-answer"),
                    right_answer_text(q, item, &app.i18n)
                ),
                width,
                Style::new().fg(Color::Green),
                &indent,
                &indent,
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).scroll((r.scroll, 0)), inner);
}

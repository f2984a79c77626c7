//! A finished attempt: the score against the pass mark, and a review of every question with the
//! answer given and the right one.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::domain::attempt::{Attempt, StoredAnswer};
use crate::domain::present::{chosen_feedback, points, response_text, right_answer_text};
use crate::domain::quiz::practice::Card;
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::wrap::wrap_plain;

pub struct ResultState {
    pub quiz: usize,
    pub attempt: Attempt,
    pub answers: Vec<StoredAnswer>,
    pub scroll: u16,
    pub course_completed: bool,
    /// The last scroll that still shows text, as the last draw measured it (scrolling stops there).
    pub max_scroll: std::cell::Cell<u16>,
    /// Practice: each answered question's Leitner card now, with its box before when this
    /// sitting saw it.
    pub moves: Vec<(usize, Option<u8>, Card)>,
}

impl ResultState {
    /// The result of `attempt`, with its answers and whether it completed the course.
    pub fn open(app: &Session, quiz: usize, attempt: Attempt) -> ResultState {
        let answers = app.read(app.store.answers(&attempt.id));
        let course_completed = app.pack.quizzes[quiz]
            .course
            .as_ref()
            .zip(app.person_id())
            .is_some_and(|(c, p)| app.read(app.store.completion(&p, c)).is_some());
        ResultState {
            quiz,
            attempt,
            answers,
            scroll: 0,
            course_completed,
            max_scroll: std::cell::Cell::new(u16::MAX),
            moves: Vec::new(),
        }
    }

    /// Practice: the box moves this sitting recorded; the other answers' cards are read now.
    pub fn with_moves(mut self, moves: Vec<(usize, Option<u8>, Card)>) -> ResultState {
        self.moves = moves;
        self
    }
}

/// A practice answer's box, in words: retired, moved from one box to another, or where it is.
fn box_text(app: &Session, before: Option<u8>, after: &Card) -> String {
    if after.retired {
        return app.t("quiz-practice-retired");
    }
    match before {
        Some(b) if b != after.level => app.i18n.ta(
            "quiz-practice-box-moved",
            &[("from", b.into()), ("to", after.level.into())],
        ),
        _ => app
            .i18n
            .ta("quiz-practice-box", &[("box", after.level.into())]),
    }
}

pub fn update(r: &mut ResultState, action: Action) -> Nav {
    match action {
        Action::Down | Action::ScrollDown => r.scroll = r.scroll.saturating_add(1),
        Action::Up | Action::ScrollUp => r.scroll = r.scroll.saturating_sub(1),
        Action::PageDown => r.scroll = r.scroll.saturating_add(10),
        Action::PageUp => r.scroll = r.scroll.saturating_sub(10),
        Action::Top => r.scroll = 0,
        Action::Bottom => r.scroll = r.max_scroll.get(),
        // The table sends Back for Enter and Esc alike.
        Action::Back => return Nav::Quizzes { selected: r.quiz },
        _ => {}
    }
    r.scroll = r.scroll.min(r.max_scroll.get());
    Nav::Stay
}

// ---- drawing ----

pub fn view(app: &Session, r: &ResultState, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let vi = lang.is_vi();
    let quiz = &app.pack.quizzes[r.quiz];
    let passed = r.attempt.passed == Some(true);
    let practice = r.attempt.practice;
    let title = if practice {
        format!("{} · {}", app.t("quiz-practice"), quiz.title.get(lang))
    } else {
        quiz.title.get(lang).to_string()
    };
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        crate::tui::widgets::title(&title, area.width, 0),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width.saturating_sub(2) as usize;
    let mut lines = if practice {
        // Practice counts for nothing: no pass mark, no pass or fail.
        let right = r.answers.iter().filter(|a| a.correct).count();
        wrap_plain(
            &app.i18n.ta(
                "quiz-practice-result",
                &[
                    ("right", right.into()),
                    ("total", r.attempt.paper.items.len().into()),
                ],
            ),
            width,
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            " ",
            " ",
        )
    } else {
        vec![
            Line::from(Span::raw(format!(
                " {}",
                app.i18n.ta(
                    "quiz-result",
                    &[
                        ("earned", points(r.attempt.earned.unwrap_or(0), vi).into()),
                        ("max", points(r.attempt.max_points.unwrap_or(0), vi).into()),
                        (
                            "percent",
                            crate::domain::text::percent(r.attempt.percent().unwrap_or(0.0), vi)
                                .into()
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
        ]
    };
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
        if let Some(a) = answer {
            for f in chosen_feedback(q, item, &a.response, lang) {
                lines.extend(wrap_plain(
                    &f,
                    width,
                    Style::new().fg(Color::Gray),
                    &indent,
                    &indent,
                ));
            }
        }
        if let Some((_, before, after)) = r.moves.iter().find(|(p, _, _)| *p == position) {
            lines.extend(wrap_plain(
                &box_text(app, *before, after),
                width,
                Style::new().fg(Color::Cyan),
                &indent,
                &indent,
            ));
        }
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
    let max = u16::try_from(lines.len().saturating_sub(inner.height as usize)).unwrap_or(u16::MAX);
    r.max_scroll.set(max);
    frame.render_widget(Paragraph::new(lines).scroll((r.scroll.min(max), 0)), inner);
}

//! A quiz under way: one question at a time, the feedback after each answer (saved at once), and
//! the timer. An attempt left midway stays open to resume.

use std::time::Instant;

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::domain::attempt::{Attempt, AttemptStatus, StoredAnswer};
use crate::domain::content::{Pack, QuestionKind};
use crate::domain::i18n::Msg;
use crate::domain::present::{
    chosen_feedback, citation_text, option_label, points, response_text, right_answer_text,
};
use crate::domain::quiz::practice::Card;
use crate::domain::quiz::{Grade, Response};
use crate::service::learning;
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::TextField;
use crate::tui::wrap::wrap_plain;

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
    /// Whether the official has moved or picked on this question: until then nothing is chosen
    /// and Enter asks to choose (so a second Enter after the feedback answers nothing).
    pub moved: bool,
    /// Options chosen (display order).
    pub chosen: Vec<usize>,
    pub text: TextField,
    /// Active time before the current question was shown.
    pub active_ms: u64,
    /// When the current question was shown (None in tests and while paused).
    pub shown_at: Option<Instant>,
    /// Scroll of the feedback text.
    pub scroll: u16,
    /// Matching: for each left item (file order), the right item given to it (display order).
    pub matches: Vec<Option<usize>>,
    /// Ordering: the items (indices into the question's) as the official has arranged them;
    /// empty until the first move, meaning the paper's order.
    pub arrangement: Vec<usize>,
    /// Ordering: the item under the cursor is taken and moves with it.
    pub carrying: bool,
    /// Practice: each answer's Leitner box before (None: not known, as for a question missed
    /// in an exam) and the card after, shown on the result.
    pub moves: Vec<(usize, Option<u8>, Card)>,
}

impl RunState {
    pub fn elapsed_ms(&self) -> u64 {
        self.active_ms
            + self
                .shown_at
                .map(|t| t.elapsed().as_millis() as u64)
                .unwrap_or(0)
    }

    pub fn kind(&self, pack: &Pack) -> Option<QuestionKind> {
        let item = self.attempt.paper.items.get(self.position)?;
        crate::domain::quiz::engine::question(pack, item).map(|q| q.kind)
    }

    /// How many options (or pairs, or items) the current question shows.
    pub fn option_count(&self, pack: &Pack) -> usize {
        match self.kind(pack) {
            Some(QuestionKind::TrueFalse) => 2,
            Some(
                QuestionKind::Single
                | QuestionKind::Multiple
                | QuestionKind::Matching
                | QuestionKind::Ordering,
            ) => self
                .attempt
                .paper
                .items
                .get(self.position)
                .map(|i| i.order.len())
                .unwrap_or(0),
            _ => 0,
        }
    }

    /// Ordering: the items as arranged so far (the paper's order before any move).
    pub fn arranged(&self, item: &crate::domain::quiz::PaperItem) -> Vec<usize> {
        if self.arrangement.len() == item.order.len() {
            self.arrangement.clone()
        } else {
            item.order.clone()
        }
    }

    /// The attempt on its first unanswered question.
    pub fn new(quiz: usize, attempt: Attempt, answers: Vec<StoredAnswer>) -> RunState {
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
            moved: false,
            chosen: vec![],
            text: TextField::default(),
            shown_at: Some(Instant::now()),
            scroll: 0,
            matches: vec![],
            arrangement: vec![],
            carrying: false,
            moves: vec![],
        }
    }
}

/// Finish the attempt and show the result.
fn finish(r: &RunState, app: &mut Session, status: AttemptStatus) -> Nav {
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
            if status == AttemptStatus::TimedOut {
                app.info(&Msg::new("quiz-time-up"));
            }
            Nav::QuizResult {
                quiz,
                attempt: done,
                moves: r.moves.clone(),
            }
        }
        Err(e) => {
            app.error(&e.msg());
            Nav::Stay
        }
    }
}

fn submit_answer(r: &mut RunState, app: &mut Session) -> Nav {
    let Some(item) = r.attempt.paper.items.get(r.position).cloned() else {
        return Nav::Stay;
    };
    let Some(q) = crate::domain::quiz::engine::question(&app.pack, &item) else {
        return Nav::Stay;
    };
    if matches!(q.kind, QuestionKind::Single | QuestionKind::TrueFalse) && !r.moved {
        app.info(&Msg::new("quiz-choose-one"));
        return Nav::Stay;
    }
    let response = match q.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let mut shown: Vec<usize> = if q.kind == QuestionKind::Single {
                vec![r.cursor]
            } else {
                r.chosen.clone()
            };
            if q.kind == QuestionKind::Multiple && shown.is_empty() {
                app.info(&Msg::new("quiz-choose-first"));
                return Nav::Stay;
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
        QuestionKind::Matching => {
            if r.matches.len() != q.pairs.len() || r.matches.iter().any(Option::is_none) {
                app.info(&Msg::new("quiz-match-all-first"));
                return Nav::Stay;
            }
            Response::Pairs(
                q.pairs
                    .iter()
                    .zip(&r.matches)
                    .filter_map(|(p, m)| {
                        let right = q.pairs.get(*item.order.get((*m)?)?)?;
                        Some((p.id.clone(), right.id.clone()))
                    })
                    .collect(),
            )
        }
        QuestionKind::Ordering => {
            if !r.moved {
                app.info(&Msg::new("quiz-order-first"));
                return Nav::Stay;
            }
            Response::Order(
                r.arranged(&item)
                    .iter()
                    .filter_map(|&i| q.items.get(i).map(|x| x.id.clone()))
                    .collect(),
            )
        }
        QuestionKind::Text => {
            if r.text.value().trim().is_empty() {
                app.info(&Msg::new("quiz-type-first"));
                return Nav::Stay;
            }
            Response::Text(r.text.value().to_string())
        }
    };
    let active = r.elapsed_ms();
    let (attempt, position) = (r.attempt.clone(), r.position);
    let card_before = if attempt.practice {
        app.read(
            app.store
                .practice_card(&attempt.person_id, &item.bank, &item.question),
        )
    } else {
        None
    };
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
            if attempt.practice {
                let after = app.read(app.store.practice_card(
                    &attempt.person_id,
                    &item.bank,
                    &item.question,
                ));
                if let Some(after) = after {
                    r.moves
                        .push((position, card_before.map(|c| c.level), after));
                }
            }
            r.phase = Phase::Feedback(grade, response);
            r.scroll = 0;
            let quiz = &app.pack.quizzes[r.quiz];
            if !attempt.practice && learning::time_is_up(quiz, active) {
                return finish(r, app, AttemptStatus::TimedOut);
            }
            Nav::Stay
        }
        Ok(None) => Nav::Stay,
        Err(e) => {
            app.error(&e.msg());
            Nav::Stay
        }
    }
}

fn next_question(r: &mut RunState, app: &mut Session) -> Nav {
    let total = r.attempt.paper.items.len();
    let next = (r.position + 1..total).find(|p| !r.answers.iter().any(|a| a.position == *p));
    match next {
        Some(p) => {
            r.position = p;
            r.phase = Phase::Asking;
            r.cursor = 0;
            r.moved = false;
            r.chosen.clear();
            r.text.clear();
            r.scroll = 0;
            r.matches.clear();
            r.arrangement.clear();
            r.carrying = false;
            r.shown_at = Some(Instant::now());
            Nav::Stay
        }
        None => finish(r, app, AttemptStatus::Submitted),
    }
}

pub fn update(r: &mut RunState, app: &mut Session, action: Action) -> Nav {
    let count = r.option_count(&app.pack);
    let kind = r.kind(&app.pack);
    if action == Action::Tick {
        let quiz = &app.pack.quizzes[r.quiz];
        if r.phase == Phase::Asking
            && !r.attempt.practice
            && learning::time_is_up(quiz, r.elapsed_ms())
        {
            return finish(r, app, AttemptStatus::TimedOut);
        }
        return Nav::Stay;
    }
    if let Phase::Feedback(..) = r.phase {
        match action {
            Action::Enter => return next_question(r, app),
            Action::Down | Action::ScrollDown => r.scroll = r.scroll.saturating_add(1),
            Action::Up | Action::ScrollUp => r.scroll = r.scroll.saturating_sub(1),
            Action::Back => return leave(r, app),
            _ => {}
        }
        return Nav::Stay;
    }
    match kind {
        Some(QuestionKind::Matching) => return update_matching(r, app, action, count),
        Some(QuestionKind::Ordering) => return update_ordering(r, app, action, count),
        _ => {}
    }
    match action {
        Action::Input(c) => r.text.insert(c),
        Action::Backspace => r.text.backspace(),
        Action::Left if kind == Some(QuestionKind::Text) => r.text.left(),
        Action::Right if kind == Some(QuestionKind::Text) => r.text.right(),
        // The first move puts the cursor on the first option; nothing was chosen before it.
        Action::Up | Action::ScrollUp if !r.moved => r.moved = true,
        Action::Down | Action::ScrollDown if !r.moved => r.moved = true,
        Action::Up | Action::ScrollUp => r.cursor = r.cursor.saturating_sub(1),
        Action::Down | Action::ScrollDown => r.cursor = (r.cursor + 1).min(count.saturating_sub(1)),
        Action::Pick(n) if (n as usize) < count => {
            r.cursor = n as usize;
            r.moved = true;
            if kind == Some(QuestionKind::Multiple) {
                toggle(r, n as usize);
            }
        }
        Action::Toggle if kind == Some(QuestionKind::Multiple) => {
            r.moved = true;
            let c = r.cursor;
            toggle(r, c);
        }
        Action::Enter => return submit_answer(r, app),
        Action::Back => return leave(r, app),
        _ => {}
    }
    Nav::Stay
}

/// Matching: the cursor is on a left item (↑↓ or its letter); a digit gives it that right item
/// and moves on to the next left item still unmatched.
fn update_matching(r: &mut RunState, app: &mut Session, action: Action, count: usize) -> Nav {
    if r.matches.len() != count {
        r.matches = vec![None; count];
    }
    match action {
        Action::Up | Action::ScrollUp => r.cursor = r.cursor.saturating_sub(1),
        Action::Down | Action::ScrollDown => r.cursor = (r.cursor + 1).min(count.saturating_sub(1)),
        Action::Pick(n) if (n as usize) < count => r.cursor = n as usize,
        Action::Match(n) if (n as usize) < count && r.cursor < count => {
            r.matches[r.cursor] = Some(n as usize);
            r.moved = true;
            if let Some(next) = (1..count)
                .map(|k| (r.cursor + k) % count)
                .find(|&i| r.matches[i].is_none())
            {
                r.cursor = next;
            }
        }
        Action::Backspace if r.cursor < count => r.matches[r.cursor] = None,
        Action::Enter => return submit_answer(r, app),
        Action::Back => return leave(r, app),
        _ => {}
    }
    Nav::Stay
}

/// Ordering: ↑↓ move the cursor, or, with the item taken (Space), carry it up or down.
fn update_ordering(r: &mut RunState, app: &mut Session, action: Action, count: usize) -> Nav {
    let Some(item) = r.attempt.paper.items.get(r.position).cloned() else {
        return Nav::Stay;
    };
    let mut arranged = r.arranged(&item);
    let last = count.saturating_sub(1);
    match action {
        Action::Up | Action::ScrollUp if r.carrying && r.cursor > 0 => {
            arranged.swap(r.cursor, r.cursor - 1);
            r.cursor -= 1;
            r.moved = true;
        }
        Action::Down | Action::ScrollDown if r.carrying && r.cursor < last => {
            arranged.swap(r.cursor, r.cursor + 1);
            r.cursor += 1;
            r.moved = true;
        }
        Action::Up | Action::ScrollUp => r.cursor = r.cursor.saturating_sub(1),
        Action::Down | Action::ScrollDown => r.cursor = (r.cursor + 1).min(last),
        Action::Toggle => {
            r.carrying = !r.carrying;
            // Taking an item and putting it back where it was keeps that order as the answer.
            r.moved = true;
        }
        Action::Enter => {
            r.carrying = false;
            return submit_answer(r, app);
        }
        Action::Back => return leave(r, app),
        _ => {}
    }
    r.arrangement = arranged;
    Nav::Stay
}

fn toggle(r: &mut RunState, n: usize) {
    if let Some(i) = r.chosen.iter().position(|c| *c == n) {
        r.chosen.remove(i);
    } else {
        r.chosen.push(n);
    }
}

/// Leave a quiz midway: every answer is already saved; the attempt stays open to resume.
fn leave(r: &RunState, app: &mut Session) -> Nav {
    // Say which key on the quiz list takes it up again.
    let (id, action) = if r.attempt.practice {
        ("quiz-left-practice", Action::Practice)
    } else {
        ("quiz-left-open", Action::Enter)
    };
    let key = crate::tui::keymap::key_label(crate::tui::keymap::QUIZ_LIST, action).unwrap_or("");
    app.info(&Msg::new(id).arg("key", key));
    Nav::Quizzes { selected: r.quiz }
}

// ---- drawing ----

fn time_left(app: &Session, r: &RunState) -> Option<String> {
    let limit = app.pack.quizzes[r.quiz].time_limit_minutes? as u64 * 60_000;
    let left = limit.saturating_sub(r.elapsed_ms()) / 1000;
    Some(app.i18n.ta(
        "quiz-time-left",
        &[("time", format!("{}:{:02}", left / 60, left % 60).into())],
    ))
}

pub fn view(app: &Session, r: &RunState, frame: &mut Frame, area: Rect) {
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
    // The question's number first; the quiz's title on the right gets what it leaves (30 at most).
    let left = crate::tui::widgets::title(&title, area.width, 0);
    let room = usize::from(area.width)
        .saturating_sub(crate::domain::text::width(&left) + 4)
        .min(34);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            left,
            Style::new().add_modifier(Modifier::BOLD),
        ))
        .title(
            Line::from(crate::tui::widgets::title(
                quiz.title.get(lang),
                room as u16,
                0,
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
    let hint = match q.kind {
        QuestionKind::Multiple => Some("quiz-choose-all"),
        QuestionKind::Matching => Some("quiz-match-hint"),
        QuestionKind::Ordering => Some("quiz-order-hint"),
        _ => None,
    };
    if let Some(hint) = hint.filter(|_| r.phase == Phase::Asking) {
        lines.extend(wrap_plain(
            &app.t(hint),
            width,
            Style::new().fg(Color::Gray),
            " ",
            " ",
        ));
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
        QuestionKind::Text | QuestionKind::Matching | QuestionKind::Ordering => vec![],
    };
    match q.kind {
        QuestionKind::Matching => matching_lines(r, q, item, &feedback, lang, width, &mut lines),
        QuestionKind::Ordering => ordering_lines(r, q, item, &feedback, lang, width, &mut lines),
        _ => {}
    }
    for (shown, text) in option_texts.iter().enumerate() {
        let checked = match (&feedback, q.kind) {
            (Some((_, Response::Choice(ids))), _) => item
                .order
                .get(shown)
                .and_then(|i| q.options.get(*i))
                .is_some_and(|o| ids.contains(&o.id)),
            (Some((_, Response::Bool(b))), _) => (shown == 0) == *b,
            (None, QuestionKind::Multiple) => r.chosen.contains(&shown),
            (None, _) => r.moved && r.cursor == shown,
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
        } else if asking && r.moved && r.cursor == shown {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        // After the answer a right option is marked ✓ and a wrong choice ✗, not by colour alone.
        let lead = if asking && r.moved && r.cursor == shown {
            "▶"
        } else if feedback.is_some() && is_right {
            "✓"
        } else if feedback.is_some() && checked {
            "✗"
        } else {
            " "
        };
        let first = format!(" {lead} {mark} {}) ", option_label(shown));
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
        let chosen = chosen_feedback(q, item, resp, lang);
        if !chosen.is_empty() {
            lines.push(Line::from(Span::styled(
                format!(" {}:", app.t("quiz-option-feedback")),
                Style::new().add_modifier(Modifier::BOLD),
            )));
            for f in &chosen {
                lines.extend(wrap_plain(f, width, Style::default(), "  ", "     "));
            }
        }
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

const RIGHT: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
const WRONG: Style = Style::new().fg(Color::Red);
const CURSOR: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);

/// Matching: the left items with the number given to each, then the right items numbered.
fn matching_lines(
    r: &RunState,
    q: &crate::domain::content::Question,
    item: &crate::domain::quiz::PaperItem,
    feedback: &Option<(Grade, Response)>,
    lang: crate::domain::i18n::Lang,
    width: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let asking = feedback.is_none();
    for (left, p) in q.pairs.iter().enumerate() {
        // The right item given, by its place in the right column.
        let given: Option<usize> = match feedback {
            Some((_, Response::Pairs(given))) => given
                .iter()
                .find(|(l, _)| *l == p.id)
                .and_then(|(_, rid)| q.pairs.iter().position(|x| x.id == *rid))
                .and_then(|i| item.order.iter().position(|&o| o == i)),
            _ => r.matches.get(left).copied().flatten(),
        };
        let is_right = given
            .and_then(|g| item.order.get(g))
            .is_some_and(|&i| i == left);
        let at_cursor = asking && r.cursor == left;
        let style = match (asking, is_right) {
            (false, true) => RIGHT,
            (false, false) => WRONG,
            _ if at_cursor => CURSOR,
            _ => Style::default(),
        };
        let arrow = given
            .map(|g| (g + 1).to_string())
            .unwrap_or_else(|| "…".into());
        let lead = match (asking, is_right) {
            (false, true) => "✓",
            (false, false) => "✗",
            _ if at_cursor => "▶",
            _ => " ",
        };
        let first = format!(" {lead} {}) ", option_label(left));
        let indent = " ".repeat(crate::domain::text::width(&first));
        let text = format!("{} → {arrow}", p.left.get(lang));
        push_styled(
            lines,
            wrap_plain(&text, width, style, &first, &indent),
            style,
        );
    }
    lines.push(Line::default());
    for (shown, &i) in item.order.iter().enumerate() {
        let Some(p) = q.pairs.get(i) else { continue };
        let first = format!("   {}) ", shown + 1);
        let indent = " ".repeat(crate::domain::text::width(&first));
        lines.extend(wrap_plain(
            p.right.get(lang),
            width,
            Style::default(),
            &first,
            &indent,
        ));
    }
}

/// Ordering: the items as arranged, numbered by place; the taken one marked.
fn ordering_lines(
    r: &RunState,
    q: &crate::domain::content::Question,
    item: &crate::domain::quiz::PaperItem,
    feedback: &Option<(Grade, Response)>,
    lang: crate::domain::i18n::Lang,
    width: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let asking = feedback.is_none();
    let arranged: Vec<usize> = match feedback {
        Some((_, Response::Order(ids))) => ids
            .iter()
            .filter_map(|id| q.items.iter().position(|x| x.id == *id))
            .collect(),
        _ => r.arranged(item),
    };
    for (place, &i) in arranged.iter().enumerate() {
        let Some(it) = q.items.get(i) else { continue };
        let label = item
            .order
            .iter()
            .position(|&o| o == i)
            .map(option_label)
            .unwrap_or('?');
        let at_cursor = asking && r.cursor == place;
        let style = match (asking, place == i) {
            (false, true) => RIGHT,
            (false, false) => WRONG,
            _ if at_cursor => CURSOR,
            _ => Style::default(),
        };
        let mark = match (asking, place == i, at_cursor, r.carrying) {
            (false, true, ..) => "✓",
            (false, false, ..) => "✗",
            (true, _, true, true) => "⇅",
            (true, _, true, false) => "▶",
            _ => " ",
        };
        let first = format!(" {mark} {}. {label}) ", place + 1);
        let indent = " ".repeat(crate::domain::text::width(&first));
        push_styled(
            lines,
            wrap_plain(it.text.get(lang), width, style, &first, &indent),
            style,
        );
    }
}

/// Wrapped lines whose first line's lead (the marker and label) takes the style too.
fn push_styled(lines: &mut Vec<Line<'static>>, wrapped: Vec<Line<'static>>, style: Style) {
    for (i, mut line) in wrapped.into_iter().enumerate() {
        if i == 0 {
            if let Some(s) = line.spans.first_mut() {
                s.style = style;
            }
        }
        lines.push(line);
    }
}

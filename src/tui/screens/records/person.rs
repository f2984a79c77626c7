//! One person on the records screen: their attempts and the answers of the one under the cursor;
//! granting an attempt, printing certificates, deleting the person.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use super::{prompt, reload, Pending, RecordsState, RecordsView};
use crate::domain::attempt::{Attempt, StoredAnswer};
use crate::domain::i18n::Msg;
use crate::domain::records::PersonRecord;
use crate::tui::action::Action;
use crate::tui::session::Session;
use crate::tui::widgets::ListCursor;

pub struct PersonDetail {
    pub record: PersonRecord,
    pub attempts: Vec<Attempt>,
    pub cursor: ListCursor,
    pub answers: Vec<StoredAnswer>,
}

impl PersonDetail {
    /// A person's attempts, newest first as the store gives them, and the first one's answers.
    pub(super) fn open(app: &Session, record: PersonRecord) -> PersonDetail {
        let attempts: Vec<Attempt> = app
            .pack
            .quizzes
            .iter()
            .flat_map(|q| app.read(app.store.attempts(&record.person_id, &q.id)))
            .collect();
        // The first attempt's answers (none to show without an attempt).
        let answers = match attempts.first() {
            Some(a) => app.read(app.store.answers(&a.id)),
            None => Vec::new(),
        };
        PersonDetail {
            record,
            attempts,
            cursor: ListCursor::default(),
            answers,
        }
    }
}

/// One more attempt at the quiz of the attempt under the cursor.
pub(super) fn grant(s: &mut RecordsState, app: &mut Session) {
    let RecordsView::Person(d) = &mut s.view else {
        return;
    };
    let Some(a) = d.attempts.get(d.cursor.selected()) else {
        return;
    };
    let (person, quiz) = (d.record.person_id.clone(), a.quiz_id.clone());
    let title = app
        .pack
        .quiz(&quiz)
        .map_or(quiz.clone(), |q| q.title.get(app.lang()).to_string());
    match app.store.grant_attempt(&person, &quiz) {
        Ok(n) => app.info(
            &Msg::new("records-granted")
                .arg("quiz", title)
                .arg("extra", n),
        ),
        Err(e) => app.error(&e.msg()),
    }
}

/// Delete the person on screen (asked and confirmed before).
pub(super) fn delete(s: &mut RecordsState, app: &mut Session) {
    let RecordsView::Person(d) = &s.view else {
        return;
    };
    let (id, name) = (d.record.person_id.clone(), d.record.full_name.clone());
    match app.store.delete_person(&id) {
        Ok(()) => {
            s.view = RecordsView::Table;
            reload(app, s);
            if app.person.as_ref().is_some_and(|p| p.id == id) {
                // The profile on screen was deleted: no one is signed in now.
                app.person = None;
            }
            app.info(&Msg::new("records-deleted").arg("name", name));
        }
        Err(e) => app.error(&e.msg()),
    }
}

pub(super) fn update(s: &mut RecordsState, app: &mut Session, action: Action) {
    let RecordsView::Person(d) = &mut s.view else {
        return;
    };
    match action {
        _ if d.cursor.navigate(action, d.attempts.len()) => {
            d.answers = match d.attempts.get(d.cursor.selected()) {
                Some(a) => app.read(app.store.answers(&a.id)),
                None => Vec::new(),
            };
        }
        Action::Grant if !d.attempts.is_empty() => prompt::guarded(s, app, Pending::Grant),
        // An extra attempt is granted at a quiz this person has used up: say so, not nothing.
        Action::Grant => app.info(&Msg::new("records-grant-no-attempts")),
        Action::Delete => prompt::guarded(s, app, Pending::Delete),
        Action::Certificate => {
            // Every course this person completed.
            let pid = d.record.person_id.clone();
            let done: Vec<String> = app
                .read(app.store.course_records(&[pid.as_str()]))
                .into_iter()
                .filter(|c| c.completed_at.is_some())
                .map(|c| c.course_id)
                .collect();
            if done.is_empty() {
                app.info(&Msg::new("records-no-certificate"));
            }
            for course in done {
                crate::tui::certificate::print_for(app, &pid, &course);
            }
        }
        Action::Back => s.view = RecordsView::Table,
        _ => {}
    }
}

// ---- drawing ----

/// An answer as the official saw it ("b) …"), or its stored form when the question is gone.
fn shown_response(app: &Session, d: &PersonDetail, a: &StoredAnswer) -> String {
    d.attempts
        .get(d.cursor.selected())
        .and_then(|at| at.paper.items.get(a.position))
        .and_then(|item| {
            crate::domain::quiz::engine::question(&app.pack, item)
                .map(|q| crate::domain::present::response_text(q, item, &a.response, &app.i18n))
        })
        .unwrap_or_else(|| a.response.encode())
}

pub(super) fn view(app: &Session, d: &PersonDetail, frame: &mut Frame, area: Rect) {
    let vi = app.lang().is_vi();
    let r = &d.record;
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        crate::tui::widgets::title(&r.full_name, area.width, 0),
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
            let practice = if a.practice {
                format!(" · {}", app.t("quiz-practice"))
            } else {
                String::new()
            };
            ListItem::new(Line::from(format!(
                "{when}  {score:>7}  {}  {}{practice}",
                crate::domain::text::truncate(&title, 36),
                app.t(a.status.msg_id())
            )))
        })
        .collect();
    let list = List::new(items)
        .block(
            Block::default()
                .borders(Borders::BOTTOM)
                .title(crate::tui::widgets::title(
                    &app.t("records-attempts"),
                    list_area.width,
                    0,
                )),
        )
        .highlight_style(Style::new().fg(Color::Yellow))
        .highlight_symbol("▶ ");
    let mut state =
        ListState::default().with_selected((!d.attempts.is_empty()).then_some(d.cursor.selected()));
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
            // The question as the official read it (its id only when the content lost it).
            let prompt = app
                .pack
                .quiz(&a.bank_id)
                .and_then(|q| q.questions.iter().find(|x| x.id == a.question_id))
                .map(|q| q.prompt.get(app.lang()).to_string())
                .unwrap_or_else(|| format!("{}/{}", a.bank_id, a.question_id));
            let head = format!(
                "{:>2}. ({}) ",
                a.position + 1,
                crate::domain::present::points(a.earned, vi)
            );
            let room =
                (answers_area.width as usize).saturating_sub(4 + crate::domain::text::width(&head));
            let answer = shown_response(app, d, a);
            let answer_room = (room / 3).max(8);
            let prompt_room = room.saturating_sub(answer_room + 3);
            Line::from(vec![
                Span::styled(format!(" {mark} "), Style::new().fg(color)),
                Span::raw(format!(
                    "{head}{} → {}",
                    crate::domain::text::truncate(&prompt, prompt_room),
                    crate::domain::text::truncate(&answer, answer_room)
                )),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), answers_area);
}

//! Question statistics on the records screen: computed once on entering, as a background job
//! (one query pass over the stored answers, with its own connection), then one quiz at a time in
//! a scrolling table; flagged questions carry a "!" and the flags in words, in colour as well.

use std::ops::Range;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{RecordsState, RecordsView};
use crate::domain::i18n::Msg;
use crate::domain::question_stats::{discrimination_text, QuestionStat};
use crate::domain::text::{collapse_whitespace, percent, truncate};
use crate::service::jobs::Job;
use crate::tui::action::Action;
use crate::tui::session::Session;
use crate::tui::widgets::ListCursor;

pub struct StatsView {
    /// The computation, until it ends.
    pub job: Option<Job<Result<Vec<QuestionStat>, Msg>>>,
    /// Every quiz's rows, each quiz's together (the service's order).
    pub rows: Vec<QuestionStat>,
    /// Each quiz's rows in `rows`, in order.
    pub groups: Vec<Range<usize>>,
    /// The quiz shown (an index into `groups`).
    pub quiz: usize,
    /// The row under the cursor, within the quiz shown.
    pub cursor: ListCursor,
}

impl StatsView {
    /// Start computing; the rows arrive on a later tick.
    pub(super) fn open(app: &Session) -> StatsView {
        StatsView {
            job: Some(crate::service::question_stats::spawn(
                app.store.path().to_path_buf(),
                app.pack.clone(),
            )),
            rows: Vec::new(),
            groups: Vec::new(),
            quiz: 0,
            cursor: ListCursor::default(),
        }
    }

    /// The rows of the quiz shown.
    pub fn shown(&self) -> &[QuestionStat] {
        self.groups
            .get(self.quiz)
            .and_then(|g| self.rows.get(g.clone()))
            .unwrap_or_default()
    }

    fn set_rows(&mut self, rows: Vec<QuestionStat>) {
        let mut groups: Vec<Range<usize>> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            match groups.last_mut() {
                Some(g) if rows[g.start].quiz_id == r.quiz_id => g.end = i + 1,
                _ => groups.push(i..i + 1),
            }
        }
        self.rows = rows;
        self.groups = groups;
        self.quiz = 0;
        self.cursor = ListCursor::default();
    }
}

/// On every tick: take the rows once the job has ended.
pub(super) fn poll(s: &mut RecordsState, app: &mut Session) {
    let RecordsView::Stats(v) = &mut s.view else {
        return;
    };
    let Some(outcome) = v.job.as_ref().and_then(|j| j.take_outcome()) else {
        return;
    };
    v.job = None;
    match outcome {
        Ok(rows) => v.set_rows(rows),
        Err(m) => {
            let detail = app.i18n.msg(&m);
            app.error(&Msg::new("qstats-failed").arg("detail", detail));
        }
    }
}

pub(super) fn update(s: &mut RecordsState, action: Action) {
    let RecordsView::Stats(v) = &mut s.view else {
        return;
    };
    match action {
        Action::Back => s.view = RecordsView::Table,
        Action::CourseNext if !v.groups.is_empty() => {
            v.quiz = (v.quiz + 1) % v.groups.len();
            v.cursor = ListCursor::default();
        }
        a => {
            let len = v.shown().len();
            v.cursor.navigate(a, len);
        }
    }
}

/// The first row on screen: the window of `height` rows that holds the cursor, as far down as
/// the cursor has pushed it (drawing keeps no state, so the window follows the cursor's page).
fn window_start(selected: usize, height: usize) -> usize {
    let h = height.max(1);
    selected / h * h
}

pub(super) fn view(app: &Session, v: &StatsView, frame: &mut Frame, area: Rect) {
    let vi = app.lang().is_vi();
    let lang = app.lang();
    let shown = v.shown();
    let title = match v.groups.get(v.quiz) {
        Some(_) => {
            let quiz = &shown[0];
            let name = quiz
                .quiz_title
                .as_ref()
                .map(|t| t.get(lang).to_string())
                .unwrap_or_else(|| quiz.quiz_id.clone());
            let head = app
                .i18n
                .ta("qstats-title", &[("count", shown.len().into())]);
            let place = format!("({}/{})", v.quiz + 1, v.groups.len());
            // The quiz's title gets what the border leaves.
            let room = (area.width as usize)
                .saturating_sub(crate::domain::text::width(&head) + place.len() + 10);
            format!(" {head} · {} {place} ", truncate(&name, room.max(8)))
        }
        None => format!(" {} ", app.t("qstats-sheet")),
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if v.job.is_some() || shown.is_empty() {
        let id = if v.job.is_some() {
            "qstats-computing"
        } else {
            "qstats-empty"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(app.t(id), Style::new().fg(Color::Gray))),
            inner,
        );
        return;
    }
    let [legend, table_area, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(Span::styled(
            app.t("qstats-legend"),
            Style::new().fg(Color::Gray),
        )),
        legend,
    );
    // The header takes one line of the table's area.
    let height = table_area.height.saturating_sub(1) as usize;
    let selected = v.cursor.selected().min(shown.len() - 1);
    let start = window_start(selected, height);
    let end = (start + height.max(1)).min(shown.len());
    let rows: Vec<Row> = shown[start..end]
        .iter()
        .map(|r| {
            let flagged = !r.flags.is_empty();
            let flags: Vec<String> = r.flags.iter().map(|f| app.t(f.short_msg_id())).collect();
            let prompt = r
                .prompt
                .as_ref()
                .map(|p| collapse_whitespace(p.get(lang)))
                .unwrap_or_else(|| app.t("qstats-gone"));
            let colour = if flagged { Color::Red } else { Color::Reset };
            Row::new(vec![
                Cell::from(format!(
                    "{}{}",
                    if flagged { "!" } else { " " },
                    r.question_id
                ))
                .style(Style::new().fg(colour)),
                Cell::from(prompt),
                Cell::from(format!("{:>5}", r.attempts)),
                Cell::from(format!(
                    "{:>8}",
                    r.facility.map(|f| percent(f, vi)).unwrap_or("—".into())
                )),
                Cell::from(format!("{:>7}", discrimination_text(r.discrimination, vi))),
                Cell::from(flags.join(", ")).style(Style::new().fg(colour)),
            ])
        })
        .collect();
    let header = Row::new(vec![
        Cell::from(app.t("qstats-short-question")),
        Cell::from(app.t("qstats-col-prompt")),
        Cell::from(app.t("qstats-short-attempts")),
        Cell::from(app.t("qstats-short-facility")),
        Cell::from(app.t("qstats-short-discrimination")),
        Cell::from(app.t("qstats-short-flags")),
    ])
    .style(Style::new().add_modifier(Modifier::BOLD));
    let table = Table::new(
        rows,
        [
            Constraint::Length(7),
            Constraint::Fill(1),
            Constraint::Length(5),
            Constraint::Length(8),
            Constraint::Length(9),
            Constraint::Length(18),
        ],
    )
    .header(header)
    .row_highlight_style(Style::new().fg(Color::Black).bg(Color::Yellow));
    let mut state = TableState::default().with_selected(Some(selected - start));
    frame.render_stateful_widget(table, table_area, &mut state);
    // The row under the cursor in full: its bank (a quiz may draw from others), its flags in
    // words, and its prompt.
    let r = &shown[selected];
    let flags: Vec<String> = r.flags.iter().map(|f| app.t(f.msg_id())).collect();
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!(" ({})", flags.join(", "))
    };
    let prompt = r
        .prompt
        .as_ref()
        .map(|p| collapse_whitespace(p.get(lang)))
        .unwrap_or_else(|| app.t("qstats-gone"));
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(
                &format!("{}/{}{flags}: {prompt}", r.bank_id, r.question_id),
                detail.width as usize,
            ),
            Style::new().fg(Color::Gray),
        )),
        detail,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_pages_with_the_cursor() {
        assert_eq!(window_start(0, 10), 0);
        assert_eq!(window_start(9, 10), 0);
        assert_eq!(window_start(10, 10), 10);
        assert_eq!(window_start(25, 10), 20);
        assert_eq!(window_start(3, 0), 3);
    }
}

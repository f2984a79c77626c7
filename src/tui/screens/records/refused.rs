//! The rows an import refused, each with its line and why (as `danvan roster import` prints
//! them), in a panel that scrolls one refused row at a time; drawing wraps only the rows shown.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::domain::i18n::Msg;
use crate::store::roster::BadRow;
use crate::tui::action::Action;
use crate::tui::session::Session;
use crate::tui::wrap::wrap_plain;

pub struct RefusedView {
    /// The file as the trainer typed it.
    pub file: String,
    /// What the import did ("added 3, …, 2 rows refused").
    pub summary: Msg,
    /// Rows added without an ID or a staff code (a warning, as the command line gives).
    pub unkeyed: usize,
    pub rows: Vec<BadRow>,
    /// The refused row at the top of the panel.
    pub top: usize,
}

/// Refused rows PgUp and PgDn move.
const PAGE: usize = 5;

impl RefusedView {
    pub fn new(file: String, summary: Msg, unkeyed: usize, rows: Vec<BadRow>) -> RefusedView {
        RefusedView {
            file,
            summary,
            unkeyed,
            rows,
            top: 0,
        }
    }

    fn last(&self) -> usize {
        self.rows.len().saturating_sub(1)
    }
}

/// Scroll keys; false for any other action.
pub fn navigate(v: &mut RefusedView, action: Action) -> bool {
    let last = v.last();
    v.top = match action {
        Action::Up | Action::ScrollUp => v.top.saturating_sub(1),
        Action::Down | Action::ScrollDown => (v.top + 1).min(last),
        Action::PageUp => v.top.saturating_sub(PAGE),
        Action::PageDown => (v.top + PAGE).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return false,
    };
    true
}

/// One refused row as wrapped lines: "line 12: why".
fn row_lines(app: &Session, row: &BadRow, width: usize) -> Vec<Line<'static>> {
    let head = app
        .i18n
        .ta("records-refused-line", &[("line", row.line.into())]);
    let text = format!("{head}: {}", app.i18n.msg(&row.msg));
    wrap_plain(&text, width, Style::default(), " • ", "   ")
}

pub fn view(app: &Session, v: &RefusedView, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(Color::Yellow))
        .title(Span::styled(
            crate::tui::widgets::title(
                &app.i18n
                    .ta("records-refused-title", &[("count", v.rows.len().into())]),
                area.width,
                0,
            ),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width.saturating_sub(1) as usize;
    let mut head = wrap_plain(
        &app.i18n
            .ta("records-refused-file", &[("file", v.file.clone().into())]),
        width,
        Style::new().fg(Color::Gray),
        " ",
        " ",
    );
    head.extend(wrap_plain(
        &app.i18n.msg(&v.summary),
        width,
        Style::default(),
        " ",
        " ",
    ));
    if v.unkeyed > 0 {
        head.extend(wrap_plain(
            &app.i18n
                .msg(&Msg::new("roster-unkeyed").arg("count", v.unkeyed)),
            width,
            Style::new().fg(Color::Yellow),
            " ",
            " ",
        ));
    }
    let head_height = (head.len() as u16 + 1).min(inner.height / 2);
    let [head_area, list_area, position_area] = Layout::vertical([
        Constraint::Length(head_height),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head), head_area);
    // From the top row down until the panel is full; at the end, rows above fill what is left,
    // so the last refused row ends the panel rather than standing alone.
    let height = list_area.height as usize;
    let mut start = v.top.min(v.last());
    let mut lines: Vec<Line> = Vec::new();
    let mut shown_last = start;
    for (i, row) in v.rows.iter().enumerate().skip(start) {
        let wrapped = row_lines(app, row, width);
        if !lines.is_empty() && lines.len() + wrapped.len() > height {
            break;
        }
        lines.extend(wrapped);
        shown_last = i;
    }
    while start > 0 && shown_last == v.last() {
        let above = row_lines(app, &v.rows[start - 1], width);
        if lines.len() + above.len() > height {
            break;
        }
        lines.splice(0..0, above);
        start -= 1;
    }
    lines.truncate(height);
    frame.render_widget(Paragraph::new(lines), list_area);
    if !v.rows.is_empty() {
        let position = app.i18n.ta(
            "records-refused-position",
            &[
                ("first", (start + 1).into()),
                ("last", (shown_last + 1).into()),
                ("count", v.rows.len().into()),
            ],
        );
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                position,
                Style::new().fg(Color::DarkGray),
            )))
            .right_aligned(),
            position_area,
        );
    }
}

//! Completion rates per unit: the share of each unit's people who completed the chosen course
//! (or every course), as a bar, one unit (code and name) a row; the list scrolls with the cursor.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem};
use ratatui::Frame;

use super::RecordsState;
use crate::domain::records::UnitRate;
use crate::domain::text::{truncate, width};
use crate::tui::action::Action;
use crate::tui::session::Session;
use crate::tui::widgets::ListCursor;

/// The rates, read once on opening, and the row under the cursor.
pub struct RatesView {
    pub rates: Vec<UnitRate>,
    pub cursor: ListCursor,
}

impl RatesView {
    pub(super) fn new(rates: Vec<UnitRate>) -> RatesView {
        RatesView {
            rates,
            cursor: ListCursor::default(),
        }
    }
}

/// ↑↓, PgUp/PgDn, Home/End move through the units; false when `action` is not one of them.
pub(super) fn navigate(v: &mut RatesView, action: Action) -> bool {
    v.cursor.navigate(action, v.rates.len())
}

/// A code column as wide as the longest code, within reason.
const CODE_WIDTH_MAX: usize = 14;

pub(super) fn view(app: &Session, s: &RecordsState, v: &RatesView, frame: &mut Frame, area: Rect) {
    let vi = app.lang().is_vi();
    let courses: Vec<&str> = match &s.filter.course_id {
        Some(c) => vec![c.as_str()],
        None => app.pack.courses.iter().map(|c| c.id.as_str()).collect(),
    };
    let position = if v.rates.is_empty() {
        String::new()
    } else {
        format!(" {}/{} ", v.cursor.selected() + 1, v.rates.len())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(crate::tui::widgets::title(
            &app.t("records-rates-title"),
            area.width,
            crate::domain::text::width(&position),
        ))
        .title(Line::from(position).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let bar_width = 20usize;
    let code_width = v
        .rates
        .iter()
        .map(|r| width(&r.unit_code))
        .max()
        .unwrap_or(0)
        .min(CODE_WIDTH_MAX);
    // The marker, the code and its gap, the bar and the percentage take the rest.
    let name_width = (inner.width as usize)
        .saturating_sub(bar_width + 12 + code_width + 3)
        .max(10);
    let pad = |text: &str, w: usize| {
        let t = truncate(text, w);
        let fill = w.saturating_sub(width(&t));
        format!("{t}{}", " ".repeat(fill))
    };
    // Only the rows that fit are built: the list is drawn from the window holding the cursor.
    let height = (inner.height as usize).max(1);
    let first = v.cursor.selected() / height * height;
    let items: Vec<ListItem> = v
        .rates
        .iter()
        .skip(first)
        .take(height)
        .map(|r| {
            // The share of the unit's people who completed the chosen course(s).
            let done: u32 = r
                .completed
                .iter()
                .filter(|(c, _)| courses.contains(&c.as_str()))
                .map(|(_, n)| n)
                .sum();
            let possible = r.people as f64 * courses.len() as f64;
            let pct = if possible > 0.0 {
                done as f64 * 100.0 / possible
            } else {
                0.0
            };
            let filled = (((pct / 100.0) * bar_width as f64).round() as usize).min(bar_width);
            ListItem::new(Line::from(vec![
                Span::styled(
                    format!("{} ", pad(&r.unit_code, code_width)),
                    Style::new().fg(Color::Cyan),
                ),
                Span::raw(format!("{} ", pad(&r.unit_name, name_width))),
                Span::styled("█".repeat(filled), Style::new().fg(Color::Green)),
                Span::styled(
                    "░".repeat(bar_width - filled),
                    Style::new().fg(Color::DarkGray),
                ),
                Span::raw(format!(" {:>7}", crate::domain::text::percent(pct, vi))),
            ]))
        })
        .collect();
    let list = List::new(items)
        .highlight_style(Style::new().fg(Color::Black).bg(Color::Yellow))
        .highlight_symbol("▶");
    let mut state = ratatui::widgets::ListState::default()
        .with_selected((!v.rates.is_empty()).then(|| v.cursor.selected() - first));
    frame.render_stateful_widget(list, inner, &mut state);
}

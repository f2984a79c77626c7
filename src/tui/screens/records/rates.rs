//! Completion rates per unit: the share of each unit's people who completed the chosen course
//! (or every course), as a bar.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem};
use ratatui::Frame;

use super::RecordsState;
use crate::domain::records::UnitRate;
use crate::tui::session::Session;

pub(super) fn view(
    app: &Session,
    s: &RecordsState,
    rates: &[UnitRate],
    frame: &mut Frame,
    area: Rect,
) {
    let vi = app.lang().is_vi();
    let courses: Vec<&str> = match &s.filter.course_id {
        Some(c) => vec![c.as_str()],
        None => app.pack.courses.iter().map(|c| c.id.as_str()).collect(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", app.t("records-rates-title")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let bar_width = 20usize;
    let name_width = (inner.width as usize)
        .saturating_sub(bar_width + 12)
        .max(10);
    let items: Vec<ListItem> = rates
        .iter()
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
            let filled = ((pct / 100.0) * bar_width as f64).round() as usize;
            ListItem::new(Line::from(vec![
                Span::raw(format!(
                    "{:<w$} ",
                    crate::domain::text::truncate(&r.unit_name, name_width),
                    w = name_width
                )),
                Span::styled("█".repeat(filled), Style::new().fg(Color::Green)),
                Span::styled(
                    "░".repeat(bar_width - filled.min(bar_width)),
                    Style::new().fg(Color::DarkGray),
                ),
                Span::raw(format!(" {:>7}", crate::domain::text::percent(pct, vi))),
            ]))
        })
        .collect();
    frame.render_widget(List::new(items), inner);
}

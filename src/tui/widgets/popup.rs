//! A popup over the screen: where it goes (centred) and its frame (a yellow border, a title),
//! cleared before it is drawn.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;

/// A `width`×`height` box centred in `area` (clipped to it), cleared, with its bordered,
/// titled block drawn: returns the area inside the border.
pub fn popup(frame: &mut Frame, area: Rect, width: u16, height: u16, title: &str) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    let at = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, at);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(Color::Yellow))
        .title(super::title(title, width, 0));
    let inner = block.inner(at);
    frame.render_widget(block, at);
    inner
}

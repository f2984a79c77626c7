//! Where things go on screen. `update` and `view` both ask here, so the reader's scrolling
//! and its drawing agree on the size of the text.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the kit asks for a larger terminal.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// Long lines are hard to read: the reader's text stops at this width.
pub const MAX_TEXT_WIDTH: u16 = 100;

pub struct Areas {
    pub header: Rect,
    pub body: Rect,
    pub status: Rect,
    pub footer: Rect,
}

pub fn areas(area: Rect) -> Areas {
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(area);
    Areas {
        header,
        body,
        status,
        footer,
    }
}

/// The reader's text inside its bordered block: one cell of padding, room for the scrollbar.
pub fn reader_text_rect(inner: Rect) -> Rect {
    let width = inner.width.saturating_sub(3).min(MAX_TEXT_WIDTH);
    Rect {
        x: inner.x + 1,
        y: inner.y,
        width,
        height: inner.height,
    }
}

/// Width and height of the reader's text for a terminal of `size`.
pub fn reader_text_size(size: (u16, u16)) -> (u16, u16) {
    let body = areas(Rect::new(0, 0, size.0, size.1)).body;
    let inner = Rect {
        x: body.x + 1,
        y: body.y + 1,
        width: body.width.saturating_sub(2),
        height: body.height.saturating_sub(2),
    };
    let r = reader_text_rect(inner);
    (r.width.max(10), r.height.max(1))
}

pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_WIDTH || size.1 < MIN_HEIGHT
}

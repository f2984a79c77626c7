//! The cursor of a list on screen: ↑↓ (and the mouse wheel), Home/End and PgUp/PgDn move it, and
//! it never leaves the list. Drawing scrolls the list so the cursor row is on screen.

use ratatui::widgets::ListState;

use crate::tui::action::Action;

/// Rows PgUp and PgDn move.
const PAGE: usize = 10;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    selected: usize,
}

impl ListCursor {
    pub fn at(selected: usize) -> ListCursor {
        ListCursor { selected }
    }

    pub fn selected(self) -> usize {
        self.selected
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn down(&mut self, len: usize) {
        self.selected = (self.selected + 1).min(len.saturating_sub(1));
    }

    /// Move for a list key; false when `action` is not one.
    pub fn navigate(&mut self, action: Action, len: usize) -> bool {
        let last = len.saturating_sub(1);
        match action {
            Action::Up | Action::ScrollUp => self.up(),
            Action::Down | Action::ScrollDown => self.down(len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::PageUp => self.selected = self.selected.saturating_sub(PAGE),
            Action::PageDown => self.selected = (self.selected + PAGE).min(last),
            _ => return false,
        }
        true
    }

    /// The state ratatui's `List` draws with: scrolled just enough to show the cursor.
    pub fn list_state(self) -> ListState {
        ListState::default().with_selected(Some(self.selected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stays_inside_the_list() {
        let mut c = ListCursor::default();
        c.navigate(Action::Up, 3);
        assert_eq!(c.selected(), 0);
        c.navigate(Action::PageDown, 3);
        assert_eq!(c.selected(), 2);
        c.navigate(Action::Down, 3);
        assert_eq!(c.selected(), 2);
        c.navigate(Action::Top, 3);
        assert_eq!(c.selected(), 0);
        c.navigate(Action::Bottom, 0);
        assert_eq!(c.selected(), 0);
        assert!(!c.navigate(Action::Enter, 3));
    }
}

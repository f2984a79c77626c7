//! From terminal keys to actions: which key events count (Windows sends releases too), and what
//! a key means on the screen on top.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::app::App;
use super::{keymap, view};

/// Windows reports both Press and Release. Act on Press, and on a Release that carries a
/// character with no Press before it (Alt+numpad input arrives that way).
#[derive(Default)]
pub struct KeyFilter {
    last_press: Option<KeyCode>,
}

impl KeyFilter {
    pub fn accept(&mut self, key: KeyEvent) -> Option<KeyEvent> {
        match key.kind {
            KeyEventKind::Press | KeyEventKind::Repeat => {
                self.last_press = Some(key.code);
                Some(key)
            }
            KeyEventKind::Release => {
                let pressed = self.last_press.take() == Some(key.code);
                match key.code {
                    KeyCode::Char(_) if !pressed => Some(KeyEvent {
                        kind: KeyEventKind::Press,
                        ..key
                    }),
                    _ => None,
                }
            }
        }
    }
}

/// A key becomes an action. While a text field has focus, letters and Backspace only edit
/// (Vietnamese input methods type by sending letters and Backspace).
pub fn translate(app: &App, key: KeyEvent) -> Action {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Action::ForceQuit;
    }
    let is_backspace = matches!(key.code, KeyCode::Backspace)
        || (ctrl && matches!(key.code, KeyCode::Char('h')))
        || matches!(key.code, KeyCode::Char('\u{8}') | KeyCode::Char('\u{7f}'));
    if app.screen.has_text_focus(&app.session.pack) && !app.help_open {
        if is_backspace {
            return Action::Backspace;
        }
        if let KeyCode::Char(c) = key.code {
            if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) {
                return Action::Input(c);
            }
        }
    }
    if app.help_open {
        return match key.code {
            KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter => Action::Help,
            _ => Action::None,
        };
    }
    keymap::lookup(&view::bindings(app), &key).unwrap_or(Action::None)
}

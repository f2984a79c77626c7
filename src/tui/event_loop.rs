//! The event loop: draw, wait for a key, the mouse, a resize or half a second, turn it into an
//! `Action` and hand it to `App::update`. Also puts the terminal back as it was on every way out.

use std::io;

use ratatui::crossterm::event::{self, DisableMouseCapture, Event, MouseEventKind};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{disable_raw_mode, LeaveAlternateScreen};
use ratatui::prelude::CrosstermBackend;
use ratatui::Terminal;

use super::action::Action;
use super::app::App;
use super::input::{translate, KeyFilter};
use super::view;

/// Put the terminal back as it was: raw mode off, main screen, no mouse capture, cursor shown.
pub(super) fn restore_terminal() {
    let _ = execute!(
        io::stdout(),
        ratatui::crossterm::event::DisableBracketedPaste
    );
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped, so every way out (return, `?`, panic unwinding) restores it.
pub(super) struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

pub(super) fn run(
    store: crate::store::Store,
    pack: crate::domain::content::Pack,
    lang: crate::domain::i18n::Lang,
) -> io::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let mut app = App::new(store, pack, lang, (size.width, size.height));
    let mut keys = KeyFilter::default();
    loop {
        terminal.draw(|f| view::view(&app, f))?;
        if app.quit {
            return Ok(());
        }
        // Wake twice a second so the quiz timer runs even without keys.
        if !event::poll(std::time::Duration::from_millis(500))? {
            app.update(Action::Tick);
            continue;
        }
        let ev = event::read()?;
        let action = match ev {
            Event::Key(key) => match keys.accept(key) {
                Some(key) => translate(&app, key),
                None => Action::None,
            },
            Event::Mouse(m) => match m.kind {
                MouseEventKind::ScrollUp => Action::ScrollUp,
                MouseEventKind::ScrollDown => Action::ScrollDown,
                _ => Action::None,
            },
            Event::Resize(w, h) => Action::Resize(w, h),
            Event::Paste(text) => {
                for c in text.chars() {
                    match c {
                        '\n' => app.update(Action::PasteNewline),
                        c if c.is_control() => {}
                        c => app.update(Action::Input(c)),
                    }
                }
                Action::None
            }
            _ => Action::None,
        };
        app.update(action);
    }
}

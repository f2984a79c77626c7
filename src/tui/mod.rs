//! The terminal interface: key → `Action` (through the keymap) → `update` → `view`.

pub mod app;
pub mod keymap;
pub mod layout;
pub mod screens;
pub mod view;
pub mod widgets;
pub mod wrap;

use std::io::{self, Write};
use std::process::ExitCode;

use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::prelude::CrosstermBackend;
use ratatui::Terminal;

use crate::boot::{load_pack, open_store, Context};
use app::{Action, App};

/// Put the terminal back as it was: raw mode off, main screen, no mouse capture, cursor shown.
fn restore_terminal() {
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
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

pub fn run(ctx: Context) -> ExitCode {
    let pack = match load_pack(&ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let store = match open_store(&ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // The saved language applies unless the flag or environment chose one.
    let lang = if ctx.lang_forced {
        ctx.lang
    } else {
        store
            .setting(crate::store::settings::LANGUAGE)
            .ok()
            .flatten()
            .and_then(|s| crate::domain::i18n::Lang::parse(&s))
            .unwrap_or(ctx.lang)
    };

    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    if let Err(e) = enable_raw_mode()
        .and_then(|_| execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture))
        .map(|_| {
            // Pasted text arrives whole where the terminal supports it; the classic Windows
            // console does not, and then a paste is a stream of keys.
            let _ = execute!(
                io::stdout(),
                ratatui::crossterm::event::EnableBracketedPaste
            );
        })
    {
        restore_terminal();
        return ctx.fail(&crate::domain::i18n::Msg::new("tui-start-failed").arg("detail", e));
    }
    let guard = TerminalGuard;
    let result = event_loop(store, pack, lang);
    drop(guard);
    let _ = io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ctx.fail(&crate::domain::i18n::Msg::new("tui-start-failed").arg("detail", e)),
    }
}

fn event_loop(
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
    if app.screen.has_text_focus(&app.pack) && !app.help_open {
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
    keymap::lookup(view::bindings(app), &key).unwrap_or(Action::None)
}

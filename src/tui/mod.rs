//! The terminal interface: key → `Action` (through the keymap) → `update` → `view`. `run` loads
//! the pack and opens the store, then hands the terminal to the event loop.

pub mod action;
pub mod app;
mod certificate;
mod event_loop;
pub mod footer;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod nav;
pub mod screens;
pub mod session;
pub mod view;
pub mod widgets;
pub mod wrap;

use std::io::{self, Write};
use std::process::ExitCode;

use ratatui::crossterm::event::EnableMouseCapture;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{enable_raw_mode, EnterAlternateScreen};

use crate::boot::{load_pack, open_store, Context};
use event_loop::{restore_terminal, TerminalGuard};

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
    // A database that cannot be read is said now, with the file and the cause, before the
    // terminal is taken: every screen would otherwise be empty.
    let lang = if ctx.lang_forced {
        ctx.lang
    } else {
        match store.setting(crate::store::settings::LANGUAGE) {
            Ok(saved) => saved
                .and_then(|s| crate::domain::i18n::Lang::parse(&s))
                .unwrap_or(ctx.lang),
            Err(e) => return ctx.fail(&e.msg()),
        }
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
    let result = event_loop::run(store, pack, lang);
    drop(guard);
    let _ = io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ctx.fail(&crate::domain::i18n::Msg::new("tui-start-failed").arg("detail", e)),
    }
}

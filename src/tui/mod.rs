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

use crate::boot::{pack_or_report, Context};
use crate::domain::i18n::I18n;
use event_loop::{restore_terminal, TerminalGuard};

pub fn run(ctx: Context) -> ExitCode {
    // The pack is read on a thread of its own (the built-in one from its compact form, a
    // `--content` folder parsed in full) while the database opens, its saved language is read
    // and the screens' messages are parsed in it: the two sides take about as long as each
    // other. A pack that does not load is reported first, as before, and the kit does not start.
    let content_dir = ctx.content_dir.as_deref();
    let (loaded, opened) = std::thread::scope(|s| {
        let loaded = s.spawn(move || crate::boot::load_pack_to_run(content_dir));
        let opened = open_in_saved_lang(&ctx);
        (loaded.join(), opened)
    });
    // Whatever is said from here is said in the language saved in the database.
    let (ctx, opened) = match opened {
        Ok((store, i18n)) => (ctx.settled(i18n.lang()), Ok((store, i18n))),
        Err(e) => (ctx.with_saved_lang(), Err(e)),
    };
    let pack = match loaded {
        Ok(loaded) => match pack_or_report(&ctx, loaded) {
            Ok(p) => p,
            Err(code) => return code,
        },
        // The panic hook has printed why.
        Err(_) => return ExitCode::FAILURE,
    };
    // A database that cannot be read is said now, with the file and the cause, before the
    // terminal is taken: every screen would otherwise be empty.
    let (store, i18n) = match opened {
        Ok(opened) => opened,
        Err(e) => return ctx.fail(&e.msg()),
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
    let result = event_loop::run(store, pack, i18n);
    drop(guard);
    let _ = io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ctx.fail(&crate::domain::i18n::Msg::new("tui-start-failed").arg("detail", e)),
    }
}

/// The store opened and the messages in its saved language, unless the flag or the
/// environment chose one.
fn open_in_saved_lang(
    ctx: &Context,
) -> Result<(crate::store::Store, I18n), crate::store::StoreError> {
    let store = crate::store::Store::open(&ctx.db_path)?;
    let lang = if ctx.lang_forced {
        ctx.lang
    } else {
        store
            .setting(crate::store::settings::LANGUAGE)?
            .and_then(|s| crate::domain::i18n::Lang::parse(&s))
            .unwrap_or(ctx.lang)
    };
    Ok((store, I18n::new(lang)))
}

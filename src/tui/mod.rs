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
mod startup;
pub mod view;
pub mod widgets;
pub mod wrap;

use std::io::{self, Write};
use std::process::ExitCode;

use ratatui::crossterm::event::EnableMouseCapture;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{enable_raw_mode, EnterAlternateScreen};

use crate::boot::{pack_or_report, Context};
use event_loop::{restore_terminal, TerminalGuard};

pub fn run(ctx: Context) -> ExitCode {
    // The pack (the built-in one from its compact form, a `--content` folder parsed in full) and
    // the screens' messages in the language asked for (else Vietnamese) are read on a helper
    // thread while the database opens and its saved language is read. Whichever part the
    // helper has not begun by then, this thread does itself: a helper can wait a millisecond
    // for a core on a busy two-core PC. Should the saved language be another, its messages are
    // indexed once that is known (each message is parsed when first shown). A pack that does not load is reported first, and the kit does
    // not start.
    let preload = startup::Preload::spawn(ctx.content_dir.clone(), ctx.lang);
    let opened = open_in_saved_lang(&ctx);
    let loaded = preload.pack();
    // Whatever is said from here is said in the language saved in the database.
    let (ctx, opened) = match opened {
        Ok((store, lang)) => (ctx.settled(lang), Ok(store)),
        Err(e) => (ctx.with_saved_lang(), Err(e)),
    };
    let pack = match loaded {
        Some(loaded) => match pack_or_report(&ctx, loaded) {
            Ok(p) => p,
            Err(code) => return code,
        },
        // The panic hook has printed why.
        None => return ExitCode::FAILURE,
    };
    // A database that cannot be read is said now, with the file and the cause, before the
    // terminal is taken: every screen would otherwise be empty.
    let store = match opened {
        Ok(store) => store,
        Err(e) => return ctx.fail(&e.msg()),
    };
    let i18n = preload.messages(ctx.lang);

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

/// The store opened and the language to speak in: the one the flag or the environment chose,
/// else the one saved in the database, else Vietnamese.
fn open_in_saved_lang(
    ctx: &Context,
) -> Result<(crate::store::Store, crate::domain::i18n::Lang), crate::store::StoreError> {
    let store = crate::store::Store::open(&ctx.db_path)?;
    let lang = if ctx.lang_forced {
        ctx.lang
    } else {
        store
            .setting(crate::store::settings::LANGUAGE)?
            .and_then(|s| crate::domain::i18n::Lang::parse(&s))
            .unwrap_or(ctx.lang)
    };
    Ok((store, lang))
}

//! `danvan trainer set-passphrase`, `reset-passphrase` (which also replaces the signing key) and
//! `key`, and the guard other trainer commands use.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use crate::boot::{open_store, require_database, Context};
use crate::domain::i18n::Msg;
use crate::store::Store;

/// Read a passphrase: without echo from a terminal, or a line from a pipe (scripts, tests).
pub fn read_secret(prompt: &str) -> Option<String> {
    eprint!("{prompt} ");
    let _ = std::io::stderr().flush();
    if std::io::stdin().is_terminal() {
        use ratatui::crossterm::event::{read, Event, KeyCode, KeyEventKind, KeyModifiers};
        use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
        enable_raw_mode().ok()?;
        let mut s = String::new();
        let result = loop {
            match read() {
                Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                    KeyCode::Enter => break Some(s),
                    KeyCode::Esc => break None,
                    KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                        break None
                    }
                    KeyCode::Backspace => {
                        s.pop();
                    }
                    KeyCode::Char(c) => s.push(c),
                    _ => {}
                },
                Ok(_) => {}
                Err(_) => break None,
            }
        };
        let _ = disable_raw_mode();
        eprintln!();
        result
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).ok()?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        (!line.is_empty()).then_some(line)
    }
}

/// A line from standard input (not a terminal), without its line ending; None at its end.
fn read_line(prompt: &str) -> Option<String> {
    eprint!("{prompt} ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_string()),
    }
}

/// For a record-changing command: when a trainer passphrase is set, it must be given
/// (`DANVAN_TRAINER_PASSPHRASE`, or asked). Returns the exit code to stop with, if refused.
pub fn require(ctx: &Context, store: &Store) -> Result<(), ExitCode> {
    match store.has_trainer_passphrase() {
        Ok(false) => return Ok(()),
        Ok(true) => {}
        Err(e) => return Err(ctx.fail(&e.msg())),
    }
    let given = std::env::var("DANVAN_TRAINER_PASSPHRASE")
        .ok()
        .or_else(|| read_secret(&ctx.i18n().t("trainer-ask")));
    match given.map(|p| store.check_trainer_passphrase(&p)) {
        Some(Ok(true)) => Ok(()),
        Some(Err(e)) => Err(ctx.fail(&e.msg())),
        _ => Err(ctx.fail(&Msg::new("trainer-wrong"))),
    }
}

pub fn set_passphrase(ctx: &Context) -> ExitCode {
    let mut store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Changing it needs the current one.
    if let Err(code) = require(ctx, &store) {
        return code;
    }
    // From a script: DANVAN_TRAINER_NEW_PASSPHRASE, else a line on standard input
    // (DANVAN_TRAINER_PASSPHRASE keeps meaning the current one).
    let scripted = std::env::var("DANVAN_TRAINER_NEW_PASSPHRASE").ok();
    let terminal = scripted.is_none() && std::io::stdin().is_terminal();
    let first = match scripted {
        Some(p) => p,
        None if terminal => match read_secret(&ctx.i18n().t("trainer-new")) {
            Some(p) => p,
            None => return ctx.fail(&Msg::new("trainer-cancelled")),
        },
        None => read_line(&ctx.i18n().t("trainer-new")).unwrap_or_default(),
    };
    if first.trim().is_empty() {
        return ctx.fail(&Msg::new("trainer-empty"));
    }
    if terminal {
        let again = read_secret(&ctx.i18n().t("trainer-again"));
        if again.as_deref() != Some(first.as_str()) {
            return ctx.fail(&Msg::new("trainer-mismatch"));
        }
    }
    match store.set_trainer_passphrase(&first) {
        Ok(()) => {
            println!("{}", ctx.i18n().t("trainer-set"));
            ExitCode::SUCCESS
        }
        Err(crate::store::StoreError::Invalid {
            field: "passphrase",
            ..
        }) => ctx
            .fail(&Msg::new("trainer-too-short").arg("min", crate::store::trainer::MIN_PASSPHRASE)),
        Err(e) => ctx.fail(&e.msg()),
    }
}

pub fn reset_passphrase(ctx: &Context) -> ExitCode {
    let mut store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let who = std::env::var("USERNAME")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_default();
    if let Err(e) = store.reset_trainer_passphrase(&who) {
        return ctx.fail(&e.msg());
    }
    println!("{}", ctx.i18n().t("trainer-reset"));
    // Whoever forgot the passphrase may not be the only one who had this PC: the key that signs
    // bundles and certificates is replaced too. Certificates signed before keep verifying (the
    // old public key file stays in the keys folder).
    match crate::service::certificates::rotate_key(&mut store, &who) {
        Ok((old, new)) => {
            println!(
                "{}",
                ctx.say(
                    &Msg::new("trainer-key-rotated")
                        .arg(
                            "old",
                            old.map(|f| f.to_string()).unwrap_or_else(|| "—".into())
                        )
                        .arg("new", new)
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => ctx.fail(&e.msg()),
    }
}

/// `danvan trainer key`: this database's key fingerprint, its id, and its public key file.
pub fn key(ctx: &Context) -> ExitCode {
    if let Err(code) = require_database(ctx) {
        return code;
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match crate::service::certificates::own_key(&store) {
        Ok((file, path)) => {
            println!(
                "{}",
                ctx.say(
                    &Msg::new("trainer-key-fingerprint").arg("fingerprint", file.fingerprint())
                )
            );
            println!(
                "{}",
                ctx.say(&Msg::new("trainer-key-database").arg("database", &file.database_id))
            );
            println!(
                "{}",
                ctx.say(&Msg::new("trainer-key-file").arg("file", path.display()))
            );
            ExitCode::SUCCESS
        }
        Err(e) => ctx.fail(&e.msg()),
    }
}

//! `danvan list`, `backup` and `restore`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::boot::{load_pack, open_store, require_database, Context};
use crate::domain::i18n::Msg;

/// Text from a file, never printed raw: no terminal escapes reach the screen.
fn shown(s: &str) -> String {
    crate::domain::text::strip_controls(s, false)
}

pub fn list(ctx: &Context) -> ExitCode {
    let pack = match load_pack(ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut out = std::io::stdout().lock();
    for c in &pack.courses {
        let _ = writeln!(
            out,
            "course\t{}\t{}",
            shown(&c.id),
            shown(c.title.get(ctx.lang))
        );
    }
    for q in &pack.quizzes {
        let _ = writeln!(
            out,
            "quiz\t{}\t{}",
            shown(&q.id),
            shown(q.title.get(ctx.lang))
        );
    }
    ExitCode::SUCCESS
}

pub fn backup(ctx: &Context, out: &Path) -> ExitCode {
    if let Err(code) = require_database(ctx) {
        return code;
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match store.backup_to(out) {
        Ok(()) => {
            println!(
                "{}",
                ctx.say(&Msg::new("backup-done").arg("path", out.display()))
            );
            ExitCode::SUCCESS
        }
        Err(e @ crate::store::StoreError::Exists { .. }) => ctx.fail(&e.msg()),
        Err(e) => ctx.fail(
            &Msg::new("backup-failed")
                .arg("path", out.display())
                .arg("detail", ctx.say(&e.msg())),
        ),
    }
}

pub fn restore(ctx: &Context, file: &Path) -> ExitCode {
    let mut store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Restoring replaces every record: behind the current database's passphrase, so an old
    // backup cannot be used to remove the guard. A refusal changes nothing.
    if let Err(code) = super::trainer::require(ctx, &store) {
        return code;
    }
    match store.restore_from(file) {
        Ok(kept) => {
            // The restored database records that it was restored, from where, and what was kept.
            let detail = format!("{} (kept: {})", file.display(), kept.display());
            if let Err(e) = store.log_action("restore", &detail) {
                return ctx.fail(&e.msg());
            }
            println!(
                "{}",
                ctx.say(
                    &Msg::new("restore-done")
                        .arg("path", file.display())
                        .arg("kept", kept.display())
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => ctx.fail(&e.msg()),
    }
}

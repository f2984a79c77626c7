//! `danvan export-gift QUIZ [--out FILE]`: a quiz's questions as Moodle GIFT, to standard output or
//! a new file; each question left out (or needing care in Moodle) is named on standard error.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::boot::{load_pack, refuse_existing_output, Context};
use crate::domain::i18n::Msg;
use crate::io::file::write_new;
use crate::io::gift;

pub fn run(ctx: &Context, quiz: &str, out: Option<&Path>) -> ExitCode {
    if let Err(code) = refuse_existing_output(ctx, out) {
        return code;
    }
    let pack = match load_pack(ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let Some(q) = pack.quiz(quiz) else {
        return ctx.fail(&Msg::new("export-gift-unknown-quiz").arg("quiz", quiz));
    };
    let result = gift::export(&pack, q);
    {
        let mut err = std::io::stderr().lock();
        for n in &result.notes {
            let _ = writeln!(
                err,
                "{}/{}: warning: {}",
                n.bank,
                n.question,
                ctx.say(&Msg {
                    id: n.kind.msg_id(),
                    args: n.kind.args(),
                })
            );
        }
    }
    match out {
        Some(path) => {
            if let Err(e) = write_new(path, result.gift.as_bytes()) {
                return ctx.fail(&e.msg());
            }
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(result.gift.as_bytes());
            let _ = stdout.flush();
        }
    }
    let skipped = result.notes.iter().filter(|n| n.kind.skipped()).count();
    eprintln!(
        "{}",
        ctx.i18n().ta(
            "export-gift-summary",
            &[
                ("exported", result.exported.into()),
                ("skipped", skipped.into()),
            ]
        )
    );
    ExitCode::SUCCESS
}

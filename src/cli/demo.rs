//! `danvan demo --db NEWFILE --people N [--seed S]`: a demonstration database of synthetic officials
//! of one province, for trying the kit and for measuring it. It is only ever written to a new file,
//! and is marked as demo data.

use std::path::Path;
use std::process::ExitCode;

use crate::boot::{load_pack, Context};
use crate::demo::{self, DemoOptions};
use crate::domain::i18n::Msg;

pub fn run(ctx: &Context, db: &Path, people: usize, seed: u64) -> ExitCode {
    if db.symlink_metadata().is_ok() {
        return ctx.fail(&Msg::new("demo-exists").arg("path", db.display()));
    }
    if people == 0 {
        return ctx.fail(&Msg::new("demo-no-people"));
    }
    let pack = match load_pack(ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let opts = DemoOptions {
        people,
        seed,
        today: crate::service::learning::today(),
    };
    match demo::create(db, &pack, &opts) {
        Ok(s) => {
            let mut seconds = format!("{:.1}", s.elapsed.as_secs_f64());
            if ctx.lang.is_vi() {
                seconds = seconds.replace('.', ",");
            }
            eprintln!(
                "{}",
                ctx.say(
                    &Msg::new("demo-done")
                        .arg("path", db.display())
                        .arg("seconds", seconds)
                        .arg("units", s.units)
                        .arg("people", s.people)
                        .arg("lessons", s.lessons_read)
                        .arg("attempts", s.attempts)
                        .arg("answers", s.answers)
                        .arg("completions", s.completions)
                        .arg("assessments", s.assessments)
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => ctx.fail(&e.msg()),
    }
}

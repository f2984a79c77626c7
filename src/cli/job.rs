//! The command line's runner for slow work (an import, a merge): the work runs through the
//! one job runner (`service::jobs::run_watched`), and its progress is drawn on standard error
//! only when that is a terminal, so what a script or a log reads is unchanged.

use std::io::{IsTerminal, Write};

use crate::boot::Context;
use crate::domain::i18n::Msg;
use crate::service::jobs::{run_watched, Progress};

/// Run `work`, showing "done/total" on a terminal as it goes (the line is cleared at the end).
pub fn run<T: Send>(ctx: &Context, work: impl FnOnce(&Progress) -> T + Send) -> T {
    let tty = std::io::stderr().is_terminal();
    let mut shown = None;
    let out = run_watched(work, |p| {
        let now = p.get();
        if !tty || now.1 == 0 || shown == Some(now) {
            return;
        }
        shown = Some(now);
        let text = ctx.say(
            &Msg::new("cli-job-progress")
                .arg("done", now.0)
                .arg("total", now.1),
        );
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{text}\x1b[K");
        let _ = err.flush();
    });
    if shown.is_some() {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[K");
        let _ = err.flush();
    }
    out
}

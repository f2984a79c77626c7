//! `danvan push --lrs URL [--user U] [--batch N] [filters]`: the xAPI statements of the records
//! the filters select, sent to a learning record store, only what is new for it
//! (`service::push`). The password comes from `--password-file`, `DANVAN_LRS_PASSWORD` or a
//! prompt, never from a flag; a progress bar on stderr when it is a terminal, plain lines
//! otherwise; a summary line on stdout.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use crate::boot::{load_pack, Context};
use crate::domain::i18n::Msg;
use crate::io::lrs::LrsConfig;
use crate::service::push::{self, PushOutcome, PushRequest, PASSWORD_ENV};

/// Refusals printed one by one; the rest are counted.
const REFUSALS_SHOWN: usize = 20;

/// What `danvan push` was given.
pub struct PushArgs<'a> {
    pub lrs: &'a str,
    pub user: Option<&'a str>,
    pub password_file: Option<&'a Path>,
    pub batch: usize,
    pub ca: Option<PathBuf>,
    pub unit: Option<&'a str>,
    pub course: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub homepage: &'a str,
}

/// The password for `user`: the file's first line, else the environment, else asked.
fn password(ctx: &Context, args: &PushArgs, user: &str) -> Result<String, ExitCode> {
    if let Some(file) = args.password_file {
        return match std::fs::read_to_string(file) {
            Ok(text) => {
                let line = text.lines().next().unwrap_or("").to_string();
                if line.is_empty() {
                    Err(ctx.fail(
                        &Msg::new("push-password-file")
                            .arg("file", file.display())
                            .arg("detail", ctx.i18n().t("push-password-empty")),
                    ))
                } else {
                    Ok(line)
                }
            }
            Err(e) => Err(ctx.fail(
                &Msg::new("push-password-file")
                    .arg("file", file.display())
                    .arg("detail", e),
            )),
        };
    }
    if let Some(p) = std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty()) {
        return Ok(p);
    }
    let ask = ctx.say(
        &Msg::new("push-ask-password")
            .arg("user", user)
            .arg("lrs", args.lrs.trim()),
    );
    super::trainer::read_secret(&ask)
        .ok_or_else(|| ctx.fail(&Msg::new("push-no-password").arg("user", user)))
}

/// Progress on stderr: a bar redrawn in place on a terminal, else a line at every tenth.
struct Meter<'c> {
    ctx: &'c Context,
    tty: bool,
    shown: u64,
}

impl Meter<'_> {
    fn show(&mut self, done: u64, total: u64) {
        if total == 0 {
            return;
        }
        let text = self.ctx.say(
            &Msg::new("push-progress")
                .arg("done", done)
                .arg("total", total),
        );
        let mut err = std::io::stderr().lock();
        if self.tty {
            const WIDTH: u64 = 30;
            let filled = (done.min(total) * WIDTH / total) as usize;
            let bar = format!(
                "{}{}",
                "█".repeat(filled),
                "░".repeat(WIDTH as usize - filled)
            );
            let _ = write!(err, "\r{bar} {text}\x1b[K");
            if done >= total {
                let _ = writeln!(err);
            }
            let _ = err.flush();
        } else {
            let step = total.div_ceil(10).max(1);
            if done > self.shown && (done >= total || done >= self.shown + step) {
                self.shown = done;
                let _ = writeln!(err, "{text}");
            }
        }
    }
}

pub fn run(ctx: &Context, args: PushArgs) -> ExitCode {
    let home = args.homepage.trim();
    if !super::bundle::valid_homepage(home) {
        return ctx.fail(&Msg::new("bundle-bad-homepage").arg("value", args.homepage));
    }
    let pack = match load_pack(ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (mut store, filter) =
        match super::bundle::prepare(ctx, args.unit, args.course, args.from, args.to, None) {
            Ok(x) => x,
            Err(code) => return code,
        };
    // Officials' records leave this machine: the trainer's guard, as for a merge.
    if let Err(code) = super::trainer::require(ctx, &store) {
        return code;
    }
    let user = args.user.map(str::trim).filter(|u| !u.is_empty());
    let password = match user {
        Some(u) => match password(ctx, &args, u) {
            Ok(p) => Some(p),
            Err(code) => return code,
        },
        None => None,
    };
    let lrs = args.lrs.trim();
    let req = PushRequest {
        lrs: LrsConfig {
            endpoint: lrs.to_string(),
            user: user.map(str::to_string),
            password,
            extra_ca: args.ca.clone(),
            batch: args.batch,
        },
        filter,
        homepage: home.to_string(),
    };
    let mut meter = Meter {
        ctx,
        tty: std::io::stderr().is_terminal(),
        shown: 0,
    };
    let outcome = push::push(
        &mut store,
        &pack,
        &req,
        &mut |d, t| meter.show(d, t),
        &AtomicBool::new(false),
    );
    match outcome {
        Ok(o) => {
            let _ = store.log_action(
                "push",
                &format!(
                    "{} sent {} through {}",
                    o.endpoint, o.summary.sent, o.sent_through
                ),
            );
            report(ctx, lrs, &o)
        }
        Err(e) => ctx.fail(&e.msg(lrs)),
    }
}

/// The summary line on stdout; refusals and a stop on stderr. Exit 1 unless all went.
fn report(ctx: &Context, lrs: &str, o: &PushOutcome) -> ExitCode {
    let s = &o.summary;
    let mut err = std::io::stderr().lock();
    for (id, reason) in s.refused.iter().take(REFUSALS_SHOWN) {
        let _ = writeln!(
            err,
            "danvan: {}",
            ctx.say(&Msg::new("push-refused").arg("id", id).arg("reason", reason))
        );
    }
    if s.refused.len() > REFUSALS_SHOWN {
        let _ = writeln!(
            err,
            "danvan: {}",
            ctx.say(&Msg::new("push-refused-more").arg("count", s.refused.len() - REFUSALS_SHOWN))
        );
    }
    println!(
        "{}",
        ctx.say(
            &Msg::new("push-summary")
                .arg("lrs", lrs)
                .arg("sent", s.sent)
                .arg("already", s.already_there)
                .arg("refused", s.refused.len())
        )
    );
    if let Some(why) = &s.stopped {
        return ctx.fail(&Msg::new("push-stopped").arg("lrs", lrs).arg("reason", why));
    }
    if !s.refused.is_empty() {
        return ctx.fail(&Msg::new("push-refused-next").arg("lrs", lrs));
    }
    ExitCode::SUCCESS
}

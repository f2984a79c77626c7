//! `danvan check`: validate a pack like a compiler, one `path:line:col: error: …` line per problem.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use fluent_bundle::FluentValue;

use super::Context;
use crate::content::{self, Diagnostic, QuestionKind, Severity};
use crate::text::word_count;

pub fn render(ctx: &Context, d: &Diagnostic) -> String {
    let args: Vec<(&str, FluentValue)> = d
        .args
        .iter()
        .map(|(k, v)| (*k, FluentValue::from(v.clone())))
        .collect();
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "{}:{}:{}: {sev}: {}",
        d.path,
        d.line,
        d.col,
        ctx.i18n.ta(d.code, &args)
    )
}

pub fn run(ctx: &Context, dir: Option<&Path>, stats: bool) -> ExitCode {
    let loaded = match content::load_pack(dir) {
        Ok(l) => l,
        Err(e) => return ctx.fail(&crate::i18n::Msg::new("content-read-failed").arg("detail", e)),
    };
    let mut out = std::io::stdout().lock();
    for d in &loaded.diagnostics {
        let _ = writeln!(out, "{}", render(ctx, d));
    }
    let errors = loaded.errors().count();
    let warnings = loaded.warnings().count();
    if let (Some(pack), true) = (&loaded.pack, stats) {
        print_stats(ctx, pack, &mut out);
    }
    let _ = writeln!(
        out,
        "{}",
        ctx.i18n.ta(
            "check-summary",
            &[("errors", errors.into()), ("warnings", warnings.into())]
        )
    );
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_stats(ctx: &Context, pack: &content::Pack, out: &mut impl Write) {
    let t = |id: &str| ctx.i18n.t(id);
    let _ = writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}",
        t("stats-course"),
        t("stats-lessons"),
        t("stats-words-vi"),
        t("stats-words-en"),
        t("stats-citations")
    );
    for c in &pack.courses {
        let vi: usize = c.lessons.iter().map(|l| word_count(&l.body.vi)).sum();
        let en: usize = c
            .lessons
            .iter()
            .map(|l| l.body.en.as_deref().map(word_count).unwrap_or(0))
            .sum();
        let cites: usize = c.lessons.iter().map(|l| l.cites.len()).sum();
        let _ = writeln!(out, "{}\t{}\t{vi}\t{en}\t{cites}", c.id, c.lessons.len());
    }
    if !pack.quizzes.is_empty() {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            t("stats-quiz"),
            t("stats-questions"),
            QuestionKind::Single.key(),
            QuestionKind::Multiple.key(),
            QuestionKind::TrueFalse.key(),
            QuestionKind::Text.key()
        );
        for q in &pack.quizzes {
            let count = |k| q.questions.iter().filter(|x| x.kind == k).count();
            // An exam that draws from banks counts the questions it draws.
            let total = if q.draw.is_empty() {
                q.questions.len()
            } else {
                q.draw.iter().map(|d| d.count as usize).sum()
            };
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                q.id,
                total,
                count(QuestionKind::Single),
                count(QuestionKind::Multiple),
                count(QuestionKind::TrueFalse),
                count(QuestionKind::Text)
            );
        }
    }
}

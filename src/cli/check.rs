//! `danvan check`: validate a pack like a compiler, one `path:line:col: error: …` line per problem.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::boot::Context;
use crate::domain::content::{self, QuestionKind};
use crate::domain::text::word_count;

pub fn run(ctx: &Context, dir: Option<&Path>, stats: bool, coverage: bool) -> ExitCode {
    let loaded = match content::load_pack(dir) {
        Ok(l) => l,
        Err(e) => {
            return ctx.fail(&crate::domain::i18n::Msg::new("content-read-failed").arg("detail", e))
        }
    };
    let mut out = std::io::stdout().lock();
    for d in &loaded.diagnostics {
        let _ = writeln!(out, "{}", crate::boot::render_diagnostic(ctx, d));
    }
    let errors = loaded.errors().count();
    let warnings = loaded.warnings().count();
    let mut warnings = warnings;
    if let (Some(pack), true) = (&loaded.pack, stats) {
        print_stats(ctx, pack, &mut out);
    }
    if let (Some(pack), true) = (&loaded.pack, coverage) {
        warnings += print_coverage(ctx, pack, &mut out);
    }
    let _ = writeln!(
        out,
        "{}",
        ctx.i18n().ta(
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
    let t = |id: &str| ctx.i18n().t(id);
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
    for c in &pack.checklists {
        let _ = writeln!(
            out,
            "{}\t{}\t{}",
            t("stats-checklist"),
            t("stats-task"),
            t("stats-criteria")
        );
        for task in &c.tasks {
            let _ = writeln!(out, "{}\t{}\t{}", c.id, task.number, task.criteria.len());
        }
    }
    if !pack.quizzes.is_empty() {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            t("stats-quiz"),
            t("stats-questions"),
            QuestionKind::Single.key(),
            QuestionKind::Multiple.key(),
            QuestionKind::TrueFalse.key(),
            QuestionKind::Text.key(),
            QuestionKind::Matching.key(),
            QuestionKind::Ordering.key(),
            t("stats-longest-key")
        );
        for q in &pack.quizzes {
            let count = |k| q.questions.iter().filter(|x| x.kind == k).count();
            // An exam that draws from banks counts the questions it draws.
            let total = if q.draw.is_empty() {
                q.questions.len()
            } else {
                q.draw.iter().map(|d| d.count as usize).sum()
            };
            // The share of single-choice keys that are the longest option ("-" without any).
            let (longest, singles) = q.longest_key_share();
            let share = match (longest * 100 + singles / 2).checked_div(singles) {
                Some(percent) => format!("{longest}/{singles} ({percent}%)"),
                None => "-".to_string(),
            };
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{share}",
                q.id,
                total,
                count(QuestionKind::Single),
                count(QuestionKind::Multiple),
                count(QuestionKind::TrueFalse),
                count(QuestionKind::Text),
                count(QuestionKind::Matching),
                count(QuestionKind::Ordering)
            );
        }
    }
}

/// For each of the directive's ten tasks: the lessons that serve it, the questions that test
/// those lessons, and the criteria that check it. Returns how many warnings it printed.
fn print_coverage(ctx: &Context, pack: &content::Pack, out: &mut impl Write) -> usize {
    let mut warnings = 0;
    for task in 1..=10u8 {
        let lessons: Vec<String> = pack
            .courses
            .iter()
            .flat_map(|c| {
                c.lessons
                    .iter()
                    .filter(|l| l.tasks.contains(&task))
                    .map(move |l| format!("{}/{}", c.id, l.id))
            })
            .collect();
        let questions: Vec<String> = pack
            .quizzes
            .iter()
            .flat_map(|q| {
                q.questions
                    .iter()
                    .filter(|x| lessons.contains(&x.lesson))
                    .map(move |x| format!("{}/{}", q.id, x.id))
            })
            .collect();
        let criteria: Vec<String> = pack
            .checklists
            .iter()
            .flat_map(|c| {
                c.tasks
                    .iter()
                    .filter(|t| t.number == task)
                    .flat_map(|t| t.criteria.iter().map(|x| x.id.clone()))
            })
            .collect();
        let _ = writeln!(
            out,
            "{}",
            ctx.i18n().ta(
                "coverage-task",
                &[
                    ("task", task.into()),
                    ("lessons", lessons.len().into()),
                    ("questions", questions.len().into()),
                    ("criteria", criteria.len().into()),
                ],
            )
        );
        for (label, items) in [
            ("coverage-lessons", &lessons),
            ("coverage-questions", &questions),
            ("coverage-criteria", &criteria),
        ] {
            if items.is_empty() {
                warnings += 1;
                let _ = writeln!(
                    out,
                    "warning: {}",
                    ctx.i18n().ta(
                        "coverage-missing",
                        &[("task", task.into()), ("what", ctx.i18n().t(label).into())]
                    )
                );
            } else {
                let _ = writeln!(out, "  {}: {}", ctx.i18n().t(label), items.join(", "));
            }
        }
    }
    warnings
}

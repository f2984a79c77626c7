//! `danvan stats [--quiz ID] [--format csv|xlsx] [--out FILE]`: the question statistics of
//! official attempts (attempts, facility, discrimination, flags), CSV to standard output without
//! `--out`, else a new file; XLSX needs `--out`. An existing file is never overwritten.

use std::path::Path;
use std::process::ExitCode;

use crate::boot::{load_pack, open_store, refuse_existing_output, require_database, Context};
use crate::domain::i18n::Msg;
use crate::service::question_stats;
use crate::service::records::RecordsError;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StatsFormat {
    /// CSV, UTF-8 with BOM, one row per question of a quiz
    #[default]
    Csv,
    /// Excel workbook (needs --out)
    Xlsx,
}

pub fn run(ctx: &Context, quiz: Option<&str>, format: StatsFormat, out: Option<&Path>) -> ExitCode {
    if format == StatsFormat::Xlsx && out.is_none() {
        return ctx.fail(&Msg::new("completion-xlsx-needs-out"));
    }
    if let Err(code) = refuse_existing_output(ctx, out) {
        return code;
    }
    if let Err(code) = require_database(ctx) {
        return code;
    }
    let pack = match load_pack(ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let quiz = quiz.map(str::trim);
    if let Some(id) = quiz {
        if pack.quiz(id).is_none() {
            return ctx.fail(&Msg::new("qstats-unknown-quiz").arg("quiz", id));
        }
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let written = match (format, out) {
        (StatsFormat::Xlsx, Some(path)) => {
            question_stats::xlsx_to(path, &store, &pack, quiz, ctx.i18n())
        }
        (StatsFormat::Xlsx, None) => return ctx.fail(&Msg::new("completion-xlsx-needs-out")),
        (StatsFormat::Csv, None) => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            question_stats::csv_to(&mut w, &store, &pack, quiz, ctx.i18n())
        }
        (StatsFormat::Csv, Some(path)) => csv_file(path, &store, &pack, quiz, ctx),
    };
    super::records_export::report_written(ctx, written, out, "qstats-written")
}

/// CSV to a new file; the rows are computed before the file is made, so an error leaves none.
fn csv_file(
    path: &Path,
    store: &crate::store::Store,
    pack: &crate::domain::content::Pack,
    quiz: Option<&str>,
    ctx: &Context,
) -> Result<u64, RecordsError> {
    let rows = question_stats::question_stats(store, pack, quiz)?;
    let text = crate::io::question_stats::csv(&rows, ctx.i18n());
    crate::io::file::write_new(path, text.as_bytes())?;
    Ok(rows.len() as u64)
}

//! `danvan report`: a unit's yearly self-assessment report, or the summary of a year across units,
//! as Markdown, HTML (an administrative document on A4), CSV or XLSX. Text formats go to standard
//! output unless `--out` names a new file; XLSX needs `--out`. Nothing is ever overwritten.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::boot::{load_pack, open_store, refuse_existing_output, require_database, Context};
use crate::domain::i18n::Msg;
use crate::io::file::{write_new, ExportError};
use crate::io::report;
use crate::service;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// Markdown
    #[default]
    Md,
    /// HTML laid out as an administrative document, to print on A4 (a unit's report; not with --summary)
    Html,
    /// CSV (UTF-8 with BOM), one row per criterion
    Csv,
    /// Excel workbook (needs --out)
    Xlsx,
}

pub fn run(
    ctx: &Context,
    unit: Option<&str>,
    year: i32,
    summary: bool,
    format: ReportFormat,
    out: Option<&Path>,
) -> ExitCode {
    if format == ReportFormat::Xlsx && out.is_none() {
        return ctx.fail(&Msg::new("report-xlsx-needs-out"));
    }
    if summary && format == ReportFormat::Html {
        return ctx.fail(&Msg::new("report-summary-no-html"));
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
    let Some(checklist) = service::assessment::checklist(&pack) else {
        return ctx.fail(&Msg::new("report-no-checklist"));
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let i18n = ctx.i18n();

    if summary {
        let rows = match service::assessment::summary_rows(&store, &pack, year) {
            Ok(r) => r,
            Err(e) => return ctx.fail(&e.msg()),
        };
        return match format {
            ReportFormat::Xlsx => finish(
                ctx,
                out,
                report::summary_xlsx_bytes(&rows, checklist, year, i18n),
            ),
            ReportFormat::Csv => emit(ctx, out, &report::summary_csv(&rows, checklist, year, i18n)),
            _ => emit(
                ctx,
                out,
                &report::summary_markdown(&rows, checklist, year, i18n),
            ),
        };
    }

    let code = unit.unwrap_or_default();
    let unit = match store.unit_by_code(code) {
        Ok(Some(u)) => u,
        Ok(None) => return ctx.fail(&Msg::new("report-unknown-unit").arg("code", code)),
        Err(e) => return ctx.fail(&e.msg()),
    };
    match store.assessment_for(&unit.id, year, &checklist.id) {
        Ok(Some(_)) => {}
        Ok(None) => {
            return ctx.fail(
                &Msg::new("report-no-assessment")
                    .arg("unit", &unit.name)
                    .arg("code", &unit.code)
                    .arg("year", year),
            )
        }
        Err(e) => return ctx.fail(&e.msg()),
    }
    let data = match service::assessment::report_data(&store, &pack, &unit, year) {
        Ok(d) => d,
        Err(e) => return ctx.fail(&e.msg()),
    };
    match format {
        ReportFormat::Md => emit(ctx, out, &report::markdown(&data, i18n)),
        ReportFormat::Csv => emit(ctx, out, &report::csv(&data, i18n)),
        ReportFormat::Html => {
            let place =
                report::place_from_unit_name(&unit.name).unwrap_or_else(|| "……".to_string());
            emit(ctx, out, &report::html(&data, i18n, &place))
        }
        ReportFormat::Xlsx => finish(ctx, out, report::xlsx_bytes(&data, i18n)),
    }
}

/// Text to standard output, or to a new file.
fn emit(ctx: &Context, out: Option<&Path>, text: &str) -> ExitCode {
    match out {
        Some(path) => write_file(ctx, path, text.as_bytes()),
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            ExitCode::SUCCESS
        }
    }
}

/// Bytes of a workbook to a new file.
fn finish(ctx: &Context, out: Option<&Path>, bytes: Result<Vec<u8>, ExportError>) -> ExitCode {
    match (bytes, out) {
        (Ok(b), Some(path)) => write_file(ctx, path, &b),
        (Ok(_), None) => ctx.fail(&Msg::new("report-xlsx-needs-out")),
        (Err(e), _) => ctx.fail(&e.msg()),
    }
}

fn write_file(ctx: &Context, path: &Path, bytes: &[u8]) -> ExitCode {
    match write_new(path, bytes) {
        Ok(()) => {
            eprintln!(
                "{}",
                ctx.say(&Msg::new("report-written").arg("file", path.display()))
            );
            ExitCode::SUCCESS
        }
        Err(e) => ctx.fail(&e.msg()),
    }
}

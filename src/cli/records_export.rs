//! Exporting the completion records from the command line: CSV (UTF-8 with BOM) to standard output,
//! or to a new file with `--out`; XLSX (records and rates per unit) needs `--out`. An existing
//! file is never overwritten. `--unit CODE` (the unit and the units under it), `--course ID`,
//! `--from`/`--to` (completion dates, inclusive) choose the rows as on the records screen.

use std::path::Path;
use std::process::ExitCode;

use crate::boot::{load_pack, open_store, refuse_existing_output, require_database, Context};
use crate::domain::content::Pack;
use crate::domain::i18n::Msg;
use crate::domain::records::RecordFilter;
use crate::service::records::{self, RecordsError};
use crate::store::Store;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RecordsFormat {
    /// CSV, UTF-8 with BOM, one row per official and course
    #[default]
    Csv,
    /// Excel workbook with the records and the rates per unit (needs --out)
    Xlsx,
}

/// The records filter from command-line options: `--unit CODE` (resolved to the unit's id),
/// `--course ID` (a course of the pack), `--from`/`--to` (completion dates, `YYYY-MM-DD` or
/// `dd/mm/yyyy`, inclusive). Each bad value gives a message naming it.
pub fn filter_from_args(
    store: &Store,
    pack: &Pack,
    unit_code: Option<&str>,
    course: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<RecordFilter, Msg> {
    let mut filter = RecordFilter::default();
    if let Some(code) = unit_code.map(str::trim) {
        match store.unit_by_code(code) {
            Ok(Some(u)) => filter.unit_id = Some(u.id),
            Ok(None) => return Err(Msg::new("report-unknown-unit").arg("code", code)),
            Err(e) => return Err(e.msg()),
        }
    }
    if let Some(id) = course.map(str::trim) {
        if pack.course(id).is_none() {
            return Err(Msg::new("completion-unknown-course").arg("course", id));
        }
        filter.course_id = Some(id.to_string());
    }
    let date = |value: Option<&str>, option: &str| -> Result<Option<String>, Msg> {
        match value {
            None => Ok(None),
            Some(v) => crate::domain::text::parse_date(v).map(Some).ok_or_else(|| {
                // 31/02/2026 is written right but is no day: say that, not "write it as…".
                let id = if crate::domain::text::date_does_not_exist(v) {
                    "completion-no-such-date"
                } else {
                    "completion-bad-date"
                };
                Msg::new(id).arg("value", v).arg("option", option)
            }),
        }
    };
    filter.completed_from = date(from, "--from")?;
    filter.completed_to = date(to, "--to")?;
    if let (Some(f), Some(t)) = (&filter.completed_from, &filter.completed_to) {
        if f > t {
            return Err(Msg::new("completion-bad-range").arg("from", f).arg("to", t));
        }
    }
    Ok(filter)
}

/// `danvan export records [--unit CODE] [--course ID] [--from DATE] [--to DATE] [--format csv|xlsx]
/// [--out FILE]`: the filter from the options, then [`export_records`].
pub fn run(
    ctx: &Context,
    unit_code: Option<&str>,
    course: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    format: RecordsFormat,
    out: Option<&Path>,
) -> ExitCode {
    if let Err(code) = require_database(ctx) {
        return code;
    }
    let pack = match load_pack(ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let filter = match filter_from_args(&store, &pack, unit_code, course, from, to) {
        Ok(f) => f,
        Err(m) => return ctx.fail(&m),
    };
    drop(store);
    export_records(ctx, filter, format, out)
}

/// Export the records `filter` selects: CSV to standard output without `out`, else a new file;
/// XLSX needs `out`. Statuses are judged on today's date in Vietnam (UTC+7).
pub fn export_records(
    ctx: &Context,
    filter: RecordFilter,
    format: RecordsFormat,
    out: Option<&Path>,
) -> ExitCode {
    if format == RecordsFormat::Xlsx && out.is_none() {
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
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let today = crate::domain::completion::today_in_vietnam();
    let mut quiet = |_: u64, _: u64| {};
    let written = match (format, out) {
        (RecordsFormat::Xlsx, Some(path)) => {
            records::xlsx_to(path, &store, &pack, &filter, ctx.i18n(), today, &mut quiet)
        }
        (RecordsFormat::Xlsx, None) => return ctx.fail(&Msg::new("completion-xlsx-needs-out")),
        (RecordsFormat::Csv, None) => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            records::csv_to(
                &mut w,
                &store,
                &pack,
                &filter,
                ctx.i18n(),
                today,
                &mut quiet,
            )
        }
        (RecordsFormat::Csv, Some(path)) => csv_file(ctx, path, &store, &pack, &filter, today),
    };
    report_written(ctx, written, out, "completion-written")
}

/// How a table export ended, told as the kit tells it: "wrote N rows to FILE" on standard error
/// (message `written_id`), nothing for standard output, a closed pipe (`| head`) not a failure,
/// and any error naming the file.
pub(super) fn report_written(
    ctx: &Context,
    written: Result<u64, RecordsError>,
    out: Option<&Path>,
    written_id: &'static str,
) -> ExitCode {
    match (written, out) {
        (Ok(rows), Some(path)) => {
            eprintln!(
                "{}",
                ctx.say(
                    &Msg::new(written_id)
                        .arg("count", rows)
                        .arg("file", path.display())
                )
            );
            ExitCode::SUCCESS
        }
        (Ok(_), None) => ExitCode::SUCCESS,
        (Err(RecordsError::Io(e)), None) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        (Err(RecordsError::Io(e)), Some(path)) => ctx.fail(
            &Msg::new("report-write-failed")
                .arg("file", path.display())
                .arg("cause", crate::domain::i18n::io_cause(&e))
                .arg("detail", e),
        ),
        (Err(e), _) => ctx.fail(&e.msg()),
    }
}

/// CSV to a new file; a file left half-written by an error is removed.
fn csv_file(
    ctx: &Context,
    path: &Path,
    store: &Store,
    pack: &Pack,
    filter: &RecordFilter,
    today: time::Date,
) -> Result<u64, RecordsError> {
    crate::io::file::write_new_or(path, RecordsError::from, |w| {
        records::csv_to(w, store, pack, filter, ctx.i18n(), today, &mut |_, _| {})
    })
}

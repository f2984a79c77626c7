//! `danvan units import|export` and `danvan roster import|export`: the trainer's tables of units
//! and officials, as CSV (UTF-8) or XLSX.
//!
//! Import prints each refused row as `FILE:LINE: error: message` on stderr and a summary on
//! stdout; it imports the good rows and exits 1 when any row was refused, so scripts notice.
//! Export writes CSV to standard output, or a new file with `--out` (XLSX needs `--out`); an
//! existing file is never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::boot::{open_store, require_database, Context};
use crate::domain::i18n::Msg;
use crate::io::roster;
use crate::store::roster::ImportReport;

/// What to do with a table.
#[derive(Subcommand, Debug)]
pub enum TableAction {
    /// Import a CSV (UTF-8, comma or semicolon) or XLSX file
    Import { file: PathBuf },
    /// Export as CSV (UTF-8 with BOM) to standard output, or to a new file
    Export {
        /// Write to this new file (required for xlsx; never overwritten)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// csv or xlsx (default: xlsx when --out ends in .xlsx, else csv)
        #[arg(long, value_enum)]
        format: Option<TableFormat>,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// CSV, UTF-8 with BOM, comma-separated
    Csv,
    /// Excel workbook (needs --out)
    Xlsx,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Units,
    People,
}

/// `danvan units …`
pub fn units(ctx: &Context, action: TableAction) -> ExitCode {
    run(ctx, Table::Units, action)
}

/// `danvan roster …`
pub fn roster(ctx: &Context, action: TableAction) -> ExitCode {
    run(ctx, Table::People, action)
}

fn run(ctx: &Context, table: Table, action: TableAction) -> ExitCode {
    match action {
        TableAction::Import { file } => import(ctx, table, &file),
        TableAction::Export { out, format } => export(ctx, table, out.as_deref(), format),
    }
}

/// Imports change records: behind the trainer's passphrase when one is set.
fn open_guarded(ctx: &Context) -> Result<crate::store::Store, ExitCode> {
    let store = open_store(ctx)?;
    super::trainer::require(ctx, &store)?;
    Ok(store)
}

fn import(ctx: &Context, table: Table, file: &Path) -> ExitCode {
    // Read the whole file before touching the database: an unreadable file changes nothing.
    let report = match table {
        Table::Units => {
            let rows = match roster::read_units(file) {
                Ok(r) => r,
                Err(e) => return ctx.fail(&e.msg()),
            };
            let mut store = match open_guarded(ctx) {
                Ok(s) => s,
                Err(code) => return code,
            };
            super::job::run(ctx, |p| p.watch(|h| store.import_units_watched(&rows, h)))
                .map(|r| (r, store))
        }
        Table::People => {
            let rows = match roster::read_people(file) {
                Ok(r) => r,
                Err(e) => return ctx.fail(&e.msg()),
            };
            let mut store = match open_guarded(ctx) {
                Ok(s) => s,
                Err(code) => return code,
            };
            super::job::run(ctx, |p| p.watch(|h| store.import_people_watched(&rows, h)))
                .map(|r| (r, store))
        }
    };
    let (report, mut store) = match report {
        Ok(r) => r,
        Err(e) => return ctx.fail(&e.msg()),
    };
    // Logged like the TUI's imports (the trainer's audit trail).
    let what = match table {
        Table::Units => "units",
        Table::People => "roster",
    };
    if let Err(e) = store.log_action("import", &format!("{what}: {}", file.display())) {
        return ctx.fail(&e.msg());
    }
    print_report(ctx, table, file, &report);
    if report.bad.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_report(ctx: &Context, table: Table, file: &Path, report: &ImportReport) {
    let mut err = std::io::stderr().lock();
    for b in &report.bad {
        let _ = writeln!(
            err,
            "{}:{}: error: {}",
            file.display(),
            b.line,
            ctx.say(&b.msg)
        );
    }
    if report.unkeyed > 0 {
        let _ = writeln!(
            err,
            "danvan: {}",
            ctx.say(&Msg::new("roster-unkeyed").arg("count", report.unkeyed))
        );
    }
    let mut out = std::io::stdout().lock();
    let id = match table {
        Table::Units => "roster-units-summary",
        Table::People => "roster-people-summary",
    };
    let _ = writeln!(
        out,
        "{}",
        ctx.say(
            &Msg::new(id)
                .arg("added", report.added)
                .arg("updated", report.updated)
                .arg("unchanged", report.unchanged)
                .arg("refused", report.refused())
        )
    );
    if report.units_added > 0 {
        let _ = writeln!(
            out,
            "{}",
            ctx.say(&Msg::new("roster-units-created").arg("count", report.units_added))
        );
    }
}

fn export(
    ctx: &Context,
    table: Table,
    out: Option<&Path>,
    format: Option<TableFormat>,
) -> ExitCode {
    let format = format.unwrap_or_else(|| {
        let xlsx = out
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if xlsx {
            TableFormat::Xlsx
        } else {
            TableFormat::Csv
        }
    });
    if format == TableFormat::Xlsx && out.is_none() {
        return ctx.fail(&Msg::new("roster-xlsx-needs-out"));
    }
    if let Some(path) = out {
        if path.exists() {
            return ctx.fail(&Msg::new("store-exists").arg("path", path.display()));
        }
    }
    if let Err(code) = require_database(ctx) {
        return code;
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (out_table, sheet) = match table {
        Table::Units => match store.units_for_export() {
            Ok(u) => (roster::units_table(&u, ctx.i18n()), "roster-sheet-units"),
            Err(e) => return ctx.fail(&e.msg()),
        },
        Table::People => match store.people_for_export() {
            Ok(p) => (roster::people_table(&p, ctx.i18n()), "roster-sheet-people"),
            Err(e) => return ctx.fail(&e.msg()),
        },
    };
    let bytes = match format {
        TableFormat::Csv => roster::to_csv(&out_table),
        TableFormat::Xlsx => match roster::to_xlsx(&out_table, &ctx.i18n().t(sheet), ctx.lang) {
            Ok(b) => b,
            Err(e) => {
                return ctx.fail(
                    &Msg::new("roster-write-failed")
                        .arg(
                            "file",
                            out.map(|p| p.display().to_string()).unwrap_or_default(),
                        )
                        .arg("detail", e),
                )
            }
        },
    };
    match out {
        None => {
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout.write_all(&bytes).and_then(|_| stdout.flush()) {
                return ctx.fail(
                    &Msg::new("roster-write-failed")
                        .arg("file", "-")
                        .arg("detail", e),
                );
            }
            ExitCode::SUCCESS
        }
        Some(path) => match write_new(path, &bytes) {
            Ok(()) => {
                eprintln!(
                    "{}",
                    ctx.say(
                        &Msg::new("roster-written")
                            .arg("file", path.display())
                            .arg("count", out_table.rows.len())
                    )
                );
                ExitCode::SUCCESS
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                ctx.fail(&Msg::new("store-exists").arg("path", path.display()))
            }
            Err(e) => ctx.fail(
                &Msg::new("roster-write-failed")
                    .arg("file", path.display())
                    .arg("detail", e),
            ),
        },
    }
}

/// Write `bytes` to a file that must not exist yet (checked atomically by the OS).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let written = f.write_all(bytes).and_then(|_| f.sync_all());
    if written.is_err() {
        // The file is ours (create_new): do not leave half of it behind.
        drop(f);
        let _ = std::fs::remove_file(path);
    }
    written
}

//! Exporting the completion records: the officials a filter selects are read a page at a time
//! ([`PAGE_SIZE`], by key, in name order) and each page is written before the next is read, as CSV
//! or XLSX ([`crate::io::records_export`] holds the rows and the formats).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::XlsxError;
use time::Date;

use crate::domain::content::Pack;
use crate::domain::i18n::{I18n, Lang, Msg};
use crate::domain::people::Unit;
use crate::domain::records::{RecordFilter, RecordSort};
use crate::io::file::ExportError;
use crate::io::records_export::{
    courses, page_rows, write_csv_header, write_csv_rows, RecordRow, RecordsWorkbook,
};
use crate::store::{Hooks, Store, StoreError};

/// Officials read per page.
pub const PAGE_SIZE: usize = 1000;

/// Why an export of records failed.
#[derive(Debug)]
pub enum RecordsError {
    Store(StoreError),
    /// Writing the CSV to its writer failed.
    Io(std::io::Error),
    /// Building or saving the workbook failed (or the file already exists).
    Export(ExportError),
}

impl RecordsError {
    pub fn msg(&self) -> Msg {
        match self {
            RecordsError::Store(e) => e.msg(),
            RecordsError::Io(e) => Msg::new("report-write-failed")
                .arg("file", "-")
                .arg("cause", crate::domain::i18n::io_cause(e))
                .arg("detail", e),
            RecordsError::Export(e) => e.msg(),
        }
    }
}

impl std::fmt::Display for RecordsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordsError::Store(e) => write!(f, "{e}"),
            RecordsError::Io(e) => write!(f, "{e}"),
            RecordsError::Export(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RecordsError {}

impl From<StoreError> for RecordsError {
    fn from(e: StoreError) -> Self {
        RecordsError::Store(e)
    }
}

impl From<std::io::Error> for RecordsError {
    fn from(e: std::io::Error) -> Self {
        RecordsError::Io(e)
    }
}

impl From<ExportError> for RecordsError {
    fn from(e: ExportError) -> Self {
        RecordsError::Export(e)
    }
}

impl From<XlsxError> for RecordsError {
    fn from(e: XlsxError) -> Self {
        RecordsError::Export(ExportError::Xlsx(e))
    }
}

/// Read the officials `filter` selects a page at a time (in name order), hand each page's rows
/// to `sink`, and report `(officials done, officials in all)` to `progress` after each page.
/// Returns the number of rows.
pub fn for_each_page(
    store: &Store,
    pack: &Pack,
    filter: &RecordFilter,
    lang: Lang,
    today: Date,
    progress: &mut dyn FnMut(u64, u64),
    sink: &mut dyn FnMut(&[RecordRow]) -> Result<(), RecordsError>,
) -> Result<u64, RecordsError> {
    let courses = courses(pack, filter);
    let total = store.records_count(filter)?;
    progress(0, total);
    // Units by id, read once each as the pages name them.
    let mut units: HashMap<String, Option<Unit>> = HashMap::new();
    let mut key = None;
    let mut done = 0u64;
    let mut rows_written = 0u64;
    loop {
        let page =
            store.records_page(filter, RecordSort::Name, key.as_deref(), false, PAGE_SIZE)?;
        let Some(last) = page.last() else {
            break;
        };
        for id in page.iter().filter_map(|p| p.unit_id.as_deref()) {
            if !units.contains_key(id) {
                units.insert(id.to_string(), store.unit(id)?);
            }
        }
        let ids: Vec<&str> = page.iter().map(|p| p.person_id.as_str()).collect();
        let course_progress = store.course_records(&ids)?;
        let rows = page_rows(&page, &course_progress, &courses, &units, lang, today);
        sink(&rows)?;
        rows_written += rows.len() as u64;
        done += page.len() as u64;
        // People added meanwhile may carry `done` past the count taken at the start.
        progress(done, total.max(done));
        if page.len() < PAGE_SIZE {
            break;
        }
        key = Some(last.key.clone());
    }
    Ok(rows_written)
}

/// The records as CSV to `writer` (see [`crate::io::records_export`]), a page of officials at a
/// time. Returns the number of rows written (the header not counted).
pub fn csv_to(
    writer: &mut impl Write,
    store: &Store,
    pack: &Pack,
    filter: &RecordFilter,
    i18n: &I18n,
    today: Date,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64, RecordsError> {
    let progress = std::cell::RefCell::new(progress);
    let report = |d, t| (progress.borrow_mut())(d, t);
    let never = std::sync::atomic::AtomicBool::new(false);
    csv_to_watched(
        writer,
        store,
        pack,
        filter,
        i18n,
        today,
        &Hooks::new(&report, &never),
    )
}

/// [`csv_to`], its progress told to `hooks`, and stopped (`StoreError::Cancelled`) between
/// pages when they say so.
pub fn csv_to_watched(
    writer: &mut impl Write,
    store: &Store,
    pack: &Pack,
    filter: &RecordFilter,
    i18n: &I18n,
    today: Date,
    hooks: &Hooks,
) -> Result<u64, RecordsError> {
    write_csv_header(writer, i18n)?;
    let rows = for_each_page(
        store,
        pack,
        filter,
        i18n.lang(),
        today,
        &mut |d, t| hooks.report(d, t),
        &mut |rows| {
            stop_if_cancelled(hooks)?;
            Ok(write_csv_rows(writer, rows, i18n)?)
        },
    )?;
    writer.flush()?;
    Ok(rows)
}

fn stop_if_cancelled(hooks: &Hooks) -> Result<(), RecordsError> {
    if hooks.cancelled() {
        return Err(StoreError::Cancelled.into());
    }
    Ok(())
}

/// The records and the rates per unit as workbook bytes. Returns the bytes and the number of
/// record rows.
pub fn xlsx_bytes(
    store: &Store,
    pack: &Pack,
    filter: &RecordFilter,
    i18n: &I18n,
    today: Date,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(Vec<u8>, u64), RecordsError> {
    let (workbook, rows) =
        records_workbook(store, pack, filter, i18n, today, progress, &Hooks::NONE)?;
    let rates = store.unit_rates(filter)?;
    let bytes = workbook.finish(&courses(pack, filter), &rates, i18n)?;
    Ok((bytes, rows))
}

/// The records sheet filled, a page of officials at a time; `hooks`' cancel is checked
/// between rows.
fn records_workbook(
    store: &Store,
    pack: &Pack,
    filter: &RecordFilter,
    i18n: &I18n,
    today: Date,
    progress: &mut dyn FnMut(u64, u64),
    hooks: &Hooks,
) -> Result<(RecordsWorkbook, u64), RecordsError> {
    let mut workbook = RecordsWorkbook::for_courses(i18n, &courses(pack, filter))?;
    let rows = for_each_page(
        store,
        pack,
        filter,
        i18n.lang(),
        today,
        progress,
        &mut |rows| {
            for row in rows {
                stop_if_cancelled(hooks)?;
                workbook.add_rows(std::slice::from_ref(row), i18n)?;
            }
            Ok(())
        },
    )?;
    Ok((workbook, rows))
}

/// The records and the rates per unit as a new XLSX file at `path` (never overwritten).
/// Returns the number of record rows.
pub fn xlsx_to(
    path: &Path,
    store: &Store,
    pack: &Pack,
    filter: &RecordFilter,
    i18n: &I18n,
    today: Date,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64, RecordsError> {
    xlsx_to_watched(
        path,
        store,
        pack,
        filter,
        i18n,
        today,
        progress,
        &Hooks::NONE,
    )
}

/// [`xlsx_to`], stopped (`StoreError::Cancelled`, no file made) between rows when `hooks`
/// say so.
#[allow(clippy::too_many_arguments)]
pub fn xlsx_to_watched(
    path: &Path,
    store: &Store,
    pack: &Pack,
    filter: &RecordFilter,
    i18n: &I18n,
    today: Date,
    progress: &mut dyn FnMut(u64, u64),
    hooks: &Hooks,
) -> Result<u64, RecordsError> {
    // Refuse before the work; write_new refuses again if the file appears meanwhile.
    if path.exists() {
        return Err(ExportError::Exists(path.into()).into());
    }
    let (workbook, rows) = records_workbook(store, pack, filter, i18n, today, progress, hooks)?;
    stop_if_cancelled(hooks)?;
    let rates = store.unit_rates(filter)?;
    let courses = courses(pack, filter);
    // Zipped straight into the new file (a failure removes it), never whole in memory.
    crate::io::file::write_new_with(path, |w| {
        workbook
            .finish_to(&courses, &rates, i18n, w)
            .map_err(std::io::Error::other)
    })?;
    Ok(rows)
}

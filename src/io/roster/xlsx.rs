//! Spreadsheets: reading the first sheet of a workbook into a table, and writing a table as XLSX.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{Cell, OutCell, OutTable, RawRow, RawTable, ReadError};
use crate::domain::i18n::Lang;

/// The first sheet of a spreadsheet calamine reads (XLSX, XLS, XLSB, ODS).
pub(super) fn read_spreadsheet(path: &Path, bytes: Vec<u8>) -> Result<RawTable, ReadError> {
    let failed = |detail: String| ReadError::Spreadsheet {
        path: path.into(),
        detail,
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| failed(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| ReadError::NoHeader { path: path.into() })?
        .map_err(|e| failed(e.to_string()))?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| RawRow {
            line: first_row + i + 1,
            cells: cells.iter().map(spreadsheet_cell).collect(),
        })
        .filter(|r| r.cells.iter().any(|c| !c.text().trim().is_empty()));
    let header = rows
        .next()
        .ok_or_else(|| ReadError::NoHeader { path: path.into() })?;
    Ok(RawTable {
        header: header.cells.iter().map(Cell::text).collect(),
        header_line: header.line,
        rows: rows.collect(),
    })
}

fn spreadsheet_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            Cell::Date(format!("{y:04}-{m:02}-{day:02}"))
        }
        Data::DateTime(dt) => Cell::Text(dt.to_string()),
        Data::DateTimeIso(s) => match s.get(..10).and_then(crate::domain::text::parse_date) {
            Some(iso) => Cell::Date(iso),
            None => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// XLSX bytes: one sheet named `sheet`, bold frozen header, text cells, dates as Excel dates shown
/// dd/mm/yyyy in Vietnamese and yyyy-mm-dd in English.
pub fn to_xlsx(table: &OutTable, sheet: &str, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name(sheet)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format(if lang.is_vi() {
        "dd/mm/yyyy"
    } else {
        "yyyy-mm-dd"
    });
    let mut widths: Vec<usize> = table.headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in table.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let shown = match cell {
                OutCell::Text(s) => {
                    if !s.is_empty() {
                        ws.write_string(r, col, s)?;
                    }
                    s.chars().count()
                }
                OutCell::Date(iso) => {
                    match iso_to_excel(iso) {
                        Some(d) => ws.write_date_with_format(r, col, &d, &date)?,
                        None => ws.write_string(r, col, iso)?,
                    };
                    10
                }
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).min(60.0))?;
    }
    // Landscape when the columns are wider than a portrait A4 page holds (about 90 characters).
    let total: f64 = widths.iter().map(|w| (*w as f64 + 2.0).min(60.0)).sum();
    crate::io::report::print_setup(ws, total > 90.0)?;
    workbook.save_to_buffer()
}

/// An ISO `YYYY-MM-DD` date as an Excel date.
pub fn iso_to_excel(iso: &str) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let mut parts = iso.split('-');
    let y: u16 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).ok()
}

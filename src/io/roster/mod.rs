//! Tables of units and officials (rosters) as trainers keep them: reading a CSV or XLSX file into
//! rows, and writing rows back as CSV or XLSX. No database code lives here (see `store::roster`);
//! the rows are domain types (`domain::roster`). Here: raw tables and the typed-row readers; in
//! `csv` the delimited reader, sniffer and writer, in `decode` the encodings, in `xlsx` spreadsheets,
//! in `columns` the header names.
//!
//! **CSV.** UTF-8, with or without a byte order mark (or UTF-16 with one, as Excel's "Unicode
//! Text" saves); comma, semicolon or tab separated (chosen
//! from the header line, or from Excel's `sep=;` hint line); RFC 4180 quoting (quoted fields may
//! hold separators, doubled quotes and line breaks); CRLF or LF. A file that is not valid UTF-8 is
//! refused: it is almost always Excel's plain "CSV" save in a Windows code page (windows-1258 for
//! Vietnamese), whose combining tone marks cannot be decoded reliably without their tables, so the
//! message tells how to save it as "CSV UTF-8" instead.
//!
//! **XLSX** (and the other formats calamine reads): the first sheet; dates may be Excel dates
//! (serial numbers or date cells) or text.
//!
//! **Headers** are matched after NFC, lowercasing, trimming and removing diacritics, so "Mã đơn vị",
//! "MA DON VI" and "unit code" are the same column. Unknown columns are ignored.
//!
//! **Formula neutralisation.** A CSV cell written by danvan that begins with `=`, `+`, `-`, `@`, a
//! tab or a carriage return (after any apostrophes) gets one apostrophe in front, so a spreadsheet
//! does not run it as a formula; reading a CSV removes that one apostrophe again, so an export read
//! back gives exactly what was written. XLSX cells are written as text cells, which Excel never
//! evaluates, and are read as they are.

mod columns;
mod csv;
mod decode;
mod xlsx;

use std::path::{Path, PathBuf};

use crate::domain::i18n::{I18n, Msg};
use crate::domain::roster::{PersonRecord, PersonRow, UnitRecord, UnitRow};
use columns::{cell_text, map_columns};
pub use columns::{header_key, Column, TableKind};
pub use csv::{csv_field, neutralise, parse_csv, to_csv, unneutralise, CsvError};
use xlsx::read_spreadsheet;
pub use xlsx::{iso_to_excel, to_xlsx};

/// One cell as read from the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell (spreadsheets only).
    Number(f64),
    /// A date cell (spreadsheets only), as an ISO date.
    Date(String),
}

impl Cell {
    /// The cell as text: whole numbers without ".0", dates as ISO dates.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Date(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
        }
    }

    /// The cell as a date, when it holds one: a date cell, or a number read as an Excel date.
    /// Text is returned as it is, for the caller to parse.
    pub fn date_text(&self) -> String {
        match self {
            Cell::Number(n) => excel_serial_to_iso(*n, false).unwrap_or_else(|| format_number(*n)),
            other => other.text(),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// An Excel serial date (days since 1899-12-30, or since 1904-01-01) as an ISO date.
fn excel_serial_to_iso(value: f64, is_1904: bool) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&value) {
        return None;
    }
    let dt = calamine::ExcelDateTime::new(value, calamine::ExcelDateTimeType::DateTime, is_1904);
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// A row of cells and the line it starts on (CSV: the physical line, header = 1; XLSX: the row).
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// A file read as a header and rows; blank rows are left out.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    pub header: Vec<String>,
    pub header_line: usize,
    pub rows: Vec<RawRow>,
}

/// Why a table file could not be read. Each names the file.
#[derive(Debug)]
pub enum ReadError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Not UTF-8: a CSV saved in a legacy Windows code page.
    LegacyEncoding { path: PathBuf },
    /// A quoted field opened on `line` never closes.
    UnclosedQuote { path: PathBuf, line: usize },
    /// A spreadsheet calamine could not read.
    Spreadsheet { path: PathBuf, detail: String },
    /// No header line: the file is empty.
    NoHeader { path: PathBuf },
    /// A required column is missing; `column` names it in Vietnamese and English.
    MissingColumn {
        path: PathBuf,
        column: String,
        line: usize,
    },
}

impl ReadError {
    pub fn msg(&self) -> Msg {
        match self {
            ReadError::Io { path, source } => Msg::new("roster-read-failed")
                .arg("file", path.display())
                .arg("detail", source),
            ReadError::LegacyEncoding { path } => {
                Msg::new("roster-legacy-encoding").arg("file", path.display())
            }
            ReadError::UnclosedQuote { path, line } => Msg::new("roster-unclosed-quote")
                .arg("file", path.display())
                .arg("line", line),
            ReadError::Spreadsheet { path, detail } => Msg::new("roster-spreadsheet-failed")
                .arg("file", path.display())
                .arg("detail", detail),
            ReadError::NoHeader { path } => {
                Msg::new("roster-no-header").arg("file", path.display())
            }
            ReadError::MissingColumn { path, column, line } => Msg::new("roster-missing-column")
                .arg("file", path.display())
                .arg("column", column)
                .arg("line", line),
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let m = self.msg();
        write!(f, "{}", m.id)?;
        for (k, v) in m.args {
            write!(f, " {k}={v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReadError {}

/// Read a CSV or spreadsheet file, telling them apart by their first bytes.
pub fn read_table(path: &Path) -> Result<RawTable, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.into(),
        source,
    })?;
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let spreadsheet_name = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "xlsb", "ods"].contains(&e.to_ascii_lowercase().as_str())
    });
    if zip || ole || spreadsheet_name {
        return read_spreadsheet(path, bytes);
    }
    parse_csv(&bytes).map_err(|e| match e {
        CsvError::NotUtf8 => ReadError::LegacyEncoding { path: path.into() },
        CsvError::UnclosedQuote { line } => ReadError::UnclosedQuote {
            path: path.into(),
            line,
        },
        CsvError::Empty => ReadError::NoHeader { path: path.into() },
    })
}

/// The rows of a units table.
pub fn unit_rows(table: &RawTable, path: &Path) -> Result<Vec<UnitRow>, ReadError> {
    let cols = map_columns(TableKind::Units, table, path)?;
    Ok(table
        .rows
        .iter()
        .map(|r| UnitRow {
            line: r.line,
            id: cell_text(r, &cols, Column::Id),
            code: cell_text(r, &cols, Column::Code),
            name: cell_text(r, &cols, Column::Name),
            kind: cell_text(r, &cols, Column::Kind),
            parent_code: cell_text(r, &cols, Column::ParentCode),
        })
        .collect())
}

/// The rows of a roster table.
pub fn person_rows(table: &RawTable, path: &Path) -> Result<Vec<PersonRow>, ReadError> {
    let cols = map_columns(TableKind::People, table, path)?;
    Ok(table
        .rows
        .iter()
        .map(|r| PersonRow {
            line: r.line,
            id: cell_text(r, &cols, Column::Id),
            full_name: cell_text(r, &cols, Column::FullName),
            staff_code: cell_text(r, &cols, Column::StaffCode),
            unit_code: cell_text(r, &cols, Column::UnitCode),
            unit_name: cell_text(r, &cols, Column::UnitName),
            unit_kind: cell_text(r, &cols, Column::Kind),
            position: cell_text(r, &cols, Column::Position),
            appointed_on: cell_text(r, &cols, Column::Appointed),
        })
        .collect())
}

/// Read a units file (CSV or XLSX).
pub fn read_units(path: &Path) -> Result<Vec<UnitRow>, ReadError> {
    unit_rows(&read_table(path)?, path)
}

/// Read a roster file (CSV or XLSX).
pub fn read_people(path: &Path) -> Result<Vec<PersonRow>, ReadError> {
    person_rows(&read_table(path)?, path)
}

// ---- writing ----

/// A cell to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutCell {
    Text(String),
    /// An ISO date: ISO text in CSV, an Excel date in XLSX.
    Date(String),
}

/// A table to write: headers in the interface language, then rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<OutCell>>,
}

fn text(s: impl Into<String>) -> OutCell {
    OutCell::Text(s.into())
}

/// The units table in the language of `i18n`.
pub fn units_table(units: &[UnitRecord], i18n: &I18n) -> OutTable {
    OutTable {
        headers: TableKind::Units
            .columns()
            .iter()
            .map(|c| i18n.t(c.msg_id()))
            .collect(),
        rows: units
            .iter()
            .map(|u| {
                vec![
                    text(&u.id),
                    text(&u.code),
                    text(&u.name),
                    text(i18n.t(u.kind.msg_id())),
                    text(u.parent_code.clone().unwrap_or_default()),
                ]
            })
            .collect(),
    }
}

/// The roster table in the language of `i18n`.
pub fn people_table(people: &[PersonRecord], i18n: &I18n) -> OutTable {
    OutTable {
        headers: TableKind::People
            .columns()
            .iter()
            .map(|c| i18n.t(c.msg_id()))
            .collect(),
        rows: people
            .iter()
            .map(|p| {
                vec![
                    text(&p.id),
                    text(&p.full_name),
                    text(p.staff_code.clone().unwrap_or_default()),
                    text(p.unit_code.clone().unwrap_or_default()),
                    text(p.unit_name.clone().unwrap_or_default()),
                    text(p.unit_kind.map(|k| i18n.t(k.msg_id())).unwrap_or_default()),
                    text(&p.position),
                    match &p.appointed_on {
                        Some(d) => OutCell::Date(d.clone()),
                        None => text(""),
                    },
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::i18n::Lang;
    use crate::domain::people::UnitKind;
    use crate::domain::roster::parse_kind;

    fn texts(t: &RawTable) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect())
            .collect()
    }

    #[test]
    fn bom_and_semicolons() {
        let csv = "\u{feff}Mã đơn vị;Tên đơn vị;Loại\r\nSNV;Sở Nội vụ;Sở, ban, ngành\r\n";
        let t = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(t.header, ["Mã đơn vị", "Tên đơn vị", "Loại"]);
        assert_eq!(texts(&t), [["SNV", "Sở Nội vụ", "Sở, ban, ngành"]]);
        assert_eq!(t.rows[0].line, 2);
        let units = unit_rows(&t, Path::new("u.csv")).unwrap();
        assert_eq!(units[0].code, "SNV");
        assert_eq!(parse_kind(&units[0].kind), Some(UnitKind::Department));
    }

    #[test]
    fn legacy_code_page_is_refused() {
        // "Nguyễn" in windows-1258: "Nguy" + ê (0xEA) + combining tilde (0xDE) + "n".
        let bytes = b"H\xE4 v\xE0 t\xEAn\r\nNguy\xEA\xDEn V\xE3n A\r\n";
        assert_eq!(parse_csv(bytes), Err(CsvError::NotUtf8));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ds-cu.csv");
        std::fs::write(&path, bytes).unwrap();
        let err = read_people(&path).unwrap_err();
        assert!(matches!(err, ReadError::LegacyEncoding { .. }));
        let text = I18n::new(Lang::Vi).msg(&err.msg());
        assert!(
            text.contains("ds-cu.csv") && text.contains("CSV UTF-8"),
            "{text}"
        );
        let text = I18n::new(Lang::En).msg(&err.msg());
        assert!(
            text.contains("ds-cu.csv") && text.contains("CSV UTF-8"),
            "{text}"
        );
    }

    #[test]
    fn missing_required_column_is_named() {
        let t = parse_csv("Mã cán bộ,Chức vụ\nC1,X\n".as_bytes()).unwrap();
        let err = person_rows(&t, Path::new("r.csv")).unwrap_err();
        let text = I18n::new(Lang::En).msg(&err.msg());
        assert!(
            text.contains("r.csv") && text.contains("Full name"),
            "{text}"
        );
    }

    #[test]
    fn csv_export_reads_back() {
        let people = vec![
            PersonRecord {
                id: "4b0d3f4e-1c2a-4e55-9d7e-2f7a1b3c4d5e".into(),
                full_name: "=HYPERLINK(\"x\")".into(),
                staff_code: Some("CB1".into()),
                unit_code: Some("X-1".into()),
                unit_name: Some("UBND xã Tân Tiến, huyện A".into()),
                unit_kind: Some(UnitKind::Commune),
                position: "Chuyên viên \"chính\"".into(),
                appointed_on: Some("2024-03-01".into()),
            },
            PersonRecord {
                id: "5b0d3f4e-1c2a-4e55-9d7e-2f7a1b3c4d5e".into(),
                full_name: "-1+2".into(),
                staff_code: None,
                unit_code: None,
                unit_name: None,
                unit_kind: None,
                position: String::new(),
                appointed_on: None,
            },
        ];
        let i = I18n::new(Lang::Vi);
        let bytes = to_csv(&people_table(&people, &i));
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let s = std::str::from_utf8(&bytes).unwrap();
        assert!(
            s.contains(",\"'=HYPERLINK(\"\"x\"\")\",") && s.contains(",'-1+2,"),
            "{s}"
        );
        assert!(s.starts_with("\u{feff}ID,Họ và tên,"));
        let rows = person_rows(&parse_csv(&bytes).unwrap(), Path::new("x.csv")).unwrap();
        assert_eq!(rows[0].full_name, "=HYPERLINK(\"x\")");
        assert_eq!(rows[0].unit_name, "UBND xã Tân Tiến, huyện A");
        assert_eq!(rows[0].position, "Chuyên viên \"chính\"");
        assert_eq!(rows[0].appointed_on, "2024-03-01");
        assert_eq!(parse_kind(&rows[0].unit_kind), Some(UnitKind::Commune));
        assert_eq!(rows[1].full_name, "-1+2");
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn xlsx_export_reads_back_with_dates() {
        let people = vec![PersonRecord {
            id: "4b0d3f4e-1c2a-4e55-9d7e-2f7a1b3c4d5e".into(),
            full_name: "Trần Thị Bích".into(),
            staff_code: Some("007".into()),
            unit_code: None,
            unit_name: None,
            unit_kind: None,
            position: "=not a formula".into(),
            appointed_on: Some("2023-12-31".into()),
        }];
        let i = I18n::new(Lang::Vi);
        let bytes = to_xlsx(&people_table(&people, &i), "Cán bộ", Lang::Vi).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.xlsx");
        std::fs::write(&path, bytes).unwrap();
        let t = read_table(&path).unwrap();
        assert_eq!(t.header[1], "Họ và tên");
        assert_eq!(t.rows[0].line, 2);
        let rows = person_rows(&t, &path).unwrap();
        assert_eq!(rows[0].full_name, "Trần Thị Bích");
        assert_eq!(rows[0].staff_code, "007");
        assert_eq!(rows[0].position, "=not a formula");
        assert_eq!(rows[0].appointed_on, "2023-12-31");
    }

    #[test]
    fn excel_serials_and_numbers() {
        assert_eq!(
            excel_serial_to_iso(45352.0, false).as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(Cell::Number(45352.0).date_text(), "2024-03-01");
        assert_eq!(Cell::Number(1001.0).text(), "1001");
        assert_eq!(Cell::Number(1.5).text(), "1.5");
    }
}

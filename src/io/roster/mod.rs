//! Tables of units and officials (rosters) as trainers keep them: reading a CSV or XLSX file into
//! rows, and writing rows back as CSV or XLSX. No database code lives here (see `store::roster`).
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

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::domain::i18n::{I18n, Lang, Msg};
use crate::domain::people::UnitKind;
use crate::domain::text::{fold, nfc};

// ---------------------------------------------------------------------------------------------
// Raw tables
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// Why CSV bytes could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    NotUtf8,
    UnclosedQuote { line: usize },
    Empty,
}

/// Parse CSV bytes into a table; cells neutralised by danvan get their apostrophe back off.
pub fn parse_csv(bytes: &[u8]) -> Result<RawTable, CsvError> {
    let text = decode(bytes)?;
    let text = text.as_str();
    let (delimiter, skip_first) = detect_delimiter(text);
    let records = split_records(text, delimiter)?;
    let mut records = records
        .into_iter()
        .skip(usize::from(skip_first))
        .filter(|(_, fields)| fields.iter().any(|f| !f.trim().is_empty()));
    let (header_line, header) = records.next().ok_or(CsvError::Empty)?;
    let rows = records
        .map(|(line, fields)| RawRow {
            line,
            cells: fields
                .into_iter()
                .map(|f| {
                    if f.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(unneutralise(&f))
                    }
                })
                .collect(),
        })
        .collect();
    Ok(RawTable {
        header,
        header_line,
        rows,
    })
}

/// UTF-8 (BOM or not), or UTF-16 with its BOM (Excel's "Unicode Text", tab-separated).
fn decode(bytes: &[u8]) -> Result<String, CsvError> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        if !rest.len().is_multiple_of(2) {
            return Err(CsvError::NotUtf8);
        }
        let units = rest.chunks_exact(2).map(|c| unit([c[0], c[1]]));
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| CsvError::NotUtf8)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|_| CsvError::NotUtf8)
}

/// The separator, from Excel's `sep=X` hint line (then skipped) or from the header line: the most
/// frequent of `,` `;` and tab outside quotes, comma on a tie.
fn detect_delimiter(text: &str) -> (char, bool) {
    let mut first = String::new();
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\r' | '\n' if !in_quotes => break,
            _ => {}
        }
        first.push(c);
    }
    let hint = first.trim().to_ascii_lowercase();
    if let Some(rest) = hint.strip_prefix("sep=") {
        let mut chars = rest.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return (c, true);
        }
    }
    let (mut commas, mut semis, mut tabs) = (0, 0, 0);
    let mut in_quotes = false;
    for c in first.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => commas += 1,
            ';' if !in_quotes => semis += 1,
            '\t' if !in_quotes => tabs += 1,
            _ => {}
        }
    }
    if semis > commas && semis >= tabs {
        (';', false)
    } else if tabs > commas && tabs > semis {
        ('\t', false)
    } else {
        (',', false)
    }
}

/// RFC 4180 records with the line each starts on. Lenient where Excel is: a quote inside an
/// unquoted field is kept, and text after a closing quote is appended to the field.
fn split_records(text: &str, delimiter: char) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut field_started = false;
    let mut in_quotes = false;
    let mut quote_line = 0;
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                '\r' => {
                    field.push(c);
                    if chars.peek() == Some(&'\n') {
                        field.push('\n');
                        chars.next();
                    }
                    line += 1;
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if !field_started => {
                in_quotes = true;
                field_started = true;
                quote_line = line;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                record.push(std::mem::take(&mut field));
                records.push((record_line, std::mem::take(&mut record)));
                field_started = false;
                line += 1;
                record_line = line;
            }
            d if d == delimiter => {
                record.push(std::mem::take(&mut field));
                field_started = false;
            }
            _ => {
                field.push(c);
                field_started = true;
            }
        }
    }
    if in_quotes {
        return Err(CsvError::UnclosedQuote { line: quote_line });
    }
    if field_started || !record.is_empty() {
        record.push(field);
        records.push((record_line, record));
    }
    Ok(records)
}

/// Characters that make a spreadsheet read a cell as a formula (or mangle it).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn needs_neutralising(s: &str) -> bool {
    s.trim_start_matches('\'')
        .starts_with(|c| FORMULA_START.contains(&c))
}

/// A cell to write in a CSV: one apostrophe in front when it begins (after any apostrophes) with a
/// formula character.
pub fn neutralise(s: &str) -> String {
    if needs_neutralising(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Undo [`neutralise`]: remove one leading apostrophe in front of a formula character.
pub fn unneutralise(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if needs_neutralising(rest) => rest.to_string(),
        _ => s.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Spreadsheets
// ---------------------------------------------------------------------------------------------

fn read_spreadsheet(path: &Path, bytes: Vec<u8>) -> Result<RawTable, ReadError> {
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

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    /// The unit's own code (units file).
    Code,
    /// The unit's own name (units file).
    Name,
    Kind,
    ParentCode,
    FullName,
    StaffCode,
    UnitCode,
    UnitName,
    Position,
    Appointed,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Id,
        Column::Code,
        Column::Name,
        Column::Kind,
        Column::ParentCode,
        Column::FullName,
        Column::StaffCode,
        Column::UnitCode,
        Column::UnitName,
        Column::Position,
        Column::Appointed,
    ];

    /// The Fluent id of the column's header, as danvan writes it.
    pub fn msg_id(self) -> &'static str {
        match self {
            Column::Id => "roster-col-id",
            Column::Code | Column::UnitCode => "roster-col-unit-code",
            Column::Name | Column::UnitName => "roster-col-unit-name",
            Column::Kind => "roster-col-unit-kind",
            Column::ParentCode => "roster-col-parent-code",
            Column::FullName => "roster-col-full-name",
            Column::StaffCode => "roster-col-staff-code",
            Column::Position => "roster-col-position",
            Column::Appointed => "roster-col-appointed",
        }
    }
}

/// Which kind of table a file is read as: the same header means different things in each
/// ("name" is the unit's name in a units file and the official's name in a roster).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Units,
    People,
}

impl TableKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            TableKind::Units => &[
                Column::Id,
                Column::Code,
                Column::Name,
                Column::Kind,
                Column::ParentCode,
            ],
            TableKind::People => &[
                Column::Id,
                Column::FullName,
                Column::StaffCode,
                Column::UnitCode,
                Column::UnitName,
                Column::Kind,
                Column::Position,
                Column::Appointed,
            ],
        }
    }

    fn required(self) -> &'static [Column] {
        match self {
            TableKind::Units => &[Column::Code, Column::Name],
            TableKind::People => &[Column::FullName],
        }
    }

    /// Accepted header names, folded (no diacritics, lowercase), besides danvan's own headers.
    fn aliases(self, col: Column) -> &'static [&'static str] {
        match (self, col) {
            (_, Column::Id) => &["id", "uuid", "ma dinh danh"],
            (TableKind::Units, Column::Code) => &["ma don vi", "ma", "code", "unit code"],
            (TableKind::Units, Column::Name) => &["ten don vi", "ten", "name", "unit name"],
            (_, Column::Kind) => &["loai", "loai don vi", "kind", "unit kind", "type"],
            (_, Column::ParentCode) => &[
                "ma don vi cap tren",
                "ma cap tren",
                "don vi cap tren",
                "parent",
                "parent code",
                "parent unit code",
            ],
            (_, Column::FullName) => &["ho va ten", "ho ten", "full name", "name"],
            (_, Column::StaffCode) => &["ma can bo", "ma cb", "ma cong chuc", "staff code", "code"],
            (_, Column::UnitCode) => &["ma don vi", "unit code"],
            (_, Column::UnitName) => &["ten don vi", "don vi", "unit name", "unit"],
            (_, Column::Position) => &["chuc vu", "position"],
            (_, Column::Appointed) => &[
                "ngay bo nhiem",
                "appointment date",
                "appointed",
                "appointed on",
            ],
            _ => &[],
        }
    }

    /// The column a header names in this kind of table.
    pub fn column_for(self, header: &str) -> Option<Column> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        self.columns()
            .iter()
            .copied()
            .find(|&col| self.aliases(col).contains(&key.as_str()))
            .or_else(|| {
                self.columns()
                    .iter()
                    .copied()
                    .find(|&col| own_labels(col.msg_id(), header_key).contains(&key))
            })
    }
}

/// A header folded for matching: NFC, no diacritics, lowercase, `_` as a space, trimmed of
/// spaces, `:` and `*`.
pub fn header_key(s: &str) -> String {
    let s = s.trim_start_matches('\u{feff}').replace('_', " ");
    fold(&nfc(&s))
        .trim_matches(|c: char| c == ':' || c == '*' || c.is_whitespace())
        .to_string()
}

/// Which column index holds each known column (the first header naming it).
fn map_columns(
    kind: TableKind,
    table: &RawTable,
    path: &Path,
) -> Result<Vec<(Column, usize)>, ReadError> {
    let mut found: Vec<(Column, usize)> = Vec::new();
    for (i, h) in table.header.iter().enumerate() {
        if let Some(col) = kind.column_for(h) {
            if !found.iter().any(|(c, _)| *c == col) {
                found.push((col, i));
            }
        }
    }
    for &col in kind.required() {
        if !found.iter().any(|(c, _)| *c == col) {
            let vi = I18n::new(Lang::Vi).t(col.msg_id());
            let en = I18n::new(Lang::En).t(col.msg_id());
            return Err(ReadError::MissingColumn {
                path: path.into(),
                column: format!("{vi} / {en}"),
                line: table.header_line,
            });
        }
    }
    Ok(found)
}

fn cell_text(row: &RawRow, cols: &[(Column, usize)], col: Column) -> String {
    cols.iter()
        .find(|(c, _)| *c == col)
        .and_then(|(_, i)| row.cells.get(*i))
        .map(|c| {
            if col == Column::Appointed {
                c.date_text()
            } else {
                c.text()
            }
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Typed rows
// ---------------------------------------------------------------------------------------------

/// A row of a units file, as written (the store trims, normalises and validates).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnitRow {
    pub line: usize,
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_code: String,
}

/// A row of a roster, as written (the store trims, normalises and validates).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonRow {
    pub line: usize,
    pub id: String,
    pub full_name: String,
    pub staff_code: String,
    pub unit_code: String,
    pub unit_name: String,
    /// The kind of a unit this row creates (unknown unit code with a unit name).
    pub unit_kind: String,
    pub position: String,
    /// As written, or an ISO date when the spreadsheet cell is a date.
    pub appointed_on: String,
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

/// A unit kind written in Vietnamese or English ("Sở, ban, ngành", "UBND cấp xã", "xã", "phường",
/// "Đơn vị sự nghiệp", "Khác", "department", "commune", "public-service", "other", or the kind's
/// name as danvan shows it). Empty text is not a kind.
pub fn parse_kind(s: &str) -> Option<UnitKind> {
    let key = kind_key(s);
    if key.is_empty() {
        return None;
    }
    let aliases: [(UnitKind, &[&str]); 4] = [
        (
            UnitKind::Department,
            &[
                "so ban nganh",
                "so ban nganh cap tinh",
                "so",
                "department",
                "provincial department",
                "provincial department or agency",
            ],
        ),
        (
            UnitKind::Commune,
            &[
                "ubnd cap xa",
                "ubnd xa",
                "ubnd phuong",
                "ubnd xa phuong",
                "xa",
                "phuong",
                "dac khu",
                "commune",
                "ward",
                "commune people s committee",
            ],
        ),
        (
            UnitKind::PublicService,
            &[
                "don vi su nghiep",
                "don vi su nghiep cong lap",
                "public service",
                "public service unit",
            ],
        ),
        (UnitKind::Other, &["khac", "other"]),
    ];
    for (kind, names) in aliases {
        if names.contains(&key.as_str()) || kind_key(kind.key()) == key {
            return Some(kind);
        }
    }
    UnitKind::ALL
        .into_iter()
        .find(|k| own_labels(k.msg_id(), kind_key).contains(&key))
}

/// A message's text in Vietnamese and English, folded with `key` (the bundles are built once).
fn own_labels(id: &'static str, key: fn(&str) -> String) -> [String; 2] {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static TEXTS: OnceLock<HashMap<&'static str, [String; 2]>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        let (vi, en) = (I18n::new(Lang::Vi), I18n::new(Lang::En));
        Column::ALL
            .iter()
            .map(|c| c.msg_id())
            .chain(UnitKind::ALL.iter().map(|k| k.msg_id()))
            .map(|id| (id, [vi.t(id), en.t(id)]))
            .collect()
    });
    match texts.get(id) {
        Some([vi, en]) => [key(vi), key(en)],
        None => [String::new(), String::new()],
    }
}

/// Folded, with punctuation and hyphens as spaces: "Sở, ban, ngành" → "so ban nganh".
fn kind_key(s: &str) -> String {
    let folded = fold(&nfc(s));
    let spaced: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    crate::domain::text::collapse_whitespace(&spaced)
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// A unit as exported, its parent given by code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRecord {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_code: Option<String>,
}

/// An official as exported, the unit given by code, name and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub id: String,
    pub full_name: String,
    pub staff_code: Option<String>,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub unit_kind: Option<UnitKind>,
    pub position: String,
    /// ISO date.
    pub appointed_on: Option<String>,
}

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

/// CSV bytes: UTF-8 with a byte order mark (so Excel reads Vietnamese right), comma-separated,
/// CRLF line ends, ISO dates, formula-like cells neutralised.
pub fn to_csv(table: &OutTable) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let cells: Vec<String> = cells.map(|c| csv_field(&neutralise(&c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&mut table.headers.iter().cloned());
    for row in &table.rows {
        line(&mut row.iter().map(|c| match c {
            OutCell::Text(s) | OutCell::Date(s) => s.clone(),
        }));
    }
    out.into_bytes()
}

/// One CSV field per RFC 4180: quoted (quotes doubled) when it holds a separator (`,` or `;`), a
/// quote or a line break. Neutralise first ([`neutralise`]), then quote.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', ';', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
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
    ws.set_freeze_panes(1, 0)?;
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

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

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
    fn utf16_unicode_text_is_read() {
        let text = "Họ và tên\tMã CB\r\nNguyễn Văn A\tC1\r\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let t = parse_csv(&le).unwrap();
        assert_eq!(texts(&t), [["Nguyễn Văn A", "C1"]]);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(parse_csv(&be).unwrap(), t);
    }

    #[test]
    fn comma_wins_a_tie_and_sep_hint_is_honoured() {
        assert_eq!(detect_delimiter("a,b;c\n").0, ',');
        assert_eq!(detect_delimiter("a;b;c\n").0, ';');
        assert_eq!(detect_delimiter("\"x;y;z\",b\n").0, ',');
        let t = parse_csv(b"sep=;\r\ncode;name\r\nA;B\r\n").unwrap();
        assert_eq!(t.header, ["code", "name"]);
        assert_eq!(t.header_line, 2);
        assert_eq!(t.rows[0].line, 3);
    }

    #[test]
    fn quotes_commas_doubled_quotes_and_newlines() {
        let csv =
            "name,position,code\n\"Lê, Văn \"\"Tám\"\"\",\"Chuyên viên\nPhòng A\",C1\nBà Ba,,C2\n";
        let t = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(
            texts(&t),
            [
                vec!["Lê, Văn \"Tám\"", "Chuyên viên\nPhòng A", "C1"],
                vec!["Bà Ba", "", "C2"]
            ]
        );
        // The second row starts on line 4: the quoted line break counts.
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn crlf_lf_blank_lines_and_no_final_newline() {
        let t = parse_csv(b"code,name\r\n\r\nA,B\n,\nC,D").unwrap();
        assert_eq!(texts(&t), [["A", "B"], ["C", "D"]]);
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(t.rows[1].line, 5);
    }

    #[test]
    fn unclosed_quote_names_its_line() {
        assert_eq!(
            parse_csv(b"code,name\nA,\"B\nC,D\n"),
            Err(CsvError::UnclosedQuote { line: 2 })
        );
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
    fn headers_in_vietnamese_and_english() {
        let p = TableKind::People;
        assert_eq!(p.column_for("Họ và tên"), Some(Column::FullName));
        assert_eq!(p.column_for("HO TEN"), Some(Column::FullName));
        assert_eq!(p.column_for(" Full name "), Some(Column::FullName));
        assert_eq!(p.column_for("name"), Some(Column::FullName));
        assert_eq!(p.column_for("Mã CB"), Some(Column::StaffCode));
        assert_eq!(p.column_for("code"), Some(Column::StaffCode));
        assert_eq!(p.column_for("Mã đơn vị"), Some(Column::UnitCode));
        assert_eq!(p.column_for("unit_code"), Some(Column::UnitCode));
        assert_eq!(p.column_for("Ngày bổ nhiệm"), Some(Column::Appointed));
        assert_eq!(p.column_for("appointed"), Some(Column::Appointed));
        assert_eq!(p.column_for("Chức vụ:"), Some(Column::Position));
        assert_eq!(p.column_for("Ghi chú"), None);
        let u = TableKind::Units;
        assert_eq!(u.column_for("Mã đơn vị"), Some(Column::Code));
        assert_eq!(u.column_for("code"), Some(Column::Code));
        assert_eq!(u.column_for("name"), Some(Column::Name));
        assert_eq!(u.column_for("Mã đơn vị cấp trên"), Some(Column::ParentCode));
        assert_eq!(u.column_for("Loại đơn vị"), Some(Column::Kind));
        // NFD input folds like NFC input.
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Tên đơn vị".nfd().collect();
        assert_eq!(u.column_for(&nfd), Some(Column::Name));
        // danvan's own headers, in both languages, are read back.
        for lang in [Lang::Vi, Lang::En] {
            let i = I18n::new(lang);
            for kind in [TableKind::Units, TableKind::People] {
                for &col in kind.columns() {
                    assert_eq!(kind.column_for(&i.t(col.msg_id())), Some(col), "{col:?}");
                }
            }
        }
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
    fn kinds_in_both_languages() {
        for (s, k) in [
            ("Sở, ban, ngành", UnitKind::Department),
            ("department", UnitKind::Department),
            ("UBND cấp xã", UnitKind::Commune),
            ("xã", UnitKind::Commune),
            ("Phường", UnitKind::Commune),
            ("commune", UnitKind::Commune),
            ("Đơn vị sự nghiệp", UnitKind::PublicService),
            ("public-service", UnitKind::PublicService),
            ("Khác", UnitKind::Other),
            ("other", UnitKind::Other),
        ] {
            assert_eq!(parse_kind(s), Some(k), "{s}");
        }
        for k in UnitKind::ALL {
            for lang in [Lang::Vi, Lang::En] {
                assert_eq!(parse_kind(&I18n::new(lang).t(k.msg_id())), Some(k));
            }
        }
        assert_eq!(parse_kind("trường học"), None);
        assert_eq!(parse_kind(""), None);
    }

    #[test]
    fn neutralisation_round_trips() {
        for s in [
            "=HYPERLINK(\"x\")",
            "-1+2",
            "+84 912",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=already quoted",
            "''-two",
            "'plain",
            "plain",
            "",
        ] {
            let n = neutralise(s);
            if s.trim_start_matches('\'').starts_with(FORMULA_START) {
                assert!(n.starts_with('\''), "{s:?} → {n:?}");
            } else {
                assert_eq!(n, s);
            }
            assert_eq!(unneutralise(&n), s, "{s:?}");
        }
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

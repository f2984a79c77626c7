//! Completion records for trainers, as CSV or XLSX: one row per official and course, with the same
//! filters as the records screen ([`RecordFilter`]).
//!
//! The rows come a page of officials at a time ([`page_rows`]) and each page is written before the
//! next is read ([`write_csv_rows`], [`RecordsWorkbook::add_rows`]), so a province's records never
//! sit in memory at once: the XLSX records sheet is a constant-memory one (each row goes to a
//! temporary file as the next starts, strings inline, widths computed up front:
//! [`record_widths`]), and the workbook is zipped straight into the file.
//! The service reads the pages (`service::records`); this module makes and writes their rows.
//!
//! **Rows.** Every course of the pack for every official the filter selects (only the filter's
//! course when it names one); an official with nothing in a course still gets a row, "not
//! started". Columns: unit code, unit name, staff code, full name, position, appointment date,
//! course id, course title, lessons read, lessons in the course, best score (percent), attempts,
//! passed, completion date, required, due date, status.
//!
//! **CSV**: UTF-8 with a byte order mark, CRLF, headers in the interface language, RFC 4180
//! quoting, formula-like cells neutralised ([`crate::io::roster::neutralise`], the roster export's
//! rule); dates ISO `YYYY-MM-DD`; numbers with a dot (`85.5`); "passed" and "required" as `1`/`0`
//! (language-independent, easy to sum or filter); the status in words of the interface language.
//!
//! **XLSX**: a sheet of records (bold frozen header with a filter, numbers as numbers, dates as
//! Excel dates, "passed" and "required" as localized words) and a sheet of rates per unit (people,
//! then per course the people who completed it and the rate, as an Excel percentage), with a total.
//!
//! The completion date is the stored (UTC) day, the same day the `--from`/`--to` filter compares.
//! Whether a course is required, its due date and the "overdue" status come from the course's
//! `[required]` table ([`crate::domain::completion`]), judged on the `today` passed in.

use std::collections::HashMap;
use std::io::Write;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use time::Date;

use super::file::{header_row, widths, Formats};
use crate::domain::completion::{self as rec, CourseProgress, RecordStatus};
use crate::domain::content::{Course, Pack};
use crate::domain::i18n::{I18n, Lang};
use crate::domain::people::Unit;
use crate::domain::records::{CourseRecord, PersonRecord, RecordFilter, UnitRate};
use crate::io::roster::{csv_field, iso_to_excel, neutralise};

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

/// One official in one course.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    pub unit_code: String,
    pub unit_name: String,
    pub staff_code: String,
    pub full_name: String,
    pub position: String,
    /// ISO date.
    pub appointed_on: Option<String>,
    pub course_id: String,
    pub course_title: String,
    pub lessons_read: u32,
    pub lessons_total: u32,
    /// Percent, 0–100.
    pub best_percent: Option<f64>,
    pub attempts: u32,
    pub passed: bool,
    /// ISO date (the stored UTC day).
    pub completed_on: Option<String>,
    pub required: bool,
    pub due: Option<Date>,
    pub status: RecordStatus,
}

/// The courses the export covers: the filter's course, else every course of the pack in order.
pub fn courses<'a>(pack: &'a Pack, filter: &RecordFilter) -> Vec<&'a Course> {
    match &filter.course_id {
        Some(id) => pack.courses.iter().filter(|c| &c.id == id).collect(),
        None => pack.courses.iter().collect(),
    }
}

/// The column headers in the language of `i18n`.
pub fn headers(i18n: &I18n) -> Vec<String> {
    [
        "roster-col-unit-code",
        "roster-col-unit-name",
        "roster-col-staff-code",
        "roster-col-full-name",
        "roster-col-position",
        "roster-col-appointed",
        "completion-col-course-id",
        "completion-col-course-title",
        "completion-col-lessons-read",
        "completion-col-lessons-total",
        "completion-col-best-score",
        "completion-col-attempts",
        "completion-col-passed",
        "completion-col-completed",
        "completion-col-required",
        "completion-col-due",
        "completion-col-status",
    ]
    .iter()
    .map(|id| i18n.t(id))
    .collect()
}

/// The rows of one page of officials: every course of `courses` for each, with the progress the
/// store read for the page and the units by id (a unit known to be missing is `None`).
pub fn page_rows(
    page: &[PersonRecord],
    progress: &[CourseRecord],
    courses: &[&Course],
    units: &HashMap<String, Option<Unit>>,
    lang: Lang,
    today: Date,
) -> Vec<RecordRow> {
    let by_key: HashMap<(&str, &str), &CourseRecord> = progress
        .iter()
        .map(|c| ((c.person_id.as_str(), c.course_id.as_str()), c))
        .collect();
    let mut rows = Vec::with_capacity(page.len() * courses.len());
    for p in page {
        let unit = p
            .unit_id
            .as_deref()
            .and_then(|id| units.get(id))
            .and_then(Option::as_ref);
        let kind = unit.map(|u| u.kind.key());
        let appointed = p.appointed_on.as_deref().and_then(rec::parse_iso_date);
        for course in courses {
            let cr = by_key.get(&(p.person_id.as_str(), course.id.as_str()));
            let progress = CourseProgress {
                lessons_read: cr.map_or(0, |c| c.lessons_read),
                attempts: cr.map_or(0, |c| c.attempts),
                passed: cr.is_some_and(|c| c.passed),
                completed_at: cr.and_then(|c| c.completed_at.as_deref()),
            };
            let required = rec::is_required(course, kind, &p.position);
            let due = if required {
                appointed.and_then(|d| rec::due_date(course, d))
            } else {
                None
            };
            rows.push(RecordRow {
                unit_code: unit.map(|u| u.code.clone()).unwrap_or_default(),
                unit_name: unit
                    .map(|u| u.name.clone())
                    .or_else(|| p.unit_name.clone())
                    .unwrap_or_default(),
                staff_code: p.staff_code.clone().unwrap_or_default(),
                full_name: p.full_name.clone(),
                position: p.position.clone(),
                appointed_on: p.appointed_on.clone(),
                course_id: course.id.clone(),
                course_title: course.title.get(lang).to_string(),
                lessons_read: progress.lessons_read,
                lessons_total: course.lessons.len() as u32,
                best_percent: cr.and_then(|c| c.best_percent),
                attempts: progress.attempts,
                passed: progress.passed,
                completed_on: progress
                    .completed_at
                    .map(|t| t.get(..10).unwrap_or(t).to_string()),
                required,
                due,
                status: rec::status(&progress, required, due, today),
            });
        }
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// A best score with a dot and at most two decimals: `85.5`, `66.67`, `100`.
pub fn score_text(percent: f64) -> String {
    let s = format!("{:.2}", round2(percent));
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn flag(b: bool) -> String {
    if b { "1" } else { "0" }.to_string()
}

fn csv_line(out: &mut String, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells
        .into_iter()
        .map(|c| csv_field(&neutralise(&c)))
        .collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

fn csv_row(out: &mut String, r: &RecordRow, i18n: &I18n) {
    csv_line(
        out,
        [
            r.unit_code.clone(),
            r.unit_name.clone(),
            r.staff_code.clone(),
            r.full_name.clone(),
            r.position.clone(),
            r.appointed_on.clone().unwrap_or_default(),
            r.course_id.clone(),
            r.course_title.clone(),
            r.lessons_read.to_string(),
            r.lessons_total.to_string(),
            r.best_percent.map(score_text).unwrap_or_default(),
            r.attempts.to_string(),
            flag(r.passed),
            r.completed_on.clone().unwrap_or_default(),
            flag(r.required),
            r.due.map(crate::domain::dates::iso).unwrap_or_default(),
            i18n.t(r.status.msg_id()),
        ],
    );
}

/// The start of the CSV (see the module notes): the byte order mark and the header line.
pub fn write_csv_header(writer: &mut impl Write, i18n: &I18n) -> std::io::Result<()> {
    let mut head = String::from("\u{feff}");
    csv_line(&mut head, headers(i18n));
    writer.write_all(head.as_bytes())
}

/// One page of rows as CSV lines.
pub fn write_csv_rows(
    writer: &mut impl Write,
    rows: &[RecordRow],
    i18n: &I18n,
) -> std::io::Result<()> {
    let mut out = String::with_capacity(rows.len() * 160);
    for r in rows {
        csv_row(&mut out, r, i18n);
    }
    writer.write_all(out.as_bytes())
}

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

struct Styles {
    f: Formats,
    date: Format,
    percent: Format,
    bold: Format,
    bold_percent: Format,
}

impl Styles {
    fn new(lang: Lang) -> Self {
        let date_format = if lang.is_vi() {
            "dd/mm/yyyy"
        } else {
            "yyyy-mm-dd"
        };
        Styles {
            f: Formats::new(),
            date: Format::new().set_num_format(date_format),
            percent: Format::new().set_num_format("0.0%"),
            bold: Format::new().set_bold(),
            bold_percent: Format::new().set_bold().set_num_format("0.0%"),
        }
    }
}

fn opt_text(ws: &mut Worksheet, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
    if !s.is_empty() {
        ws.write_string(row, col, s)?;
    }
    Ok(())
}

fn opt_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    iso: Option<&str>,
    s: &Styles,
) -> Result<(), XlsxError> {
    match iso {
        Some(d) => match iso_to_excel(d) {
            Some(x) => ws.write_date_with_format(row, col, &x, &s.date).map(|_| ()),
            None => opt_text(ws, row, col, d),
        },
        None => Ok(()),
    }
}

fn xlsx_row(
    ws: &mut Worksheet,
    row: u32,
    r: &RecordRow,
    i18n: &I18n,
    s: &Styles,
) -> Result<(), XlsxError> {
    let yes_no = |b: bool| i18n.t(if b { "completion-yes" } else { "completion-no" });
    opt_text(ws, row, 0, &r.unit_code)?;
    opt_text(ws, row, 1, &r.unit_name)?;
    opt_text(ws, row, 2, &r.staff_code)?;
    opt_text(ws, row, 3, &r.full_name)?;
    opt_text(ws, row, 4, &r.position)?;
    opt_date(ws, row, 5, r.appointed_on.as_deref(), s)?;
    opt_text(ws, row, 6, &r.course_id)?;
    opt_text(ws, row, 7, &r.course_title)?;
    ws.write_number(row, 8, f64::from(r.lessons_read))?;
    ws.write_number(row, 9, f64::from(r.lessons_total))?;
    if let Some(b) = r.best_percent {
        ws.write_number(row, 10, round2(b))?;
    }
    ws.write_number(row, 11, f64::from(r.attempts))?;
    ws.write_string(row, 12, yes_no(r.passed))?;
    opt_date(ws, row, 13, r.completed_on.as_deref(), s)?;
    ws.write_string(row, 14, yes_no(r.required))?;
    opt_date(
        ws,
        row,
        15,
        r.due.map(crate::domain::dates::iso).as_deref(),
        s,
    )?;
    ws.write_string(row, 16, i18n.t(r.status.msg_id()))?;
    Ok(())
}

/// The rates sheet: per unit, people, then per course the people who completed it and the rate;
/// a total row at the bottom.
fn rates_sheet(
    ws: &mut Worksheet,
    rates: &[UnitRate],
    courses: &[&Course],
    i18n: &I18n,
    s: &Styles,
) -> Result<(), XlsxError> {
    let lang = i18n.lang();
    let mut head = vec![
        i18n.t("roster-col-unit-code"),
        i18n.t("roster-col-unit-name"),
        i18n.t("completion-col-people"),
    ];
    for c in courses {
        let title = fluent_bundle::FluentValue::from(c.title.get(lang).to_string());
        head.push(i18n.ta(
            "completion-col-rate-completed",
            &[("course", title.clone())],
        ));
        head.push(i18n.ta("completion-col-rate-percent", &[("course", title)]));
    }
    header_row(ws, 0, &head, &s.f)?;
    let mut total_people = 0u64;
    let mut total_done = vec![0u64; courses.len()];
    let mut row = 0u32;
    for rate in rates {
        row += 1;
        opt_text(ws, row, 0, &rate.unit_code)?;
        opt_text(ws, row, 1, &rate.unit_name)?;
        ws.write_number(row, 2, f64::from(rate.people))?;
        total_people += u64::from(rate.people);
        for (i, c) in courses.iter().enumerate() {
            let done = rate
                .completed
                .iter()
                .find(|(id, _)| id == &c.id)
                .map_or(0, |(_, n)| *n);
            total_done[i] += u64::from(done);
            let col = 3 + 2 * i as u16;
            ws.write_number(row, col, f64::from(done))?;
            if rate.people > 0 {
                ws.write_number_with_format(
                    row,
                    col + 1,
                    f64::from(done) / f64::from(rate.people),
                    &s.percent,
                )?;
            }
        }
    }
    row += 1;
    ws.write_string_with_format(row, 1, i18n.t("completion-rates-total"), &s.bold)?;
    ws.write_number_with_format(row, 2, total_people as f64, &s.bold)?;
    for (i, done) in total_done.iter().enumerate() {
        let col = 3 + 2 * i as u16;
        ws.write_number_with_format(row, col, *done as f64, &s.bold)?;
        if total_people > 0 {
            ws.write_number_with_format(
                row,
                col + 1,
                *done as f64 / total_people as f64,
                &s.bold_percent,
            )?;
        }
    }
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 2)?;
    let mut w = vec![14.0, 36.0, 10.0];
    for _ in courses {
        w.extend([16.0, 16.0]);
    }
    widths(ws, &w)?;
    Ok(())
}

/// The least width of each column of the records sheet (names, positions, dates: contents
/// not known before the rows come).
const RECORDS_WIDTHS: [f64; 17] = [
    12.0, 30.0, 12.0, 26.0, 26.0, 12.0, 16.0, 40.0, 10.0, 10.0, 12.0, 10.0, 8.0, 13.0, 10.0, 13.0,
    16.0,
];

/// The widest a computed column grows.
const MAX_WIDTH: f64 = 60.0;

/// The records sheet's column widths, computed before its first row (a constant-memory sheet
/// cannot be measured after): each column at least its least width and as wide as what is known
/// up front — its header, and for the course columns, the status and the yes/no columns every
/// value they can hold (course ids and titles of `courses`, the words of the interface language).
pub fn record_widths(i18n: &I18n, courses: &[&Course]) -> [f64; 17] {
    let chars = |s: &str| unicode_width::UnicodeWidthStr::width(s) as f64 + 2.0;
    let mut w = RECORDS_WIDTHS;
    for (i, h) in headers(i18n).iter().enumerate().take(w.len()) {
        // Headers wrap over the header row's height: half their length is enough.
        w[i] = w[i].max((chars(h) / 2.0).ceil());
    }
    let lang = i18n.lang();
    for c in courses {
        w[6] = w[6].max(chars(&c.id));
        w[7] = w[7].max(chars(c.title.get(lang)));
    }
    for id in ["completion-yes", "completion-no"] {
        let word = chars(&i18n.t(id));
        w[12] = w[12].max(word);
        w[14] = w[14].max(word);
    }
    for status in [
        RecordStatus::NotStarted,
        RecordStatus::InProgress,
        RecordStatus::Completed,
        RecordStatus::Overdue,
    ] {
        w[16] = w[16].max(chars(&i18n.t(status.msg_id())));
    }
    w.map(|x| x.min(MAX_WIDTH))
}

/// The workbook of records, built a page of rows at a time: the records sheet first, then
/// [`RecordsWorkbook::finish`] adds the rates per unit and gives the bytes.
pub struct RecordsWorkbook {
    wb: Workbook,
    styles: Styles,
    columns: u16,
    /// The next row of the records sheet.
    next: u32,
}

impl RecordsWorkbook {
    /// A workbook with the records sheet and its header row, its widths from the headers.
    pub fn new(i18n: &I18n) -> Result<Self, XlsxError> {
        Self::for_courses(i18n, &[])
    }

    /// A workbook with the records sheet and its header row, for rows of `courses`
    /// ([`record_widths`]).
    pub fn for_courses(i18n: &I18n, courses: &[&Course]) -> Result<Self, XlsxError> {
        let styles = Styles::new(i18n.lang());
        let mut wb = Workbook::new();
        // Constant memory: each row goes to a temporary file once the next one starts (strings
        // inline), so the sheet never holds a province's cells. The widths are fixed up front:
        // rows already written cannot be measured again.
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(i18n.t("completion-sheet-records"))?;
        // A4 landscape, one page wide, the header on every page, page numbers; then the frozen
        // panes keep the name columns in view too. Set before the first row, as constant-memory
        // sheets require.
        crate::io::report::print_setup(ws, true)?;
        ws.set_freeze_panes(1, 4)?;
        widths(ws, &record_widths(i18n, courses))?;
        let head = headers(i18n);
        header_row(ws, 0, &head, &styles.f)?;
        Ok(RecordsWorkbook {
            wb,
            styles,
            columns: head.len() as u16,
            next: 1,
        })
    }

    /// One page of rows, below the rows before.
    pub fn add_rows(&mut self, rows: &[RecordRow], i18n: &I18n) -> Result<(), XlsxError> {
        let ws = self.wb.worksheet_from_index(0)?;
        for r in rows {
            xlsx_row(ws, self.next, r, i18n, &self.styles)?;
            self.next += 1;
        }
        Ok(())
    }

    /// The records sheet frozen, filtered and sized, the sheet of `rates` for `courses` after
    /// it, and the workbook's bytes.
    pub fn finish(
        mut self,
        courses: &[&Course],
        rates: &[UnitRate],
        i18n: &I18n,
    ) -> Result<Vec<u8>, XlsxError> {
        self.complete(courses, rates, i18n)?;
        self.wb.save_to_buffer()
    }

    /// As [`RecordsWorkbook::finish`], the workbook written to `out` as it is zipped, not
    /// gathered into bytes first.
    pub fn finish_to<W: Write + std::io::Seek + Send>(
        mut self,
        courses: &[&Course],
        rates: &[UnitRate],
        i18n: &I18n,
        out: W,
    ) -> Result<(), XlsxError> {
        self.complete(courses, rates, i18n)?;
        self.wb.save_to_writer(out)
    }

    fn complete(
        &mut self,
        courses: &[&Course],
        rates: &[UnitRate],
        i18n: &I18n,
    ) -> Result<(), XlsxError> {
        let ws = self.wb.worksheet_from_index(0)?;
        ws.autofilter(0, 0, self.next.saturating_sub(1).max(1), self.columns - 1)?;
        let sheet = self.wb.add_worksheet();
        sheet.set_name(i18n.t("completion-sheet-rates"))?;
        crate::io::report::print_setup(sheet, true)?;
        rates_sheet(sheet, rates, courses, i18n, &self.styles)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_have_a_dot_and_at_most_two_decimals() {
        assert_eq!(score_text(85.5), "85.5");
        assert_eq!(score_text(100.0), "100");
        assert_eq!(score_text(200.0 / 3.0), "66.67");
        assert_eq!(score_text(0.0), "0");
        assert_eq!(score_text(70.004), "70");
        assert_eq!(score_text(12.25), "12.25");
    }

    #[test]
    fn widths_fit_the_course_titles_and_words_known_up_front() {
        let i18n = I18n::new(Lang::Vi);
        let base = record_widths(&i18n, &[]);
        assert!(base
            .iter()
            .zip(RECORDS_WIDTHS)
            .all(|(w, least)| *w >= least));
        let pack = crate::domain::content::load(&crate::domain::content::embedded_files())
            .pack
            .unwrap();
        let courses: Vec<&Course> = pack.courses.iter().collect();
        let w = record_widths(&i18n, &courses);
        let longest = courses
            .iter()
            .map(|c| unicode_width::UnicodeWidthStr::width(c.title.get(Lang::Vi)) as f64 + 2.0)
            .fold(0.0, f64::max);
        assert_eq!(w[7], longest.clamp(RECORDS_WIDTHS[7], MAX_WIDTH));
        assert!(w.iter().all(|x| *x <= MAX_WIDTH));
    }

    #[test]
    fn every_label_exists_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let i = I18n::new(lang);
            for id in [
                "completion-yes",
                "completion-no",
                "completion-sheet-records",
                "completion-sheet-rates",
                "completion-rates-total",
                "completion-col-people",
                "completion-col-rate-completed",
                "completion-col-rate-percent",
            ] {
                assert!(i.has(id), "{id} in {lang:?}");
            }
            assert!(headers(&i)
                .iter()
                .all(|h| !h.starts_with("roster-") && !h.starts_with("completion-")));
        }
    }
}

//! The report as a workbook of four sheets (summary, criteria, comparison, finalization record),
//! and the cell writers the summary's workbook shares.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::csv::criteria_header;
use super::{
    answer_text, band_label, comparison, current_line, person, remarks, rows, status_label,
    task_score, trend, yes_no, L,
};
use crate::domain::assessment::record::AssessmentStatus;
use crate::domain::assessment::report_data::ReportData;
use crate::domain::i18n::I18n;
use crate::io::file::{header_row, widths, write_new, ExportError, Formats};

/// The same local time as an Excel date.
fn excel_time(ts: &str) -> Option<ExcelDateTime> {
    let t = crate::domain::dates::in_vietnam(ts)?;
    ExcelDateTime::from_ymd(u16::try_from(t.year()).ok()?, t.month() as u8, t.day())
        .ok()?
        .and_hms(t.hour() as u16, t.minute(), t.second())
        .ok()
}

pub(super) fn text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    if !s.is_empty() {
        ws.write_string_with_format(row, col, s, &f.wrap)?;
    }
    Ok(())
}

pub(super) fn number(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    n: Option<f64>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    if let Some(n) = n {
        ws.write_number_with_format(row, col, n, fmt)?;
    }
    Ok(())
}

/// The page setup every exported sheet prints with: A4, `landscape` where the sheet is wide,
/// fit to one page wide (as many pages tall as needed), the header row (row 0) repeated on every
/// page and frozen on screen, and "page / pages" centred in the footer.
pub fn print_setup(ws: &mut Worksheet, landscape: bool) -> Result<(), XlsxError> {
    ws.set_paper_size(9); // A4
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_footer("&C&P / &N");
    Ok(())
}

pub(super) fn hundredths(h: u64) -> f64 {
    h as f64 / 100.0
}

/// The report as a workbook: "Tổng hợp" (the general facts and each task's score), "Tiêu chí"
/// (one row per applicable criterion, the CSV's columns without unit and year), "So sánh năm
/// trước" and "Hoàn tất" (every finalized version). Headers are bold and in the UI language;
/// scores, counts and points are numbers, times Excel dates in Vietnam's local time.
/// Refuses to overwrite `out`.
pub fn xlsx(d: &ReportData, i18n: &I18n, out: &Path) -> Result<(), ExportError> {
    let bytes = xlsx_bytes(d, i18n)?;
    write_new(out, &bytes)
}

/// The workbook's bytes.
pub fn xlsx_bytes(d: &ReportData, i18n: &I18n) -> Result<Vec<u8>, ExportError> {
    let l = L::new(i18n);
    let f = Formats::new();
    let mut wb = Workbook::new();
    let plain = Format::new().set_align(FormatAlign::Top);

    // Summary
    {
        let ws = wb.add_worksheet();
        ws.set_name(l.t("report-sheet-summary"))?;
        print_setup(ws, true)?;
        header_row(
            ws,
            0,
            &[l.t("report-col-item"), l.t("report-col-content")],
            &f,
        )?;
        let mut row = 1;
        enum Cell {
            Text(String),
            Int(f64),
            Score(f64),
        }
        let facts = [
            ("report-unit", Cell::Text(d.unit.name.clone())),
            ("report-unit-code", Cell::Text(d.unit.code.clone())),
            ("report-unit-kind", Cell::Text(l.t(d.unit.kind.msg_id()))),
            ("report-year", Cell::Int(f64::from(d.assessment.year))),
            (
                "report-checklist",
                Cell::Text(d.checklist.title.get(l.lang).to_string()),
            ),
            (
                "report-checklist-version",
                Cell::Text(d.checklist.version.clone()),
            ),
            (
                "report-status",
                Cell::Text(status_label(Some(d.assessment.status), &l)),
            ),
            ("report-score", Cell::Score(hundredths(d.score.hundredths))),
            (
                "report-rating",
                Cell::Text(band_label(&d.checklist, d.score.band.as_deref(), &l)),
            ),
        ];
        for (k, v) in facts {
            ws.write_string_with_format(row, 0, l.t(k), &f.bold)?;
            match v {
                Cell::Text(v) => text(ws, row, 1, &v, &f)?,
                Cell::Int(n) => {
                    ws.write_number_with_format(row, 1, n, &plain)?;
                }
                Cell::Score(n) => {
                    ws.write_number_with_format(row, 1, n, &f.score)?;
                }
            }
            row += 1;
        }
        for r in remarks(d, &l) {
            ws.write_string_with_format(row, 0, l.t("report-note"), &f.bold)?;
            text(ws, row, 1, &r, &f)?;
            row += 1;
        }
        row += 1;
        header_row(
            ws,
            row,
            &[
                l.t("report-col-task"),
                l.t("report-col-task-title"),
                l.t("report-col-task-score"),
                l.t("report-col-earned"),
                l.t("report-col-possible"),
            ],
            &f,
        )?;
        row += 1;
        for t in &d.checklist.tasks {
            ws.write_number_with_format(row, 0, f64::from(t.number), &plain)?;
            text(ws, row, 1, t.title.get(l.lang), &f)?;
            if let Some(ts) = task_score(&d.score, t.number).filter(|ts| ts.possible > 0) {
                number(
                    ws,
                    row,
                    2,
                    ts.percent_hundredths().map(hundredths),
                    &f.score,
                )?;
                number(ws, row, 3, Some(hundredths(ts.earned)), &f.score)?;
                number(ws, row, 4, Some(hundredths(ts.possible)), &f.score)?;
            }
            row += 1;
        }
        widths(ws, &[24.0, 60.0, 16.0, 12.0, 12.0])?;
    }

    // Criteria
    {
        let ws = wb.add_worksheet();
        ws.set_name(l.t("report-sheet-criteria"))?;
        print_setup(ws, true)?;
        header_row(ws, 0, &criteria_header(&l, false), &f)?;
        for (i, r) in rows(d).iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_number_with_format(row, 0, f64::from(r.task.number), &plain)?;
            text(ws, row, 1, r.task.title.get(l.lang), &f)?;
            text(ws, row, 2, &r.c.id, &f)?;
            text(ws, row, 3, r.c.text.get(l.lang), &f)?;
            text(ws, row, 4, &answer_text(r.c, r.answer, &l), &f)?;
            number(ws, row, 5, r.value().map(f64::from), &plain)?;
            number(ws, row, 6, r.c.target.map(f64::from), &plain)?;
            number(ws, row, 7, Some(f64::from(r.c.points)), &plain)?;
            number(ws, row, 8, r.earned.map(hundredths), &f.score)?;
            text(ws, row, 9, r.evidence(), &f)?;
            text(ws, row, 10, &r.files_text(&l), &f)?;
            text(ws, row, 11, r.note(), &f)?;
            text(ws, row, 12, &yes_no(r.is_from_last_year(), &l), &f)?;
        }
        ws.set_freeze_panes(1, 0)?;
        widths(
            ws,
            &[
                10.0, 30.0, 18.0, 60.0, 18.0, 9.0, 9.0, 9.0, 9.0, 40.0, 40.0, 40.0, 12.0,
            ],
        )?;
    }

    // Comparison with last year
    {
        let ws = wb.add_worksheet();
        ws.set_name(l.t("report-sheet-compare"))?;
        print_setup(ws, false)?;
        let year = d.assessment.year;
        header_row(
            ws,
            0,
            &[
                l.t("report-col-task"),
                l.t("report-col-task-title"),
                l.ta("report-compare-year", &[("year", (year - 1).to_string())]),
                l.ta("report-compare-year", &[("year", year.to_string())]),
                l.t("report-col-diff"),
                l.t("report-col-trend"),
            ],
            &f,
        )?;
        match comparison(d, &l) {
            None => {
                text(
                    ws,
                    1,
                    0,
                    &l.ta("report-compare-none", &[("year", (year - 1).to_string())]),
                    &f,
                )?;
            }
            Some((pa, _, cmp)) => {
                for (i, c) in cmp.iter().enumerate() {
                    let row = i as u32 + 1;
                    match c.number {
                        Some(n) => {
                            ws.write_number_with_format(row, 0, f64::from(n), &plain)?;
                            let title = d
                                .checklist
                                .tasks
                                .iter()
                                .find(|t| t.number == n)
                                .map(|t| t.title.get(l.lang))
                                .unwrap_or("");
                            text(ws, row, 1, title, &f)?;
                        }
                        None => {
                            ws.write_string_with_format(row, 0, l.t("report-total"), &f.bold)?;
                            text(ws, row, 1, &c.label, &f)?;
                        }
                    }
                    number(ws, row, 2, c.prev.map(hundredths), &f.score)?;
                    number(ws, row, 3, c.now.map(hundredths), &f.score)?;
                    number(ws, row, 4, c.diff(), &f.score)?;
                    text(ws, row, 5, trend(c.prev, c.now), &f)?;
                }
                if pa.status == AssessmentStatus::Draft {
                    let row = cmp.len() as u32 + 2;
                    text(
                        ws,
                        row,
                        0,
                        &l.ta("report-previous-draft", &[("year", (year - 1).to_string())]),
                        &f,
                    )?;
                }
            }
        }
        widths(ws, &[10.0, 50.0, 12.0, 12.0, 12.0, 10.0])?;
    }

    // Finalization record
    {
        let ws = wb.add_worksheet();
        ws.set_name(l.t("report-sheet-record"))?;
        print_setup(ws, true)?;
        header_row(
            ws,
            0,
            &[
                l.t("report-col-version"),
                l.t("report-col-finalized-by"),
                l.t("report-col-finalized-at"),
                l.t("report-score"),
                l.t("report-rating"),
                l.t("report-col-reopened-by"),
                l.t("report-col-reopened-at"),
                l.t("report-col-reason"),
            ],
            &f,
        )?;
        let mut row = 1;
        for v in &d.history {
            ws.write_number_with_format(row, 0, v.version as f64, &plain)?;
            text(ws, row, 1, &person(d, v.finalized_by.as_deref(), &l), &f)?;
            match excel_time(&v.finalized_at) {
                Some(t) => {
                    ws.write_datetime_with_format(row, 2, &t, &f.datetime)?;
                }
                None => text(ws, row, 2, &v.finalized_at, &f)?,
            }
            ws.write_number_with_format(row, 3, hundredths(v.score_hundredths), &f.score)?;
            text(
                ws,
                row,
                4,
                &band_label(&d.checklist, v.band.as_deref(), &l),
                &f,
            )?;
            if let Some(at) = &v.reopened_at {
                text(ws, row, 5, &person(d, v.reopened_by.as_deref(), &l), &f)?;
                match excel_time(at) {
                    Some(t) => {
                        ws.write_datetime_with_format(row, 6, &t, &f.datetime)?;
                    }
                    None => text(ws, row, 6, at, &f)?,
                }
                text(ws, row, 7, v.reopen_reason.as_deref().unwrap_or(""), &f)?;
            }
            row += 1;
        }
        row += 1;
        text(ws, row, 0, &current_line(d, &l), &f)?;
        text(ws, row + 1, 0, &l.t("report-record-time-note"), &f)?;
        widths(ws, &[8.0, 24.0, 18.0, 10.0, 20.0, 24.0, 18.0, 50.0])?;
    }

    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_vietnam() {
        assert_eq!(
            crate::domain::present::local_time("2026-11-24T03:00:00Z"),
            "24/11/2026 10:00"
        );
        assert_eq!(
            crate::domain::present::local_time("2026-11-21T18:30:00Z"),
            "22/11/2026 01:30"
        );
        assert_eq!(
            crate::domain::present::local_time("2026-12-31T17:05:09Z"),
            "01/01/2027 00:05"
        );
        assert_eq!(crate::domain::present::local_time("hôm qua"), "hôm qua");
        assert!(excel_time("2026-11-24T03:00:00Z").is_some());
        assert!(excel_time("x").is_none());
    }
}

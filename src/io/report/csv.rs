//! The report as one CSV table (UTF-8 with a BOM, CRLF, formula-like cells neutralised), and the
//! CSV pieces the summary shares.

use super::{answer_text, band_label, remarks, rows, status_label, yes_no, L};
use crate::domain::assessment;
use crate::domain::assessment::report_data::ReportData;
use crate::domain::i18n::I18n;

/// One CSV cell: a text that a spreadsheet would take for a formula (= + - @, tab, CR) gets a
/// leading single quote; a cell with a comma, quote or line break is quoted (RFC 4180).
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub(super) fn csv_line(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

pub(super) const BOM: &str = "\u{feff}";

/// The report as one table: UTF-8 with a BOM (so Excel reads the Vietnamese), CRLF line ends,
/// one localized header row, then one row per applicable criterion:
///
/// unit code, year, task, task title, criterion id, criterion, answer (as in the other formats),
/// value, target, points (the criterion's), earned (hundredths as a decimal with a dot; empty when
/// not applicable), evidence, files ("path (sha256 …) — flag", separated by "; "), note, from last
/// year (Có/Không).
///
/// A last row labelled "Tổng" (localized) in the task column keeps the total: the checklist title
/// as task title, the rating in the answer column, 100 and the score in points and earned, and the
/// status with any remark (critical cap, unanswered criteria) in the note column. Unit and year are
/// on every row so several units' files can be stacked into one table.
pub fn csv(d: &ReportData, i18n: &I18n) -> String {
    let l = L::new(i18n);
    let mut out = String::from(BOM);
    csv_line(&mut out, &criteria_header(&l, true));
    let unit = d.unit.code.clone();
    let year = d.assessment.year.to_string();
    for r in rows(d) {
        csv_line(
            &mut out,
            &[
                unit.clone(),
                year.clone(),
                r.task.number.to_string(),
                r.task.title.get(l.lang).to_string(),
                r.c.id.clone(),
                r.c.text.get(l.lang).to_string(),
                answer_text(r.c, r.answer, &l),
                r.value().map(|v| v.to_string()).unwrap_or_default(),
                r.c.target.map(|v| v.to_string()).unwrap_or_default(),
                r.c.points.to_string(),
                r.earned
                    .map(|e| assessment::display(e, false))
                    .unwrap_or_default(),
                r.evidence().to_string(),
                r.files_text(&l),
                r.note().to_string(),
                yes_no(r.is_from_last_year(), &l),
            ],
        );
    }
    let mut status = vec![status_label(Some(d.assessment.status), &l)];
    status.extend(remarks(d, &l));
    csv_line(
        &mut out,
        &[
            unit,
            year,
            l.t("report-total"),
            d.checklist.title.get(l.lang).to_string(),
            String::new(),
            String::new(),
            band_label(&d.checklist, d.score.band.as_deref(), &l),
            String::new(),
            String::new(),
            "100".into(),
            assessment::display(d.score.hundredths, false),
            String::new(),
            String::new(),
            status.join("; "),
            String::new(),
        ],
    );
    out
}

pub(super) fn criteria_header(l: &L, with_unit: bool) -> Vec<String> {
    let mut ids = vec![];
    if with_unit {
        ids.extend(["report-unit-code", "report-year"]);
    }
    ids.extend([
        "report-col-task",
        "report-col-task-title",
        "report-col-criterion-id",
        "report-col-criterion",
        "report-answer",
        "report-col-value",
        "report-col-target",
        "report-col-points",
        "report-col-earned",
        "report-evidence",
        "report-files",
        "report-note",
        "report-col-from-last-year",
    ]);
    ids.into_iter().map(|id| l.t(id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_neutralised_and_quoted() {
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("+84 912"), "'+84 912");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@x"), "'@x");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("=a, \"b\""), "\"'=a, \"\"b\"\"\"");
        assert_eq!(csv_cell("hai\ndòng"), "\"hai\ndòng\"");
        assert_eq!(csv_cell("Có"), "Có");
        assert_eq!(csv_cell(""), "");
    }
}

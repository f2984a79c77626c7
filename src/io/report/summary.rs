//! The summary of a year across units, one row per unit (status, score, rating, weakest tasks),
//! as Markdown, CSV or XLSX.

use std::fmt::Write as _;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use super::csv::{csv_line, BOM};
use super::markdown::md;
use super::xlsx::{hundredths, number, text};
use super::{band_label, status_label, L};
use crate::domain::assessment;
use crate::domain::assessment::record::AssessmentStatus;
use crate::domain::assessment::report_data::SummaryRow;
use crate::domain::content::Checklist;
use crate::domain::i18n::I18n;
use crate::io::file::{header_row, widths, write_new, ExportError, Formats};

struct SummaryCells {
    code: String,
    name: String,
    kind: String,
    status: String,
    score: Option<u64>,
    rating: String,
    weakest: String,
}

fn summary_cells(r: &SummaryRow, c: &Checklist, l: &L, vi_numbers: bool) -> SummaryCells {
    let weakest = r
        .weakest
        .iter()
        .map(|&(n, p)| {
            l.ta(
                "report-weak-task",
                &[
                    ("number", n.to_string()),
                    ("score", assessment::display(p, vi_numbers)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    SummaryCells {
        code: r.unit.code.clone(),
        name: r.unit.name.clone(),
        kind: l.t(r.unit.kind.msg_id()),
        status: status_label(r.status(), l),
        score: r.score.as_ref().map(|s| s.hundredths),
        rating: match &r.score {
            Some(s) => band_label(c, s.band.as_deref(), l),
            None => String::new(),
        },
        weakest,
    }
}

fn summary_header(l: &L) -> Vec<String> {
    [
        "report-unit-code",
        "report-unit",
        "report-unit-kind",
        "report-year",
        "report-status",
        "report-score",
        "report-rating",
        "report-col-weakest",
    ]
    .iter()
    .map(|id| l.t(id))
    .collect()
}

fn summary_counts(rows: &[SummaryRow], l: &L) -> String {
    let count = |s: Option<AssessmentStatus>| rows.iter().filter(|r| r.status() == s).count();
    l.ta(
        "report-summary-counts",
        &[
            ("units", rows.len().to_string()),
            ("final", count(Some(AssessmentStatus::Final)).to_string()),
            ("draft", count(Some(AssessmentStatus::Draft)).to_string()),
            ("none", count(None).to_string()),
        ],
    )
}

/// The summary as Markdown: a table with one row per unit (status, score, rating, weakest tasks).
pub fn summary_markdown(rows: &[SummaryRow], c: &Checklist, year: i32, i18n: &I18n) -> String {
    let l = L::new(i18n);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}\n",
        md(&l.ta("report-summary-title", &[("year", year.to_string())]))
    );
    let _ = writeln!(
        s,
        "{}: {}\n",
        l.t("report-checklist"),
        md(&l.ta(
            "report-checklist-with-version",
            &[
                ("title", c.title.get(l.lang).to_string()),
                ("version", c.version.clone()),
            ],
        ))
    );
    let _ = writeln!(s, "{}\n", summary_counts(rows, &l));
    let head: Vec<String> = summary_header(&l)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i != 3)
        .map(|(_, h)| h)
        .collect();
    let _ = writeln!(s, "| {} |", head.join(" | "));
    let _ = writeln!(s, "|---|---|---|---|--:|---|---|");
    for r in rows {
        let cells = summary_cells(r, c, &l, l.vi);
        let dash = |x: String| {
            if x.is_empty() {
                "—".to_string()
            } else {
                md(&x)
            }
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            md(&cells.code),
            md(&cells.name),
            md(&cells.kind),
            md(&cells.status),
            cells.score.map(|v| l.num(v)).unwrap_or_else(|| "—".into()),
            dash(cells.rating),
            dash(cells.weakest)
        );
    }
    s
}

/// The summary as CSV (UTF-8 with BOM, CRLF, a dot as decimal separator, formula-like cells
/// neutralised): unit code, unit, kind, year, status, score, rating, weakest tasks.
pub fn summary_csv(rows: &[SummaryRow], c: &Checklist, year: i32, i18n: &I18n) -> String {
    let l = L::new(i18n);
    let mut out = String::from(BOM);
    csv_line(&mut out, &summary_header(&l));
    for r in rows {
        let cells = summary_cells(r, c, &l, false);
        csv_line(
            &mut out,
            &[
                cells.code,
                cells.name,
                cells.kind,
                year.to_string(),
                cells.status,
                cells
                    .score
                    .map(|v| assessment::display(v, false))
                    .unwrap_or_default(),
                cells.rating,
                cells.weakest,
            ],
        );
    }
    out
}

/// The summary as a workbook with one sheet; score and year are numbers. Refuses to overwrite.
pub fn summary_xlsx(
    rows: &[SummaryRow],
    c: &Checklist,
    year: i32,
    i18n: &I18n,
    out: &Path,
) -> Result<(), ExportError> {
    let bytes = summary_xlsx_bytes(rows, c, year, i18n)?;
    write_new(out, &bytes)
}

pub fn summary_xlsx_bytes(
    rows: &[SummaryRow],
    c: &Checklist,
    year: i32,
    i18n: &I18n,
) -> Result<Vec<u8>, ExportError> {
    let l = L::new(i18n);
    let f = Formats::new();
    let plain = Format::new().set_align(FormatAlign::Top);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(l.t("report-sheet-units"))?;
    super::xlsx::print_setup(ws, true)?;
    header_row(ws, 0, &summary_header(&l), &f)?;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let cells = summary_cells(r, c, &l, l.vi);
        text(ws, row, 0, &cells.code, &f)?;
        text(ws, row, 1, &cells.name, &f)?;
        text(ws, row, 2, &cells.kind, &f)?;
        ws.write_number_with_format(row, 3, f64::from(year), &plain)?;
        text(ws, row, 4, &cells.status, &f)?;
        number(ws, row, 5, cells.score.map(hundredths), &f.score)?;
        text(ws, row, 6, &cells.rating, &f)?;
        text(ws, row, 7, &cells.weakest, &f)?;
    }
    ws.set_freeze_panes(1, 0)?;
    widths(ws, &[14.0, 36.0, 26.0, 8.0, 16.0, 10.0, 22.0, 50.0])?;
    Ok(wb.save_to_buffer()?)
}

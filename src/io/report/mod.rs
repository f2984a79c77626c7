//! The yearly self-assessment report of one unit — Markdown, HTML laid out as an administrative
//! document (Nghị định 30/2020/NĐ-CP) that prints on A4, CSV and XLSX — and the summary across
//! units. Every label comes from Fluent (`report-*`), so a report follows `--lang`; numbers are
//! "85,50" in Vietnamese and "85.50" in English (always with a dot in CSV), dates dd/mm/yyyy and
//! times in Vietnam's local time (UTC+7).
//!
//! Each format shows the same parts: the unit, year, checklist, status, score and rating (with the
//! critical criteria that capped it); per task its score and every criterion that applies to the
//! unit's kind with its answer ("Chưa trả lời" when unanswered, never "Không"), evidence, files
//! (flagged when changed or missing since attached), note and "from last year"; the comparison
//! with last year; and the finalization record with every reopening.

use std::fmt::Write as _;
use std::path::Path;

use fluent_bundle::FluentValue;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::domain::assessment::record::{
    Assessment, AssessmentStatus, CriterionAnswer, EvidenceFile, FileState, FinalizedVersion,
};
use crate::domain::assessment::report_data::{ReportData, SummaryRow};
use crate::domain::assessment::{self, Answer, Score, TaskScore};
use crate::domain::content::{Checklist, Criterion, CriterionKind, Task};
use crate::domain::i18n::{I18n, Lang};
use crate::io::file::{header_row, widths, write_new, ExportError, Formats};
use crate::io::html::esc;

// ---------------------------------------------------------------------------------------------
// Shared pieces: labels, numbers, times
// ---------------------------------------------------------------------------------------------

/// Labels in the report's language.
struct L<'a> {
    i18n: &'a I18n,
    lang: Lang,
    vi: bool,
}

impl<'a> L<'a> {
    fn new(i18n: &'a I18n) -> Self {
        L {
            i18n,
            lang: i18n.lang(),
            vi: i18n.lang().is_vi(),
        }
    }

    fn t(&self, id: &str) -> String {
        self.i18n.t(id)
    }

    /// A message with string arguments (numbers are formatted here, not by Fluent).
    fn ta(&self, id: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, FluentValue)> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.clone())))
            .collect();
        self.i18n.ta(id, &args)
    }

    /// Hundredths as shown: "72,50" (vi) or "72.50" (en).
    fn num(&self, hundredths: u64) -> String {
        assessment::display(hundredths, self.vi)
    }
}

/// A signed difference of hundredths: "+2,50", "-7,50", "0,00".
fn signed(diff: i64, vi: bool) -> String {
    let abs = assessment::display(diff.unsigned_abs(), vi);
    match diff.signum() {
        1 => format!("+{abs}"),
        -1 => format!("-{abs}"),
        _ => abs,
    }
}

/// ▲ up, ▼ down, = the same; nothing when either side is missing.
fn trend(prev: Option<u64>, now: Option<u64>) -> &'static str {
    match (prev, now) {
        (Some(p), Some(n)) if n > p => "▲",
        (Some(p), Some(n)) if n < p => "▼",
        (Some(_), Some(_)) => "=",
        _ => "",
    }
}

/// The same local time as an Excel date.
fn excel_time(ts: &str) -> Option<ExcelDateTime> {
    let t = crate::domain::dates::in_vietnam(ts)?;
    ExcelDateTime::from_ymd(u16::try_from(t.year()).ok()?, t.month() as u8, t.day())
        .ok()?
        .and_hms(t.hour() as u16, t.minute(), t.second())
        .ok()
}

fn band_label(c: &Checklist, id: Option<&str>, l: &L) -> String {
    id.and_then(|id| c.rubric.bands.iter().find(|b| b.id == id))
        .map(|b| b.label.get(l.lang).to_string())
        .unwrap_or_else(|| l.t("report-rating-none"))
}

fn status_label(status: Option<AssessmentStatus>, l: &L) -> String {
    l.t(match status {
        None => "report-status-none",
        Some(AssessmentStatus::Draft) => "report-status-draft",
        Some(AssessmentStatus::Final) => "report-status-final",
    })
}

fn person(d: &ReportData, id: Option<&str>, l: &L) -> String {
    d.person_name(id)
        .map(str::to_string)
        .unwrap_or_else(|| l.t("report-unknown-person"))
}

/// An answer as a person reads it: "Có", "Chưa trả lời", "1 (chỉ tiêu 2)", "95% (chỉ tiêu 100%)".
fn answer_text(c: &Criterion, a: Answer, l: &L) -> String {
    match a {
        Answer::Unanswered => l.t("report-answer-unanswered"),
        Answer::Yes => l.t("report-answer-yes"),
        Answer::Partly => l.t("report-answer-partly"),
        Answer::No => l.t("report-answer-no"),
        Answer::NotApplicable => l.t("report-answer-na"),
        Answer::Value(v) => {
            let unit = if c.kind == CriterionKind::Percent {
                "%"
            } else {
                ""
            };
            match (c.kind, c.target) {
                (CriterionKind::Count | CriterionKind::Percent, Some(t)) => l.ta(
                    "report-answer-target",
                    &[
                        ("value", format!("{v}{unit}")),
                        ("target", format!("{t}{unit}")),
                    ],
                ),
                _ => format!("{v}{unit}"),
            }
        }
    }
}

fn yes_no(b: bool, l: &L) -> String {
    l.t(if b {
        "report-answer-yes"
    } else {
        "report-answer-no"
    })
}

/// The first 12 hex digits of a SHA-256: enough to tell files apart on paper.
fn short_hash(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

fn file_state_label(s: &FileState, l: &L) -> Option<String> {
    match s {
        FileState::Unchanged => None,
        FileState::Changed => Some(l.t("report-file-changed")),
        FileState::Missing => Some(l.t("report-file-missing")),
    }
}

/// "path (sha256 1a2b3c4d5e6f) — ĐÃ THAY ĐỔI" (plain text, for CSV and XLSX).
fn file_text(f: &EvidenceFile, s: &FileState, l: &L) -> String {
    let mut out = format!("{} (sha256 {})", f.path, short_hash(&f.sha256));
    if let Some(flag) = file_state_label(s, l) {
        out.push_str(" — ");
        out.push_str(&flag);
    }
    out
}

/// One applicable criterion with everything the report shows about it.
struct Row<'a> {
    task: &'a Task,
    c: &'a Criterion,
    answer: Answer,
    saved: Option<&'a CriterionAnswer>,
    /// Hundredths of a point; None when it does not count (not applicable).
    earned: Option<u64>,
    files: Vec<&'a (EvidenceFile, FileState)>,
}

impl Row<'_> {
    fn evidence(&self) -> &str {
        self.saved.map(|a| a.evidence.as_str()).unwrap_or("")
    }

    fn note(&self) -> &str {
        self.saved.map(|a| a.note.as_str()).unwrap_or("")
    }

    fn is_from_last_year(&self) -> bool {
        self.saved.is_some_and(|a| a.from_last_year)
    }

    fn value(&self) -> Option<u32> {
        match self.answer {
            Answer::Value(v) => Some(v),
            _ => None,
        }
    }

    fn earned_text(&self, l: &L) -> String {
        match self.earned {
            Some(e) => l.ta(
                "report-earned-of",
                &[("earned", l.num(e)), ("points", self.c.points.to_string())],
            ),
            None => l.t("report-not-counted"),
        }
    }

    fn files_text(&self, l: &L) -> String {
        self.files
            .iter()
            .map(|(f, s)| file_text(f, s, l))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The criteria that apply to the unit's kind, task by task, in checklist order.
fn rows(d: &ReportData) -> Vec<Row<'_>> {
    let kind = d.unit.kind.key();
    d.checklist
        .criteria()
        .filter(|(_, c)| c.applies_to_kind(kind))
        .map(|(task, c)| {
            let saved = d.answer(&c.id);
            let answer = saved.map(|a| a.answer).unwrap_or(Answer::Unanswered);
            Row {
                task,
                c,
                answer,
                saved,
                earned: assessment::earned(&d.checklist, c, answer),
                files: d
                    .files
                    .iter()
                    .filter(|(f, _)| f.criterion_id == c.id)
                    .collect(),
            }
        })
        .collect()
}

fn task_score(score: &Score, number: u8) -> Option<&TaskScore> {
    score.tasks.iter().find(|t| t.number == number)
}

fn task_percent(score: &Score, number: u8) -> Option<u64> {
    task_score(score, number).and_then(TaskScore::percent_hundredths)
}

/// "Điểm nhiệm vụ: 75,00/100 (đạt 22,50/30,00 điểm …)", or that nothing counts.
fn task_score_text(d: &ReportData, number: u8, l: &L) -> String {
    match task_score(&d.score, number) {
        Some(ts) if ts.possible > 0 => l.ta(
            "report-task-score",
            &[
                ("score", l.num(ts.percent_hundredths().unwrap_or(0))),
                ("earned", l.num(ts.earned)),
                ("possible", l.num(ts.possible)),
            ],
        ),
        _ => l.t("report-task-not-scored"),
    }
}

/// "t1-ke-hoach (Đơn vị có ban hành kế hoạch …)" for each failed critical criterion.
fn critical_names(d: &ReportData, l: &L) -> String {
    d.score
        .failed_critical
        .iter()
        .map(
            |id| match d.checklist.criteria().find(|(_, c)| &c.id == id) {
                Some((_, c)) => format!("{id} ({})", c.text.get(l.lang)),
                None => id.clone(),
            },
        )
        .collect::<Vec<_>>()
        .join("; ")
}

/// Remarks under the score: a critical cap, failed critical criteria, unanswered criteria, a draft,
/// a checklist version other than the one the assessment was made with.
fn remarks(d: &ReportData, l: &L) -> Vec<String> {
    let mut out = Vec::new();
    if !d.score.failed_critical.is_empty() {
        let uncapped = assessment::band_for(&d.checklist, d.score.hundredths);
        if uncapped != d.score.band.as_deref() {
            out.push(l.ta(
                "report-capped",
                &[
                    ("band", band_label(&d.checklist, d.score.band.as_deref(), l)),
                    ("uncapped", band_label(&d.checklist, uncapped, l)),
                    ("criteria", critical_names(d, l)),
                ],
            ));
        } else {
            out.push(l.ta(
                "report-critical-failed",
                &[("criteria", critical_names(d, l))],
            ));
        }
    }
    if d.score.unanswered > 0 {
        out.push(l.ta(
            "report-unanswered-count",
            &[
                ("count", d.score.unanswered.to_string()),
                ("total", d.score.applicable.to_string()),
            ],
        ));
    }
    if d.assessment.status == AssessmentStatus::Draft {
        out.push(l.t("report-draft-note"));
    }
    if d.assessment.checklist_version != d.checklist.version {
        out.push(l.ta(
            "report-version-differs",
            &[
                ("then", d.assessment.checklist_version.clone()),
                ("now", d.checklist.version.clone()),
            ],
        ));
    }
    out
}

/// One line of the comparison with last year.
struct Cmp {
    number: Option<u8>,
    label: String,
    prev: Option<u64>,
    now: Option<u64>,
}

impl Cmp {
    fn change(&self, vi: bool) -> String {
        let arrow = trend(self.prev, self.now);
        match (self.prev, self.now) {
            (Some(p), Some(n)) => format!("{arrow} {}", signed(n as i64 - p as i64, vi)),
            _ => String::new(),
        }
    }

    fn diff(&self) -> Option<f64> {
        Some((self.now? as f64 - self.prev? as f64) / 100.0)
    }
}

/// The total then each task, last year beside this year; None when there is no last year.
fn comparison<'a>(d: &'a ReportData, l: &L) -> Option<(&'a Assessment, Score, Vec<Cmp>)> {
    let (pa, ps) = d.previous.as_ref()?;
    let mut out = vec![Cmp {
        number: None,
        label: l.t("report-total-score"),
        prev: Some(ps.hundredths),
        now: Some(d.score.hundredths),
    }];
    for t in &d.checklist.tasks {
        out.push(Cmp {
            number: Some(t.number),
            label: task_heading(t, l),
            prev: task_percent(ps, t.number),
            now: task_percent(&d.score, t.number),
        });
    }
    Some((pa, ps.clone(), out))
}

fn task_heading(t: &Task, l: &L) -> String {
    l.ta(
        "report-task-heading",
        &[
            ("number", t.number.to_string()),
            ("title", t.title.get(l.lang).to_string()),
        ],
    )
}

/// The current finalization: (version, by, at), when the assessment is finalized.
fn current_finalization(d: &ReportData) -> Option<(i64, Option<&str>, &str)> {
    if d.assessment.status != AssessmentStatus::Final {
        return None;
    }
    let version = d.history.last().map(|v| v.version).unwrap_or(1);
    let at = d
        .assessment
        .finalized_at
        .as_deref()
        .or(d.history.last().map(|v| v.finalized_at.as_str()))?;
    Some((version, d.assessment.finalized_by.as_deref(), at))
}

/// Finalized versions that were reopened afterwards, oldest first.
fn earlier_versions(d: &ReportData) -> Vec<&FinalizedVersion> {
    d.history
        .iter()
        .filter(|v| v.reopened_at.is_some())
        .collect()
}

fn current_line(d: &ReportData, l: &L) -> String {
    match current_finalization(d) {
        Some((version, by, at)) => l.ta(
            "report-finalized-by",
            &[
                ("version", version.to_string()),
                ("name", person(d, by, l)),
                ("time", crate::domain::present::local_time(at)),
            ],
        ),
        None => l.t("report-not-finalized"),
    }
}

fn earlier_line(d: &ReportData, v: &FinalizedVersion, l: &L) -> String {
    l.ta(
        "report-earlier-item",
        &[
            ("version", v.version.to_string()),
            ("name", person(d, v.finalized_by.as_deref(), l)),
            ("time", crate::domain::present::local_time(&v.finalized_at)),
            ("score", l.num(v.score_hundredths)),
            ("band", band_label(&d.checklist, v.band.as_deref(), l)),
            ("by", person(d, v.reopened_by.as_deref(), l)),
            (
                "at",
                v.reopened_at
                    .as_deref()
                    .map(crate::domain::present::local_time)
                    .unwrap_or_default(),
            ),
            ("reason", v.reopen_reason.clone().unwrap_or_default()),
        ],
    )
}

/// The general facts, as (label, value) pairs.
fn general(d: &ReportData, l: &L) -> Vec<(String, String)> {
    vec![
        (l.t("report-unit"), d.unit.name.clone()),
        (l.t("report-unit-code"), d.unit.code.clone()),
        (l.t("report-unit-kind"), l.t(d.unit.kind.msg_id())),
        (l.t("report-year"), d.assessment.year.to_string()),
        (
            l.t("report-checklist"),
            l.ta(
                "report-checklist-with-version",
                &[
                    ("title", d.checklist.title.get(l.lang).to_string()),
                    ("version", d.checklist.version.clone()),
                ],
            ),
        ),
        (
            l.t("report-status"),
            status_label(Some(d.assessment.status), l),
        ),
        (
            l.t("report-score"),
            l.ta("report-score-of", &[("score", l.num(d.score.hundredths))]),
        ),
        (
            l.t("report-rating"),
            band_label(&d.checklist, d.score.band.as_deref(), l),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/// Text safe inside Markdown: characters that would start markup are escaped, and line breaks
/// continue the current list item.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.trim().chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' => {}
            '\n' => out.push_str("\n    "),
            _ => out.push(ch),
        }
    }
    out
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

pub fn markdown(d: &ReportData, i18n: &I18n) -> String {
    let l = L::new(i18n);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}\n",
        md(&l.ta("report-title", &[("year", d.assessment.year.to_string())]))
    );

    // I. General
    let _ = writeln!(s, "## {}. {}\n", ROMAN[0], l.t("report-general"));
    for (k, v) in general(d, &l) {
        let _ = writeln!(s, "- **{}:** {}", md(&k), md(&v));
    }
    s.push('\n');
    for r in remarks(d, &l) {
        let _ = writeln!(s, "{}\n", md(&r));
    }

    // II. Tasks and criteria
    let _ = writeln!(s, "## {}. {}\n", ROMAN[1], l.t("report-tasks"));
    let all = rows(d);
    for t in &d.checklist.tasks {
        let _ = writeln!(s, "### {}\n", md(&task_heading(t, &l)));
        let _ = writeln!(s, "{}\n", md(&task_score_text(d, t.number, &l)));
        let task_rows: Vec<&Row> = all.iter().filter(|r| r.task.number == t.number).collect();
        if task_rows.is_empty() {
            let _ = writeln!(s, "{}\n", l.t("report-no-criteria"));
            continue;
        }
        for r in task_rows {
            let critical = if r.c.critical {
                format!(" *({})*", l.t("report-critical"))
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "- **{}** — {}{critical}",
                md(&r.c.id),
                md(r.c.text.get(l.lang))
            );
            let _ = writeln!(
                s,
                "  - {}: **{}**",
                l.t("report-answer"),
                md(&answer_text(r.c, r.answer, &l))
            );
            let _ = writeln!(s, "  - {}: {}", l.t("report-points"), r.earned_text(&l));
            let evidence = if r.evidence().trim().is_empty() {
                l.t("report-none")
            } else {
                md(r.evidence())
            };
            let _ = writeln!(s, "  - {}: {}", l.t("report-evidence"), evidence);
            if !r.files.is_empty() {
                let _ = writeln!(s, "  - {}:", l.t("report-files"));
                for (f, st) in &r.files {
                    let flag = file_state_label(st, &l)
                        .map(|f| format!(" — **{f}**"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "    - {} (sha256 {}){flag}",
                        md(&f.path),
                        short_hash(&f.sha256)
                    );
                }
            }
            if !r.note().trim().is_empty() {
                let _ = writeln!(s, "  - {}: {}", l.t("report-note"), md(r.note()));
            }
            if r.is_from_last_year() {
                let _ = writeln!(s, "  - *{}*", l.t("report-from-last-year"));
            }
        }
        s.push('\n');
    }

    // III. Last year
    let _ = writeln!(s, "## {}. {}\n", ROMAN[2], l.t("report-compare"));
    let prev_year = d.assessment.year - 1;
    match comparison(d, &l) {
        None => {
            let _ = writeln!(
                s,
                "{}\n",
                l.ta("report-compare-none", &[("year", prev_year.to_string())])
            );
        }
        Some((pa, ps, cmp)) => {
            if pa.status == AssessmentStatus::Draft {
                let _ = writeln!(
                    s,
                    "{}\n",
                    l.ta("report-previous-draft", &[("year", prev_year.to_string())])
                );
            }
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                l.t("report-compare-item"),
                l.ta("report-compare-year", &[("year", prev_year.to_string())]),
                l.ta(
                    "report-compare-year",
                    &[("year", d.assessment.year.to_string())]
                ),
                l.t("report-compare-change")
            );
            let _ = writeln!(s, "|---|--:|--:|:-:|");
            let dash = "—".to_string();
            for c in &cmp {
                let label = if c.number.is_none() {
                    format!("**{}**", md(&c.label))
                } else {
                    md(&c.label)
                };
                let _ = writeln!(
                    s,
                    "| {label} | {} | {} | {} |",
                    c.prev.map(|v| l.num(v)).unwrap_or_else(|| dash.clone()),
                    c.now.map(|v| l.num(v)).unwrap_or_else(|| dash.clone()),
                    c.change(l.vi)
                );
            }
            let _ = writeln!(
                s,
                "| {} | {} | {} |  |\n",
                l.t("report-rating"),
                md(&band_label(&d.checklist, ps.band.as_deref(), &l)),
                md(&band_label(&d.checklist, d.score.band.as_deref(), &l))
            );
        }
    }

    // IV. Finalization record
    let _ = writeln!(s, "## {}. {}\n", ROMAN[3], l.t("report-record"));
    let _ = writeln!(s, "{}\n", l.t("report-record-time-note"));
    let _ = writeln!(s, "- {}\n", md(&current_line(d, &l)));
    let _ = writeln!(s, "**{}**\n", l.t("report-earlier"));
    let earlier = earlier_versions(d);
    if earlier.is_empty() {
        let _ = writeln!(s, "{}", l.t("report-earlier-none"));
    }
    for v in earlier {
        let _ = writeln!(s, "- {}", md(&earlier_line(d, v, &l)));
    }
    s
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

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

fn csv_line(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

const BOM: &str = "\u{feff}";

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

fn criteria_header(l: &L, with_unit: bool) -> Vec<String> {
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

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Formats) -> Result<(), XlsxError> {
    if !s.is_empty() {
        ws.write_string_with_format(row, col, s, &f.wrap)?;
    }
    Ok(())
}

fn number(
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

fn hundredths(h: u64) -> f64 {
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

// ---------------------------------------------------------------------------------------------
// HTML: an administrative document (Nghị định 30/2020/NĐ-CP) on A4
// ---------------------------------------------------------------------------------------------

/// Escaped, with line breaks kept.
fn esc_lines(s: &str) -> String {
    esc(s.trim()).replace("\r\n", "\n").replace('\n', "<br>")
}

/// The place in "{place}, ngày … tháng … năm …", taken from a unit's name: "UBND xã Tân Tiến" →
/// "Tân Tiến". None when the name does not say (a provincial department, say).
pub fn place_from_unit_name(name: &str) -> Option<String> {
    let mut s = name.trim();
    for p in ["ủy ban nhân dân", "uỷ ban nhân dân", "ubnd"] {
        if let Some(rest) = strip_prefix_ci(s, p) {
            s = rest.trim_start();
            break;
        }
    }
    for p in ["thị trấn", "phường", "xã", "đặc khu"] {
        if let Some(rest) = strip_prefix_ci(s, p) {
            if rest.starts_with(' ') && !rest.trim().is_empty() {
                return Some(rest.trim().to_string());
            }
        }
    }
    None
}

/// `s` without the prefix `p` (given in lower case), compared without case.
fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let mut chars = s.char_indices();
    for pc in p.chars() {
        let (_, sc) = chars.next()?;
        if sc.to_lowercase().ne(std::iter::once(pc)) {
            return None;
        }
    }
    Some(chars.as_str())
}

const CSS: &str = "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
* { box-sizing: border-box; }
body { font-family: \"Times New Roman\", Times, serif; font-size: 14pt; line-height: 1.3; color: #000; margin: 0; }
@media screen { body { max-width: 165mm; margin: 10mm auto; } }
p { margin: 0 0 6pt; text-align: justify; }
table.doc-head, table.doc-foot { width: 100%; border-collapse: collapse; }
table.doc-head td, table.doc-foot td { border: none; padding: 0; vertical-align: top; text-align: center; }
.org { font-size: 13pt; font-weight: bold; }
.nation { font-size: 13pt; font-weight: bold; }
.motto { font-size: 14pt; font-weight: bold; }
.motto span { text-decoration: underline; }
.rule { width: 35%; margin: 2pt auto 6pt; border-top: 1px solid #000; }
.number { font-size: 13pt; padding-top: 6pt; }
.place-date { font-size: 14pt; font-style: italic; padding-top: 6pt; }
h1 { font-size: 14pt; font-weight: bold; text-align: center; margin: 24pt 0 0; }
.subject { font-size: 14pt; font-weight: bold; text-align: center; margin: 0; }
h2 { font-size: 14pt; font-weight: bold; margin: 14pt 0 6pt; page-break-after: avoid; }
h3 { font-size: 14pt; font-weight: bold; font-style: italic; margin: 10pt 0 4pt; page-break-after: avoid; }
table.data { width: 100%; border-collapse: collapse; font-size: 13pt; margin: 4pt 0 8pt; }
table.data th, table.data td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; text-align: left; }
table.data th { font-weight: bold; text-align: center; }
table.data thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.mid { text-align: center; white-space: nowrap; }
.id { font-size: 11pt; color: #333; }
.flag { font-weight: bold; }
.remark { font-style: italic; }
.recipients { text-align: left !important; font-size: 12pt; font-weight: bold; font-style: italic; }
.recipients-list { font-size: 11pt; font-weight: normal; font-style: normal; }
.signer { font-size: 14pt; font-weight: bold; }
.sign-note { font-size: 14pt; font-style: italic; }
.sign-space { height: 30mm; }
table.doc-foot { margin-top: 18pt; page-break-inside: avoid; }
";

/// The report as a self-contained HTML page laid out as a Vietnamese administrative document
/// (Nghị định 30/2020/NĐ-CP): the unit and the national title and motto at the top, "Số: …/BC-…"
/// to fill in, "{place}, ngày … tháng … năm {year}", the title "BÁO CÁO" and its subject, the body
/// as tables, "Nơi nhận" with the checklist's recipient, and the head's signature block.
/// Printed from a browser it fits A4 with the decree's margins.
pub fn html(d: &ReportData, i18n: &I18n, place: &str) -> String {
    let l = L::new(i18n);
    let year = d.assessment.year.to_string();
    let mut s = String::new();
    let title = l.ta("report-doc-subject", &[("year", year.clone())]);
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} — {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>",
        l.lang.code(),
        esc(&title),
        esc(&d.unit.name)
    );

    // Header: the unit on the left, the national title on the right.
    let _ = writeln!(
        s,
        "<table class=\"doc-head\">\n<tr>\n<td style=\"width:40%\"><div class=\"org\">{}</div><div class=\"rule\"></div></td>\n<td style=\"width:60%\"><div class=\"nation\">{}</div><div class=\"motto\"><span>{}</span></div></td>\n</tr>",
        esc(&d.unit.name.to_uppercase()),
        esc(&l.t("report-doc-nation")),
        esc(&l.t("report-doc-motto"))
    );
    let _ = writeln!(
        s,
        "<tr>\n<td class=\"number\">{}</td>\n<td class=\"place-date\">{}</td>\n</tr>\n</table>",
        esc(&l.t("report-doc-number")),
        esc(&l.ta(
            "report-doc-place-date",
            &[("place", place.to_string()), ("year", year.clone())]
        ))
    );
    let _ = writeln!(
        s,
        "<h1>{}</h1>\n<p class=\"subject\">{}</p>\n<div class=\"rule\"></div>",
        esc(&l.t("report-doc-kind")),
        esc(&title)
    );

    // I. General
    let _ = writeln!(
        s,
        "<h2>{}. {}</h2>\n<table class=\"data\">",
        ROMAN[0],
        esc(&l.t("report-general"))
    );
    for (k, v) in general(d, &l) {
        let _ = writeln!(
            s,
            "<tr><th style=\"width:30%;text-align:left\">{}</th><td>{}</td></tr>",
            esc(&k),
            esc(&v)
        );
    }
    let _ = writeln!(s, "</table>");
    for r in remarks(d, &l) {
        let _ = writeln!(s, "<p class=\"remark\">{}</p>", esc(&r));
    }

    // II. Tasks
    let _ = writeln!(s, "<h2>{}. {}</h2>", ROMAN[1], esc(&l.t("report-tasks")));
    let all = rows(d);
    for t in &d.checklist.tasks {
        let _ = writeln!(
            s,
            "<h3>{}</h3>\n<p>{}</p>",
            esc(&task_heading(t, &l)),
            esc(&task_score_text(d, t.number, &l))
        );
        let task_rows: Vec<&Row> = all.iter().filter(|r| r.task.number == t.number).collect();
        if task_rows.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", esc(&l.t("report-no-criteria")));
            continue;
        }
        let _ = writeln!(
            s,
            "<table class=\"data\">\n<thead><tr><th style=\"width:40%\">{}</th><th style=\"width:15%\">{}</th><th style=\"width:10%\">{}</th><th>{}</th></tr></thead>\n<tbody>",
            esc(&l.t("report-col-criterion")),
            esc(&l.t("report-answer")),
            esc(&l.t("report-points")),
            esc(&l.t("report-evidence"))
        );
        for r in task_rows {
            let critical = if r.c.critical {
                format!(" <em>({})</em>", esc(&l.t("report-critical")))
            } else {
                String::new()
            };
            let mut ev = String::new();
            if r.evidence().trim().is_empty() {
                ev.push_str(&esc(&l.t("report-none")));
            } else {
                ev.push_str(&esc_lines(r.evidence()));
            }
            if !r.files.is_empty() {
                let _ = write!(ev, "<br>{}:", esc(&l.t("report-files")));
                for (f, st) in &r.files {
                    let flag = file_state_label(st, &l)
                        .map(|x| format!(" — <span class=\"flag\">{}</span>", esc(&x)))
                        .unwrap_or_default();
                    let _ = write!(
                        ev,
                        "<br>• {} <span class=\"id\">(sha256 {})</span>{flag}",
                        esc(&f.path),
                        esc(short_hash(&f.sha256))
                    );
                }
            }
            if !r.note().trim().is_empty() {
                let _ = write!(
                    ev,
                    "<br>{}: {}",
                    esc(&l.t("report-note")),
                    esc_lines(r.note())
                );
            }
            if r.is_from_last_year() {
                let _ = write!(ev, "<br><em>{}</em>", esc(&l.t("report-from-last-year")));
            }
            let _ = writeln!(
                s,
                "<tr><td>{}{critical}<br><span class=\"id\">{}</span></td><td class=\"mid\">{}</td><td class=\"mid\">{}</td><td>{ev}</td></tr>",
                esc(r.c.text.get(l.lang)),
                esc(&r.c.id),
                esc(&answer_text(r.c, r.answer, &l)),
                esc(&r.earned_text(&l))
            );
        }
        let _ = writeln!(s, "</tbody>\n</table>");
    }

    // III. Last year
    let _ = writeln!(s, "<h2>{}. {}</h2>", ROMAN[2], esc(&l.t("report-compare")));
    let prev_year = d.assessment.year - 1;
    match comparison(d, &l) {
        None => {
            let _ = writeln!(
                s,
                "<p>{}</p>",
                esc(&l.ta("report-compare-none", &[("year", prev_year.to_string())]))
            );
        }
        Some((pa, ps, cmp)) => {
            if pa.status == AssessmentStatus::Draft {
                let _ = writeln!(
                    s,
                    "<p class=\"remark\">{}</p>",
                    esc(&l.ta("report-previous-draft", &[("year", prev_year.to_string())]))
                );
            }
            let _ = writeln!(
                s,
                "<table class=\"data\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
                esc(&l.t("report-compare-item")),
                esc(&l.ta("report-compare-year", &[("year", prev_year.to_string())])),
                esc(&l.ta("report-compare-year", &[("year", year.clone())])),
                esc(&l.t("report-compare-change"))
            );
            for c in &cmp {
                let label = if c.number.is_none() {
                    format!("<strong>{}</strong>", esc(&c.label))
                } else {
                    esc(&c.label)
                };
                let _ = writeln!(
                    s,
                    "<tr><td>{label}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"mid\">{}</td></tr>",
                    c.prev.map(|v| l.num(v)).unwrap_or_else(|| "—".into()),
                    c.now.map(|v| l.num(v)).unwrap_or_else(|| "—".into()),
                    esc(&c.change(l.vi))
                );
            }
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"mid\">{}</td><td class=\"mid\">{}</td><td></td></tr>\n</tbody>\n</table>",
                esc(&l.t("report-rating")),
                esc(&band_label(&d.checklist, ps.band.as_deref(), &l)),
                esc(&band_label(&d.checklist, d.score.band.as_deref(), &l))
            );
        }
    }

    // IV. Finalization record
    let _ = writeln!(
        s,
        "<h2>{}. {}</h2>\n<p>{}</p>\n<p>{}</p>",
        ROMAN[3],
        esc(&l.t("report-record")),
        esc(&current_line(d, &l)),
        esc(&l.t("report-record-time-note"))
    );
    let earlier = earlier_versions(d);
    let _ = writeln!(s, "<p><strong>{}</strong></p>", esc(&l.t("report-earlier")));
    if earlier.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(&l.t("report-earlier-none")));
    } else {
        let _ = writeln!(s, "<ul>");
        for v in earlier {
            let _ = writeln!(s, "<li>{}</li>", esc(&earlier_line(d, v, &l)));
        }
        let _ = writeln!(s, "</ul>");
    }

    // Recipients and signature.
    let _ = writeln!(
        s,
        "<table class=\"doc-foot\">\n<tr>\n<td class=\"recipients\" style=\"width:45%\">{}<div class=\"recipients-list\">- {};<br>- {}</div></td>\n<td style=\"width:55%\"><div class=\"signer\">{}</div><div class=\"sign-note\">{}</div><div class=\"sign-space\"></div></td>\n</tr>\n</table>\n</body>\n</html>",
        esc(&l.t("report-doc-recipients")),
        esc(d.checklist.recipient.get(l.lang)),
        esc(&l.t("report-doc-archive")),
        esc(&l.t("report-doc-signer")),
        esc(&l.t("report-doc-sign-note"))
    );
    s
}

// ---------------------------------------------------------------------------------------------
// Summary across units
// ---------------------------------------------------------------------------------------------

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

    #[test]
    fn changes_have_a_sign_and_an_arrow() {
        assert_eq!(signed(216, true), "+2,16");
        assert_eq!(signed(-3333, true), "-33,33");
        assert_eq!(signed(0, false), "0.00");
        assert_eq!(trend(Some(1), Some(2)), "▲");
        assert_eq!(trend(Some(2), Some(1)), "▼");
        assert_eq!(trend(Some(2), Some(2)), "=");
        assert_eq!(trend(None, Some(2)), "");
    }

    #[test]
    fn place_comes_from_the_unit_name() {
        assert_eq!(
            place_from_unit_name("UBND xã Tân Tiến").as_deref(),
            Some("Tân Tiến")
        );
        assert_eq!(
            place_from_unit_name("Ủy ban nhân dân phường Bắc Giang").as_deref(),
            Some("Bắc Giang")
        );
        assert_eq!(
            place_from_unit_name("ỦY BAN NHÂN DÂN XÃ HỢP THỊNH").as_deref(),
            Some("HỢP THỊNH")
        );
        assert_eq!(
            place_from_unit_name("Xã Đồng Tâm").as_deref(),
            Some("Đồng Tâm")
        );
        assert_eq!(place_from_unit_name("Sở Tư pháp"), None);
        assert_eq!(place_from_unit_name("UBND xã"), None);
        assert_eq!(place_from_unit_name("Xãhội"), None);
    }

    #[test]
    fn markdown_and_html_text_is_escaped() {
        assert_eq!(md("a *b* <i> | c"), "a \\*b\\* \\<i\\> \\| c");
        assert_eq!(md("một\nhai"), "một\n    hai");
        assert_eq!(
            esc("<b>\"x\" & 'y'"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
        assert_eq!(esc_lines("a\r\nb"), "a<br>b");
    }

    #[test]
    fn every_report_label_exists_in_both_languages() {
        let src = include_str!("mod.rs");
        let mut ids: Vec<&str> = src
            .split('"')
            .filter(|s| {
                s.len() > "report-".len()
                    && s.starts_with("report-")
                    && s.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            })
            .collect();
        ids.sort();
        ids.dedup();
        assert!(ids.len() > 60, "{ids:?}");
        for lang in [Lang::Vi, Lang::En] {
            let i = I18n::new(lang);
            for id in &ids {
                assert!(i.has(id), "{id} missing in {lang:?}");
            }
        }
    }
}

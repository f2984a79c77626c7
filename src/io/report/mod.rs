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
//!
//! The shared reading of the data (labels, rows, remarks, the comparison) is here; each format has
//! its own file: `markdown.rs`, `html.rs`, `csv.rs`, `xlsx.rs`, and `summary.rs` for the summary;
//! `paths.rs` names the files the TUI writes.

use fluent_bundle::FluentValue;

use crate::domain::assessment::record::{
    Assessment, AssessmentStatus, CriterionAnswer, EvidenceFile, FileState, FinalizedVersion,
};
use crate::domain::assessment::report_data::ReportData;
use crate::domain::assessment::{self, Answer, Score, TaskScore};
use crate::domain::content::{Checklist, Criterion, CriterionKind, Task};
use crate::domain::i18n::{I18n, Lang};

mod csv;
mod html;
mod markdown;
mod paths;
mod summary;
mod xlsx;

pub use csv::csv;
pub use html::{html, place_from_unit_name};
pub use markdown::markdown;
pub use paths::new_report_paths;
pub use summary::{summary_csv, summary_markdown, summary_xlsx, summary_xlsx_bytes};
pub use xlsx::{print_setup, xlsx, xlsx_bytes};

// ---------------------------------------------------------------------------------------------
// Shared pieces: labels, numbers, the rows every format shows
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
    /// "1.2": the task's number and the criterion's place among those of the task that apply to
    /// the unit's kind, as the assessment screens count them.
    number: String,
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
        .tasks
        .iter()
        .flat_map(|task| {
            task.criteria
                .iter()
                .filter(|c| c.applies_to_kind(kind))
                .enumerate()
                .map(move |(k, c)| (task, k, c))
        })
        .map(|(task, k, c)| {
            let saved = d.answer(&c.id);
            let answer = saved.map(|a| a.answer).unwrap_or(Answer::Unanswered);
            Row {
                task,
                c,
                number: format!("{}.{}", task.number, k + 1),
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

/// "1.1 (Đơn vị có ban hành kế hoạch …)" for each failed critical criterion: its number and
/// text, as the criteria are listed (the id only for one the checklist no longer has).
fn critical_names(d: &ReportData, l: &L) -> String {
    let all = rows(d);
    d.score
        .failed_critical
        .iter()
        .map(|id| match all.iter().find(|r| &r.c.id == id) {
            Some(r) => format!("{} ({})", r.number, r.c.text.get(l.lang)),
            None => id.clone(),
        })
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
    if let Some(note) = d.note {
        out.push(crate::domain::present::score_note_text(l.i18n, note));
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

/// Section numbers, as an administrative document numbers them.
const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_report_label_exists_in_both_languages() {
        // Every file of the report, so a label used in any format is checked.
        let sources = [
            include_str!("mod.rs"),
            include_str!("markdown.rs"),
            include_str!("html.rs"),
            include_str!("csv.rs"),
            include_str!("xlsx.rs"),
            include_str!("summary.rs"),
        ];
        let mut ids: Vec<&str> = sources
            .iter()
            .flat_map(|src| src.split('"'))
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

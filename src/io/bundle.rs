//! The records bundle: a versioned JSON file of a database's training records and yearly
//! self-assessments, for units that work offline and send their records as files.
//!
//! ```json
//! { "format": "danvan-records", "version": 1, "exported_at": "2026-11-26T07:05:09Z",
//!   "source_db": "<uuid>", "demo": false, "units": [...], "people": [...],
//!   "lesson_progress": [...], "course_completions": [...],
//!   "attempts": [ {..., "answers": [...] } ],
//!   "assessments": [ {..., "answers": [...], "evidence_files": [...], "versions": [...] } ] }
//! ```
//!
//! Every record carries its key: units, people, attempts, assessments and finalized versions
//! their UUIDs; lesson progress its person, course and lesson; answers their attempt and
//! position. Timestamps are ISO 8601 in UTC, as stored. Records are written in a fixed order (by
//! key), so exporting twice gives the same bytes apart from `exported_at`.
//!
//! Reading checks every value as it goes (UUIDs, timestamps, kinds, statuses), so a bad value is
//! reported with its line and column like a syntax error; `Store::merge_bundle` then checks
//! what only the database can tell (references, duplicates).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::store::{now_utc, Result, Store, StoreError};

/// The `format` field of every bundle.
pub const FORMAT: &str = "danvan-records";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;

/// Which records to export. Every part is optional; an empty filter exports everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BundleFilter {
    /// A unit's code: that unit and its sub-units (via `parent_id`), their people and their
    /// self-assessments. The units above it travel too, so the tree stays whole.
    pub unit: Option<String>,
    /// A course id: only that course's lesson progress, quiz attempts and completion; no
    /// self-assessments (they belong to no course).
    pub course: Option<String>,
    /// First day (ISO `yyyy-mm-dd`, UTC, inclusive) of the activity exported; self-assessments
    /// are kept by year.
    pub from: Option<String>,
    /// Last day (inclusive).
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    #[serde(deserialize_with = "de::format")]
    pub format: String,
    #[serde(deserialize_with = "de::version")]
    pub version: u32,
    #[serde(deserialize_with = "de::timestamp")]
    pub exported_at: String,
    /// The exporting database's id (settings `database_id`).
    pub source_db: String,
    /// Exported from a demonstration database.
    #[serde(default)]
    pub demo: bool,
    #[serde(default)]
    pub units: Vec<BundleUnit>,
    #[serde(default)]
    pub people: Vec<BundlePerson>,
    #[serde(default)]
    pub lesson_progress: Vec<BundleProgress>,
    #[serde(default)]
    pub course_completions: Vec<BundleCompletion>,
    #[serde(default)]
    pub attempts: Vec<BundleAttempt>,
    #[serde(default)]
    pub assessments: Vec<BundleAssessment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleUnit {
    #[serde(deserialize_with = "de::uuid")]
    pub id: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub code: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub name: String,
    #[serde(deserialize_with = "de::unit_kind")]
    pub kind: String,
    #[serde(default, deserialize_with = "de::opt_uuid")]
    pub parent_id: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub created_at: String,
    #[serde(deserialize_with = "de::timestamp")]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundlePerson {
    #[serde(deserialize_with = "de::uuid")]
    pub id: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub full_name: String,
    #[serde(default, deserialize_with = "de::opt_nonempty")]
    pub staff_code: Option<String>,
    #[serde(default, deserialize_with = "de::opt_uuid")]
    pub unit_id: Option<String>,
    #[serde(default)]
    pub position: String,
    #[serde(default, deserialize_with = "de::opt_date")]
    pub appointed_on: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub created_at: String,
    #[serde(deserialize_with = "de::timestamp")]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleProgress {
    #[serde(deserialize_with = "de::uuid")]
    pub person_id: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub course_id: String,
    pub course_version: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub lesson_id: String,
    #[serde(default)]
    pub top_block: u32,
    #[serde(default, deserialize_with = "de::opt_timestamp")]
    pub completed_at: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub opened_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleCompletion {
    #[serde(deserialize_with = "de::uuid")]
    pub person_id: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub course_id: String,
    pub course_version: String,
    #[serde(deserialize_with = "de::timestamp")]
    pub completed_at: String,
    #[serde(default)]
    pub best_percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleAttempt {
    #[serde(deserialize_with = "de::uuid")]
    pub id: String,
    #[serde(deserialize_with = "de::uuid")]
    pub person_id: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub quiz_id: String,
    pub quiz_version: String,
    pub content_hash: String,
    /// The course the quiz belongs to (None for an exam across courses).
    #[serde(default)]
    pub course_id: Option<String>,
    /// The draw's seed, as stored (a u64 kept in SQLite's signed 64 bits).
    pub seed: i64,
    /// The drawn paper, encoded as stored.
    pub paper: String,
    pub practice: bool,
    #[serde(deserialize_with = "de::attempt_status")]
    pub status: String,
    #[serde(deserialize_with = "de::timestamp")]
    pub started_at: String,
    #[serde(default, deserialize_with = "de::opt_timestamp")]
    pub ended_at: Option<String>,
    #[serde(default)]
    pub active_ms: u64,
    #[serde(default)]
    pub earned: Option<u32>,
    #[serde(default)]
    pub max_points: Option<u32>,
    #[serde(default)]
    pub passed: Option<bool>,
    #[serde(default)]
    pub answers: Vec<BundleAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleAnswer {
    pub position: u32,
    pub bank_id: String,
    pub question_id: String,
    /// The response, encoded as stored.
    pub response: String,
    pub correct: bool,
    pub earned: u32,
    #[serde(deserialize_with = "de::timestamp")]
    pub answered_at: String,
    #[serde(default)]
    pub active_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleAssessment {
    #[serde(deserialize_with = "de::uuid")]
    pub id: String,
    #[serde(deserialize_with = "de::uuid")]
    pub unit_id: String,
    pub year: i32,
    #[serde(deserialize_with = "de::nonempty")]
    pub checklist_id: String,
    pub checklist_version: String,
    pub content_hash: String,
    #[serde(deserialize_with = "de::assessment_status")]
    pub status: String,
    #[serde(default)]
    pub finalized_by: Option<String>,
    #[serde(default, deserialize_with = "de::opt_timestamp")]
    pub finalized_at: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub created_at: String,
    #[serde(deserialize_with = "de::timestamp")]
    pub updated_at: String,
    #[serde(default)]
    pub answers: Vec<BundleCriterion>,
    #[serde(default)]
    pub evidence_files: Vec<BundleEvidence>,
    /// Every finalized version, oldest first.
    #[serde(default)]
    pub versions: Vec<BundleVersion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleCriterion {
    pub criterion_id: String,
    #[serde(deserialize_with = "de::criterion_answer")]
    pub answer: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub from_last_year: bool,
    #[serde(default)]
    pub changed_by: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub changed_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleEvidence {
    pub criterion_id: String,
    pub path: String,
    pub sha256: String,
    #[serde(default)]
    pub added_by: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleVersion {
    #[serde(deserialize_with = "de::uuid")]
    pub id: String,
    pub version: i64,
    #[serde(default)]
    pub finalized_by: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub finalized_at: String,
    pub score_hundredths: u64,
    #[serde(default)]
    pub band: Option<String>,
    /// What was finalized (answers and evidence files), as stored: JSON text.
    pub snapshot: String,
    #[serde(default)]
    pub reopened_by: Option<String>,
    #[serde(default, deserialize_with = "de::opt_timestamp")]
    pub reopened_at: Option<String>,
    #[serde(default)]
    pub reopen_reason: Option<String>,
}

/// Checks applied while reading, so a bad value is reported at its line and column.
mod de {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer};

    pub fn format<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        if s != super::FORMAT {
            return Err(D::Error::custom(format!(
                "format is \"{s}\", not \"{}\": this is not a danvan records file",
                super::FORMAT
            )));
        }
        Ok(s)
    }

    pub fn version<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let v = u32::deserialize(d)?;
        if v != super::VERSION {
            return Err(D::Error::custom(format!(
                "version {v} is not supported (this danvan reads version {}); a newer danvan wrote it",
                super::VERSION
            )));
        }
        Ok(v)
    }

    /// A UUID, returned as stored (lowercase, hyphenated).
    pub fn uuid<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        uuid::Uuid::parse_str(s.trim())
            .map(|u| u.to_string())
            .map_err(|_| D::Error::custom(format!("\"{s}\" is not a UUID")))
    }

    pub fn opt_uuid<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => uuid::Uuid::parse_str(s.trim())
                .map(|u| Some(u.to_string()))
                .map_err(|_| D::Error::custom(format!("\"{s}\" is not a UUID"))),
        }
    }

    fn check_timestamp<E: Error>(s: &str) -> Result<(), E> {
        use time::format_description::well_known::Rfc3339;
        time::OffsetDateTime::parse(s, &Rfc3339)
            .map(|_| ())
            .map_err(|_| {
                E::custom(format!(
                    "\"{s}\" is not an ISO 8601 time with a zone (such as 2026-11-26T07:05:09Z)"
                ))
            })
    }

    pub fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        check_timestamp::<D::Error>(&s)?;
        Ok(s)
    }

    pub fn opt_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        if let Some(s) = &s {
            check_timestamp::<D::Error>(s)?;
        }
        Ok(s)
    }

    pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        if let Some(s) = &s {
            if crate::domain::text::parse_date(s).as_deref() != Some(s.as_str()) {
                return Err(D::Error::custom(format!(
                    "\"{s}\" is not an ISO date (yyyy-mm-dd)"
                )));
            }
        }
        Ok(s)
    }

    pub fn nonempty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = crate::domain::text::nfc(String::deserialize(d)?.trim());
        if s.is_empty() {
            return Err(D::Error::custom("empty text where a value is required"));
        }
        Ok(s)
    }

    pub fn opt_nonempty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(Option::<String>::deserialize(d)?
            .map(|s| crate::domain::text::nfc(s.trim()))
            .filter(|s| !s.is_empty()))
    }

    fn one_of<E: Error>(s: String, allowed: &[&str], what: &str) -> Result<String, E> {
        if allowed.contains(&s.as_str()) {
            Ok(s)
        } else {
            Err(E::custom(format!(
                "\"{s}\" is not a {what} (expected one of: {})",
                allowed.join(", ")
            )))
        }
    }

    pub fn unit_kind<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        use crate::domain::people::UnitKind;
        let keys: Vec<&str> = UnitKind::ALL.iter().map(|k| k.key()).collect();
        one_of(String::deserialize(d)?, &keys, "unit kind")
    }

    pub fn attempt_status<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        use crate::domain::attempt::AttemptStatus as S;
        let keys = [S::Open, S::Submitted, S::TimedOut, S::ClosedChanged].map(|s| s.key());
        one_of(String::deserialize(d)?, &keys, "quiz attempt status")
    }

    pub fn assessment_status<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        one_of(
            String::deserialize(d)?,
            &["draft", "final"],
            "self-assessment status",
        )
    }

    pub fn criterion_answer<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        match crate::domain::assessment::Answer::parse(&s) {
            Some(_) => Ok(s),
            None => Err(D::Error::custom(format!(
                "\"{s}\" is not an answer (yes, partly, no, na, unanswered or value:N)"
            ))),
        }
    }
}

/// Why a file could not be read as a bundle, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based; 0 when the error has no position.
    pub line: usize,
    /// 1-based column (in characters) on that line.
    pub column: usize,
    /// The file ends before the bundle does (cut short, or copied only in part).
    pub truncated: bool,
    /// What is wrong, without the position.
    pub detail: String,
}

/// Read a bundle, checking its values as it goes.
pub fn from_json(text: &str) -> std::result::Result<Bundle, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        let detail = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let detail = detail
            .strip_suffix(&suffix)
            .map(str::to_string)
            .unwrap_or(detail);
        ParseError {
            line: e.line(),
            column: e.column(),
            truncated: e.is_eof(),
            detail,
        }
    })
}

/// The bundle as JSON: indented (so an error's line and column point somewhere readable), with a
/// final newline.
pub fn to_json(b: &Bundle) -> String {
    let mut s = serde_json::to_string_pretty(b).unwrap_or_default();
    s.push('\n');
    s
}

/// Whether an ISO timestamp's (UTC) day falls within the filter's days.
fn in_days(ts: &str, f: &BundleFilter) -> bool {
    let day = ts.get(..10).unwrap_or(ts);
    f.from.as_deref().is_none_or(|from| day >= from) && f.to.as_deref().is_none_or(|to| day <= to)
}

/// Whether a self-assessment's year falls within the filter's days.
fn in_years(year: i32, f: &BundleFilter) -> bool {
    let y = |d: &str| d.get(..4).and_then(|y| y.parse::<i32>().ok());
    f.from
        .as_deref()
        .and_then(y)
        .is_none_or(|from| year >= from)
        && f.to.as_deref().and_then(y).is_none_or(|to| year <= to)
}

fn all_units(conn: &Connection) -> Result<Vec<BundleUnit>> {
    let mut stmt = conn.prepare(
        "SELECT id, code, name, kind, parent_id, created_at, updated_at FROM units ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(BundleUnit {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                kind: r.get(3)?,
                parent_id: r.get(4)?,
                created_at: r.get(5)?,
                updated_at: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn all_people(conn: &Connection) -> Result<Vec<BundlePerson>> {
    let mut stmt = conn.prepare(
        "SELECT id, full_name, staff_code, unit_id, position, appointed_on, created_at, updated_at
         FROM people ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(BundlePerson {
                id: r.get(0)?,
                full_name: r.get(1)?,
                staff_code: r.get(2)?,
                unit_id: r.get(3)?,
                position: r.get(4)?,
                appointed_on: r.get(5)?,
                created_at: r.get(6)?,
                updated_at: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn all_progress(conn: &Connection) -> Result<Vec<BundleProgress>> {
    let mut stmt = conn.prepare(
        "SELECT person_id, course_id, course_version, lesson_id, top_block, completed_at, opened_at
         FROM lesson_progress ORDER BY person_id, course_id, lesson_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(BundleProgress {
                person_id: r.get(0)?,
                course_id: r.get(1)?,
                course_version: r.get(2)?,
                lesson_id: r.get(3)?,
                top_block: r.get::<_, i64>(4)?.clamp(0, u32::MAX as i64) as u32,
                completed_at: r.get(5)?,
                opened_at: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn all_completions(conn: &Connection) -> Result<Vec<BundleCompletion>> {
    let mut stmt = conn.prepare(
        "SELECT person_id, course_id, course_version, completed_at, best_percent
         FROM course_completions ORDER BY person_id, course_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(BundleCompletion {
                person_id: r.get(0)?,
                course_id: r.get(1)?,
                course_version: r.get(2)?,
                completed_at: r.get(3)?,
                best_percent: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn non_negative(v: i64) -> u64 {
    v.max(0) as u64
}

/// Finished attempts (an open one travels once it is finished), each with its answers.
fn finished_attempts(conn: &Connection) -> Result<Vec<BundleAttempt>> {
    let mut stmt = conn.prepare(
        "SELECT id, person_id, quiz_id, quiz_version, content_hash, course_id, seed, paper, practice,
                status, started_at, ended_at, active_ms, earned, max_points, passed
         FROM attempts WHERE status <> 'open' ORDER BY id",
    )?;
    let mut rows = stmt
        .query_map([], |r| {
            Ok(BundleAttempt {
                id: r.get(0)?,
                person_id: r.get(1)?,
                quiz_id: r.get(2)?,
                quiz_version: r.get(3)?,
                content_hash: r.get(4)?,
                course_id: r.get(5)?,
                seed: r.get(6)?,
                paper: r.get(7)?,
                practice: r.get::<_, i64>(8)? != 0,
                status: r.get(9)?,
                started_at: r.get(10)?,
                ended_at: r.get(11)?,
                active_ms: non_negative(r.get(12)?),
                earned: r.get::<_, Option<i64>>(13)?.map(|v| v.max(0) as u32),
                max_points: r.get::<_, Option<i64>>(14)?.map(|v| v.max(0) as u32),
                passed: r.get::<_, Option<i64>>(15)?.map(|v| v != 0),
                answers: vec![],
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for a in &mut rows {
        a.answers = attempt_answers(conn, &a.id)?;
    }
    Ok(rows)
}

/// An attempt's answers, by position.
pub(crate) fn attempt_answers(conn: &Connection, attempt_id: &str) -> Result<Vec<BundleAnswer>> {
    let mut stmt = conn.prepare(
        "SELECT position, bank_id, question_id, response, correct, earned, answered_at, active_ms
         FROM answers WHERE attempt_id = ?1 ORDER BY position",
    )?;
    let rows = stmt
        .query_map([attempt_id], |r| {
            Ok(BundleAnswer {
                position: r.get::<_, i64>(0)?.max(0) as u32,
                bank_id: r.get(1)?,
                question_id: r.get(2)?,
                response: r.get(3)?,
                correct: r.get::<_, i64>(4)? != 0,
                earned: r.get::<_, i64>(5)?.max(0) as u32,
                answered_at: r.get(6)?,
                active_ms: non_negative(r.get(7)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One self-assessment with its answers, evidence files and finalized versions.
pub(crate) fn load_assessment(conn: &Connection, id: &str) -> Result<Option<BundleAssessment>> {
    let head = conn
        .query_row(
            "SELECT id, unit_id, year, checklist_id, checklist_version, content_hash, status,
                    finalized_by, finalized_at, created_at, updated_at
             FROM assessments WHERE id = ?1",
            [id],
            |r| {
                Ok(BundleAssessment {
                    id: r.get(0)?,
                    unit_id: r.get(1)?,
                    year: r.get(2)?,
                    checklist_id: r.get(3)?,
                    checklist_version: r.get(4)?,
                    content_hash: r.get(5)?,
                    status: r.get(6)?,
                    finalized_by: r.get(7)?,
                    finalized_at: r.get(8)?,
                    created_at: r.get(9)?,
                    updated_at: r.get(10)?,
                    answers: vec![],
                    evidence_files: vec![],
                    versions: vec![],
                })
            },
        )
        .optional()?;
    let Some(mut a) = head else { return Ok(None) };
    let mut stmt = conn.prepare(
        "SELECT criterion_id, answer, evidence, note, from_last_year, changed_by, changed_at
         FROM assessment_answers WHERE assessment_id = ?1 ORDER BY criterion_id",
    )?;
    a.answers = stmt
        .query_map([id], |r| {
            Ok(BundleCriterion {
                criterion_id: r.get(0)?,
                answer: r.get(1)?,
                evidence: r.get(2)?,
                note: r.get(3)?,
                from_last_year: r.get::<_, i64>(4)? != 0,
                changed_by: r.get(5)?,
                changed_at: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT criterion_id, path, sha256, added_by, added_at FROM evidence_files
         WHERE assessment_id = ?1 ORDER BY criterion_id, path",
    )?;
    a.evidence_files = stmt
        .query_map([id], |r| {
            Ok(BundleEvidence {
                criterion_id: r.get(0)?,
                path: r.get(1)?,
                sha256: r.get(2)?,
                added_by: r.get(3)?,
                added_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT id, version, finalized_by, finalized_at, score_hundredths, band, snapshot,
                reopened_by, reopened_at, reopen_reason
         FROM assessment_versions WHERE assessment_id = ?1 ORDER BY version, id",
    )?;
    a.versions = stmt
        .query_map([id], |r| {
            Ok(BundleVersion {
                id: r.get(0)?,
                version: r.get(1)?,
                finalized_by: r.get(2)?,
                finalized_at: r.get(3)?,
                score_hundredths: non_negative(r.get(4)?),
                band: r.get(5)?,
                snapshot: r.get(6)?,
                reopened_by: r.get(7)?,
                reopened_at: r.get(8)?,
                reopen_reason: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(a))
}

/// The records `filter` selects, in a fixed order.
pub fn bundle(store: &Store, filter: &BundleFilter) -> Result<Bundle> {
    let source_db = store.database_id()?;
    let demo = store.is_demo()?;
    // One read transaction: a consistent snapshot even while the kit is open and writing.
    let snapshot = store.conn().unchecked_transaction()?;
    let conn: &Connection = &snapshot;
    let mut units = all_units(conn)?;
    // The units whose people and self-assessments travel (None: all of them).
    let mut selected: Option<BTreeSet<String>> = None;
    if let Some(code) = &filter.unit {
        let code = crate::domain::text::nfc(code.trim());
        let Some(root) = units.iter().find(|u| u.code == code).map(|u| u.id.clone()) else {
            return Err(StoreError::Invalid {
                field: "unit",
                value: code,
            });
        };
        let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for u in &units {
            if let Some(p) = &u.parent_id {
                children.entry(p.as_str()).or_default().push(u.id.as_str());
            }
        }
        let mut tree = BTreeSet::new();
        let mut todo = vec![root.clone()];
        while let Some(id) = todo.pop() {
            if tree.insert(id.clone()) {
                for c in children.get(id.as_str()).into_iter().flatten() {
                    todo.push(c.to_string());
                }
            }
        }
        // The units above travel too (without their people), so the tree stays whole.
        let parent: BTreeMap<&str, Option<&str>> = units
            .iter()
            .map(|u| (u.id.as_str(), u.parent_id.as_deref()))
            .collect();
        let mut keep = tree.clone();
        let mut at = parent.get(root.as_str()).copied().flatten();
        while let Some(p) = at {
            if !keep.insert(p.to_string()) {
                break;
            }
            at = parent.get(p).copied().flatten();
        }
        units.retain(|u| keep.contains(&u.id));
        selected = Some(tree);
    }
    let in_units = |unit: Option<&String>| match &selected {
        None => true,
        Some(set) => unit.is_some_and(|u| set.contains(u)),
    };
    let people: Vec<BundlePerson> = all_people(conn)?
        .into_iter()
        .filter(|p| in_units(p.unit_id.as_ref()))
        .collect();
    let who: BTreeSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let in_course = |c: Option<&str>| filter.course.as_deref().is_none_or(|f| c == Some(f));

    let lesson_progress = all_progress(conn)?
        .into_iter()
        .filter(|p| who.contains(p.person_id.as_str()) && in_course(Some(&p.course_id)))
        .filter(|p| {
            in_days(&p.opened_at, filter)
                || p.completed_at
                    .as_deref()
                    .is_some_and(|c| in_days(c, filter))
        })
        .collect();
    let course_completions = all_completions(conn)?
        .into_iter()
        .filter(|c| who.contains(c.person_id.as_str()) && in_course(Some(&c.course_id)))
        .filter(|c| in_days(&c.completed_at, filter))
        .collect();
    let attempts = finished_attempts(conn)?
        .into_iter()
        .filter(|a| who.contains(a.person_id.as_str()) && in_course(a.course_id.as_deref()))
        .filter(|a| in_days(a.ended_at.as_deref().unwrap_or(&a.started_at), filter))
        .collect();

    let mut assessments = Vec::new();
    if filter.course.is_none() {
        let mut stmt = conn.prepare("SELECT id, unit_id, year FROM assessments ORDER BY id")?;
        let heads = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i32>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, unit, year) in heads {
            if in_units(Some(&unit)) && in_years(year, filter) {
                if let Some(a) = load_assessment(conn, &id)? {
                    assessments.push(a);
                }
            }
        }
    }

    Ok(Bundle {
        format: FORMAT.to_string(),
        version: VERSION,
        exported_at: now_utc(),
        source_db,
        demo,
        units,
        people,
        lesson_progress,
        course_completions,
        attempts,
        assessments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_years_filter_inclusively() {
        let f = BundleFilter {
            from: Some("2026-03-01".into()),
            to: Some("2026-03-31".into()),
            ..Default::default()
        };
        assert!(in_days("2026-03-01T00:00:00Z", &f));
        assert!(in_days("2026-03-31T23:59:59Z", &f));
        assert!(!in_days("2026-04-01T00:00:00Z", &f));
        assert!(!in_days("2026-02-28T23:59:59Z", &f));
        assert!(in_years(2026, &f) && !in_years(2025, &f) && !in_years(2027, &f));
        assert!(in_days("2020-01-01T00:00:00Z", &BundleFilter::default()));
    }

    #[test]
    fn a_bad_value_is_reported_at_its_place() {
        let text = "{\n  \"format\": \"danvan-records\",\n  \"version\": 1,\n  \"exported_at\": \"yesterday\",\n  \"source_db\": \"x\"\n}";
        let e = from_json(text).unwrap_err();
        assert_eq!((e.line, e.truncated), (4, false), "{e:?}");
        assert!(e.detail.contains("yesterday"), "{e:?}");
        let e = from_json("{\"format\": \"danvan-records\", \"version\": 2}").unwrap_err();
        assert!(e.detail.contains("version 2"), "{e:?}");
        let e = from_json("{\"format\": \"danvan-rec").unwrap_err();
        assert!(e.truncated, "{e:?}");
    }
}

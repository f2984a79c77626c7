//! What a records bundle holds, read from the database: every query behind
//! `Store::bundle_records`, in one read transaction. Units, people and assessment heads go
//! through the store's own row readers; progress, attempts, answers, criteria, evidence files and
//! versions are read here because a bundle carries them as stored (the paper's encoding, the
//! answer's text), which the domain rows do not keep.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension};

use super::assessments::{from_row as assessment_from_row, COLS as ASSESSMENT_COLS};
use super::people::{person_from_row, unit_from_row, PERSON_COLS, UNIT_COLS};
use super::{now_utc, Result, Store, StoreError};
use crate::domain::bundle::{
    Bundle, BundleAnswer, BundleAssessment, BundleAttempt, BundleCompletion, BundleCriterion,
    BundleEvidence, BundleFilter, BundlePerson, BundleProgress, BundleUnit, BundleVersion, FORMAT,
    VERSION,
};

fn all_units(conn: &Connection) -> Result<Vec<BundleUnit>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {UNIT_COLS}, created_at, updated_at FROM units ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(BundleUnit::from_unit(
                unit_from_row(r)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every person, with the database that created them (`here` for those made in this one).
fn all_people(conn: &Connection, here: &str) -> Result<Vec<BundlePerson>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PERSON_COLS}, origin FROM people ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            let origin: Option<String> = r.get(8)?;
            person_from_row(r).map(|p| BundlePerson {
                origin: Some(origin.unwrap_or_else(|| here.to_string())),
                ..BundlePerson::from(p)
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
pub(super) fn attempt_answers(conn: &Connection, attempt_id: &str) -> Result<Vec<BundleAnswer>> {
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
pub(super) fn load_assessment(conn: &Connection, id: &str) -> Result<Option<BundleAssessment>> {
    let head = conn
        .query_row(
            &format!("SELECT {ASSESSMENT_COLS} FROM assessments WHERE id = ?1"),
            [id],
            assessment_from_row,
        )
        .optional()?
        .map(BundleAssessment::from);
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

impl Store {
    /// The records `filter` selects, in a fixed order, as a bundle stamped now.
    pub fn bundle_records(&self, filter: &BundleFilter) -> Result<Bundle> {
        let source_db = self.database_id()?;
        let demo = self.is_demo()?;
        // One read transaction: a consistent snapshot even while the kit is open and writing.
        let snapshot = self.conn().unchecked_transaction()?;
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
        let people: Vec<BundlePerson> = all_people(conn, &source_db)?
            .into_iter()
            .filter(|p| in_units(p.unit_id.as_ref()))
            .collect();
        let who: BTreeSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
        let in_course = |c: Option<&str>| filter.course.as_deref().is_none_or(|f| c == Some(f));

        let lesson_progress = all_progress(conn)?
            .into_iter()
            .filter(|p| who.contains(p.person_id.as_str()) && in_course(Some(&p.course_id)))
            .filter(|p| {
                filter.covers_day(&p.opened_at)
                    || p.completed_at
                        .as_deref()
                        .is_some_and(|c| filter.covers_day(c))
            })
            .collect();
        let course_completions = all_completions(conn)?
            .into_iter()
            .filter(|c| who.contains(c.person_id.as_str()) && in_course(Some(&c.course_id)))
            .filter(|c| filter.covers_day(&c.completed_at))
            .collect();
        let attempts = finished_attempts(conn)?
            .into_iter()
            .filter(|a| who.contains(a.person_id.as_str()) && in_course(a.course_id.as_deref()))
            .filter(|a| filter.covers_day(a.ended_at.as_deref().unwrap_or(&a.started_at)))
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
                if in_units(Some(&unit)) && filter.covers_year(year) {
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

    /// Whether any lesson progress, quiz attempt or course completion names the course.
    pub fn course_has_records(&self, course_id: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM lesson_progress WHERE course_id = ?1)
             OR EXISTS (SELECT 1 FROM attempts WHERE course_id = ?1)
             OR EXISTS (SELECT 1 FROM course_completions WHERE course_id = ?1)",
            [course_id],
            |r| r.get::<_, bool>(0),
        )?)
    }
}

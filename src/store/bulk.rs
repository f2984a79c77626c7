//! Writing many rows at once into a new database (the demonstration province): one IMMEDIATE
//! transaction per [`Store::bulk`] call, cached prepared statements, no per-row checks.
//!
//! The rows go in as given: the caller makes them consistent (ids, references, summaries are
//! kept by the schema's triggers as for any other write). Meant for a file nobody else uses yet.

use rusqlite::{params, Transaction};

use super::{Result, Store};
use crate::domain::assessment::record::CriterionAnswer;
use crate::domain::people::Unit;

/// An official.
pub struct BulkPerson<'a> {
    pub id: &'a str,
    pub full_name: &'a str,
    pub staff_code: &'a str,
    pub unit_id: &'a str,
    pub position: &'a str,
    pub appointed_on: &'a str,
    /// Also the row's `updated_at`.
    pub created_at: &'a str,
}

/// A lesson opened (and perhaps finished) by an official.
pub struct BulkLesson<'a> {
    pub person_id: &'a str,
    pub course_id: &'a str,
    pub course_version: &'a str,
    pub lesson_id: &'a str,
    pub top_block: i64,
    pub completed_at: Option<&'a str>,
    pub opened_at: &'a str,
}

/// An official (not practice) attempt on a quiz.
pub struct BulkAttempt<'a> {
    pub id: &'a str,
    pub person_id: &'a str,
    pub quiz_id: &'a str,
    pub quiz_version: &'a str,
    pub content_hash: &'a str,
    pub seed: u64,
    pub paper: &'a str,
    pub status: &'a str,
    pub started_at: &'a str,
    pub ended_at: Option<&'a str>,
    pub active_ms: i64,
    /// (earned, max points, passed) once graded.
    pub grade: Option<(u32, u32, bool)>,
    /// The course the quiz belongs to; none for an exam across courses.
    pub course_id: Option<&'a str>,
}

/// One answered item of an attempt.
pub struct BulkAnswer<'a> {
    pub attempt_id: &'a str,
    pub position: usize,
    pub bank_id: &'a str,
    pub question_id: &'a str,
    pub response: &'a str,
    pub correct: bool,
    pub earned: u32,
    pub answered_at: &'a str,
    pub active_ms: i64,
}

/// A course completed.
pub struct BulkCompletion<'a> {
    pub person_id: &'a str,
    pub course_id: &'a str,
    pub course_version: &'a str,
    pub completed_at: &'a str,
    pub best_percent: f64,
}

/// A unit's yearly self-assessment, a draft or final.
pub struct BulkAssessment<'a> {
    pub id: &'a str,
    pub unit_id: &'a str,
    pub year: i32,
    pub checklist_id: &'a str,
    pub checklist_version: &'a str,
    pub content_hash: &'a str,
    /// (by, at) when final.
    pub finalized: Option<(Option<&'a str>, &'a str)>,
    pub created_at: &'a str,
    /// The last change of a draft; a final assessment's is its finalisation.
    pub updated_at: &'a str,
}

/// A finalised version of an assessment, with the reopening that ended it, if any.
pub struct BulkAssessmentVersion<'a> {
    pub id: &'a str,
    pub assessment_id: &'a str,
    pub version: i64,
    pub finalized_by: Option<&'a str>,
    pub finalized_at: &'a str,
    pub score_hundredths: u64,
    pub band: Option<&'a str>,
    /// The answers and evidence as JSON, as finalising stores them.
    pub snapshot: &'a str,
    /// (by, at, reason)
    pub reopened: Option<(Option<&'a str>, &'a str, &'a str)>,
}

/// The writer handed to [`Store::bulk`]: one method per table, each a cached prepared statement.
pub struct Bulk<'t> {
    tx: &'t Transaction<'t>,
}

impl Store {
    /// Settings for filling a new file in one go: no journal and no fsync until
    /// [`Store::end_bulk_load`]. A crash leaves a broken file, so only for a file made anew
    /// and removed if anything fails. (A rollback journal nearly doubled the time, most of it in
    /// the kernel.)
    pub fn begin_bulk_load(&self) -> Result<()> {
        let conn = self.conn();
        let _: String = conn.query_row("PRAGMA journal_mode=OFF", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.pragma_update(None, "cache_size", -131_072)?;
        Ok(())
    }

    /// Back to the usual write-ahead log and full sync, and fresh planner statistics. The file
    /// is vacuumed first (journal still off): pages filled in key order pack as tightly as a
    /// migrated file's, about a tenth smaller than as loaded.
    pub fn end_bulk_load(&self) -> Result<()> {
        let conn = self.conn();
        conn.execute_batch("VACUUM")?;
        let _: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA optimize;")?;
        Ok(())
    }

    /// For a merge into a database without people (a province's copy filled from a bundle):
    /// SQLite's rollback journal instead of its write-ahead log, if no other connection has the
    /// file open. Into a file that holds nothing yet, the rollback journal keeps only the few
    /// pages that were there, and the merge's pages are written once; the log writes them
    /// twice, into the log and then into the file at the checkpoint (measured, a
    /// 100,000-person bundle: 26-29 s in the log, 21.3 s with the journal). A write cut off
    /// midway is undone on the next open, as in the log. With another connection open (the
    /// kit's screens) the switch is refused at once and the merge stays in the log.
    ///
    /// The switch rewrites the file's header, and a damaged file keeps its bytes: only a file
    /// its `quick_check` finds whole is switched (a file without people is small). So `true`
    /// says the file was switched and found whole just now; [`Store::end_fill`] switches back.
    pub fn begin_fill(&self) -> Result<bool> {
        let conn = self.conn();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let empty: bool =
            conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM people)", [], |r| r.get(0))?;
        if !empty || !mode.eq_ignore_ascii_case("wal") || self.quick_check()?.is_some() {
            return Ok(false);
        }
        conn.busy_timeout(std::time::Duration::ZERO)?;
        let switched = conn.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0));
        conn.busy_timeout(super::BUSY_WAIT)?;
        Ok(switched.is_ok_and(|m| m.eq_ignore_ascii_case("delete")))
    }

    /// Back to the write-ahead log after [`Store::begin_fill`] switched (`switched`). Should
    /// another connection have opened the file meanwhile, it stays in the rollback journal
    /// until the next open, which puts every file back in its mode.
    pub fn end_fill(&self, switched: bool) {
        if switched {
            let _ = self
                .conn()
                .query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0));
        }
    }

    /// Run `f` with a bulk writer in one IMMEDIATE transaction ([`Store::write`]).
    pub fn bulk<T>(&mut self, f: impl FnOnce(&Bulk) -> Result<T>) -> Result<T> {
        self.write(|tx| f(&Bulk { tx }))
    }
}

impl Bulk<'_> {
    pub fn setting(&self, key: &str, value: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![key, value])?;
        Ok(())
    }

    /// A unit, created (and last updated) at `created_at`.
    pub fn unit(&self, unit: &Unit, created_at: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO units (id, code, name, kind, parent_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?
            .execute(params![
                unit.id,
                unit.code,
                unit.name,
                unit.kind.key(),
                unit.parent_id,
                created_at
            ])?;
        Ok(())
    }

    pub fn person(&self, p: &BulkPerson) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO people (id, full_name, staff_code, unit_id, position, appointed_on, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?
            .execute(params![
                p.id,
                p.full_name,
                p.staff_code,
                p.unit_id,
                p.position,
                p.appointed_on,
                p.created_at
            ])?;
        Ok(())
    }

    pub fn lesson(&self, l: &BulkLesson) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO lesson_progress (person_id, course_id, course_version, lesson_id, top_block, completed_at, opened_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                l.person_id,
                l.course_id,
                l.course_version,
                l.lesson_id,
                l.top_block,
                l.completed_at,
                l.opened_at
            ])?;
        Ok(())
    }

    pub fn attempt(&self, a: &BulkAttempt) -> Result<()> {
        let (earned, max, passed) = match a.grade {
            Some((e, m, p)) => (Some(e as i64), Some(m as i64), Some(p as i64)),
            None => (None, None, None),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO attempts (id, person_id, quiz_id, quiz_version, content_hash, seed, paper, practice, status,
                                       started_at, ended_at, active_ms, earned, max_points, passed, course_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                a.id,
                a.person_id,
                a.quiz_id,
                a.quiz_version,
                a.content_hash,
                a.seed as i64,
                super::schema::pack_paper(a.paper),
                a.status,
                a.started_at,
                a.ended_at,
                a.active_ms,
                earned,
                max,
                passed,
                a.course_id
            ])?;
        Ok(())
    }

    pub fn answer(&self, r: &BulkAnswer) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO answers (attempt_id, position, bank_id, question_id, response, correct, earned, answered_at, active_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                r.attempt_id,
                r.position as i64,
                r.bank_id,
                r.question_id,
                r.response,
                r.correct as i64,
                r.earned as i64,
                r.answered_at,
                r.active_ms
            ])?;
        Ok(())
    }

    pub fn completion(&self, c: &BulkCompletion) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO course_completions (person_id, course_id, course_version, completed_at, best_percent)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                c.person_id,
                c.course_id,
                c.course_version,
                c.completed_at,
                c.best_percent
            ])?;
        Ok(())
    }

    /// A question missed, due for practice on `due_on` (a later miss of the same one replaces it).
    pub fn practice_card(
        &self,
        person_id: &str,
        bank_id: &str,
        question_id: &str,
        due_on: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO practice_cards (person_id, bank_id, question_id, level, due_on, last_right_on, retired)
                 VALUES (?1, ?2, ?3, 0, ?4, NULL, 0)
                 ON CONFLICT(person_id, bank_id, question_id) DO UPDATE SET
                   level = 0, due_on = excluded.due_on, last_right_on = NULL, retired = 0",
            )?
            .execute(params![person_id, bank_id, question_id, due_on])?;
        Ok(())
    }

    pub fn assessment(&self, a: &BulkAssessment) -> Result<()> {
        let status = if a.finalized.is_some() {
            "final"
        } else {
            "draft"
        };
        let (fin_by, fin_at) = match a.finalized {
            Some((by, at)) => (by, Some(at)),
            None => (None, None),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO assessments (id, unit_id, year, checklist_id, checklist_version, content_hash, status,
                                          finalized_by, finalized_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                a.id,
                a.unit_id,
                a.year,
                a.checklist_id,
                a.checklist_version,
                a.content_hash,
                status,
                fin_by,
                fin_at,
                a.created_at,
                fin_at.unwrap_or(a.updated_at)
            ])?;
        Ok(())
    }

    /// An answer of an assessment (never carried over from last year).
    pub fn assessment_answer(&self, assessment_id: &str, ans: &CriterionAnswer) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO assessment_answers (assessment_id, criterion_id, answer, evidence, note, from_last_year, changed_by, changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7)",
            )?
            .execute(params![
                assessment_id,
                ans.criterion_id,
                ans.answer.key(),
                ans.evidence,
                ans.note,
                ans.changed_by,
                ans.changed_at
            ])?;
        Ok(())
    }

    pub fn assessment_version(&self, v: &BulkAssessmentVersion) -> Result<()> {
        let (reopened_by, reopened_at, reason) = match v.reopened {
            Some((by, at, reason)) => (by, Some(at), Some(reason)),
            None => (None, None, None),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO assessment_versions (id, assessment_id, version, finalized_by, finalized_at,
                     score_hundredths, band, snapshot, reopened_by, reopened_at, reopen_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                v.id,
                v.assessment_id,
                v.version,
                v.finalized_by,
                v.finalized_at,
                v.score_hundredths as i64,
                v.band,
                v.snapshot,
                reopened_by,
                reopened_at,
                reason
            ])?;
        Ok(())
    }
}

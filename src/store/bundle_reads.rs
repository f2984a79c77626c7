//! What a records bundle holds, read from the database: every query behind
//! `Store::bundle_records` (the whole selection in memory) and `Store::stream_bundle_records`
//! (one record at a time), each in one read transaction. Units, people and assessment heads go
//! through the store's own row readers; progress, attempts, answers, criteria, evidence files and
//! versions are read here because a bundle carries them as stored (the paper's encoding, the
//! answer's text), which the domain rows do not keep.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use rusqlite::{Connection, OptionalExtension, Row};

use super::assessments::{from_row as assessment_from_row, COLS as ASSESSMENT_COLS};
use super::people::{person_from_row, unit_from_row, PERSON_COLS, UNIT_COLS};
use super::{now_utc, Result, Store, StoreError};
use crate::domain::bundle::{
    Bundle, BundleAnswer, BundleAssessment, BundleAttempt, BundleCompletion, BundleCounts,
    BundleCriterion, BundleEvidence, BundleFilter, BundlePerson, BundleProgress, BundleRecord,
    BundleUnit, BundleVersion, SourceItem, StatementSource, FORMAT, VERSION,
};

/// Every unit, by id, with the database that created it (this one's id for those made here).
pub(super) fn all_units(conn: &Connection) -> Result<Vec<BundleUnit>> {
    let here = stored_database_id(conn)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {UNIT_COLS}, created_at, updated_at, origin FROM units ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            let origin: Option<String> = r.get(7)?;
            Ok(BundleUnit {
                origin: Some(origin.unwrap_or_else(|| here.clone())),
                ..BundleUnit::from_unit(unit_from_row(r)?, r.get(5)?, r.get(6)?)
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every person, by id, handed to `each` one at a time, with the database that created them
/// (`here` for those made in this one): the one place a bundle's people are read.
fn each_person<E>(
    conn: &Connection,
    here: &str,
    mut each: impl FnMut(BundlePerson) -> std::result::Result<(), Stop<E>>,
) -> std::result::Result<(), Stop<E>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PERSON_COLS}, origin FROM people ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let origin: Option<String> = r.get(8)?;
        let p = person_from_row(r).map(|p| BundlePerson {
            origin: Some(origin.unwrap_or_else(|| here.to_string())),
            ..BundlePerson::from(p)
        })?;
        each(p)?;
    }
    Ok(())
}

/// This database's id as stored (the caller made it when writing the header), or "".
pub(super) fn stored_database_id(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'database_id'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

/// Why a streamed read stopped: the database, or the receiver of the records.
pub(super) enum Stop<E> {
    Store(StoreError),
    Sink(E),
}

impl<E> From<rusqlite::Error> for Stop<E> {
    fn from(e: rusqlite::Error) -> Self {
        Stop::Store(e.into())
    }
}

impl<E> From<StoreError> for Stop<E> {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

/// The old whole-bundle reads have no receiver that fails.
fn no_sink(e: Stop<std::convert::Infallible>) -> StoreError {
    match e {
        Stop::Store(e) => e,
        Stop::Sink(never) => match never {},
    }
}

pub(super) const PROGRESS_COLS: &str =
    "lp.person_id, lp.course_id, lp.course_version, lp.lesson_id, lp.top_block, lp.completed_at, lp.opened_at";

pub(super) fn progress_from_row(r: &Row) -> rusqlite::Result<BundleProgress> {
    Ok(BundleProgress {
        person_id: r.get(0)?,
        course_id: r.get(1)?,
        course_version: r.get(2)?,
        lesson_id: r.get(3)?,
        top_block: r.get::<_, i64>(4)?.clamp(0, u32::MAX as i64) as u32,
        completed_at: r.get(5)?,
        opened_at: r.get(6)?,
    })
}

fn all_progress(conn: &Connection) -> Result<Vec<BundleProgress>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PROGRESS_COLS} FROM lesson_progress lp ORDER BY person_id, course_id, lesson_id"
    ))?;
    let rows = stmt
        .query_map([], progress_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(super) const COMPLETION_COLS: &str =
    "cc.person_id, cc.course_id, cc.course_version, cc.completed_at, cc.best_percent";

pub(super) fn completion_from_row(r: &Row) -> rusqlite::Result<BundleCompletion> {
    Ok(BundleCompletion {
        person_id: r.get(0)?,
        course_id: r.get(1)?,
        course_version: r.get(2)?,
        completed_at: r.get(3)?,
        best_percent: r.get(4)?,
    })
}

fn all_completions(conn: &Connection) -> Result<Vec<BundleCompletion>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COMPLETION_COLS} FROM course_completions cc ORDER BY person_id, course_id"
    ))?;
    let rows = stmt
        .query_map([], completion_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn non_negative(v: i64) -> u64 {
    v.max(0) as u64
}

pub(super) const ATTEMPT_COLS: &str =
    "a.id, a.person_id, a.quiz_id, a.quiz_version, a.content_hash, a.course_id, a.seed, a.paper,
     a.practice, a.status, a.started_at, a.ended_at, a.active_ms, a.earned, a.max_points, a.passed";

/// An attempt's head (its answers are read apart).
pub(super) fn attempt_from_row(r: &Row) -> rusqlite::Result<BundleAttempt> {
    Ok(BundleAttempt {
        id: r.get(0)?,
        person_id: r.get(1)?,
        quiz_id: r.get(2)?,
        quiz_version: r.get(3)?,
        content_hash: r.get(4)?,
        course_id: r.get(5)?,
        seed: r.get(6)?,
        paper: super::schema::unpack_paper(&r.get::<_, String>(7)?),
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
}

/// Finished attempts (an open one travels once it is finished), each with its answers.
fn finished_attempts(conn: &Connection) -> Result<Vec<BundleAttempt>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ATTEMPT_COLS} FROM attempts a WHERE status <> 'open' ORDER BY id"
    ))?;
    let mut rows = stmt
        .query_map([], attempt_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for a in &mut rows {
        a.answers = attempt_answers(conn, &a.id)?;
    }
    Ok(rows)
}

/// What the records of a bundle are chosen by, worked out once: the units that travel and the
/// units whose people (and self-assessments) travel.
struct Selection<'f> {
    filter: &'f BundleFilter,
    units: Vec<BundleUnit>,
    /// None: every unit's, and the people of no unit.
    people_units: Option<BTreeSet<String>>,
}

impl Selection<'_> {
    fn new<'f>(conn: &Connection, filter: &'f BundleFilter) -> Result<Selection<'f>> {
        let mut units = all_units(conn)?;
        let Some(code) = &filter.unit else {
            return Ok(Selection {
                filter,
                units,
                people_units: None,
            });
        };
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
        Ok(Selection {
            filter,
            units,
            people_units: Some(tree),
        })
    }

    /// Whether the people of this unit travel.
    fn in_units(&self, unit: Option<&str>) -> bool {
        match &self.people_units {
            None => true,
            Some(set) => unit.is_some_and(|u| set.contains(u)),
        }
    }

    fn in_course(&self, course: Option<&str>) -> bool {
        self.filter
            .course
            .as_deref()
            .is_none_or(|f| course == Some(f))
    }

    fn lesson_on_days(&self, p: &BundleProgress) -> bool {
        self.filter.covers_day(&p.opened_at)
            || p.completed_at
                .as_deref()
                .is_some_and(|c| self.filter.covers_day(c))
    }

    fn attempt_on_days(&self, a: &BundleAttempt) -> bool {
        self.filter
            .covers_day(a.ended_at.as_deref().unwrap_or(&a.started_at))
    }

    /// A completed lesson travels with its course's completion, whatever its day, so the receiving
    /// merge sees the completion earned (`domain::bundle::validate`). `completion`: the day of the
    /// person's completion of the lesson's course, if any.
    fn lesson_earns(&self, p: &BundleProgress, completion: Option<&str>) -> bool {
        p.completed_at.is_some() && completion.is_some_and(|c| self.filter.covers_day(c))
    }

    /// A passed attempt travels with its course's completion, whatever its day.
    fn attempt_earns(&self, a: &BundleAttempt, completion: Option<&str>) -> bool {
        a.passed == Some(true) && completion.is_some_and(|c| self.filter.covers_day(c))
    }

    /// The self-assessments that travel: (id) in id order.
    fn assessment_ids(&self, conn: &Connection) -> Result<Vec<String>> {
        if self.filter.course.is_some() {
            return Ok(vec![]);
        }
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
        Ok(heads
            .into_iter()
            .filter(|(_, unit, year)| self.in_units(Some(unit)) && self.filter.covers_year(*year))
            .map(|(id, _, _)| id)
            .collect())
    }
}

/// An attempt's answers, by position.
pub(super) fn attempt_answers(conn: &Connection, attempt_id: &str) -> Result<Vec<BundleAnswer>> {
    let mut stmt = conn.prepare_cached(
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
    /// The records `filter` selects, in a fixed order, as a bundle stamped now: the whole
    /// selection in memory (the TUI's format-1 export, tests). An export to a file streams
    /// instead ([`Store::stream_bundle_records`]); both select the same records.
    pub fn bundle_records(&self, filter: &BundleFilter) -> Result<Bundle> {
        self.reading(|| self.whole_bundle(filter, true))
    }

    /// The records `filter` selects for xAPI statements, in memory: those of
    /// [`Store::bundle_records`] without the completions' evidence (a learning record store
    /// checks none). The streamed reader is [`Store::stream_statement_sources`].
    pub fn statement_records(&self, filter: &BundleFilter) -> Result<Bundle> {
        self.reading(|| self.whole_bundle(filter, false))
    }

    fn whole_bundle(&self, filter: &BundleFilter, evidence: bool) -> Result<Bundle> {
        let source_db = self.database_id()?;
        let demo = self.is_demo()?;
        // One read transaction: a consistent snapshot even while the kit is open and writing.
        let snapshot = self.conn().unchecked_transaction()?;
        let conn: &Connection = &snapshot;
        let sel = Selection::new(conn, filter)?;
        let mut people = Vec::new();
        each_person(conn, &source_db, |p| {
            if sel.in_units(p.unit_id.as_deref()) {
                people.push(p);
            }
            Ok(())
        })
        .map_err(no_sink)?;
        let who: BTreeSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
        let course_completions: Vec<BundleCompletion> = all_completions(conn)?
            .into_iter()
            .filter(|c| who.contains(c.person_id.as_str()) && sel.in_course(Some(&c.course_id)))
            .filter(|c| filter.covers_day(&c.completed_at))
            .collect();
        let done_on: BTreeMap<(String, String), String> = all_completions(conn)?
            .into_iter()
            .map(|c| ((c.person_id, c.course_id), c.completed_at))
            .collect();
        let done = |person: &str, course: Option<&str>| {
            course.and_then(|c| {
                done_on
                    .get(&(person.to_string(), c.to_string()))
                    .map(String::as_str)
            })
        };
        let lesson_progress = all_progress(conn)?
            .into_iter()
            .filter(|p| who.contains(p.person_id.as_str()) && sel.in_course(Some(&p.course_id)))
            .filter(|p| {
                sel.lesson_on_days(p)
                    || evidence && sel.lesson_earns(p, done(&p.person_id, Some(&p.course_id)))
            })
            .collect();
        let attempts = finished_attempts(conn)?
            .into_iter()
            .filter(|a| who.contains(a.person_id.as_str()) && sel.in_course(a.course_id.as_deref()))
            .filter(|a| {
                sel.attempt_on_days(a)
                    || evidence && sel.attempt_earns(a, done(&a.person_id, a.course_id.as_deref()))
            })
            .collect();
        let mut assessments = Vec::new();
        for id in sel.assessment_ids(conn)? {
            if let Some(a) = load_assessment(conn, &id)? {
                assessments.push(a);
            }
        }
        Ok(Bundle {
            format: FORMAT.to_string(),
            version: VERSION,
            exported_at: now_utc(),
            source_db,
            demo,
            units: sel.units,
            people,
            lesson_progress,
            course_completions,
            attempts,
            assessments,
        })
    }

    /// The records `filter` selects, the same as [`Store::bundle_records`] and in the same order,
    /// handed to `each` one at a time as they are read, inside one read transaction: only the
    /// units and one record (an attempt with its answers, a self-assessment with its parts) are
    /// in memory at once. A filtered selection carries the evidence of each completion it holds
    /// (the passed attempts and completed lessons of that course, whatever their days). The
    /// outer error is the database's, the inner one `each`'s.
    pub fn stream_bundle_records<E>(
        &self,
        filter: &BundleFilter,
        mut each: impl FnMut(BundleRecord) -> std::result::Result<(), E>,
    ) -> Result<std::result::Result<BundleCounts, E>> {
        self.reading(|| {
            let snapshot = self.conn().unchecked_transaction()?;
            let mut counts = BundleCounts::default();
            let mut emit = |r: BundleRecord| {
                counts.add(&r);
                each(r).map_err(Stop::Sink)
            };
            match stream(&snapshot, filter, &mut emit) {
                Ok(()) => Ok(Ok(counts)),
                Err(Stop::Store(e)) => Err(e),
                Err(Stop::Sink(e)) => Ok(Err(e)),
            }
        })
    }

    /// The records `filter` selects that yield xAPI statements (as [`Store::bundle_records`]
    /// selects them, without a completion's evidence: a learning record store checks none),
    /// handed to `each` oldest first by UTC second, inside one read transaction. Four cursors,
    /// each ordered by time (lessons read, finished official attempts, their answers, course
    /// completions), are merged as they are read: only their four current rows are in memory.
    /// The outer error is the database's, the inner one `each`'s.
    pub fn stream_statement_sources<E>(
        &self,
        filter: &BundleFilter,
        each: impl FnMut(StatementSource) -> std::result::Result<(), E>,
    ) -> Result<std::result::Result<(), E>> {
        self.reading(|| self.statement_sources_named(filter, each))
    }

    fn statement_sources_named<E>(
        &self,
        filter: &BundleFilter,
        mut each: impl FnMut(StatementSource) -> std::result::Result<(), E>,
    ) -> Result<std::result::Result<(), E>> {
        // The cursors sort by time: on a province's answers the sorts must spill to temporary
        // files, not to memory, where the bundled SQLite keeps temporary data by default. (Set
        // outside the transaction; it drops temporary tables, and an export has none.)
        let temp_store: i64 = self
            .conn()
            .query_row("PRAGMA temp_store", [], |r| r.get(0))?;
        self.conn().pragma_update(None, "temp_store", "FILE")?;
        let read = (|| -> Result<std::result::Result<(), Stop<E>>> {
            let snapshot = self.conn().unchecked_transaction()?;
            Ok(statement_sources(&snapshot, filter, &mut |s| {
                each(s).map_err(Stop::Sink)
            }))
        })();
        self.conn().pragma_update(None, "temp_store", temp_store)?;
        match read? {
            Ok(()) => Ok(Ok(())),
            Err(Stop::Store(e)) => Err(e),
            Err(Stop::Sink(e)) => Ok(Err(e)),
        }
    }

    /// Whether any lesson progress, quiz attempt or course completion names the course.
    pub fn course_has_records(&self, course_id: &str) -> Result<bool> {
        self.reading(|| {
            Ok(self.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM lesson_progress WHERE course_id = ?1)
                 OR EXISTS (SELECT 1 FROM attempts WHERE course_id = ?1)
                 OR EXISTS (SELECT 1 FROM course_completions WHERE course_id = ?1)",
                [course_id],
                |r| r.get::<_, bool>(0),
            )?)
        })
    }
}

/// The body of [`Store::stream_bundle_records`]. Each table is read by one cursor in key order,
/// joined to the person (whose unit decides) and, for lessons and attempts, to the completion of
/// their course (whose day decides whether they travel as its evidence).
fn stream<E>(
    conn: &Connection,
    filter: &BundleFilter,
    emit: &mut impl FnMut(BundleRecord) -> std::result::Result<(), Stop<E>>,
) -> std::result::Result<(), Stop<E>> {
    let mut sel = Selection::new(conn, filter)?;
    for u in std::mem::take(&mut sel.units) {
        emit(BundleRecord::Unit(u))?;
    }
    let here = stored_database_id(conn)?;
    each_person(conn, &here, |p| {
        if sel.in_units(p.unit_id.as_deref()) {
            emit(BundleRecord::Person(p))?;
        }
        Ok(())
    })?;

    let mut stmt = conn.prepare(&format!(
        "SELECT {PROGRESS_COLS}, p.unit_id, cc.completed_at
         FROM lesson_progress lp JOIN people p ON p.id = lp.person_id
         LEFT JOIN course_completions cc
           ON cc.person_id = lp.person_id AND cc.course_id = lp.course_id
         ORDER BY lp.person_id, lp.course_id, lp.lesson_id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let p = progress_from_row(r)?;
        let unit: Option<String> = r.get(7)?;
        let done: Option<String> = r.get(8)?;
        if sel.in_units(unit.as_deref())
            && sel.in_course(Some(&p.course_id))
            && (sel.lesson_on_days(&p) || sel.lesson_earns(&p, done.as_deref()))
        {
            emit(BundleRecord::Lesson(p))?;
        }
    }
    drop(rows);

    let mut stmt = conn.prepare(&format!(
        "SELECT {COMPLETION_COLS}, p.unit_id
         FROM course_completions cc JOIN people p ON p.id = cc.person_id
         ORDER BY cc.person_id, cc.course_id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let c = completion_from_row(r)?;
        let unit: Option<String> = r.get(5)?;
        if sel.in_units(unit.as_deref())
            && sel.in_course(Some(&c.course_id))
            && filter.covers_day(&c.completed_at)
        {
            emit(BundleRecord::Completion(c))?;
        }
    }
    drop(rows);

    let mut stmt = conn.prepare(&format!(
        "SELECT {ATTEMPT_COLS}, p.unit_id, cc.completed_at
         FROM attempts a JOIN people p ON p.id = a.person_id
         LEFT JOIN course_completions cc
           ON cc.person_id = a.person_id AND cc.course_id = a.course_id
         WHERE a.status <> 'open' ORDER BY a.id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let mut a = attempt_from_row(r)?;
        let unit: Option<String> = r.get(16)?;
        let done: Option<String> = r.get(17)?;
        if sel.in_units(unit.as_deref())
            && sel.in_course(a.course_id.as_deref())
            && (sel.attempt_on_days(&a) || sel.attempt_earns(&a, done.as_deref()))
        {
            a.answers = attempt_answers(conn, &a.id)?;
            emit(BundleRecord::Attempt(a))?;
        }
    }
    drop(rows);

    for id in sel.assessment_ids(conn)? {
        if let Some(a) = load_assessment(conn, &id)? {
            emit(BundleRecord::Assessment(a))?;
        }
    }
    Ok(())
}

/// A stored time's UTC second, as SQLite reads it (any RFC 3339 offset; the raw text when it
/// cannot): the order statements are written in, second by second.
macro_rules! second_of {
    ($col:literal) => {
        concat!(
            "COALESCE(strftime('%Y-%m-%dT%H:%M:%S', ",
            $col,
            "), ",
            $col,
            ")"
        )
    };
}

/// The columns after a source's own that every statement cursor reads: the person's unit (the
/// filter), name and account (the actor), then the row's second.
const ACTOR_COLS: &str = "p.unit_id, p.full_name, COALESCE(p.staff_code, p.id)";

/// How many attempts the answers' cursor keeps at hand: an attempt's answers come close
/// together in time, between those of the officials answering in the same minutes.
const RECENT_ATTEMPTS: usize = 64;

/// Makes the statement source of one row (the answers' reader looks its attempt up).
type RowReader<'s> = Box<dyn FnMut(&Row) -> rusqlite::Result<SourceItem> + 's>;

/// One time-ordered cursor of statement sources; `next` is its row not yet handed on.
struct SourceCursor<'s> {
    rows: rusqlite::Rows<'s>,
    read: RowReader<'s>,
    /// The columns of the row before the actor's.
    width: usize,
    next: Option<(Option<String>, StatementSource)>,
}

impl SourceCursor<'_> {
    fn advance(&mut self) -> rusqlite::Result<()> {
        self.next = match self.rows.next()? {
            None => None,
            Some(r) => {
                let w = self.width;
                let unit: Option<String> = r.get(w)?;
                Some((
                    unit,
                    StatementSource {
                        full_name: r.get(w + 1)?,
                        account: r.get(w + 2)?,
                        second: r.get(w + 3)?,
                        item: (self.read)(r)?,
                    },
                ))
            }
        };
        Ok(())
    }
}

/// The body of [`Store::stream_statement_sources`].
fn statement_sources<E>(
    conn: &Connection,
    filter: &BundleFilter,
    emit: &mut impl FnMut(StatementSource) -> std::result::Result<(), Stop<E>>,
) -> std::result::Result<(), Stop<E>> {
    let sel = Selection::new(conn, filter)?;
    let mut lessons = conn.prepare(&format!(
        "SELECT {PROGRESS_COLS}, {ACTOR_COLS}, {} AS second
         FROM lesson_progress lp JOIN people p ON p.id = lp.person_id
         WHERE lp.completed_at IS NOT NULL ORDER BY second",
        second_of!("lp.completed_at")
    ))?;
    let mut attempts = conn.prepare(&format!(
        "SELECT {ATTEMPT_COLS}, {ACTOR_COLS}, {} AS second
         FROM attempts a JOIN people p ON p.id = a.person_id
         WHERE a.status <> 'open' AND a.practice = 0 ORDER BY second",
        second_of!("COALESCE(a.ended_at, a.started_at)")
    ))?;
    // Only the answer's own columns go through the sort (a province's answers spill to disk);
    // its attempt is looked up by key, the attempts answered lately kept at hand.
    let mut answers = conn.prepare(&format!(
        "SELECT an.attempt_id, an.position, an.bank_id, an.question_id, an.response, an.correct,
                an.earned, an.answered_at, an.active_ms, {ACTOR_COLS}, {} AS second
         FROM answers an JOIN attempts a ON a.id = an.attempt_id JOIN people p ON p.id = a.person_id
         WHERE a.status <> 'open' AND a.practice = 0 ORDER BY second",
        second_of!("an.answered_at")
    ))?;
    let mut attempt_by_id = conn.prepare(&format!(
        "SELECT {ATTEMPT_COLS} FROM attempts a WHERE a.id = ?1"
    ))?;
    let mut recent: VecDeque<BundleAttempt> = VecDeque::new();
    let mut completions = conn.prepare(&format!(
        "SELECT {COMPLETION_COLS}, {ACTOR_COLS}, {} AS second
         FROM course_completions cc JOIN people p ON p.id = cc.person_id ORDER BY second",
        second_of!("cc.completed_at")
    ))?;
    fn lesson(r: &Row) -> rusqlite::Result<SourceItem> {
        progress_from_row(r).map(SourceItem::Lesson)
    }
    fn attempt(r: &Row) -> rusqlite::Result<SourceItem> {
        attempt_from_row(r).map(SourceItem::Attempt)
    }
    let answer = move |r: &Row| -> rusqlite::Result<SourceItem> {
        let attempt_id: String = r.get(0)?;
        let answer = BundleAnswer {
            position: r.get::<_, i64>(1)?.max(0) as u32,
            bank_id: r.get(2)?,
            question_id: r.get(3)?,
            response: r.get(4)?,
            correct: r.get::<_, i64>(5)? != 0,
            earned: r.get::<_, i64>(6)?.max(0) as u32,
            answered_at: r.get(7)?,
            active_ms: non_negative(r.get(8)?),
        };
        let attempt = match recent.iter().find(|a| a.id == attempt_id) {
            Some(a) => a.clone(),
            None => {
                let a = attempt_by_id.query_row([&attempt_id], attempt_from_row)?;
                if recent.len() == RECENT_ATTEMPTS {
                    recent.pop_back();
                }
                recent.push_front(a.clone());
                a
            }
        };
        Ok(SourceItem::Answer(attempt, answer))
    };
    fn completion(r: &Row) -> rusqlite::Result<SourceItem> {
        completion_from_row(r).map(SourceItem::Course)
    }
    let mut cursors = [
        SourceCursor {
            rows: lessons.query([])?,
            read: Box::new(lesson),
            width: 7,
            next: None,
        },
        SourceCursor {
            rows: attempts.query([])?,
            read: Box::new(attempt),
            width: 16,
            next: None,
        },
        SourceCursor {
            rows: answers.query([])?,
            read: Box::new(answer),
            width: 9,
            next: None,
        },
        SourceCursor {
            rows: completions.query([])?,
            read: Box::new(completion),
            width: 5,
            next: None,
        },
    ];
    for c in &mut cursors {
        c.advance()?;
    }
    let selected = |unit: Option<&str>, item: &SourceItem| {
        sel.in_units(unit)
            && match item {
                SourceItem::Lesson(p) => sel.in_course(Some(&p.course_id)) && sel.lesson_on_days(p),
                SourceItem::Attempt(a) | SourceItem::Answer(a, _) => {
                    sel.in_course(a.course_id.as_deref()) && sel.attempt_on_days(a)
                }
                SourceItem::Course(c) => {
                    sel.in_course(Some(&c.course_id)) && filter.covers_day(&c.completed_at)
                }
            }
    };
    loop {
        // The cursor whose next row is the earliest (the first such on a tie: the order within a
        // second is the writer's).
        let mut earliest: Option<usize> = None;
        for (i, c) in cursors.iter().enumerate() {
            if let Some((_, s)) = &c.next {
                if earliest.is_none_or(|e| {
                    cursors[e]
                        .next
                        .as_ref()
                        .is_some_and(|(_, t)| s.second < t.second)
                }) {
                    earliest = Some(i);
                }
            }
        }
        let Some(i) = earliest else { break };
        let Some((unit, source)) = cursors[i].next.take() else {
            break;
        };
        cursors[i].advance()?;
        if selected(unit.as_deref(), &source.item) {
            emit(source)?;
        }
    }
    Ok(())
}

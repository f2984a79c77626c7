//! Merging a records bundle (see `crate::domain::bundle`) from another danvan database.
//!
//! One bundle is merged in ONE IMMEDIATE transaction: all of it or nothing. Merging is
//! idempotent — the same file twice, or two files that overlap, leave one copy of each record —
//! and converges: records only move towards "what both sides know".
//!
//! - **Units and people** are matched by UUID, then by code (unit code, staff code; never by
//!   name). An unmatched one is added with its UUID. A matched one takes the incoming fields only
//!   when the incoming edit is newer (`updated_at`; on a tie the larger value wins, so both sides
//!   end the same). A newer edit whose code belongs to another record here is refused (listed).
//! - **Lesson progress** (person, course, lesson): the earlier `completed_at`, the later
//!   `opened_at` (with the position and course version of that later visit).
//! - **Quiz attempts and their answers** are only ever added (by UUID, and by attempt and
//!   position); an attempt still open here is closed with the grade of the finished copy.
//! - **Course completions**: the earliest is kept.
//! - **Self-assessments** merge as whole versions, matched by UUID, then by unit, year and
//!   checklist. Identical content: nothing to do. A side that already holds the other's
//!   finalized version and moved on from it (reopened it, or finalized again) wins. Otherwise a
//!   finalized assessment beats a draft, and of two drafts the newer edit wins. Finalized
//!   versions are added to the history (never removed). Two *different* finalized versions of
//!   the same unit, year and checklist are a **conflict**: the local one stays as it is, and the
//!   incoming one is kept whole (head, answers, evidence files, history) as JSON in
//!   `assessment_conflicts`, for the trainer to settle. It is not put in `assessment_versions`,
//!   which is the local assessment's own numbered history (reopening stamps its highest version).
//! - A **demo** bundle merges only into an empty or demo database (an empty one becomes a demo
//!   database), unless the caller allows it.
//! - **Trust** (`trust`): a signed bundle's key is pinned for its source database on first use,
//!   and a different key for a pinned database refuses the whole bundle unless the caller
//!   accepts it. Every person has an `origin`, the database that created them (NULL: this one).
//!   Records about a person already here — edits, lesson progress, attempts, completions — merge
//!   only from the person's origin or from a key pinned as a collector, and likewise a unit's
//!   edits and its self-assessments only from the unit's origin (`units.origin`) or a collector;
//!   anything else that would
//!   change a record is held in `merge_pending` with the rule that held it (`not-from-origin`,
//!   `identity-edit` for a new name or staff code, `staff-code-taken` for a new person whose
//!   staff code belongs to someone here), and the rest of the bundle merges. A time more than a
//!   day after the bundle's `exported_at` is reported, and counts as `exported_at` when the
//!   newer edit is chosen (and is stored so), so a wrong clock cannot win forever.
//!
//! The records summaries (`person_summary`, `course_summary`): the schema's recount triggers are
//! dropped inside the merge transaction (SQLite DDL is transactional), every (person, course)
//! the merge writes is noted, and once the records are in, those pairs are recounted in one
//! set-based pass with the triggers' own SQL (`schema::recount_touched_sql`) and the triggers
//! created again from their stored SQL — all in the same transaction, so a failure leaves the
//! triggers as they were. The xAPI trigger on answers (`schema::ANSWER_TRIGGER`) is suspended the
//! same way, and what it does is done once per attempt, after the attempt's answers (the same
//! `xapi_changes` rows, in the same order). Every statement is prepared once (`prepare_cached`).
//!
//! **As a stream** (`stream`, `Store::merge_records`): the records come one by one in the order
//! of a format-2 file (units, people, lesson progress, completions, attempts, self-assessments)
//! and each is checked and merged as it comes; only the units and people are held, to be
//! matched as lists. What is kept of the other records is the hash of each key (a record twice)
//! and a few bits per (person, course) for the completion rule. A refusal found on the way stops
//! the writing; at the end the transaction commits only if nothing refused the bundle, else it
//! is rolled back, so the rule stays all or nothing, and the reason given is the one a whole
//! bundle gets: `domain::bundle::validate`'s problems (with `pack`), then the format, version
//! and demo rule, then a record twice, then a dangling reference, then the key. A `Bundle` in
//! memory (`Store::merge_bundle`, format 1, a held record accepted) is fed through the same
//! path. The summary's lists keep their order (attempts before lesson progress).
//!
//! Here: the summary types and `Store::merge_bundle`; the steps are in `stream` (one merge,
//! record by record), `check` (what refuses a whole bundle), `people` (units and people),
//! `attempts` (attempts, progress, completions) and `assessments`.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use rusqlite::{params, Params, Row, Transaction};

use super::{Result, Store};
use crate::domain::bundle::{Bundle, BundleAssessment};
use crate::domain::i18n::Msg;

mod assessments;
mod attempts;
mod check;
mod people;
mod stream;
mod trust;

pub use stream::{BundleHead, Streamed};

pub use trust::{
    KeyOutcome, MergeTrust, Signer, ACCEPTED, COLLECTOR, FIRST_USE, IDENTITY_EDIT, NOT_FROM_ORIGIN,
    SOURCE, STAFF_CODE_TAKEN, TRUSTED,
};

/// Settings key: this database's id, written into every bundle it exports.
pub const DATABASE_ID: &str = "database_id";
/// Settings key: "1" in a demonstration database.
pub const DEMO: &str = "demo";

/// What a merge did to one table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    /// Already here as they are (or older than what is here).
    pub skipped: usize,
}

/// A record of the bundle that was not merged, and why; the rest of the bundle was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRecord {
    /// The bundle's list (`units`, `people`, `attempts`, …).
    pub table: &'static str,
    /// The record's key (its UUID, or its parts).
    pub key: String,
    pub why: Msg,
}

/// Two different finalized versions of one unit's year: the local one was kept, the incoming
/// one stored in `assessment_conflicts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The row in `assessment_conflicts`.
    pub id: String,
    /// The local assessment, kept as it was.
    pub assessment_id: String,
    pub unit_code: String,
    pub year: i32,
    pub checklist_id: String,
    pub local_finalized_at: Option<String>,
    pub incoming_finalized_at: Option<String>,
    /// False when an earlier merge already flagged this same incoming version.
    pub new: bool,
}

/// What merging one bundle did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// The exporting database's id.
    pub source_db: String,
    /// The whole bundle was refused, and why: nothing was changed.
    pub refused: Option<Msg>,
    pub units: Counts,
    pub people: Counts,
    pub lesson_progress: Counts,
    pub course_completions: Counts,
    pub attempts: Counts,
    pub answers: Counts,
    pub assessments: Counts,
    pub assessment_versions: Counts,
    pub refused_records: Vec<RefusedRecord>,
    pub conflicts: Vec<Conflict>,
    /// This (empty) database became a demo database.
    pub became_demo: bool,
    /// How the signing key was received (None for an unsigned bundle).
    pub key: Option<KeyOutcome>,
    /// Records held in `merge_pending` rather than merged.
    pub held: Vec<HeldRecord>,
    /// Records whose time is more than a day after the bundle's export.
    pub skewed: Vec<SkewedRecord>,
}

/// A record a merge held back in `merge_pending`, and the rule that held it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRecord {
    /// The row in `merge_pending` (the one already there when `new` is false).
    pub pending_id: i64,
    /// The bundle's list (`units`, `people`, `attempts`, `lesson_progress`,
    /// `course_completions`, `assessments`).
    pub kind: &'static str,
    pub record_id: String,
    pub rule: &'static str,
    /// False when an earlier merge already held this same record.
    pub new: bool,
}

/// A record stamped more than a day after the bundle was exported (a wrong clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkewedRecord {
    pub kind: &'static str,
    pub record_id: String,
    pub at: String,
}

impl MergeSummary {
    /// Each table's counts, with the table's name in the database.
    pub fn tables(&self) -> [(&'static str, Counts); 8] {
        [
            ("units", self.units),
            ("people", self.people),
            ("lesson_progress", self.lesson_progress),
            ("course_completions", self.course_completions),
            ("attempts", self.attempts),
            ("answers", self.answers),
            ("assessments", self.assessments),
            ("assessment_versions", self.assessment_versions),
        ]
    }

    /// Whether the database changed.
    pub fn changed(&self) -> bool {
        self.tables()
            .iter()
            .any(|(_, c)| c.added > 0 || c.updated > 0)
            || self.conflicts.iter().any(|c| c.new)
            || self.held.iter().any(|h| h.new)
            || self.key.as_ref().is_some_and(|k| k.pinned)
            || self.became_demo
    }
}

/// A conflict as stored: the incoming assessment kept whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredConflict {
    pub id: String,
    pub assessment_id: String,
    pub incoming: BundleAssessment,
    pub source_db: Option<String>,
    pub found_at: String,
}

/// Order two ISO 8601 times (with any zone); text order when one does not parse.
fn cmp_time(a: &str, b: &str) -> Ordering {
    use time::format_description::well_known::Rfc3339;
    // Two stored stamps order as their text does: no parse (most of a merge's comparisons).
    if danvan_domain::dates::is_utc_stamp(a) && danvan_domain::dates::is_utc_stamp(b) {
        return a.cmp(b);
    }
    let t = |s: &str| time::OffsetDateTime::parse(s, &Rfc3339).ok();
    match (t(a), t(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

fn earlier(a: Option<&str>, b: Option<&str>) -> Option<String> {
    match (a, b) {
        (Some(x), Some(y)) => Some(
            if cmp_time(y, x) == Ordering::Less {
                y
            } else {
                x
            }
            .into(),
        ),
        (x, y) => x.or(y).map(str::to_string),
    }
}

impl Store {
    /// This database's id: a random UUID stored the first time it is asked for.
    pub fn database_id(&self) -> Result<String> {
        let fresh = uuid::Uuid::new_v4().to_string();
        self.conn().execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
            params![DATABASE_ID, fresh],
        )?;
        Ok(self.setting(DATABASE_ID)?.unwrap_or(fresh))
    }

    /// Whether this is a demonstration database (settings `demo` = "1").
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.setting(DEMO)?.as_deref() == Some("1"))
    }

    /// The incoming self-assessment versions a merge kept aside, oldest first.
    pub fn assessment_conflicts(&self) -> Result<Vec<StoredConflict>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(
                "SELECT id, assessment_id, incoming_json, source_db, found_at
                 FROM assessment_conflicts ORDER BY found_at, id",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    let json: String = r.get(2)?;
                    Ok((r.get(0)?, r.get(1)?, json, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<Vec<(String, String, String, Option<String>, String)>>>(
                )?;
            Ok(rows
                .into_iter()
                .filter_map(|(id, assessment_id, json, source_db, found_at)| {
                    Some(StoredConflict {
                        id,
                        assessment_id,
                        incoming: serde_json::from_str(&json).ok()?,
                        source_db,
                        found_at,
                    })
                })
                .collect())
        })
    }

    /// Merge a bundle: all of it in one transaction, or — when it is refused (`refused` in the
    /// summary) or an error occurs — nothing. `allow_demo` lets a demo bundle into a database
    /// that is neither empty nor a demo one. The bundle is taken as unsigned, from a file with
    /// no name: the origin rules apply (see [`Store::merge_bundle_trusted`]).
    pub fn merge_bundle(&mut self, bundle: &Bundle, allow_demo: bool) -> Result<MergeSummary> {
        self.merge_bundle_trusted(bundle, allow_demo, &MergeTrust::default())
    }

    /// [`Store::merge_bundle`] with what is known of the bundle's signer and file (`trust`):
    /// the key is pinned or checked in the same transaction, and records are held by the
    /// origin rules (module documentation).
    pub fn merge_bundle_trusted(
        &mut self,
        bundle: &Bundle,
        allow_demo: bool,
        trust: &MergeTrust,
    ) -> Result<MergeSummary> {
        self.merge_bundle_checked(bundle, allow_demo, trust, None)
    }
}

/// One merge under way: its transaction, the summary so far, and the ids mapped so far.
struct Merger<'a, 't> {
    tx: &'a Transaction<'t>,
    now: &'a str,
    source_db: &'a str,
    s: MergeSummary,
    /// Incoming unit id → local unit id.
    units: HashMap<String, String>,
    /// Incoming person id → local person id.
    people: HashMap<String, String>,
    /// (local person, course) pairs whose summary rows the merge has to recount.
    touched: HashSet<(String, String)>,
    /// This database's id (a person whose origin is NULL was created here).
    here: String,
    /// The bundle's export time: later record times count as this.
    exported_at: &'a str,
    /// `exported_at` parsed (None if it does not parse: then times compare as text).
    exported: Option<time::OffsetDateTime>,
    /// The bundle's key is pinned as a collector's: it may speak for any person's origin.
    collector: bool,
    trust: &'a MergeTrust,
    /// Local person id → whether the bundle's source is that person's origin (cached: asked
    /// for every record about the person).
    from_origin: HashMap<String, bool>,
    /// Incoming person ids held as new people, with the rule: their records are held too.
    held_people: HashMap<String, &'static str>,
    /// The database held no people when the merge began: every incoming person is added as
    /// itself, so no lesson progress, completion or attempt can be here but one this merge
    /// wrote, and a record twice stops the writing (`check`): their lookups are skipped.
    fresh: bool,
    /// The lesson progress here of the person whose lessons the bundle is going through.
    lessons_here: attempts::LessonsHere,
    /// The batch of attempts here around the attempt the bundle is going through.
    attempts_here: attempts::AttemptsHere,
}

impl Merger<'_, '_> {
    /// Run one statement, prepared once per merge.
    fn exec<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.tx.prepare_cached(sql)?.execute(params)
    }

    /// Read one row, with a statement prepared once per merge.
    fn query_row<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T> {
        self.tx.prepare_cached(sql)?.query_row(params, f)
    }

    /// The summary row of (person, course) must be recounted at the end of the merge.
    fn touch(&mut self, person: &str, course: &str) {
        self.touched
            .insert((person.to_string(), course.to_string()));
    }

    fn unit_id(&self, id: &str) -> String {
        self.units
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn person_id(&self, id: &str) -> String {
        self.people
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// A person reference kept in a record's text (finalized by, changed by…).
    fn person_ref(&self, id: &Option<String>) -> Option<String> {
        id.as_deref().map(|i| self.person_id(i))
    }

    fn refuse(&mut self, table: &'static str, key: &str, why: Msg) {
        self.s.refused_records.push(RefusedRecord {
            table,
            key: key.to_string(),
            why,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_compare_across_zones() {
        assert_eq!(
            cmp_time("2026-11-26T07:00:00Z", "2026-11-26T14:00:00+07:00"),
            Ordering::Equal
        );
        assert_eq!(
            earlier(
                Some("2026-11-26T07:00:01Z"),
                Some("2026-11-26T13:00:00+07:00")
            )
            .as_deref(),
            Some("2026-11-26T13:00:00+07:00")
        );
        assert_eq!(earlier(None, Some("x")).as_deref(), Some("x"));
    }
}

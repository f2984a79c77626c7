//! One merge, record by record: `Store::merge_records` takes the records of a bundle in the
//! order of a format-2 file, checks and merges each as it comes (only the units and people are
//! held, to be matched as lists), and commits only when the whole bundle passes.

use std::collections::HashSet;

use rusqlite::{params, Transaction};

use super::check::{check_head, is_empty, setting_is, Checks};
use super::trust::{self, MergeTrust};
use super::{MergeSummary, Merger, DATABASE_ID, DEMO};
use crate::domain::bundle::{Bundle, BundleRecord, KeyHasher, Validator};
use crate::domain::content::Pack;
use crate::domain::i18n::Msg;
use crate::store::{now_utc, schema, Hooks, Result, Store};

/// The page cache of a merge, in KiB (negative: SQLite's unit for a size, not a page count).
const MERGE_CACHE_KIB: i64 = -32 * 1024;

/// What a bundle says of itself, before its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleHead {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub source_db: String,
    pub demo: bool,
}

impl BundleHead {
    pub fn of(b: &Bundle) -> Self {
        BundleHead {
            format: b.format.clone(),
            version: b.version,
            exported_at: b.exported_at.clone(),
            source_db: b.source_db.clone(),
            demo: b.demo,
        }
    }
}

/// How a streamed merge ended. In every case but `Merged` without `refused`, nothing changed.
#[derive(Debug)]
pub enum Streamed<E> {
    /// Merged, or refused whole (`refused` in the summary).
    Merged(Box<MergeSummary>),
    /// The source of the records failed (a bad line, a file changed since it was verified).
    Stopped(E),
    /// A record came after one that a bundle puts after it, or a list's keys went back (danvan
    /// never writes such a file): the caller merges the bundle whole instead
    /// (`Store::merge_bundle_checked`).
    OutOfOrder,
}

/// A record's place in a format-2 bundle.
fn rank(r: &BundleRecord) -> u8 {
    match r {
        BundleRecord::Unit(_) => 0,
        BundleRecord::Person(_) => 1,
        BundleRecord::Lesson(_) => 2,
        BundleRecord::Completion(_) => 3,
        BundleRecord::Attempt(_) => 4,
        BundleRecord::Assessment(_) => 5,
    }
}

/// The order the summary's lists were always given in (the order the lists were merged in when
/// bundles were merged whole: attempts before lesson progress).
fn list_rank(kind: &str) -> u8 {
    match kind {
        "units" => 0,
        "people" => 1,
        "attempts" => 2,
        "lesson_progress" => 3,
        "course_completions" => 4,
        _ => 5,
    }
}

impl Store {
    /// [`Store::merge_bundle_trusted`], with the checks of `domain::bundle::validate` against
    /// `pack` first (when given; a completion is also earned by what this database already
    /// holds): any problem refuses the whole bundle, the first one named with the count.
    pub fn merge_bundle_checked(
        &mut self,
        bundle: &Bundle,
        allow_demo: bool,
        trust: &MergeTrust,
        pack: Option<&Pack>,
    ) -> Result<MergeSummary> {
        let records = bundle
            .units
            .iter()
            .cloned()
            .map(BundleRecord::Unit)
            .chain(bundle.people.iter().cloned().map(BundleRecord::Person))
            .chain(
                bundle
                    .lesson_progress
                    .iter()
                    .cloned()
                    .map(BundleRecord::Lesson),
            )
            .chain(
                bundle
                    .course_completions
                    .iter()
                    .cloned()
                    .map(BundleRecord::Completion),
            )
            .chain(bundle.attempts.iter().cloned().map(BundleRecord::Attempt))
            .chain(
                bundle
                    .assessments
                    .iter()
                    .cloned()
                    .map(BundleRecord::Assessment),
            );
        let mut records = records;
        let head = BundleHead::of(bundle);
        match self.merge_records_in(&head, allow_demo, trust, pack, false, &Hooks::NONE, || {
            Ok::<_, std::convert::Infallible>(records.next())
        })? {
            Streamed::Merged(s) => Ok(*s),
            Streamed::Stopped(e) => match e {},
            // A bundle's lists are fed in the bundle's order.
            Streamed::OutOfOrder => unreachable!("records fed in order"),
        }
    }

    /// Merge the records `next` gives, in the order of a format-2 bundle (units, people, lesson
    /// progress, completions, attempts, self-assessments; `Ok(None)` at the end, once the
    /// caller has checked all it read), in one transaction: committed only when every record
    /// passed, else nothing is changed. The rules and the order in which a refusal is named
    /// are those of a whole bundle: `pack`'s checks, then the format, version and demo rule,
    /// then a record twice, then a dangling reference, then the key.
    ///
    /// Within each of the lesson progress, completion and attempt lists the records must come
    /// in the order of their keys, as danvan writes them; otherwise the merge stops with
    /// [`Streamed::OutOfOrder`], nothing changed.
    ///
    /// `hooks` hears of each record taken (as done of 0: the merge does not know how many will
    /// come); cancelled there, the merge stops with `StoreError::Cancelled`, nothing changed.
    #[allow(clippy::too_many_arguments)]
    pub fn merge_records<E>(
        &mut self,
        head: &BundleHead,
        allow_demo: bool,
        trust: &MergeTrust,
        pack: Option<&Pack>,
        hooks: &Hooks,
        next: impl FnMut() -> std::result::Result<Option<BundleRecord>, E>,
    ) -> Result<Streamed<E>> {
        self.merge_records_in(head, allow_demo, trust, pack, true, hooks, next)
    }

    /// [`Store::merge_records`]; `sorted`: the lists come in the order of their keys (else the
    /// keys are kept to find a record twice).
    #[allow(clippy::too_many_arguments)]
    fn merge_records_in<E>(
        &mut self,
        head: &BundleHead,
        allow_demo: bool,
        trust: &MergeTrust,
        pack: Option<&Pack>,
        sorted: bool,
        hooks: &Hooks,
        mut next: impl FnMut() -> std::result::Result<Option<BundleRecord>, E>,
    ) -> Result<Streamed<E>> {
        let now = now_utc();
        // Statement journals and the temp table of touched pairs stay in memory.
        self.conn().pragma_update(None, "temp_store", "MEMORY")?;
        self.conn().set_prepared_statement_cache_capacity(64);
        // A province's merge writes a gigabyte of pages: in SQLite's 2 MB cache its indexes'
        // pages are dropped and read back from the log again and again (measured, 100,000
        // people: 32.9 s, 11.5 s of it in the kernel; with 32 MB, 26.2 s and 4.8 s, peak memory
        // 165 -> 223 MB). The connection's own cache comes back afterwards.
        let cache: i64 = self
            .conn()
            .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn()
            .pragma_update(None, "cache_size", MERGE_CACHE_KIB)?;
        let merged = self.write_if(|tx| {
            let mut summary = MergeSummary {
                source_db: head.source_db.clone(),
                ..Default::default()
            };
            let head_refusal = check_head(tx, head, allow_demo)?;
            let mut key_refusal = None;
            let mut collector = false;
            if let (None, Some(signer)) = (&head_refusal, &trust.signer) {
                match trust::settle_key(tx, &head.source_db, signer, trust, &now)? {
                    Ok(outcome) => {
                        collector = outcome.role == trust::COLLECTOR;
                        summary.key = Some(outcome);
                    }
                    Err(why) => key_refusal = Some(why),
                }
            }
            let whole_ok = head_refusal.is_none() && key_refusal.is_none();
            tx.execute(
                "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
                params![DATABASE_ID, uuid::Uuid::new_v4().to_string()],
            )?;
            let here: String = tx.query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [DATABASE_ID],
                |r| r.get(0),
            )?;
            let mut m = Merger {
                tx,
                now: &now,
                source_db: &head.source_db,
                s: summary,
                units: Default::default(),
                people: Default::default(),
                touched: HashSet::new(),
                here,
                exported_at: &head.exported_at,
                exported: time::OffsetDateTime::parse(
                    &head.exported_at,
                    &time::format_description::well_known::Rfc3339,
                )
                .ok(),
                collector,
                trust,
                from_origin: Default::default(),
                held_people: Default::default(),
                fresh: !tx.query_row("SELECT EXISTS (SELECT 1 FROM people)", [], |r| r.get(0))?,
                lessons_here: Default::default(),
                attempts_here: Default::default(),
            };
            let triggers = schema::suspend_summary_triggers(tx)?;
            let answer_trigger = schema::suspend_triggers(
                tx,
                &[schema::ANSWER_TRIGGER, schema::ANSWER_DELTA_TRIGGER],
            )?;
            // Into a database without people, the insert triggers' work is done once at the end.
            let fresh_triggers = if m.fresh {
                Some(schema::suspend_triggers(
                    tx,
                    &schema::fresh_merge::TRIGGERS,
                )?)
            } else {
                None
            };
            if whole_ok && head.demo && !setting_is(tx, DEMO, "1")? && is_empty(tx)? {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, '1')
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [DEMO],
                )?;
                m.s.became_demo = true;
            }
            let mut checks = Checks::new(sorted);
            let mut valid = pack.map(Validator::new);
            let keys = KeyHasher::new();
            // (person here, course) pairs of which this merge completed a lesson of the pack's
            // course: there, what this database held before did not earn a completion.
            let mut completed_here: HashSet<u128> = HashSet::new();
            let (mut units, mut people) = (Vec::new(), Vec::new());
            let mut directory_done = false;
            let mut last = 0;
            for taken in 0u64.. {
                hooks.step(taken, 0)?;
                let record = match next() {
                    Err(e) => return Ok((Streamed::Stopped(e), false)),
                    Ok(r) => r,
                };
                if let Some(r) = &record {
                    if rank(r) < last {
                        return Ok((Streamed::OutOfOrder, false));
                    }
                    last = rank(r);
                }
                if !directory_done && record.as_ref().is_none_or(|r| rank(r) > 1) {
                    directory_done = true;
                    checks.directory(tx, &units, &people)?;
                    if whole_ok && !checks.failed() {
                        m.units(&units)?;
                        m.people(&people)?;
                    }
                    (units, people) = (Vec::new(), Vec::new());
                }
                let Some(record) = record else { break };
                if checks.out_of_order {
                    return Ok((Streamed::OutOfOrder, false));
                }
                let writing = |checks: &Checks, valid: &Option<Validator>| {
                    whole_ok && !checks.failed() && !valid.as_ref().is_some_and(|v| v.settled())
                };
                match record {
                    BundleRecord::Unit(u) => units.push(u),
                    BundleRecord::Person(p) => people.push(p),
                    BundleRecord::Lesson(p) => {
                        if let Some(v) = &mut valid {
                            v.lesson(&p);
                        }
                        checks.lesson(tx, &p)?;
                        if writing(&checks, &valid) && m.progress(&p)? {
                            let course = pack.and_then(|k| k.course(&p.course_id));
                            if course.is_some_and(|c| c.lessons.iter().any(|l| l.id == p.lesson_id))
                            {
                                let person = m.person_id(&p.person_id);
                                completed_here.insert(keys.hash(&[&person, &p.course_id]));
                            }
                        }
                    }
                    BundleRecord::Completion(c) => {
                        if let Some(v) = &mut valid {
                            let corrected =
                                completed_here.contains(&keys.hash(&[&c.person_id, &c.course_id]));
                            v.completion(&c, |course| {
                                let lessons: Vec<&str> = if corrected {
                                    Vec::new()
                                } else {
                                    course.lessons.iter().map(|l| l.id.as_str()).collect()
                                };
                                trust::earned_here(tx, &c.person_id, &c.course_id, &lessons)
                            })?;
                        }
                        checks.completion(tx, &c)?;
                        if writing(&checks, &valid) {
                            m.completion(&c)?;
                        }
                    }
                    BundleRecord::Attempt(a) => {
                        if let Some(v) = &mut valid {
                            v.attempt(&a);
                        }
                        checks.attempt(tx, &a)?;
                        if writing(&checks, &valid) {
                            m.attempt(&a)?;
                        }
                    }
                    BundleRecord::Assessment(a) => {
                        checks.assessment(tx, &a)?;
                        if writing(&checks, &valid) {
                            m.assessment(&a)?;
                        }
                    }
                }
            }
            let problems = valid.map(Validator::finish).unwrap_or_default();
            let refusal = match problems.first() {
                Some(p) => Some(
                    Msg::new("merge-invalid")
                        .arg("record", &p.record)
                        .arg("rule", p.rule)
                        .arg("count", problems.len()),
                ),
                None => head_refusal.or(checks.refusal()).or(key_refusal),
            };
            if let Some(why) = refusal {
                let refused = MergeSummary {
                    source_db: head.source_db.clone(),
                    refused: Some(why),
                    ..Default::default()
                };
                return Ok((Streamed::Merged(Box::new(refused)), false));
            }
            if fresh_triggers.is_some() {
                tx.execute_batch(schema::fresh_merge::BEFORE_RECOUNT)?;
            }
            schema::recount_touched(tx, &m.touched)?;
            if let Some(fresh) = &fresh_triggers {
                tx.execute_batch(schema::fresh_merge::AFTER_RECOUNT)?;
                schema::restore_summary_triggers(tx, fresh)?;
            }
            schema::restore_summary_triggers(tx, &triggers)?;
            schema::restore_summary_triggers(tx, &answer_trigger)?;
            for &id in &trust.settles {
                m.settled(id)?;
            }
            let mut s = m.s;
            s.held.sort_by_key(|h| list_rank(h.kind));
            s.skewed.sort_by_key(|h| list_rank(h.kind));
            s.refused_records.sort_by_key(|r| list_rank(r.table));
            if s.changed() {
                audit(tx, &s, &now)?;
            }
            Ok((Streamed::Merged(Box::new(s)), true))
        });
        self.conn().pragma_update(None, "cache_size", cache)?;
        merged
    }
}

/// The audit line of a merge that changed something.
fn audit(tx: &Transaction, s: &MergeSummary, now: &str) -> Result<()> {
    let detail = s
        .tables()
        .iter()
        .map(|(t, c)| format!("{t} +{} ~{}", c.added, c.updated))
        .chain([
            format!("conflicts {}", s.conflicts.iter().filter(|c| c.new).count()),
            format!("held {}", s.held.iter().filter(|h| h.new).count()),
        ])
        .collect::<Vec<_>>()
        .join(", ");
    tx.execute(
        "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'merge', ?2)",
        params![now, format!("{}: {detail}", s.source_db)],
    )?;
    Ok(())
}

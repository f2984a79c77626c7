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
//!
//! The records summaries (`person_summary`, `course_summary`) are left to the schema's triggers.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{params, OptionalExtension, Transaction};

use super::bundle_reads::load_assessment;
use super::{now_utc, Result, Store};
use crate::domain::bundle::{
    Bundle, BundleAnswer, BundleAssessment, BundleAttempt, BundleCompletion, BundlePerson,
    BundleProgress, BundleUnit, BundleVersion, FORMAT, NAMESPACE, VERSION,
};
use crate::domain::i18n::Msg;

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
        let mut stmt = self.conn().prepare(
            "SELECT id, assessment_id, incoming_json, source_db, found_at
             FROM assessment_conflicts ORDER BY found_at, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let json: String = r.get(2)?;
                Ok((r.get(0)?, r.get(1)?, json, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<Vec<(String, String, String, Option<String>, String)>>>()?;
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
    }

    /// Merge a bundle: all of it in one transaction, or — when it is refused (`refused` in the
    /// summary) or an error occurs — nothing. `allow_demo` lets a demo bundle into a database
    /// that is neither empty nor a demo one.
    pub fn merge_bundle(&mut self, bundle: &Bundle, allow_demo: bool) -> Result<MergeSummary> {
        let now = now_utc();
        self.write(|tx| {
            let mut summary = MergeSummary {
                source_db: bundle.source_db.clone(),
                ..Default::default()
            };
            if let Some(why) = check(tx, bundle, allow_demo)? {
                summary.refused = Some(why);
                return Ok(summary);
            }
            let mut m = Merger {
                tx,
                now: &now,
                source_db: &bundle.source_db,
                s: summary,
                units: HashMap::new(),
                people: HashMap::new(),
            };
            if bundle.demo && !setting_is(tx, DEMO, "1")? && is_empty(tx)? {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, '1')
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [DEMO],
                )?;
                m.s.became_demo = true;
            }
            m.units(&bundle.units)?;
            m.people(&bundle.people)?;
            for a in &bundle.attempts {
                m.attempt(a)?;
            }
            for p in &bundle.lesson_progress {
                m.progress(p)?;
            }
            for c in &bundle.course_completions {
                m.completion(c)?;
            }
            for a in &bundle.assessments {
                m.assessment(a)?;
            }
            let s = m.s;
            if s.changed() {
                let detail = s
                    .tables()
                    .iter()
                    .map(|(t, c)| format!("{t} +{} ~{}", c.added, c.updated))
                    .chain([format!(
                        "conflicts {}",
                        s.conflicts.iter().filter(|c| c.new).count()
                    )])
                    .collect::<Vec<_>>()
                    .join(", ");
                tx.execute(
                    "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'merge', ?2)",
                    params![now, format!("{}: {detail}", bundle.source_db)],
                )?;
            }
            Ok(s)
        })
    }
}

fn setting_is(tx: &Transaction, key: &str, value: &str) -> Result<bool> {
    let v: Option<String> = tx
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.as_deref() == Some(value))
}

/// No records at all (settings do not count).
fn is_empty(tx: &Transaction) -> Result<bool> {
    for table in [
        "units",
        "people",
        "lesson_progress",
        "attempts",
        "course_completions",
        "assessments",
    ] {
        let any: bool =
            tx.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), [], |r| {
                r.get(0)
            })?;
        if any {
            return Ok(false);
        }
    }
    Ok(true)
}

fn exists(tx: &Transaction, table: &str, id: &str) -> Result<bool> {
    Ok(tx.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
        [id],
        |r| r.get(0),
    )?)
}

/// What refuses a whole bundle: its format, the demo rule, a record twice, a reference to a
/// record that is neither in the bundle nor here.
fn check(tx: &Transaction, b: &Bundle, allow_demo: bool) -> Result<Option<Msg>> {
    if b.format != FORMAT {
        return Ok(Some(Msg::new("merge-not-bundle").arg("format", &b.format)));
    }
    if b.version != VERSION {
        return Ok(Some(
            Msg::new("merge-newer-version")
                .arg("version", b.version)
                .arg("supported", VERSION),
        ));
    }
    if b.demo && !allow_demo && !setting_is(tx, DEMO, "1")? && !is_empty(tx)? {
        return Ok(Some(Msg::new("merge-demo-refused")));
    }
    let duplicate = |what: &str, key: &str| {
        Some(
            Msg::new("merge-duplicate")
                .arg("what", what)
                .arg("key", key),
        )
    };
    // Each record once.
    let mut seen = HashSet::new();
    for u in &b.units {
        if !seen.insert(("units", u.id.clone())) {
            return Ok(duplicate("units", &u.id));
        }
        if !seen.insert(("unit code", u.code.clone())) {
            return Ok(duplicate("units", &u.code));
        }
    }
    for p in &b.people {
        if !seen.insert(("people", p.id.clone())) {
            return Ok(duplicate("people", &p.id));
        }
        if let Some(code) = &p.staff_code {
            if !seen.insert(("staff code", code.clone())) {
                return Ok(duplicate("people", code));
            }
        }
    }
    for p in &b.lesson_progress {
        let key = format!("{} {} {}", p.person_id, p.course_id, p.lesson_id);
        if !seen.insert(("lesson_progress", key.clone())) {
            return Ok(duplicate("lesson_progress", &key));
        }
    }
    for c in &b.course_completions {
        let key = format!("{} {}", c.person_id, c.course_id);
        if !seen.insert(("course_completions", key.clone())) {
            return Ok(duplicate("course_completions", &key));
        }
    }
    for a in &b.attempts {
        if !seen.insert(("attempts", a.id.clone())) {
            return Ok(duplicate("attempts", &a.id));
        }
        let mut positions = HashSet::new();
        for x in &a.answers {
            if !positions.insert(x.position) {
                return Ok(duplicate("answers", &format!("{} {}", a.id, x.position)));
            }
        }
    }
    for a in &b.assessments {
        if !seen.insert(("assessments", a.id.clone())) {
            return Ok(duplicate("assessments", &a.id));
        }
        let key = format!("{} {} {}", a.unit_id, a.year, a.checklist_id);
        if !seen.insert(("assessment key", key.clone())) {
            return Ok(duplicate("assessments", &key));
        }
        let mut criteria = HashSet::new();
        for x in &a.answers {
            if !criteria.insert(x.criterion_id.as_str()) {
                return Ok(duplicate(
                    "assessments",
                    &format!("{} {}", a.id, x.criterion_id),
                ));
            }
        }
        let mut files = HashSet::new();
        for f in &a.evidence_files {
            if !files.insert((f.criterion_id.as_str(), f.path.as_str())) {
                return Ok(duplicate("assessments", &format!("{} {}", a.id, f.path)));
            }
        }
        let mut numbers = HashSet::new();
        for v in &a.versions {
            if !seen.insert(("versions", v.id.clone())) || !numbers.insert(v.version) {
                return Ok(duplicate("assessments", &format!("{} {}", a.id, v.id)));
            }
        }
    }
    // Every reference resolves, in the bundle or here.
    let units: HashSet<&str> = b.units.iter().map(|u| u.id.as_str()).collect();
    let people: HashSet<&str> = b.people.iter().map(|p| p.id.as_str()).collect();
    let dangling = |what: &str, key: &str, target: &str| {
        Some(
            Msg::new("merge-dangling")
                .arg("what", what)
                .arg("key", key)
                .arg("target", target),
        )
    };
    let unit_known =
        |id: &str| -> Result<bool> { Ok(units.contains(id) || exists(tx, "units", id)?) };
    let person_known =
        |id: &str| -> Result<bool> { Ok(people.contains(id) || exists(tx, "people", id)?) };
    for u in &b.units {
        if let Some(p) = &u.parent_id {
            if !unit_known(p)? {
                return Ok(dangling("units", &u.id, p));
            }
        }
    }
    for p in &b.people {
        if let Some(u) = &p.unit_id {
            if !unit_known(u)? {
                return Ok(dangling("people", &p.id, u));
            }
        }
    }
    for p in &b.lesson_progress {
        if !person_known(&p.person_id)? {
            return Ok(dangling("lesson_progress", &p.lesson_id, &p.person_id));
        }
    }
    for c in &b.course_completions {
        if !person_known(&c.person_id)? {
            return Ok(dangling("course_completions", &c.course_id, &c.person_id));
        }
    }
    for a in &b.attempts {
        if !person_known(&a.person_id)? {
            return Ok(dangling("attempts", &a.id, &a.person_id));
        }
    }
    for a in &b.assessments {
        if !unit_known(&a.unit_id)? {
            return Ok(dangling("assessments", &a.id, &a.unit_id));
        }
    }
    Ok(None)
}

/// A unit as stored here.
struct LocalUnit {
    id: String,
    code: String,
    name: String,
    kind: String,
    parent_id: Option<String>,
    updated_at: String,
}

/// A person as stored here.
struct LocalPerson {
    id: String,
    full_name: String,
    staff_code: Option<String>,
    unit_id: Option<String>,
    position: String,
    appointed_on: Option<String>,
    updated_at: String,
}

/// How an incoming self-assessment meets the local one.
enum Outcome {
    /// Keep the local head (adding any finalized versions it lacks).
    Keep,
    /// Take the incoming head (answers, evidence, status), keeping the local row's id.
    Take,
    /// Two different finalized versions.
    Conflict,
}

struct Merger<'a, 't> {
    tx: &'a Transaction<'t>,
    now: &'a str,
    source_db: &'a str,
    s: MergeSummary,
    /// Incoming unit id → local unit id.
    units: HashMap<String, String>,
    /// Incoming person id → local person id.
    people: HashMap<String, String>,
}

impl Merger<'_, '_> {
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

    fn local_unit(&self, sql_where: &str, value: &str) -> Result<Option<LocalUnit>> {
        Ok(self
            .tx
            .query_row(
                &format!(
                    "SELECT id, code, name, kind, parent_id, updated_at FROM units WHERE {sql_where} = ?1"
                ),
                [value],
                |r| {
                    Ok(LocalUnit {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        name: r.get(2)?,
                        kind: r.get(3)?,
                        parent_id: r.get(4)?,
                        updated_at: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    fn units(&mut self, incoming: &[BundleUnit]) -> Result<()> {
        // Match by UUID first, then by code; a local unit answers one incoming unit only.
        let mut matched: Vec<Option<LocalUnit>> = Vec::with_capacity(incoming.len());
        let mut claimed: HashSet<String> = HashSet::new();
        for u in incoming {
            let local = self.local_unit("id", &u.id)?;
            if let Some(l) = &local {
                claimed.insert(l.id.clone());
            }
            matched.push(local);
        }
        let mut by_code_only: HashSet<usize> = HashSet::new();
        for (i, u) in incoming.iter().enumerate() {
            if matched[i].is_none() {
                if let Some(l) = self.local_unit("code", &u.code)? {
                    if !claimed.insert(l.id.clone()) {
                        by_code_only.insert(i);
                    }
                    matched[i] = Some(l);
                }
            }
        }
        for (u, local) in incoming.iter().zip(&matched) {
            let local_id = local.as_ref().map_or(u.id.clone(), |l| l.id.clone());
            self.units.insert(u.id.clone(), local_id);
        }
        // New units first (without their parent, which may come later in the list).
        for (u, local) in incoming.iter().zip(&matched) {
            if local.is_none() {
                self.tx.execute(
                    "INSERT INTO units (id, code, name, kind, parent_id, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6)",
                    params![u.id, u.code, u.name, u.kind, u.created_at, u.updated_at],
                )?;
            }
        }
        for (i, (u, local)) in incoming.iter().zip(&matched).enumerate() {
            let parent = u.parent_id.as_deref().map(|p| self.unit_id(p));
            let Some(l) = local else {
                if parent.is_some() {
                    self.tx.execute(
                        "UPDATE units SET parent_id = ?2 WHERE id = ?1",
                        params![u.id, parent],
                    )?;
                }
                self.s.units.added += 1;
                continue;
            };
            let theirs = (&u.code, &u.name, &u.kind, &parent);
            let ours = (&l.code, &l.name, &l.kind, &l.parent_id);
            let newer = cmp_time(&u.updated_at, &l.updated_at).then_with(|| theirs.cmp(&ours));
            if by_code_only.contains(&i) || theirs == ours || newer != Ordering::Greater {
                self.s.units.skipped += 1;
                continue;
            }
            let taken: Option<String> = self
                .tx
                .query_row(
                    "SELECT name FROM units WHERE code = ?1 AND id <> ?2",
                    params![u.code, l.id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(name) = taken {
                self.refuse(
                    "units",
                    &u.id,
                    Msg::new("merge-unit-code-taken")
                        .arg("code", &u.code)
                        .arg("name", name),
                );
                continue;
            }
            self.tx.execute(
                "UPDATE units SET code = ?2, name = ?3, kind = ?4, parent_id = ?5, updated_at = ?6
                 WHERE id = ?1",
                params![l.id, u.code, u.name, u.kind, parent, u.updated_at],
            )?;
            self.s.units.updated += 1;
        }
        Ok(())
    }

    fn local_person(&self, sql_where: &str, value: &str) -> Result<Option<LocalPerson>> {
        Ok(self
            .tx
            .query_row(
                &format!(
                    "SELECT id, full_name, staff_code, unit_id, position, appointed_on, updated_at
                     FROM people WHERE {sql_where} = ?1"
                ),
                [value],
                |r| {
                    Ok(LocalPerson {
                        id: r.get(0)?,
                        full_name: r.get(1)?,
                        staff_code: r.get(2)?,
                        unit_id: r.get(3)?,
                        position: r.get(4)?,
                        appointed_on: r.get(5)?,
                        updated_at: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    fn people(&mut self, incoming: &[BundlePerson]) -> Result<()> {
        let mut matched: Vec<Option<LocalPerson>> = Vec::with_capacity(incoming.len());
        let mut claimed: HashSet<String> = HashSet::new();
        for p in incoming {
            let local = self.local_person("id", &p.id)?;
            if let Some(l) = &local {
                claimed.insert(l.id.clone());
            }
            matched.push(local);
        }
        let mut by_code_only: HashSet<usize> = HashSet::new();
        for (i, p) in incoming.iter().enumerate() {
            if let (None, Some(code)) = (&matched[i], &p.staff_code) {
                if let Some(l) = self.local_person("staff_code", code)? {
                    if !claimed.insert(l.id.clone()) {
                        by_code_only.insert(i);
                    }
                    matched[i] = Some(l);
                }
            }
        }
        for (p, local) in incoming.iter().zip(&matched) {
            let local_id = local.as_ref().map_or(p.id.clone(), |l| l.id.clone());
            self.people.insert(p.id.clone(), local_id);
        }
        for (i, (p, local)) in incoming.iter().zip(&matched).enumerate() {
            let unit = p.unit_id.as_deref().map(|u| self.unit_id(u));
            let Some(l) = local else {
                self.tx.execute(
                    "INSERT INTO people (id, full_name, staff_code, unit_id, position, appointed_on,
                         created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        p.id,
                        p.full_name,
                        p.staff_code,
                        unit,
                        p.position,
                        p.appointed_on,
                        p.created_at,
                        p.updated_at
                    ],
                )?;
                self.s.people.added += 1;
                continue;
            };
            let theirs = (
                &p.full_name,
                &p.staff_code,
                &unit,
                &p.position,
                &p.appointed_on,
            );
            let ours = (
                &l.full_name,
                &l.staff_code,
                &l.unit_id,
                &l.position,
                &l.appointed_on,
            );
            let newer = cmp_time(&p.updated_at, &l.updated_at).then_with(|| theirs.cmp(&ours));
            if by_code_only.contains(&i) || theirs == ours || newer != Ordering::Greater {
                self.s.people.skipped += 1;
                continue;
            }
            if let Some(code) = &p.staff_code {
                let taken: Option<String> = self
                    .tx
                    .query_row(
                        "SELECT full_name FROM people WHERE staff_code = ?1 AND id <> ?2",
                        params![code, l.id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(name) = taken {
                    self.refuse(
                        "people",
                        &p.id,
                        Msg::new("merge-staff-code-taken")
                            .arg("code", code)
                            .arg("name", name),
                    );
                    continue;
                }
            }
            self.tx.execute(
                "UPDATE people SET full_name = ?2, staff_code = ?3, unit_id = ?4, position = ?5,
                     appointed_on = ?6, updated_at = ?7
                 WHERE id = ?1",
                params![
                    l.id,
                    p.full_name,
                    p.staff_code,
                    unit,
                    p.position,
                    p.appointed_on,
                    p.updated_at
                ],
            )?;
            self.s.people.updated += 1;
        }
        Ok(())
    }

    fn insert_answer(&mut self, attempt_id: &str, x: &BundleAnswer) -> Result<()> {
        let n = self.tx.execute(
            "INSERT OR IGNORE INTO answers (attempt_id, position, bank_id, question_id, response,
                 correct, earned, answered_at, active_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                attempt_id,
                x.position,
                x.bank_id,
                x.question_id,
                x.response,
                x.correct,
                x.earned,
                x.answered_at,
                x.active_ms as i64
            ],
        )?;
        if n > 0 {
            self.s.answers.added += 1;
        } else {
            self.s.answers.skipped += 1;
        }
        Ok(())
    }

    fn attempt(&mut self, a: &BundleAttempt) -> Result<()> {
        let person = self.person_id(&a.person_id);
        let local: Option<(String, String)> = self
            .tx
            .query_row(
                "SELECT person_id, status FROM attempts WHERE id = ?1",
                [&a.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match local {
            None => {
                self.tx.execute(
                    "INSERT INTO attempts (id, person_id, quiz_id, quiz_version, content_hash, seed,
                         paper, practice, status, started_at, ended_at, active_ms, earned,
                         max_points, passed, course_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                    params![
                        a.id,
                        person,
                        a.quiz_id,
                        a.quiz_version,
                        a.content_hash,
                        a.seed,
                        a.paper,
                        a.practice,
                        a.status,
                        a.started_at,
                        a.ended_at,
                        a.active_ms as i64,
                        a.earned,
                        a.max_points,
                        a.passed,
                        a.course_id
                    ],
                )?;
                self.s.attempts.added += 1;
            }
            Some((owner, _)) if owner != person => {
                self.refuse(
                    "attempts",
                    &a.id,
                    Msg::new("merge-attempt-elsewhere").arg("id", &a.id),
                );
                return Ok(());
            }
            Some((_, status)) => {
                let open = crate::domain::attempt::AttemptStatus::Open.key();
                if status == open && a.status != open {
                    // Finished on the other machine: close it here with the same grade.
                    self.tx.execute(
                        "UPDATE attempts SET status = ?2, ended_at = ?3, active_ms = MAX(active_ms, ?4),
                             earned = ?5, max_points = ?6, passed = ?7
                         WHERE id = ?1",
                        params![
                            a.id,
                            a.status,
                            a.ended_at,
                            a.active_ms as i64,
                            a.earned,
                            a.max_points,
                            a.passed
                        ],
                    )?;
                    self.s.attempts.updated += 1;
                } else {
                    self.s.attempts.skipped += 1;
                }
            }
        }
        for x in &a.answers {
            self.insert_answer(&a.id, x)?;
        }
        Ok(())
    }

    fn progress(&mut self, p: &BundleProgress) -> Result<()> {
        let person = self.person_id(&p.person_id);
        let local: Option<(String, i64, Option<String>, String)> = self
            .tx
            .query_row(
                "SELECT course_version, top_block, completed_at, opened_at FROM lesson_progress
                 WHERE person_id = ?1 AND course_id = ?2 AND lesson_id = ?3",
                params![person, p.course_id, p.lesson_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((version, top, completed, opened)) = local else {
            self.tx.execute(
                "INSERT INTO lesson_progress (person_id, course_id, course_version, lesson_id,
                     top_block, completed_at, opened_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    person,
                    p.course_id,
                    p.course_version,
                    p.lesson_id,
                    p.top_block,
                    p.completed_at,
                    p.opened_at
                ],
            )?;
            self.s.lesson_progress.added += 1;
            return Ok(());
        };
        let new_completed = earlier(completed.as_deref(), p.completed_at.as_deref());
        // The later visit wins (on a tie, the larger position, so both sides end the same).
        let later = cmp_time(&p.opened_at, &opened)
            .then_with(|| (&p.course_version, p.top_block as i64).cmp(&(&version, top)));
        let (new_version, new_top, new_opened) = if later == Ordering::Greater {
            (
                p.course_version.clone(),
                p.top_block as i64,
                p.opened_at.clone(),
            )
        } else {
            (version.clone(), top, opened.clone())
        };
        if (&new_version, new_top, &new_completed, &new_opened)
            == (&version, top, &completed, &opened)
        {
            self.s.lesson_progress.skipped += 1;
            return Ok(());
        }
        self.tx.execute(
            "UPDATE lesson_progress SET course_version = ?4, top_block = ?5, completed_at = ?6,
                 opened_at = ?7
             WHERE person_id = ?1 AND course_id = ?2 AND lesson_id = ?3",
            params![
                person,
                p.course_id,
                p.lesson_id,
                new_version,
                new_top,
                new_completed,
                new_opened
            ],
        )?;
        self.s.lesson_progress.updated += 1;
        Ok(())
    }

    fn completion(&mut self, c: &BundleCompletion) -> Result<()> {
        let person = self.person_id(&c.person_id);
        let local: Option<(String, String, Option<f64>)> = self
            .tx
            .query_row(
                "SELECT completed_at, course_version, best_percent FROM course_completions
                 WHERE person_id = ?1 AND course_id = ?2",
                params![person, c.course_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match local {
            // The earlier completion wins; on a tie, the better score (then the newer course
            // version), so both sides end the same.
            Some((at, version, best))
                if cmp_time(&c.completed_at, &at).then_with(|| {
                    let score = |b: Option<f64>| b.unwrap_or(-1.0);
                    score(best)
                        .total_cmp(&score(c.best_percent))
                        .then_with(|| version.cmp(&c.course_version))
                }) != Ordering::Less =>
            {
                self.s.course_completions.skipped += 1;
                return Ok(());
            }
            Some(_) => {
                // The earlier completion wins. Deleted and inserted again, so the summary
                // triggers (which watch inserts) see it.
                self.tx.execute(
                    "DELETE FROM course_completions WHERE person_id = ?1 AND course_id = ?2",
                    params![person, c.course_id],
                )?;
                self.s.course_completions.updated += 1;
            }
            None => self.s.course_completions.added += 1,
        }
        self.tx.execute(
            "INSERT INTO course_completions (person_id, course_id, course_version, completed_at,
                 best_percent)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                person,
                c.course_id,
                c.course_version,
                c.completed_at,
                c.best_percent
            ],
        )?;
        Ok(())
    }

    /// The incoming assessment with its references mapped to local ids (for comparing and
    /// writing).
    fn localize(&self, a: &BundleAssessment) -> BundleAssessment {
        let mut a = a.clone();
        a.unit_id = self.unit_id(&a.unit_id);
        a.finalized_by = self.person_ref(&a.finalized_by);
        for x in &mut a.answers {
            x.changed_by = self.person_ref(&x.changed_by);
        }
        for f in &mut a.evidence_files {
            f.added_by = self.person_ref(&f.added_by);
        }
        for v in &mut a.versions {
            v.finalized_by = self.person_ref(&v.finalized_by);
            v.reopened_by = self.person_ref(&v.reopened_by);
        }
        a
    }

    fn assessment(&mut self, original: &BundleAssessment) -> Result<()> {
        let inc = self.localize(original);
        let mut local = load_assessment(self.tx, &inc.id)?;
        if let Some(l) = &local {
            if (&l.unit_id, l.year, &l.checklist_id) != (&inc.unit_id, inc.year, &inc.checklist_id)
            {
                self.refuse(
                    "assessments",
                    &inc.id,
                    Msg::new("merge-assessment-elsewhere").arg("id", &inc.id),
                );
                return Ok(());
            }
        } else {
            let id: Option<String> = self
                .tx
                .query_row(
                    "SELECT id FROM assessments WHERE unit_id = ?1 AND year = ?2 AND checklist_id = ?3",
                    params![inc.unit_id, inc.year, inc.checklist_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = id {
                local = load_assessment(self.tx, &id)?;
            }
        }
        let Some(l) = local else {
            self.insert_assessment(&inc)?;
            return Ok(());
        };
        match outcome(&l, &inc) {
            Outcome::Keep => {
                let head = head_version(&l).map(|v| v.id.clone());
                self.merge_versions(&l, &inc.versions, head.as_deref())?;
                self.s.assessments.skipped += 1;
            }
            Outcome::Take => {
                self.tx.execute(
                    "UPDATE assessments SET checklist_version = ?2, content_hash = ?3, status = ?4,
                         finalized_by = ?5, finalized_at = ?6, updated_at = ?7
                     WHERE id = ?1",
                    params![
                        l.id,
                        inc.checklist_version,
                        inc.content_hash,
                        inc.status,
                        inc.finalized_by,
                        inc.finalized_at,
                        inc.updated_at
                    ],
                )?;
                self.tx.execute(
                    "DELETE FROM assessment_answers WHERE assessment_id = ?1",
                    [&l.id],
                )?;
                self.tx.execute(
                    "DELETE FROM evidence_files WHERE assessment_id = ?1",
                    [&l.id],
                )?;
                self.insert_head_parts(&l.id, &inc)?;
                let head = head_version(&inc).map(|v| v.id.clone());
                self.merge_versions(&l, &inc.versions, head.as_deref())?;
                self.s.assessments.updated += 1;
            }
            Outcome::Conflict => self.conflict(&l, original)?,
        }
        Ok(())
    }

    fn insert_head_parts(&mut self, id: &str, a: &BundleAssessment) -> Result<()> {
        for x in &a.answers {
            self.tx.execute(
                "INSERT INTO assessment_answers (assessment_id, criterion_id, answer, evidence, note,
                     from_last_year, changed_by, changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    x.criterion_id,
                    x.answer,
                    x.evidence,
                    x.note,
                    x.from_last_year,
                    x.changed_by,
                    x.changed_at
                ],
            )?;
        }
        for f in &a.evidence_files {
            self.tx.execute(
                "INSERT INTO evidence_files (assessment_id, criterion_id, path, sha256, added_by, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, f.criterion_id, f.path, f.sha256, f.added_by, f.added_at],
            )?;
        }
        Ok(())
    }

    fn insert_version(
        &mut self,
        assessment_id: &str,
        v: &BundleVersion,
        number: i64,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO assessment_versions (id, assessment_id, version, finalized_by, finalized_at,
                 score_hundredths, band, snapshot, reopened_by, reopened_at, reopen_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                v.id,
                assessment_id,
                number,
                v.finalized_by,
                v.finalized_at,
                v.score_hundredths as i64,
                v.band,
                v.snapshot,
                v.reopened_by,
                v.reopened_at,
                v.reopen_reason
            ],
        )?;
        self.s.assessment_versions.added += 1;
        Ok(())
    }

    fn insert_assessment(&mut self, a: &BundleAssessment) -> Result<()> {
        self.tx.execute(
            "INSERT INTO assessments (id, unit_id, year, checklist_id, checklist_version, content_hash,
                 status, finalized_by, finalized_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                a.id,
                a.unit_id,
                a.year,
                a.checklist_id,
                a.checklist_version,
                a.content_hash,
                a.status,
                a.finalized_by,
                a.finalized_at,
                a.created_at,
                a.updated_at
            ],
        )?;
        self.insert_head_parts(&a.id, a)?;
        for v in &a.versions {
            if self.version_elsewhere(&a.id, v)? {
                continue;
            }
            self.insert_version(&a.id, v, v.version)?;
        }
        self.s.assessments.added += 1;
        Ok(())
    }

    /// A finalized version whose id belongs to another assessment here: refused.
    fn version_elsewhere(&mut self, assessment_id: &str, v: &BundleVersion) -> Result<bool> {
        let owner: Option<String> = self
            .tx
            .query_row(
                "SELECT assessment_id FROM assessment_versions WHERE id = ?1",
                [&v.id],
                |r| r.get(0),
            )
            .optional()?;
        match owner {
            Some(o) if o != assessment_id => {
                self.refuse(
                    "assessments",
                    &v.id,
                    Msg::new("merge-assessment-elsewhere").arg("id", &v.id),
                );
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Add the finalized versions the local history lacks, and reopenings it has not heard of.
    /// `head` is the version the assessment now stands on (when finalized): it stays the highest.
    fn merge_versions(
        &mut self,
        local: &BundleAssessment,
        incoming: &[BundleVersion],
        head: Option<&str>,
    ) -> Result<()> {
        let mut numbers: BTreeSet<i64> = local.versions.iter().map(|v| v.version).collect();
        let mut renumber = false;
        let mut added = false;
        for v in incoming {
            if let Some(mine) = local.versions.iter().find(|m| m.id == v.id) {
                if mine.reopened_at.is_none() && v.reopened_at.is_some() {
                    self.tx.execute(
                        "UPDATE assessment_versions SET reopened_by = ?2, reopened_at = ?3,
                             reopen_reason = ?4
                         WHERE id = ?1",
                        params![v.id, v.reopened_by, v.reopened_at, v.reopen_reason],
                    )?;
                    self.s.assessment_versions.updated += 1;
                } else {
                    self.s.assessment_versions.skipped += 1;
                }
                continue;
            }
            if self.version_elsewhere(&local.id, v)? {
                continue;
            }
            let number = if numbers.contains(&v.version) {
                renumber = true;
                numbers.last().copied().unwrap_or(0) + 1
            } else {
                v.version
            };
            numbers.insert(number);
            self.insert_version(&local.id, v, number)?;
            added = true;
        }
        let head_is_highest = match head {
            None => true,
            Some(h) => {
                let top: Option<String> = self
                    .tx
                    .query_row(
                        "SELECT id FROM assessment_versions WHERE assessment_id = ?1
                         ORDER BY version DESC LIMIT 1",
                        [&local.id],
                        |r| r.get(0),
                    )
                    .optional()?;
                top.as_deref() == Some(h)
            }
        };
        if added && (renumber || !head_is_highest) {
            self.renumber(&local.id, head)?;
        }
        Ok(())
    }

    /// Number a history that met another machine's: by finalization time, the version the
    /// assessment stands on last. Both machines number the same set the same way.
    fn renumber(&mut self, assessment_id: &str, head: Option<&str>) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare("SELECT id, finalized_at FROM assessment_versions WHERE assessment_id = ?1")?;
        let mut all = stmt
            .query_map([assessment_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        all.sort_by(|a, b| {
            let is_head = |id: &str| head == Some(id);
            is_head(&a.0)
                .cmp(&is_head(&b.0))
                .then_with(|| cmp_time(&a.1, &b.1))
                .then_with(|| a.0.cmp(&b.0))
        });
        // Through negative numbers, so UNIQUE (assessment_id, version) holds at every step.
        for (i, (id, _)) in all.iter().enumerate() {
            self.tx.execute(
                "UPDATE assessment_versions SET version = ?2 WHERE id = ?1",
                params![id, -(i as i64) - 1],
            )?;
        }
        self.tx.execute(
            "UPDATE assessment_versions SET version = -version WHERE assessment_id = ?1",
            [assessment_id],
        )?;
        Ok(())
    }

    fn conflict(&mut self, local: &BundleAssessment, incoming: &BundleAssessment) -> Result<()> {
        let json = serde_json::to_string(incoming).unwrap_or_default();
        let content = serde_json::to_string(&(
            &incoming.status,
            &incoming.answers,
            &incoming.evidence_files,
            head_version(incoming).map(|v| &v.id),
        ))
        .unwrap_or_default();
        let id = uuid::Uuid::new_v5(
            &NAMESPACE,
            format!(
                "assessment-conflict {} {} {}",
                local.id,
                incoming.id,
                crate::domain::text::fingerprint(&content)
            )
            .as_bytes(),
        )
        .to_string();
        let n = self.tx.execute(
            "INSERT OR IGNORE INTO assessment_conflicts (id, assessment_id, incoming_json, source_db, found_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, local.id, json, self.source_db, self.now],
        )?;
        let unit_code: String = self
            .tx
            .query_row(
                "SELECT code FROM units WHERE id = ?1",
                [&local.unit_id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        self.s.assessments.skipped += 1;
        self.s.conflicts.push(Conflict {
            id,
            assessment_id: local.id.clone(),
            unit_code,
            year: local.year,
            checklist_id: local.checklist_id.clone(),
            local_finalized_at: local.finalized_at.clone(),
            incoming_finalized_at: incoming.finalized_at.clone(),
            new: n > 0,
        });
        Ok(())
    }
}

const FINAL: &str = "final";

/// The finalized version an assessment stands on (its highest), when it is finalized.
fn head_version(a: &BundleAssessment) -> Option<&BundleVersion> {
    if a.status != FINAL {
        return None;
    }
    a.versions.iter().max_by_key(|v| v.version)
}

/// Whether `a` holds `version` and has moved on from it: reopened it, or finalized a later one.
fn moved_on_from(a: &BundleAssessment, version: &BundleVersion) -> bool {
    match a.versions.iter().find(|v| v.id == version.id) {
        Some(mine) => {
            mine.reopened_at.is_some() || a.versions.iter().any(|v| v.version > mine.version)
        }
        None => false,
    }
}

fn same_content(a: &BundleAssessment, b: &BundleAssessment) -> bool {
    a.status == b.status && a.answers == b.answers && a.evidence_files == b.evidence_files
}

fn outcome(local: &BundleAssessment, inc: &BundleAssessment) -> Outcome {
    if same_content(local, inc) {
        return Outcome::Keep;
    }
    if head_version(inc).is_some_and(|h| moved_on_from(local, h)) {
        return Outcome::Keep;
    }
    if head_version(local).is_some_and(|h| moved_on_from(inc, h)) {
        return Outcome::Take;
    }
    match (local.status == FINAL, inc.status == FINAL) {
        (false, true) => Outcome::Take,
        (true, false) => Outcome::Keep,
        (false, false) => {
            let key = |a: &BundleAssessment| {
                serde_json::to_string(&(&a.answers, &a.evidence_files)).unwrap_or_default()
            };
            let newer = cmp_time(&inc.updated_at, &local.updated_at)
                .then_with(|| key(inc).cmp(&key(local)));
            if newer == Ordering::Greater {
                Outcome::Take
            } else {
                Outcome::Keep
            }
        }
        (true, true) => Outcome::Conflict,
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

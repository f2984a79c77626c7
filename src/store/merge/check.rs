//! What refuses a whole bundle: its format, the demo rule, a record twice, a reference to a
//! record that is neither in the bundle nor here.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, Transaction};

use super::{BundleHead, DEMO};
use crate::domain::bundle::{
    BundleAssessment, BundleAttempt, BundleCompletion, BundlePerson, BundleProgress, BundleUnit,
    KeyHasher, FORMAT, VERSION,
};
use crate::domain::i18n::Msg;
use crate::store::Result;

pub(super) fn setting_is(tx: &Transaction, key: &str, value: &str) -> Result<bool> {
    let v: Option<String> = tx
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.as_deref() == Some(value))
}

/// No records at all (settings do not count).
pub(super) fn is_empty(tx: &Transaction) -> Result<bool> {
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

/// The rules on the bundle as a whole: its format and version, and the demo rule.
pub(super) fn check_head(
    tx: &Transaction,
    b: &BundleHead,
    allow_demo: bool,
) -> Result<Option<Msg>> {
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
    Ok(None)
}

/// Each record once, and every reference resolving (in the bundle or here), checked record by
/// record in the bundle's order. The first record twice and the first dangling reference are
/// kept (a record twice is named first, as when the whole bundle was checked before merging);
/// once either is found the merge writes nothing more.
///
/// Lesson progress, completions and attempts are the bulk of a bundle, and danvan writes each
/// list in the order of its key: `sorted` checks keep only the last key of each list (a record
/// twice is the same key again), and a key that goes back sets `out_of_order`, for the caller
/// to merge the bundle whole instead. Otherwise (a `Bundle` in memory), and for the other lists,
/// the hash of each key is kept (`KeyHasher`).
pub(super) struct Checks {
    keys: KeyHasher,
    seen: HashSet<u128>,
    /// The last lesson, completion and attempt key, when the lists are to come sorted.
    last: Option<[String; 3]>,
    /// A sorted list's key went back.
    pub(super) out_of_order: bool,
    /// The bundle's units and people, by hashed id.
    units: HashSet<u128>,
    people: HashSet<u128>,
    duplicate: Option<Msg>,
    dangling: Option<Msg>,
}

fn duplicate(what: &str, key: &str) -> Msg {
    Msg::new("merge-duplicate")
        .arg("what", what)
        .arg("key", key)
}

fn dangling(what: &str, key: &str, target: &str) -> Msg {
    Msg::new("merge-dangling")
        .arg("what", what)
        .arg("key", key)
        .arg("target", target)
}

impl Checks {
    /// `sorted`: the lesson, completion and attempt lists come in the order of their keys.
    pub(super) fn new(sorted: bool) -> Self {
        Checks {
            keys: KeyHasher::new(),
            seen: HashSet::new(),
            last: sorted.then(Default::default),
            out_of_order: false,
            units: HashSet::new(),
            people: HashSet::new(),
            duplicate: None,
            dangling: None,
        }
    }

    /// Whether the bundle is refused by these checks, or is to be merged whole (nothing more is
    /// to be written).
    pub(super) fn failed(&self) -> bool {
        self.duplicate.is_some() || self.dangling.is_some() || self.out_of_order
    }

    /// Why the bundle is refused, if it is.
    pub(super) fn refusal(self) -> Option<Msg> {
        self.duplicate.or(self.dangling)
    }

    /// Whether `key` of kind `kind` is seen for the first time; a second time is noted (the
    /// first one found) as a duplicate named `what`, `shown`.
    fn once(&mut self, kind: &str, key: &str, what: &str, shown: &str) -> bool {
        if self.seen.insert(self.keys.hash(&[kind, key])) {
            return true;
        }
        if self.duplicate.is_none() {
            self.duplicate = Some(duplicate(what, shown));
        }
        false
    }

    /// [`Checks::once`] for the list `list` (0 lessons, 1 completions, 2 attempts), by the last
    /// key when the lists come sorted.
    fn once_in_list(&mut self, list: usize, kind: &str, key: &str, what: &str) -> bool {
        let Some(last) = &mut self.last else {
            return self.once(kind, key, what, key);
        };
        let prev = &mut last[list];
        match key.cmp(prev.as_str()) {
            std::cmp::Ordering::Greater => {
                key.clone_into(prev);
                true
            }
            std::cmp::Ordering::Equal if !prev.is_empty() => {
                if self.duplicate.is_none() {
                    self.duplicate = Some(duplicate(what, key));
                }
                false
            }
            _ => {
                self.out_of_order = true;
                false
            }
        }
    }

    /// Whether references are still to be checked (a record twice outranks them).
    fn checking_references(&self) -> bool {
        !self.failed()
    }

    fn unit_known(&self, tx: &Transaction, id: &str) -> Result<bool> {
        Ok(self.units.contains(&self.keys.hash(&[id])) || exists(tx, "units", id)?)
    }

    fn person_known(&self, tx: &Transaction, id: &str) -> Result<bool> {
        Ok(self.people.contains(&self.keys.hash(&[id])) || exists(tx, "people", id)?)
    }

    fn dangles(&mut self, what: &str, key: &str, target: &str) {
        if self.dangling.is_none() {
            self.dangling = Some(dangling(what, key, target));
        }
    }

    /// The bundle's units and people, whole (they come first, and are matched as lists).
    pub(super) fn directory(
        &mut self,
        tx: &Transaction,
        units: &[BundleUnit],
        people: &[BundlePerson],
    ) -> Result<()> {
        for u in units {
            self.once("units", &u.id, "units", &u.id);
            self.once("unit code", &u.code, "units", &u.code);
        }
        for p in people {
            self.once("people", &p.id, "people", &p.id);
            if let Some(code) = &p.staff_code {
                self.once("staff code", code, "people", code);
            }
        }
        self.units = units.iter().map(|u| self.keys.hash(&[&u.id])).collect();
        self.people = people.iter().map(|p| self.keys.hash(&[&p.id])).collect();
        for u in units {
            if let Some(p) = &u.parent_id {
                if self.checking_references() && !self.unit_known(tx, p)? {
                    self.dangles("units", &u.id, p);
                }
            }
        }
        for p in people {
            if let Some(u) = &p.unit_id {
                if self.checking_references() && !self.unit_known(tx, u)? {
                    self.dangles("people", &p.id, u);
                }
            }
        }
        Ok(())
    }

    pub(super) fn lesson(&mut self, tx: &Transaction, p: &BundleProgress) -> Result<()> {
        let key = format!("{} {} {}", p.person_id, p.course_id, p.lesson_id);
        self.once_in_list(0, "lesson_progress", &key, "lesson_progress");
        if self.checking_references() && !self.person_known(tx, &p.person_id)? {
            self.dangles("lesson_progress", &p.lesson_id, &p.person_id);
        }
        Ok(())
    }

    pub(super) fn completion(&mut self, tx: &Transaction, c: &BundleCompletion) -> Result<()> {
        let key = format!("{} {}", c.person_id, c.course_id);
        self.once_in_list(1, "course_completions", &key, "course_completions");
        if self.checking_references() && !self.person_known(tx, &c.person_id)? {
            self.dangles("course_completions", &c.course_id, &c.person_id);
        }
        Ok(())
    }

    pub(super) fn attempt(&mut self, tx: &Transaction, a: &BundleAttempt) -> Result<()> {
        if self.once_in_list(2, "attempts", &a.id, "attempts") {
            let mut positions = HashSet::new();
            for x in &a.answers {
                if !positions.insert(x.position) && self.duplicate.is_none() {
                    self.duplicate =
                        Some(duplicate("answers", &format!("{} {}", a.id, x.position)));
                }
            }
        }
        if self.checking_references() && !self.person_known(tx, &a.person_id)? {
            self.dangles("attempts", &a.id, &a.person_id);
        }
        Ok(())
    }

    pub(super) fn assessment(&mut self, tx: &Transaction, a: &BundleAssessment) -> Result<()> {
        let shown = format!("{} {} {}", a.unit_id, a.year, a.checklist_id);
        if self.once("assessments", &a.id, "assessments", &a.id)
            && self.once("assessment key", &shown, "assessments", &shown)
        {
            self.parts_once(a);
        }
        if self.checking_references() && !self.unit_known(tx, &a.unit_id)? {
            self.dangles("assessments", &a.id, &a.unit_id);
        }
        Ok(())
    }

    /// An assessment's answers, files and versions, each once.
    fn parts_once(&mut self, a: &BundleAssessment) {
        let mut criteria = HashSet::new();
        for x in &a.answers {
            if !criteria.insert(x.criterion_id.as_str()) {
                self.duplicate.get_or_insert_with(|| {
                    duplicate("assessments", &format!("{} {}", a.id, x.criterion_id))
                });
                return;
            }
        }
        let mut files = HashSet::new();
        for f in &a.evidence_files {
            if !files.insert((f.criterion_id.as_str(), f.path.as_str())) {
                self.duplicate.get_or_insert_with(|| {
                    duplicate("assessments", &format!("{} {}", a.id, f.path))
                });
                return;
            }
        }
        let mut numbers = HashSet::new();
        for v in &a.versions {
            let fresh = self.seen.insert(self.keys.hash(&["versions", &v.id]));
            if !fresh || !numbers.insert(v.version) {
                self.duplicate
                    .get_or_insert_with(|| duplicate("assessments", &format!("{} {}", a.id, v.id)));
                return;
            }
        }
    }
}

//! What refuses a whole bundle before anything is merged: its format, the demo rule, a record
//! twice, a reference to a record that is neither in the bundle nor here.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, Transaction};

use super::DEMO;
use crate::domain::bundle::{Bundle, FORMAT, VERSION};
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

/// What refuses a whole bundle: its format, the demo rule, a record twice, a reference to a
/// record that is neither in the bundle nor here.
pub(super) fn check(tx: &Transaction, b: &Bundle, allow_demo: bool) -> Result<Option<Msg>> {
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

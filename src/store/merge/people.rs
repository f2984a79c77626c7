//! Merging units and people: matched by UUID, then by code; the newer edit wins, and a newer
//! edit whose code belongs to another record here is refused. A unit's or a person's edits merge
//! only from their origin (or a collector); others are held (`trust`), as is a new person whose
//! staff code belongs to someone here when the bundle does not speak for that someone.

use std::cmp::Ordering;
use std::collections::HashSet;

use rusqlite::{params, OptionalExtension};

use super::trust::{IDENTITY_EDIT, NOT_FROM_ORIGIN, STAFF_CODE_TAKEN};
use super::{cmp_time, Merger};
use crate::domain::bundle::{BundlePerson, BundleUnit};
use crate::domain::i18n::Msg;
use crate::store::Result;

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

/// A person here by id, for [`Merger::local_person`].
const PERSON_BY_ID: &str =
    "SELECT id, full_name, staff_code, unit_id, position, appointed_on, updated_at
     FROM people WHERE id = ?1";

/// A person here by staff code, for [`Merger::local_person`].
const PERSON_BY_STAFF_CODE: &str =
    "SELECT id, full_name, staff_code, unit_id, position, appointed_on, updated_at
     FROM people WHERE staff_code = ?1";

impl Merger<'_, '_> {
    fn local_unit(&self, sql_where: &str, value: &str) -> Result<Option<LocalUnit>> {
        Ok(self.query_row(
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

    pub(super) fn units(&mut self, incoming: &[BundleUnit]) -> Result<()> {
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
                // Only a collector may say another database created the unit.
                let origin = match (&u.origin, self.collector) {
                    (Some(o), true) => o.clone(),
                    _ => self.source_db.to_string(),
                };
                self.exec(
                    "INSERT INTO units (id, code, name, kind, parent_id, created_at, updated_at,
                         origin)
                     VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7)",
                    params![
                        u.id,
                        u.code,
                        u.name,
                        u.kind,
                        u.created_at,
                        u.updated_at,
                        origin
                    ],
                )?;
            }
        }
        for (i, (u, local)) in incoming.iter().zip(&matched).enumerate() {
            let parent = u.parent_id.as_deref().map(|p| self.unit_id(p));
            let Some(l) = local else {
                if parent.is_some() {
                    self.exec(
                        "UPDATE units SET parent_id = ?2 WHERE id = ?1",
                        params![u.id, parent],
                    )?;
                }
                self.s.units.added += 1;
                continue;
            };
            let theirs = (&u.code, &u.name, &u.kind, &parent);
            let ours = (&l.code, &l.name, &l.kind, &l.parent_id);
            let updated_at = self.bounded("units", || u.id.clone(), &u.updated_at);
            let newer = cmp_time(&updated_at, &l.updated_at).then_with(|| theirs.cmp(&ours));
            if by_code_only.contains(&i) || theirs == ours || newer != Ordering::Greater {
                self.s.units.skipped += 1;
                continue;
            }
            if !self.speaks_for_unit(&l.id)? {
                let held = u.clone();
                self.hold("units", &u.id, None, NOT_FROM_ORIGIN, &held)?;
                continue;
            }
            let taken: Option<String> = self
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
            self.exec(
                "UPDATE units SET code = ?2, name = ?3, kind = ?4, parent_id = ?5, updated_at = ?6
                 WHERE id = ?1",
                params![l.id, u.code, u.name, u.kind, parent, updated_at],
            )?;
            self.s.units.updated += 1;
        }
        Ok(())
    }

    /// The person here whose `by` column holds `value` ([`PERSON_BY_ID`] or
    /// [`PERSON_BY_STAFF_CODE`]: the statement's text is fixed, not made for each person).
    fn local_person(&self, by: &'static str, value: &str) -> Result<Option<LocalPerson>> {
        // A database without people has no one to match: no lookup per incoming person.
        if self.fresh {
            return Ok(None);
        }
        Ok(self
            .query_row(by, [value], |r| {
                Ok(LocalPerson {
                    id: r.get(0)?,
                    full_name: r.get(1)?,
                    staff_code: r.get(2)?,
                    unit_id: r.get(3)?,
                    position: r.get(4)?,
                    appointed_on: r.get(5)?,
                    updated_at: r.get(6)?,
                })
            })
            .optional()?)
    }

    pub(super) fn people(&mut self, incoming: &[BundlePerson]) -> Result<()> {
        let mut matched: Vec<Option<LocalPerson>> = Vec::with_capacity(incoming.len());
        let mut claimed: HashSet<String> = HashSet::new();
        for p in incoming {
            let local = self.local_person(PERSON_BY_ID, &p.id)?;
            if let Some(l) = &local {
                claimed.insert(l.id.clone());
            }
            matched.push(local);
        }
        let mut by_code_only: HashSet<usize> = HashSet::new();
        for (i, p) in incoming.iter().enumerate() {
            if let (None, Some(code)) = (&matched[i], &p.staff_code) {
                if let Some(l) = self.local_person(PERSON_BY_STAFF_CODE, code)? {
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
            let updated_at = self.bounded("people", || p.id.clone(), &p.updated_at);
            let Some(l) = local else {
                // Only a collector may say another database created the person.
                let origin = match (&p.origin, self.collector) {
                    (Some(o), true) => o.clone(),
                    _ => self.source_db.to_string(),
                };
                self.exec(
                    "INSERT INTO people (id, full_name, staff_code, unit_id, position, appointed_on,
                         created_at, updated_at, origin)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        p.id,
                        p.full_name,
                        p.staff_code,
                        unit,
                        p.position,
                        p.appointed_on,
                        p.created_at,
                        updated_at,
                        origin
                    ],
                )?;
                self.s.people.added += 1;
                continue;
            };
            let allowed = self.speaks_for(&l.id)?;
            if l.id != p.id && !by_code_only.contains(&i) && !allowed {
                // Another person's staff code, from a database that does not speak for them.
                let held = p.clone();
                self.hold("people", &p.id, Some(&l.id), STAFF_CODE_TAKEN, &held)?;
                self.held_people.insert(p.id.clone(), STAFF_CODE_TAKEN);
                continue;
            }
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
            let newer = cmp_time(&updated_at, &l.updated_at).then_with(|| theirs.cmp(&ours));
            if by_code_only.contains(&i) || theirs == ours || newer != Ordering::Greater {
                self.s.people.skipped += 1;
                continue;
            }
            if !allowed {
                let rule = if p.full_name != l.full_name || p.staff_code != l.staff_code {
                    IDENTITY_EDIT
                } else {
                    NOT_FROM_ORIGIN
                };
                let held = p.clone();
                self.hold("people", &p.id, Some(&l.id), rule, &held)?;
                continue;
            }
            if let Some(code) = &p.staff_code {
                let taken: Option<String> = self
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
            self.exec(
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
                    updated_at
                ],
            )?;
            self.s.people.updated += 1;
        }
        Ok(())
    }
}

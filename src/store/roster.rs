//! Importing and exporting units and rosters of officials (the rows are `crate::domain::roster`
//! types, read from and written to files by `crate::io::roster`). One module (~750 lines)
//! because units and people are matched, checked and written in one transaction by one set of rules.
//!
//! Every row is checked first; the good rows are then written in one IMMEDIATE transaction, and
//! each bad row is reported with its line and a message. Matching never guesses:
//!
//! - a unit is the one with the row's UUID (the `ID` column danvan exports), else the one with the
//!   row's code, else a new unit (keeping the row's UUID when it has one);
//! - an official is the one with the row's UUID, else the one with the row's staff code, else a new
//!   person — **never** matched by name, since two officials may share a name. A row with neither a
//!   UUID nor a staff code is therefore added every time it is imported: a roster should carry
//!   staff codes.
//!
//! A record is updated only when a field differs (and only then does `updated_at` change), so
//! importing the same file twice changes nothing. Empty cells and missing columns never erase: they
//! leave the stored value as it is. A roster row whose unit code is unknown but which names the unit
//! creates it (kind "other" unless the row gives a kind); a roster never renames an existing unit.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Transaction};

use super::{now_utc, Hooks, Result, Store};
use crate::domain::i18n::Msg;
use crate::domain::people::{Person, Unit, UnitKind};
use crate::domain::roster::{parse_kind, PersonRecord, PersonRow, UnitRecord, UnitRow};
use crate::domain::text::{
    fold, parse_date, too_long, FieldLimit, CODE_LIMIT, NAME_LIMIT, POSITION_LIMIT,
};

/// A row that was not imported: its line in the file and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: usize,
    pub msg: Msg,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// New records (units for a units file, officials for a roster).
    pub added: usize,
    /// Existing records with at least one field changed.
    pub updated: usize,
    /// Rows that matched a record already holding the same values.
    pub unchanged: usize,
    /// Units a roster created for unknown unit codes.
    pub units_added: usize,
    /// Roster rows added with neither a UUID nor a staff code (importing again adds them again).
    pub unkeyed: usize,
    /// Refused rows, in file order.
    pub bad: Vec<BadRow>,
}

impl ImportReport {
    pub fn refused(&self) -> usize {
        self.bad.len()
    }
}

/// Trimmed NFC text, control characters (terminal escapes, NUL) and bidi overrides removed.
fn clean(s: &str) -> String {
    crate::domain::text::clean_line(s)
}

/// Like `clean`, for a field that may hold lines (a position): tab and line breaks kept.
fn clean_lines(s: &str) -> String {
    crate::domain::text::clean_lines(s, true)
}

/// The first of `fields` longer than its limit, as the row's error. (A value that begins like a
/// spreadsheet formula is data: the export neutralises it and the import gives it back.)
fn length_error(fields: &[(&str, FieldLimit)]) -> Option<Msg> {
    fields.iter().find_map(|(value, limit)| {
        too_long(value, *limit).map(|l| {
            Msg::new("text-too-long")
                .arg("field", l.field)
                .arg("max", l.max)
        })
    })
}

/// Trimmed NFC text, or None when empty.
fn clean_opt(s: &str) -> Option<String> {
    Some(clean(s)).filter(|v| !v.is_empty())
}

/// A UUID as stored (lowercase, hyphenated), `Ok(None)` when empty, `Err` when malformed.
fn clean_id(s: &str) -> std::result::Result<Option<String>, Msg> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    uuid::Uuid::parse_str(s)
        .map(|u| Some(u.to_string()))
        .map_err(|_| Msg::new("roster-bad-id").arg("value", s))
}

/// Every unit and person, read inside the import's transaction (the same rows as `Store::units`
/// and `Store::people`).
fn load_units(tx: &Transaction) -> Result<Vec<Unit>> {
    let mut stmt = tx.prepare(&format!("SELECT {} FROM units", super::people::UNIT_COLS))?;
    let rows = stmt
        .query_map([], super::people::unit_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn load_people(tx: &Transaction) -> Result<Vec<Person>> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {} FROM people",
        super::people::PERSON_COLS
    ))?;
    let rows = stmt
        .query_map([], super::people::person_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A good unit row, ready to write.
struct UnitPlan {
    line: usize,
    /// The matched unit's index in the loaded list, or None for a new unit.
    existing: Option<usize>,
    id: String,
    code: String,
    name: String,
    kind: Option<UnitKind>,
    parent_code: Option<String>,
}

/// A good roster row, ready to write.
struct PersonPlan {
    existing: Option<usize>,
    id: String,
    full_name: String,
    staff_code: Option<String>,
    /// The unit: an existing id, or a code of a unit this import creates.
    unit: Option<UnitRef>,
    position: Option<String>,
    appointed_on: Option<String>,
}

#[derive(Clone)]
enum UnitRef {
    Existing(String),
    New(String),
}

/// A unit a roster creates.
struct NewUnitPlan {
    id: String,
    code: String,
    name: String,
    kind: UnitKind,
}

impl Store {
    /// Import a units file: validate every row, then add or update the good ones in one
    /// transaction.
    pub fn import_units(&mut self, rows: &[UnitRow]) -> Result<ImportReport> {
        self.import_units_watched(rows, &Hooks::NONE)
    }

    /// [`Store::import_units`], reporting each row checked and each unit written to `hooks`
    /// (of twice the rows); cancelled there, nothing is written.
    pub fn import_units_watched(
        &mut self,
        rows: &[UnitRow],
        hooks: &Hooks,
    ) -> Result<ImportReport> {
        let total = 2 * rows.len() as u64;
        // Many rows change at once: never into a damaged file.
        self.ensure_intact()?;
        self.write(|tx| {
            let db = load_units(tx)?;
            let by_id: HashMap<&str, usize> = db
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.as_str(), i))
                .collect();
            let by_code: HashMap<&str, usize> = db
                .iter()
                .enumerate()
                .map(|(i, u)| (u.code.as_str(), i))
                .collect();
            let mut report = ImportReport::default();
            let mut plans: Vec<UnitPlan> = Vec::new();
            let mut code_lines: HashMap<String, usize> = HashMap::new();
            let mut id_lines: HashMap<String, usize> = HashMap::new();
            let mut target_lines: HashMap<String, usize> = HashMap::new();

            for (i, row) in rows.iter().enumerate() {
                hooks.step(i as u64, total)?;
                let bad = |msg: Msg| BadRow {
                    line: row.line,
                    msg,
                };
                let code = clean(&row.code);
                let name = clean(&row.name);
                let parent_code = clean_opt(&row.parent_code);
                if let Some(m) = length_error(&[
                    (&code, CODE_LIMIT),
                    (&name, NAME_LIMIT),
                    (parent_code.as_deref().unwrap_or(""), CODE_LIMIT),
                ]) {
                    report.bad.push(bad(m));
                    continue;
                }
                let first_code = (!code.is_empty())
                    .then(|| *code_lines.entry(code.clone()).or_insert(row.line))
                    .filter(|&l| l != row.line);
                let id = match clean_id(&row.id) {
                    Ok(id) => id,
                    Err(m) => {
                        report.bad.push(bad(m));
                        continue;
                    }
                };
                let first_id = id
                    .as_ref()
                    .map(|id| *id_lines.entry(id.clone()).or_insert(row.line))
                    .filter(|&l| l != row.line);
                let kind = match clean_opt(&row.kind) {
                    None => None,
                    Some(k) => match parse_kind(&k) {
                        Some(kind) => Some(kind),
                        None => {
                            report
                                .bad
                                .push(bad(Msg::new("roster-bad-kind").arg("value", k)));
                            continue;
                        }
                    },
                };
                let problem = if code.is_empty() {
                    Some(Msg::new("roster-missing-unit-code"))
                } else if name.is_empty() {
                    Some(Msg::new("roster-missing-unit-name"))
                } else if let Some(first) = first_code {
                    Some(
                        Msg::new("roster-duplicate-unit-code")
                            .arg("code", &code)
                            .arg("first", first),
                    )
                } else if let (Some(first), Some(id)) = (first_id, &id) {
                    Some(
                        Msg::new("roster-duplicate-id")
                            .arg("id", id)
                            .arg("first", first),
                    )
                } else if parent_code.as_deref() == Some(code.as_str()) {
                    Some(Msg::new("roster-parent-self").arg("code", &code))
                } else {
                    None
                };
                if let Some(m) = problem {
                    report.bad.push(bad(m));
                    continue;
                }
                let existing = id
                    .as_deref()
                    .and_then(|id| by_id.get(id).copied())
                    .or_else(|| by_code.get(code.as_str()).copied());
                if let Some(i) = existing {
                    if by_code.get(code.as_str()).is_some_and(|&j| j != i) {
                        report.bad.push(bad(Msg::new("roster-unit-code-taken")
                            .arg("code", &code)
                            .arg("name", &db[by_code[code.as_str()]].name)));
                        continue;
                    }
                }
                let id = match existing {
                    Some(i) => db[i].id.clone(),
                    None => id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
                };
                if let Some(&first) = target_lines.get(&id) {
                    report.bad.push(bad(
                        Msg::new("roster-duplicate-row").arg("first", first)
                    ));
                    continue;
                }
                target_lines.insert(id.clone(), row.line);
                plans.push(UnitPlan {
                    line: row.line,
                    existing,
                    id,
                    code,
                    name,
                    kind,
                    parent_code,
                });
            }

            // Parents: known in the file or in the database, and never a cycle. Refusing a row
            // changes the picture, so check again until nothing more is refused.
            let mut parents: HashMap<String, Option<String>> = HashMap::new();
            loop {
                let mut code_to_id: HashMap<String, String> = HashMap::new();
                let mut parent_of: HashMap<String, Option<String>> = HashMap::new();
                for u in &db {
                    code_to_id.insert(u.code.clone(), u.id.clone());
                    parent_of.insert(u.id.clone(), u.parent_id.clone());
                }
                for p in &plans {
                    if let Some(i) = p.existing {
                        code_to_id.remove(&db[i].code);
                    }
                }
                for p in &plans {
                    code_to_id.insert(p.code.clone(), p.id.clone());
                }
                let mut refused: Vec<(usize, Msg)> = Vec::new();
                parents.clear();
                for (k, p) in plans.iter().enumerate() {
                    let parent = match &p.parent_code {
                        None => p.existing.and_then(|i| db[i].parent_id.clone()),
                        Some(code) => match code_to_id.get(code) {
                            Some(id) => Some(id.clone()),
                            None => {
                                refused.push((
                                    k,
                                    Msg::new("roster-unknown-parent").arg("code", code),
                                ));
                                continue;
                            }
                        },
                    };
                    parent_of.insert(p.id.clone(), parent.clone());
                    parents.insert(p.id.clone(), parent);
                }
                for (k, p) in plans.iter().enumerate() {
                    if refused.iter().any(|(r, _)| *r == k) {
                        continue;
                    }
                    let mut at = parents.get(&p.id).cloned().flatten();
                    let mut steps = 0;
                    while let Some(cur) = at {
                        if cur == p.id {
                            refused.push((
                                k,
                                Msg::new("roster-parent-cycle").arg("code", &p.code),
                            ));
                            break;
                        }
                        steps += 1;
                        if steps > parent_of.len() {
                            break;
                        }
                        at = parent_of.get(&cur).cloned().flatten();
                    }
                }
                if refused.is_empty() {
                    break;
                }
                refused.sort_by_key(|(k, _)| std::cmp::Reverse(*k));
                for (k, msg) in refused {
                    let p = plans.remove(k);
                    report.bad.push(BadRow { line: p.line, msg });
                }
            }
            report.bad.sort_by_key(|b| b.line);

            // Write: new units first (without parents), then changes, then the new units' parents.
            let now = now_utc();
            let checked = rows.len() as u64;
            let mut written = 0u64;
            for p in plans.iter().filter(|p| p.existing.is_none()) {
                hooks.step(checked + written, total)?;
                written += 1;
                tx.execute(
                    "INSERT INTO units (id, code, name, kind, parent_id, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?5)",
                    params![
                        p.id,
                        p.code,
                        p.name,
                        p.kind.unwrap_or(UnitKind::Other).key(),
                        now
                    ],
                )?;
                report.added += 1;
            }
            for p in &plans {
                let Some(i) = p.existing else { continue };
                hooks.step(checked + written, total)?;
                written += 1;
                let old = &db[i];
                let kind = p.kind.unwrap_or(old.kind);
                let parent = parents.get(&p.id).cloned().flatten();
                if old.code == p.code
                    && old.name == p.name
                    && old.kind == kind
                    && old.parent_id == parent
                {
                    report.unchanged += 1;
                    continue;
                }
                tx.execute(
                    "UPDATE units SET code = ?2, name = ?3, kind = ?4, parent_id = ?5, updated_at = ?6
                     WHERE id = ?1",
                    params![p.id, p.code, p.name, kind.key(), parent, now],
                )?;
                report.updated += 1;
            }
            for p in plans.iter().filter(|p| p.existing.is_none()) {
                if let Some(parent) = parents.get(&p.id).cloned().flatten() {
                    tx.execute(
                        "UPDATE units SET parent_id = ?2 WHERE id = ?1",
                        params![p.id, parent],
                    )?;
                }
            }
            hooks.step(total, total)?;
            Ok(report)
        })
    }

    /// Import a roster: validate every row, then add or update the good ones (and create the
    /// units they name) in one transaction.
    pub fn import_people(&mut self, rows: &[PersonRow]) -> Result<ImportReport> {
        self.import_people_watched(rows, &Hooks::NONE)
    }

    /// [`Store::import_people`], reporting each row checked and each official written to
    /// `hooks` (of twice the rows); cancelled there, nothing is written.
    pub fn import_people_watched(
        &mut self,
        rows: &[PersonRow],
        hooks: &Hooks,
    ) -> Result<ImportReport> {
        let total = 2 * rows.len() as u64;
        // Many rows change at once: never into a damaged file.
        self.ensure_intact()?;
        self.write(|tx| {
            let units = load_units(tx)?;
            let people = load_people(tx)?;
            let unit_by_code: HashMap<&str, &Unit> =
                units.iter().map(|u| (u.code.as_str(), u)).collect();
            let mut units_by_name: HashMap<String, Vec<&Unit>> = HashMap::new();
            for u in &units {
                units_by_name.entry(fold(&u.name)).or_default().push(u);
            }
            let by_id: HashMap<&str, usize> = people
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect();
            let by_code: HashMap<&str, usize> = people
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.staff_code.as_deref().map(|c| (c, i)))
                .collect();

            let mut report = ImportReport::default();
            let mut plans: Vec<PersonPlan> = Vec::new();
            let mut new_units: Vec<NewUnitPlan> = Vec::new();
            let mut code_lines: HashMap<String, usize> = HashMap::new();
            let mut id_lines: HashMap<String, usize> = HashMap::new();
            let mut target_lines: HashMap<String, usize> = HashMap::new();

            for (i, row) in rows.iter().enumerate() {
                hooks.step(i as u64, total)?;
                let bad = |msg: Msg| BadRow {
                    line: row.line,
                    msg,
                };
                let full_name = crate::domain::text::clean_name(&row.full_name);
                let staff_code = clean_opt(&row.staff_code);
                let first_code = staff_code
                    .as_ref()
                    .map(|c| *code_lines.entry(c.clone()).or_insert(row.line))
                    .filter(|&l| l != row.line);
                let id = match clean_id(&row.id) {
                    Ok(id) => id,
                    Err(m) => {
                        report.bad.push(bad(m));
                        continue;
                    }
                };
                let first_id = id
                    .as_ref()
                    .map(|id| *id_lines.entry(id.clone()).or_insert(row.line))
                    .filter(|&l| l != row.line);
                if full_name.is_empty() {
                    report.bad.push(bad(Msg::new("roster-missing-name")));
                    continue;
                }
                if let Some(m) = length_error(&[
                    (&full_name, NAME_LIMIT),
                    (staff_code.as_deref().unwrap_or(""), CODE_LIMIT),
                    (&clean_lines(&row.position), POSITION_LIMIT),
                    (&clean(&row.unit_code), CODE_LIMIT),
                    (&clean(&row.unit_name), NAME_LIMIT),
                ]) {
                    report.bad.push(bad(m));
                    continue;
                }
                let appointed_on = match clean_opt(&row.appointed_on) {
                    None => None,
                    Some(d) => match parse_date(&d) {
                        Some(iso) => Some(iso),
                        None => {
                            let id = if crate::domain::text::date_does_not_exist(&d) {
                                "roster-no-such-date"
                            } else {
                                "roster-bad-date"
                            };
                            report.bad.push(bad(Msg::new(id).arg("value", d)));
                            continue;
                        }
                    },
                };
                let unit_kind = match clean_opt(&row.unit_kind) {
                    None => None,
                    Some(k) => match parse_kind(&k) {
                        Some(kind) => Some(kind),
                        None => {
                            report
                                .bad
                                .push(bad(Msg::new("roster-bad-kind").arg("value", k)));
                            continue;
                        }
                    },
                };
                if let (Some(first), Some(code)) = (first_code, &staff_code) {
                    report.bad.push(bad(Msg::new("roster-duplicate-staff-code")
                        .arg("code", code)
                        .arg("first", first)));
                    continue;
                }
                if let (Some(first), Some(id)) = (first_id, &id) {
                    report.bad.push(bad(Msg::new("roster-duplicate-id")
                        .arg("id", id)
                        .arg("first", first)));
                    continue;
                }

                // The unit: by code; an unknown code with a name creates it; a name alone must
                // name exactly one unit.
                let unit_code = clean(&row.unit_code);
                let unit_name = clean(&row.unit_name);
                let unit = if !unit_code.is_empty() {
                    if let Some(u) = unit_by_code.get(unit_code.as_str()) {
                        Some(UnitRef::Existing(u.id.clone()))
                    } else if new_units.iter().any(|n| n.code == unit_code) {
                        Some(UnitRef::New(unit_code.clone()))
                    } else if !unit_name.is_empty() {
                        new_units.push(NewUnitPlan {
                            id: uuid::Uuid::new_v4().to_string(),
                            code: unit_code.clone(),
                            name: unit_name.clone(),
                            kind: unit_kind.unwrap_or(UnitKind::Other),
                        });
                        Some(UnitRef::New(unit_code.clone()))
                    } else {
                        report
                            .bad
                            .push(bad(Msg::new("roster-unknown-unit").arg("code", &unit_code)));
                        continue;
                    }
                } else if !unit_name.is_empty() {
                    match units_by_name.get(&fold(&unit_name)).map(Vec::as_slice) {
                        Some([u]) => Some(UnitRef::Existing(u.id.clone())),
                        _ => {
                            report.bad.push(bad(
                                Msg::new("roster-unknown-unit-name").arg("name", &unit_name)
                            ));
                            continue;
                        }
                    }
                } else {
                    None
                };

                let existing = id
                    .as_deref()
                    .and_then(|id| by_id.get(id).copied())
                    .or_else(|| staff_code.as_deref().and_then(|c| by_code.get(c).copied()));
                if let (Some(i), Some(code)) = (existing, &staff_code) {
                    if let Some(&j) = by_code.get(code.as_str()) {
                        if j != i {
                            report.bad.push(bad(Msg::new("roster-staff-code-taken")
                                .arg("code", code)
                                .arg("name", &people[j].full_name)));
                            continue;
                        }
                    }
                }
                let id = match existing {
                    Some(i) => people[i].id.clone(),
                    None => id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
                };
                if let Some(&first) = target_lines.get(&id) {
                    report
                        .bad
                        .push(bad(Msg::new("roster-duplicate-row").arg("first", first)));
                    continue;
                }
                target_lines.insert(id.clone(), row.line);
                if existing.is_none() && staff_code.is_none() && row.id.trim().is_empty() {
                    report.unkeyed += 1;
                }
                plans.push(PersonPlan {
                    existing,
                    id,
                    full_name,
                    staff_code,
                    unit,
                    position: Some(clean_lines(&row.position)).filter(|p| !p.is_empty()),
                    appointed_on,
                });
            }

            // Create only the units a good row needs.
            let now = now_utc();
            let needed: HashSet<&str> = plans
                .iter()
                .filter_map(|p| match &p.unit {
                    Some(UnitRef::New(code)) => Some(code.as_str()),
                    _ => None,
                })
                .collect();
            let mut new_ids: HashMap<&str, &str> = HashMap::new();
            for u in new_units
                .iter()
                .filter(|u| needed.contains(u.code.as_str()))
            {
                tx.execute(
                    "INSERT INTO units (id, code, name, kind, parent_id, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?5)",
                    params![u.id, u.code, u.name, u.kind.key(), now],
                )?;
                new_ids.insert(u.code.as_str(), u.id.as_str());
                report.units_added += 1;
            }

            for (k, p) in plans.iter().enumerate() {
                hooks.step(rows.len() as u64 + k as u64, total)?;
                let unit_id = match &p.unit {
                    Some(UnitRef::Existing(id)) => Some(id.clone()),
                    Some(UnitRef::New(code)) => new_ids.get(code.as_str()).map(|s| s.to_string()),
                    None => None,
                };
                match p.existing {
                    None => {
                        tx.execute(
                            "INSERT INTO people (id, full_name, staff_code, unit_id, position,
                                 appointed_on, created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                            params![
                                p.id,
                                p.full_name,
                                p.staff_code,
                                unit_id,
                                p.position.clone().unwrap_or_default(),
                                p.appointed_on,
                                now
                            ],
                        )?;
                        report.added += 1;
                    }
                    Some(i) => {
                        let old = &people[i];
                        let staff_code = p.staff_code.clone().or_else(|| old.staff_code.clone());
                        let unit_id = unit_id.or_else(|| old.unit_id.clone());
                        let position = p.position.clone().unwrap_or_else(|| old.position.clone());
                        let appointed_on =
                            p.appointed_on.clone().or_else(|| old.appointed_on.clone());
                        if old.full_name == p.full_name
                            && old.staff_code == staff_code
                            && old.unit_id == unit_id
                            && old.position == position
                            && old.appointed_on == appointed_on
                        {
                            report.unchanged += 1;
                            continue;
                        }
                        tx.execute(
                            "UPDATE people SET full_name = ?2, staff_code = ?3, unit_id = ?4,
                                 position = ?5, appointed_on = ?6, updated_at = ?7
                             WHERE id = ?1",
                            params![
                                p.id,
                                p.full_name,
                                staff_code,
                                unit_id,
                                position,
                                appointed_on,
                                now
                            ],
                        )?;
                        report.updated += 1;
                    }
                }
            }
            hooks.step(total, total)?;
            Ok(report)
        })
    }

    /// Every unit, by code, with its parent's code.
    pub fn units_for_export(&self) -> Result<Vec<UnitRecord>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(
                "SELECT u.id, u.code, u.name, u.kind, p.code
             FROM units u LEFT JOIN units p ON p.id = u.parent_id
             ORDER BY u.code, u.id",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    let kind: String = r.get(3)?;
                    Ok(UnitRecord {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        name: r.get(2)?,
                        kind: UnitKind::stored(&kind),
                        parent_code: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Every official, by unit code then name (the Vietnamese order), with the unit's code, name
    /// and kind.
    pub fn people_for_export(&self) -> Result<Vec<PersonRecord>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(
                "SELECT p.id, p.full_name, p.staff_code, u.code, u.name, u.kind, p.position,
                    p.appointed_on
             FROM people p LEFT JOIN units u ON u.id = p.unit_id
                LEFT JOIN person_summary ps ON ps.person_id = p.id
             ORDER BY COALESCE(u.code, ''), ps.name_key, COALESCE(p.staff_code, ''), p.id",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    let kind: Option<String> = r.get(5)?;
                    Ok(PersonRecord {
                        id: r.get(0)?,
                        full_name: r.get(1)?,
                        staff_code: r.get(2)?,
                        unit_code: r.get(3)?,
                        unit_name: r.get(4)?,
                        unit_kind: kind.as_deref().map(UnitKind::stored),
                        position: r.get(6)?,
                        appointed_on: r.get(7)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }
}

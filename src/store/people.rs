//! Officials and their units.

use rusqlite::{params, OptionalExtension, Row};

use super::{now_utc, Result, Store, StoreError};
use crate::domain::people::{NewPerson, NewUnit, Person, Unit, UnitKind};
use crate::domain::text::{clean_line, clean_lines, clean_name};

pub(crate) fn unit_from_row(r: &Row) -> rusqlite::Result<Unit> {
    let kind: String = r.get(3)?;
    Ok(Unit {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        kind: UnitKind::stored(&kind),
        parent_id: r.get(4)?,
    })
}

pub(crate) fn person_from_row(r: &Row) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        full_name: r.get(1)?,
        staff_code: r.get(2)?,
        unit_id: r.get(3)?,
        position: r.get(4)?,
        appointed_on: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

/// The columns `unit_from_row` reads.
pub(crate) const UNIT_COLS: &str = "id, code, name, kind, parent_id";

pub(crate) const PERSON_COLS: &str =
    "id, full_name, staff_code, unit_id, position, appointed_on, created_at, updated_at";

/// Trimmed NFC text, control characters and bidi overrides removed, or None when empty.
fn clean_opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(clean_line).filter(|v| !v.is_empty())
}

impl Store {
    pub fn add_unit(&mut self, u: &NewUnit) -> Result<Unit> {
        // Whatever the caller typed or read: no terminal escapes, NUL or bidi overrides stored.
        let code = clean_line(&u.code);
        let name = clean_name(&u.name);
        if code.is_empty() {
            return Err(StoreError::Invalid {
                field: "code",
                value: code,
            });
        }
        if name.is_empty() {
            return Err(StoreError::Invalid {
                field: "name",
                value: name,
            });
        }
        let unit = Unit {
            id: uuid::Uuid::new_v4().to_string(),
            code,
            name,
            kind: u.kind,
            parent_id: u.parent_id.clone(),
        };
        self.write(|tx| {
            let exists: Option<String> = tx
                .query_row("SELECT id FROM units WHERE code = ?1", [&unit.code], |r| r.get(0))
                .optional()?;
            if exists.is_some() {
                return Err(StoreError::Duplicate {
                    field: "code",
                    value: unit.code.clone(),
                });
            }
            let now = now_utc();
            tx.execute(
                "INSERT INTO units (id, code, name, kind, parent_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![unit.id, unit.code, unit.name, unit.kind.key(), unit.parent_id, now],
            )?;
            Ok(())
        })?;
        Ok(unit)
    }

    pub fn units(&self) -> Result<Vec<Unit>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {UNIT_COLS} FROM units ORDER BY name, code"
            ))?;
            let rows = stmt
                .query_map([], unit_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    pub fn unit(&self, id: &str) -> Result<Option<Unit>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    "SELECT id, code, name, kind, parent_id FROM units WHERE id = ?1",
                    [id],
                    unit_from_row,
                )
                .optional()?)
        })
    }

    /// The unit with this code (trimmed, NFC), if any.
    pub fn unit_by_code(&self, code: &str) -> Result<Option<Unit>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    "SELECT id, code, name, kind, parent_id FROM units WHERE code = ?1",
                    [clean_line(code)],
                    unit_from_row,
                )
                .optional()?)
        })
    }

    pub fn add_person(&mut self, p: &NewPerson) -> Result<Person> {
        // The name is printed on certificates: no escapes, NUL or bidi overrides (see
        // `is_bidi_control`).
        let full_name = clean_name(&p.full_name);
        if full_name.is_empty() {
            return Err(StoreError::Invalid {
                field: "full_name",
                value: full_name,
            });
        }
        let staff_code = clean_opt(&p.staff_code);
        let appointed_on = clean_opt(&p.appointed_on);
        if let Some(d) = &appointed_on {
            if crate::domain::text::parse_date(d).as_deref() != Some(d.as_str()) {
                return Err(StoreError::Invalid {
                    field: "appointed_on",
                    value: d.clone(),
                });
            }
        }
        let now = now_utc();
        let person = Person {
            id: uuid::Uuid::new_v4().to_string(),
            full_name,
            staff_code,
            unit_id: p.unit_id.clone(),
            position: clean_lines(&p.position, true),
            appointed_on,
            created_at: now.clone(),
            updated_at: now,
        };
        self.write(|tx| {
            if let Some(code) = &person.staff_code {
                let exists: Option<String> = tx
                    .query_row("SELECT id FROM people WHERE staff_code = ?1", [code], |r| {
                        r.get(0)
                    })
                    .optional()?;
                if exists.is_some() {
                    return Err(StoreError::Duplicate {
                        field: "staff_code",
                        value: code.clone(),
                    });
                }
            }
            tx.execute(
                &format!(
                    "INSERT INTO people ({PERSON_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                ),
                params![
                    person.id,
                    person.full_name,
                    person.staff_code,
                    person.unit_id,
                    person.position,
                    person.appointed_on,
                    person.created_at,
                    person.updated_at
                ],
            )?;
            Ok(())
        })?;
        Ok(person)
    }

    pub fn person(&self, id: &str) -> Result<Option<Person>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    &format!("SELECT {PERSON_COLS} FROM people WHERE id = ?1"),
                    [id],
                    person_from_row,
                )
                .optional()?)
        })
    }

    pub fn person_by_staff_code(&self, code: &str) -> Result<Option<Person>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    &format!("SELECT {PERSON_COLS} FROM people WHERE staff_code = ?1"),
                    [clean_line(code)],
                    person_from_row,
                )
                .optional()?)
        })
    }

    /// Everyone on this machine, in the Vietnamese name order (for tools and tests: screens
    /// read people a page at a time through the records summary).
    pub fn people(&self) -> Result<Vec<Person>> {
        self.reading(|| {
            let cols = PERSON_COLS
                .split(", ")
                .map(|c| format!("p.{c}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {cols} FROM people p LEFT JOIN person_summary ps ON ps.person_id = p.id
                 ORDER BY ps.name_key, p.created_at, p.id"
            ))?;
            let rows = stmt
                .query_map([], person_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }
}

impl Store {
    /// Delete a person and everything recorded for them, their certificates included (each
    /// code kept in `certificate_withdrawals`, without the person); a trainer's action, logged.
    pub fn delete_person(&mut self, id: &str) -> Result<()> {
        let now = now_utc();
        self.write(|tx| {
            let name: Option<String> = tx
                .query_row("SELECT full_name FROM people WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            let Some(name) = name else {
                return Err(StoreError::Invalid {
                    field: "id",
                    value: id.to_string(),
                });
            };
            // Settings may point at the person as the last profile.
            tx.execute(
                "DELETE FROM settings WHERE key = 'last_person' AND value = ?1",
                [id],
            )?;
            // Their certificates name them, so they go too; each code stays known as withdrawn.
            tx.execute(
                "INSERT OR IGNORE INTO certificate_withdrawals (code, issuer_db, issued_at,
                     withdrawn_at)
                 SELECT code, issuer_db, issued_at, ?2 FROM certificates WHERE person_id = ?1",
                params![id, now],
            )?;
            tx.execute("DELETE FROM certificates WHERE person_id = ?1", [id])?;
            tx.execute("DELETE FROM people WHERE id = ?1", [id])?;
            tx.execute(
                "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'delete-person', ?2)",
                params![now, format!("{id} {name}")],
            )?;
            Ok(())
        })
    }
}

impl Store {
    /// Whether anyone has a profile here (without reading them all).
    pub fn has_people(&self) -> Result<bool> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row("SELECT EXISTS (SELECT 1 FROM people)", [], |r| {
                    r.get::<_, i64>(0)
                })?
                != 0)
        })
    }
}

//! Trust during a merge: pinning the signing key of a bundle's source database (first use, a
//! fingerprint pinned in advance, a new key accepted), whether a record about a person may be
//! merged from this bundle (the person's origin, or a collector's key), holding the records
//! that may not in `merge_pending`, and bounding record times by the bundle's export time.

use std::cmp::Ordering;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use time::Duration;

use super::{cmp_time, HeldRecord, Merger, SkewedRecord};
use crate::domain::i18n::Msg;
use crate::store::Result;

/// `trusted_keys.role`: the key of the database that created the records it signs.
pub const SOURCE: &str = "source";
/// `trusted_keys.role`: a machine that re-exports what it gathered from others.
pub const COLLECTOR: &str = "collector";
/// `trusted_keys.how`: pinned by the first bundle it signed.
pub const FIRST_USE: &str = "first-use";
/// `trusted_keys.how`: pinned by the trainer (`danvan trainer trust`).
pub const TRUSTED: &str = "trusted";
/// `trusted_keys.how`: a new key for a pinned database, accepted (`--accept-new-key`).
pub const ACCEPTED: &str = "accepted";

/// Rule: a record about a person (or a unit) from a database that did not create them.
pub const NOT_FROM_ORIGIN: &str = "not-from-origin";
/// Rule: a new name or staff code for a person, from a database that did not create them.
pub const IDENTITY_EDIT: &str = "identity-edit";
/// Rule: a new person whose staff code belongs to someone here.
pub const STAFF_CODE_TAKEN: &str = "staff-code-taken";

/// The key a bundle was signed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// `KeyFingerprint` as shown.
    pub fingerprint: String,
    /// The Ed25519 key as text (`signing::public_key_to_text`).
    pub public_key: String,
}

/// What the merge knows of the bundle beyond its records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeTrust {
    /// The file's name, written into each record held.
    pub bundle: String,
    /// The key that signed it; None for an unsigned bundle (no pinning; the origin rules
    /// apply, and it never speaks as a collector).
    pub signer: Option<Signer>,
    /// Pin a new key for a database that has another one pinned, rather than refuse.
    pub accept_new_key: bool,
    /// This merge settles the held records `merge_pending.id` (one, and the held person it is
    /// about, if any): the trainer accepted them, so the origin rules are set aside, and the rows
    /// are deleted in the same transaction.
    pub settles: Vec<i64>,
}

/// How the bundle's key was received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOutcome {
    pub fingerprint: String,
    /// `source` or `collector`.
    pub role: &'static str,
    /// How the key was pinned (`first-use`, `trusted`, `accepted`).
    pub how: &'static str,
    /// Pinned (or completed, for a fingerprint pinned in advance) by this merge.
    pub pinned: bool,
}

fn role(s: &str) -> &'static str {
    if s == COLLECTOR {
        COLLECTOR
    } else {
        SOURCE
    }
}

fn how(s: &str) -> &'static str {
    match s {
        TRUSTED => TRUSTED,
        ACCEPTED => ACCEPTED,
        _ => FIRST_USE,
    }
}

/// Check the signer against the keys pinned here, pinning it when it is the first for its
/// database (or accepted as a new one). Err: why the whole bundle is refused.
pub(super) fn settle_key(
    tx: &Transaction,
    source_db: &str,
    signer: &Signer,
    trust: &MergeTrust,
    now: &str,
) -> Result<std::result::Result<KeyOutcome, Msg>> {
    let log = |how: &str, role: &str| -> Result<()> {
        tx.execute(
            "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'key-pinned', ?2)",
            params![
                now,
                format!(
                    "{} {} {how} {role} ({})",
                    signer.fingerprint, source_db, trust.bundle
                )
            ],
        )?;
        Ok(())
    };
    let by_fingerprint: Option<(Option<String>, String, String)> = tx
        .query_row(
            "SELECT db_id, role, how FROM trusted_keys WHERE fingerprint = ?1",
            [&signer.fingerprint],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((db, r, h)) = by_fingerprint {
        return Ok(match db {
            Some(db) if db == source_db => Ok(KeyOutcome {
                fingerprint: signer.fingerprint.clone(),
                role: role(&r),
                how: how(&h),
                pinned: false,
            }),
            Some(db) => Err(Msg::new("merge-key-other-db")
                .arg("fingerprint", &signer.fingerprint)
                .arg("pinned", db)
                .arg("claimed", source_db)),
            None => {
                // Pinned in advance by its fingerprint: its first bundle fills in the rest.
                tx.execute(
                    "UPDATE trusted_keys SET public_key = ?2, db_id = ?3 WHERE fingerprint = ?1",
                    params![signer.fingerprint, signer.public_key, source_db],
                )?;
                log(how(&h), role(&r))?;
                Ok(KeyOutcome {
                    fingerprint: signer.fingerprint.clone(),
                    role: role(&r),
                    how: how(&h),
                    pinned: true,
                })
            }
        });
    }
    let current: Option<(String, String)> = tx
        .query_row(
            "SELECT role, pinned_at FROM trusted_keys WHERE db_id = ?1
             ORDER BY pinned_at DESC, rowid DESC LIMIT 1",
            [source_db],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (new_role, new_how) = match current {
        None => (SOURCE, FIRST_USE),
        Some((r, _)) if trust.accept_new_key => (role(&r), ACCEPTED),
        Some((_, at)) => {
            return Ok(Err(Msg::new("merge-key-changed")
                .arg("db", source_db)
                .arg("date", at.get(..10).unwrap_or(&at).to_string())
                .arg("fingerprint", &signer.fingerprint)))
        }
    };
    tx.execute(
        "INSERT INTO trusted_keys (fingerprint, public_key, db_id, role, how, pinned_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            signer.fingerprint,
            signer.public_key,
            source_db,
            new_role,
            new_how,
            now
        ],
    )?;
    log(new_how, new_role)?;
    Ok(Ok(KeyOutcome {
        fingerprint: signer.fingerprint.clone(),
        role: new_role,
        how: new_how,
        pinned: true,
    }))
}

impl Merger<'_, '_> {
    /// Whether this bundle may change records about the person here `local_id`: it comes from
    /// the person's origin (this database for one created here), or from a collector, or the
    /// trainer accepted the record.
    pub(super) fn speaks_for(&mut self, local_id: &str) -> Result<bool> {
        if self.collector || !self.trust.settles.is_empty() {
            return Ok(true);
        }
        if let Some(&from_origin) = self.from_origin.get(local_id) {
            return Ok(from_origin);
        }
        let origin: Option<String> = self
            .query_row("SELECT origin FROM people WHERE id = ?1", [local_id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        let from_origin = origin.as_deref().unwrap_or(&self.here) == self.source_db;
        self.from_origin.insert(local_id.to_string(), from_origin);
        Ok(from_origin)
    }

    /// Whether this bundle may change the unit here `local_id` or its self-assessments: it comes
    /// from the unit's origin (this database for one created here), or from a collector, or the
    /// trainer accepted the record. A unit not here has nothing to protect. Units are few: no
    /// cache.
    pub(super) fn speaks_for_unit(&mut self, local_id: &str) -> Result<bool> {
        if self.collector || !self.trust.settles.is_empty() {
            return Ok(true);
        }
        let origin: Option<Option<String>> = self
            .query_row("SELECT origin FROM units WHERE id = ?1", [local_id], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(match origin {
            None => true,
            Some(o) => o.as_deref().unwrap_or(&self.here) == self.source_db,
        })
    }

    /// Why a record about incoming person `person_id` must be held, if it must.
    pub(super) fn hold_rule(&mut self, person_id: &str) -> Result<Option<&'static str>> {
        if let Some(rule) = self.held_people.get(person_id) {
            return Ok(Some(rule));
        }
        // The person here, without a copy of the id once the answer is cached (`speaks_for`
        // caches only answers that depend on the person).
        let local = self.people.get(person_id).map_or(person_id, String::as_str);
        let from_origin = match self.from_origin.get(local) {
            Some(&known) => known,
            None => {
                let local = local.to_string();
                self.speaks_for(&local)?
            }
        };
        Ok((!from_origin).then_some(NOT_FROM_ORIGIN))
    }

    /// Keep `record` in `merge_pending` (once: the same record from the same database held
    /// again is not added twice).
    pub(super) fn hold<T: Serialize>(
        &mut self,
        kind: &'static str,
        record_id: &str,
        person_id: Option<&str>,
        rule: &'static str,
        record: &T,
    ) -> Result<()> {
        let json =
            serde_json::to_string(record).map_err(|e| crate::store::StoreError::Invalid {
                field: "record",
                value: e.to_string(),
            })?;
        let known: Option<i64> = self
            .query_row(
                "SELECT id FROM merge_pending WHERE kind = ?1 AND record_id = ?2
                 AND source_db = ?3 AND record_json = ?4",
                params![kind, record_id, self.source_db, json],
                |r| r.get(0),
            )
            .optional()?;
        let (pending_id, new) = match known {
            Some(id) => (id, false),
            None => {
                self.exec(
                    "INSERT INTO merge_pending (found_at, bundle, source_db, fingerprint, kind,
                         record_id, person_id, rule, record_json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        self.now,
                        self.trust.bundle,
                        self.source_db,
                        self.trust.signer.as_ref().map(|s| &s.fingerprint),
                        kind,
                        record_id,
                        person_id,
                        rule,
                        json
                    ],
                )?;
                (self.tx.last_insert_rowid(), true)
            }
        };
        self.s.held.push(HeldRecord {
            pending_id,
            kind,
            record_id: record_id.to_string(),
            rule,
            new,
        });
        Ok(())
    }

    /// A record time as it may count: at most the bundle's export time. One more than a day
    /// after it is reported.
    pub(super) fn bounded(
        &mut self,
        kind: &'static str,
        record_id: impl FnOnce() -> String,
        at: &str,
    ) -> String {
        use danvan_domain::dates::is_utc_stamp;
        use time::format_description::well_known::Rfc3339;
        // A stored stamp no later than a stored export time is kept without a parse (nearly
        // every record); otherwise the export time is parsed once per merge, the record's once.
        if is_utc_stamp(at) && is_utc_stamp(self.exported_at) && at <= self.exported_at {
            return at.to_string();
        }
        let later = match (time::OffsetDateTime::parse(at, &Rfc3339), self.exported) {
            (Ok(a), Some(e)) => (a > e).then_some(a - e),
            _ => (cmp_time(at, self.exported_at) == Ordering::Greater).then_some(Duration::ZERO),
        };
        let Some(by) = later else {
            return at.to_string();
        };
        if by > Duration::days(1) {
            self.s.skewed.push(SkewedRecord {
                kind,
                record_id: record_id(),
                at: at.to_string(),
            });
        }
        self.exported_at.to_string()
    }

    /// The held record `id` was merged: remove it from `merge_pending` and log it.
    pub(super) fn settled(&mut self, id: i64) -> Result<()> {
        self.exec("DELETE FROM merge_pending WHERE id = ?1", [id])?;
        self.exec(
            "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'conflict-accepted', ?2)",
            params![self.now, format!("{id} ({})", self.trust.bundle)],
        )?;
        Ok(())
    }
}

/// Whether this database already holds what earns a completion of `course_id` by `person_id`:
/// a passed (not practice) attempt of the course, or every one of `lessons` completed (none
/// given: only the attempt counts), asked inside the merge's transaction. The one place the
/// store decides "earned here" (`domain::bundle::validate` asks it).
pub(super) fn earned_here(
    tx: &Transaction,
    person_id: &str,
    course_id: &str,
    lessons: &[&str],
) -> Result<bool> {
    let passed: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM attempts WHERE person_id = ?1 AND course_id = ?2
            AND practice = 0 AND passed = 1)",
        )?
        .query_row(params![person_id, course_id], |r| r.get(0))?;
    if passed || lessons.is_empty() {
        return Ok(passed);
    }
    let mut stmt = tx.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM lesson_progress WHERE person_id = ?1 AND course_id = ?2
            AND lesson_id = ?3 AND completed_at IS NOT NULL)",
    )?;
    for l in lessons {
        let read: bool = stmt.query_row(params![person_id, course_id, l], |r| r.get(0))?;
        if !read {
            return Ok(false);
        }
    }
    Ok(true)
}

//! The keys pinned for other databases (`trusted_keys`) and the records merges held back
//! (`merge_pending`): listing them, pinning a key by hand, dropping a held record. Pinning at
//! merge time and holding are in `merge::trust`.

use rusqlite::{params, OptionalExtension, Row};

use super::{now_utc, Result, Store, StoreError};
pub use crate::store::merge::{
    ACCEPTED, COLLECTOR, FIRST_USE, IDENTITY_EDIT, NOT_FROM_ORIGIN, SOURCE, STAFF_CODE_TAKEN,
    TRUSTED,
};

/// A row of `trusted_keys`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    pub fingerprint: String,
    /// None when only the fingerprint was pinned and no bundle signed by it came yet.
    pub public_key: Option<String>,
    pub db_id: Option<String>,
    /// `source` or `collector`.
    pub role: String,
    /// `first-use`, `trusted` or `accepted`.
    pub how: String,
    pub pinned_at: String,
}

/// A record a merge held back (a row of `merge_pending`), with the name of the person here it
/// is about, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRecord {
    pub id: i64,
    pub found_at: String,
    pub bundle: String,
    pub source_db: String,
    pub fingerprint: Option<String>,
    /// The bundle's list: `people`, `attempts`, `lesson_progress`, `course_completions`.
    pub kind: String,
    pub record_id: String,
    /// The person here the record is about.
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub rule: String,
    /// The record as the bundle had it (JSON).
    pub record_json: String,
}

const PENDING_COLS: &str = "m.id, m.found_at, m.bundle, m.source_db, m.fingerprint, m.kind,
    m.record_id, m.person_id, p.full_name, m.rule, m.record_json";

fn pending_from_row(r: &Row) -> rusqlite::Result<PendingRecord> {
    Ok(PendingRecord {
        id: r.get(0)?,
        found_at: r.get(1)?,
        bundle: r.get(2)?,
        source_db: r.get(3)?,
        fingerprint: r.get(4)?,
        kind: r.get(5)?,
        record_id: r.get(6)?,
        person_id: r.get(7)?,
        person_name: r.get(8)?,
        rule: r.get(9)?,
        record_json: r.get(10)?,
    })
}

impl Store {
    /// Every pinned key, oldest first.
    pub fn trusted_keys(&self) -> Result<Vec<TrustedKey>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(
                "SELECT fingerprint, public_key, db_id, role, how, pinned_at FROM trusted_keys
                 ORDER BY pinned_at, rowid",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(TrustedKey {
                        fingerprint: r.get(0)?,
                        public_key: r.get(1)?,
                        db_id: r.get(2)?,
                        role: r.get(3)?,
                        how: r.get(4)?,
                        pinned_at: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Pin a key by the trainer's word (`how` = `trusted`): its fingerprint, and its key and
    /// database when known (from a public key file). `role` is `source` or `collector`. A key
    /// already pinned takes the new role and what is now known of it. Logged.
    pub fn trust_key(
        &mut self,
        fingerprint: &str,
        public_key: Option<&str>,
        db_id: Option<&str>,
        role: &str,
    ) -> Result<()> {
        if role != SOURCE && role != COLLECTOR {
            return Err(StoreError::Invalid {
                field: "role",
                value: role.to_string(),
            });
        }
        let now = now_utc();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO trusted_keys (fingerprint, public_key, db_id, role, how, pinned_at)
                 VALUES (?1, ?2, ?3, ?4, 'trusted', ?5)
                 ON CONFLICT(fingerprint) DO UPDATE SET
                    public_key = COALESCE(excluded.public_key, public_key),
                    db_id = COALESCE(excluded.db_id, db_id),
                    role = excluded.role, how = 'trusted', pinned_at = excluded.pinned_at",
                params![fingerprint, public_key, db_id, role, now],
            )?;
            tx.execute(
                "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'key-trusted', ?2)",
                params![
                    now,
                    format!("{fingerprint} {} {role}", db_id.unwrap_or("-"))
                ],
            )?;
            Ok(())
        })
    }

    /// The records merges held back, oldest first.
    pub fn pending_records(&self) -> Result<Vec<PendingRecord>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {PENDING_COLS} FROM merge_pending m LEFT JOIN people p ON p.id = m.person_id
                 ORDER BY m.id"
            ))?;
            let rows = stmt
                .query_map([], pending_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// One held record.
    pub fn pending_record(&self, id: i64) -> Result<Option<PendingRecord>> {
        self.pending_where("m.id = ?1", [id])
    }

    /// The held record of the person `person_id` from `source_db`, if one is held (a new person
    /// whose staff code was taken).
    pub fn pending_person(
        &self,
        source_db: &str,
        person_id: &str,
    ) -> Result<Option<PendingRecord>> {
        self.pending_where(
            "m.kind = 'people' AND m.record_id = ?1 AND m.source_db = ?2",
            [person_id, source_db],
        )
    }

    /// The last held record that `cond` (on `merge_pending m`) selects.
    fn pending_where<P: rusqlite::Params>(
        &self,
        cond: &str,
        params: P,
    ) -> Result<Option<PendingRecord>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    &format!(
                        "SELECT {PENDING_COLS} FROM merge_pending m
                         LEFT JOIN people p ON p.id = m.person_id
                         WHERE {cond} ORDER BY m.id DESC LIMIT 1"
                    ),
                    params,
                    pending_from_row,
                )
                .optional()?)
        })
    }

    /// How many records are held (one COUNT on a small table).
    pub fn pending_count(&self) -> Result<u64> {
        self.reading(|| {
            let n: i64 = self
                .conn()
                .query_row("SELECT COUNT(*) FROM merge_pending", [], |r| r.get(0))?;
            Ok(n.max(0) as u64)
        })
    }

    /// Drop a held record without merging it; false when there is no such record. Logged.
    pub fn reject_pending(&mut self, id: i64) -> Result<bool> {
        let now = now_utc();
        self.write(|tx| {
            let bundle: Option<String> = tx
                .query_row(
                    "SELECT bundle FROM merge_pending WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(bundle) = bundle else {
                return Ok(false);
            };
            tx.execute("DELETE FROM merge_pending WHERE id = ?1", [id])?;
            tx.execute(
                "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'conflict-rejected', ?2)",
                params![now, format!("{id} ({bundle})")],
            )?;
            Ok(true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &tempfile::TempDir) -> Store {
        Store::open(&dir.path().join("t.db")).unwrap()
    }

    #[test]
    fn a_key_is_pinned_by_hand_once_and_takes_its_new_role() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(&dir);
        assert!(matches!(
            s.trust_key("FP", None, None, "friend"),
            Err(StoreError::Invalid { field: "role", .. })
        ));
        s.trust_key("FP", None, None, SOURCE).unwrap();
        s.trust_key("FP", Some("key"), Some("db"), COLLECTOR)
            .unwrap();
        let keys = s.trusted_keys().unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(
            (
                keys[0].public_key.as_deref(),
                keys[0].db_id.as_deref(),
                keys[0].role.as_str(),
                keys[0].how.as_str()
            ),
            (Some("key"), Some("db"), COLLECTOR, TRUSTED)
        );
        // Knowing less later forgets nothing.
        s.trust_key("FP", None, None, SOURCE).unwrap();
        assert_eq!(s.trusted_keys().unwrap()[0].db_id.as_deref(), Some("db"));
    }

    #[test]
    fn a_held_record_is_counted_listed_and_dropped_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(&dir);
        assert_eq!(s.pending_count().unwrap(), 0);
        s.conn()
            .execute(
                "INSERT INTO merge_pending (found_at, bundle, source_db, kind, record_id, rule,
                     record_json)
                 VALUES ('2026-11-26T00:00:00Z', 'x.json', 'x', 'attempts', 'a', ?1, '{}')",
                [NOT_FROM_ORIGIN],
            )
            .unwrap();
        assert_eq!(s.pending_count().unwrap(), 1);
        let held = s.pending_records().unwrap();
        assert_eq!(
            (held[0].bundle.as_str(), held[0].person_name.as_deref()),
            ("x.json", None)
        );
        assert!(s.reject_pending(held[0].id).unwrap());
        assert!(!s.reject_pending(held[0].id).unwrap());
        assert_eq!(s.pending_count().unwrap(), 0);
        let log = s.audit_log().unwrap();
        assert_eq!(
            log.iter()
                .filter(|e| e.action == "conflict-rejected")
                .count(),
            1
        );
    }
}

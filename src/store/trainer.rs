//! The trainer's passphrase (an Argon2id hash) and the log of record-changing actions.
//! The passphrase guards the app's trainer actions; it does not encrypt the database file.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension};

use super::{now_utc, Result, Store, StoreError};

/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    pub action: String,
    pub detail: String,
}

impl Store {
    pub fn has_trainer_passphrase(&self) -> Result<bool> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row("SELECT 1 FROM trainer_guard WHERE id = 1", [], |_| Ok(()))
                .optional()?
                .is_some())
        })
    }

    /// Set (or change) the passphrase; stored as an Argon2id hash, never in clear.
    pub fn set_trainer_passphrase(&mut self, passphrase: &str) -> Result<()> {
        let passphrase = crate::domain::text::nfc(passphrase);
        if passphrase.chars().count() < MIN_PASSPHRASE {
            return Err(StoreError::Invalid {
                field: "passphrase",
                value: String::new(),
            });
        }
        // 16 random bytes from the OS (a v4 UUID is exactly that, less six fixed bits).
        let random = uuid::Uuid::new_v4();
        let salt = SaltString::encode_b64(random.as_bytes()).map_err(|e| StoreError::Invalid {
            field: "passphrase",
            value: e.to_string(),
        })?;
        let hash = Argon2::default()
            .hash_password(passphrase.as_bytes(), &salt)
            .map_err(|e| StoreError::Invalid {
                field: "passphrase",
                value: e.to_string(),
            })?
            .to_string();
        let now = now_utc();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO trainer_guard (id, passphrase_hash, set_at) VALUES (1, ?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET passphrase_hash = excluded.passphrase_hash, set_at = excluded.set_at",
                params![hash, now],
            )?;
            tx.execute(
                "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'set-passphrase', '')",
                [&now],
            )?;
            Ok(())
        })
    }

    /// Whether `passphrase` is the trainer's. With no passphrase set, every trainer action is open.
    pub fn check_trainer_passphrase(&self, passphrase: &str) -> Result<bool> {
        self.reading(|| {
            let hash: Option<String> = self
                .conn()
                .query_row(
                    "SELECT passphrase_hash FROM trainer_guard WHERE id = 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(hash) = hash else { return Ok(true) };
            let Ok(parsed) = PasswordHash::new(&hash) else {
                return Ok(false);
            };
            Ok(Argon2::default()
                .verify_password(crate::domain::text::nfc(passphrase).as_bytes(), &parsed)
                .is_ok())
        })
    }

    /// Remove the passphrase from the command line (someone forgot it); the reset is logged.
    pub fn reset_trainer_passphrase(&mut self, who: &str) -> Result<()> {
        let now = now_utc();
        self.write(|tx| {
            tx.execute("DELETE FROM trainer_guard", [])?;
            tx.execute(
                "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'reset-passphrase', ?2)",
                params![now, crate::domain::text::nfc(who)],
            )?;
            Ok(())
        })
    }

    /// Record a trainer action.
    pub fn log_action(&mut self, action: &str, detail: &str) -> Result<()> {
        let now = now_utc();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO audit_log (at, action, detail) VALUES (?1, ?2, ?3)",
                params![now, action, detail],
            )?;
            Ok(())
        })
    }

    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        self.reading(|| {
            let mut stmt = self
                .conn()
                .prepare("SELECT at, action, detail FROM audit_log ORDER BY id")?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(AuditEntry {
                        at: r.get(0)?,
                        action: r.get(1)?,
                        detail: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }
}

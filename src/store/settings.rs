//! Small key–value settings: the language, the last profile, the last screen.

use rusqlite::{params, OptionalExtension};

use super::{Result, Store};

pub const LANGUAGE: &str = "language";
pub const LAST_PERSON: &str = "last_person";
pub const LAST_SCREEN: &str = "last_screen";
/// The fingerprint of the key this database last signed with (its key lives outside it).
pub const SIGNING_KEY: &str = "signing_key";
/// The database this one was copied from, and whether that is still to be said.
pub const COPIED_FROM: &str = "copied_from";
pub const COPIED_UNTOLD: &str = "copied_untold";

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.reading(|| {
            Ok(self
                .conn()
                .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
                .query_row([key], |r| r.get(0))
                .optional()?)
        })
    }

    /// Write a setting from a shared handle (signing runs on `&Store`), in its own IMMEDIATE
    /// transaction.
    pub fn set_setting_now(&self, key: &str, value: &str) -> Result<()> {
        self.write_now(|c| {
            c.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }

    /// This database turns out to be a copy (of `old`) on a machine without its key: it becomes
    /// database `new`, remembers where it came from, and the people it held keep `old` as their
    /// origin (that database made them; this copy may not speak for them).
    pub fn become_copy(&self, old: &str, new: &str) -> Result<()> {
        self.write_now(|c| {
            c.execute(
                "UPDATE people SET origin = ?1 WHERE origin IS NULL OR origin = ''",
                [old],
            )?;
            for (key, value) in [
                ("database_id", new),
                (COPIED_FROM, old),
                (COPIED_UNTOLD, "1"),
            ] {
                c.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
            }
            c.execute("DELETE FROM settings WHERE key = ?1", [SIGNING_KEY])?;
            Ok(())
        })
    }

    /// Once: the database this one was copied from, if that has not been said yet.
    pub fn take_copied_notice(&self) -> Result<Option<String>> {
        if self.setting(COPIED_UNTOLD)?.is_none() {
            return Ok(None);
        }
        self.write_now(|c| {
            c.execute("DELETE FROM settings WHERE key = ?1", [COPIED_UNTOLD])?;
            Ok(())
        })?;
        self.setting(COPIED_FROM)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }
}

/// The setting `key` of the danvan database at `path`, read without creating or changing anything
/// (None when the file is missing, is not a danvan database, or has no such setting).
pub fn read_setting_of_file(path: &std::path::Path, key: &str) -> Option<String> {
    if !path.is_file() || !super::is_danvan_file(path) {
        return None;
    }
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()?;
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .ok()
}

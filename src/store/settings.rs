//! Small key–value settings: the language, the last profile, the last screen.

use rusqlite::{params, OptionalExtension};

use super::{Result, Store};

pub const LANGUAGE: &str = "language";
pub const LAST_PERSON: &str = "last_person";
pub const LAST_SCREEN: &str = "last_screen";

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?)
        })
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

//! The database's own health check: before a write that changes many rows, and in the TUI's
//! background on start (on a read-only connection of its own).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::error::classify;
use super::{Result, Store, StoreError};

/// The first lines of `PRAGMA quick_check` on `conn`: `None` when the file is whole.
fn check(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let mut stmt = conn.prepare("PRAGMA quick_check(20)")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<std::result::Result<_, _>>()?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(None)
    } else {
        Ok(Some(rows.join("; ")))
    }
}

impl Store {
    /// `PRAGMA quick_check`: `None` when the file is whole, else what SQLite found (its first
    /// lines).
    pub fn quick_check(&self) -> Result<Option<String>> {
        self.reading(|| Ok(check(self.conn())?))
    }
}

/// `PRAGMA quick_check` on the file at `path` through a read-only connection of its own, so it
/// can run on another thread while the kit works: `None` when the file is whole, else what was
/// found. A check that cannot even read the file (SQLite calls it damaged, or not a database)
/// is a finding too; only a failure to open or a held lock is an error.
pub fn quick_check_file(path: &Path) -> Result<Option<String>> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    conn.busy_timeout(super::BUSY_WAIT)
        .map_err(|e| classify(path, e))?;
    match check(&conn).map_err(|e| classify(path, e)) {
        Ok(found) => Ok(found),
        Err(StoreError::Corrupt { detail, .. }) => Ok(Some(detail)),
        Err(StoreError::NotDanvan { .. }) => Ok(Some("file is not a database".into())),
        Err(StoreError::Database { source, .. }) => Ok(Some(source.to_string())),
        Err(e) => Err(e),
    }
}

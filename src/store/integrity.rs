//! The database's own health check, run before a write that changes many rows.

use super::{Result, Store};

impl Store {
    /// `PRAGMA quick_check`: `None` when the file is whole, else what SQLite found (its first
    /// lines).
    pub fn quick_check(&self) -> Result<Option<String>> {
        let mut stmt = self.conn().prepare("PRAGMA quick_check(20)")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<std::result::Result<_, _>>()?;
        if rows.len() == 1 && rows[0] == "ok" {
            Ok(None)
        } else {
            Ok(Some(rows.join("; ")))
        }
    }
}

//! The migration that stores the composite-key tables WITHOUT ROWID: each row lives once, in its
//! primary key's b-tree, instead of once in a rowid table and again in the key's index (about
//! half the space of `answers` and `lesson_progress`, the tables that grow with people).
//!
//! Only tables that nothing references are rebuilt (a foreign key pointing at `attempts` would
//! cascade-delete every answer when the old table is dropped). Each is rebuilt inside the
//! migration's one transaction, foreign keys on: a new table from the stored definition plus
//! `WITHOUT ROWID`, the rows copied, the old one dropped (with its indexes and triggers), the
//! new one renamed, then its indexes and triggers created again from the SQL the database stored
//! for them (the summary and xAPI-change triggers of `schema`, exactly as they were). A
//! `PRAGMA foreign_key_check` ends it. The caller checks the free disk before (the backup, the
//! copies and the VACUUM after need about three times the file) and runs VACUUM after commit.

use std::path::Path;

use rusqlite::{OptionalExtension, Transaction};

use crate::store::{Result, StoreError};

/// The SQL half of the migration: nothing; [`run`] does the work.
pub(super) const SQL: &str =
    "-- composite-key tables WITHOUT ROWID: the Rust step without_rowid::run rebuilds them\n";

/// The tables rebuilt: every table whose key is several columns and that no foreign key points
/// at (`course_summary` is WITHOUT ROWID since schema 6).
pub(super) const TABLES: [&str; 8] = [
    "lesson_progress",
    "answers",
    "practice_cards",
    "course_completions",
    "attempt_grants",
    "assessment_answers",
    "evidence_files",
    "lrs_sent",
];

/// How much free disk the migration wants, as a multiple of the file.
pub(super) const SPACE_FACTOR: u64 = 3;

pub(super) fn run(tx: &Transaction) -> Result<()> {
    // Renaming the new table must not re-check the other tables' triggers, whose bodies name the
    // table dropped a moment before (the summary triggers on attempts read lesson_progress).
    tx.pragma_update(None, "legacy_alter_table", true)?;
    let rebuilt = TABLES.iter().try_for_each(|t| rebuild(tx, t));
    tx.pragma_update(None, "legacy_alter_table", false)?;
    rebuilt?;
    foreign_key_check(tx)
}

/// Fail the migration when `PRAGMA foreign_key_check` finds a row whose parent is missing.
pub(super) fn foreign_key_check(tx: &Transaction) -> Result<()> {
    let broken: Option<(String, String)> = tx
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(2)?)))?
        .next()
        .transpose()?;
    if let Some((table, parent)) = broken {
        return Err(StoreError::Invalid {
            field: "foreign key",
            value: format!("{table} → {parent}"),
        });
    }
    Ok(())
}

fn rebuild(tx: &Transaction, table: &str) -> Result<()> {
    let create: Option<String> = tx
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .optional()?;
    let Some(create) = create else {
        return Ok(());
    };
    if create
        .trim_end()
        .to_ascii_uppercase()
        .ends_with("WITHOUT ROWID")
    {
        return Ok(());
    }
    let Some(body) = create.find('(').map(|at| &create[at..]) else {
        return Err(StoreError::Invalid {
            field: "schema",
            value: create.clone(),
        });
    };
    let companions: Vec<String> = tx
        .prepare(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ?1 AND type IN ('index', 'trigger')
             AND sql IS NOT NULL ORDER BY type, name",
        )?
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let columns: Vec<String> = tx
        .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let columns = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let new = format!("{table}_without_rowid");
    tx.execute_batch(&format!(
        "CREATE TABLE \"{new}\" {body} WITHOUT ROWID;
         INSERT INTO \"{new}\" ({columns}) SELECT {columns} FROM \"{table}\";
         DROP TABLE \"{table}\";
         ALTER TABLE \"{new}\" RENAME TO \"{table}\";"
    ))?;
    for sql in companions {
        tx.execute_batch(&sql)?;
    }
    Ok(())
}

/// Free bytes on the file system holding `path`, where the platform can tell.
#[cfg(unix)]
pub(super) fn free_bytes(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a NUL-terminated path and `st` a properly sized, writable statvfs.
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    Some((st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
}

/// Not checked on other platforms: windows-sys is not a dependency of the kit, so Windows has no
/// `GetDiskFreeSpaceExW` here; a full disk then fails the migration's transaction (rolled back,
/// the backup kept) with the "disk is full" message instead.
#[cfg(not(unix))]
pub(super) fn free_bytes(_path: &Path) -> Option<u64> {
    None
}

/// Refuse to start when the disk holding `path` has less than [`SPACE_FACTOR`] times the file
/// free.
pub(super) fn require_space(path: &Path) -> Result<()> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let needed = size.saturating_mul(SPACE_FACTOR);
    match free_bytes(path) {
        Some(free) if free < needed => Err(StoreError::NoSpace {
            path: path.into(),
            needed_mb: needed.div_ceil(1 << 20),
            free_mb: free >> 20,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_free_disk_is_known_on_unix_and_a_file_larger_than_the_disk_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        std::fs::write(&path, b"x").unwrap();
        require_space(&path).unwrap();
        if cfg!(unix) {
            let free = free_bytes(&path).expect("statvfs answers");
            assert!(free > 0);
            // A sparse file three times larger than the free disk cannot be upgraded here.
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_len(free / SPACE_FACTOR + (64 << 20)).unwrap();
            match require_space(&path) {
                Err(StoreError::NoSpace {
                    needed_mb, free_mb, ..
                }) => assert!(needed_mb > free_mb, "{needed_mb} {free_mb}"),
                other => panic!("{other:?}"),
            }
        }
    }
}

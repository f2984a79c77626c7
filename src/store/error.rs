use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use crate::domain::i18n::Msg;

/// Why the store could not do what was asked. Each names the file or the field at fault.
#[derive(Debug)]
pub enum StoreError {
    /// The file is not a SQLite database, or not one of danvan's.
    NotDanvan { path: PathBuf },
    /// Written by a newer danvan: opening it here could damage it.
    Newer {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// SQLite reports damage.
    Corrupt { path: PathBuf, detail: String },
    /// The file or its folder cannot be written: read-only media, a read-only file or mount.
    ReadOnly { path: PathBuf },
    /// The operating system refuses access to the file or its folder.
    Permission { path: PathBuf },
    /// The disk (or the quota) is full.
    Full { path: PathBuf },
    /// Not enough free disk to start an upgrade (sizes in MB).
    NoSpace {
        path: PathBuf,
        needed_mb: u64,
        free_mb: u64,
    },
    /// Another program holds the database's write lock.
    Busy { path: PathBuf },
    /// A unique field already holds this value.
    Duplicate { field: &'static str, value: String },
    /// A required field is empty or malformed.
    Invalid { field: &'static str, value: String },
    /// A finalized assessment cannot be edited until it is reopened with a reason.
    Locked { what: String },
    /// The file already exists and will not be overwritten.
    Exists { path: PathBuf },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file was found damaged while the kit runs: it is read, never written, until a backup
    /// is restored.
    Damaged { path: PathBuf, detail: String },
    /// Any other SQLite failure on the file at `path`.
    Database {
        path: PathBuf,
        source: rusqlite::Error,
    },
    /// The operation was cancelled (see `Hooks`); its transaction was rolled back.
    Cancelled,
    /// A SQLite error not yet tied to its file: the store's `write` and `reading` turn it into
    /// one of the above with `at` before it leaves the store.
    Sqlite(rusqlite::Error),
}

impl StoreError {
    pub fn msg(&self) -> Msg {
        match self {
            StoreError::NotDanvan { path } => {
                Msg::new("store-not-danvan").arg("path", path.display())
            }
            StoreError::Newer {
                path,
                found,
                supported,
            } => Msg::new("store-newer")
                .arg("path", path.display())
                .arg("found", found)
                .arg("supported", supported),
            StoreError::Corrupt { path, detail } => Msg::new("store-corrupt")
                .arg("path", path.display())
                .arg("detail", detail),
            StoreError::ReadOnly { path } => {
                Msg::new("store-read-only").arg("path", path.display())
            }
            StoreError::Permission { path } => {
                Msg::new("store-permission").arg("path", path.display())
            }
            StoreError::Full { path } => Msg::new("store-full").arg("path", path.display()),
            StoreError::NoSpace {
                path,
                needed_mb,
                free_mb,
            } => Msg::new("store-no-space")
                .arg("path", path.display())
                .arg("needed", needed_mb)
                .arg("free", free_mb),
            StoreError::Busy { path } => Msg::new("store-busy").arg("path", path.display()),
            StoreError::Duplicate { field, value } => Msg::new("store-duplicate")
                .arg("field", field)
                .arg("value", value),
            StoreError::Invalid { field, value } => Msg::new("store-invalid")
                .arg("field", field)
                .arg("value", value),
            StoreError::Locked { what } => Msg::new("store-locked").arg("what", what),
            StoreError::Exists { path } => Msg::new("store-exists").arg("path", path.display()),
            StoreError::Io { path, source } => Msg::new("store-io")
                .arg("path", path.display())
                .arg("detail", source),
            StoreError::Damaged { path, .. } => {
                Msg::new("store-damaged-read-only").arg("path", path.display())
            }
            StoreError::Database { path, source } => Msg::new("store-database")
                .arg("path", path.display())
                .arg("detail", source),
            StoreError::Cancelled => Msg::new("store-cancelled"),
            StoreError::Sqlite(e) => Msg::new("store-sqlite").arg("detail", e),
        }
    }
}

impl StoreError {
    /// Name the file at fault and the cause: a bare SQLite error becomes read-only, permission,
    /// full, busy, corrupt or not-a-database for `path`; any other error is kept as it is.
    pub fn at(self, path: &Path) -> StoreError {
        match self {
            StoreError::Sqlite(e) => classify(path, e),
            other => other,
        }
    }

    /// Whether the cause is another program holding the write lock (worth waiting for).
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Busy { .. } => true,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
                matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            }
            _ => false,
        }
    }
}

/// What a SQLite error means for the file at `path`. Only real damage is called damaged:
/// read-only media, a refused permission, a full disk and a held lock each say so.
pub fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    let rusqlite::Error::SqliteFailure(f, detail) = &e else {
        return StoreError::Database { path, source: e };
    };
    match f.code {
        ErrorCode::ReadOnly => StoreError::ReadOnly { path },
        // CANTOPEN is usually the folder: not writable for the journal, or refused.
        ErrorCode::PermissionDenied | ErrorCode::CannotOpen => StoreError::Permission { path },
        ErrorCode::DiskFull => StoreError::Full { path },
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy { path },
        ErrorCode::DatabaseCorrupt => StoreError::Corrupt {
            path,
            detail: detail.clone().unwrap_or_else(|| f.to_string()),
        },
        ErrorCode::NotADatabase => StoreError::NotDanvan { path },
        _ => StoreError::Database { path, source: e },
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.msg();
        write!(f, "{}", m.id)?;
        for (k, v) in m.args {
            write!(f, " {k}={v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn each_cause_is_named_with_its_file_and_only_damage_is_called_damage() {
        use rusqlite::ffi;
        let p = Path::new("/srv/xa/danvan.db");
        let cases = [
            (ffi::SQLITE_READONLY, "store-read-only"),
            (ffi::SQLITE_PERM, "store-permission"),
            (ffi::SQLITE_CANTOPEN, "store-permission"),
            (ffi::SQLITE_FULL, "store-full"),
            (ffi::SQLITE_BUSY, "store-busy"),
            (ffi::SQLITE_LOCKED, "store-busy"),
            (ffi::SQLITE_CORRUPT, "store-corrupt"),
            (ffi::SQLITE_NOTADB, "store-not-danvan"),
        ];
        for (code, id) in cases {
            let m = classify(p, failure(code)).msg();
            assert_eq!(m.id, id, "code {code}");
            assert!(
                m.args
                    .iter()
                    .any(|(k, v)| *k == "path" && v.contains("/srv/xa/danvan.db")),
                "{id} names the file"
            );
        }
        // Any other failure, and an error that is not SQLite's own code, still names the file.
        for e in [
            failure(ffi::SQLITE_IOERR),
            rusqlite::Error::QueryReturnedNoRows,
        ] {
            let m = StoreError::Sqlite(e).at(p).msg();
            assert_eq!(m.id, "store-database");
            assert!(m
                .args
                .iter()
                .any(|(k, v)| *k == "path" && v.contains("danvan.db")));
        }
        assert!(StoreError::Sqlite(failure(ffi::SQLITE_BUSY)).is_busy());
        assert!(classify(p, failure(ffi::SQLITE_BUSY)).is_busy());
        assert!(!classify(p, failure(ffi::SQLITE_FULL)).is_busy());
        // Errors that are not SQLite's own are kept as they are.
        assert!(matches!(
            StoreError::Invalid {
                field: "name",
                value: String::new()
            }
            .at(p),
            StoreError::Invalid { .. }
        ));
    }
}

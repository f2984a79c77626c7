use std::fmt;
use std::path::PathBuf;

use crate::domain::i18n::Msg;

/// Why the store could not do what was asked. Each names the file or the field at fault.
#[derive(Debug)]
pub enum StoreError {
    /// The file is not a SQLite database, or not one of danvan's.
    NotDanvan {
        path: PathBuf,
    },
    /// Written by a newer danvan: opening it here could damage it.
    Newer {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// SQLite reports damage.
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    /// A unique field already holds this value.
    Duplicate {
        field: &'static str,
        value: String,
    },
    /// A required field is empty or malformed.
    Invalid {
        field: &'static str,
        value: String,
    },
    /// A finalized assessment cannot be edited until it is reopened with a reason.
    Locked {
        what: String,
    },
    /// The file already exists and will not be overwritten.
    Exists {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
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
            StoreError::Sqlite(e) => Msg::new("store-sqlite").arg("detail", e),
        }
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

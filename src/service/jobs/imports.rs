//! The records screen's `i`: a units file or a roster (CSV or XLSX) imported, or a records
//! bundle (.json) merged, as a job with its own connection, watched (progress, cancel: a
//! cancelled import or merge commits nothing).

use std::path::{Path, PathBuf};

use super::{Job, Progress};
use crate::domain::content::Pack;
use crate::domain::i18n::Msg;
use crate::service::bundles::{MergeOptions, Merged, Refusal};
use crate::store::roster::ImportReport;
use crate::store::{Hooks, Store, StoreError};

/// What an import did.
#[derive(Debug)]
pub enum Imported {
    /// A units file or a roster.
    Rows(ImportReport),
    /// A records bundle.
    Merged(Box<Merged>),
}

/// Why an import did nothing.
#[derive(Debug)]
pub enum ImportFailure {
    /// The bundle was refused whole (with where in the file, and why).
    Refused(Refusal),
    /// The file or the database failed.
    Failed(Msg),
    /// Cancelled: nothing was saved.
    Cancelled,
}

impl ImportFailure {
    fn of(e: StoreError) -> ImportFailure {
        match e {
            StoreError::Cancelled => ImportFailure::Cancelled,
            e => ImportFailure::Failed(e.msg()),
        }
    }
}

/// Whether `path` is merged (a .json records bundle, also compressed `.gz` or sealed `.age`:
/// the merge finds out which by the bytes) rather than imported.
pub fn is_bundle(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        ["json", "gz", "age"]
            .iter()
            .any(|b| e.eq_ignore_ascii_case(b))
    })
}

/// Import `path` into `store`: a bundle merged (signed only, checked against `pack`; a new key
/// pinned only with `accept_new_key`), else a roster, or a units file when it has no name
/// column.
pub fn import_file_watched(
    store: &mut Store,
    pack: &Pack,
    path: &Path,
    accept_new_key: bool,
    hooks: &Hooks,
) -> Result<Imported, ImportFailure> {
    if is_bundle(path) {
        let options = MergeOptions {
            unsigned: false,
            pack: Some(pack),
            accept_new_key,
        };
        return match crate::service::bundles::merge_file_watched(store, path, options, hooks) {
            Ok(m) => Ok(Imported::Merged(Box::new(m))),
            Err(r) if r.msg.id == "store-cancelled" => Err(ImportFailure::Cancelled),
            Err(r) => Err(ImportFailure::Refused(r)),
        };
    }
    let report = match crate::io::roster::read_people(path) {
        Ok(rows) => store.import_people_watched(&rows, hooks),
        Err(crate::io::roster::ReadError::MissingColumn { .. }) => {
            match crate::io::roster::read_units(path) {
                Ok(rows) => store.import_units_watched(&rows, hooks),
                Err(e) => return Err(ImportFailure::Failed(e.msg())),
            }
        }
        Err(e) => return Err(ImportFailure::Failed(e.msg())),
    };
    report.map(Imported::Rows).map_err(ImportFailure::of)
}

/// An import for a job: what it needs, owned.
pub struct ImportRequest {
    /// The database: the job opens a connection of its own.
    pub db: PathBuf,
    pub pack: Pack,
    pub path: PathBuf,
    pub accept_new_key: bool,
}

impl ImportRequest {
    /// Start the import in its own thread.
    pub fn spawn(self) -> Job<Result<Imported, ImportFailure>> {
        Job::spawn(move |progress| self.run(progress))
    }

    fn run(self, progress: &Progress) -> Result<Imported, ImportFailure> {
        let mut store = Store::open(&self.db).map_err(|e| ImportFailure::Failed(e.msg()))?;
        progress.watch(|hooks| {
            import_file_watched(
                &mut store,
                &self.pack,
                &self.path,
                self.accept_new_key,
                hooks,
            )
        })
    }
}

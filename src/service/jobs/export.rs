//! The records exports the TUI starts (CSV, XLSX, the signed bundle, xAPI statements), each a
//! job with its own connection: CSV, bundle and xAPI written through `files::write_new_watched`
//! (a failure or a cancel removes the file), the XLSX stopped between rows when cancelled.

use std::path::PathBuf;

use super::files::write_new_watched;
use super::{Job, Progress};
use crate::domain::content::Pack;
use crate::domain::i18n::{I18n, Lang};
use crate::domain::records::RecordFilter;

/// The formats the records are exported to from the TUI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Csv,
    Xlsx,
    Json,
    Xapi,
}

impl ExportKind {
    pub fn ext(self) -> &'static str {
        match self {
            ExportKind::Csv => "csv",
            ExportKind::Xlsx => "xlsx",
            ExportKind::Json | ExportKind::Xapi => "json",
        }
    }

    /// The file name the export is given, before its extension.
    pub fn stem(self) -> &'static str {
        match self {
            ExportKind::Csv | ExportKind::Xlsx => "ho-so-hoc-tap",
            ExportKind::Json => "goi-ho-so",
            ExportKind::Xapi => "xapi",
        }
    }
}

/// What a records export needs, owned, so it can run in its own thread.
pub struct RecordsExport {
    /// The database: the job opens a connection of its own.
    pub db: PathBuf,
    pub pack: Pack,
    pub filter: RecordFilter,
    /// The filter's unit by its code (the bundle and xAPI take the unit that way).
    pub unit_code: Option<String>,
    pub lang: Lang,
    pub kind: ExportKind,
    /// A file that must not exist yet.
    pub path: PathBuf,
}

impl RecordsExport {
    /// Start the export: the outcome is the number of rows (people, statements) written, or why
    /// it failed, in the language given.
    pub fn spawn(self) -> Job<Result<u64, String>> {
        Job::spawn(move |progress| self.run(progress))
    }

    fn run(self, progress: &Progress) -> Result<u64, String> {
        let RecordsExport {
            db,
            pack,
            filter,
            unit_code,
            lang,
            kind,
            path,
        } = self;
        let i18n = I18n::new(lang);
        let store = crate::store::Store::open(&db).map_err(|e| i18n.msg(&e.msg()))?;
        // Errors in the user's language (not the system's English), naming the file.
        let io_error = |source: std::io::Error| {
            i18n.msg(
                &crate::io::file::ExportError::Io {
                    path: path.clone(),
                    source,
                }
                .msg(),
            )
        };
        let today = crate::service::learning::today();
        let bundle_filter = crate::domain::bundle::BundleFilter {
            unit: unit_code,
            course: filter.course_id.clone(),
            from: filter.completed_from.clone(),
            to: filter.completed_to.clone(),
        };
        match kind {
            ExportKind::Csv => write_new_watched(&path, progress, &i18n, |w, p| {
                p.watch(|hooks| {
                    crate::service::records::csv_to_watched(
                        w, &store, &pack, &filter, &i18n, today, hooks,
                    )
                })
                .map_err(|e| i18n.msg(&e.msg()))
            }),
            ExportKind::Xlsx => progress
                .watch(|hooks| {
                    crate::service::records::xlsx_to_watched(
                        &path,
                        &store,
                        &pack,
                        &filter,
                        &i18n,
                        today,
                        &mut |d, t| progress.report(d, t),
                        hooks,
                    )
                })
                .map_err(|e| i18n.msg(&e.msg())),
            // The signed format-2 bundle, as `danvan export --format json` writes it: streamed,
            // never the whole selection in memory.
            ExportKind::Json => {
                let key_dir = crate::service::bundles::key_dir()
                    .ok_or_else(|| i18n.t("bundle-no-key-dir"))?;
                write_new_watched(&path, progress, &i18n, |out, _| {
                    use crate::service::bundles::{export_signed_streaming, SignedExportError};
                    match export_signed_streaming(&store, &bundle_filter, &key_dir, out) {
                        Ok((counts, signed, _)) => {
                            let mut out = signed.out;
                            std::io::Write::flush(&mut out).map_err(io_error)?;
                            Ok(counts.people as u64)
                        }
                        Err(SignedExportError::Failed(m)) => Err(i18n.msg(&m)),
                        Err(SignedExportError::Write(e)) => Err(io_error(e)),
                    }
                })
            }
            // The statements as `danvan export --format xapi` writes them, as they are read.
            ExportKind::Xapi => write_new_watched(&path, progress, &i18n, |out, _| {
                let n = crate::service::bundles::write_xapi(
                    &store,
                    &pack,
                    &bundle_filter,
                    "https://danvan.local",
                    out,
                )
                .map_err(|e| i18n.msg(&e.msg()))?
                .map_err(io_error)?;
                std::io::Write::flush(out).map_err(io_error)?;
                Ok(n as u64)
            }),
        }
    }
}

//! Slow work off the UI thread: a job runs in a thread of its own, reports progress (done of
//! total) and ends with an outcome its starter polls for. The records export is the first job.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::domain::content::Pack;
use crate::domain::i18n::{I18n, Lang};
use crate::domain::records::RecordFilter;
use crate::io::file::ExportError;

/// Work running in its own thread, ending with an outcome of type `T`.
pub struct Job<T> {
    progress: Progress,
    outcome: Arc<Mutex<Option<T>>>,
}

/// What a job tells of its progress: `done` of `total` (0 of 0 until it knows).
#[derive(Clone, Default)]
pub struct Progress {
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
}

impl Progress {
    pub fn report(&self, done: u64, total: u64) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn get(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

impl<T: Send + 'static> Job<T> {
    /// Start `work` in a new thread.
    pub fn spawn(work: impl FnOnce(&Progress) -> T + Send + 'static) -> Job<T> {
        let progress = Progress::default();
        let outcome = Arc::new(Mutex::new(None));
        let (p, slot) = (progress.clone(), outcome.clone());
        std::thread::spawn(move || {
            let result = work(&p);
            if let Ok(mut slot) = slot.lock() {
                *slot = Some(result);
            }
        });
        Job { progress, outcome }
    }

    /// Done of total, so far.
    pub fn progress(&self) -> (u64, u64) {
        self.progress.get()
    }

    /// The outcome once the work has ended; it is handed out once.
    pub fn take_outcome(&self) -> Option<T> {
        self.outcome.lock().ok().and_then(|mut o| o.take())
    }
}

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
        // File errors in the user's language (not the system's English), naming the file.
        let file_error = |e: ExportError| i18n.msg(&e.msg());
        let io_error = |source: std::io::Error| {
            file_error(ExportError::Io {
                path: path.clone(),
                source,
            })
        };
        let mut progress = |d: u64, t: u64| progress.report(d, t);
        let today = crate::service::learning::today();
        let bundle_filter = crate::domain::bundle::BundleFilter {
            unit: unit_code,
            course: filter.course_id.clone(),
            from: filter.completed_from.clone(),
            to: filter.completed_to.clone(),
        };
        match kind {
            ExportKind::Csv => crate::io::file::write_new_or(&path, file_error, |w| {
                crate::service::records::csv_to(
                    w,
                    &store,
                    &pack,
                    &filter,
                    &i18n,
                    today,
                    &mut progress,
                )
                .map_err(|e| i18n.msg(&e.msg()))
            }),
            ExportKind::Xlsx => crate::service::records::xlsx_to(
                &path,
                &store,
                &pack,
                &filter,
                &i18n,
                today,
                &mut progress,
            )
            .map_err(|e| i18n.msg(&e.msg())),
            // The signed format-2 bundle, as `danvan export --format json` writes it: streamed,
            // never the whole selection in memory.
            ExportKind::Json => {
                let key_dir = crate::service::bundles::key_dir()
                    .ok_or_else(|| i18n.t("bundle-no-key-dir"))?;
                crate::io::file::write_new_or(&path, file_error, |out| {
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
            ExportKind::Xapi => crate::io::file::write_new_or(&path, file_error, |out| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reports_progress_and_hands_its_outcome_out_once() {
        let job = Job::spawn(|p| {
            p.report(3, 4);
            42
        });
        let started = std::time::Instant::now();
        let outcome = loop {
            if let Some(o) = job.take_outcome() {
                break o;
            }
            assert!(started.elapsed() < std::time::Duration::from_secs(10));
            std::thread::yield_now();
        };
        assert_eq!(outcome, 42);
        assert_eq!(job.progress(), (3, 4));
        assert!(job.take_outcome().is_none());
    }
}

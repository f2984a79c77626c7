//! Work that writes a new file: the file is made new (never over one that exists), written as
//! the work produces it, and removed when the work fails or is cancelled, so a half-written
//! file is never left behind. A file that was there before is never touched.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Job, Progress};
use crate::domain::i18n::{I18n, Lang};
use crate::io::file::{ExportError, NewFileWriter};
use crate::store::StoreError;

/// A writer that fails once its job is cancelled, so a format writer that knows nothing of
/// jobs stops at its next write.
pub struct Cancellable<'a, W> {
    inner: W,
    cancel: &'a AtomicBool,
}

impl<W> Cancellable<'_, W> {
    fn check(&self) -> std::io::Result<()> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("cancelled"));
        }
        Ok(())
    }
}

impl<W: Write> Write for Cancellable<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.check()?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.check()?;
        self.inner.flush()
    }
}

/// Write the new file `path` through `work`, watched by `progress`: a failure (`work`'s own,
/// in words, or the file's, in `i18n`'s language) or a cancel removes what was written; a
/// cancel is told as `store-cancelled` ("nothing was saved").
pub fn write_new_watched<T>(
    path: &Path,
    progress: &Progress,
    i18n: &I18n,
    work: impl FnOnce(&mut Cancellable<&mut NewFileWriter<'_>>, &Progress) -> Result<T, String>,
) -> Result<T, String> {
    let cancelled = || i18n.msg(&StoreError::Cancelled.msg());
    if progress.is_cancelled() {
        return Err(cancelled());
    }
    crate::io::file::write_new_or(
        path,
        |e: ExportError| i18n.msg(&e.msg()),
        |w| {
            let mut out = Cancellable {
                inner: w,
                cancel: progress.flag(),
            };
            let done = work(&mut out, progress);
            // Cancelled, whatever the work made of it: the file goes.
            if progress.is_cancelled() {
                return Err(cancelled());
            }
            done
        },
    )
}

/// A job writing the new file `path`; its outcome is `work`'s, or why it failed.
pub struct FileJob<T> {
    pub path: PathBuf,
    pub job: Job<Result<T, String>>,
}

impl<T: Send + 'static> FileJob<T> {
    /// Start `work` on the new file `path` in its own thread (see [`write_new_watched`]).
    pub fn spawn(
        path: PathBuf,
        lang: Lang,
        work: impl FnOnce(&mut dyn Write, &Progress) -> Result<T, String> + Send + 'static,
    ) -> FileJob<T> {
        let at = path.clone();
        let job = Job::spawn(move |progress| {
            let i18n = I18n::new(lang);
            write_new_watched(&at, progress, &i18n, |out, p| work(out, p))
        });
        FileJob { path, job }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_or_cancelled_file_job_leaves_no_file_and_one_that_ends_leaves_it_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut failed = FileJob::spawn(dir.path().join("a.csv"), Lang::En, |out, _| {
            out.write_all(b"half,").map_err(|e| e.to_string())?;
            out.flush().map_err(|e| e.to_string())?;
            Err::<u64, _>("the database went away".into())
        });
        assert_eq!(
            failed.job.wait(),
            Some(Err("the database went away".into()))
        );
        assert!(!dir.path().join("a.csv").exists());

        let (go, wait) = std::sync::mpsc::channel::<()>();
        let path = dir.path().join("b.csv");
        let mut cancelled = FileJob::spawn(path.clone(), Lang::En, move |out, p| {
            let mut n = 0u64;
            out.write_all(b"first,").map_err(|e| e.to_string())?;
            out.flush().map_err(|e| e.to_string())?;
            let _ = wait.recv();
            // The writer refuses once cancelled: the work's error, then the cancel is told.
            while out.write_all(b"row\n").is_ok() {
                n += 1;
                p.report(n, 0);
            }
            Ok(n)
        });
        let started = std::time::Instant::now();
        while !path.exists() {
            assert!(started.elapsed() < std::time::Duration::from_secs(10));
            std::thread::yield_now();
        }
        cancelled.job.cancel();
        go.send(()).unwrap();
        assert_eq!(
            cancelled.job.wait(),
            Some(Err("Cancelled; nothing was saved.".into()))
        );
        assert!(!path.exists());

        let mut whole = FileJob::spawn(dir.path().join("c.csv"), Lang::En, |out, p| {
            out.write_all(b"a,b\n").map_err(|e| e.to_string())?;
            p.report(1, 1);
            Ok(1u64)
        });
        assert_eq!(whole.job.wait(), Some(Ok(1)));
        assert_eq!(std::fs::read(dir.path().join("c.csv")).unwrap(), b"a,b\n");

        // Never over a file that exists, which stays as it was.
        let mut again = FileJob::spawn(dir.path().join("c.csv"), Lang::En, |_, _| Ok(0u64));
        assert!(again.job.wait().unwrap().is_err());
        assert_eq!(std::fs::read(dir.path().join("c.csv")).unwrap(), b"a,b\n");
    }
}

//! Slow work off the UI thread, with one runner: a job runs in a thread of its own, reports
//! progress (done of total), can be cancelled, and ends with an outcome its starter polls for
//! (the TUI, on its tick) or waits for (the CLI, printing the progress, through [`run_watched`]).
//! Store work is watched through `store::Hooks` ([`Progress::watch`]): a cancelled import or
//! merge commits nothing. Here: the job and its progress; `export` holds the records exports,
//! `files` the work that writes a new file (removed when the work fails or is cancelled), and
//! `imports` the records screen's import and merge.

pub mod export;
pub mod files;
pub mod imports;

pub use export::{ExportKind, RecordsExport};
pub use files::FileJob;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::store::Hooks;

/// Work running in its own thread, ending with an outcome of type `T`.
pub struct Job<T> {
    progress: Progress,
    outcome: Arc<Mutex<Option<T>>>,
    thread: Option<JoinHandle<()>>,
}

/// What a job tells of its progress (`done` of `total`, 0 of 0 until it knows), and the flag
/// that asks it to stop.
#[derive(Clone, Default)]
pub struct Progress {
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    cancel: Arc<AtomicBool>,
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

    /// Ask the work to stop at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The cancel flag itself, for work that takes one (the push).
    pub fn flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Run store work watched by this progress: its steps reported here, this cancel flag
    /// checked at each.
    pub fn watch<R>(&self, work: impl FnOnce(&Hooks) -> R) -> R {
        let report = |d, t| self.report(d, t);
        work(&Hooks::new(&report, &self.cancel))
    }
}

impl<T: Send + 'static> Job<T> {
    /// Start `work` in a new thread.
    pub fn spawn(work: impl FnOnce(&Progress) -> T + Send + 'static) -> Job<T> {
        let progress = Progress::default();
        let outcome = Arc::new(Mutex::new(None));
        let (p, slot) = (progress.clone(), outcome.clone());
        let thread = std::thread::spawn(move || {
            let result = work(&p);
            if let Ok(mut slot) = slot.lock() {
                *slot = Some(result);
            }
        });
        Job {
            progress,
            outcome,
            thread: Some(thread),
        }
    }

    /// Done of total, so far.
    pub fn progress(&self) -> (u64, u64) {
        self.progress.get()
    }

    /// Ask the work to stop; its outcome still comes (saying it was cancelled, for the work
    /// that checks).
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.progress.is_cancelled()
    }

    /// The outcome once the work has ended; it is handed out once.
    pub fn take_outcome(&self) -> Option<T> {
        self.outcome.lock().ok().and_then(|mut o| o.take())
    }

    /// Wait for the work to end; its outcome, unless already taken (or the work panicked).
    pub fn wait(&mut self) -> Option<T> {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.take_outcome()
    }
}

/// Marks the work ended and wakes the thread watching it, when dropped.
struct WakeOnEnd<'a>(&'a std::sync::atomic::AtomicBool, std::thread::Thread);

impl Drop for WakeOnEnd<'_> {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Release);
        self.1.unpark();
    }
}

/// How often [`run_watched`] looks at the work.
const TICK: Duration = Duration::from_millis(100);

/// Run `work` in a thread of this scope (so it may borrow, the store say), calling `tick` on
/// this thread with its progress until it ends (about ten times a second): the CLI's runner.
/// `tick` may cancel through the progress it is given.
pub fn run_watched<T: Send>(
    work: impl FnOnce(&Progress) -> T + Send,
    mut tick: impl FnMut(&Progress),
) -> T {
    let progress = Progress::default();
    let ended = std::sync::atomic::AtomicBool::new(false);
    let watcher = std::thread::current();
    std::thread::scope(|s| {
        let p = &progress;
        let ended = &ended;
        let running = s.spawn(move || {
            // The watcher is woken as the work ends, panic or not: a command does not wait out
            // the rest of a tick (up to a tenth of a second) once its work is done.
            let _wake = WakeOnEnd(ended, watcher);
            work(p)
        });
        while !ended.load(std::sync::atomic::Ordering::Acquire) {
            tick(&progress);
            std::thread::park_timeout(TICK);
        }
        tick(&progress);
        match running.join() {
            Ok(out) => out,
            // The work's panic is the caller's, as if it had run here.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
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

    #[test]
    fn a_cancelled_job_sees_its_flag_and_wait_gives_its_outcome() {
        let (started, wait) = std::sync::mpsc::channel::<()>();
        let mut job = Job::spawn(move |p| {
            started.send(()).unwrap();
            let mut steps = 0u64;
            while !p.is_cancelled() {
                steps += 1;
                p.report(steps, 0);
                std::thread::yield_now();
            }
            "stopped"
        });
        wait.recv().unwrap();
        assert!(!job.is_cancelled());
        job.cancel();
        assert!(job.is_cancelled());
        assert_eq!(job.wait(), Some("stopped"));
    }

    #[test]
    fn store_work_watched_by_a_progress_reports_there_and_stops_when_cancelled() {
        let p = Progress::default();
        assert!(p.watch(|h| h.step(4, 9)).is_ok());
        assert_eq!(p.get(), (4, 9));
        p.cancel();
        assert!(matches!(
            p.watch(|h| h.step(5, 9)),
            Err(crate::store::StoreError::Cancelled)
        ));
    }

    #[test]
    fn the_runner_ticks_while_the_work_runs_and_borrows_what_it_needs() {
        let rows = [1u64, 2, 3];
        let mut ticks = 0;
        let mut last = (0, 0);
        let sum = run_watched(
            |p| {
                for i in 1..=rows.len() {
                    p.report(i as u64, rows.len() as u64);
                }
                rows.iter().sum::<u64>()
            },
            |p| {
                ticks += 1;
                last = p.get();
            },
        );
        assert_eq!(sum, 6);
        assert!(ticks >= 1);
        assert_eq!(last, (3, 3), "the last tick sees the end");
        // A tick that cancels: the work sees it.
        let stopped = run_watched(
            |p| {
                while !p.is_cancelled() {
                    std::thread::yield_now();
                }
                true
            },
            |p| p.cancel(),
        );
        assert!(stopped);
    }

    #[test]
    fn a_runner_whose_work_panics_ends_and_passes_the_panic_on() {
        // The work's end is marked on the way out of a panic too: the watcher does not tick on.
        let mut ticks = 0;
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_watched(|_| -> u8 { panic!("the work failed") }, |_| ticks += 1)
        }));
        let panic = caught.expect_err("the work's panic reaches the caller");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"the work failed"));
        assert!(ticks >= 1);
    }
}

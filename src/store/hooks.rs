//! What a long store operation (an import, a merge) is watched with: a progress callback and a
//! cancel flag, both checked once per row. A cancelled operation returns
//! [`StoreError::Cancelled`] from inside its transaction, which is then rolled back: nothing of
//! it is committed.

use std::sync::atomic::{AtomicBool, Ordering};

use super::{Result, StoreError};

/// Progress (`done` of `total`; a total of 0 means the operation does not know it) and cancel.
#[derive(Clone, Copy, Default)]
pub struct Hooks<'a> {
    progress: Option<&'a dyn Fn(u64, u64)>,
    cancel: Option<&'a AtomicBool>,
}

impl<'a> Hooks<'a> {
    /// Nothing watches: the operation runs to its end.
    pub const NONE: Hooks<'static> = Hooks {
        progress: None,
        cancel: None,
    };

    pub fn new(progress: &'a dyn Fn(u64, u64), cancel: &'a AtomicBool) -> Hooks<'a> {
        Hooks {
            progress: Some(progress),
            cancel: Some(cancel),
        }
    }

    /// The same cancel flag, the progress going to `progress` instead (to give it a total the
    /// operation does not know, say).
    pub fn reporting_to<'b>(&self, progress: &'b dyn Fn(u64, u64)) -> Hooks<'b>
    where
        'a: 'b,
    {
        Hooks {
            progress: Some(progress),
            cancel: self.cancel,
        }
    }

    /// Report progress only (no cancel check).
    pub fn report(&self, done: u64, total: u64) {
        if let Some(p) = self.progress {
            p(done, total);
        }
    }

    /// Whether the operation was asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// One step done: report it, and stop with `Cancelled` when asked to (an atomic load and a
    /// call, cheap enough for every row).
    pub fn step(&self, done: u64, total: u64) -> Result<()> {
        if self.cancelled() {
            return Err(StoreError::Cancelled);
        }
        self.report(done, total);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_step_reports_until_cancelled_then_stops() {
        let seen = Cell::new((0, 0));
        let report = |d, t| seen.set((d, t));
        let cancel = AtomicBool::new(false);
        let hooks = Hooks::new(&report, &cancel);
        assert!(hooks.step(2, 5).is_ok());
        assert_eq!(seen.get(), (2, 5));
        cancel.store(true, Ordering::Relaxed);
        assert!(matches!(hooks.step(3, 5), Err(StoreError::Cancelled)));
        assert_eq!(seen.get(), (2, 5), "a cancelled step reports nothing");
        // Another total, the same flag.
        let totals = Cell::new(0);
        let other = |_, t| totals.set(t);
        assert!(hooks.reporting_to(&other).cancelled());
        assert!(Hooks::NONE.step(1, 1).is_ok());
    }
}

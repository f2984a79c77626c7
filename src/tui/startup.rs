//! What the kit reads before its first frame besides the database: the pack and the screens'
//! messages, each done by a helper thread or by the thread that needs it, whichever is free
//! first.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::domain::content::Loaded;
use crate::domain::i18n::{I18n, Lang};

/// A part of the start-up that one thread does: the helper if it gets there first, else the
/// thread that needs it, which then does not wait for the helper to be scheduled.
enum Part<T> {
    Pending,
    Done(T),
    Taken,
}

/// Run `part` if no thread has: a thread that finds it running waits for it under the lock.
fn run_once<T>(slot: &Mutex<Part<T>>, part: impl FnOnce() -> T) {
    // A panic in the other thread leaves the part pending: it is tried again here.
    let mut state = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if matches!(*state, Part::Pending) {
        *state = Part::Done(part());
    }
}

fn take<T>(slot: &Mutex<Part<T>>) -> Option<T> {
    let mut state = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match std::mem::replace(&mut *state, Part::Taken) {
        Part::Done(value) => Some(value),
        _ => None,
    }
}

struct Parts {
    content_dir: Option<PathBuf>,
    lang: Lang,
    pack: Mutex<Part<std::io::Result<Loaded>>>,
    messages: Mutex<Part<I18n>>,
}

impl Parts {
    fn load_pack(&self) {
        run_once(&self.pack, || {
            crate::boot::load_pack_to_run(self.content_dir.as_deref())
        });
    }

    fn index_messages(&self) {
        run_once(&self.messages, || I18n::new(self.lang));
    }
}

/// The pack and the messages, being read.
pub(super) struct Preload(Arc<Parts>);

impl Preload {
    /// Start reading the pack in `content_dir` (the built-in one without) and the messages in
    /// `lang`, the language asked for or the one most likely saved.
    pub(super) fn spawn(content_dir: Option<PathBuf>, lang: Lang) -> Preload {
        let parts = Arc::new(Parts {
            content_dir,
            lang,
            pack: Mutex::new(Part::Pending),
            messages: Mutex::new(Part::Pending),
        });
        let helper = parts.clone();
        // Not joined: a helper that starts late finds nothing left to do and ends. Should it not
        // start at all, this thread does both parts.
        let _ = std::thread::Builder::new()
            .name("start-up".into())
            .spawn(move || {
                helper.load_pack();
                helper.index_messages();
            });
        Preload(parts)
    }

    /// The pack, loaded here if the helper has not begun it; `None` if loading it panicked
    /// (the panic hook has said why).
    pub(super) fn pack(&self) -> Option<std::io::Result<Loaded>> {
        let parts = self.0.clone();
        std::panic::catch_unwind(move || parts.load_pack()).ok()?;
        take(&self.0.pack)
    }

    /// The messages in `lang`: those read beside the pack when it is their language.
    pub(super) fn messages(&self, lang: Lang) -> I18n {
        if lang != self.0.lang {
            return I18n::new(lang);
        }
        let parts = self.0.clone();
        match std::panic::catch_unwind(move || parts.index_messages()) {
            Ok(()) => take(&self.0.messages).unwrap_or_else(|| I18n::new(lang)),
            Err(_) => I18n::new(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_runs_once_whichever_thread_comes_first() {
        let slot = Mutex::new(Part::Pending);
        let runs = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    run_once(&slot, || {
                        runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                    })
                });
            }
        });
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(take(&slot), Some(0));
        assert_eq!(take(&slot), None, "taken once");
    }

    #[test]
    fn the_pack_and_the_messages_come_back_in_the_language_settled() {
        let preload = Preload::spawn(None, Lang::Vi);
        let pack = preload.pack().expect("no panic").expect("read");
        assert!(pack.pack.is_some_and(|p| !p.courses.is_empty()));
        assert_eq!(preload.messages(Lang::Vi).lang(), Lang::Vi);
        // Another language saved: its own messages, not the ones read beside the pack.
        let preload = Preload::spawn(None, Lang::Vi);
        assert_eq!(preload.messages(Lang::En).lang(), Lang::En);
    }

    #[test]
    fn a_part_that_panics_elsewhere_is_done_here() {
        let slot: Mutex<Part<u8>> = Mutex::new(Part::Pending);
        let _ = std::thread::scope(|s| {
            s.spawn(|| run_once(&slot, || panic!("helper failed")))
                .join()
        });
        run_once(&slot, || 7);
        assert_eq!(take(&slot), Some(7));
    }
}

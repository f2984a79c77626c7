//! The event loop: one channel of events fed by an input thread (keys, mouse, resize, paste) and,
//! on Unix, a signal thread (SIGTERM, SIGHUP); a tick every 500 ms whatever the input; every
//! pending event handled before one draw. Also puts the terminal back as it was on every way out.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, DisableMouseCapture, Event, MouseEventKind};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{disable_raw_mode, LeaveAlternateScreen};
use ratatui::prelude::CrosstermBackend;
use ratatui::Terminal;

use super::action::Action;
use super::app::App;
use super::input::{translate, KeyFilter};
use super::view;

/// How often the tick fires (autosave, the quiz timer, background jobs polled), keys or not.
pub const TICK: Duration = Duration::from_millis(500);

/// What the loop waits on.
pub enum LoopEvent {
    Input(Event),
    /// The input could not be read: the loop ends with this error.
    InputError(io::Error),
    /// SIGTERM or SIGHUP: save, then leave as on quit.
    Terminate,
}

/// The tick as a timer: it is due every `TICK` from the start, however much input arrives.
pub struct Ticker {
    next: Instant,
}

impl Ticker {
    pub fn new(now: Instant) -> Ticker {
        Ticker { next: now + TICK }
    }

    /// How long to wait for an event before the next tick is due.
    pub fn wait(&self, now: Instant) -> Duration {
        self.next.saturating_duration_since(now)
    }

    /// Whether a tick is due at `now`; when it is, the next one is scheduled (a late tick is
    /// taken once, not replayed).
    pub fn due(&mut self, now: Instant) -> bool {
        if now < self.next {
            return false;
        }
        self.next += TICK;
        if self.next <= now {
            self.next = now + TICK;
        }
        true
    }
}

fn spawn_input(tx: Sender<LoopEvent>) {
    std::thread::spawn(move || loop {
        let ev = match event::read() {
            Ok(ev) => LoopEvent::Input(ev),
            Err(e) => LoopEvent::InputError(e),
        };
        let stop = matches!(ev, LoopEvent::InputError(_));
        if tx.send(ev).is_err() || stop {
            return;
        }
    });
}

/// Terminate and hang-up, caught (not acted on) until `spawn_signals` listens.
#[cfg(unix)]
type Signals = signal_hook::iterator::Signals;
#[cfg(not(unix))]
type Signals = ();

#[cfg(unix)]
fn listen_for_signals() -> io::Result<Signals> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])
}

#[cfg(not(unix))]
fn listen_for_signals() -> io::Result<Signals> {
    Ok(())
}

#[cfg(unix)]
fn spawn_signals(mut signals: Signals, tx: Sender<LoopEvent>) {
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(LoopEvent::Terminate);
        }
    });
}

#[cfg(not(unix))]
fn spawn_signals(_signals: Signals, _tx: Sender<LoopEvent>) {}

/// Put the terminal back as it was: raw mode off, main screen, no mouse capture, cursor shown.
pub(super) fn restore_terminal() {
    let _ = execute!(
        io::stdout(),
        ratatui::crossterm::event::DisableBracketedPaste
    );
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped, so every way out (return, `?`, panic unwinding) restores it.
pub(super) struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// The most characters of one paste the app sees: the longest field's limit (the evidence
/// text). The rest of a larger paste is dropped here, before any screen sees it.
pub const PASTE_LIMIT: usize = crate::domain::text::EVIDENCE_LIMIT.max;

/// Pasted text as the app takes it: line breaks as `\n` (a CRLF is one), other control
/// characters removed, at most `PASTE_LIMIT` characters.
pub fn clean_paste(text: &str) -> impl Iterator<Item = char> + '_ {
    text.split_inclusive('\n')
        .flat_map(|l| {
            let (body, nl) = match l.strip_suffix('\n') {
                Some(b) => (b.strip_suffix('\r').unwrap_or(b), true),
                None => (l, false),
            };
            body.chars()
                .filter(|c| !c.is_control())
                .chain(nl.then_some('\n'))
        })
        .take(PASTE_LIMIT)
}

/// Hand one input event to the app. A paste becomes its characters, one action each: each is an
/// edit near the cursor (the text field's work does not grow with its value), and the screens
/// keep their own rules for what a field takes (digits only, unsaved marks). What a screen does
/// per change of a field (a search) waits for the `PasteEnd` after the last one.
fn handle(app: &mut App, keys: &mut KeyFilter, ev: Event) {
    let action = match ev {
        Event::Key(key) => match keys.accept(key) {
            Some(key) => translate(app, key),
            None => Action::None,
        },
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => Action::ScrollUp,
            MouseEventKind::ScrollDown => Action::ScrollDown,
            _ => Action::None,
        },
        Event::Resize(w, h) => Action::Resize(w, h),
        Event::Paste(text) => {
            app.session.pasting = true;
            for c in clean_paste(&text) {
                match c {
                    '\n' => app.update(Action::PasteNewline),
                    c => app.update(Action::Input(c)),
                }
            }
            app.session.pasting = false;
            Action::PasteEnd
        }
        _ => Action::None,
    };
    app.update(action);
}

/// Handle one event from the channel; `Err` ends the loop with that error.
fn dispatch(app: &mut App, keys: &mut KeyFilter, ev: LoopEvent) -> io::Result<()> {
    match ev {
        LoopEvent::Input(ev) => handle(app, keys, ev),
        LoopEvent::InputError(e) => {
            app.update(Action::ForceQuit);
            return Err(e);
        }
        // Saves what was typed, as Ctrl+C does, then the guard restores the terminal.
        LoopEvent::Terminate => app.update(Action::ForceQuit),
    }
    Ok(())
}

/// Wait for the next event or the tick, then drain every pending event: one draw per batch.
/// Returns when the app quits.
pub fn pump(
    app: &mut App,
    keys: &mut KeyFilter,
    rx: &Receiver<LoopEvent>,
    ticker: &mut Ticker,
) -> io::Result<()> {
    match rx.recv_timeout(ticker.wait(Instant::now())) {
        Ok(ev) => dispatch(app, keys, ev)?,
        Err(RecvTimeoutError::Timeout) => {}
        Err(RecvTimeoutError::Disconnected) => {
            app.update(Action::ForceQuit);
            return Ok(());
        }
    }
    while !app.quit {
        match rx.try_recv() {
            Ok(ev) => dispatch(app, keys, ev)?,
            Err(_) => break,
        }
    }
    if !app.quit && ticker.due(Instant::now()) {
        app.update(Action::Tick);
    }
    Ok(())
}

pub(super) fn run(
    store: crate::store::Store,
    pack: crate::domain::content::Pack,
    i18n: crate::domain::i18n::I18n,
) -> io::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let mut app = App::with_i18n(store, pack, i18n, (size.width, size.height));
    app.session.no_color = view::no_color_wanted(std::env::var_os("NO_COLOR").as_deref());
    app.tell_if_copied(crate::service::bundles::key_dir().as_deref());
    let mut keys = KeyFilter::default();
    let (tx, rx) = mpsc::channel();
    // Terminate and hang-up are caught from here on (a signal during the first frame waits
    // for the listener); the listener and the key reader start once that frame is out.
    let signals = listen_for_signals()?;
    let mut ticker = Ticker::new(Instant::now());
    let mut first = Some((signals, tx));
    loop {
        terminal.draw(|f| view::view(&app, f))?;
        if let Some((signals, tx)) = first.take() {
            spawn_signals(signals, tx.clone());
            spawn_input(tx);
            // The check runs in the background either way; started once the first frame is
            // out, it does not share an office PC's two cores with drawing that frame.
            app.start_integrity_check();
        }
        if app.quit {
            return Ok(());
        }
        pump(&mut app, &mut keys, &rx, &mut ticker)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tick_is_due_every_half_second_whatever_the_input() {
        let start = Instant::now();
        let mut t = Ticker::new(start);
        assert!(!t.due(start));
        assert_eq!(t.wait(start), TICK);
        // Keys every 100 ms do not hold it back.
        let mut ticks = 0;
        for i in 1..=20 {
            if t.due(start + Duration::from_millis(100 * i)) {
                ticks += 1;
            }
        }
        assert_eq!(ticks, 4, "2 s of steady typing gives 4 ticks");
        // A late tick is taken once, not replayed.
        assert!(t.due(start + Duration::from_secs(10)));
        assert!(!t.due(start + Duration::from_secs(10)));
        assert_eq!(t.wait(start + Duration::from_secs(10)), TICK);
    }

    #[test]
    fn every_pending_event_is_handled_before_the_next_draw() {
        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let dir = tempfile::tempdir().unwrap();
        let mut app = crate::tui::app::test_app(dir.path());
        let (tx, rx) = mpsc::channel();
        // A paste-like burst of keys on the first-run form, all queued before one pump.
        for c in "Hoà".chars() {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            tx.send(LoopEvent::Input(Event::Key(key))).unwrap();
        }
        let mut keys = KeyFilter::default();
        let mut ticker = Ticker::new(Instant::now());
        pump(&mut app, &mut keys, &rx, &mut ticker).unwrap();
        let crate::tui::app::Screen::ProfileForm(f) = &app.screen else {
            panic!("not the first-run form")
        };
        assert_eq!(f.name.value(), "Hoà", "all three keys handled in one pump");
        assert!(rx.try_recv().is_err());
        // Terminate quits (and saves, as Ctrl+C does).
        tx.send(LoopEvent::Terminate).unwrap();
        pump(&mut app, &mut keys, &rx, &mut ticker).unwrap();
        assert!(app.quit);
    }

    #[test]
    fn a_huge_paste_is_cleaned_bounded_and_ctrl_c_behind_it_is_handled() {
        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let pasted: String = clean_paste("a\u{1b}[31mb\r\nc\u{0}\u{9b}d").collect();
        assert_eq!(pasted, "a[31mb\ncd");
        assert_eq!(
            clean_paste(&"x".repeat(PASTE_LIMIT * 3)).count(),
            PASTE_LIMIT
        );
        let dir = tempfile::tempdir().unwrap();
        let mut app = crate::tui::app::test_app(dir.path());
        let (tx, rx) = mpsc::channel();
        // Ten megabytes pasted into the name field, escapes and NUL in it, then Ctrl+C.
        let paste = "Nguyễn\u{0}\u{1b}[2J Văn An ".repeat(500_000);
        tx.send(LoopEvent::Input(Event::Paste(paste))).unwrap();
        let key = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        tx.send(LoopEvent::Input(Event::Key(key))).unwrap();
        let mut keys = KeyFilter::default();
        let mut ticker = Ticker::new(Instant::now());
        pump(&mut app, &mut keys, &rx, &mut ticker).unwrap();
        assert!(
            app.quit,
            "Ctrl+C after the paste is handled in the same pump"
        );
        let crate::tui::app::Screen::ProfileForm(f) = &app.screen else {
            panic!("not the first-run form")
        };
        let name = f.name.value();
        assert_eq!(name.chars().count(), crate::domain::text::NAME_LIMIT.max);
        assert!(name.starts_with("Nguyễn[2J Văn An Nguyễn"), "{name:?}");
        assert!(!crate::domain::text::has_controls(name, false));
    }

    #[test]
    fn a_paste_into_the_search_box_searches_once_for_the_whole_paste() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = crate::tui::app::test_app(dir.path());
        let under = std::mem::replace(
            &mut app.screen,
            crate::tui::app::Screen::Home(Default::default()),
        );
        app.screen = crate::tui::app::Screen::Search(Default::default(), Box::new(under));
        let (tx, rx) = mpsc::channel();
        let mut keys = KeyFilter::default();
        let mut ticker = Ticker::new(Instant::now());
        let searched = |app: &App| {
            let crate::tui::app::Screen::Search(s, _) = &app.screen else {
                panic!("not the search screen")
            };
            (s.query.value().to_string(), s.searches, s.hits.len())
        };
        // A few words: one search, and it finds them.
        tx.send(LoopEvent::Input(Event::Paste("dân vận".into())))
            .unwrap();
        pump(&mut app, &mut keys, &rx, &mut ticker).unwrap();
        let (query, searches, hits) = searched(&app);
        assert_eq!((query.as_str(), searches), ("dân vận", 1));
        assert!(hits > 0, "the pasted words are in the lessons");
        // Then 100 KB of text, far past the query's limit: one more search, not one per letter.
        let paste = " khéo".repeat(20_000);
        tx.send(LoopEvent::Input(Event::Paste(paste.clone())))
            .unwrap();
        pump(&mut app, &mut keys, &rx, &mut ticker).unwrap();
        let limit = crate::tui::screens::search::QUERY_LIMIT;
        let expected: String = "dân vận".chars().chain(paste.chars()).take(limit).collect();
        let (query, searches, _) = searched(&app);
        assert_eq!(query, expected);
        assert_eq!(searches, 2, "one search for the whole paste");
        assert!(!app.session.pasting);
    }
}

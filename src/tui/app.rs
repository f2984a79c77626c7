//! The TUI's state and `update`, the only place state changes, and the one module that knows
//! every screen: a screen's `update` returns a `Nav`, and `go` turns it into the next screen.

use std::borrow::Cow;

use crate::domain::assessment::ScoreNote;
use crate::domain::content::Pack;
use crate::domain::i18n::{I18n, Lang, Msg};
use crate::store::{settings, Store};

use super::action::Action;
use super::keymap::{self, Binding};
use super::nav::Nav;
use super::screens::assess::{self, years::YearsState, WorkState};
use super::screens::quiz::{list::QuizListState, result::ResultState, run, run::RunState};
use super::screens::records::{self, RecordsState};
use super::screens::{course, home, profile, quiz, search};
use super::session::Session;

pub enum Screen {
    Home(home::HomeState),
    Profiles(profile::ProfilesState),
    /// Boxed: its seven text fields would make every screen as large.
    ProfileForm(Box<profile::ProfileForm>),
    Lessons(course::LessonsState),
    Reader(course::ReaderState),
    /// The search, and the screen Esc returns to.
    Search(search::SearchState, Box<Screen>),
    Quizzes(QuizListState),
    QuizRun(Box<RunState>),
    QuizResult(ResultState),
    AssessYears(YearsState),
    AssessWork(Box<WorkState>),
    Records(Box<RecordsState>),
}

impl Screen {
    /// Whether a text field has focus: then letters and Backspace only type.
    pub fn has_text_focus(&self, pack: &Pack) -> bool {
        match self {
            Screen::ProfileForm(f) => f.focus_is_text(),
            Screen::Profiles(p) => p.finding,
            Screen::Search(..) => true,
            Screen::QuizRun(r) => {
                r.phase == run::Phase::Asking
                    && r.kind(pack) == Some(crate::domain::content::QuestionKind::Text)
            }
            Screen::AssessWork(w) => assess::focus_is_text(w),
            Screen::Records(r) => records::focus_is_text(r),
            _ => false,
        }
    }

    /// The keymap table of this screen, as it stands (a prompt or a modal has its own).
    pub fn bindings(&self, pack: &Pack) -> Cow<'static, [Binding]> {
        use crate::domain::content::QuestionKind;
        // The quiz's keys depend on the question shown (how many options, which kind).
        if let Screen::QuizRun(r) = self {
            if r.phase == run::Phase::Asking && !self.has_text_focus(pack) {
                match r.kind(pack) {
                    Some(QuestionKind::Matching) => {
                        return Cow::Owned(keymap::quiz_matching(r.option_count(pack)))
                    }
                    Some(QuestionKind::Ordering) => return Cow::Borrowed(keymap::QUIZ_ORDERING),
                    kind => {
                        return Cow::Owned(keymap::quiz_choice(
                            r.option_count(pack),
                            kind == Some(QuestionKind::Multiple),
                        ))
                    }
                }
            }
        }
        Cow::Borrowed(match self {
            Screen::Home(_) => keymap::HOME,
            Screen::Profiles(p) if p.finding => keymap::PROFILES_FIND,
            Screen::Profiles(p) if !p.can_go_back => keymap::PROFILES_FIRST,
            Screen::Profiles(_) => keymap::PROFILES,
            Screen::ProfileForm(_) => keymap::PROFILE_FORM,
            Screen::Lessons(_) => keymap::LESSONS,
            Screen::Reader(_) => keymap::READER,
            Screen::Search(..) => keymap::SEARCH_SCREEN,
            Screen::Records(r)
                if matches!(
                    r.prompt,
                    Some(records::Prompt::ConfirmDelete | records::Prompt::AcceptKey(_))
                ) =>
            {
                keymap::CONFIRM
            }
            Screen::Records(r) if matches!(r.prompt, Some(records::Prompt::Push(_))) => {
                keymap::RECORDS_PUSH
            }
            Screen::Records(r) if matches!(r.prompt, Some(records::Prompt::Unit(_))) => {
                keymap::UNIT_PICKER
            }
            Screen::Records(r)
                if matches!(
                    r.prompt,
                    Some(records::Prompt::Path(_) | records::Prompt::Dates(..))
                ) =>
            {
                keymap::TEXT_PROMPT
            }
            Screen::Records(r) if r.prompt.is_some() => keymap::GUARD,
            Screen::Records(r) if r.busy() => keymap::JOB_RUNNING,
            Screen::Records(r) => match &r.view {
                records::RecordsView::Table => keymap::RECORDS,
                records::RecordsView::Rates(_) => keymap::RECORDS_RATES,
                records::RecordsView::Person(_) => keymap::RECORDS_PERSON,
                records::RecordsView::Stats(_) => keymap::RECORDS_STATS,
                records::RecordsView::Refused(_) => keymap::RECORDS_REFUSED,
            },
            Screen::Quizzes(_) => keymap::QUIZ_LIST,
            Screen::QuizRun(r) => match r.phase {
                run::Phase::Feedback(..) => keymap::QUIZ_FEEDBACK,
                run::Phase::Asking => keymap::QUIZ_TEXT,
            },
            Screen::QuizResult(_) => keymap::QUIZ_RESULT,
            Screen::AssessYears(_) => keymap::ASSESS_YEARS,
            Screen::AssessWork(w) => match (&w.modal, &w.view) {
                (Some(assess::Modal::ConfirmFinalize), _) => keymap::CONFIRM,
                (Some(assess::Modal::Reopen(_) | assess::Modal::Guard(_)), _) => keymap::REASON,
                (None, assess::WorkView::Tasks) => keymap::ASSESS_TASKS,
                (None, assess::WorkView::Summary { .. }) => keymap::ASSESS_SUMMARY,
                (None, assess::WorkView::Criterion(_)) if w.is_final() => keymap::ASSESS_LOCKED,
                (None, assess::WorkView::Criterion(_)) if assess::focus_is_text(w) => {
                    keymap::ASSESS_TEXT
                }
                (None, assess::WorkView::Criterion(_))
                    if !w.is_final() && assess::open_criterion_takes_value(w, pack) =>
                {
                    keymap::ASSESS_ANSWER_VALUE
                }
                (None, assess::WorkView::Criterion(_)) => keymap::ASSESS_ANSWER,
            },
        })
    }

    /// Draw this screen in the body of the frame.
    pub fn draw(&self, app: &Session, frame: &mut ratatui::Frame, area: ratatui::layout::Rect) {
        match self {
            Screen::Home(s) => home::view(app, s, frame, area),
            Screen::Profiles(s) => profile::view_list(app, s, frame, area),
            Screen::ProfileForm(f) => profile::view_form(app, f, frame, area),
            Screen::Lessons(s) => course::view_lessons(app, s, frame, area),
            Screen::Reader(r) => course::view_reader(app, r, frame, area),
            Screen::Search(s, _) => search::view(app, s, frame, area),
            Screen::Records(r) => records::view(app, r, frame, area),
            Screen::Quizzes(s) => quiz::list::view(app, s, frame, area),
            Screen::QuizRun(r) => quiz::run::view(app, r, frame, area),
            Screen::QuizResult(r) => quiz::result::view(app, r, frame, area),
            Screen::AssessYears(s) => assess::years::view(app, s, frame, area),
            Screen::AssessWork(w) => assess::work::view(app, w, frame, area),
        }
    }

    /// The reader and the lesson list are where the kit reopens; other screens reopen home.
    fn is_course(&self) -> bool {
        matches!(self, Screen::Lessons(_) | Screen::Reader(_))
    }
}

pub struct App {
    pub session: Session,
    pub screen: Screen,
    pub help_open: bool,
    pub quit: bool,
    /// The home cursor when home was last left, for `Nav::HomeAgain`.
    home_cursor: usize,
    /// The background `quick_check` of the file, while it runs (see `start_integrity_check`).
    integrity: Option<std::sync::mpsc::Receiver<crate::store::Result<Option<String>>>>,
}

impl App {
    /// Start on the last profile and screen, or on the profile form on first run.
    pub fn new(store: Store, pack: Pack, lang: Lang, size: (u16, u16)) -> App {
        App::with_i18n(store, pack, I18n::new(lang), size)
    }

    /// As `new`, with the messages already parsed (the kit parses them while the store opens).
    pub fn with_i18n(store: Store, pack: Pack, i18n: I18n, size: (u16, u16)) -> App {
        // Read before the session exists; an error is shown below, with the other reads'.
        let last_person = store
            .setting(settings::LAST_PERSON)
            .and_then(|id| id.map_or(Ok(None), |id| store.person(&id)));
        let mut app = App {
            session: Session {
                store,
                pack,
                i18n,
                size,
                person: None,
                status: None,
                demo: false,
                no_color: false,
                read_error: Default::default(),
                pasting: false,
                search_index: Default::default(),
                search_index_builds: Default::default(),
                file_hashes: Default::default(),
            },
            // replaced below, once the person is known
            screen: Screen::Home(home::HomeState::default()),
            help_open: false,
            quit: false,
            home_cursor: 0,
            integrity: None,
        };
        let s = &mut app.session;
        s.demo = s.read(s.store.setting("demo")).as_deref() == Some("1");
        let person = s.read(last_person);
        match person {
            Some(p) => {
                app.session.person = Some(p);
                app.restore_last_screen();
                app.offer_unfinished_quiz();
            }
            None => {
                let has_people = app.session.read(app.session.store.has_people());
                app.screen = if has_people {
                    Screen::Profiles(profile::ProfilesState::load(&app.session))
                } else {
                    Screen::ProfileForm(Box::new(profile::ProfileForm::new(&app.session, true)))
                };
            }
        }
        app.session.show_read_error();
        app
    }

    /// Check the whole file in the background, on a read-only connection of its own, so the
    /// first frame does not wait for it (on a province-sized file it takes seconds). Damage
    /// found makes the kit read-only: see `poll_integrity_check`.
    pub fn start_integrity_check(&mut self) {
        let path = self.session.store.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("quick-check".into())
            .spawn(move || {
                let _ = tx.send(crate::store::quick_check_file(&path));
            });
        if spawned.is_ok() {
            self.integrity = Some(rx);
        }
    }

    /// Whether the background check is still running.
    pub fn integrity_check_running(&self) -> bool {
        self.integrity.is_some()
    }

    /// Take the background check's finding, if it is in: damage makes the store refuse every
    /// write from now on (the banner names the file on every screen); a check that could not
    /// run says why on the status line.
    fn poll_integrity_check(&mut self) {
        let Some(rx) = &self.integrity else { return };
        let found = match rx.try_recv() {
            Ok(found) => found,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.integrity = None;
                return;
            }
        };
        self.integrity = None;
        match found {
            Ok(None) => {}
            Ok(Some(detail)) => self.session.store.refuse_writes(detail),
            Err(e) => self.session.error(&e.msg()),
        }
    }

    /// A database copied here from another machine (which kept its key) becomes one of its own
    /// when the kit opens, and says so once on the status line (`service::bundles::copied_here`).
    pub fn tell_if_copied(&mut self, key_dir: Option<&std::path::Path>) {
        let Some(key_dir) = key_dir else { return };
        match crate::service::bundles::copied_here(&self.session.store, key_dir) {
            Ok(Some(old)) => self
                .session
                .info(&Msg::new("tui-copied-database").arg("old", short_id(&old))),
            Ok(None) => {}
            Err(m) => self.session.error(&m),
        }
    }

    /// A quiz left midway (window closed, power cut) is offered on the next start.
    pub fn offer_unfinished_quiz(&mut self) {
        let s = &mut self.session;
        let Some(pid) = s.person_id() else { return };
        let open = s
            .pack
            .quizzes
            .iter()
            .find(|q| s.read(s.store.open_attempt(&pid, &q.id, false)).is_some());
        if let Some(q) = open {
            let title = q.title.get(s.lang()).to_string();
            s.info(&Msg::new("quiz-unfinished-offer").arg("quiz", title));
        }
    }

    fn restore_last_screen(&mut self) {
        let s = &mut self.session;
        // None: never saved, or the read failed (then `read` has put the error on the status
        // line); either way the kit opens on home.
        let last = s.read(s.store.setting(settings::LAST_SCREEN));
        let parts: Vec<&str> = last
            .as_deref()
            .map_or(Vec::new(), |l| l.split('/').collect());
        let course = parts
            .get(1)
            .and_then(|id| s.pack.courses.iter().position(|c| c.id == *id));
        match (parts.first().copied(), course) {
            (Some("reader"), Some(c)) => {
                let lesson = parts
                    .get(2)
                    .and_then(|id| s.pack.courses[c].lessons.iter().position(|l| l.id == *id))
                    .unwrap_or(0);
                self.go(Nav::Reader {
                    course: c,
                    lesson,
                    block: None,
                });
            }
            (Some("lessons"), Some(c)) => {
                self.screen = Screen::Lessons(course::LessonsState::open(s, c))
            }
            _ => self.screen = Screen::Home(home::HomeState::new(s, 0)),
        }
    }

    /// Remember where the person is, so the next start opens there.
    pub fn save_last_screen(&mut self) {
        let s = &mut self.session;
        let key = match &self.screen {
            Screen::Lessons(l) => format!("lessons/{}", s.pack.courses[l.course].id),
            Screen::Reader(r) => format!(
                "reader/{}/{}",
                s.pack.courses[r.course].id, s.pack.courses[r.course].lessons[r.lesson].id
            ),
            _ => "home".to_string(),
        };
        if let Err(e) = s.store.set_setting(settings::LAST_SCREEN, &key) {
            s.error(&e.msg());
        }
    }

    /// Move to where a screen sent the person. Entering or leaving the course screens (lesson
    /// list, reader) and signing in remember the place for the next start.
    fn go(&mut self, nav: Nav) {
        if let (Screen::Home(h), false) = (&self.screen, matches!(nav, Nav::Stay)) {
            self.home_cursor = h.cursor.selected();
        }
        let home_cursor = self.home_cursor;
        let from_course = self.screen.is_course();
        let s = &mut self.session;
        let next = match nav {
            Nav::Stay => return,
            Nav::Quit => {
                self.quit = true;
                return;
            }
            Nav::LeaveSearch => {
                let search = std::mem::replace(&mut self.screen, Screen::Home(Default::default()));
                self.screen = match search {
                    Screen::Search(_, back) => *back,
                    other => other,
                };
                return;
            }
            Nav::Home { selected } => Screen::Home(home::HomeState::new(s, selected)),
            Nav::HomeAgain => Screen::Home(home::HomeState::new(s, home_cursor)),
            Nav::Lessons { course, lesson } => {
                let mut state = course::LessonsState::open(s, course);
                if let Some(l) = lesson {
                    state.cursor = crate::tui::widgets::ListCursor::at(l);
                }
                Screen::Lessons(state)
            }
            Nav::Reader {
                course,
                lesson,
                block,
            } => {
                let found = matches!(self.screen, Screen::Search(..));
                let mut reader = course::ReaderState::open(s, course, lesson, block);
                // Opened from a search hit: the block it was found in is marked.
                if found {
                    reader.marked = block;
                }
                Screen::Reader(reader)
            }
            Nav::Profiles => Screen::Profiles(profile::ProfilesState::load(s)),
            Nav::NewProfile => Screen::ProfileForm(Box::new(profile::ProfileForm::new(s, false))),
            Nav::SignIn { person, saying } => {
                s.set_person(person);
                self.screen = Screen::Home(home::HomeState::new(s, 0));
                self.save_last_screen();
                if let Some(m) = saying {
                    self.session.info(&m);
                }
                return;
            }
            Nav::Quizzes { selected } => Screen::Quizzes(QuizListState::load(s, selected)),
            Nav::QuizRun {
                quiz,
                attempt,
                answers,
            } => Screen::QuizRun(Box::new(RunState::new(quiz, attempt, answers))),
            Nav::QuizResult {
                quiz,
                attempt,
                moves,
            } => Screen::QuizResult(ResultState::open(s, quiz, attempt).with_moves(moves)),
            Nav::Assessment => match YearsState::open(s) {
                Some(years) => Screen::AssessYears(years),
                None => return,
            },
            Nav::AssessYears { unit, year } => {
                Screen::AssessYears(YearsState::load(s, unit, Some(year)))
            }
            Nav::AssessWork { unit, assessment } => match WorkState::open(s, unit, assessment) {
                Some(w) => {
                    // A draft rescored under a new rule says so once, on opening.
                    if let Some(note @ ScoreNote::Rescored { .. }) = w.note {
                        let text = assess::note_text(s, note);
                        s.status = Some((text, false));
                    }
                    Screen::AssessWork(Box::new(w))
                }
                None => return,
            },
            Nav::Records => {
                let records = RecordsState::open(s);
                // Records a merge held back wait for the trainer: say so on arriving.
                let held = s.read(s.store.pending_count());
                if held > 0 {
                    s.info(&Msg::new("records-pending-notice").arg("count", held));
                }
                Screen::Records(Box::new(records))
            }
        };
        self.screen = next;
        if from_course || self.screen.is_course() {
            self.save_last_screen();
        }
    }

    fn toggle_lang(&mut self) {
        let s = &mut self.session;
        let lang = s.lang().other();
        s.i18n = I18n::new(lang);
        if let Err(e) = s.store.set_setting(settings::LANGUAGE, lang.code()) {
            s.error(&e.msg());
        }
        // Lesson text and search hits depend on the language.
        match &mut self.screen {
            Screen::Reader(r) => course::rewrap(r, s),
            Screen::Search(q, _) => search::refresh(q, s),
            _ => {}
        }
    }

    /// Open the search over this screen (Esc comes back to it).
    fn open_search(&mut self) {
        let back = std::mem::replace(&mut self.screen, Screen::Home(Default::default()));
        let back = match back {
            Screen::Search(_, back) => back,
            other => Box::new(other),
        };
        self.screen = Screen::Search(search::SearchState::default(), back);
    }

    /// Keep what was typed before the kit quits.
    fn quit_now(&mut self) {
        // The screen under an open search is left too.
        let screen = match &mut self.screen {
            Screen::Search(_, under) => under.as_mut(),
            other => other,
        };
        match screen {
            Screen::AssessWork(w) => assess::work::before_quit(w, &mut self.session),
            Screen::Reader(r) => course::save_position(r, &mut self.session),
            Screen::Records(r) => records::before_quit(r),
            _ => {}
        }
        self.save_last_screen();
        self.quit = true;
    }

    pub fn update(&mut self, action: Action) {
        // Before the action, so a write it would make is refused once damage is known.
        self.poll_integrity_check();
        self.dispatch(action);
        // A store read that failed while handling the action shows as a message, not as an
        // empty screen.
        self.session.show_read_error();
    }

    fn dispatch(&mut self, action: Action) {
        if let Action::Resize(w, h) = action {
            self.session.size = (w, h);
            match &mut self.screen {
                Screen::Reader(r) => course::rewrap(r, &mut self.session),
                Screen::Profiles(p) => profile::resized(p, &self.session),
                Screen::Records(r) => records::resized(&self.session, r),
                _ => {}
            }
            return;
        }
        // Ctrl+C, and SIGTERM/SIGHUP through the event loop, quit even with the help open.
        if action == Action::ForceQuit {
            return self.quit_now();
        }
        if self.help_open {
            if matches!(
                action,
                Action::Help | Action::Back | Action::Quit | Action::Enter
            ) {
                self.help_open = false;
            }
            return;
        }
        if !matches!(action, Action::None | Action::Tick) {
            self.session.status = None;
        }
        // The keys every screen may have act where the screen's table binds them, and only
        // there: the table is the one word on what a key does (a quiz question has no search).
        let bound = || {
            let table = self.screen.bindings(&self.session.pack);
            table.iter().any(|b| b.action == action)
        };
        match action {
            Action::Quit if bound() => return self.quit_now(),
            Action::Help if bound() => {
                self.help_open = true;
                return;
            }
            Action::ToggleLang if bound() => return self.toggle_lang(),
            Action::Search if bound() && self.session.person.is_some() => {
                return self.open_search()
            }
            _ => {}
        }
        let s = &mut self.session;
        let nav = match &mut self.screen {
            Screen::Home(h) => home::update(h, s, action),
            Screen::Profiles(p) => profile::update_list(p, s, action),
            Screen::ProfileForm(f) => profile::update_form(f, s, action),
            Screen::Lessons(l) => course::update_lessons(l, s, action),
            Screen::Reader(r) => course::update_reader(r, s, action),
            Screen::Search(q, _) => search::update(q, s, action),
            Screen::Quizzes(q) => quiz::list::update(q, s, action),
            Screen::QuizRun(r) => quiz::run::update(r, s, action),
            Screen::QuizResult(r) => quiz::result::update(r, action),
            Screen::AssessYears(y) => assess::years::update(y, s, action),
            Screen::AssessWork(w) => assess::work::update(w, s, action),
            Screen::Records(r) => records::update(r, s, action),
        };
        self.go(nav);
    }
}

/// The first group of a database id (a UUID), enough to tell databases apart on one line.
fn short_id(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

/// For the unit tests: the kit at 80×24 in Vietnamese on a new database in `dir` (the first-run
/// form), with the built-in pack.
#[cfg(test)]
pub(crate) fn test_app(dir: &std::path::Path) -> App {
    let store = crate::store::Store::open(&dir.join("t.db")).unwrap();
    let pack = crate::domain::content::load(&crate::domain::content::embedded_files())
        .pack
        .unwrap();
    App::new(store, pack, Lang::Vi, (80, 24))
}

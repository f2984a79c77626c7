//! The TUI's state and `update`: every key becomes an `Action`, and `update` is the only place
//! state changes. Saving happens here, through the store; a failure becomes a message on screen.

use crate::domain::content::Pack;
use crate::domain::i18n::{I18n, Lang, Msg};
use crate::domain::people::Person;
use crate::store::{settings, Store};

use super::screens::{assess, course, home, profile, quiz, records, search};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Enter,
    Back,
    Quit,
    /// Ctrl+C: quit even while a text field has focus.
    ForceQuit,
    Help,
    Search,
    Profiles,
    NewProfile,
    ToggleLang,
    NextLesson,
    PrevLesson,
    NextField,
    PrevField,
    Left,
    Right,
    /// A character typed into the focused text field.
    Input(char),
    Backspace,
    Resize(u16, u16),
    ScrollUp,
    ScrollDown,
    /// Choose option n (0-based, in display order).
    Pick(u8),
    /// Tick or untick the option under the cursor (multiple choice).
    Toggle,
    /// Practise the missed questions of the selected quiz.
    Practice,
    /// Time passes (the quiz timer, saving typed evidence).
    Tick,
    /// The self-assessment: summary, finalize, reopen, export the report.
    Summary,
    Finalize,
    Reopen,
    Export,
    /// Yes / no in a confirmation.
    Confirm,
    Deny,
    /// A newline inside pasted text: only a multi-line field takes it.
    PasteNewline,
    /// The records screen: next sort, course, status; per-unit rates; grant an attempt.
    SortNext,
    CourseNext,
    StatusNext,
    Rates,
    Grant,
    /// Print the certificate of a completed course.
    Certificate,
    /// Records: import or merge a file; delete a person.
    Import,
    Delete,
    /// Records: show one unit (and the units under it).
    UnitFilter,
    /// Records: completion or appointment date ranges.
    CompletedRange,
    AppointedRange,
    /// Records: export as Excel, as a records bundle, as xAPI statements.
    ExportXlsx,
    ExportJson,
    ExportXapi,
}

pub enum Screen {
    Home(home::HomeState),
    Profiles(profile::ProfilesState),
    ProfileForm(profile::ProfileForm),
    Lessons(course::LessonsState),
    Reader(course::ReaderState),
    Search(search::SearchState),
    Quizzes(quiz::QuizListState),
    QuizRun(Box<quiz::RunState>),
    QuizResult(quiz::ResultState),
    AssessYears(assess::YearsState),
    AssessWork(Box<assess::WorkState>),
    Records(Box<records::RecordsState>),
}

impl Screen {
    /// Whether a text field has focus: then letters and Backspace only type.
    pub fn has_text_focus(&self, pack: &Pack) -> bool {
        match self {
            Screen::ProfileForm(f) => f.focus_is_text(),
            Screen::Search(_) => true,
            Screen::QuizRun(r) => {
                r.phase == quiz::Phase::Asking
                    && r.kind_in(pack) == Some(crate::domain::content::QuestionKind::Text)
            }
            Screen::AssessWork(w) => assess::focus_is_text(w),
            Screen::Records(r) => records::focus_is_text(r),
            _ => false,
        }
    }
}

pub struct App {
    pub store: Store,
    pub pack: Pack,
    pub i18n: I18n,
    pub size: (u16, u16),
    pub person: Option<Person>,
    pub screen: Screen,
    pub help_open: bool,
    /// One line shown above the footer: an error, or a confirmation.
    pub status: Option<(String, bool)>,
    pub quit: bool,
    /// A demo database: the header says so on every screen.
    pub demo: bool,
}

impl App {
    /// Start on the last profile and screen, or on the profile form on first run.
    pub fn new(store: Store, pack: Pack, lang: Lang, size: (u16, u16)) -> App {
        let person = store
            .setting(settings::LAST_PERSON)
            .ok()
            .flatten()
            .and_then(|id| store.person(&id).ok().flatten());
        let mut app = App {
            store,
            pack,
            i18n: I18n::new(lang),
            size,
            person: None,
            // replaced below, once the person is known
            screen: Screen::Home(home::HomeState::default()),
            help_open: false,
            status: None,
            quit: false,
            demo: false,
        };
        app.demo = app.store.setting("demo").ok().flatten().as_deref() == Some("1");
        match person {
            Some(p) => {
                app.person = Some(p);
                app.restore_last_screen();
                app.offer_unfinished_quiz();
            }
            None => {
                let has_people = app.store.has_people().unwrap_or(false);
                app.screen = if has_people {
                    Screen::Profiles(profile::ProfilesState::load(&app))
                } else {
                    Screen::ProfileForm(profile::ProfileForm::new(&app, true))
                };
            }
        }
        app
    }

    /// A quiz left midway (window closed, power cut) is offered on the next start.
    pub fn offer_unfinished_quiz(&mut self) {
        let Some(pid) = self.person_id() else { return };
        let open = self.pack.quizzes.iter().find(|q| {
            self.store
                .open_attempt(&pid, &q.id, false)
                .ok()
                .flatten()
                .is_some()
        });
        if let Some(q) = open {
            let title = q.title.get(self.lang()).to_string();
            self.info(&Msg::new("quiz-unfinished-offer").arg("quiz", title));
        }
    }

    pub fn lang(&self) -> Lang {
        self.i18n.lang()
    }

    pub fn t(&self, id: &str) -> String {
        self.i18n.t(id)
    }

    /// Show a store or input error on the status line.
    pub fn error(&mut self, m: &Msg) {
        self.status = Some((self.i18n.msg(m), true));
    }

    pub fn info(&mut self, m: &Msg) {
        self.status = Some((self.i18n.msg(m), false));
    }

    pub fn person_id(&self) -> Option<String> {
        self.person.as_ref().map(|p| p.id.clone())
    }

    fn restore_last_screen(&mut self) {
        let last = self
            .store
            .setting(settings::LAST_SCREEN)
            .ok()
            .flatten()
            .unwrap_or_default();
        let parts: Vec<&str> = last.split('/').collect();
        let course = parts
            .get(1)
            .and_then(|id| self.pack.courses.iter().position(|c| c.id == *id));
        match (parts.first().copied(), course) {
            (Some("reader"), Some(c)) => {
                let lesson = parts
                    .get(2)
                    .and_then(|id| {
                        self.pack.courses[c]
                            .lessons
                            .iter()
                            .position(|l| l.id == *id)
                    })
                    .unwrap_or(0);
                course::open_reader(self, c, lesson, None);
            }
            (Some("lessons"), Some(c)) => {
                self.screen = Screen::Lessons(course::LessonsState::open(self, c))
            }
            _ => self.screen = Screen::Home(home::HomeState::new(self, 0)),
        }
    }

    /// Remember where the person is, so the next start opens there.
    pub fn save_last_screen(&mut self) {
        let key = match &self.screen {
            Screen::Lessons(l) => format!("lessons/{}", self.pack.courses[l.course].id),
            Screen::Reader(r) => format!(
                "reader/{}/{}",
                self.pack.courses[r.course].id, self.pack.courses[r.course].lessons[r.lesson].id
            ),
            _ => "home".to_string(),
        };
        if let Err(e) = self.store.set_setting(settings::LAST_SCREEN, &key) {
            self.error(&e.msg());
        }
    }

    pub fn set_person(&mut self, p: Person) {
        if let Err(e) = self.store.set_setting(settings::LAST_PERSON, &p.id) {
            self.error(&e.msg());
        }
        self.person = Some(p);
    }

    pub fn go_home(&mut self) {
        let selected = match &self.screen {
            Screen::Lessons(l) => l.course,
            _ => 0,
        };
        self.screen = Screen::Home(home::HomeState::new(self, selected));
    }

    fn toggle_lang(&mut self) {
        let lang = self.lang().other();
        self.i18n = I18n::new(lang);
        if let Err(e) = self.store.set_setting(settings::LANGUAGE, lang.code()) {
            self.error(&e.msg());
        }
        // Lesson text and search hits depend on the language.
        match &mut self.screen {
            Screen::Reader(_) => course::rewrap(self),
            Screen::Search(_) => search::refresh(self),
            _ => {}
        }
    }

    pub fn update(&mut self, action: Action) {
        if let Action::Resize(w, h) = action {
            self.size = (w, h);
            if matches!(self.screen, Screen::Reader(_)) {
                course::rewrap(self);
            }
            if matches!(self.screen, Screen::Records(_)) {
                records::open(self);
            }
            return;
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
            self.status = None;
        }
        let text_focus = self.screen.has_text_focus(&self.pack);
        match action {
            Action::ForceQuit => {
                assess::before_quit(self);
                self.save_last_screen();
                self.quit = true;
                return;
            }
            Action::Quit if !text_focus => {
                assess::before_quit(self);
                self.save_last_screen();
                self.quit = true;
                return;
            }
            Action::Help if !text_focus => {
                self.help_open = true;
                return;
            }
            Action::ToggleLang if !text_focus => {
                self.toggle_lang();
                return;
            }
            Action::Search if !text_focus && self.person.is_some() => {
                search::open(self);
                return;
            }
            _ => {}
        }
        match &self.screen {
            Screen::Home(_) => home::update(self, action),
            Screen::Profiles(_) => profile::update_list(self, action),
            Screen::ProfileForm(_) => profile::update_form(self, action),
            Screen::Lessons(_) => course::update_lessons(self, action),
            Screen::Reader(_) => course::update_reader(self, action),
            Screen::Search(_) => search::update(self, action),
            Screen::Quizzes(_) => quiz::update_list(self, action),
            Screen::QuizRun(_) => quiz::update_run(self, action),
            Screen::QuizResult(_) => quiz::update_result(self, action),
            Screen::AssessYears(_) => assess::update_years(self, action),
            Screen::AssessWork(_) => assess::update_work(self, action),
            Screen::Records(_) => records::update(self, action),
        }
    }
}

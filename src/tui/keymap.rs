//! One keymap table per screen: (keys, action, Fluent id). The footer and the `?` help
//! are both drawn from these tables, so keys and help never drift apart.
//!
//! The screens' tables are in one file on purpose: they are data read side by side (which key a
//! screen binds, and what the same key means on the next screen), with the shared bindings
//! (`UP`, `BACK`, …) and the tests that walk every table beside them. The quiz's tables, built
//! per question, are in `keymap/quiz.rs`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPat {
    Char(char),
    Code(KeyCode),
}

impl KeyPat {
    fn matches(&self, key: &KeyEvent) -> bool {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        match (self, key.code) {
            (KeyPat::Char(c), KeyCode::Char(k)) => *c == k,
            (KeyPat::Code(c), k) => *c == k,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [KeyPat],
    /// How the key is written in the footer and help ("↑/k", "Enter").
    pub label: &'static str,
    pub action: Action,
    /// Fluent id of what the key does.
    pub help: &'static str,
    /// Shown in the footer.
    pub footer: bool,
    /// Shown in the `?` help: every key with an action, except the single keys of a run that
    /// one summary row ("a–d/1–4") already names.
    pub in_help: bool,
}

impl Binding {
    /// Help, back and quit stay in the footer whatever else has to give way.
    pub fn always_shown(&self) -> bool {
        self.keys.iter().any(|k| {
            matches!(
                k,
                KeyPat::Char('?') | KeyPat::Char('q') | KeyPat::Code(KeyCode::Esc)
            )
        })
    }
}

const fn b(
    keys: &'static [KeyPat],
    label: &'static str,
    action: Action,
    help: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        help,
        footer,
        in_help: !matches!(action, Action::None),
    }
}

/// One row naming a run of keys ("a–d/1–4"): in the footer and the help, acting itself on nothing.
const fn group(label: &'static str, help: &'static str) -> Binding {
    Binding {
        keys: &[],
        label,
        action: Action::None,
        help,
        footer: true,
        in_help: true,
    }
}

/// One key of a run a `group` row names: it acts, but is listed only through that row.
const fn member(
    keys: &'static [KeyPat],
    label: &'static str,
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        help,
        footer: false,
        in_help: false,
    }
}

use KeyCode::*;
use KeyPat::{Char as C, Code as K};

mod quiz;
pub use quiz::*;

const UP: Binding = b(&[K(Up), C('k')], "↑/k", Action::Up, "key-up", false);
const DOWN: Binding = b(&[K(Down), C('j')], "↓/j", Action::Down, "key-down", false);
const MOVE: Binding = b(&[], "↑↓", Action::None, "key-move", true);
const OPEN: Binding = b(&[K(Enter)], "Enter", Action::Enter, "key-open", true);
const BACK: Binding = b(&[K(Esc)], "Esc", Action::Back, "key-back", true);
const HELP: Binding = b(&[C('?')], "?", Action::Help, "key-help", true);
const QUIT: Binding = b(&[C('q')], "q", Action::Quit, "key-quit", true);
const SEARCH: Binding = b(&[C('/')], "/", Action::Search, "key-search", true);
const LANG: Binding = b(&[C('l')], "l", Action::ToggleLang, "key-lang", false);
/// `/` where the footer has no room for it: still bound, and listed in the `?` help.
const SEARCH_QUIET: Binding = b(&[C('/')], "/", Action::Search, "key-search", false);
const PAGE_UP: Binding = b(&[K(PageUp)], "PgUp", Action::PageUp, "key-page-up", false);
const PAGE_DOWN: Binding = b(
    &[K(PageDown), C(' ')],
    "PgDn/Space",
    Action::PageDown,
    "key-page-down",
    false,
);
const TOP: Binding = b(&[K(Home), C('g')], "Home/g", Action::Top, "key-top", false);
const BOTTOM: Binding = b(
    &[K(End), C('G')],
    "End/G",
    Action::Bottom,
    "key-bottom",
    false,
);

/// The ends and pages of a list (home, a course's lessons): no letters, so none is taken.
const LIST_PAGE_UP: Binding = b(&[K(PageUp)], "PgUp", Action::PageUp, "key-page-up", false);
const LIST_PAGE_DOWN: Binding = b(
    &[K(PageDown)],
    "PgDn",
    Action::PageDown,
    "key-page-down",
    false,
);
const LIST_TOP: Binding = b(&[K(Home)], "Home", Action::Top, "key-list-top", false);
const LIST_BOTTOM: Binding = b(&[K(End)], "End", Action::Bottom, "key-list-bottom", false);

pub const HOME: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    OPEN,
    SEARCH,
    b(&[C('p')], "p", Action::Profiles, "key-profiles", true),
    LANG,
    HELP,
    QUIT,
];

pub const LESSONS: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    OPEN,
    b(&[C('c')], "c", Action::Certificate, "key-certificate", true),
    BACK,
    SEARCH,
    LANG,
    HELP,
    QUIT,
];

pub const READER: &[Binding] = &[
    b(&[], "↑↓ PgUp PgDn", Action::None, "key-scroll", true),
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    TOP,
    BOTTOM,
    b(
        &[C('n'), K(Right)],
        "n/→",
        Action::NextLesson,
        "key-next-lesson",
        true,
    ),
    b(
        &[C('b'), K(Left)],
        "b/←",
        Action::PrevLesson,
        "key-prev-lesson",
        true,
    ),
    BACK,
    SEARCH,
    LANG,
    HELP,
    QUIT,
];

/// The learner chooser, read a page at a time.
pub const PROFILES: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    b(&[K(Enter)], "Enter", Action::Enter, "key-choose", true),
    b(&[C('/')], "/", Action::FindName, "key-find-name", true),
    b(&[C('n')], "n", Action::NewProfile, "key-new-profile", true),
    BACK,
    LANG,
    HELP,
    QUIT,
];

/// The learner chooser before anyone has signed in: nothing to go back to.
pub const PROFILES_FIRST: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    b(&[K(Enter)], "Enter", Action::Enter, "key-choose", true),
    b(&[C('/')], "/", Action::FindName, "key-find-name", true),
    b(&[C('n')], "n", Action::NewProfile, "key-new-profile", true),
    LANG,
    HELP,
    QUIT,
];

/// The learner chooser with its name search open: letters type; the arrows still move.
pub const PROFILES_FIND: &[Binding] = &[
    MOVE,
    b(&[K(Up)], "↑", Action::Up, "key-up", false),
    b(&[K(Down)], "↓", Action::Down, "key-down", false),
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    b(&[K(Enter)], "Enter", Action::Enter, "key-choose", true),
    b(&[K(Esc)], "Esc", Action::Back, "key-find-close", true),
];

/// The profile form: a text field has focus, so letters only type (Telex sends letters and Backspace).
pub const PROFILE_FORM: &[Binding] = &[
    b(&[K(Enter)], "Enter", Action::Enter, "key-next-field", true),
    b(
        &[K(Tab), K(Down)],
        "Tab/↓",
        Action::NextField,
        "key-next-field",
        false,
    ),
    b(
        &[K(BackTab), K(Up)],
        "⇧Tab/↑",
        Action::PrevField,
        "key-prev-field",
        true,
    ),
    b(&[], "←→", Action::None, "key-choose-option", true),
    b(&[K(Left)], "←", Action::Left, "key-choose-option", false),
    b(&[K(Right)], "→", Action::Right, "key-choose-option", false),
    b(&[K(Esc)], "Esc", Action::Back, "key-cancel", true),
];

/// Search: the query field has focus; arrows move in the results.
pub const SEARCH_SCREEN: &[Binding] = &[
    b(&[], "↑↓", Action::None, "key-move", true),
    b(&[K(Up)], "↑", Action::Up, "key-up", false),
    b(&[K(Down)], "↓", Action::Down, "key-down", false),
    b(&[K(Enter)], "Enter", Action::Enter, "key-open", true),
    b(&[K(Left)], "←", Action::Left, "key-cursor", false),
    b(&[K(Right)], "→", Action::Right, "key-cursor", false),
    b(&[K(Esc)], "Esc", Action::Back, "key-back", true),
];

pub const RECORDS: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    b(&[K(PageUp)], "PgUp", Action::PageUp, "key-page-up", false),
    b(
        &[K(PageDown)],
        "PgDn",
        Action::PageDown,
        "key-page-down",
        true,
    ),
    LIST_TOP,
    LIST_BOTTOM,
    b(
        &[K(Enter)],
        "Enter",
        Action::Enter,
        "key-records-person",
        true,
    ),
    b(&[C('s')], "s", Action::SortNext, "key-records-sort", true),
    b(
        &[C('c')],
        "c",
        Action::CourseNext,
        "key-records-course",
        true,
    ),
    b(
        &[C('t')],
        "t",
        Action::StatusNext,
        "key-records-status",
        true,
    ),
    b(&[C('f')], "f", Action::UnitFilter, "key-records-unit", true),
    b(
        &[C('d')],
        "d",
        Action::CompletedRange,
        "key-records-completed",
        false,
    ),
    b(
        &[C('a')],
        "a",
        Action::AppointedRange,
        "key-records-appointed",
        false,
    ),
    b(&[C('u')], "u", Action::Rates, "key-records-rates", true),
    b(
        &[C('Q')],
        "Q",
        Action::QuestionStats,
        "key-records-stats",
        false,
    ),
    b(&[C('x')], "x", Action::Export, "key-records-export", true),
    b(
        &[C('X')],
        "X",
        Action::ExportXlsx,
        "key-records-export-xlsx",
        false,
    ),
    b(
        &[C('J')],
        "J",
        Action::ExportJson,
        "key-records-export-json",
        false,
    ),
    b(
        &[C('A')],
        "A",
        Action::ExportXapi,
        "key-records-export-xapi",
        false,
    ),
    b(&[C('P')], "P", Action::Push, "key-records-push", false),
    b(&[C('i')], "i", Action::Import, "key-records-import", true),
    BACK,
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

/// The records screen while a background job (an import, a merge, an export, a push) runs:
/// the view still moves; `Esc` cancels the job instead of leaving.
pub const JOB_RUNNING: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    b(&[K(PageUp)], "PgUp", Action::PageUp, "key-page-up", false),
    b(
        &[K(PageDown)],
        "PgDn",
        Action::PageDown,
        "key-page-down",
        true,
    ),
    LIST_TOP,
    LIST_BOTTOM,
    b(&[K(Esc)], "Esc", Action::Back, "key-job-cancel", true),
    LANG,
    HELP,
    QUIT,
];

/// The rates by unit: one row per unit, scrolling.
pub const RECORDS_RATES: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    b(&[K(Esc), C('u')], "Esc", Action::Back, "key-back", true),
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

/// The question statistics: a quiz's questions, scrolling; `c` the next quiz.
pub const RECORDS_STATS: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    b(&[K(PageUp)], "PgUp", Action::PageUp, "key-page-up", false),
    b(
        &[K(PageDown)],
        "PgDn",
        Action::PageDown,
        "key-page-down",
        true,
    ),
    LIST_TOP,
    LIST_BOTTOM,
    b(&[C('c')], "c", Action::CourseNext, "key-stats-quiz", true),
    b(&[K(Esc), C('Q')], "Esc", Action::Back, "key-back", true),
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

pub const RECORDS_PERSON: &[Binding] = &[
    b(&[K(Up), C('k')], "↑↓", Action::Up, "key-move", true),
    b(&[K(Down), C('j')], "↓/j", Action::Down, "key-down", false),
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    b(&[C('a')], "a", Action::Grant, "key-records-grant", true),
    b(&[C('d')], "d", Action::Delete, "key-records-delete", true),
    b(&[C('p')], "p", Action::Certificate, "key-certificate", true),
    BACK,
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

/// A one-line text prompt of the records screen (a file, a unit, dates): letters type, the
/// arrows move the text cursor.
pub const TEXT_PROMPT: &[Binding] = &[
    b(&[K(Enter)], "Enter", Action::Enter, "key-confirm", true),
    b(&[K(Left)], "←", Action::Left, "key-cursor", false),
    b(&[K(Right)], "→", Action::Right, "key-cursor", false),
    b(&[K(Esc)], "Esc", Action::Back, "key-cancel", true),
];

/// The rows an import refused: they scroll; Esc closes.
pub const RECORDS_REFUSED: &[Binding] = &[
    b(&[], "↑↓ PgUp PgDn", Action::None, "key-scroll", true),
    UP,
    DOWN,
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    BACK,
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

/// The unit filter: letters type a part of a code or name; the arrows and pages move in the
/// units that match.
pub const UNIT_PICKER: &[Binding] = &[
    b(&[], "↑↓", Action::None, "key-move", true),
    b(&[K(Up)], "↑", Action::Up, "key-up", false),
    b(&[K(Down)], "↓", Action::Down, "key-down", false),
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    b(&[K(Enter)], "Enter", Action::Enter, "key-choose", true),
    b(&[K(Left)], "←", Action::Left, "key-cursor", false),
    b(&[K(Right)], "→", Action::Right, "key-cursor", false),
    b(&[K(Esc)], "Esc", Action::Back, "key-cancel", true),
];

/// The records screen's push form: the address, user and password fields.
pub const RECORDS_PUSH: &[Binding] = &[
    b(&[K(Tab)], "Tab", Action::NextField, "key-next-field", true),
    b(
        &[K(BackTab)],
        "⇧Tab",
        Action::PrevField,
        "key-prev-field",
        false,
    ),
    b(&[K(Left)], "←", Action::Left, "key-cursor", false),
    b(&[K(Right)], "→", Action::Right, "key-cursor", false),
    b(
        &[K(Enter)],
        "Enter",
        Action::Enter,
        "key-records-push-start",
        true,
    ),
    b(&[K(Esc)], "Esc", Action::Back, "key-cancel", true),
];

pub const GUARD: &[Binding] = &[
    b(&[K(Enter)], "Enter", Action::Enter, "key-confirm", true),
    b(&[K(Esc)], "Esc", Action::Back, "key-cancel", true),
];

pub const ASSESS_YEARS: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    OPEN,
    b(&[C('n')], "n", Action::NewProfile, "key-assess-new", true),
    b(&[C('c')], "c", Action::Practice, "key-assess-copy", true),
    BACK,
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

pub const ASSESS_TASKS: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    OPEN,
    b(&[C('s')], "s", Action::Summary, "key-assess-summary", true),
    b(
        &[C('f')],
        "f",
        Action::Finalize,
        "key-assess-finalize",
        true,
    ),
    b(&[C('o')], "o", Action::Reopen, "key-assess-reopen", true),
    b(&[C('e')], "e", Action::Export, "key-assess-export", true),
    BACK,
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

pub const ASSESS_SUMMARY: &[Binding] = &[
    b(&[K(Up), C('k')], "↑↓", Action::Up, "key-scroll", true),
    b(&[K(Down), C('j')], "↓/j", Action::Down, "key-down", false),
    b(
        &[C('f')],
        "f",
        Action::Finalize,
        "key-assess-finalize",
        true,
    ),
    b(&[C('o')], "o", Action::Reopen, "key-assess-reopen", true),
    b(&[C('e')], "e", Action::Export, "key-assess-export", true),
    b(&[K(Esc), C('s')], "Esc", Action::Back, "key-back", true),
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

/// A criterion with the answer focused: y/p/n/x answer; Tab moves to the text fields.
pub const ASSESS_ANSWER: &[Binding] = &[
    b(
        &[C('y'), C('1')],
        "y",
        Action::Pick(0),
        "key-assess-yes",
        true,
    ),
    b(
        &[C('p'), C('2')],
        "p",
        Action::Pick(1),
        "key-assess-partly",
        true,
    ),
    b(
        &[C('n'), C('3')],
        "n",
        Action::Pick(2),
        "key-assess-no",
        true,
    ),
    b(
        &[C('x'), C('4')],
        "x",
        Action::Pick(3),
        "key-assess-na",
        true,
    ),
    b(
        &[K(Enter)],
        "Enter",
        Action::Enter,
        "key-assess-confirm",
        false,
    ),
    b(&[K(Tab)], "Tab", Action::NextField, "key-next-field", true),
    b(
        &[K(BackTab)],
        "⇧Tab",
        Action::PrevField,
        "key-prev-field",
        false,
    ),
    b(
        &[K(PageDown)],
        "PgDn",
        Action::PageDown,
        "key-assess-next",
        true,
    ),
    b(
        &[K(PageUp)],
        "PgUp",
        Action::PageUp,
        "key-assess-prev",
        true,
    ),
    b(&[K(Esc)], "Esc", Action::Back, "key-back", true),
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

/// A count or percentage criterion with the answer focused: no yes/partly/no (the value is typed
/// after Tab); `x` marks it not applicable.
pub const ASSESS_ANSWER_VALUE: &[Binding] = &[
    b(
        &[C('x'), C('4')],
        "x",
        Action::Pick(3),
        "key-assess-na",
        true,
    ),
    b(
        &[K(Enter)],
        "Enter",
        Action::Enter,
        "key-assess-confirm",
        false,
    ),
    b(
        &[K(Tab)],
        "Tab",
        Action::NextField,
        "key-assess-type-value",
        true,
    ),
    b(
        &[K(BackTab)],
        "⇧Tab",
        Action::PrevField,
        "key-prev-field",
        false,
    ),
    b(
        &[K(PageDown)],
        "PgDn",
        Action::PageDown,
        "key-assess-next",
        true,
    ),
    b(
        &[K(PageUp)],
        "PgUp",
        Action::PageUp,
        "key-assess-prev",
        true,
    ),
    b(&[K(Esc)], "Esc", Action::Back, "key-back", true),
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

/// A criterion of a finalized year: read only; an answer key says so and how to reopen.
pub const ASSESS_LOCKED: &[Binding] = &[
    group("y/p/n/x", "key-assess-locked"),
    member(&[C('y'), C('1')], "y", Action::Pick(0), "key-assess-locked"),
    member(&[C('p'), C('2')], "p", Action::Pick(1), "key-assess-locked"),
    member(&[C('n'), C('3')], "n", Action::Pick(2), "key-assess-locked"),
    member(&[C('x'), C('4')], "x", Action::Pick(3), "key-assess-locked"),
    b(
        &[K(PageDown)],
        "PgDn",
        Action::PageDown,
        "key-assess-next",
        true,
    ),
    b(
        &[K(PageUp)],
        "PgUp",
        Action::PageUp,
        "key-assess-prev",
        true,
    ),
    b(&[K(Esc)], "Esc", Action::Back, "key-back", true),
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

/// A criterion with a text field focused: letters, Backspace, Enter (a new line in the evidence) edit.
pub const ASSESS_TEXT: &[Binding] = &[
    b(&[K(Tab)], "Tab", Action::NextField, "key-next-field", true),
    b(
        &[K(BackTab)],
        "⇧Tab",
        Action::PrevField,
        "key-prev-field",
        true,
    ),
    b(&[K(Left)], "←", Action::Left, "key-cursor", false),
    b(&[K(Right)], "→", Action::Right, "key-cursor", false),
    b(
        &[K(Enter)],
        "Enter",
        Action::Enter,
        "key-assess-enter",
        true,
    ),
    b(
        &[K(PageDown)],
        "PgDn",
        Action::PageDown,
        "key-assess-next",
        true,
    ),
    b(
        &[K(PageUp)],
        "PgUp",
        Action::PageUp,
        "key-assess-prev",
        false,
    ),
    b(&[K(Esc)], "Esc", Action::Back, "key-back", true),
];

pub const CONFIRM: &[Binding] = &[
    b(
        &[C('y'), K(Enter)],
        "y/Enter",
        Action::Confirm,
        "key-confirm",
        true,
    ),
    b(&[C('n'), K(Esc)], "n/Esc", Action::Deny, "key-cancel", true),
];

pub const REASON: &[Binding] = &[
    b(
        &[K(Enter)],
        "Enter",
        Action::Enter,
        "key-assess-reopen",
        true,
    ),
    b(&[K(Esc)], "Esc", Action::Back, "key-cancel", true),
];

/// Every fixed table by name (the question tables are made per question: `quiz_choice`,
/// `quiz_matching`), for the tests that walk them and the README's keys table.
pub const TABLES: &[(&str, &[Binding])] = &[
    ("HOME", HOME),
    ("LESSONS", LESSONS),
    ("READER", READER),
    ("PROFILES", PROFILES),
    ("PROFILES_FIRST", PROFILES_FIRST),
    ("PROFILES_FIND", PROFILES_FIND),
    ("PROFILE_FORM", PROFILE_FORM),
    ("SEARCH_SCREEN", SEARCH_SCREEN),
    ("RECORDS", RECORDS),
    ("JOB_RUNNING", JOB_RUNNING),
    ("RECORDS_RATES", RECORDS_RATES),
    ("RECORDS_STATS", RECORDS_STATS),
    ("RECORDS_PERSON", RECORDS_PERSON),
    ("TEXT_PROMPT", TEXT_PROMPT),
    ("RECORDS_REFUSED", RECORDS_REFUSED),
    ("UNIT_PICKER", UNIT_PICKER),
    ("RECORDS_PUSH", RECORDS_PUSH),
    ("GUARD", GUARD),
    ("ASSESS_YEARS", ASSESS_YEARS),
    ("ASSESS_TASKS", ASSESS_TASKS),
    ("ASSESS_SUMMARY", ASSESS_SUMMARY),
    ("ASSESS_ANSWER", ASSESS_ANSWER),
    ("ASSESS_ANSWER_VALUE", ASSESS_ANSWER_VALUE),
    ("ASSESS_LOCKED", ASSESS_LOCKED),
    ("ASSESS_TEXT", ASSESS_TEXT),
    ("CONFIRM", CONFIRM),
    ("REASON", REASON),
    ("QUIZ_LIST", QUIZ_LIST),
    ("QUIZ_ORDERING", QUIZ_ORDERING),
    ("QUIZ_TEXT", QUIZ_TEXT),
    ("QUIZ_FEEDBACK", QUIZ_FEEDBACK),
    ("QUIZ_RESULT", QUIZ_RESULT),
];

/// How a key is written in the README and the help: `x`, `Enter`, `↑`, `PgDn`, `Space`…
pub fn key_name(k: &KeyPat) -> String {
    match k {
        KeyPat::Char(' ') => "Space".into(),
        KeyPat::Char(c) => c.to_string(),
        KeyPat::Code(code) => match code {
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::BackTab => "Shift+Tab".into(),
            other => other.to_string(),
        },
    }
}

/// How the key for `action` is written on a screen (the footer's label), so a message that
/// names a key names the one the table binds.
pub fn key_label(table: &[Binding], action: Action) -> Option<&'static str> {
    table.iter().find(|b| b.action == action).map(|b| b.label)
}

/// The action a key means on a screen, if any.
pub fn lookup(table: &[Binding], key: &KeyEvent) -> Option<Action> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|p| p.matches(key)))
        .map(|b| b.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_binding_is_reachable_and_helped() {
        let made = [quiz_choice(4, true), quiz_matching(3)];
        let tables = TABLES
            .iter()
            .map(|(_, t)| *t)
            .chain(made.iter().map(|t| &t[..]));
        for table in tables {
            for b in table {
                assert!(!b.help.is_empty());
                assert!(
                    b.action == Action::None || !b.keys.is_empty(),
                    "{}",
                    b.label
                );
            }
        }
    }

    #[test]
    fn lookup_ignores_control_combinations() {
        let plain = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        let ctrl = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(lookup(HOME, &plain), Some(Action::Quit));
        assert_eq!(lookup(HOME, &ctrl), None);
    }
}

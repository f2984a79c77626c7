//! One keymap table per screen: (keys, action, Fluent id). The footer and the `?` help
//! are both drawn from these tables, so keys and help never drift apart.
//!
//! One file on purpose: the tables are data read side by side (which key a screen binds, and
//! what the same key means on the next screen), and the shared bindings (`UP`, `BACK`, …) and
//! the tests that walk every table sit beside them.

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

pub const QUIZ_LIST: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    LIST_PAGE_UP,
    LIST_PAGE_DOWN,
    LIST_TOP,
    LIST_BOTTOM,
    b(&[K(Enter)], "Enter", Action::Enter, "key-start-quiz", true),
    b(&[C('r')], "r", Action::Practice, "key-practice", true),
    BACK,
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

/// The keys that pick option n (letter and digit), and how a run of the first n is written.
static PICK_KEYS: [[KeyPat; 2]; 9] = [
    [C('a'), C('1')],
    [C('b'), C('2')],
    [C('c'), C('3')],
    [C('d'), C('4')],
    [C('e'), C('5')],
    [C('f'), C('6')],
    [C('g'), C('7')],
    [C('h'), C('8')],
    [C('i'), C('9')],
];
const PICK_ONE: [&str; 9] = [
    "a/1", "b/2", "c/3", "d/4", "e/5", "f/6", "g/7", "h/8", "i/9",
];
const PICK_RUN: [&str; 9] = [
    "a/1",
    "a–b/1–2",
    "a–c/1–3",
    "a–d/1–4",
    "a–e/1–5",
    "a–f/1–6",
    "a–g/1–7",
    "a–h/1–8",
    "a–i/1–9",
];
const LETTER_RUN: [&str; 9] = ["a", "a–b", "a–c", "a–d", "a–e", "a–f", "a–g", "a–h", "a–i"];
const DIGIT_RUN: [&str; 9] = ["1", "1–2", "1–3", "1–4", "1–5", "1–6", "1–7", "1–8", "1–9"];
const LETTER_ONE: [&str; 9] = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
const DIGIT_ONE: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// A choice question (single, multiple, true/false) with `options` options: letters and digits
/// pick only the options there are (they are not typed anywhere), and Space ticks only when more
/// than one may be chosen.
pub fn quiz_choice(options: usize, multiple: bool) -> Vec<Binding> {
    let n = options.min(PICK_KEYS.len());
    let mut t = Vec::with_capacity(n + 8);
    if n > 0 {
        t.push(group(PICK_RUN[n - 1], "key-pick"));
    }
    for (i, keys) in PICK_KEYS.iter().enumerate().take(n) {
        t.push(member(keys, PICK_ONE[i], Action::Pick(i as u8), "key-pick"));
    }
    t.push(b(&[K(Up), C('k')], "↑↓", Action::Up, "key-move", true));
    t.push(b(
        &[K(Down), C('j')],
        "↓/j",
        Action::Down,
        "key-down",
        false,
    ));
    if multiple {
        t.push(b(&[C(' ')], "Space", Action::Toggle, "key-toggle", true));
    }
    t.extend([
        b(&[K(Enter)], "Enter", Action::Enter, "key-answer", true),
        b(&[K(Esc)], "Esc", Action::Back, "key-pause-quiz", true),
        LANG,
        HELP,
        QUIT,
    ]);
    t
}

/// A matching question with `pairs` pairs: letters choose a left item, digits give it its match
/// on the right; only as many as there are.
pub fn quiz_matching(pairs: usize) -> Vec<Binding> {
    let n = pairs.min(PICK_KEYS.len());
    let mut t = Vec::with_capacity(2 * n + 8);
    if n > 0 {
        t.push(group(LETTER_RUN[n - 1], "key-match-left"));
    }
    for (i, keys) in PICK_KEYS.iter().enumerate().take(n) {
        t.push(member(
            &keys[..1],
            LETTER_ONE[i],
            Action::Pick(i as u8),
            "key-match-left",
        ));
    }
    if n > 0 {
        t.push(group(DIGIT_RUN[n - 1], "key-match-right"));
    }
    for (i, keys) in PICK_KEYS.iter().enumerate().take(n) {
        t.push(member(
            &keys[1..],
            DIGIT_ONE[i],
            Action::Match(i as u8),
            "key-match-right",
        ));
    }
    t.extend([
        b(&[K(Up), C('k')], "↑↓", Action::Up, "key-move", true),
        b(&[K(Down), C('j')], "↓/j", Action::Down, "key-down", false),
        b(
            &[K(Backspace), K(Delete)],
            "Backspace",
            Action::Backspace,
            "key-match-clear",
            false,
        ),
        b(&[K(Enter)], "Enter", Action::Enter, "key-answer", true),
        b(&[K(Esc)], "Esc", Action::Back, "key-pause-quiz", true),
        LANG,
        HELP,
        QUIT,
    ]);
    t
}

/// An ordering question: Space takes the item under the cursor, ↑↓ then carry it.
pub const QUIZ_ORDERING: &[Binding] = &[
    b(&[K(Up), C('k')], "↑↓", Action::Up, "key-order-move", true),
    b(&[K(Down), C('j')], "↓/j", Action::Down, "key-down", false),
    b(&[C(' ')], "Space", Action::Toggle, "key-order-carry", true),
    b(&[K(Enter)], "Enter", Action::Enter, "key-answer", true),
    b(&[K(Esc)], "Esc", Action::Back, "key-pause-quiz", true),
    LANG,
    HELP,
    QUIT,
];

/// A short-answer question: the text field has focus, so letters type.
pub const QUIZ_TEXT: &[Binding] = &[
    b(&[K(Enter)], "Enter", Action::Enter, "key-answer", true),
    b(&[K(Left)], "←", Action::Left, "key-cursor", false),
    b(&[K(Right)], "→", Action::Right, "key-cursor", false),
    b(&[K(Esc)], "Esc", Action::Back, "key-pause-quiz", true),
];

pub const QUIZ_FEEDBACK: &[Binding] = &[
    b(
        &[K(Enter), K(Right)],
        "Enter",
        Action::Enter,
        "key-next-question",
        true,
    ),
    b(&[K(Up), C('k')], "↑↓", Action::Up, "key-scroll", true),
    b(&[K(Down), C('j')], "↓/j", Action::Down, "key-down", false),
    b(&[K(Esc)], "Esc", Action::Back, "key-pause-quiz", true),
    LANG,
    HELP,
    QUIT,
];

pub const QUIZ_RESULT: &[Binding] = &[
    b(&[K(Up), C('k')], "↑↓", Action::Up, "key-scroll", true),
    b(&[K(Down), C('j')], "↓/j", Action::Down, "key-down", false),
    PAGE_UP,
    PAGE_DOWN,
    TOP,
    BOTTOM,
    b(
        &[K(Enter), K(Esc)],
        "Enter/Esc",
        Action::Back,
        "key-back",
        true,
    ),
    SEARCH_QUIET,
    LANG,
    HELP,
    QUIT,
];

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
        for table in [
            HOME,
            LESSONS,
            READER,
            PROFILES,
            PROFILES_FIRST,
            PROFILES_FIND,
            PROFILE_FORM,
            SEARCH_SCREEN,
            RECORDS,
            RECORDS_RATES,
            RECORDS_STATS,
            RECORDS_PERSON,
            GUARD,
            &quiz_choice(4, true)[..],
            &quiz_matching(3)[..],
            QUIZ_ORDERING,
        ] {
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

    #[test]
    fn choice_keys_follow_the_question() {
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let two = quiz_choice(2, false);
        let footer: Vec<&str> = two.iter().filter(|b| b.footer).map(|b| b.label).collect();
        assert_eq!(footer, ["a–b/1–2", "↑↓", "Enter", "Esc", "?", "q"]);
        assert_eq!(lookup(&two, &key('b')), Some(Action::Pick(1)));
        assert_eq!(lookup(&two, &key('c')), None, "no third option");
        assert_eq!(lookup(&two, &key(' ')), None, "single choice ticks nothing");
        let five = quiz_choice(5, true);
        assert!(five.iter().any(|b| b.footer && b.label == "a–e/1–5"));
        assert_eq!(lookup(&five, &key(' ')), Some(Action::Toggle));
        assert_eq!(lookup(&five, &key('5')), Some(Action::Pick(4)));
        // The help names the run once, not each key of it.
        let picks_in_help = five
            .iter()
            .filter(|b| b.in_help && b.help == "key-pick")
            .count();
        assert_eq!(picks_in_help, 1);
        let matching = quiz_matching(3);
        let labels: Vec<&str> = matching
            .iter()
            .filter(|b| b.in_help)
            .map(|b| b.label)
            .collect();
        assert!(
            labels.contains(&"a–c") && labels.contains(&"1–3"),
            "{labels:?}"
        );
        assert_eq!(lookup(&matching, &key('3')), Some(Action::Match(2)));
        assert_eq!(lookup(&matching, &key('4')), None);
    }
}

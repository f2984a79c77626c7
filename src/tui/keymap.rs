//! One keymap table per screen: (keys, action, Fluent id). The footer and the `?` help
//! are both drawn from these tables, so keys and help never drift apart.

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
    /// Shown in the footer (all bindings are shown in the help).
    pub footer: bool,
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

pub const PROFILES: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
    b(&[K(Enter)], "Enter", Action::Enter, "key-choose", true),
    b(&[C('n')], "n", Action::NewProfile, "key-new-profile", true),
    BACK,
    HELP,
    QUIT,
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
    b(&[K(Home), C('g')], "Home", Action::Top, "key-top", false),
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
    HELP,
    QUIT,
];

pub const RECORDS_RATES: &[Binding] = &[
    b(&[K(Esc), C('u')], "Esc", Action::Back, "key-back", true),
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
    HELP,
    QUIT,
];

pub const RECORDS_PERSON: &[Binding] = &[
    b(&[K(Up), C('k')], "↑↓", Action::Up, "key-move", true),
    b(&[K(Down), C('j')], "↓/j", Action::Down, "key-down", false),
    b(&[C('a')], "a", Action::Grant, "key-records-grant", true),
    b(&[C('d')], "d", Action::Delete, "key-records-delete", true),
    b(&[C('p')], "p", Action::Certificate, "key-certificate", true),
    BACK,
    HELP,
    QUIT,
];

/// The trainer's passphrase field has focus.
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
    OPEN,
    b(&[C('n')], "n", Action::NewProfile, "key-assess-new", true),
    b(&[C('c')], "c", Action::Practice, "key-assess-copy", true),
    BACK,
    HELP,
    QUIT,
];

pub const ASSESS_TASKS: &[Binding] = &[
    MOVE,
    UP,
    DOWN,
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
    b(&[K(Enter)], "Enter", Action::Enter, "key-start-quiz", true),
    b(&[C('r')], "r", Action::Practice, "key-practice", true),
    BACK,
    LANG,
    HELP,
    QUIT,
];

const PICKS: [Binding; 10] = [
    b(&[], "a–d/1–4", Action::None, "key-pick", true),
    b(&[C('a'), C('1')], "a/1", Action::Pick(0), "key-pick", false),
    b(&[C('b'), C('2')], "b/2", Action::Pick(1), "key-pick", false),
    b(&[C('c'), C('3')], "c/3", Action::Pick(2), "key-pick", false),
    b(&[C('d'), C('4')], "d/4", Action::Pick(3), "key-pick", false),
    b(&[C('e'), C('5')], "e/5", Action::Pick(4), "key-pick", false),
    b(&[C('f'), C('6')], "f/6", Action::Pick(5), "key-pick", false),
    b(&[C('g'), C('7')], "g/7", Action::Pick(6), "key-pick", false),
    b(&[C('h'), C('8')], "h/8", Action::Pick(7), "key-pick", false),
    b(&[C('i'), C('9')], "i/9", Action::Pick(8), "key-pick", false),
];

/// A choice question: letters and digits pick options (they are not typed anywhere).
pub const QUIZ_CHOICE: &[Binding] = &[
    PICKS[0],
    PICKS[1],
    PICKS[2],
    PICKS[3],
    PICKS[4],
    PICKS[5],
    PICKS[6],
    PICKS[7],
    PICKS[8],
    PICKS[9],
    b(&[K(Up), C('k')], "↑↓", Action::Up, "key-move", true),
    b(&[K(Down), C('j')], "↓/j", Action::Down, "key-down", false),
    b(&[C(' ')], "Space", Action::Toggle, "key-toggle", true),
    b(&[K(Enter)], "Enter", Action::Enter, "key-answer", true),
    b(&[K(Esc)], "Esc", Action::Back, "key-pause-quiz", true),
    HELP,
    QUIT,
];

/// A matching question: letters choose a left item, digits give it its match on the right.
pub const QUIZ_MATCHING: &[Binding] = &[
    b(&[], "a–i", Action::None, "key-match-left", true),
    b(&[C('a')], "a", Action::Pick(0), "key-match-left", false),
    b(&[C('b')], "b", Action::Pick(1), "key-match-left", false),
    b(&[C('c')], "c", Action::Pick(2), "key-match-left", false),
    b(&[C('d')], "d", Action::Pick(3), "key-match-left", false),
    b(&[C('e')], "e", Action::Pick(4), "key-match-left", false),
    b(&[C('f')], "f", Action::Pick(5), "key-match-left", false),
    b(&[C('g')], "g", Action::Pick(6), "key-match-left", false),
    b(&[C('h')], "h", Action::Pick(7), "key-match-left", false),
    b(&[C('i')], "i", Action::Pick(8), "key-match-left", false),
    b(&[], "1–9", Action::None, "key-match-right", true),
    b(&[C('1')], "1", Action::Match(0), "key-match-right", false),
    b(&[C('2')], "2", Action::Match(1), "key-match-right", false),
    b(&[C('3')], "3", Action::Match(2), "key-match-right", false),
    b(&[C('4')], "4", Action::Match(3), "key-match-right", false),
    b(&[C('5')], "5", Action::Match(4), "key-match-right", false),
    b(&[C('6')], "6", Action::Match(5), "key-match-right", false),
    b(&[C('7')], "7", Action::Match(6), "key-match-right", false),
    b(&[C('8')], "8", Action::Match(7), "key-match-right", false),
    b(&[C('9')], "9", Action::Match(8), "key-match-right", false),
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
    HELP,
    QUIT,
];

/// An ordering question: Space takes the item under the cursor, ↑↓ then carry it.
pub const QUIZ_ORDERING: &[Binding] = &[
    b(&[K(Up), C('k')], "↑↓", Action::Up, "key-order-move", true),
    b(&[K(Down), C('j')], "↓/j", Action::Down, "key-down", false),
    b(&[C(' ')], "Space", Action::Toggle, "key-order-carry", true),
    b(&[K(Enter)], "Enter", Action::Enter, "key-answer", true),
    b(&[K(Esc)], "Esc", Action::Back, "key-pause-quiz", true),
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
    HELP,
    QUIT,
];

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
            PROFILE_FORM,
            SEARCH_SCREEN,
            RECORDS,
            RECORDS_RATES,
            RECORDS_STATS,
            RECORDS_PERSON,
            GUARD,
            QUIZ_CHOICE,
            QUIZ_MATCHING,
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
}

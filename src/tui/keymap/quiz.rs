//! The quiz's keymap tables: the quiz list, and a question's keys, built for the question shown
//! (as many option keys as it has options), its feedback and the result.

use super::*;

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

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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

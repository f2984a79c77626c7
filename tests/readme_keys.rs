//! The README's keys table matches the keymap tables the screens dispatch, draw and help from:
//! every key a table binds (to an action the user can see) is written in the "Keys" section, and
//! every key the section writes in backticks is bound by some table, so neither can drift.

use std::collections::BTreeSet;

use danvan::tui::action::Action;
use danvan::tui::keymap::{key_name, quiz_choice, quiz_matching, Binding, TABLES};

/// The "## Keys" section of the README, up to the next section.
fn keys_section() -> String {
    let readme = include_str!("../README.md");
    let start = readme.find("\n## Keys\n").expect("a Keys section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_string()
}

/// What the section writes in backticks, split at `/` (`` `↑`/`↓` `` and `` `a`–`b` `` give
/// each key).
fn written(section: &str) -> BTreeSet<String> {
    section
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn every_table() -> Vec<(String, Vec<Binding>)> {
    let mut all: Vec<(String, Vec<Binding>)> = TABLES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_vec()))
        .collect();
    all.push(("quiz_choice(9, true)".into(), quiz_choice(9, true)));
    all.push(("quiz_matching(9)".into(), quiz_matching(9)));
    all
}

#[test]
fn every_bound_key_is_in_the_readme_keys_table() {
    let section = keys_section();
    let written = written(&section);
    let mut missing = Vec::new();
    for (name, table) in every_table() {
        for b in table.iter().filter(|b| b.action != Action::None) {
            for k in b.keys {
                let key = key_name(k);
                // Runs of option keys are written as ranges (`a`–`i`, `1`–`9`).
                let in_a_run = matches!(b.action, Action::Pick(_) | Action::Match(_));
                if !in_a_run && !written.contains(&key) {
                    missing.push(format!("{name}: {key} ({})", b.help));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys bound but not in the README:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_key_the_readme_names_is_bound_somewhere() {
    let bound: BTreeSet<String> = every_table()
        .iter()
        .flat_map(|(_, t)| t.iter().flat_map(|b| b.keys.iter().map(key_name)))
        .collect();
    // Written in backticks but not keys of a table: keys the event loop or text fields take, and
    // the marks screens show (overdue, right, wrong).
    let not_table_keys = ["Ctrl+C", "Ctrl+H", "Backspace", "!", "✓", "✗"];
    let section = keys_section();
    let unknown: Vec<String> = written(&section)
        .into_iter()
        .filter(|w| {
            // A key is one symbol or a key's name; longer backticked text is an example.
            let key_like = w.chars().count() == 1
                || [
                    "Enter",
                    "Esc",
                    "Tab",
                    "Shift+Tab",
                    "Home",
                    "End",
                    "PgUp",
                    "PgDn",
                    "Space",
                ]
                .contains(&w.as_str());
            key_like && !bound.contains(w) && !not_table_keys.contains(&w.as_str())
        })
        .collect();
    assert!(
        unknown.is_empty(),
        "keys the README names that no table binds: {unknown:?}"
    );
}

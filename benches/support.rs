//! What the benches share: their arguments, a database signed in on home, the peak memory.
#![allow(dead_code)]

use std::path::Path;

/// The positional arguments (cargo's own `--bench` flags left out); the usage is printed and
/// None returned when the database is not given.
pub fn args(usage: &str) -> Option<(String, Vec<String>)> {
    let mut args = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect::<Vec<String>>()
        .into_iter();
    match args.next() {
        Some(db) => Some((db, args.collect())),
        None => {
            eprintln!("usage: {usage}");
            None
        }
    }
}

/// The first official signed in and on home, as an official opens the kit.
pub fn sign_in_on_home(db: &Path) {
    let mut store = danvan::store::Store::open(db).expect("database");
    let first: String = store
        .conn()
        .query_row("SELECT id FROM people ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .expect("a person");
    store.set_setting("last_person", &first).expect("setting");
    store.set_setting("last_screen", "home").expect("setting");
}

/// This process's peak resident memory in KB (Linux; None elsewhere).
pub fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

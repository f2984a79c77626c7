//! The records screen as a newcomer meets it: the unit filter picks from the units, the rates by
//! unit scroll to the last unit, an import lists each refused row, and a bundle signed with a
//! database's new key is accepted in the kit.

use std::path::Path;

use super::*;
use danvan::tui::screens::records::{Prompt, RecordsState, RecordsView};

fn records(app: &App) -> &RecordsState {
    match &app.screen {
        Screen::Records(r) => r,
        _ => panic!("not the records: {}", screen_text(app, 80, 24)),
    }
}

/// A demo province of 1 000 officials (30 units, more than a screenful), signed in as its first official, on the records screen.
fn demo_records(dir: &Path, lang: Lang) -> App {
    let mut app = chooser(dir, lang, 1_000);
    keys(&mut app, &[KeyCode::Enter]);
    for _ in 0..5 {
        keys(&mut app, &[KeyCode::Down]);
    }
    keys(&mut app, &[KeyCode::Enter]);
    records(&app);
    app
}

#[test]
fn the_unit_filter_lists_the_units_that_match_what_is_typed_and_filters_by_the_one_picked() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_records(dir.path(), Lang::Vi);
    let units = app.session.store.units().unwrap();
    let all = units.len();
    assert!(all > 20, "more units than a screen holds: {all}");
    keys(&mut app, &[KeyCode::Char('f')]);
    let picker = |app: &App| match &records(app).prompt {
        Some(Prompt::Unit(p)) => p.matches.clone(),
        _ => panic!("the unit filter is not open"),
    };
    // Nothing typed: every unit is offered, codes and names on screen, a capped window drawn.
    assert_eq!(picker(&app).len(), all);
    let text = screen_text(&app, 80, 24);
    let shown: Vec<&danvan::domain::people::Unit> = units
        .iter()
        .filter(|u| text.contains(&format!("{} ", u.code)))
        .collect();
    assert!(!shown.is_empty(), "no unit code on screen:\n{text}");
    assert!(
        shown.len() <= danvan::tui::screens::records::UNIT_PICK_ROWS,
        "{} rows drawn",
        shown.len()
    );
    assert!(
        text.contains(&format!("1/{all} ")),
        "the count is shown:\n{text}"
    );
    // Typing narrows the list, by code or by name, with or without diacritics.
    let wanted = units
        .iter()
        .find(|u| u.name.contains("Tư pháp") || u.name.contains("xã"))
        .unwrap();
    let word = danvan::domain::text::fold(wanted.name.split_whitespace().last().unwrap());
    type_text(&mut app, &word);
    let matching = picker(&app);
    assert!(!matching.is_empty() && matching.len() < all, "{matching:?}");
    let text = screen_text(&app, 80, 24);
    let Some(Prompt::Unit(p)) = &records(&app).prompt else {
        unreachable!()
    };
    for row in 0..matching.len().min(3) {
        let u = p.unit(row).unwrap();
        assert!(
            danvan::domain::text::fold(&format!("{} {}", u.code, u.name)).contains(&word),
            "{} {} does not match {word}",
            u.code,
            u.name
        );
        assert!(text.contains(&u.code), "{} not on screen:\n{text}", u.code);
    }
    // ↓ and Enter pick the second match: the table shows that unit, its code in the filters.
    let second = p.unit(1.min(matching.len() - 1)).unwrap().clone();
    keys(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    let r = records(&app);
    assert!(r.prompt.is_none());
    assert_eq!(r.filter.unit_id.as_deref(), Some(second.id.as_str()));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains(&second.code), "{text}");
    // A word no unit has: said, and the filter stays open to type again.
    keys(&mut app, &[KeyCode::Char('f')]);
    type_text(&mut app, "zzzq");
    assert!(picker(&app).is_empty());
    keys(&mut app, &[KeyCode::Enter]);
    assert!(matches!(records(&app).prompt, Some(Prompt::Unit(_))));
    let status = app.session.status.clone().unwrap();
    assert!(status.1 && status.0.contains("zzzq"), "{status:?}");
    // Esc, then Enter with nothing typed: every unit again.
    keys(
        &mut app,
        &[KeyCode::Esc, KeyCode::Char('f'), KeyCode::Enter],
    );
    assert_eq!(records(&app).filter.unit_id, None);
}

#[test]
fn the_rates_by_unit_show_each_units_code_and_scroll_to_the_last_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_records(dir.path(), Lang::Vi);
    keys(&mut app, &[KeyCode::Char('u')]);
    let rates = match &records(&app).view {
        RecordsView::Rates(v) => v.rates.clone(),
        _ => panic!("not the rates"),
    };
    // Every unit with people (more than a screen holds).
    let all = rates.len();
    assert!(all > 20, "more units than a screen holds: {all}");
    // Step down the list: every unit's code is on screen at some point, the last one included.
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..rates.len() {
        let text = screen_text(&app, 80, 24);
        for r in &rates {
            if text.contains(&format!("{} ", r.unit_code)) {
                seen.insert(r.unit_code.clone());
            }
        }
        keys(&mut app, &[KeyCode::Down]);
    }
    let missing: Vec<&str> = rates
        .iter()
        .map(|r| r.unit_code.as_str())
        .filter(|c| !seen.contains(*c))
        .collect();
    assert!(missing.is_empty(), "never on screen: {missing:?}");
    // Home and End jump; the position is shown.
    keys(&mut app, &[KeyCode::Home]);
    assert!(screen_text(&app, 80, 24).contains(&rates[0].unit_code));
    keys(&mut app, &[KeyCode::End]);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains(&rates[all - 1].unit_code), "{text}");
    assert!(text.contains(&format!("{all}/{all}")), "{text}");
    keys(&mut app, &[KeyCode::Esc]);
    assert!(matches!(records(&app).view, RecordsView::Table));
}

/// A roster whose rows are refused for a missing name, a day that does not exist, a date not
/// in day/month/year form, an unknown unit and a staff code given twice (a fixture, so the
/// path on screen is the same on every machine).
const REFUSED_ROSTER: &str = "tests/fixtures/roster/refused-rows.csv";

fn import(app: &mut App, file: &str) {
    keys(app, &[KeyCode::Char('i')]);
    type_text(app, file);
    keys(app, &[KeyCode::Enter]);
    wait_for_jobs(app);
}

#[test]
fn an_import_lists_each_refused_row_with_its_line_and_why_and_scrolls_to_the_last() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_records(dir.path(), lang);
        import(&mut app, REFUSED_ROSTER);
        let RecordsView::Refused(v) = &records(&app).view else {
            panic!("no refused rows shown: {}", screen_text(&app, 80, 24))
        };
        let lines: Vec<usize> = v.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines.len(), 10, "{lines:?}");
        let last = *lines.last().unwrap();
        insta::assert_snapshot!(
            format!("records_import_refused_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        // The first screenful names why, as the command line does.
        let text = screen_text(&app, 80, 24);
        let (no_name, no_day) = match lang {
            Lang::Vi => ("Thiếu họ và tên", "không có trên lịch"),
            Lang::En => ("name", "does not exist"),
        };
        assert!(text.contains(no_name), "{text}");
        assert!(text.contains(no_day), "{text}");
        // ↓ reaches the last refused row (its line on screen), and stops there.
        let line_of = |n: usize| match lang {
            Lang::Vi => format!("Dòng {n}:"),
            Lang::En => format!("Line {n}:"),
        };
        assert!(
            !text.contains(&line_of(last)),
            "the last row fits already:\n{text}"
        );
        for _ in 0..lines.len() + 3 {
            keys(&mut app, &[KeyCode::Down]);
        }
        let text = screen_text(&app, 80, 24);
        assert!(text.contains(&line_of(last)), "{text}");
        insta::assert_snapshot!(
            format!("records_import_refused_end_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        // Home comes back to the first; Esc closes the panel.
        keys(&mut app, &[KeyCode::Home]);
        assert!(screen_text(&app, 80, 24).contains(&line_of(lines[0])));
        keys(&mut app, &[KeyCode::End]);
        assert!(screen_text(&app, 80, 24).contains(&line_of(last)));
        keys(&mut app, &[KeyCode::Esc]);
        assert!(matches!(records(&app).view, RecordsView::Table));
    }
}

#[test]
fn a_day_that_does_not_exist_is_said_so_in_the_date_filter() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_records(dir.path(), Lang::Vi);
    keys(&mut app, &[KeyCode::Char('d')]);
    type_text(&mut app, "31/02/2026");
    keys(&mut app, &[KeyCode::Enter]);
    let (text, error) = app.session.status.clone().unwrap();
    assert!(error && text.contains("không có thật"), "{text}");
    keys(&mut app, &[KeyCode::Char('d')]);
    type_text(&mut app, "2026/31/01");
    keys(&mut app, &[KeyCode::Enter]);
    let (text, _) = app.session.status.clone().unwrap();
    assert!(text.contains("không hợp lệ"), "{text}");
}

/// `danvan` on `db`, with the keys in `keys`.
fn danvan_cli(db: &Path, keys: &Path, args: &[&str]) -> (String, String, i32) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(args)
        .env(danvan::service::bundles::KEY_DIR_ENV, keys)
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .env_remove("DANVAN_TRAINER_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn audit(store: &Store, action: &str) -> Vec<String> {
    store
        .audit_log()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .map(|e| e.detail)
        .collect()
}

#[test]
fn a_bundle_signed_with_a_new_key_shows_both_keys_and_merges_once_the_trainer_accepts() {
    use danvan::domain::people::NewPerson;
    let dir = tempfile::tempdir().unwrap();
    let keys_dir = dir.path().join("keys");
    let a = dir.path().join("a.db");
    let add = |name: &str, code: &str| {
        Store::open(&a)
            .unwrap()
            .add_person(&NewPerson {
                full_name: name.into(),
                staff_code: Some(code.into()),
                unit_id: None,
                position: String::new(),
                appointed_on: None,
            })
            .unwrap();
    };
    add("Trần Văn Nam", "A001");
    let a_id = Store::open(&a).unwrap().database_id().unwrap();
    let export = |name: &str| {
        let file = dir.path().join(name);
        let (_, err, code) = danvan_cli(
            &a,
            &keys_dir,
            &[
                "export",
                "--format",
                "json",
                "--out",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{err}");
        file
    };
    let first = export("a1.json");
    // The trainer's machine: the first bundle pins A's key.
    let here = dir.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let mut store = common::store_with_person(&here);
    store.set_trainer_passphrase("mật khẩu dài").unwrap();
    let pack = common::pack();
    danvan::service::bundles::merge_file(
        &mut store,
        &first,
        danvan::service::bundles::MergeOptions {
            unsigned: false,
            pack: Some(&pack),
            accept_new_key: false,
        },
    )
    .unwrap();
    let pinned = store.trusted_keys().unwrap();
    assert_eq!(pinned.len(), 1);
    let people_before = store.people().unwrap().len();
    // A's key is replaced; its next bundle is signed with the new key.
    danvan::io::keys::rotate(&keys_dir, &a_id).unwrap();
    add("Lê Thị Hoa", "A002");
    let second = export("a2.json");

    let mut app = App::new(store, pack, Lang::Vi, (80, 24));
    for _ in 0..5 {
        keys(&mut app, &[KeyCode::Down]);
    }
    keys(&mut app, &[KeyCode::Enter]);
    let open_file = |app: &mut App| {
        keys(app, &[KeyCode::Char('i')]);
        type_text(app, "mật khẩu dài");
        keys(app, &[KeyCode::Enter]);
        type_text(app, second.to_str().unwrap());
        keys(app, &[KeyCode::Enter]);
        wait_for_jobs(app);
    };
    open_file(&mut app);
    // Refused for the new key: both keys on screen, and the question.
    assert!(
        matches!(records(&app).prompt, Some(Prompt::AcceptKey(_))),
        "{}",
        screen_text(&app, 80, 24)
    );
    let asked = screen_text(&app, 80, 24);
    assert!(asked.contains(&pinned[0].fingerprint), "{asked}");
    assert!(asked.contains("Khóa mới"), "{asked}");
    // No: nothing merged, nothing pinned.
    keys(&mut app, &[KeyCode::Char('n')]);
    assert!(records(&app).prompt.is_none());
    assert_eq!(app.session.store.trusted_keys().unwrap().len(), 1);
    assert_eq!(app.session.store.people().unwrap().len(), people_before);

    // Yes, then a wrong passphrase: still nothing.
    open_file(&mut app);
    keys(&mut app, &[KeyCode::Char('y')]);
    assert!(
        matches!(records(&app).prompt, Some(Prompt::Guard(..))),
        "accepting a key asks the trainer's passphrase: {}",
        screen_text(&app, 80, 24)
    );
    type_text(&mut app, "sai");
    keys(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.session.store.trusted_keys().unwrap().len(), 1);
    keys(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.session.store.trusted_keys().unwrap().len(), 1);

    // Yes and the passphrase: the new key is pinned as accepted, logged, and the file merged.
    open_file(&mut app);
    keys(&mut app, &[KeyCode::Char('y')]);
    type_text(&mut app, "mật khẩu dài");
    keys(&mut app, &[KeyCode::Enter]);
    wait_for_jobs(&mut app);
    let keys_now = app.session.store.trusted_keys().unwrap();
    assert_eq!(keys_now.len(), 2, "{:?}", app.session.status);
    assert_eq!(keys_now[1].how, "accepted");
    assert_eq!(keys_now[1].db_id.as_deref(), Some(a_id.as_str()));
    assert!(
        asked.contains(&keys_now[1].fingerprint),
        "the new key was shown before it was accepted:\n{asked}"
    );
    assert_eq!(app.session.store.people().unwrap().len(), people_before + 1);
    let (said, error) = app.session.status.clone().unwrap();
    assert!(!error && said.contains(&keys_now[1].fingerprint), "{said}");
    let pins = audit(&app.session.store, "key-pinned");
    assert_eq!(pins.len(), 2, "{pins:?}");
    assert!(
        pins[1].contains("accepted") && pins[1].contains(&a_id),
        "{pins:?}"
    );
    // As `danvan merge` logs it: the file, beside the store's own summary of the merge.
    let merges = audit(&app.session.store, "merge");
    let file = second.display().to_string();
    assert_eq!(
        merges.iter().filter(|m| **m == file).count(),
        1,
        "{merges:?}"
    );
}

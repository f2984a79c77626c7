//! The trainer's passphrase: Argon2id, asked before trainer actions, reset from the command line
//! with a log entry (the reset also replaces the signing key, in a temporary keys folder here).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use danvan::domain::i18n::Lang;
use danvan::store::Store;
use danvan::tui::action::Action;
use danvan::tui::app::{App, Screen};

/// The keys folder of this test binary's databases: a temporary one, never the user's
/// (`reset-passphrase` replaces the signing key).
fn key_dir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

fn run(db: &std::path::Path, args: &[&str], stdin: &str) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(args)
        .env("DANVAN_KEY_DIR", key_dir())
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .env_remove("DANVAN_TRAINER_PASSPHRASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn the_passphrase_is_hashed_checked_changed_and_reset_with_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    let (out, err, code) = run(&db, &["trainer", "set-passphrase"], "mật khẩu dài\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("does not encrypt the database file"), "{out}");
    {
        let store = Store::open(&db).unwrap();
        let hash: String = store
            .conn()
            .query_row("SELECT passphrase_hash FROM trainer_guard", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("mật khẩu"));
        assert!(store.check_trainer_passphrase("mật khẩu dài").unwrap());
        // NFD input matches the NFC passphrase.
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("mật khẩu dài").collect();
        assert!(store.check_trainer_passphrase(&nfd).unwrap());
        assert!(!store.check_trainer_passphrase("sai rồi").unwrap());
    }
    // Changing it needs the current one.
    let (_, err, code) = run(
        &db,
        &["trainer", "set-passphrase"],
        "sai rồi\nmới mới mới\n",
    );
    assert_eq!(code, 1);
    assert!(err.contains("Wrong trainer passphrase"), "{err}");
    let (_, err, code) = run(&db, &["trainer", "set-passphrase"], "mật khẩu dài\nngắn\n");
    assert_eq!(code, 1);
    assert!(err.contains("at least 8"), "{err}");
    // Forgotten: reset from the command line, logged; the signing key is replaced too.
    let (out, err, code) = run(&db, &["trainer", "reset-passphrase"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("--accept-new-key"), "{out}");
    let store = Store::open(&db).unwrap();
    assert!(!store.has_trainer_passphrase().unwrap());
    let log: Vec<String> = store
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        log,
        vec!["set-passphrase", "reset-passphrase", "rotate-signing-key"]
    );
}

#[test]
fn reopening_an_assessment_asks_for_the_passphrase() {
    use danvan::domain::assessment::record::Edit;
    use danvan::domain::assessment::Answer;
    let dir = tempfile::tempdir().unwrap();
    let mut store = common::store_with_person(dir.path());
    let pack = common::pack();
    let person = store.people().unwrap()[0].clone();
    let unit = store
        .unit(person.unit_id.as_deref().unwrap())
        .unwrap()
        .unwrap();
    let c = danvan::service::assessment::checklist(&pack)
        .unwrap()
        .clone();
    let a = danvan::service::assessment::start(&mut store, &c, &unit, 2026, false).unwrap();
    store
        .edit_criterion(
            &a.id,
            "t1-cntt",
            &Edit {
                answer: Some(Answer::Yes),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    danvan::service::assessment::finalize(&mut store, &c, &unit, &a, None).unwrap();
    store.set_trainer_passphrase("mật khẩu dài").unwrap();
    let mut app = App::new(store, pack, Lang::Vi, (80, 24));
    for _ in 0..4 {
        app.update(Action::Down);
    }
    app.update(Action::Enter);
    app.update(Action::Enter);
    app.update(Action::Reopen);
    let guarded = |app: &App| matches!(&app.screen, Screen::AssessWork(w) if matches!(w.modal, Some(danvan::tui::screens::assess::Modal::Guard(_))));
    assert!(guarded(&app));
    for c in "sai".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Enter);
    assert!(guarded(&app), "a wrong passphrase does not open");
    assert!(app.session.status.as_ref().is_some_and(|(_, err)| *err));
    for c in "mật khẩu dài".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Enter);
    let Screen::AssessWork(w) = &app.screen else {
        panic!()
    };
    assert!(matches!(
        w.modal,
        Some(danvan::tui::screens::assess::Modal::Reopen(_))
    ));
}

#[test]
fn imports_need_the_passphrase_once_one_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    Store::open(&db)
        .unwrap()
        .set_trainer_passphrase("mật khẩu dài")
        .unwrap();
    let units =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/units.csv");
    let (_, err, code) = run(
        &db,
        &["units", "import", units.to_str().unwrap()],
        "sai rồi\n",
    );
    assert_eq!(code, 1);
    assert!(err.contains("Wrong trainer passphrase"), "{err}");
    assert!(
        Store::open(&db).unwrap().units().unwrap().is_empty(),
        "nothing imported"
    );
    let (_, err, code) = run(
        &db,
        &["units", "import", units.to_str().unwrap()],
        "mật khẩu dài\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(!Store::open(&db).unwrap().units().unwrap().is_empty());
}

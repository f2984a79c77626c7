//! Guards that hold: the passphrase set from a script, a restore behind the current passphrase
//! and logged in the restored database, and command-line imports and merges in the audit log.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use danvan::store::Store;

/// Run the binary on `db` with `stdin` piped in and extra environment; (stdout, stderr, code).
fn run(db: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> (String, String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_danvan"));
    cmd.args(args)
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .env_remove("DANVAN_TRAINER_PASSPHRASE")
        .env_remove("DANVAN_TRAINER_NEW_PASSPHRASE")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn actions(db: &Path) -> Vec<(String, String)> {
    Store::open(db)
        .unwrap()
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.detail))
        .collect()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn set_passphrase_works_from_a_script_and_refuses_empty_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    drop(common::store_with_person(dir.path()));

    // Empty input: a message that says so, not "Cancelled", and no guard set.
    let (_, err, code) = run(&db, &["trainer", "set-passphrase"], "\n", &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("No new passphrase was given"), "{err}");
    assert!(!err.contains("Cancelled"), "{err}");
    let (_, err, code) = run(&db, &["trainer", "set-passphrase"], "", &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("No new passphrase was given"), "{err}");
    assert!(!Store::open(&db).unwrap().has_trainer_passphrase().unwrap());

    // The new one from the environment, nothing on standard input.
    let (_, err, code) = run(
        &db,
        &["trainer", "set-passphrase"],
        "",
        &[("DANVAN_TRAINER_NEW_PASSPHRASE", "mật khẩu thứ nhất")],
    );
    assert_eq!(code, 0, "{err}");
    assert!(Store::open(&db)
        .unwrap()
        .check_trainer_passphrase("mật khẩu thứ nhất")
        .unwrap());

    // Changing it: the current one in DANVAN_TRAINER_PASSPHRASE, the new one on stdin.
    let (_, err, code) = run(
        &db,
        &["trainer", "set-passphrase"],
        "mật khẩu thứ hai\n",
        &[("DANVAN_TRAINER_PASSPHRASE", "mật khẩu thứ nhất")],
    );
    assert_eq!(code, 0, "{err}");
    // Both on stdin: the current, then the new.
    let (_, err, code) = run(
        &db,
        &["trainer", "set-passphrase"],
        "mật khẩu thứ hai\nmật khẩu thứ ba\n",
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let store = Store::open(&db).unwrap();
    assert!(store.check_trainer_passphrase("mật khẩu thứ ba").unwrap());
    assert!(!store.check_trainer_passphrase("mật khẩu thứ hai").unwrap());
    // A wrong current one changes nothing.
    drop(store);
    let (_, err, code) = run(
        &db,
        &["trainer", "set-passphrase"],
        "",
        &[
            ("DANVAN_TRAINER_PASSPHRASE", "sai rồi sai rồi"),
            ("DANVAN_TRAINER_NEW_PASSPHRASE", "mật khẩu thứ tư"),
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(Store::open(&db)
        .unwrap()
        .check_trainer_passphrase("mật khẩu thứ ba")
        .unwrap());
}

#[test]
fn restore_asks_the_current_passphrase_and_is_logged_in_the_restored_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    drop(common::store_with_person(dir.path()));
    // A backup from before the guard was set.
    let old = dir.path().join("old.bak");
    let (_, err, code) = run(&db, &["backup", "--out", old.to_str().unwrap()], "", &[]);
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(
        &db,
        &["trainer", "set-passphrase"],
        "",
        &[("DANVAN_TRAINER_NEW_PASSPHRASE", "mật khẩu dài")],
    );
    assert_eq!(code, 0, "{err}");
    let files_before = files_in(dir.path());
    let log_before = actions(&db);

    // Without the passphrase (and with a wrong one): refused, nothing changed, no copy made.
    for (stdin, env) in [
        ("", vec![]),
        ("", vec![("DANVAN_TRAINER_PASSPHRASE", "không phải nó")]),
    ] {
        let (_, err, code) = run(&db, &["restore", old.to_str().unwrap()], stdin, &env);
        assert_eq!(code, 1, "{err}");
        assert_eq!(files_in(dir.path()), files_before, "no file added");
        let store = Store::open(&db).unwrap();
        assert!(store.has_trainer_passphrase().unwrap(), "the guard stays");
        drop(store);
        assert_eq!(actions(&db), log_before, "the log stays");
    }

    // With it: restored, and the restored database says so.
    let (_, err, code) = run(
        &db,
        &["restore", old.to_str().unwrap()],
        "",
        &[("DANVAN_TRAINER_PASSPHRASE", "mật khẩu dài")],
    );
    assert_eq!(code, 0, "{err}");
    let log = actions(&db);
    let (action, detail) = log.last().expect("an audit entry");
    assert_eq!(action, "restore");
    assert!(detail.contains("old.bak"), "{detail}");
}

#[test]
fn command_line_imports_and_merges_are_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    drop(common::store_with_person(dir.path()));
    let rows = dir.path().join("people.csv");
    std::fs::write(
        &rows,
        "Họ và tên,Mã cán bộ,Mã đơn vị,Tên đơn vị,Chức vụ,Ngày bổ nhiệm\n\
         Lê Văn An,CB009,UBND-TT,,Công chức Tư pháp - Hộ tịch,01/03/2024\n",
    )
    .unwrap();
    let (_, err, code) = run(&db, &["roster", "import", rows.to_str().unwrap()], "", &[]);
    assert_eq!(code, 0, "{err}");
    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "code,name,kind,parent code\nSNV,Sở Nội vụ tỉnh Bắc Ninh,department,\n",
    )
    .unwrap();
    let (_, err, code) = run(&db, &["units", "import", units.to_str().unwrap()], "", &[]);
    assert_eq!(code, 0, "{err}");

    // A bundle from another machine.
    let other_dir = tempfile::tempdir().unwrap();
    let other = other_dir.path().join("danvan.db");
    drop(common::store_with_person(other_dir.path()));
    let bundle = dir.path().join("xa.json");
    let (_, err, code) = run(
        &other,
        &[
            "export",
            "--format",
            "json",
            "--out",
            bundle.to_str().unwrap(),
        ],
        "",
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(&db, &["merge", bundle.to_str().unwrap()], "", &[]);
    assert_eq!(code, 0, "{err}");

    let log = actions(&db);
    assert!(
        log.iter()
            .any(|(a, d)| a == "import" && d.contains("roster") && d.contains("people.csv")),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|(a, d)| a == "import" && d.contains("units") && d.contains("units.csv")),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|(a, d)| a == "merge" && d.contains("xa.json")),
        "{log:?}"
    );
}

//! Input hygiene at the roster door: terminal escapes and NUL never stored, lengths bounded with
//! an error naming the field and the limit.

mod common;

use std::process::{Command, Stdio};

use danvan::store::Store;

#[test]
fn roster_import_removes_escapes_and_nul_and_refuses_overlong_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    drop(common::store_with_person(dir.path()));
    let rows = dir.path().join("people.csv");
    let long = "A".repeat(10_000);
    let csv = format!(
        "Họ và tên,Mã cán bộ,Mã đơn vị,Tên đơn vị,Chức vụ,Ngày bổ nhiệm\n\
         Lê Văn \u{1b}]0;PWNED\u{7}\u{1b}[2JAn,CB0\u{0}09,UBND-TT,,Công chức Tư pháp,01/03/2024\n\
         {long},CB010,UBND-TT,,Công chức,01/03/2024\n"
    );
    std::fs::write(&rows, csv).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "roster", "import"])
        .arg(&rows)
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .env_remove("DANVAN_TRAINER_PASSPHRASE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(":3: error: The field name is longer than 200 characters."),
        "{err}"
    );
    let people = Store::open(&db).unwrap().people().unwrap();
    let an = people
        .iter()
        .find(|p| p.staff_code.as_deref() == Some("CB009"))
        .expect("the row with escapes is imported, cleaned");
    assert_eq!(an.full_name, "Lê Văn ]0;PWNED[2JAn");
    assert!(people
        .iter()
        .all(|p| !p.full_name.chars().any(char::is_control)));
    assert!(people.iter().all(|p| p.full_name.chars().count() <= 200));
    assert!(!people
        .iter()
        .any(|p| p.staff_code.as_deref() == Some("CB010")));
}

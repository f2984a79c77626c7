//! Required courses: the `[required]` table of a course file, checked by `danvan check` (each error
//! `path:line:col: error:` at the value at fault), and set in the built-in pack.

use std::path::{Path, PathBuf};
use std::process::Command;

use danvan::domain::completion::{due_date, is_required};
use danvan::domain::content::{self, Requirement};
use time::macros::date;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/required")
        .join(rel)
}

/// `danvan check DIR --lang LANG` with a throw-away database: (exit code, stdout lines).
fn check(dir: &Path, lang: &str) -> (Option<i32>, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(["check", dir.to_str().unwrap(), "--lang", lang, "--db"])
        .arg(tmp.path().join("x.db"))
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_CONTENT")
        .output()
        .expect("run danvan");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    (
        out.status.code(),
        stdout.lines().map(str::to_string).collect(),
    )
}

/// The text of `file` from 1-based `line`, `col` to the end of that line.
fn text_at(file: &Path, line: usize, col: usize) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .nth(line - 1)
        .unwrap()
        .chars()
        .skip(col - 1)
        .collect()
}

#[test]
fn a_valid_required_table_loads() {
    let (code, lines) = check(&fixture("valid"), "en");
    assert_eq!(lines, vec!["0 errors, 0 warnings"]);
    assert_eq!(code, Some(0));

    let loaded = content::load(&content::folder_files(&fixture("valid")).unwrap());
    assert!(loaded.diagnostics.is_empty());
    let pack = loaded.pack.unwrap();
    let course = pack.course("mini").unwrap();
    assert_eq!(
        course.required,
        Some(Requirement {
            unit_kinds: vec!["commune".into()],
            positions: vec!["một cửa".into(), "Văn phòng".into()],
            within_days: 30,
        })
    );
    assert!(is_required(
        course,
        Some("commune"),
        "Công chức Bộ phận Một cửa"
    ));
    assert!(is_required(
        course,
        Some("commune"),
        "CONG CHUC VAN PHONG - THONG KE"
    ));
    assert!(!is_required(course, Some("commune"), "Chủ tịch"));
    assert!(!is_required(course, Some("department"), "Một cửa"));
    assert_eq!(
        due_date(course, date!(2026 - 01 - 15)),
        Some(date!(2026 - 02 - 14))
    );
    // The minimal pack it was copied from has no table: required of nobody.
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal-pack");
    let pack = content::load(&content::folder_files(&minimal).unwrap())
        .pack
        .unwrap();
    assert_eq!(pack.course("mini").unwrap().required, None);
}

#[test]
fn bad_unit_kinds_positions_and_days_are_errors_where_they_are_written() {
    let dir = fixture("invalid");
    let (code, lines) = check(&dir, "en");
    let expected = [
        (
            "courses/mini.toml:9:26: error: \"ward\" is not a valid value for \"unit_kinds\"",
            "\"ward\"",
        ),
        (
            "courses/mini.toml:10:14: error: \"\" is not a valid value for \"positions\"",
            "\"\"",
        ),
        (
            "courses/mini.toml:11:15: error: within_days must be more than 0 (days after the appointment date)",
            "0",
        ),
    ];
    assert_eq!(
        lines,
        expected
            .iter()
            .map(|(l, _)| l.to_string())
            .chain(["3 errors, 0 warnings".to_string()])
            .collect::<Vec<_>>()
    );
    assert_eq!(code, Some(1));
    for (line, token) in expected {
        let mut parts = line.splitn(4, ':');
        let rel = parts.next().unwrap();
        let l: usize = parts.next().unwrap().parse().unwrap();
        let c: usize = parts.next().unwrap().parse().unwrap();
        assert!(
            text_at(&dir.join(rel), l, c).starts_with(token),
            "{line} points at {:?}",
            text_at(&dir.join(rel), l, c)
        );
    }

    // In Vietnamese too, and the library agrees with the binary.
    let (_, vi) = check(&dir, "vi");
    assert_eq!(
        vi[2],
        "courses/mini.toml:11:15: error: within_days phải lớn hơn 0 (số ngày kể từ ngày bổ nhiệm)"
    );
    let loaded = content::load(&content::folder_files(&dir).unwrap());
    assert!(loaded.pack.is_none());
    let at: Vec<(usize, usize)> = loaded.diagnostics.iter().map(|d| (d.line, d.col)).collect();
    assert_eq!(at, vec![(9, 26), (10, 14), (11, 15)]);
}

#[test]
fn an_unknown_field_in_the_required_table_is_an_error() {
    let (code, lines) = check(&fixture("unknown-field"), "en");
    assert_eq!(
        lines,
        vec![
            "courses/mini.toml:10:1: error: unknown field `days`, expected one of `unit_kinds`, `positions`, `within_days`",
            "1 error, 0 warnings",
        ]
    );
    assert_eq!(code, Some(1));
}

#[test]
fn the_built_in_courses_say_who_must_complete_them_and_stay_clean() {
    let loaded = content::load(&content::embedded_files());
    assert!(
        loaded.diagnostics.is_empty(),
        "{}",
        loaded
            .diagnostics
            .iter()
            .map(|d| format!("{d}\n"))
            .collect::<String>()
    );
    let pack = loaded.pack.unwrap();
    let req = |id: &str| pack.course(id).unwrap().required.clone().unwrap();
    let everyone = Requirement {
        unit_kinds: vec![],
        positions: vec![],
        within_days: 90,
    };
    assert_eq!(req("chi-thi-dan-van"), everyone);
    assert_eq!(req("dao-duc-cong-vu"), everyone);
    assert_eq!(
        req("mot-cua"),
        Requirement {
            unit_kinds: vec!["commune".into(), "department".into()],
            positions: vec![],
            within_days: 180,
        }
    );
    let mot_cua = pack.course("mot-cua").unwrap();
    assert!(is_required(mot_cua, Some("commune"), "Chuyên viên"));
    assert!(!is_required(mot_cua, Some("public-service"), "Chuyên viên"));

    // `danvan check` on the built-in pack: nothing to report.
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(["check", "--lang", "en", "--db"])
        .arg(tmp.path().join("x.db"))
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_CONTENT")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        "0 errors, 0 warnings"
    );
    assert_eq!(out.status.code(), Some(0));
}

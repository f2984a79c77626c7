//! `danvan import-gift` end to end: the fixture converts to the golden quiz file, each skipped
//! question is reported with its line, and the result passes `danvan check` in a copy of the pack.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = "tests/fixtures/gift/all-constructs.gift";
const GOLDEN: &str = "tests/fixtures/gift/all-constructs.toml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn danvan(db_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_danvan"))
        .current_dir(root())
        .args(args)
        .arg("--db")
        .arg(db_dir.join("x.db"))
        .args(["--lang", "en"])
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .output()
        .expect("the binary runs")
}

fn import(db_dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "import-gift",
        FIXTURE,
        "--quiz",
        "q-gift",
        "--course",
        "mot-cua",
    ];
    args.extend_from_slice(extra);
    danvan(db_dir, &args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn the_fixture_converts_to_the_golden_file_and_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let out = import(tmp.path(), &[]);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "exit {:?}\n{stderr}", out.status);

    let golden = std::fs::read_to_string(root().join(GOLDEN))
        .unwrap()
        .replace("\r\n", "\n");
    assert_eq!(
        stdout, golden,
        "stdout differs from {GOLDEN}; stderr:\n{stderr}"
    );

    // Each skipped question is named by the line where it starts.
    let gift = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let lines: Vec<&str> = gift.lines().collect();
    let skipped = [
        (
            "Nghị định về một cửa hiện hành",
            "numerical questions are not supported",
        ),
        ("Hãy trình bày", "essay questions are not supported"),
        ("Phần sau gồm", "(a description) is not a question"),
        (
            "Cán bộ nên làm gì khi hồ sơ thiếu",
            "partial or negative weights",
        ),
        (
            "Những việc nào là hành vi sách nhiễu",
            "add up to 80%, not 100%",
        ),
        (
            "Những cách nào để nộp hồ sơ",
            "\"Cả A và B\" depends on the other options",
        ),
        ("Cán bộ một cửa phải làm gì khi", "GIFT syntax error near"),
    ];
    let reported: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(reported.len(), skipped.len(), "{stderr}");
    for (start, message) in skipped {
        let line = lines
            .iter()
            .position(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line starts with {start:?}"))
            + 1;
        let prefix = format!("{FIXTURE}:{line}: warning: ");
        assert!(
            reported
                .iter()
                .any(|r| r.starts_with(&prefix) && r.contains(message)),
            "expected {prefix}…{message}… in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("Converted 15 questions, skipped 7."),
        "{stderr}"
    );

    // The quiz joins a copy of the built-in pack and passes check: warnings only.
    let pack = tmp.path().join("pack");
    copy_dir(&root().join("courses"), &pack.join("courses"));
    copy_dir(&root().join("quizzes"), &pack.join("quizzes"));
    std::fs::write(pack.join("quizzes/q-gift.toml"), &stdout).unwrap();
    let check = danvan(tmp.path(), &["check", pack.to_str().unwrap()]);
    let report = text(&check.stdout);
    assert!(
        check.status.success(),
        "check failed:\n{report}{}",
        text(&check.stderr)
    );
    assert!(!report.contains(": error: "), "{report}");
    let warnings: Vec<&str> = report
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert!(
        !warnings.is_empty(),
        "expected warnings for English and citations"
    );
    // The fixture was written from the one-stop bank: four of its questions ask built-in ones
    // again in other words. check says so in both files, since a paper drawing from both banks
    // could hold the two.
    let (near, warnings): (Vec<&str>, Vec<&str>) = warnings
        .into_iter()
        .partition(|w| w.contains("reads almost like"));
    let in_gift: Vec<&&str> = near
        .iter()
        .filter(|w| w.starts_with("quizzes/q-gift.toml:"))
        .collect();
    assert_eq!(in_gift.len(), 4, "{near:?}");
    assert_eq!(near.len(), 8, "each pair in both files: {near:?}");
    assert!(near
        .iter()
        .any(|w| w.contains("\"q-gift/q001\" reads almost like \"q-mot-cua/q001\"")));
    assert!(near
        .iter()
        .any(|w| w.contains("\"q-mot-cua/q001\" reads almost like \"q-gift/q001\"")));
    for w in &warnings {
        assert!(
            w.starts_with("quizzes/q-gift.toml:"),
            "unexpected warning: {w}"
        );
        assert!(
            w.contains("has no English text") || w.contains("cites no source"),
            "unexpected warning: {w}"
        );
    }
    assert!(warnings.iter().any(|w| w.contains("cites no source")));
    assert!(report.contains("0 errors"), "{report}");
}

#[test]
fn out_writes_a_new_file_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("q-gift.toml");
    let target_str = target.to_str().unwrap();
    let out = import(
        tmp.path(),
        &["--out", target_str, "--lesson", "tra-ket-qua"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("lesson = \"mot-cua/tra-ket-qua\""));
    assert!(!written.contains("co-che-mot-cua"));

    std::fs::write(&target, "giữ nguyên").unwrap();
    let again = import(tmp.path(), &["--out", target_str]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "giữ nguyên");
}

#[test]
fn bad_input_exits_1_with_a_message() {
    let tmp = tempfile::tempdir().unwrap();

    let latin1 = tmp.path().join("latin1.gift");
    std::fs::write(&latin1, b"C\xe2u h\xf4i {T}\n").unwrap();
    let out = danvan(
        tmp.path(),
        &[
            "import-gift",
            latin1.to_str().unwrap(),
            "--quiz",
            "q-x",
            "--course",
            "mot-cua",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("latin1.gift") && err.contains("UTF-8"),
        "{err}"
    );

    let out = import(tmp.path(), &["--lesson", "khong-co"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("khong-co"));

    let out = danvan(
        tmp.path(),
        &[
            "import-gift",
            FIXTURE,
            "--quiz",
            "q-x",
            "--course",
            "khong-co",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("khong-co"));

    // Nothing convertible: exit 1 and no quiz written.
    let empty = tmp.path().join("only-essay.gift");
    std::fs::write(&empty, "\u{feff}Viết một đoạn văn. {}\n").unwrap();
    let out = danvan(
        tmp.path(),
        &[
            "import-gift",
            empty.to_str().unwrap(),
            "--quiz",
            "q-x",
            "--course",
            "mot-cua",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("only-essay.gift:1: warning: essay"), "{err}");
}

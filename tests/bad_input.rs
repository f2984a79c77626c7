//! The bad-input corpus: every file of `tests/fixtures/bad-input/` (and a few command-line
//! arguments) run through the built binary as its `manifest.toml` says. Each case must end with
//! its exit code and message, name the file, never panic, print no control character, and leave
//! the database as it was. Large files (10 MB on one line) are made at test time.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    file: Option<String>,
    generate: Option<String>,
    args: Vec<String>,
    exit: i32,
    expect: Vec<String>,
    #[serde(default)]
    db: Option<String>,
    #[serde(default)]
    names: Option<String>,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-input")
}

fn danvan(db: &Path, keys: &Path, args: &[String]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .env("DANVAN_KEY_DIR", keys)
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .env_remove("DANVAN_TRAINER_PASSPHRASE")
        .stdin(Stdio::null())
        .output()
        .expect("run danvan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every row of every table but the audit log, sorted: what "the database is unchanged" compares.
fn dump(db: &Path) -> BTreeSet<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rows = BTreeSet::new();
    // The audit log records that an import was tried, refused rows and all: not a change of data.
    for t in tables.into_iter().filter(|t| t != "audit_log") {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect();
            rows.insert(format!("{t}: {}", cells.join(" | ")));
        }
    }
    rows
}

/// The files made at test time, too big to keep in the repository.
fn generate(kind: &str, path: &Path) {
    const TEN_MB: usize = 10 * 1024 * 1024;
    let mut f = std::fs::File::create(path).unwrap();
    match kind {
        "csv-10mb-line" => {
            f.write_all("Họ và tên,Mã cán bộ,Mã đơn vị\n".as_bytes())
                .unwrap();
            f.write_all(&vec![b'a'; TEN_MB]).unwrap();
            f.write_all(b",CB1,UBND-TT").unwrap();
        }
        "csv-10mb-nul" => f.write_all(&vec![0u8; TEN_MB]).unwrap(),
        "json-10mb-line" => {
            f.write_all(b"{\"format\":\"danvan-records\",\"version\":1,\"units\":[\"")
                .unwrap();
            f.write_all(&vec![b'x'; TEN_MB]).unwrap();
        }
        "gift-10mb-line" => {
            f.write_all(b"::Q1:: ").unwrap();
            f.write_all(&vec![b'x'; TEN_MB]).unwrap();
            f.write_all(b" {").unwrap();
        }
        other => panic!("unknown generator {other}"),
    }
}

#[test]
fn every_bad_input_is_refused_with_its_place_and_changes_nothing() {
    let text = std::fs::read_to_string(corpus().join("manifest.toml")).unwrap();
    let manifest: Manifest = toml::from_str(&text).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    // One database with units and officials, copied for each case.
    let base = dir.path().join("base.db");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster");
    for (what, file) in [("units", "units.csv"), ("roster", "people.csv")] {
        let args = vec![
            what.to_string(),
            "import".into(),
            fixtures.join(file).display().to_string(),
        ];
        let (code, _, err) = danvan(&base, &keys, &args);
        assert_eq!(code, 0, "{err}");
    }
    let base_bytes = std::fs::read(&base).unwrap();

    let mut files = BTreeSet::new();
    let mut failures = Vec::new();
    for (i, case) in manifest.case.iter().enumerate() {
        let db = dir.path().join(format!("case-{i}.db"));
        std::fs::write(&db, &base_bytes).unwrap();
        let file = case.file.as_ref().map(|f| match &case.generate {
            Some(kind) => {
                let p = dir.path().join(f);
                generate(kind, &p);
                p
            }
            None => {
                files.insert(f.clone());
                corpus().join(f)
            }
        });
        let args: Vec<String> = case
            .args
            .iter()
            .map(|a| match &file {
                Some(f) => a.replace("{file}", &f.display().to_string()),
                None => a.clone(),
            })
            .collect();
        let before = dump(&db);
        let (code, out, err) = danvan(&db, &keys, &args);
        let all = format!("{out}{err}");
        let mut problems = Vec::new();
        if code != case.exit {
            problems.push(format!("exit {code}, expected {}", case.exit));
        }
        for e in &case.expect {
            if !all.contains(e.as_str()) {
                problems.push(format!("no {e:?}"));
            }
        }
        if case.exit != 0 {
            let named = match (&case.names, &file) {
                (Some(n), _) => Some(n.clone()),
                (None, Some(f)) => Some(f.display().to_string()),
                (None, None) => None,
            };
            if let Some(n) = named {
                if !all.contains(&n) {
                    problems.push(format!("the message does not name {n}"));
                }
            }
        }
        if err.contains("panicked") {
            problems.push("panicked".into());
        }
        if all
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        {
            problems.push("a control character in the output".into());
        }
        if case.db.as_deref() != Some("changed") && dump(&db) != before {
            problems.push("the database changed".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{} ({args:?}): {}\n--- stdout\n{out}\n--- stderr\n{err}",
                case.name,
                problems.join("; ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    // The corpus is what the manifest runs: every committed bad file has a case.
    let mut on_disk = BTreeSet::new();
    for kind in std::fs::read_dir(corpus()).unwrap() {
        let kind = kind.unwrap().path();
        if !kind.is_dir() {
            continue;
        }
        let kname = kind.file_name().unwrap().to_string_lossy().into_owned();
        for f in std::fs::read_dir(&kind).unwrap() {
            let name = f.unwrap().file_name().to_string_lossy().into_owned();
            on_disk.insert(format!("{kname}/{name}"));
        }
    }
    let missing: Vec<_> = on_disk.difference(&files).collect();
    assert!(missing.is_empty(), "bad files without a case: {missing:?}");
    assert!(on_disk.len() >= 60, "{} bad files", on_disk.len());
}

//! Every xAPI statement of a demo database's export passes Learning Locker's validator
//! (`@learninglocker/xapi-validation`, pinned in `.ci/xapi-validator`), run with node; and the
//! validator, as run here, does reject a broken statement (so a pass means something).
//!
//! `.ci/run` installs the validator (`.ci/setup-external.sh`); without `node_modules` this test
//! runs `npm ci` itself. It is skipped only when `CI` is not set and that install fails; under
//! `CI=true` it runs or fails.

mod xapi_support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};
use xapi_support::{demo_export, install, manifest, required_or_skip};

/// Installs the validator's packages if they are missing.
fn validator_ready() -> Result<(), String> {
    let dir = manifest().join(".ci/xapi-validator");
    if dir
        .join("node_modules/@learninglocker/xapi-validation/package.json")
        .exists()
    {
        return Ok(());
    }
    install(
        "npm ci --prefix .ci/xapi-validator",
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir),
    )
}

fn validate(file: &Path) -> Output {
    Command::new("node")
        .arg(manifest().join(".ci/xapi-validator/validate.js"))
        .arg(file)
        .output()
        .expect("node runs")
}

#[test]
fn every_exported_statement_passes_learning_lockers_validator() {
    if !required_or_skip("tests/xapi_validator.rs", validator_ready()) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (file, statements) = demo_export(dir.path());
    let n = statements.len();

    let out = validate(&file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "invalid statements:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout, format!("valid: {n} invalid: 0\n"));

    // The same statements with one broken (a null result, a non-UUID id): the validator names
    // exactly that one, at its index.
    let mut broken: Vec<Value> = statements.clone();
    let at = n / 2;
    broken[at]["result"] = Value::Null;
    broken[at]["id"] = json!("not-a-uuid");
    let bad_file = dir.path().join("broken.json");
    std::fs::write(&bad_file, serde_json::to_string(&broken).unwrap()).unwrap();
    let out = validate(&bad_file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with(&format!("{at}\tnot-a-uuid\t")),
        "{stdout}"
    );
    assert!(lines[0].contains("statement.result") && lines[0].contains("statement.id"));
    assert_eq!(lines[1], format!("valid: {} invalid: 1", n - 1));
}

#[test]
fn matching_and_sequencing_interactions_pass_the_validator() {
    if !required_or_skip("tests/xapi_validator.rs", validator_ready()) {
        return;
    }
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let content = manifest().join("tests/fixtures/arranged-pack");
    let run = |args: &[&str], input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_danvan"))
            .arg("--db")
            .arg(&db)
            .arg("--content")
            .arg(&content)
            .args(args)
            .env("DANVAN_LANG", "en")
            .env_remove("DANVAN_DB")
            .env_remove("DANVAN_CONTENT")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // Any well-formed answers do: a-1, b-2, c-3 and a, b, c, d.
    run(
        &["quiz", "q-ghep", "--plain", "--seed", "5"],
        "Trần Thị Mai\na-1, b-2, c-3\na, b, c, d\n",
    );
    let file = dir.path().join("statements.json");
    run(
        &[
            "export",
            "--format",
            "xapi",
            "--out",
            file.to_str().unwrap(),
        ],
        "",
    );
    let statements: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    // Answers given within the same second come in either order.
    let mut kinds: Vec<&str> = statements
        .iter()
        .filter_map(|s| s["object"]["definition"]["interactionType"].as_str())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["matching", "sequencing"]);
    let out = validate(&file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        format!("valid: {} invalid: 0\n", statements.len()),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

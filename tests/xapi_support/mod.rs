//! Shared by the xAPI integration tests (tests/lrs.rs, tests/xapi_validator.rs): a demo
//! database's statements exported with the built binary, and the rule for external tools
//! (install when missing; skip only outside CI when the install fails, fail loudly under CI).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The repository (where `.ci/` is).
pub fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether this is a CI run (`CI` set to anything but empty, `0` or `false`).
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Runs an install command; `Err` with its output if it could not run or failed.
pub fn install(what: &str, cmd: &mut Command) -> Result<(), String> {
    match cmd.output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "{what} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )),
        Err(e) => Err(format!("{what} could not start: {e}")),
    }
}

/// Under CI an external tool that cannot be installed is a failure; elsewhere (a laptop without
/// python3-venv or npm) the test says why it is skipped and passes. Returns whether to go on.
pub fn required_or_skip(test: &str, result: Result<(), String>) -> bool {
    match result {
        Ok(()) => true,
        Err(e) if is_ci() => panic!("{test}: under CI this test must run, but: {e}"),
        Err(e) => {
            eprintln!("{test}: SKIPPED (CI is not set): {e}");
            false
        }
    }
}

/// Runs the built binary with `args`, panicking with its output if it fails.
pub fn danvan(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(args)
        .env("DANVAN_LANG", "en")
        .output()
        .expect("danvan runs");
    assert!(
        out.status.success(),
        "danvan {args:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A demo database (30 people, seed 3) in `dir` and its xAPI export: the file, and the
/// statements in it.
pub fn demo_export(dir: &Path) -> (PathBuf, Vec<Value>) {
    let db = dir.join("demo.db");
    let out = dir.join("statements.json");
    let db_s = db.to_str().unwrap();
    danvan(&["demo", "--db", db_s, "--people", "30", "--seed", "3"]);
    danvan(&[
        "--db",
        db_s,
        "export",
        "--format",
        "xapi",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    let statements: Vec<Value> = serde_json::from_str(&text).expect("the export is a JSON array");
    assert!(
        statements.len() > 100,
        "a 30-person demo exports hundreds of statements, got {}",
        statements.len()
    );
    (out, statements)
}

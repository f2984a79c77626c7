//! The fuzz harness (`tests/fuzz_harness`, shared with the cargo-fuzz targets in `fuzz/`) on
//! stable: every committed input under `tests/fixtures/fuzz/<target>/` (seeds, and any crash a
//! fuzzer found, named `crash-*`) runs through its target without a panic, and the inputs listed
//! here give the outcome they are known to give.

#[path = "fuzz_harness/mod.rs"]
mod harness;

use std::path::Path;

type Harness = fn(&[u8]) -> String;

const TARGETS: [(&str, Harness); 4] = [
    ("content", harness::content),
    ("gift", harness::gift),
    ("roster", harness::roster),
    ("bundle", harness::bundle),
];

/// (target, input file, the outcome it gives).
const KNOWN: &[(&str, &str, &str)] = &[
    ("content", "course-valid", "ok"),
    ("content", "sources-valid", "ok"),
    ("content", "checklist-valid", "check-unknown-source"),
    ("content", "course-unclosed-string", "check-toml"),
    ("content", "quiz-no-right-answer", "check-no-right-answer"),
    ("gift", "all-constructs.gift", "ok"),
    ("gift", "utf16.gift", "import-not-utf8"),
    ("roster", "formula.csv", "ok"),
    ("roster", "unclosed-quote.csv", "roster-unclosed-quote"),
    ("roster", "utf16be-no-bom.csv", "roster-legacy-encoding"),
    ("roster", "truncated.xlsx", "roster-spreadsheet-failed"),
    ("bundle", "format1-valid.json", "merged"),
    ("bundle", "format2-valid.json", "merged"),
    ("bundle", "signed-name-changed.json", "ChangedAfterExport"),
    ("bundle", "signed-no-signature.json", "Truncated"),
];

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read(&p).expect("an input"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_committed_input_runs_through_its_target_and_the_known_ones_give_their_outcome() {
    let mut outcomes: Vec<(&str, String, String)> = Vec::new();
    for (target, run) in TARGETS {
        let files = inputs(target);
        assert!(files.len() >= 3, "{target}: a few seeds are committed");
        for (name, bytes) in files {
            let got = std::panic::catch_unwind(|| run(&bytes))
                .unwrap_or_else(|_| panic!("{target}/{name} panics"));
            outcomes.push((target, name, got));
        }
    }
    for (target, name, want) in KNOWN {
        let got = outcomes
            .iter()
            .find(|(t, n, _)| t == target && n == name)
            .map(|(_, _, got)| got.as_str());
        assert_eq!(got, Some(*want), "{target}/{name}; all: {outcomes:#?}");
    }
}

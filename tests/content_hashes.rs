//! Content hashes (domain::content::canon) and the table of the pack as released that the
//! schema-7 migration maps legacy hashes through.

use danvan::domain::content::{canon, load_pack};

const RELEASED: &str = include_str!("../src/store/schema/released_hashes.tsv");
const LEGACY: &str = include_str!("../src/store/schema/legacy_hashes.tsv");

/// Writes `src/store/schema/released_hashes.tsv` from the released pack in
/// `DANVAN_RELEASED_PACK`, made with
/// `mkdir p && git archive f14e6f4 courses quizzes checklists | tar -x -C p`.
/// Run by hand: `DANVAN_RELEASED_PACK=p cargo test --test content_hashes -- --ignored`.
#[test]
#[ignore = "generator, run by hand on the released pack"]
fn write_released_hashes() {
    let dir = std::env::var("DANVAN_RELEASED_PACK").expect("DANVAN_RELEASED_PACK");
    let loaded = load_pack(Some(std::path::Path::new(&dir))).expect("read the pack");
    let errors: Vec<_> = loaded.errors().collect();
    assert!(errors.is_empty(), "{errors:?}");
    let pack = loaded.pack.expect("a pack");
    let text = format!(
        "# Canonical (v2) hashes of the pack as released in danvan 0.1.0 (commit f14e6f4), made by\n\
         # tests/content_hashes.rs::write_released_hashes. The schema-7 migration computes an attempt's\n\
         # new hash from these. Never edit by hand.\n{}",
        canon::hash_table(&pack)
    );
    std::fs::write(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/store/schema/released_hashes.tsv"
        ),
        text,
    )
    .expect("write");
}

#[test]
fn the_released_table_covers_every_legacy_entry() {
    let rows: Vec<Vec<&str>> = RELEASED
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    for r in &rows {
        let hash = r.last().unwrap();
        assert!(hash.starts_with("v2:") && hash.len() == 67, "{r:?}");
    }
    for l in LEGACY.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = l.split('\t').collect();
        assert!(
            rows.iter().any(|r| r[0] == f[0] && r[1] == f[1]),
            "{} {} has no released v2 hash",
            f[0],
            f[1]
        );
    }
    let questions = rows.iter().filter(|r| r[0] == "question").count();
    assert!(questions > 100, "{questions} released questions");
}

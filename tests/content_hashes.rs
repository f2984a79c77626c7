//! Content hashes (domain::content::canon) and the table of the pack as released that the
//! schema-7 migration maps legacy hashes through.

const RELEASED: &str = include_str!("../src/store/schema/released_hashes.tsv");
const LEGACY: &str = include_str!("../src/store/schema/legacy_hashes.tsv");

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

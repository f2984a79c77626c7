//! Writes `src/store/schema/released_hashes.tsv`: the canonical (v2) hashes of the pack as
//! released in danvan 0.1.0, which the schema-7 migration maps legacy hashes to. Run by hand on the
//! released pack:
//! `mkdir p && git archive f14e6f4 courses quizzes checklists | tar -x -C p`, then
//! `cargo run --example released_hashes -- p`.

use danvan::domain::content::{canon, load_pack};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: released_hashes PACK_DIR");
        std::process::exit(2);
    };
    let loaded = load_pack(Some(std::path::Path::new(&dir))).expect("read the pack");
    let errors: Vec<_> = loaded.errors().collect();
    assert!(errors.is_empty(), "{errors:?}");
    let pack = loaded.pack.expect("a pack");
    let text = format!(
        "# Canonical (v2) hashes of the pack as released in danvan 0.1.0 (commit f14e6f4), made by\n\
         # examples/released_hashes.rs. The schema-7 migration computes an attempt's\n\
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

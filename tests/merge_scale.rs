//! Merge at scale: the summary triggers are suspended during a merge and the touched summaries
//! recounted once, set-based; the result equals a full recount by the triggers themselves, and
//! the triggers are back afterwards. The bundle is read from its file as a stream.

use std::path::Path;

use danvan::demo::{self, DemoOptions};
use danvan::domain::bundle::BundleFilter;
use danvan::domain::content::{embedded_files, load, Pack};
use danvan::io::bundle;
use danvan::store::Store;
use rusqlite::types::Value;
use time::macros::date;

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
}

fn make_demo(path: &Path, people: usize, seed: u64) -> Store {
    let opts = DemoOptions {
        people,
        seed,
        today: date!(2026 - 11 - 26),
    };
    demo::create(path, &pack(), &opts).unwrap();
    Store::open(path).unwrap()
}

fn rows(store: &Store, sql: &str) -> Vec<Vec<Value>> {
    let conn = store.conn();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn summaries(store: &Store) -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    (
        rows(
            store,
            "SELECT * FROM course_summary ORDER BY person_id, course_id",
        ),
        rows(store, "SELECT * FROM person_summary ORDER BY person_id"),
    )
}

fn triggers(store: &Store) -> Vec<Vec<Value>> {
    rows(
        store,
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
    )
}

/// Throw the summaries away and let the schema's own triggers count every row again.
fn full_recount(store: &mut Store) {
    store
        .conn()
        .execute_batch(
            "BEGIN IMMEDIATE;
             DELETE FROM course_summary;
             UPDATE person_summary SET lessons_read = 0, courses_completed = 0, attempts = 0,
                 last_activity = NULL;
             UPDATE lesson_progress SET top_block = top_block;
             UPDATE attempts SET status = status;
             CREATE TEMP TABLE cc AS SELECT * FROM course_completions;
             DELETE FROM course_completions;
             INSERT INTO course_completions SELECT * FROM temp.cc;
             DROP TABLE temp.cc;
             COMMIT;",
        )
        .unwrap();
}

fn merge_file(
    store: &mut Store,
    file: &Path,
    allow_demo: bool,
) -> danvan::store::merge::MergeSummary {
    let b = bundle::from_reader(std::fs::File::open(file).unwrap()).unwrap();
    let s = store.merge_bundle(&b, allow_demo).unwrap();
    assert!(s.refused.is_none(), "{:?}", s.refused);
    assert!(s.refused_records.is_empty(), "{:?}", s.refused_records);
    s
}

fn export(store: &Store, file: &Path) {
    let b = store.bundle_records(&BundleFilter::default()).unwrap();
    std::fs::write(file, bundle::to_json(&b)).unwrap();
}

/// Equal summaries; otherwise the first rows that differ.
fn same(a: &(Vec<Vec<Value>>, Vec<Vec<Value>>), b: &(Vec<Vec<Value>>, Vec<Vec<Value>>)) {
    for (x, y) in [(&a.0, &b.0), (&a.1, &b.1)] {
        let diff: Vec<_> = x
            .iter()
            .zip(y.iter())
            .filter(|(p, q)| p != q)
            .take(3)
            .collect();
        assert!(
            diff.is_empty() && x.len() == y.len(),
            "{} vs {} rows; {diff:?}",
            x.len(),
            y.len()
        );
    }
}

#[test]
fn a_merged_demo_bundle_has_the_summaries_a_full_recount_gives() {
    let dir = tempfile::tempdir().unwrap();
    let source = make_demo(&dir.path().join("a.db"), 120, 7);
    let file = dir.path().join("a.json");
    export(&source, &file);

    let mut empty = Store::open(&dir.path().join("b.db")).unwrap();
    let before = triggers(&empty);
    let s = merge_file(&mut empty, &file, false);
    assert_eq!(s.people.added, 120);
    assert!(s.attempts.added > 0 && s.lesson_progress.added > 0);
    assert_eq!(triggers(&empty), before, "the summary triggers are back");

    let merged = summaries(&empty);
    assert!(!merged.0.is_empty() && !merged.1.is_empty());
    // Counted once, set-based, by the merge; row by row by the triggers here.
    full_recount(&mut empty);
    same(&summaries(&empty), &merged);

    // Merged again: nothing changes, the summaries neither.
    let s = merge_file(&mut empty, &file, false);
    assert!(!s.changed(), "{s:#?}");
    assert_eq!(summaries(&empty), merged);
    assert_eq!(triggers(&empty), before);
}

#[test]
fn a_bundle_merged_over_other_records_recounts_only_to_the_full_recount() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = make_demo(&dir.path().join("a.db"), 60, 1);
    let b = make_demo(&dir.path().join("b.db"), 60, 2);
    let file = dir.path().join("b.json");
    export(&b, &file);
    let s = merge_file(&mut a, &file, true);
    assert!(s.changed());
    let merged = summaries(&a);
    full_recount(&mut a);
    same(&summaries(&a), &merged);
    // The triggers work again after the merge: a new lesson visit is counted at once.
    let (person, course, lesson): (String, String, String) = a
        .conn()
        .query_row(
            "SELECT person_id, course_id, lesson_id FROM lesson_progress
             WHERE completed_at IS NULL LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let read = |a: &Store| -> i64 {
        a.conn()
            .query_row(
                "SELECT lessons_read FROM course_summary WHERE person_id = ?1 AND course_id = ?2",
                [&person, &course],
                |r| r.get(0),
            )
            .unwrap()
    };
    let was = read(&a);
    a.conn()
        .execute(
            "UPDATE lesson_progress SET completed_at = opened_at
             WHERE person_id = ?1 AND course_id = ?2 AND lesson_id = ?3",
            [&person, &course, &lesson],
        )
        .unwrap();
    assert_eq!(read(&a), was + 1);
}

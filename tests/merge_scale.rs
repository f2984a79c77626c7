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

/// What the insert triggers write, for everyone but `skip`: the summaries, the name words, the
/// xAPI changes in the order they are sent (by sequence), and the delta owners of people (a delta
/// bundle takes every owner in a range of sequence numbers, so their order within one merge is
/// not kept).
fn trigger_rows(store: &Store, skip: &str) -> Vec<Vec<Vec<Value>>> {
    let q = |sql: &str| rows(store, &sql.replace("SKIP", &format!("'{skip}'")));
    vec![
        q("SELECT * FROM course_summary WHERE person_id <> SKIP ORDER BY person_id, course_id"),
        q("SELECT * FROM person_summary WHERE person_id <> SKIP ORDER BY person_id"),
        q(
            "SELECT word, person_id FROM person_name_words WHERE person_id <> SKIP
           ORDER BY word, person_id",
        ),
        q(
            "SELECT kind, x.person_id, x.course_id, lesson_id, attempt_id, record_key
           FROM xapi_changes AS x LEFT JOIN attempts AS a ON a.id = x.attempt_id
           WHERE COALESCE(a.person_id, x.person_id) <> SKIP ORDER BY seq",
        ),
        q(
            "SELECT kind, record_id FROM bundle_changes WHERE kind = 'person' AND record_id <> SKIP
           ORDER BY record_id",
        ),
    ]
}

#[test]
fn a_merge_into_a_database_without_people_writes_what_the_insert_triggers_write() {
    let dir = tempfile::tempdir().unwrap();
    let source = make_demo(&dir.path().join("a.db"), 80, 11);
    let file = dir.path().join("a.json");
    export(&source, &file);

    // Into an empty database the insert triggers are suspended and their work done at the end.
    let mut fresh = Store::open(&dir.path().join("fresh.db")).unwrap();
    let before = triggers(&fresh);
    merge_file(&mut fresh, &file, true);
    assert_eq!(triggers(&fresh), before, "the insert triggers are back");

    // One local person keeps every trigger firing row by row.
    let mut held = Store::open(&dir.path().join("held.db")).unwrap();
    held.conn()
        .execute_batch(
            "INSERT INTO people (id, full_name, staff_code, created_at, updated_at)
             VALUES ('local-1', 'Nguyễn Văn Khác', 'LOCAL-1', '2026-01-02T03:04:05Z',
                     '2026-01-02T03:04:05Z')",
        )
        .unwrap();
    merge_file(&mut held, &file, true);

    let (f, h) = (
        trigger_rows(&fresh, "local-1"),
        trigger_rows(&held, "local-1"),
    );
    for (i, (a, b)) in f.iter().zip(&h).enumerate() {
        assert!(!a.is_empty(), "table {i} has rows");
        let first = a.iter().zip(b).position(|(x, y)| x != y);
        assert!(
            first.is_none() && a.len() == b.len(),
            "table {i}: {} vs {} rows, first difference at {first:?}: {:?} vs {:?}",
            a.len(),
            b.len(),
            first.map(|k| &a[k]),
            first.map(|k| &b[k])
        );
    }
    // The triggers work after the fresh merge: a new person gets a summary and name words, as
    // in the database where they never stopped.
    for store in [&fresh, &held] {
        store
            .conn()
            .execute_batch(
                "INSERT INTO people (id, full_name, created_at, updated_at)
                 VALUES ('later', 'Trần Thị Sau', '2026-01-02T03:04:05Z', '2026-01-02T03:04:05Z')",
            )
            .unwrap();
    }
    let later = |store: &Store| {
        (
            rows(
                store,
                "SELECT * FROM person_summary WHERE person_id = 'later'",
            ),
            rows(
                store,
                "SELECT word FROM person_name_words WHERE person_id = 'later' ORDER BY word",
            ),
        )
    };
    let (f, h) = (later(&fresh), later(&held));
    assert!(f.0.len() == 1 && f.1.len() >= 3, "{f:?}");
    assert_eq!(f, h);
}

/// A re-merge reads the attempts here a batch at a time (`Merger::attempt_here`): over a
/// database that lost some attempts, has others still open, and others short of an answer, in
/// every batch and across the batches' edges, it ends with the attempts and answers the first
/// merge gave, each change counted once.
#[test]
fn a_re_merge_over_missing_open_and_short_attempts_restores_the_merged_records() {
    let dir = tempfile::tempdir().unwrap();
    let source = make_demo(&dir.path().join("a.db"), 400, 11);
    let file = dir.path().join("a.json");
    export(&source, &file);
    let mut target = Store::open(&dir.path().join("b.db")).unwrap();
    merge_file(&mut target, &file, false);
    let attempts = "SELECT * FROM attempts ORDER BY id";
    let answers = "SELECT * FROM answers ORDER BY attempt_id, position";
    let (merged_attempts, merged_answers) = (rows(&target, attempts), rows(&target, answers));
    let ids: Vec<String> = rows(&target, "SELECT id FROM attempts ORDER BY id")
        .into_iter()
        .map(|r| match &r[0] {
            Value::Text(t) => t.clone(),
            v => panic!("{v:?}"),
        })
        .collect();
    assert!(
        ids.len() > 600,
        "{} attempts: more than two batches",
        ids.len()
    );

    let conn = target.conn();
    let (mut gone, mut opened, mut short) = (0, 0, 0);
    for (i, id) in ids.iter().enumerate() {
        if i % 7 == 3 {
            gone += conn
                .execute("DELETE FROM attempts WHERE id = ?1", [id])
                .unwrap();
        } else if i % 5 == 1 {
            opened += conn
                .execute(
                    "UPDATE attempts SET status = 'open' WHERE id = ?1 AND status <> 'open'",
                    [id],
                )
                .unwrap();
        } else if i % 3 == 2 {
            short += conn
                .execute(
                    "DELETE FROM answers WHERE attempt_id = ?1
                     AND position = (SELECT MAX(position) FROM answers WHERE attempt_id = ?1)",
                    [id],
                )
                .unwrap();
        }
    }
    // The batch's first and last attempt and the ones beside them are among those changed.
    assert!(
        gone > 80 && opened > 40 && short > 40,
        "{gone} {opened} {short}"
    );

    let s = merge_file(&mut target, &file, false);
    assert_eq!(s.attempts.added, gone);
    assert_eq!(s.attempts.updated, opened);
    assert!(
        rows(&target, attempts) == merged_attempts,
        "the attempts as merged"
    );
    assert!(
        rows(&target, answers) == merged_answers,
        "the answers as merged"
    );
    // And once more: nothing left to do.
    let s = merge_file(&mut target, &file, false);
    assert!(!s.changed(), "{s:#?}");
}

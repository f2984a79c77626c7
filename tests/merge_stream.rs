//! A signed bundle merged as a stream: records in another order than danvan writes them merge
//! as the same bundle does in order (read whole instead), and a record twice, next to itself or
//! far from it, refuses the file with nothing merged.

use std::path::{Path, PathBuf};

use danvan::demo::{self, DemoOptions};
use danvan::domain::bundle::{Bundle, BundleFilter};
use danvan::domain::content::{embedded_files, load, Pack};
use danvan::io::bundle;
use danvan::service::bundles::{self, MergeOptions};
use danvan::store::Store;
use rusqlite::types::Value;
use time::macros::date;

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
}

fn demo_bundle(dir: &Path) -> Bundle {
    let path = dir.join("source.db");
    let opts = DemoOptions {
        people: 40,
        seed: 3,
        today: date!(2026 - 11 - 26),
    };
    demo::create(&path, &pack(), &opts).unwrap();
    Store::open(&path)
        .unwrap()
        .bundle_records(&BundleFilter::default())
        .unwrap()
}

/// `b` signed, one record a line in the order of its lists.
fn signed(dir: &Path, name: &str, b: &Bundle) -> PathBuf {
    let key = ed25519_dalek::SigningKey::from_bytes(&[5u8; 32]);
    let file = dir.join(name);
    let signed = bundle::write_signed(b, &key, Vec::new()).unwrap();
    std::fs::write(&file, signed.out).unwrap();
    file
}

fn merge(dir: &Path, db: &str, file: &Path) -> (Store, Result<bundles::Merged, bundles::Refusal>) {
    let pack = pack();
    let mut store = Store::open(&dir.join(db)).unwrap();
    let options = MergeOptions {
        pack: Some(&pack),
        ..Default::default()
    };
    let merged = bundles::merge_file(&mut store, file, options);
    (store, merged)
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

/// What a merge leaves, in key order (the xAPI change list without its sequence numbers).
fn contents(store: &Store) -> Vec<Vec<Vec<Value>>> {
    [
        "SELECT * FROM people ORDER BY id",
        "SELECT * FROM lesson_progress ORDER BY person_id, course_id, lesson_id",
        "SELECT * FROM course_completions ORDER BY person_id, course_id",
        "SELECT * FROM attempts ORDER BY id",
        "SELECT * FROM answers ORDER BY attempt_id, position",
        "SELECT * FROM course_summary ORDER BY person_id, course_id",
        "SELECT kind, person_id, course_id, lesson_id, attempt_id FROM xapi_changes
         ORDER BY kind, person_id, course_id, lesson_id, attempt_id",
    ]
    .iter()
    .map(|sql| rows(store, sql))
    .collect()
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn records_out_of_order_merge_as_the_same_bundle_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let b = demo_bundle(dir.path());
    assert!(b.attempts.len() > 2 && b.lesson_progress.len() > 2);
    let in_order = signed(dir.path(), "in-order.jsonl", &b);
    let mut reversed = b.clone();
    reversed.lesson_progress.reverse();
    reversed.attempts.reverse();
    let out_of_order = signed(dir.path(), "reversed.jsonl", &reversed);

    let (a, merged_a) = merge(dir.path(), "a.db", &in_order);
    let (r, merged_r) = merge(dir.path(), "r.db", &out_of_order);
    let (sa, sr) = (merged_a.unwrap().summary, merged_r.unwrap().summary);
    assert_eq!(sa.tables(), sr.tables());
    assert_eq!(sa.people.added, 40);
    assert!(sa.attempts.added > 2 && sa.answers.added > 0);
    assert_eq!(contents(&a), contents(&r));
    assert!(!contents(&a)[5].is_empty(), "the summaries were recounted");
}

#[test]
fn a_record_twice_refuses_the_stream_with_nothing_merged() {
    let dir = tempfile::tempdir().unwrap();
    let b = demo_bundle(dir.path());
    // Next to itself (the lists stay in key order), and far from it (they do not).
    let mut adjacent = b.clone();
    adjacent
        .lesson_progress
        .insert(1, b.lesson_progress[1].clone());
    let mut far = b.clone();
    far.attempts.push(b.attempts[0].clone());
    for (name, twice, what) in [
        ("adjacent.jsonl", adjacent, "lesson_progress"),
        ("far.jsonl", far, "attempts"),
    ] {
        let file = signed(dir.path(), name, &twice);
        let (store, merged) = merge(dir.path(), &format!("{name}.db"), &file);
        let refusal = merged.unwrap_err();
        assert_eq!(refusal.msg.id, "merge-duplicate", "{name}: {refusal:?}");
        assert!(
            refusal
                .msg
                .args
                .iter()
                .any(|(k, v)| *k == "what" && v == what),
            "{name}: {refusal:?}"
        );
        for table in ["people", "lesson_progress", "attempts", "trusted_keys"] {
            assert_eq!(count(&store, table), 0, "{name}: {table}");
        }
    }
}

/// A merge runs in a larger page cache of its own; merged or refused, the connection (the
/// kit's screens go on with it) has its own cache back.
#[test]
fn a_merge_gives_the_connection_its_own_cache_back_merged_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let b = demo_bundle(dir.path());
    let mut twice = b.clone();
    twice.attempts.push(b.attempts[0].clone());
    let files = [
        (signed(dir.path(), "fine.jsonl", &b), true),
        (signed(dir.path(), "twice.jsonl", &twice), false),
    ];
    let pack = pack();
    for (file, merges) in files {
        let mut store = Store::open(&dir.path().join(format!("{merges}.db"))).unwrap();
        store
            .conn()
            .pragma_update(None, "cache_size", -500)
            .unwrap();
        let options = MergeOptions {
            pack: Some(&pack),
            ..Default::default()
        };
        let merged = bundles::merge_file(&mut store, &file, options);
        assert_eq!(merged.is_ok(), merges, "{file:?}");
        let cache: i64 = store
            .conn()
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(cache, -500, "{file:?}");
    }
}

fn journal_mode(store: &Store) -> String {
    store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

/// Into a database without people a merge writes through SQLite's rollback journal (each page
/// once, not into the log and again into the file) when it has the file to itself, and gives
/// the file back in its write-ahead log. With another connection open (the kit's screens), or
/// into a database with people, nothing is switched; the merge goes on in the log.
#[test]
fn a_merge_into_an_empty_database_has_it_alone_in_the_rollback_journal() {
    let dir = tempfile::tempdir().unwrap();
    let alone = Store::open(&dir.path().join("alone.db")).unwrap();
    let switched = alone.begin_fill().unwrap();
    assert!(switched);
    assert_eq!(journal_mode(&alone), "delete");
    alone.end_fill(switched);
    assert_eq!(journal_mode(&alone), "wal");

    let shared = dir.path().join("shared.db");
    let screens = Store::open(&shared).unwrap();
    let merging = Store::open(&shared).unwrap();
    assert!(!merging.begin_fill().unwrap());
    assert_eq!(journal_mode(&merging), "wal");
    drop(screens);

    // Whole merges: alone (switched and back), beside an open connection, and over people.
    let b = demo_bundle(dir.path());
    let file = signed(dir.path(), "bundle.jsonl", &b);
    let (store, merged) = merge(dir.path(), "alone.db", &file);
    assert_eq!(merged.unwrap().summary.people.added, 40);
    assert_eq!(journal_mode(&store), "wal");
    assert!(!store.begin_fill().unwrap(), "it has people now");
    let (store, merged) = merge(dir.path(), "shared.db", &file);
    assert_eq!(merged.unwrap().summary.people.added, 40);
    assert_eq!(journal_mode(&store), "wal");
    drop(merging);
}

/// Switching a file to the rollback journal rewrites its header: a damaged database without
/// people is refused by a merge with every byte as it was, as one with people is.
#[test]
fn a_damaged_database_without_people_is_refused_by_a_merge_with_its_bytes_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let b = demo_bundle(dir.path());
    let file = signed(dir.path(), "bundle.jsonl", &b);
    let db = dir.path().join("empty.db");
    drop(Store::open(&db).unwrap());
    // The answers' first page overwritten: the people table still reads (it is empty).
    let page: usize = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'answers'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as usize;
    let mut bytes = std::fs::read(&db).unwrap();
    let size = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    bytes[(page - 1) * size..page * size].fill(0xA5);
    std::fs::write(&db, &bytes).unwrap();

    let (store, merged) = merge(dir.path(), "empty.db", &file);
    assert_eq!(merged.unwrap_err().msg.id, "store-corrupt");
    drop(store);
    assert!(
        std::fs::read(&db).unwrap() == bytes,
        "the damaged file was changed"
    );
}

#[test]
fn answers_merge_by_position_whether_the_attempt_holds_all_some_or_none_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let b = demo_bundle(dir.path());
    let total: usize = b.attempts.iter().map(|a| a.answers.len()).sum();
    let i = b
        .attempts
        .iter()
        .position(|a| a.answers.len() > 9)
        .expect("an attempt of more than eight answers");
    // The first merge brings that attempt without its first and last answers.
    let mut partial = b.clone();
    let n = partial.attempts[i].answers.len();
    partial.attempts[i].answers.remove(n - 1);
    partial.attempts[i].answers.remove(0);
    // Without the pack's checks: the partial attempt's score no longer adds up.
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let first = bundles::merge_file(
        &mut store,
        &signed(dir.path(), "p.jsonl", &partial),
        MergeOptions::default(),
    );
    let first = first.unwrap().summary;
    assert_eq!((first.answers.added, first.answers.skipped), (total - 2, 0));
    // The attempt's owner, as the delta bundles number it (a merge moves it once per attempt
    // whose answers it added, for the answer trigger it suspends).
    let owner = b.attempts[i].person_id.clone();
    let seq_of = |store: &Store| -> (i64, i64) {
        store
            .conn()
            .query_row(
                "SELECT seq, (SELECT MAX(seq) FROM bundle_changes) FROM bundle_changes
                 WHERE kind = 'person' AND record_id = ?1",
                [&owner],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let (before, _) = seq_of(&store);
    drop(store);
    let whole = signed(dir.path(), "w.jsonl", &b);
    let (second_store, second) = merge(dir.path(), "t.db", &whole);
    let second = second.unwrap().summary;
    assert_eq!(
        (second.answers.added, second.answers.skipped),
        (2, total - 2)
    );
    let (after, top) = seq_of(&second_store);
    assert!(
        after > before,
        "two answers added move their owner for --since"
    );
    assert_eq!(after, top, "and only that owner");
    drop(second_store);
    let (again_store, again) = merge(dir.path(), "t.db", &whole);
    let again = again.unwrap().summary;
    assert_eq!((again.answers.added, again.answers.skipped), (0, total));
    assert!(!again.changed(), "{again:?}");
    assert_eq!(
        seq_of(&again_store).0,
        after,
        "nothing added, nothing moved"
    );
    // The same rows as the whole bundle merged once into an empty database.
    let (fresh, _) = merge(dir.path(), "fresh.db", &whole);
    assert_eq!(contents(&again_store)[..5], contents(&fresh)[..5]);
    assert_eq!(count(&again_store, "answers") as usize, total);
}

/// An attempt twice, next to itself, into a database that already holds records (its attempts
/// are looked up, a batch at a time): refused as a record twice, and nothing is changed.
#[test]
fn an_attempt_twice_into_a_database_with_records_is_refused_as_twice() {
    let dir = tempfile::tempdir().unwrap();
    let b = demo_bundle(dir.path());
    let file = signed(dir.path(), "once.jsonl", &b);
    let (store, merged) = merge(dir.path(), "target.db", &file);
    merged.unwrap();
    // One attempt is gone from the target: given twice, it would be added, then met again.
    store
        .conn()
        .execute(
            "DELETE FROM attempts WHERE id IN (SELECT id FROM attempts ORDER BY id LIMIT 1 OFFSET 1)",
            [],
        )
        .unwrap();
    let before = contents(&store);
    drop(store);
    let mut twice = b.clone();
    let mut ids: Vec<_> = b.attempts.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    let at = b.attempts.iter().position(|a| a.id == ids[1]).unwrap();
    twice.attempts.insert(at + 1, b.attempts[at].clone());
    let file = signed(dir.path(), "twice.jsonl", &twice);
    let (store, merged) = merge(dir.path(), "target.db", &file);
    let refusal = merged.unwrap_err();
    assert_eq!(refusal.msg.id, "merge-duplicate", "{refusal:?}");
    assert_eq!(contents(&store), before, "nothing changed");
}

//! Upgrading to schema 16 (a smaller database): `xapi_changes` loses its UNIQUE copy of every
//! key for a hashed `record_key` and a small index, and papers are stored packed. From the
//! schema-7 fixture (tests/fixtures/db/schema7-demo.db): every record the same as the store reads
//! it, the backup kept, the file vacuumed. From schema 15: every change row the same (seq, kind, key) and the AUTOINCREMENT
//! counter kept, so what the LRS was sent (`lrs_sent`) still means the same records.

use danvan::store::schema::{unpack_paper, SCHEMA_VERSION};
use danvan::store::Store;
use rusqlite::{Connection, OpenFlags};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/db/schema7-demo.db"
);

/// Every row of every table a bundle carries, by value, sorted (what schemas 8, 11 and 14 rewrite
/// on the way left out).
fn records(conn: &Connection) -> Vec<String> {
    let mut rows = Vec::new();
    for t in [
        "units",
        "people",
        "lesson_progress",
        "course_completions",
        "attempts",
        "answers",
        "practice_cards",
        "assessments",
        "assessment_answers",
        "assessment_versions",
        "evidence_files",
    ] {
        let cols: Vec<String> = conn
            .prepare(
                "SELECT name FROM pragma_table_info(?1)
                 WHERE name NOT IN ('origin', 'content_hash') ORDER BY cid",
            )
            .unwrap()
            .query_map([t], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let mut stmt = conn
            .prepare(&format!("SELECT {} FROM {t}", cols.join(", ")))
            .unwrap();
        let n = stmt.column_count();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            // Papers as the store reads them (stored packed since schema 16).
            let cells: Vec<String> = (0..n)
                .map(|i| match r.get::<_, rusqlite::types::Value>(i).unwrap() {
                    rusqlite::types::Value::Text(s) if cols[i] == "paper" => {
                        format!("{:?}", unpack_paper(&s))
                    }
                    v => format!("{v:?}"),
                })
                .collect();
            rows.push(format!("{t}: {}", cells.join(" | ")));
        }
    }
    rows.sort();
    rows
}

type Change = (i64, String, String, String, String, String);

fn changes(conn: &Connection) -> Vec<Change> {
    conn.prepare(
        "SELECT seq, kind, person_id, course_id, lesson_id, attempt_id FROM xapi_changes
         ORDER BY seq",
    )
    .unwrap()
    .query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn counter(conn: &Connection) -> i64 {
    count(
        conn,
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'xapi_changes'), 0)",
    )
}

fn backups(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let n = e.as_ref().unwrap().file_name();
            n.to_string_lossy()
                .starts_with(&format!("danvan.before-v{SCHEMA_VERSION}-"))
        })
        .count()
}

/// Every change row's hashed key is the one the triggers give, and no UNIQUE index is left.
fn assert_keyed(conn: &Connection) {
    assert_eq!(
        count(
            conn,
            "SELECT COUNT(*) FROM xapi_changes WHERE record_key
             <> danvan_change_key(kind, person_id, course_id, lesson_id, attempt_id)"
        ),
        0
    );
    let indexes: Vec<String> = conn
        .prepare("SELECT name FROM pragma_index_list('xapi_changes') ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(indexes, ["xapi_changes_key"]);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_schema7_file_keeps_every_record_and_gets_one_keyed_change_per_record() {
    const { assert!(SCHEMA_VERSION >= 16) };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    std::fs::copy(FIXTURE, &db).unwrap();
    let before = {
        let c = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        records(&c)
    };
    assert!(before.len() > 100, "the fixture has records");

    let mut store = Store::open(&db).expect("upgrade");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(backups(dir.path()), 1);
    let c = store.conn();
    let after = records(c);
    assert_eq!(after.len(), before.len());
    if let Some((a, b)) = after.iter().zip(&before).find(|(a, b)| a != b) {
        panic!("changed by the upgrade:\n{b}\n{a}");
    }
    assert_keyed(c);
    // Every paper is stored packed (its bank once per run of lines), and reads back as it was
    // (the records above).
    assert!(count(c, "SELECT COUNT(*) FROM attempts") > 10);
    assert_eq!(
        count(
            c,
            "SELECT COUNT(*) FROM attempts WHERE substr(paper, 1, 1) <> char(1)"
        ),
        0
    );
    let expected = count(
        c,
        "SELECT (SELECT COUNT(*) FROM lesson_progress WHERE completed_at IS NOT NULL)
              + (SELECT COUNT(*) FROM attempts WHERE practice = 0 AND status <> 'open')
              + (SELECT COUNT(*) FROM course_completions)",
    );
    let rows = changes(c);
    assert_eq!(rows.len() as i64, expected);
    assert_eq!(counter(c), rows.last().unwrap().0);
    // Vacuumed after: no page left free.
    assert_eq!(count(c, "PRAGMA freelist_count"), 0);

    // A lesson read after the upgrade is one new change, after every other.
    let (person, course, version, lesson): (String, String, String, String) = c
        .query_row(
            "SELECT person_id, course_id, course_version, lesson_id FROM lesson_progress
             WHERE completed_at IS NULL ORDER BY person_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    store
        .mark_lesson_complete(&person, &course, &version, &lesson)
        .unwrap();
    let now = changes(store.conn());
    assert_eq!(now.len(), rows.len() + 1);
    let last = now.last().unwrap();
    assert_eq!(
        (
            last.1.as_str(),
            last.2.as_str(),
            last.3.as_str(),
            last.4.as_str()
        ),
        ("lesson", person.as_str(), course.as_str(), lesson.as_str())
    );
    assert!(last.0 > rows.last().unwrap().0);
    assert_keyed(store.conn());
}

#[test]
fn a_schema15_file_keeps_every_change_its_seq_and_the_counter() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    Store::create_at_version(&db, 15).unwrap();
    {
        // Rows with gaps, and a counter past the last row (its record was deleted).
        let c = Connection::open(&db).unwrap();
        c.execute_batch(
            "INSERT INTO xapi_changes (seq, kind, person_id, course_id, lesson_id)
                VALUES (3, 'lesson', 'p1', 'c1', 'l1');
             INSERT INTO xapi_changes (seq, kind, attempt_id) VALUES (7, 'attempt', 'a1');
             INSERT INTO xapi_changes (seq, kind, person_id, course_id)
                VALUES (9, 'course', 'p1', 'c1');
             UPDATE sqlite_sequence SET seq = 12 WHERE name = 'xapi_changes';
             INSERT INTO lrs_sent (endpoint, scope, sent_through, pushed_at)
                VALUES ('https://lrs.example/x', 'all', 7, '2026-01-01T00:00:00Z');",
        )
        .unwrap();
    }
    let before = changes(&Connection::open(&db).unwrap());
    assert_eq!(before.len(), 3);

    let store = Store::open(&db).expect("upgrade");
    assert_eq!(backups(dir.path()), 1);
    let c = store.conn();
    assert_eq!(changes(c), before);
    assert_eq!(counter(c), 12);
    assert_keyed(c);
    assert_eq!(
        store
            .lrs_sent_through("https://lrs.example/x", "all")
            .unwrap(),
        7
    );
    // The next change is numbered past the counter, and the attempt moves (one row, not two).
    for sql in danvan_answer_change() {
        c.execute(&sql, ["a1"]).unwrap();
    }
    let now = changes(c);
    assert_eq!(now.len(), 3);
    assert_eq!((now[2].0, now[2].5.as_str()), (13, "a1"));
    assert_eq!(now[..2], [before[0].clone(), before[2].clone()]);
}

/// The statements a trigger runs for attempt `?1`, as stored by the upgraded database.
fn danvan_answer_change() -> Vec<String> {
    vec![
        "DELETE FROM xapi_changes WHERE record_key = danvan_change_key('attempt', '', '', '', ?1)
         AND kind = 'attempt' AND attempt_id = ?1"
            .into(),
        "INSERT INTO xapi_changes (kind, attempt_id, record_key)
         VALUES ('attempt', ?1, danvan_change_key('attempt', '', '', '', ?1))"
            .into(),
    ]
}

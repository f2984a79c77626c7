//! Upgrading a schema-7 database (tests/fixtures/db/schema7-demo.db) stores the composite-key
//! tables WITHOUT ROWID: every record the same before and after, the backup kept, the indexes
//! and triggers as a new database has them, and the triggers still keeping the summaries and the
//! xAPI changes right.

use std::path::Path;

use danvan::store::schema::SCHEMA_VERSION;
use danvan::store::Store;
use rusqlite::{Connection, OpenFlags};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/db/schema7-demo.db"
);

/// The tables rebuilt that schema 7 already has.
const TABLES: [&str; 7] = [
    "lesson_progress",
    "answers",
    "practice_cards",
    "course_completions",
    "attempt_grants",
    "assessment_answers",
    "evidence_files",
];

fn read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// Every row of `table`, ordered by its key, every value as SQLite holds it.
fn dump(conn: &Connection, table: &str) -> Vec<Vec<rusqlite::types::Value>> {
    let key: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")
        .unwrap()
        .query_map([table], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(key.len() > 1, "{table} has a composite key");
    let mut stmt = conn
        .prepare(&format!(
            "SELECT * FROM {table} ORDER BY {}",
            key.join(", ")
        ))
        .unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// (type, name, sql) of every index and trigger, by name.
fn companions(conn: &Connection) -> Vec<(String, String, String)> {
    conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')
         AND sql IS NOT NULL ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

fn without_rowid(conn: &Connection, table: &str) -> bool {
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    sql.trim_end().ends_with("WITHOUT ROWID")
}

#[test]
fn a_schema7_file_keeps_every_record_as_its_tables_lose_their_rowids() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    std::fs::copy(FIXTURE, &db).unwrap();
    let before: Vec<_> = {
        let c = read_only(&db);
        assert!(TABLES.iter().all(|t| !without_rowid(&c, t)));
        TABLES.iter().map(|t| dump(&c, t)).collect()
    };
    assert!(before.iter().filter(|rows| !rows.is_empty()).count() >= 4);

    let mut store = Store::open(&db).expect("upgrade");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let backups: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(&format!("danvan.before-v{SCHEMA_VERSION}-")))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    {
        let c = store.conn();
        for (t, rows) in TABLES.iter().zip(&before) {
            assert!(without_rowid(c, t), "{t}");
            assert_eq!(&dump(c, t), rows, "{t}");
        }
        assert!(without_rowid(c, "lrs_sent"));
        let check: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        // The indexes and triggers are those of a database made new by this build.
        let fresh = Store::open(&dir.path().join("fresh.db")).unwrap();
        assert_eq!(companions(c), companions(fresh.conn()));
        assert!(companions(c)
            .iter()
            .any(|(kind, name, _)| kind == "trigger" && name == "course_summary_lesson_insert"));
    }

    // The triggers still keep the summaries: a lesson read moves both counts by one.
    let (person, course, version, lesson): (String, String, String, String) = store
        .conn()
        .query_row(
            "SELECT lp.person_id, lp.course_id, lp.course_version, lp.lesson_id
             FROM lesson_progress lp WHERE lp.completed_at IS NULL ORDER BY lp.person_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap_or_else(|_| panic!("the fixture has a lesson opened and not read"));
    let counts = |s: &Store| -> (i64, i64) {
        s.conn()
            .query_row(
                "SELECT cs.lessons_read, ps.lessons_read FROM course_summary cs
                 JOIN person_summary ps ON ps.person_id = cs.person_id
                 WHERE cs.person_id = ?1 AND cs.course_id = ?2",
                [&person, &course],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let (course_read, person_read) = counts(&store);
    store
        .mark_lesson_complete(&person, &course, &version, &lesson)
        .unwrap();
    assert_eq!(counts(&store), (course_read + 1, person_read + 1));

    // An answer written after the upgrade moves its attempt to the newest xAPI change.
    let attempt: String = store
        .conn()
        .query_row(
            "SELECT id FROM attempts WHERE practice = 0 AND status <> 'open' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO answers (attempt_id, position, bank_id, question_id, response, correct,
                 earned, answered_at, active_ms)
             VALUES (?1, 999, 'b', 'q', 'x', 0, 0, '2026-11-26T00:00:00Z', 0)",
            [&attempt],
        )
        .unwrap();
    let newest: String = store
        .conn()
        .query_row(
            "SELECT attempt_id FROM xapi_changes ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(newest, attempt);
}

#[test]
fn a_new_database_has_its_composite_key_tables_without_rowid() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("new.db")).unwrap();
    for t in TABLES.iter().chain(&["lrs_sent", "course_summary"]) {
        assert!(without_rowid(store.conn(), t), "{t}");
    }
    for t in ["attempts", "people", "units", "assessments"] {
        assert!(!without_rowid(store.conn(), t), "{t} keeps its rowid");
    }
}

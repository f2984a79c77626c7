//! Upgrading an older database (the schema-7 fixture, tests/fixtures/db/schema7-demo.db) to
//! schema 15 and on: every record the same before and after, the backup kept, one
//! `bundle_changes` row for each unit, person and self-assessment already there (so a first
//! `--since last` is a full bundle), and the triggers moving an owner when its records change.

use danvan::store::schema::{unpack_paper, SCHEMA_VERSION};
use danvan::store::Store;
use rusqlite::{Connection, OpenFlags};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/db/schema7-demo.db"
);

/// Every row of the tables a bundle carries, by value, sorted.
fn records(conn: &Connection) -> Vec<String> {
    let mut rows = Vec::new();
    for t in [
        "units",
        "people",
        "lesson_progress",
        "course_completions",
        "attempts",
        "answers",
        "assessments",
        "assessment_answers",
        "assessment_versions",
    ] {
        // What earlier upgrades on the way rewrite is left out: the origins schemas 11 and 14 add,
        // the content hashes schema 8 makes canonical.
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

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn an_older_file_gets_one_change_per_owner_and_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    std::fs::copy(FIXTURE, &db).unwrap();
    let (before, owners) = {
        let c = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let owners = count(
            &c,
            "SELECT (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM people)
                 + (SELECT COUNT(*) FROM assessments)",
        );
        (records(&c), owners)
    };
    assert!(owners > 10, "the fixture has records: {owners}");

    let store = Store::open(&db).expect("upgrade");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let backups = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            let n = e.as_ref().unwrap().file_name();
            n.to_string_lossy()
                .starts_with(&format!("danvan.before-v{SCHEMA_VERSION}-"))
        })
        .count();
    assert_eq!(backups, 1);
    let c = store.conn();
    let after = records(c);
    assert_eq!(after.len(), before.len());
    if let Some((a, b)) = after.iter().zip(&before).find(|(a, b)| a != b) {
        panic!("changed by the upgrade:\n{b}\n{a}");
    }
    assert_eq!(count(c, "SELECT COUNT(*) FROM bundle_changes"), owners);
    for (kind, table) in [
        ("unit", "units"),
        ("person", "people"),
        ("assessment", "assessments"),
    ] {
        let missing = count(
            c,
            &format!(
                "SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM bundle_changes
                 WHERE kind = '{kind}' AND record_id = t.id)"
            ),
        );
        assert_eq!(missing, 0, "{table}");
    }
    assert_eq!(count(c, "SELECT COUNT(*) FROM bundle_exports"), 0);

    // A lesson read moves its person to the top; a second one, right after, does not move them
    // again; an answer to a finished attempt moves its person.
    let (person, course, version, lesson): (String, String, String, String) = c
        .query_row(
            "SELECT person_id, course_id, course_version, lesson_id FROM lesson_progress
             WHERE completed_at IS NULL ORDER BY person_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let top = |c: &Connection| -> (i64, String) {
        c.query_row(
            "SELECT seq, record_id FROM bundle_changes ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    let mut store = store;
    store
        .mark_lesson_complete(&person, &course, &version, &lesson)
        .unwrap();
    let (seq, who) = top(store.conn());
    assert_eq!(who, person);
    store
        .conn()
        .execute(
            "UPDATE lesson_progress SET top_block = top_block + 1
             WHERE person_id = ?1 AND course_id = ?2 AND lesson_id = ?3",
            [&person, &course, &lesson],
        )
        .unwrap();
    assert_eq!(top(store.conn()), (seq, person.clone()));
    let (attempt, owner): (String, String) = store
        .conn()
        .query_row(
            "SELECT id, person_id FROM attempts WHERE status <> 'open' AND person_id <> ?1
             ORDER BY id LIMIT 1",
            [&person],
            |r| Ok((r.get(0)?, r.get(1)?)),
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
    let (after, who) = top(store.conn());
    assert_eq!(who, owner);
    assert!(after > seq);
}

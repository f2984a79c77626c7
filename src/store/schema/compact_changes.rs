//! Schema 16: a smaller `xapi_changes`. Its `UNIQUE (kind, person_id, course_id, lesson_id,
//! attempt_id)` kept a second copy of every key (UUIDs as text) in an index as large as the
//! table. The key is now found through `record_key`, a 31-bit hash of the five columns
//! ([`change_key`], the SQL function `danvan_change_key`) with a plain index: a hash shared by
//! two records only costs a second row compared, because every delete also matches the five
//! columns. The rows, their `seq` and the AUTOINCREMENT counter stay as they were, so what a
//! push sends and `lrs_sent`'s marks mean do not change.
//!
//! The table is rebuilt inside the migration's transaction (nothing references it; its triggers
//! are dropped first and created again after with the new key), and the migrator checks the room
//! and runs VACUUM after, as for the WITHOUT ROWID rebuild of schema 13.

/// What each xAPI-change trigger of schema 16 runs: the record (kind and key) moves to a new
/// sequence number, found by its hashed key.
macro_rules! xapi_change_keyed {
    ($kind:literal, $person:literal, $course:literal, $lesson:literal, $attempt:literal) => {
        concat!(
            "
        DELETE FROM xapi_changes WHERE record_key = danvan_change_key(",
            $kind,
            ", ",
            $person,
            ", ",
            $course,
            ", ",
            $lesson,
            ", ",
            $attempt,
            ") AND kind = ",
            $kind,
            " AND person_id = ",
            $person,
            " AND course_id = ",
            $course,
            " AND lesson_id = ",
            $lesson,
            " AND attempt_id = ",
            $attempt,
            ";
        INSERT INTO xapi_changes (kind, person_id, course_id, lesson_id, attempt_id, record_key)
        VALUES (",
            $kind,
            ", ",
            $person,
            ", ",
            $course,
            ", ",
            $lesson,
            ", ",
            $attempt,
            ", danvan_change_key(",
            $kind,
            ", ",
            $person,
            ", ",
            $course,
            ", ",
            $lesson,
            ", ",
            $attempt,
            "));
"
        )
    };
}
pub(super) use xapi_change_keyed;

/// The migration (one SQL text, run in the migrator's transaction).
pub(super) const SQL: &str = concat!(
    "-- schema 16: xapi_changes keyed by a hash (compact_changes)
     DROP TRIGGER IF EXISTS xapi_lesson_insert;
     DROP TRIGGER IF EXISTS xapi_lesson_update;
     DROP TRIGGER IF EXISTS xapi_attempt_insert;
     DROP TRIGGER IF EXISTS xapi_attempt_update;
     DROP TRIGGER IF EXISTS xapi_answer_insert;
     DROP TRIGGER IF EXISTS xapi_answer_update;
     DROP TRIGGER IF EXISTS xapi_course_insert;
     DROP TRIGGER IF EXISTS xapi_course_update;
     CREATE TABLE xapi_changes_keyed (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('lesson','attempt','course')),
        person_id TEXT NOT NULL DEFAULT '',
        course_id TEXT NOT NULL DEFAULT '',
        lesson_id TEXT NOT NULL DEFAULT '',
        attempt_id TEXT NOT NULL DEFAULT '',
        record_key INTEGER NOT NULL);
     INSERT INTO xapi_changes_keyed
        (seq, kind, person_id, course_id, lesson_id, attempt_id, record_key)
        SELECT seq, kind, person_id, course_id, lesson_id, attempt_id,
            danvan_change_key(kind, person_id, course_id, lesson_id, attempt_id)
        FROM xapi_changes ORDER BY seq;
     DELETE FROM sqlite_sequence WHERE name = 'xapi_changes_keyed';
     INSERT INTO sqlite_sequence (name, seq)
        SELECT 'xapi_changes_keyed', seq FROM sqlite_sequence WHERE name = 'xapi_changes';
     DROP TABLE xapi_changes;
     ALTER TABLE xapi_changes_keyed RENAME TO xapi_changes;
     CREATE INDEX xapi_changes_key ON xapi_changes(record_key);
     CREATE TRIGGER xapi_lesson_insert AFTER INSERT ON lesson_progress
     WHEN NEW.completed_at IS NOT NULL BEGIN",
    xapi_change_keyed!(
        "'lesson'",
        "NEW.person_id",
        "NEW.course_id",
        "NEW.lesson_id",
        "''"
    ),
    "     END;
     CREATE TRIGGER xapi_lesson_update AFTER UPDATE OF completed_at, person_id, course_id, lesson_id
     ON lesson_progress
     WHEN NEW.completed_at IS NOT NULL AND (NEW.completed_at IS NOT OLD.completed_at
        OR NEW.person_id IS NOT OLD.person_id OR NEW.course_id IS NOT OLD.course_id
        OR NEW.lesson_id IS NOT OLD.lesson_id) BEGIN",
    xapi_change_keyed!(
        "'lesson'",
        "NEW.person_id",
        "NEW.course_id",
        "NEW.lesson_id",
        "''"
    ),
    "     END;
     CREATE TRIGGER xapi_attempt_insert AFTER INSERT ON attempts
     WHEN NEW.practice = 0 AND NEW.status <> 'open' BEGIN",
    xapi_change_keyed!("'attempt'", "''", "''", "''", "NEW.id"),
    "     END;
     CREATE TRIGGER xapi_attempt_update AFTER UPDATE ON attempts
     WHEN NEW.practice = 0 AND NEW.status <> 'open' AND (NEW.status IS NOT OLD.status
        OR NEW.ended_at IS NOT OLD.ended_at OR NEW.started_at IS NOT OLD.started_at
        OR NEW.earned IS NOT OLD.earned OR NEW.max_points IS NOT OLD.max_points
        OR NEW.passed IS NOT OLD.passed OR NEW.active_ms IS NOT OLD.active_ms
        OR NEW.person_id IS NOT OLD.person_id OR NEW.course_id IS NOT OLD.course_id
        OR NEW.quiz_id IS NOT OLD.quiz_id OR NEW.practice IS NOT OLD.practice
        OR NEW.paper IS NOT OLD.paper OR NEW.seed IS NOT OLD.seed) BEGIN",
    xapi_change_keyed!("'attempt'", "''", "''", "''", "NEW.id"),
    "     END;
     CREATE TRIGGER xapi_answer_insert AFTER INSERT ON answers
     WHEN EXISTS (SELECT 1 FROM attempts WHERE id = NEW.attempt_id AND practice = 0
        AND status <> 'open') BEGIN",
    xapi_change_keyed!("'attempt'", "''", "''", "''", "NEW.attempt_id"),
    "     END;
     CREATE TRIGGER xapi_answer_update AFTER UPDATE ON answers
     WHEN EXISTS (SELECT 1 FROM attempts WHERE id = NEW.attempt_id AND practice = 0
        AND status <> 'open') BEGIN",
    xapi_change_keyed!("'attempt'", "''", "''", "''", "NEW.attempt_id"),
    "     END;
     CREATE TRIGGER xapi_course_insert AFTER INSERT ON course_completions BEGIN",
    xapi_change_keyed!("'course'", "NEW.person_id", "NEW.course_id", "''", "''"),
    "     END;
     CREATE TRIGGER xapi_course_update AFTER UPDATE ON course_completions
     WHEN NEW.completed_at IS NOT OLD.completed_at OR NEW.best_percent IS NOT OLD.best_percent
        OR NEW.person_id IS NOT OLD.person_id OR NEW.course_id IS NOT OLD.course_id BEGIN",
    xapi_change_keyed!("'course'", "NEW.person_id", "NEW.course_id", "''", "''"),
    "     END;",
);

/// The hashed key of an xAPI change: FNV-1a (64 bits) over the five columns, each followed by a
/// zero byte, folded to 31 bits (a 4-byte integer in SQLite's records). Never change it: stored
/// keys are compared with it.
pub(crate) fn change_key(parts: [&str; 5]) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    ((h ^ (h >> 32)) & 0x7fff_ffff) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema::SCHEMA_VERSION;
    use crate::store::Store;

    #[test]
    fn the_key_is_stable_and_separates_the_columns() {
        let k = change_key(["attempt", "", "", "", "a1"]);
        assert_eq!(k, change_key(["attempt", "", "", "", "a1"]));
        assert!((0..=0x7fff_ffff).contains(&k));
        // The separator: moving a character from one column to the next is another key.
        assert_ne!(
            change_key(["lesson", "p1", "c", "l", ""]),
            change_key(["lesson", "p", "1c", "l", ""])
        );
        // Values pinned (computed apart): stored keys are compared with this function later.
        assert_eq!(change_key(["a", "", "", "", ""]), 0x77ff_6d00);
        assert_eq!(change_key(["attempt", "", "", "", "a1"]), 0x1c2c_aba4);
    }

    fn changes(store: &Store) -> Vec<(i64, String, String, String, String, String, i64)> {
        store
            .conn()
            .prepare(
                "SELECT seq, kind, person_id, course_id, lesson_id, attempt_id, record_key
                 FROM xapi_changes ORDER BY seq",
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
                    r.get(6)?,
                ))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    #[test]
    fn the_triggers_move_a_record_to_a_new_seq_once_and_keep_its_hashed_key() {
        const { assert!(SCHEMA_VERSION >= 16) };
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO people (id, full_name, created_at, updated_at)
                VALUES ('p1', 'Nguyễn Văn A', 't', 't');
             INSERT INTO course_completions (person_id, course_id, course_version, completed_at)
                VALUES ('p1', 'c1', '1', '2026-01-01T00:00:00Z');
             INSERT INTO lesson_progress (person_id, course_id, course_version, lesson_id,
                completed_at, opened_at)
                VALUES ('p1', 'c1', '1', 'l1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             UPDATE course_completions SET best_percent = 80 WHERE person_id = 'p1';",
            )
            .unwrap();
        let rows = changes(&store);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].1, "lesson");
        assert_eq!(rows[0].6, change_key(["lesson", "p1", "c1", "l1", ""]));
        assert_eq!(rows[1].1, "course");
        assert_eq!(rows[1].6, change_key(["course", "p1", "c1", "", ""]));
        let course_seq = rows[1].0;
        // Read again: the lesson moves past the course, and stays one row.
        store
            .conn()
            .execute_batch("UPDATE lesson_progress SET completed_at = '2026-02-01T00:00:00Z';")
            .unwrap();
        let rows = changes(&store);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!((rows[0].1.as_str(), rows[0].0), ("course", course_seq));
        assert_eq!(rows[1].1, "lesson");
        assert!(rows[1].0 > course_seq);
        // The merge's statements for an attempt write the same row its trigger would.
        for _ in 0..2 {
            for sql in crate::store::schema::answer_change_sql() {
                store.conn().execute(sql, ["a1"]).unwrap();
            }
        }
        let rows = changes(&store);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[2].5, "a1");
        assert_eq!(rows[2].6, change_key(["attempt", "", "", "", "a1"]));
    }

    #[test]
    fn two_records_sharing_a_hash_stay_two_rows() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        let c = store.conn();
        // A row whose stored key is that of attempt 'a2' (as a hash collision would make it).
        c.execute(
            "INSERT INTO xapi_changes (kind, attempt_id, record_key) VALUES ('attempt', 'a1', ?1)",
            [change_key(["attempt", "", "", "", "a2"])],
        )
        .unwrap();
        for sql in crate::store::schema::answer_change_sql() {
            c.execute(sql, ["a2"]).unwrap();
        }
        let rows = changes(&store);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!((rows[0].5.as_str(), rows[1].5.as_str()), ("a1", "a2"));
    }
}

//! The database schema: numbered migrations (each upgrades by one version; a published one is
//! never edited), the version this build writes, and the SQL functions its triggers call.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::{Result, Store, StoreError};

mod bundle_changes;
mod compact_changes;
pub(crate) mod fresh_merge;
mod packed_paper;
pub(crate) use bundle_changes::{ANSWER_DELTA_TRIGGER, ANSWER_OWNER_SQL};
pub use packed_paper::{pack_paper, unpack_paper};
mod legacy_hashes;
mod without_rowid;
pub(crate) use legacy_hashes::{upgraded_attempt_hash, upgraded_checklist_hash};

/// "DanV": marks a SQLite file as danvan's.
pub const APPLICATION_ID: i64 = 0x4461_6E56;

/// What each of the five summary triggers of schema 6 runs for the row written: recount that
/// person's course, then the person's totals. A macro, so the migration stays one literal.
macro_rules! refresh_course_summary {
    () => {
        "
        INSERT INTO course_summary
            (person_id, course_id, lessons_read, attempts, best_percent, passed, completed_at)
        SELECT NEW.person_id, NEW.course_id,
            (SELECT COUNT(*) FROM lesson_progress
              WHERE person_id = NEW.person_id AND course_id = NEW.course_id AND completed_at IS NOT NULL),
            (SELECT COUNT(*) FROM attempts WHERE person_id = NEW.person_id AND course_id = NEW.course_id
              AND practice = 0 AND status <> 'closed-changed'),
            (SELECT MAX(earned * 100.0 / max_points) FROM attempts WHERE person_id = NEW.person_id
              AND course_id = NEW.course_id AND practice = 0 AND status <> 'open' AND max_points > 0),
            COALESCE((SELECT MAX(passed) FROM attempts WHERE person_id = NEW.person_id AND course_id = NEW.course_id
              AND practice = 0 AND status <> 'open'), 0),
            (SELECT completed_at FROM course_completions WHERE person_id = NEW.person_id AND course_id = NEW.course_id)
        WHERE true
        ON CONFLICT(person_id, course_id) DO UPDATE SET
            lessons_read = excluded.lessons_read, attempts = excluded.attempts,
            best_percent = excluded.best_percent, passed = excluded.passed,
            completed_at = excluded.completed_at;
        UPDATE person_summary SET
            lessons_read = (SELECT COALESCE(SUM(lessons_read), 0) FROM course_summary WHERE person_id = NEW.person_id),
            courses_completed = (SELECT COUNT(*) FROM course_summary
              WHERE person_id = NEW.person_id AND completed_at IS NOT NULL),
            attempts = (SELECT COALESCE(SUM(attempts), 0) FROM course_summary WHERE person_id = NEW.person_id),
            last_activity = (SELECT MAX(t) FROM (
              SELECT MAX(opened_at) AS t FROM lesson_progress WHERE person_id = NEW.person_id
              UNION ALL SELECT MAX(COALESCE(ended_at, started_at)) FROM attempts
                WHERE person_id = NEW.person_id AND practice = 0))
        WHERE person_id = NEW.person_id;
"
    };
}

/// What each xAPI-change trigger of schema 9 runs: the record (kind and key) moves to a new
/// sequence number.
macro_rules! xapi_change {
    ($kind:literal, $person:literal, $course:literal, $lesson:literal, $attempt:literal) => {
        concat!(
            "
        DELETE FROM xapi_changes WHERE kind = ",
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
        INSERT INTO xapi_changes (kind, person_id, course_id, lesson_id, attempt_id)
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
            ");
"
        )
    };
}

/// Each entry upgrades the schema by one version; never edit a published one, add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: settings, units, people
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE units (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('department','commune','public-service','other')),
        parent_id TEXT REFERENCES units(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL);
     CREATE TABLE people (
        id TEXT PRIMARY KEY,
        full_name TEXT NOT NULL CHECK (full_name <> ''),
        staff_code TEXT UNIQUE,
        unit_id TEXT REFERENCES units(id),
        position TEXT NOT NULL DEFAULT '',
        appointed_on TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL);
     CREATE INDEX people_unit ON people(unit_id);
     CREATE INDEX people_name ON people(full_name);",
    // 2: lesson progress (the block at the top of the view, not a wrapped line)
    "CREATE TABLE lesson_progress (
        person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        course_version TEXT NOT NULL,
        lesson_id TEXT NOT NULL,
        top_block INTEGER NOT NULL DEFAULT 0,
        completed_at TEXT,
        opened_at TEXT NOT NULL,
        PRIMARY KEY (person_id, course_id, lesson_id));",
    // 3: quiz attempts and their answers, practice cards, course completions
    "CREATE TABLE attempts (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        quiz_id TEXT NOT NULL,
        quiz_version TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        seed INTEGER NOT NULL,
        paper TEXT NOT NULL,
        practice INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('open','submitted','timed-out','closed-changed')),
        started_at TEXT NOT NULL,
        ended_at TEXT,
        active_ms INTEGER NOT NULL DEFAULT 0,
        earned INTEGER,
        max_points INTEGER,
        passed INTEGER);
     CREATE INDEX attempts_person_quiz ON attempts(person_id, quiz_id, practice);
     CREATE TABLE answers (
        attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        response TEXT NOT NULL,
        correct INTEGER NOT NULL,
        earned INTEGER NOT NULL,
        answered_at TEXT NOT NULL,
        active_ms INTEGER NOT NULL,
        PRIMARY KEY (attempt_id, position));
     CREATE TABLE practice_cards (
        person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        level INTEGER NOT NULL,
        due_on TEXT NOT NULL,
        last_right_on TEXT,
        retired INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (person_id, bank_id, question_id));
     CREATE TABLE course_completions (
        person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        course_version TEXT NOT NULL,
        completed_at TEXT NOT NULL,
        best_percent REAL,
        PRIMARY KEY (person_id, course_id));",
    // 4: yearly self-assessments, their answers and evidence, and every finalized version
    "CREATE TABLE assessments (
        id TEXT PRIMARY KEY,
        unit_id TEXT NOT NULL REFERENCES units(id),
        year INTEGER NOT NULL,
        checklist_id TEXT NOT NULL,
        checklist_version TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft','final')),
        finalized_by TEXT,
        finalized_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (unit_id, year, checklist_id));
     CREATE TABLE assessment_answers (
        assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        criterion_id TEXT NOT NULL,
        answer TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        from_last_year INTEGER NOT NULL DEFAULT 0,
        changed_by TEXT,
        changed_at TEXT NOT NULL,
        PRIMARY KEY (assessment_id, criterion_id));
     CREATE TABLE evidence_files (
        assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        criterion_id TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        added_by TEXT,
        added_at TEXT NOT NULL,
        PRIMARY KEY (assessment_id, criterion_id, path));
     CREATE TABLE assessment_versions (
        id TEXT PRIMARY KEY,
        assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        finalized_by TEXT,
        finalized_at TEXT NOT NULL,
        score_hundredths INTEGER NOT NULL,
        band TEXT,
        snapshot TEXT NOT NULL,
        reopened_by TEXT,
        reopened_at TEXT,
        reopen_reason TEXT,
        UNIQUE (assessment_id, version));",
    // 5: the trainer's guard and the log of record-changing actions; extra quiz attempts
    "CREATE TABLE trainer_guard (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        passphrase_hash TEXT NOT NULL,
        set_at TEXT NOT NULL);
     CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '');
     CREATE TABLE attempt_grants (
        person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        quiz_id TEXT NOT NULL,
        extra INTEGER NOT NULL,
        granted_at TEXT NOT NULL,
        PRIMARY KEY (person_id, quiz_id));",
    // 6: the records summary, kept by triggers on every write (so imports and merges keep it too):
    // one row per person, and one per person and course, read a page at a time by the records screen.
    concat!(
        "ALTER TABLE attempts ADD COLUMN course_id TEXT;
     CREATE TABLE person_summary (
        person_id TEXT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
        sort_name TEXT NOT NULL,
        unit_id TEXT,
        full_name TEXT NOT NULL DEFAULT '',
        staff_code TEXT,
        position TEXT NOT NULL DEFAULT '',
        appointed_on TEXT,
        lessons_read INTEGER NOT NULL DEFAULT 0,
        courses_completed INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_activity TEXT);
     CREATE INDEX person_summary_name ON person_summary(sort_name, person_id, full_name, staff_code,
        unit_id, position, appointed_on, lessons_read, courses_completed, attempts, last_activity);
     CREATE INDEX person_summary_unit ON person_summary(COALESCE(unit_id, ''), sort_name, person_id);
     CREATE INDEX person_summary_completed ON person_summary(courses_completed, sort_name, person_id);
     CREATE INDEX person_summary_activity ON person_summary(last_activity, person_id);
     CREATE TABLE course_summary (
        person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        lessons_read INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        best_percent REAL,
        passed INTEGER NOT NULL DEFAULT 0,
        completed_at TEXT,
        PRIMARY KEY (person_id, course_id)) WITHOUT ROWID;
     CREATE INDEX course_summary_course ON course_summary(course_id, completed_at);
     CREATE TRIGGER person_summary_insert AFTER INSERT ON people BEGIN
        INSERT INTO person_summary (person_id, sort_name, unit_id, full_name, staff_code, position, appointed_on)
        VALUES (NEW.id, danvan_fold(NEW.full_name), NEW.unit_id, NEW.full_name, NEW.staff_code,
                NEW.position, NEW.appointed_on)
        ON CONFLICT(person_id) DO UPDATE SET sort_name = excluded.sort_name, unit_id = excluded.unit_id,
            full_name = excluded.full_name, staff_code = excluded.staff_code,
            position = excluded.position, appointed_on = excluded.appointed_on;
     END;
     CREATE TRIGGER person_summary_update AFTER UPDATE ON people BEGIN
        UPDATE person_summary SET sort_name = danvan_fold(NEW.full_name), unit_id = NEW.unit_id,
            full_name = NEW.full_name, staff_code = NEW.staff_code, position = NEW.position,
            appointed_on = NEW.appointed_on
        WHERE person_id = NEW.id;
     END;
",
        "     CREATE TRIGGER course_summary_lesson_insert AFTER INSERT ON lesson_progress BEGIN",
        refresh_course_summary!(),
        "     END;
",
        "     CREATE TRIGGER course_summary_lesson_update AFTER UPDATE ON lesson_progress BEGIN",
        refresh_course_summary!(),
        "     END;
",
        "     CREATE TRIGGER course_summary_attempt_insert AFTER INSERT ON attempts
     WHEN NEW.course_id IS NOT NULL AND NEW.practice = 0 BEGIN",
        refresh_course_summary!(),
        "     END;
",
        "     CREATE TRIGGER course_summary_attempt_update AFTER UPDATE ON attempts
     WHEN NEW.course_id IS NOT NULL AND NEW.practice = 0 BEGIN",
        refresh_course_summary!(),
        "     END;
",
        "     CREATE TRIGGER course_summary_completion AFTER INSERT ON course_completions BEGIN",
        refresh_course_summary!(),
        "     END;
",
        "     CREATE TRIGGER person_activity_exam AFTER UPDATE ON attempts
     WHEN NEW.course_id IS NULL AND NEW.practice = 0 BEGIN
        UPDATE person_summary SET last_activity = MAX(COALESCE(last_activity, ''),
            COALESCE(NEW.ended_at, NEW.started_at))
        WHERE person_id = NEW.person_id;
     END;
     CREATE TRIGGER person_activity_exam_start AFTER INSERT ON attempts
     WHEN NEW.course_id IS NULL AND NEW.practice = 0 BEGIN
        UPDATE person_summary SET last_activity = MAX(COALESCE(last_activity, ''), NEW.started_at)
        WHERE person_id = NEW.person_id;
     END;
     INSERT INTO person_summary (person_id, sort_name, unit_id, full_name, staff_code, position, appointed_on)
        SELECT id, danvan_fold(full_name), unit_id, full_name, staff_code, position, appointed_on FROM people;
     UPDATE lesson_progress SET top_block = top_block;",
    ),
    // 7: self-assessments that arrived in a merged records bundle finalized differently from the
    // one kept here: the incoming one, kept whole (JSON), flagged for the trainer.
    "CREATE TABLE assessment_conflicts (
        id TEXT PRIMARY KEY,
        assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        incoming_json TEXT NOT NULL,
        source_db TEXT,
        found_at TEXT NOT NULL);
     CREATE INDEX assessment_conflicts_assessment ON assessment_conflicts(assessment_id);",
    // 8: content hashes become canonical SHA-256 (v2); a Rust step maps the legacy ones.
    legacy_hashes::SQL,
    // 9: what to push to a learning record store. Each record that yields xAPI statements has
    // one row in xapi_changes, given a new `seq` (AUTOINCREMENT: never reused, always larger)
    // whenever it is written in a way that changes its statements, by whatever writes it (the
    // kit, a merge, the demo). A push sends the records with seq above what the LRS has been
    // sent (lrs_sent), not by dates: a record merged today may be months old. Triggers write
    // only this table, so they fire none of the summary triggers. The row is deleted and
    // inserted again, not upserted, so its seq moves past every mark; a plain INSERT, because an
    // outer INSERT OR IGNORE would turn an OR REPLACE here into an ignore.
    concat!(
        "CREATE TABLE xapi_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('lesson','attempt','course')),
        person_id TEXT NOT NULL DEFAULT '',
        course_id TEXT NOT NULL DEFAULT '',
        lesson_id TEXT NOT NULL DEFAULT '',
        attempt_id TEXT NOT NULL DEFAULT '',
        UNIQUE (kind, person_id, course_id, lesson_id, attempt_id));
     CREATE TABLE lrs_sent (
        endpoint TEXT NOT NULL,
        scope TEXT NOT NULL,
        sent_through INTEGER NOT NULL,
        pushed_at TEXT NOT NULL,
        PRIMARY KEY (endpoint, scope));
     CREATE TRIGGER xapi_lesson_insert AFTER INSERT ON lesson_progress
     WHEN NEW.completed_at IS NOT NULL BEGIN",
        xapi_change!("'lesson'", "NEW.person_id", "NEW.course_id", "NEW.lesson_id", "''"),
        "     END;
     CREATE TRIGGER xapi_lesson_update AFTER UPDATE OF completed_at, person_id, course_id, lesson_id
     ON lesson_progress
     WHEN NEW.completed_at IS NOT NULL AND (NEW.completed_at IS NOT OLD.completed_at
        OR NEW.person_id IS NOT OLD.person_id OR NEW.course_id IS NOT OLD.course_id
        OR NEW.lesson_id IS NOT OLD.lesson_id) BEGIN",
        xapi_change!("'lesson'", "NEW.person_id", "NEW.course_id", "NEW.lesson_id", "''"),
        "     END;
     CREATE TRIGGER xapi_attempt_insert AFTER INSERT ON attempts
     WHEN NEW.practice = 0 AND NEW.status <> 'open' BEGIN",
        xapi_change!("'attempt'", "''", "''", "''", "NEW.id"),
        "     END;
     CREATE TRIGGER xapi_attempt_update AFTER UPDATE ON attempts
     WHEN NEW.practice = 0 AND NEW.status <> 'open' AND (NEW.status IS NOT OLD.status
        OR NEW.ended_at IS NOT OLD.ended_at OR NEW.started_at IS NOT OLD.started_at
        OR NEW.earned IS NOT OLD.earned OR NEW.max_points IS NOT OLD.max_points
        OR NEW.passed IS NOT OLD.passed OR NEW.active_ms IS NOT OLD.active_ms
        OR NEW.person_id IS NOT OLD.person_id OR NEW.course_id IS NOT OLD.course_id
        OR NEW.quiz_id IS NOT OLD.quiz_id OR NEW.practice IS NOT OLD.practice
        OR NEW.paper IS NOT OLD.paper OR NEW.seed IS NOT OLD.seed) BEGIN",
        xapi_change!("'attempt'", "''", "''", "''", "NEW.id"),
        "     END;
     CREATE TRIGGER xapi_answer_insert AFTER INSERT ON answers
     WHEN EXISTS (SELECT 1 FROM attempts WHERE id = NEW.attempt_id AND practice = 0
        AND status <> 'open') BEGIN",
        xapi_change!("'attempt'", "''", "''", "''", "NEW.attempt_id"),
        "     END;
     CREATE TRIGGER xapi_answer_update AFTER UPDATE ON answers
     WHEN EXISTS (SELECT 1 FROM attempts WHERE id = NEW.attempt_id AND practice = 0
        AND status <> 'open') BEGIN",
        xapi_change!("'attempt'", "''", "''", "''", "NEW.attempt_id"),
        "     END;
     CREATE TRIGGER xapi_course_insert AFTER INSERT ON course_completions BEGIN",
        xapi_change!("'course'", "NEW.person_id", "NEW.course_id", "''", "''"),
        "     END;
     CREATE TRIGGER xapi_course_update AFTER UPDATE ON course_completions
     WHEN NEW.completed_at IS NOT OLD.completed_at OR NEW.best_percent IS NOT OLD.best_percent
        OR NEW.person_id IS NOT OLD.person_id OR NEW.course_id IS NOT OLD.course_id BEGIN",
        xapi_change!("'course'", "NEW.person_id", "NEW.course_id", "''", "''"),
        "     END;
     INSERT INTO xapi_changes (kind, person_id, course_id, lesson_id)
        SELECT 'lesson', person_id, course_id, lesson_id FROM lesson_progress
        WHERE completed_at IS NOT NULL ORDER BY completed_at, person_id, course_id, lesson_id;
     INSERT INTO xapi_changes (kind, attempt_id)
        SELECT 'attempt', id FROM attempts WHERE practice = 0 AND status <> 'open'
        ORDER BY COALESCE(ended_at, started_at), id;
     INSERT INTO xapi_changes (kind, person_id, course_id)
        SELECT 'course', person_id, course_id FROM course_completions
        ORDER BY completed_at, person_id, course_id;",
    ),
    // 10: officials in the Vietnamese order (given name, middle, family; the alphabet's letters,
    // tones breaking ties: `domain::names::sort_key`, a BLOB kept by the summary triggers), and
    // found by the words of their name, with or without diacritics, through an index
    // (`person_name_words`, kept by triggers on `people`) rather than a scan of every name.
    "ALTER TABLE person_summary ADD COLUMN name_key BLOB NOT NULL DEFAULT x'';
     UPDATE person_summary SET name_key = danvan_name_key(full_name);
     DROP INDEX person_summary_name;
     DROP INDEX person_summary_unit;
     DROP INDEX person_summary_completed;
     CREATE INDEX person_summary_name ON person_summary(name_key, person_id, full_name, staff_code,
        unit_id, position, appointed_on, lessons_read, courses_completed, attempts, last_activity);
     CREATE INDEX person_summary_unit ON person_summary(COALESCE(unit_id, ''), name_key, person_id);
     CREATE INDEX person_summary_completed ON person_summary(courses_completed, name_key, person_id);
     DROP TRIGGER person_summary_insert;
     DROP TRIGGER person_summary_update;
     CREATE TRIGGER person_summary_insert AFTER INSERT ON people BEGIN
        INSERT INTO person_summary (person_id, sort_name, name_key, unit_id, full_name, staff_code,
            position, appointed_on)
        VALUES (NEW.id, danvan_fold(NEW.full_name), danvan_name_key(NEW.full_name), NEW.unit_id,
                NEW.full_name, NEW.staff_code, NEW.position, NEW.appointed_on)
        ON CONFLICT(person_id) DO UPDATE SET sort_name = excluded.sort_name,
            name_key = excluded.name_key, unit_id = excluded.unit_id,
            full_name = excluded.full_name, staff_code = excluded.staff_code,
            position = excluded.position, appointed_on = excluded.appointed_on;
     END;
     CREATE TRIGGER person_summary_update AFTER UPDATE ON people BEGIN
        UPDATE person_summary SET sort_name = danvan_fold(NEW.full_name),
            name_key = danvan_name_key(NEW.full_name), unit_id = NEW.unit_id,
            full_name = NEW.full_name, staff_code = NEW.staff_code, position = NEW.position,
            appointed_on = NEW.appointed_on
        WHERE person_id = NEW.id;
     END;
     CREATE TABLE person_name_words (
        word TEXT NOT NULL,
        person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        PRIMARY KEY (word, person_id)) WITHOUT ROWID;
     CREATE INDEX person_name_words_person ON person_name_words(person_id);
     INSERT OR IGNORE INTO person_name_words (word, person_id)
        SELECT j.value, p.id FROM people p, json_each(danvan_name_words(p.full_name)) j;
     CREATE TRIGGER person_words_insert AFTER INSERT ON people BEGIN
        INSERT OR IGNORE INTO person_name_words (word, person_id)
        SELECT value, NEW.id FROM json_each(danvan_name_words(NEW.full_name));
     END;
     CREATE TRIGGER person_words_update AFTER UPDATE OF id, full_name ON people
     WHEN NEW.full_name IS NOT OLD.full_name OR NEW.id IS NOT OLD.id BEGIN
        DELETE FROM person_name_words WHERE person_id = OLD.id;
        INSERT OR IGNORE INTO person_name_words (word, person_id)
        SELECT value, NEW.id FROM json_each(danvan_name_words(NEW.full_name));
     END;",
    // 11: trust between databases. `trusted_keys`: the signing keys pinned for other databases
    // (a db id may have several rows over time; the latest pinned is its current key; a key
    // pinned in advance by fingerprint has no public key or db id until its first bundle).
    // `people.origin`: the database that created each person (NULL: this one); existing people
    // were made here, so they get this database's id, made now if it had none (a UUID v4).
    // `merge_pending`: records a merge held back, with the rule that held them.
    "CREATE TABLE trusted_keys (
        fingerprint TEXT PRIMARY KEY,
        public_key TEXT,
        db_id TEXT,
        role TEXT NOT NULL CHECK (role IN ('source','collector')),
        how TEXT NOT NULL CHECK (how IN ('first-use','trusted','accepted')),
        pinned_at TEXT NOT NULL);
     CREATE INDEX trusted_keys_db ON trusted_keys(db_id, pinned_at);
     ALTER TABLE people ADD COLUMN origin TEXT;
     INSERT OR IGNORE INTO settings (key, value) VALUES ('database_id',
        lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)
        || '-' || lower(hex(randomblob(6))));
     UPDATE people SET origin = (SELECT value FROM settings WHERE key = 'database_id');
     CREATE TABLE merge_pending (
        id INTEGER PRIMARY KEY,
        found_at TEXT NOT NULL,
        bundle TEXT NOT NULL,
        source_db TEXT NOT NULL,
        fingerprint TEXT,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        person_id TEXT,
        rule TEXT NOT NULL,
        record_json TEXT NOT NULL);
     CREATE INDEX merge_pending_record ON merge_pending(kind, record_id);",
    // 12: signed certificates. One row per certificate issued: the canonical payload bytes as
    // signed (domain::certificate_code), the Ed25519 signature and the public key that made it
    // (text, base 64), so a certificate stays verifiable after the database's key is rotated.
    // The code (`DV-XXXX-XXXX-XXXX-C`) comes from the signature.
    "CREATE TABLE certificates (
        code TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        course_id TEXT NOT NULL,
        issuer_db TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        payload BLOB NOT NULL,
        signature BLOB NOT NULL,
        public_key TEXT NOT NULL);
     CREATE INDEX certificates_person_course ON certificates (person_id, course_id);",
    // 13: the composite-key tables WITHOUT ROWID (a Rust step; VACUUM after).
    without_rowid::SQL,
    // 14: `units.origin`, the database that created each unit (NULL: this one), as for people in
    // 11: a unit's edits and its self-assessments merge only from its origin or a collector.
    // Existing units were made here (or taken in before origins were kept), so they get this
    // database's id. `certificate_withdrawals`: the code and dates of each certificate whose
    // person was deleted (the certificate row, which names them, goes with them), so its code
    // still says what became of it.
    "ALTER TABLE units ADD COLUMN origin TEXT;
     UPDATE units SET origin = (SELECT value FROM settings WHERE key = 'database_id');
     CREATE TABLE certificate_withdrawals (
        code TEXT PRIMARY KEY,
        issuer_db TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        withdrawn_at TEXT NOT NULL) WITHOUT ROWID;",
    // 15: what changed since a delta bundle's export: one row per owner (unit, person,
    // self-assessment) moved to a new sequence number by triggers on every record a bundle
    // carries, and the number each recipient was sent through (see `bundle_changes`).
    bundle_changes::SQL,
    // 16: a smaller database: `xapi_changes` found by a hashed key through a small index instead
    // of a UNIQUE copy of its text key (rebuilt; VACUUM after), and the attempts' papers stored
    // packed (a Rust step, `packed_paper`).
    compact_changes::SQL,
    // 17: how many people the records list holds, kept by triggers on `person_summary` (a
    // cascade from `people` fires them too; its upsert's update path does not insert), so the
    // unfiltered records screen opens without counting a province row by row.
    "CREATE TABLE people_count (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        n INTEGER NOT NULL);
     INSERT INTO people_count (one, n) VALUES (1, (SELECT COUNT(*) FROM person_summary));
     CREATE TRIGGER people_count_insert AFTER INSERT ON person_summary BEGIN
        UPDATE people_count SET n = n + 1 WHERE one = 1;
     END;
     CREATE TRIGGER people_count_delete AFTER DELETE ON person_summary BEGIN
        UPDATE people_count SET n = n - 1 WHERE one = 1;
     END;",
];

/// A migration step that needs Rust, run right after the SQL entry it is keyed by (the entry's
/// text, so renumbering the list moves nothing).
type RustStep = fn(&rusqlite::Transaction) -> Result<()>;
const RUST_STEPS: &[(&str, RustStep)] = &[
    (legacy_hashes::SQL, legacy_hashes::run),
    (without_rowid::SQL, without_rowid::run),
    (compact_changes::SQL, packed_paper::run),
];

/// The migrations that rebuild tables (copies inside the transaction, VACUUM after).
const REBUILDS: [&str; 2] = [without_rowid::SQL, compact_changes::SQL];

/// Whether upgrading `from` → `to` rebuilds tables (found by their SQL, not their number: other
/// migrations may come before them).
fn rebuilds_tables(from: i64, to: i64) -> bool {
    REBUILDS.iter().any(|sql| {
        MIGRATIONS
            .iter()
            .position(|m| m == sql)
            .is_some_and(|at| from <= at as i64 && (at as i64) < to)
    })
}

/// Before upgrading `path` from `from`: refuse when the disk lacks the room a rebuild needs
/// (WITHOUT ROWID, or `xapi_changes`: the backup, the copies, the VACUUM: three times the file).
pub(super) fn check_room(path: &Path, from: i64) -> Result<()> {
    if rebuilds_tables(from, SCHEMA_VERSION) {
        without_rowid::require_space(path)?;
    }
    Ok(())
}

/// Refuse a file whose `user_version` is negative (no danvan wrote it): a clear message, and the
/// file is not opened for writing.
pub(super) fn refuse_negative(path: &Path, version: i64) -> Result<()> {
    if version < 0 {
        return Err(StoreError::Corrupt {
            path: path.into(),
            detail: format!("schema version {version}"),
        });
    }
    Ok(())
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The triggers that recount a (person, course) summary row for each row written. A merge drops
/// them inside its transaction and recounts the pairs it touched once, with
/// [`recount_touched`].
const SUMMARY_TRIGGERS: [&str; 5] = [
    "course_summary_lesson_insert",
    "course_summary_lesson_update",
    "course_summary_attempt_insert",
    "course_summary_attempt_update",
    "course_summary_completion",
];

/// The name and stored SQL of each summary trigger dropped by [`suspend_summary_triggers`].
pub(crate) struct SuspendedTriggers(Vec<(String, String)>);

/// The trigger that notes an attempt as changed for xAPI on each answer inserted: a merge, which
/// inserts an attempt's answers one after another, drops it inside its transaction and does
/// what it does once per attempt, after the attempt's last answer ([`ANSWER_CHANGE_WHEN`],
/// [`answer_change_sql`]): the same row, in the same order, without moving it once per answer.
pub(crate) const ANSWER_TRIGGER: &str = "xapi_answer_insert";

/// [`ANSWER_TRIGGER`]'s condition, for the attempt `?1`.
pub(crate) const ANSWER_CHANGE_WHEN: &str = "SELECT EXISTS (SELECT 1 FROM attempts
    WHERE id = ?1 AND practice = 0 AND status <> 'open')";

/// [`ANSWER_TRIGGER`]'s statements, for the attempt `?1`.
pub(crate) fn answer_change_sql() -> Vec<&'static str> {
    let body: &'static str =
        compact_changes::xapi_change_keyed!("'attempt'", "''", "''", "''", "?1");
    body.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Drop the per-row summary triggers inside `tx` (DDL is transactional: a rollback brings them
/// back). Their SQL, as this database stores it, is kept to create them again.
pub(crate) fn suspend_summary_triggers(tx: &Connection) -> Result<SuspendedTriggers> {
    suspend_triggers(tx, &SUMMARY_TRIGGERS)
}

/// Drop the triggers `names` inside `tx`, keeping their SQL as this database stores it.
pub(crate) fn suspend_triggers(tx: &Connection, names: &[&str]) -> Result<SuspendedTriggers> {
    let mut saved = Vec::new();
    {
        let mut stmt =
            tx.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1")?;
        for name in names {
            let row: Option<(String, String)> = stmt
                .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            saved.extend(row);
        }
    }
    for (name, _) in &saved {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(SuspendedTriggers(saved))
}

/// Create again the triggers [`suspend_summary_triggers`] dropped, from their stored SQL.
pub(crate) fn restore_summary_triggers(tx: &Connection, t: &SuspendedTriggers) -> Result<()> {
    for (_, sql) in &t.0 {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// The triggers' own recount (`refresh_course_summary!`), made set-based: every (person, course)
/// in `temp.merge_touched` instead of the one row `NEW`, then those people's totals.
fn recount_touched_sql() -> String {
    let sql: &str = refresh_course_summary!();
    let Some(at) = sql.find("UPDATE person_summary") else {
        return String::new();
    };
    let (insert, update) = sql.split_at(at);
    let insert = insert
        .replace("NEW.person_id", "mt.person_id")
        .replace("NEW.course_id", "mt.course_id")
        .replace("WHERE true", "FROM temp.merge_touched AS mt WHERE true");
    let update = update.replace("NEW.person_id", "person_summary.person_id");
    let last = "WHERE person_id = person_summary.person_id;";
    let update = match update.rfind(last) {
        Some(i) => format!(
            "{}WHERE person_id IN (SELECT person_id FROM temp.merge_touched);{}",
            &update[..i],
            &update[i + last.len()..]
        ),
        None => return String::new(),
    };
    format!("{insert}{update}")
}

/// Recount the summary rows of the (person, course) pairs given, and those people's totals, in
/// one set-based pass (inside the caller's transaction).
pub(crate) fn recount_touched(
    tx: &Connection,
    pairs: &std::collections::HashSet<(String, String)>,
) -> Result<()> {
    if pairs.is_empty() {
        return Ok(());
    }
    tx.execute_batch(
        "CREATE TEMP TABLE merge_touched (person_id TEXT NOT NULL, course_id TEXT NOT NULL,
            PRIMARY KEY (person_id, course_id)) WITHOUT ROWID",
    )?;
    {
        let mut ins =
            tx.prepare("INSERT INTO temp.merge_touched (person_id, course_id) VALUES (?1, ?2)")?;
        for (p, c) in pairs {
            ins.execute([p, c])?;
        }
    }
    tx.execute_batch(&recount_touched_sql())?;
    tx.execute_batch("DROP TABLE temp.merge_touched")?;
    Ok(())
}

/// SQL functions the schema's triggers use. A connection without them (another tool) cannot
/// write the tables those triggers watch, rather than leave the summaries wrong.
pub(super) fn register_functions(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "danvan_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let s: Option<String> = ctx.get(0)?;
            Ok(s.map(|s| crate::domain::text::fold(&s)))
        },
    )?;
    conn.create_scalar_function(
        "danvan_name_key",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let s: Option<String> = ctx.get(0)?;
            Ok(crate::domain::names::sort_key(s.as_deref().unwrap_or("")))
        },
    )?;
    conn.create_scalar_function(
        "danvan_change_key",
        5,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let mut parts: [String; 5] = Default::default();
            for (i, part) in parts.iter_mut().enumerate() {
                *part = ctx.get::<Option<String>>(i)?.unwrap_or_default();
            }
            Ok(compact_changes::change_key(
                parts.each_ref().map(String::as_str),
            ))
        },
    )?;
    conn.create_scalar_function(
        "danvan_paper_pack",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let s: Option<String> = ctx.get(0)?;
            Ok(s.map(|s| packed_paper::pack_paper(&s)))
        },
    )?;
    conn.create_scalar_function(
        "danvan_name_words",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let s: Option<String> = ctx.get(0)?;
            let words = crate::domain::names::search_words(s.as_deref().unwrap_or(""));
            Ok(serde_json::to_string(&words).unwrap_or_else(|_| "[]".into()))
        },
    )?;
    Ok(())
}

impl Store {
    /// Run migrations `from+1 ..= to` in one transaction. Public for tests that build old schemas.
    pub fn migrate(&mut self, from: i64, to: i64) -> Result<()> {
        if from < 0 || to > SCHEMA_VERSION {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("schema version {from}"),
            });
        }
        if from >= to {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for sql in &MIGRATIONS[from as usize..to as usize] {
            tx.execute_batch(sql)?;
            for (key, step) in RUST_STEPS {
                if key == sql {
                    step(&tx)?;
                }
            }
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", to)?;
        tx.commit()?;
        if rebuilds_tables(from, to) {
            // The old tables' pages are free now: give them back (outside the transaction).
            self.conn.execute_batch("VACUUM")?;
        }
        Ok(())
    }

    /// Create a database at an older schema version (for migration tests and tools).
    pub fn create_at_version(path: &Path, version: i64) -> Result<()> {
        let conn = Connection::open(path)?;
        register_functions(&conn)?;
        let mut store = Store::on(conn, path)?;
        store.migrate(0, version)
    }
}

#[cfg(test)]
mod recount_tests {
    use super::*;

    #[test]
    fn upgrading_across_schema_16_checks_the_room_and_vacuums_as_schema_13_does() {
        assert!(rebuilds_tables(15, 16));
        assert!(rebuilds_tables(12, 13));
        assert!(rebuilds_tables(7, 16));
        assert!(!rebuilds_tables(13, 15));
    }

    #[test]
    fn the_set_based_recount_is_the_triggers_sql_over_the_touched_pairs() {
        let sql = recount_touched_sql();
        assert!(!sql.contains("NEW."), "{sql}");
        assert!(
            sql.contains("FROM temp.merge_touched AS mt WHERE true"),
            "{sql}"
        );
        assert!(
            sql.contains("WHERE person_id IN (SELECT person_id FROM temp.merge_touched);"),
            "{sql}"
        );
        // The trigger body it comes from, statement for statement.
        let body: &str = refresh_course_summary!();
        assert_eq!(sql.matches(';').count(), body.matches(';').count());
    }

    #[test]
    fn every_summary_trigger_is_suspended_and_restored_inside_a_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        Store::create_at_version(&path, SCHEMA_VERSION).unwrap();
        let mut conn = Connection::open(&path).unwrap();
        let triggers = |c: &Connection| -> Vec<String> {
            c.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        let before = triggers(&conn);
        assert!(before.len() > SUMMARY_TRIGGERS.len());
        let tx = conn.transaction().unwrap();
        let saved = suspend_summary_triggers(&tx).unwrap();
        assert_eq!(saved.0.len(), SUMMARY_TRIGGERS.len());
        assert_eq!(triggers(&tx).len(), before.len() - SUMMARY_TRIGGERS.len());
        restore_summary_triggers(&tx, &saved).unwrap();
        tx.commit().unwrap();
        assert_eq!(triggers(&conn), before);
        // Dropped and never restored: the rollback brings them back.
        let tx = conn.transaction().unwrap();
        suspend_summary_triggers(&tx).unwrap();
        drop(tx);
        assert_eq!(triggers(&conn), before);
    }
}

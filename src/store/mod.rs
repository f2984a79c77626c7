//! The local SQLite store: safe opening, numbered migrations, backup and restore.
//! One file holds everything a person enters; nothing here knows about the terminal.

pub mod assessments;
pub mod attempts;
pub mod bulk;
mod error;
pub mod merge;
pub mod people;
pub mod progress;
pub mod records;
pub mod roster;
pub mod settings;
pub mod trainer;

pub use error::{Result, StoreError};
pub use progress::LessonProgress;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

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
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// SQL functions the schema's triggers use. A connection without them (another tool) cannot
/// write the tables those triggers watch, rather than leave the summaries wrong.
fn register_functions(conn: &Connection) -> Result<()> {
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
    Ok(())
}

/// Now, in UTC, as stored: `2026-11-26T07:05:09Z`.
pub fn now_utc() -> String {
    crate::domain::dates::utc_stamp(time::OffsetDateTime::now_utc())
}

fn stamp() -> String {
    now_utc()
        .replace([':', '-'], "")
        .replace('T', "-")
        .trim_end_matches('Z')
        .to_string()
}

/// The default database: `danvan.db` in the OS local (never roaming) data folder.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "danvan", "danvan")
        .map(|d| d.data_local_dir().join("danvan.db"))
}

/// What a read-only look at an existing file found.
struct Inspection {
    version: i64,
}

/// Read the SQLite header without opening the file as a database, so a refused file gets no
/// `-wal`/`-shm` companions: `(application_id, user_version)`.
fn read_header(path: &Path) -> Result<(i64, i64)> {
    use std::io::Read;
    let mut header = [0u8; 100];
    let mut f = std::fs::File::open(path).map_err(|source| StoreError::Io {
        path: path.into(),
        source,
    })?;
    if f.read_exact(&mut header).is_err() || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotDanvan { path: path.into() });
    }
    let be = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]) as i64
    };
    Ok((be(68), be(60)))
}

/// Refuse, from the header alone, a file that is not danvan's or that a newer danvan wrote.
fn check_header(path: &Path) -> Result<i64> {
    let (app_id, version) = read_header(path)?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotDanvan { path: path.into() });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.into(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

/// Whether a write-ahead log with data sits beside the file: then page 1 (and the header) may be
/// newer in the log than in the file, and only SQLite can tell the truth.
fn wal_has_data(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).map(|m| m.len() > 0).unwrap_or(false)
}

/// Open `path` read-only and make sure it is a danvan database this build can use.
fn inspect(path: &Path) -> Result<Inspection> {
    if !wal_has_data(path) {
        check_header(path)?;
    }
    let ro = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| StoreError::NotDanvan { path: path.into() })?;
    let app_id: i64 = match ro.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(v) => v,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(StoreError::NotDanvan { path: path.into() })
        }
        Err(e) => {
            return Err(StoreError::Corrupt {
                path: path.into(),
                detail: e.to_string(),
            })
        }
    };
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotDanvan { path: path.into() });
    }
    let version: i64 = ro.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.into(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < SCHEMA_VERSION {
        // Before touching the schema, make sure the file is whole, then keep it as it was.
        // (Routine opens skip this full read: on a province-sized file it costs seconds, and
        // SQLite reports damaged pages when it meets them anyway.)
        let check: String = ro
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| StoreError::Corrupt {
                path: path.into(),
                detail: e.to_string(),
            })?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: path.into(),
                detail: check,
            });
        }
        let backup = backup_name(path, &format!("before-v{SCHEMA_VERSION}"));
        ro.execute("VACUUM INTO ?1", [backup.to_string_lossy()])?;
    }
    Ok(Inspection { version })
}

/// `dir/danvan.db` → `dir/danvan.<what>-<stamp>.db`
fn backup_name(path: &Path, what: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "danvan".into());
    let mut name = format!("{stem}.{what}-{}.db", stamp());
    let mut n = 1;
    while path.with_file_name(&name).exists() {
        n += 1;
        name = format!("{stem}.{what}-{}-{n}.db", stamp());
    }
    path.with_file_name(name)
}

/// Whether `path` holds a danvan database this build can read, judged from its header alone.
pub fn is_danvan_file(path: &Path) -> bool {
    wal_has_data(path) || check_header(path).is_ok()
}

/// Network file systems often lack the shared memory WAL needs.
fn is_network_path(path: &Path) -> bool {
    #[cfg(windows)]
    {
        let s = path.to_string_lossy();
        if s.starts_with(r"\\?\UNC\") || (s.starts_with(r"\\") && !s.starts_with(r"\\?\")) {
            return true;
        }
    }
    #[cfg(target_os = "linux")]
    {
        let dir = path
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .unwrap_or_default();
        if let Ok(mounts) = std::fs::read_to_string("/proc/mounts") {
            let mut best: Option<(usize, String)> = None;
            for line in mounts.lines() {
                let mut parts = line.split_whitespace();
                let (_, Some(mount), Some(fstype)) = (parts.next(), parts.next(), parts.next())
                else {
                    continue;
                };
                if dir.starts_with(mount) && best.as_ref().is_none_or(|(len, _)| mount.len() > *len)
                {
                    best = Some((mount.len(), fstype.to_string()));
                }
            }
            if let Some((_, fs)) = best {
                return matches!(
                    fs.as_str(),
                    "nfs" | "nfs4" | "cifs" | "smb3" | "smbfs" | "fuse.sshfs" | "9p"
                );
            }
        }
    }
    let _ = path;
    false
}

impl Store {
    /// Open (or create) the database at `path`, checking and migrating it safely.
    pub fn open(path: &Path) -> Result<Store> {
        // A new database's first pages may still sit in its write-ahead log.
        let existing = std::fs::metadata(path)
            .map(|m| m.len() > 0)
            .unwrap_or(false)
            || wal_has_data(path);
        let from_version = if existing {
            inspect(path)?.version
        } else {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                    path: dir.into(),
                    source,
                })?;
            }
            0
        };
        let conn = Connection::open(path).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
                StoreError::Io {
                    path: path.into(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        "cannot open",
                    ),
                }
            }
            other => StoreError::Sqlite(other),
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        register_functions(&conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mode = if is_network_path(path) {
            "DELETE"
        } else {
            "WAL"
        };
        let _: String = conn
            .query_row(&format!("PRAGMA journal_mode={mode}"), [], |r| r.get(0))
            .or_else(|_| conn.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0)))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store
            .migrate(from_version, SCHEMA_VERSION)
            .map_err(|e| match e {
                StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                    if f.code == rusqlite::ErrorCode::ReadOnly =>
                {
                    StoreError::Io {
                        path: path.into(),
                        source: std::io::Error::new(
                            std::io::ErrorKind::PermissionDenied,
                            "read-only",
                        ),
                    }
                }
                other => other,
            })?;
        Ok(store)
    }

    /// Run migrations `from+1 ..= to` in one transaction. Public for tests that build old schemas.
    pub fn migrate(&mut self, from: i64, to: i64) -> Result<()> {
        if from >= to {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for sql in &MIGRATIONS[from as usize..to as usize] {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", to)?;
        tx.commit()?;
        Ok(())
    }

    /// Create a database at an older schema version (for migration tests and tools).
    pub fn create_at_version(path: &Path, version: i64) -> Result<()> {
        let conn = Connection::open(path)?;
        register_functions(&conn)?;
        let mut store = Store {
            conn,
            path: path.into(),
        };
        store.migrate(0, version)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Run `f` in an IMMEDIATE transaction: the write lock is taken up front, so a
    /// read-then-write never fails half-way with SQLITE_BUSY.
    pub fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// A consistent copy of the database at `out`, which must not exist yet.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(StoreError::Exists { path: out.into() });
        }
        self.conn
            .execute("VACUUM INTO ?1", [out.to_string_lossy()])?;
        Ok(())
    }

    /// Replace this database with the backup at `from`, after checking the backup and keeping
    /// a copy of the current data beside it. Returns the path of that copy.
    pub fn restore_from(&mut self, from: &Path) -> Result<PathBuf> {
        let backup_version = inspect_backup(from)?;
        let kept = backup_name(&self.path, "before-restore");
        self.backup_to(&kept)?;
        let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        {
            let backup = rusqlite::backup::Backup::new(&src, &mut self.conn)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        }
        self.migrate(backup_version, SCHEMA_VERSION)?;
        Ok(kept)
    }
}

/// Check a backup file without changing it: danvan's, not newer, intact.
fn inspect_backup(path: &Path) -> Result<i64> {
    if !path.is_file() {
        return Err(StoreError::Io {
            path: path.into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
        });
    }
    if !wal_has_data(path) {
        check_header(path)?;
    }
    let ro = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| StoreError::NotDanvan { path: path.into() })?;
    let app_id: i64 = ro
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|_| StoreError::NotDanvan { path: path.into() })?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotDanvan { path: path.into() });
    }
    let version: i64 = ro.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.into(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let check: String = ro.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: path.into(),
            detail: check,
        });
    }
    Ok(version)
}

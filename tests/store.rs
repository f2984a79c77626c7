//! Integration tests of the SQLite store on real files in temporary folders, and of the
//! `backup` / `restore` commands of the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use danvan::store::schema::{APPLICATION_ID, SCHEMA_VERSION};
use danvan::store::{Store, StoreError};

use danvan::domain::people::{NewPerson, NewUnit, UnitKind};
use rusqlite::{Connection, OpenFlags};
use unicode_normalization::UnicodeNormalization;

// ---- helpers ----

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn person(name: &str, code: Option<&str>) -> NewPerson {
    NewPerson {
        full_name: name.into(),
        staff_code: code.map(str::to_string),
        ..Default::default()
    }
}

/// `x.db-wal`, `x.db-shm`, `x.db-journal` beside `db` that exist now.
fn side_files(db: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|s| {
            let mut p = db.as_os_str().to_owned();
            p.push(s);
            PathBuf::from(p)
        })
        .filter(|p| p.exists())
        .collect()
}

/// Every file name in `dir`, sorted.
fn dir_listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

fn ro(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open read-only")
}

fn pragma(conn: &Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

/// Full names in a database file, read with a plain read-only connection, sorted.
fn names_in(path: &Path) -> Vec<String> {
    let conn = ro(path);
    let mut stmt = conn
        .prepare("SELECT full_name FROM people ORDER BY full_name")
        .unwrap();
    let names = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<Vec<String>>>()
        .unwrap();
    names
}

fn names(store: &Store) -> Vec<String> {
    let mut v: Vec<String> = store
        .people()
        .unwrap()
        .into_iter()
        .map(|p| p.full_name)
        .collect();
    v.sort();
    v
}

/// Check that opening `path` fails as `check` expects and leaves the file and folder as they were.
fn assert_refused_untouched(path: &Path, check: impl FnOnce(&StoreError) -> bool) {
    let dir = path.parent().unwrap();
    let before = std::fs::read(path).unwrap();
    let listing = dir_listing(dir);
    let sides = side_files(path);
    match Store::open(path) {
        Ok(_) => panic!("{} opened, expected a refusal", path.display()),
        Err(e) => assert!(check(&e), "unexpected error for {}: {e:?}", path.display()),
    }
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "{} was changed",
        path.display()
    );
    assert_eq!(side_files(path), sides, "side files appeared or vanished");
    assert_eq!(dir_listing(dir), listing, "the folder changed");
}

fn danvan(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_CONTENT")
        .output()
        .expect("run danvan")
}

/// A small deterministic generator: "random" bytes without a dependency.
fn pseudo_random_bytes(n: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(n);
    out
}

// ---- tests ----

#[test]
fn data_survives_close_and_reopen() {
    let dir = tmp();
    let db = dir.path().join("danvan.db");
    let nfc_name = "Nguyễn Thị Hương Giang";
    let nfd_name: String = format!("  {}  ", nfc_name.nfd().collect::<String>());
    assert_ne!(nfd_name.trim(), nfc_name, "the input really is NFD");

    let (unit_id, person_id, first_completed) = {
        let mut s = Store::open(&db).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        let unit = s
            .add_unit(&NewUnit {
                code: "UBND-XA-TH".into(),
                name: "UBND xã Tân Hưng".nfd().collect(),
                kind: UnitKind::Commune,
                parent_id: None,
            })
            .unwrap();
        assert_eq!(unit.name, "UBND xã Tân Hưng");
        let p = s
            .add_person(&NewPerson {
                full_name: nfd_name.clone(),
                staff_code: Some("CB-001".into()),
                unit_id: Some(unit.id.clone()),
                position: "Công chức Văn phòng - Thống kê".nfd().collect(),
                appointed_on: Some("2024-03-15".into()),
            })
            .unwrap();
        assert_eq!(p.full_name, nfc_name, "NFD input is stored NFC and trimmed");
        s.set_setting("language", "en").unwrap();
        s.set_setting("language", "vi").unwrap(); // overwrite, not a second row
        s.save_position(&p.id, "mot-cua", "1.0.0", "co-che-mot-cua", 7)
            .unwrap();
        s.save_position(&p.id, "mot-cua", "1.0.0", "tra-ket-qua", 3)
            .unwrap();
        s.mark_lesson_complete(&p.id, "mot-cua", "1.0.0", "co-che-mot-cua")
            .unwrap();
        let done = s
            .course_progress(&p.id, "mot-cua")
            .unwrap()
            .into_iter()
            .find(|l| l.lesson_id == "co-che-mot-cua")
            .unwrap()
            .completed_at
            .expect("completed");
        (unit.id, p.id, done)
    }; // dropped: closed

    let mut s = Store::open(&db).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let units = s.units().unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(units[0].id, unit_id);
    assert_eq!(units[0].code, "UBND-XA-TH");
    assert_eq!(units[0].name, "UBND xã Tân Hưng");
    assert_eq!(units[0].kind, UnitKind::Commune);

    let p = s.person(&person_id).unwrap().expect("person kept");
    assert_eq!(p.full_name, nfc_name);
    assert_eq!(p.staff_code.as_deref(), Some("CB-001"));
    assert_eq!(p.unit_id.as_deref(), Some(unit_id.as_str()));
    assert_eq!(p.position, "Công chức Văn phòng - Thống kê");
    assert_eq!(p.appointed_on.as_deref(), Some("2024-03-15"));
    assert_eq!(
        s.person_by_staff_code(" CB-001 ").unwrap().unwrap().id,
        person_id
    );
    assert_eq!(s.people().unwrap().len(), 1);

    assert_eq!(s.setting("language").unwrap().as_deref(), Some("vi"));
    assert_eq!(s.setting("nothing-here").unwrap(), None);

    let mut progress = s.course_progress(&person_id, "mot-cua").unwrap();
    progress.sort_by(|a, b| a.lesson_id.cmp(&b.lesson_id));
    assert_eq!(progress.len(), 2);
    assert_eq!(progress[0].lesson_id, "co-che-mot-cua");
    assert_eq!(
        progress[0].top_block, 7,
        "completion keeps the saved position"
    );
    assert_eq!(
        progress[0].completed_at.as_deref(),
        Some(first_completed.as_str())
    );
    assert_eq!(progress[1].lesson_id, "tra-ket-qua");
    assert_eq!(progress[1].top_block, 3);
    assert_eq!(progress[1].completed_at, None);

    // A second completion keeps the first date. Make the first one unmistakably old first.
    s.conn()
        .execute(
            "UPDATE lesson_progress SET completed_at = '2020-01-02T03:04:05Z' WHERE lesson_id = 'co-che-mot-cua'",
            [],
        )
        .unwrap();
    s.mark_lesson_complete(&person_id, "mot-cua", "1.0.0", "co-che-mot-cua")
        .unwrap();
    drop(s);
    let s = Store::open(&db).unwrap();
    let again = s
        .course_progress(&person_id, "mot-cua")
        .unwrap()
        .into_iter()
        .find(|l| l.lesson_id == "co-che-mot-cua")
        .unwrap();
    assert_eq!(again.completed_at.as_deref(), Some("2020-01-02T03:04:05Z"));
    assert_eq!(again.top_block, 7);
}

/// A database written by a "newer" danvan: made by this one, then its user_version raised.
fn make_newer_db(dir: &Path) -> PathBuf {
    let db = dir.join("danvan.db");
    {
        let mut s = Store::open(&db).unwrap();
        s.add_person(&person("Trần Văn Bình", None)).unwrap();
    }
    {
        let raw = Connection::open(&db).unwrap();
        raw.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    db
}

fn is_newer(db: &Path, e: &StoreError) -> bool {
    matches!(e, StoreError::Newer { path, found, supported }
        if path == db && *found == SCHEMA_VERSION + 1 && *supported == SCHEMA_VERSION)
}

#[test]
fn newer_database_is_refused_and_bytes_unchanged() {
    let dir = tmp();
    let db = make_newer_db(dir.path());
    let before = std::fs::read(&db).unwrap();
    for _ in 0..2 {
        // Still refused the second time (nothing was "half-opened").
        match Store::open(&db) {
            Err(e) => assert!(is_newer(&db, &e), "unexpected error: {e:?}"),
            Ok(_) => panic!("a newer database was opened"),
        }
        assert_eq!(std::fs::read(&db).unwrap(), before, "the file was changed");
    }
    let c = ro(&db);
    assert_eq!(pragma(&c, "user_version"), SCHEMA_VERSION + 1);
}

/// The whole folder as it was: no `-wal`/`-shm` left behind by the refusal.
/// (The database is in WAL mode, as every database `Store::open` creates.)
#[test]
fn newer_database_refusal_leaves_no_side_files() {
    let dir = tmp();
    let db = make_newer_db(dir.path());
    assert!(side_files(&db).is_empty(), "closed cleanly before the test");
    assert_refused_untouched(&db, |e| is_newer(&db, e));
}

#[test]
fn text_file_is_not_a_database_and_untouched() {
    let dir = tmp();
    let path = dir.path().join("ghi-chu.db");
    std::fs::write(
        &path,
        "Danh sách cán bộ, công chức xã Tân Hưng\nNguyễn Văn An — Chủ tịch UBND xã\nLê Thị Hoa — Văn phòng - Thống kê\n",
    )
    .unwrap();
    assert_refused_untouched(
        &path,
        |e| matches!(e, StoreError::NotDanvan { path: p } if p == &path),
    );
}

#[test]
fn random_bytes_are_not_a_database_and_untouched() {
    let dir = tmp();
    let path = dir.path().join("noise.db");
    let bytes = pseudo_random_bytes(8192, 0x9E37_79B9_7F4A_7C15);
    assert_eq!(bytes.len(), 8192);
    std::fs::write(&path, &bytes).unwrap();
    assert_refused_untouched(
        &path,
        |e| matches!(e, StoreError::NotDanvan { path: p } if p == &path),
    );
}

/// Another program's SQLite database at `path`: `rows` records of a table of its own.
fn foreign_db(path: &Path, rows: u32) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(&format!(
        "CREATE TABLE ho_so (id INTEGER PRIMARY KEY, ten TEXT);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
         INSERT INTO ho_so (ten) SELECT 'Hồ sơ đăng ký khai sinh số ' || i FROM n;"
    ))
    .unwrap();
    assert_eq!(pragma(&c, "application_id"), 0);
}

#[test]
fn foreign_sqlite_database_is_not_danvan_and_untouched() {
    let dir = tmp();
    let path = dir.path().join("other.db");
    foreign_db(&path, 1);
    assert_refused_untouched(
        &path,
        |e| matches!(e, StoreError::NotDanvan { path: p } if p == &path),
    );
}

/// `db` as a write in rollback-journal mode leaves it when it is cut off midway: `sql` run with
/// a cache too small to hold its pages (so they spill into the file), the file and its journal
/// copied to `crashed` as they are (no process holds the copy), the write then rolled back.
/// Returns the file's bytes before the write.
fn cut_off_write(db: &Path, sql: &str, crashed: &Path) -> Vec<u8> {
    let pristine = std::fs::read(db).unwrap();
    let conn = Connection::open(db).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    conn.execute_batch(&format!("PRAGMA cache_size=1; BEGIN IMMEDIATE; {sql}"))
        .unwrap();
    let mut journal = crashed.as_os_str().to_owned();
    journal.push("-journal");
    std::fs::copy(db, crashed).unwrap();
    std::fs::copy(side_files(db).pop().expect("a rollback journal"), &journal).unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    assert_ne!(std::fs::read(crashed).unwrap(), pristine, "nothing spilled");
    pristine
}

/// The kit writes in rollback-journal mode on a network folder; a write cut off there (power,
/// a killed process) leaves a hot journal. SQLite puts such a file back as it was, but only on
/// a connection that may write: the read-only inspection took it for a damaged file and told
/// the person to restore a backup (losing the work since). It opens, as it was before the write.
#[test]
fn a_write_cut_off_in_rollback_journal_mode_is_undone_on_open_not_called_damage() {
    let dir = tmp();
    let db = dir.path().join("danvan.db");
    {
        let mut s = Store::open(&db).unwrap();
        for i in 0..300 {
            let code = format!("CB-{i:03}");
            s.add_person(&person(&format!("Cán bộ số {i}"), Some(&code)))
                .unwrap();
        }
    }
    let before = names_in(&db);
    let crashed = dir.path().join("crashed.db");
    cut_off_write(&db, "DELETE FROM people;", &crashed);
    // What the inspection met: a read-only connection cannot undo the write.
    let read_only =
        ro(&crashed).query_row("SELECT COUNT(*) FROM people", [], |r| r.get::<_, i64>(0));
    assert!(read_only.is_err(), "the journal is not hot: {read_only:?}");

    let store = Store::open(&crashed).expect("the cut-off write is undone, not called damage");
    assert_eq!(names(&store), before);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

/// A foreign SQLite file with a hot journal is refused as foreign, and neither it nor its
/// journal is touched (undoing the write is its own program's business).
#[test]
fn a_foreign_database_with_a_cut_off_write_is_refused_untouched() {
    let dir = tmp();
    let other = dir.path().join("other.db");
    foreign_db(&other, 2000);
    let crashed = dir.path().join("crashed.db");
    cut_off_write(&other, "DELETE FROM ho_so;", &crashed);
    let journal = side_files(&crashed);
    let journal_bytes = std::fs::read(&journal[0]).unwrap();
    assert_refused_untouched(
        &crashed,
        |e| matches!(e, StoreError::NotDanvan { path: p } if p == &crashed),
    );
    assert_eq!(std::fs::read(&journal[0]).unwrap(), journal_bytes);
}

#[test]
fn older_schema_is_migrated_with_a_backup() {
    let dir = tmp();
    let db = dir.path().join("danvan.db");
    Store::create_at_version(&db, 1).unwrap();
    {
        let c = Connection::open(&db).unwrap();
        assert_eq!(pragma(&c, "user_version"), 1);
        assert_eq!(pragma(&c, "application_id"), APPLICATION_ID);
        c.execute(
            "INSERT INTO people (id, full_name, staff_code, position, created_at, updated_at)
             VALUES ('p-1', 'Phạm Thị Lan', 'CB-007', 'Công chức Tư pháp - Hộ tịch',
                     '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    }
    assert_eq!(dir_listing(dir.path()), vec!["danvan.db".to_string()]);

    let s = Store::open(&db).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let p = s
        .person("p-1")
        .unwrap()
        .expect("person survives the migration");
    assert_eq!(p.full_name, "Phạm Thị Lan");
    assert_eq!(p.staff_code.as_deref(), Some("CB-007"));
    // The new tables work.
    assert!(s.course_progress("p-1", "mot-cua").unwrap().is_empty());

    let prefix = format!("danvan.before-v{SCHEMA_VERSION}-");
    let backups: Vec<String> = dir_listing(dir.path())
        .into_iter()
        .filter(|n| n.starts_with(&prefix))
        .collect();
    assert_eq!(backups.len(), 1, "one backup beside the db: {backups:?}");
    let name = &backups[0];
    let stamp = name
        .strip_prefix(&prefix)
        .and_then(|r| r.strip_suffix(".db"))
        .unwrap_or_else(|| panic!("backup name {name}"));
    // <stem>.before-v<N>-YYYYMMDD-HHMMSS.db
    let (date, time) = stamp
        .split_once('-')
        .unwrap_or_else(|| panic!("stamp {stamp}"));
    assert!(
        date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()),
        "stamp {stamp}"
    );
    assert!(
        time.len() == 6 && time.bytes().all(|b| b.is_ascii_digit()),
        "stamp {stamp}"
    );

    let backup = ro(&dir.path().join(name));
    assert_eq!(pragma(&backup, "user_version"), 1);
    assert_eq!(pragma(&backup, "application_id"), APPLICATION_ID);
    let q: String = backup
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(q, "ok");
    let kept: String = backup
        .query_row("SELECT full_name FROM people WHERE id = 'p-1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, "Phạm Thị Lan");
    let has_progress: i64 = backup
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'lesson_progress'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(has_progress, 0, "the backup is the old schema");

    // Opening the current version again makes no further backup.
    drop(s);
    drop(backup);
    Store::open(&db).unwrap();
    let count = dir_listing(dir.path())
        .iter()
        .filter(|n| n.contains(".before-v"))
        .count();
    assert_eq!(count, 1);
}

#[test]
fn backup_and_restore_round_trip() {
    let dir = tmp();
    let db = dir.path().join("danvan.db");
    let out = dir.path().join("sao-luu.db");
    let mut s = Store::open(&db).unwrap();
    s.add_person(&person("Đỗ Minh Đức", Some("CB-100")))
        .unwrap();
    s.set_setting("language", "vi").unwrap();

    s.backup_to(&out).unwrap();
    assert_eq!(names_in(&out), vec!["Đỗ Minh Đức".to_string()]);
    let backup_bytes = std::fs::read(&out).unwrap();

    match s.backup_to(&out) {
        Err(StoreError::Exists { path }) => assert_eq!(path, out),
        other => panic!("expected Exists, got {:?}", other.map(|_| ())),
    }
    assert_eq!(
        std::fs::read(&out).unwrap(),
        backup_bytes,
        "not overwritten"
    );

    s.add_person(&person("Hoàng Thu Trang", Some("CB-101")))
        .unwrap();
    s.set_setting("language", "en").unwrap();
    assert_eq!(s.people().unwrap().len(), 2);

    let kept = s.restore_from(&out).unwrap();
    assert!(kept.exists(), "kept copy {} exists", kept.display());
    assert_eq!(kept.parent(), db.parent(), "kept beside the database");
    let kept_name = kept.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        kept_name.starts_with("danvan.before-restore-") && kept_name.ends_with(".db"),
        "{kept_name}"
    );

    assert_eq!(names(&s), vec!["Đỗ Minh Đức".to_string()]);
    assert_eq!(s.setting("language").unwrap().as_deref(), Some("vi"));
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        names_in(&kept),
        vec!["Hoàng Thu Trang".to_string(), "Đỗ Minh Đức".to_string()]
    );
    assert_eq!(
        std::fs::read(&out).unwrap(),
        backup_bytes,
        "the backup is read only"
    );

    // The restored data is what is on disk, not only in this connection.
    drop(s);
    let mut s = Store::open(&db).unwrap();
    assert_eq!(names(&s), vec!["Đỗ Minh Đức".to_string()]);
    // CB-101 is free again after the restore; CB-100 is not.
    s.add_person(&person("Hoàng Thu Trang", Some("CB-101")))
        .unwrap();
    assert!(matches!(
        s.add_person(&person("Người khác", Some("CB-100"))),
        Err(StoreError::Duplicate {
            field: "staff_code",
            ..
        })
    ));
}

#[test]
fn restore_from_a_foreign_file_changes_nothing() {
    let dir = tmp();
    let db = dir.path().join("danvan.db");
    let mut s = Store::open(&db).unwrap();
    s.add_person(&person("Vũ Thị Mai", None)).unwrap();

    let text = dir.path().join("khong-phai.db");
    std::fs::write(&text, "Đây không phải cơ sở dữ liệu.\n").unwrap();
    let foreign = dir.path().join("foreign.db");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let newer = dir.path().join("newer.db");
    s.backup_to(&newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let missing = dir.path().join("missing.db");

    let listing = dir_listing(dir.path());
    for (file, expect) in [
        (&text, "NotDanvan"),
        (&foreign, "NotDanvan"),
        (&newer, "Newer"),
        (&missing, "Io"),
    ] {
        let before = std::fs::read(file).ok();
        let err = s.restore_from(file).expect_err("restore must fail");
        let kind = match &err {
            StoreError::NotDanvan { path } | StoreError::Newer { path, .. } => {
                assert_eq!(path, file);
                if matches!(err, StoreError::NotDanvan { .. }) {
                    "NotDanvan"
                } else {
                    "Newer"
                }
            }
            StoreError::Io { path, .. } => {
                assert_eq!(path, file);
                "Io"
            }
            other => panic!("{}: unexpected {other:?}", file.display()),
        };
        assert_eq!(kind, expect, "{}", file.display());
        assert_eq!(
            std::fs::read(file).ok(),
            before,
            "{} changed",
            file.display()
        );
        assert_eq!(names(&s), vec!["Vũ Thị Mai".to_string()]);
    }
    // No "before-restore" copy is made when the backup is refused.
    assert_eq!(dir_listing(dir.path()), listing);
    drop(s);
    let s = Store::open(&db).unwrap();
    assert_eq!(names(&s), vec!["Vũ Thị Mai".to_string()]);
}

#[test]
fn duplicate_and_invalid_fields() {
    let dir = tmp();
    let mut s = Store::open(&dir.path().join("danvan.db")).unwrap();
    s.add_person(&person("Bùi Văn Long", Some("CB-200")))
        .unwrap();
    match s.add_person(&person("Bùi Văn Long", Some(" CB-200 "))) {
        Err(StoreError::Duplicate { field, value }) => {
            assert_eq!(field, "staff_code");
            assert_eq!(value, "CB-200");
        }
        other => panic!("expected Duplicate, got {:?}", other.map(|p| p.id)),
    }
    // Same name, no code: allowed (namesakes exist).
    s.add_person(&person("Bùi Văn Long", None)).unwrap();

    for empty in ["", "   ", "\t\n"] {
        match s.add_person(&person(empty, None)) {
            Err(StoreError::Invalid { field, .. }) => assert_eq!(field, "full_name"),
            other => panic!("{empty:?}: expected Invalid, got {:?}", other.map(|p| p.id)),
        }
    }
    assert!(matches!(
        s.add_person(&NewPerson {
            full_name: "Ngô Thị Thảo".into(),
            appointed_on: Some("31/02/2024".into()),
            ..Default::default()
        }),
        Err(StoreError::Invalid {
            field: "appointed_on",
            ..
        })
    ));
    let unit = NewUnit {
        code: "SO-NV".into(),
        name: "Sở Nội vụ".into(),
        kind: UnitKind::Department,
        parent_id: None,
    };
    s.add_unit(&unit).unwrap();
    assert!(matches!(
        s.add_unit(&unit),
        Err(StoreError::Duplicate { field: "code", .. })
    ));
    assert!(matches!(
        s.add_unit(&NewUnit {
            name: " ".into(),
            code: "X".into(),
            ..unit.clone()
        }),
        Err(StoreError::Invalid { field: "name", .. })
    ));
    assert_eq!(s.people().unwrap().len(), 2, "failed adds wrote nothing");
    assert_eq!(s.units().unwrap().len(), 1);
}

#[test]
fn cli_backup_and_restore() {
    let dir = tmp();
    let db = dir.path().join("danvan.db");
    let out = dir.path().join("sao luu.db"); // a space in the name
    {
        let mut s = Store::open(&db).unwrap();
        s.add_person(&person("Lý Thị Ngọc", Some("CB-300")))
            .unwrap();
    }

    let o = danvan(
        &["backup", "--out", out.to_str().unwrap(), "--lang", "en"],
        &db,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.is_file());
    assert_eq!(names_in(&out), vec!["Lý Thị Ngọc".to_string()]);
    let backup_bytes = std::fs::read(&out).unwrap();

    // To an existing file: exit 1, a message on stderr, the file untouched.
    let o = danvan(
        &["backup", "--out", out.to_str().unwrap(), "--lang", "en"],
        &db,
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("danvan: "), "stderr: {err}");
    assert!(err.contains("already exists"), "stderr: {err}");
    assert!(
        err.contains(out.to_str().unwrap()),
        "stderr names the file: {err}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), backup_bytes);

    // Change the data, restore, and the change is gone (kept beside it).
    {
        let mut s = Store::open(&db).unwrap();
        s.add_person(&person("Đinh Văn Tú", None)).unwrap();
    }
    let o = danvan(&["restore", out.to_str().unwrap(), "--lang", "en"], &db);
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("Restored from"), "stdout: {said}");
    let s = Store::open(&db).unwrap();
    assert_eq!(names(&s), vec!["Lý Thị Ngọc".to_string()]);
    let kept: Vec<String> = dir_listing(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("danvan.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        said.contains(&kept[0]),
        "stdout names the kept copy: {said}"
    );
    assert_eq!(
        names_in(&dir.path().join(&kept[0])),
        vec!["Lý Thị Ngọc".to_string(), "Đinh Văn Tú".to_string()]
    );

    // Backup of a database that does not exist: exit 1, nothing created.
    let none = dir.path().join("chua-co.db");
    let o = danvan(
        &["backup", "--out", dir.path().join("x.db").to_str().unwrap()],
        &none,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!o.stderr.is_empty());
    assert!(!none.exists());
    assert!(!dir.path().join("x.db").exists());

    // Restore from a file that is not danvan's: exit 1, data unchanged.
    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "không phải sao lưu").unwrap();
    let o = danvan(&["restore", junk.to_str().unwrap(), "--lang", "en"], &db);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a danvan database"));
    assert_eq!(names(&s), vec!["Lý Thị Ngọc".to_string()]);
}

#[test]
fn unwritable_place_is_an_io_error_naming_the_path() {
    let dir = tmp();
    // A regular file where a folder should be: fails for root too.
    let afile = dir.path().join("afile");
    std::fs::write(&afile, "tệp thường, không phải thư mục").unwrap();
    let db = afile.join("sub").join("danvan.db");
    match Store::open(&db) {
        Err(StoreError::Io { path, .. }) => {
            assert!(
                db.starts_with(&path) && path.starts_with(&afile),
                "the error names {} for {}",
                path.display(),
                db.display()
            );
            let msg = StoreError::Io {
                path: path.clone(),
                source: std::io::Error::other("x"),
            }
            .to_string();
            assert!(msg.contains(&path.display().to_string()));
        }
        Err(other) => panic!("expected Io, got {other:?}"),
        Ok(_) => panic!("opened a database under a regular file"),
    }
    assert_eq!(
        std::fs::read_to_string(&afile).unwrap(),
        "tệp thường, không phải thư mục"
    );

    // A read-only folder: only meaningful when permission bits are enforced (not as root).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro_dir = dir.path().join("ro");
        std::fs::create_dir(&ro_dir).unwrap();
        std::fs::set_permissions(&ro_dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = ro_dir.join("probe");
        let enforced = std::fs::write(&probe, b"x").is_err();
        let _ = std::fs::remove_file(&probe);
        let db = ro_dir.join("danvan.db");
        let result = Store::open(&db);
        if enforced {
            match &result {
                Err(StoreError::Io { path, .. }) => assert_eq!(path, &db),
                Err(other) => panic!("expected Io, got {other:?}"),
                Ok(_) => panic!("opened a database in a read-only folder"),
            }
        }
        drop(result);
        std::fs::set_permissions(&ro_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Names, codes, positions, evidence and notes reach the database without terminal escapes, NUL,
/// BEL or C1 controls; names, codes and positions also without bidi overrides (they could make a
/// printed name read as someone else's). An evidence path holding a control character is refused.
#[test]
fn stored_text_loses_control_characters_and_bidi_overrides() {
    use danvan::domain::assessment::record::Edit;
    let dir = tmp();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let bad = "\u{0}\u{1b}[31m\u{7}\u{9b}\u{202e}";
    let unit = store
        .add_unit(&NewUnit {
            code: format!("UB{bad}ND-1"),
            name: format!("UBND xã{bad} Tân Tiến"),
            kind: UnitKind::Commune,
            parent_id: None,
        })
        .unwrap();
    let p = store
        .add_person(&NewPerson {
            full_name: format!("Nguyễn{bad} Thị Hoa"),
            staff_code: Some(format!("CB{bad}01")),
            unit_id: Some(unit.id.clone()),
            position: format!("Chuyên{bad} viên\nVăn phòng"),
            appointed_on: None,
        })
        .unwrap();
    let unit = store.unit(&unit.id).unwrap().unwrap();
    let p = store.person(&p.id).unwrap().unwrap();
    assert_eq!(unit.code, "UB[31mND-1");
    assert_eq!(unit.name, "UBND xã[31m Tân Tiến");
    assert_eq!(p.full_name, "Nguyễn[31m Thị Hoa");
    assert_eq!(p.staff_code.as_deref(), Some("CB[31m01"));
    assert_eq!(p.position, "Chuyên[31m viên\nVăn phòng");
    assert!(store.person_by_staff_code("CB[31m01").unwrap().is_some());

    let a = store
        .create_assessment(&unit.id, 2026, "bo-tieu-chi", "1", "hash", false)
        .unwrap();
    let edit = Edit {
        answer: None,
        evidence: Some(format!("Biên bản{bad}\nsố 12")),
        note: Some(format!("Ghi chú{bad}")),
    };
    store.edit_criterion(&a.id, "t1", &edit, None).unwrap();
    let answers = store.criterion_answers(&a.id).unwrap();
    assert_eq!(answers[0].evidence, "Biên bản[31m\u{202e}\nsố 12");
    assert_eq!(answers[0].note, "Ghi chú[31m\u{202e}");

    let file = dir.path().join("bien-ban.txt");
    std::fs::write(&file, "x").unwrap();
    let hash = |_: &Path| Ok("00".to_string());
    let err = store
        .attach_evidence(&a.id, "t1", &dir.path().join("a\u{1b}[2Jb.txt"), None, hash)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { field: "path", .. }),
        "{err:?}"
    );
    assert!(store
        .attach_evidence(&a.id, "t1", &file, None, hash)
        .is_ok());
}

#[test]
fn a_restore_keeps_this_databases_id_pins_guard_and_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    let old = dir.path().join("old.bak");
    let mut s = Store::open(&db).unwrap();
    let id = s.database_id().unwrap();
    s.log_action("import", "before the backup").unwrap();
    s.trust_key("AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH", None, None, "source")
        .unwrap();
    s.backup_to(&old).unwrap();
    // After the backup: a passphrase, another pin, more log.
    s.set_trainer_passphrase("mật khẩu dài").unwrap();
    s.trust_key("JJJJKKKKMMMMNNNNPPPPQQQQRRRRSSSS", None, None, "collector")
        .unwrap();
    s.log_action("merge", "after the backup").unwrap();
    let before: Vec<(String, String)> = s
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.detail))
        .collect();

    s.restore_from(&old).unwrap();
    assert_eq!(
        s.database_id().unwrap(),
        id,
        "the same database, so its key still signs"
    );
    assert!(
        s.has_trainer_passphrase().unwrap(),
        "an old backup does not lift the guard"
    );
    assert!(s.check_trainer_passphrase("mật khẩu dài").unwrap());
    let pins: Vec<String> = s
        .trusted_keys()
        .unwrap()
        .into_iter()
        .map(|k| k.fingerprint)
        .collect();
    assert!(pins.contains(&"AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH".to_string()));
    assert!(pins.contains(&"JJJJKKKKMMMMNNNNPPPPQQQQRRRRSSSS".to_string()));
    let after: Vec<(String, String)> = s
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.detail))
        .collect();
    for entry in &before {
        assert_eq!(
            after.iter().filter(|e| *e == entry).count(),
            1,
            "{entry:?} kept once in {after:?}"
        );
    }

    // A file from another database: its records come, this database's identity stays.
    let other = dir.path().join("other.db");
    let mut o = Store::open(&other).unwrap();
    assert_ne!(o.database_id().unwrap(), id);
    o.log_action("import", "elsewhere").unwrap();
    drop(o);
    s.restore_from(&other).unwrap();
    assert_eq!(s.database_id().unwrap(), id);
    assert!(s.has_trainer_passphrase().unwrap());
    assert!(s
        .audit_log()
        .unwrap()
        .iter()
        .any(|e| e.detail == "after the backup"));
}

//! A damaged database is never written into, a healthy one is never called damaged, and a file
//! that is refused keeps no companions: each through the built binary, on real files.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use danvan::store::{Store, StoreError};

fn danvan(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_danvan"));
    c.arg("--db").arg(db).arg("--lang").arg("en");
    c.env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .env_remove("DANVAN_TRAINER_PASSPHRASE")
        .stdin(Stdio::null());
    c
}

fn run(cmd: &mut Command) -> (i32, String) {
    let Output { status, stderr, .. } = cmd.output().expect("the binary runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

fn roster_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/people.csv")
}

fn side(db: &Path, tail: &str) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(tail);
    PathBuf::from(p)
}

/// A closed database with one unit and one official, its log folded into the file.
fn healthy_db(dir: &Path) -> PathBuf {
    drop(common::store_with_person(dir));
    let db = dir.join("danvan.db");
    assert!(!side(&db, "-wal").exists(), "the log is folded in on close");
    db
}

/// Overwrite page 3 with bytes from a fixed-seed generator (xorshift), as a failing disk might.
fn damage_page_three(db: &Path) {
    let mut bytes = std::fs::read(db).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    assert!(bytes.len() >= 4 * page, "the file has a page 3 to damage");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for b in &mut bytes[2 * page..3 * page] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn a_damaged_file_is_not_written_by_roster_import_quiz_or_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = healthy_db(dir.path());
    damage_page_three(&db);
    let before = std::fs::read(&db).unwrap();
    let shown = db.display().to_string();

    let (code, err) = run(danvan(&db).args(["roster", "import"]).arg(roster_fixture()));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is damaged"), "{err}");
    assert!(err.contains(&shown), "names the file: {err}");
    assert!(err.contains("danvan restore"), "{err}");

    let (code, err) =
        run(danvan(&db).args(["quiz", "q-dao-duc-cong-vu", "--plain", "--person", "CB001"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is damaged"), "{err}");
    assert!(err.contains(&shown), "{err}");

    assert_eq!(std::fs::read(&db).unwrap(), before, "not a byte written");
    for tail in ["-wal", "-shm"] {
        let s = side(&db, tail);
        assert!(
            std::fs::metadata(&s).map(|m| m.len() == 0).unwrap_or(true),
            "no log data beside the damaged file"
        );
    }

    // A backup of it fails, says which file it did not make, and leaves none behind.
    let out = dir.path().join("x.bak");
    let (code, err) = run(danvan(&db).arg("backup").arg("--out").arg(&out));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&out.display().to_string()), "{err}");
    assert!(err.contains("is damaged"), "{err}");
    assert!(!out.exists(), "no partial backup");

    // The same check as a library call.
    let store = Store::open(&db).unwrap();
    match store.ensure_intact() {
        Err(StoreError::Corrupt { path, .. }) => assert_eq!(path, db),
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

#[test]
fn a_healthy_file_passes_the_check_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = healthy_db(dir.path());
    Store::open(&db).unwrap().ensure_intact().unwrap();
    let rows = dir.path().join("people.csv");
    std::fs::write(
        &rows,
        "Họ và tên,Mã cán bộ,Mã đơn vị,Tên đơn vị,Chức vụ,Ngày bổ nhiệm\n\
         Lê Văn An,CB009,UBND-TT,,Công chức Tư pháp - Hộ tịch,01/03/2024\n",
    )
    .unwrap();
    let (code, err) = run(danvan(&db).args(["roster", "import"]).arg(&rows));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("damaged"), "{err}");
    let names: Vec<String> = Store::open(&db)
        .unwrap()
        .people()
        .unwrap()
        .into_iter()
        .map(|p| p.full_name)
        .collect();
    assert!(names.contains(&"Lê Văn An".to_string()), "{names:?}");
}

/// A read-only file says "read-only", never "damaged". Permission bits do not stop root (these
/// tests run as root on the build machine), so there the file is also made immutable with
/// `chattr +i`, which the kernel enforces for root too: a write then really fails.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_file_is_called_read_only_not_damaged() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = healthy_db(dir.path());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let writable = std::fs::OpenOptions::new().append(true).open(&db).is_ok();
    struct Immutable<'a>(&'a Path, bool);
    impl Drop for Immutable<'_> {
        fn drop(&mut self) {
            if self.1 {
                let _ = Command::new("chattr").arg("-i").arg(self.0).status();
            }
        }
    }
    let guard = if writable {
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(&db)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(
            ok,
            "as root, chattr +i is needed to make a file truly read-only"
        );
        Immutable(&db, true)
    } else {
        Immutable(&db, false)
    };
    assert!(
        std::fs::OpenOptions::new().append(true).open(&db).is_err(),
        "the file really cannot be written"
    );
    let before = std::fs::read(&db).unwrap();

    let (code, err) = run(danvan(&db).args(["roster", "import"]).arg(roster_fixture()));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert!(err.contains(&db.display().to_string()), "{err}");
    assert!(!err.contains("is damaged"), "{err}");
    assert!(!err.contains("danvan restore"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    drop(guard);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn an_empty_file_is_not_made_a_database_by_commands_that_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    std::fs::write(&db, b"").unwrap();
    let commands: [&[&str]; 4] = [
        &["export", "--format", "csv"],
        &["verify-certificate", "ABCD-EFGH-JKLM"],
        &["report", "--unit", "UBND-TT", "--year", "2026"],
        &["roster", "export"],
    ];
    for args in commands {
        let (code, err) = run(danvan(&db).args(args));
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains("is an empty file"), "{args:?}: {err}");
        assert!(err.contains(&db.display().to_string()), "{args:?}: {err}");
        assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "{args:?}");
        assert!(!side(&db, "-wal").exists(), "{args:?}");
        assert!(!side(&db, "-shm").exists(), "{args:?}");
    }
}

#[test]
fn a_truncated_file_is_called_damaged_and_refused_by_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = healthy_db(dir.path());
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 3]).unwrap();
    match Store::open(&db).and_then(|s| s.ensure_intact()) {
        Err(StoreError::Corrupt { path, .. }) => assert_eq!(path, db),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    let (code, err) = run(danvan(&db).args(["export", "--format", "csv"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is damaged"), "{err}");
    assert!(err.contains(&db.display().to_string()), "{err}");
}

/// Ticks until the TUI's background check of the file is in (it reads every page once).
fn wait_for_check(app: &mut danvan::tui::app::App) {
    let started = std::time::Instant::now();
    while app.integrity_check_running() {
        app.update(danvan::tui::action::Action::Tick);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the background check never ended"
        );
        std::thread::yield_now();
    }
}

fn screen_text(app: &danvan::tui::app::App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(140, 24)).unwrap();
    t.draw(|f| danvan::tui::view::view(app, f)).unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_tui_finds_damage_in_the_background_shows_a_banner_and_writes_nothing() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().unwrap();
    let db = healthy_db(dir.path());
    damage_page_three(&db);
    let before = std::fs::read(&db).unwrap();

    let store = Store::open(&db).unwrap();
    let mut app = danvan::tui::app::App::new(
        store,
        common::pack(),
        danvan::domain::i18n::Lang::Vi,
        (140, 24),
    );
    assert!(
        !screen_text(&app).contains("bị hỏng: chỉ xem"),
        "no banner before the check says so"
    );
    app.start_integrity_check();
    wait_for_check(&mut app);
    let screen = screen_text(&app);
    let top = screen.lines().next().unwrap();
    assert!(top.contains("Tệp dữ liệu"), "{screen}");
    assert!(top.contains(&db.display().to_string()), "{screen}");
    assert!(top.contains("bị hỏng: chỉ xem, không ghi"), "{screen}");

    // The last profile could not be read (its page is damaged): Enter signs the official in,
    // which would remember them. Refused, and said so.
    let enter =
        danvan::tui::input::translate(&app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.update(enter);
    let (status, is_error) = app.session.status.clone().expect("a message");
    assert!(is_error, "{status}");
    assert!(status.contains("chỉ xem, không ghi"), "{status}");
    assert!(status.contains(&db.display().to_string()), "{status}");
    // The banner stays, on the next screen too.
    let screen = screen_text(&app);
    assert!(
        screen
            .lines()
            .next()
            .unwrap()
            .contains("bị hỏng: chỉ xem, không ghi"),
        "{screen}"
    );

    drop(app);
    assert_eq!(std::fs::read(&db).unwrap(), before, "not a byte written");
    assert!(
        std::fs::metadata(side(&db, "-wal"))
            .map(|m| m.len() == 0)
            .unwrap_or(true),
        "no log data beside the damaged file"
    );
}

#[test]
fn a_whole_file_gets_no_banner_and_keeps_being_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = healthy_db(dir.path());
    let mut app = danvan::tui::app::App::new(
        Store::open(&db).unwrap(),
        common::pack(),
        danvan::domain::i18n::Lang::Vi,
        (140, 24),
    );
    app.start_integrity_check();
    wait_for_check(&mut app);
    assert!(app.session.store.damage().is_none());
    assert!(!screen_text(&app).contains("bị hỏng"));
    app.session.store.set_setting("probe", "1").unwrap();
}

/// The root page of `table`, found before the file is damaged.
fn root_page(db: &Path, table: &str) -> usize {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT rootpage FROM sqlite_master WHERE name = ?1",
        [table],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as usize
}

#[test]
fn a_read_that_fails_names_the_file_and_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let db = healthy_db(dir.path());
    // The people table's first page, overwritten: reading the officials meets the damage.
    let page = root_page(&db, "people");
    let mut bytes = std::fs::read(&db).unwrap();
    let size = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    bytes[(page - 1) * size..page * size].fill(0xA5);
    std::fs::write(&db, bytes).unwrap();
    let store = Store::open(&db).unwrap();
    let e = store.people().unwrap_err();
    let m = e.msg();
    assert_eq!(m.id, "store-corrupt", "{e:?}");
    assert!(
        m.args
            .iter()
            .any(|(k, v)| *k == "path" && *v == db.display().to_string()),
        "{e:?}"
    );
    // The bundle reads (an export) name it too, whole or streamed.
    let filter = danvan::domain::bundle::BundleFilter::default();
    let whole = store.bundle_records(&filter).unwrap_err();
    let streamed = store
        .stream_bundle_records(&filter, |_| Ok::<(), ()>(()))
        .unwrap_err();
    for e in [whole, streamed] {
        let m = e.msg();
        assert_eq!(m.id, "store-corrupt", "{e:?}");
        assert!(
            m.args
                .iter()
                .any(|(k, v)| *k == "path" && *v == db.display().to_string()),
            "{e:?}"
        );
    }
    drop(store);

    // Another program holding the file locked: reading it on opening says busy (not damaged),
    // and which file.
    let db = healthy_db(&dir.path().join("locked"));
    let other = rusqlite::Connection::open(&db).unwrap();
    other
        .execute_batch(
            "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE settings SET value = value;",
        )
        .unwrap();
    let e = Store::open(&db).err().expect("the file is locked");
    let m = e.msg();
    assert_eq!(m.id, "store-busy", "{e:?}");
    assert!(
        m.args
            .iter()
            .any(|(k, v)| *k == "path" && *v == db.display().to_string()),
        "{e:?}"
    );
    assert!(e.is_busy());
}

//! End-to-end: the built `danvan` binary in a pseudo-terminal, its screen read back through
//! a vt100 emulator. Every wait polls the emulated screen (no fixed sleeps for the app).

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

mod common;

use portable_pty::{native_pty_system, Child, CommandBuilder, ExitStatus, MasterPty, PtySize};

const TIMEOUT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const TAB: &str = "\t";
const DOWN: &str = "\x1b[B";
const PGDN: &str = "\x1b[6~";
const PGUP: &str = "\x1b[5~";
const END: &str = "\x1b[F";
const BACKSPACE: &str = "\x7f";
const CTRL_H: &str = "\x08";

use common::responder::{Responder, Writer};

type Screen = Arc<Mutex<vt100::Parser<Responder>>>;

struct Tui {
    parser: Screen,
    writer: Writer,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<JoinHandle<()>>,
}

impl Tui {
    fn start(db: &Path, rows: u16, cols: u16) -> Tui {
        Tui::start_with_env(db, rows, cols, &[])
    }

    /// `start`, with these environment variables set for the program.
    fn start_with_env(db: &Path, rows: u16, cols: u16, env: &[(&str, &str)]) -> Tui {
        Tui::spawn(db, rows, cols, env, &["--lang", "vi"])
    }

    /// The kit on `db` with these arguments (a language or none) and environment variables.
    fn spawn(db: &Path, rows: u16, cols: u16, env: &[(&str, &str)], args: &[&str]) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_danvan"));
        cmd.arg("--db");
        cmd.arg(db);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for var in ["DANVAN_DB", "DANVAN_CONTENT", "DANVAN_LANG", "NO_COLOR"] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        if let Some(dir) = db.parent() {
            cmd.cwd(dir);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn danvan");
        // Only the child keeps the slave open, so the reader sees EOF when it exits.
        drop(pair.slave);

        let writer: Writer = Arc::new(Mutex::new(pair.master.take_writer().expect("writer")));
        let parser: Screen = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            rows,
            cols,
            0,
            Responder {
                writer: writer.clone(),
            },
        )));
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let sink = parser.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sink.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        Tui {
            parser,
            writer,
            master: pair.master,
            child,
            reader: Some(reader),
        }
    }

    fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn rows(&self) -> Vec<String> {
        let p = self.parser.lock().unwrap();
        let (_, cols) = p.screen().size();
        p.screen().rows(0, cols).collect()
    }

    fn dump(&self) -> String {
        self.rows()
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{i:2}|{r}\n"))
            .collect()
    }

    /// Poll the screen until `ok` holds, or fail with the whole screen.
    fn wait_until(&self, what: &str, ok: impl Fn(&Tui) -> bool) {
        let start = Instant::now();
        loop {
            if ok(self) {
                return;
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}; screen:\n{}",
                    self.dump()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |t| t.contents().contains(text));
    }

    /// Wait for one screen line holding all of `parts`; returns that line.
    fn wait_for_line(&self, parts: &[&str]) -> String {
        let found = |t: &Tui| {
            t.rows()
                .into_iter()
                .find(|r| parts.iter().all(|p| r.contains(p)))
        };
        self.wait_until(&format!("a line with {parts:?}"), |t| found(t).is_some());
        found(self).unwrap()
    }

    fn send(&self, s: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(s.as_bytes()).expect("write to pty");
        w.flush().expect("flush pty");
    }

    fn resize(&self, rows: u16, cols: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// Wait for the process to end and the reader to drain its last output.
    fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "danvan did not exit within {TIMEOUT:?}; screen:\n{}",
                    self.dump()
                );
            }
            std::thread::sleep(POLL);
        };
        let reader = self.reader.take().expect("reader thread");
        let start = Instant::now();
        while !reader.is_finished() {
            if start.elapsed() > TIMEOUT {
                panic!("pty reader did not reach EOF after exit");
            }
            std::thread::sleep(POLL);
        }
        reader.join().expect("reader thread panicked");
        status
    }

    /// Quit with `key`, expect exit status 0 and a restored terminal.
    fn quit_with(&mut self, key: &str) {
        self.send(key);
        self.expect_clean_exit();
    }

    /// Wait for the exit, expect status 0 and the terminal as it was (main screen, no mouse
    /// capture, cursor shown).
    fn expect_clean_exit(&mut self) {
        let status = self.wait_exit();
        assert!(
            status.success(),
            "exit status {status:?}; screen:\n{}",
            self.dump()
        );
        let p = self.parser.lock().unwrap();
        let s = p.screen();
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture left on"
        );
        assert!(!s.hide_cursor(), "cursor left hidden");
        assert!(!s.bracketed_paste(), "bracketed paste left on");
    }

    /// Send a signal to the child (`kill -SIG pid`).
    #[cfg(unix)]
    fn signal(&self, sig: &str) {
        let pid = self.child.process_id().expect("child pid");
        let ok = std::process::Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(pid.to_string())
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill -{sig} {pid} failed");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn first_run_read_a_lesson_quit_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");

    let mut t = Tui::start(&db, 24, 80);
    t.wait_for("Chào mừng bạn đến với danvan");
    for label in [
        "Họ và tên:",
        "Mã cán bộ:",
        "Đơn vị:",
        "+ Thêm đơn vị mới",
        "Mã đơn vị:",
        "Tên đơn vị:",
        "Loại đơn vị:",
        "UBND cấp xã",
        "Chức vụ:",
        "Ngày bổ nhiệm:",
    ] {
        t.wait_for(label);
    }

    // Telex-style editing: on "x" after "ê" the input method erases "ê" with Backspace (DEL)
    // and sends "ễ" instead.
    t.send("Nguyê");
    t.wait_for("Nguyê");
    t.send(BACKSPACE);
    t.send("ễn Thị Hoa");
    t.wait_for("Nguyễn Thị Hoa");
    // Esc with a name typed asks before discarding it; another key goes on with the form.
    t.send(ESC);
    t.wait_for("Nhấn Esc lần nữa để bỏ");
    t.send(ENTER);
    t.wait_until("the ask is gone and the name kept", |t| {
        let s = t.contents();
        !s.contains("Nhấn Esc lần nữa") && s.contains("Nguyễn Thị Hoa")
    });
    // Ctrl+H also erases.
    t.send("CB00X");
    t.wait_for("CB00X");
    t.send(CTRL_H);
    t.send("1");
    t.wait_for("CB001");
    assert!(!t.contents().contains("CB00X"), "Ctrl+H did not erase");
    t.send(ENTER);
    t.send(ENTER); // keep "+ Thêm đơn vị mới"
    t.send("UBND-TT");
    t.wait_for("UBND-TT");
    t.send(ENTER);
    t.send("UBND xã Tân Tiến");
    t.wait_for("UBND xã Tân Tiến");
    t.send(ENTER);
    t.send(ENTER); // keep "UBND cấp xã"
    t.send("Công chức Văn phòng");
    t.wait_for("Công chức Văn phòng");
    t.send(ENTER);
    t.send("01/03/2026");
    t.wait_for("01/03/2026");
    t.send(ENTER);

    // Home.
    t.wait_for("Đã lưu hồ sơ của Nguyễn Thị Hoa.");
    let header = &t.rows()[0];
    assert!(header.contains("Nguyễn Thị Hoa"), "header: {header:?}");
    // Three courses, none read yet; the first has 12 lessons.
    t.wait_until("three courses at 0 read", |t| {
        t.contents().matches("Đã đọc 0/").count() == 3
    });
    t.wait_for("Đã đọc 0/12 bài");

    // First course → lesson list → reader.
    t.send(ENTER);
    t.wait_for("1. Giới thiệu Chỉ thị");
    t.send(ENTER);
    let title = t.wait_for_line(&["1/12 ·"]);
    assert!(!title.contains('✓'), "unread lesson marked read: {title:?}");
    t.send(END);
    t.wait_for_line(&["1/12 ·", "✓ ", "100%"]);
    t.wait_for("— Hết bài —");

    t.quit_with("q");
    drop(t);

    // Again with the same database: back in the reader, lesson marked read.
    let mut t = Tui::start(&db, 24, 80);
    t.wait_for_line(&["1/12 ·", "✓"]);
    t.send(ESC);
    t.wait_for_line(&["✓", "1. Giới thiệu"]);
    t.send(ESC);
    t.wait_for("Đã đọc 1/12 bài");
    t.quit_with("q");
}

/// Colours on the screen: (cells with a colour, cells in reverse video).
fn colour_census(t: &Tui) -> (usize, usize) {
    let p = t.parser.lock().unwrap();
    let s = p.screen();
    let (rows, cols) = s.size();
    let (mut coloured, mut reversed) = (0, 0);
    for r in 0..rows {
        for c in 0..cols {
            if let Some(cell) = s.cell(r, c) {
                if cell.fgcolor() != vt100::Color::Default
                    || cell.bgcolor() != vt100::Color::Default
                {
                    coloured += 1;
                }
                if cell.inverse() {
                    reversed += 1;
                }
            }
        }
    }
    (coloured, reversed)
}

#[test]
fn no_color_in_the_environment_draws_without_colour() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    let mut t = Tui::start(&db, 24, 80);
    t.wait_for("Chào mừng");
    assert!(colour_census(&t).0 > 0, "colours without NO_COLOR");
    t.quit_with(ESC);

    let mut t = Tui::start_with_env(&db, 24, 80, &[("NO_COLOR", "1")]);
    t.wait_for("Chào mừng");
    // The footer is drawn last: once its keys are there, the whole frame is.
    t.wait_for_line(&["Esc"]);
    let (coloured, reversed) = colour_census(&t);
    assert_eq!(coloured, 0, "colour with NO_COLOR=1:\n{}", t.dump());
    assert!(
        reversed > 0,
        "the header and keys stand out in reverse video"
    );
    t.quit_with(ESC);
}

#[test]
fn too_small_window_then_resized() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");

    let mut t = Tui::start(&db, 12, 50);
    t.wait_for("Cửa sổ quá nhỏ");
    t.resize(24, 80);
    t.wait_for("Chào mừng");
    assert!(!t.contents().contains("Cửa sổ quá nhỏ"));
    // Esc on the first-run form leaves the program ("q" would be typed into the name field).
    t.quit_with(ESC);
}

/// The count a criterion's field holds, as saved in `db` (None: nothing saved yet).
fn saved_count(db: &Path) -> Option<danvan::domain::assessment::Answer> {
    let store = danvan::store::Store::open(db).unwrap();
    let unit = store.unit_by_code("UBND-TT").unwrap().expect("unit");
    let assessment = store.assessments_of_unit(&unit.id).unwrap().pop()?;
    let answers = store.criterion_answers(&assessment.id).unwrap();
    answers
        .into_iter()
        .find(|a| a.criterion_id == "t1-quan-triet")
        .map(|a| a.answer)
}

/// A new database, the kit on it, and "7" typed into the first count criterion, still in the
/// field (nothing has left it to save it).
#[cfg(unix)]
fn seven_typed_in_the_first_count(dir: &Path) -> (std::path::PathBuf, Tui) {
    let db = dir.join("danvan.db");
    drop(common::store_with_person(dir));
    let t = Tui::start(&db, 24, 80);
    to_first_count(&t);
    t.send(TAB);
    t.send("7");
    t.wait_for_line(&["7▏"]);
    (db, t)
}

/// From home, start this year's self-assessment and open its first criterion, a count.
fn to_first_count(t: &Tui) {
    t.wait_for("Nguyễn Thị Hoa");
    for _ in 0..4 {
        t.send(DOWN);
    }
    t.send(ENTER); // the unit's years
    t.wait_for("UBND xã Tân Tiến");
    t.send("n"); // start this year
    t.wait_for_line(&["1."]);
    t.send(ENTER); // task 1, its first criterion: a count
    t.wait_for("Trả lời:");
}

/// The data loss of issue 10: a count typed in the criterion editor was shown but never saved.
#[test]
fn a_typed_count_is_saved_after_tab_and_after_pgdn() {
    use danvan::domain::assessment::Answer;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    drop(common::store_with_person(dir.path()));

    let mut t = Tui::start(&db, 24, 80);
    to_first_count(&t);
    t.send(TAB);
    t.send("2");
    t.send(TAB); // leave the field: saved
    t.wait_for_line(&["Trả lời:", "2 (chỉ tiêu"]);
    t.send(PGDN);
    t.wait_for_line(&["tiêu chí 2/"]);
    t.send(PGUP);
    t.wait_for_line(&["tiêu chí 1/"]);
    t.wait_for_line(&["Trả lời:", "2 (chỉ tiêu"]);
    // Typed, then PgDn straight from the field.
    t.send(TAB);
    t.send(BACKSPACE);
    t.send("3");
    t.send(PGDN);
    t.wait_for_line(&["tiêu chí 2/"]);
    t.send(PGUP);
    t.wait_for_line(&["Trả lời:", "3 (chỉ tiêu"]);
    t.quit_with("q");

    assert_eq!(saved_count(&db), Some(Answer::Value(3)));
}

/// SIGTERM while a count is being typed: what was typed is saved and the terminal is put back.
#[cfg(unix)]
#[test]
fn sigterm_saves_the_typed_count_and_restores_the_terminal() {
    use danvan::domain::assessment::Answer;
    let dir = tempfile::tempdir().unwrap();
    let (db, mut t) = seven_typed_in_the_first_count(dir.path());
    t.signal("TERM");
    t.expect_clean_exit();

    assert_eq!(saved_count(&db), Some(Answer::Value(7)));
}

/// SIGKILL while a count is being typed (no handler runs): the tick has saved what was typed,
/// and the kit opened again shows it.
#[cfg(unix)]
#[test]
fn a_count_typed_before_a_sigkill_is_saved_by_the_tick() {
    use danvan::domain::assessment::Answer;
    let dir = tempfile::tempdir().unwrap();
    let (db, mut t) = seven_typed_in_the_first_count(dir.path());
    // Still in the field: only the tick can have saved it. Wait for it in the file.
    let started = Instant::now();
    while saved_count(&db) != Some(Answer::Value(7)) {
        assert!(
            started.elapsed() < TIMEOUT,
            "the tick never saved the count"
        );
        std::thread::sleep(POLL);
    }
    t.signal("KILL");
    t.wait_exit();
    drop(t);

    let t = Tui::start(&db, 24, 80);
    t.wait_for("Nguyễn Thị Hoa");
    for _ in 0..4 {
        t.send(DOWN);
    }
    t.send(ENTER);
    t.wait_for("UBND xã Tân Tiến");
    t.send(ENTER); // this year's assessment, started before the kill
    t.wait_for_line(&["1."]);
    t.send(ENTER);
    t.wait_for_line(&["Trả lời:", "7 (chỉ tiêu"]);
}

/// `Enter` on a question with nothing chosen answers nothing (twice), and says what to do.
#[cfg(unix)]
#[test]
fn enter_with_nothing_chosen_answers_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    drop(common::store_with_person(dir.path()));

    let mut t = Tui::start(&db, 24, 80);
    t.wait_for("Nguyễn Thị Hoa");
    for _ in 0..3 {
        t.send(DOWN);
    }
    t.send(ENTER); // the quiz list
    t.wait_for("Điểm đạt");
    t.send(ENTER); // the first quiz
    t.wait_for("Câu 1/");
    t.send(ENTER);
    t.send(ENTER);
    // Every question kind answers Enter-with-nothing with a "Hãy …" (choose, type, match,
    // order) line, and the quiz stays on its first question.
    t.wait_for("Hãy ");
    t.wait_for("Câu 1/");
    t.signal("TERM");
    t.expect_clean_exit();
    let store = danvan::store::Store::open(&db).unwrap();
    let answers: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM answers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(answers, 0, "Enter with nothing chosen saved an answer");
}

/// SIGHUP (the terminal window closed) on the home screen: a clean exit, the terminal put back.
#[cfg(unix)]
#[test]
fn sighup_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    drop(common::store_with_person(dir.path()));
    let mut t = Tui::start(&db, 24, 80);
    t.wait_for("Nguyễn Thị Hoa");
    t.send("?"); // even with the help open
    t.wait_until("help open", |t| t.contents().contains("Esc"));
    t.signal("HUP");
    t.expect_clean_exit();
}

/// A paste of ten thousand letters into the name field (bracketed, then as plain keys, the way
/// a terminal without bracketed paste sends it), then SIGTERM: the paste is taken at once, bounded
/// by the field's limit, and the signal still exits cleanly with the terminal put back.
#[cfg(unix)]
#[test]
fn sigterm_after_a_long_paste_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("paste.db");
    let mut t = Tui::start(&db, 24, 80);
    t.wait_for("Họ và tên:");
    let long = "Nguyễn Văn An ".repeat(800);
    t.send(&format!("\x1b[200~{long}\x1b[201~"));
    // The field shows the end of the paste: the name limit (200 characters) ends in "An N".
    t.wait_for("Nguyễn Văn An Nguyễn");
    t.send(&"x".repeat(8_000));
    t.send("Z");
    t.signal("TERM");
    t.expect_clean_exit();
}

/// Ctrl+C typed behind eight thousand plain keys is handled once they are: no queue of minutes.
#[cfg(unix)]
#[test]
fn ctrl_c_behind_a_long_typed_paste_quits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keys.db");
    let mut t = Tui::start(&db, 24, 80);
    t.wait_for("Họ và tên:");
    // Over crossterm's 1,024-byte read: the rest must be read without waiting for another key.
    t.send(&"Việt Nam ".repeat(1_000));
    t.send("\x03");
    t.expect_clean_exit();
}

/// A database with one person signed in and English saved as its language.
fn english_database(dir: &Path) -> std::path::PathBuf {
    let mut store = common::store_with_person(dir);
    store
        .set_setting(danvan::store::settings::LANGUAGE, "en")
        .unwrap();
    store.path().to_path_buf()
}

/// With no language asked for, the kit opens in the one saved in its database, and the flag
/// still wins over it (the saved language is read from the store the kit opens, not before).
#[test]
fn the_kit_opens_in_the_saved_language_unless_one_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = english_database(dir.path());
    let mut t = Tui::spawn(&db, 24, 100, &[], &[]);
    t.wait_for("Yearly self-assessment");
    assert!(!t.contents().contains("Tự đánh giá"), "{}", t.dump());
    t.quit_with("q");
    let mut t = Tui::spawn(&db, 24, 100, &[], &["--lang", "vi"]);
    t.wait_for("Tự đánh giá");
    assert!(
        !t.contents().contains("Yearly self-assessment"),
        "{}",
        t.dump()
    );
    t.quit_with("q");
}

/// A content folder that does not load is reported before the terminal is taken, in the
/// language saved in the database.
#[test]
fn a_broken_content_folder_is_reported_in_the_saved_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = english_database(dir.path());
    let broken =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/unknown-source");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(&db)
        .arg("--content")
        .arg(&broken)
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_CONTENT")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: no source") && err.contains("in courses/sources.toml"),
        "{err}"
    );
}

/// A database copied from a machine that kept its key becomes one of its own when the kit opens,
/// and the kit says so once (issue 9).
#[test]
fn a_copied_database_says_so_once_when_the_kit_opens() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("original.db");
    common::store_with_person(dir.path());
    std::fs::rename(dir.path().join("danvan.db"), &original).unwrap();
    // It signs once on its own machine (keys folder A).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(&original)
        .args(["export", "--format", "json", "--out"])
        .arg(dir.path().join("a.json"))
        .env("DANVAN_KEY_DIR", dir.path().join("keys-a"))
        .env_remove("DANVAN_DB")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let old_id = danvan::store::Store::open(&original)
        .unwrap()
        .database_id()
        .unwrap();
    // Copied to a PC whose keys folder (B) has no key for it.
    let copy = dir.path().join("copy.db");
    std::fs::copy(&original, &copy).unwrap();
    let keys_b = dir.path().join("keys-b");
    let env = [("DANVAN_KEY_DIR", keys_b.to_str().unwrap())];
    let short = old_id.split('-').next().unwrap();
    let mut t = Tui::start_with_env(&copy, 24, 100, &env);
    t.wait_for(&format!("chép từ máy khác (CSDL {short}…)"));
    t.quit_with("q");
    let copy_store = danvan::store::Store::open(&copy).unwrap();
    assert_ne!(copy_store.database_id().unwrap(), old_id);
    assert_eq!(
        copy_store.setting("copied_from").unwrap().as_deref(),
        Some(old_id.as_str())
    );
    drop(copy_store);
    // Said once: the next start is quiet.
    let mut t = Tui::start_with_env(&copy, 24, 100, &env);
    t.wait_for("Nguyễn");
    assert!(!t.contents().contains("chép từ máy khác"), "{}", t.dump());
    t.quit_with("q");
}

/// A resize on a filtered, paged records screen keeps the filter and the page (issue 10: it
/// rebuilt the screen from scratch).
#[test]
fn a_resize_keeps_the_records_filter_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(["demo", "--people", "300", "--db"])
        .arg(&db)
        .env_remove("DANVAN_DB")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut t = Tui::start(&db, 24, 80);
    t.wait_for("Người học trên máy này");
    t.send(ENTER); // sign in as the first
    t.wait_for("Hồ sơ học tập");
    for _ in 0..5 {
        t.send(DOWN);
    }
    t.send(ENTER);
    t.wait_for("Hồ sơ học tập: 1–");
    let line_with =
        |t: &Tui, part: &str| -> Option<String> { t.rows().into_iter().find(|r| r.contains(part)) };
    t.send("t"); // the next status filter
    t.wait_until("a status filter", |t| {
        line_with(t, "xếp theo tên").is_some_and(|l| !l.contains("mọi tình trạng"))
    });
    let filter = line_with(&t, "xếp theo tên")
        .unwrap()
        .trim_matches(|c: char| c == '│' || c.is_whitespace())
        .to_string();
    t.send(PGDN);
    t.wait_until("the second page", |t| {
        line_with(t, "Hồ sơ học tập:").is_some_and(|l| !l.contains("Hồ sơ học tập: 1–"))
    });
    let header = line_with(&t, "Hồ sơ học tập:").unwrap();
    // "Hồ sơ học tập: 17–32 trên N người": the page starts at the same row after the resize.
    let first_row = header
        .split("Hồ sơ học tập: ")
        .nth(1)
        .and_then(|r| r.split('–').next())
        .unwrap()
        .to_string();
    t.resize(30, 110);
    t.wait_until("the screen redrawn at 110 columns", |t| {
        line_with(t, "Hồ sơ học tập:").is_some_and(|l| l.trim_end().chars().count() > 80)
    });
    t.wait_until("the same page and filter", |t| {
        line_with(t, "Hồ sơ học tập:")
            .is_some_and(|l| l.contains(&format!("Hồ sơ học tập: {first_row}–")))
            && line_with(t, "xếp theo tên").is_some_and(|l| l.contains(&filter))
    });
    t.quit_with("q");
}

/// The records screen's import runs in the background (issue 10): the screen stays drawn, and
/// when the job ends the refused rows' panel lists each row with its line and why.
#[test]
fn a_background_import_reports_its_refused_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(["demo", "--people", "30", "--db"])
        .arg(&db)
        .env_remove("DANVAN_DB")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let roster = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/roster/refused-rows.csv");
    let mut t = Tui::start(&db, 24, 100);
    t.wait_for("Người học trên máy này");
    t.send(ENTER); // sign in as the first
    t.wait_for("Hồ sơ học tập");
    for _ in 0..5 {
        t.send(DOWN);
    }
    t.send(ENTER);
    t.wait_for("Hồ sơ học tập: 1–");
    t.send("i");
    t.wait_for("đường dẫn tệp");
    t.send(roster.to_str().unwrap());
    t.send(ENTER);
    // The panel, its summary, and a refused row with its line and why (the demo has no unit
    // UBND-HB either, so its rows are refused too).
    t.wait_for("Các dòng bị từ chối (");
    t.wait_for("Đã nhập: thêm 0");
    t.wait_for("Dòng 3: Thiếu họ và tên.");
    t.quit_with("q");
}

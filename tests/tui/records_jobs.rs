//! The records screen's import and merge run in the background: the screen keeps drawing the
//! progress on its border, the end is read on the tick (the summary, the refused rows), `Esc`
//! cancels (nothing saved, and said so), and quitting cancels and waits.

use std::path::{Path, PathBuf};

use super::*;
use danvan::tui::screens::records::{RecordsState, RecordsView};

/// A roster whose rows the import refuses (ten of them), as `records_more` uses it.
const REFUSED_ROSTER_FILE: &str = "tests/fixtures/roster/refused-rows.csv";

fn records(app: &App) -> &RecordsState {
    match &app.screen {
        Screen::Records(r) => r,
        _ => panic!("not the records: {}", screen_text(app, 80, 24)),
    }
}

/// A roster of `n` new officials (and a unit to create).
fn big_roster(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("big.csv");
    let mut text = String::from("Họ và tên,Mã cán bộ,Mã đơn vị,Tên đơn vị,Chức vụ,Ngày bổ nhiệm\n");
    for i in 0..n {
        text.push_str(&format!(
            "Người Số {i},BG{i:06},UBND-BG,UBND xã Bắc Giang,Công chức,01/03/2026\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn people(app: &App) -> usize {
    app.session.store.people().unwrap().len()
}

fn start_import(app: &mut App, file: &Path) {
    keys(app, &[KeyCode::Char('i')]);
    type_text(app, file.to_str().unwrap());
    keys(app, &[KeyCode::Enter]);
}

#[test]
fn an_import_runs_in_the_background_and_its_refused_rows_show_when_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_records(dir.path(), Lang::Vi);
    let before = people(&app);
    start_import(&mut app, Path::new(REFUSED_ROSTER_FILE));
    // Started, not yet read: the table stays, the job runs, its table of keys is the job's.
    assert!(records(&app).busy());
    assert!(matches!(records(&app).view, RecordsView::Table));
    let helps: Vec<&str> = danvan::tui::view::bindings(&app)
        .iter()
        .map(|b| b.help)
        .collect();
    let running: Vec<&str> = danvan::tui::keymap::JOB_RUNNING
        .iter()
        .map(|b| b.help)
        .collect();
    assert_eq!(helps, running);
    // Another job does not start meanwhile (its key is not the running job's).
    keys(&mut app, &[KeyCode::Char('x')]);
    assert!(records(&app).job.is_none());
    wait_for_jobs(&mut app);
    let RecordsView::Refused(v) = &records(&app).view else {
        panic!("no refused rows shown: {}", screen_text(&app, 80, 24))
    };
    assert_eq!(v.rows.len(), 10);
    let (said, error) = app.session.status.clone().unwrap();
    assert!(!error && said.contains("từ chối 10"), "{said}");
    assert!(people(&app) > before);
}

#[test]
fn esc_cancels_a_background_import_and_nothing_is_saved() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_records(dir.path(), lang);
        let before = people(&app);
        let units = app.session.store.units().unwrap().len();
        let file = big_roster(dir.path(), 20_000);
        start_import(&mut app, &file);
        assert!(records(&app).busy());
        keys(&mut app, &[KeyCode::Esc]);
        // Still on the records screen, the job told to stop.
        assert!(matches!(app.screen, Screen::Records(_)));
        let text = screen_text(&app, 80, 24);
        let cancelling = match lang {
            Lang::Vi => "Đang hủy…",
            Lang::En => "Cancelling…",
        };
        assert!(text.contains(cancelling), "{text}");
        wait_for_jobs(&mut app);
        let (said, error) = app.session.status.clone().unwrap();
        let expected = match lang {
            Lang::Vi => "không có gì được lưu",
            Lang::En => "nothing was saved",
        };
        assert!(!error && said.contains(expected), "{said}");
        assert_eq!(people(&app), before);
        assert_eq!(app.session.store.units().unwrap().len(), units);
        // Esc again leaves the screen as usual.
        keys(&mut app, &[KeyCode::Esc]);
        assert!(!matches!(app.screen, Screen::Records(_)));
    }
}

#[test]
fn quitting_during_an_import_cancels_it_and_waits() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_records(dir.path(), Lang::Vi);
    let before = people(&app);
    let file = big_roster(dir.path(), 20_000);
    start_import(&mut app, &file);
    keys(&mut app, &[KeyCode::Char('q')]);
    assert!(app.quit);
    // The job was waited for: nothing of it is running or saved.
    assert!(!records(&app).busy());
    assert_eq!(people(&app), before);
}

//! The reader's store reads go through `Session::read`: a failed read is said on the status line
//! (naming the file and the table), and the lesson still opens.

use super::*;

#[test]
fn a_failed_read_of_the_saved_position_is_said_and_the_lesson_opens_at_its_top() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::app(dir.path(), Lang::En);
    app.update(Action::Enter);
    assert!(matches!(app.screen, Screen::Lessons(_)));
    app.session
        .store
        .conn()
        .execute_batch("DROP TABLE lesson_progress;")
        .unwrap();
    app.update(Action::Enter);
    let Screen::Reader(r) = &app.screen else {
        panic!("the lesson did not open: {}", screen_text(&app, 80, 24))
    };
    assert_eq!(r.top, 0);
    let (text, is_error) = app.session.status.clone().expect("a status line");
    // A read error names the file and its cause (a failed write alone would not name the file).
    assert!(
        is_error && text.contains("lesson_progress") && text.contains("danvan.db"),
        "{text}"
    );
}

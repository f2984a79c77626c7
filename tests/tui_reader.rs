//! The reader keeps its position without writing on every scroll: it saves when a lesson opens,
//! on the tick, on leaving the lesson and on quitting (also from a search opened over it).

mod common;

use common::app;
use danvan::domain::i18n::Lang;
use danvan::store::Store;
use danvan::tui::action::Action;
use danvan::tui::app::{App, Screen};

/// The saved top block of the first lesson of the first course, read from the file.
fn saved(dir: &std::path::Path, app: &App) -> usize {
    let store = Store::open(&dir.join("danvan.db")).unwrap();
    let pid = app.session.person_id().unwrap();
    let course = &app.session.pack.courses[0];
    store
        .course_progress(&pid, &course.id)
        .unwrap()
        .into_iter()
        .find(|p| p.lesson_id == course.lessons[0].id)
        .map(|p| p.top_block)
        .expect("the lesson was opened")
}

fn top_block(app: &App) -> usize {
    let Screen::Reader(r) = &app.screen else {
        panic!("not the reader")
    };
    r.top_block()
}

/// The reader on the first lesson, scrolled until the block at the top is no longer the first.
fn scrolled(dir: &std::path::Path) -> App {
    let mut a = app(dir, Lang::Vi);
    a.update(Action::Enter);
    a.update(Action::Enter);
    assert!(matches!(a.screen, Screen::Reader(_)));
    assert_eq!(saved(dir, &a), 0, "opening records the lesson at once");
    while top_block(&a) < 2 {
        a.update(Action::Down);
    }
    a
}

#[test]
fn scrolling_writes_nothing_until_the_tick() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = scrolled(dir.path());
    assert_eq!(saved(dir.path(), &a), 0, "scrolling alone writes nothing");
    a.update(Action::Tick);
    assert_eq!(saved(dir.path(), &a), top_block(&a));
}

#[test]
fn leaving_the_lesson_saves_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = scrolled(dir.path());
    let at = top_block(&a);
    a.update(Action::Back);
    assert!(matches!(a.screen, Screen::Lessons(_)));
    assert_eq!(saved(dir.path(), &a), at);
}

#[test]
fn quitting_saves_where_it_was_even_from_a_search_over_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = scrolled(dir.path());
    let at = top_block(&a);
    a.update(Action::Search);
    assert!(matches!(a.screen, Screen::Search(..)));
    a.update(Action::ForceQuit);
    assert!(a.quit);
    assert_eq!(saved(dir.path(), &a), at);
}

//! Home, lessons, the reader and search: snapshots, reading progress, resizing, the language.

use super::*;

#[test]
fn home_lessons_and_reader_snapshots() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path(), lang);
        insta::assert_snapshot!(format!("home_{}", lang_name(lang)), render(&app, 80, 24));
        app.update(Action::Enter);
        assert!(matches!(app.screen, Screen::Lessons(_)));
        insta::assert_snapshot!(format!("lessons_{}", lang_name(lang)), render(&app, 80, 24));
        app.update(Action::Enter);
        assert!(matches!(app.screen, Screen::Reader(_)));
        insta::assert_snapshot!(format!("reader_{}", lang_name(lang)), render(&app, 80, 24));
    }
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), Lang::Vi);
    let text = screen_text(&app, 50, 12);
    assert!(text.contains("Cửa sổ quá nhỏ"), "{text}");
}

#[test]
fn bold_text_and_diacritics_survive_rendering() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), Lang::Vi);
    app.update(Action::Enter);
    app.update(Action::Enter);
    // Scroll until a bold run is on screen, and check every cell of it is a whole NFC grapheme.
    let mut found_bold = false;
    for _ in 0..200 {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| danvan::tui::view::view(&app, f)).unwrap();
        let buf = t.backend().buffer();
        for y in 2..21 {
            for x in 1..78 {
                let cell = &buf[(x, y)];
                assert_eq!(
                    cell.symbol(),
                    danvan::domain::text::nfc(cell.symbol()),
                    "cell not NFC at {x},{y}"
                );
                if cell.modifier.contains(ratatui::style::Modifier::BOLD)
                    && y > 2
                    && cell.symbol().trim() != ""
                {
                    found_bold = true;
                }
            }
        }
        if found_bold {
            break;
        }
        app.update(Action::Down);
    }
    assert!(found_bold, "no bold text found in the first lesson");
}

#[test]
fn reading_to_the_end_marks_the_lesson_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), Lang::Vi);
    app.update(Action::Enter);
    app.update(Action::Enter);
    let Screen::Reader(r) = &app.screen else {
        panic!()
    };
    assert!(!r.completed);
    app.update(Action::PageDown);
    let Screen::Reader(r) = &app.screen else {
        panic!()
    };
    let block_after_page = r.top_block();
    assert!(block_after_page > 0);
    app.update(Action::Bottom);
    let Screen::Reader(r) = &app.screen else {
        panic!()
    };
    assert!(r.completed);
    app.update(Action::Top);
    app.update(Action::PageDown);
    app.update(Action::Quit);
    assert!(app.quit);
    drop(app);

    // Start again: the reader reopens at the saved block, and the lesson is marked read.
    let store = Store::open(&dir.path().join("danvan.db")).unwrap();
    let mut app = App::new(store, common::pack(), Lang::Vi, (80, 24));
    let Screen::Reader(r) = &app.screen else {
        panic!("expected to resume in the reader")
    };
    assert_eq!(r.top_block(), block_after_page);
    assert!(r.completed);
    app.update(Action::Back);
    let text = screen_text(&app, 80, 24);
    let line = text.lines().find(|l| l.contains("1. Giới thiệu")).unwrap();
    assert!(line.contains('✓'), "{line}");
}

#[test]
fn resizing_keeps_the_block_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), Lang::Vi);
    app.update(Action::Enter);
    app.update(Action::Enter);
    for _ in 0..3 {
        app.update(Action::PageDown);
    }
    let Screen::Reader(r) = &app.screen else {
        panic!()
    };
    let block = r.top_block();
    let lines_before = r.lines.len();
    app.update(Action::Resize(120, 40));
    let Screen::Reader(r) = &app.screen else {
        panic!()
    };
    assert_eq!(r.top_block(), block);
    assert!(
        r.lines.len() < lines_before,
        "wider text wraps to fewer lines"
    );
}

#[test]
fn language_switch_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), Lang::Vi);
    assert!(screen_text(&app, 80, 24).contains("Khóa học"));
    app.update(Action::ToggleLang);
    assert!(screen_text(&app, 80, 24).contains("Courses"));
    let store = Store::open(&dir.path().join("danvan.db")).unwrap();
    assert_eq!(store.setting("language").unwrap().as_deref(), Some("en"));
}

#[test]
fn search_finds_with_and_without_diacritics_and_opens_in_place() {
    use unicode_normalization::UnicodeNormalization;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), Lang::Vi);
    let nfd_query: String = "dân vận khéo".nfd().collect();
    for query in ["dan van kheo", "DÂN VẬN KHÉO", nfd_query.as_str()] {
        let hits = danvan::tui::screens::search::find(&app.session, query);
        assert!(!hits.is_empty(), "no hit for {query:?}");
        let h = &hits[0];
        let matched: String = h
            .snippet
            .chars()
            .skip(h.matched.0)
            .take(h.matched.1 - h.matched.0)
            .collect();
        assert_eq!(danvan::domain::text::fold(&matched), "dan van kheo");
    }
    let hits = danvan::tui::screens::search::find(&app.session, "dang");
    assert!(hits.iter().any(|h| h.snippet.contains("Đảng")));

    // Through the screen: `/`, type, Enter opens the lesson at the block of the hit.
    app.update(Action::Search);
    for c in "hương ước".chars() {
        app.update(Action::Input(c));
    }
    let Screen::Search(s, _) = &app.screen else {
        panic!()
    };
    let first = s.hits[0].clone();
    app.update(Action::Enter);
    let Screen::Reader(r) = &app.screen else {
        panic!()
    };
    assert_eq!((r.course, r.lesson), (first.course, first.lesson));
    assert!(r.top_block() <= first.block);
    let visible: String = r.lines[r.top..]
        .iter()
        .take(19)
        .flat_map(|l| l.line.spans.iter().map(|s| s.content.to_string()))
        .collect();
    assert!(
        danvan::domain::text::fold(&visible).contains("huong uoc"),
        "{visible}"
    );
}

#[test]
fn keys_act_on_press_and_on_a_lone_release() {
    let mut f = danvan::tui::input::KeyFilter::default();
    let press =
        KeyEvent::new_with_kind(KeyCode::Char('a'), KeyModifiers::NONE, KeyEventKind::Press);
    let release = KeyEvent::new_with_kind(
        KeyCode::Char('a'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    assert!(f.accept(press).is_some());
    assert!(f.accept(release).is_none());
    // Alt+numpad: only a release arrives, carrying the character.
    let lone = KeyEvent::new_with_kind(
        KeyCode::Char('ư'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    assert_eq!(f.accept(lone).map(|k| k.kind), Some(KeyEventKind::Press));
    let enter_release =
        KeyEvent::new_with_kind(KeyCode::Enter, KeyModifiers::NONE, KeyEventKind::Release);
    assert!(f.accept(enter_release).is_none());
}

#[test]
fn footer_and_help_come_from_the_same_keymap() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), Lang::En);
    let footer: String = danvan::tui::view::footer_spans(&app)
        .iter()
        .map(|s| s.content.to_string())
        .collect();
    for b in danvan::tui::view::bindings(&app)
        .iter()
        .filter(|b| b.footer)
    {
        assert!(footer.contains(b.label) && footer.contains(&app.session.t(b.help)));
    }
    app.update(Action::Help);
    let text = screen_text(&app, 80, 24);
    for b in danvan::tui::view::bindings(&app)
        .iter()
        .filter(|b| b.in_help)
    {
        assert!(
            text.contains(&app.session.t(b.help)),
            "help lacks {}",
            b.help
        );
    }
}

#[test]
fn the_home_cursor_stays_where_it_was_after_records_quizzes_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::app(dir.path(), Lang::Vi);
    let courses = app.session.pack.courses.len();
    let home_at = |app: &App| match &app.screen {
        Screen::Home(h) => h.cursor.selected(),
        _ => panic!("not home: {}", screen_text(app, 80, 24)),
    };
    for (entry, what) in [(courses + 2, "records"), (courses, "quizzes")] {
        keys(&mut app, &[KeyCode::Home]);
        for _ in 0..entry {
            keys(&mut app, &[KeyCode::Down]);
        }
        assert_eq!(home_at(&app), entry);
        keys(&mut app, &[KeyCode::Enter]);
        assert!(!matches!(app.screen, Screen::Home(_)), "{what} opened");
        keys(&mut app, &[KeyCode::Esc]);
        assert_eq!(home_at(&app), entry, "back from {what}");
    }
    app.update(Action::Search);
    app.update(Action::Back);
    assert_eq!(home_at(&app), courses, "back from search");
}

#[test]
fn home_shows_a_required_courses_due_day_and_says_when_it_is_overdue() {
    use danvan::tui::screens::home::HomeState;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), Lang::Vi);
    // Appointed on 1/3/2026: every built-in course is past due (90 and 180 days).
    let home = HomeState::new(&app.session, 0);
    assert!(home.progress.iter().all(|l| l.overdue && l.due.is_some()));
    assert!(screen_text(&app, 80, 24).contains("! quá hạn (hạn 30/05/2026)"));
    // Appointed today: due, not overdue.
    let today = danvan::domain::completion::today_in_vietnam();
    let mut person = app.session.person.clone().unwrap();
    person.appointed_on = Some(danvan::domain::dates::iso(today));
    app.session.person = Some(person);
    let home = HomeState::new(&app.session, 0);
    assert!(home
        .progress
        .iter()
        .all(|l| !l.overdue && l.due.is_some_and(|d| d > today)));
    // No appointment date: nothing is due.
    let mut person = app.session.person.clone().unwrap();
    person.appointed_on = None;
    app.session.person = Some(person);
    let home = HomeState::new(&app.session, 0);
    assert!(home.progress.iter().all(|l| !l.overdue && l.due.is_none()));
}

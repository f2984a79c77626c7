//! The first-run profile form and the learner chooser.

use super::*;

#[test]
fn first_run_form_and_help_snapshots() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("x.db")).unwrap();
        let mut app = App::new(store, common::pack(), lang, (80, 24));
        assert!(matches!(app.screen, Screen::ProfileForm(_)));
        for c in "Trần Văn Bình".chars() {
            app.update(Action::Input(c));
        }
        insta::assert_snapshot!(
            format!("profile_form_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        // Esc with a name typed asks first; the ask is on screen.
        app.update(Action::Back);
        assert!(matches!(app.screen, Screen::ProfileForm(_)) && !app.quit);
        insta::assert_snapshot!(
            format!("profile_form_discard_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        let dir2 = tempfile::tempdir().unwrap();
        let mut app = common::app(dir2.path(), lang);
        app.update(Action::Help);
        insta::assert_snapshot!(format!("help_{}", lang_name(lang)), render(&app, 80, 24));
    }
}

#[test]
fn the_profile_form_types_vietnamese_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("x.db")).unwrap();
    let mut app = App::new(store, common::pack(), Lang::Vi, (80, 24));
    // Telex as Unikey sends it: letters, then Backspace and the replacement letter.
    for a in [
        Action::Input('L'),
        Action::Input('e'),
        Action::Input('e'),
        Action::Backspace,
        Action::Backspace,
        Action::Input('ê'),
        Action::Input(' '),
        Action::Input('V'),
        Action::Input('a'),
        Action::Input('\u{0306}'), // a decomposed breve joins the "a"
        Action::Input('n'),
    ] {
        app.update(a);
    }
    // 'q' and '?' type too while a text field has focus.
    let key = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(danvan::tui::input::translate(&app, key), Action::Input('q'));
    let ctrl_h = KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL);
    assert_eq!(
        danvan::tui::input::translate(&app, ctrl_h),
        Action::Backspace
    );
    app.update(Action::Enter); // to the staff code (left empty)
    app.update(Action::Enter); // to the unit: "a new unit" is chosen
    app.update(Action::Enter); // to the new unit's code
    for c in "X01".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Enter);
    for c in "UBND xã Hòa Bình".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Enter); // to the unit kind
    app.update(Action::Enter); // to the position
    app.update(Action::Enter); // to the date
    for c in "31/02/2026".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Enter);
    // A bad date is refused and named; nothing is lost.
    let Screen::ProfileForm(f) = &app.screen else {
        panic!("form should stay open")
    };
    assert!(f.error.as_ref().unwrap().1.contains("Ngày bổ nhiệm"));
    let said = &f.error.as_ref().unwrap().1;
    assert!(
        said.contains("31/02/2026") && said.contains("không có trên lịch"),
        "a date that does not exist is named as such: {said}"
    );
    assert_eq!(f.name.value(), "Lê Văn");
    for _ in 0..10 {
        app.update(Action::Backspace);
    }
    for c in "1/2/2026".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Enter);
    assert!(matches!(app.screen, Screen::Home(_)));
    let p = app.session.person.clone().unwrap();
    assert_eq!(p.full_name, "Lê Văn");
    assert_eq!(p.appointed_on.as_deref(), Some("2026-02-01"));
    assert_eq!(p.staff_code, None);
}

#[test]
fn esc_on_a_form_with_something_typed_asks_before_discarding() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("x.db")).unwrap();
    let mut app = App::new(store, common::pack(), Lang::Vi, (80, 24));
    // Nothing typed: Esc on the first-run form quits at once (nothing to lose).
    app.update(Action::Back);
    assert!(app.quit, "an empty first-run form quits on Esc");

    let store = Store::open(&dir.path().join("x.db")).unwrap();
    let mut app = App::new(store, common::pack(), Lang::Vi, (80, 24));
    type_text(&mut app, "Hà Thị Lan");
    keys(&mut app, &[KeyCode::Esc]);
    assert!(!app.quit, "one Esc with a name typed does not quit");
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Nhấn Esc lần nữa để bỏ"), "{text}");
    // Any other key goes on with the form: the letter is typed, the ask is gone.
    type_text(&mut app, "h");
    let Screen::ProfileForm(f) = &app.screen else {
        panic!("the form stays open")
    };
    assert_eq!(f.name.value(), "Hà Thị Lanh");
    assert!(!f.confirm_discard);
    assert!(!screen_text(&app, 80, 24).contains("Nhấn Esc lần nữa"));
    // Esc twice discards and quits.
    keys(&mut app, &[KeyCode::Esc, KeyCode::Esc]);
    assert!(app.quit);

    // A new profile from the profiles list goes back to the list, not out of the program.
    let mut app = common::app(dir.path(), Lang::En);
    app.update(Action::Profiles);
    app.update(Action::NewProfile);
    assert!(matches!(app.screen, Screen::ProfileForm(_)));
    type_text(&mut app, "Lan");
    keys(&mut app, &[KeyCode::Esc]);
    assert!(screen_text(&app, 80, 24).contains("Press Esc again to discard"));
    keys(&mut app, &[KeyCode::Esc]);
    assert!(matches!(app.screen, Screen::Profiles(_)) && !app.quit);
}

#[test]
fn the_learner_chooser_pages_by_key_searches_by_name_and_sorts_the_vietnamese_way() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = chooser(dir.path(), Lang::Vi, 2000);
    let page = danvan::tui::screens::profile::profile_rows((80, 24));
    let s = chooser_state(&app);
    assert_eq!(s.rows.len(), page);
    assert!(
        s.fetched <= page + 2,
        "read {} for a page of {page}",
        s.fetched
    );
    assert!(s.more_below && !s.more_above);
    // Nothing to go back to: the footer offers no Esc, and offers the name search.
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("tìm tên") && !text.contains("Esc  quay lại"),
        "{text}"
    );

    // Page to the end: everyone once, in the Vietnamese order, a page read per key.
    let mut seen: Vec<(Vec<u8>, String)> = Vec::new();
    loop {
        let s = chooser_state(&app);
        assert!(
            s.fetched <= page + 2,
            "read {} for a page of {page}",
            s.fetched
        );
        seen.extend(s.rows.iter().map(|r| {
            (
                danvan::domain::names::sort_key(&r.full_name),
                r.person_id.clone(),
            )
        }));
        if !s.more_below {
            break;
        }
        keys(&mut app, &[KeyCode::PageDown]);
    }
    assert_eq!(seen.len(), 2000);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "in order, each once");
    // Home and End go to the ends; ↓ on the last row of a page turns it.
    keys(&mut app, &[KeyCode::Home]);
    let first = chooser_state(&app).rows[0].person_id.clone();
    assert_eq!(first, seen[0].1);
    keys(&mut app, &[KeyCode::End]);
    let s = chooser_state(&app);
    assert_eq!(s.rows.last().unwrap().person_id, seen[1999].1);
    assert!(s.more_above && !s.more_below);
    keys(&mut app, &[KeyCode::Home]);
    for _ in 0..page {
        keys(&mut app, &[KeyCode::Down]);
    }
    let s = chooser_state(&app);
    assert_eq!(
        (s.cursor, s.rows[0].person_id.clone()),
        (0, seen[page].1.clone())
    );

    // `/` finds by name: without diacritics every spelling, with them only that one.
    keys(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "nguyen");
    let s = chooser_state(&app);
    assert!(!s.rows.is_empty());
    assert!(s
        .rows
        .iter()
        .all(|r| danvan::domain::text::fold(&r.full_name).contains("nguyen")));
    assert!(s.fetched <= page + 2);
    // Letters type while the search has focus ('q' does not quit).
    type_text(&mut app, " q");
    assert!(!app.quit);
    for _ in 0..2 {
        keys(&mut app, &[KeyCode::Backspace]);
    }
    insta::assert_snapshot!("profiles_chooser_search_vi", render(&app, 80, 24));
    keys(&mut app, &[KeyCode::Esc]);
    let s = chooser_state(&app);
    assert!(!s.finding && s.search.value().is_empty());
    assert_eq!(s.rows[0].person_id, seen[0].1);

    // Enter signs the one under the cursor in.
    keys(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert!(matches!(app.screen, Screen::Home(_)));
    assert_eq!(app.session.person.as_ref().unwrap().id, seen[1].1);
    // Back in the chooser, the page holds the one signed in, under the cursor.
    app.update(Action::Profiles);
    let s = chooser_state(&app);
    assert_eq!(s.rows[s.cursor].person_id, seen[1].1);
    assert!(s.more_above, "someone comes before");
}

#[test]
fn the_learner_chooser_snapshots_and_keeps_its_page_on_a_resize() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = chooser(dir.path(), lang, 300);
        insta::assert_snapshot!(
            format!("profiles_chooser_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        keys(&mut app, &[KeyCode::PageDown, KeyCode::Down, KeyCode::Down]);
        let before = {
            let s = chooser_state(&app);
            (
                s.rows[0].person_id.clone(),
                s.rows[s.cursor].person_id.clone(),
            )
        };
        app.update(Action::Resize(100, 30));
        let s = chooser_state(&app);
        assert_eq!(
            (
                s.rows[0].person_id.clone(),
                s.rows[s.cursor].person_id.clone()
            ),
            before
        );
        assert_eq!(
            s.rows.len(),
            danvan::tui::screens::profile::profile_rows((100, 30))
        );
        assert!(s.more_above && s.more_below);
    }
}

/// A focused empty field keeps its placeholder where it was, the cursor on its first letter
/// (issue 10: it shifted two cells right when the field took the focus).
#[test]
fn a_focused_empty_field_keeps_its_placeholder_in_place() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("x.db")).unwrap();
        let mut app = App::new(store, common::pack(), lang, (80, 24));
        type_text(&mut app, "Trần Văn Bình");
        let hint = app.session.t("profile-optional");
        let column = |app: &App| {
            let text = screen_text(app, 80, 24);
            let line = text
                .lines()
                .find(|l| l.contains(&hint))
                .unwrap_or_else(|| panic!("no placeholder:\n{text}"))
                .to_string();
            line.find(&hint).unwrap()
        };
        let unfocused = column(&app);
        app.update(Action::NextField);
        let focused = column(&app);
        assert_eq!(focused, unfocused, "the placeholder moved");
        insta::assert_snapshot!(
            format!("profile_form_placeholder_{}", lang.code()),
            render(&app, 80, 24)
        );
    }
}

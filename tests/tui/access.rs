//! Every screen for everyone: whole footers, the help lists every key, NO_COLOR.

use super::*;

#[test]
fn every_screen_footer_shows_whole_keys_and_says_when_some_are_left_out() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path(), lang);
        footer_fits(&app, "home");
        app.update(Action::Enter);
        footer_fits(&app, "lessons");
        app.update(Action::Enter);
        footer_fits(&app, "reader");
        app.update(Action::Search);
        footer_fits(&app, "search");

        let dir = tempfile::tempdir().unwrap();
        let mut app = common::app(dir.path(), lang);
        app.update(Action::Profiles);
        footer_fits(&app, "profiles");
        app.update(Action::NewProfile);
        footer_fits(&app, "profile form");

        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in_quiz(dir.path(), lang);
        footer_fits(&app, "quiz text question");
        for kind in [
            danvan::domain::content::QuestionKind::TrueFalse,
            danvan::domain::content::QuestionKind::Single,
            danvan::domain::content::QuestionKind::Multiple,
        ] {
            go_to_question(&mut app, kind, None);
            footer_fits(&app, "quiz choice");
        }
        answer_wrong(&mut app);
        footer_fits(&app, "quiz feedback");
        app.update(Action::Back);
        footer_fits(&app, "quiz list");

        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_records(dir.path(), lang);
        footer_fits(&app, "records");
        app.update(Action::Rates);
        footer_fits(&app, "records rates");
        app.update(Action::Back);
        app.update(Action::Enter);
        footer_fits(&app, "records person");

        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_two_years(dir.path(), lang);
        footer_fits(&app, "assessment tasks");
        keys(&mut app, &[KeyCode::Enter]);
        footer_fits(&app, "criterion with a count");
        // On to a yes/partly/no criterion: the longest footer in Vietnamese.
        for _ in 0..20 {
            let yes_no = danvan::tui::view::bindings(&app)
                .iter()
                .any(|b| b.help == "key-assess-yes");
            if yes_no {
                break;
            }
            keys(&mut app, &[KeyCode::PageDown]);
        }
        assert!(
            danvan::tui::view::bindings(&app)
                .iter()
                .any(|b| b.help == "key-assess-yes"),
            "no yes/no criterion reached"
        );
        footer_fits(&app, "criterion yes/no");
        let text = screen_text(&app, 80, 24);
        let footer = text.lines().rev().take(2).collect::<Vec<_>>().join("\n");
        assert!(footer.contains(" q  "), "q is always shown: {footer}");
        keys(&mut app, &[KeyCode::Tab]);
        footer_fits(&app, "criterion text field");
        keys(&mut app, &[KeyCode::Esc]);
        keys(&mut app, &[KeyCode::Esc, KeyCode::Char('s')]);
        footer_fits(&app, "assessment summary");
    }
}

#[test]
fn no_color_is_any_non_empty_value() {
    use danvan::tui::view::no_color_wanted;
    assert!(!no_color_wanted(None));
    assert!(!no_color_wanted(Some(std::ffi::OsStr::new(""))));
    assert!(no_color_wanted(Some(std::ffi::OsStr::new("1"))));
    assert!(
        no_color_wanted(Some(std::ffi::OsStr::new("0"))),
        "any value, even 0"
    );
}

#[test]
fn with_no_color_screens_draw_without_colour_and_keep_their_meaning() {
    for lang in [Lang::Vi, Lang::En] {
        // Records: the selected row stands out reversed; overdue cells carry "!".
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_records(dir.path(), lang);
        let buf = no_colour_buffer(&mut app, "records");
        let row: String = (1..79).map(|x| buf[(x, 4)].symbol()).collect();
        assert!(
            (1..79).all(|x| buf[(x, 4)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)),
            "the selected row is reversed: {row}"
        );
        let text = screen_text(&app, 80, 24);
        assert!(
            text.contains('!'),
            "overdue is marked, not only red:\n{text}"
        );
        // The footer's keys and the header stand out without colour.
        assert!(buf[(1, 22)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED));
        assert!(buf[(1, 0)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED));

        // A wrong answer: the verdict in words, the wrong choice ✗ and the right option ✓.
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in_quiz(dir.path(), lang);
        go_to_question(
            &mut app,
            danvan::domain::content::QuestionKind::Single,
            None,
        );
        answer_wrong(&mut app);
        no_colour_buffer(&mut app, "quiz feedback");
        let text = screen_text(&app, 80, 24);
        assert!(text.contains(&app.session.t("quiz-wrong")), "{text}");
        assert!(
            text.lines().any(|l| l.contains(" ✗ (•) ")),
            "the wrong choice is marked:\n{text}"
        );
        assert!(
            text.lines().any(|l| l.contains(" ✓ ( ) ")),
            "the right option is marked:\n{text}"
        );

        // Home, the assessment's criterion and its summary: no colour anywhere.
        let dir = tempfile::tempdir().unwrap();
        let mut app = common::app(dir.path(), lang);
        let buf = no_colour_buffer(&mut app, "home");
        assert!(reversed_cells(&buf) > 0);
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_two_years(dir.path(), lang);
        no_colour_buffer(&mut app, "assessment tasks");
        keys(&mut app, &[KeyCode::Enter]);
        no_colour_buffer(&mut app, "criterion");
        keys(&mut app, &[KeyCode::Esc, KeyCode::Char('s')]);
        no_colour_buffer(&mut app, "summary");
    }
}

#[test]
fn the_help_lists_every_key_even_on_the_busiest_screens() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_records(dir.path(), lang);
        help_lists_all(&mut app, "records");
        let dir = tempfile::tempdir().unwrap();
        let mut app = common::app(dir.path(), lang);
        help_lists_all(&mut app, "home");
        app.update(Action::Enter);
        app.update(Action::Enter);
        help_lists_all(&mut app, "reader");
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_two_years(dir.path(), lang);
        keys(&mut app, &[KeyCode::Enter]);
        help_lists_all(&mut app, "criterion");
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in_quiz(dir.path(), lang);
        go_to_question(
            &mut app,
            danvan::domain::content::QuestionKind::Multiple,
            Some(5),
        );
        help_lists_all(&mut app, "quiz");
    }
}

//! Snapshots of the screens and states no other module draws: the quiz list, the assessment
//! years, the records help, the unit filter's list and the end of a result review, each at
//! 80×24 in both languages (their footers checked by `render`).

use super::*;

/// Press `code` `n` times.
fn press_times(app: &mut App, code: KeyCode, n: usize) {
    for _ in 0..n {
        keys(app, &[code]);
    }
}

#[test]
fn the_quiz_list_and_the_assessment_years() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path(), lang);
        press_times(&mut app, KeyCode::Down, 3);
        keys(&mut app, &[KeyCode::Enter]);
        assert!(matches!(app.screen, Screen::Quizzes(_)));
        insta::assert_snapshot!(
            format!("quiz_list_{}", lang_name(lang)),
            render(&app, 80, 24)
        );

        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_two_years(dir.path(), lang);
        while !matches!(app.screen, Screen::AssessYears(_)) {
            assert!(
                matches!(app.screen, Screen::AssessWork(_)),
                "{}",
                screen_text(&app, 80, 24)
            );
            keys(&mut app, &[KeyCode::Esc]);
        }
        insta::assert_snapshot!(
            format!("assess_years_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
    }
}

#[test]
fn the_records_help_and_the_unit_filter_list() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_records(dir.path(), lang);
        keys(&mut app, &[KeyCode::Char('?')]);
        assert!(app.help_open);
        insta::assert_snapshot!(
            format!("records_help_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        keys(&mut app, &[KeyCode::Esc]);
        assert!(!app.help_open);
        keys(&mut app, &[KeyCode::Char('f')]);
        type_text(&mut app, "ubnd");
        let text = screen_text(&app, 80, 24);
        assert!(text.contains("UBND-HB"), "the matching unit's code: {text}");
        insta::assert_snapshot!(
            format!("records_unit_pick_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
    }
}

#[test]
fn the_result_review_at_its_end() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in_quiz(dir.path(), lang);
        answer_wrong(&mut app);
        wrong_to_the_result(&mut app);
        keys(&mut app, &[KeyCode::End]);
        let at_end = render(&app, 80, 24);
        // Further down changes nothing: the review stops at its end.
        press_times(&mut app, KeyCode::Down, 5);
        assert_eq!(render(&app, 80, 24), at_end);
        insta::assert_snapshot!(format!("quiz_result_end_{}", lang_name(lang)), at_end);
    }
}

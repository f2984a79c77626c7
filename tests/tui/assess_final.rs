//! A finalized self-assessment year is read, not edited: its keys say so and name the key that
//! reopens it, instead of offering answers and ignoring them.

use super::*;

fn status(app: &App) -> (String, bool) {
    app.session.status.clone().expect("a status line")
}

#[test]
fn a_finalized_year_says_it_is_finalized_and_how_to_reopen_it() {
    for (lang, finalized) in [(Lang::Vi, "đã hoàn tất"), (Lang::En, "finalized")] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_two_years(dir.path(), lang);
        // The 2026 draft: `o` has nothing to reopen, and says which key finalizes.
        keys(&mut app, &[KeyCode::Char('o')]);
        let (text, _) = status(&app);
        assert!(text.contains("2026") && text.contains(" f "), "{text}");
        // The finalized 2025: `f` says it is finalized and that `o` reopens it.
        keys(&mut app, &[KeyCode::Esc, KeyCode::Down, KeyCode::Enter]);
        let Screen::AssessWork(w) = &app.screen else {
            panic!("not the assessment: {}", screen_text(&app, 80, 24))
        };
        assert!(w.is_final());
        keys(&mut app, &[KeyCode::Char('f')]);
        let (text, _) = status(&app);
        assert!(
            text.contains("2025") && text.contains(finalized) && text.contains(" o "),
            "{text}"
        );
        // A criterion of it: the footer does not offer answers but says it is finalized, and
        // an answer key says how to reopen; the answer stays as it was.
        keys(&mut app, &[KeyCode::Enter]);
        let footer: String = danvan::tui::view::footer_spans(&app)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert!(footer.contains(finalized), "{footer}");
        assert!(
            !danvan::tui::view::bindings(&app)
                .iter()
                .any(|b| b.help == "key-assess-yes"),
            "a finalized year offers no answer"
        );
        let answers = |app: &App| match &app.screen {
            Screen::AssessWork(w) => format!("{:?}", w.answers),
            _ => panic!("left the assessment"),
        };
        let before = answers(&app);
        keys(&mut app, &[KeyCode::Char('y')]);
        let (text, is_error) = status(&app);
        assert!(
            is_error && text.contains("2025") && text.contains(" o "),
            "{text}"
        );
        assert_eq!(answers(&app), before);
    }
}

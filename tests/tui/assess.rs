//! The self-assessment screens: tasks, criteria, the summary, finalizing, the report.

use super::*;

#[test]
fn an_assessment_is_answered_criterion_by_criterion_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in_assessment(dir.path(), Lang::Vi);
    keys(&mut app, &[KeyCode::Enter]); // task 1, first criterion (a count)
    keys(&mut app, &[KeyCode::Tab]); // a count: Tab moves to the value field
    type_text(&mut app, "2");
    keys(&mut app, &[KeyCode::Enter]);
    keys(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "Biên bản số 12");
    keys(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "ngày 5/3/2026");
    keys(&mut app, &[KeyCode::PageDown]);
    let Screen::AssessWork(w) = &app.screen else {
        panic!()
    };
    let a = w.answer("t1-quan-triet").expect("saved");
    assert_eq!(a.answer, danvan::domain::assessment::Answer::Value(2));
    assert_eq!(a.evidence, "Biên bản số 12\nngày 5/3/2026");
}

#[test]
fn a_typed_count_is_saved_when_the_field_is_left_and_survives_pgdn_pgup() {
    use danvan::domain::assessment::Answer;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in_assessment(dir.path(), Lang::Vi);
    keys(&mut app, &[KeyCode::Enter]); // task 1, first criterion (a count)
    keys(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "2");
    keys(&mut app, &[KeyCode::Tab]); // leaving the field saves it
    assert_eq!(saved_answer(&app, "t1-quan-triet"), Some(Answer::Value(2)));
    keys(&mut app, &[KeyCode::PageDown, KeyCode::PageUp]);
    assert_eq!(saved_answer(&app, "t1-quan-triet"), Some(Answer::Value(2)));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("2/"), "{text}");
    // Typed, then PgDn straight from the field: saved too.
    keys(&mut app, &[KeyCode::Tab]);
    keys(&mut app, &[KeyCode::Backspace]);
    type_text(&mut app, "5");
    keys(&mut app, &[KeyCode::PageDown]);
    assert_eq!(saved_answer(&app, "t1-quan-triet"), Some(Answer::Value(5)));
}

#[test]
fn a_typed_count_is_saved_on_the_tick_on_esc_and_on_quit() {
    use danvan::domain::assessment::Answer;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in_assessment(dir.path(), Lang::En);
    keys(&mut app, &[KeyCode::Enter, KeyCode::Tab]);
    type_text(&mut app, "3");
    assert_eq!(
        saved_answer(&app, "t1-quan-triet"),
        None,
        "not saved before a tick"
    );
    app.update(Action::Tick);
    assert_eq!(saved_answer(&app, "t1-quan-triet"), Some(Answer::Value(3)));
    type_text(&mut app, "1");
    keys(&mut app, &[KeyCode::Esc]);
    assert_eq!(saved_answer(&app, "t1-quan-triet"), Some(Answer::Value(31)));
    keys(
        &mut app,
        &[KeyCode::Enter, KeyCode::Tab, KeyCode::Backspace],
    );
    type_text(&mut app, "4");
    app.update(Action::ForceQuit); // Ctrl+C while typing in the field
    assert_eq!(saved_answer(&app, "t1-quan-triet"), Some(Answer::Value(34)));
}

#[test]
fn y_on_a_count_is_not_offered_and_does_not_move_the_cursor() {
    use danvan::tui::screens::assess::Focus;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in_assessment(dir.path(), Lang::Vi);
    keys(&mut app, &[KeyCode::Enter]); // a count criterion
    let screen = screen_text(&app, 80, 24);
    let footer: Vec<&str> = screen.lines().rev().take(2).collect();
    let footer = footer.join("\n");
    assert!(
        !footer.contains(" y "),
        "footer offers y on a count: {footer}"
    );
    assert!(footer.contains(" x "), "{footer}");
    assert!(footer.contains("Tab"), "{footer}");
    keys(&mut app, &[KeyCode::Char('y')]);
    assert_eq!(criterion_focus(&app), Focus::Answer);
    assert_eq!(saved_answer(&app, "t1-quan-triet"), None);
}

#[test]
fn the_finalize_dialog_says_how_many_more_are_unanswered() {
    for (lang, more) in [(Lang::Vi, "…và"), (Lang::En, "…and")] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in_assessment(dir.path(), lang);
        let Screen::AssessWork(w) = &app.screen else {
            panic!()
        };
        let unanswered = w.score.unanswered;
        assert!(unanswered > 5, "a fresh assessment has many unanswered");
        keys(&mut app, &[KeyCode::Char('f')]);
        let text = screen_text(&app, 80, 24);
        let line = text
            .lines()
            .find(|l| l.contains(more))
            .unwrap_or_else(|| panic!("no '{more}' line: {text}"));
        assert!(
            line.contains(&(unanswered - 5).to_string()),
            "{line} should count the {} not listed",
            unanswered - 5
        );
    }
}

#[test]
fn assessment_snapshots_tasks_criterion_and_summary() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_two_years(dir.path(), lang);
        insta::assert_snapshot!(
            format!("assess_tasks_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        keys(&mut app, &[KeyCode::Enter]);
        insta::assert_snapshot!(
            format!("assess_criterion_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        keys(&mut app, &[KeyCode::Esc, KeyCode::Char('s')]);
        let text = screen_text(&app, 80, 24);
        assert!(text.contains('▲') && text.contains('▼'), "{text}");
        insta::assert_snapshot!(
            format!("assess_summary_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
    }
}

#[test]
fn finalize_locks_and_reopening_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_two_years(dir.path(), Lang::Vi);
    keys(&mut app, &[KeyCode::Char('f')]);
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("chưa trả lời"),
        "the confirmation lists what is unanswered: {text}"
    );
    keys(&mut app, &[KeyCode::Char('y')]);
    let Screen::AssessWork(w) = &app.screen else {
        panic!()
    };
    assert!(w.is_final());
    let id = w.assessment.id.clone();
    // Editing is refused, and says why.
    keys(&mut app, &[KeyCode::Enter, KeyCode::Char('n')]);
    assert!(
        app.session
            .status
            .as_ref()
            .is_some_and(|(m, err)| *err && m.contains("mở lại")),
        "{:?}",
        app.session.status
    );
    keys(
        &mut app,
        &[KeyCode::Esc, KeyCode::Char('o'), KeyCode::Enter],
    );
    // An empty reason is refused.
    let Screen::AssessWork(w) = &app.screen else {
        panic!()
    };
    assert!(w.is_final() && w.modal.is_some());
    type_text(
        &mut app,
        "Bổ sung minh chứng nhiệm vụ 9 theo yêu cầu của Sở Nội vụ",
    );
    keys(&mut app, &[KeyCode::Enter]);
    let Screen::AssessWork(w) = &app.screen else {
        panic!()
    };
    assert!(!w.is_final());
    let history = app.session.store.assessment_history(&id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].reopen_reason.as_deref(),
        Some("Bổ sung minh chứng nhiệm vụ 9 theo yêu cầu của Sở Nội vụ")
    );
}

#[test]
fn the_report_is_exported_from_the_tui_without_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_two_years(dir.path(), Lang::Vi);
    keys(&mut app, &[KeyCode::Char('e')]);
    keys(&mut app, &[KeyCode::Char('e')]);
    assert!(
        app.session
            .status
            .as_ref()
            .is_some_and(|(m, err)| !*err && m.contains(".html")),
        "{:?}",
        app.session.status
    );
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    files.sort();
    assert_eq!(
        files,
        vec![
            "bao-cao-tu-danh-gia-UBND-TT-2026-2.html",
            "bao-cao-tu-danh-gia-UBND-TT-2026-2.md",
            "bao-cao-tu-danh-gia-UBND-TT-2026.html",
            "bao-cao-tu-danh-gia-UBND-TT-2026.md",
        ]
    );
    let html = std::fs::read_to_string(
        dir.path()
            .join("reports/bao-cao-tu-danh-gia-UBND-TT-2026.html"),
    )
    .unwrap();
    assert!(
        html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && html.contains("UBND xã Tân Tiến")
    );
}

/// Moving between criteria reads each evidence file once, then again only when it changed
/// (issue 10: PgDn/PgUp re-hashed every file of the assessment).
#[test]
fn evidence_files_are_hashed_once_then_only_when_they_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in_assessment(dir.path(), Lang::Vi);
    let Screen::AssessWork(w) = &app.screen else {
        panic!()
    };
    let id = w.assessment.id.clone();
    let files: Vec<std::path::PathBuf> = (1..=3)
        .map(|i| {
            let f = dir.path().join(format!("bien-ban-{i}.txt"));
            std::fs::write(&f, format!("Biên bản họp dân số {i}")).unwrap();
            f
        })
        .collect();
    for f in &files {
        app.session
            .store
            .attach_evidence(&id, "t1-quan-triet", f, None, danvan::io::file::sha256_file)
            .unwrap();
    }
    keys(&mut app, &[KeyCode::Enter]); // the first criterion, with its three files
    assert!(screen_text(&app, 80, 24).contains("bien-ban-1.txt"));
    for _ in 0..5 {
        keys(&mut app, &[KeyCode::PageDown, KeyCode::PageUp]);
    }
    assert_eq!(app.session.file_hashes.computed.get(), 3);
    // One file changes: only it is read again, and it shows as changed.
    std::fs::write(&files[1], "Biên bản họp dân số 2, sửa lại").unwrap();
    keys(&mut app, &[KeyCode::PageDown, KeyCode::PageUp]);
    assert_eq!(app.session.file_hashes.computed.get(), 4);
    let Screen::AssessWork(w) = &app.screen else {
        panic!()
    };
    assert_eq!(w.assessment.id, id);
    let text = screen_text(&app, 80, 24);
    let changed = danvan::domain::i18n::I18n::new(Lang::Vi).t("assess-file-changed");
    let line = text
        .lines()
        .find(|l| l.contains("bien-ban-2.txt"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("! ") && line.contains(&changed), "{line}");
    assert!(!text
        .lines()
        .any(|l| l.contains("bien-ban-1.txt") && l.contains(&changed)));
}

/// The criterion editor with three evidence files and a long note being typed: the editor
/// scrolls so the note and its cursor stay in the box (issue 10: the files, the note and the last
/// edit fell below it, and the note was typed into unseen). The files are named, not on disk, so
/// they show as missing; the fixture's timestamps are fixed.
#[test]
fn the_criterion_editor_with_files_and_a_note_scrolls_to_the_note() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_two_years(dir.path(), lang);
        let Screen::AssessWork(w) = &app.screen else {
            panic!()
        };
        let id = w.assessment.id.clone();
        for i in 1..=3 {
            let path = format!("minh-chung/bien-ban-hoi-nghi-so-{i}.pdf");
            app.session
                .store
                .attach_evidence(
                    &id,
                    "t1-quan-triet",
                    std::path::Path::new(&path),
                    None,
                    |_| Ok("0".repeat(64)),
                )
                .unwrap();
        }
        keys(&mut app, &[KeyCode::Enter]);
        let text = screen_text(&app, 80, 24);
        assert!(text.contains("bien-ban-hoi-nghi-so-1.pdf"), "{text}");
        for _ in 0..6 {
            if criterion_focus(&app) == danvan::tui::screens::assess::Focus::Note {
                break;
            }
            keys(&mut app, &[KeyCode::Tab]);
        }
        assert_eq!(
            criterion_focus(&app),
            danvan::tui::screens::assess::Focus::Note
        );
        type_text(
            &mut app,
            "Hội nghị quán triệt tổ chức tại hội trường UBND xã, có 45 đại biểu dự; \
             biên bản và danh sách đại biểu lưu tại Văn phòng",
        );
        let text = screen_text(&app, 80, 24);
        assert!(
            text.contains("Văn phòng▏"),
            "the cursor is on screen:\n{text}"
        );
        insta::assert_snapshot!(
            format!("assess_criterion_files_note_{}", lang.code()),
            render(&app, 80, 24)
        );
    }
}

/// The finalize dialog and, on a finalized year behind a trainer's passphrase, the passphrase
/// asked before reopening.
#[test]
fn the_finalize_and_reopen_passphrase_dialogs_snapshots() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_two_years(dir.path(), lang);
        keys(&mut app, &[KeyCode::Char('f')]);
        insta::assert_snapshot!(
            format!("assess_finalize_{}", lang.code()),
            render(&app, 80, 24)
        );
        keys(&mut app, &[KeyCode::Esc]);
        app.session
            .store
            .set_trainer_passphrase("mật khẩu dài")
            .unwrap();
        keys(&mut app, &[KeyCode::Esc, KeyCode::Down, KeyCode::Enter]);
        keys(&mut app, &[KeyCode::Char('o')]);
        type_text(&mut app, "mật");
        insta::assert_snapshot!(
            format!("assess_reopen_passphrase_{}", lang.code()),
            render(&app, 80, 24)
        );
    }
}

//! The records screens: the table, rates, a person, certificates, export, push, statistics.

use super::*;

#[test]
fn the_records_table_reads_only_a_screenful_and_pages_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_records(dir.path(), Lang::Vi);
    let visible = danvan::tui::screens::records::visible_rows((80, 24));
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.total, 61);
    // Appointed on 5/1/2026 and not done: required courses are overdue (due after 90 or 180 days).
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("!—") || text.contains("!3/12"), "{text}");
    assert!(
        s.fetched <= 2 * visible && s.rows.len() <= visible,
        "fetched {} for {visible} visible",
        s.fetched
    );
    let first_page: Vec<String> = s.rows.iter().map(|r| r.person_id.clone()).collect();
    app.update(Action::PageDown);
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert!(s.fetched <= 2 * visible);
    assert_eq!(s.offset, first_page.len() as u64);
    assert!(s.rows.iter().all(|r| !first_page.contains(&r.person_id)));
    app.update(Action::PageUp);
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert_eq!(
        s.rows
            .iter()
            .map(|r| r.person_id.clone())
            .collect::<Vec<_>>(),
        first_page
    );
    // Fewest completed first, then the status filter on a course.
    app.update(Action::SortNext);
    app.update(Action::SortNext);
    app.update(Action::CourseNext);
    app.update(Action::CourseNext);
    app.update(Action::CourseNext);
    app.update(Action::StatusNext);
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.filter.course_id.as_deref(), Some("mot-cua"));
    assert_eq!(s.total, 9, "completed the one-stop course");
    // Through in progress, not started and overdue back to every status.
    keys(
        &mut app,
        &[KeyCode::Char('t'), KeyCode::Char('t'), KeyCode::Char('t')],
    );
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert_eq!(
        s.filter.status,
        Some(danvan::domain::records::CourseStatusFilter::Overdue)
    );
    assert!(
        !s.filter.overdue.is_empty(),
        "the rules come with the filter"
    );
    // One unit: by code, then every unit again.
    keys(&mut app, &[KeyCode::Char('t'), KeyCode::Char('f')]);
    type_text(&mut app, "ubnd-hb");
    keys(&mut app, &[KeyCode::Enter]);
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.total, 60, "the commune's officials");
    keys(&mut app, &[KeyCode::Char('f'), KeyCode::Enter]);
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.total, 61);
    // Completion dates: the one-stop completions were on 1/10/2026.
    keys(&mut app, &[KeyCode::Char('d')]);
    type_text(&mut app, "01/09/2026 30/10/2026");
    keys(&mut app, &[KeyCode::Enter]);
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.total, 9);
    assert!(screen_text(&app, 80, 24).contains("01/09/2026–30/10/2026"));
    // A bad date is refused, naming it, and the filter stays.
    keys(&mut app, &[KeyCode::Char('a')]);
    type_text(&mut app, "31/02/2026");
    keys(&mut app, &[KeyCode::Enter]);
    assert!(app
        .session
        .status
        .as_ref()
        .is_some_and(|(m, err)| *err && m.contains("31/02/2026")));
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.total, 9);
}

#[test]
fn records_snapshots_table_rates_and_person() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_records(dir.path(), lang);
        insta::assert_snapshot!(
            format!("records_table_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        app.update(Action::Rates);
        insta::assert_snapshot!(
            format!("records_rates_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        app.update(Action::Back);
        // The official with the finished quiz.
        open_person(&mut app, "CB001");
        insta::assert_snapshot!(
            format!("records_person_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        // Granting an attempt (no passphrase set here).
        app.update(Action::Grant);
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        let danvan::tui::screens::records::RecordsView::Person(d) = &s.view else {
            panic!()
        };
        assert_eq!(
            app.session
                .store
                .extra_attempts(&d.record.person_id, "q-mot-cua")
                .unwrap(),
            1
        );
        // No course completed: no certificate, and it says so.
        app.update(Action::Certificate);
        assert!(
            app.session.status.as_ref().is_some_and(|(_, err)| !*err),
            "{:?}",
            app.session.status
        );
        assert!(!dir.path().join("reports").exists());
        // Status words, question texts and quiz titles, never ids or keys.
        let text = screen_text(&app, 80, 24);
        let raw: &[&str] = if lang == Lang::Vi {
            &["submitted", "q-mot-cua/", "timed-out"]
        } else {
            &["q-mot-cua/", "timed-out"]
        };
        for raw in raw {
            assert!(!text.contains(raw), "{raw} on {text}");
        }
        if lang == Lang::Vi {
            assert!(text.contains("đã nộp"), "{text}");
        }
        // Someone with no attempt: `a` says why nothing is granted.
        app.update(Action::Back);
        if let Screen::Records(s) = &mut app.screen {
            s.selected = s
                .rows
                .iter()
                .position(|r| r.attempts == 0)
                .expect("someone without attempts on the page");
        }
        app.update(Action::Enter);
        app.update(Action::Grant);
        let said = app.session.status.clone().expect("a message");
        assert!(
            said.0.contains(if lang == Lang::Vi {
                "chưa làm bài kiểm tra nào"
            } else {
                "has taken no quiz yet"
            }),
            "{said:?}"
        );
    }
}

#[test]
fn an_official_prints_the_certificate_of_a_completed_course() {
    keys_in_a_temporary_folder();
    let dir = tempfile::tempdir().unwrap();
    let mut store = common::store_with_person(dir.path());
    let pack = common::pack();
    let pid = store.people().unwrap()[0].id.clone();
    let mut app_first = App::new(store, pack.clone(), Lang::Vi, (80, 24));
    // Not completed yet: said so, nothing written.
    app_first.update(Action::Enter);
    keys(&mut app_first, &[KeyCode::Char('c')]);
    assert!(
        app_first
            .session
            .status
            .as_ref()
            .is_some_and(|(_, err)| *err),
        "{:?}",
        app_first.session.status
    );
    assert!(
        !dir.path().join("reports").exists()
            || std::fs::read_dir(dir.path().join("reports"))
                .unwrap()
                .next()
                .is_none()
    );
    drop(app_first);
    store = Store::open(&dir.path().join("danvan.db")).unwrap();
    let course = pack.course("chi-thi-dan-van").unwrap();
    for l in &course.lessons {
        store
            .mark_lesson_complete(&pid, &course.id, &course.version, &l.id)
            .unwrap();
    }
    store
        .record_completion(
            &pid,
            &course.id,
            &course.version,
            "2026-11-20T03:00:00Z",
            92.5,
        )
        .unwrap();
    let mut app = App::new(store, pack, Lang::Vi, (80, 24));
    // The kit reopens on the lesson list it was left on.
    assert!(matches!(app.screen, Screen::Lessons(_)));
    keys(&mut app, &[KeyCode::Char('c')]);
    assert!(
        app.session
            .status
            .as_ref()
            .is_some_and(|(m, err)| !*err && m.contains("giay-chung-nhan-chi-thi-dan-van.html")),
        "{:?}",
        app.session.status
    );
    let html = std::fs::read_to_string(
        dir.path()
            .join("reports/giay-chung-nhan-chi-thi-dan-van.html"),
    )
    .unwrap();
    assert!(html.contains("Nguyễn Thị Hoa") && html.contains("20/11/2026"));
    // Issued through the service: signed, stored, with its QR code.
    assert!(html.contains("data-qr-text=\"DV2:"), "a QR code");
    let store = Store::open(&dir.path().join("danvan.db")).unwrap();
    let code: String = store
        .conn()
        .query_row(
            "SELECT code FROM certificates WHERE person_id = ?1",
            [&pid],
            |r| r.get(0),
        )
        .unwrap();
    assert!(html.contains(&code), "{code}");
}

#[test]
fn records_export_in_the_background_import_and_delete_behind_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    // The bundle is signed with this database's key, made in this folder (never the user's).
    std::env::set_var(
        danvan::service::bundles::KEY_DIR_ENV,
        dir.path().join("keys"),
    );
    let mut app = app_with_records(dir.path(), Lang::Vi);
    keys(&mut app, &[KeyCode::Char('x')]);
    // The export runs in its own thread; ticks report when it is done.
    wait_for_export(&mut app);
    assert!(
        app.session
            .status
            .as_ref()
            .is_some_and(|(m, err)| !*err && m.contains("ho-so-hoc-tap.csv")),
        "{:?}",
        app.session.status
    );
    let csv = std::fs::read_to_string(dir.path().join("reports/ho-so-hoc-tap.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(
        csv.lines().count(),
        1 + 61 * 3,
        "a row per person and course"
    );

    // The other formats, each in its own new file.
    for (key, file) in [
        ('X', "ho-so-hoc-tap.xlsx"),
        ('J', "goi-ho-so.json"),
        ('A', "xapi.json"),
    ] {
        keys(&mut app, &[KeyCode::Char(key)]);
        wait_for_export(&mut app);
        assert!(
            app.session
                .status
                .as_ref()
                .is_some_and(|(m, err)| !*err && m.contains(file)),
            "{:?}",
            app.session.status
        );
    }
    // The signed format-2 bundle, as `danvan export --format json` writes it: it verifies.
    let bundle = std::fs::read(dir.path().join("reports/goi-ho-so.json")).unwrap();
    let (b, verified) = danvan::io::bundle::read_signed(&bundle[..]).unwrap();
    assert_eq!(b.people.len(), 61);
    assert_eq!(
        verified.records as usize,
        b.units.len()
            + 61
            + b.lesson_progress.len()
            + b.course_completions.len()
            + b.attempts.len()
            + b.assessments.len()
    );
    let xapi: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("reports/xapi.json")).unwrap(),
    )
    .unwrap();
    assert!(xapi.as_array().is_some_and(|a| !a.is_empty()));

    // Importing needs the passphrase once one is set.
    app.session
        .store
        .set_trainer_passphrase("mật khẩu dài")
        .unwrap();
    keys(&mut app, &[KeyCode::Char('i')]);
    type_text(&mut app, "sai");
    keys(&mut app, &[KeyCode::Enter]);
    assert!(app.session.status.as_ref().is_some_and(|(_, err)| *err));
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert!(matches!(
        s.prompt,
        Some(danvan::tui::screens::records::Prompt::Guard(..))
    ));
    type_text(&mut app, "mật khẩu dài");
    keys(&mut app, &[KeyCode::Enter]);
    let roster =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/people.csv");
    type_text(&mut app, roster.to_str().unwrap());
    keys(&mut app, &[KeyCode::Enter]);
    wait_for_jobs(&mut app);
    assert!(
        app.session
            .status
            .as_ref()
            .is_some_and(|(m, err)| !*err && m.contains("thêm")),
        "{:?}",
        app.session.status
    );
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert!(s.total > 61);
    let total = s.total;
    // The fixture has rows the import refuses: they are listed, and Esc goes back to the table.
    assert!(matches!(
        s.view,
        danvan::tui::screens::records::RecordsView::Refused(_)
    ));
    keys(&mut app, &[KeyCode::Esc]);

    // Deleting a person: passphrase, then a confirmation.
    app.update(Action::Enter);
    keys(&mut app, &[KeyCode::Char('d')]);
    type_text(&mut app, "mật khẩu dài");
    keys(&mut app, &[KeyCode::Enter]);
    keys(&mut app, &[KeyCode::Char('y')]);
    let Screen::Records(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.total, total - 1);
    let log: Vec<String> = app
        .session
        .store
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        log.contains(&"import".to_string()) && log.contains(&"delete-person".to_string()),
        "{log:?}"
    );
}

/// A store read that fails (here: the records summary is gone from under the screen) shows as
/// an error on the status line with its cause, not as an empty table.
#[test]
fn a_failed_store_read_shows_as_a_message_not_an_empty_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_records(dir.path(), Lang::En);
    app.session
        .store
        .conn()
        .execute_batch("DROP TABLE person_summary;")
        .unwrap();
    app.update(Action::Top);
    let (text, is_error) = app.session.status.clone().expect("a status line");
    assert!(is_error, "{text}");
    assert!(text.contains("person_summary"), "{text}");
    assert!(screen_text(&app, 80, 24).contains(&text[..text.len().min(30)]));
}

/// The records screen's push (key P): behind the passphrase, a form with the last address;
/// the push runs as a background job and its end is said on the status line.
#[test]
fn records_push_form_behind_the_passphrase() {
    use danvan::tui::screens::records::{Prompt, LRS_URL, LRS_USER};
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_records(dir.path(), lang);
        app.session
            .store
            .set_trainer_passphrase("mật khẩu dài")
            .unwrap();
        app.session
            .store
            .set_setting(LRS_URL, "http://lrs.example.vn/xAPI")
            .unwrap();
        keys(&mut app, &[KeyCode::Char('P')]);
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        assert!(matches!(s.prompt, Some(Prompt::Guard(..))));
        type_text(&mut app, "mật khẩu dài");
        keys(&mut app, &[KeyCode::Enter]);
        // The address is remembered; the cursor waits on the user. Letters only type here.
        type_text(&mut app, "ci");
        keys(&mut app, &[KeyCode::Tab]);
        type_text(&mut app, "bí mật q");
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        let Some(Prompt::Push(form)) = &s.prompt else {
            panic!("the push form is open")
        };
        assert_eq!(
            (form.url.value(), form.user.value(), form.password.value()),
            ("http://lrs.example.vn/xAPI", "ci", "bí mật q")
        );
        insta::assert_snapshot!(
            format!("records_push_form_{}", lang_name(lang)),
            render(&app, 80, 24)
        );

        // Basic auth over plain http:// to another machine: the job ends at once, saying why.
        keys(&mut app, &[KeyCode::Enter]);
        let started = std::time::Instant::now();
        loop {
            app.update(Action::Tick);
            let Screen::Records(s) = &app.screen else {
                panic!("left the records screen")
            };
            if s.push.is_none() {
                break;
            }
            assert!(started.elapsed() < std::time::Duration::from_secs(60));
            std::thread::yield_now();
        }
        let (status, err) = app.session.status.clone().expect("a status line");
        assert!(err, "{status}");
        let says = match lang {
            Lang::Vi => "http:// tới lrs.example.vn",
            Lang::En => "http:// to lrs.example.vn",
        };
        assert!(status.contains(says), "{status}");
        assert_eq!(
            app.session.store.setting(LRS_USER).unwrap().as_deref(),
            Some("ci")
        );
        // Esc closes the form without pushing.
        keys(&mut app, &[KeyCode::Char('P')]);
        type_text(&mut app, "mật khẩu dài");
        keys(&mut app, &[KeyCode::Enter, KeyCode::Esc]);
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        assert!(s.prompt.is_none() && s.push.is_none());
    }
}

#[test]
fn records_question_statistics_are_computed_in_the_background_and_flagged_in_words() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_with_records(dir.path(), lang);
        add_quiz_attempts(&mut app);
        // Q from the records table (its keymap row), then the rows arrive on a tick.
        keys(&mut app, &[KeyCode::Char('Q')]);
        wait_for_stats(&mut app);
        insta::assert_snapshot!(
            format!("records_stats_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        let text = screen_text(&app, 80, 24);
        // Readable without colour: the marker and the words.
        let (hard, easy) = match lang {
            Lang::Vi => ("quá khó", "quá dễ"),
            Lang::En => ("too hard", "too easy"),
        };
        assert!(
            text.contains("!q0") && (text.contains(hard) || text.contains(easy)),
            "{text}"
        );
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        let danvan::tui::screens::records::RecordsView::Stats(v) = &s.view else {
            panic!()
        };
        let shown = v.shown().len();
        assert!(shown > 1, "{text}");
        assert!(v.rows.iter().all(|r| r.attempts >= 1 && r.attempts <= 4));
        // The cursor pages inside the quiz's rows and stops at its end.
        for _ in 0..shown + 5 {
            app.update(Action::Down);
        }
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        let danvan::tui::screens::records::RecordsView::Stats(v) = &s.view else {
            panic!()
        };
        assert_eq!(v.cursor.selected(), shown - 1);
        render(&app, 80, 24);
        // Esc: back to the table.
        keys(&mut app, &[KeyCode::Esc]);
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        assert!(matches!(
            s.view,
            danvan::tui::screens::records::RecordsView::Table
        ));
    }
}

#[test]
fn a_resize_keeps_the_records_filter_sort_page_and_selection() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_records(dir.path(), Lang::Vi);
    // Sort by unit, a course chosen, a page down, a row chosen.
    app.update(Action::SortNext);
    app.update(Action::CourseNext);
    let (filter, sort, total) = {
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        (s.filter.clone(), s.sort, s.total)
    };
    assert!(total > 0 && filter.course_id.is_some());
    app.update(Action::PageDown);
    app.update(Action::Down);
    app.update(Action::Down);
    let (first, chosen, offset) = {
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        (
            s.rows[0].person_id.clone(),
            s.rows[s.selected].person_id.clone(),
            s.offset,
        )
    };
    assert!(offset > 0, "on a later page");
    for size in [(100, 30), (80, 24)] {
        app.update(Action::Resize(size.0, size.1));
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        assert_eq!(
            (&s.filter, s.sort, s.total, s.offset),
            (&filter, sort, total, offset)
        );
        assert_eq!(s.rows[0].person_id, first);
        assert_eq!(s.rows[s.selected].person_id, chosen);
        let fits = danvan::tui::screens::records::visible_rows(size);
        assert!(s.rows.len() <= fits && s.fetched <= fits);
    }
}

#[test]
fn a_name_longer_than_the_frame_ends_its_title_in_an_ellipsis_before_the_corner() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_records(dir.path(), Lang::Vi);
    let long = "Nguyễn Thị Phương Thảo Hoàng Minh Đức Trần Lê Ngọc Bích Vân Khánh Linh Hải Giang";
    app.session
        .store
        .conn()
        .execute(
            "UPDATE people SET full_name = ?1 WHERE staff_code = 'HB000'",
            [long],
        )
        .unwrap();
    // The table read again (the name changed under it), paged on to HB000's row, opened.
    app.screen = Screen::Records(Box::new(danvan::tui::screens::records::RecordsState::open(
        &app.session,
    )));
    open_person(&mut app, "HB000");
    for width in [80u16, 60] {
        let text = screen_text(&app, width, 24);
        let top = text
            .lines()
            .find(|l| l.contains("Nguyễn Thị Phương"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(top.contains('…'), "{top}");
        // The frame's corner is still drawn: the title stopped before it.
        assert!(top.trim_end().ends_with('┐'), "{top}");
        assert!(!top.contains("Giang"), "{top}");
    }
}

/// Page the records table on until the official with `staff_code` is on screen, and open them.
fn open_person(app: &mut App, staff_code: &str) {
    let mut row = None;
    for _ in 0..10 {
        let Screen::Records(s) = &app.screen else {
            panic!()
        };
        row = s
            .rows
            .iter()
            .position(|r| r.staff_code.as_deref() == Some(staff_code));
        if row.is_some() {
            break;
        }
        app.update(Action::PageDown);
    }
    let row = row.unwrap_or_else(|| panic!("{staff_code} is in the table"));
    if let Screen::Records(s) = &mut app.screen {
        s.selected = row;
    }
    app.update(Action::Enter);
}

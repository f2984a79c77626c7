//! The TUI without a terminal: actions drive `update`, screens render to a TestBackend and are
//! snapshotted with their styles, in Vietnamese and English.

#[path = "tui/assess_final.rs"]
mod assess_final;
mod common;
#[path = "tui/keys_walk.rs"]
mod keys_walk;
#[path = "tui/reader_reads.rs"]
mod reader_reads;
#[path = "tui/records_jobs.rs"]
mod records_jobs;
#[path = "tui/records_more.rs"]
mod records_more;

use common::{app, render, screen_text};
use danvan::domain::i18n::Lang;
use danvan::store::Store;
use danvan::tui::action::Action;
use danvan::tui::app::{App, Screen};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

fn lang_name(lang: Lang) -> &'static str {
    lang.code()
}

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

/// A quiz attempt started with a fixed seed, so the TUI resumes a known paper.
fn app_in_quiz(dir: &std::path::Path, lang: Lang) -> App {
    app_in_quiz_with(dir, lang, common::pack())
}

/// `app_in_quiz` over a given pack.
fn app_in_quiz_with(dir: &std::path::Path, lang: Lang, pack: danvan::domain::content::Pack) -> App {
    app_in_quiz_of(dir, lang, pack, "q-mot-cua")
}

/// An attempt at quiz `quiz_id` of `pack`, resumed in the TUI.
fn app_in_quiz_of(
    dir: &std::path::Path,
    lang: Lang,
    pack: danvan::domain::content::Pack,
    quiz_id: &str,
) -> App {
    let mut store = common::store_with_person(dir);
    let pid = store.people().unwrap()[0].id.clone();
    let quiz = pack.quiz(quiz_id).unwrap().clone();
    danvan::service::learning::start(&mut store, &pack, &pid, &quiz, 2026).unwrap();
    let mut app = App::new(store, pack, lang, (80, 24));
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Enter); // the quiz list
    assert!(matches!(app.screen, Screen::Quizzes(_)));
    let Screen::Quizzes(s) = &app.screen else {
        unreachable!()
    };
    let row = s
        .rows
        .iter()
        .position(|r| app.session.pack.quizzes[r.quiz].id == quiz_id)
        .unwrap();
    for _ in 0..row {
        app.update(Action::Down);
    }
    app.update(Action::Enter); // resumes the attempt
    assert!(matches!(app.screen, Screen::QuizRun(_)));
    if let Screen::QuizRun(r) = &mut app.screen {
        r.shown_at = None; // no clock in snapshots
    }
    app
}

/// Answer the current question wrongly (or with the first option when every answer is right).
fn answer_wrong(app: &mut App) {
    let Screen::QuizRun(r) = &app.screen else {
        panic!()
    };
    let item = r.attempt.paper.items[r.position].clone();
    let q = danvan::domain::quiz::engine::question(&app.session.pack, &item)
        .unwrap()
        .clone();
    match q.kind {
        danvan::domain::content::QuestionKind::Text => {
            for c in "không biết".chars() {
                app.update(Action::Input(c));
            }
        }
        danvan::domain::content::QuestionKind::TrueFalse => {
            app.update(Action::Pick(if q.answer == Some(true) { 1 } else { 0 }));
        }
        _ => {
            let wrong = item
                .order
                .iter()
                .position(|i| !q.options[*i].correct)
                .unwrap_or(0);
            app.update(Action::Pick(wrong as u8));
        }
    }
    app.update(Action::Enter);
    if let Screen::QuizRun(r) = &mut app.screen {
        r.shown_at = None;
    }
}

/// Answer the current question rightly where that is one key (single choice, true/false, a
/// typed answer); otherwise wrongly. Returns whether it was answered right.
fn answer_right_if_simple(app: &mut App) -> bool {
    let Screen::QuizRun(r) = &app.screen else {
        panic!()
    };
    let item = r.attempt.paper.items[r.position].clone();
    let q = danvan::domain::quiz::engine::question(&app.session.pack, &item)
        .unwrap()
        .clone();
    use danvan::domain::content::QuestionKind;
    match q.kind {
        QuestionKind::Text if !q.accept.is_empty() => {
            for c in q.accept[0].chars() {
                app.update(Action::Input(c));
            }
        }
        QuestionKind::TrueFalse => {
            app.update(Action::Pick(if q.answer == Some(true) { 0 } else { 1 }));
        }
        QuestionKind::Single => {
            let right = item
                .order
                .iter()
                .position(|i| q.options[*i].correct)
                .unwrap();
            app.update(Action::Pick(right as u8));
        }
        _ => {
            answer_wrong(app);
            return false;
        }
    }
    app.update(Action::Enter);
    if let Screen::QuizRun(r) = &mut app.screen {
        r.shown_at = None;
    }
    true
}

#[test]
fn quiz_question_feedback_and_result_snapshots() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in_quiz(dir.path(), lang);
        insta::assert_snapshot!(
            format!("quiz_question_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        answer_wrong(&mut app);
        let Screen::QuizRun(r) = &app.screen else {
            panic!()
        };
        assert!(
            matches!(r.phase, danvan::tui::screens::quiz::run::Phase::Feedback(g, _) if !g.correct)
        );
        insta::assert_snapshot!(
            format!("quiz_feedback_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        // Every answer is saved the moment it is given.
        assert_eq!(app.session.store.answers(&r.attempt.id).unwrap().len(), 1);
        loop {
            app.update(Action::Enter); // next question
            match &app.screen {
                Screen::QuizRun(_) => answer_wrong(&mut app),
                Screen::QuizResult(_) => break,
                _ => panic!("unexpected screen"),
            }
        }
        let text = screen_text(&app, 80, 24);
        assert!(
            text.contains(if lang == Lang::Vi {
                "CHƯA ĐẠT"
            } else {
                "NOT PASSED"
            }),
            "{text}"
        );
        insta::assert_snapshot!(
            format!("quiz_result_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        // Back on the list: one attempt, its score in the chart, missed questions due for practice.
        app.update(Action::Back);
        let Screen::Quizzes(s) = &app.screen else {
            panic!()
        };
        let row = s
            .rows
            .iter()
            .find(|r| app.session.pack.quizzes[r.quiz].id == "q-mot-cua")
            .unwrap();
        assert_eq!(row.used, 1);
        assert_eq!(row.history.len(), 1);
        assert!(row.due_practice > 0);

        // Practice: one answer, then Esc says which key takes it up again.
        app.update(Action::Practice);
        assert!(matches!(app.screen, Screen::QuizRun(_)));
        let mut right = usize::from(answer_right_if_simple(&mut app));
        app.update(Action::Enter);
        app.update(Action::Back);
        let said = screen_text(&app, 80, 24);
        assert!(
            said.contains(if lang == Lang::Vi {
                "nhấn r trên bài này để luyện tiếp"
            } else {
                "press r on this quiz to practise on"
            }),
            "{said}"
        );
        app.update(Action::Practice);
        loop {
            match &app.screen {
                Screen::QuizRun(_) => {
                    right += usize::from(answer_right_if_simple(&mut app));
                    app.update(Action::Enter);
                }
                Screen::QuizResult(_) => break,
                _ => panic!("unexpected screen"),
            }
        }
        let Screen::QuizResult(res) = &app.screen else {
            unreachable!()
        };
        assert!(res.attempt.practice);
        // Tall enough to show every question: no pass mark, no pass or fail, the boxes moved.
        let text = screen_text(&app, 80, 200);
        for absent in ["CHƯA ĐẠT", "NOT PASSED", "điểm đạt", "pass mark"] {
            assert!(!text.contains(absent), "{absent} in {text}");
        }
        assert!(right > 0, "some question was answered right");
        if res
            .moves
            .iter()
            .any(|(_, b, a)| *b == Some(0) && a.level == 1)
        {
            assert!(
                text.contains(if lang == Lang::Vi {
                    "Hộp luyện tập: 0 → 1"
                } else {
                    "Practice box: 0 → 1"
                }),
                "{text}"
            );
        }

        // A practice round on a known paper (the exam's), answered through the screen, for a
        // snapshot that does not change from run to run.
        let store = &mut app.session.store;
        let pid = app.session.person.as_ref().unwrap().id.clone();
        let exam = store
            .attempts(&pid, "q-mot-cua")
            .unwrap()
            .into_iter()
            .find(|a| !a.practice)
            .unwrap();
        let quiz = app.session.pack.quiz("q-mot-cua").unwrap().clone();
        let quiz_index = app
            .session
            .pack
            .quizzes
            .iter()
            .position(|q| q.id == "q-mot-cua")
            .unwrap();
        // Every card back in box 0, whatever the random rounds above did.
        store
            .conn()
            .execute(
                "UPDATE practice_cards SET level = 0, last_right_on = NULL, retired = 0",
                [],
            )
            .unwrap();
        let attempt = store
            .start_attempt(&danvan::store::attempts::NewAttempt {
                person_id: &pid,
                quiz_id: &quiz.id,
                quiz_version: &quiz.version,
                content_hash: &exam.content_hash,
                paper: &exam.paper,
                practice: true,
                course_id: quiz.course.as_deref(),
            })
            .unwrap();
        let mut run = danvan::tui::screens::quiz::run::RunState::new(quiz_index, attempt, vec![]);
        run.shown_at = None;
        app.screen = Screen::QuizRun(Box::new(run));
        while matches!(app.screen, Screen::QuizRun(_)) {
            answer_right_if_simple(&mut app);
            app.update(Action::Enter);
        }
        assert!(matches!(app.screen, Screen::QuizResult(_)));
        insta::assert_snapshot!(
            format!("quiz_practice_result_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
    }
}

#[test]
fn the_chosen_options_feedback_is_shown_after_answering() {
    use danvan::domain::content::Text;
    let mut pack = common::pack();
    let quiz = pack
        .quizzes
        .iter_mut()
        .find(|q| q.id == "q-mot-cua")
        .unwrap();
    for q in &mut quiz.questions {
        for o in &mut q.options {
            o.feedback = Some(Text::new(
                &format!("Nhận xét cho phương án {}.", o.id),
                Some(&format!("Feedback on option {}.", o.id)),
            ));
        }
    }
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in_quiz_with(dir.path(), lang, pack.clone());
        // To the first choice question of the paper.
        let (item, q) = loop {
            let Screen::QuizRun(r) = &app.screen else {
                panic!("no choice question on the paper")
            };
            let item = r.attempt.paper.items[r.position].clone();
            let q = danvan::domain::quiz::engine::question(&app.session.pack, &item)
                .unwrap()
                .clone();
            if !q.options.is_empty() {
                break (item, q);
            }
            answer_wrong(&mut app);
            app.update(Action::Enter);
        };
        let wrong = item
            .order
            .iter()
            .position(|i| !q.options[*i].correct)
            .unwrap();
        answer_wrong(&mut app);
        let text = screen_text(&app, 80, 30);
        let (heading, fb) = match lang {
            Lang::Vi => ("Nhận xét về phương án bạn chọn:", "Nhận xét cho phương án"),
            Lang::En => ("On the option you chose:", "Feedback on option"),
        };
        let chosen = &q.options[item.order[wrong]].id;
        let label = (b'a' + wrong as u8) as char;
        assert!(text.contains(heading), "{text}");
        assert!(text.contains(&format!("{label}) {fb} {chosen}.")), "{text}");
        assert_eq!(
            text.matches(fb).count(),
            1,
            "only the chosen option's: {text}"
        );
        insta::assert_snapshot!(
            format!("quiz_option_feedback_{}", lang_name(lang)),
            render(&app, 80, 30)
        );
    }
}

/// The built-in pack with the fixture quiz of a matching and an ordering question, in a course.
fn arranged_pack() -> danvan::domain::content::Pack {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arranged-pack");
    let fixture =
        danvan::domain::content::load(&danvan::domain::content::folder_files(&dir).unwrap())
            .pack
            .expect("the arranged pack loads");
    let mut quiz = fixture.quiz("q-ghep").unwrap().clone();
    quiz.course = Some("mot-cua".into());
    let mut pack = common::pack();
    pack.quizzes.push(quiz);
    pack
}

fn current(
    app: &App,
) -> (
    danvan::domain::quiz::PaperItem,
    danvan::domain::content::Question,
) {
    let Screen::QuizRun(r) = &app.screen else {
        panic!("not in a quiz")
    };
    let item = r.attempt.paper.items[r.position].clone();
    let q = danvan::domain::quiz::engine::question(&app.session.pack, &item)
        .unwrap()
        .clone();
    (item, q)
}

fn run_state(app: &App) -> &danvan::tui::screens::quiz::run::RunState {
    let Screen::QuizRun(r) = &app.screen else {
        panic!("not in a quiz")
    };
    r
}

fn feedback_grade(app: &App) -> danvan::domain::quiz::Grade {
    match &run_state(app).phase {
        danvan::tui::screens::quiz::run::Phase::Feedback(g, _) => *g,
        other => panic!("no feedback: {other:?}"),
    }
}

#[test]
fn matching_and_ordering_are_answered_with_keys_and_snapshotted() {
    use danvan::domain::content::QuestionKind;
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in_quiz_of(dir.path(), lang, arranged_pack(), "q-ghep");
        let (item, q) = current(&app);
        assert_eq!(q.kind, QuestionKind::Matching);
        insta::assert_snapshot!(
            format!("quiz_matching_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        // Enter with pairs unmatched answers nothing and says why.
        app.update(Action::Enter);
        assert!(matches!(
            run_state(&app).phase,
            danvan::tui::screens::quiz::run::Phase::Asking
        ));
        let text = screen_text(&app, 80, 24);
        assert!(
            text.contains(match lang {
                Lang::Vi => "Hãy ghép mọi mục bên trái",
                Lang::En => "Match every item on the left first",
            }),
            "{text}"
        );
        // The number shown for each left item's own right side.
        let number = |left: usize| item.order.iter().position(|&o| o == left).unwrap() as u8;
        // a gets a wrong number, then Backspace clears it; c by letter; then a and b.
        app.update(Action::Match(number(1)));
        assert_eq!(run_state(&app).matches[0], Some(number(1) as usize));
        assert_eq!(run_state(&app).cursor, 1, "on to the next unmatched");
        app.update(Action::Up);
        app.update(Action::Backspace);
        assert_eq!(run_state(&app).matches[0], None);
        app.update(Action::Pick(2));
        app.update(Action::Match(number(2)));
        assert_eq!(run_state(&app).cursor, 0, "back to the first unmatched");
        app.update(Action::Match(number(0)));
        insta::assert_snapshot!(
            format!("quiz_matching_partly_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        app.update(Action::Match(number(1)));
        app.update(Action::Enter);
        let g = feedback_grade(&app);
        assert!(g.correct && g.earned == 300, "{g:?}");

        // The ordering question: Enter before any move answers nothing.
        app.update(Action::Enter);
        let (item, q) = current(&app);
        assert_eq!(q.kind, QuestionKind::Ordering);
        insta::assert_snapshot!(
            format!("quiz_ordering_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        app.update(Action::Enter);
        assert!(matches!(
            run_state(&app).phase,
            danvan::tui::screens::quiz::run::Phase::Asking
        ));
        // Carry each item to its place, first to last.
        for place in 0..q.items.len() {
            let at = run_state(&app)
                .arranged(&item)
                .iter()
                .position(|&i| i == place)
                .unwrap();
            while run_state(&app).cursor > at {
                app.update(Action::Up);
            }
            while run_state(&app).cursor < at {
                app.update(Action::Down);
            }
            app.update(Action::Toggle);
            for _ in place..at {
                app.update(Action::Up);
            }
            if place == 0 {
                assert!(run_state(&app).carrying);
                insta::assert_snapshot!(
                    format!("quiz_ordering_carrying_{}", lang_name(lang)),
                    render(&app, 80, 24)
                );
            }
            app.update(Action::Toggle);
            assert_eq!(run_state(&app).arranged(&item)[place], place);
        }
        app.update(Action::Enter);
        let g = feedback_grade(&app);
        assert!(g.correct && g.earned == 200, "{g:?}");
        insta::assert_snapshot!(
            format!("quiz_ordering_feedback_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
    }
}

#[test]
fn enter_with_nothing_chosen_answers_nothing_and_a_second_enter_cannot_answer_the_next() {
    use danvan::tui::screens::quiz::run::Phase;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in_quiz(dir.path(), Lang::Vi);
    let answered = |app: &App| match &app.screen {
        Screen::QuizRun(r) => (r.answers.len(), r.position, r.phase == Phase::Asking),
        _ => panic!("left the quiz"),
    };
    let kind = |app: &App| match &app.screen {
        Screen::QuizRun(r) => r.kind(&app.session.pack),
        _ => None,
    };
    let choice = |k| {
        matches!(
            k,
            Some(
                danvan::domain::content::QuestionKind::Single
                    | danvan::domain::content::QuestionKind::TrueFalse
                    | danvan::domain::content::QuestionKind::Multiple
            )
        )
    };
    // Move on to the first question with options.
    for _ in 0..20 {
        if choice(kind(&app)) {
            break;
        }
        answer_wrong(&mut app);
        app.update(Action::Enter);
    }
    assert!(choice(kind(&app)), "a question with options");
    let before = answered(&app);
    app.update(Action::Enter);
    assert_eq!(
        answered(&app),
        before,
        "Enter with nothing chosen answers nothing"
    );
    assert!(app
        .session
        .status
        .as_ref()
        .is_some_and(|(m, _)| m.contains("chọn")));
    // Answer it, read the feedback, Enter moves on; a second Enter answers nothing.
    answer_wrong(&mut app);
    let after = answered(&app);
    assert_eq!(after.0, before.0 + 1);
    if let Screen::QuizRun(r) = &app.screen {
        assert!(matches!(r.phase, Phase::Feedback(..)));
    }
    app.update(Action::Enter); // leaves the feedback
    let next = answered(&app);
    if choice(kind(&app)) {
        app.update(Action::Enter); // the accidental second Enter
        assert_eq!(
            answered(&app),
            next,
            "the next question was answered by accident"
        );
    }
}

#[test]
fn the_result_review_stops_scrolling_at_the_end_and_home_end_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in_quiz(dir.path(), Lang::Vi);
    answer_wrong(&mut app);
    loop {
        app.update(Action::Enter);
        match &app.screen {
            Screen::QuizRun(_) => answer_wrong(&mut app),
            Screen::QuizResult(_) => break,
            _ => panic!("unexpected screen"),
        }
    }
    let scroll = |app: &App| match &app.screen {
        Screen::QuizResult(r) => r.scroll,
        _ => panic!("left the result"),
    };
    let top = screen_text(&app, 80, 24);
    for _ in 0..500 {
        keys(&mut app, &[KeyCode::Down]);
        let _ = screen_text(&app, 80, 24);
    }
    let at_end = scroll(&app);
    assert!(at_end > 0, "the review is longer than the screen");
    let end_text = screen_text(&app, 80, 24);
    // The last screenful still shows text at its bottom (no scrolling into empty space).
    let body: Vec<&str> = end_text.lines().collect();
    assert!(
        body[..body.len() - 3]
            .iter()
            .rev()
            .take(3)
            .any(|l| !l.trim_matches(|c| c == ' ' || c == '│').is_empty()),
        "{end_text}"
    );
    keys(&mut app, &[KeyCode::Home]);
    assert_eq!(scroll(&app), 0);
    assert_eq!(screen_text(&app, 80, 24), top);
    keys(&mut app, &[KeyCode::End]);
    assert_eq!(scroll(&app), at_end);
    keys(&mut app, &[KeyCode::Down]);
    assert_eq!(scroll(&app), at_end, "Down at the end stays");
}

#[test]
fn letters_pick_options_but_type_in_a_short_answer() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in_quiz(dir.path(), Lang::Vi);
    let key = KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE);
    let kind = match &app.screen {
        Screen::QuizRun(r) => r.kind(&app.session.pack).unwrap(),
        _ => panic!(),
    };
    let expected = if kind == danvan::domain::content::QuestionKind::Text {
        Action::Input('b')
    } else {
        Action::Pick(1)
    };
    assert_eq!(danvan::tui::input::translate(&app, key), expected);
}

#[test]
fn an_unfinished_quiz_is_offered_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = common::store_with_person(dir.path());
    let pack = common::pack();
    let pid = store.people().unwrap()[0].id.clone();
    let quiz = pack.quiz("q-mot-cua").unwrap().clone();
    danvan::service::learning::start(&mut store, &pack, &pid, &quiz, 1).unwrap();
    let app = App::new(store, pack, Lang::Vi, (80, 24));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("đang làm dở"), "{text}");
}

fn app_in_assessment(dir: &std::path::Path, lang: Lang) -> App {
    let mut app = app(dir, lang);
    for _ in 0..4 {
        app.update(Action::Down);
    }
    app.update(Action::Enter); // the unit's years
    assert!(
        matches!(app.screen, Screen::AssessYears(_)),
        "{}",
        screen_text(&app, 80, 24)
    );
    app.update(Action::NewProfile); // `n`: start this year
    assert!(
        matches!(app.screen, Screen::AssessWork(_)),
        "{}",
        screen_text(&app, 80, 24)
    );
    app
}

fn keys(app: &mut App, codes: &[KeyCode]) {
    for code in codes {
        let action = danvan::tui::input::translate(app, KeyEvent::new(*code, KeyModifiers::NONE));
        app.update(action);
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        keys(app, &[KeyCode::Char(c)]);
    }
}

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

/// The saved answer of `criterion` in the assessment open, read back from the store.
fn saved_answer(app: &App, criterion: &str) -> Option<danvan::domain::assessment::Answer> {
    let Screen::AssessWork(w) = &app.screen else {
        panic!("not on the assessment")
    };
    app.session
        .store
        .criterion_answers(&w.assessment.id)
        .unwrap()
        .into_iter()
        .find(|a| a.criterion_id == criterion)
        .map(|a| a.answer)
}

fn criterion_focus(app: &App) -> danvan::tui::screens::assess::Focus {
    let Screen::AssessWork(w) = &app.screen else {
        panic!("not on the assessment")
    };
    let danvan::tui::screens::assess::WorkView::Criterion(e) = &w.view else {
        panic!("no criterion open")
    };
    e.focus
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

/// A unit with a finalized 2025 assessment and a 2026 draft, timestamps fixed for snapshots.
fn app_with_two_years(dir: &std::path::Path, lang: Lang) -> App {
    use danvan::domain::assessment::record::Edit;
    use danvan::domain::assessment::Answer;
    let mut store = common::store_with_person(dir);
    let pack = common::pack();
    let person = store.people().unwrap()[0].clone();
    let unit = store
        .unit(person.unit_id.as_deref().unwrap())
        .unwrap()
        .unwrap();
    let c = danvan::service::assessment::checklist(&pack)
        .unwrap()
        .clone();
    let last = danvan::service::assessment::start(&mut store, &c, &unit, 2025, false).unwrap();
    let this = danvan::service::assessment::start(&mut store, &c, &unit, 2026, false).unwrap();
    for (i, (task, cr)) in c
        .criteria()
        .filter(|(_, cr)| cr.applies_to_kind("commune"))
        .enumerate()
    {
        let yes_no = |ok: bool| if ok { Answer::Yes } else { Answer::Partly };
        let answer_for = |good: bool| match cr.kind {
            danvan::domain::content::CriterionKind::YesNo => yes_no(good),
            _ => Answer::Value(if good {
                cr.target.unwrap_or(1)
            } else {
                cr.target.unwrap_or(2) / 2
            }),
        };
        // Last year: tasks 1–5 weaker. This year: everything answered but task 9, task 7 weaker.
        store
            .edit_criterion(
                &last.id,
                &cr.id,
                &Edit {
                    answer: Some(answer_for(task.number > 5)),
                    ..Default::default()
                },
                Some(&person.id),
            )
            .unwrap();
        if task.number != 9 {
            let edit = Edit {
                answer: Some(answer_for(task.number != 7)),
                evidence: Some(format!("Biên bản số {}/BB-UBND", i + 1)),
                note: None,
            };
            store
                .edit_criterion(&this.id, &cr.id, &edit, Some(&person.id))
                .unwrap();
        }
    }
    danvan::service::assessment::finalize(&mut store, &c, &unit, &last, Some(&person.id)).unwrap();
    store
        .conn()
        .execute(
            "UPDATE assessment_answers SET changed_at = '2026-11-20T03:00:00Z'",
            [],
        )
        .unwrap();
    let mut app = App::new(store, pack, lang, (80, 24));
    for _ in 0..4 {
        app.update(Action::Down);
    }
    app.update(Action::Enter); // years: 2026 first
    app.update(Action::Enter); // the 2026 assessment
    assert!(matches!(app.screen, Screen::AssessWork(_)));
    app
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

/// 60 officials in two units, some progress, one with a finished quiz; timestamps fixed.
fn app_with_records(dir: &std::path::Path, lang: Lang) -> App {
    use danvan::domain::people::{NewPerson, NewUnit, UnitKind};
    let mut store = common::store_with_person(dir);
    let pack = common::pack();
    let sub = store
        .add_unit(&NewUnit {
            code: "UBND-HB".into(),
            name: "UBND xã Hòa Bình".into(),
            kind: UnitKind::Commune,
            parent_id: None,
        })
        .unwrap();
    let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
    let given = [
        "An", "Bình", "Chi", "Dũng", "Giang", "Hải", "Khánh", "Linh", "Minh", "Ngọc",
    ];
    for i in 0..60 {
        let p = store
            .add_person(&NewPerson {
                // Unique names (the middle name follows i / 10, the given name i % 10), so the order is fixed.
                full_name: format!(
                    "{} {} {}",
                    families[i % 8],
                    ["Văn", "Thị", "Minh", "Thu", "Ngọc", "Đức"][i / 10],
                    given[i % 10]
                ),
                staff_code: Some(format!("HB{i:03}")),
                unit_id: Some(sub.id.clone()),
                position: "Công chức".into(),
                appointed_on: Some("2026-01-05".into()),
            })
            .unwrap();
        for (c, course) in pack.courses.iter().enumerate() {
            for l in course.lessons.iter().take((i + c) % 4) {
                store
                    .mark_lesson_complete(&p.id, &course.id, &course.version, &l.id)
                    .unwrap();
            }
        }
        if i % 7 == 0 {
            store
                .record_completion(&p.id, "mot-cua", "1.0.0", "2026-10-01T02:00:00Z", 86.67)
                .unwrap();
        }
    }
    let person = store
        .people()
        .unwrap()
        .into_iter()
        .find(|p| p.staff_code.as_deref() == Some("CB001"))
        .unwrap();
    let quiz = pack.quiz("q-mot-cua").unwrap().clone();
    let attempt =
        danvan::service::learning::start(&mut store, &pack, &person.id, &quiz, 77).unwrap();
    let today = time::macros::date!(2026 - 11 - 26);
    for (i, item) in attempt.paper.items.iter().enumerate().take(4) {
        let q = danvan::domain::quiz::engine::question(&pack, item).unwrap();
        let r = if i % 2 == 0 {
            danvan::domain::quiz::engine::right_response(q)
        } else {
            danvan::domain::quiz::Response::Text("?".into())
        };
        danvan::service::learning::answer(&mut store, &pack, &attempt, i, &r, 1000, today).unwrap();
    }
    danvan::service::learning::finish(
        &mut store,
        &pack,
        &attempt,
        danvan::domain::attempt::AttemptStatus::Submitted,
        4000,
        today,
    )
    .unwrap();
    store
        .conn()
        .execute_batch(
            "UPDATE attempts SET started_at = '2026-11-20T02:00:00Z', ended_at = '2026-11-20T02:10:00Z';
             UPDATE lesson_progress SET opened_at = '2026-11-01T01:00:00Z', completed_at = '2026-11-01T01:00:00Z'
               WHERE completed_at IS NOT NULL;",
        )
        .unwrap();
    let mut app = App::new(store, pack, lang, (80, 24));
    for _ in 0..5 {
        app.update(Action::Down);
    }
    app.update(Action::Enter);
    assert!(
        matches!(app.screen, Screen::Records(_)),
        "{}",
        screen_text(&app, 80, 24)
    );
    app
}

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
        // The official with the finished quiz: page on until her row is on screen.
        let mut row = None;
        for _ in 0..10 {
            let Screen::Records(s) = &app.screen else {
                panic!()
            };
            row = s
                .rows
                .iter()
                .position(|r| r.staff_code.as_deref() == Some("CB001"));
            if row.is_some() {
                break;
            }
            app.update(Action::PageDown);
        }
        let row = row.expect("CB001 is in the table");
        if let Screen::Records(s) = &mut app.screen {
            s.selected = row;
        }
        app.update(Action::Enter);
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

/// Certificates are signed with a key from the keys folder: this test binary's is a temporary
/// folder, never the user's.
fn keys_in_a_temporary_folder() {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    std::env::set_var(danvan::service::bundles::KEY_DIR_ENV, dir.path());
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

/// Tick until the records screen's background jobs (an import, a merge, an export) have
/// finished (a minute at most).
fn wait_for_jobs(app: &mut App) {
    let started = std::time::Instant::now();
    loop {
        app.update(Action::Tick);
        let Screen::Records(s) = &app.screen else {
            panic!("left the records screen")
        };
        if !s.busy() {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the job never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// Tick until the records screen's background export has finished (a minute at most).
fn wait_for_export(app: &mut App) {
    let started = std::time::Instant::now();
    loop {
        app.update(Action::Tick);
        let Screen::Records(s) = &app.screen else {
            panic!("left the records screen")
        };
        if s.job.is_none() {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "export never finished"
        );
        std::thread::yield_now();
    }
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

/// Three more officials finish `q-mot-cua` (answers right by a fixed pattern), so each question has
/// four official attempts on top of CB001's.
fn add_quiz_attempts(app: &mut App) {
    use danvan::domain::quiz::{engine, Response};
    let s = &mut app.session;
    let quiz = s.pack.quiz("q-mot-cua").unwrap().clone();
    let today = time::macros::date!(2026 - 11 - 26);
    let people = s.store.people().unwrap();
    for (k, code) in ["HB000", "HB001", "HB002"].iter().enumerate() {
        let p = people
            .iter()
            .find(|p| p.staff_code.as_deref() == Some(*code))
            .unwrap();
        let attempt =
            danvan::service::learning::start(&mut s.store, &s.pack, &p.id, &quiz, 100 + k as u64)
                .unwrap();
        for (i, item) in attempt.paper.items.iter().enumerate() {
            let q = engine::question(&s.pack, item).unwrap();
            let r = if (i + k) % 3 != 0 {
                engine::right_response(q)
            } else {
                Response::Text("?".into())
            };
            danvan::service::learning::answer(&mut s.store, &s.pack, &attempt, i, &r, 1000, today)
                .unwrap();
        }
        danvan::service::learning::finish(
            &mut s.store,
            &s.pack,
            &attempt,
            danvan::domain::attempt::AttemptStatus::Submitted,
            4000,
            today,
        )
        .unwrap();
    }
}

/// Tick until the question statistics have been computed (a minute at most).
fn wait_for_stats(app: &mut App) {
    let started = std::time::Instant::now();
    loop {
        app.update(Action::Tick);
        let Screen::Records(s) = &app.screen else {
            panic!("left the records screen")
        };
        let danvan::tui::screens::records::RecordsView::Stats(v) = &s.view else {
            panic!("left the statistics")
        };
        if v.job.is_none() {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the statistics never finished"
        );
        std::thread::yield_now();
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

/// Render at the sizes offices use; `render` checks the footer each time (`common::check_footer`).
fn footer_fits(app: &App, what: &str) {
    for (w, h) in [(80, 24), (100, 30), (60, 16)] {
        let buf = {
            let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
            t.draw(|f| danvan::tui::view::view(app, f)).unwrap();
            t.backend().buffer().clone()
        };
        let omitted = common::check_footer(app, &buf);
        // Where everything fits, nothing is said to be missing.
        if omitted.is_empty() {
            let text = screen_text(app, w, h);
            assert!(
                !text.contains(&app.session.t("footer-more")),
                "{what} at {w}×{h}: a cue with nothing left out"
            );
        }
    }
}

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

/// Put the quiz on the first question of the paper of `kind` (with `options` options if given).
fn go_to_question(
    app: &mut App,
    kind: danvan::domain::content::QuestionKind,
    options: Option<usize>,
) {
    let pack = app.session.pack.clone();
    let Screen::QuizRun(r) = &mut app.screen else {
        panic!("not in a quiz")
    };
    let position = (0..r.attempt.paper.items.len())
        .find(|&p| {
            let item = &r.attempt.paper.items[p];
            danvan::domain::quiz::engine::question(&pack, item).is_some_and(|q| {
                q.kind == kind
                    && options.is_none_or(|n| {
                        let shown = if kind == danvan::domain::content::QuestionKind::TrueFalse {
                            2
                        } else {
                            item.order.len()
                        };
                        shown == n
                    })
            })
        })
        .unwrap_or_else(|| panic!("the paper has no {kind:?} question with {options:?} options"));
    r.position = position;
    r.phase = danvan::tui::screens::quiz::run::Phase::Asking;
    r.cursor = 0;
    r.moved = false;
    r.chosen.clear();
}

#[test]
fn a_question_shows_the_keys_of_its_own_options() {
    use danvan::domain::content::QuestionKind;
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_in_quiz(dir.path(), lang);
        go_to_question(&mut app, QuestionKind::TrueFalse, Some(2));
        let text = screen_text(&app, 80, 24);
        let footer = text.lines().rev().take(2).collect::<Vec<_>>().join("\n");
        assert!(footer.contains(" a–b/1–2 "), "{footer}");
        assert!(
            !footer.contains("Space"),
            "one answer: nothing to tick: {footer}"
        );
        insta::assert_snapshot!(
            format!("quiz_two_options_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        // Keys beyond the options pick nothing.
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(danvan::tui::input::translate(&app, c), Action::None);
        // The help names the run of keys once.
        app.update(Action::Help);
        // The popup, without the footer below it.
        let above_footer = |app: &App| {
            screen_text(app, 80, 24)
                .lines()
                .take(21)
                .collect::<Vec<_>>()
                .join("\n")
        };
        let help = above_footer(&app);
        let pick = app.session.t("key-pick");
        assert_eq!(help.matches(pick.as_str()).count(), 1, "{help}");
        assert!(help.contains("a–b/1–2"), "{help}");
        app.update(Action::Help);

        go_to_question(&mut app, QuestionKind::Multiple, Some(5));
        let text = screen_text(&app, 80, 24);
        let footer = text.lines().rev().take(2).collect::<Vec<_>>().join("\n");
        assert!(footer.contains(" a–e/1–5 "), "{footer}");
        assert!(footer.contains(" Space "), "{footer}");
        insta::assert_snapshot!(
            format!("quiz_five_options_{}", lang_name(lang)),
            render(&app, 80, 24)
        );
        app.update(Action::Help);
        let help = above_footer(&app);
        assert_eq!(help.matches(pick.as_str()).count(), 1, "{help}");
        assert!(help.contains("a–e/1–5"), "{help}");
    }
}

/// The buffer of a screen drawn with `NO_COLOR`: asserts no colour is left, returns it.
fn no_colour_buffer(app: &mut App, what: &str) -> ratatui::buffer::Buffer {
    app.session.no_color = true;
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| danvan::tui::view::view(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert!(
                c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset,
                "{what}: colour at {x},{y}: {c:?}"
            );
        }
    }
    buf
}

fn reversed_cells(buf: &ratatui::buffer::Buffer) -> usize {
    buf.content
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED))
        .count()
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

/// With `?` open, every key of the screen's table is listed, whole, at 80×24.
fn help_lists_all(app: &mut App, what: &str) {
    app.update(Action::Help);
    assert!(app.help_open);
    let text = screen_text(app, 80, 24);
    for b in danvan::tui::view::bindings(app)
        .iter()
        .filter(|b| b.in_help)
    {
        let help = app.session.t(b.help);
        assert!(
            text.lines()
                .any(|l| l.contains(b.label) && l.contains(help.as_str())),
            "{what}: the help lacks {} {help}:\n{text}",
            b.label
        );
    }
    app.update(Action::Help);
    assert!(!app.help_open);
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

/// A demo database of `people` officials, opened with no one signed in: the learner chooser.
fn chooser(dir: &std::path::Path, lang: Lang, people: usize) -> App {
    let path = dir.join("demo.db");
    danvan::demo::create(
        &path,
        &common::pack(),
        &danvan::demo::DemoOptions {
            people,
            seed: 3,
            today: time::macros::date!(2026 - 11 - 26),
        },
    )
    .unwrap();
    let store = Store::open(&path).unwrap();
    let app = App::new(store, common::pack(), lang, (80, 24));
    assert!(matches!(app.screen, Screen::Profiles(_)));
    app
}

fn chooser_state(app: &App) -> &danvan::tui::screens::profile::ProfilesState {
    let Screen::Profiles(s) = &app.screen else {
        panic!("not the chooser")
    };
    s
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

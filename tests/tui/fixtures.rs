//! Shared set-up for the TUI tests: apps on a quiz, an assessment, records, a chooser, and the
//! keys that drive them.

use super::*;

pub fn lang_name(lang: Lang) -> &'static str {
    lang.code()
}

/// A quiz attempt started with a fixed seed, so the TUI resumes a known paper.
pub fn app_in_quiz(dir: &std::path::Path, lang: Lang) -> App {
    app_in_quiz_with(dir, lang, common::pack())
}

/// `app_in_quiz` over a given pack.
pub fn app_in_quiz_with(
    dir: &std::path::Path,
    lang: Lang,
    pack: danvan::domain::content::Pack,
) -> App {
    app_in_quiz_of(dir, lang, pack, "q-mot-cua")
}

/// An attempt at quiz `quiz_id` of `pack`, resumed in the TUI.
pub fn app_in_quiz_of(
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
pub fn answer_wrong(app: &mut App) {
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

/// From the feedback on an answer, go on answering every next question wrong, to the result.
pub fn wrong_to_the_result(app: &mut App) {
    loop {
        app.update(Action::Enter);
        match &app.screen {
            Screen::QuizRun(_) => answer_wrong(app),
            Screen::QuizResult(_) => break,
            _ => panic!("unexpected screen"),
        }
    }
}

/// Answer the current question rightly where that is one key (single choice, true/false, a
/// typed answer); otherwise wrongly. Returns whether it was answered right.
pub fn answer_right_if_simple(app: &mut App) -> bool {
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

/// The built-in pack with the fixture quiz of a matching and an ordering question, in a course.
pub fn arranged_pack() -> danvan::domain::content::Pack {
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

pub fn current(
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

pub fn run_state(app: &App) -> &danvan::tui::screens::quiz::run::RunState {
    let Screen::QuizRun(r) = &app.screen else {
        panic!("not in a quiz")
    };
    r
}

pub fn feedback_grade(app: &App) -> danvan::domain::quiz::Grade {
    match &run_state(app).phase {
        danvan::tui::screens::quiz::run::Phase::Feedback(g, _) => *g,
        other => panic!("no feedback: {other:?}"),
    }
}

pub fn app_in_assessment(dir: &std::path::Path, lang: Lang) -> App {
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

pub fn keys(app: &mut App, codes: &[KeyCode]) {
    for code in codes {
        let action = danvan::tui::input::translate(app, KeyEvent::new(*code, KeyModifiers::NONE));
        app.update(action);
    }
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        keys(app, &[KeyCode::Char(c)]);
    }
}

/// The saved answer of `criterion` in the assessment open, read back from the store.
pub fn saved_answer(app: &App, criterion: &str) -> Option<danvan::domain::assessment::Answer> {
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

pub fn criterion_focus(app: &App) -> danvan::tui::screens::assess::Focus {
    let Screen::AssessWork(w) = &app.screen else {
        panic!("not on the assessment")
    };
    let danvan::tui::screens::assess::WorkView::Criterion(e) = &w.view else {
        panic!("no criterion open")
    };
    e.focus
}

/// A unit with a finalized 2025 assessment and a 2026 draft, timestamps fixed for snapshots.
pub fn app_with_two_years(dir: &std::path::Path, lang: Lang) -> App {
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

/// 60 officials in two units, some progress, one with a finished quiz; timestamps fixed.
pub fn app_with_records(dir: &std::path::Path, lang: Lang) -> App {
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

/// Certificates are signed with a key from the keys folder: this test binary's is a temporary
/// folder, never the user's.
pub fn keys_in_a_temporary_folder() {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    std::env::set_var(danvan::service::bundles::KEY_DIR_ENV, dir.path());
}

/// Tick until the records screen's background jobs (an import, a merge, an export) have
/// finished (a minute at most).
pub fn wait_for_jobs(app: &mut App) {
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
pub fn wait_for_export(app: &mut App) {
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

/// Three more officials finish `q-mot-cua` (answers right by a fixed pattern), so each question has
/// four official attempts on top of CB001's.
pub fn add_quiz_attempts(app: &mut App) {
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
pub fn wait_for_stats(app: &mut App) {
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

/// Render at the sizes offices use; `render` checks the footer each time (`common::check_footer`).
pub fn footer_fits(app: &App, what: &str) {
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

/// Put the quiz on the first question of the paper of `kind` (with `options` options if given).
pub fn go_to_question(
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

/// The buffer of a screen drawn with `NO_COLOR`: asserts no colour is left, returns it.
pub fn no_colour_buffer(app: &mut App, what: &str) -> ratatui::buffer::Buffer {
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

pub fn reversed_cells(buf: &ratatui::buffer::Buffer) -> usize {
    buf.content
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED))
        .count()
}

/// With `?` open, every key of the screen's table is listed, whole, at 80×24.
pub fn help_lists_all(app: &mut App, what: &str) {
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

/// A demo database of `people` officials, opened with no one signed in: the learner chooser.
pub fn chooser(dir: &std::path::Path, lang: Lang, people: usize) -> App {
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

pub fn chooser_state(app: &App) -> &danvan::tui::screens::profile::ProfilesState {
    let Screen::Profiles(s) = &app.screen else {
        panic!("not the chooser")
    };
    s
}

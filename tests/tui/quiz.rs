//! Quizzes in the TUI: every question kind, feedback, the result and its review.

use super::*;

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
        wrong_to_the_result(&mut app);
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
    wrong_to_the_result(&mut app);
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

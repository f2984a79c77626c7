//! The quiz engine on the real question banks, and attempts through the store.

mod common;

use danvan::domain::attempt::AttemptStatus;
use danvan::domain::content::{Pack, QuestionKind};
use danvan::domain::quiz::engine::{question, right_response, Rng};
use danvan::domain::quiz::{draw, grade, Response};
use danvan::service::learning::{self, Begin};
use danvan::store::Store;
use proptest::prelude::*;
use time::macros::date;

fn pack() -> Pack {
    common::pack()
}

#[test]
fn the_banks_meet_their_floors() {
    let pack = pack();
    for (quiz, course, floor, lessons) in [
        ("q-chi-thi-dan-van", "chi-thi-dan-van", 40, 12),
        ("q-dao-duc-cong-vu", "dao-duc-cong-vu", 30, 6),
        ("q-mot-cua", "mot-cua", 30, 6),
    ] {
        let q = pack.quiz(quiz).unwrap();
        assert_eq!(q.course.as_deref(), Some(course));
        assert!(q.questions.len() >= floor, "{quiz}: {}", q.questions.len());
        let kinds: std::collections::BTreeSet<_> =
            q.questions.iter().map(|x| x.kind.key()).collect();
        assert!(kinds.len() >= 3, "{quiz}: kinds {kinds:?}");
        for question in &q.questions {
            assert!(
                !question.cites.is_empty() && !question.explanation.vi.is_empty(),
                "{quiz}/{}",
                question.id
            );
        }
        let tested: std::collections::BTreeSet<_> =
            q.questions.iter().map(|x| x.lesson.as_str()).collect();
        assert!(
            tested.len() >= lessons,
            "{quiz} tests only {} lessons",
            tested.len()
        );
    }
    // Every one of the directive's ten tasks is tested.
    let directive = pack.quiz("q-chi-thi-dan-van").unwrap();
    for task in 1..=10 {
        let lesson = format!("chi-thi-dan-van/nhiem-vu-{task:02}");
        assert!(
            directive.questions.iter().any(|q| q.lesson == lesson),
            "task {task} untested"
        );
    }
    // The final exam draws 30 questions across the three banks.
    let exam = pack.quiz("final-exam").unwrap();
    assert_eq!(exam.draw.iter().map(|d| d.count).sum::<u32>(), 30);
    assert_eq!(exam.draw.len(), 3);
    let paper = draw(&pack, exam, 42);
    assert_eq!(paper.items.len(), 30);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_perfect_sheet_always_passes(seed in any::<u64>(), which in 0usize..4) {
        let pack = pack();
        let quiz = &pack.quizzes[which];
        let paper = draw(&pack, quiz, seed);
        let mut earned = 0;
        for item in &paper.items {
            let q = question(&pack, item).unwrap();
            let g = grade(q, &right_response(q));
            prop_assert!(g.correct);
            earned += g.earned;
        }
        prop_assert!(danvan::domain::quiz::score(earned, paper.max_total(), quiz.pass_mark).passed);
    }

    #[test]
    fn the_same_seed_gives_the_same_paper(seed in any::<u64>(), which in 0usize..4) {
        let pack = pack();
        let quiz = &pack.quizzes[which];
        let a = draw(&pack, quiz, seed);
        prop_assert_eq!(&a, &draw(&pack, quiz, seed));
        let ids: std::collections::BTreeSet<_> = a.items.iter().map(|i| (&i.bank, &i.question)).collect();
        prop_assert_eq!(ids.len(), a.items.len(), "no question twice");
        for item in &a.items {
            let mut order = item.order.clone();
            order.sort_unstable();
            prop_assert_eq!(order, (0..question(&pack, item).unwrap().options.len()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn shuffling_never_changes_a_grade_and_credit_never_exceeds_points(seed in any::<u64>(), pick in any::<u64>()) {
        let pack = pack();
        let mut rng = Rng::new(pick);
        for quiz in pack.quizzes.iter().filter(|q| q.draw.is_empty()) {
            for q in quiz.questions.iter().filter(|q| matches!(q.kind, QuestionKind::Single | QuestionKind::Multiple)) {
                // A random set of options, in a random order.
                let mut ids: Vec<String> = q.options.iter().filter(|_| rng.below(2) == 0).map(|o| o.id.clone()).collect();
                let g = grade(q, &Response::Choice(ids.clone()));
                prop_assert!(g.earned <= g.max);
                Rng::new(seed).shuffle(&mut ids);
                prop_assert_eq!(g, grade(q, &Response::Choice(ids)));
            }
        }
    }
}

fn setup() -> (tempfile::TempDir, Store, Pack, String) {
    let dir = tempfile::tempdir().unwrap();
    let store = common::store_with_person(dir.path());
    let pid = store.people().unwrap()[0].id.clone();
    (dir, store, pack(), pid)
}

#[test]
fn answers_are_saved_one_by_one_and_an_unchanged_quiz_resumes() {
    let (dir, mut store, pack, pid) = setup();
    let quiz = pack.quiz("q-mot-cua").unwrap().clone();
    let today = date!(2026 - 11 - 26);
    let attempt = learning::start(&mut store, &pack, &pid, &quiz, 7).unwrap();
    for position in 0..3 {
        let q = question(&pack, &attempt.paper.items[position]).unwrap();
        learning::answer(
            &mut store,
            &pack,
            &attempt,
            position,
            &right_response(q),
            1000 * (position as u64 + 1),
            today,
        )
        .unwrap();
        assert_eq!(store.answers(&attempt.id).unwrap().len(), position + 1);
    }
    drop(store);
    let mut store = Store::open(&dir.path().join("danvan.db")).unwrap();
    match learning::begin(&mut store, &pack, &pid, &quiz, today).unwrap() {
        Begin::Resumed(a, answers) => {
            assert_eq!(a.id, attempt.id);
            assert_eq!(answers.len(), 3);
            assert_eq!(a.active_ms, 3000);
            assert_eq!(a.paper, attempt.paper);
        }
        _ => panic!("expected to resume"),
    }
}

#[test]
fn a_changed_quiz_closes_the_open_attempt_graded_on_its_answers() {
    let (_dir, mut store, pack, pid) = setup();
    let quiz = pack.quiz("q-mot-cua").unwrap().clone();
    let today = date!(2026 - 11 - 26);
    let attempt = learning::start(&mut store, &pack, &pid, &quiz, 9).unwrap();
    let q = question(&pack, &attempt.paper.items[0]).unwrap();
    learning::answer(
        &mut store,
        &pack,
        &attempt,
        0,
        &right_response(q),
        500,
        today,
    )
    .unwrap();
    let mut edited = pack.clone();
    let eq = edited
        .quizzes
        .iter_mut()
        .find(|q| q.id == "q-mot-cua")
        .unwrap();
    // Rewording a question, or editing one that is not on this paper, leaves the attempt open
    // (the hash covers what grading uses, of the questions drawn).
    let on_paper = |id: &str| attempt.paper.items.iter().any(|i| i.question == id);
    eq.questions[0].prompt.vi.push_str(" (đã sửa)");
    let off = eq
        .questions
        .iter()
        .position(|q| !on_paper(&q.id))
        .expect("a question not on the paper");
    eq.questions[off].points += 1;
    let reworded = eq.clone();
    assert!(matches!(
        learning::begin(&mut store, &edited, &pid, &reworded, today).unwrap(),
        Begin::Resumed(..)
    ));
    // A question on the paper now grades otherwise: the attempt closes.
    let second = &attempt.paper.items[1].question;
    let eq = edited
        .quizzes
        .iter_mut()
        .find(|q| q.id == "q-mot-cua")
        .unwrap();
    eq.questions
        .iter_mut()
        .find(|q| &q.id == second)
        .unwrap()
        .points += 1;
    let eq = eq.clone();
    match learning::begin(&mut store, &edited, &pid, &eq, today).unwrap() {
        Begin::ClosedChanged(a) => {
            assert_eq!(a.status, AttemptStatus::ClosedChanged);
            assert_eq!(a.earned, Some(attempt.paper.items[0].max));
            assert_eq!(a.max_points, Some(attempt.paper.max_total()));
        }
        _ => panic!("expected the attempt to be closed"),
    }
    // The next begin starts afresh.
    assert!(matches!(
        learning::begin(&mut store, &edited, &pid, &eq, today).unwrap(),
        Begin::Started(_)
    ));
}

#[test]
fn limits_on_attempts_and_time_are_enforced() {
    let (_dir, mut store, mut pack, pid) = setup();
    let today = date!(2026 - 11 - 26);
    let quiz = pack
        .quizzes
        .iter_mut()
        .find(|q| q.id == "q-mot-cua")
        .unwrap();
    quiz.max_attempts = Some(1);
    quiz.time_limit_minutes = Some(1);
    let quiz = quiz.clone();
    let attempt = match learning::begin(&mut store, &pack, &pid, &quiz, today).unwrap() {
        Begin::Started(a) => a,
        _ => panic!(),
    };
    assert!(!learning::time_is_up(&quiz, 59_999));
    assert!(learning::time_is_up(&quiz, 60_000));
    let done = learning::finish(
        &mut store,
        &pack,
        &attempt,
        AttemptStatus::TimedOut,
        60_000,
        today,
    )
    .unwrap();
    assert_eq!(done.status, AttemptStatus::TimedOut);
    assert_eq!(done.passed, Some(false));
    assert!(matches!(
        learning::begin(&mut store, &pack, &pid, &quiz, today).unwrap(),
        Begin::LimitReached { used: 1, max: 1 }
    ));
    // A trainer grants one more attempt.
    assert_eq!(store.grant_attempt(&pid, "q-mot-cua").unwrap(), 1);
    assert!(matches!(
        learning::begin(&mut store, &pack, &pid, &quiz, today).unwrap(),
        Begin::Started(_)
    ));
}

#[test]
fn missed_questions_retire_after_right_answers_on_two_days() {
    let (_dir, mut store, pack, pid) = setup();
    let quiz = pack.quiz("q-mot-cua").unwrap().clone();
    let day1 = date!(2026 - 11 - 26);
    let attempt = learning::start(&mut store, &pack, &pid, &quiz, 3).unwrap();
    // Miss the first question on purpose, then finish.
    learning::answer(
        &mut store,
        &pack,
        &attempt,
        0,
        &Response::Text("?".into()),
        100,
        day1,
    )
    .unwrap();
    let official = learning::finish(
        &mut store,
        &pack,
        &attempt,
        AttemptStatus::Submitted,
        100,
        day1,
    )
    .unwrap();
    let missed = &attempt.paper.items[0];
    assert_eq!(
        store.due_practice(&pid, &["q-mot-cua"], day1).unwrap(),
        vec![(missed.bank.clone(), missed.question.clone())]
    );

    let q = question(&pack, missed).unwrap();
    let practise = |store: &mut Store, day| {
        let round = learning::begin_practice(store, &pack, &pid, &quiz, day)
            .unwrap()
            .expect("due");
        learning::answer(store, &pack, &round, 0, &right_response(q), 100, day).unwrap();
        learning::finish(store, &pack, &round, AttemptStatus::Submitted, 100, day).unwrap();
    };
    practise(&mut store, day1);
    // Right on the first day: not retired, and not offered again that day.
    let card = store
        .practice_card(&pid, &missed.bank, &missed.question)
        .unwrap()
        .unwrap();
    assert!(!card.retired);
    assert!(store
        .due_practice(&pid, &["q-mot-cua"], day1)
        .unwrap()
        .is_empty());
    assert!(
        learning::begin_practice(&mut store, &pack, &pid, &quiz, day1)
            .unwrap()
            .is_none()
    );
    // A second right answer the same day (as the scheduler sees it) does not retire it either.
    let same_day = card.answered(true, day1);
    assert!(!same_day.retired);
    let day2 = date!(2026 - 11 - 27);
    assert_eq!(
        store
            .due_practice(&pid, &["q-mot-cua"], day2)
            .unwrap()
            .len(),
        1
    );
    practise(&mut store, day2);
    let card = store
        .practice_card(&pid, &missed.bank, &missed.question)
        .unwrap()
        .unwrap();
    assert!(card.retired);
    assert!(store
        .due_practice(&pid, &["q-mot-cua"], date!(2027 - 01 - 01))
        .unwrap()
        .is_empty());
    // Practice never touched the official attempt.
    let again = store.attempt(&official.id).unwrap().unwrap();
    assert_eq!(again, official);
    assert_eq!(store.attempts(&pid, "q-mot-cua").unwrap().len(), 1);
}

#[test]
fn a_course_completes_on_the_later_of_pass_and_last_lesson_and_stays_completed() {
    let (_dir, mut store, pack, pid) = setup();
    let today = date!(2026 - 11 - 26);
    let course = pack.course("mot-cua").unwrap().clone();
    let quiz = pack.quiz("q-mot-cua").unwrap().clone();
    // Pass the quiz first.
    let attempt = learning::start(&mut store, &pack, &pid, &quiz, 11).unwrap();
    for (position, item) in attempt.paper.items.iter().enumerate() {
        let q = question(&pack, item).unwrap();
        learning::answer(
            &mut store,
            &pack,
            &attempt,
            position,
            &right_response(q),
            10,
            today,
        )
        .unwrap();
    }
    let done = learning::finish(
        &mut store,
        &pack,
        &attempt,
        AttemptStatus::Submitted,
        10,
        today,
    )
    .unwrap();
    assert_eq!(done.passed, Some(true));
    assert!(
        store.completion(&pid, "mot-cua").unwrap().is_none(),
        "lessons not read yet"
    );
    for l in &course.lessons {
        store
            .mark_lesson_complete(&pid, &course.id, &course.version, &l.id)
            .unwrap();
    }
    assert!(learning::check_completion(&mut store, &pack, &pid, "mot-cua").unwrap());
    let (on, best) = store.completion(&pid, "mot-cua").unwrap().unwrap();
    let last_read = store
        .course_progress(&pid, "mot-cua")
        .unwrap()
        .iter()
        .filter_map(|p| p.completed_at.clone())
        .max()
        .unwrap();
    assert_eq!(on, std::cmp::max(last_read, done.ended_at.clone().unwrap()));
    assert_eq!(best, Some(100.0));
    // A new version of the course (a lesson added) does not revoke the completion.
    let mut updated = pack.clone();
    let c = updated
        .courses
        .iter_mut()
        .find(|c| c.id == "mot-cua")
        .unwrap();
    c.version = "2.0.0".into();
    let mut extra = c.lessons[0].clone();
    extra.id = "bai-moi".into();
    c.lessons.push(extra);
    assert!(learning::check_completion(&mut store, &updated, &pid, "mot-cua").unwrap());
    let (status, _) = learning::course_status(&store, &updated, &pid, "mot-cua").unwrap();
    assert!(matches!(status, learning::CourseStatus::Completed { .. }));
}

fn pass(store: &mut Store, pack: &Pack, pid: &str, quiz: &danvan::domain::content::Quiz) {
    let today = date!(2026 - 11 - 26);
    let attempt = learning::start(store, pack, pid, quiz, 5).unwrap();
    for (position, item) in attempt.paper.items.iter().enumerate() {
        let q = question(pack, item).unwrap();
        learning::answer(
            store,
            pack,
            &attempt,
            position,
            &right_response(q),
            10,
            today,
        )
        .unwrap();
    }
    let done =
        learning::finish(store, pack, &attempt, AttemptStatus::Submitted, 10, today).unwrap();
    assert_eq!(done.passed, Some(true), "{}", quiz.id);
}

#[test]
fn an_extra_quiz_on_a_course_is_recorded_but_never_completes_it() {
    let (_dir, mut store, mut pack, pid) = setup();
    // An extra bank on the course, as `import-gift --course mot-cua` would add.
    let mut extra = pack.quiz("q-mot-cua").unwrap().clone();
    extra.id = "q-mot-cua-gift".into();
    extra.questions_per_attempt = Some(6);
    pack.quizzes.push(extra.clone());
    assert_eq!(
        learning::course_quiz(&pack, "mot-cua").map(|q| q.id.as_str()),
        Some("q-mot-cua")
    );
    let course = pack.course("mot-cua").unwrap().clone();
    for l in &course.lessons {
        store
            .mark_lesson_complete(&pid, &course.id, &course.version, &l.id)
            .unwrap();
    }
    pass(&mut store, &pack, &pid, &extra);
    assert_eq!(store.attempts(&pid, "q-mot-cua-gift").unwrap().len(), 1);
    assert!(
        store.completion(&pid, "mot-cua").unwrap().is_none(),
        "every lesson read and the extra quiz passed: still not completed"
    );
    pass(&mut store, &pack, &pid, pack.quiz("q-mot-cua").unwrap());
    let (_, best) = store.completion(&pid, "mot-cua").unwrap().unwrap();
    assert_eq!(best, Some(100.0));
}

#[test]
fn a_thousand_final_exam_papers_never_hold_two_of_one_same_as_group() {
    let pack = pack();
    let exam = pack.quiz("final-exam").unwrap();
    // Every group the content review found is marked, and each spans more than one question.
    let mut groups: std::collections::HashMap<&str, usize> = Default::default();
    for q in pack.quizzes.iter().flat_map(|z| &z.questions) {
        if let Some(g) = q.same_as.as_deref() {
            *groups.entry(g).or_default() += 1;
        }
    }
    assert_eq!(groups.len(), 9, "{groups:?}");
    assert!(groups.values().all(|&n| n >= 2));
    let mut group_on_papers = 0;
    for seed in 0..1000u64 {
        let paper = draw(&pack, exam, seed);
        assert_eq!(paper.items.len(), 30, "seed {seed}: the paper is full");
        let mut seen = std::collections::HashSet::new();
        for item in &paper.items {
            let q = question(&pack, item).unwrap();
            if let Some(g) = q.same_as.as_deref() {
                group_on_papers += 1;
                assert!(seen.insert(g), "seed {seed}: two questions of group {g}");
            }
        }
    }
    // The draws do meet grouped questions (the test would pass vacuously otherwise).
    assert!(group_on_papers > 1000, "{group_on_papers}");
}

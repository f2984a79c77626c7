//! What an official does with quizzes — start or resume, answer, finish, practise — and when a
//! course counts as completed. The TUI and the plain command line both call these, so they
//! give the same papers, grades and stored rows.

use crate::domain::attempt::{Attempt, AttemptStatus, StoredAnswer};
use crate::domain::content::{Pack, Quiz};
use crate::domain::quiz::practice::Card;
use crate::domain::quiz::{self, Grade, Paper, Response};
use crate::store::attempts::NewAttempt;
use crate::store::{now_utc, Result, Store};

/// Questions in one practice round.
pub const PRACTICE_ROUND: usize = 10;

pub enum Begin {
    /// A new attempt.
    Started(Attempt),
    /// An unfinished attempt on the same quiz content, with its answers.
    Resumed(Attempt, Vec<StoredAnswer>),
    /// The quiz changed since an attempt was left open: it was closed and graded on the answers
    /// given; the person is told, and may start again.
    ClosedChanged(Attempt),
    /// No attempts left.
    LimitReached { used: usize, max: u32 },
}

/// Today, as the kit counts days.
pub fn today() -> time::Date {
    // One calendar for the whole kit: practice days, records and deadlines all count in
    // Vietnam's day (the OS offset is often unknown to a multi-threaded process on Linux).
    crate::domain::completion::today_in_vietnam()
}

/// Official attempts used so far (open ones count: they were started).
pub fn attempts_used(store: &Store, person: &str, quiz: &str) -> Result<usize> {
    Ok(store
        .attempts(person, quiz)?
        .iter()
        .filter(|a| a.status != AttemptStatus::ClosedChanged)
        .count())
}

/// Resume the open attempt if the quiz is unchanged; otherwise start one (within the limit).
pub fn begin(
    store: &mut Store,
    pack: &Pack,
    person: &str,
    quiz: &Quiz,
    today: time::Date,
) -> Result<Begin> {
    if let Some(open) = store.open_attempt(person, &quiz.id, false)? {
        // The hash covers the questions on this attempt's paper, not the whole bank.
        if open.content_hash == quiz::attempt_hash(pack, quiz, &open.paper) {
            let answers = store.answers(&open.id)?;
            return Ok(Begin::Resumed(open, answers));
        }
        let closed = store.finish_attempt(
            &open.id,
            AttemptStatus::ClosedChanged,
            quiz.pass_mark,
            open.active_ms,
        )?;
        record_misses(store, person, &closed, today)?;
        return Ok(Begin::ClosedChanged(closed));
    }
    if let Some(max) = quiz.max_attempts {
        // A trainer may have granted extra attempts.
        let max = max + store.extra_attempts(person, &quiz.id)?;
        let used = attempts_used(store, person, &quiz.id)?;
        if used >= max as usize {
            return Ok(Begin::LimitReached { used, max });
        }
    }
    start(store, pack, person, quiz, quiz::engine::fresh_seed()).map(Begin::Started)
}

/// Start an attempt with a given seed (the plain mode and tests choose theirs).
pub fn start(
    store: &mut Store,
    pack: &Pack,
    person: &str,
    quiz: &Quiz,
    seed: u64,
) -> Result<Attempt> {
    let paper = quiz::draw(pack, quiz, seed);
    store.start_attempt(&NewAttempt {
        person_id: person,
        quiz_id: &quiz.id,
        quiz_version: &quiz.version,
        content_hash: &quiz::attempt_hash(pack, quiz, &paper),
        paper: &paper,
        practice: false,
        course_id: quiz.course.as_deref(),
    })
}

/// Grade and save the answer to item `position`, at once. Practice cards follow the answer.
pub fn answer(
    store: &mut Store,
    pack: &Pack,
    attempt: &Attempt,
    position: usize,
    response: &Response,
    active_ms: u64,
    today: time::Date,
) -> Result<Option<Grade>> {
    let Some(item) = attempt.paper.items.get(position) else {
        return Ok(None);
    };
    let Some(q) = quiz::engine::question(pack, item) else {
        return Ok(None);
    };
    let grade = quiz::grade(q, response);
    store.save_answer(
        &attempt.id,
        &StoredAnswer {
            position,
            bank_id: item.bank.clone(),
            question_id: item.question.clone(),
            response: response.clone(),
            correct: grade.correct,
            earned: grade.earned,
            answered_at: now_utc(),
            active_ms,
        },
    )?;
    if attempt.practice {
        let card = store
            .practice_card(&attempt.person_id, &item.bank, &item.question)?
            .unwrap_or_else(|| Card::missed(today));
        store.save_practice_card(
            &attempt.person_id,
            &item.bank,
            &item.question,
            &card.answered(grade.correct, today),
        )?;
    }
    Ok(Some(grade))
}

/// Missed questions of an official attempt go to practice.
fn record_misses(
    store: &mut Store,
    person: &str,
    attempt: &Attempt,
    today: time::Date,
) -> Result<()> {
    for a in store.answers(&attempt.id)? {
        if !a.correct {
            store.save_practice_card(person, &a.bank_id, &a.question_id, &Card::missed(today))?;
        }
    }
    Ok(())
}

/// Close an attempt with its grade; official misses go to practice and the course may complete.
pub fn finish(
    store: &mut Store,
    pack: &Pack,
    attempt: &Attempt,
    status: AttemptStatus,
    active_ms: u64,
    today: time::Date,
) -> Result<Attempt> {
    let pass_mark = pack
        .quiz(&attempt.quiz_id)
        .map(|q| q.pass_mark)
        .unwrap_or(100);
    let done = store.finish_attempt(&attempt.id, status, pass_mark, active_ms)?;
    if !done.practice {
        record_misses(store, &attempt.person_id, &done, today)?;
        if let Some(course) = pack.quiz(&attempt.quiz_id).and_then(|q| q.course.clone()) {
            check_completion(store, pack, &attempt.person_id, &course)?;
        }
    }
    Ok(done)
}

/// Whether the active time has run out.
pub fn time_is_up(quiz: &Quiz, active_ms: u64) -> bool {
    quiz.time_limit_minutes
        .is_some_and(|m| active_ms >= m as u64 * 60_000)
}

/// The banks a quiz's questions come from.
pub fn banks(quiz: &Quiz) -> Vec<&str> {
    if quiz.draw.is_empty() {
        vec![quiz.id.as_str()]
    } else {
        quiz.draw.iter().map(|d| d.from.as_str()).collect()
    }
}

/// A practice round of due questions from a quiz's banks, or None when nothing is due.
pub fn begin_practice(
    store: &mut Store,
    pack: &Pack,
    person: &str,
    quiz: &Quiz,
    today: time::Date,
) -> Result<Option<Attempt>> {
    if let Some(open) = store.open_attempt(person, &quiz.id, true)? {
        // A practice round left midway is simply closed: practice has no grade to keep.
        store.finish_attempt(
            &open.id,
            AttemptStatus::Submitted,
            quiz.pass_mark,
            open.active_ms,
        )?;
    }
    let due = store.due_practice(person, &banks(quiz), today)?;
    if due.is_empty() {
        return Ok(None);
    }
    let seed = quiz::engine::fresh_seed();
    let mut rng = quiz::engine::Rng::new(seed);
    let mut items: Vec<quiz::PaperItem> = due
        .into_iter()
        .filter_map(|(bank, qid)| {
            let q = pack.quiz(&bank)?.questions.iter().find(|q| q.id == qid)?;
            let mut order: Vec<usize> = (0..q.options.len()).collect();
            rng.shuffle(&mut order);
            Some(quiz::PaperItem {
                bank,
                question: qid,
                order,
                max: q.points * 100,
            })
        })
        .collect();
    rng.shuffle(&mut items);
    items.truncate(PRACTICE_ROUND);
    if items.is_empty() {
        return Ok(None);
    }
    let paper = Paper {
        quiz: quiz.id.clone(),
        seed,
        items,
    };
    store
        .start_attempt(&NewAttempt {
            person_id: person,
            quiz_id: &quiz.id,
            quiz_version: &quiz.version,
            content_hash: &quiz::attempt_hash(pack, quiz, &paper),
            paper: &paper,
            practice: true,
            course_id: quiz.course.as_deref(),
        })
        .map(Some)
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum CourseStatus {
    #[default]
    NotStarted,
    InProgress,
    Completed {
        on: String,
    },
}

/// The course's status and the best official score on its quiz.
pub fn course_status(
    store: &Store,
    pack: &Pack,
    person: &str,
    course_id: &str,
) -> Result<(CourseStatus, Option<f64>)> {
    let best = course_quiz(pack, course_id)
        .map(|q| best_percent(store, person, &q.id))
        .transpose()?
        .flatten();
    if let Some((on, _)) = store.completion(person, course_id)? {
        return Ok((CourseStatus::Completed { on }, best));
    }
    // A quiz's attempts that cannot be read are an error like any other read, not "not started".
    let started = !store.course_progress(person, course_id)?.is_empty()
        || match course_quiz(pack, course_id) {
            Some(q) => !store.attempts(person, &q.id)?.is_empty(),
            None => false,
        };
    Ok((
        if started {
            CourseStatus::InProgress
        } else {
            CourseStatus::NotStarted
        },
        best,
    ))
}

/// The quiz whose pass completes a course (`completion_quiz`); other quizzes on the course are
/// extra.
pub fn course_quiz<'a>(pack: &'a Pack, course_id: &str) -> Option<&'a Quiz> {
    pack.course(course_id)?
        .completion_quiz
        .as_deref()
        .and_then(|q| pack.quiz(q))
}

pub fn best_percent(store: &Store, person: &str, quiz: &str) -> Result<Option<f64>> {
    Ok(store
        .attempts(person, quiz)?
        .iter()
        .filter(|a| a.status != AttemptStatus::Open)
        .filter_map(|a| a.percent())
        .fold(None, |best: Option<f64>, p| {
            Some(best.map_or(p, |b| b.max(p)))
        }))
}

/// Mark a lesson read to its end for a person, and complete the course if that was the last thing
/// missing (every lesson read, the quiz passed). The TUI's reader and `danvan read --plain` both
/// come here. Returns whether the course is now complete.
pub fn mark_lesson_read(
    store: &mut Store,
    pack: &Pack,
    person: &str,
    course_id: &str,
    lesson_id: &str,
) -> Result<bool> {
    let Some(course) = pack.course(course_id) else {
        return Ok(false);
    };
    store.mark_lesson_complete(person, &course.id, &course.version, lesson_id)?;
    check_completion(store, pack, person, course_id)
}

/// A course is complete when all its lessons are read and its quiz is passed; the date is the
/// later of the two. Recorded once, never revoked.
pub fn check_completion(
    store: &mut Store,
    pack: &Pack,
    person: &str,
    course_id: &str,
) -> Result<bool> {
    let Some(course) = pack.course(course_id) else {
        return Ok(false);
    };
    if store.completion(person, course_id)?.is_some() {
        return Ok(true);
    }
    let progress = store.course_progress(person, course_id)?;
    let mut last_read: Option<String> = None;
    for l in &course.lessons {
        match progress
            .iter()
            .find(|p| p.lesson_id == l.id)
            .and_then(|p| p.completed_at.clone())
        {
            Some(at) => {
                if last_read.as_ref().is_none_or(|x| at > *x) {
                    last_read = Some(at)
                }
            }
            None => return Ok(false),
        }
    }
    let Some(q) = course_quiz(pack, course_id) else {
        return Ok(false);
    };
    let attempts = store.attempts(person, &q.id)?;
    let Some(pass) = attempts
        .iter()
        .filter(|a| a.passed == Some(true))
        .filter_map(|a| a.ended_at.clone())
        .min()
    else {
        return Ok(false);
    };
    let on = match last_read {
        Some(r) if r > pass => r,
        _ => pass,
    };
    let best = best_percent(store, person, &q.id)?.unwrap_or(0.0);
    store.record_completion(person, course_id, &course.version, &on, best)?;
    Ok(true)
}

//! Quizzes: settings, draws from other banks, and questions of each kind with their options.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::arranged::{convert_arranged, Arranged, RawItem, RawPair};
use super::cx::{FileCx, PendingCites, PendingDraw, PendingLesson, SStr, SText};
use super::sources::{convert_cites, RawCite};
use crate::content::model::{AnswerOption, DrawFrom, Question, QuestionKind, Quiz};
use crate::text::nfc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuiz {
    pub(super) id: SStr,
    version: String,
    pub(super) course: Option<SStr>,
    title: SText,
    pass_mark: Spanned<u32>,
    questions_per_attempt: Option<Spanned<u32>>,
    #[serde(default = "yes")]
    shuffle_questions: bool,
    #[serde(default = "yes")]
    shuffle_options: bool,
    time_limit_minutes: Option<u32>,
    max_attempts: Option<u32>,
    #[serde(default)]
    draw: Vec<RawDraw>,
    #[serde(default)]
    question: Vec<Spanned<RawQuestion>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDraw {
    from: SStr,
    count: Spanned<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: SStr,
    kind: SStr,
    lesson: SStr,
    #[serde(default = "one")]
    points: u32,
    prompt: SText,
    explanation: SText,
    #[serde(default)]
    options: Vec<Spanned<RawOption>>,
    answer: Option<bool>,
    #[serde(default)]
    accept: Vec<String>,
    #[serde(default)]
    ignore_diacritics: bool,
    same_as: Option<SStr>,
    #[serde(default)]
    cite: Vec<RawCite>,
    #[serde(default)]
    pairs: Vec<Spanned<RawPair>>,
    #[serde(default)]
    items: Vec<Spanned<RawItem>>,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    id: SStr,
    text: SText,
    #[serde(default)]
    correct: bool,
    credit: Option<Spanned<i32>>,
    feedback: Option<SText>,
}

/// Options whose meaning depends on the others, wrong once options are shuffled.
pub fn depends_on_others(text: &str) -> bool {
    let folded = crate::text::fold(text);
    const PATTERNS: [&str; 10] = [
        "tat ca cac dap an",
        "tat ca cac phuong an",
        "tat ca cac y tren",
        "ca a va b",
        "ca hai dap an",
        "khong dap an nao",
        "cac dap an tren",
        "all of the above",
        "none of the above",
        "both a and b",
    ];
    PATTERNS.iter().any(|p| folded.contains(p))
}

/// Where a quiz's references to other files go, to be checked once every file is read.
pub(super) struct QuizRefs<'a> {
    pub(super) file: usize,
    pub(super) cites: &'a mut PendingCites,
    pub(super) lessons: &'a mut Vec<PendingLesson>,
    pub(super) draws: &'a mut Vec<PendingDraw>,
}

pub(super) fn convert_quiz(cx: &mut FileCx, raw: RawQuiz, refs: QuizRefs) -> Quiz {
    let id = cx.id(&raw.id);
    let title = cx.text(&raw.title, "title");
    check_settings(cx, &raw);
    let draw = convert_draws(&raw.draw, &id, refs.file, refs.draws);
    let mut seen = HashSet::new();
    let mut questions = Vec::new();
    for spanned in raw.question {
        let question = convert_question(
            cx,
            spanned,
            raw.shuffle_options,
            &mut seen,
            refs.file,
            refs.cites,
            refs.lessons,
        );
        questions.push(question);
    }
    Quiz {
        id,
        version: raw.version,
        course: raw.course.map(|c| nfc(c.get_ref())),
        title,
        pass_mark: *raw.pass_mark.get_ref(),
        questions_per_attempt: raw.questions_per_attempt.map(|n| *n.get_ref()),
        shuffle_questions: raw.shuffle_questions,
        shuffle_options: raw.shuffle_options,
        time_limit_minutes: raw.time_limit_minutes,
        max_attempts: raw.max_attempts,
        draw,
        questions,
    }
}

/// The pass mark, and that the quiz has a course or draws, and questions to ask.
fn check_settings(cx: &mut FileCx, raw: &RawQuiz) {
    if *raw.pass_mark.get_ref() > 100 {
        cx.error(raw.pass_mark.span().start, "check-pass-mark", vec![]);
    }
    if raw.course.is_none() && raw.draw.is_empty() {
        cx.error(raw.id.span().start, "check-quiz-no-course", vec![]);
    }
    if raw.draw.is_empty() && raw.question.is_empty() {
        cx.error(raw.id.span().start, "check-quiz-empty", vec![]);
    }
    if let Some(n) = &raw.questions_per_attempt {
        if raw.draw.is_empty() && (*n.get_ref() as usize > raw.question.len() || *n.get_ref() == 0)
        {
            cx.error(
                n.span().start,
                "check-draw-too-large",
                vec![
                    ("count", n.get_ref().to_string()),
                    ("available", raw.question.len().to_string()),
                ],
            );
        }
    }
}

/// Draws from other banks; whether each bank exists and is large enough is checked later.
fn convert_draws(
    raw: &[RawDraw],
    quiz: &str,
    file: usize,
    draws: &mut Vec<PendingDraw>,
) -> Vec<DrawFrom> {
    raw.iter()
        .map(|d| {
            draws.push(PendingDraw {
                file,
                quiz: quiz.to_string(),
                from: nfc(d.from.get_ref()),
                from_offset: d.from.span().start,
                count: *d.count.get_ref(),
                count_offset: d.count.span().start,
            });
            DrawFrom {
                from: nfc(d.from.get_ref()),
                count: *d.count.get_ref(),
            }
        })
        .collect()
}

fn convert_question(
    cx: &mut FileCx,
    spanned: Spanned<RawQuestion>,
    shuffle_options: bool,
    seen: &mut HashSet<String>,
    file: usize,
    pending: &mut PendingCites,
    lessons: &mut Vec<PendingLesson>,
) -> Question {
    let q_start = spanned.span().start;
    let q = spanned.into_inner();
    let qid = cx.id(&q.id);
    if !seen.insert(qid.clone()) {
        cx.error(
            q.id.span().start,
            "check-duplicate-id",
            vec![("id", qid.clone())],
        );
    }
    let kind = question_kind(cx, &q.kind);
    lessons.push(PendingLesson {
        file,
        lesson: nfc(q.lesson.get_ref()),
        offset: q.lesson.span().start,
    });
    let options = convert_options(cx, &q.options, shuffle_options);
    match kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            check_choice_key(cx, &q, kind, &options, q_start, &qid)
        }
        QuestionKind::TrueFalse | QuestionKind::Text => {
            check_written_key(cx, &q, kind, &options, q_start, &qid)
        }
        QuestionKind::Matching | QuestionKind::Ordering => {}
    }
    let (pairs, items) = convert_arranged(
        cx,
        &Arranged {
            kind,
            qid: &qid,
            q_start,
            id_at: q.id.span().start,
            pairs: &q.pairs,
            items: &q.items,
            has_options: !options.is_empty(),
            has_key: q.answer.is_some() || !q.accept.is_empty(),
        },
    );
    if q.cite.is_empty() {
        cx.warn(
            q.id.span().start,
            "check-no-citation",
            vec![("question", qid.clone())],
        );
    }
    pending.items.push((String::new(), 0));
    let cites = convert_cites(q.cite, pending);
    pending.items.push((String::new(), 0));
    Question {
        id: qid,
        kind,
        lesson: nfc(q.lesson.get_ref()),
        points: q.points.max(1),
        prompt: cx.text(&q.prompt, "prompt"),
        explanation: cx.text(&q.explanation, "explanation"),
        options,
        answer: q.answer,
        accept: q.accept.iter().map(|a| nfc(a.trim())).collect(),
        ignore_diacritics: q.ignore_diacritics,
        pairs,
        items,
        cites,
        same_as: q.same_as.as_ref().map(|g| cx.id(g)),
    }
}

/// Each question's id and where it and its `same_as` are written, for the cross-file checks.
pub(super) fn question_spots(raw: &RawQuiz) -> Vec<(String, usize, Option<usize>)> {
    raw.question
        .iter()
        .map(|q| {
            let q = q.get_ref();
            (
                nfc(q.id.get_ref()),
                q.id.span().start,
                q.same_as.as_ref().map(|g| g.span().start),
            )
        })
        .collect()
}

fn question_kind(cx: &mut FileCx, kind: &SStr) -> QuestionKind {
    match QuestionKind::parse(kind.get_ref()) {
        Some(k) => k,
        None => {
            cx.error(
                kind.span().start,
                "check-bad-value",
                vec![("field", "kind".into()), ("value", kind.get_ref().clone())],
            );
            QuestionKind::Single
        }
    }
}

/// Options: unique ids, no "all of the above" when they are shuffled, credits within ±100.
fn convert_options(
    cx: &mut FileCx,
    raw: &[Spanned<RawOption>],
    shuffle_options: bool,
) -> Vec<AnswerOption> {
    let mut option_ids = HashSet::new();
    let mut options = Vec::new();
    for o in raw {
        let raw_o = o.get_ref();
        let oid = cx.id(&raw_o.id);
        if !option_ids.insert(oid.clone()) {
            cx.error(
                raw_o.id.span().start,
                "check-duplicate-id",
                vec![("id", oid.clone())],
            );
        }
        let text = cx.text(&raw_o.text, "text");
        if shuffle_options
            && (depends_on_others(&text.vi) || text.en.as_deref().is_some_and(depends_on_others))
        {
            cx.error(
                raw_o.text.span().start,
                "check-dependent-option",
                vec![("text", text.vi.clone())],
            );
        }
        if let Some(c) = &raw_o.credit {
            if !(-100..=100).contains(c.get_ref()) {
                cx.error(c.span().start, "check-bad-credit", vec![]);
            }
        }
        options.push(AnswerOption {
            id: oid,
            text,
            correct: raw_o.correct,
            credit: raw_o.credit.as_ref().map(|c| *c.get_ref()),
            feedback: raw_o.feedback.as_ref().map(|f| cx.text(f, "feedback")),
        });
    }
    options
}

/// A choice question: two options or more, right ones marked (one for single choice), credits of
/// the right options adding to 100, and no `answer` or `accept`.
fn check_choice_key(
    cx: &mut FileCx,
    q: &RawQuestion,
    kind: QuestionKind,
    options: &[AnswerOption],
    q_start: usize,
    qid: &str,
) {
    let at = q.id.span().start;
    let question = || vec![("question", qid.to_string())];
    let correct = options.iter().filter(|o| o.correct).count();
    if options.len() < 2 {
        cx.error(q_start, "check-few-options", question());
    }
    if correct == 0 {
        cx.error(at, "check-no-right-answer", question());
    } else if kind == QuestionKind::Single && correct > 1 {
        cx.error(at, "check-single-many-right", question());
    }
    if kind == QuestionKind::Multiple && options.iter().any(|o| o.credit.is_some()) {
        let sum: i32 = options
            .iter()
            .filter(|o| o.correct)
            .map(|o| o.credit.unwrap_or(0))
            .sum();
        if sum != 100 {
            cx.error(
                at,
                "check-credit-sum",
                vec![("question", qid.to_string()), ("sum", sum.to_string())],
            );
        }
    }
    if q.answer.is_some() || !q.accept.is_empty() {
        cx.error(at, "check-answer-names-no-option", question());
    }
}

/// A true/false question needs `answer`, a text question a non-blank `accept`; neither has options.
fn check_written_key(
    cx: &mut FileCx,
    q: &RawQuestion,
    kind: QuestionKind,
    options: &[AnswerOption],
    q_start: usize,
    qid: &str,
) {
    let question = || vec![("question", qid.to_string())];
    let missing = match kind {
        QuestionKind::TrueFalse => q.answer.is_none(),
        _ => q.accept.iter().all(|a| a.trim().is_empty()),
    };
    if missing {
        cx.error(q.id.span().start, "check-no-right-answer", question());
    }
    if !options.is_empty() {
        cx.error(q_start, "check-options-not-allowed", question());
    }
}

//! xAPI 1.0.3 statements for a Learning Record Store: each lesson read to its end, each finished
//! official quiz attempt (passed or failed, with its score in points and active time), each
//! answer of such an attempt (`answered`, a `cmi.interaction` an LRS can compute question
//! statistics from) and each course completion, as one JSON array an LRS takes as it is.
//!
//! Statement ids are UUID v5 in a fixed namespace, derived from the record's key, the kind of
//! statement and the *shape version* [`ID_VERSION`], so exporting twice gives the same statements
//! and an LRS keeps one copy of each. Once statements have been pushed, the content of a
//! statement with a given id must never change (an LRS answers 409 to a differing statement with
//! a known id): any change of what a statement says bumps [`ID_VERSION`], which gives every
//! statement a new id. Version history:
//! - 1 (ids keyed `xapi KEY`): scores in hundredths of a point, no `answered` statements.
//! - 2 (ids keyed `xapi/2 KEY`): scores in points (`raw 19, max 20`, decimals allowed), an
//!   `answered` statement per question of an official attempt, `context.registration` = the
//!   attempt's UUID. The test `statement_bytes_are_fixed` pins one statement's exact bytes.
//!
//! Activity ids live under a configurable home page (`--homepage`, default
//! `https://danvan.local`); the actor is the official's account on that home page, named by the
//! staff code (or the person's UUID when there is none).
//!
//! [`write_json`] streams the array to a writer statement by statement (only a small index of
//! the records is sorted in memory); its bytes are those of [`to_json`]`(&`[`statements`]`(…))`.

use serde_json::{json, Map, Value};
use std::collections::{HashMap, VecDeque};
use std::io::{self, Write};

use shape::{
    write_statement, Account, Agent, Context, Fragments, Outcome, Part, Statement, CONTEXT_VALUE,
    STATEMENT_VALUE,
};

use crate::domain::bundle::{
    Bundle, BundleAnswer, BundleAttempt, BundleCompletion, BundlePerson, BundleProgress,
    SourceItem, StatementSource, NAMESPACE,
};
use crate::domain::content::{Pack, Question, QuestionKind, Text};
use crate::domain::i18n::Lang;
use crate::domain::quiz::engine::{Paper, Response};

/// The xAPI version the statements follow.
pub const XAPI_VERSION: &str = "1.0.3";
/// The home page when none is given.
pub const DEFAULT_HOMEPAGE: &str = "https://danvan.local";
/// The shape version statement ids are derived from (see the module's doc).
pub const ID_VERSION: u32 = 2;

pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const TYPE_LESSON: &str = "http://adlnet.gov/expapi/activities/lesson";
pub const TYPE_ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
pub const TYPE_COURSE: &str = "http://adlnet.gov/expapi/activities/course";
pub const TYPE_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// One record a statement is made from.
enum Item<'a> {
    Lesson(&'a BundleProgress),
    Attempt(&'a BundleAttempt),
    Answer(&'a BundleAttempt, &'a BundleAnswer),
    Course(&'a BundleCompletion),
}

/// The records of a bundle in statement order: (timestamp, id, record), oldest first.
fn index(b: &Bundle) -> Vec<(String, String, Item<'_>)> {
    let mut out = Vec::new();
    for p in &b.lesson_progress {
        if let Some(done) = &p.completed_at {
            out.push((timestamp(done), lesson_id(p), Item::Lesson(p)));
        }
    }
    for a in b
        .attempts
        .iter()
        .filter(|a| !a.practice && a.status != "open")
    {
        let ts = timestamp(a.ended_at.as_deref().unwrap_or(&a.started_at));
        out.push((ts, attempt_id(a), Item::Attempt(a)));
        for answer in &a.answers {
            let id = answer_id(a, answer);
            out.push((timestamp(&answer.answered_at), id, Item::Answer(a, answer)));
        }
    }
    for c in &b.course_completions {
        out.push((timestamp(&c.completed_at), course_id(c), Item::Course(c)));
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

fn lesson_id(p: &BundleProgress) -> String {
    statement_id(&format!(
        "lesson completed {} {} {}",
        p.person_id, p.course_id, p.lesson_id
    ))
}

fn attempt_id(a: &BundleAttempt) -> String {
    statement_id(&format!("attempt finished {}", a.id))
}

fn answer_id(a: &BundleAttempt, answer: &BundleAnswer) -> String {
    statement_id(&format!("answered {} {}", a.id, answer.position))
}

fn course_id(c: &BundleCompletion) -> String {
    statement_id(&format!("course completed {} {}", c.person_id, c.course_id))
}

/// What every statement is built with: the pack, the home page, the officials of a whole bundle
/// (empty when streaming: each source names its official), the repeated parts rendered so far
/// and the papers of the attempts seen last.
struct Builder<'a> {
    pack: &'a Pack,
    home: &'a str,
    people: HashMap<&'a str, &'a BundlePerson>,
    parts: Fragments,
    papers: VecDeque<(String, Option<Paper>)>,
}

/// How many attempts' papers are kept decoded: an attempt's answers come close together in
/// time, so a few dozen cover the officials answering in the same minutes.
const PAPERS_KEPT: usize = 64;

impl<'a> Builder<'a> {
    fn new(pack: &'a Pack, homepage: &'a str, people: &'a [BundlePerson]) -> Builder<'a> {
        Builder {
            pack,
            home: homepage.trim().trim_end_matches('/'),
            people: people.iter().map(|p| (p.id.as_str(), p)).collect(),
            parts: Fragments::default(),
            papers: VecDeque::new(),
        }
    }

    /// The official of a whole bundle by id: their name and account (staff code, else id).
    fn actor<'s>(&self, person_id: &'s str) -> Agent<'s>
    where
        'a: 's,
    {
        match self.people.get(person_id) {
            Some(p) => self.agent(&p.full_name, p.staff_code.as_deref().unwrap_or(&p.id)),
            None => self.agent(person_id, person_id),
        }
    }

    /// The official as an xAPI agent: their name, and their account (staff code, else id).
    fn agent<'s>(&self, name: &'s str, account: &'s str) -> Agent<'s>
    where
        'a: 's,
    {
        Agent {
            account: Account {
                home_page: self.home,
                name: account,
            },
            name,
            object_type: "Agent",
        }
    }

    fn verb(&mut self, id: &'static str) -> Part {
        self.parts
            .get(&format!("verb\0{id}"), STATEMENT_VALUE, || verb(id))
    }

    fn course_object(&mut self, course: &str) -> Part {
        let (pack, home) = (self.pack, self.home);
        self.parts
            .get(&format!("course\0{course}"), STATEMENT_VALUE, || {
                course_activity(pack, home, course)
            })
    }

    fn quiz_object(&mut self, quiz: &str) -> Part {
        let (pack, home) = (self.pack, self.home);
        self.parts
            .get(&format!("quiz\0{quiz}"), STATEMENT_VALUE, || {
                quiz_activity(pack, home, quiz)
            })
    }

    /// A lesson's or an attempt's context activities: the course as parent.
    fn course_parent(&mut self, course: &str) -> Part {
        let (pack, home) = (self.pack, self.home);
        self.parts.get(
            &format!("parent\0{course}"),
            CONTEXT_VALUE,
            || json!({ "parent": [course_activity(pack, home, course)] }),
        )
    }

    fn build<'s>(&mut self, ts: &'s str, id: &'s str, item: &Item<'s>) -> Statement<'s>
    where
        'a: 's,
    {
        let person: &'s str = match item {
            Item::Lesson(p) => &p.person_id,
            Item::Attempt(a) | Item::Answer(a, _) => &a.person_id,
            Item::Course(c) => &c.person_id,
        };
        let actor = self.actor(person);
        self.build_as(ts, id, item, actor)
    }

    fn build_as<'s>(
        &mut self,
        ts: &'s str,
        id: &'s str,
        item: &Item<'s>,
        actor: Agent<'s>,
    ) -> Statement<'s> {
        let (verb, object, result, context) = match item {
            Item::Lesson(p) => self.lesson(p),
            Item::Attempt(a) => self.attempt(a),
            Item::Answer(a, answer) => self.answer(a, answer),
            Item::Course(c) => self.course(c),
        };
        Statement {
            actor,
            context,
            id,
            object,
            result,
            timestamp: ts,
            verb,
            version: XAPI_VERSION,
        }
    }

    fn lesson(&mut self, p: &BundleProgress) -> Parts {
        let (pack, home) = (self.pack, self.home);
        let key = format!("lesson\0{}\0{}", p.course_id, p.lesson_id);
        let object = self.parts.get(&key, STATEMENT_VALUE, || {
            let title = pack
                .course(&p.course_id)
                .and_then(|c| c.lessons.iter().find(|l| l.id == p.lesson_id))
                .map(|l| &l.title);
            let iri = format!(
                "{home}/courses/{}/lessons/{}",
                segment(&p.course_id),
                segment(&p.lesson_id)
            );
            named_activity(iri, title, &p.lesson_id, TYPE_LESSON)
        });
        let result = Outcome {
            completion: true,
            ..Outcome::default()
        };
        let context = Context::new(Some(self.course_parent(&p.course_id)), None);
        (self.verb(VERB_COMPLETED), object, result, context)
    }

    fn attempt(&mut self, a: &BundleAttempt) -> Parts {
        let passed = a.passed == Some(true);
        let result = Outcome {
            completion: true,
            duration: Some(duration(a.active_ms)),
            score: a.earned.zip(a.max_points).and_then(|(e, m)| score(e, m)),
            success: Some(passed),
            ..Outcome::default()
        };
        let activities = a.course_id.as_deref().map(|c| self.course_parent(c));
        (
            self.verb(if passed { VERB_PASSED } else { VERB_FAILED }),
            self.quiz_object(&a.quiz_id),
            result,
            Context::new(activities, Some(&a.id)),
        )
    }

    /// An `answered` statement: the question as a `cmi.interaction` (its options, the right
    /// response), what was answered, whether it was right and the points earned of the question's.
    fn answer(&mut self, a: &BundleAttempt, answer: &BundleAnswer) -> Parts {
        let question: Option<&Question> = self
            .pack
            .quiz(&answer.bank_id)
            .and_then(|q| q.questions.iter().find(|q| q.id == answer.question_id));
        let response = Response::decode(&answer.response);
        let kind = interaction_kind(question, response.as_ref());
        let (pack, home) = (self.pack, self.home);
        // The pack's question is the same in every answer to it; one it no longer has is named
        // by its id and typed by the response, so the kind is part of the key.
        let key = format!(
            "question\0{}\0{}\0{}",
            answer.bank_id,
            answer.question_id,
            kind.unwrap_or("")
        );
        let object = self.parts.get(&key, STATEMENT_VALUE, || {
            interaction(home, answer, question, kind)
        });

        let max = self
            .question_max(a, answer)
            .or_else(|| question.map(|q| q.points * 100));
        let text = match &response {
            Some(Response::Choice(ids)) => ids.join("[,]"),
            Some(Response::Bool(b)) => b.to_string(),
            Some(Response::Text(t)) => t.clone(),
            // A right side is named by its target number; one the pack no longer has, by its id.
            Some(Response::Pairs(given)) => given
                .iter()
                .map(|(l, r)| {
                    let target = question
                        .and_then(|q| q.pairs.iter().position(|p| p.id == *r))
                        .map(|i| (i + 1).to_string())
                        .unwrap_or_else(|| r.clone());
                    format!("{l}[.]{target}")
                })
                .collect::<Vec<_>>()
                .join("[,]"),
            Some(Response::Order(ids)) => ids.join("[,]"),
            None => answer.response.clone(),
        };
        let result = Outcome {
            completion: true,
            duration: Some(duration(answer.active_ms)),
            response: Some(text),
            score: max.and_then(|max| score(answer.earned, max)),
            success: Some(answer.correct),
        };
        let course = a.course_id.as_deref();
        let key = format!("answered\0{}\0{}", a.quiz_id, course.unwrap_or("\u{1}"));
        let activities = self.parts.get(&key, CONTEXT_VALUE, || {
            let mut activities = Map::new();
            activities.insert(
                "parent".into(),
                json!([quiz_activity(pack, home, &a.quiz_id)]),
            );
            if let Some(course) = course {
                activities.insert(
                    "grouping".into(),
                    json!([course_activity(pack, home, course)]),
                );
            }
            Value::Object(activities)
        });
        (
            self.verb(VERB_ANSWERED),
            object,
            result,
            Context::new(Some(activities), Some(&a.id)),
        )
    }

    /// The question's points from the attempt's paper (decoded once per attempt seen lately).
    fn question_max(&mut self, a: &BundleAttempt, answer: &BundleAnswer) -> Option<u32> {
        let at = match self.papers.iter().position(|(id, _)| *id == a.id) {
            Some(at) => at,
            None => {
                if self.papers.len() == PAPERS_KEPT {
                    self.papers.pop_back();
                }
                let paper = Paper::decode(&a.quiz_id, a.seed as u64, &a.paper);
                self.papers.push_front((a.id.clone(), paper));
                0
            }
        };
        self.papers[at]
            .1
            .as_ref()?
            .items
            .iter()
            .find(|i| i.bank == answer.bank_id && i.question == answer.question_id)
            .map(|i| i.max)
    }

    fn course(&mut self, c: &BundleCompletion) -> Parts {
        let result = Outcome {
            completion: true,
            score: c.best_percent.map(|best| {
                let scaled = (best / 100.0).clamp(0.0, 1.0);
                json!({ "scaled": (scaled * 10_000.0).round() / 10_000.0 })
            }),
            ..Outcome::default()
        };
        (
            self.verb(VERB_COMPLETED),
            self.course_object(&c.course_id),
            result,
            Context::new(None, None),
        )
    }
}

/// A statement's verb, object, result and context.
type Parts = (Part, Part, Outcome, Context);

fn course_activity(pack: &Pack, home: &str, course: &str) -> Value {
    let title = pack.course(course).map(|c| &c.title);
    named_activity(
        format!("{home}/courses/{}", segment(course)),
        title,
        course,
        TYPE_COURSE,
    )
}

fn quiz_activity(pack: &Pack, home: &str, quiz: &str) -> Value {
    let title = pack.quiz(quiz).map(|q| &q.title);
    named_activity(
        format!("{home}/quizzes/{}", segment(quiz)),
        title,
        quiz,
        TYPE_ASSESSMENT,
    )
}

/// An activity named by its title in the pack, or by its id when the pack no longer has it.
fn named_activity(iri: String, title: Option<&Text>, id: &str, kind: &str) -> Value {
    let name = title.map(lang_map).unwrap_or_else(|| plain_map(id));
    activity(iri, name, kind)
}

/// The xAPI interaction type of a question (or, for one the pack no longer has, of its response).
fn interaction_kind(
    question: Option<&Question>,
    response: Option<&Response>,
) -> Option<&'static str> {
    match (question.map(|q| q.kind), response) {
        (Some(QuestionKind::Single | QuestionKind::Multiple), _)
        | (None, Some(Response::Choice(_))) => Some("choice"),
        (Some(QuestionKind::TrueFalse), _) | (None, Some(Response::Bool(_))) => Some("true-false"),
        (Some(QuestionKind::Text), _) | (None, Some(Response::Text(_))) => Some("fill-in"),
        (Some(QuestionKind::Matching), _) | (None, Some(Response::Pairs(_))) => Some("matching"),
        (Some(QuestionKind::Ordering), _) | (None, Some(Response::Order(_))) => Some("sequencing"),
        (None, None) => None,
    }
}

/// The question as a `cmi.interaction` activity: its options and the right response.
fn interaction(
    home: &str,
    answer: &BundleAnswer,
    question: Option<&Question>,
    kind: Option<&str>,
) -> Value {
    let mut def = Map::new();
    def.insert(
        "name".into(),
        question
            .map(|q| lang_map(&q.prompt))
            .unwrap_or_else(|| plain_map(&answer.question_id)),
    );
    def.insert("type".into(), json!(TYPE_INTERACTION));
    if let Some(kind) = kind {
        def.insert("interactionType".into(), json!(kind));
    }
    if let Some(q) = question {
        let pattern: Vec<String> = match q.kind {
            QuestionKind::Single | QuestionKind::Multiple => vec![q
                .options
                .iter()
                .filter(|o| o.correct)
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join("[,]")],
            QuestionKind::TrueFalse => q.answer.map(|b| b.to_string()).into_iter().collect(),
            QuestionKind::Text => q.accept.clone(),
            // Sources are the pairs' ids, targets their right sides numbered in file order.
            QuestionKind::Matching => vec![q
                .pairs
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{}[.]{}", p.id, i + 1))
                .collect::<Vec<_>>()
                .join("[,]")],
            QuestionKind::Ordering => vec![q
                .items
                .iter()
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>()
                .join("[,]")],
        };
        if !pattern.is_empty() && pattern.iter().all(|p| !p.is_empty()) {
            def.insert("correctResponsesPattern".into(), json!(pattern));
        }
        if matches!(q.kind, QuestionKind::Single | QuestionKind::Multiple) {
            let choices: Vec<Value> = q
                .options
                .iter()
                .map(|o| json!({ "id": o.id, "description": lang_map(&o.text) }))
                .collect();
            def.insert("choices".into(), Value::Array(choices));
        }
        if q.kind == QuestionKind::Matching {
            let source: Vec<Value> = q
                .pairs
                .iter()
                .map(|p| json!({ "id": p.id, "description": lang_map(&p.left) }))
                .collect();
            let target: Vec<Value> = q
                .pairs
                .iter()
                .enumerate()
                .map(|(i, p)| json!({ "id": (i + 1).to_string(), "description": lang_map(&p.right) }))
                .collect();
            def.insert("source".into(), Value::Array(source));
            def.insert("target".into(), Value::Array(target));
        }
        if q.kind == QuestionKind::Ordering {
            let choices: Vec<Value> = q
                .items
                .iter()
                .map(|i| json!({ "id": i.id, "description": lang_map(&i.text) }))
                .collect();
            def.insert("choices".into(), Value::Array(choices));
        }
    }
    json!({
        "objectType": "Activity",
        "id": format!(
            "{home}/quizzes/{}/questions/{}",
            segment(&answer.bank_id),
            segment(&answer.question_id)
        ),
        "definition": Value::Object(def),
    })
}

/// The statements for the records of a bundle, oldest first.
pub fn statements(b: &Bundle, pack: &Pack, homepage: &str) -> Vec<Value> {
    let mut builder = Builder::new(pack, homepage, &b.people);
    index(b)
        .iter()
        .map(|(ts, id, item)| {
            serde_json::to_value(builder.build(ts, id, item)).expect("a statement's parts are JSON")
        })
        .collect()
}

/// The statements as one JSON array, with a final newline.
pub fn to_json(statements: &[Value]) -> String {
    let mut s = serde_json::to_string_pretty(statements).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes the statements of a bundle to `w` as [`to_json`] would, one statement at a time (no
/// whole document in memory); wrap a file in a `BufWriter`. Returns how many were written.
pub fn write_json<W: Write + ?Sized>(
    w: &mut W,
    b: &Bundle,
    pack: &Pack,
    homepage: &str,
) -> io::Result<usize> {
    let mut builder = Builder::new(pack, homepage, &b.people);
    let items = index(b);
    if items.is_empty() {
        w.write_all(b"[]\n")?;
        return Ok(0);
    }
    w.write_all(b"[")?;
    for (n, (ts, id, item)) in items.iter().enumerate() {
        w.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        write_statement(w, &builder.build(ts, id, item))?;
    }
    w.write_all(b"\n]\n")?;
    Ok(items.len())
}

/// Writes statements to `w` as [`write_json`] would, from sources that arrive in time order,
/// a second at a time (`Store::stream_statement_sources`): only the sources of one second are
/// held, sorted there by (timestamp, statement id) as [`write_json`] sorts the whole bundle.
pub struct StatementStream<'a, W: Write + ?Sized> {
    builder: Builder<'a>,
    w: &'a mut W,
    second: String,
    pending: Vec<(String, String, StatementSource)>,
    written: usize,
}

impl<'a, W: Write + ?Sized> StatementStream<'a, W> {
    pub fn new(w: &'a mut W, pack: &'a Pack, homepage: &'a str) -> Self {
        StatementStream {
            builder: Builder::new(pack, homepage, &[]),
            w,
            second: String::new(),
            pending: Vec::new(),
            written: 0,
        }
    }

    /// Take the next source; those of an earlier second are written first.
    pub fn push(&mut self, source: StatementSource) -> io::Result<()> {
        if source.second != self.second {
            self.flush_second()?;
            self.second.clone_from(&source.second);
        }
        let (ts, id) = match &source.item {
            SourceItem::Lesson(p) => (
                timestamp(p.completed_at.as_deref().unwrap_or(&p.opened_at)),
                lesson_id(p),
            ),
            SourceItem::Attempt(a) => (
                timestamp(a.ended_at.as_deref().unwrap_or(&a.started_at)),
                attempt_id(a),
            ),
            SourceItem::Answer(a, answer) => (timestamp(&answer.answered_at), answer_id(a, answer)),
            SourceItem::Course(c) => (timestamp(&c.completed_at), course_id(c)),
        };
        self.pending.push((ts, id, source));
        Ok(())
    }

    fn flush_second(&mut self) -> io::Result<()> {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        for (ts, id, source) in &pending {
            let item = match &source.item {
                SourceItem::Lesson(p) => Item::Lesson(p),
                SourceItem::Attempt(a) => Item::Attempt(a),
                SourceItem::Answer(a, answer) => Item::Answer(a, answer),
                SourceItem::Course(c) => Item::Course(c),
            };
            let actor = self.builder.agent(&source.full_name, &source.account);
            let statement = self.builder.build_as(ts, id, &item, actor);
            self.w
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
            write_statement(self.w, &statement)?;
            self.written += 1;
        }
        pending.clear();
        self.pending = pending;
        Ok(())
    }

    /// Write what is left and close the array. Returns how many statements were written.
    pub fn finish(mut self) -> io::Result<usize> {
        self.flush_second()?;
        self.w
            .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        Ok(self.written)
    }
}

/// A score from hundredths of a point: `raw`/`min`/`max` in points (whole numbers as integers,
/// else to the hundredth) and `scaled` to four places; none when the maximum is 0.
fn score(earned: u32, max: u32) -> Option<Value> {
    if max == 0 {
        return None;
    }
    let raw = earned.min(max);
    let scaled = (raw as f64 / max as f64 * 10_000.0).round() / 10_000.0;
    Some(json!({ "scaled": scaled, "raw": points(raw), "min": 0, "max": points(max) }))
}

/// Hundredths of a point as a JSON number of points: 1900 → `19`, 1950 → `19.5`.
fn points(hundredths: u32) -> Value {
    if hundredths.is_multiple_of(100) {
        json!(hundredths / 100)
    } else {
        json!(hundredths as f64 / 100.0)
    }
}

fn statement_id(key: &str) -> String {
    uuid::Uuid::new_v5(&NAMESPACE, format!("xapi/{ID_VERSION} {key}").as_bytes()).to_string()
}

fn verb(id: &str) -> Value {
    let (vi, en) = match id {
        VERB_PASSED => ("đã đạt", "passed"),
        VERB_FAILED => ("chưa đạt", "failed"),
        VERB_ANSWERED => ("đã trả lời", "answered"),
        _ => ("đã hoàn thành", "completed"),
    };
    json!({ "id": id, "display": { "vi-VN": vi, "en-US": en } })
}

fn activity(id: String, name: Value, kind: &str) -> Value {
    json!({
        "objectType": "Activity",
        "id": id,
        "definition": { "name": name, "type": kind }
    })
}

fn lang_map(t: &Text) -> Value {
    json!({ "vi-VN": t.get(Lang::Vi), "en-US": t.get(Lang::En) })
}

fn plain_map(s: &str) -> Value {
    json!({ "vi-VN": s, "en-US": s })
}

/// A path segment of an IRI: unreserved characters as they are, everything else
/// percent-encoded (UTF-8).
fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A stored time as an ISO 8601 timestamp in UTC ("…Z"); kept as it is if it does not parse.
fn timestamp(s: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    // A stored stamp is already that (it formats back to itself).
    if danvan_domain::dates::is_utc_stamp(s) {
        return s.to_string();
    }
    time::OffsetDateTime::parse(s, &Rfc3339)
        .ok()
        .and_then(|t| t.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok())
        .unwrap_or_else(|| s.to_string())
}

/// Active time as an ISO 8601 duration, to the hundredth of a second: `PT4M12S`, `PT1H0M5.5S`.
pub fn duration(ms: u64) -> String {
    let cs = ms / 10;
    let (h, m, s, frac) = (cs / 360_000, cs / 6_000 % 60, cs / 100 % 60, cs % 100);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || frac > 0 || (h == 0 && m == 0) {
        if frac == 0 {
            out.push_str(&format!("{s}S"));
        } else {
            let f = format!("{frac:02}");
            out.push_str(&format!("{s}.{}S", f.trim_end_matches('0')));
        }
    }
    out
}

mod shape;

#[cfg(test)]
mod tests;

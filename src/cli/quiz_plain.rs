//! `danvan quiz ID --plain`: the same quiz line by line on standard input and output, for
//! screen readers and scripts. Same engine, same grading, same stored attempt as the TUI.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::time::Instant;

use fluent_bundle::FluentValue;

use crate::boot::{load_pack, open_store, Context};
use crate::domain::attempt::AttemptStatus;
use crate::domain::content::{Pack, QuestionKind};
use crate::domain::i18n::Msg;
use crate::domain::people::{NewPerson, Person};
use crate::domain::present::{
    chosen_feedback, citation_text, option_label, points, response_text, right_answer_text,
};
use crate::domain::quiz::{PaperItem, Response};
use crate::domain::text::{fold, nfc};
use crate::service::learning::{self, Begin};
use crate::store::{settings, Store};

/// Parse a typed answer for the question shown with `item`'s option order.
pub fn parse_response(
    kind: QuestionKind,
    item: &PaperItem,
    q: &crate::domain::content::Question,
    line: &str,
) -> Option<Response> {
    let line = nfc(line.trim());
    match kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let mut ids = Vec::new();
            for part in line.split([',', ' ', ';']).filter(|p| !p.is_empty()) {
                let shown = match part.chars().next()? {
                    c @ 'a'..='z' if part.chars().count() == 1 => c as usize - 'a' as usize,
                    c @ 'A'..='Z' if part.chars().count() == 1 => c as usize - 'A' as usize,
                    _ => part.parse::<usize>().ok()?.checked_sub(1)?,
                };
                let id = q.options.get(*item.order.get(shown)?)?.id.clone();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if ids.is_empty() || (kind == QuestionKind::Single && ids.len() != 1) {
                return None;
            }
            Some(Response::Choice(ids))
        }
        QuestionKind::TrueFalse => match fold(&line).as_str() {
            "dung" | "d" | "true" | "t" | "dung." | "yes" | "y" | "co" => {
                Some(Response::Bool(true))
            }
            "sai" | "s" | "false" | "f" | "no" | "n" | "khong" => Some(Response::Bool(false)),
            _ => None,
        },
        QuestionKind::Text => (!line.is_empty()).then_some(Response::Text(line)),
        QuestionKind::Matching | QuestionKind::Ordering => {
            parse_arranged(kind, item, q, &line).ok()
        }
    }
}

/// A matching answer (`a-2, b-1`: each letter of the left column with the number of its match on
/// the right) or an ordering one (`c, a, b`: every letter once, first to last); the error says
/// what is wrong with it.
pub fn parse_arranged(
    kind: QuestionKind,
    item: &PaperItem,
    q: &crate::domain::content::Question,
    line: &str,
) -> Result<Response, Msg> {
    let letter = |s: &str| -> Option<usize> {
        let mut cs = s.chars();
        let c = cs.next()?.to_ascii_lowercase();
        (cs.next().is_none() && c.is_ascii_lowercase()).then(|| c as usize - 'a' as usize)
    };
    let unknown = |part: &str| Msg::new("plain-arranged-unknown").arg("part", part);
    let twice = |part: &str| Msg::new("plain-arranged-twice").arg("part", part);
    let missing = |n: usize, done: &[usize]| {
        let left: Vec<String> = (0..n)
            .filter(|i| !done.contains(i))
            .map(|i| option_label(i).to_string())
            .collect();
        Msg::new("plain-arranged-missing").arg("letters", left.join(", "))
    };
    let seps: &[char] = if kind == QuestionKind::Matching {
        &[',', ';']
    } else {
        &[',', ';', ' ']
    };
    let parts: Vec<&str> = line
        .split(seps)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut done: Vec<usize> = Vec::new();
    if kind == QuestionKind::Matching {
        let mut given = Vec::new();
        for part in parts {
            // "a-2", "a 2", "a2", "a=2".
            let mut cs = part.chars();
            let (l, rest) = match cs.next() {
                Some(c) => (c.to_string(), cs.as_str()),
                None => continue,
            };
            let number = rest.trim_start_matches([' ', '-', '=', ':', '>']).trim();
            let (Some(left), Ok(right)) = (letter(&l), number.parse::<usize>()) else {
                return Err(Msg::new("plain-matching-format").arg("part", part));
            };
            let pair = q.pairs.get(left).ok_or_else(|| unknown(part))?;
            let target = right
                .checked_sub(1)
                .and_then(|r| item.order.get(r))
                .and_then(|&i| q.pairs.get(i))
                .ok_or_else(|| unknown(part))?;
            if done.contains(&left) {
                return Err(twice(&l));
            }
            done.push(left);
            given.push((pair.id.clone(), target.id.clone()));
        }
        if done.len() < q.pairs.len() {
            return Err(missing(q.pairs.len(), &done));
        }
        Ok(Response::Pairs(given))
    } else {
        let mut ids = Vec::new();
        for part in parts {
            let shown = letter(part).ok_or_else(|| unknown(part))?;
            let i = *item.order.get(shown).ok_or_else(|| unknown(part))?;
            let it = q.items.get(i).ok_or_else(|| unknown(part))?;
            if done.contains(&shown) {
                return Err(twice(part));
            }
            done.push(shown);
            ids.push(it.id.clone());
        }
        if done.len() < item.order.len() {
            return Err(missing(item.order.len(), &done));
        }
        Ok(Response::Order(ids))
    }
}

/// The official: by staff code, else the last profile, else a new profile named on standard input.
pub(super) fn find_person(
    ctx: &Context,
    store: &mut Store,
    staff_code: Option<&str>,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<Person, ExitCode> {
    if let Some(code) = staff_code {
        return match store.person_by_staff_code(code) {
            Ok(Some(p)) => Ok(p),
            Ok(None) => Err(ctx.fail(&Msg::new("plain-no-person").arg("code", code))),
            Err(e) => Err(ctx.fail(&e.msg())),
        };
    }
    if let Some(p) = store
        .setting(settings::LAST_PERSON)
        .ok()
        .flatten()
        .and_then(|id| store.person(&id).ok().flatten())
    {
        return Ok(p);
    }
    let _ = write!(out, "{} ", ctx.i18n().t("plain-ask-name"));
    let _ = out.flush();
    let mut name = String::new();
    if input.read_line(&mut name).unwrap_or(0) == 0 || name.trim().is_empty() {
        return Err(ctx.fail(&Msg::new("profile-error-name")));
    }
    match store.add_person(&NewPerson {
        full_name: name,
        ..Default::default()
    }) {
        Ok(p) => {
            let _ = store.set_setting(settings::LAST_PERSON, &p.id);
            Ok(p)
        }
        Err(e) => Err(ctx.fail(&e.msg())),
    }
}

pub fn run(ctx: &Context, quiz_id: &str, staff_code: Option<&str>, seed: Option<u64>) -> ExitCode {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let pack = match load_pack(ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some(quiz) = pack.quiz(quiz_id) else {
        return ctx.fail(&Msg::new("plain-no-quiz").arg("quiz", quiz_id));
    };
    // A busy database makes an answer wait, with a line saying why after a second.
    let line = ctx.say(&Msg::new("store-waiting").arg("path", store.path().display()));
    crate::store::set_wait_notice(move |_| eprintln!("{line}"));
    // Answers are never written into a damaged file: one check before the first.
    if let Err(e) = store.ensure_intact() {
        return ctx.fail(&e.msg());
    }
    let person = match find_person(ctx, &mut store, staff_code, &mut input, &mut out) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match play(
        ctx, &pack, &mut store, &person, quiz, seed, &mut input, &mut out,
    ) {
        Ok(code) => code,
        Err(e) => ctx.fail(&e.msg()),
    }
}

#[allow(clippy::too_many_arguments)]
fn play(
    ctx: &Context,
    pack: &Pack,
    store: &mut Store,
    person: &Person,
    quiz: &crate::domain::content::Quiz,
    seed: Option<u64>,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> crate::store::Result<ExitCode> {
    let i18n = ctx.i18n();
    let lang = ctx.lang;
    let say = |out: &mut dyn Write, text: String| {
        let _ = writeln!(out, "{text}");
    };
    say(out, format!("== {} ==", quiz.title.get(lang)));
    let (attempt, answered) = loop {
        let begun = match (seed, store.open_attempt(&person.id, &quiz.id, false)?) {
            // A chosen seed starts a fresh attempt unless one is already open.
            (Some(seed), None) => {
                Begin::Started(learning::start(store, pack, &person.id, quiz, seed)?)
            }
            _ => learning::begin(store, pack, &person.id, quiz, learning::today())?,
        };
        match begun {
            Begin::Started(a) => break (a, Vec::new()),
            Begin::Resumed(a, answers) => {
                say(
                    out,
                    i18n.ta(
                        "plain-resumed",
                        &[
                            ("done", answers.len().into()),
                            ("total", a.paper.items.len().into()),
                        ],
                    ),
                );
                break (a, answers);
            }
            Begin::ClosedChanged(a) => {
                say(
                    out,
                    i18n.ta(
                        "quiz-closed-changed",
                        &[(
                            "score",
                            crate::domain::text::percent(a.percent().unwrap_or(0.0), lang.is_vi())
                                .into(),
                        )],
                    ),
                );
            }
            Begin::LimitReached { used, max } => {
                let _ = writeln!(
                    std::io::stderr(),
                    "danvan: {}",
                    i18n.ta(
                        "quiz-limit-reached",
                        &[("used", used.into()), ("max", max.into())]
                    )
                );
                return Ok(ExitCode::from(1));
            }
        }
    };
    let total = attempt.paper.items.len();
    let mut active_ms = attempt.active_ms;
    let mut timed_out = false;
    for (position, item) in attempt.paper.items.iter().enumerate() {
        if answered.iter().any(|a| a.position == position) {
            continue;
        }
        let Some(q) = crate::domain::quiz::engine::question(pack, item) else {
            continue;
        };
        let _ = writeln!(out);
        say(
            out,
            i18n.ta(
                "quiz-question-n",
                &[("n", (position + 1).into()), ("total", total.into())],
            ),
        );
        say(out, q.prompt.get(lang).to_string());
        match q.kind {
            QuestionKind::Single | QuestionKind::Multiple => {
                for (shown, &i) in item.order.iter().enumerate() {
                    if let Some(o) = q.options.get(i) {
                        say(
                            out,
                            format!("{}) {}", option_label(shown), o.text.get(lang)),
                        );
                    }
                }
                let hint = if q.kind == QuestionKind::Single {
                    "plain-hint-single"
                } else {
                    "plain-hint-multiple"
                };
                say(out, i18n.t(hint));
            }
            QuestionKind::Matching => {
                for (left, p) in q.pairs.iter().enumerate() {
                    say(out, format!("{}) {}", option_label(left), p.left.get(lang)));
                }
                for (shown, &i) in item.order.iter().enumerate() {
                    if let Some(p) = q.pairs.get(i) {
                        say(out, format!("{}) {}", shown + 1, p.right.get(lang)));
                    }
                }
                say(out, i18n.t("plain-hint-matching"));
            }
            QuestionKind::Ordering => {
                for (shown, &i) in item.order.iter().enumerate() {
                    if let Some(it) = q.items.get(i) {
                        say(
                            out,
                            format!("{}) {}", option_label(shown), it.text.get(lang)),
                        );
                    }
                }
                say(out, i18n.t("plain-hint-ordering"));
            }
            QuestionKind::TrueFalse => say(out, i18n.t("plain-hint-true-false")),
            QuestionKind::Text => say(out, i18n.t("plain-hint-text")),
        }
        let started = Instant::now();
        let response = loop {
            let _ = write!(out, "> ");
            let _ = out.flush();
            let mut line = String::new();
            if input.read_line(&mut line).unwrap_or(0) == 0 {
                // End of input: the attempt stays open with every answer so far.
                let _ = writeln!(out);
                say(out, i18n.t("plain-saved-for-later"));
                return Ok(ExitCode::SUCCESS);
            }
            if matches!(q.kind, QuestionKind::Matching | QuestionKind::Ordering) {
                match parse_arranged(q.kind, item, q, &line) {
                    Ok(r) => break r,
                    Err(m) => say(out, i18n.msg(&m)),
                }
            } else {
                match parse_response(q.kind, item, q, &line) {
                    Some(r) => break r,
                    None => say(out, i18n.t("plain-bad-answer")),
                }
            }
        };
        active_ms += started.elapsed().as_millis() as u64;
        let Some(grade) = learning::answer(
            store,
            pack,
            &attempt,
            position,
            &response,
            active_ms,
            learning::today(),
        )?
        else {
            continue;
        };
        let verdict = if grade.correct {
            i18n.t("quiz-right")
        } else if grade.earned > 0 {
            i18n.ta(
                "quiz-partly",
                &[
                    ("points", points(grade.earned, lang.is_vi()).into()),
                    ("max", points(grade.max, lang.is_vi()).into()),
                ],
            )
        } else {
            i18n.t("quiz-wrong")
        };
        say(out, verdict);
        if !grade.correct {
            say(
                out,
                format!(
                    "{}: {}",
                    i18n.t("quiz-right-answer"),
                    right_answer_text(q, item, i18n)
                ),
            );
        }
        say(out, q.explanation.get(lang).to_string());
        let chosen = chosen_feedback(q, item, &response, lang);
        if !chosen.is_empty() {
            say(out, format!("{}:", i18n.t("quiz-option-feedback")));
            for f in chosen {
                say(out, format!("  {f}"));
            }
        }
        for c in &q.cites {
            say(
                out,
                format!(
                    "  - {}",
                    citation_text(pack, i18n, &c.source, c.reference.as_deref())
                ),
            );
        }
        if learning::time_is_up(quiz, active_ms) {
            timed_out = true;
            say(out, i18n.t("quiz-time-up"));
            break;
        }
    }
    let status = if timed_out {
        AttemptStatus::TimedOut
    } else {
        AttemptStatus::Submitted
    };
    let done = learning::finish(store, pack, &attempt, status, active_ms, learning::today())?;
    let _ = writeln!(out);
    let args: Vec<(&str, FluentValue)> = vec![
        (
            "earned",
            points(done.earned.unwrap_or(0), lang.is_vi()).into(),
        ),
        (
            "max",
            points(done.max_points.unwrap_or(0), lang.is_vi()).into(),
        ),
        (
            "percent",
            crate::domain::text::percent(done.percent().unwrap_or(0.0), lang.is_vi()).into(),
        ),
        ("pass", quiz.pass_mark.into()),
    ];
    say(out, i18n.ta("quiz-result", &args));
    say(
        out,
        i18n.t(if done.passed == Some(true) {
            "quiz-passed"
        } else {
            "quiz-failed"
        }),
    );
    for (position, item) in done.paper.items.iter().enumerate() {
        let Some(q) = crate::domain::quiz::engine::question(pack, item) else {
            continue;
        };
        let answers = store.answers(&done.id)?;
        let mark = match answers.iter().find(|a| a.position == position) {
            Some(a) if a.correct => "✓".to_string(),
            Some(a) => format!("✗ ({})", response_text(q, item, &a.response, i18n)),
            None => format!("– ({})", i18n.t("quiz-no-answer")),
        };
        say(out, format!("{:>2}. {mark}", position + 1));
    }
    if let Some(course) = &quiz.course {
        if store.completion(&person.id, course)?.is_some() {
            say(out, i18n.t("quiz-course-completed"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

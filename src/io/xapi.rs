//! xAPI 1.0.3 statements for a Learning Record Store: each lesson read to its end, each finished
//! official quiz attempt (passed or failed, with its score and active time) and each course
//! completion, as one JSON array an LRS takes as it is.
//!
//! Statement ids are UUID v5 in a fixed namespace, derived from the record's key and the kind of
//! statement, so exporting twice gives the same statements and an LRS keeps one copy of each.
//! Activity ids live under a configurable home page (`--homepage`, default
//! `https://danvan.local`); the actor is the official's account on that home page, named by the
//! staff code (or the person's UUID when there is none).

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::domain::bundle::{Bundle, BundlePerson, NAMESPACE};
use crate::domain::content::{Pack, Text};
use crate::domain::i18n::Lang;

/// The xAPI version the statements follow.
pub const XAPI_VERSION: &str = "1.0.3";
/// The home page when none is given.
pub const DEFAULT_HOMEPAGE: &str = "https://danvan.local";

pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const TYPE_LESSON: &str = "http://adlnet.gov/expapi/activities/lesson";
pub const TYPE_ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
pub const TYPE_COURSE: &str = "http://adlnet.gov/expapi/activities/course";

/// The statements for the records of a bundle, oldest first.
pub fn statements(b: &Bundle, pack: &Pack, homepage: &str) -> Vec<Value> {
    let home = homepage.trim().trim_end_matches('/');
    let people: HashMap<&str, &BundlePerson> =
        b.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let actor = |person_id: &str| -> Value {
        let (name, account) = match people.get(person_id) {
            Some(p) => (
                p.full_name.as_str(),
                p.staff_code.as_deref().unwrap_or(&p.id),
            ),
            None => (person_id, person_id),
        };
        json!({
            "objectType": "Agent",
            "name": name,
            "account": { "homePage": home, "name": account }
        })
    };
    let course_activity = |course: &str| -> Value {
        let name = pack
            .course(course)
            .map(|c| lang_map(&c.title))
            .unwrap_or_else(|| plain_map(course));
        activity(
            format!("{home}/courses/{}", segment(course)),
            name,
            TYPE_COURSE,
        )
    };
    let context = |course: Option<&str>| -> Value {
        let mut c = Map::new();
        if let Some(course) = course {
            c.insert(
                "contextActivities".into(),
                json!({ "parent": [course_activity(course)] }),
            );
        }
        c.insert("platform".into(), json!("danvan"));
        c.insert("language".into(), json!("vi-VN"));
        Value::Object(c)
    };

    // (timestamp, id, statement), sorted at the end.
    let mut out: Vec<(String, String, Value)> = Vec::new();

    for p in &b.lesson_progress {
        let Some(done) = &p.completed_at else {
            continue;
        };
        let name = pack
            .course(&p.course_id)
            .and_then(|c| c.lessons.iter().find(|l| l.id == p.lesson_id))
            .map(|l| lang_map(&l.title))
            .unwrap_or_else(|| plain_map(&p.lesson_id));
        let id = statement_id(&format!(
            "lesson completed {} {} {}",
            p.person_id, p.course_id, p.lesson_id
        ));
        let object = activity(
            format!(
                "{home}/courses/{}/lessons/{}",
                segment(&p.course_id),
                segment(&p.lesson_id)
            ),
            name,
            TYPE_LESSON,
        );
        let ts = timestamp(done);
        let s = json!({
            "id": id,
            "actor": actor(&p.person_id),
            "verb": verb(VERB_COMPLETED),
            "object": object,
            "result": { "completion": true },
            "context": context(Some(&p.course_id)),
            "timestamp": ts,
            "version": XAPI_VERSION,
        });
        out.push((ts, id, s));
    }

    for a in b
        .attempts
        .iter()
        .filter(|a| !a.practice && a.status != "open")
    {
        let name = pack
            .quiz(&a.quiz_id)
            .map(|q| lang_map(&q.title))
            .unwrap_or_else(|| plain_map(&a.quiz_id));
        let passed = a.passed == Some(true);
        let mut result = Map::new();
        if let (Some(earned), Some(max)) = (a.earned, a.max_points) {
            if max > 0 {
                let raw = earned.min(max);
                let scaled = (raw as f64 / max as f64 * 10_000.0).round() / 10_000.0;
                result.insert(
                    "score".into(),
                    json!({ "scaled": scaled, "raw": raw, "min": 0, "max": max }),
                );
            }
        }
        result.insert("success".into(), json!(passed));
        result.insert("completion".into(), json!(true));
        result.insert("duration".into(), json!(duration(a.active_ms)));
        let id = statement_id(&format!("attempt finished {}", a.id));
        let ts = timestamp(a.ended_at.as_deref().unwrap_or(&a.started_at));
        let s = json!({
            "id": id,
            "actor": actor(&a.person_id),
            "verb": verb(if passed { VERB_PASSED } else { VERB_FAILED }),
            "object": activity(format!("{home}/quizzes/{}", segment(&a.quiz_id)), name, TYPE_ASSESSMENT),
            "result": Value::Object(result),
            "context": context(a.course_id.as_deref()),
            "timestamp": ts,
            "version": XAPI_VERSION,
        });
        out.push((ts, id, s));
    }

    for c in &b.course_completions {
        let mut result = Map::new();
        if let Some(best) = c.best_percent {
            let scaled = (best / 100.0).clamp(0.0, 1.0);
            result.insert(
                "score".into(),
                json!({ "scaled": (scaled * 10_000.0).round() / 10_000.0 }),
            );
        }
        result.insert("completion".into(), json!(true));
        let id = statement_id(&format!("course completed {} {}", c.person_id, c.course_id));
        let ts = timestamp(&c.completed_at);
        let s = json!({
            "id": id,
            "actor": actor(&c.person_id),
            "verb": verb(VERB_COMPLETED),
            "object": course_activity(&c.course_id),
            "result": Value::Object(result),
            "context": context(None),
            "timestamp": ts,
            "version": XAPI_VERSION,
        });
        out.push((ts, id, s));
    }

    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out.into_iter().map(|(_, _, s)| s).collect()
}

/// The statements as one JSON array, with a final newline.
pub fn to_json(statements: &[Value]) -> String {
    let mut s = serde_json::to_string_pretty(statements).unwrap_or_default();
    s.push('\n');
    s
}

fn statement_id(key: &str) -> String {
    uuid::Uuid::new_v5(&NAMESPACE, format!("xapi {key}").as_bytes()).to_string()
}

fn verb(id: &str) -> Value {
    let (vi, en) = match id {
        VERB_PASSED => ("đã đạt", "passed"),
        VERB_FAILED => ("chưa đạt", "failed"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_segments() {
        assert_eq!(duration(0), "PT0S");
        assert_eq!(duration(252_000), "PT4M12S");
        assert_eq!(duration(3_600_000), "PT1H");
        assert_eq!(duration(3_605_500), "PT1H5.5S");
        assert_eq!(duration(61_234), "PT1M1.23S");
        assert_eq!(segment("nhiem-vu-01"), "nhiem-vu-01");
        assert_eq!(segment("a b/ạ"), "a%20b%2F%E1%BA%A1");
        assert_eq!(
            timestamp("2026-11-26T14:05:09+07:00"),
            "2026-11-26T07:05:09Z"
        );
    }
}

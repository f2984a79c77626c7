//! Tests of the xAPI statements: ids, shapes, order and the streamed writer.

use super::*;
use crate::domain::content::{AnswerOption, Quiz};

fn question(id: &str, kind: QuestionKind, points: u32) -> Question {
    Question {
        id: id.into(),
        kind,
        lesson: "mot-cua/bai-1".into(),
        points,
        prompt: Text::new(&format!("Câu {id}?"), Some(&format!("Question {id}?"))),
        explanation: Text::default(),
        options: Vec::new(),
        answer: None,
        accept: Vec::new(),
        ignore_diacritics: false,
        pairs: Vec::new(),
        items: Vec::new(),
        cites: Vec::new(),
        same_as: None,
    }
}

/// A quiz of three questions (2 + 1 + 1 points) and one official's finished attempt at it:
/// the choice right, the true-false wrong, the fill-in right: 3 of 4 points.
fn fixture() -> (Bundle, Pack) {
    let mut choice = question("c1", QuestionKind::Single, 2);
    choice.options = ["a", "b"]
        .iter()
        .map(|o| AnswerOption {
            id: o.to_string(),
            text: Text::new(&format!("Phương án {o}"), None),
            correct: *o == "a",
            credit: None,
            feedback: None,
        })
        .collect();
    let mut tf = question("t1", QuestionKind::TrueFalse, 1);
    tf.answer = Some(true);
    let mut fill = question("f1", QuestionKind::Text, 1);
    fill.accept = vec!["Hà Nội".into(), "Ha Noi".into()];
    let quiz = Quiz {
        id: "q-thu".into(),
        version: "1".into(),
        course: Some("mot-cua".into()),
        title: Text::new("Kiểm tra thử", Some("Trial quiz")),
        pass_mark: 70,
        questions_per_attempt: None,
        shuffle_questions: false,
        shuffle_options: false,
        time_limit_minutes: None,
        max_attempts: None,
        draw: Vec::new(),
        questions: vec![choice, tf, fill],
    };
    let pack = Pack {
        quizzes: vec![quiz],
        ..Default::default()
    };
    let person = "0f3c2b8e-6a4d-4c1e-9b7a-2d5e8f1a3c4b";
    let attempt = "6b1d9e2a-7c3f-4a8b-9e0d-1f2a3b4c5d6e";
    let answer =
        |position: u32, q: &str, response: &str, correct: bool, earned: u32| BundleAnswer {
            position,
            bank_id: "q-thu".into(),
            question_id: q.into(),
            response: response.into(),
            correct,
            earned,
            answered_at: format!("2026-11-26T14:0{position}:30+07:00"),
            active_ms: 20_500,
        };
    let b = Bundle {
        format: "danvan-records".into(),
        version: 1,
        exported_at: "2026-11-27T08:00:00Z".into(),
        source_db: "db".into(),
        demo: false,
        units: Vec::new(),
        people: vec![BundlePerson {
            id: person.into(),
            full_name: "Nguyễn Thị Hoa".into(),
            staff_code: Some("CB001".into()),
            unit_id: None,
            position: String::new(),
            appointed_on: None,
            created_at: "2026-11-01T00:00:00Z".into(),
            updated_at: "2026-11-01T00:00:00Z".into(),
            origin: None,
        }],
        lesson_progress: Vec::new(),
        course_completions: Vec::new(),
        attempts: vec![BundleAttempt {
            id: attempt.into(),
            person_id: person.into(),
            quiz_id: "q-thu".into(),
            quiz_version: "1".into(),
            content_hash: "h".into(),
            course_id: Some("mot-cua".into()),
            seed: 7,
            paper: "q-thu|c1|200|0,1\nq-thu|t1|100|\nq-thu|f1|100|".into(),
            practice: false,
            status: "finished".into(),
            started_at: "2026-11-26T14:00:00+07:00".into(),
            ended_at: Some("2026-11-26T14:05:09+07:00".into()),
            active_ms: 252_000,
            earned: Some(300),
            max_points: Some(400),
            passed: Some(true),
            answers: vec![
                answer(0, "c1", "choice:a", true, 200),
                answer(1, "t1", "bool:false", false, 0),
                answer(2, "f1", "text:Hà Nội", true, 100),
            ],
        }],
        assessments: Vec::new(),
    };
    (b, pack)
}

#[test]
fn scores_are_in_points_and_each_answer_is_an_interaction() {
    assert_eq!(points(1900), json!(19));
    assert_eq!(points(1950), json!(19.5));
    assert_eq!(points(1933), json!(19.33));
    let (b, pack) = fixture();
    let s = statements(&b, &pack, "https://so.example.vn/");
    // Three answers (14:00:30, 14:01:30, 14:02:30), then the attempt (14:05:09).
    assert_eq!(s.len(), 4);
    let verbs: Vec<&str> = s
        .iter()
        .map(|s| s["verb"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        verbs,
        [VERB_ANSWERED, VERB_ANSWERED, VERB_ANSWERED, VERB_PASSED]
    );
    assert_eq!(
        s[3]["result"]["score"],
        json!({ "scaled": 0.75, "raw": 3, "min": 0, "max": 4 })
    );
    assert_eq!(s[3]["context"]["registration"], b.attempts[0].id);
    let kinds: Vec<&str> = s[..3]
        .iter()
        .map(|s| {
            s["object"]["definition"]["interactionType"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(kinds, ["choice", "true-false", "fill-in"]);
    for st in &s[..3] {
        assert_eq!(st["object"]["definition"]["type"], TYPE_INTERACTION);
        assert_eq!(st["context"]["registration"], b.attempts[0].id);
        assert_eq!(
            st["context"]["contextActivities"]["parent"][0]["id"],
            "https://so.example.vn/quizzes/q-thu"
        );
    }
    assert_eq!(
        s[0]["object"]["definition"]["correctResponsesPattern"],
        json!(["a"])
    );
    assert_eq!(s[0]["result"]["score"]["max"], json!(2));
    assert_eq!(s[1]["result"]["response"], "false");
    assert_eq!(s[1]["result"]["success"], false);
    assert_eq!(s[1]["result"]["score"]["raw"], json!(0));
    assert_eq!(
        s[2]["object"]["definition"]["correctResponsesPattern"],
        json!(["Hà Nội", "Ha Noi"])
    );
    assert_eq!(s[2]["result"]["response"], "Hà Nội");
}

/// Once pushed, a statement with this id must say exactly this: an LRS answers 409 to a
/// differing one. Changing these bytes means bumping [`ID_VERSION`] (new ids), never editing
/// the expected text alone.
#[test]
fn matching_and_ordering_are_matching_and_sequencing_interactions() {
    use crate::domain::content::{OrderItem, Pair};
    let (mut b, mut pack) = fixture();
    let mut m = question("m1", QuestionKind::Matching, 3);
    m.pairs = [("a", "Luật", "2022"), ("b", "Pháp lệnh", "2007")]
        .iter()
        .map(|(id, l, r)| Pair {
            id: id.to_string(),
            left: Text::new(l, None),
            right: Text::new(r, None),
        })
        .collect();
    let mut o = question("o1", QuestionKind::Ordering, 2);
    o.items = ["c", "a", "b"]
        .iter()
        .map(|id| OrderItem {
            id: id.to_string(),
            text: Text::new(id, None),
        })
        .collect();
    pack.quizzes[0].questions.extend([m, o]);
    let answer =
        |position: u32, q: &str, response: &str, correct: bool, earned: u32| BundleAnswer {
            position,
            bank_id: "q-thu".into(),
            question_id: q.into(),
            response: response.into(),
            correct,
            earned,
            answered_at: format!("2026-11-26T14:0{position}:40+07:00"),
            active_ms: 1_000,
        };
    b.attempts[0].answers.extend([
        answer(3, "m1", "pairs:a=b,b=a", false, 0),
        answer(4, "o1", "order:c,b,a", false, 66),
    ]);
    let s = statements(&b, &pack, "https://so.example.vn/");
    let find = |q: &str| {
        s.iter()
            .find(|x| {
                x["object"]["id"]
                    .as_str()
                    .is_some_and(|id| id.ends_with(&format!("/questions/{q}")))
            })
            .unwrap()
    };
    let m = &find("m1")["object"]["definition"];
    assert_eq!(m["interactionType"], "matching");
    assert_eq!(m["correctResponsesPattern"], json!(["a[.]1[,]b[.]2"]));
    assert_eq!(
        m["source"],
        json!([
            { "id": "a", "description": { "vi-VN": "Luật", "en-US": "Luật" } },
            { "id": "b", "description": { "vi-VN": "Pháp lệnh", "en-US": "Pháp lệnh" } }
        ])
    );
    assert_eq!(m["target"][0]["id"], "1");
    assert_eq!(m["target"][1]["description"]["vi-VN"], "2007");
    assert_eq!(find("m1")["result"]["response"], "a[.]2[,]b[.]1");
    let o = &find("o1")["object"]["definition"];
    assert_eq!(o["interactionType"], "sequencing");
    assert_eq!(o["correctResponsesPattern"], json!(["c[,]a[,]b"]));
    let ids: Vec<&str> = o["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c", "a", "b"]);
    assert_eq!(find("o1")["result"]["response"], "c[,]b[,]a");
    assert_eq!(
        find("o1")["result"]["score"],
        json!({ "scaled": 0.33, "raw": 0.66, "min": 0, "max": 2 })
    );
}

#[test]
fn statement_bytes_are_fixed() {
    let (b, pack) = fixture();
    let s = statements(&b, &pack, DEFAULT_HOMEPAGE);
    let got = serde_json::to_string(&s[0]).unwrap();
    assert_eq!(got, PINNED);
}

const PINNED: &str = r#"{"actor":{"account":{"homePage":"https://danvan.local","name":"CB001"},"name":"Nguyễn Thị Hoa","objectType":"Agent"},"context":{"contextActivities":{"grouping":[{"definition":{"name":{"en-US":"mot-cua","vi-VN":"mot-cua"},"type":"http://adlnet.gov/expapi/activities/course"},"id":"https://danvan.local/courses/mot-cua","objectType":"Activity"}],"parent":[{"definition":{"name":{"en-US":"Trial quiz","vi-VN":"Kiểm tra thử"},"type":"http://adlnet.gov/expapi/activities/assessment"},"id":"https://danvan.local/quizzes/q-thu","objectType":"Activity"}]},"language":"vi-VN","platform":"danvan","registration":"6b1d9e2a-7c3f-4a8b-9e0d-1f2a3b4c5d6e"},"id":"72ee0baa-3a79-5313-8c9c-bbb8aa254b6a","object":{"definition":{"choices":[{"description":{"en-US":"Phương án a","vi-VN":"Phương án a"},"id":"a"},{"description":{"en-US":"Phương án b","vi-VN":"Phương án b"},"id":"b"}],"correctResponsesPattern":["a"],"interactionType":"choice","name":{"en-US":"Question c1?","vi-VN":"Câu c1?"},"type":"http://adlnet.gov/expapi/activities/cmi.interaction"},"id":"https://danvan.local/quizzes/q-thu/questions/c1","objectType":"Activity"},"result":{"completion":true,"duration":"PT20.5S","response":"a","score":{"max":2,"min":0,"raw":2,"scaled":1.0},"success":true},"timestamp":"2026-11-26T07:00:30Z","verb":{"display":{"en-US":"answered","vi-VN":"đã trả lời"},"id":"http://adlnet.gov/expapi/verbs/answered"},"version":"1.0.3"}"#;

#[test]
fn streaming_gives_the_same_bytes() {
    let (b, pack) = fixture();
    let mut out = Vec::new();
    let n = write_json(&mut out, &b, &pack, DEFAULT_HOMEPAGE).unwrap();
    assert_eq!(n, 4);
    let whole = to_json(&statements(&b, &pack, DEFAULT_HOMEPAGE));
    assert_eq!(String::from_utf8(out).unwrap(), whole);
    let empty = Bundle {
        attempts: Vec::new(),
        ..b
    };
    let mut out = Vec::new();
    assert_eq!(
        write_json(&mut out, &empty, &pack, DEFAULT_HOMEPAGE).unwrap(),
        0
    );
    assert_eq!(String::from_utf8(out).unwrap(), to_json(&[]));
}

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

#[test]
fn a_stored_stamp_is_written_as_rfc3339_would_write_it() {
    use time::format_description::well_known::Rfc3339;
    let parsed_and_written = |s: &str| {
        time::OffsetDateTime::parse(s, &Rfc3339)
            .ok()
            .and_then(|t| t.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok())
            .unwrap_or_else(|| s.to_string())
    };
    for s in [
        "2026-11-26T07:05:09Z",
        "2024-02-29T23:59:59Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "2026-11-26T14:05:09+07:00",
        "2026-11-26T07:05:09.250Z",
        "2026-02-30T07:05:09Z",
        "not a time",
    ] {
        assert_eq!(timestamp(s), parsed_and_written(s), "{s:?}");
    }
}

//! Unit tests of the lrs module.

use super::*;
use std::cell::RefCell;

fn cfg(endpoint: &str, user: Option<&str>) -> LrsConfig {
    LrsConfig {
        endpoint: endpoint.into(),
        user: user.map(str::to_string),
        password: user.map(|_| "pw".to_string()),
        extra_ca: None,
        batch: 50,
    }
}

#[test]
fn statements_url_trims_the_slash_and_appends_statements() {
    let url = |e: &str| Endpoint::parse(e).map(|e| e.statements);
    assert_eq!(
        url("http://127.0.0.1:8100/xAPI/").unwrap(),
        "http://127.0.0.1:8100/xAPI/statements"
    );
    assert_eq!(
        url(" https://lrs.example.com/data/xAPI ").unwrap(),
        "https://lrs.example.com/data/xAPI/statements"
    );
    assert_eq!(
        url("HTTPS://lrs.example.com").unwrap(),
        "https://lrs.example.com/statements"
    );
    // One LRS, one URL (a push remembers what it sent by it): the host in lower case, the
    // path as written.
    assert_eq!(
        url("https://LRS.Example.com:8443/xAPI//").unwrap(),
        "https://lrs.example.com:8443/xAPI/statements"
    );
    assert_eq!(
        url("http://[::1]:9000/xAPI//").unwrap(),
        "http://[::1]:9000/xAPI/statements"
    );
    for bad in [
        "lrs.example.com/xAPI",
        "ftp://lrs.example.com/xAPI",
        "https://lrs.example.com/xAPI?x=1",
        "https://user:pw@lrs.example.com/xAPI",
        "https:///xAPI",
        "https://lrs.example.com:port/xAPI",
        "http://[::1/xAPI",
    ] {
        assert!(
            matches!(url(bad), Err(LrsError::Config(_))),
            "{bad} accepted"
        );
    }
}

#[test]
fn basic_auth_over_plain_http_only_to_loopback() {
    for ok in [
        "http://127.0.0.1:8100/xAPI",
        "http://127.8.9.10/xAPI",
        "http://localhost:8100/xAPI",
        "http://LOCALHOST/xAPI",
        "http://[::1]:8100/xAPI",
        "http://[::ffff:127.0.0.1]/xAPI",
        "https://lrs.example.com/xAPI",
        "https://10.0.0.5/xAPI",
    ] {
        assert!(Lrs::new(&cfg(ok, Some("u"))).is_ok(), "{ok} refused");
    }
    for refused in [
        "http://lrs.example.com/xAPI",
        "http://10.0.0.5:8100/xAPI",
        "http://128.0.0.1/xAPI",
        "http://localhost.example.com/xAPI",
        "http://[::2]/xAPI",
    ] {
        match Lrs::new(&cfg(refused, Some("u"))) {
            Err(e @ LrsError::PlainHttpAuth { .. }) => {
                let m = e.to_string();
                assert!(m.contains("unencrypted") && m.contains("https://"), "{m}")
            }
            Err(e) => panic!("{refused}: wrong error {e}"),
            Ok(_) => panic!("{refused}: basic auth over http allowed"),
        }
        // Without credentials there is nothing to leak.
        assert!(Lrs::new(&cfg(refused, None)).is_ok());
    }
    let mut c = cfg("http://127.0.0.1/xAPI", Some("u"));
    c.password = None;
    assert!(matches!(Lrs::new(&c), Err(LrsError::Config(_))));
    let mut c = cfg("http://127.0.0.1/xAPI", None);
    c.batch = 0;
    assert!(matches!(Lrs::new(&c), Err(LrsError::Config(_))));
}

#[test]
fn basic_auth_header_is_base64_of_user_colon_password() {
    assert_eq!(basic_auth("ci", "secret"), "Basic Y2k6c2VjcmV0");
}

#[test]
fn extra_ca_must_be_a_pem_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let not_pem = dir.path().join("ca.pem");
    std::fs::write(&not_pem, "hello").unwrap();
    let mut c = cfg("https://lrs.example.com/xAPI", Some("u"));
    c.extra_ca = Some(not_pem);
    assert!(matches!(Lrs::new(&c), Err(LrsError::Config(m)) if m.contains("no certificate")));
    c.extra_ca = Some(dir.path().join("missing.pem"));
    assert!(matches!(Lrs::new(&c), Err(LrsError::Config(m)) if m.contains("cannot read")));
}

#[test]
fn more_is_resolved_against_the_origin() {
    let e = Endpoint::parse("http://127.0.0.1:8100/xAPI/").unwrap();
    assert_eq!(
        e.resolve("/xAPI/statements?limit=5&pit_id=None&search_after=d670433a")
            .unwrap(),
        "http://127.0.0.1:8100/xAPI/statements?limit=5&pit_id=None&search_after=d670433a"
    );
    assert_eq!(
        e.resolve("http://127.0.0.1:8100/xAPI/statements?p=2")
            .unwrap(),
        "http://127.0.0.1:8100/xAPI/statements?p=2"
    );
    assert_eq!(
        e.resolve("statements?p=2").unwrap(),
        "http://127.0.0.1:8100/xAPI/statements?p=2"
    );
    for elsewhere in [
        "//evil.example.com/xAPI/statements",
        "http://evil.example.com/xAPI/statements",
        "http://127.0.0.1:8101/xAPI/statements",
        "http://127.0.0.1:8100.evil.example.com/x",
    ] {
        assert!(
            matches!(e.resolve(elsewhere), Err(LrsError::Protocol(_))),
            "{elsewhere}"
        );
    }
}

#[test]
fn conflict_detail_names_the_statement() {
    let body = r#"{"detail":"Differing statements already exist with the same ID: 0A9D1B2C-3D4E-5F60-8172-839405A6B7C8"}"#;
    match verdict(&Reply::Status(409, body.into())) {
        Verdict::Conflict { ids, reason } => {
            assert_eq!(ids, vec!["0a9d1b2c-3d4e-5f60-8172-839405a6b7c8"]);
            assert!(
                reason.starts_with("HTTP 409: Differing statements"),
                "{reason}"
            );
        }
        v => panic!("{v:?}"),
    }
    assert!(uuids_in("A different statement already exists with the same ID").is_empty());
    assert!(uuids_in("x0a9d1b2c-3d4e-5f60-8172-839405a6b7c8").is_empty());
    assert_eq!(
        uuids_in(
            "ids: 00000000-0000-0000-0000-000000000001, 00000000-0000-0000-0000-000000000002."
        )
        .len(),
        2
    );
}

#[test]
fn reasons_come_from_the_lrs() {
    assert_eq!(
        reason(401, r#"{"detail":"Invalid authentication credentials"}"#),
        "HTTP 401: Invalid authentication credentials"
    );
    let pydantic = r#"{"detail":[{"type":"missing","loc":["body",0,"actor"],"msg":"Field required"},
        {"type":"missing","loc":["body",0,"verb"],"msg":"Field required"}]}"#;
    assert_eq!(
        reason(422, pydantic),
        "HTTP 422: body.0.actor: Field required; body.0.verb: Field required"
    );
    assert_eq!(reason(400, r#"{"message":"bad"}"#), "HTTP 400: bad");
    assert_eq!(
        reason(500, "Internal Server Error\n"),
        "HTTP 500: Internal Server Error"
    );
    assert_eq!(reason(502, ""), "HTTP 502");
}

#[test]
fn which_answers_are_retried() {
    let s = |code| verdict(&Reply::Status(code, String::new()));
    for code in [408, 429, 500, 502, 503, 504] {
        assert!(matches!(s(code), Verdict::Retry(_)), "{code}");
    }
    for code in [400, 413, 422] {
        assert!(matches!(s(code), Verdict::Refused(_)), "{code}");
    }
    for code in [301, 401, 403, 404, 405] {
        assert!(matches!(s(code), Verdict::Stop(_)), "{code}");
    }
    assert_eq!(s(204), Verdict::AlreadyThere);
    assert_eq!(
        verdict(&Reply::Status(200, r#"["a","b"]"#.into())),
        Verdict::Stored(Some(vec!["a".into(), "b".into()]))
    );
    let net = |retryable| Reply::Failed {
        retryable,
        reason: "x".into(),
    };
    assert!(matches!(verdict(&net(true)), Verdict::Retry(_)));
    assert!(matches!(verdict(&net(false)), Verdict::Stop(_)));
}

#[test]
fn retries_back_off_and_give_up() {
    let waits = RefCell::new(Vec::new());
    let calls = RefCell::new(0);
    let mut send = || {
        *calls.borrow_mut() += 1;
        Reply::Status(503, r#"{"detail":"busy"}"#.into())
    };
    let out = with_retries(
        &mut send,
        &mut |d| waits.borrow_mut().push(d),
        &AtomicBool::new(false),
    );
    assert_eq!(*calls.borrow(), 5);
    assert_eq!(*waits.borrow(), BACKOFF.to_vec());
    match out {
        Reply::Failed {
            retryable: false,
            reason,
        } => assert_eq!(reason, "HTTP 503: busy (gave up after 5 attempts)"),
        r => panic!("{r:?}"),
    }

    // A network error then success: one wait of 0.5 s.
    let mut replies = vec![
        Reply::Status(204, String::new()),
        Reply::Failed {
            retryable: true,
            reason: "connection refused".into(),
        },
    ];
    let waits = RefCell::new(Vec::new());
    let out = with_retries(
        &mut || replies.pop().unwrap(),
        &mut |d| waits.borrow_mut().push(d),
        &AtomicBool::new(false),
    );
    assert_eq!(out, Reply::Status(204, String::new()));
    assert_eq!(*waits.borrow(), vec![Duration::from_millis(500)]);

    // A refusal is not retried.
    let calls = RefCell::new(0);
    with_retries(
        &mut || {
            *calls.borrow_mut() += 1;
            Reply::Status(422, String::new())
        },
        &mut |_| panic!("slept"),
        &AtomicBool::new(false),
    );
    assert_eq!(*calls.borrow(), 1);
}

fn st(n: u32) -> String {
    format!(r#"{{"id":"00000000-0000-4000-8000-{n:012}","verb":{{"id":"v"}}}}"#)
}

/// A fake LRS that stores by id; a differing statement with a known id gives 409.
fn fake_lrs<'a>(
    store: &'a RefCell<Vec<(String, Value)>>,
    posts: &'a RefCell<Vec<String>>,
) -> impl FnMut(&str) -> Reply + 'a {
    move |body: &str| {
        posts.borrow_mut().push(body.to_string());
        let batch: Vec<Value> = serde_json::from_str(body).unwrap();
        let mut new = Vec::new();
        for s in &batch {
            let id = s["id"].as_str().unwrap().to_string();
            match store.borrow().iter().find(|(i, _)| *i == id) {
                Some((_, old)) if old != s => {
                    return Reply::Status(
                        409,
                        format!(
                            r#"{{"detail":"Differing statements already exist with the same ID: {id}"}}"#
                        ),
                    )
                }
                Some(_) => {}
                None => new.push((id, s.clone())),
            }
        }
        if new.is_empty() {
            return Reply::Status(204, String::new());
        }
        let ids: Vec<String> = new.iter().map(|(i, _)| i.clone()).collect();
        store.borrow_mut().extend(new);
        Reply::Status(200, serde_json::to_string(&ids).unwrap())
    }
}

#[test]
fn push_counts_sent_and_already_there_and_sends_bytes_as_given() {
    let store = RefCell::new(Vec::new());
    let posts = RefCell::new(Vec::new());
    let all: Vec<String> = (1..=7).map(st).collect();
    let mut seen = Vec::new();
    let sum = push_batches(
        all[..4].iter(),
        3,
        &mut fake_lrs(&store, &posts),
        &mut |_| panic!("slept"),
        &mut |d, t| seen.push((d, t)),
        &AtomicBool::new(false),
    );
    assert_eq!((sum.sent, sum.already_there, sum.handled), (4, 0, 4));
    assert_eq!(sum.settled, 4);
    assert_eq!(seen, vec![(3, 4), (4, 4)]);
    assert_eq!(
        posts.borrow()[0],
        format!("[{},{},{}]", all[0], all[1], all[2])
    );

    // Statements 1–4 are there: the batch 4–6 is stored in part (200 listing 5 and 6).
    let sum = push_batches(
        all.iter(),
        3,
        &mut fake_lrs(&store, &posts),
        &mut |_| panic!("slept"),
        &mut |_, _| {},
        &AtomicBool::new(false),
    );
    assert_eq!((sum.sent, sum.already_there, sum.handled), (3, 4, 7));
    assert_eq!(sum.settled, 7);
    assert!(sum.refused.is_empty() && sum.stopped.is_none());
    assert_eq!(store.borrow().len(), 7);
}

#[test]
fn a_conflict_is_refused_by_id_and_the_rest_of_the_batch_still_sent() {
    let store = RefCell::new(Vec::new());
    let posts = RefCell::new(Vec::new());
    push_batches(
        [st(2)].iter(),
        10,
        &mut fake_lrs(&store, &posts),
        &mut |_| {},
        &mut |_, _| {},
        &AtomicBool::new(false),
    );
    let changed = st(2).replace(r#""v""#, r#""w""#);
    let batch = [st(1), changed, st(3), "not json".to_string()];
    let sum = push_batches(
        batch.iter(),
        10,
        &mut fake_lrs(&store, &posts),
        &mut |_| {},
        &mut |_, _| {},
        &AtomicBool::new(false),
    );
    assert_eq!((sum.sent, sum.already_there, sum.handled), (2, 0, 4));
    // Statement 2 (position 1) is the first refused: only statement 1 counts as settled.
    assert_eq!(sum.settled, 1);
    assert_eq!(sum.refused.len(), 2);
    assert_eq!(sum.refused[0].0, "statement 4");
    assert_eq!(sum.refused[1].0, "00000000-0000-4000-8000-000000000002");
    assert!(sum.refused[1].1.contains("Differing statements"));
    assert_eq!(
        posts.borrow().last().unwrap(),
        &format!("[{},{}]", st(1), st(3))
    );
}

#[test]
fn a_fatal_answer_stops_and_cancel_stops_before_sending() {
    let calls = RefCell::new(0);
    let all: Vec<String> = (1..=5).map(st).collect();
    let sum = push_batches(
        all.iter(),
        2,
        &mut |_| {
            *calls.borrow_mut() += 1;
            Reply::Status(
                401,
                r#"{"detail":"Invalid authentication credentials"}"#.into(),
            )
        },
        &mut |_| panic!("slept"),
        &mut |_, _| panic!("progress without a batch done"),
        &AtomicBool::new(false),
    );
    assert_eq!(*calls.borrow(), 1);
    assert_eq!((sum.sent, sum.handled, sum.settled), (0, 0, 0));
    assert_eq!(
        sum.refused,
        vec![(
            "statements 1–2".to_string(),
            "HTTP 401: Invalid authentication credentials".to_string()
        )]
    );
    assert_eq!(
        sum.stopped.as_deref(),
        Some("HTTP 401: Invalid authentication credentials")
    );

    let sum = push_batches(
        all.iter(),
        2,
        &mut |_| panic!("sent after cancel"),
        &mut |_| {},
        &mut |_, _| {},
        &AtomicBool::new(true),
    );
    assert_eq!(sum.stopped.as_deref(), Some("cancelled"));
    assert_eq!(sum.handled, 0);
}

#[test]
fn settled_ends_at_the_first_batch_refused_whole_or_not_tried() {
    let all: Vec<String> = (1..=6).map(st).collect();
    // Batches 1–2 and 5–6 stored, 3–4 refused for its content: settled is 2, handled 6.
    let mut n = 0;
    let sum = push_batches(
        all.iter(),
        2,
        &mut |_| {
            n += 1;
            if n == 2 {
                Reply::Status(400, r#"{"detail":"bad"}"#.into())
            } else {
                Reply::Status(204, String::new())
            }
        },
        &mut |_| {},
        &mut |_, _| {},
        &AtomicBool::new(false),
    );
    assert_eq!((sum.already_there, sum.handled, sum.settled), (4, 6, 2));
    assert_eq!(
        sum.refused,
        vec![("statements 3–4".to_string(), "HTTP 400: bad".to_string())]
    );

    // The second batch gets a 401: the push stops; the first batch is all that is settled.
    let mut n = 0;
    let sum = push_batches(
        all.iter(),
        2,
        &mut |_| {
            n += 1;
            if n == 1 {
                Reply::Status(204, String::new())
            } else {
                Reply::Status(401, String::new())
            }
        },
        &mut |_| {},
        &mut |_, _| {},
        &AtomicBool::new(false),
    );
    assert_eq!((sum.already_there, sum.handled, sum.settled), (2, 2, 2));
    assert!(sum.stopped.is_some());
}

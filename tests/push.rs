//! What a push remembers, on real SQLite files: schema 9's sequence numbers (every record with
//! statements, those of a migrated database too, those a merge brings), and the mark per LRS
//! and scope that `service::push` keeps — only what is new is sent, a refused statement holds
//! the mark and is sent again, a push that stops keeps what it settled. The LRS is a stand-in
//! here (tests/lrs.rs pushes to a real one).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use danvan::domain::attempt::{AttemptStatus, StoredAnswer};
use danvan::domain::bundle::BundleFilter;
use danvan::domain::content::Pack;
use danvan::domain::quiz::draw;
use danvan::domain::quiz::engine::Response;
use danvan::io::lrs::{LrsConfig, PushSummary};
use danvan::service::bundles::xapi_statements;
use danvan::service::push::{push_with, PushOutcome, PushRequest, StatementSink};
use danvan::store::attempts::NewAttempt;
use danvan::store::Store;
use serde_json::Value;

const HOME: &str = "https://danvan.local";
const URL: &str = "https://lrs.example.vn/xAPI/statements";

fn pack() -> Pack {
    danvan::domain::content::load(&danvan::domain::content::embedded_files())
        .pack
        .unwrap()
}

fn demo(dir: &Path, name: &str, people: usize, seed: u64) -> PathBuf {
    let db = dir.join(name);
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("demo")
        .arg("--db")
        .arg(&db)
        .args(["--people", &people.to_string(), "--seed", &seed.to_string()])
        .env("DANVAN_LANG", "en")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// An LRS in memory: stores new statements, answers an identical one "already there" and a
/// differing one with a known id "refused"; `budget` statements, then it stops like a 401.
#[derive(Default)]
struct FakeLrs {
    stored: RefCell<HashMap<String, Value>>,
    /// The ids it was sent, in order, since the last `take_received`.
    received: RefCell<Vec<String>>,
    budget: RefCell<Option<usize>>,
}

impl FakeLrs {
    fn take_received(&self) -> Vec<String> {
        std::mem::take(&mut *self.received.borrow_mut())
    }
}

impl StatementSink for FakeLrs {
    fn statements_url(&self) -> &str {
        URL
    }

    fn send(
        &self,
        statements: &[String],
        progress: &mut dyn FnMut(usize, usize),
        _cancel: &AtomicBool,
    ) -> PushSummary {
        let mut sum = PushSummary::default();
        for text in statements {
            let mut budget = self.budget.borrow_mut();
            if let Some(b) = budget.as_mut() {
                if *b == 0 {
                    sum.stopped = Some("HTTP 401: Invalid authentication credentials".into());
                    return sum;
                }
                *b -= 1;
            }
            let v: Value = serde_json::from_str(text).unwrap();
            let id = v["id"].as_str().unwrap().to_string();
            self.received.borrow_mut().push(id.clone());
            let mut stored = self.stored.borrow_mut();
            match stored.get(&id) {
                Some(old) if *old == v => sum.already_there += 1,
                Some(_) => sum.refused.push((id, "HTTP 409: differing".into())),
                None => {
                    stored.insert(id, v);
                    sum.sent += 1;
                }
            }
            sum.handled += 1;
            if sum.refused.is_empty() {
                sum.settled = sum.handled;
            }
            progress(sum.handled, statements.len());
        }
        sum
    }
}

fn request(filter: BundleFilter) -> PushRequest {
    PushRequest {
        lrs: LrsConfig {
            endpoint: URL.into(),
            user: None,
            password: None,
            extra_ca: None,
            batch: 50,
        },
        filter,
        homepage: HOME.into(),
    }
}

fn push(store: &mut Store, pack: &Pack, lrs: &FakeLrs, filter: BundleFilter) -> PushOutcome {
    let mut calls = Vec::new();
    let out = push_with(
        store,
        pack,
        &request(filter),
        lrs,
        &mut |d, t| calls.push((d, t)),
        &AtomicBool::new(false),
    )
    .unwrap();
    // Progress starts at 0 of the records to look at and never passes the total.
    assert_eq!(calls.first(), Some(&(0, out.records)));
    assert!(calls.iter().all(|(d, t)| d <= t && *t == out.records));
    out
}

/// The export's statements (`export --format xapi`), by id.
fn exported(store: &Store, pack: &Pack, filter: &BundleFilter) -> HashMap<String, Value> {
    xapi_statements(store, pack, filter, HOME)
        .unwrap()
        .into_iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s))
        .collect()
}

fn changes(db: &Path) -> Vec<(i64, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT seq, kind FROM xapi_changes ORDER BY seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A finished official attempt of the first person on `quiz`, every answer right; returns
/// its id and how many answers it has.
fn add_attempt(store: &mut Store, pack: &Pack, quiz: &str) -> (String, usize) {
    let person = store.people().unwrap().remove(0);
    let q = pack.quiz(quiz).unwrap();
    let paper = draw(pack, q, 99);
    let a = store
        .start_attempt(&NewAttempt {
            person_id: &person.id,
            quiz_id: quiz,
            quiz_version: &q.version,
            content_hash: "v2:test",
            paper: &paper,
            practice: false,
            course_id: q.course.as_deref(),
        })
        .unwrap();
    assert!(
        store.xapi_last_change().unwrap() > 0,
        "the demo has changes"
    );
    let before = store.xapi_last_change().unwrap();
    for (position, item) in paper.items.iter().enumerate() {
        store
            .save_answer(
                &a.id,
                &StoredAnswer {
                    position,
                    bank_id: item.bank.clone(),
                    question_id: item.question.clone(),
                    response: Response::Text("x".into()),
                    correct: true,
                    earned: item.max,
                    answered_at: "2026-11-30T01:00:00Z".into(),
                    active_ms: 1000,
                },
            )
            .unwrap();
    }
    // An open attempt has no statements yet: nothing changed for an LRS.
    assert_eq!(store.xapi_last_change().unwrap(), before);
    store
        .finish_attempt(&a.id, AttemptStatus::Submitted, q.pass_mark, 5000)
        .unwrap();
    assert!(store.xapi_last_change().unwrap() > before);
    (a.id, paper.items.len())
}

#[test]
fn a_push_sends_every_statement_once_and_then_only_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "d.db", 30, 3);
    let pack = pack();
    let mut store = Store::open(&db).unwrap();
    let all = BundleFilter::default();
    let export = exported(&store, &pack, &all);
    assert!(export.len() > 100);
    let lrs = FakeLrs::default();

    // 1. Everything, exactly the export's statements.
    let first = push(&mut store, &pack, &lrs, all.clone());
    assert_eq!(first.summary.sent, export.len());
    assert_eq!(first.summary.already_there, 0);
    assert!(first.summary.refused.is_empty() && first.complete);
    assert_eq!(first.sent_before, 0);
    assert_eq!(first.sent_through, store.xapi_last_change().unwrap());
    assert_eq!(first.records_done, first.records);
    assert_eq!(*lrs.stored.borrow(), export);
    assert_eq!(lrs.take_received().len(), export.len(), "each sent once");

    // 2. Nothing new: nothing is sent at all, and no record is looked at.
    let again = push(&mut store, &pack, &lrs, all.clone());
    assert_eq!((again.summary.sent, again.summary.already_there), (0, 0));
    assert_eq!((again.records, again.sent_through), (0, first.sent_through));
    assert!(lrs.take_received().is_empty());

    // 3. A new attempt: only its statements (the attempt and each answer).
    let (_, answers) = add_attempt(&mut store, &pack, "q-mot-cua");
    let now = exported(&store, &pack, &all);
    let new: BTreeSet<String> = now
        .keys()
        .filter(|id| !export.contains_key(*id))
        .cloned()
        .collect();
    assert_eq!(new.len(), answers + 1);
    let third = push(&mut store, &pack, &lrs, all.clone());
    assert_eq!((third.summary.sent, third.records), (answers + 1, 1));
    assert_eq!(
        lrs.take_received().into_iter().collect::<BTreeSet<_>>(),
        new
    );
    assert_eq!(*lrs.stored.borrow(), now);

    // 4. A lesson marked read again keeps its first date: no change, nothing sent.
    let person = store.people().unwrap().remove(0);
    let course = &pack.courses[0];
    store
        .mark_lesson_complete(
            &person.id,
            &course.id,
            &course.version,
            &course.lessons[0].id,
        )
        .unwrap();
    store
        .mark_lesson_complete(
            &person.id,
            &course.id,
            &course.version,
            &course.lessons[0].id,
        )
        .unwrap();
    let fourth = push(&mut store, &pack, &lrs, all.clone());
    assert!(fourth.summary.sent <= 1, "at most the lesson read now");
    let fifth = push(&mut store, &pack, &lrs, all);
    assert_eq!((fifth.summary.sent, fifth.records), (0, 0));
    assert_eq!(
        *lrs.stored.borrow(),
        exported(&store, &pack, &BundleFilter::default())
    );
}

#[test]
fn a_refused_statement_holds_the_mark_and_is_sent_again_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "d.db", 30, 3);
    let pack = pack();
    let mut store = Store::open(&db).unwrap();
    let all = BundleFilter::default();
    let export = exported(&store, &pack, &all);
    let lrs = FakeLrs::default();

    // The LRS already holds a differing statement with the id of one in the middle.
    let ids: Vec<String> = xapi_statements(&store, &pack, &all, HOME)
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let victim = ids[ids.len() / 2].clone();
    let mut differing = export[&victim].clone();
    differing["result"]["completion"] = Value::Bool(false);
    lrs.stored
        .borrow_mut()
        .insert(victim.clone(), differing.clone());

    let first = push(&mut store, &pack, &lrs, all.clone());
    assert_eq!(
        first.summary.refused,
        vec![(victim.clone(), "HTTP 409: differing".into())]
    );
    assert_eq!(
        first.summary.sent,
        export.len() - 1,
        "the rest is still sent"
    );
    assert!(!first.complete);
    let last = store.xapi_last_change().unwrap();
    assert!(
        first.sent_through < last,
        "the mark stops before the refused record"
    );
    assert_eq!(
        store
            .lrs_sent_through(URL, &danvan::service::push::scope(&all, HOME))
            .unwrap(),
        first.sent_through
    );
    lrs.take_received();

    // Next time: the refused record and everything after it again; the LRS has all but the
    // refused one ("already there"), which is refused again and still holds the mark.
    let second = push(&mut store, &pack, &lrs, all.clone());
    let resent = lrs.take_received();
    assert!(resent.contains(&victim));
    assert_eq!(second.summary.sent, 0);
    assert_eq!(second.summary.already_there, resent.len() - 1);
    assert_eq!(second.summary.refused.len(), 1);
    assert_eq!(second.sent_through, first.sent_through);

    // The LRS's keeper removes the differing statement: the next push stores it and the mark
    // reaches the end; after that, nothing is sent.
    lrs.stored.borrow_mut().remove(&victim);
    let third = push(&mut store, &pack, &lrs, all.clone());
    assert_eq!(third.summary.sent, 1);
    assert!(third.complete && third.summary.refused.is_empty());
    assert_eq!(third.sent_through, last);
    assert_eq!(*lrs.stored.borrow(), export);
    lrs.take_received();
    let fourth = push(&mut store, &pack, &lrs, all);
    assert_eq!(fourth.records, 0);
    assert!(lrs.take_received().is_empty());
}

#[test]
fn a_push_that_stops_keeps_the_pages_it_settled() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "d.db", 60, 5);
    let pack = pack();
    let mut store = Store::open(&db).unwrap();
    let all = BundleFilter::default();
    let export = exported(&store, &pack, &all);
    let lrs = FakeLrs::default();
    // More than a page of records, and a budget that ends inside the second page.
    assert!(changes(&db).len() > danvan::service::push::PAGE * 2);
    *lrs.budget.borrow_mut() = Some(export.len() / 2);
    let cut = push(&mut store, &pack, &lrs, all.clone());
    assert!(cut.summary.stopped.is_some() && !cut.complete);
    assert!(cut.sent_through > 0, "the first pages are remembered");
    assert!(cut.sent_through < store.xapi_last_change().unwrap());
    assert_eq!(cut.summary.sent, export.len() / 2);

    *lrs.budget.borrow_mut() = None;
    lrs.take_received();
    let rest = push(&mut store, &pack, &lrs, all);
    assert!(rest.complete);
    assert_eq!(rest.summary.sent, export.len() - cut.summary.sent);
    // Only the page the stop cut was sent again: fewer than a page's statements came back.
    assert!(rest.summary.already_there < cut.summary.sent);
    assert_eq!(*lrs.stored.borrow(), export);
}

#[test]
fn records_a_merge_brings_are_new_for_the_lrs_whatever_their_dates() {
    let dir = tempfile::tempdir().unwrap();
    let here = demo(dir.path(), "here.db", 20, 3);
    let there = demo(dir.path(), "there.db", 20, 11);
    let pack = pack();
    let mut store = Store::open(&here).unwrap();
    let all = BundleFilter::default();
    let lrs = FakeLrs::default();
    let first = push(&mut store, &pack, &lrs, all.clone());
    assert!(first.complete);
    let before = exported(&store, &pack, &all);

    let other = Store::open(&there).unwrap();
    let mut bundle = other.bundle_records(&all).unwrap();
    // Other officials (the demos share staff codes), so every record of theirs is new here.
    for p in &mut bundle.people {
        p.staff_code = p.staff_code.as_ref().map(|c| format!("X{c}"));
    }
    let summary = store.merge_bundle(&bundle, true).unwrap();
    assert!(summary.refused.is_none(), "{summary:?}");
    let after = exported(&store, &pack, &all);
    let brought: BTreeSet<String> = after
        .keys()
        .filter(|id| !before.contains_key(*id))
        .cloned()
        .collect();
    assert!(!brought.is_empty());
    // Dated before what was pushed already: a push by dates would miss them.
    let newest_sent = before
        .values()
        .filter_map(|s| s["timestamp"].as_str())
        .max()
        .unwrap();
    assert!(brought
        .iter()
        .any(|id| after[id]["timestamp"].as_str().unwrap() < newest_sent));
    lrs.take_received();
    let second = push(&mut store, &pack, &lrs, all);
    assert_eq!(second.summary.sent, brought.len());
    assert!(
        second.summary.refused.is_empty(),
        "{:?}",
        second.summary.refused
    );
    let received: BTreeSet<String> = lrs.take_received().into_iter().collect();
    assert!(
        received == brought,
        "only the merged records' statements are sent"
    );
    assert!(*lrs.stored.borrow() == after, "the LRS holds the export");
}

#[test]
fn a_filtered_push_has_a_mark_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "d.db", 30, 3);
    let pack = pack();
    let mut store = Store::open(&db).unwrap();
    let course = BundleFilter {
        course: Some(pack.courses[0].id.clone()),
        ..Default::default()
    };
    let lrs = FakeLrs::default();
    let only = push(&mut store, &pack, &lrs, course.clone());
    assert_eq!(only.summary.sent, exported(&store, &pack, &course).len());
    assert!(only.summary.sent > 0);
    // The push of everything does not take the course's mark: it sends the rest, and the
    // course's statements come back "already there".
    let all = BundleFilter::default();
    let everything = push(&mut store, &pack, &lrs, all.clone());
    assert_eq!(everything.sent_before, 0);
    assert_eq!(everything.summary.already_there, only.summary.sent);
    assert_eq!(
        everything.summary.sent + only.summary.sent,
        exported(&store, &pack, &all).len()
    );
    let scope = danvan::service::push::scope(&course, HOME);
    assert_eq!(
        scope,
        format!("course={};homepage={HOME}", pack.courses[0].id)
    );
    assert_eq!(
        store.lrs_sent_through(URL, &scope).unwrap(),
        only.sent_through
    );

    // A unit that does not exist is refused by name.
    let nowhere = BundleFilter {
        unit: Some("KHONG-CO".into()),
        ..Default::default()
    };
    let err = push_with(
        &mut store,
        &pack,
        &request(nowhere),
        &lrs,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(format!("{err:?}").contains("KHONG-CO"), "{err:?}");
}

#[test]
fn every_record_with_statements_gets_a_number_at_migration_and_a_push_matches_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/db/schema7-demo.db"
        ),
        &db,
    )
    .unwrap();
    let pack = pack();
    let mut store = Store::open(&db).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        danvan::store::schema::SCHEMA_VERSION
    );
    let expected: i64 = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row(
            "SELECT (SELECT COUNT(*) FROM lesson_progress WHERE completed_at IS NOT NULL)
                  + (SELECT COUNT(*) FROM attempts WHERE practice = 0 AND status <> 'open')
                  + (SELECT COUNT(*) FROM course_completions)",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let numbered = changes(&db);
    assert_eq!(numbered.len() as i64, expected);
    assert!(expected > 50);
    // Numbered 1, 2, 3, … in the migration.
    assert!(numbered
        .iter()
        .enumerate()
        .all(|(i, (seq, _))| *seq == i as i64 + 1));
    // The open attempt of the fixture has no number until it is finished.
    let lrs = FakeLrs::default();
    let all = BundleFilter::default();
    let out = push(&mut store, &pack, &lrs, all.clone());
    assert!(out.complete);
    assert_eq!(*lrs.stored.borrow(), exported(&store, &pack, &all));
}

#[test]
fn nothing_new_is_one_index_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "d.db", 5, 3);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT seq, kind, person_id, course_id, lesson_id, attempt_id
             FROM xapi_changes WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3",
        )
        .unwrap()
        .query_map([1, 2, 3], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(plan.len(), 1, "{plan:?}");
    assert!(
        plan[0].contains("USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"),
        "{plan:?}"
    );
    let count: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM xapi_changes WHERE seq > ?1 AND seq <= ?2",
            [1, 2],
            |r| r.get(3),
        )
        .unwrap();
    assert!(count.contains("INTEGER PRIMARY KEY"), "{count}");
    // Each trigger finds a record's row by its key, not by a scan (its hashed key since
    // schema 16: the statement the triggers run, a literal standing for the hash).
    let key: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN DELETE FROM xapi_changes
             WHERE record_key = 123456 AND kind = 'attempt'
             AND person_id = '' AND course_id = '' AND lesson_id = '' AND attempt_id = 'x'",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(key.contains("USING INDEX"), "{key}");
}

#[test]
fn the_command_refuses_basic_auth_over_plain_http_to_another_machine() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "d.db", 3, 3);
    for (lang, says) in [
        (
            "en",
            "the password would cross the network unencrypted (http:// to lrs.example.vn)",
        ),
        (
            "vi",
            "mật khẩu sẽ đi qua mạng không mã hóa (http:// tới lrs.example.vn)",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
            .arg("--db")
            .arg(&db)
            .args([
                "--lang",
                lang,
                "push",
                "--lrs",
                "http://lrs.example.vn/xAPI",
                "--user",
                "u",
            ])
            .env("DANVAN_LRS_PASSWORD", "secret")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("http://lrs.example.vn/xAPI") && err.contains(says),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
    // Nothing was remembered as sent.
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store
            .lrs_sent_through(
                "http://lrs.example.vn/xAPI/statements",
                &danvan::service::push::scope(&BundleFilter::default(), HOME)
            )
            .unwrap(),
        0
    );
}

#[test]
fn a_ca_file_that_is_not_a_certificate_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "d.db", 3, 3);
    let not_pem = dir.path().join("ca.txt");
    std::fs::write(&not_pem, "not a certificate\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(&db)
        .args([
            "--lang",
            "en",
            "push",
            "--lrs",
            "https://127.0.0.1:9/xAPI",
            "--ca",
        ])
        .arg(&not_pem)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("danvan: Could not push to https://127.0.0.1:9/xAPI: LRS settings: ")
            && err.contains("ca.txt: no certificate in it"),
        "{err}"
    );
}

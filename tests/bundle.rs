//! Records that travel as files: the JSON records bundle, xAPI statements, and merging bundles
//! from other machines (idempotent, all or nothing, conflicts kept), on real SQLite files.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use danvan::domain::assessment::record::Edit;
use danvan::domain::assessment::Answer;
use danvan::domain::attempt::{Attempt, AttemptStatus};
use danvan::domain::bundle::{Bundle, BundleFilter};
use danvan::domain::content::Pack;
use danvan::domain::people::{NewPerson, NewUnit, UnitKind};
use danvan::domain::quiz::engine::{question, right_response};
use danvan::domain::quiz::Response;
use danvan::io::bundle;
use danvan::io::file::sha256_file;
use danvan::io::xapi;
use danvan::service::bundles;
use danvan::service::learning;
use danvan::store::merge::MergeSummary;
use danvan::store::Store;
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 26);

fn open(dir: &Path, name: &str) -> Store {
    Store::open(&dir.join(name)).unwrap()
}

fn add_person(store: &mut Store, name: &str, code: Option<&str>, unit: &str) -> String {
    store
        .add_person(&NewPerson {
            full_name: name.into(),
            staff_code: code.map(str::to_string),
            unit_id: Some(unit.into()),
            position: "Công chức".into(),
            appointed_on: Some("2026-03-01".into()),
        })
        .unwrap()
        .id
}

/// Answer the first `n` questions, right or wrong.
fn answer(store: &mut Store, pack: &Pack, a: &Attempt, n: usize, right: bool) {
    for (pos, item) in a.paper.items.iter().enumerate().take(n) {
        let q = question(pack, item).unwrap();
        let r = if right {
            right_response(q)
        } else {
            Response::Text("?".into())
        };
        learning::answer(store, pack, a, pos, &r, 1_000 * (pos as u64 + 1), TODAY).unwrap();
    }
}

fn edit(store: &mut Store, assessment: &str, criterion: &str, a: Answer, evidence: &str) {
    store
        .edit_criterion(
            assessment,
            criterion,
            &Edit {
                answer: Some(a),
                evidence: Some(evidence.into()),
                note: None,
            },
            None,
        )
        .unwrap();
}

struct Ids {
    hoa: String,
    nam: String,
    commune: String,
}

/// A unit's machine: a department with a commune under it, three officials, lessons read,
/// quizzes passed, failed, practised and left open, a course completed, the commune's
/// self-assessment finalized with evidence and the department's a draft.
fn populate(store: &mut Store, pack: &Pack, dir: &Path) -> Ids {
    let dept = store
        .add_unit(&NewUnit {
            code: "SO-NV".into(),
            name: "Sở Nội vụ".into(),
            kind: UnitKind::Department,
            parent_id: None,
        })
        .unwrap();
    let commune = store
        .add_unit(&NewUnit {
            code: "UBND-TT".into(),
            name: "UBND xã Tân Tiến".into(),
            kind: UnitKind::Commune,
            parent_id: Some(dept.id.clone()),
        })
        .unwrap();
    let hoa = add_person(store, "Nguyễn Thị Hoa", Some("CB001"), &commune.id);
    let nam = add_person(store, "Trần Văn Nam", Some("CB002"), &dept.id);
    let ba = add_person(store, "Lê Văn Ba", None, &commune.id);

    // Hoa: part of the final exam, then the one-stop course read and its quiz passed.
    let exam = pack.quiz("final-exam").unwrap().clone();
    let a = learning::start(store, pack, &hoa, &exam, 5).unwrap();
    answer(store, pack, &a, 2, true);
    learning::finish(store, pack, &a, AttemptStatus::Submitted, 65_000, TODAY).unwrap();
    let course = pack.course("mot-cua").unwrap().clone();
    for l in &course.lessons {
        store
            .mark_lesson_complete(&hoa, &course.id, &course.version, &l.id)
            .unwrap();
    }
    let quiz = pack.quiz("q-mot-cua").unwrap().clone();
    let a = learning::start(store, pack, &hoa, &quiz, 11).unwrap();
    answer(store, pack, &a, usize::MAX, true);
    let done = learning::finish(store, pack, &a, AttemptStatus::Submitted, 252_000, TODAY).unwrap();
    assert_eq!(done.passed, Some(true));
    assert!(store.completion(&hoa, "mot-cua").unwrap().is_some());

    // Nam: a lesson opened, the quiz failed, a practice round.
    let other = pack.course("chi-thi-dan-van").unwrap().clone();
    store
        .save_position(&nam, &other.id, &other.version, &other.lessons[0].id, 3)
        .unwrap();
    let a = learning::start(store, pack, &nam, &quiz, 12).unwrap();
    answer(store, pack, &a, 3, false);
    let done = learning::finish(store, pack, &a, AttemptStatus::TimedOut, 61_234, TODAY).unwrap();
    assert_eq!(done.passed, Some(false));
    let round = learning::begin_practice(store, pack, &nam, &quiz, TODAY)
        .unwrap()
        .expect("missed questions are due");
    answer(store, pack, &round, 1, true);
    learning::finish(store, pack, &round, AttemptStatus::Submitted, 900, TODAY).unwrap();

    // Ba: a quiz left open (it travels once finished).
    let a = learning::start(store, pack, &ba, &quiz, 13).unwrap();
    answer(store, pack, &a, 1, true);

    // The commune's self-assessment, finalized with an evidence file; the department's, a draft.
    let c = danvan::service::assessment::checklist(pack)
        .unwrap()
        .clone();
    let criteria: Vec<String> = c.criteria().map(|(_, cr)| cr.id.clone()).collect();
    let asmt = danvan::service::assessment::start(store, &c, &commune, 2026, false).unwrap();
    edit(
        store,
        &asmt.id,
        &criteria[0],
        Answer::Yes,
        "Biên bản họp dân",
    );
    edit(store, &asmt.id, &criteria[1], Answer::Partly, "");
    let file = dir.join("bien-ban.txt");
    std::fs::write(&file, "Biên bản họp dân ấp 3").unwrap();
    store
        .attach_evidence(&asmt.id, &criteria[0], &file, Some(&hoa), sha256_file)
        .unwrap();
    danvan::service::assessment::finalize(store, &c, &commune, &asmt, Some(&hoa)).unwrap();
    let draft = danvan::service::assessment::start(store, &c, &dept, 2026, false).unwrap();
    edit(store, &draft.id, &criteria[0], Answer::No, "");
    Ids {
        hoa,
        nam,
        commune: commune.id,
    }
}

/// Every table, every row, in a fixed order.
fn dump_except(store: &Store, skip: &[&str]) -> String {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = String::new();
    for t in tables.iter().filter(|t| !skip.contains(&t.as_str())) {
        let n = conn
            .prepare(&format!("SELECT * FROM {t}"))
            .unwrap()
            .column_count();
        let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {t} ORDER BY {}", order.join(", ")))
            .unwrap();
        out.push_str(&format!("== {t}\n"));
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let values: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect();
            out.push_str(&values.join(" | "));
            out.push('\n');
        }
    }
    out
}

fn dump(store: &Store) -> String {
    dump_except(store, &[])
}

/// A bundle without what differs between two exports of the same records.
fn strip(mut b: Bundle) -> Bundle {
    b.exported_at.clear();
    b.source_db.clear();
    b
}

fn everything(store: &Store) -> Bundle {
    store.bundle_records(&BundleFilter::default()).unwrap()
}

/// Through the file format, as a trainer's machine receives it.
fn travel(b: &Bundle) -> Bundle {
    bundle::from_json(&bundle::to_json(b)).unwrap()
}

fn merge(store: &mut Store, b: &Bundle) -> MergeSummary {
    let s = store.merge_bundle(&travel(b), false).unwrap();
    assert!(s.refused.is_none(), "{:?}", s.refused);
    assert!(s.refused_records.is_empty(), "{:?}", s.refused_records);
    s
}

fn assert_nothing_new(s: &MergeSummary) {
    assert!(!s.changed(), "{s:#?}");
    for (table, c) in s.tables() {
        assert_eq!((c.added, c.updated), (0, 0), "{table}");
    }
}

type CourseRow = (String, String, i64, i64, Option<f64>, i64, Option<String>);
type PersonRow = (
    String,
    String,
    Option<String>,
    i64,
    i64,
    i64,
    Option<String>,
);

/// The summaries the triggers keep equal what their definitions compute from the records.
fn check_summaries(store: &Store) {
    let conn = store.conn();
    let rows = |sql: &str| -> Vec<CourseRow> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let expected = rows(
        "WITH pairs AS (
            SELECT person_id, course_id FROM lesson_progress
            UNION SELECT person_id, course_id FROM attempts WHERE course_id IS NOT NULL AND practice = 0
            UNION SELECT person_id, course_id FROM course_completions)
         SELECT p.person_id, p.course_id,
            (SELECT COUNT(*) FROM lesson_progress l WHERE l.person_id = p.person_id
               AND l.course_id = p.course_id AND l.completed_at IS NOT NULL),
            (SELECT COUNT(*) FROM attempts a WHERE a.person_id = p.person_id AND a.course_id = p.course_id
               AND a.practice = 0 AND a.status <> 'closed-changed'),
            (SELECT MAX(earned * 100.0 / max_points) FROM attempts a WHERE a.person_id = p.person_id
               AND a.course_id = p.course_id AND a.practice = 0 AND a.status <> 'open' AND a.max_points > 0),
            COALESCE((SELECT MAX(passed) FROM attempts a WHERE a.person_id = p.person_id
               AND a.course_id = p.course_id AND a.practice = 0 AND a.status <> 'open'), 0),
            (SELECT completed_at FROM course_completions c WHERE c.person_id = p.person_id
               AND c.course_id = p.course_id)
         FROM pairs p ORDER BY 1, 2",
    );
    let actual = rows(
        "SELECT person_id, course_id, lessons_read, attempts, best_percent, passed, completed_at
         FROM course_summary ORDER BY 1, 2",
    );
    assert_eq!(actual, expected);
    assert!(!actual.is_empty());
    let people = |sql: &str| -> Vec<PersonRow> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let expected = people(
        "SELECT p.id, danvan_fold(p.full_name), p.unit_id,
            (SELECT COALESCE(SUM(lessons_read), 0) FROM course_summary WHERE person_id = p.id),
            (SELECT COUNT(*) FROM course_summary WHERE person_id = p.id AND completed_at IS NOT NULL),
            (SELECT COALESCE(SUM(attempts), 0) FROM course_summary WHERE person_id = p.id),
            (SELECT MAX(t) FROM (
               SELECT MAX(opened_at) AS t FROM lesson_progress WHERE person_id = p.id
               UNION ALL SELECT MAX(COALESCE(ended_at, started_at)) FROM attempts
                 WHERE person_id = p.id AND practice = 0))
         FROM people p ORDER BY 1",
    );
    let actual = people(
        "SELECT person_id, sort_name, unit_id, lessons_read, courses_completed, attempts, last_activity
         FROM person_summary ORDER BY 1",
    );
    assert_eq!(actual, expected);
}

#[test]
fn a_bundle_merged_twice_leaves_the_records_unchanged_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    populate(&mut a, &pack, dir.path());
    let b1 = everything(&a);
    assert_eq!(b1.format, "danvan-records");
    assert_eq!(b1.version, 1);
    assert!(!b1.demo);
    assert_eq!(b1.source_db, a.database_id().unwrap());
    // Deterministic: a second export differs only in its time.
    let b2 = everything(&a);
    assert_eq!(
        bundle::to_json(&b1).replace(&b1.exported_at, ""),
        bundle::to_json(&b2).replace(&b2.exported_at, "")
    );
    // The file reads back as it was written.
    assert_eq!(travel(&b1), b1);
    // The open attempt stays home; practice rounds travel (flagged); everything has its key.
    assert_eq!(b1.attempts.len(), 4);
    assert!(b1.attempts.iter().all(|x| x.status != "open"));
    assert_eq!(b1.attempts.iter().filter(|x| x.practice).count(), 1);
    assert_eq!((b1.units.len(), b1.people.len()), (2, 3));
    assert_eq!((b1.assessments.len(), b1.course_completions.len()), (2, 1));
    let fin = b1.assessments.iter().find(|x| x.status == "final").unwrap();
    assert_eq!((fin.versions.len(), fin.evidence_files.len()), (1, 1));

    let mut b = open(dir.path(), "b.db");
    let s = merge(&mut b, &b1);
    assert_eq!((s.units.added, s.people.added, s.attempts.added), (2, 3, 4));
    assert_eq!((s.assessments.added, s.assessment_versions.added), (2, 1));
    assert_eq!(
        (s.course_completions.added, s.lesson_progress.added),
        (1, 7)
    );
    assert!(s.answers.added > 20);
    assert!(s.conflicts.is_empty());
    check_summaries(&a);
    check_summaries(&b);
    // B now holds exactly A's records.
    assert_eq!(strip(everything(&b)), strip(everything(&a)));

    let before = dump(&b);
    let again = merge(&mut b, &b1);
    assert_nothing_new(&again);
    assert_eq!(again.people.skipped, 3);
    assert_eq!(dump(&b), before);
    // The merge was logged once, when it changed something.
    let merges = b
        .audit_log()
        .unwrap()
        .iter()
        .filter(|e| e.action == "merge")
        .count();
    assert_eq!(merges, 1);
}

#[test]
fn a_to_b_and_back_to_a_leaves_a_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    populate(&mut a, &pack, dir.path());
    let from_a = everything(&a);
    let before = dump(&a);
    let mut b = open(dir.path(), "b.db");
    merge(&mut b, &from_a);
    let from_b = everything(&b);
    assert_ne!(from_b.source_db, from_a.source_db);
    let s = merge(&mut a, &from_b);
    assert_nothing_new(&s);
    assert_eq!(dump(&a), before);
}

#[test]
fn overlapping_bundles_leave_one_copy_of_each_record_in_any_order() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    let ids = populate(&mut a, &pack, dir.path());
    // Visits dated in the past, so the later visit below is before the export too (a time after
    // the export counts as the export time).
    a.conn()
        .execute(
            "UPDATE lesson_progress SET opened_at = '2026-01-01T00:00:00Z'",
            [],
        )
        .unwrap();
    let commune_only = a
        .bundle_records(&BundleFilter {
            unit: Some("UBND-TT".into()),
            ..Default::default()
        })
        .unwrap();
    // More happens on A: Hoa goes back to a lesson, Nam passes the quiz.
    a.conn()
        .execute(
            "UPDATE lesson_progress SET opened_at = '2026-06-02T03:04:05Z', top_block = 7
             WHERE person_id = ?1 AND lesson_id = (SELECT MIN(lesson_id) FROM lesson_progress
                                                   WHERE person_id = ?1)",
            [&ids.hoa],
        )
        .unwrap();
    let quiz = pack.quiz("q-mot-cua").unwrap().clone();
    let at = learning::start(&mut a, &pack, &ids.nam, &quiz, 21).unwrap();
    answer(&mut a, &pack, &at, usize::MAX, true);
    learning::finish(&mut a, &pack, &at, AttemptStatus::Submitted, 30_000, TODAY).unwrap();
    let all = everything(&a);

    let mut b = open(dir.path(), "b.db");
    merge(&mut b, &commune_only);
    let s = merge(&mut b, &all);
    assert_eq!(s.lesson_progress.updated, 1, "{s:#?}");
    let mut c = open(dir.path(), "c.db");
    merge(&mut c, &all);
    let s = merge(&mut c, &commune_only);
    assert_nothing_new(&s);
    let mut d = open(dir.path(), "d.db");
    merge(&mut d, &all);
    // Besides the audit log, the push bookkeeping differs by history: xapi_changes numbers
    // the records in the order this database learned of them, which the merge order changes.
    // And each database has its own id (settings) since schema 11. So does bundle_changes
    // (schema 15): which owner changed last depends on the order.
    let history = [
        "audit_log",
        "xapi_changes",
        "bundle_changes",
        "sqlite_sequence",
        "settings",
    ];
    let d_dump = dump_except(&d, &history);
    assert_eq!(dump_except(&b, &history), d_dump);
    assert_eq!(dump_except(&c, &history), d_dump);
    // The same records are numbered, whatever the order.
    let numbered = |s: &Store| -> Vec<String> {
        s.conn()
            .prepare(
                "SELECT kind || ' ' || person_id || ' ' || course_id || ' ' || lesson_id || ' '
                        || attempt_id FROM xapi_changes ORDER BY 1",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(!numbered(&d).is_empty());
    assert_eq!(numbered(&b), numbered(&d));
    assert_eq!(numbered(&c), numbered(&d));
    let owners = |s: &Store| -> Vec<String> {
        s.conn()
            .prepare("SELECT kind || ' ' || record_id FROM bundle_changes ORDER BY 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(!owners(&d).is_empty());
    assert_eq!(owners(&b), owners(&d));
    assert_eq!(owners(&c), owners(&d));
    assert_eq!(strip(everything(&b)), strip(everything(&a)));
    check_summaries(&b);
    check_summaries(&c);
}

/// The keys folder of this test binary's databases (a temporary folder, kept to the end).
fn key_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

fn run(db: &Path, args: &[&str], passphrase: Option<&str>) -> (String, String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_danvan"));
    cmd.args(args)
        .env(bundles::KEY_DIR_ENV, key_dir())
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .env_remove("DANVAN_TRAINER_PASSPHRASE")
        .stdin(Stdio::null());
    if let Some(p) = passphrase {
        cmd.env("DANVAN_TRAINER_PASSPHRASE", p);
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn a_truncated_or_bad_bundle_is_refused_with_its_place_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    populate(&mut a, &pack, dir.path());
    let json = bundle::to_json(&everything(&a));
    let db = dir.path().join("b.db");
    {
        // B already holds part of the records.
        let mut b = Store::open(&db).unwrap();
        let part = a
            .bundle_records(&BundleFilter {
                course: Some("mot-cua".into()),
                ..Default::default()
            })
            .unwrap();
        merge(&mut b, &part);
    }
    let before = dump(&Store::open(&db).unwrap());

    let mut cut = json.len() / 2;
    while !json.is_char_boundary(cut) {
        cut -= 1;
    }
    let half = &json[..cut];
    let e = bundle::from_json(half).unwrap_err();
    assert!(e.truncated, "{e:?}");
    let lines = half.lines().count();
    assert!(
        e.line == lines || e.line == lines + 1,
        "{e:?} ({lines} lines)"
    );
    let file = dir.path().join("half.json");
    std::fs::write(&file, half).unwrap();
    let (_, err, code) = run(&db, &["merge", "--unsigned", file.to_str().unwrap()], None);
    assert_eq!(code, 1, "{err}");
    let prefix = format!("{}:{}:{}: error: ", file.display(), e.line, e.column);
    assert!(err.starts_with(&prefix), "{err}");
    assert!(err.contains("cut short"), "{err}");
    assert_eq!(dump(&Store::open(&db).unwrap()), before);

    // A complete file with one bad value: its line is named.
    let target = "\"kind\": \"commune\"";
    let at = json.find(target).unwrap();
    let line = json[..at].matches('\n').count() + 1;
    let bad = json.replacen(target, "\"kind\": \"xã\"", 1);
    let file = dir.path().join("bad.json");
    std::fs::write(&file, &bad).unwrap();
    let (_, err, code) = run(&db, &["merge", "--unsigned", file.to_str().unwrap()], None);
    assert_eq!(code, 1);
    let prefix = format!("{}:{line}:", file.display());
    assert!(err.starts_with(&prefix), "{err}");
    assert!(err.contains("\"xã\" is not a unit kind"), "{err}");
    assert_eq!(dump(&Store::open(&db).unwrap()), before);

    // A reference to nothing refuses the whole file, whatever came before it.
    let mut b = Store::open(&db).unwrap();
    let mut dangling = everything(&a);
    dangling.people[0].unit_id = Some(uuid::Uuid::new_v4().to_string());
    let s = b.merge_bundle(&dangling, false).unwrap();
    assert_eq!(s.refused.as_ref().unwrap().id, "merge-dangling");
    assert!(!s.changed());
    drop(b);
    assert_eq!(dump(&Store::open(&db).unwrap()), before);
}

/// Say that the units of `store` came from the database `origin` (as if merged from it once), so
/// its bundles speak for them and their self-assessments (`merge::trust`).
fn units_from(store: &Store, origin: &str) {
    store
        .conn()
        .execute("UPDATE units SET origin = ?1", [origin])
        .unwrap();
}

/// A database of its own with the commune (same code, its own UUID) and a 2026 self-assessment.
fn other_machine(dir: &Path, name: &str, pack: &Pack, finalize: bool) -> (Store, String) {
    let mut s = open(dir, name);
    let unit = s
        .add_unit(&NewUnit {
            code: "UBND-TT".into(),
            name: "UBND xã Tân Tiến".into(),
            kind: UnitKind::Commune,
            parent_id: None,
        })
        .unwrap();
    let c = danvan::service::assessment::checklist(pack)
        .unwrap()
        .clone();
    let criteria: Vec<String> = c.criteria().map(|(_, cr)| cr.id.clone()).collect();
    let asmt = danvan::service::assessment::start(&mut s, &c, &unit, 2026, false).unwrap();
    edit(&mut s, &asmt.id, &criteria[0], Answer::No, "Chưa họp");
    if finalize {
        danvan::service::assessment::finalize(&mut s, &c, &unit, &asmt, None).unwrap();
    }
    (s, asmt.id)
}

#[test]
fn conflicting_finalized_assessments_are_both_kept_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    populate(&mut a, &pack, dir.path());
    let from_a = everything(&a);
    let (mut c, c_id) = other_machine(dir.path(), "c.db", &pack, true);
    let c_unit = c.unit_by_code("UBND-TT").unwrap().unwrap().id;
    let c_answers = c.criterion_answers(&c_id).unwrap();
    let c_history = c.assessment_history(&c_id).unwrap();
    // C's commune is A's: A's word about it counts (from another database it would be held).
    units_from(&c, &from_a.source_db);

    let s = merge(&mut c, &from_a);
    // The commune is matched by its code (only the department is new).
    assert_eq!(s.units.added, 1);
    assert_eq!(c.unit_by_code("UBND-TT").unwrap().unwrap().id, c_unit);
    assert_eq!(s.conflicts.len(), 1, "{s:#?}");
    let conflict = &s.conflicts[0];
    assert!(conflict.new);
    assert_eq!(
        (
            conflict.unit_code.as_str(),
            conflict.year,
            conflict.assessment_id.as_str()
        ),
        ("UBND-TT", 2026, c_id.as_str())
    );
    // The local one is kept as it was; the incoming one is kept whole beside it.
    let kept = c.assessment(&c_id).unwrap().unwrap();
    assert_eq!(
        kept.status,
        danvan::domain::assessment::record::AssessmentStatus::Final
    );
    assert_eq!(c.criterion_answers(&c_id).unwrap(), c_answers);
    assert_eq!(c.assessment_history(&c_id).unwrap(), c_history);
    let stored = c.assessment_conflicts().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].assessment_id, c_id);
    assert_eq!(
        stored[0].source_db.as_deref(),
        Some(from_a.source_db.as_str())
    );
    let incoming = from_a
        .assessments
        .iter()
        .find(|x| x.status == "final")
        .unwrap();
    assert_eq!(&stored[0].incoming, incoming);
    // Again: flagged already, nothing changes.
    let before = dump(&c);
    let s = merge(&mut c, &from_a);
    assert_nothing_new(&s);
    assert_eq!(s.conflicts.len(), 1);
    assert!(!s.conflicts[0].new);
    assert_eq!(dump(&c), before);
    // The other way round, C did not create A's commune: its version is held, not a conflict.
    let s = merge(&mut a, &everything(&c));
    assert!(s.conflicts.is_empty(), "{s:#?}");
    assert!(a.assessment_conflicts().unwrap().is_empty());
    assert!(
        s.held
            .iter()
            .any(|h| h.kind == "assessments" && h.record_id == c_id && h.rule == "not-from-origin"),
        "{s:#?}"
    );
    check_summaries(&c);
}

#[test]
fn a_finalized_version_beats_a_draft_and_a_reopening_travels() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    let ids = populate(&mut a, &pack, dir.path());
    let from_a = everything(&a);
    let a_asmt = a
        .assessment_for(&ids.commune, 2026, &from_a.assessments[0].checklist_id)
        .unwrap()
        .unwrap();

    // D started its own draft: A's finalized version wins, with its history.
    let (mut d, d_id) = other_machine(dir.path(), "d.db", &pack, false);
    units_from(&d, &from_a.source_db);
    let s = merge(&mut d, &from_a);
    assert!(s.conflicts.is_empty());
    assert_eq!(s.assessments.updated, 1, "{s:#?}");
    let now = d.assessment(&d_id).unwrap().unwrap();
    assert_eq!(
        now.status,
        danvan::domain::assessment::record::AssessmentStatus::Final
    );
    assert_eq!(
        d.criterion_answers(&d_id).unwrap(),
        a.criterion_answers(&a_asmt.id).unwrap()
    );
    assert_eq!(d.assessment_history(&d_id).unwrap().len(), 1);
    assert_nothing_new(&merge(&mut d, &from_a));

    // B has A's finalized version; A then reopens it: the reopening wins in B.
    let mut b = open(dir.path(), "b.db");
    merge(&mut b, &from_a);
    a.reopen_assessment(&a_asmt.id, None, "Bổ sung minh chứng")
        .unwrap();
    let s = merge(&mut b, &everything(&a));
    assert_eq!(s.assessments.updated, 1, "{s:#?}");
    assert_eq!(s.assessment_versions.updated, 1);
    let in_b = b.assessment(&a_asmt.id).unwrap().unwrap();
    assert_eq!(
        in_b.status,
        danvan::domain::assessment::record::AssessmentStatus::Draft
    );
    let history = b.assessment_history(&a_asmt.id).unwrap();
    assert_eq!(
        history[0].reopen_reason.as_deref(),
        Some("Bổ sung minh chứng")
    );
    // B's older finalized copy does not undo the reopening in A.
    let before = dump(&a);
    assert_nothing_new(&merge(&mut a, &from_a));
    assert_eq!(dump(&a), before);
}

#[test]
fn the_newest_profile_edit_wins() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    let ids = populate(&mut a, &pack, dir.path());
    let mut b = open(dir.path(), "b.db");
    merge(&mut b, &everything(&a));
    let set = |s: &Store, name: &str, position: &str, at: &str| {
        s.conn()
            .execute(
                "UPDATE people SET full_name = ?2, position = ?3, updated_at = ?4 WHERE id = ?1",
                rusqlite::params![ids.hoa, name, position, at],
            )
            .unwrap();
    };
    // Times before the export: a later one counts as the export time (clock skew).
    set(&a, "Nguyễn Thị Hoa", "Chủ tịch", "2026-01-01T00:00:00Z");
    set(&b, "Nguyễn Thị Hòa", "Phó Chủ tịch", "2026-02-01T00:00:00Z");
    // A's edit is older: B keeps its own.
    let s = merge(&mut b, &everything(&a));
    assert_eq!(s.people.updated, 0);
    assert_eq!(
        b.person(&ids.hoa).unwrap().unwrap().position,
        "Phó Chủ tịch"
    );
    // B's edit is newer, but B did not create Hoa: A holds it (a new name is an identity
    // edit), and takes it once the trainer accepts it; the summary's sort name follows.
    let s = merge(&mut a, &everything(&b));
    assert_eq!(s.people.updated, 0);
    assert_eq!(s.held.len(), 1, "{s:#?}");
    assert_eq!(s.held[0].rule, "identity-edit");
    let s = bundles::accept_pending(&mut a, s.held[0].pending_id, Some(&pack)).unwrap();
    assert_eq!(s.people.updated, 1);
    let hoa = a.person(&ids.hoa).unwrap().unwrap();
    assert_eq!(
        (
            hoa.full_name.as_str(),
            hoa.position.as_str(),
            hoa.updated_at.as_str()
        ),
        ("Nguyễn Thị Hòa", "Phó Chủ tịch", "2026-02-01T00:00:00Z")
    );
    check_summaries(&a);
    let sort: String = a
        .conn()
        .query_row(
            "SELECT sort_name FROM person_summary WHERE person_id = ?1",
            [&ids.hoa],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sort, danvan::domain::text::fold("Nguyễn Thị Hòa"));
    // A newer edit from the person's origin that takes someone else's staff code is refused;
    // the rest merges.
    let mut c = open(dir.path(), "c.db");
    merge(&mut c, &everything(&a));
    c.conn()
        .execute("UPDATE people SET updated_at = '2020-01-01T00:00:00Z'", [])
        .unwrap();
    a.conn()
        .execute(
            "UPDATE people SET staff_code = 'CB777', updated_at = '2026-03-01T00:00:00Z'
             WHERE id = ?1",
            [&ids.hoa],
        )
        .unwrap();
    a.conn()
        .execute(
            "UPDATE people SET position = 'Chuyên viên', updated_at = '2026-03-01T00:00:00Z'
             WHERE id = ?1",
            [&ids.nam],
        )
        .unwrap();
    let commune = c.unit_by_code("UBND-TT").unwrap().unwrap().id;
    add_person(&mut c, "Phạm Thị Tư", Some("CB777"), &commune);
    let s = c.merge_bundle(&everything(&a), false).unwrap();
    assert_eq!(s.refused_records.len(), 1, "{s:#?}");
    assert_eq!(s.refused_records[0].why.id, "merge-staff-code-taken");
    assert_eq!(s.refused_records[0].key, ids.hoa);
    assert_eq!(s.people.updated, 1, "Nam's edit merges");
    assert_eq!(
        c.person(&ids.hoa).unwrap().unwrap().staff_code.as_deref(),
        Some("CB001")
    );
    assert_eq!(c.person(&ids.nam).unwrap().unwrap().position, "Chuyên viên");
}

#[test]
fn a_demo_bundle_merges_only_into_an_empty_or_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    populate(&mut a, &pack, dir.path());
    a.set_setting("demo", "1").unwrap();
    let demo = everything(&a);
    assert!(demo.demo);

    let (mut real, _) = other_machine(dir.path(), "real.db", &pack, true);
    let before = dump(&real);
    let s = real.merge_bundle(&travel(&demo), false).unwrap();
    assert_eq!(s.refused.as_ref().unwrap().id, "merge-demo-refused");
    assert!(!s.changed());
    assert_eq!(dump(&real), before);
    assert!(!real.is_demo().unwrap());

    let mut empty = open(dir.path(), "empty.db");
    let s = merge(&mut empty, &demo);
    assert!(s.became_demo);
    assert!(empty.is_demo().unwrap());
    // Now a demo database, it takes more demo records.
    assert_nothing_new(&merge(&mut empty, &demo));
    // The caller may allow it explicitly.
    let s = real.merge_bundle(&travel(&demo), true).unwrap();
    assert!(s.refused.is_none() && s.changed());
}

/// ^P(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)$ with at least one part.
fn is_iso_duration(s: &str) -> bool {
    let Some(mut rest) = s.strip_prefix("PT") else {
        return false;
    };
    if rest.is_empty() {
        return false;
    }
    for unit in ['H', 'M', 'S'] {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || (unit == 'S' && c == '.')))
            .unwrap_or(rest.len());
        if digits > 0 && rest[digits..].starts_with(unit) {
            let n = &rest[..digits];
            if n.starts_with('.') || n.ends_with('.') || n.matches('.').count() > 1 {
                return false;
            }
            rest = &rest[digits + 1..];
        }
    }
    rest.is_empty()
}

#[test]
fn xapi_statements_follow_1_0_3_and_are_the_same_on_a_second_export() {
    use time::format_description::well_known::Rfc3339;
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    let ids = populate(&mut a, &pack, dir.path());
    let home = "https://lms.so-noi-vu.example.vn/danvan";
    let filter = BundleFilter::default();
    let all = bundles::xapi_statements(&a, &pack, &filter, home).unwrap();
    // One `answered` statement per answer of an official finished attempt (their shape is
    // tested in io::xapi and by Learning Locker's validator); the rest checked below.
    let (answered, statements): (Vec<_>, Vec<_>) = all
        .iter()
        .cloned()
        .partition(|s| s["verb"]["id"] == xapi::VERB_ANSWERED);
    let records = a.bundle_records(&filter).unwrap();
    let answers: usize = records
        .attempts
        .iter()
        .filter(|t| !t.practice && t.status != "open")
        .map(|t| t.answers.len())
        .sum();
    assert!(answers > 0);
    assert_eq!(answered.len(), answers);
    for s in &answered {
        assert_eq!(s["object"]["definition"]["type"], xapi::TYPE_INTERACTION);
        assert!(s["result"]["success"].is_boolean());
    }
    // 6 lessons and the course by Hoa, her exam and quiz, Nam's failed quiz (no practice).
    assert_eq!(statements.len(), 6 + 1 + 2 + 1, "{statements:#?}");
    let mut seen = std::collections::HashSet::new();
    let verbs = [xapi::VERB_COMPLETED, xapi::VERB_PASSED, xapi::VERB_FAILED];
    let types = [xapi::TYPE_LESSON, xapi::TYPE_ASSESSMENT, xapi::TYPE_COURSE];
    for s in &statements {
        let id = s["id"].as_str().unwrap();
        let uuid = uuid::Uuid::parse_str(id).unwrap();
        assert_eq!(uuid.get_version_num(), 5);
        assert!(seen.insert(id.to_string()), "duplicate id {id}");
        assert_eq!(s["version"], "1.0.3");
        // Actor: an Agent identified by an account on the home page.
        let actor = &s["actor"];
        assert_eq!(actor["objectType"], "Agent");
        assert!(!actor["name"].as_str().unwrap().is_empty());
        assert_eq!(actor["account"]["homePage"], home);
        assert!(!actor["account"]["name"].as_str().unwrap().is_empty());
        assert!(actor.get("mbox").is_none());
        // Verb: a known IRI with a display in both languages.
        let verb = s["verb"]["id"].as_str().unwrap();
        assert!(verbs.contains(&verb), "{verb}");
        assert!(!s["verb"]["display"]["vi-VN"].as_str().unwrap().is_empty());
        assert!(!s["verb"]["display"]["en-US"].as_str().unwrap().is_empty());
        // Object: an activity under the home page, typed and named in both languages.
        let object = &s["object"];
        assert_eq!(object["objectType"], "Activity");
        assert!(object["id"].as_str().unwrap().starts_with(home));
        assert!(!object["id"].as_str().unwrap().contains(' '));
        let kind = object["definition"]["type"].as_str().unwrap();
        assert!(types.contains(&kind), "{kind}");
        assert!(!object["definition"]["name"]["vi-VN"]
            .as_str()
            .unwrap()
            .is_empty());
        assert!(object["definition"]["name"]["en-US"].is_string());
        // Timestamp with a zone.
        let ts = s["timestamp"].as_str().unwrap();
        time::OffsetDateTime::parse(ts, &Rfc3339).unwrap();
        assert!(
            ts.ends_with('Z') || ts[ts.len() - 6..].starts_with(['+', '-']),
            "{ts}"
        );
        // Result.
        let result = &s["result"];
        assert_eq!(result["completion"], true);
        if let Some(score) = result.get("score") {
            let scaled = score["scaled"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&scaled), "{scaled}");
            if let Some(raw) = score.get("raw") {
                let (raw, min, max) = (
                    raw.as_f64().unwrap(),
                    score["min"].as_f64().unwrap(),
                    score["max"].as_f64().unwrap(),
                );
                assert!(min <= raw && raw <= max && min < max);
                assert!((scaled - raw / max).abs() < 1e-3);
            }
        }
        if verb != xapi::VERB_COMPLETED {
            assert_eq!(kind, xapi::TYPE_ASSESSMENT);
            assert_eq!(result["success"], verb == xapi::VERB_PASSED);
            let d = result["duration"].as_str().unwrap();
            assert!(is_iso_duration(d), "{d}");
            assert!(result.get("score").is_some());
        }
    }
    let quiz_of = |verb: &str| {
        statements
            .iter()
            .filter(|s| s["verb"]["id"] == verb)
            .map(|s| {
                (
                    s["actor"]["account"]["name"].as_str().unwrap().to_string(),
                    s["result"]["duration"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let passed = quiz_of(xapi::VERB_PASSED);
    assert!(
        passed.contains(&("CB001".into(), "PT4M12S".into())),
        "{passed:?}"
    );
    let mut failed = quiz_of(xapi::VERB_FAILED);
    failed.sort();
    assert_eq!(
        failed,
        vec![
            ("CB001".to_string(), "PT1M5S".to_string()),
            ("CB002".to_string(), "PT1M1.23S".to_string())
        ]
    );
    let lesson = statements
        .iter()
        .find(|s| s["object"]["definition"]["type"] == xapi::TYPE_LESSON)
        .unwrap();
    let course = pack.course("mot-cua").unwrap();
    let first = &course.lessons[0];
    let lesson_ids: Vec<&str> = statements
        .iter()
        .filter_map(|s| s["object"]["id"].as_str())
        .collect();
    assert!(lesson_ids.contains(&format!("{home}/courses/mot-cua/lessons/{}", first.id).as_str()));
    assert_eq!(
        lesson["context"]["contextActivities"]["parent"][0]["id"],
        format!("{home}/courses/mot-cua")
    );
    assert!(lesson_ids.contains(&format!("{home}/quizzes/q-mot-cua").as_str()));
    // The same statements (and ids) on a second export; the homepage changes only the IRIs.
    assert_eq!(
        bundles::xapi_statements(&a, &pack, &filter, home).unwrap(),
        all
    );
    let other = bundles::xapi_statements(&a, &pack, &filter, xapi::DEFAULT_HOMEPAGE).unwrap();
    assert_eq!(other[0]["id"], all[0]["id"]);
    assert_eq!(
        other[0]["actor"]["account"]["homePage"],
        "https://danvan.local"
    );
    // An official without a staff code is named by UUID; none of Ba's records is finished.
    assert!(statements
        .iter()
        .all(|s| s["actor"]["account"]["name"] != ids.hoa.as_str()));
    let text = xapi::to_json(&statements);
    assert!(text.starts_with('[') && text.ends_with("]\n"));
}

#[test]
fn filters_pick_a_unit_with_its_sub_units_a_course_and_days() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    let ids = populate(&mut a, &pack, dir.path());
    let pick = |f: BundleFilter| a.bundle_records(&f).unwrap();
    // The department and its commune: everyone, both self-assessments.
    let dept = pick(BundleFilter {
        unit: Some("SO-NV".into()),
        ..Default::default()
    });
    assert_eq!(strip(dept), strip(everything(&a)));
    // The commune: its people and assessment; its parent unit travels without its people.
    let commune = pick(BundleFilter {
        unit: Some("UBND-TT".into()),
        ..Default::default()
    });
    assert_eq!(commune.units.len(), 2);
    assert_eq!(commune.people.len(), 2);
    assert!(commune.people.iter().all(|p| p.id != ids.nam));
    assert!(commune.attempts.iter().all(|x| x.person_id == ids.hoa));
    assert_eq!(commune.assessments.len(), 1);
    assert_eq!(commune.assessments[0].unit_id, ids.commune);
    // A course: its records only, no exam, no self-assessments.
    let course = pick(BundleFilter {
        course: Some("mot-cua".into()),
        ..Default::default()
    });
    assert!(course
        .attempts
        .iter()
        .all(|x| x.course_id.as_deref() == Some("mot-cua")));
    assert_eq!(course.attempts.len(), 3);
    assert!(course
        .lesson_progress
        .iter()
        .all(|p| p.course_id == "mot-cua"));
    assert!(course.assessments.is_empty());
    // Days: nothing happened in 2025; self-assessments go by year.
    let last_year = pick(BundleFilter {
        from: Some("2025-01-01".into()),
        to: Some("2025-12-31".into()),
        ..Default::default()
    });
    assert_eq!(last_year.people.len(), 3);
    assert!(last_year.attempts.is_empty() && last_year.lesson_progress.is_empty());
    assert!(last_year.assessments.is_empty() && last_year.course_completions.is_empty());
    let today = danvan::store::now_utc()[..10].to_string();
    let this_year = pick(BundleFilter {
        from: Some(today.clone()),
        to: Some(today),
        ..Default::default()
    });
    assert_eq!(strip(this_year), strip(everything(&a)));
    // An unknown unit is an error, not an empty file.
    assert!(a
        .bundle_records(&BundleFilter {
            unit: Some("KHONG-CO".into()),
            ..Default::default()
        })
        .is_err());
}

#[test]
fn merge_asks_the_trainer_passphrase_and_a_wrong_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    populate(&mut a, &pack, dir.path());
    let file = dir.path().join("tu-xa-tan-tien.json");
    std::fs::write(&file, bundle::to_json(&everything(&a))).unwrap();
    let db = dir.path().join("trainer.db");
    {
        let mut b = Store::open(&db).unwrap();
        b.set_trainer_passphrase("mật khẩu đúng").unwrap();
    }
    let before = dump(&Store::open(&db).unwrap());
    let f = file.to_str().unwrap();
    let (_, err, code) = run(&db, &["merge", "--unsigned", f], Some("mật khẩu sai"));
    assert_eq!(code, 1);
    assert!(err.contains("Wrong trainer passphrase"), "{err}");
    assert_eq!(dump(&Store::open(&db).unwrap()), before);

    let (out, err, code) = run(&db, &["merge", "--unsigned", f], Some("mật khẩu đúng"));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Officials: 3 added, 0 updated, 0 already here"),
        "{out}"
    );
    let (out, _, code) = run(&db, &["merge", "--unsigned", f], Some("mật khẩu đúng"));
    assert_eq!(code, 0);
    assert!(out.contains("Nothing new"), "{out}");

    // Several files: each on its own; a refused one makes the exit code 1.
    a.set_setting("demo", "1").unwrap();
    let demo = dir.path().join("demo.json");
    std::fs::write(&demo, bundle::to_json(&everything(&a))).unwrap();
    let (out, err, code) = run(
        &db,
        &["merge", "--unsigned", demo.to_str().unwrap(), f],
        Some("mật khẩu đúng"),
    );
    assert_eq!(code, 1);
    assert!(err.contains("demo database"), "{err}");
    assert!(out.contains("Nothing new"), "{out}");
}

#[test]
fn export_json_writes_a_new_file_and_never_overwrites() {
    use danvan::boot::Context;
    use danvan::domain::i18n::Lang;
    use std::process::ExitCode;
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let db = dir.path().join("a.db");
    {
        let mut a = Store::open(&db).unwrap();
        populate(&mut a, &pack, dir.path());
    }
    let ctx = Context::with_lang(db.clone(), None, Lang::En, true);
    // The keys folder: one for this test binary, never the user's own.
    std::env::set_var(bundles::KEY_DIR_ENV, key_dir());
    let out = dir.path().join("records.json");
    let code = danvan::cli::bundle::export_json(
        &ctx,
        Some("UBND-TT"),
        None,
        Some("01/01/2026"),
        None,
        Some(&out),
        None,
    );
    assert_eq!(code, ExitCode::SUCCESS);
    let text = std::fs::read_to_string(&out).unwrap();
    // Format 2 (signed) since the export signs with this database's key.
    let (b, _) = bundle::read_signed(text.as_bytes()).unwrap();
    assert_eq!(b.people.len(), 2);
    // Never overwritten.
    let code = danvan::cli::bundle::export_json(&ctx, None, None, None, None, Some(&out), None);
    assert_eq!(code, ExitCode::from(1));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    // Bad arguments are refused before anything is written.
    let xapi_out = dir.path().join("xapi.json");
    let code = danvan::cli::bundle::export_xapi(
        &ctx,
        None,
        None,
        None,
        None,
        "danvan.local",
        Some(&xapi_out),
    );
    assert_eq!(code, ExitCode::from(1));
    let code = danvan::cli::bundle::export_json(
        &ctx,
        Some("KHONG-CO"),
        None,
        None,
        None,
        Some(&xapi_out),
        None,
    );
    assert_eq!(code, ExitCode::from(1));
    assert!(!xapi_out.exists());
    let code = danvan::cli::bundle::export_xapi(
        &ctx,
        None,
        Some("mot-cua"),
        None,
        None,
        xapi::DEFAULT_HOMEPAGE,
        Some(&xapi_out),
    );
    assert_eq!(code, ExitCode::SUCCESS);
    let statements: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&xapi_out).unwrap()).unwrap();
    // One `answered` statement per answer of an official finished attempt on the course, and
    // the records themselves: 6 lessons, the course, and the course's two quiz results.
    let (answered, records): (Vec<_>, Vec<_>) = statements
        .iter()
        .partition(|s| s["verb"]["id"] == xapi::VERB_ANSWERED);
    assert_eq!(records.len(), 6 + 1 + 2);
    let store = Store::open(&db).unwrap();
    let filter = BundleFilter {
        course: Some("mot-cua".into()),
        ..BundleFilter::default()
    };
    let answers: usize = store
        .bundle_records(&filter)
        .unwrap()
        .attempts
        .iter()
        .filter(|t| !t.practice && t.status != "open")
        .map(|t| t.answers.len())
        .sum();
    assert!(answers > 0);
    assert_eq!(answered.len(), answers);
}

// ---------------------------------------------------------------------------------------------
// Signed bundles (format 2)

/// Export `db` through the command line as a signed bundle into `out`.
fn export_signed(db: &Path, out: &Path) {
    let (_, err, code) = run(
        db,
        &["export", "--format", "json", "--out", out.to_str().unwrap()],
        None,
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_signed_export_merges_like_the_records_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let a_db = dir.path().join("a.db");
    {
        let mut a = Store::open(&a_db).unwrap();
        populate(&mut a, &pack, dir.path());
    }
    let file = dir.path().join("a.json");
    export_signed(&a_db, &file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("{\"format\":\"danvan-records\",\"version\":2,"),
        "{text}"
    );
    assert!(text
        .trim_end()
        .lines()
        .last()
        .unwrap()
        .starts_with("{\"danvan_signature\":"));
    // Format 2 reads back to the same records as format 1.
    let a = Store::open(&a_db).unwrap();
    let (b, verified) = bundle::read_signed(text.as_bytes()).unwrap();
    assert_eq!(strip(b.clone()), strip(everything(&a)));
    assert_eq!(verified.records as usize, text.lines().count() - 2);

    // Merged through the command line and directly from the rows: the same database.
    let via_cli = dir.path().join("b.db");
    let direct = dir.path().join("c.db");
    Store::open(&via_cli).unwrap();
    let (out, err, code) = run(&via_cli, &["merge", file.to_str().unwrap()], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Signature valid (key "), "{out}");
    assert!(out.contains("Officials: 3 added"), "{out}");
    assert!(!err.contains("warning"), "{err}");
    let mut c = Store::open(&direct).unwrap();
    merge(&mut c, &b);
    // Besides the log: the command line pinned the signer's key, and each database has its own
    // id (settings) since schema 11.
    let differ = ["audit_log", "trusted_keys", "settings"];
    assert_eq!(
        dump_except(&Store::open(&via_cli).unwrap(), &differ),
        dump_except(&c, &differ)
    );
    let (out, _, code) = run(&via_cli, &["merge", file.to_str().unwrap()], None);
    assert_eq!(code, 0);
    assert!(out.contains("Nothing new"), "{out}");

    // The TUI's path is the same service function.
    let mut d = Store::open(&dir.path().join("d.db")).unwrap();
    let options = bundles::MergeOptions {
        unsigned: false,
        pack: Some(&pack),
        ..Default::default()
    };
    let merged = bundles::merge_file(&mut d, &file, options).unwrap();
    assert_eq!(merged.summary.people.added, 3);
    assert!(merged.signed_by.is_some());
}

#[test]
fn a_signed_bundle_changed_after_export_is_refused_and_nothing_is_merged() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let a_db = dir.path().join("a.db");
    let person_name;
    {
        let mut a = Store::open(&a_db).unwrap();
        populate(&mut a, &pack, dir.path());
        person_name = everything(&a).people[0].full_name.clone();
    }
    let file = dir.path().join("a.json");
    export_signed(&a_db, &file);
    let text = std::fs::read_to_string(&file).unwrap();
    let lines = text.lines().count();
    let db = dir.path().join("b.db");
    Store::open(&db).unwrap();
    let before = dump(&Store::open(&db).unwrap());

    let cases: Vec<(&str, String)> = vec![
        ("renamed", text.replacen(&person_name, "Người Khác", 1)),
        (
            "passed",
            text.replacen("\"passed\":false", "\"passed\":true", 1),
        ),
        ("crlf", text.replacen('\n', "\r\n", 1)),
        ("appended", format!("{text}{{\"record\":\"unit\"}}\n")),
    ];
    for (what, changed) in cases {
        assert_ne!(changed, text, "{what}");
        let bad = dir.path().join(format!("{what}.json"));
        std::fs::write(&bad, &changed).unwrap();
        let (out, err, code) = run(&db, &["merge", bad.to_str().unwrap()], None);
        assert_eq!(code, 1, "{what}: {out}");
        assert!(err.contains("changed after export"), "{what}: {err}");
        let at = if what == "appended" { lines + 1 } else { lines };
        assert!(
            err.starts_with(&format!("{}:{at}: error: ", bad.display())),
            "{what}: {err}"
        );
        assert!(
            err.contains("nothing from this file was merged"),
            "{what}: {err}"
        );
        assert_eq!(dump(&Store::open(&db).unwrap()), before, "{what}");
    }

    // Cut short: no signature.
    let cut = dir.path().join("cut.json");
    let keep: Vec<&str> = text.lines().take(lines - 1).collect();
    std::fs::write(&cut, keep.join("\n") + "\n").unwrap();
    let (_, err, code) = run(&db, &["merge", cut.to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert!(err.contains("cut short"), "{err}");
    assert_eq!(dump(&Store::open(&db).unwrap()), before);
}

#[test]
fn an_unsigned_bundle_merges_only_with_unsigned_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    populate(&mut a, &pack, dir.path());
    let file = dir.path().join("cu.json");
    std::fs::write(&file, bundle::to_json(&everything(&a))).unwrap();
    let db = dir.path().join("b.db");
    Store::open(&db).unwrap();
    let before = dump(&Store::open(&db).unwrap());
    let (_, err, code) = run(&db, &["merge", file.to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert!(
        err.contains("format 1") && err.contains("--unsigned"),
        "{err}"
    );
    assert_eq!(dump(&Store::open(&db).unwrap()), before);
    let mut b = Store::open(&db).unwrap();
    let refused = bundles::merge_file(&mut b, &file, Default::default()).unwrap_err();
    assert_eq!(refused.msg.id, "merge-unsigned-refused");
    drop(b);

    let (out, err, code) = run(&db, &["merge", "--unsigned", file.to_str().unwrap()], None);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning") && err.contains("unsigned"), "{err}");
    assert!(out.contains("Officials: 3 added"), "{out}");
}

#[test]
fn a_signed_bundle_that_cannot_be_true_is_refused_whole_naming_record_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::pack();
    let mut a = open(dir.path(), "a.db");
    populate(&mut a, &pack, dir.path());
    let good = everything(&a);
    assert!(!good.course_completions.is_empty() && !good.attempts.is_empty());
    assert!(danvan::domain::bundle::validate(&good, &pack).is_empty());
    // A unit's own key signs whatever it is told: the rules still hold.
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let attempt = good
        .attempts
        .iter()
        // A failed attempt (Nam's), so "inflated" claims more than its answers earned; a
        // perfect attempt's 1500 hundredths would be its true sum.
        .position(|t| !t.answers.is_empty() && t.earned.is_some() && t.passed == Some(false))
        .unwrap();
    let stranger = good
        .people
        .iter()
        .find(|p| {
            !good.attempts.iter().any(|t| t.person_id == p.id)
                && !good.lesson_progress.iter().any(|l| l.person_id == p.id)
        })
        .map(|p| p.id.clone());
    type Edit = Box<dyn Fn(&mut Bundle)>;
    let mut cases: Vec<(&str, Edit, &str)> = vec![
        (
            "huge",
            Box::new(|b: &mut Bundle| b.course_completions[0].best_percent = Some(1e308)),
            "bundle-rule-percent",
        ),
        (
            "negative",
            Box::new(|b: &mut Bundle| b.course_completions[0].best_percent = Some(-50.0)),
            "bundle-rule-percent",
        ),
        (
            "path",
            Box::new(|b: &mut Bundle| b.course_completions[0].course_id = "../../khong-co".into()),
            "bundle-rule-course",
        ),
        (
            "position",
            Box::new(move |b: &mut Bundle| b.attempts[attempt].answers[0].position = 99999),
            "bundle-rule-position",
        ),
        (
            "inflated",
            Box::new(move |b: &mut Bundle| {
                let t = &mut b.attempts[attempt];
                t.earned = Some(1500);
                t.max_points = Some(1500);
                t.passed = Some(true);
                for x in &mut t.answers {
                    x.correct = true;
                }
            }),
            "bundle-rule-score-sum",
        ),
    ];
    if let Some(id) = stranger {
        cases.push((
            "unearned",
            Box::new(move |b: &mut Bundle| {
                let mut c = b.course_completions[0].clone();
                c.person_id = id.clone();
                b.course_completions.push(c);
            }),
            "bundle-rule-completion",
        ));
    } else {
        // Everyone in the sample has activity: strip one person's to make a stranger.
        cases.push((
            "unearned",
            Box::new(|b: &mut Bundle| {
                let c = b.course_completions[0].clone();
                b.attempts.retain(|t| t.person_id != c.person_id);
                b.lesson_progress.retain(|l| l.person_id != c.person_id);
            }),
            "bundle-rule-completion",
        ));
    }
    let db = dir.path().join("b.db");
    Store::open(&db).unwrap();
    let before = dump(&Store::open(&db).unwrap());
    for (what, edit, rule) in &cases {
        let mut b = good.clone();
        edit(&mut b);
        let problems = danvan::domain::bundle::validate(&b, &pack);
        assert!(
            problems.iter().any(|p| p.rule == *rule),
            "{what}: {problems:?}"
        );
        let file = dir.path().join(format!("{what}.json"));
        let signed = bundle::write_signed(&b, &key, Vec::new()).unwrap();
        std::fs::write(&file, &signed.out).unwrap();
        let (_, err, code) = run(&db, &["merge", file.to_str().unwrap()], None);
        assert_eq!(code, 1, "{what}: {err}");
        assert!(err.contains("breaks the rule"), "{what}: {err}");
        assert!(
            err.contains("nothing from this file was merged"),
            "{what}: {err}"
        );
        assert_eq!(dump(&Store::open(&db).unwrap()), before, "{what}");
        let mut s = Store::open(&db).unwrap();
        let options = bundles::MergeOptions {
            unsigned: false,
            pack: Some(&pack),
            ..Default::default()
        };
        let r = bundles::merge_file(&mut s, &file, options).unwrap_err();
        assert_eq!(r.msg.id, "merge-invalid", "{what}");
    }
}

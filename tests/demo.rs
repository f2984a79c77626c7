//! The demonstration database: made in a new file only, marked as demo, with Vietnamese names in
//! NFC, lesson progress, quiz attempts whose papers replay from their seeds and whose grades the quiz
//! engine gives again, completions that follow the completion rule, self-assessments, and records
//! summaries (kept by the schema's triggers) equal to a direct recount. Also `danvan demo`.

use std::path::Path;
use std::process::Command;

use danvan::demo::{self, DemoError, DemoOptions};
use danvan::domain::content::{embedded_files, load, Pack};
use danvan::domain::people::NewPerson;
use danvan::domain::quiz::{self, Paper, Response};
use danvan::domain::text::{fold, nfc};
use danvan::store::Store;
use time::macros::date;

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
}

fn opts(people: usize, seed: u64) -> DemoOptions {
    DemoOptions {
        people,
        seed,
        today: date!(2026 - 11 - 26),
    }
}

fn make(dir: &Path, name: &str, people: usize, seed: u64) -> Store {
    let path = dir.join(name);
    let summary = demo::create(&path, &pack(), &opts(people, seed)).unwrap();
    assert_eq!(summary.people, people);
    Store::open(&path).unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_demo_database_is_marked_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let store = make(dir.path(), "demo.db", 300, 7);
    assert!(demo::is_demo(&store));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM people"), 300);
    drop(store);

    let path = dir.path().join("demo.db");
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        demo::create(&path, &pack(), &opts(10, 1)),
        Err(DemoError::Exists(_))
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before, "left untouched");

    // An ordinary database is not a demo.
    let mut real = Store::open(&dir.path().join("real.db")).unwrap();
    real.add_person(&NewPerson {
        full_name: "Nguyễn Văn An".into(),
        ..Default::default()
    })
    .unwrap();
    assert!(!demo::is_demo(&real));
    assert!(matches!(
        demo::create(&dir.path().join("none.db"), &pack(), &opts(0, 1)),
        Err(DemoError::NoPeople)
    ));
    assert!(!dir.path().join("none.db").exists());
}

#[test]
fn officials_have_vietnamese_names_in_nfc_units_and_staff_codes() {
    let dir = tempfile::tempdir().unwrap();
    let store = make(dir.path(), "demo.db", 300, 11);
    let people = store.people().unwrap();
    assert_eq!(people.len(), 300);
    let mut nguyen = 0;
    let mut thi = 0;
    let mut codes = std::collections::HashSet::new();
    for p in &people {
        assert_eq!(nfc(&p.full_name), p.full_name, "NFC: {:?}", p.full_name);
        let words: Vec<&str> = p.full_name.split(' ').collect();
        assert!((3..=4).contains(&words.len()), "{}", p.full_name);
        assert!(words
            .iter()
            .all(|w| w.chars().next().unwrap().is_uppercase()));
        nguyen += (words[0] == "Nguyễn") as usize;
        thi += words.contains(&"Thị") as usize;
        assert!(codes.insert(p.staff_code.clone().expect("a staff code")));
        assert!(!p.position.is_empty());
        let d = p.appointed_on.as_deref().expect("an appointment date");
        assert_eq!(danvan::domain::text::parse_date(d).as_deref(), Some(d));
        assert!(p.unit_id.is_some());
    }
    // Nguyễn is about 38% of Vietnamese; Thị the commonest middle name of women.
    assert!((60..=170).contains(&nguyen), "Nguyễn: {nguyen}");
    assert!(thi > 30, "Thị: {thi}");
    let non_ascii = people.iter().filter(|p| !p.full_name.is_ascii()).count();
    assert!(non_ascii > 270, "diacritics: {non_ascii}");

    let units = store.units().unwrap();
    assert!(units.iter().any(|u| u.name.starts_with("UBND xã ")));
    assert!(units.iter().any(|u| u.name.starts_with("Sở ")));
    assert!(units
        .iter()
        .any(|u| u.kind == danvan::domain::people::UnitKind::PublicService));
    for u in &units {
        assert_eq!(nfc(&u.name), u.name);
    }
}

#[test]
fn attempts_replay_from_their_seeds_and_grade_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = make(dir.path(), "demo.db", 300, 3);
    let pack = pack();
    assert!(
        count(
            &store,
            "SELECT COUNT(*) FROM lesson_progress WHERE completed_at IS NOT NULL"
        ) > 1000
    );
    assert!(
        count(
            &store,
            "SELECT COUNT(*) FROM lesson_progress WHERE completed_at IS NULL"
        ) > 0
    );

    let mut stmt = store
        .conn()
        .prepare(
            "SELECT id, quiz_id, seed, paper, status, earned, max_points, passed, content_hash, course_id
             FROM attempts ORDER BY rowid",
        )
        .unwrap();
    type Row = (
        String,
        String,
        i64,
        String,
        String,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        String,
        Option<String>,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                // Stored packed since schema 16: the paper as the store reads it.
                danvan::store::schema::unpack_paper(&r.get::<_, String>(3)?),
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rows.len() > 300, "attempts: {}", rows.len());
    let mut statuses = std::collections::BTreeMap::new();
    for (id, quiz_id, seed, paper, status, earned, max, passed, hash, course) in rows {
        let q = pack.quiz(&quiz_id).expect("a quiz of the pack");
        let drawn = quiz::draw(&pack, q, seed as u64);
        assert_eq!(drawn.encode(), paper, "attempt {id} does not replay");
        assert_eq!(
            Paper::decode(&quiz_id, seed as u64, &paper),
            Some(drawn.clone())
        );
        assert_eq!(hash, quiz::attempt_hash(&pack, q, &drawn));
        assert_eq!(course, q.course);
        *statuses.entry(status.clone()).or_insert(0) += 1;

        let answers = store.answers(&id).unwrap();
        let mut total = 0;
        for a in &answers {
            let item = &drawn.items[a.position];
            assert_eq!((&item.bank, &item.question), (&a.bank_id, &a.question_id));
            let question = quiz::engine::question(&pack, item).unwrap();
            let g = quiz::grade(question, &a.response);
            assert_eq!(
                (g.correct, g.earned),
                (a.correct, a.earned),
                "{:?}",
                a.response
            );
            assert!(!matches!(&a.response, Response::Text(t) if t.is_empty()));
            total += a.earned;
        }
        if status == "open" {
            assert_eq!((earned, max, passed), (None, None, None));
            assert!(answers.len() < drawn.items.len());
        } else {
            let s = quiz::score(total, drawn.max_total(), q.pass_mark);
            assert_eq!(earned, Some(total as i64));
            assert_eq!(max, Some(drawn.max_total() as i64));
            assert_eq!(passed, Some(s.passed as i64));
        }
    }
    assert!(
        statuses.get("submitted").copied().unwrap_or(0) > 300,
        "{statuses:?}"
    );
    // Missed questions went to practice.
    assert!(count(&store, "SELECT COUNT(*) FROM practice_cards") > 0);
}

#[test]
fn completions_follow_the_completion_rule() {
    let dir = tempfile::tempdir().unwrap();
    let store = make(dir.path(), "demo.db", 300, 5);
    let pack = pack();
    let mut stmt = store
        .conn()
        .prepare("SELECT person_id, course_id, course_version, completed_at, best_percent FROM course_completions")
        .unwrap();
    let rows: Vec<(String, String, String, String, f64)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rows.len() > 100, "completions: {}", rows.len());
    for (person, course_id, version, at, best) in rows {
        let course = pack.course(&course_id).unwrap();
        assert_eq!(version, course.version);
        let progress = store.course_progress(&person, &course_id).unwrap();
        let mut last_read = String::new();
        for l in &course.lessons {
            let read = progress
                .iter()
                .find(|p| p.lesson_id == l.id)
                .and_then(|p| p.completed_at.clone())
                .unwrap_or_else(|| {
                    panic!("{person} completed {course_id} without reading {}", l.id)
                });
            last_read = last_read.max(read);
        }
        let q = danvan::service::learning::course_quiz(&pack, &course_id).unwrap();
        let first_pass = store
            .attempts(&person, &q.id)
            .unwrap()
            .iter()
            .filter(|a| a.passed == Some(true))
            .filter_map(|a| a.ended_at.clone())
            .min()
            .expect("a passed attempt");
        assert_eq!(at, last_read.max(first_pass));
        let expected = danvan::service::learning::best_percent(&store, &person, &q.id)
            .unwrap()
            .unwrap();
        assert_eq!(best, expected);
        // The kit itself agrees that the course is complete.
        let (status, _) =
            danvan::service::learning::course_status(&store, &pack, &person, &course_id).unwrap();
        assert!(matches!(
            status,
            danvan::service::learning::CourseStatus::Completed { .. }
        ));
    }
}

#[test]
fn summaries_match_a_direct_recount() {
    let dir = tempfile::tempdir().unwrap();
    let store = make(dir.path(), "demo.db", 300, 9);
    let recount_people = "SELECT p.id, p.unit_id,
          (SELECT COUNT(*) FROM lesson_progress l WHERE l.person_id = p.id AND l.completed_at IS NOT NULL),
          (SELECT COUNT(*) FROM course_completions c WHERE c.person_id = p.id),
          (SELECT COUNT(*) FROM attempts a WHERE a.person_id = p.id AND a.course_id IS NOT NULL
             AND a.practice = 0 AND a.status <> 'closed-changed'),
          (SELECT MAX(t) FROM (
             SELECT MAX(opened_at) AS t FROM lesson_progress WHERE person_id = p.id
             UNION ALL SELECT MAX(COALESCE(ended_at, started_at)) FROM attempts
               WHERE person_id = p.id AND practice = 0))
        FROM people p";
    let kept_people =
        "SELECT person_id, unit_id, lessons_read, courses_completed, attempts, last_activity
        FROM person_summary";
    for (a, b) in [(recount_people, kept_people), (kept_people, recount_people)] {
        assert_eq!(
            count(&store, &format!("SELECT COUNT(*) FROM ({a} EXCEPT {b})")),
            0,
            "person_summary differs from a recount"
        );
    }
    assert_eq!(count(&store, "SELECT COUNT(*) FROM person_summary"), 300);

    let recount_courses = "SELECT x.person_id, x.course_id,
          (SELECT COUNT(*) FROM lesson_progress l WHERE l.person_id = x.person_id
             AND l.course_id = x.course_id AND l.completed_at IS NOT NULL),
          (SELECT COUNT(*) FROM attempts a WHERE a.person_id = x.person_id AND a.course_id = x.course_id
             AND a.practice = 0 AND a.status <> 'closed-changed'),
          (SELECT MAX(earned * 100.0 / max_points) FROM attempts a WHERE a.person_id = x.person_id
             AND a.course_id = x.course_id AND a.practice = 0 AND a.status <> 'open' AND a.max_points > 0),
          COALESCE((SELECT MAX(passed) FROM attempts a WHERE a.person_id = x.person_id
             AND a.course_id = x.course_id AND a.practice = 0 AND a.status <> 'open'), 0),
          (SELECT completed_at FROM course_completions c WHERE c.person_id = x.person_id
             AND c.course_id = x.course_id)
        FROM (SELECT person_id, course_id FROM lesson_progress
              UNION SELECT person_id, course_id FROM attempts WHERE course_id IS NOT NULL AND practice = 0
              UNION SELECT person_id, course_id FROM course_completions) x";
    let kept_courses =
        "SELECT person_id, course_id, lessons_read, attempts, best_percent, passed, completed_at
        FROM course_summary";
    for (a, b) in [
        (recount_courses, kept_courses),
        (kept_courses, recount_courses),
    ] {
        assert_eq!(
            count(&store, &format!("SELECT COUNT(*) FROM ({a} EXCEPT {b})")),
            0,
            "course_summary differs from a recount"
        );
    }
    assert!(
        count(
            &store,
            "SELECT COUNT(*) FROM course_summary WHERE completed_at IS NOT NULL"
        ) > 100
    );

    // The sort key is the folded name.
    let mut stmt = store
        .conn()
        .prepare("SELECT p.full_name, s.sort_name FROM people p JOIN person_summary s ON s.person_id = p.id")
        .unwrap();
    let names: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (name, sort) in names {
        assert_eq!(fold(&name), sort);
    }
}

#[test]
fn units_have_yearly_self_assessments() {
    let dir = tempfile::tempdir().unwrap();
    let store = make(dir.path(), "demo.db", 300, 13);
    let pack = pack();
    let c = danvan::service::assessment::checklist(&pack).unwrap();
    let mut finals = 0;
    for unit in store.units().unwrap() {
        for a in store.assessments_of_unit(&unit.id).unwrap() {
            assert!(a.year == 2025 || a.year == 2026);
            let answers = store.criterion_answers(&a.id).unwrap();
            for ans in &answers {
                let (_, cr) = c
                    .criteria()
                    .find(|(_, cr)| cr.id == ans.criterion_id)
                    .unwrap();
                assert!(cr.applies_to_kind(unit.kind.key()));
            }
            let history = store.assessment_history(&a.id).unwrap();
            if a.status == danvan::domain::assessment::record::AssessmentStatus::Final {
                finals += 1;
                let last = history.last().expect("a finalized version");
                assert!(last.reopened_at.is_none());
                let score = danvan::service::assessment::score(c, &unit, &answers);
                assert_eq!(last.score_hundredths, score.hundredths);
                assert_eq!(last.band, score.band);
                assert_eq!(last.answers, answers);
                // The report reads it like any other.
                let data =
                    danvan::service::assessment::report_data(&store, &pack, &unit, a.year).unwrap();
                assert_eq!(data.score.hundredths, score.hundredths);
            } else {
                assert!(history.iter().all(|v| v.reopened_at.is_some()));
            }
        }
    }
    assert!(finals > 3, "finalized assessments: {finals}");
}

#[test]
fn the_same_seed_gives_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let a = make(dir.path(), "a.db", 60, 21);
    let b = make(dir.path(), "b.db", 60, 21);
    let c = make(dir.path(), "c.db", 60, 22);
    let dump = |s: &Store| -> Vec<String> {
        let mut stmt = s
            .conn()
            .prepare(
                "SELECT p.id || p.full_name || COALESCE(a.seed, '') || COALESCE(a.paper, '')
                 FROM people p LEFT JOIN attempts a ON a.person_id = p.id ORDER BY p.id, a.id",
            )
            .unwrap();
        let rows = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<Vec<String>, _>>()
            .unwrap();
        rows
    };
    assert_eq!(dump(&a), dump(&b));
    assert_ne!(dump(&a), dump(&c));
}

#[test]
fn the_demo_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_danvan"))
            .args(args)
            .env_remove("DANVAN_DB")
            .env_remove("DANVAN_LANG")
            .env_remove("DANVAN_CONTENT")
            .output()
            .unwrap()
    };
    let db_arg = db.to_str().unwrap();
    let out = run(&["demo", "--db", db_arg, "--people", "25", "--seed", "4"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("MẪU") && said.contains("25 cán bộ"), "{said}");
    assert!(demo::is_demo(&Store::open(&db).unwrap()));

    let before = std::fs::read(&db).unwrap();
    let out = run(&["demo", "--db", db_arg, "--people", "25"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("đã có"));
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // Never into the default database: --db is required.
    let out = run(&["demo", "--people", "5"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "demo",
        "--db",
        dir.path().join("z.db").to_str().unwrap(),
        "--people",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("z.db").exists());
}

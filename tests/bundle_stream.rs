//! Exports that stream from the database record by record: the signed bundle and the xAPI
//! statements give the bytes of the whole-bundle path for the same records, on a seeded (demo)
//! database and every kind of filter; and a filtered bundle carries the evidence of each
//! completion it holds, so `danvan merge` accepts it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use danvan::demo::{self, DemoOptions};
use danvan::domain::bundle::BundleFilter;
use danvan::domain::content::{embedded_files, load, Pack};
use danvan::io::{bundle, keys, xapi};
use danvan::service::bundles;
use danvan::store::Store;
use time::macros::date;

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
}

fn demo_db(dir: &Path, people: usize) -> PathBuf {
    let path = dir.join("demo.db");
    let opts = DemoOptions {
        people,
        seed: 7,
        today: date!(2026 - 11 - 26),
    };
    demo::create(&path, &pack(), &opts).unwrap();
    path
}

/// No filter, a unit with sub-units, a course, a range of days, and all three together.
fn filters(store: &Store) -> Vec<BundleFilter> {
    let unit: String = store
        .conn()
        .query_row(
            "SELECT code FROM units WHERE id IN (SELECT parent_id FROM units) ORDER BY code",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let days = BundleFilter {
        from: Some("2026-01-01".into()),
        to: Some("2026-06-30".into()),
        ..BundleFilter::default()
    };
    vec![
        BundleFilter::default(),
        BundleFilter {
            unit: Some(unit.clone()),
            ..BundleFilter::default()
        },
        BundleFilter {
            course: Some("mot-cua".into()),
            ..BundleFilter::default()
        },
        days.clone(),
        BundleFilter {
            unit: Some(unit),
            course: Some("mot-cua".into()),
            ..days
        },
    ]
}

#[test]
fn a_streamed_signed_bundle_has_the_bytes_of_the_whole_bundle_path() {
    let dir = tempfile::tempdir().unwrap();
    let keys_dir = dir.path().join("keys");
    let store = Store::open(&demo_db(dir.path(), 40)).unwrap();
    for filter in filters(&store) {
        let (counts, signed, _) =
            bundles::export_signed_streaming(&store, &filter, &keys_dir, Vec::new()).unwrap();
        let streamed = String::from_utf8(signed.out).unwrap();
        let header: serde_json::Value =
            serde_json::from_str(streamed.lines().next().unwrap()).unwrap();
        let mut whole = store.bundle_records(&filter).unwrap();
        whole.exported_at = header["exported_at"].as_str().unwrap().to_string();
        let (key, _) = keys::load_or_create(&keys_dir, &whole.source_db).unwrap();
        let old = bundle::write_signed(&whole, &key, Vec::new()).unwrap().out;
        assert_eq!(streamed, String::from_utf8(old).unwrap(), "{filter:?}");
        assert_eq!(
            (
                counts.units,
                counts.people,
                counts.lessons,
                counts.completions,
                counts.attempts,
                counts.assessments
            ),
            (
                whole.units.len(),
                whole.people.len(),
                whole.lesson_progress.len(),
                whole.course_completions.len(),
                whole.attempts.len(),
                whole.assessments.len()
            ),
            "{filter:?}"
        );
        assert!(counts.people > 0 && counts.attempts > 0, "{filter:?}");
    }
}

#[test]
fn streamed_xapi_statements_have_the_bytes_of_the_whole_bundle_path() {
    let dir = tempfile::tempdir().unwrap();
    let pack = pack();
    let home = xapi::DEFAULT_HOMEPAGE;
    let store = Store::open(&demo_db(dir.path(), 30)).unwrap();
    let compare = |store: &Store, what: &str| {
        for filter in filters(store) {
            let mut streamed = Vec::new();
            let n = bundles::write_xapi(store, &pack, &filter, home, &mut streamed)
                .unwrap()
                .unwrap();
            let whole = xapi::statements(&store.statement_records(&filter).unwrap(), &pack, home);
            assert_eq!(n, whole.len(), "{what} {filter:?}");
            assert!(n > 0, "{what} {filter:?}");
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                xapi::to_json(&whole),
                "{what} {filter:?}"
            );
        }
    };
    compare(&store, "as the kit writes times");
    // Times merged from elsewhere as written there: an offset, fractions of a second, one
    // second shared by rows of different tables (the writer orders those itself).
    let (attempt, ended): (String, String) = store
        .conn()
        .query_row(
            "SELECT id, ended_at FROM attempts WHERE practice = 0 AND status <> 'open'
             ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let sql = format!(
        "UPDATE answers SET answered_at = '{ended}' WHERE attempt_id = '{attempt}' AND position = 0;
         UPDATE answers SET answered_at = replace('{ended}', 'Z', '.5Z')
           WHERE attempt_id = '{attempt}' AND position = 1;
         UPDATE lesson_progress SET completed_at =
           strftime('%Y-%m-%dT%H:%M:%S+07:00', completed_at, '+7 hours')
           WHERE unicode(person_id) % 3 = 0 AND completed_at IS NOT NULL;
         UPDATE course_completions SET completed_at = replace(completed_at, 'Z', '.250Z')
           WHERE unicode(person_id) % 2 = 0;"
    );
    store.conn().execute_batch(&sql).unwrap();
    compare(&store, "as merged from elsewhere");
}

/// The `danvan` binary on `db`, with a keys folder of the test's.
fn run(db: &Path, keys: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(args)
        .env(bundles::KEY_DIR_ENV, keys)
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn a_filtered_export_carries_each_completions_evidence_and_merges_whole() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let db = demo_db(dir.path(), 30);
    // One completion moved to a day of its own, after all its lessons and attempts.
    let (person, course): (String, String) = {
        let store = Store::open(&db).unwrap();
        let pick = store
            .conn()
            .query_row(
                "SELECT person_id, course_id FROM course_completions ORDER BY person_id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        store
            .conn()
            .execute(
                "UPDATE course_completions SET completed_at = '2026-11-27T03:00:00Z'
                 WHERE person_id = ?1 AND course_id = ?2",
                [&pick.0, &pick.1],
            )
            .unwrap();
        pick
    };
    let file = dir.path().join("day.json");
    let (_, err, code) = run(
        &db,
        &keys,
        &[
            "export",
            "--format",
            "json",
            "--course",
            &course,
            "--from",
            "2026-11-27",
            "--to",
            "2026-11-27",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    let (b, _) = bundle::read_signed(text.as_bytes()).unwrap();
    assert_eq!(b.course_completions.len(), 1);
    // The evidence came along although none of it is of that day.
    let evidence_days: Vec<&str> = b
        .attempts
        .iter()
        .map(|a| a.ended_at.as_deref().unwrap_or(&a.started_at))
        .chain(
            b.lesson_progress
                .iter()
                .filter_map(|p| p.completed_at.as_deref()),
        )
        .collect();
    assert!(!evidence_days.is_empty());
    assert!(
        evidence_days.iter().all(|d| &d[..10] < "2026-11-27"),
        "{evidence_days:?}"
    );
    assert!(b.attempts.iter().all(|a| a.person_id == person));

    let target = dir.path().join("target.db");
    Store::open(&target).unwrap();
    let (out, err, code) = run(&target, &keys, &["merge", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let merged = Store::open(&target).unwrap();
    let at: String = merged
        .conn()
        .query_row(
            "SELECT completed_at FROM course_completions WHERE person_id = ?1 AND course_id = ?2",
            [&person, &course],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(at, "2026-11-27T03:00:00Z");
}

//! Upgrading a schema-7 database (danvan 0.1.0, tests/fixtures/db/schema7-demo.db): legacy
//! content hashes become v2 hashes of the same released content, so the upgrade closes no open
//! attempt by itself; and a file with a negative schema version is refused untouched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use danvan::domain::content::{canon, embedded_files, load, Pack};
use danvan::domain::quiz::{self, Paper};
use danvan::service::learning::{self, Begin};
use danvan::store::schema::SCHEMA_VERSION;
use danvan::store::{Store, StoreError};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/db/schema7-demo.db"
);
const RELEASED: &str = include_str!("../src/store/schema/released_hashes.tsv");

fn copy_fixture(dir: &Path) -> PathBuf {
    let db = dir.join("danvan.db");
    std::fs::copy(FIXTURE, &db).expect("copy the fixture");
    db
}

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack")
}

/// (kind, id…) → hash, read from the released table.
fn released() -> HashMap<String, String> {
    RELEASED
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut f: Vec<&str> = l.split('\t').collect();
            let hash = f.pop().unwrap().to_string();
            (f.join("/"), hash)
        })
        .collect()
}

struct Open {
    id: String,
    person: String,
    paper: Paper,
    hash: String,
}

fn open_attempt(store: &Store) -> Open {
    store
        .conn()
        .query_row(
            "SELECT id, person_id, seed, paper, content_hash FROM attempts
             WHERE status = 'open' AND quiz_id = 'q-mot-cua'",
            [],
            |r| {
                let seed: i64 = r.get(2)?;
                let paper = danvan::store::schema::unpack_paper(&r.get::<_, String>(3)?);
                Ok(Open {
                    id: r.get(0)?,
                    person: r.get(1)?,
                    paper: Paper::decode("q-mot-cua", seed as u64, &paper).expect("paper"),
                    hash: r.get(4)?,
                })
            },
        )
        .expect("the fixture's open attempt")
}

#[test]
fn the_open_attempt_gets_the_v2_hash_of_its_released_paper() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_fixture(dir.path());
    let store = Store::open(&db).expect("upgrade");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let open = open_attempt(&store);
    let released = released();
    let questions: Vec<&str> = open
        .paper
        .items
        .iter()
        .map(|i| released[&format!("question/{}/{}", i.bank, i.question)].as_str())
        .collect();
    let expected = canon::attempt_hash(&released["quiz/q-mot-cua"], questions);
    assert_eq!(open.hash, expected);

    // No legacy hash is left for content of the release; assessments carry the checklist's.
    let legacy: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM attempts WHERE content_hash NOT LIKE 'v2:%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(legacy, 0);
    let hashes: Vec<String> = store
        .conn()
        .prepare("SELECT DISTINCT content_hash FROM assessments")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(hashes, vec![released["checklist/ten-tasks"].clone()]);
}

#[test]
fn the_upgrade_closes_the_open_attempt_only_if_its_questions_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_fixture(dir.path());
    let mut store = Store::open(&db).expect("upgrade");
    let open = open_attempt(&store);
    let pack = pack();
    let released = released();
    // Which drawn questions were edited (in what grading uses) since the release.
    let changed: Vec<String> = open
        .paper
        .items
        .iter()
        .filter(|i| {
            let now = pack
                .quiz(&i.bank)
                .and_then(|b| b.questions.iter().find(|q| q.id == i.question))
                .map(|q| canon::question_hash(&i.bank, q));
            now.as_deref()
                != Some(released[&format!("question/{}/{}", i.bank, i.question)].as_str())
        })
        .map(|i| i.question.clone())
        .collect();
    assert_eq!(
        changed, EXPECTED_CHANGED,
        "questions of the paper changed since release"
    );
    let q = pack.quiz("q-mot-cua").unwrap();
    let today = time::macros::date!(2026 - 12 - 01);
    match learning::begin(&mut store, &pack, &open.person, q, today).unwrap() {
        Begin::Resumed(a, answers) if changed.is_empty() => {
            assert_eq!(a.id, open.id);
            assert_eq!(answers.len(), 2, "the two answers saved under 0.1.0");
            assert_eq!(a.content_hash, quiz::attempt_hash(&pack, q, &a.paper));
        }
        Begin::ClosedChanged(a) if !changed.is_empty() => assert_eq!(a.id, open.id),
        other => panic!(
            "changed {changed:?}, got {:?}",
            std::mem::discriminant(&other)
        ),
    }
}

/// The questions on the fixture's open paper that were edited since the release (none: the
/// content edits of issue 11 changed wording, not keys, of these).
const EXPECTED_CHANGED: &[&str] = &[];

#[test]
fn a_negative_schema_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_fixture(dir.path());
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", -1).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    match Store::open(&db) {
        Err(StoreError::Corrupt { path, detail }) => {
            assert_eq!(path, db);
            assert!(detail.contains("-1"), "{detail}");
        }
        Err(e) => panic!("unexpected error {e:?}"),
        Ok(_) => panic!("a negative schema version was opened"),
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file was changed");
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, vec![std::ffi::OsString::from("danvan.db")]);
}

#[test]
fn assessments_of_0_1_keep_their_finalized_scores_and_drafts_are_rescored_with_a_note() {
    use danvan::domain::assessment::record::AssessmentStatus;
    use danvan::domain::assessment::ScoreNote;
    use danvan::domain::content::Rescale;
    use danvan::service::assessment;

    let dir = tempfile::tempdir().unwrap();
    let db = copy_fixture(dir.path());
    let store = Store::open(&db).unwrap();
    let pack = pack();
    let c = assessment::checklist(&pack).unwrap();
    assert_eq!(c.rubric.rescale, Rescale::WithinTask);
    let (mut finals, mut drafts) = (0, 0);
    for unit in store.units().unwrap() {
        for a in store.assessments_of_unit(&unit.id).unwrap() {
            let answers = store.criterion_answers(&a.id).unwrap();
            let shown = assessment::shown_score(&store, c, &unit, &a, &answers).unwrap();
            let note = assessment::score_note(c, &a, &shown);
            if a.status == AssessmentStatus::Final {
                // 0.1.0 recorded no rule: its versions were pooled, and keep their score.
                let (hundredths, band, rule) = store.finalized_score(&a.id).unwrap().unwrap();
                assert_eq!(rule, Rescale::AllCriteria);
                assert_eq!((shown.hundredths, shown.band.clone()), (hundredths, band));
                assert_eq!(
                    note,
                    Some(ScoreNote::KeptAsFinalized {
                        rule: Rescale::AllCriteria,
                        now: Rescale::WithinTask
                    })
                );
                finals += 1;
            } else {
                // The draft was started under the released checklist, which differs from today's
                // only in its rule: it is rescored and told so.
                assert_eq!(shown, assessment::score(c, &unit, &answers));
                assert_eq!(
                    note,
                    Some(ScoreNote::Rescored {
                        from: Rescale::AllCriteria,
                        to: Rescale::WithinTask
                    })
                );
                let data = assessment::report_data(&store, &pack, &unit, a.year).unwrap();
                let md = danvan::io::report::markdown(
                    &data,
                    &danvan::domain::i18n::I18n::new(danvan::domain::i18n::Lang::Vi),
                );
                assert!(
                    md.contains("Bảng tiêu chí đã đổi quy tắc tính điểm từ “cộng dồn mọi tiêu chí” sang “mỗi nhiệm vụ giữ trọng số của mình”"),
                    "{md}"
                );
                drafts += 1;
            }
        }
    }
    assert_eq!((finals, drafts), (10, 1));
}

#[test]
fn a_bundle_from_a_0_1_machine_merges_with_the_hashes_an_upgrade_would_give() {
    use danvan::domain::bundle::BundleFilter;
    let dir = tempfile::tempdir().unwrap();
    // The hashes as 0.1.0 stored them, read without opening (so without upgrading) the file.
    let raw =
        rusqlite::Connection::open_with_flags(FIXTURE, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let legacy = |sql: &str| -> HashMap<String, String> {
        let mut stmt = raw.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let attempts = legacy("SELECT id, content_hash FROM attempts");
    let assessments = legacy("SELECT id, content_hash FROM assessments");
    // What that machine sends: its records, with the hashes it has (an upgraded copy exports
    // them; the hashes are put back as 0.1.0 had them).
    let upgraded = Store::open(&copy_fixture(dir.path())).unwrap();
    let mut bundle = upgraded.bundle_records(&BundleFilter::default()).unwrap();
    let mut changed = 0;
    for a in &mut bundle.attempts {
        let old = &attempts[&a.id];
        changed += usize::from(*old != a.content_hash);
        a.content_hash = old.clone();
    }
    for a in &mut bundle.assessments {
        a.content_hash = assessments[&a.id].clone();
    }
    assert!(changed > 0, "the fixture holds legacy hashes");
    let bundle = danvan::io::bundle::from_json(&danvan::io::bundle::to_json(&bundle)).unwrap();
    let mut here = Store::open(&dir.path().join("province.db")).unwrap();
    let s = here.merge_bundle(&bundle, true).unwrap();
    assert!(s.refused.is_none(), "{:?}", s.refused);
    let hashes = |store: &Store, sql: &str| -> HashMap<String, String> {
        let mut stmt = store.conn().prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // Every record that travelled has the hash the upgrade gave it on the machine it came from.
    for sql in [
        "SELECT id, content_hash FROM attempts",
        "SELECT id, content_hash FROM assessments",
    ] {
        let (merged, there) = (hashes(&here, sql), hashes(&upgraded, sql));
        assert!(!merged.is_empty());
        for (id, hash) in &merged {
            assert_eq!(Some(hash), there.get(id), "{id}");
            assert!(hash.starts_with("v2:"), "{id}: {hash}");
        }
    }
}

//! Several danvan machines in one temp folder, for the trust tests: their databases, the keys
//! folder they share, the real binary run against each, and a commune's records to send.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use danvan::domain::attempt::{Attempt, AttemptStatus};
use danvan::domain::content::Pack;
use danvan::domain::people::{NewPerson, NewUnit, UnitKind};
use danvan::domain::quiz::engine::{question, right_response};
use danvan::service::{bundles, learning};
use danvan::store::Store;
use time::macros::date;

pub const TODAY: time::Date = date!(2026 - 11 - 26);

/// One test's machines: their databases and the keys folder they share.
pub struct Machines {
    pub dir: tempfile::TempDir,
}

impl Machines {
    pub fn new() -> Self {
        Machines {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn keys(&self) -> PathBuf {
        self.dir.path().join("keys")
    }

    pub fn run(&self, db: &str, args: &[&str]) -> (String, String, i32) {
        let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
            .args(args)
            .env(bundles::KEY_DIR_ENV, self.keys())
            .arg("--db")
            .arg(self.db(db))
            .args(["--lang", "en"])
            .env_remove("DANVAN_DB")
            .env_remove("DANVAN_LANG")
            .env_remove("DANVAN_CONTENT")
            .env_remove("DANVAN_TRAINER_PASSPHRASE")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
            out.status.code().unwrap_or(-1),
        )
    }

    /// A signed export of `db` to a new file `name`.
    pub fn export(&self, db: &str, name: &str) -> String {
        let file = self.dir.path().join(name);
        let (_, err, code) = self.run(
            db,
            &[
                "export",
                "--format",
                "json",
                "--out",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{err}");
        file.to_str().unwrap().to_string()
    }

    pub fn store(&self, db: &str) -> Store {
        Store::open(&self.db(db)).unwrap()
    }
}

pub fn answer_all(store: &mut Store, pack: &Pack, a: &Attempt) {
    for (pos, item) in a.paper.items.iter().enumerate() {
        let q = question(pack, item).unwrap();
        learning::answer(
            store,
            pack,
            a,
            pos,
            &right_response(q),
            1_000 * (pos as u64 + 1),
            TODAY,
        )
        .unwrap();
    }
}

/// A passed attempt at the one-stop quiz for `person`; its id.
pub fn pass_quiz(store: &mut Store, pack: &Pack, person: &str, seed: u64) -> String {
    let quiz = pack.quiz("q-mot-cua").unwrap().clone();
    let a = learning::start(store, pack, person, &quiz, seed).unwrap();
    answer_all(store, pack, &a);
    let done = learning::finish(store, pack, &a, AttemptStatus::Submitted, 200_000, TODAY).unwrap();
    assert_eq!(done.passed, Some(true));
    a.id
}

/// A commune's machine: the commune under a department, Hoa (CB001) who read the one-stop
/// course and passed its quiz. Returns Hoa's id.
pub fn commune_machine(store: &mut Store, pack: &Pack) -> String {
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
            parent_id: Some(dept.id),
        })
        .unwrap();
    let hoa = store
        .add_person(&NewPerson {
            full_name: "Nguyễn Thị Hoa".into(),
            staff_code: Some("CB001".into()),
            unit_id: Some(commune.id),
            position: "Công chức".into(),
            appointed_on: Some("2026-03-01".into()),
        })
        .unwrap()
        .id;
    let course = pack.course("mot-cua").unwrap().clone();
    for l in &course.lessons {
        store
            .mark_lesson_complete(&hoa, &course.id, &course.version, &l.id)
            .unwrap();
    }
    pass_quiz(store, pack, &hoa, 11);
    hoa
}

pub fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

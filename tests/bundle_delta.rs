//! Delta bundles on real files through the real binary: `export --format json --recipient FILE
//! --since last` writes only the owners whose records changed since the last export to that
//! database — records merged in from a third machine included, however old — the delta merges
//! to the same records as a full export, a second delta with nothing new is empty and still a
//! valid bundle, and `--since` refuses filters.

mod common;

use std::collections::BTreeSet;
use std::io::BufReader;

use common::machines::{commune_machine, pass_quiz, Machines};

use danvan::domain::bundle::Bundle;
use danvan::domain::people::NewPerson;
use danvan::io::{bundle, compress, keys, seal};

/// `db`'s public key file, written to `name` in the machines' folder.
fn public_key(m: &Machines, db: &str, name: &str) -> String {
    let id = m.store(db).database_id().unwrap();
    let file = keys::own_public_key_file(&m.keys(), &id).unwrap();
    let path = m.dir.path().join(name);
    file.write(&path).unwrap();
    path.to_str().unwrap().to_string()
}

/// A bundle sealed for `db` (compressed or not), opened with its key and read whole; the
/// signature checked.
fn open_for(m: &Machines, db: &str, file: &str) -> Bundle {
    let id = m.store(db).database_id().unwrap();
    let identity = keys::load_age_identity(&m.keys(), &id).unwrap().unwrap();
    let f = BufReader::new(std::fs::File::open(file).unwrap());
    let plain = compress::plain(seal::open(f, &identity).unwrap()).unwrap();
    bundle::read_signed(plain).map(|(b, _)| b).unwrap()
}

fn names(b: &Bundle) -> BTreeSet<String> {
    b.people.iter().map(|p| p.full_name.clone()).collect()
}

fn add(m: &Machines, db: &str, name: &str, code: &str) -> String {
    m.store(db)
        .add_person(&NewPerson {
            full_name: name.into(),
            staff_code: Some(code.into()),
            ..Default::default()
        })
        .unwrap()
        .id
}

/// Every row of the tables a bundle fills, by value: what "the same records" compares.
fn records(m: &Machines, db: &str) -> Vec<String> {
    let store = m.store(db);
    let mut rows = Vec::new();
    for t in [
        "units",
        "people",
        "lesson_progress",
        "course_completions",
        "attempts",
        "answers",
        "assessments",
    ] {
        let mut stmt = store.conn().prepare(&format!("SELECT * FROM {t}")).unwrap();
        let n = stmt.column_count();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect();
            rows.push(format!("{t}: {}", cells.join(" | ")));
        }
    }
    rows.sort();
    rows
}

fn merge(m: &Machines, db: &str, file: &str) {
    let (out, err, code) = m.run(db, &["merge", file]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_delta_holds_the_owners_changed_since_the_last_export_to_that_recipient() {
    let m = Machines::new();
    let pack = common::pack();
    let hoa = commune_machine(&mut m.store("commune.db"), &pack);
    let an = add(&m, "commune.db", "Lê Văn An", "CB002");
    add(&m, "commune.db", "Phạm Văn Chiến", "CB003");
    drop(m.store("province.db"));
    let province = public_key(&m, "province.db", "province.pub");
    let at = |n: &str| m.dir.path().join(n).to_str().unwrap().to_string();

    // The first export to the province is everything.
    let full = at("full.json.age");
    let (_, err, code) = m.run(
        "commune.db",
        &[
            "export",
            "--format",
            "json",
            "--recipient",
            &province,
            "--since",
            "last",
            "--out",
            &full,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("changes after number 0"), "{err}");
    let first = open_for(&m, "province.db", &full);
    assert_eq!(first.people.len(), 3);
    merge(&m, "province.db", &full);
    std::fs::copy(m.db("province.db"), m.db("province-b.db")).unwrap();

    // Then: An passes a quiz here, and a third machine's official arrives by merge (by the
    // sequence, not by a date: what is merged may be months old).
    pass_quiz(&mut m.store("commune.db"), &pack, &an, 5);
    add(&m, "other.db", "Đỗ Thị Em", "CB900");
    let other = m.export("other.db", "other.json");
    merge(&m, "commune.db", &other);

    let delta = at("delta.json.age");
    let (_, err, code) = m.run(
        "commune.db",
        &[
            "export",
            "--format",
            "json",
            "--recipient",
            &province,
            "--since",
            "last",
            "--out",
            &delta,
        ],
    );
    assert_eq!(code, 0, "{err}");
    let d = open_for(&m, "province.db", &delta);
    assert_eq!(
        names(&d),
        BTreeSet::from(["Lê Văn An".to_string(), "Đỗ Thị Em".to_string()])
    );
    // An travels with all An's records, Hoa with none of hers.
    assert!(d.attempts.iter().all(|a| a.person_id == an));
    assert_eq!(d.attempts.len(), 1);
    assert!(d.lesson_progress.iter().all(|p| p.person_id != hoa));
    assert!(d.course_completions.iter().all(|c| c.person_id != hoa));
    assert!(!d.units.is_empty() || d.people.iter().all(|p| p.unit_id.is_none()));

    // The delta merged gives the province what a full export merged gives it.
    merge(&m, "province.db", &delta);
    let whole = m.export("commune.db", "whole.json");
    merge(&m, "province-b.db", &whole);
    assert_eq!(records(&m, "province.db"), records(&m, "province-b.db"));

    // Nothing new: an empty bundle, still signed and valid, that merges as nothing.
    let empty = at("empty.json.age");
    let (_, err, code) = m.run(
        "commune.db",
        &[
            "export",
            "--format",
            "json",
            "--recipient",
            &province,
            "--since",
            "last",
            "--out",
            &empty,
        ],
    );
    assert_eq!(code, 0, "{err}");
    let e = open_for(&m, "province.db", &empty);
    assert!(e.units.is_empty() && e.people.is_empty() && e.attempts.is_empty());
    assert!(e.assessments.is_empty() && e.lesson_progress.is_empty());
    let before = records(&m, "province.db");
    merge(&m, "province.db", &empty);
    assert_eq!(records(&m, "province.db"), before);
}

#[test]
fn a_refused_export_remembers_nothing_and_a_number_needs_no_recipient() {
    let m = Machines::new();
    add(&m, "commune.db", "Lê Văn An", "CB002");
    drop(m.store("province.db"));
    let province = public_key(&m, "province.db", "province.pub");
    let at = |n: &str| m.dir.path().join(n).to_str().unwrap().to_string();
    // The output exists: refused before anything is written, and nothing is remembered.
    std::fs::write(at("taken.json"), b"x").unwrap();
    let (_, _, code) = m.run(
        "commune.db",
        &[
            "export",
            "--format",
            "json",
            "--recipient",
            &province,
            "--since",
            "last",
            "--out",
            &at("taken.json"),
        ],
    );
    assert_eq!(code, 1);
    let (_, err, code) = m.run(
        "commune.db",
        &[
            "export",
            "--format",
            "json",
            "--recipient",
            &province,
            "--since",
            "last",
            "--out",
            &at("first.json.age"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("--since last"),
        "the recipient remembers: {err}"
    );
    assert_eq!(
        open_for(&m, "province.db", &at("first.json.age"))
            .people
            .len(),
        1
    );

    // --since NUMBER, unsealed and remembered for no one: the owners above it.
    let store = m.store("commune.db");
    let top: i64 = store
        .conn()
        .query_row("SELECT MAX(seq) FROM bundle_changes", [], |r| r.get(0))
        .unwrap();
    drop(store);
    add(&m, "commune.db", "Vũ Thị Giang", "CB004");
    let (_, err, code) = m.run(
        "commune.db",
        &[
            "export",
            "--format",
            "json",
            "--since",
            &top.to_string(),
            "--compress",
            "--out",
            &at("plain.json.gz"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        !err.contains("--since last"),
        "no recipient remembers this export, so no --since last: {err}"
    );
    let f = std::fs::File::open(at("plain.json.gz")).unwrap();
    let (b, _) = bundle::read_signed(compress::plain(f).unwrap()).unwrap();
    assert_eq!(names(&b), BTreeSet::from(["Vũ Thị Giang".to_string()]));
}

#[test]
fn since_refuses_filters_a_bad_number_and_last_without_a_recipient() {
    let m = Machines::new();
    add(&m, "commune.db", "Lê Văn An", "CB002");
    let cases: [(&[&str], &str); 5] = [
        (
            &["--since", "last", "--unit", "UBND-TT"],
            "cannot be combined with --unit, --course, --from or --to",
        ),
        (
            &["--since", "3", "--from", "2026-01-01"],
            "cannot be combined with",
        ),
        (&["--since", "yesterday"], "not \"yesterday\""),
        (&["--since", "last"], "--since last needs --recipient"),
        (&["--since=-4"], "not \"-4\""),
    ];
    for (extra, said) in cases {
        let mut args = vec!["export", "--format", "json"];
        args.extend_from_slice(extra);
        let (out, err, code) = m.run("commune.db", &args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: nothing written: {out}");
    }
    let (_, err, code) = m.run("commune.db", &["export", "--format", "csv", "--compress"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--compress is only for --format json"),
        "{err}"
    );
}

//! Trust for units and their self-assessments, on real SQLite files and signed bundles made by
//! the real export: a unit records the database that created it (`units.origin`), and its edits
//! and self-assessments merge only from that database or a collector; anything else is held in
//! `merge_pending` and settled with `danvan conflicts`, as for people (`tests/trust.rs`).

mod common;

use common::machines::{commune_machine, count, Machines};
use danvan::domain::assessment::record::Edit;
use danvan::domain::assessment::Answer;
use danvan::domain::content::Pack;
use danvan::domain::people::{NewUnit, UnitKind};
use danvan::store::Store;

/// A finalized self-assessment of `unit_code` for 2026, its first criterion answered `answer`.
fn finalized_assessment(store: &mut Store, pack: &Pack, unit_code: &str, answer: Answer) -> String {
    let unit = store.unit_by_code(unit_code).unwrap().unwrap();
    let c = danvan::service::assessment::checklist(pack)
        .unwrap()
        .clone();
    let first = c.criteria().next().unwrap().1.id.clone();
    let asmt = danvan::service::assessment::start(store, &c, &unit, 2026, false).unwrap();
    store
        .edit_criterion(
            &asmt.id,
            &first,
            &Edit {
                answer: Some(answer),
                evidence: Some("Biên bản họp dân".into()),
                note: None,
            },
            None,
        )
        .unwrap();
    danvan::service::assessment::finalize(store, &c, &unit, &asmt, None).unwrap();
    asmt.id
}

/// Another database's own "UBND-TT", renamed after the commune's was made, with a finalized
/// self-assessment answering every criterion it can "yes".
fn impostor_machine(m: &Machines, pack: &Pack) -> String {
    let mut x = m.store("x.db");
    x.add_unit(&NewUnit {
        code: "UBND-TT".into(),
        name: "UBND xã Tân Tiến (mới)".into(),
        kind: UnitKind::Commune,
        parent_id: None,
    })
    .unwrap();
    // Edited well after the commune's unit was made, so the edit is the newer one.
    x.conn()
        .execute(
            "UPDATE units SET updated_at = '2099-01-01T00:00:00Z' WHERE code = 'UBND-TT'",
            [],
        )
        .unwrap();
    finalized_assessment(&mut x, pack, "UBND-TT", Answer::Yes)
}

fn pending(store: &Store, kind: &str) -> Vec<(i64, String)> {
    store
        .pending_records()
        .unwrap()
        .into_iter()
        .filter(|p| p.kind == kind)
        .map(|p| (p.id, p.rule))
        .collect()
}

fn unit_name(store: &Store, code: &str) -> String {
    store.unit_by_code(code).unwrap().unwrap().name
}

fn unit_origin(store: &Store, code: &str) -> Option<String> {
    store
        .conn()
        .query_row("SELECT origin FROM units WHERE code = ?1", [code], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn another_database_cannot_rename_a_unit_or_give_it_a_self_assessment() {
    let m = Machines::new();
    let pack = common::pack();
    commune_machine(&mut m.store("a.db"), &pack);
    let a_id = m.store("a.db").database_id().unwrap();
    m.store("t.db");
    assert_eq!(m.run("t.db", &["merge", &m.export("a.db", "a.json")]).2, 0);
    let t = m.store("t.db");
    assert_eq!(unit_origin(&t, "UBND-TT").as_deref(), Some(a_id.as_str()));
    drop(t);

    let forged = impostor_machine(&m, &pack);
    let (out, err, code) = m.run("t.db", &["merge", &m.export("x.db", "x.json")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("records held"), "{out}");
    let t = m.store("t.db");
    assert_eq!(unit_name(&t, "UBND-TT"), "UBND xã Tân Tiến");
    assert_eq!(pending(&t, "units").len(), 1, "{:?}", t.pending_records());
    assert_eq!(pending(&t, "units")[0].1, "not-from-origin");
    let held = pending(&t, "assessments");
    assert_eq!(held.len(), 1, "{:?}", t.pending_records());
    assert_eq!(
        count(
            &t,
            &format!("SELECT COUNT(*) FROM assessments WHERE id = '{forged}'")
        ),
        0
    );
    assert_eq!(count(&t, "SELECT COUNT(*) FROM assessments"), 0);
    assert_eq!(count(&t, "SELECT COUNT(*) FROM assessment_conflicts"), 0);
    // The list says what is held.
    let (list, _, code) = m.run("t.db", &["conflicts"]);
    assert_eq!(code, 0);
    assert!(list.contains(&format!("assessments {forged}")), "{list}");
    drop(t);

    // The same bundle again holds nothing twice.
    assert_eq!(m.run("t.db", &["merge", &m.export("x.db", "x2.json")]).2, 0);
    assert_eq!(m.store("t.db").pending_records().unwrap().len(), 2);

    // The commune's own self-assessment merges: its machine created the unit.
    let own = finalized_assessment(&mut m.store("a.db"), &pack, "UBND-TT", Answer::No);
    let (out, err, code) = m.run("t.db", &["merge", &m.export("a.db", "a2.json")]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("records held"), "{out}");
    let t = m.store("t.db");
    assert_eq!(
        count(
            &t,
            &format!("SELECT COUNT(*) FROM assessments WHERE id = '{own}'")
        ),
        1
    );
}

#[test]
fn a_held_unit_edit_and_self_assessment_merge_when_the_trainer_accepts_them() {
    let m = Machines::new();
    let pack = common::pack();
    commune_machine(&mut m.store("a.db"), &pack);
    m.store("t.db");
    assert_eq!(m.run("t.db", &["merge", &m.export("a.db", "a.json")]).2, 0);
    let forged = impostor_machine(&m, &pack);
    assert_eq!(m.run("t.db", &["merge", &m.export("x.db", "x.json")]).2, 0);
    let t = m.store("t.db");
    let unit_held = pending(&t, "units")[0].0;
    let assessment_held = pending(&t, "assessments")[0].0;
    drop(t);

    let (out, err, code) = m.run("t.db", &["conflicts", "accept", &unit_held.to_string()]);
    assert_eq!(code, 0, "{out}{err}");
    let (out, err, code) = m.run(
        "t.db",
        &["conflicts", "accept", &assessment_held.to_string()],
    );
    assert_eq!(code, 0, "{out}{err}");
    let t = m.store("t.db");
    assert_eq!(unit_name(&t, "UBND-TT"), "UBND xã Tân Tiến (mới)");
    // Matched by code: the assessment belongs to the unit here, whatever its id at X.
    let unit_here = t.unit_by_code("UBND-TT").unwrap().unwrap().id;
    let on: String = t
        .conn()
        .query_row(
            "SELECT unit_id FROM assessments WHERE id = ?1",
            [&forged],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on, unit_here);
    assert!(t.pending_records().unwrap().is_empty());
    let log: i64 = count(
        &t,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'conflict-accepted'",
    );
    assert_eq!(log, 2);
}

#[test]
fn a_collector_speaks_for_the_units_it_gathered_and_keeps_their_origin() {
    let m = Machines::new();
    let pack = common::pack();
    commune_machine(&mut m.store("a.db"), &pack);
    let a_id = m.store("a.db").database_id().unwrap();
    finalized_assessment(&mut m.store("a.db"), &pack, "UBND-TT", Answer::Partly);
    m.store("t.db");
    assert_eq!(m.run("t.db", &["merge", &m.export("a.db", "a.json")]).2, 0);
    let from_t = m.export("t.db", "t.json");
    let t_id = m.store("t.db").database_id().unwrap();
    let t_pub = m.dir.path().join("t.pub");
    danvan::io::keys::own_public_key_file(&m.keys(), &t_id)
        .unwrap()
        .write(&t_pub)
        .unwrap();

    // Without the pin, T did not create the unit the province already has from A.
    m.store("p.db");
    assert_eq!(m.run("p.db", &["merge", &m.export("a.db", "a0.json")]).2, 0);
    let fresh = finalized_assessment(&mut m.store("t.db"), &pack, "SO-NV", Answer::Yes);
    let from_t2 = m.export("t.db", "t2.json");
    let (out, _, code) = m.run("p.db", &["merge", &from_t2]);
    assert_eq!(code, 0);
    assert!(out.contains("records held"), "{out}");
    assert_eq!(pending(&m.store("p.db"), "assessments").len(), 1);

    // Pinned as a collector, T's bundles speak for A's units, and a new unit keeps A as origin.
    let (_, err, code) = m.run(
        "p.db",
        &["trainer", "trust", t_pub.to_str().unwrap(), "--collector"],
    );
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = m.run("p.db", &["merge", &from_t2]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("records held:"), "{out}");
    let p = m.store("p.db");
    assert_eq!(
        count(
            &p,
            &format!("SELECT COUNT(*) FROM assessments WHERE id = '{fresh}'")
        ),
        1
    );
    m.store("q.db");
    assert_eq!(
        m.run(
            "q.db",
            &["trainer", "trust", t_pub.to_str().unwrap(), "--collector"]
        )
        .2,
        0
    );
    assert_eq!(m.run("q.db", &["merge", &from_t]).2, 0);
    assert_eq!(
        unit_origin(&m.store("q.db"), "UBND-TT").as_deref(),
        Some(a_id.as_str())
    );
}

#[test]
fn the_migration_gives_existing_units_this_databases_id_as_origin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    Store::create_at_version(&path, 13).unwrap();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('database_id', 'db-here');
             INSERT INTO units (id, code, name, kind, parent_id, created_at, updated_at)
             VALUES ('u1', 'UBND-TT', 'UBND xã Tân Tiến', 'commune', NULL,
                     '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(unit_origin(&store, "UBND-TT").as_deref(), Some("db-here"));
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM certificate_withdrawals"),
        0
    );
}

//! Trust between databases, on real SQLite files and signed bundles made by the real export of
//! other temporary databases: key pinning (first use, a key trusted from its file or its
//! fingerprint, a new key refused until accepted), each person's origin, the records held in
//! `merge_pending` and settled with `danvan conflicts`, collectors, and clock skew.

mod common;

use common::machines::{commune_machine, count, pass_quiz, Machines};

use danvan::domain::people::NewPerson;
use danvan::io::{bundle, keys};
use danvan::service::bundles;
use danvan::store::Store;

fn origin(store: &Store, person: &str) -> Option<String> {
    store
        .conn()
        .query_row("SELECT origin FROM people WHERE id = ?1", [person], |r| {
            r.get(0)
        })
        .unwrap()
}

fn audit(store: &Store, action: &str) -> Vec<String> {
    store
        .audit_log()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .map(|e| e.detail)
        .collect()
}

#[test]
fn the_first_bundle_pins_its_key_and_another_key_for_that_database_is_refused_until_accepted() {
    let m = Machines::new();
    let pack = common::pack();
    let hoa = commune_machine(&mut m.store("a.db"), &pack);
    let a_id = m.store("a.db").database_id().unwrap();
    let first = m.export("a.db", "a1.json");
    m.store("t.db");
    let (out, err, code) = m.run("t.db", &["merge", &first]);
    assert_eq!(code, 0, "{err}");
    let keys_here = m.store("t.db").trusted_keys().unwrap();
    assert_eq!(keys_here.len(), 1);
    let pinned = &keys_here[0];
    assert_eq!(
        (
            pinned.db_id.as_deref(),
            pinned.role.as_str(),
            pinned.how.as_str()
        ),
        (Some(a_id.as_str()), "source", "first-use")
    );
    assert!(
        out.contains(&format!(
            "Pinned key {} for database {a_id}",
            pinned.fingerprint
        )),
        "{out}"
    );
    assert_eq!(audit(&m.store("t.db"), "key-pinned").len(), 1);
    assert_eq!(
        origin(&m.store("t.db"), &hoa).as_deref(),
        Some(a_id.as_str())
    );
    // The same key again: fine, nothing pinned anew.
    let (out, err, code) = m.run("t.db", &["merge", &first]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("Pinned key"), "{out}");

    // A's key is replaced (or someone else signs as A): the whole file is refused.
    keys::rotate(&m.keys(), &a_id).unwrap();
    m.store("a.db")
        .add_person(&NewPerson {
            full_name: "Trần Văn Nam".into(),
            staff_code: Some("CB002".into()),
            unit_id: None,
            position: String::new(),
            appointed_on: None,
        })
        .unwrap();
    let second = m.export("a.db", "a2.json");
    let people_before = count(&m.store("t.db"), "SELECT COUNT(*) FROM people");
    let (_, err, code) = m.run("t.db", &["merge", &second]);
    assert_eq!(code, 1);
    let new_key = keys::own_public_key_file(&m.keys(), &a_id)
        .unwrap()
        .fingerprint();
    assert!(
        err.contains(&format!(
            "signed with a different key ({new_key}) than the one pinned for database {a_id} on "
        )) && err.contains("merge again with --accept-new-key"),
        "{err}"
    );
    assert_eq!(
        count(&m.store("t.db"), "SELECT COUNT(*) FROM people"),
        people_before
    );
    assert_eq!(m.store("t.db").trusted_keys().unwrap().len(), 1);

    // Accepted: the new key is pinned and logged, and the file merges.
    let (out, err, code) = m.run("t.db", &["merge", "--accept-new-key", &second]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("new key accepted"), "{out}");
    let t = m.store("t.db");
    assert_eq!(count(&t, "SELECT COUNT(*) FROM people"), people_before + 1);
    let keys_here = t.trusted_keys().unwrap();
    assert_eq!(keys_here.len(), 2);
    assert_eq!(keys_here[1].how, "accepted");
    assert_eq!(keys_here[1].db_id.as_deref(), Some(a_id.as_str()));
    let log = audit(&t, "key-pinned");
    assert_eq!(log.len(), 2);
    assert!(log[1].contains("accepted"), "{log:?}");
}

#[test]
fn a_key_trusted_from_its_file_or_its_fingerprint_is_trusted_at_merge() {
    let m = Machines::new();
    let pack = common::pack();
    commune_machine(&mut m.store("a.db"), &pack);
    let a_id = m.store("a.db").database_id().unwrap();
    let file = m.export("a.db", "a.json");
    let public = keys::own_public_key_file(&m.keys(), &a_id).unwrap();
    let pub_path = m.dir.path().join("a.pub");
    public.write(&pub_path).unwrap();

    m.store("t.db");
    let (out, err, code) = m.run("t.db", &["trainer", "trust", pub_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&public.fingerprint().to_string()), "{out}");
    let (out, err, code) = m.run("t.db", &["merge", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("Pinned key"), "{out}");
    let t = m.store("t.db");
    let k = &t.trusted_keys().unwrap()[0];
    assert_eq!(
        (k.how.as_str(), k.db_id.as_deref()),
        ("trusted", Some(a_id.as_str()))
    );
    assert_eq!(audit(&t, "key-trusted").len(), 1);
    let (out, _, code) = m.run("t.db", &["trainer", "keys"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&public.fingerprint().to_string()) && out.contains("trusted by the trainer"),
        "{out}"
    );

    // Pinned in advance by its fingerprint alone: the first bundle fills in key and database.
    m.store("u.db");
    let typed = public
        .fingerprint()
        .to_string()
        .to_lowercase()
        .replace('-', " ");
    let (_, err, code) = m.run("u.db", &["trainer", "trust", &typed]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(m.store("u.db").trusted_keys().unwrap()[0].db_id, None);
    let (_, err, code) = m.run("u.db", &["merge", &file]);
    assert_eq!(code, 0, "{err}");
    let k = &m.store("u.db").trusted_keys().unwrap()[0];
    assert_eq!(
        (k.how.as_str(), k.db_id.as_deref(), k.public_key.is_some()),
        ("trusted", Some(a_id.as_str()), true)
    );
    let (_, err, code) = m.run("u.db", &["trainer", "trust", "not-a-key"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("neither a public key file nor a key fingerprint"),
        "{err}"
    );
}

#[test]
fn a_new_database_cannot_speak_for_people_it_did_not_create_until_the_trainer_accepts() {
    let m = Machines::new();
    let pack = common::pack();
    let hoa = commune_machine(&mut m.store("a.db"), &pack);
    let from_a = m.export("a.db", "a.json");
    for db in ["t.db", "x.db"] {
        m.store(db);
        let (_, err, code) = m.run(db, &["merge", &from_a]);
        assert_eq!(code, 0, "{err}");
    }
    // X, which did not create Hoa, records another attempt for her and renames her.
    let mut x = m.store("x.db");
    let forged = pass_quiz(&mut x, &pack, &hoa, 99);
    x.conn()
        .execute(
            "UPDATE people SET full_name = 'Nguyễn Thị Xuân', updated_at = ?2 WHERE id = ?1",
            rusqlite::params![hoa, danvan::store::now_utc()],
        )
        .unwrap();
    let from_x = m.export("x.db", "x.json");
    let attempts_before = count(&m.store("t.db"), "SELECT COUNT(*) FROM attempts");
    let (out, err, code) = m.run("t.db", &["merge", &from_x]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("records held: danvan conflicts"), "{out}");
    assert!(
        err.contains(&forged) && err.contains("not from the database that created"),
        "{err}"
    );
    let t = m.store("t.db");
    assert_eq!(count(&t, "SELECT COUNT(*) FROM attempts"), attempts_before);
    assert_eq!(t.person(&hoa).unwrap().unwrap().full_name, "Nguyễn Thị Hoa");
    let pending = t.pending_records().unwrap();
    let rules: Vec<(&str, &str)> = pending
        .iter()
        .map(|p| (p.kind.as_str(), p.rule.as_str()))
        .collect();
    assert!(rules.contains(&("people", "identity-edit")), "{rules:?}");
    assert!(
        rules.contains(&("attempts", "not-from-origin")),
        "{rules:?}"
    );
    assert!(pending.iter().all(|p| p.bundle == from_x));
    // Merging the same file again holds nothing twice.
    let (_, err, code) = m.run("t.db", &["merge", &from_x]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(t.pending_records().unwrap().len(), pending.len());

    // Listed, with the person's name and the rule.
    let (out, _, code) = m.run("t.db", &["conflicts"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Nguyễn Thị Hoa")
            && out.contains(&forged)
            && out.contains("a new name or staff code"),
        "{out}"
    );
    let attempt = pending.iter().find(|p| p.kind == "attempts").unwrap();
    let rename = pending.iter().find(|p| p.kind == "people").unwrap();
    // Accepted: merged through the same checks; rejected: gone.
    let (out, err, code) = m.run("t.db", &["conflicts", "accept", &attempt.id.to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("Merged held record {}", attempt.id)),
        "{out}"
    );
    let (_, err, code) = m.run("t.db", &["conflicts", "reject", &rename.id.to_string()]);
    assert_eq!(code, 0, "{err}");
    let t = m.store("t.db");
    assert_eq!(
        count(&t, "SELECT COUNT(*) FROM attempts"),
        attempts_before + 1
    );
    assert_eq!(t.person(&hoa).unwrap().unwrap().full_name, "Nguyễn Thị Hoa");
    assert!(t
        .pending_records()
        .unwrap()
        .iter()
        .all(|p| p.id != attempt.id && p.id != rename.id));
    assert_eq!(audit(&t, "conflict-accepted").len(), 1);
    assert_eq!(audit(&t, "conflict-rejected").len(), 1);
    let (_, err, code) = m.run("t.db", &["conflicts", "reject", &rename.id.to_string()]);
    assert_eq!(code, 1);
    assert!(err.contains("no held record"), "{err}");
}

#[test]
fn a_bundle_of_only_a_completion_from_a_non_origin_is_held() {
    let m = Machines::new();
    let pack = common::pack();
    let hoa = commune_machine(&mut m.store("a.db"), &pack);
    let from_a = m.export("a.db", "a.json");
    for db in ["t.db", "x.db"] {
        m.store(db);
        assert_eq!(m.run(db, &["merge", &from_a]).2, 0);
    }
    // X claims Hoa completed the course a year earlier, in a bundle holding nothing else.
    let x = m.store("x.db");
    x.conn()
        .execute(
            "UPDATE course_completions SET completed_at = '2025-11-01T00:00:00Z'",
            [],
        )
        .unwrap();
    let (mut b, _) = bundles::bundle_json(&x, &Default::default()).unwrap();
    b.units.clear();
    b.people.clear();
    b.attempts.clear();
    b.lesson_progress.clear();
    b.assessments.clear();
    assert_eq!(b.course_completions.len(), 1);
    let file = m.dir.path().join("only-completion.json");
    std::fs::write(&file, bundle::to_json(&b)).unwrap();
    let mut t = m.store("t.db");
    let options = bundles::MergeOptions {
        unsigned: true,
        pack: Some(&pack),
        ..Default::default()
    };
    let merged = bundles::merge_file(&mut t, &file, options).unwrap();
    assert_eq!(merged.summary.held.len(), 1, "{:#?}", merged.summary);
    assert_eq!(merged.summary.held[0].kind, "course_completions");
    assert_eq!(merged.summary.course_completions.updated, 0);
    let at = t.completion(&hoa, "mot-cua").unwrap().unwrap().0;
    assert!(at.starts_with("2026"), "{at}");
}

#[test]
fn a_new_person_taking_a_staff_code_here_is_held_with_their_records() {
    let m = Machines::new();
    let pack = common::pack();
    let hoa = commune_machine(&mut m.store("a.db"), &pack);
    let from_a = m.export("a.db", "a.json");
    m.store("t.db");
    assert_eq!(m.run("t.db", &["merge", &from_a]).2, 0);
    // X makes its own "CB001" and gives them a passed quiz.
    let mut x = m.store("x.db");
    let impostor = x
        .add_person(&NewPerson {
            full_name: "Người Khác".into(),
            staff_code: Some("CB001".into()),
            unit_id: None,
            position: String::new(),
            appointed_on: None,
        })
        .unwrap()
        .id;
    let attempt = pass_quiz(&mut x, &pack, &impostor, 5);
    let from_x = m.export("x.db", "x.json");
    let (out, err, code) = m.run("t.db", &["merge", &from_x]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("the staff code belongs to someone here"),
        "{err}"
    );
    assert!(out.contains("records held"), "{out}");
    let t = m.store("t.db");
    assert!(t.person(&impostor).unwrap().is_none());
    let p = t.person(&hoa).unwrap().unwrap();
    assert_eq!(
        (p.full_name.as_str(), p.staff_code.as_deref()),
        ("Nguyễn Thị Hoa", Some("CB001"))
    );
    let pending = t.pending_records().unwrap();
    assert!(pending
        .iter()
        .any(|p| p.kind == "people" && p.rule == "staff-code-taken"));
    assert!(pending
        .iter()
        .any(|p| p.kind == "attempts" && p.record_id == attempt && p.rule == "staff-code-taken"));
    assert_eq!(
        count(
            &t,
            &format!("SELECT COUNT(*) FROM attempts WHERE id = '{attempt}'")
        ),
        0
    );
    drop(t);

    // Accepting the attempt first accepts the held person it is about, in the same merge: the
    // trainer says X's "CB001" is the official here with that code.
    let held_attempt = pending.iter().find(|p| p.kind == "attempts").unwrap().id;
    let (out, err, code) = m.run("t.db", &["conflicts", "accept", &held_attempt.to_string()]);
    assert_eq!(code, 0, "{out}{err}");
    let t = m.store("t.db");
    assert!(
        t.pending_records().unwrap().is_empty(),
        "{:?}",
        t.pending_records()
    );
    let on: String = t
        .conn()
        .query_row(
            "SELECT person_id FROM attempts WHERE id = ?1",
            [&attempt],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on, hoa);
    assert_eq!(
        t.person(&hoa).unwrap().unwrap().full_name,
        "Người Khác",
        "the person's held record was accepted with the attempt"
    );
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'conflict-accepted'"
        ),
        2
    );
}

#[test]
fn a_move_to_another_unit_from_the_persons_origin_is_an_ordinary_edit() {
    let m = Machines::new();
    let pack = common::pack();
    let hoa = commune_machine(&mut m.store("a.db"), &pack);
    // Made well before the edit below, so the edit is newer even on a fast machine (times are
    // kept to the second, and a tie goes to the content, not the edit).
    m.store("a.db")
        .conn()
        .execute(
            "UPDATE people SET created_at = '2026-01-05T08:00:00Z', updated_at = '2026-01-05T08:00:00Z'",
            [],
        )
        .unwrap();
    m.store("t.db");
    assert_eq!(m.run("t.db", &["merge", &m.export("a.db", "a1.json")]).2, 0);
    let a = m.store("a.db");
    a.conn()
        .execute(
            "UPDATE people SET unit_id = (SELECT id FROM units WHERE code = 'SO-NV'),
                 position = 'Chuyên viên', updated_at = ?2 WHERE id = ?1",
            rusqlite::params![hoa, danvan::store::now_utc()],
        )
        .unwrap();
    let (out, err, code) = m.run("t.db", &["merge", &m.export("a.db", "a2.json")]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("held"), "{out}");
    let t = m.store("t.db");
    let p = t.person(&hoa).unwrap().unwrap();
    let dept = t.unit_by_code("SO-NV").unwrap().unwrap().id;
    assert_eq!(
        (p.unit_id.as_deref(), p.position.as_str()),
        (Some(dept.as_str()), "Chuyên viên")
    );
    assert!(t.pending_records().unwrap().is_empty());
}

#[test]
fn a_collector_re_exports_people_with_their_origin() {
    let m = Machines::new();
    let pack = common::pack();
    let hoa = commune_machine(&mut m.store("a.db"), &pack);
    let a_id = m.store("a.db").database_id().unwrap();
    let a1 = m.export("a.db", "a1.json");
    m.store("t.db");
    assert_eq!(m.run("t.db", &["merge", &a1]).2, 0);
    // More of Hoa's work reaches the province only through the trainer's machine T.
    let later = pass_quiz(&mut m.store("a.db"), &pack, &hoa, 21);
    assert_eq!(m.run("t.db", &["merge", &m.export("a.db", "a2.json")]).2, 0);
    let from_t = m.export("t.db", "t.json");
    let t_id = m.store("t.db").database_id().unwrap();
    let t_pub = m.dir.path().join("t.pub");
    keys::own_public_key_file(&m.keys(), &t_id)
        .unwrap()
        .write(&t_pub)
        .unwrap();
    let has_later = |db: &str| {
        count(
            &m.store(db),
            &format!("SELECT COUNT(*) FROM attempts WHERE id = '{later}'"),
        )
    };

    // The province P pins T as a collector: Hoa keeps A as her origin, and T's newer record
    // of her merges.
    m.store("p.db");
    assert_eq!(m.run("p.db", &["merge", &a1]).2, 0);
    let (_, err, code) = m.run(
        "p.db",
        &["trainer", "trust", t_pub.to_str().unwrap(), "--collector"],
    );
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = m.run("p.db", &["merge", &from_t]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("held"), "{out}");
    assert_eq!(
        origin(&m.store("p.db"), &hoa).as_deref(),
        Some(a_id.as_str())
    );
    assert_eq!(has_later("p.db"), 1);

    // Without the collector pin, T's bundle cannot say who created Hoa: a database that learns
    // of her from T takes T as her origin, and T's word about her where A is her origin is held.
    m.store("q.db");
    assert_eq!(m.run("q.db", &["merge", &from_t]).2, 0);
    assert_eq!(
        origin(&m.store("q.db"), &hoa).as_deref(),
        Some(t_id.as_str())
    );
    m.store("r.db");
    assert_eq!(m.run("r.db", &["merge", &a1]).2, 0);
    let (out, _, code) = m.run("r.db", &["merge", &from_t]);
    assert_eq!(code, 0);
    assert!(out.contains("records held"), "{out}");
    assert_eq!(has_later("r.db"), 0);
}

#[test]
fn a_time_far_after_the_export_is_reported_and_never_wins_over_later_local_edits() {
    let m = Machines::new();
    let pack = common::pack();
    let hoa = commune_machine(&mut m.store("a.db"), &pack);
    // Made well before the edit below: the 2099 edit counts as its export time, which must be
    // newer than the first record even when both exports fall in one second (times are kept to
    // the second, and a tie goes to the content, not the edit).
    m.store("a.db")
        .conn()
        .execute(
            "UPDATE people SET created_at = '2026-01-05T08:00:00Z', updated_at = '2026-01-05T08:00:00Z'",
            [],
        )
        .unwrap();
    m.store("t.db");
    assert_eq!(m.run("t.db", &["merge", &m.export("a.db", "a1.json")]).2, 0);
    // A's clock says 2099.
    m.store("a.db")
        .conn()
        .execute(
            "UPDATE people SET position = 'Chủ tịch', updated_at = '2099-01-01T00:00:00Z'
             WHERE id = ?1",
            [&hoa],
        )
        .unwrap();
    let skewed = m.export("a.db", "a2.json");
    let (_, err, code) = m.run("t.db", &["merge", &skewed]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("2099-01-01T00:00:00Z is more than a day after the file was exported"),
        "{err}"
    );
    let t = m.store("t.db");
    let p = t.person(&hoa).unwrap().unwrap();
    assert_eq!(p.position, "Chủ tịch");
    assert!(p.updated_at.as_str() < "2099", "{}", p.updated_at);
    // An edit made here afterwards is not undone by the same file merged again.
    t.conn()
        .execute(
            "UPDATE people SET position = 'Phó Chủ tịch', updated_at = ?2 WHERE id = ?1",
            rusqlite::params![hoa, "2098-01-01T00:00:00Z"],
        )
        .unwrap();
    assert_eq!(m.run("t.db", &["merge", &skewed]).2, 0);
    assert_eq!(
        m.store("t.db").person(&hoa).unwrap().unwrap().position,
        "Phó Chủ tịch"
    );
}

#[test]
fn the_migration_gives_existing_people_this_databases_id_as_origin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    Store::create_at_version(&path, 9).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.create_scalar_function(
            "danvan_fold",
            1,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8,
            |ctx| ctx.get::<String>(0),
        )
        .unwrap();
        conn.execute(
            "INSERT INTO people (id, full_name, position, created_at, updated_at)
             VALUES ('4b0c7e43-3f1e-4c55-9d1a-1f2a3b4c5d6e', 'Nguyễn Thị Hoa', '',
                     '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let id = store.database_id().unwrap();
    assert_eq!(id.len(), 36, "{id}");
    assert!(uuid_is_v4(&id), "{id}");
    assert_eq!(
        origin(&store, "4b0c7e43-3f1e-4c55-9d1a-1f2a3b4c5d6e").as_deref(),
        Some(id.as_str())
    );
    assert_eq!(store.pending_count().unwrap(), 0);
    assert!(store.trusted_keys().unwrap().is_empty());
}

fn uuid_is_v4(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.get_version_num() == 4)
}

#[test]
fn the_records_screen_says_when_records_are_held() {
    use danvan::domain::i18n::Lang;
    use danvan::tui::app::{App, Screen};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let open_records = |app: &mut App| {
        let entry = app.session.pack.courses.len() + 2;
        let mut codes = vec![KeyCode::Home];
        codes.extend(std::iter::repeat_n(KeyCode::Down, entry));
        codes.push(KeyCode::Enter);
        for code in codes {
            let action =
                danvan::tui::input::translate(app, KeyEvent::new(code, KeyModifiers::NONE));
            app.update(action);
        }
        assert!(matches!(app.screen, Screen::Records(_)));
        app.session.status.clone().map(|(text, _)| text)
    };
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::app(dir.path(), Lang::Vi);
    let status = open_records(&mut app).unwrap_or_default();
    assert!(!status.contains("chờ xử lý"), "{status}");
    app.update(danvan::tui::action::Action::Back);
    app.session
        .store
        .conn()
        .execute(
            "INSERT INTO merge_pending (found_at, bundle, source_db, kind, record_id, rule,
                 record_json)
             VALUES ('2026-11-26T00:00:00Z', 'x.json', 'x', 'attempts', 'a', 'not-from-origin',
                 '{}')",
            [],
        )
        .unwrap();
    let status = open_records(&mut app).expect("a notice");
    assert_eq!(status, "1 bản ghi chờ xử lý — danvan conflicts");
}

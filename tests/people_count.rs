//! The count of people the records screen opens with (schema 17's `people_count`): kept by the
//! schema through every way people come and go (the kit, the demo's bulk load, a merge, a
//! deletion, an upgrade), and what an unfiltered count reads.

use danvan::demo::{self, DemoOptions};
use danvan::domain::bundle::BundleFilter;
use danvan::domain::content::{embedded_files, load};
use danvan::domain::people::NewPerson;
use danvan::domain::records::RecordFilter;
use danvan::io::bundle;
use danvan::service::bundles::{self, MergeOptions};
use danvan::store::Store;
use time::macros::date;

/// The kept count and the people counted row by row.
fn kept_and_counted(store: &Store) -> (i64, i64) {
    store
        .conn()
        .query_row(
            "SELECT (SELECT n FROM people_count), (SELECT COUNT(*) FROM person_summary)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

#[test]
fn the_kept_count_follows_the_demo_adds_deletes_and_a_merge() {
    let dir = tempfile::tempdir().unwrap();
    let pack = load(&embedded_files()).pack.unwrap();
    let source = dir.path().join("source.db");
    let opts = DemoOptions {
        people: 40,
        seed: 3,
        today: date!(2026 - 11 - 26),
    };
    demo::create(&source, &pack, &opts).unwrap();
    let mut store = Store::open(&source).unwrap();
    assert_eq!(kept_and_counted(&store), (40, 40));

    let added = store
        .add_person(&NewPerson {
            full_name: "Trần Thị Mai".into(),
            staff_code: Some("NEW01".into()),
            unit_id: None,
            position: "Công chức".into(),
            appointed_on: None,
        })
        .unwrap();
    assert_eq!(kept_and_counted(&store), (41, 41));
    // An edit is no new person.
    store
        .conn()
        .execute(
            "UPDATE people SET full_name = 'Trần Thị Mai Anh' WHERE id = ?1",
            [&added.id],
        )
        .unwrap();
    assert_eq!(kept_and_counted(&store), (41, 41));
    store.delete_person(&added.id).unwrap();
    assert_eq!(kept_and_counted(&store), (40, 40));

    // Merged into an empty database, and merged again (nothing new).
    let b = store.bundle_records(&BundleFilter::default()).unwrap();
    let key = ed25519_dalek::SigningKey::from_bytes(&[5u8; 32]);
    let file = dir.path().join("b.json");
    std::fs::write(
        &file,
        bundle::write_signed(&b, &key, Vec::new()).unwrap().out,
    )
    .unwrap();
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    for _ in 0..2 {
        let options = MergeOptions {
            pack: Some(&pack),
            ..Default::default()
        };
        bundles::merge_file(&mut target, &file, options).unwrap();
        assert_eq!(kept_and_counted(&target), (40, 40));
    }
    assert_eq!(target.records_count(&RecordFilter::default()).unwrap(), 40);
}

#[test]
fn an_unfiltered_count_reads_the_kept_count_and_a_filtered_one_counts() {
    let dir = tempfile::tempdir().unwrap();
    let pack = load(&embedded_files()).pack.unwrap();
    let path = dir.path().join("demo.db");
    let opts = DemoOptions {
        people: 30,
        seed: 5,
        today: date!(2026 - 11 - 26),
    };
    demo::create(&path, &pack, &opts).unwrap();
    let store = Store::open(&path).unwrap();
    // A kept count set apart from the rows shows which one is read.
    store
        .conn()
        .execute("UPDATE people_count SET n = 12345", [])
        .unwrap();
    assert_eq!(
        store.records_count(&RecordFilter::default()).unwrap(),
        12345
    );
    let family: String = store
        .conn()
        .query_row(
            "SELECT substr(full_name, 1, instr(full_name, ' ') - 1) FROM people LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let named = RecordFilter {
        name: Some(family),
        ..Default::default()
    };
    let counted = store.records_count(&named).unwrap();
    assert!(counted > 0 && counted <= 30, "{counted}");
}

#[test]
fn an_upgraded_schema7_file_starts_with_its_people_counted() {
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
    let store = Store::open(&db).unwrap();
    let (kept, counted) = kept_and_counted(&store);
    assert!(counted > 0);
    assert_eq!(kept, counted);
}

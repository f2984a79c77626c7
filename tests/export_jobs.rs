//! The records screen's background exports of a bundle (`J`) and of xAPI statements, on a real
//! demo database: they stream as the command line does and write the same thing, and a failed
//! one leaves no file. One test in this file, because it sets the keys folder for the process.

use std::path::Path;

use danvan::demo::{self, DemoOptions};
use danvan::domain::bundle::BundleFilter;
use danvan::domain::content::{embedded_files, load, Pack};
use danvan::domain::i18n::Lang;
use danvan::service::bundles;
use danvan::service::jobs::{ExportKind, RecordsExport};
use danvan::store::Store;
use time::macros::date;

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
}

fn run(db: &Path, kind: ExportKind, path: &Path) -> Result<u64, String> {
    let job = RecordsExport {
        db: db.to_path_buf(),
        pack: pack(),
        filter: Default::default(),
        unit_code: None,
        lang: Lang::En,
        kind,
        path: path.to_path_buf(),
    }
    .spawn();
    let started = std::time::Instant::now();
    loop {
        if let Some(outcome) = job.take_outcome() {
            return outcome;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(120));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn the_tui_exports_stream_what_the_command_line_writes_and_leave_nothing_when_they_fail() {
    let dir = tempfile::tempdir().unwrap();
    // Set once, before any thread reads it: the only test of this process.
    std::env::set_var(bundles::KEY_DIR_ENV, dir.path().join("keys"));
    let db = dir.path().join("demo.db");
    let opts = DemoOptions {
        people: 60,
        seed: 3,
        today: date!(2026 - 11 - 26),
    };
    demo::create(&db, &pack(), &opts).unwrap();
    let store = Store::open(&db).unwrap();

    // xAPI: the bytes of `danvan export --format xapi`.
    let xapi = dir.path().join("xapi.json");
    let n = run(&db, ExportKind::Xapi, &xapi).unwrap();
    let mut expected = Vec::new();
    let written = bundles::write_xapi(
        &store,
        &pack(),
        &BundleFilter::default(),
        "https://danvan.local",
        &mut expected,
    )
    .unwrap()
    .unwrap();
    assert_eq!(n, written as u64);
    assert!(n > 60, "{n} statements");
    assert_eq!(std::fs::read(&xapi).unwrap(), expected);

    // The bundle: signed, it reads back whole with every person.
    let bundle = dir.path().join("bundle.json");
    let people = run(&db, ExportKind::Json, &bundle).unwrap();
    assert_eq!(people, 60);
    let file = std::io::BufReader::new(std::fs::File::open(&bundle).unwrap());
    let (b, _) = danvan::io::bundle::read_signed(file).unwrap();
    assert_eq!(b.people.len(), 60);
    assert_eq!(b.source_db, store.database_id().unwrap());

    // A file that exists is never written over, and is left as it was.
    std::fs::write(dir.path().join("taken.json"), "mine").unwrap();
    let err = run(&db, ExportKind::Json, &dir.path().join("taken.json")).unwrap_err();
    assert!(err.contains("taken.json"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("taken.json")).unwrap(),
        "mine"
    );
    // A file that is not a database: an error, and no file made.
    let not_db = dir.path().join("not.db");
    std::fs::write(&not_db, vec![7u8; 8192]).unwrap();
    let out = dir.path().join("never.json");
    assert!(run(&not_db, ExportKind::Xapi, &out).is_err());
    assert!(!out.exists());
}

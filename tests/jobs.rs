//! Slow work through the one job runner (`service::jobs`), on real SQLite files: a cancelled
//! roster import or bundle merge commits nothing (every table, trigger and index dumped before
//! and after), their progress reaches the total, and a file job that fails or is cancelled
//! leaves no file behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use danvan::demo::{self, DemoOptions};
use danvan::domain::bundle::BundleFilter;
use danvan::domain::content::{embedded_files, load, Pack};
use danvan::domain::i18n::Lang;
use danvan::service::bundles::{self, MergeOptions};
use danvan::service::jobs::imports::{import_file_watched, ImportFailure, Imported};
use danvan::service::jobs::{FileJob, Progress};
use danvan::store::{Hooks, Store};
use time::macros::date;

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
}

/// Every table's rows (sorted, as text) and the schema itself (triggers a merge suspends
/// included).
fn dump(store: &Store) -> Vec<String> {
    let conn = store.conn();
    let mut out: Vec<String> = conn
        .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{} {} {:?}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(format!("{t}: {}", cells.join("|")))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.extend(rows);
    }
    out
}

/// A roster of `n` new officials.
fn roster(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("roster.csv");
    let mut text = String::from("Họ và tên,Mã cán bộ,Mã đơn vị,Tên đơn vị,Chức vụ,Ngày bổ nhiệm\n");
    for i in 0..n {
        text.push_str(&format!(
            "Người Số {i},JOB{i:05},UBND-JOB,UBND xã Thử,Công chức,01/03/2026\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_cancelled_import_commits_nothing_and_one_that_runs_reaches_its_total() {
    let dir = tempfile::tempdir().unwrap();
    let pack = pack();
    let mut store = Store::open(&dir.path().join("danvan.db")).unwrap();
    let file = roster(dir.path(), 400);
    let before = dump(&store);

    // Cancelled half-way through the rows: nothing of them, and no unit, is written.
    let (cancel, last) = (AtomicBool::new(false), Mutex::new((0, 0)));
    let report = |d: u64, t: u64| {
        *last.lock().unwrap() = (d, t);
        if d >= 300 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let r = import_file_watched(
        &mut store,
        &pack,
        &file,
        false,
        &Hooks::new(&report, &cancel),
    );
    assert!(matches!(r, Err(ImportFailure::Cancelled)), "{r:?}");
    assert_eq!(*last.lock().unwrap(), (300, 800));
    assert_eq!(dump(&store), before);

    // A job's progress, cancelled before it starts: nothing either.
    let p = Progress::default();
    p.cancel();
    let r = p.watch(|h| import_file_watched(&mut store, &pack, &file, false, h));
    assert!(matches!(r, Err(ImportFailure::Cancelled)), "{r:?}");
    assert_eq!(dump(&store), before);

    // Run to the end: every row in, and the progress at its total.
    let p = Progress::default();
    let r = p.watch(|h| import_file_watched(&mut store, &pack, &file, false, h));
    let Ok(Imported::Rows(report)) = r else {
        panic!("{r:?}")
    };
    assert_eq!((report.added, report.units_added), (400, 1));
    assert_eq!(p.get(), (800, 800));
    assert_ne!(dump(&store), before);
}

#[test]
fn a_cancelled_merge_commits_nothing_and_one_that_runs_reaches_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let pack = pack();
    let source = dir.path().join("demo.db");
    demo::create(
        &source,
        &pack,
        &DemoOptions {
            people: 40,
            seed: 5,
            today: date!(2026 - 11 - 26),
        },
    )
    .unwrap();
    let bundle = dir.path().join("demo.json");
    {
        let store = Store::open(&source).unwrap();
        let out = std::fs::File::create(&bundle).unwrap();
        let (_, signed, _) = bundles::export_signed_streaming(
            &store,
            &BundleFilter::default(),
            &dir.path().join("keys"),
            std::io::BufWriter::new(out),
        )
        .unwrap_or_else(|_| panic!("the demo exports"));
        let mut out = signed.out;
        out.flush().unwrap();
    }
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    let before = dump(&target);
    let options = || MergeOptions {
        unsigned: false,
        pack: Some(&pack),
        accept_new_key: false,
    };

    // Cancelled at the first record merged: the merge transaction (with its suspended
    // triggers and the pinned key) is rolled back whole.
    let cancel = AtomicBool::new(false);
    let last = Mutex::new((0, 0));
    let report = |d: u64, t: u64| {
        *last.lock().unwrap() = (d, t);
        cancel.store(true, Ordering::Relaxed);
    };
    let r = bundles::merge_file_watched(
        &mut target,
        &bundle,
        options(),
        &Hooks::new(&report, &cancel),
    );
    let refusal = r.expect_err("cancelled");
    assert_eq!(refusal.msg.id, "store-cancelled");
    // Progress is in hundredths of the file read: the first record leaves most of it unread.
    let (done, total) = *last.lock().unwrap();
    assert_eq!(total, 100);
    assert!(done < 50, "{done} of {total} at the first record");
    assert_eq!(dump(&target), before);

    // Run to the end: the progress reaches the whole file.
    let p = Progress::default();
    let merged = p
        .watch(|h| bundles::merge_file_watched(&mut target, &bundle, options(), h))
        .unwrap();
    assert!(merged.summary.changed());
    assert_eq!(p.get(), (total, total));
    assert_ne!(dump(&target), before);
}

#[test]
fn a_file_job_that_fails_or_is_cancelled_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let pack = pack();
    let db = dir.path().join("demo.db");
    demo::create(
        &db,
        &pack,
        &DemoOptions {
            people: 30,
            seed: 2,
            today: date!(2026 - 11 - 26),
        },
    )
    .unwrap();
    let today = date!(2026 - 11 - 26);
    let export = |path: PathBuf, go: Option<std::sync::mpsc::Receiver<()>>| {
        let (db, pack) = (db.clone(), pack.clone());
        FileJob::spawn(path, Lang::En, move |mut out, p| {
            if let Some(go) = go {
                let _ = go.recv();
            }
            let store = Store::open(&db).map_err(|e| format!("{e}"))?;
            let i18n = danvan::domain::i18n::I18n::new(Lang::En);
            p.watch(|hooks| {
                danvan::service::records::csv_to_watched(
                    &mut out,
                    &store,
                    &pack,
                    &Default::default(),
                    &i18n,
                    today,
                    hooks,
                )
            })
            .map_err(|e| format!("{e}"))
        })
    };

    // Cancelled while it waits to start writing: the file it made is gone.
    let (go, wait) = std::sync::mpsc::channel();
    let cancelled = dir.path().join("cancelled.csv");
    let mut job = export(cancelled.clone(), Some(wait));
    let started = std::time::Instant::now();
    while !cancelled.exists() {
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
        std::thread::yield_now();
    }
    job.job.cancel();
    go.send(()).unwrap();
    assert_eq!(
        job.job.wait(),
        Some(Err("Cancelled; nothing was saved.".into()))
    );
    assert!(!cancelled.exists());

    // Failed: the database is not there (a folder where it should be): no file.
    let failed = dir.path().join("failed.csv");
    let mut job = {
        let pack = pack.clone();
        FileJob::spawn(failed.clone(), Lang::En, move |out, _| {
            out.write_all(b"half").map_err(|e| e.to_string())?;
            Store::open(Path::new("/"))
                .map(|_| 0u64)
                .map_err(|e| format!("{e}"))
                .map(|n| n + pack.courses.len() as u64)
        })
    };
    assert!(job.job.wait().unwrap().is_err());
    assert!(!failed.exists());

    // Run to the end: the file whole, the progress at its total.
    let whole = dir.path().join("whole.csv");
    let job = export(whole.clone(), None);
    let started = std::time::Instant::now();
    let rows = loop {
        if let Some(outcome) = job.job.take_outcome() {
            break outcome.unwrap();
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    // Progress counts the officials (30); the file has a row per official and course.
    assert_eq!(job.job.progress(), (30, 30));
    let text = std::fs::read_to_string(&whole).unwrap();
    assert!(rows >= 30);
    assert_eq!(text.lines().count() as u64, rows + 1, "{text}");
}

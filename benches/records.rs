//! Benchmarks of the completion records on demonstration databases of 1,000 and 10,000 officials,
//! made once per run in a temporary folder by `danvan::demo` (the 10,000-person one takes a few
//! seconds):
//!
//! - `records_page_sql`: one screenful (40 rows) of `person_summary` in name order, the first page
//!   and the page after a key in the middle (`WHERE (name_key, person_id) > (?, ?)`), as plain SQL;
//! - `records_page_store`: the same page through `Store::records_page` and `Store::course_records`,
//!   as the records screen reads it;
//! - `csv_export`: every record as CSV (`export::records::csv_to`, written to a sink);
//! - `bundle_export`: the JSON records bundle of the whole database (`Store::bundle_records` and
//!   `to_json`);
//! - `merge_into_empty`: parsing that bundle (`from_json`) and merging it into a new, empty
//!   database (`Store::merge_bundle`, one transaction, the summaries kept by the triggers);
//! - `merge_again`: merging it into a copy of the database it came from (every record already
//!   there: the idempotent case).
//!
//! Run with `cargo bench --bench records` (a filter such as `-- merge` runs one group);
//! `benches/compare.sh` compares `danvan export` with the sqlite3 shell on 100,000 officials.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use danvan::demo::{self, DemoOptions};
use danvan::domain::bundle::BundleFilter;
use danvan::domain::content::{embedded_files, load, Pack};
use danvan::domain::i18n::{I18n, Lang};
use danvan::domain::records::{RecordFilter, RecordSort, SortKeyValue};
use danvan::io::bundle;
use danvan::service::records::csv_to;
use danvan::store::Store;

const SIZES: [usize; 2] = [1_000, 10_000];
/// Rows on one screen of the records table.
const PAGE: i64 = 40;

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
}

fn demo_db(dir: &Path, pack: &Pack, people: usize) -> Store {
    let path = dir.join(format!("demo-{people}.db"));
    demo::create(
        &path,
        pack,
        &DemoOptions {
            people,
            seed: 2026,
            today: time::macros::date!(2026 - 11 - 26),
        },
    )
    .expect("demo database");
    Store::open(&path).expect("open the demo database")
}

/// The key of the row in the middle of the name order: the page after it is a typical scroll.
fn middle_key(store: &Store) -> (Vec<u8>, String) {
    store
        .conn()
        .query_row(
            "SELECT name_key, person_id FROM person_summary ORDER BY name_key, person_id
             LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM person_summary)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a middle row")
}

fn benches(c: &mut Criterion) {
    let pack = pack();
    let dir = tempfile::tempdir().expect("temp dir");
    let stores: Vec<(usize, Store)> = SIZES
        .iter()
        .map(|&n| (n, demo_db(dir.path(), &pack, n)))
        .collect();

    let mut g = c.benchmark_group("records_page_sql");
    for (n, store) in &stores {
        let (name, id) = middle_key(store);
        g.bench_with_input(BenchmarkId::new("first", n), store, |b, s| {
            let mut stmt = s
                .conn()
                .prepare_cached(
                    "SELECT person_id, name_key, unit_id, lessons_read, courses_completed, attempts,
                            last_activity
                     FROM person_summary ORDER BY name_key, person_id LIMIT ?1",
                )
                .unwrap();
            b.iter(|| {
                let rows: Vec<String> = stmt
                    .query_map([PAGE], |r| r.get(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                black_box(rows)
            })
        });
        g.bench_with_input(BenchmarkId::new("after_key", n), store, |b, s| {
            let mut stmt = s
                .conn()
                .prepare_cached(
                    "SELECT person_id, name_key, unit_id, lessons_read, courses_completed, attempts,
                            last_activity
                     FROM person_summary WHERE (name_key, person_id) > (?1, ?2)
                     ORDER BY name_key, person_id LIMIT ?3",
                )
                .unwrap();
            b.iter(|| {
                let rows: Vec<String> = stmt
                    .query_map(rusqlite::params![name, id, PAGE], |r| r.get(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                assert_eq!(rows.len(), PAGE as usize);
                black_box(rows)
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("records_page_store");
    for (n, store) in &stores {
        let (name, id) = middle_key(store);
        let key = [SortKeyValue::Blob(name), SortKeyValue::Text(id)];
        g.bench_with_input(BenchmarkId::new("after_key", n), store, |b, s| {
            b.iter(|| {
                let page = s
                    .records_page(
                        &RecordFilter::default(),
                        RecordSort::Name,
                        Some(&key),
                        false,
                        PAGE as usize,
                    )
                    .unwrap();
                let ids: Vec<&str> = page.iter().map(|p| p.person_id.as_str()).collect();
                black_box(s.course_records(&ids).unwrap());
                black_box(page)
            })
        });
    }
    g.finish();

    let i18n = I18n::new(Lang::Vi);
    let today = time::macros::date!(2026 - 11 - 26);
    let mut g = c.benchmark_group("csv_export");
    g.sample_size(10);
    for (n, store) in &stores {
        g.bench_with_input(BenchmarkId::from_parameter(n), store, |b, s| {
            b.iter(|| {
                let rows = csv_to(
                    &mut std::io::sink(),
                    s,
                    &pack,
                    &RecordFilter::default(),
                    &i18n,
                    today,
                    &mut |_, _| {},
                )
                .unwrap();
                assert_eq!(rows, (*n * pack.courses.len()) as u64);
                black_box(rows)
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("bundle_export");
    g.sample_size(10);
    for (n, store) in &stores {
        g.bench_with_input(BenchmarkId::from_parameter(n), store, |b, s| {
            b.iter(|| {
                let json = bundle::to_json(&s.bundle_records(&BundleFilter::default()).unwrap());
                black_box(json.len())
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("merge_into_empty");
    g.sample_size(10);
    for (n, store) in &stores {
        let json = bundle::to_json(&store.bundle_records(&BundleFilter::default()).unwrap());
        g.bench_with_input(BenchmarkId::from_parameter(n), &json, |b, json| {
            b.iter_batched(
                || Scratch::new(dir.path(), None),
                |mut db| {
                    let parsed = bundle::from_json(json).unwrap();
                    let summary = db.store().merge_bundle(&parsed, false).unwrap();
                    assert!(summary.refused.is_none());
                    db
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();

    let mut g = c.benchmark_group("merge_again");
    g.sample_size(10);
    for (n, store) in &stores {
        let parsed = store.bundle_records(&BundleFilter::default()).unwrap();
        g.bench_with_input(BenchmarkId::from_parameter(n), &parsed, |b, parsed| {
            b.iter_batched(
                || Scratch::new(dir.path(), Some(store)),
                |mut db| {
                    let summary = db.store().merge_bundle(parsed, false).unwrap();
                    assert!(summary.refused.is_none());
                    db
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

/// A database for one iteration: new and empty, or a copy of another; removed when dropped
/// (outside the timing).
struct Scratch {
    store: Option<Store>,
    path: PathBuf,
}

static SCRATCH: AtomicUsize = AtomicUsize::new(0);

impl Scratch {
    fn new(dir: &Path, copy_of: Option<&Store>) -> Scratch {
        let path = dir.join(format!(
            "scratch-{}.db",
            SCRATCH.fetch_add(1, Ordering::Relaxed)
        ));
        if let Some(source) = copy_of {
            source.backup_to(&path).expect("copy the database");
        }
        let store = Store::open(&path).expect("open the scratch database");
        Scratch {
            store: Some(store),
            path,
        }
    }

    fn store(&mut self) -> &mut Store {
        self.store.as_mut().expect("open")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        drop(self.store.take());
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

criterion_group!(records, benches);
criterion_main!(records);

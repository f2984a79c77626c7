//! A demonstration database: a province of synthetic units and officials with Vietnamese names,
//! their lesson progress, quiz attempts (real draws from the built-in banks, graded by the quiz
//! engine, so every paper replays from its seed), course completions and yearly self-assessments.
//!
//! Everything comes from one seeded [`Rng`]: the same seed and the same day give the same data,
//! UUIDs included. The file is marked with the setting `demo` = `1` ([`is_demo`]), so the interface
//! can say that it is not real. The rows go in through the store's bulk API (a few large IMMEDIATE
//! transactions, cached prepared statements) rather than the per-row store API; the schema's
//! triggers keep the records summaries as they would for any other write, and they are most of
//! the cost.
//!
//! Here: the options, the errors and the order of the work; `names` holds the words, `generate`
//! (with `attempts` and `assessments`) draws the rows, `write` hands them to the store.

mod assessments;
mod attempts;
mod generate;
mod names;
mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::domain::content::Pack;
use crate::domain::i18n::Msg;
use crate::domain::people::UnitKind;
use crate::store::{Store, StoreError};
use generate::Gen;
use write::{write_assessment, write_person};

/// The setting that marks a demonstration database ("1"); merging reads it too.
pub const DEMO_SETTING: &str = crate::store::merge::DEMO;

/// People written per transaction.
const BATCH: usize = 5_000;

/// Whether this database was made by `danvan demo`.
pub fn is_demo(store: &Store) -> bool {
    matches!(store.setting(DEMO_SETTING), Ok(Some(v)) if v == "1")
}

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub people: usize,
    pub seed: u64,
    /// The day the data leads up to (activity spreads over the year and a half before it).
    pub today: time::Date,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub units: usize,
    pub people: usize,
    pub lessons_read: usize,
    pub attempts: usize,
    pub answers: usize,
    pub completions: usize,
    pub assessments: usize,
    pub elapsed: Duration,
}

#[derive(Debug)]
pub enum DemoError {
    /// The file already exists: demo data only ever goes to a new file.
    Exists(PathBuf),
    NoPeople,
    Store(StoreError),
}

impl DemoError {
    pub fn msg(&self) -> Msg {
        match self {
            DemoError::Exists(p) => Msg::new("demo-exists").arg("path", p.display()),
            DemoError::NoPeople => Msg::new("demo-no-people"),
            DemoError::Store(e) => e.msg(),
        }
    }
}

impl std::fmt::Display for DemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DemoError::Exists(p) => write!(f, "{} already exists", p.display()),
            DemoError::NoPeople => write!(f, "no people"),
            DemoError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DemoError {}

impl From<StoreError> for DemoError {
    fn from(e: StoreError) -> Self {
        DemoError::Store(e)
    }
}

/// Create a demonstration database at `path`, which must not exist. On failure the partial file
/// is removed.
pub fn create(path: &Path, pack: &Pack, opts: &DemoOptions) -> Result<DemoSummary, DemoError> {
    if path.symlink_metadata().is_ok() {
        return Err(DemoError::Exists(path.to_path_buf()));
    }
    if opts.people == 0 {
        return Err(DemoError::NoPeople);
    }
    let started = Instant::now();
    let result = build(path, pack, opts);
    match result {
        Ok(mut summary) => {
            summary.elapsed = started.elapsed();
            Ok(summary)
        }
        Err(e) => {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            Err(e)
        }
    }
}

fn build(path: &Path, pack: &Pack, opts: &DemoOptions) -> Result<DemoSummary, DemoError> {
    let mut store = Store::open(path)?;
    // A new file written in one go, removed if anything fails.
    store.begin_bulk_load()?;
    let mut g = Gen::new(pack, opts);
    let mut summary = DemoSummary::default();

    let units = g.units();
    store.bulk(|b| {
        b.setting(DEMO_SETTING, "1")?;
        for u in &units {
            b.unit(&u.unit, &u.created_at)?;
        }
        Ok(())
    })?;
    summary.units = units.len();

    // Officials and their learning, a batch per transaction.
    let mut focal: HashMap<usize, String> = HashMap::new();
    let mut done = 0;
    while done < opts.people {
        let n = BATCH.min(opts.people - done);
        store.bulk(|b| {
            for i in done..done + n {
                let p = g.person(i, &units);
                focal.entry(p.unit).or_insert_with(|| p.id.clone());
                write_person(b, &g, &p, &units, &mut summary)?;
            }
            Ok(())
        })?;
        done += n;
    }
    summary.people = opts.people;

    // Yearly self-assessments of most units.
    if let Some(c) = crate::service::assessment::checklist(pack) {
        let hash = crate::service::assessment::checklist_hash(c);
        store.bulk(|b| {
            for (i, u) in units.iter().enumerate() {
                if u.unit.kind == UnitKind::Other {
                    continue;
                }
                let by = focal.get(&i).map(String::as_str);
                for a in g.assessments(c, u, by) {
                    write_assessment(b, c, &hash, &a)?;
                    summary.assessments += 1;
                }
            }
            Ok(())
        })?;
    }
    store.end_bulk_load()?;
    Ok(summary)
}

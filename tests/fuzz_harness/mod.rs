//! The fuzz harness: one function per target, each feeding its bytes through the crate's public
//! functions exactly as the CLI reaches them, and panicking only when the crate breaks a promise
//! (a panic of its own, or output it says it never writes). Shared by the cargo-fuzz targets in
//! `fuzz/` (through `#[path]`) and by `tests/fuzz_regressions.rs`, which runs it on stable over
//! the committed seeds and the crashes found, so the harness cannot rot unseen.
//!
//! Each function returns a short label of what happened (`ok`, or the error's message id) for
//! the regression tests to assert on.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use danvan::domain::content::{load, Pack, PackFile};
use danvan::domain::people::{NewPerson, NewUnit, UnitKind};
use danvan::io::{bundle, gift, roster};
use danvan::service::bundles::{merge_file, MergeOptions};
use danvan::store::Store;

const MINI_SOURCES: &str = include_str!("../fixtures/minimal-pack/courses/sources.toml");
const MINI_COURSE: &str = include_str!("../fixtures/minimal-pack/courses/mini.toml");

/// A folder for the harness's files, kept for the life of the process.
fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temp folder"))
        .path()
}

/// A unique file name in the scratch folder (the harness may run on several test threads).
fn scratch_file(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    scratch().join(format!("{n}-{name}"))
}

/// The built-in pack, loaded once.
fn builtin_pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| {
        load(&danvan::domain::content::embedded_files())
            .pack
            .expect("the built-in pack loads")
    })
}

/// A fresh database with one unit and one official: a copy of a template made once (opening a
/// copy costs a few milliseconds; migrating a new file costs far more).
fn fresh_store() -> Store {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let made = scratch().join("template-work.db");
        let mut s = Store::open(&made).expect("a new store");
        let unit = s
            .add_unit(&NewUnit {
                code: "UBND-TT".into(),
                name: "UBND xã Tân Tiến".into(),
                kind: UnitKind::Commune,
                parent_id: None,
            })
            .expect("a unit");
        s.add_person(&NewPerson {
            full_name: "Nguyễn Thị Hoa".into(),
            staff_code: Some("CB001".into()),
            unit_id: Some(unit.id),
            position: "Công chức".into(),
            appointed_on: Some("2026-03-01".into()),
        })
        .expect("a person");
        // A single file, no write-ahead log beside it, so a plain copy is the whole database.
        let path = scratch().join("template.db");
        s.backup_to(&path).expect("the template");
        path
    });
    let path = scratch_file("work.db");
    std::fs::copy(template, &path).expect("a copy of the template");
    Store::open(&path).expect("the copy opens")
}

/// (a) The content loader on a pack whose one file is the input: the first byte chooses which
/// (the course, a quiz, a checklist or the sources file), the rest is its text.
pub fn content(data: &[u8]) -> String {
    let Some((&which, text)) = data.split_first() else {
        return "empty".into();
    };
    let mut files = vec![
        PackFile {
            path: "courses/sources.toml".into(),
            bytes: MINI_SOURCES.as_bytes().to_vec(),
        },
        PackFile {
            path: "courses/mini.toml".into(),
            bytes: MINI_COURSE.as_bytes().to_vec(),
        },
    ];
    let slot = match which % 4 {
        0 => Some(1),
        3 => Some(0),
        _ => None,
    };
    match slot {
        Some(i) => files[i].bytes = text.to_vec(),
        None => files.push(PackFile {
            path: if which % 4 == 1 {
                "quizzes/fuzz.toml".into()
            } else {
                "checklists/fuzz.toml".into()
            },
            bytes: text.to_vec(),
        }),
    }
    let loaded = load(&files);
    // Every error names its file and a line within it (1-based).
    for d in &loaded.diagnostics {
        assert!(
            files.iter().any(|f| f.path == d.path),
            "a diagnostic names a file of the pack: {d:?}"
        );
        assert!(d.line >= 1, "a diagnostic names a line: {d:?}");
    }
    let first_error = loaded.errors().next().map(|e| e.code.to_string());
    match (loaded.pack.is_some(), first_error) {
        (true, None) => "ok".into(),
        (false, Some(code)) => code,
        (pack, e) => panic!("a pack exactly when there is no error: {pack} {e:?}"),
    }
}

/// (b) The GIFT reader as `danvan import-gift` runs it: UTF-8 text (a byte-order mark dropped)
/// converted into a quiz for the minimal course. What it writes must be TOML.
pub fn gift(data: &[u8]) -> String {
    let Ok(text) = std::str::from_utf8(data) else {
        return "import-not-utf8".into();
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let c = gift::convert(text, "q-fuzz", "mini", "bai-mot", "fuzz");
    if let Err(e) = c.toml.parse::<toml::Table>() {
        panic!("the converted quiz is not TOML: {e}\n{}", c.toml);
    }
    if c.converted == 0 {
        return c
            .problems
            .first()
            .map(|p| p.kind.msg_id().to_string())
            .unwrap_or_else(|| "nothing".into());
    }
    "ok".into()
}

/// (c) The roster reader as `danvan roster import` and `danvan units import` run it: the bytes
/// as a `.csv` file (sniffed: a spreadsheet's signature is read as one), read as officials and
/// as units, and the officials imported into a fresh database.
pub fn roster(data: &[u8]) -> String {
    let path = scratch_file("roster.csv");
    std::fs::write(&path, data).expect("the input file");
    let units = roster::read_units(&path);
    let people = roster::read_people(&path);
    let _ = std::fs::remove_file(&path);
    if let Err(e) = &units {
        assert_named(&e.msg(), &path);
    }
    let rows = match people {
        Ok(rows) => rows,
        Err(e) => {
            assert_named(&e.msg(), &path);
            return e.msg().id.to_string();
        }
    };
    if rows.is_empty() {
        return "no-rows".into();
    }
    let mut store = fresh_store();
    let label = match store.import_people(&rows) {
        Ok(_) => "ok".to_string(),
        Err(e) => e.msg().id.to_string(),
    };
    drop_store(store);
    label
}

/// (d) A records bundle: the format-2 reader and verifier, the format-1 reader, the checks
/// against the built-in pack, and, when those pass, `merge_file` (as `danvan merge --unsigned`)
/// into a fresh database.
pub fn bundle(data: &[u8]) -> String {
    let pack = builtin_pack();
    let signed = danvan::domain::signing::verify_stream(data);
    let read = bundle::read_signed(data);
    if let (Ok(v), Ok((_, again))) = (&signed, &read) {
        assert_eq!(v.digest, again.digest, "both readings hash the same bytes");
    }
    let format1 = std::str::from_utf8(data).ok().map(bundle::from_json);
    let parsed = match (&read, &format1) {
        (Ok((b, _)), _) => Some(b),
        (_, Some(Ok(b))) => Some(b),
        _ => None,
    };
    let Some(b) = parsed else {
        // The variant of the first reader's error, e.g. `ChangedAfterExport`, or `Record`.
        let why = match &read {
            Err(bundle::SignedReadError::Framing(e)) => format!("{e:?}"),
            Err(e) => format!("{e:?}"),
            Ok(_) => String::new(),
        };
        return why
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_string();
    };
    if let Some(p) = danvan::domain::bundle::validate(b, pack).first() {
        return p.rule.to_string();
    }
    let path = scratch_file("bundle.json");
    std::fs::write(&path, data).expect("the input file");
    let mut store = fresh_store();
    let merged = merge_file(
        &mut store,
        &path,
        MergeOptions {
            unsigned: true,
            pack: Some(pack),
            accept_new_key: false,
        },
    );
    let _ = std::fs::remove_file(&path);
    drop_store(store);
    match merged {
        Ok(_) => "merged".into(),
        Err(r) => r.msg.id.to_string(),
    }
}

/// A message about a file names it.
fn assert_named(m: &danvan::domain::i18n::Msg, path: &Path) {
    let shown = path.display().to_string();
    assert!(
        m.args.iter().any(|(_, v)| v.contains(&shown)),
        "{} names {shown}: {:?}",
        m.id,
        m.args
    );
}

/// Close a scratch database and delete its files.
fn drop_store(store: Store) {
    let path = store.path().to_path_buf();
    drop(store);
    for tail in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(tail);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

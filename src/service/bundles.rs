//! Records that travel as files: the records bundle and xAPI statements, read from the store and
//! written in their formats (`io::bundle`, `io::xapi`); and merging a bundle file, the one path
//! the CLI (`danvan merge`) and the TUI (records screen, `i`) share.
//!
//! # Signed bundles and the keys folder
//!
//! An export in format 2 is signed with this database's Ed25519 key, kept outside the database
//! in the keys folder (`io::keys`): [`key_dir`] is `$DANVAN_KEY_DIR` when set (tests point it at
//! a temporary folder), else `io::keys::default_key_dir()`. The key is made on first export.
//!
//! # Merging a file: one reading
//!
//! [`merge_file`] reads a format-2 file once, as a stream: each record is parsed as it comes and
//! handed to `Store::merge_records`, while the bytes are hashed for the signature
//! (`domain::signing::BundleVerifier`). The signature is checked at the trailer, before the
//! merge's transaction may commit: a file changed after export ("changed after export", with the
//! line) is rolled back whole, nothing merged, and the file is never held in memory. The
//! target's `PRAGMA quick_check` runs beside the reading on a read-only connection of its own
//! (before it, for a database without a write-ahead log), and the transaction commits only if
//! it found the file whole. A file whose records are not in the order danvan writes them is
//! read whole instead (`bundle::read_signed`) and merged as a `Bundle`. Format-1 files
//! (unsigned) merge only with `unsigned: true`, and the caller warns that nothing shows they
//! were not changed.
//!
//! # Trust
//!
//! The signer's key goes to the merge (`store::merge::MergeTrust`), which pins it for the
//! bundle's source database on first use and refuses the file when that database has another
//! key pinned (unless `accept_new_key`). Records about people the source did not create are
//! held in `merge_pending`; [`accept_pending`] merges one of them later through the same checks
//! (the origin rules set aside: the trainer decided), and `Store::reject_pending` drops one.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::Value;

use crate::domain::bundle::{Bundle, BundleCounts, BundleFilter, BundleRecord};
use crate::domain::content::Pack;
use crate::domain::i18n::Msg;
use crate::domain::signing::{self, BundleError, BundleVerifier, KeyFingerprint, SignedBundle};
use crate::io::{bundle, compress, keys, seal, xapi};
use crate::store::merge::{BundleHead, MergeSummary, MergeTrust, Signer, Streamed};
use crate::store::{Hooks, Result, Store, StoreError};

/// The environment variable that overrides the keys folder.
pub const KEY_DIR_ENV: &str = "DANVAN_KEY_DIR";

/// The folder of this machine's database keys: `$DANVAN_KEY_DIR`, else the local data folder's.
pub fn key_dir() -> Option<PathBuf> {
    match std::env::var_os(KEY_DIR_ENV) {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => keys::default_key_dir(),
    }
}

/// The bundle of the records `filter` selects, with its format-1 JSON text (the unsigned
/// format, kept for `--unsigned` readers; exports write format 2, see [`export_signed`]).
pub fn bundle_json(store: &Store, filter: &BundleFilter) -> Result<(Bundle, String)> {
    let b = store.bundle_records(filter)?;
    let text = bundle::to_json(&b);
    Ok((b, text))
}

/// This database's id and signing key from `key_dir`. A database whose recorded key is not in
/// this keys folder was copied here from another machine (a copy cannot sign as the original):
/// it becomes a database of its own, with a new id and a new key, the old id kept as
/// `copied_from` (said once, see `Store::take_copied_notice`). A database that never signed
/// gets its first key.
pub fn own_signing_key(
    store: &Store,
    key_dir: &Path,
) -> std::result::Result<(String, ed25519_dalek::SigningKey), Msg> {
    use crate::store::settings::SIGNING_KEY;
    let key_failed = |e: keys::KeyError| Msg::new("bundle-key-failed").arg("detail", e);
    let mut id = store.database_id().map_err(|e| e.msg())?;
    let recorded = store.setting(SIGNING_KEY).map_err(|e| e.msg())?;
    let here = keys::load(key_dir, &id).map_err(key_failed)?;
    if here.is_none() && recorded.is_some() {
        let new = uuid::Uuid::new_v4().to_string();
        store.become_copy(&id, &new).map_err(|e| e.msg())?;
        id = new;
    }
    let (key, _) = keys::load_or_create(key_dir, &id).map_err(key_failed)?;
    let fingerprint = KeyFingerprint::of(&key.verifying_key()).to_string();
    if store.setting(SIGNING_KEY).map_err(|e| e.msg())? != Some(fingerprint.clone()) {
        // First use, or a key rotated by a passphrase reset: remember which key signs.
        store
            .set_setting_now(SIGNING_KEY, &fingerprint)
            .map_err(|e| e.msg())?;
    }
    Ok((id, key))
}

/// Whether this database was copied here from a machine that kept its key (it has signed, and
/// this keys folder lacks that key): if so it becomes a database of its own now
/// ([`own_signing_key`]) rather than at its next signing. Then, once, the id it was copied from
/// (`Store::take_copied_notice`), so the kit says so when it opens.
pub fn copied_here(store: &Store, key_dir: &Path) -> std::result::Result<Option<String>, Msg> {
    use crate::store::settings::SIGNING_KEY;
    let signed_before = store.setting(SIGNING_KEY).map_err(|e| e.msg())?.is_some();
    if signed_before {
        let id = store.database_id().map_err(|e| e.msg())?;
        let key_here = keys::load(key_dir, &id)
            .map_err(|e| Msg::new("bundle-key-failed").arg("detail", e))?
            .is_some();
        if !key_here {
            own_signing_key(store, key_dir)?;
        }
    }
    store.take_copied_notice().map_err(|e| e.msg())
}

/// The records `filter` selects as a signed format-2 bundle written to `out`, signed with this
/// database's key from `key_dir` (made if there is none). Returns the bundle and what was
/// signed.
pub fn export_signed<W: Write>(
    store: &Store,
    filter: &BundleFilter,
    key_dir: &Path,
    out: W,
) -> std::result::Result<(Bundle, SignedBundle<W>, KeyFingerprint), Msg> {
    let (_, key) = own_signing_key(store, key_dir)?;
    let b = store.bundle_records(filter).map_err(|e| e.msg())?;
    let fingerprint = KeyFingerprint::of(&key.verifying_key());
    let signed = bundle::write_signed(&b, &key, out)
        .map_err(|e| Msg::new("bundle-write-failed").arg("detail", e))?;
    Ok((b, signed, fingerprint))
}

/// Why a streamed export stopped: a message to show, or the output failing (whose name only the
/// caller knows).
#[derive(Debug)]
pub enum SignedExportError {
    Failed(Msg),
    Write(std::io::Error),
}

/// The records `filter` selects as a signed format-2 bundle streamed to `out` as they are read
/// (`Store::stream_bundle_records`: never the whole selection in memory), signed with this
/// database's key from `key_dir` (made if there is none). The bytes are those
/// [`export_signed`] writes for the same records at the same moment. Returns how many records of
/// each kind were written and what was signed.
pub fn export_signed_streaming<W: Write>(
    store: &Store,
    filter: &BundleFilter,
    key_dir: &Path,
    out: W,
) -> std::result::Result<(BundleCounts, SignedBundle<W>, KeyFingerprint), SignedExportError> {
    export_records_streaming(store, Records::Filtered(filter), key_dir, out)
}

/// Which records a streamed export reads.
#[derive(Debug, Clone, Copy)]
pub enum Records<'a> {
    /// Those the filter selects (the default filter: all).
    Filtered(&'a BundleFilter),
    /// Those of the owners changed in `since < seq <= through` (`Store::stream_bundle_delta`).
    Changed { since: i64, through: i64 },
}

/// [`export_signed_streaming`] for any [`Records`].
pub fn export_records_streaming<W: Write>(
    store: &Store,
    records: Records<'_>,
    key_dir: &Path,
    out: W,
) -> std::result::Result<(BundleCounts, SignedBundle<W>, KeyFingerprint), SignedExportError> {
    let failed = |e: crate::store::StoreError| SignedExportError::Failed(e.msg());
    let (source_db, key) = own_signing_key(store, key_dir).map_err(SignedExportError::Failed)?;
    let demo = store.is_demo().map_err(failed)?;
    let exported_at = crate::store::now_utc();
    let fingerprint = KeyFingerprint::of(&key.verifying_key());
    let write_failed = |e: BundleError| match e {
        BundleError::Io(e) => SignedExportError::Write(e),
        e => SignedExportError::Failed(Msg::new("bundle-write-failed").arg("detail", e)),
    };
    let source = signing::BundleSource {
        source_db: &source_db,
        exported_at: &exported_at,
        demo,
    };
    let mut w = signing::BundleSigner::new(out, &key, &source).map_err(write_failed)?;
    let each = |r: BundleRecord| bundle::write_record(&mut w, &r);
    let counts = match records {
        Records::Filtered(filter) => store.stream_bundle_records(filter, each),
        Records::Changed { since, through } => store.stream_bundle_delta(since, through, each),
    }
    .map_err(failed)?
    .map_err(write_failed)?;
    let signed = w.finish().map_err(write_failed)?;
    Ok((counts, signed, fingerprint))
}

/// How a file is to be merged.
#[derive(Clone, Copy, Default)]
pub struct MergeOptions<'a> {
    /// Also merge format-1 (unsigned) files.
    pub unsigned: bool,
    /// The content pack the records are checked against (`domain::bundle::validate`); `None`
    /// skips those checks (no pack could be loaded).
    pub pack: Option<&'a Pack>,
    /// Pin a new key for a database that has another key pinned, instead of refusing the file.
    pub accept_new_key: bool,
}

/// A file merged (its records may still have been refused one by one: see the summary).
#[derive(Debug)]
pub struct Merged {
    pub summary: MergeSummary,
    /// The key that signed it; `None` for an unsigned (format 1) file.
    pub signed_by: Option<KeyFingerprint>,
}

/// Why a whole file was refused (nothing of it was merged), and where in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub line: Option<u64>,
    pub column: Option<usize>,
    pub msg: Msg,
}

impl Refusal {
    fn at(line: Option<u64>, msg: Msg) -> Self {
        Refusal {
            line,
            column: None,
            msg,
        }
    }
}

/// The message for a framing or signature error.
fn framing_refusal(e: &BundleError) -> Refusal {
    let msg = match e {
        BundleError::Io(io) => match compress::damaged(io) {
            Some(detail) => Msg::new("merge-compressed-damaged").arg("detail", detail),
            None => Msg::new("merge-read-failed").arg("detail", io),
        },
        BundleError::UnsignedFormat1 => Msg::new("merge-unsigned-refused"),
        BundleError::NewerVersion { found } => Msg::new("merge-newer-version")
            .arg("version", found)
            .arg("supported", signing::VERSION),
        BundleError::Truncated { lines } => Msg::new("merge-signed-truncated").arg("lines", lines),
        BundleError::ChangedAfterExport { line } | BundleError::DataAfterTrailer { line } => {
            Msg::new("merge-changed-after-export").arg("line", line)
        }
        other => Msg::new("merge-bad-json").arg("detail", other),
    };
    Refusal::at(e.line(), msg)
}

/// When `path` is a sealed bundle: this database's age identity, which opens it (refused
/// when this machine has none: a copy of the database elsewhere cannot read what was sealed
/// for it). None for a plain file.
fn sealed_identity(
    store: &Store,
    path: &Path,
) -> std::result::Result<Option<age::x25519::Identity>, Refusal> {
    let mut head = [0u8; 32];
    let n = File::open(path)
        .and_then(|mut f| {
            use std::io::Read as _;
            let mut n = 0;
            while n < head.len() {
                match f.read(&mut head[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            Ok(n)
        })
        .map_err(|e| Refusal::at(None, Msg::new("merge-read-failed").arg("detail", e)))?;
    if !seal::is_sealed(&head[..n]) {
        return Ok(None);
    }
    let no_key = || Refusal::at(None, Msg::new("merge-sealed-no-key"));
    let dir = key_dir().ok_or_else(no_key)?;
    let db = store
        .database_id()
        .map_err(|e| Refusal::at(None, e.msg()))?;
    match keys::load_age_identity(&dir, &db) {
        Ok(Some(id)) => Ok(Some(id)),
        Ok(None) => Err(no_key()),
        Err(e) => Err(Refusal::at(
            None,
            Msg::new("merge-read-failed").arg("detail", e),
        )),
    }
}

/// The message for a sealed bundle that does not open.
fn seal_refusal(e: seal::SealError) -> Msg {
    match e {
        seal::SealError::NotForThisDatabase => Msg::new("merge-sealed-for-another"),
        other => Msg::new("merge-sealed-damaged").arg("detail", other),
    }
}

/// Merge one bundle file into `store`: each file all or nothing. See the module documentation
/// for the one reading.
pub fn merge_file(
    store: &mut Store,
    path: &Path,
    options: MergeOptions<'_>,
) -> std::result::Result<Merged, Refusal> {
    merge_file_watched(store, path, options, &Hooks::NONE)
}

/// Cancelled: nothing merged.
fn cancelled() -> Refusal {
    Refusal::at(None, StoreError::Cancelled.msg())
}

/// [`merge_file`], telling `hooks` how far the reading has come, in hundredths of the file's
/// bytes (a one-reading merge does not know how many records follow); cancelled there, nothing
/// is merged (the refusal says so). A file merged whole (out of order, or format 1) is checked
/// for cancel only before its merge.
pub fn merge_file_watched(
    store: &mut Store,
    path: &Path,
    options: MergeOptions<'_>,
    hooks: &Hooks,
) -> std::result::Result<Merged, Refusal> {
    // Into a database without people the merge writes through the rollback journal when it
    // can (`Store::begin_fill`, which has found the file whole when it switches). Should it not
    // switch, the merge goes on in the log, where its own reads and checks report any trouble
    // with the file, naming it.
    let filled = store.begin_fill().unwrap_or(false);
    let merged = merge_file_reading(store, path, options, hooks, filled);
    store.end_fill(filled);
    merged
}

/// The body of [`merge_file_watched`], in the journal mode it chose; `checked`: the target was
/// found whole just before.
fn merge_file_reading(
    store: &mut Store,
    path: &Path,
    options: MergeOptions<'_>,
    hooks: &Hooks,
    checked: bool,
) -> std::result::Result<Merged, Refusal> {
    // A sealed bundle is opened with this database's own age identity.
    let identity = sealed_identity(store, path)?;
    // The bytes of the file read so far, for the progress.
    let read = Arc::new(AtomicU64::new(0));
    let size = std::fs::metadata(path).map_or(0, |m| m.len()).max(1);
    // Then, sealed or not, a compressed bundle is decompressed (found by its magic bytes).
    let open = || -> std::result::Result<Box<dyn BufRead + Send>, Refusal> {
        let read_failed = |e| Refusal::at(None, Msg::new("merge-read-failed").arg("detail", e));
        let file = File::open(path).map_err(read_failed)?;
        let file = BufReader::new(CountingReader {
            inner: file,
            read: read.clone(),
        });
        match &identity {
            None => compress::plain(file).map_err(read_failed),
            Some(id) => {
                let opened =
                    seal::open(file, id).map_err(|e| Refusal::at(None, seal_refusal(e)))?;
                compress::plain(opened).map_err(read_failed)
            }
        }
    };
    let first = match BundleVerifier::new(open()?) {
        Ok(v) => v,
        Err(e) => {
            // Damage in the target is named before anything about the file, as always.
            target_intact(store.quick_check(), store)?;
            return match e {
                BundleError::UnsignedFormat1 if options.unsigned => {
                    merge_format1(store, path, options.pack)
                }
                e => Err(framing_refusal(&e)),
            };
        }
    };
    let fingerprint = KeyFingerprint::of(first.public_key());
    let trust = MergeTrust {
        bundle: path.display().to_string(),
        signer: Some(Signer {
            fingerprint: fingerprint.to_string(),
            public_key: signing::public_key_to_text(first.public_key()),
        }),
        accept_new_key: options.accept_new_key,
        settles: Vec::new(),
    };
    let record_refusal = |e: bundle::SignedReadError| match e {
        bundle::SignedReadError::Framing(e) => framing_refusal(&e),
        bundle::SignedReadError::Record {
            line,
            column,
            detail,
        } => Refusal {
            line: Some(line),
            column: Some(column),
            msg: Msg::new("merge-bad-json").arg("detail", detail),
        },
    };
    let h = first.header().clone();
    let head = BundleHead {
        format: crate::domain::bundle::FORMAT.to_string(),
        version: crate::domain::bundle::VERSION,
        exported_at: h.exported_at,
        source_db: h.source_db,
        demo: h.demo,
    };
    // The target's quick check runs beside the reading, on a read-only connection of its own
    // (with a write-ahead log it reads the file as it was before this merge's transaction);
    // without a log a reader could stand in the writer's way, so it runs first (unless it just
    // ran, before the switch to the rollback journal).
    let wal = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
        .map_err(|e| Refusal::at(None, crate::store::StoreError::from(e).msg()))?
        .eq_ignore_ascii_case("wal");
    if !wal && !checked {
        target_intact(store.quick_check(), store)?;
    }
    let target = store.path().to_path_buf();
    let corrupt_name = target.display().to_string();
    std::thread::scope(|s| {
        let mut check = wal.then(|| s.spawn(move || crate::store::quick_check_file(&target)));
        // The check's finding, once (None: the target is whole, or was checked before).
        let mut checked = move || -> Option<Refusal> {
            let found = check.take()?.join().unwrap_or_else(|_| {
                Err(crate::store::StoreError::Invalid {
                    field: "quick_check",
                    value: "the checking thread stopped".to_string(),
                })
            });
            checked_refusal(found, &corrupt_name)
        };
        // One reading: each record is parsed and merged as it comes, and the file's digest
        // hashed on the way; the signature is checked at the trailer, before the transaction
        // may commit (`next` gives the end only then), so a file changed after export rolls
        // back whole. A bad record line is named only once the rest of the file is shown to
        // be as signed (a file changed after export is named as that).
        let mut reader = Some(first);
        let mut next = || -> std::result::Result<Option<BundleRecord>, Refusal> {
            let Some(r) = reader.as_mut() else {
                return Ok(None);
            };
            let failed = match r.next_record() {
                Err(e) => framing_refusal(&e),
                Ok(Some(rec)) => match bundle::parse_record(&rec) {
                    Ok(record) => return Ok(Some(record)),
                    Err(e) => {
                        let e = record_refusal(e);
                        match reader.take().map(BundleVerifier::finish) {
                            Some(Err(framing)) => framing_refusal(&framing),
                            _ => e,
                        }
                    }
                },
                Ok(None) => {
                    reader = None;
                    return match checked() {
                        Some(damaged) => Err(damaged),
                        None => Ok(None),
                    };
                }
            };
            Err(checked().unwrap_or(failed))
        };
        let report =
            |_: u64, _: u64| hooks.report(read.load(Ordering::Relaxed).min(size) * 100 / size, 100);
        let watched = hooks.reporting_to(&report);
        let merged = store.merge_records(&head, false, &trust, options.pack, &watched, &mut next);
        let summary = match merged {
            Err(StoreError::Cancelled) => return Err(cancelled()),
            Err(e) => return Err(checked().unwrap_or_else(|| Refusal::at(None, e.msg()))),
            Ok(Streamed::Stopped(refusal)) => return Err(refusal),
            Ok(Streamed::Merged(s)) => *s,
            Ok(Streamed::OutOfOrder) => {
                // Records in another order than danvan writes them: read the bundle whole (its
                // signature checked again), once the target is known to be whole.
                if let Some(damaged) = checked() {
                    return Err(damaged);
                }
                let (b, _) = bundle::read_signed(open()?).map_err(record_refusal)?;
                if hooks.cancelled() {
                    return Err(cancelled());
                }
                checked_merge(store, &b, options.pack, &trust)?
            }
        };
        if let Some(why) = &summary.refused {
            return Err(Refusal::at(None, why.clone()));
        }
        hooks.report(100, 100);
        Ok(Merged {
            summary,
            signed_by: Some(fingerprint),
        })
    })
}

/// What the target's quick check found, as the refusal of the merge (None: the file is whole).
fn checked_refusal(found: Result<Option<String>>, path: &str) -> Option<Refusal> {
    match found {
        Ok(None) => None,
        Ok(Some(detail)) => Some(Refusal::at(
            None,
            Msg::new("store-corrupt")
                .arg("path", path)
                .arg("detail", detail),
        )),
        Err(e) => Some(Refusal::at(None, e.msg())),
    }
}

/// [`checked_refusal`] as an error, for the check run on the store's own connection.
fn target_intact(found: Result<Option<String>>, store: &Store) -> std::result::Result<(), Refusal> {
    match checked_refusal(found, &store.path().display().to_string()) {
        Some(r) => Err(r),
        None => Ok(()),
    }
}

/// The merge with `domain::bundle::validate`'s checks (`Store::merge_bundle_checked`): any
/// problem refuses the whole bundle (the first one is named: the record and the rule).
fn checked_merge(
    store: &mut Store,
    b: &Bundle,
    pack: Option<&Pack>,
    trust: &MergeTrust,
) -> std::result::Result<MergeSummary, Refusal> {
    let summary = store
        .merge_bundle_checked(b, false, trust, pack)
        .map_err(|e| Refusal::at(None, e.msg()))?;
    if let Some(why) = &summary.refused {
        return Err(Refusal::at(None, why.clone()));
    }
    Ok(summary)
}

/// Today's reader of the unsigned format-1 document.
fn merge_format1(
    store: &mut Store,
    path: &Path,
    pack: Option<&Pack>,
) -> std::result::Result<Merged, Refusal> {
    let read = || -> std::io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut compress::plain(File::open(path)?)?, &mut bytes)?;
        Ok(bytes)
    };
    let bytes = read().map_err(|e| {
        Refusal::at(
            None,
            match compress::damaged(&e) {
                Some(detail) => Msg::new("merge-compressed-damaged").arg("detail", detail),
                None => Msg::new("merge-read-failed").arg("detail", e),
            },
        )
    })?;
    let text =
        String::from_utf8(bytes).map_err(|_| Refusal::at(None, Msg::new("merge-not-utf8")))?;
    let b = bundle::from_json(&text).map_err(|e| Refusal {
        line: Some(e.line as u64),
        column: Some(e.column),
        msg: if e.truncated {
            Msg::new("merge-truncated").arg("detail", &e.detail)
        } else {
            Msg::new("merge-bad-json").arg("detail", &e.detail)
        },
    })?;
    let trust = MergeTrust {
        bundle: path.display().to_string(),
        ..MergeTrust::default()
    };
    let summary = checked_merge(store, &b, pack, &trust)?;
    Ok(Merged {
        summary,
        signed_by: None,
    })
}

/// Why a held record could not be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AcceptError {
    /// No held record has this id.
    Unknown,
    /// The checks refused it (nothing was changed; it stays held).
    Refused(Refusal),
}

/// Merge the held record `id` now, through the same checks as a bundle (`validate`, references,
/// the merge rules) with the origin rules set aside, and remove it from `merge_pending` in the
/// same transaction. A record about a new person whose staff code was taken is merged onto the
/// person here with that code (the one it was held against), with that person's own held record
/// (the name and code it came with), which is settled too.
pub fn accept_pending(
    store: &mut Store,
    id: i64,
    pack: Option<&Pack>,
) -> std::result::Result<MergeSummary, AcceptError> {
    use crate::domain::bundle::{FORMAT, VERSION};
    let refused = |msg: Msg| AcceptError::Refused(Refusal::at(None, msg));
    let pending = match store.pending_record(id) {
        Ok(Some(p)) => p,
        Ok(None) => return Err(AcceptError::Unknown),
        Err(e) => return Err(refused(e.msg())),
    };
    let mut b = Bundle {
        format: FORMAT.to_string(),
        version: VERSION,
        exported_at: pending.found_at.clone(),
        source_db: pending.source_db.clone(),
        demo: false,
        units: Vec::new(),
        people: Vec::new(),
        lesson_progress: Vec::new(),
        course_completions: Vec::new(),
        attempts: Vec::new(),
        assessments: Vec::new(),
    };
    let bad = |e: serde_json::Error| refused(Msg::new("merge-bad-json").arg("detail", e));
    let json = &pending.record_json;
    // The person here the record is about, for a record whose own person is not here; returns
    // the record's own person when they are not here.
    let here = |person: &mut String| -> std::result::Result<Option<String>, AcceptError> {
        let known = store
            .person(person)
            .map_err(|e| refused(e.msg()))?
            .is_some();
        if known {
            return Ok(None);
        }
        let own = person.clone();
        if let Some(local) = &pending.person_id {
            *person = local.clone();
        }
        Ok(Some(own))
    };
    let person = match pending.kind.as_str() {
        "units" => {
            b.units.push(serde_json::from_str(json).map_err(bad)?);
            None
        }
        "assessments" => {
            // Held with its unit as known here (`merge::assessments`).
            b.assessments.push(serde_json::from_str(json).map_err(bad)?);
            None
        }
        "people" => {
            b.people.push(serde_json::from_str(json).map_err(bad)?);
            None
        }
        "attempts" => {
            let mut a: crate::domain::bundle::BundleAttempt =
                serde_json::from_str(json).map_err(bad)?;
            let person = here(&mut a.person_id)?;
            b.attempts.push(a);
            person
        }
        "lesson_progress" => {
            let mut p: crate::domain::bundle::BundleProgress =
                serde_json::from_str(json).map_err(bad)?;
            let person = here(&mut p.person_id)?;
            b.lesson_progress.push(p);
            person
        }
        "course_completions" => {
            let mut c: crate::domain::bundle::BundleCompletion =
                serde_json::from_str(json).map_err(bad)?;
            let person = here(&mut c.person_id)?;
            b.course_completions.push(c);
            person
        }
        other => return Err(refused(Msg::new("merge-bad-json").arg("detail", other))),
    };
    let mut settles = vec![id];
    // A record about a person who is only held (a new person whose staff code was taken) brings
    // that person's held record with it: accepting the one accepts the other, in one merge.
    if let Some(person) = person {
        let held_person = store
            .pending_person(&pending.source_db, &person)
            .map_err(|e| refused(e.msg()))?;
        if let Some(p) = held_person {
            b.people
                .push(serde_json::from_str(&p.record_json).map_err(bad)?);
            settles.push(p.id);
        }
    }
    let trust = MergeTrust {
        bundle: pending.bundle.clone(),
        settles,
        ..MergeTrust::default()
    };
    checked_merge(store, &b, pack, &trust).map_err(AcceptError::Refused)
}

/// Write the xAPI statements for the records `filter` selects to `w`, oldest first, as they are
/// read (`Store::stream_statement_sources`: the records are never all in memory; the bytes are
/// those of `xapi::to_json(&xapi_statements(…))`). The outer error is the database's, the inner
/// one the writer's; Ok(Ok(n)): n statements written.
pub fn write_xapi<W: std::io::Write + ?Sized>(
    store: &Store,
    pack: &Pack,
    filter: &BundleFilter,
    homepage: &str,
    w: &mut W,
) -> Result<std::io::Result<usize>> {
    let mut stream = xapi::StatementStream::new(w, pack, homepage);
    if let Err(e) = store.stream_statement_sources(filter, |s| stream.push(s))? {
        return Ok(Err(e));
    }
    Ok(stream.finish())
}

/// The xAPI statements for the records `filter` selects, oldest first.
pub fn xapi_statements(
    store: &Store,
    pack: &Pack,
    filter: &BundleFilter,
    homepage: &str,
) -> Result<Vec<Value>> {
    Ok(xapi::statements(
        &store.statement_records(filter)?,
        pack,
        homepage,
    ))
}

/// A reader that counts the bytes taken from it (a merge's progress through its file).
struct CountingReader<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

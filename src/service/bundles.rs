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
//! # Merging a file: two readings
//!
//! [`merge_file`] reads a format-2 file twice. Pass 1 verifies the whole stream
//! (`domain::signing::verify_stream`), on another thread while this thread runs
//! `PRAGMA quick_check` on the target. Pass 2 parses the records into a `Bundle` (hashing and
//! checking the signature again) and hands it to `Store::merge_bundle` only if its digest equals
//! pass 1's: the records merged are exactly the bytes that were verified, and a file changed
//! between the two readings is refused like a file changed on the way ("changed after export",
//! with the line). Format-1 files (unsigned) merge only with `unsigned: true`, and the caller
//! warns that nothing shows they were not changed.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::domain::bundle::{Bundle, BundleFilter};
use crate::domain::content::Pack;
use crate::domain::i18n::Msg;
use crate::domain::signing::{self, BundleError, KeyFingerprint, SignedBundle};
use crate::io::{bundle, keys, xapi};
use crate::store::merge::MergeSummary;
use crate::store::{Result, Store};

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

/// The records `filter` selects as a signed format-2 bundle written to `out`, signed with this
/// database's key from `key_dir` (made if there is none). Returns the bundle and what was
/// signed.
pub fn export_signed<W: Write>(
    store: &Store,
    filter: &BundleFilter,
    key_dir: &Path,
    out: W,
) -> std::result::Result<(Bundle, SignedBundle<W>, KeyFingerprint), Msg> {
    let b = store.bundle_records(filter).map_err(|e| e.msg())?;
    let (key, _) = keys::load_or_create(key_dir, &b.source_db)
        .map_err(|e| Msg::new("bundle-key-failed").arg("detail", e))?;
    let fingerprint = KeyFingerprint::of(&key.verifying_key());
    let signed = bundle::write_signed(&b, &key, out)
        .map_err(|e| Msg::new("bundle-write-failed").arg("detail", e))?;
    Ok((b, signed, fingerprint))
}

/// How a file is to be merged.
#[derive(Clone, Copy, Default)]
pub struct MergeOptions<'a> {
    /// Also merge format-1 (unsigned) files.
    pub unsigned: bool,
    /// The content pack the records are checked against (`domain::bundle::validate`); `None`
    /// skips those checks (no pack could be loaded).
    pub pack: Option<&'a Pack>,
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
        BundleError::Io(io) => Msg::new("merge-read-failed").arg("detail", io),
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

/// Merge one bundle file into `store`: each file all or nothing. See the module documentation
/// for the two readings.
pub fn merge_file(
    store: &mut Store,
    path: &Path,
    options: MergeOptions<'_>,
) -> std::result::Result<Merged, Refusal> {
    let open = || {
        File::open(path)
            .map(BufReader::new)
            .map_err(|e| Refusal::at(None, Msg::new("merge-read-failed").arg("detail", e)))
    };
    // Pass 1, beside the target's quick check.
    let reader = open()?;
    let (pass1, check) = std::thread::scope(|s| {
        let verifying = s.spawn(move || signing::verify_stream(reader));
        let check = store.quick_check();
        let pass1 = verifying.join().unwrap_or_else(|_| {
            Err(BundleError::Io(std::io::Error::other(
                "the verifying thread stopped",
            )))
        });
        (pass1, check)
    });
    match check {
        Ok(None) => {}
        Ok(Some(detail)) => {
            return Err(Refusal::at(
                None,
                Msg::new("store-corrupt")
                    .arg("path", store.path().display())
                    .arg("detail", detail),
            ))
        }
        Err(e) => return Err(Refusal::at(None, e.msg())),
    }
    let verified = match pass1 {
        Ok(v) => v,
        Err(BundleError::UnsignedFormat1) if options.unsigned => {
            return merge_format1(store, path, options.pack)
        }
        Err(e) => return Err(framing_refusal(&e)),
    };
    // Pass 2: parse what is merged, hashing again.
    let (b, again) = bundle::read_signed(open()?).map_err(|e| match e {
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
    })?;
    if again.digest != verified.digest || again.public_key != verified.public_key {
        let line = verified.records + 2;
        return Err(Refusal::at(
            Some(line),
            Msg::new("merge-changed-after-export").arg("line", line),
        ));
    }
    let summary = checked_merge(store, &b, options.pack)?;
    Ok(Merged {
        summary,
        signed_by: Some(KeyFingerprint::of(&verified.public_key)),
    })
}

/// `domain::bundle::validate`, then the merge: any problem refuses the whole bundle (the first
/// one is named: the record and the rule).
fn checked_merge(
    store: &mut Store,
    b: &Bundle,
    pack: Option<&Pack>,
) -> std::result::Result<MergeSummary, Refusal> {
    if let Some(pack) = pack {
        let problems = crate::domain::bundle::validate(b, pack);
        if let Some(p) = problems.first() {
            return Err(Refusal::at(
                None,
                Msg::new("merge-invalid")
                    .arg("record", &p.record)
                    .arg("rule", p.rule)
                    .arg("count", problems.len()),
            ));
        }
    }
    let summary = store
        .merge_bundle(b, false)
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
    let bytes = std::fs::read(path)
        .map_err(|e| Refusal::at(None, Msg::new("merge-read-failed").arg("detail", e)))?;
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
    let summary = checked_merge(store, &b, pack)?;
    Ok(Merged {
        summary,
        signed_by: None,
    })
}

/// Write the xAPI statements for the records `filter` selects to `w`, oldest first, one at a time
/// (the records are read first; the statements are never all in memory). The outer error is the
/// database's, the inner one the writer's; Ok(Ok(n)): n statements written.
pub fn write_xapi<W: std::io::Write + ?Sized>(
    store: &Store,
    pack: &Pack,
    filter: &BundleFilter,
    homepage: &str,
    w: &mut W,
) -> Result<std::io::Result<usize>> {
    let records = store.bundle_records(filter)?;
    Ok(xapi::write_json(w, &records, pack, homepage))
}

/// The xAPI statements for the records `filter` selects, oldest first.
pub fn xapi_statements(
    store: &Store,
    pack: &Pack,
    filter: &BundleFilter,
    homepage: &str,
) -> Result<Vec<Value>> {
    Ok(xapi::statements(
        &store.bundle_records(filter)?,
        pack,
        homepage,
    ))
}

//! Signed records bundles (format 2): the framing that lets a reader check, while streaming,
//! that a bundle is exactly what its source database exported — and the fingerprints people
//! read over the phone to tell one database's key from another. One module (about 780 lines,
//! most of it the format's documentation) because the writer and the reader share one framing.
//!
//! # The format
//!
//! A bundle is UTF-8 text, one JSON value per line, each line ending in `\n`:
//!
//! ```text
//! {"format":"danvan-records","version":2,"source_db":"<uuid>","exported_at":"2026-11-26T07:05:09Z","public_key":"<base64, 32 bytes>","demo":false}
//! {...one record...}
//! {...one record...}
//! {"danvan_signature":"<base64, 64 bytes>"}
//! ```
//!
//! - **Line 1, the header**: `format` is always `"danvan-records"`, `version` is 2, `source_db`
//!   the exporting database's id, `exported_at` an RFC 3339 time, `public_key` the exporting
//!   database's Ed25519 verifying key (standard base 64 with padding), `demo` whether it came
//!   from a demonstration database.
//! - **Records**: one compact JSON value per line, written by [`BundleSigner::write_record`]
//!   and handed back as raw text by [`BundleVerifier::next_record`], so the caller parses them
//!   into its own types. A record line never begins with `{"danvan_signature":` (the writer
//!   refuses one that would), so the trailer cannot be confused with a record.
//! - **The trailer**: the last line. Its signature is plain Ed25519 (RFC 8032 "pure" Ed25519,
//!   **not** Ed25519ph) by the header's key over the 81-byte message
//!   `"danvan-bundle-v2\0" ‖ SHA-512(every byte before the trailer line)` — that is, the 17-byte
//!   ASCII domain tag including its NUL, then the 64-byte digest of the header line, every
//!   record line and their newlines, exactly as stored. The trailer's own bytes are not
//!   covered; nothing may follow it (a final `\n` after it is optional).
//!
//! Because the digest is of the raw bytes, any change — a value, a space, a line ending turned
//! into `\r\n` by an editor — makes the signature fail: the bundle was changed after export.
//!
//! # What a valid signature means
//!
//! That the holder of the private key whose public half is in the header wrote these bytes.
//! It does **not** say that this key belongs to `source_db`: the caller decides that (pinning
//! the key on first use, or a key the trainer trusts in advance). Records handed out by
//! [`BundleVerifier::next_record`] are unverified until it returns `None` (the trailer checked):
//! read the file twice — once to verify, once to apply inside a transaction that commits only
//! if the second [`BundleDigest`] equals the first.
//!
//! Lines are bounded ([`MAX_LINE_BYTES`]), so reading takes memory for one line, not the file.

use std::fmt;
use std::io::{self, BufRead, Read, Write};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use self::digest::Digester;
use crate::base32;

mod digest;

/// The `format` field of every bundle's header.
pub const FORMAT: &str = "danvan-records";
/// The bundle version this module writes and reads.
pub const VERSION: u32 = 2;
/// The domain tag in front of the digest in the signed message (17 bytes, NUL included).
pub const SIGNATURE_DOMAIN: &[u8; 17] = b"danvan-bundle-v2\0";
/// The longest line (without its `\n`) a bundle may hold: 16 MiB.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;
/// How every trailer line starts (and no record line may).
const TRAILER_PREFIX: &[u8] = b"{\"danvan_signature\":";
/// Lines read after a lone `{` on line 1 when looking for a format-1 bundle's version.
const FORMAT1_PROBE_LINES: usize = 8;

/// The first line of a format-2 bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleHeader {
    pub format: String,
    pub version: u32,
    /// The exporting database's id.
    pub source_db: String,
    /// When the bundle was written (RFC 3339).
    pub exported_at: String,
    /// The exporting database's Ed25519 verifying key, standard base 64 (see
    /// [`public_key_to_text`]).
    pub public_key: String,
    /// Exported from a demonstration database.
    #[serde(default)]
    pub demo: bool,
}

/// What the exporter says about itself in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleSource<'a> {
    pub source_db: &'a str,
    /// RFC 3339, e.g. `2026-11-26T07:05:09Z`.
    pub exported_at: &'a str,
    pub demo: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Trailer {
    danvan_signature: String,
}

/// SHA-512 of every byte of a bundle before its trailer: what was signed (after the domain
/// tag), and what a second reading must find again.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct BundleDigest(pub [u8; 64]);

impl BundleDigest {
    pub fn as_bytes(&self) -> &[u8; 64] {
        &self.0
    }

    /// The message that is signed: the domain tag, then the digest.
    pub fn signed_message(&self) -> [u8; 81] {
        let mut message = [0u8; 81];
        message[..17].copy_from_slice(SIGNATURE_DOMAIN);
        message[17..].copy_from_slice(&self.0);
        message
    }
}

impl fmt::Debug for BundleDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BundleDigest(")?;
        for b in &self.0[..8] {
            write!(f, "{b:02x}")?;
        }
        write!(f, "…)")
    }
}

/// Why a bundle could not be written or read.
#[derive(Debug)]
pub enum BundleError {
    /// Reading or writing the stream failed.
    Io(io::Error),
    /// The file is not a danvan records bundle at all.
    NotABundle { reason: String },
    /// A format-1 bundle: the old, unsigned JSON document (read it with the format-1 reader,
    /// `--unsigned`, only when its path can be trusted).
    UnsignedFormat1,
    /// A version no danvan ever wrote (0, or not a whole number).
    UnknownVersion { found: String },
    /// A version written by a newer danvan.
    NewerVersion { found: u64 },
    /// A line longer than the limit.
    LineTooLong { line: u64, limit: usize },
    /// A line that breaks the framing (not UTF-8, blank, a bad header field, a bad trailer).
    Malformed { line: u64, reason: String },
    /// The file ends without a trailer: cut short (a copy interrupted, a full stick).
    Truncated { lines: u64 },
    /// The signature does not match the bytes: changed after export. `line` is the trailer's.
    ChangedAfterExport { line: u64 },
    /// Bytes after the trailer: changed after export.
    DataAfterTrailer { line: u64 },
    /// A record the writer refuses (cannot be serialized, too long, looks like a trailer).
    BadRecord { reason: String },
}

impl BundleError {
    /// The line the error is about, when it is about one.
    pub fn line(&self) -> Option<u64> {
        match self {
            BundleError::LineTooLong { line, .. }
            | BundleError::Malformed { line, .. }
            | BundleError::ChangedAfterExport { line }
            | BundleError::DataAfterTrailer { line } => Some(*line),
            _ => None,
        }
    }

    /// Whether the bundle was readable but its contents do not match its signature (the
    /// message to the user is then "changed after export").
    pub fn is_changed_after_export(&self) -> bool {
        matches!(
            self,
            BundleError::ChangedAfterExport { .. } | BundleError::DataAfterTrailer { .. }
        )
    }
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::Io(e) => write!(f, "{e}"),
            BundleError::NotABundle { reason } => {
                write!(f, "not a danvan records bundle ({reason})")
            }
            BundleError::UnsignedFormat1 => write!(
                f,
                "this is a format 1 records bundle, the old unsigned format: nothing shows it was not changed on the way"
            ),
            BundleError::UnknownVersion { found } => write!(
                f,
                "records bundle version {found} is not one that danvan writes (this one reads version {VERSION})"
            ),
            BundleError::NewerVersion { found } => write!(
                f,
                "records bundle version {found} was written by a newer danvan (this one reads version {VERSION})"
            ),
            BundleError::LineTooLong { line, limit } => write!(
                f,
                "line {line} is longer than {} MiB, more than any danvan bundle holds",
                limit / (1024 * 1024)
            ),
            BundleError::Malformed { line, reason } => write!(f, "line {line}: {reason}"),
            BundleError::Truncated { lines } => write!(
                f,
                "the bundle ends after line {lines} without its signature: it was cut short"
            ),
            BundleError::ChangedAfterExport { line } => write!(
                f,
                "the bundle was changed after export: its signature (line {line}) does not match its contents"
            ),
            BundleError::DataAfterTrailer { line } => write!(
                f,
                "the bundle was changed after export: line {line} follows its signature"
            ),
            BundleError::BadRecord { reason } => write!(f, "record not written: {reason}"),
        }
    }
}

impl std::error::Error for BundleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BundleError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for BundleError {
    fn from(e: io::Error) -> Self {
        BundleError::Io(e)
    }
}

/// A verifying key as text: standard base 64 of its 32 bytes (44 characters).
pub fn public_key_to_text(key: &VerifyingKey) -> String {
    BASE64.encode(key.as_bytes())
}

/// A verifying key from [`public_key_to_text`]'s form; `None` if it is not 32 bytes of base 64
/// or not a valid Ed25519 point.
pub fn public_key_from_text(text: &str) -> Option<VerifyingKey> {
    let bytes = BASE64.decode(text.trim()).ok()?;
    let bytes: [u8; 32] = bytes.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Writes a signed bundle to a stream: the header on creation, one record per
/// [`write_record`](Self::write_record), the trailer on [`finish`](Self::finish). Holds one
/// record's bytes at a time. Dropping it without `finish` leaves a bundle that readers refuse as
/// truncated.
pub struct BundleSigner<W: Write> {
    out: W,
    hasher: Digester,
    key: SigningKey,
    records: u64,
}

/// What [`BundleSigner::finish`] hands back.
#[derive(Debug)]
pub struct SignedBundle<W> {
    pub out: W,
    pub digest: BundleDigest,
    pub signature: Signature,
    pub records: u64,
}

impl<W: Write> BundleSigner<W> {
    /// Writes the header line.
    pub fn new(out: W, key: &SigningKey, source: &BundleSource<'_>) -> Result<Self, BundleError> {
        let header = BundleHeader {
            format: FORMAT.to_string(),
            version: VERSION,
            source_db: source.source_db.to_string(),
            exported_at: source.exported_at.to_string(),
            public_key: public_key_to_text(&key.verifying_key()),
            demo: source.demo,
        };
        if let Err(reason) = check_header_fields(&header) {
            return Err(BundleError::BadRecord { reason });
        }
        let mut signer = BundleSigner {
            out,
            hasher: Digester::new(),
            key: key.clone(),
            records: 0,
        };
        let line = serde_json::to_vec(&header).map_err(|e| BundleError::BadRecord {
            reason: e.to_string(),
        })?;
        signer.write_line(&line)?;
        Ok(signer)
    }

    /// Writes one record as a line of compact JSON.
    pub fn write_record<T: Serialize + ?Sized>(&mut self, record: &T) -> Result<(), BundleError> {
        let line = serde_json::to_vec(record).map_err(|e| BundleError::BadRecord {
            reason: e.to_string(),
        })?;
        if line.len() > MAX_LINE_BYTES {
            return Err(BundleError::BadRecord {
                reason: format!(
                    "it is {} bytes, more than the {MAX_LINE_BYTES} a bundle line may hold",
                    line.len()
                ),
            });
        }
        if line.starts_with(TRAILER_PREFIX) {
            return Err(BundleError::BadRecord {
                reason: "a record may not begin with the signature's field".to_string(),
            });
        }
        self.write_line(&line)?;
        self.records += 1;
        Ok(())
    }

    /// Records written so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Signs what was written, writes the trailer line and flushes.
    pub fn finish(mut self) -> Result<SignedBundle<W>, BundleError> {
        let digest = BundleDigest(self.hasher.finalize());
        let signature = self.key.sign(&digest.signed_message());
        let trailer = Trailer {
            danvan_signature: BASE64.encode(signature.to_bytes()),
        };
        let mut line = serde_json::to_vec(&trailer).map_err(|e| BundleError::BadRecord {
            reason: e.to_string(),
        })?;
        line.push(b'\n');
        self.out.write_all(&line)?;
        self.out.flush()?;
        Ok(SignedBundle {
            out: self.out,
            digest,
            signature,
            records: self.records,
        })
    }

    fn write_line(&mut self, line: &[u8]) -> Result<(), BundleError> {
        self.hasher.update(line);
        self.hasher.update(b"\n");
        self.out.write_all(line)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// One record line, as stored (without its `\n`), and its line number (the header is line 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordLine<'a> {
    pub line: u64,
    pub json: &'a str,
}

/// A bundle read to its end whose signature matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedBundle {
    pub header: BundleHeader,
    pub public_key: VerifyingKey,
    pub digest: BundleDigest,
    pub signature: Signature,
    pub records: u64,
}

/// Reads a signed bundle line by line, hashing as it goes; checks the signature at the
/// trailer. See the module documentation for what to do with records before that.
pub struct BundleVerifier<R: BufRead> {
    reader: R,
    max_line: usize,
    hasher: Digester,
    header: BundleHeader,
    public_key: VerifyingKey,
    line: Vec<u8>,
    line_no: u64,
    records: u64,
    verified: Option<(BundleDigest, Signature)>,
}

impl<R: BufRead> BundleVerifier<R> {
    /// Reads and checks the header line (format, version, fields).
    pub fn new(reader: R) -> Result<Self, BundleError> {
        Self::with_max_line(reader, MAX_LINE_BYTES)
    }

    /// Like [`new`](Self::new) with another line limit (for tests and tight places).
    pub fn with_max_line(reader: R, max_line: usize) -> Result<Self, BundleError> {
        let mut verifier = BundleVerifier {
            reader,
            max_line,
            hasher: Digester::new(),
            header: BundleHeader {
                format: String::new(),
                version: 0,
                source_db: String::new(),
                exported_at: String::new(),
                public_key: String::new(),
                demo: false,
            },
            public_key: VerifyingKey::default(),
            line: Vec::new(),
            line_no: 0,
            records: 0,
            verified: None,
        };
        verifier.read_header()?;
        Ok(verifier)
    }

    pub fn header(&self) -> &BundleHeader {
        &self.header
    }

    /// The key the header names (valid point, not yet shown to have signed anything).
    pub fn public_key(&self) -> &VerifyingKey {
        &self.public_key
    }

    /// The next record, or `None` once the trailer was read and the signature matched.
    pub fn next_record(&mut self) -> Result<Option<RecordLine<'_>>, BundleError> {
        if self.verified.is_some() {
            return Ok(None);
        }
        if !self.read_line()? {
            return Err(BundleError::Truncated {
                lines: self.line_no,
            });
        }
        if self.line.starts_with(TRAILER_PREFIX) {
            self.check_trailer()?;
            return Ok(None);
        }
        self.hasher.update(&self.line);
        self.records += 1;
        let line = self.line_no;
        let json = self.line_text()?;
        if json.trim().is_empty() {
            return Err(BundleError::Malformed {
                line,
                reason: "a blank line (danvan writes none)".to_string(),
            });
        }
        Ok(Some(RecordLine { line, json }))
    }

    /// Reads whatever records are left and returns the verified bundle.
    pub fn finish(mut self) -> Result<VerifiedBundle, BundleError> {
        while self.next_record()?.is_some() {}
        let (digest, signature) = match self.verified {
            Some(v) => v,
            None => {
                return Err(BundleError::Truncated {
                    lines: self.line_no,
                })
            }
        };
        Ok(VerifiedBundle {
            header: self.header,
            public_key: self.public_key,
            digest,
            signature,
            records: self.records,
        })
    }

    /// Reads one line into `self.line` (with its `\n`, if any); `false` at the end.
    fn read_line(&mut self) -> Result<bool, BundleError> {
        self.line.clear();
        let allowed = self.max_line + 1; // the line and its newline
        let read =
            Read::take(&mut self.reader, allowed as u64 + 1).read_until(b'\n', &mut self.line)?;
        if read == 0 {
            return Ok(false);
        }
        self.line_no += 1;
        let content = self.line.len() - usize::from(self.line.ends_with(b"\n"));
        if content > self.max_line {
            return Err(BundleError::LineTooLong {
                line: self.line_no,
                limit: self.max_line,
            });
        }
        Ok(true)
    }

    /// The current line as text, without its line ending.
    fn line_text(&self) -> Result<&str, BundleError> {
        let bytes = self.line.strip_suffix(b"\n").unwrap_or(&self.line);
        std::str::from_utf8(bytes).map_err(|e| BundleError::Malformed {
            line: self.line_no,
            reason: format!("not UTF-8 text (byte {})", e.valid_up_to() + 1),
        })
    }

    fn read_header(&mut self) -> Result<(), BundleError> {
        if !self.read_line().map_err(|e| match e {
            BundleError::LineTooLong { .. } => BundleError::NotABundle {
                reason: "its first line is too long to be a header".to_string(),
            },
            other => other,
        })? {
            return Err(BundleError::NotABundle {
                reason: "the file is empty".to_string(),
            });
        }
        let text = match self.line_text() {
            Ok(t) => t.trim().to_string(),
            Err(_) => {
                return Err(BundleError::NotABundle {
                    reason: "it is not text".to_string(),
                })
            }
        };
        if text == "{" {
            // A pretty-printed JSON document: format 1 writes `{` alone, then one field a line.
            return Err(self.probe_pretty_document());
        }
        #[derive(Deserialize)]
        struct Probe {
            format: Option<serde_json::Value>,
            version: Option<serde_json::Value>,
        }
        let probe: Probe = serde_json::from_str(&text).map_err(|_| BundleError::NotABundle {
            reason: "its first line is not a JSON header".to_string(),
        })?;
        classify(probe.format.as_ref(), probe.version.as_ref())?;
        let header: BundleHeader =
            serde_json::from_str(&text).map_err(|e| BundleError::Malformed {
                line: 1,
                reason: format!("header: {e}"),
            })?;
        check_header_fields(&header)
            .map_err(|reason| BundleError::Malformed { line: 1, reason })?;
        self.public_key =
            public_key_from_text(&header.public_key).ok_or_else(|| BundleError::Malformed {
                line: 1,
                reason: "header: public_key is not an Ed25519 public key".to_string(),
            })?;
        self.header = header;
        self.hasher.update(&self.line);
        Ok(())
    }

    /// After a lone `{` on line 1: find the document's `format` and `version` in the next
    /// few lines and say what it is. Always an error (format 2 has no such first line).
    fn probe_pretty_document(&mut self) -> BundleError {
        let mut format = None;
        let mut version = None;
        for _ in 0..FORMAT1_PROBE_LINES {
            match self.read_line() {
                Ok(true) => {}
                _ => break,
            }
            let Ok(text) = self.line_text() else { break };
            let field = text.trim().trim_end_matches(',');
            let Ok(serde_json::Value::Object(map)) =
                serde_json::from_str::<serde_json::Value>(&format!("{{{field}}}"))
            else {
                continue;
            };
            if let Some(v) = map.get("format") {
                format = Some(v.clone());
            }
            if let Some(v) = map.get("version") {
                version = Some(v.clone());
            }
            if format.is_some() && version.is_some() {
                break;
            }
        }
        match classify(format.as_ref(), version.as_ref()) {
            Err(e) => e,
            Ok(()) => BundleError::NotABundle {
                reason: "a version 2 bundle keeps its header on one line".to_string(),
            },
        }
    }

    fn check_trailer(&mut self) -> Result<(), BundleError> {
        let line = self.line_no;
        let text = self.line_text()?.trim_end_matches('\r');
        let trailer: Trailer = serde_json::from_str(text).map_err(|_| BundleError::Malformed {
            line,
            reason: "the signature line is damaged".to_string(),
        })?;
        let signature = BASE64
            .decode(trailer.danvan_signature.as_bytes())
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
            .map(|b| Signature::from_bytes(&b))
            .ok_or(BundleError::ChangedAfterExport { line })?;
        let digest = BundleDigest(self.hasher.finalize());
        self.public_key
            .verify_strict(&digest.signed_message(), &signature)
            .map_err(|_| BundleError::ChangedAfterExport { line })?;
        // Nothing may follow the trailer.
        if self.read_line()? {
            return Err(BundleError::DataAfterTrailer { line: self.line_no });
        }
        self.verified = Some((digest, signature));
        Ok(())
    }
}

/// Reads a whole bundle without looking at its records: the first of the two readings.
pub fn verify_stream<R: BufRead>(reader: R) -> Result<VerifiedBundle, BundleError> {
    BundleVerifier::new(reader)?.finish()
}

/// What `format` and `version` say, before the rest of the header is read.
fn classify(
    format: Option<&serde_json::Value>,
    version: Option<&serde_json::Value>,
) -> Result<(), BundleError> {
    match format.and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(BundleError::NotABundle {
                reason: format!("its format is {other:?}"),
            })
        }
        None => {
            return Err(BundleError::NotABundle {
                reason: "it has no format field".to_string(),
            })
        }
    }
    let Some(version) = version else {
        return Err(BundleError::NotABundle {
            reason: "it has no version field".to_string(),
        });
    };
    match version.as_u64() {
        Some(1) => Err(BundleError::UnsignedFormat1),
        Some(2) => Ok(()),
        Some(n) if n > 2 => Err(BundleError::NewerVersion { found: n }),
        _ => Err(BundleError::UnknownVersion {
            found: version.to_string(),
        }),
    }
}

/// The checks a header's fields pass on writing and on reading.
fn check_header_fields(header: &BundleHeader) -> Result<(), String> {
    if header.format != FORMAT || header.version != VERSION {
        return Err("header: wrong format or version".to_string());
    }
    let id = &header.source_db;
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_graphic()) {
        return Err(format!(
            "header: source_db {id:?} is not a database id (1 to 64 visible ASCII characters)"
        ));
    }
    if time::OffsetDateTime::parse(
        &header.exported_at,
        &time::format_description::well_known::Rfc3339,
    )
    .is_err()
    {
        return Err(format!(
            "header: exported_at {:?} is not an RFC 3339 time",
            header.exported_at
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Fingerprints

/// The first 160 bits of SHA-256 of a verifying key's 32 bytes: what a trainer reads over the
/// phone to tell keys apart. Shown as 8 groups of 4 Crockford base-32 symbols
/// (`7K2M-9QXD-4HJ8-PZT3-WA0B-C5EF-GHJK-MN6P`); read back case-insensitively, with or without
/// hyphens or spaces.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyFingerprint([u8; 20]);

/// Why a typed fingerprint was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FingerprintError {
    /// A character that is neither a symbol nor a separator.
    BadCharacter { character: char },
    /// Not 32 symbols.
    WrongLength { symbols: usize },
}

impl fmt::Display for FingerprintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FingerprintError::BadCharacter { character } => write!(
                f,
                "{character:?} is not in a key fingerprint (digits and letters except I, L, O, U)"
            ),
            FingerprintError::WrongLength { symbols } => write!(
                f,
                "a key fingerprint has 32 letters and digits (8 groups of 4), not {symbols}"
            ),
        }
    }
}

impl std::error::Error for FingerprintError {}

impl KeyFingerprint {
    /// Symbols in a fingerprint (160 bits, 5 bits each).
    pub const SYMBOLS: usize = 32;

    pub fn of(key: &VerifyingKey) -> Self {
        let hash = Sha256::digest(key.as_bytes());
        let mut bytes = [0u8; 20];
        bytes.copy_from_slice(&hash[..20]);
        KeyFingerprint(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// Reads a fingerprint as a person types it.
    pub fn parse(text: &str) -> Result<Self, FingerprintError> {
        let mut values = Vec::with_capacity(Self::SYMBOLS);
        for character in text.chars() {
            if character == '-' || character.is_whitespace() {
                continue;
            }
            match base32::value(character) {
                Some(v) => values.push(v),
                None => return Err(FingerprintError::BadCharacter { character }),
            }
        }
        if values.len() != Self::SYMBOLS {
            return Err(FingerprintError::WrongLength {
                symbols: values.len(),
            });
        }
        let bytes = base32::decode_values(&values);
        let mut out = [0u8; 20];
        out.copy_from_slice(&bytes[..20]);
        Ok(KeyFingerprint(out))
    }
}

impl fmt::Display for KeyFingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let symbols = base32::encode_bits(&self.0, Self::SYMBOLS);
        for (i, group) in symbols.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            f.write_str(std::str::from_utf8(group).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

impl fmt::Debug for KeyFingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyFingerprint({self})")
    }
}

impl std::str::FromStr for KeyFingerprint {
    type Err = FingerprintError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KeyFingerprint::parse(s)
    }
}

#[cfg(test)]
mod tests;

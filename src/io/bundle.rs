//! The records bundle as a file: a versioned JSON file of a database's training records and yearly
//! self-assessments, for units that work offline and send their records as files.
//!
//! ```json
//! { "format": "danvan-records", "version": 1, "exported_at": "2026-11-26T07:05:09Z",
//!   "source_db": "<uuid>", "demo": false, "units": [...], "people": [...],
//!   "lesson_progress": [...], "course_completions": [...],
//!   "attempts": [ {..., "answers": [...] } ],
//!   "assessments": [ {..., "answers": [...], "evidence_files": [...], "versions": [...] } ] }
//! ```
//!
//! Every record carries its key: units, people, attempts, assessments and finalized versions
//! their UUIDs; lesson progress its person, course and lesson; answers their attempt and
//! position. Timestamps are ISO 8601 in UTC, as stored. Records are written in a fixed order (by
//! key), so exporting twice gives the same bytes apart from `exported_at`.
//!
//! Reading checks every value as it goes (UUIDs, timestamps, kinds, statuses: the checks sit on
//! the rows in `domain::bundle`), so a bad value is reported with its line and column like a
//! syntax error; `Store::merge_bundle` then checks what only the database can tell (references,
//! duplicates).
//!
//! # Format 2: signed, one record a line
//!
//! `danvan export --format json` writes format 2 ([`write_signed`]): the framing of
//! `domain::signing` (a header line, one JSON record per line, a trailer line with an Ed25519
//! signature over `"danvan-bundle-v2\0"` ‖ SHA-512 of every preceding byte; pure Ed25519, not
//! Ed25519ph). Each record line is one row of `domain::bundle`, tagged by `"record"`:
//!
//! ```text
//! {"record":"unit", ...BundleUnit}          units, parents first as stored
//! {"record":"person", ...BundlePerson}
//! {"record":"lesson", ...BundleProgress}     lesson progress
//! {"record":"completion", ...BundleCompletion}
//! {"record":"attempt", ...BundleAttempt}    with its "answers" inside
//! {"record":"assessment", ...BundleAssessment} with its answers, evidence files, versions
//! ```
//!
//! in that order (the order of the format-1 arrays). [`read_signed`] reads them back into a
//! [`Bundle`] whose `version` is the row format's ([`crate::domain::bundle::VERSION`]), checking
//! each value as format 1 does, and checking the signature at the trailer: a record is only
//! trusted once the whole file has been read. Format 1 ([`from_json`]) stays for `--unsigned`.

use std::io::{BufRead, Write};

use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

use crate::domain::bundle::{
    Bundle, BundleAssessment, BundleAttempt, BundleCompletion, BundlePerson, BundleProgress,
    BundleRecord, BundleUnit, FORMAT, VERSION,
};
use crate::domain::signing::{
    BundleError, BundleSigner, BundleSource, BundleVerifier, RecordLine, SignedBundle,
    VerifiedBundle,
};

/// Why a file could not be read as a bundle, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based; 0 when the error has no position.
    pub line: usize,
    /// 1-based column (in characters) on that line.
    pub column: usize,
    /// The file ends before the bundle does (cut short, or copied only in part).
    pub truncated: bool,
    /// What is wrong, without the position.
    pub detail: String,
}

/// Read a bundle, checking its values as it goes.
pub fn from_json(text: &str) -> std::result::Result<Bundle, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(parse_error)
}

/// Read a bundle from a file or any reader as a stream (the text is never held whole), checking
/// its values as it goes: the same bundle and the same errors as [`from_json`] on its text (a bad
/// value's column may be one character further on: the reader has looked at the next one). A
/// reader that fails is reported as an error without a position; bytes that are not UTF-8 are
/// reported at their line and column.
pub fn from_reader(r: impl std::io::Read) -> std::result::Result<Bundle, ParseError> {
    use std::io::BufRead;
    let mut r = std::io::BufReader::with_capacity(1 << 16, r);
    // A byte-order mark (3 bytes) in front of the text is skipped, as `from_json` does.
    let bom = loop {
        match r.fill_buf() {
            Ok(buf) => break buf.starts_with("\u{feff}".as_bytes()),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(ParseError {
                    line: 0,
                    column: 0,
                    truncated: false,
                    detail: e.to_string(),
                })
            }
        }
    };
    if bom {
        r.consume(3);
    }
    serde_json::from_reader(r).map_err(parse_error)
}

fn parse_error(e: serde_json::Error) -> ParseError {
    let detail = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let detail = detail
        .strip_suffix(&suffix)
        .map(str::to_string)
        .unwrap_or(detail);
    ParseError {
        line: e.line(),
        column: e.column(),
        truncated: e.is_eof(),
        detail,
    }
}

/// The bundle as JSON: indented (so an error's line and column point somewhere readable), with a
/// final newline.
pub fn to_json(b: &Bundle) -> String {
    let mut s = serde_json::to_string_pretty(b).unwrap_or_default();
    s.push('\n');
    s
}

/// One record line of a format-2 bundle, as written.
#[derive(Serialize)]
#[serde(tag = "record", rename_all = "snake_case")]
enum RecordOut<'a> {
    Unit(&'a BundleUnit),
    Person(&'a BundlePerson),
    Lesson(&'a BundleProgress),
    Completion(&'a BundleCompletion),
    Attempt(&'a BundleAttempt),
    Assessment(&'a BundleAssessment),
}

/// One record line of a format-2 bundle, as read (each value checked).
#[derive(Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
enum RecordIn {
    Unit(BundleUnit),
    Person(BundlePerson),
    Lesson(BundleProgress),
    Completion(BundleCompletion),
    Attempt(BundleAttempt),
    Assessment(BundleAssessment),
}

/// Write `b` as a signed format-2 bundle with `key`.
pub fn write_signed<W: Write>(
    b: &Bundle,
    key: &SigningKey,
    out: W,
) -> std::result::Result<SignedBundle<W>, BundleError> {
    let source = BundleSource {
        source_db: &b.source_db,
        exported_at: &b.exported_at,
        demo: b.demo,
    };
    let mut w = BundleSigner::new(out, key, &source)?;
    for r in &b.units {
        w.write_record(&RecordOut::Unit(r))?;
    }
    for r in &b.people {
        w.write_record(&RecordOut::Person(r))?;
    }
    for r in &b.lesson_progress {
        w.write_record(&RecordOut::Lesson(r))?;
    }
    for r in &b.course_completions {
        w.write_record(&RecordOut::Completion(r))?;
    }
    for r in &b.attempts {
        w.write_record(&RecordOut::Attempt(r))?;
    }
    for r in &b.assessments {
        w.write_record(&RecordOut::Assessment(r))?;
    }
    w.finish()
}

/// Write one record line of a format-2 bundle, as [`write_signed`] writes it: for a bundle
/// streamed from the database record by record (`Store::stream_bundle_records`), the same bytes.
pub fn write_record<W: Write>(
    w: &mut BundleSigner<W>,
    r: &BundleRecord,
) -> std::result::Result<(), BundleError> {
    match r {
        BundleRecord::Unit(r) => w.write_record(&RecordOut::Unit(r)),
        BundleRecord::Person(r) => w.write_record(&RecordOut::Person(r)),
        BundleRecord::Lesson(r) => w.write_record(&RecordOut::Lesson(r)),
        BundleRecord::Completion(r) => w.write_record(&RecordOut::Completion(r)),
        BundleRecord::Attempt(r) => w.write_record(&RecordOut::Attempt(r)),
        BundleRecord::Assessment(r) => w.write_record(&RecordOut::Assessment(r)),
    }
}

/// Why a format-2 bundle could not be read.
#[derive(Debug)]
pub enum SignedReadError {
    /// The framing or the signature (see `domain::signing::BundleError`).
    Framing(BundleError),
    /// A record line whose value is not what it should be.
    Record {
        line: u64,
        column: usize,
        detail: String,
    },
}

/// One record line of a format-2 bundle, each value checked (as [`read_signed`] reads it; for a
/// bundle merged as a stream, record by record).
pub fn parse_record(rec: &RecordLine<'_>) -> std::result::Result<BundleRecord, SignedReadError> {
    if let Some(Ok(record)) = parse_direct(rec.json) {
        return Ok(record);
    }
    let parsed: RecordIn = serde_json::from_str(rec.json).map_err(|e| SignedReadError::Record {
        line: rec.line,
        column: e.column(),
        detail: {
            let d = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            d.strip_suffix(&suffix).map(str::to_string).unwrap_or(d)
        },
    })?;
    Ok(match parsed {
        RecordIn::Unit(r) => BundleRecord::Unit(r),
        RecordIn::Person(r) => BundleRecord::Person(r),
        RecordIn::Lesson(r) => BundleRecord::Lesson(r),
        RecordIn::Completion(r) => BundleRecord::Completion(r),
        RecordIn::Attempt(r) => BundleRecord::Attempt(r),
        RecordIn::Assessment(r) => BundleRecord::Assessment(r),
    })
}

/// A record line as danvan writes it (the tag first): its row read straight from the text,
/// the tag skipped as a field the row does not know. The tagged enum would first copy the
/// whole line into serde's buffer to find the tag. None for another shape; an error is read
/// again through the enum, so a bad line is reported as it always was.
fn parse_direct(json: &str) -> Option<serde_json::Result<BundleRecord>> {
    let rest = json.strip_prefix("{\"record\":\"")?;
    let (tag, rest) = rest.split_once('"')?;
    // The tag once: a second one would be refused by the enum.
    if rest.contains("\"record\"") {
        return None;
    }
    Some(match tag {
        "unit" => serde_json::from_str(json).map(BundleRecord::Unit),
        "person" => serde_json::from_str(json).map(BundleRecord::Person),
        "lesson" => serde_json::from_str(json).map(BundleRecord::Lesson),
        "completion" => serde_json::from_str(json).map(BundleRecord::Completion),
        "attempt" => serde_json::from_str(json).map(BundleRecord::Attempt),
        "assessment" => serde_json::from_str(json).map(BundleRecord::Assessment),
        _ => return None,
    })
}

/// Read a signed format-2 bundle into a [`Bundle`], checking every value and, at the end, the
/// signature. Nothing read is to be used unless this returns `Ok`.
pub fn read_signed<R: BufRead>(
    reader: R,
) -> std::result::Result<(Bundle, VerifiedBundle), SignedReadError> {
    let mut v = BundleVerifier::new(reader).map_err(SignedReadError::Framing)?;
    let h = v.header().clone();
    let mut b = Bundle {
        format: FORMAT.to_string(),
        version: VERSION,
        exported_at: h.exported_at.clone(),
        source_db: h.source_db.clone(),
        demo: h.demo,
        units: vec![],
        people: vec![],
        lesson_progress: vec![],
        course_completions: vec![],
        attempts: vec![],
        assessments: vec![],
    };
    while let Some(rec) = v.next_record().map_err(SignedReadError::Framing)? {
        match parse_record(&rec)? {
            BundleRecord::Unit(r) => b.units.push(r),
            BundleRecord::Person(r) => b.people.push(r),
            BundleRecord::Lesson(r) => b.lesson_progress.push(r),
            BundleRecord::Completion(r) => b.course_completions.push(r),
            BundleRecord::Attempt(r) => b.attempts.push(r),
            BundleRecord::Assessment(r) => b.assessments.push(r),
        }
    }
    let verified = v.finish().map_err(SignedReadError::Framing)?;
    Ok((b, verified))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_value_is_reported_at_its_place() {
        let text = "{\n  \"format\": \"danvan-records\",\n  \"version\": 1,\n  \"exported_at\": \"yesterday\",\n  \"source_db\": \"x\"\n}";
        let e = from_json(text).unwrap_err();
        assert_eq!((e.line, e.truncated), (4, false), "{e:?}");
        assert!(e.detail.contains("yesterday"), "{e:?}");
        let e = from_json("{\"format\": \"danvan-records\", \"version\": 2}").unwrap_err();
        assert!(e.detail.contains("version 2"), "{e:?}");
        let e = from_json("{\"format\": \"danvan-rec").unwrap_err();
        assert!(e.truncated, "{e:?}");
    }

    #[test]
    fn a_stream_reads_as_the_text_does() {
        let b = from_json(
            "{\"format\": \"danvan-records\", \"version\": 1, \"exported_at\": \"2026-11-26T07:05:09Z\", \"source_db\": \"db\"}",
        )
        .unwrap();
        let text = to_json(&b);
        assert_eq!(from_reader(text.as_bytes()).unwrap(), b);
        let with_bom = format!("\u{feff}{text}");
        assert_eq!(from_reader(with_bom.as_bytes()).unwrap(), b);
        for bad in [
            "{\n  \"format\": \"danvan-records\",\n  \"version\": 1,\n  \"exported_at\": \"yesterday\",\n  \"source_db\": \"x\"\n}",
            "{\"format\": \"danvan-rec",
        ] {
            let (a, b) = (from_reader(bad.as_bytes()).unwrap_err(), from_json(bad).unwrap_err());
            assert_eq!((a.line, a.truncated, &a.detail), (b.line, b.truncated, &b.detail));
            assert!(a.column.abs_diff(b.column) <= 1, "{a:?} {b:?}");
        }
    }
}

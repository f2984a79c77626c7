//! Certificates as officials and trainers ask for them: find the official, read the completion
//! record, sign it with this database's key and store it ([`issue`]; the layouts are in
//! [`crate::io::certificate`]), and check a printed code against the stored certificates
//! ([`verify`]) or a QR code's text on its own ([`verify_qr`]).
//!
//! # What is trusted
//!
//! A certificate is the payload of `domain::certificate_code` signed with the issuing
//! database's Ed25519 key, which lives in the keys folder, not in the database: a completion
//! typed into the database with another tool has no certificate row, and no row can be made
//! for it without the key file. A stored certificate is valid when its signature checks with
//! the public key stored beside it, that key is one [`issuer_is_known`] accepts, and the record
//! still says what the payload says.

use std::path::Path;

use ed25519_dalek::{Signature, VerifyingKey};

use crate::domain::certificate_code::{
    parse_qr_text, permille_from_percent, qr_text, sign_payload, verify_payload, CertificateCode,
    CertificatePayload, Mistyped,
};
use crate::domain::content::Pack;
use crate::domain::i18n::{I18n, Lang, Msg};
use crate::domain::people::Person;
use crate::domain::signing::{public_key_from_text, public_key_to_text, KeyFingerprint};
use crate::io::certificate::{html, is_old_format_code, printable, CertificateData};
use crate::io::keys::{self, PublicKeyFile};
use crate::store::certificates::{CompletionRecord, IssuedCertificate};
use crate::store::{Store, StoreError};

/// Why a certificate could not be made or checked.
#[derive(Debug)]
pub enum CertificateError {
    /// No official with this staff code (or id).
    UnknownPerson(String),
    /// No course with this id, in the pack or in the records.
    UnknownCourse(String),
    /// The official has not completed the course.
    NotCompleted {
        name: String,
        course: String,
    },
    /// The record cannot be signed as it is (a field too long for a certificate).
    Unsignable(String),
    /// The key folder is unknown or its key cannot be read or made.
    Key(String),
    Store(StoreError),
}

impl CertificateError {
    pub fn msg(&self) -> Msg {
        match self {
            CertificateError::UnknownPerson(code) => {
                Msg::new("cert-unknown-person").arg("code", code)
            }
            CertificateError::UnknownCourse(id) => {
                Msg::new("cert-unknown-course").arg("course", id)
            }
            CertificateError::NotCompleted { name, course } => Msg::new("cert-not-completed")
                .arg("name", name)
                .arg("course", course),
            CertificateError::Unsignable(detail) => {
                Msg::new("cert-unsignable").arg("detail", detail)
            }
            CertificateError::Key(detail) => Msg::new("cert-key-failed").arg("detail", detail),
            CertificateError::Store(e) => e.msg(),
        }
    }
}

impl std::fmt::Display for CertificateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let m = self.msg();
        write!(f, "{}", m.id)?;
        for (k, v) in m.args {
            write!(f, " {k}={v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CertificateError {}

impl From<StoreError> for CertificateError {
    fn from(e: StoreError) -> Self {
        CertificateError::Store(e)
    }
}

/// The keys folder, or the error that there is none.
pub fn key_dir() -> Result<std::path::PathBuf, CertificateError> {
    crate::service::bundles::key_dir()
        .ok_or_else(|| CertificateError::Key("no local data folder for the keys".to_string()))
}

/// The official named by a staff code, or by a person id when no staff code matches.
pub fn find_person(store: &Store, key: &str) -> Result<Option<Person>, CertificateError> {
    if let Some(p) = store.person_by_staff_code(key)? {
        return Ok(Some(p));
    }
    Ok(store.person(key.trim())?)
}

fn course_title(pack: &Pack, course_id: &str, lang: Lang) -> String {
    pack.course(course_id)
        .map(|c| c.title.get(lang).to_string())
        .unwrap_or_else(|| course_id.to_string())
}

/// What a certificate shows of a completion record, not yet signed (no code, no QR text).
fn record_data(
    store: &Store,
    pack: &Pack,
    lang: Lang,
    person_id: &str,
    course_id: &str,
) -> Result<CertificateData, CertificateError> {
    let person = store
        .person(person_id)?
        .ok_or_else(|| CertificateError::UnknownPerson(person_id.to_string()))?;
    let row = store.completion_record(&person.id, course_id)?;
    let Some(CompletionRecord {
        course_version,
        completed_at,
        best_percent,
    }) = row
    else {
        if pack.course(course_id).is_none() {
            return Err(CertificateError::UnknownCourse(course_id.to_string()));
        }
        return Err(CertificateError::NotCompleted {
            name: person.full_name,
            course: course_title(pack, course_id, lang),
        });
    };
    let unit = match &person.unit_id {
        Some(id) => store.unit(id)?,
        None => None,
    };
    Ok(CertificateData {
        person_id: person.id,
        full_name: person.full_name,
        staff_code: person.staff_code,
        position: person.position,
        unit,
        course_id: course_id.to_string(),
        course_version,
        course_title: course_title(pack, course_id, lang),
        completed_at,
        best_percent,
        code: String::new(),
        fingerprint: String::new(),
        qr_text: String::new(),
    })
}

/// The payload a record would be signed as (issuer and time left empty). Texts are taken as a
/// certificate prints them ([`printable`]): a control character a database may hold is never
/// signed, and comparing later takes the record the same way.
fn payload_of(d: &CertificateData) -> CertificatePayload {
    CertificatePayload {
        issuer_db: String::new(),
        issued_at: String::new(),
        course_id: printable(&d.course_id),
        course_version: printable(&d.course_version),
        person_id: printable(&d.person_id),
        staff_code: d.staff_code.as_deref().map(printable).unwrap_or_default(),
        name: printable(&d.full_name),
        completed_at: printable(&d.completed_at),
        best_permille: d.best_percent.and_then(permille_from_percent),
    }
}

/// Whether two payloads certify the same record (issuer and time aside).
fn same_record(a: &CertificatePayload, b: &CertificatePayload) -> bool {
    a.person_id == b.person_id
        && a.course_id == b.course_id
        && a.course_version == b.course_version
        && a.staff_code == b.staff_code
        && a.name == b.name
        && a.completed_at == b.completed_at
        && a.best_permille == b.best_permille
}

/// A stored certificate, read back: its payload, signature and key, when the row holds them.
struct Stored {
    payload: CertificatePayload,
    signature: Signature,
    key: VerifyingKey,
}

fn read_stored(row: &IssuedCertificate) -> Option<Stored> {
    let payload = CertificatePayload::from_canonical_bytes(&row.payload).ok()?;
    let signature = Signature::from_slice(&row.signature).ok()?;
    let key = public_key_from_text(&row.public_key)?;
    Some(Stored {
        payload,
        signature,
        key,
    })
}

/// The certificate of a completed course, signed and stored: the one stored already when the
/// record has not changed since it was issued (same code) and its key is still known here, else
/// a new one signed with this database's key from `key_dir` (made on first use).
pub fn issue(
    store: &mut Store,
    pack: &Pack,
    lang: Lang,
    key_dir: &Path,
    person_id: &str,
    course_id: &str,
) -> Result<CertificateData, CertificateError> {
    let mut d = record_data(store, pack, lang, person_id, course_id)?;
    let fresh = payload_of(&d);
    let reused = store
        .latest_certificate(&d.person_id, course_id)?
        .and_then(|row| read_stored(&row).map(|s| (row, s)))
        .filter(|(row, s)| {
            same_record(&s.payload, &fresh)
                && verify_payload(&s.payload, &s.signature, &s.key).is_ok()
                && row.code == CertificateCode::from_signature(&s.signature).to_string()
                // Signed by a key this machine no longer knows (a database restored elsewhere):
                // it would not verify here, so issue a new one.
                && issuer_is_known(Some(key_dir), &s.payload.issuer_db, &s.key).unwrap_or(false)
        });
    let (code, payload, signature, key) = match reused {
        Some((row, s)) => (row.code, s.payload, s.signature, s.key),
        None => {
            let (db_id, signing) = crate::service::bundles::own_signing_key(store, key_dir)
                .map_err(|m| CertificateError::Key(m.id.to_string()))?;
            let payload = CertificatePayload {
                issuer_db: db_id,
                issued_at: crate::store::now_utc(),
                ..fresh
            };
            let signature = sign_payload(&payload, &signing)
                .map_err(|e| CertificateError::Unsignable(e.to_string()))?;
            let code = CertificateCode::from_signature(&signature).to_string();
            let key = signing.verifying_key();
            store.insert_certificate(&IssuedCertificate {
                code: code.clone(),
                person_id: d.person_id.clone(),
                course_id: course_id.to_string(),
                issuer_db: payload.issuer_db.clone(),
                issued_at: payload.issued_at.clone(),
                payload: payload
                    .canonical_bytes()
                    .map_err(|e| CertificateError::Unsignable(e.to_string()))?,
                signature: signature.to_bytes().to_vec(),
                public_key: public_key_to_text(&key),
            })?;
            (code, payload, signature, key)
        }
    };
    d.code = code;
    d.fingerprint = KeyFingerprint::of(&key).to_string();
    d.qr_text =
        qr_text(&payload, &signature).map_err(|e| CertificateError::Unsignable(e.to_string()))?;
    Ok(d)
}

/// The certificate issued (as [`issue`]) as a self-contained HTML page on one A4 sheet.
pub fn issue_html(
    store: &mut Store,
    pack: &Pack,
    i18n: &I18n,
    key_dir: &Path,
    person_id: &str,
    course_id: &str,
) -> Result<String, CertificateError> {
    let d = issue(store, pack, i18n.lang(), key_dir, person_id, course_id)?;
    Ok(html(&d, i18n, crate::service::learning::today()))
}

/// Whether `key` is one this database trusts for certificates of `issuer_db`: this database's
/// current or a former signing key (the keys folder keeps the public files of rotated keys),
/// or the public key file the keys folder holds for `issuer_db`. Nothing in the database
/// vouches for a key, so a row written with another tool cannot add one. (A QR text from another
/// database is checked by `verify_qr` against the keys pinned for it as well.)
pub fn issuer_is_known(
    key_dir: Option<&Path>,
    issuer_db: &str,
    key: &VerifyingKey,
) -> Result<bool, CertificateError> {
    Ok(known_keys(key_dir, issuer_db)?.contains(key))
}

/// A certificate whose signature checked: what it certifies.
#[derive(Debug, Clone, PartialEq)]
pub struct Certified {
    pub code: String,
    pub payload: CertificatePayload,
    /// The course's title in the language asked for (the id when the pack lacks it).
    pub course_title: String,
    pub fingerprint: String,
}

/// What a code (or a QR text) says, one status each.
#[derive(Debug, Clone, PartialEq)]
pub enum Verification {
    /// Signed by a known key, and the record still says what the certificate says.
    Valid(Certified),
    /// Not a code: wrong length, a character codes do not use, or the check symbol.
    Mistyped(Mistyped),
    /// A code of danvan before signed certificates (`XXXXXXXX-XXXXX-XXXXX`): anyone could compute
    /// it, so it proves nothing; the certificate must be issued again.
    OldFormat,
    /// No certificate here has this code.
    Unknown,
    /// Issued here, and withdrawn when its person's record was deleted (the certificate, which
    /// named them, went with it): it no longer stands.
    Withdrawn {
        issued_at: String,
        withdrawn_at: String,
    },
    /// The stored (or scanned) signature does not check with its key over its payload.
    SignatureInvalid,
    /// The signature checks, but with a key this database does not know for its issuer.
    UnknownIssuer {
        issuer_db: String,
        fingerprint: String,
    },
    /// A genuine certificate of a record that has changed (or is gone) since.
    RecordChanged {
        issued: Certified,
        now: Option<CertificatePayload>,
    },
}

impl Verification {
    /// The exit code of `verify-certificate`: one per status.
    pub fn exit_code(&self) -> u8 {
        match self {
            Verification::Valid(_) => 0,
            Verification::Mistyped(_) => 1,
            Verification::Unknown => 3,
            Verification::SignatureInvalid => 4,
            Verification::UnknownIssuer { .. } => 5,
            Verification::RecordChanged { .. } => 6,
            Verification::OldFormat => 7,
            Verification::Withdrawn { .. } => 8,
        }
    }
}

/// Check a typed code against the certificates stored here. Returns the code as printed
/// (`DV-…`) when it is one, else the input as typed.
pub fn verify(
    store: &Store,
    pack: &Pack,
    lang: Lang,
    key_dir: Option<&Path>,
    input: &str,
) -> Result<(String, Verification), CertificateError> {
    let code = match CertificateCode::parse(input) {
        Ok(code) => code.to_string(),
        Err(_) if is_old_format_code(input) => {
            return Ok((input.trim().to_string(), Verification::OldFormat))
        }
        Err(m) => return Ok((input.trim().to_string(), Verification::Mistyped(m))),
    };
    let Some(row) = store.issued_certificate(&code)? else {
        let verdict = match store.withdrawn_certificate(&code)? {
            Some((issued_at, withdrawn_at)) => Verification::Withdrawn {
                issued_at,
                withdrawn_at,
            },
            None => Verification::Unknown,
        };
        return Ok((code, verdict));
    };
    let Some(s) = read_stored(&row) else {
        return Ok((code, Verification::SignatureInvalid));
    };
    let row_agrees = row.code == CertificateCode::from_signature(&s.signature).to_string()
        && row.person_id == s.payload.person_id
        && row.course_id == s.payload.course_id
        && row.issuer_db == s.payload.issuer_db;
    if !row_agrees || verify_payload(&s.payload, &s.signature, &s.key).is_err() {
        return Ok((code, Verification::SignatureInvalid));
    }
    let fingerprint = KeyFingerprint::of(&s.key).to_string();
    if !issuer_is_known(key_dir, &s.payload.issuer_db, &s.key)? {
        return Ok((
            code,
            Verification::UnknownIssuer {
                issuer_db: s.payload.issuer_db,
                fingerprint,
            },
        ));
    }
    let certified = Certified {
        code: code.clone(),
        course_title: course_title(pack, &s.payload.course_id, lang),
        payload: s.payload,
        fingerprint,
    };
    let now = match record_data(
        store,
        pack,
        lang,
        &certified.payload.person_id,
        &certified.payload.course_id,
    ) {
        Ok(d) => Some(payload_of(&d)),
        Err(CertificateError::Store(e)) => return Err(CertificateError::Store(e)),
        Err(_) => None,
    };
    let verdict = match now {
        Some(now) if same_record(&now, &certified.payload) => Verification::Valid(certified),
        now => Verification::RecordChanged {
            issued: certified,
            now,
        },
    };
    Ok((code, verdict))
}

/// Check a certificate from its QR text alone, offline: the signature over the payload it
/// carries, with `key` (a public key file given) or a key [`issuer_is_known`] accepts for the
/// issuer it names. The record is not looked at (the QR code may come from another database).
pub fn verify_qr(
    pack: &Pack,
    lang: Lang,
    key_dir: Option<&Path>,
    key: Option<&PublicKeyFile>,
    pinned: &[(String, VerifyingKey)],
    text: &str,
) -> Result<Verification, CertificateError> {
    let Ok((payload, signature)) = parse_qr_text(text) else {
        return Ok(Verification::Mistyped(Mistyped::CheckFailed));
    };
    let candidates: Vec<VerifyingKey> = match key {
        Some(file) if file.database_id == payload.issuer_db => vec![file.signing],
        Some(_) => Vec::new(),
        None => {
            let mut keys = known_keys(key_dir, &payload.issuer_db)?;
            // Keys this database pinned for the issuer (from its bundles or the trainer).
            keys.extend(
                pinned
                    .iter()
                    .filter(|(db, _)| *db == payload.issuer_db)
                    .map(|(_, k)| *k),
            );
            keys
        }
    };
    let Some(key) = candidates
        .iter()
        .find(|k| verify_payload(&payload, &signature, k).is_ok())
    else {
        // A known issuer whose keys all fail: the text was changed; else the issuer is unknown.
        return Ok(if candidates.is_empty() {
            Verification::UnknownIssuer {
                issuer_db: payload.issuer_db,
                fingerprint: String::new(),
            }
        } else {
            Verification::SignatureInvalid
        });
    };
    Ok(Verification::Valid(Certified {
        code: CertificateCode::from_signature(&signature).to_string(),
        course_title: course_title(pack, &payload.course_id, lang),
        payload,
        fingerprint: KeyFingerprint::of(key).to_string(),
    }))
}

/// Every key [`issuer_is_known`] accepts for `issuer_db`.
fn known_keys(
    key_dir: Option<&Path>,
    issuer_db: &str,
) -> Result<Vec<VerifyingKey>, CertificateError> {
    let Some(dir) = key_dir else {
        return Ok(Vec::new());
    };
    let Ok(public) = keys::public_key_path(dir, issuer_db) else {
        return Ok(Vec::new());
    };
    let key_err = |e: keys::KeyError| CertificateError::Key(e.to_string());
    let mut out = Vec::new();
    if let Some(current) = keys::load(dir, issuer_db).map_err(key_err)? {
        out.push(current.verifying_key());
    }
    if let Ok(file) = PublicKeyFile::read(&public) {
        if file.database_id == issuer_db {
            out.push(file.signing);
        }
    }
    out.extend(
        keys::retired_public_keys(dir, issuer_db)
            .map_err(key_err)?
            .iter()
            .map(|f| f.signing),
    );
    Ok(out)
}

/// This database's public key file (written to the keys folder if missing or stale; the key
/// is made on first use), and where it is.
pub fn own_key(store: &Store) -> Result<(PublicKeyFile, std::path::PathBuf), CertificateError> {
    own_key_in(store, &key_dir()?)
}

/// As [`own_key`], with the keys folder given.
pub fn own_key_in(
    store: &Store,
    dir: &Path,
) -> Result<(PublicKeyFile, std::path::PathBuf), CertificateError> {
    let db_id = store.database_id()?;
    let key_err = |e: keys::KeyError| CertificateError::Key(e.to_string());
    let file = keys::own_public_key_file(dir, &db_id).map_err(key_err)?;
    let path = keys::public_key_path(dir, &db_id).map_err(key_err)?;
    Ok((file, path))
}

/// Replace this database's signing key (`trainer reset-passphrase`), logged with both
/// fingerprints. Returns the old key's fingerprint (none when there was no key) and the new.
pub fn rotate_key(
    store: &mut Store,
    who: &str,
) -> Result<(Option<KeyFingerprint>, KeyFingerprint), CertificateError> {
    let dir = key_dir()?;
    let db_id = store.database_id()?;
    let key_err = |e: keys::KeyError| CertificateError::Key(e.to_string());
    let old = keys::load(&dir, &db_id)
        .map_err(key_err)?
        .map(|k| KeyFingerprint::of(&k.verifying_key()));
    let new = KeyFingerprint::of(&keys::rotate(&dir, &db_id).map_err(key_err)?.verifying_key());
    let old_text = old
        .as_ref()
        .map(|f| f.to_string())
        .unwrap_or_else(|| "none".to_string());
    let who = crate::domain::text::nfc(who);
    store.log_action(
        "rotate-signing-key",
        &format!("{old_text} -> {new} ({who})"),
    )?;
    Ok((old, new))
}

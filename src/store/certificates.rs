//! Completion records as certificates read them (one official's completion of a course), and
//! the `certificates` table of signed certificates issued from them.

use rusqlite::{params, OptionalExtension};

use super::{Result, Store};

/// A row of `course_completions`, as a certificate shows it and its code covers it.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletionRecord {
    pub course_version: String,
    /// As stored (UTC, `2026-11-26T07:05:09Z`).
    pub completed_at: String,
    pub best_percent: Option<f64>,
}

impl Store {
    /// The completion of `course_id` by `person_id`, when there is one.
    pub fn completion_record(
        &self,
        person_id: &str,
        course_id: &str,
    ) -> Result<Option<CompletionRecord>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT course_version, completed_at, best_percent FROM course_completions
                 WHERE person_id = ?1 AND course_id = ?2",
                [person_id, course_id],
                |r| {
                    Ok(CompletionRecord {
                        course_version: r.get(0)?,
                        completed_at: r.get(1)?,
                        best_percent: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// The certificate stored under `code` (`DV-XXXX-XXXX-XXXX-C`), when there is one.
    pub fn issued_certificate(&self, code: &str) -> Result<Option<IssuedCertificate>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    &format!("SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE code = ?1"),
                    [code],
                    certificate_row,
                )
                .optional()?)
        })
    }

    /// When the certificate `code` was issued and withdrawn, if it was issued here and its person
    /// deleted since.
    pub fn withdrawn_certificate(&self, code: &str) -> Result<Option<(String, String)>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    "SELECT issued_at, withdrawn_at FROM certificate_withdrawals WHERE code = ?1",
                    [code],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?)
        })
    }

    /// The last certificate issued for `person_id`'s completion of `course_id`.
    pub fn latest_certificate(
        &self,
        person_id: &str,
        course_id: &str,
    ) -> Result<Option<IssuedCertificate>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    &format!(
                        "SELECT {CERTIFICATE_COLUMNS} FROM certificates
                         WHERE person_id = ?1 AND course_id = ?2
                         ORDER BY issued_at DESC, rowid DESC LIMIT 1"
                    ),
                    [person_id, course_id],
                    certificate_row,
                )
                .optional()?)
        })
    }

    /// Store a certificate just signed.
    pub fn insert_certificate(&mut self, c: &IssuedCertificate) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO certificates
                 (code, person_id, course_id, issuer_db, issued_at, payload, signature, public_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    c.code,
                    c.person_id,
                    c.course_id,
                    c.issuer_db,
                    c.issued_at,
                    c.payload,
                    c.signature,
                    c.public_key
                ],
            )?;
            Ok(())
        })
    }
}

/// A row of `certificates`: a certificate as it was signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCertificate {
    /// `DV-XXXX-XXXX-XXXX-C`, from the signature.
    pub code: String,
    pub person_id: String,
    pub course_id: String,
    pub issuer_db: String,
    pub issued_at: String,
    /// The payload's canonical bytes, exactly as signed.
    pub payload: Vec<u8>,
    /// The 64-byte Ed25519 signature (as stored: a damaged row may hold other lengths).
    pub signature: Vec<u8>,
    /// The signing key's public half, in base 64.
    pub public_key: String,
}

const CERTIFICATE_COLUMNS: &str =
    "code, person_id, course_id, issuer_db, issued_at, payload, signature, public_key";

fn certificate_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<IssuedCertificate> {
    Ok(IssuedCertificate {
        code: r.get(0)?,
        person_id: r.get(1)?,
        course_id: r.get(2)?,
        issuer_db: r.get(3)?,
        issued_at: r.get(4)?,
        payload: bytes(r, 5)?,
        signature: bytes(r, 6)?,
        public_key: r.get(7)?,
    })
}

/// A BLOB column's bytes; text (another tool may have written one) counts as its UTF-8 bytes,
/// so such a row fails verification instead of failing to read.
fn bytes(r: &rusqlite::Row<'_>, column: usize) -> rusqlite::Result<Vec<u8>> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(column)? {
        ValueRef::Blob(b) | ValueRef::Text(b) => b.to_vec(),
        _ => Vec::new(),
    })
}

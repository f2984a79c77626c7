//! Certificates as officials and trainers ask for them: find the official, read the completion
//! record and make the certificate ([`crate::io::certificate`] holds its code and its layouts),
//! and check a verification code against every record of this database.

use crate::domain::content::Pack;
use crate::domain::i18n::{I18n, Lang, Msg};
use crate::domain::people::Person;
use crate::io::certificate::{
    html, normalize_code, record_part, verification_code, CertificateData, CodeFields, RECORD_LEN,
};
use crate::store::certificates::CompletionRecord;
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
    /// Not a verification code at all (wrong length or characters).
    Malformed(String),
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
            CertificateError::Malformed(code) => {
                Msg::new("cert-verify-malformed").arg("code", code)
            }
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

/// The certificate of a completed course, or why there is none.
pub fn certificate_data(
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
    let code = verification_code(&CodeFields {
        person_id: &person.id,
        full_name: &person.full_name,
        course_id,
        course_version: &course_version,
        completed_at: &completed_at,
        best_percent,
    });
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
        code,
    })
}

/// The certificate as a self-contained HTML page on one A4 sheet (for the TUI and the command line).
pub fn certificate_html(
    store: &Store,
    pack: &Pack,
    i18n: &I18n,
    person_id: &str,
    course_id: &str,
) -> Result<String, CertificateError> {
    let d = certificate_data(store, pack, i18n.lang(), person_id, course_id)?;
    Ok(html(&d, i18n, crate::service::learning::today()))
}

/// What a code says about the records of this database.
#[derive(Debug, Clone, PartialEq)]
pub enum Verification {
    /// The record exists and still says what the certificate says.
    Valid(CertificateData),
    /// The code names a record, but its name, date, score or version changed since it was printed.
    /// The data is the record as it is now.
    Mismatch(CertificateData),
    /// No record here has this code.
    Unknown,
}

/// Check a code against every completion record. The record part is a hash, so this looks at each
/// record (a few hundred thousand hashes take well under a second).
pub fn verify(
    store: &Store,
    pack: &Pack,
    lang: Lang,
    input: &str,
) -> Result<(String, Verification), CertificateError> {
    let code = normalize_code(input)
        .ok_or_else(|| CertificateError::Malformed(input.trim().to_string()))?;
    let record = &code[..RECORD_LEN];
    let candidates: Vec<(String, String)> = store
        .completion_keys()?
        .into_iter()
        .filter(|(p, c)| record_part(p, c) == record)
        .collect();
    let mut mismatch = None;
    for (person, course) in candidates {
        let d = certificate_data(store, pack, lang, &person, &course)?;
        if d.code == code {
            return Ok((code, Verification::Valid(d)));
        }
        mismatch.get_or_insert(d);
    }
    Ok((
        code,
        match mismatch {
            Some(d) => Verification::Mismatch(d),
            None => Verification::Unknown,
        },
    ))
}

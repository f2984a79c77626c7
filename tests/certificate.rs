//! Signed certificates of course completion on real databases in temporary folders, each with
//! its own keys folder (`DANVAN_KEY_DIR`): issuing signs and stores a certificate (the same one
//! again for an unchanged record); its code verifies; a completion typed in with SQL, a stored
//! payload or signature changed with SQL, a record changed since issue, a mistyped code, an
//! old-format code and a damaged QR text each get their own status; the QR text on the HTML page
//! verifies offline; replacing the key (`trainer reset-passphrase`) keeps old certificates
//! valid. Also the text and HTML layouts (one A4 page, checked with Chromium and pdfinfo where
//! they are installed, else from the page's CSS) and the commands on the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use danvan::domain::certificate_code::{CertificateCode, CertificatePayload, Mistyped};
use danvan::domain::content::{embedded_files, load, Pack};
use danvan::domain::i18n::{I18n, Lang};
use danvan::domain::people::{NewPerson, NewUnit, Person, UnitKind};
use danvan::io::certificate::{self, CertificateData};
use danvan::service::certificates::{self, CertificateError, Verification};
use danvan::store::Store;

const COURSE: &str = "mot-cua";
const DONE_AT: &str = "2026-11-26T07:05:09Z";

/// The built-in pack, loaded once per test binary (hundreds of checks use it).
fn pack() -> &'static Pack {
    static PACK: std::sync::OnceLock<Pack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| load(&embedded_files()).pack.expect("built-in pack loads"))
}

/// A database with one official who completed the one-stop course (85,5%) and one who did not.
fn setup(dir: &Path) -> (PathBuf, Person) {
    let path = dir.join("danvan.db");
    let mut store = Store::open(&path).unwrap();
    let unit = store
        .add_unit(&NewUnit {
            code: "UBND-TT".into(),
            name: "UBND xã Tân Tiến".into(),
            kind: UnitKind::Commune,
            parent_id: None,
        })
        .unwrap();
    let person = store
        .add_person(&NewPerson {
            full_name: "Nguyễn Thị Hoa".into(),
            staff_code: Some("CB001".into()),
            unit_id: Some(unit.id.clone()),
            position: "Công chức Văn phòng - Thống kê".into(),
            appointed_on: Some("2026-03-01".into()),
        })
        .unwrap();
    store
        .add_person(&NewPerson {
            full_name: "Trần Văn Bình".into(),
            staff_code: Some("CB002".into()),
            unit_id: Some(unit.id),
            position: "Chuyên viên".into(),
            appointed_on: None,
        })
        .unwrap();
    let version = pack().course(COURSE).unwrap().version.clone();
    assert!(store
        .record_completion(&person.id, COURSE, &version, DONE_AT, 85.5)
        .unwrap());
    (path, person)
}

/// The keys folder of the databases in `dir`.
fn key_dir(dir: &Path) -> PathBuf {
    dir.join("keys")
}

fn vi() -> I18n {
    I18n::new(Lang::Vi)
}

fn issue(store: &mut Store, dir: &Path, person_id: &str) -> CertificateData {
    certificates::issue(store, pack(), Lang::Vi, &key_dir(dir), person_id, COURSE).unwrap()
}

fn html_of(store: &mut Store, dir: &Path, person_id: &str) -> String {
    certificates::issue_html(store, pack(), &vi(), &key_dir(dir), person_id, COURSE).unwrap()
}

fn verify(store: &Store, dir: &Path, code: &str) -> Verification {
    certificates::verify(store, pack(), Lang::Vi, Some(&key_dir(dir)), code)
        .unwrap()
        .1
}

fn verify_qr(dir: &Path, text: &str) -> Verification {
    certificates::verify_qr(pack(), Lang::Vi, Some(&key_dir(dir)), None, &[], text).unwrap()
}

fn certificate_rows(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM certificates", [], |r| r.get(0))
        .unwrap()
}

/// The QR text a page carries beside its QR code.
fn qr_text_of(html: &str) -> String {
    let start = html.find("data-qr-text=\"").expect("a QR code") + "data-qr-text=\"".len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_string()
}

#[test]
fn an_issued_certificate_verifies_in_any_case_with_or_without_dashes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    let d = issue(&mut store, dir.path(), &person.id);
    assert!(
        d.code.starts_with("DV-") && d.code.len() == 19,
        "{}",
        d.code
    );
    assert_eq!(CertificateCode::parse(&d.code).unwrap().to_string(), d.code);
    assert_eq!(certificate_rows(&store), 1);
    let bare = d.code.replace('-', "");
    for typed in [
        d.code.clone(),
        d.code.to_lowercase(),
        bare.clone(),
        bare[2..].to_string(),
        format!("  {} ", d.code.to_lowercase().replace('-', " ")),
    ] {
        match verify(&store, dir.path(), &typed) {
            Verification::Valid(c) => {
                assert_eq!(c.payload.name, "Nguyễn Thị Hoa");
                assert_eq!(c.payload.staff_code, "CB001");
                assert_eq!(c.payload.course_id, COURSE);
                assert_eq!(c.payload.best_permille, Some(855));
                assert_eq!(c.payload.completed_at, DONE_AT);
                assert_eq!(c.code, d.code);
                assert_eq!(c.fingerprint, d.fingerprint);
            }
            other => panic!("{typed}: {other:?}"),
        }
    }
    // Issuing again for the unchanged record: the same certificate, no new row.
    let again = certificates::issue(
        &mut store,
        pack(),
        Lang::En,
        &key_dir(dir.path()),
        &person.id,
        COURSE,
    )
    .unwrap();
    assert_eq!(again.code, d.code);
    assert_eq!(again.qr_text, d.qr_text);
    assert_eq!(certificate_rows(&store), 1);
    // The key is in the keys folder, not in the database.
    let db_id = store.database_id().unwrap();
    assert!(key_dir(dir.path())
        .join(format!("{db_id}.ed25519"))
        .exists());
}

#[test]
fn a_backup_of_the_database_verifies_on_the_same_machine() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    let code = issue(&mut store, dir.path(), &person.id).code;
    let copy = dir.path().join("copy.db");
    store.backup_to(&copy).unwrap();
    let other = Store::open(&copy).unwrap();
    assert!(matches!(
        verify(&other, dir.path(), &code),
        Verification::Valid(_)
    ));
    // Elsewhere, with no keys folder that knows the key, the issuer is unknown; issuing there
    // signs a new certificate with a key of its own, which verifies there.
    let elsewhere = tempfile::tempdir().unwrap();
    assert!(matches!(
        verify(&other, elsewhere.path(), &code),
        Verification::UnknownIssuer { .. }
    ));
    let mut other = other;
    let there = issue(&mut other, elsewhere.path(), &person.id);
    assert_ne!(there.code, code);
    assert!(matches!(
        verify(&other, elsewhere.path(), &there.code),
        Verification::Valid(_)
    ));
}

#[test]
fn a_changed_record_gets_a_new_certificate_and_the_old_one_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    let old = issue(&mut store, dir.path(), &person.id);
    store
        .conn()
        .execute(
            "UPDATE course_completions SET best_percent = 95 WHERE person_id = ?1",
            [&person.id],
        )
        .unwrap();
    let new = issue(&mut store, dir.path(), &person.id);
    assert_ne!(new.code, old.code);
    assert_eq!(certificate_rows(&store), 2);
    match verify(&store, dir.path(), &new.code) {
        Verification::Valid(c) => assert_eq!(c.payload.best_permille, Some(950)),
        other => panic!("{other:?}"),
    }
    match verify(&store, dir.path(), &old.code) {
        Verification::RecordChanged { issued, now } => {
            assert_eq!(issued.payload.best_permille, Some(855));
            assert_eq!(now.unwrap().best_permille, Some(950));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_changed_name_or_date_is_record_changed_since_issue() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    let code = issue(&mut store, dir.path(), &person.id).code;
    store
        .conn()
        .execute(
            "UPDATE people SET full_name = 'Nguyễn Thị Hòa' WHERE id = ?1",
            [&person.id],
        )
        .unwrap();
    match verify(&store, dir.path(), &code) {
        Verification::RecordChanged { issued, now } => {
            assert_eq!(issued.payload.name, "Nguyễn Thị Hoa");
            assert_eq!(now.unwrap().name, "Nguyễn Thị Hòa");
        }
        other => panic!("{other:?}"),
    }
    store
        .conn()
        .execute_batch(
            "UPDATE people SET full_name = 'Nguyễn Thị Hoa';
             UPDATE course_completions SET completed_at = '2026-10-01T07:05:09Z';",
        )
        .unwrap();
    assert!(matches!(
        verify(&store, dir.path(), &code),
        Verification::RecordChanged { .. }
    ));
    store
        .conn()
        .execute("UPDATE course_completions SET completed_at = ?1", [DONE_AT])
        .unwrap();
    assert!(
        matches!(verify(&store, dir.path(), &code), Verification::Valid(_)),
        "restoring the record restores the match"
    );
    // A record that is gone: changed too, with nothing now.
    store
        .conn()
        .execute("DELETE FROM course_completions", [])
        .unwrap();
    assert!(matches!(
        verify(&store, dir.path(), &code),
        Verification::RecordChanged { now: None, .. }
    ));
}

/// Someone with sqlite3 but not the key file: a completion typed in has no certificate, and a
/// certificate row signed with any other key does not verify as this database's.
#[test]
fn a_completion_inserted_with_sql_cannot_be_made_to_verify() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    issue(&mut store, dir.path(), &person.id);
    let other = store.person_by_staff_code("CB002").unwrap().unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO course_completions (person_id, course_id, course_version, completed_at, best_percent)
             VALUES (?1, ?2, '1.0.0', ?3, 100)",
            [&other.id, COURSE, DONE_AT],
        )
        .unwrap();
    let rows: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM certificates WHERE person_id = ?1",
            [&other.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0, "no certificate exists for the typed-in completion");
    // The old way (a hash of the record) gives an old-format code, which proves nothing.
    assert_eq!(
        verify(&store, dir.path(), "HWNS3ZF6-XXH30-BQ6HV"),
        Verification::OldFormat
    );
    // A well-formed code nobody issued is unknown.
    let unissued = CertificateCode::from_bytes(&[7; 8]).to_string();
    assert_eq!(verify(&store, dir.path(), &unissued), Verification::Unknown);
    // A row forged with a key made for the purpose: the signature checks, the issuer does not.
    let forger = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let payload = CertificatePayload {
        issuer_db: store.database_id().unwrap(),
        issued_at: "2026-11-27T00:00:00Z".into(),
        course_id: COURSE.into(),
        course_version: "1.0.0".into(),
        person_id: other.id.clone(),
        staff_code: "CB002".into(),
        name: "Trần Văn Bình".into(),
        completed_at: DONE_AT.into(),
        best_permille: Some(1000),
    };
    let signature = danvan::domain::certificate_code::sign_payload(&payload, &forger).unwrap();
    let code = CertificateCode::from_signature(&signature).to_string();
    store
        .conn()
        .execute(
            "INSERT INTO certificates VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                code,
                other.id,
                COURSE,
                payload.issuer_db,
                payload.issued_at,
                payload.canonical_bytes().unwrap(),
                signature.to_bytes().to_vec(),
                danvan::domain::signing::public_key_to_text(&forger.verifying_key()),
            ],
        )
        .unwrap();
    assert!(
        matches!(
            verify(&store, dir.path(), &code),
            Verification::UnknownIssuer { .. }
        ),
        "{:?}",
        verify(&store, dir.path(), &code)
    );
}

#[test]
fn a_stored_payload_or_signature_changed_with_sql_is_signature_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    let code = issue(&mut store, dir.path(), &person.id).code;
    let (payload, signature): (Vec<u8>, Vec<u8>) = store
        .conn()
        .query_row(
            "SELECT payload, signature FROM certificates WHERE code = ?1",
            [&code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // A better score, written into the payload in its canonical form.
    let mut better = CertificatePayload::from_canonical_bytes(&payload).unwrap();
    better.best_permille = Some(1000);
    let set = |column: &str, value: &[u8]| {
        store
            .conn()
            .execute(
                &format!("UPDATE certificates SET {column} = ?1 WHERE code = ?2"),
                rusqlite::params![value, code],
            )
            .unwrap();
    };
    set("payload", &better.canonical_bytes().unwrap());
    assert_eq!(
        verify(&store, dir.path(), &code),
        Verification::SignatureInvalid
    );
    set("payload", &payload);
    assert!(matches!(
        verify(&store, dir.path(), &code),
        Verification::Valid(_)
    ));
    let mut flipped = signature.clone();
    flipped[40] ^= 1;
    set("signature", &flipped);
    assert_eq!(
        verify(&store, dir.path(), &code),
        Verification::SignatureInvalid
    );
    set("signature", &signature[..10]);
    assert_eq!(
        verify(&store, dir.path(), &code),
        Verification::SignatureInvalid
    );
    set("signature", &signature);
    set("payload", b"not a payload");
    assert_eq!(
        verify(&store, dir.path(), &code),
        Verification::SignatureInvalid
    );
}

#[test]
fn every_single_symbol_substitution_is_mistyped() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    let code = issue(&mut store, dir.path(), &person.id).code;
    let symbols: Vec<char> = code.chars().collect();
    let alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    // Positions 3.. are the 12 symbols and the check symbol (dashes skipped); a sample of each.
    let mut tried = 0;
    for (i, &c) in symbols.iter().enumerate().skip(3) {
        if c == '-' {
            continue;
        }
        for replacement in alphabet.chars().filter(|&r| r != c).step_by(5) {
            let mut typed = symbols.clone();
            typed[i] = replacement;
            let typed: String = typed.into_iter().collect();
            assert_eq!(
                verify(&store, dir.path(), &typed),
                Verification::Mistyped(Mistyped::CheckFailed),
                "{typed}"
            );
            tried += 1;
        }
    }
    assert!(tried >= 13 * 6, "{tried}");
    assert!(matches!(
        verify(&store, dir.path(), &code[..code.len() - 2]),
        Verification::Mistyped(Mistyped::WrongLength { .. })
    ));
    assert!(matches!(
        verify(&store, dir.path(), &code.replacen('-', "-U", 1)),
        Verification::Mistyped(Mistyped::BadCharacter { character: 'U', .. })
    ));
    assert_eq!(
        verify(&store, dir.path(), "  "),
        Verification::Mistyped(Mistyped::Empty)
    );
}

#[test]
fn no_certificate_without_a_completion() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    let other = store.person_by_staff_code("CB002").unwrap().unwrap();
    let kd = key_dir(dir.path());
    let mut issue_for = |person: &str, course: &str| {
        certificates::issue(&mut store, pack(), Lang::Vi, &kd, person, course)
    };
    assert!(matches!(
        issue_for(&other.id, COURSE),
        Err(CertificateError::NotCompleted { .. })
    ));
    assert!(matches!(
        issue_for(&person.id, "no-such-course"),
        Err(CertificateError::UnknownCourse(_))
    ));
    assert!(matches!(
        issue_for("no-such-person", COURSE),
        Err(CertificateError::UnknownPerson(_))
    ));
    assert_eq!(certificate_rows(&store), 0);
}

#[test]
fn the_qr_text_on_the_page_verifies_offline_and_a_changed_character_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    let html = html_of(&mut store, dir.path(), &person.id);
    let qr = qr_text_of(&html);
    assert!(qr.starts_with("DV2:"), "{qr}");
    let code = issue(&mut store, dir.path(), &person.id).code;
    match verify_qr(dir.path(), &qr) {
        Verification::Valid(c) => {
            assert_eq!(c.code, code);
            assert_eq!(c.payload.name, "Nguyễn Thị Hoa");
        }
        other => panic!("{other:?}"),
    }
    // One character changed, at a sample of places: never valid (a change in the issuer's id
    // names a database this machine knows no key for).
    let chars: Vec<char> = qr.chars().collect();
    for i in (4..chars.len()).step_by(17) {
        let mut changed = chars.clone();
        changed[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        let changed: String = changed.into_iter().collect();
        let v = verify_qr(dir.path(), &changed);
        assert!(
            matches!(
                v,
                Verification::SignatureInvalid
                    | Verification::Mistyped(_)
                    | Verification::UnknownIssuer { .. }
            ),
            "{i}: {v:?}"
        );
    }
    assert!(matches!(
        verify_qr(dir.path(), "DV2:"),
        Verification::Mistyped(_)
    ));
    assert!(matches!(
        verify_qr(dir.path(), "hello"),
        Verification::Mistyped(_)
    ));
    // Another machine knows no key for the issuer until it is given the public key file.
    let elsewhere = tempfile::tempdir().unwrap();
    assert!(matches!(
        verify_qr(elsewhere.path(), &qr),
        Verification::UnknownIssuer { .. }
    ));
    let (file, _) = certificates::own_key_in(&store, &key_dir(dir.path())).unwrap();
    let v = certificates::verify_qr(
        pack(),
        Lang::Vi,
        Some(&key_dir(elsewhere.path())),
        Some(&file),
        &[],
        &qr,
    )
    .unwrap();
    assert!(matches!(v, Verification::Valid(_)), "{v:?}");
    // A database that pinned the issuer's key (trainer trust, or its bundles) needs no file.
    let pinned = vec![(file.database_id.clone(), file.signing)];
    let v = certificates::verify_qr(
        pack(),
        Lang::Vi,
        Some(&key_dir(elsewhere.path())),
        None,
        &pinned,
        &qr,
    )
    .unwrap();
    assert!(matches!(v, Verification::Valid(_)), "{v:?}");
    // A key pinned for another database does not vouch for this one.
    let wrong = vec![("another-db".to_string(), file.signing)];
    let v = certificates::verify_qr(
        pack(),
        Lang::Vi,
        Some(&key_dir(elsewhere.path())),
        None,
        &wrong,
        &qr,
    )
    .unwrap();
    assert!(matches!(v, Verification::UnknownIssuer { .. }), "{v:?}");
}

#[test]
fn the_text_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    let d = issue(&mut store, dir.path(), &person.id);
    let t = certificate::text(&d, &vi());
    let title = pack().course(COURSE).unwrap().title.vi.clone();
    let number: String = d.code[3..].replace('-', "")[..8].to_string();
    for part in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA HỌC",
        "Nguyễn Thị Hoa",
        "CB001",
        "UBND xã Tân Tiến",
        "Công chức Văn phòng - Thống kê",
        &title,
        "26/11/2026",
        "85,5%",
        &format!("Mã xác minh: {}", d.code),
        &format!("Dấu vân tay khóa ký: {}", d.fingerprint),
        &format!("danvan verify-certificate {}", d.code),
        // The document number (Nghị định 30/2020): the code's first 8 symbols.
        &format!("Số: {number}/GCN"),
    ] {
        assert!(t.contains(part), "missing {part:?} in:\n{t}");
    }
    assert_eq!(d.fingerprint.len(), 39, "{}", d.fingerprint);
    // In English the score has a decimal point.
    let en = certificates::issue(
        &mut store,
        pack(),
        Lang::En,
        &key_dir(dir.path()),
        &person.id,
        COURSE,
    )
    .unwrap();
    let t = certificate::text(&en, &I18n::new(Lang::En));
    assert!(
        t.contains("85.5%") && t.contains("CERTIFICATE") && t.contains("Signing key fingerprint"),
        "{t}"
    );
}

#[test]
fn the_html_certificate_has_every_part_escaped_and_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    store
        .conn()
        .execute("UPDATE units SET name = 'UBND xã <Tân & Tiến>'", [])
        .unwrap();
    let html = html_of(&mut store, dir.path(), &person.id);
    let d = issue(&mut store, dir.path(), &person.id);
    let number: String = d.code[3..].replace('-', "")[..8].to_string();
    for part in [
        "<!DOCTYPE html>",
        "<html lang=\"vi\">",
        "<meta charset=\"utf-8\">",
        "@page { size: A4",
        "border:",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA HỌC",
        "Nguyễn Thị Hoa",
        "CB001",
        "26/11/2026",
        "85,5%",
        "Mã xác minh",
        d.code.as_str(),
        d.fingerprint.as_str(),
        &format!("<div class=\"number\">Số: {number}/GCN</div>"),
        &format!("<div class=\"qr\" data-qr-text=\"{}\"", d.qr_text),
        "<svg ",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, ghi rõ họ tên, đóng dấu)",
        "UBND XÃ &lt;TÂN &amp; TIẾN&gt;",
        "UBND xã &lt;Tân &amp; Tiến&gt;",
    ] {
        assert!(html.contains(part), "missing {part:?}");
    }
    assert!(!html.contains("<Tân"), "unescaped unit name");
    for external in ["http:", "https:", "<link", "<script", "src=", "@import"] {
        assert!(!html.contains(external), "not self-contained: {external}");
    }
    // In English too.
    let en = certificates::issue_html(
        &mut store,
        pack(),
        &I18n::new(Lang::En),
        &key_dir(dir.path()),
        &person.id,
        COURSE,
    )
    .unwrap();
    assert!(en.contains("Signing key fingerprint") && en.contains(&d.qr_text));
}

/// The page's own promise to fit one sheet: a landscape A4 page and a framed sheet of fixed size,
/// no taller than the page less its margins, that hides rather than spills what would not fit.
fn assert_single_page_css(html: &str) {
    assert!(html.contains("@page { size: A4 landscape; margin: 0; }"));
    assert_eq!(html.matches("class=\"sheet\"").count(), 1);
    let sheet = html
        .split("\n.sheet {")
        .nth(1)
        .and_then(|s| s.split('}').next())
        .expect(".sheet rule");
    let mm = |prop: &str| -> f64 {
        let v = sheet
            .split(';')
            .find_map(|d| d.trim().strip_prefix(prop))
            .unwrap_or_else(|| panic!("{prop} in {sheet}"));
        v.trim().trim_end_matches("mm").parse().unwrap()
    };
    // The sheet keeps its own margin from the paper's edge, and stays inside the page.
    let margin: f64 = sheet
        .split(';')
        .find_map(|d| d.trim().strip_prefix("margin:"))
        .and_then(|m| m.split_whitespace().next())
        .and_then(|m| m.trim_end_matches("mm").parse().ok())
        .unwrap_or_else(|| panic!("margin in {sheet}"));
    assert!(margin >= 5.0, "{sheet}");
    assert!(margin + mm("height:") <= 210.0 - 5.0, "{sheet}");
    assert!(mm("width:") <= 297.0 - 2.0 * margin, "{sheet}");
    assert!(sheet.contains("overflow: hidden"), "{sheet}");
    assert!(sheet.contains("box-sizing") || html.contains("* { box-sizing: border-box; }"));
}

fn have(tool: &str, arg: &str) -> bool {
    Command::new(tool)
        .arg(arg)
        .output()
        .map(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
        .unwrap_or(false)
}

#[test]
fn the_html_certificate_prints_on_one_a4_page() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let mut store = Store::open(&path).unwrap();
    // A long name, unit, position and course title: the worst case still fits.
    store
        .conn()
        .execute_batch(
            "UPDATE people SET full_name = 'Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc', \
             position = 'Phó Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân, kiêm Công chức Trung tâm Phục vụ hành chính công'; \
             UPDATE units SET name = 'Trung tâm Phục vụ hành chính công và Kiểm soát thủ tục hành chính xã Tân Tiến Thượng';",
        )
        .unwrap();
    let html = html_of(&mut store, dir.path(), &person.id);
    assert!(html.contains("<svg"), "the QR code is on the page");
    assert_single_page_css(&html);

    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() || !have("pdfinfo", "-v") {
        eprintln!("chromium or pdfinfo not installed: checked the single-page CSS only");
        return;
    }
    let file = dir.path().join("c.html");
    std::fs::write(&file, &html).unwrap();
    let profile = dir.path().join("profile");
    let pdf = dir.path().join("c.pdf");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    assert!(
        pdf.exists(),
        "chromium made no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .unwrap_or_default();
    assert_eq!(
        pages.split_whitespace().collect::<Vec<_>>(),
        ["Pages:", "1"],
        "{info}"
    );
    // Landscape A4: about 842 × 595 points.
    let size: Vec<f64> = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        matches!(size[..], [w, h] if (w - 842.0).abs() < 2.0 && (h - 595.0).abs() < 2.0),
        "{info}"
    );
}

// ---- the command line ----

/// The built binary on `db`, with the keys folder beside it.
fn danvan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("DANVAN_KEY_DIR", key_dir(db.parent().unwrap()))
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .env_remove("DANVAN_TRAINER_PASSPHRASE")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The code from a text certificate.
fn code_line(t: &str) -> String {
    t.lines()
        .find_map(|l| l.strip_prefix("Mã xác minh: "))
        .unwrap_or_else(|| panic!("a code line in {t}"))
        .trim()
        .to_string()
}

#[test]
fn the_certificate_command() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = setup(dir.path());

    let out = danvan(
        &db,
        &["certificate", "--person", "CB001", "--course", COURSE],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.contains("GIẤY CHỨNG NHẬN") && t.contains("85,5%"), "{t}");
    let code = code_line(&t);
    assert!(code.starts_with("DV-"), "{code}");

    // HTML to a new file, chosen by the extension; never overwritten; the same code.
    let file = dir.path().join("cert.html");
    let out = danvan(
        &db,
        &[
            "certificate",
            "--person",
            "CB001",
            "--course",
            COURSE,
            "--out",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "--out needs a file");
    let file_arg = file.to_str().unwrap();
    let out = danvan(
        &db,
        &[
            "certificate",
            "--person",
            "CB001",
            "--course",
            COURSE,
            "--out",
            file_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains(&code));
    assert!(html.contains("<svg"), "a QR code");
    let again = danvan(
        &db,
        &[
            "certificate",
            "--person",
            "CB001",
            "--course",
            COURSE,
            "--format",
            "txt",
            "--out",
            file_arg,
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        html,
        "not overwritten"
    );

    // Not completed, unknown person, unknown course: exit 1 with a message.
    let out = danvan(
        &db,
        &["certificate", "--person", "CB002", "--course", COURSE],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Trần Văn Bình chưa hoàn thành khóa học"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let out = danvan(
        &db,
        &["certificate", "--person", "CB999", "--course", COURSE],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("CB999"), "{}", text(&out.stderr));
    let out = danvan(
        &db,
        &["certificate", "--person", "CB001", "--course", "nope"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("\"nope\""),
        "{}",
        text(&out.stderr)
    );

    // A database that does not exist is not created.
    let missing = dir.path().join("missing.db");
    let out = danvan(
        &missing,
        &["certificate", "--person", "CB001", "--course", COURSE],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!missing.exists());
}

#[test]
fn the_verify_command_gives_each_status_its_own_exit_code_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let (db, person) = setup(dir.path());
    let out = danvan(
        &db,
        &["certificate", "--person", "CB001", "--course", COURSE],
    );
    let code = code_line(&text(&out.stdout));
    let check = |args: &[&str], exit: i32, words: &str| {
        let out = danvan(&db, args);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(exit), "{args:?}: {all}");
        assert!(all.contains(words), "{args:?}: {words:?} not in {all}");
        all
    };
    let typed = code.to_lowercase().replace('-', "");
    let all = check(&["verify-certificate", &typed], 0, "Hợp lệ");
    assert!(
        all.contains("Nguyễn Thị Hoa") && all.contains(&code),
        "{all}"
    );
    check(&["--lang", "en", "verify-certificate", &code], 0, "Valid");

    let mut wrong: Vec<char> = code.chars().collect();
    let last = wrong.len() - 1;
    wrong[last] = if wrong[last] == '0' { '1' } else { '0' };
    let wrong: String = wrong.into_iter().collect();
    check(&["verify-certificate", &wrong], 1, "Gõ sai");
    check(
        &["--lang", "en", "verify-certificate", &wrong],
        1,
        "wrong check symbol",
    );
    check(
        &["--lang", "en", "verify-certificate", "DV-7K2M-9QXD"],
        1,
        "wrong length",
    );
    check(
        &["--lang", "en", "verify-certificate", "DV-7K2M-9QXD-4HJ8-#"],
        1,
        "bad symbol",
    );
    let unissued = CertificateCode::from_bytes(&[7; 8]).to_string();
    check(
        &["--lang", "en", "verify-certificate", &unissued],
        3,
        "Unknown",
    );
    check(
        &["--lang", "en", "verify-certificate", "HWNS3ZF6-XXH30-BQ6HV"],
        7,
        "old-format code",
    );

    {
        let store = Store::open(&db).unwrap();
        store
            .conn()
            .execute(
                "UPDATE people SET full_name = 'Nguyễn Thị Hoa Hồng' WHERE id = ?1",
                [&person.id],
            )
            .unwrap();
    }
    let all = check(
        &["--lang", "en", "verify-certificate", &code],
        6,
        "Record changed since issue",
    );
    assert!(
        all.contains("As issued:") && all.contains("Nguyễn Thị Hoa\n") && all.contains("Now:"),
        "{all}"
    );
    assert!(all.contains("Nguyễn Thị Hoa Hồng"), "{all}");

    {
        let store = Store::open(&db).unwrap();
        store
            .conn()
            .execute(
                "UPDATE certificates SET signature = zeroblob(64) WHERE code = ?1",
                [&code],
            )
            .unwrap();
    }
    check(
        &["--lang", "en", "verify-certificate", &code],
        4,
        "Signature invalid",
    );

    // A QR text that is not one.
    check(
        &["--lang", "en", "verify-certificate", "--qr", "DV2:AAAA"],
        1,
        "damaged",
    );
}

#[test]
fn verify_certificate_qr_from_the_html_page() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = setup(dir.path());
    let file = dir.path().join("cert.html");
    let out = danvan(
        &db,
        &[
            "certificate",
            "--person",
            "CB001",
            "--course",
            COURSE,
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let qr = qr_text_of(&std::fs::read_to_string(&file).unwrap());
    let out = danvan(&db, &["--lang", "en", "verify-certificate", "--qr", &qr]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Valid") && text(&out.stdout).contains("Nguyễn Thị Hoa"),
        "{}",
        text(&out.stdout)
    );
    let qr_file = dir.path().join("qr.txt");
    std::fs::write(&qr_file, format!("{qr}\n")).unwrap();
    let out = danvan(
        &db,
        &["verify-certificate", "--qr-file", qr_file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // One character changed.
    let mut changed: Vec<char> = qr.chars().collect();
    let at = changed.len() / 2;
    changed[at] = if changed[at] == 'A' { 'B' } else { 'A' };
    let changed: String = changed.into_iter().collect();
    let out = danvan(
        &db,
        &["--lang", "en", "verify-certificate", "--qr", &changed],
    );
    let e = text(&out.stderr);
    assert!(
        (out.status.code() == Some(4) && e.contains("Signature invalid"))
            || (out.status.code() == Some(1) && e.contains("damaged")),
        "{:?} {e}",
        out.status.code()
    );
    // On another machine: unknown issuer, until its public key file is given with --key.
    let other_keys = dir.path().join("elsewhere");
    let on_other = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_danvan"))
            .args(["--lang", "en", "verify-certificate", "--qr", &qr])
            .args(extra)
            .env("DANVAN_KEY_DIR", &other_keys)
            .env("DANVAN_DB", dir.path().join("other.db"))
            .output()
            .unwrap()
    };
    let out = on_other(&[]);
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Unknown issuer"));
    let out = danvan(&db, &["trainer", "key"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let public = text(&out.stdout)
        .lines()
        .find_map(|l| {
            l.split_once("(gửi cho tỉnh): ")
                .map(|(_, f)| f.trim().to_string())
        })
        .expect("the public key file");
    let out = on_other(&["--key", &public]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn reset_passphrase_replaces_the_key_and_old_certificates_stay_valid() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = setup(dir.path());
    let out = danvan(
        &db,
        &["certificate", "--person", "CB001", "--course", COURSE],
    );
    let code = code_line(&text(&out.stdout));
    let fingerprint = |db: &Path| {
        let out = danvan(db, &["--lang", "en", "trainer", "key"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let t = text(&out.stdout);
        assert!(t.contains("Database id: "), "{t}");
        t.lines()
            .find_map(|l| l.strip_prefix("Signing key fingerprint: "))
            .expect("fingerprint line")
            .to_string()
    };
    let before = fingerprint(&db);
    assert_eq!(before.len(), 39, "{before}");
    let out = danvan(&db, &["--lang", "en", "trainer", "reset-passphrase"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.contains("--accept-new-key") && t.contains(&before), "{t}");
    let after = fingerprint(&db);
    assert_ne!(after, before);
    assert!(t.contains(&after), "{t}");
    let out = danvan(&db, &["--lang", "en", "verify-certificate", &code]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&before), "signed by the old key");
    // A new certificate is signed with the new key only when the record changes.
    let out = danvan(
        &db,
        &["certificate", "--person", "CB001", "--course", COURSE],
    );
    assert_eq!(code_line(&text(&out.stdout)), code);
    let store = Store::open(&db).unwrap();
    let log = store.audit_log().unwrap();
    let rotated = log
        .iter()
        .find(|e| e.action == "rotate-signing-key")
        .expect("logged");
    assert!(
        rotated.detail.contains(&before) && rotated.detail.contains(&after),
        "{}",
        rotated.detail
    );
}

/// A database written by another tool holds escapes, NUL and a bidi override in the name, position
/// and unit: neither the text nor the HTML certificate, nor the verification message, carries them.
#[test]
fn a_certificate_never_prints_control_characters_from_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let (db, person) = setup(dir.path());
    {
        let store = Store::open(&db).unwrap();
        store
            .conn()
            .execute(
                "UPDATE people SET full_name = ?2, position = ?3 WHERE id = ?1",
                [
                    person.id.as_str(),
                    "Nguyễn\u{1b}[31m Thị\u{0} Hoa\u{7}\u{9b}2J",
                    "Chuyên viên\u{202e}nv\u{202c}\u{1b}]0;x\u{7}",
                ],
            )
            .unwrap();
        store
            .conn()
            .execute(
                "UPDATE units SET name = 'UBND xã Tân Tiến' || char(27) || '[5m' || char(8238)",
                [],
            )
            .unwrap();
    }
    let clean = |s: &str| {
        !s.chars()
            .any(|c| (c.is_control() && c != '\n') || danvan::domain::text::is_bidi_control(c))
    };
    for format in ["txt", "html"] {
        let out = danvan(
            &db,
            &[
                "certificate",
                "--person",
                "CB001",
                "--course",
                COURSE,
                "--format",
                format,
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let t = text(&out.stdout);
        assert!(clean(&t), "{format}: {t:?}");
        assert!(t.contains("Nguyễn[31m Thị Hoa2J"), "{format}: {t}");
        assert!(t.contains("UBND xã Tân Tiến[5m"), "{format}: {t}");
    }
    let out = danvan(
        &db,
        &["certificate", "--person", "CB001", "--course", COURSE],
    );
    let code = code_line(&text(&out.stdout));
    let out = danvan(&db, &["verify-certificate", &code]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(clean(&all), "{all:?}");
    assert!(all.contains("Nguyễn[31m Thị Hoa2J"), "{all}");
}

#[test]
fn deleting_a_person_withdraws_their_certificates_and_keeps_only_the_codes() {
    let dir = tempfile::tempdir().unwrap();
    let (db, person) = setup(dir.path());
    let mut store = Store::open(&db).unwrap();
    let code = issue(&mut store, dir.path(), &person.id).code;
    store.delete_person(&person.id).unwrap();
    // The certificate named them: it is gone, and nothing of them is left beside its code.
    assert_eq!(certificate_rows(&store), 0);
    let kept: String = store
        .conn()
        .query_row(
            "SELECT code || ' ' || issuer_db || ' ' || issued_at || ' ' || withdrawn_at
             FROM certificate_withdrawals",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        kept.starts_with(&code) && !kept.contains(&person.full_name),
        "{kept}"
    );
    match verify(&store, dir.path(), &code) {
        Verification::Withdrawn {
            issued_at,
            withdrawn_at,
        } => assert!(issued_at <= withdrawn_at, "{issued_at} {withdrawn_at}"),
        other => panic!("{other:?}"),
    }
    drop(store);
    let out = danvan(&db, &["--lang", "en", "verify-certificate", &code]);
    assert_eq!(out.status.code(), Some(8), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("Withdrawn: certificate {code} was issued here on"))
            && err.contains("when the official's record was deleted"),
        "{err}"
    );
}

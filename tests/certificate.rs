//! Certificates of course completion: the verification code (it verifies, a record edited after
//! printing is caught, an unknown code is said to be unknown), the text and HTML certificates, one
//! A4 page when printed (checked with Chromium and pdfinfo where they are installed, else from the
//! page's CSS), and `danvan certificate` / `danvan verify-certificate` on the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use danvan::domain::content::{embedded_files, load, Pack};
use danvan::domain::i18n::{I18n, Lang};
use danvan::domain::people::{NewPerson, NewUnit, Person, UnitKind};
use danvan::io::certificate;
use danvan::service::certificates::{self, CertificateError, Verification};
use danvan::store::Store;

const COURSE: &str = "mot-cua";
const DONE_AT: &str = "2026-11-26T07:05:09Z";

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
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

fn vi() -> I18n {
    I18n::new(Lang::Vi)
}

fn verify(store: &Store, code: &str) -> Verification {
    certificates::verify(store, &pack(), Lang::Vi, code)
        .unwrap()
        .1
}

#[test]
fn the_code_verifies_in_any_case_with_or_without_dashes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let store = Store::open(&path).unwrap();
    let d = certificates::certificate_data(&store, &pack(), Lang::Vi, &person.id, COURSE).unwrap();
    assert_eq!(d.code.len(), 20, "{}", d.code);
    assert_eq!(d.code.matches('-').count(), 2);
    for typed in [
        d.code.clone(),
        d.code.to_lowercase(),
        d.code.replace('-', ""),
        format!("  {} ", d.code.to_lowercase().replace('-', " ")),
    ] {
        match verify(&store, &typed) {
            Verification::Valid(v) => {
                assert_eq!(v.full_name, "Nguyễn Thị Hoa");
                assert_eq!(v.course_id, COURSE);
                assert_eq!(v.code, d.code);
            }
            other => panic!("{typed}: {other:?}"),
        }
    }
    // The same code again: derived from the record alone.
    let again =
        certificates::certificate_data(&store, &pack(), Lang::En, &person.id, COURSE).unwrap();
    assert_eq!(again.code, d.code);
}

#[test]
fn a_copy_with_the_same_records_verifies_too() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let store = Store::open(&path).unwrap();
    let code = certificates::certificate_data(&store, &pack(), Lang::Vi, &person.id, COURSE)
        .unwrap()
        .code;
    let copy = dir.path().join("copy.db");
    store.backup_to(&copy).unwrap();
    let other = Store::open(&copy).unwrap();
    assert!(matches!(verify(&other, &code), Verification::Valid(_)));
}

#[test]
fn a_database_that_merged_the_records_verifies_too() {
    use danvan::domain::bundle::BundleFilter;
    use danvan::io::bundle;
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let store = Store::open(&path).unwrap();
    let code = certificates::certificate_data(&store, &pack(), Lang::Vi, &person.id, COURSE)
        .unwrap()
        .code;
    let json = bundle::to_json(&store.bundle_records(&BundleFilter::default()).unwrap());
    let mut trainer = Store::open(&dir.path().join("trainer.db")).unwrap();
    let summary = trainer
        .merge_bundle(&bundle::from_json(&json).unwrap(), false)
        .unwrap();
    assert!(summary.refused.is_none());
    match verify(&trainer, &code) {
        Verification::Valid(d) => assert_eq!(d.full_name, "Nguyễn Thị Hoa"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_changed_name_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let store = Store::open(&path).unwrap();
    let code = certificates::certificate_data(&store, &pack(), Lang::Vi, &person.id, COURSE)
        .unwrap()
        .code;
    store
        .conn()
        .execute(
            "UPDATE people SET full_name = 'Nguyễn Thị Hòa' WHERE id = ?1",
            [&person.id],
        )
        .unwrap();
    match verify(&store, &code) {
        Verification::Mismatch(d) => {
            assert_eq!(d.person_id, person.id);
            assert_eq!(d.full_name, "Nguyễn Thị Hòa");
            assert_ne!(d.code, code);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_changed_date_or_score_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let store = Store::open(&path).unwrap();
    let code = certificates::certificate_data(&store, &pack(), Lang::Vi, &person.id, COURSE)
        .unwrap()
        .code;
    store
        .conn()
        .execute(
            "UPDATE course_completions SET completed_at = '2026-10-01T07:05:09Z' WHERE person_id = ?1",
            [&person.id],
        )
        .unwrap();
    assert!(matches!(verify(&store, &code), Verification::Mismatch(_)));
    store
        .conn()
        .execute(
            "UPDATE course_completions SET completed_at = ?2, best_percent = 100 WHERE person_id = ?1",
            [&person.id, DONE_AT],
        )
        .unwrap();
    assert!(matches!(verify(&store, &code), Verification::Mismatch(_)));
    store
        .conn()
        .execute(
            "UPDATE course_completions SET best_percent = 85.5 WHERE person_id = ?1",
            [&person.id],
        )
        .unwrap();
    assert!(
        matches!(verify(&store, &code), Verification::Valid(_)),
        "restoring the record restores the match"
    );
}

#[test]
fn unknown_and_malformed_codes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = setup(dir.path());
    let store = Store::open(&path).unwrap();
    assert_eq!(
        verify(&store, "00000000-00000-00000"),
        Verification::Unknown
    );
    for bad in ["", "abc", "ÂBCDEFGH-12345-67890", "7K2M9QXD-4HJ8P-ZT3WA-1"] {
        assert!(
            matches!(
                certificates::verify(&store, &pack(), Lang::Vi, bad),
                Err(CertificateError::Malformed(_))
            ),
            "{bad}"
        );
    }
}

#[test]
fn no_certificate_without_a_completion() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let store = Store::open(&path).unwrap();
    let other = store.person_by_staff_code("CB002").unwrap().unwrap();
    assert!(matches!(
        certificates::certificate_data(&store, &pack(), Lang::Vi, &other.id, COURSE),
        Err(CertificateError::NotCompleted { .. })
    ));
    assert!(matches!(
        certificates::certificate_data(&store, &pack(), Lang::Vi, &person.id, "no-such-course"),
        Err(CertificateError::UnknownCourse(_))
    ));
    assert!(matches!(
        certificates::certificate_data(&store, &pack(), Lang::Vi, "no-such-person", COURSE),
        Err(CertificateError::UnknownPerson(_))
    ));
}

#[test]
fn the_text_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let store = Store::open(&path).unwrap();
    let d = certificates::certificate_data(&store, &pack(), Lang::Vi, &person.id, COURSE).unwrap();
    let t = certificate::text(&d, &vi());
    let title = pack().course(COURSE).unwrap().title.vi.clone();
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
        &d.code,
        &format!("danvan verify-certificate {}", d.code),
        // The document number (Nghị định 30/2020): the record part of the code.
        &format!("Số: {}/GCN", d.code.split('-').next().unwrap()),
    ] {
        assert!(t.contains(part), "missing {part:?} in:\n{t}");
    }
    // In English the score has a decimal point.
    let en = certificates::certificate_data(&store, &pack(), Lang::En, &person.id, COURSE).unwrap();
    let t = certificate::text(&en, &I18n::new(Lang::En));
    assert!(t.contains("85.5%") && t.contains("CERTIFICATE"), "{t}");
}

#[test]
fn the_html_certificate_has_every_part_escaped_and_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let (path, person) = setup(dir.path());
    let store = Store::open(&path).unwrap();
    store
        .conn()
        .execute("UPDATE units SET name = 'UBND xã <Tân & Tiến>'", [])
        .unwrap();
    let html = certificates::certificate_html(&store, &pack(), &vi(), &person.id, COURSE).unwrap();
    let code = certificates::certificate_data(&store, &pack(), Lang::Vi, &person.id, COURSE)
        .unwrap()
        .code;
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
        code.as_str(),
        &format!("<div class=\"number\">Số: {}/GCN</div>", &code[..8]),
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
    let store = Store::open(&path).unwrap();
    // A long name, unit, position and course title: the worst case still fits.
    store
        .conn()
        .execute_batch(
            "UPDATE people SET full_name = 'Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc', \
             position = 'Phó Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân, kiêm Công chức Trung tâm Phục vụ hành chính công'; \
             UPDATE units SET name = 'Trung tâm Phục vụ hành chính công và Kiểm soát thủ tục hành chính xã Tân Tiến Thượng';",
        )
        .unwrap();
    let html = certificates::certificate_html(&store, &pack(), &vi(), &person.id, COURSE).unwrap();
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

fn danvan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
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
    let code = t
        .lines()
        .find_map(|l| l.strip_prefix("Mã xác minh: "))
        .expect("a code line")
        .trim()
        .to_string();

    // HTML to a new file, chosen by the extension; never overwritten.
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
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(&db)
        .args([
            "certificate",
            "--person",
            "CB001",
            "--course",
            COURSE,
            "--out",
        ])
        .arg(&file)
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains(&code));
    let again = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(&db)
        .args([
            "certificate",
            "--person",
            "CB001",
            "--course",
            COURSE,
            "--format",
            "txt",
            "--out",
        ])
        .arg(&file)
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .output()
        .unwrap();
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
fn the_verify_command() {
    let dir = tempfile::tempdir().unwrap();
    let (db, person) = setup(dir.path());
    let code = {
        let store = Store::open(&db).unwrap();
        certificates::certificate_data(&store, &pack(), Lang::Vi, &person.id, COURSE)
            .unwrap()
            .code
    };
    let typed = code.to_lowercase().replace('-', "");
    let out = danvan(&db, &["verify-certificate", &typed]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(
        t.contains("hợp lệ") && t.contains("Nguyễn Thị Hoa") && t.contains(&code),
        "{t}"
    );

    let out = danvan(&db, &["verify-certificate", "00000000-00000-00000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Không có giấy chứng nhận"),
        "{}",
        text(&out.stderr)
    );

    let out = danvan(&db, &["verify-certificate", "xyz"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("không phải mã xác minh"));

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
    let out = danvan(&db, &["--lang", "en", "verify-certificate", &code]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.contains("NO LONGER MATCHES") && e.contains("Nguyễn Thị Hoa Hồng"),
        "{e}"
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
    let code = {
        let store = Store::open(&db).unwrap();
        certificates::certificate_data(&store, &pack(), Lang::Vi, &person.id, COURSE)
            .unwrap()
            .code
    };
    let out = danvan(&db, &["verify-certificate", &code]);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(clean(&all), "{all:?}");
    assert!(all.contains("Nguyễn[31m Thị Hoa2J"), "{all}");
}

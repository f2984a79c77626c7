//! `danvan read COURSE [LESSON] --plain`: the built binary on a temp database prints lessons as
//! plain text with their citations, marks them read, and names what it cannot find.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use danvan::domain::i18n::{I18n, Lang};
use danvan::store::Store;

fn danvan(db: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Lessons of `course` the only official has read to the end.
fn read_lessons(db: &std::path::Path, course: &str) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let person = store.person_by_staff_code("CB001").unwrap().unwrap();
    let mut read: Vec<String> = store
        .course_progress(&person.id, course)
        .unwrap()
        .into_iter()
        .filter(|p| p.completed_at.is_some())
        .map(|p| p.lesson_id)
        .collect();
    read.sort();
    read
}

#[test]
fn a_lesson_is_printed_with_its_citations_and_marked_read() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::store_with_person(dir.path()));
    let db = dir.path().join("danvan.db");
    let pack = common::pack();
    let course = pack.course("mot-cua").unwrap();
    let lesson = &course.lessons[1];
    let out = danvan(
        &db,
        &[
            "read", "mot-cua", &lesson.id, "--plain", "--person", "CB001",
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("2. {}\n", lesson.title.get(Lang::Vi))),
        "{text}"
    );
    // The body, without the Markdown marks.
    let first_paragraph = danvan::domain::content::markdown::parse(lesson.body.get(Lang::Vi))
        .into_iter()
        .find(|b| matches!(b, danvan::domain::content::markdown::Block::Paragraph(_)))
        .unwrap()
        .plain();
    assert!(text.contains(&first_paragraph), "{text}");
    assert!(!text.contains("**"), "{text}");
    // Its sources, as full citations.
    let i18n = I18n::new(Lang::Vi);
    assert!(text.contains("Căn cứ pháp lý"), "{text}");
    for c in &lesson.cites {
        let cite =
            danvan::domain::present::citation_text(&pack, &i18n, &c.source, c.reference.as_deref());
        assert!(
            text.contains(&format!("- {cite}\n")),
            "{cite} missing:\n{text}"
        );
    }
    assert_eq!(read_lessons(&db, "mot-cua"), vec![lesson.id.clone()]);
}

#[test]
fn a_whole_course_is_printed_in_order_in_english_and_every_lesson_marked() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::store_with_person(dir.path()));
    let db = dir.path().join("danvan.db");
    let pack = common::pack();
    let course = pack.course("mot-cua").unwrap();
    // No --person: the last profile.
    let out = danvan(&db, &["--lang", "en", "read", "mot-cua", "--plain"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(course.title.get(Lang::En)), "{text}");
    assert!(text.contains("Legal sources"), "{text}");
    let mut at = 0;
    for (i, l) in course.lessons.iter().enumerate() {
        let title = format!("{}. {}\n", i + 1, l.title.get(Lang::En));
        let found = text[at..]
            .find(&title)
            .unwrap_or_else(|| panic!("lesson {} missing or out of order", l.id));
        at += found + title.len();
    }
    let mut all: Vec<String> = course.lessons.iter().map(|l| l.id.clone()).collect();
    all.sort();
    assert_eq!(read_lessons(&db, "mot-cua"), all);
}

#[test]
fn an_unknown_course_lesson_or_person_exits_1_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::store_with_person(dir.path()));
    let db = dir.path().join("danvan.db");
    let out = danvan(&db, &["read", "mot-cua", "khong-co", "--plain"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("khong-co") && err.contains("mot-cua"), "{err}");
    assert!(out.stdout.is_empty());
    let out = danvan(
        &db,
        &["--lang", "en", "read", "no-such-course", "--plain"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-course"), "{err}");
    let out = danvan(
        &db,
        &["read", "mot-cua", "--plain", "--person", "XX999"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("XX999"));
    assert!(
        read_lessons(&db, "mot-cua").is_empty(),
        "nothing marked read"
    );
    // Without --plain it is a usage error.
    let out = danvan(&db, &["read", "mot-cua"], "");
    assert_eq!(out.status.code(), Some(2));
}

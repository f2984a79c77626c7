//! Question statistics against a fixture worked by hand: a real database in a temp folder with
//! five official attempts of `q-mot-cua` (and attempts that must not count), checked through the
//! service, the `danvan stats` command (CSV), and the XLSX read back with calamine.
//!
//! The five official attempts, points earned per question (every question is worth 1 point,
//! stored as 100 hundredths; q002 is a multiple-choice question, so half credit is possible):
//!
//! | attempt | q001 | q002 | q005 | q006 | total |
//! |---------|------|------|------|------|-------|
//! | A       | 1    | 0.5  | 0    | 1    | 2.5   |
//! | B       | 0    | 0    | 0    | 1    | 1     |
//! | C       | 1    | 0    | 0    | 1    | 2     |
//! | D       | 1    | 0    | 1    | 1    | 3     |
//! | E       | 1    | 0    | 1    | 1    | 3     |
//!
//! x = the question's score, y = the rest of the attempt (total − x), n = 5;
//! r = (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)).
//!
//! - q001: x = 1,0,1,1,1; y = 1.5,1,1,2,2. Facility 4/5 = 80 %. Σx = 4, Σy = 7.5, Σxy = 6.5,
//!   Σx² = 4, Σy² = 12.25. Covariance term 5·6.5 − 4·7.5 = 2.5; 5·4 − 16 = 4; 5·12.25 − 56.25 = 5;
//!   r = 2.5 / √20 = 0.5590. No flag.
//! - q002: x = 0.5,0,0,0,0; y = 2,1,2,3,3. Facility 0.5/5 = 10 % → too hard. Σx = 0.5, Σy = 11,
//!   Σxy = 1, Σx² = 0.25, Σy² = 27. 5·1 − 5.5 = −0.5; 5·0.25 − 0.25 = 1; 5·27 − 121 = 14;
//!   r = −0.5 / √14 = −0.1336 → discriminates poorly too.
//! - q005: x = 0,0,0,1,1; y = 2.5,1,2,2,2. Facility 2/5 = 40 %. Σx = 2, Σy = 9.5, Σxy = 4, Σx² = 2,
//!   Σy² = 19.25. 5·4 − 19 = 1; 5·2 − 4 = 6; 5·19.25 − 90.25 = 6; r = 1/6 = 0.1667 → discriminates
//!   poorly.
//! - q006: everyone right: facility 100 % → too easy; x has no variance (5·5 − 25 = 0), so there is
//!   no discrimination index ("—" on screen, an empty cell in files), not NaN.
//!
//! Not counted: a practice attempt, an open attempt and a closed-changed one (each answering
//! q001 wrong and q006 wrong, which would move both), and an attempt of another quiz
//! (`final-exam`, drawing q001 from the same bank), which has rows of its own.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use danvan::domain::content::{embedded_files, load, Pack};
use danvan::domain::i18n::{I18n, Lang};
use danvan::domain::people::NewPerson;
use danvan::domain::question_stats::{Flag, QuestionStat};
use danvan::service::question_stats::{question_stats, xlsx_to};
use danvan::store::Store;

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
}

/// (attempt id, quiz, practice, status, [(question, earned hundredths)]).
type Attempt = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static [(&'static str, i64)],
);

const ATTEMPTS: &[Attempt] = &[
    (
        "A",
        "q-mot-cua",
        0,
        "submitted",
        &[("q001", 100), ("q002", 50), ("q005", 0), ("q006", 100)],
    ),
    (
        "B",
        "q-mot-cua",
        0,
        "submitted",
        &[("q001", 0), ("q002", 0), ("q005", 0), ("q006", 100)],
    ),
    (
        "C",
        "q-mot-cua",
        0,
        "timed-out",
        &[("q001", 100), ("q002", 0), ("q005", 0), ("q006", 100)],
    ),
    (
        "D",
        "q-mot-cua",
        0,
        "submitted",
        &[("q001", 100), ("q002", 0), ("q005", 100), ("q006", 100)],
    ),
    (
        "E",
        "q-mot-cua",
        0,
        "submitted",
        &[("q001", 100), ("q002", 0), ("q005", 100), ("q006", 100)],
    ),
    // Not official, or not finished as the quiz stands: none of these count.
    (
        "practice",
        "q-mot-cua",
        1,
        "submitted",
        &[("q001", 0), ("q006", 0)],
    ),
    ("open", "q-mot-cua", 0, "open", &[("q001", 0), ("q006", 0)]),
    (
        "changed",
        "q-mot-cua",
        0,
        "closed-changed",
        &[("q001", 0), ("q006", 0)],
    ),
    // Another quiz drawing from the same bank: rows of its own.
    ("exam", "final-exam", 0, "submitted", &[("q001", 100)]),
];

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    store: Store,
    pack: Pack,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    let mut store = Store::open(&db).unwrap();
    let person = store
        .add_person(&NewPerson {
            full_name: "Nguyễn Thị Hoa".into(),
            staff_code: Some("CB001".into()),
            unit_id: None,
            position: "Công chức".into(),
            appointed_on: None,
        })
        .unwrap()
        .id;
    for (id, quiz, practice, status, answers) in ATTEMPTS {
        let open = *status == "open";
        let earned: i64 = answers.iter().map(|(_, e)| e).sum();
        let paper: Vec<String> = answers
            .iter()
            .map(|(q, _)| format!("q-mot-cua|{q}|100|0,1"))
            .collect();
        store
            .conn()
            .execute(
                "INSERT INTO attempts (id, person_id, quiz_id, quiz_version, content_hash, seed, paper,
                    practice, status, started_at, ended_at, active_ms, earned, max_points, passed, course_id)
                 VALUES (?1, ?2, ?3, '1.0.0', 'h', 1, ?4, ?5, ?6, '2026-11-20T02:00:00Z', ?7, 1000, ?8, ?9, ?10,
                    'mot-cua')",
                rusqlite::params![
                    id,
                    person,
                    quiz,
                    paper.join("\n"),
                    practice,
                    status,
                    (!open).then_some("2026-11-20T02:10:00Z"),
                    (!open).then_some(earned),
                    (!open).then_some(100 * answers.len() as i64),
                    (!open).then_some(i64::from(earned * 100 >= 70 * 100 * answers.len() as i64)),
                ],
            )
            .unwrap();
        for (position, (q, e)) in answers.iter().enumerate() {
            store
                .conn()
                .execute(
                    "INSERT INTO answers (attempt_id, position, bank_id, question_id, response, correct,
                        earned, answered_at, active_ms)
                     VALUES (?1, ?2, 'q-mot-cua', ?3, 'x', ?4, ?5, '2026-11-20T02:05:00Z', 100)",
                    rusqlite::params![id, position as i64, q, i64::from(*e == 100), e],
                )
                .unwrap();
        }
    }
    Fixture {
        _dir: dir,
        db,
        store,
        pack: pack(),
    }
}

fn row<'a>(rows: &'a [QuestionStat], quiz: &str, q: &str) -> &'a QuestionStat {
    rows.iter()
        .find(|r| r.quiz_id == quiz && r.question_id == q)
        .unwrap_or_else(|| panic!("{quiz}/{q} in {rows:#?}"))
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn facility_and_discrimination_match_the_hand_worked_fixture() {
    let f = fixture();
    let rows = question_stats(&f.store, &f.pack, None).unwrap();
    // Each quiz's rows together, the quizzes in the pack's order, questions in bank order.
    let quiz_at = |id: &str| f.pack.quizzes.iter().position(|q| q.id == id).unwrap();
    assert!(rows
        .windows(2)
        .all(|w| quiz_at(&w[0].quiz_id) <= quiz_at(&w[1].quiz_id)));
    let mot_cua: Vec<&str> = rows
        .iter()
        .filter(|r| r.quiz_id == "q-mot-cua")
        .map(|r| r.question_id.as_str())
        .collect();
    assert_eq!(mot_cua, ["q001", "q002", "q005", "q006"]);
    assert_eq!(rows.len(), 5);

    let q1 = row(&rows, "q-mot-cua", "q001");
    assert_eq!(q1.attempts, 5);
    assert!(close(q1.facility, 80.0), "{q1:?}");
    assert!(close(q1.discrimination, 2.5 / 20f64.sqrt()), "{q1:?}");
    assert!(q1.flags.is_empty());
    assert!(q1.prompt.is_some() && q1.quiz_title.is_some());

    let q2 = row(&rows, "q-mot-cua", "q002");
    assert!(close(q2.facility, 10.0), "{q2:?}");
    assert!(close(q2.discrimination, -0.5 / 14f64.sqrt()), "{q2:?}");
    assert_eq!(q2.flags, [Flag::TooHard, Flag::LowDiscrimination]);

    let q5 = row(&rows, "q-mot-cua", "q005");
    assert!(close(q5.facility, 40.0), "{q5:?}");
    assert!(close(q5.discrimination, 1.0 / 6.0), "{q5:?}");
    assert_eq!(q5.flags, [Flag::LowDiscrimination]);

    let q6 = row(&rows, "q-mot-cua", "q006");
    assert_eq!(q6.attempts, 5);
    assert!(close(q6.facility, 100.0), "{q6:?}");
    assert_eq!(q6.discrimination, None);
    assert_eq!(q6.flags, [Flag::TooEasy]);

    // The exam's single attempt: one answer, no variance to correlate.
    let exam = row(&rows, "final-exam", "q001");
    assert_eq!((exam.attempts, exam.discrimination), (1, None));
    assert_eq!(exam.bank_id, "q-mot-cua");

    // One quiz only.
    let only = question_stats(&f.store, &f.pack, Some("final-exam")).unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].quiz_id, "final-exam");
}

#[test]
fn the_query_is_one_pass_over_the_answers_with_lookups_by_key() {
    let f = fixture();
    let plan = f.store.question_sums_plan().unwrap();
    // One scan (of attempts or answers), the other table searched by its primary key; no second
    // scan and no subquery.
    let scans = plan.iter().filter(|l| l.starts_with("SCAN")).count();
    assert_eq!(scans, 1, "{plan:#?}");
    assert!(
        plan.iter()
            .any(|l| l.starts_with("SEARCH") && (l.contains("attempt_id=?") || l.contains("id=?"))),
        "{plan:#?}"
    );
}

/// RFC 4180 rows (quoted cells with doubled quotes, CRLF line ends).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            _ => cell.push(c),
        }
    }
    rows
}

fn danvan(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DANVAN_CONTENT")
        .output()
        .unwrap()
}

#[test]
fn the_stats_command_writes_csv_to_standard_output_and_refuses_an_existing_file() {
    let f = fixture();
    let out = danvan(&f.db, &["--lang", "en", "stats", "--quiz", "q-mot-cua"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with('\u{feff}'), "{text}");
    let lines = csv_rows(text.trim_start_matches('\u{feff}'));
    assert_eq!(
        lines[0],
        [
            "Quiz",
            "Question bank",
            "Question id",
            "Question",
            "Attempts",
            "Facility (%)",
            "Discrimination",
            "Flags"
        ]
    );
    assert_eq!(lines.len(), 5, "{text}");
    let q001 = f.pack.quiz("q-mot-cua").unwrap().questions[0]
        .prompt
        .get(Lang::En);
    assert_eq!(lines[1][..3], ["q-mot-cua", "q-mot-cua", "q001"]);
    assert!(
        q001.starts_with(lines[1][3].trim_end_matches('…')),
        "{q001} / {}",
        lines[1][3]
    );
    assert_eq!(lines[1][4..], ["5", "80", "0.56", ""]);
    assert_eq!(lines[2][2], "q002");
    assert_eq!(
        lines[2][4..],
        ["5", "10", "-0.13", "too hard; discriminates poorly"]
    );
    assert_eq!(lines[3][2], "q005");
    assert_eq!(lines[3][4..], ["5", "40", "0.17", "discriminates poorly"]);
    assert_eq!(lines[4][2], "q006");
    assert_eq!(lines[4][4..], ["5", "100", "", "too easy"]);

    // An unknown quiz, xlsx without --out, an existing file: refused with a message, exit 1.
    let out = danvan(&f.db, &["stats", "--quiz", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
    let out = danvan(&f.db, &["stats", "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    let existing = f._dir.path().join("old.csv");
    std::fs::write(&existing, "keep").unwrap();
    let out = danvan(&f.db, &["stats", "--out", existing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep");
    // A new file gets the same rows.
    let new = f._dir.path().join("stats.csv");
    let out = danvan(
        &f.db,
        &[
            "--lang",
            "en",
            "stats",
            "--quiz",
            "q-mot-cua",
            "--out",
            new.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read_to_string(&new).unwrap(), text);
}

#[test]
fn the_workbook_reads_back_with_numbers_as_numbers() {
    let f = fixture();
    let path = f._dir.path().join("stats.xlsx");
    let i18n = I18n::new(Lang::Vi);
    let n = xlsx_to(&path, &f.store, &f.pack, Some("q-mot-cua"), &i18n).unwrap();
    assert_eq!(n, 4);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = wb.worksheet_range("Thống kê câu hỏi").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 0), Data::String("Bài kiểm tra".into()));
    assert_eq!(cell(0, 5), Data::String("Độ dễ (%)".into()));
    assert_eq!(cell(1, 2), Data::String("q001".into()));
    assert_eq!(cell(1, 4), Data::Float(5.0));
    assert_eq!(cell(1, 5), Data::Float(0.8));
    assert_eq!(cell(1, 6), Data::Float(0.56));
    assert_eq!(cell(1, 7), Data::Empty);
    assert_eq!(cell(2, 5), Data::Float(0.1));
    assert_eq!(cell(2, 6), Data::Float(-0.13));
    assert_eq!(cell(2, 7), Data::String("quá khó; phân biệt kém".into()));
    assert_eq!(cell(4, 2), Data::String("q006".into()));
    assert_eq!(cell(4, 5), Data::Float(1.0));
    assert_eq!(cell(4, 6), Data::Empty);
    assert_eq!(cell(4, 7), Data::String("quá dễ".into()));
    assert!(matches!(cell(5, 0), Data::Empty));
    // Never over a file that is there.
    assert!(xlsx_to(&path, &f.store, &f.pack, None, &i18n).is_err());
}

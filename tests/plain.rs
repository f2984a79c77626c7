//! `danvan quiz ID --plain`: a scripted transcript, the rows it stores, and a process killed
//! midway whose attempt resumes with nothing lost.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use danvan::domain::quiz::engine::{question, Paper};
use danvan::domain::quiz::{draw, grade};
use danvan::store::Store;

fn danvan(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_danvan"));
    c.arg("--db")
        .arg(dir.join("danvan.db"))
        .arg("--lang")
        .arg("vi");
    c.env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT");
    c
}

fn run_with_input(cmd: &mut Command, input: &str) -> (String, String, i32) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// A typed answer for each question of the paper: the right one for even positions, a wrong
/// one for odd positions.
fn script(pack: &danvan::domain::content::Pack, paper: &Paper) -> Vec<String> {
    use danvan::domain::content::QuestionKind::*;
    paper
        .items
        .iter()
        .enumerate()
        .map(|(pos, item)| {
            let q = question(pack, item).unwrap();
            let right = pos % 2 == 0;
            match q.kind {
                Single | Multiple => {
                    let letters: Vec<String> = item
                        .order
                        .iter()
                        .enumerate()
                        .filter(|(_, i)| q.options[**i].correct == right)
                        .map(|(shown, _)| ((b'a' + shown as u8) as char).to_string())
                        .collect();
                    if q.kind == Single {
                        letters[0].clone()
                    } else {
                        letters.join(",")
                    }
                }
                TrueFalse => if q.answer == Some(right) {
                    "đúng"
                } else {
                    "sai"
                }
                .to_string(),
                Text => {
                    if right {
                        q.accept[0].clone()
                    } else {
                        "không nhớ".to_string()
                    }
                }
                // Wrong: the first two swapped.
                Matching | Ordering => {
                    let n = item.order.len();
                    let mut place: Vec<usize> = (0..n)
                        .map(|i| item.order.iter().position(|&o| o == i).unwrap())
                        .collect();
                    if !right {
                        place.swap(0, 1);
                    }
                    let letter = |i: usize| ((b'a' + i as u8) as char).to_string();
                    if q.kind == Matching {
                        let parts: Vec<String> = place
                            .iter()
                            .enumerate()
                            .map(|(l, p)| format!("{}-{}", letter(l), p + 1))
                            .collect();
                        parts.join(", ")
                    } else {
                        let parts: Vec<String> = place.iter().map(|&p| letter(p)).collect();
                        parts.join(", ")
                    }
                }
            }
        })
        .collect()
}

#[test]
fn a_scripted_quiz_gives_its_transcript_and_stores_what_the_engine_grades() {
    let dir = tempfile::tempdir().unwrap();
    let pack = danvan::domain::content::load(&danvan::domain::content::embedded_files())
        .pack
        .unwrap();
    let quiz = pack.quiz("q-dao-duc-cong-vu").unwrap();
    let paper = draw(&pack, quiz, 4242);
    let mut answers = script(&pack, &paper);
    // One unreadable answer, before the first question that is not a free text, is asked again.
    let first_choice = paper
        .items
        .iter()
        .position(|i| {
            question(&pack, i).unwrap().kind != danvan::domain::content::QuestionKind::Text
        })
        .unwrap();
    answers.insert(first_choice, "zz".into());
    // No profile yet: the plain mode asks for a name first.
    let input = format!("Phạm Văn Đức\n{}\n", answers.join("\n"));
    let (stdout, stderr, code) = run_with_input(
        danvan(dir.path()).args(["quiz", "q-dao-duc-cong-vu", "--plain", "--seed", "4242"]),
        &input,
    );
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("plain_transcript_vi", stdout);

    let store = Store::open(&dir.path().join("danvan.db")).unwrap();
    let person = store.people().unwrap().pop().unwrap();
    assert_eq!(person.full_name, "Phạm Văn Đức");
    let attempts = store.attempts(&person.id, "q-dao-duc-cong-vu").unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(
        attempts[0].paper, paper,
        "the same paper as the engine draws from the seed"
    );
    let stored = store.answers(&attempts[0].id).unwrap();
    assert_eq!(stored.len(), paper.items.len());
    for (a, item) in stored.iter().zip(&paper.items) {
        let q = question(&pack, item).unwrap();
        let g = grade(q, &a.response);
        assert_eq!(
            (a.correct, a.earned),
            (g.correct, g.earned),
            "{}",
            a.question_id
        );
        assert_eq!(a.correct, a.position % 2 == 0, "{}", a.question_id);
    }
    let earned: u32 = stored.iter().map(|a| a.earned).sum();
    assert_eq!(attempts[0].earned, Some(earned));
}

#[cfg(unix)]
#[test]
fn a_killed_quiz_resumes_with_nothing_lost_and_a_changed_quiz_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let pack = danvan::domain::content::load(&danvan::domain::content::embedded_files())
        .pack
        .unwrap();
    let quiz = pack.quiz("q-mot-cua").unwrap();
    let paper = draw(&pack, quiz, 99);
    let answers = script(&pack, &paper);

    let mut child = danvan(dir.path())
        .args(["quiz", "q-mot-cua", "--plain", "--seed", "99"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    writeln!(stdin, "Hoàng Thị Lan").unwrap();
    // Answer three questions, each after its prompt appears, then wait for the fourth.
    for (i, a) in answers.iter().take(3).enumerate() {
        let header = format!("Câu {}/", i + 1);
        for line in lines.by_ref() {
            if line.unwrap().starts_with(&header) {
                break;
            }
        }
        writeln!(stdin, "{a}").unwrap();
        stdin.flush().unwrap();
    }
    for line in lines.by_ref() {
        if line.unwrap().starts_with("Câu 4/") {
            break;
        }
    }
    // The power cut: SIGKILL, no chance to clean up.
    child.kill().unwrap();
    child.wait().unwrap();

    {
        let store = Store::open(&dir.path().join("danvan.db")).unwrap();
        let ok: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        let person = store.people().unwrap().pop().unwrap();
        let open = store
            .open_attempt(&person.id, "q-mot-cua", false)
            .unwrap()
            .expect("left open");
        assert_eq!(store.answers(&open.id).unwrap().len(), 3);
    }

    // Restart: the attempt resumes at question 4 with the three answers kept.
    let rest = answers[3..].join("\n");
    let (stdout, _, code) = run_with_input(
        danvan(dir.path()).args(["quiz", "q-mot-cua", "--plain"]),
        &format!("{rest}\n"),
    );
    assert_eq!(code, 0);
    assert!(stdout.contains("đã trả lời 3/15 câu"), "{stdout}");
    assert!(
        !stdout.contains("Câu 3/15"),
        "answered questions are not asked again"
    );
    assert!(stdout.contains("Câu 4/15"));

    // Kill again midway, then edit the quiz: the open attempt is closed and graded on its answers.
    let (_, _, code) = run_with_input(
        danvan(dir.path()).args(["quiz", "q-mot-cua", "--plain", "--seed", "5"]),
        &format!("{}\n", answers[0]),
    );
    assert_eq!(code, 0);
    let pack_dir = dir.path().join("pack");
    for sub in ["courses", "quizzes"] {
        std::fs::create_dir_all(pack_dir.join(sub)).unwrap();
        for f in
            std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(sub)).unwrap()
        {
            let f = f.unwrap();
            std::fs::copy(f.path(), pack_dir.join(sub).join(f.file_name())).unwrap();
        }
    }
    let path = pack_dir.join("quizzes/q-mot-cua.toml");
    let text =
        std::fs::read_to_string(&path)
            .unwrap()
            .replacen("pass_mark = 80", "pass_mark = 70", 1);
    std::fs::write(&path, text).unwrap();
    let (stdout, _, code) = run_with_input(
        danvan(dir.path())
            .arg("--content")
            .arg(&pack_dir)
            .args(["quiz", "q-mot-cua", "--plain"]),
        "",
    );
    assert_eq!(code, 0);
    assert!(stdout.contains("đã được cập nhật"), "{stdout}");
    let store = Store::open(&dir.path().join("danvan.db")).unwrap();
    let person = store.people().unwrap().pop().unwrap();
    let all = store.attempts(&person.id, "q-mot-cua").unwrap();
    assert!(all
        .iter()
        .any(|a| a.status == danvan::domain::attempt::AttemptStatus::ClosedChanged));
}

/// A pack whose first question has feedback on two of its options.
fn feedback_pack(dir: &std::path::Path) -> std::path::PathBuf {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid/option-feedback");
    let to = dir.join("pack");
    for sub in ["courses", "quizzes"] {
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for e in std::fs::read_dir(from.join(sub)).unwrap() {
            let e = e.unwrap();
            let text = std::fs::read_to_string(e.path()).unwrap();
            // Without the fixture's fault (an ESC in the feedback) the pack is valid.
            std::fs::write(
                to.join(sub).join(e.file_name()),
                text.replace(r"\u001b[2J", ""),
            )
            .unwrap();
        }
    }
    to
}

#[test]
fn the_feedback_of_the_chosen_option_is_shown_after_answering_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let content = feedback_pack(dir.path());
    let pack =
        danvan::domain::content::load(&danvan::domain::content::folder_files(&content).unwrap())
            .pack
            .expect("the pack loads");
    let quiz = pack.quiz("q-mini").unwrap();
    let paper = draw(&pack, quiz, 7);
    // Option b (wrong, with feedback) for the choice question, "đúng" for the other.
    let answers: Vec<String> = paper
        .items
        .iter()
        .map(|item| {
            let q = question(&pack, item).unwrap();
            match item.order.iter().position(|&i| q.options[i].id == "b") {
                Some(shown) => ((b'a' + shown as u8) as char).to_string(),
                None => "đúng".to_string(),
            }
        })
        .collect();
    let shown_b = paper
        .items
        .iter()
        .find_map(|item| {
            let q = question(&pack, item).unwrap();
            item.order.iter().position(|&i| q.options[i].id == "b")
        })
        .unwrap();
    let label = (b'a' + shown_b as u8) as char;
    for (lang, heading, feedback) in [
        (
            "vi",
            "Nhận xét về phương án bạn chọn:",
            "Đó là năm Luật được thông qua.",
        ),
        (
            "en",
            "On the option you chose:",
            "That is the year the Law was passed.",
        ),
    ] {
        let db_dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_danvan"));
        cmd.arg("--db")
            .arg(db_dir.path().join("danvan.db"))
            .args(["--lang", lang, "--content"])
            .arg(&content)
            .args(["quiz", "q-mini", "--plain", "--seed", "7"])
            .env_remove("DANVAN_DB")
            .env_remove("DANVAN_LANG")
            .env_remove("DANVAN_CONTENT");
        let input = format!("Phạm Văn Đức\n{}\n", answers.join("\n"));
        let (stdout, stderr, code) = run_with_input(&mut cmd, &input);
        assert_eq!(code, 0, "{stderr}");
        let lines: Vec<&str> = stdout.lines().collect();
        let at = lines
            .iter()
            .position(|l| *l == heading)
            .unwrap_or_else(|| panic!("no {heading:?} in:\n{stdout}"));
        assert_eq!(lines[at + 1], format!("  {label}) {feedback}"), "{stdout}");
        // Only the chosen option's feedback: the right option's is not shown.
        assert!(
            !lines
                .iter()
                .any(|l| l.ends_with(") Right.") || l.ends_with(") Đúng.")),
            "{stdout}"
        );
        assert_eq!(stdout.matches(heading).count(), 1, "{stdout}");
    }
}

#[test]
fn matching_and_ordering_are_answered_as_letters_and_numbers_with_clear_errors() {
    let content =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arranged-pack");
    let pack =
        danvan::domain::content::load(&danvan::domain::content::folder_files(&content).unwrap())
            .pack
            .unwrap();
    let quiz = pack.quiz("q-ghep").unwrap();
    let paper = draw(&pack, quiz, 11);
    // The matching question right, the ordering one wrong (its first two swapped), after typing
    // faulty answers that are asked again.
    let answers = script(&pack, &paper);
    let input = format!(
        "Phạm Văn Đức\na2, b-1\na-1, a-2, b-3\nz-1\na-9\n{}\nc, c, a, b\na, b\n{}\n",
        answers[0], answers[1]
    );
    for (lang, expected) in [
        (
            "vi",
            [
                "còn thiếu: c",
                "a được ghi hai lần; mỗi chữ cái chỉ ghi một lần",
                "“z-1” không có trong danh sách",
                "“a-9” không có trong danh sách",
                "c được ghi hai lần; mỗi chữ cái chỉ ghi một lần",
                "còn thiếu: c, d",
            ],
        ),
        (
            "en",
            [
                "still missing: c",
                "a is given twice; give each letter once",
                "“z-1” is not on the list shown",
                "“a-9” is not on the list shown",
                "c is given twice; give each letter once",
                "still missing: c, d",
            ],
        ),
    ] {
        let db = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_danvan"));
        cmd.arg("--db")
            .arg(db.path().join("danvan.db"))
            .args(["--lang", lang, "--content"])
            .arg(&content)
            .args(["quiz", "q-ghep", "--plain", "--seed", "11"])
            .env_remove("DANVAN_DB")
            .env_remove("DANVAN_LANG")
            .env_remove("DANVAN_CONTENT");
        let (stdout, stderr, code) = run_with_input(&mut cmd, &input);
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(format!("plain_arranged_{lang}"), stdout);
        for e in expected {
            assert!(stdout.contains(e), "{e:?} in:\n{stdout}");
        }
        let store = Store::open(&db.path().join("danvan.db")).unwrap();
        let person = store.people().unwrap().pop().unwrap();
        let attempt = store.attempts(&person.id, "q-ghep").unwrap().pop().unwrap();
        let stored = store.answers(&attempt.id).unwrap();
        // 3 points for the pairs, all right; the 4 steps with two swapped: 2 of 4 places, 1 of 2 points.
        let earned: Vec<(bool, u32)> = stored.iter().map(|a| (a.correct, a.earned)).collect();
        assert_eq!(earned, [(true, 300), (false, 100)]);
    }
}

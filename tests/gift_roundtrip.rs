//! GIFT both ways: every built-in bank exported with `export-gift`, imported again with
//! `import-gift`, gives the same questions (ids, prompts, options, keys, credits, feedback,
//! accepted answers, points) and the same grade for every answer tried; and the command's file
//! handling.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use danvan::domain::content::canon::question_hash;
use danvan::domain::content::{self, Pack, PackFile, Question, QuestionKind, Text};
use danvan::domain::quiz::{grade, Response};
use danvan::io::gift;

fn builtin() -> Pack {
    content::load(&content::embedded_files())
        .pack
        .expect("the built-in pack loads")
}

/// `bank` exported, imported under the id `rt-<bank>`, and loaded with the built-in pack.
fn round_trip(pack: &Pack, bank: &str) -> (gift::Exported, Pack) {
    let quiz = pack.quiz(bank).unwrap();
    let exported = gift::export(pack, quiz);
    let course = quiz.course.as_deref().expect("a bank belongs to a course");
    let lesson = &pack.course(course).unwrap().lessons[0].id;
    let rt_id = format!("rt-{bank}");
    let conv = gift::convert(&exported.gift, &rt_id, course, lesson, bank);
    assert!(
        conv.problems.is_empty(),
        "{bank}: {:?}\n{}",
        conv.problems,
        exported.gift
    );
    let mut files = content::embedded_files();
    files.push(PackFile {
        path: format!("quizzes/{rt_id}.toml"),
        bytes: conv.toml.into_bytes(),
    });
    let loaded = content::load(&files);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == content::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{bank}: {errors:?}");
    (
        exported,
        loaded.pack.expect("the pack with the imported bank loads"),
    )
}

/// Responses that probe every grading path of a question.
fn probes(q: &Question) -> Vec<Response> {
    let ids: Vec<String> = q.options.iter().map(|o| o.id.clone()).collect();
    let mut out = vec![danvan::domain::quiz::engine::right_response(q)];
    match q.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            out.push(Response::Choice(vec![]));
            out.push(Response::Choice(ids.clone()));
            // Every subset of up to 6 options: each combination of credits.
            let n = ids.len().min(6);
            for mask in 1u32..(1 << n) {
                let chosen = (0..n)
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| ids[i].clone())
                    .collect();
                out.push(Response::Choice(chosen));
            }
        }
        QuestionKind::TrueFalse => {
            out.push(Response::Bool(true));
            out.push(Response::Bool(false));
        }
        QuestionKind::Text => {
            for a in &q.accept {
                out.push(Response::Text(a.clone()));
                out.push(Response::Text(danvan::domain::text::fold(a)));
                out.push(Response::Text(a.to_uppercase()));
                out.push(Response::Text(format!("{a} x")));
            }
            out.push(Response::Text(String::new()));
        }
        QuestionKind::Matching => {
            // Every way of giving each left item a right one (up to 4 pairs: 256 answers).
            let n = q.pairs.len().min(4);
            for code in 0..n.pow(n as u32) {
                let given = (0..n)
                    .map(|l| {
                        let r = code / n.pow(l as u32) % n;
                        (q.pairs[l].id.clone(), q.pairs[r].id.clone())
                    })
                    .collect();
                out.push(Response::Pairs(given));
            }
        }
        QuestionKind::Ordering => {
            let mut ids: Vec<String> = q.items.iter().map(|i| i.id.clone()).collect();
            ids.reverse();
            out.push(Response::Order(ids));
        }
    }
    out
}

fn vi(t: &Option<Text>) -> Option<&str> {
    t.as_ref().map(|t| t.vi.as_str())
}

#[test]
fn every_builtin_bank_survives_export_and_import_with_the_same_questions_and_scores() {
    let pack = builtin();
    let banks: Vec<&str> = pack
        .quizzes
        .iter()
        .filter(|q| !q.questions.is_empty())
        .map(|q| q.id.as_str())
        .collect();
    assert!(banks.len() >= 3, "{banks:?}");
    let mut compared = 0;
    for bank in banks {
        let (exported, with) = round_trip(&pack, bank);
        let before = pack.quiz(bank).unwrap();
        let after = with.quiz(&format!("rt-{bank}")).unwrap();
        // The built-in banks have nothing GIFT cannot express.
        assert!(
            exported.notes.iter().all(|n| !n.kind.skipped()),
            "{bank}: {:?}",
            exported.notes
        );
        assert_eq!(exported.exported, before.questions.len(), "{bank}");
        assert_eq!(after.questions.len(), before.questions.len(), "{bank}");
        for (a, b) in before.questions.iter().zip(&after.questions) {
            let at = format!("{bank}/{}", a.id);
            assert_eq!(a.id, b.id, "{at}: the title is the id");
            assert_eq!(a.kind, b.kind, "{at}");
            assert_eq!(a.points, b.points, "{at}");
            assert_eq!(a.prompt.vi, b.prompt.vi, "{at}");
            assert_eq!(a.explanation.vi, b.explanation.vi, "{at}");
            assert_eq!(a.answer, b.answer, "{at}");
            assert_eq!(a.accept, b.accept, "{at}");
            assert_eq!(a.ignore_diacritics, b.ignore_diacritics, "{at}");
            assert_eq!(a.options.len(), b.options.len(), "{at}");
            for (x, y) in a.options.iter().zip(&b.options) {
                assert_eq!(
                    (&x.id, &x.text.vi, x.correct, x.credit, vi(&x.feedback)),
                    (&y.id, &y.text.vi, y.correct, y.credit, vi(&y.feedback)),
                    "{at}"
                );
            }
            // Everything grading reads, in one comparison.
            assert_eq!(question_hash("b", a), question_hash("b", b), "{at}");
            for r in probes(a) {
                assert_eq!(grade(a, &r), grade(b, &r), "{at}: {r:?}");
            }
            compared += 1;
        }
    }
    assert!(compared >= 100, "{compared} questions compared");
}

#[test]
fn option_feedback_and_points_go_to_gift_and_come_back() {
    let mut pack = builtin();
    let bank = pack
        .quizzes
        .iter_mut()
        .find(|q| q.id == "q-mot-cua")
        .unwrap();
    let single = bank
        .questions
        .iter_mut()
        .find(|q| q.kind == QuestionKind::Single)
        .unwrap();
    single.points = 3;
    single.options[1].feedback = Some(Text::new(
        "Sai: xem {Điều 5} #2 ~ = \\ và\ndòng hai.",
        Some("Wrong."),
    ));
    let id = single.id.clone();
    let (exported, with) = round_trip(&pack, "q-mot-cua");
    assert!(
        exported
            .gift
            .contains("#Sai\\: xem \\{Điều 5\\} \\#2 \\~ \\= \\\\ và\\ndòng hai.\n"),
        "{}",
        exported.gift
    );
    assert!(exported
        .gift
        .contains(&format!("// danvan: points=3\n::{id}::")));
    let q = with
        .quiz("rt-q-mot-cua")
        .unwrap()
        .questions
        .iter()
        .find(|q| q.id == id)
        .unwrap();
    assert_eq!(q.points, 3);
    assert_eq!(
        vi(&q.options[1].feedback),
        Some("Sai: xem {Điều 5} #2 ~ = \\ và\ndòng hai.")
    );
    assert_eq!(q.options[0].feedback, None);
}

#[test]
fn a_multiple_choice_question_graded_all_or_nothing_is_skipped_with_a_note() {
    let mut pack = builtin();
    let bank = pack
        .quizzes
        .iter_mut()
        .find(|q| q.id == "q-mot-cua")
        .unwrap();
    let multiple = bank
        .questions
        .iter_mut()
        .find(|q| q.kind == QuestionKind::Multiple)
        .unwrap();
    for o in &mut multiple.options {
        o.credit = None;
    }
    let id = multiple.id.clone();
    let total = bank.questions.len();
    let exported = gift::export(&pack, pack.quiz("q-mot-cua").unwrap());
    assert_eq!(exported.exported, total - 1);
    let skipped: Vec<_> = exported.notes.iter().filter(|n| n.kind.skipped()).collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(
        (skipped[0].bank.as_str(), skipped[0].question.as_str()),
        ("q-mot-cua", id.as_str())
    );
    assert!(!exported.gift.contains(&format!("::{id}::")));
}

#[test]
fn a_matching_question_goes_to_gift_and_back_and_an_ordering_one_is_skipped_with_a_note() {
    let dir = root().join("tests/fixtures/arranged-pack");
    let pack = content::load(&content::folder_files(&dir).unwrap())
        .pack
        .unwrap();
    let quiz = pack.quiz("q-ghep").unwrap();
    let exported = gift::export(&pack, quiz);
    assert_eq!(exported.exported, 1);
    assert_eq!(
        exported.notes,
        vec![gift::ExportNote {
            bank: "q-ghep".into(),
            question: "o001".into(),
            kind: gift::NoteKind::Ordering,
        }]
    );
    assert!(
        exported
            .gift
            .contains("\t=Luật số 10/2022/QH15 -> Năm 2022\n"),
        "{}",
        exported.gift
    );
    assert!(!exported.gift.contains("o001"));
    let conv = gift::convert(&exported.gift, "rt", "mini", "bai-mot", "q-ghep");
    assert!(conv.problems.is_empty(), "{:?}", conv.problems);
    let mut files = content::folder_files(&dir).unwrap();
    files.push(PackFile {
        path: "quizzes/rt.toml".into(),
        bytes: conv.toml.into_bytes(),
    });
    let with = content::load(&files).pack.expect("loads");
    let (a, b) = (&quiz.questions[0], &with.quiz("rt").unwrap().questions[0]);
    assert_eq!(
        (a.id.as_str(), b.kind, b.points),
        ("m001", QuestionKind::Matching, 3)
    );
    for (x, y) in a.pairs.iter().zip(&b.pairs) {
        assert_eq!(
            (&x.id, &x.left.vi, &x.right.vi),
            (&y.id, &y.left.vi, &y.right.vi)
        );
    }
    assert_eq!(question_hash("b", a), question_hash("b", b));
    for r in probes(a) {
        assert_eq!(grade(a, &r), grade(b, &r), "{r:?}");
    }
}

// ---- the command ----

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn danvan(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_danvan"))
        .current_dir(root())
        .args(args)
        .arg("--db")
        .arg(dir.join("x.db"))
        .args(["--lang", "en"])
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

#[test]
fn export_gift_writes_every_bank_of_an_exam_to_stdout_or_a_new_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = danvan(tmp.path(), &["export-gift", "final-exam"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let gift_text = text(&out.stdout);
    let pack = builtin();
    for d in &pack.quiz("final-exam").unwrap().draw {
        assert!(
            gift_text.contains(&format!("\n$CATEGORY: $course$/{}\n", d.from)),
            "{}",
            d.from
        );
    }
    let total: usize = gift::banks(&pack, pack.quiz("final-exam").unwrap())
        .iter()
        .map(|b| b.questions.len())
        .sum();
    let stderr = text(&out.stderr);
    assert!(
        stderr.ends_with(&format!("Exported {total} questions, skipped 0.\n")),
        "{stderr}"
    );
    // Notes name the question: bank/id.
    for line in stderr.lines().filter(|l| l.contains(": warning: ")) {
        let (at, _) = line.split_once(": warning: ").unwrap();
        let (bank, q) = at.split_once('/').unwrap();
        assert!(
            pack.quiz(bank).unwrap().questions.iter().any(|x| x.id == q),
            "{line}"
        );
    }

    // --out: a new file, the same text; an existing one is refused and kept.
    let file = tmp.path().join("exam.gift");
    let file_s = file.to_str().unwrap();
    let out = danvan(tmp.path(), &["export-gift", "final-exam", "--out", file_s]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), gift_text);
    std::fs::write(&file, "giữ nguyên").unwrap();
    let again = danvan(tmp.path(), &["export-gift", "q-mot-cua", "--out", file_s]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "giữ nguyên");

    let unknown = danvan(tmp.path(), &["export-gift", "khong-co"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("\"khong-co\""));
    assert!(!tmp.path().join("x.db").exists(), "no database is created");
}

#[test]
fn the_exported_file_imports_with_the_command_and_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("q-mot-cua.gift");
    let out = danvan(
        tmp.path(),
        &["export-gift", "q-mot-cua", "--out", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let imported = danvan(
        tmp.path(),
        &[
            "import-gift",
            file.to_str().unwrap(),
            "--quiz",
            "q-lai",
            "--course",
            "mot-cua",
        ],
    );
    let stderr = text(&imported.stderr);
    assert!(imported.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let pack_dir = tmp.path().join("pack");
    for sub in ["courses", "quizzes"] {
        std::fs::create_dir_all(pack_dir.join(sub)).unwrap();
        for e in std::fs::read_dir(root().join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), pack_dir.join(sub).join(e.file_name())).unwrap();
        }
    }
    std::fs::write(pack_dir.join("quizzes/q-lai.toml"), &imported.stdout).unwrap();
    let check = danvan(tmp.path(), &["check", pack_dir.to_str().unwrap()]);
    let report = text(&check.stdout);
    assert!(check.status.success(), "{report}");
    assert!(report.contains("0 errors"), "{report}");
}

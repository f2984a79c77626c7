//! The self-assessment: checklist fixtures, and a year's assessment through the store.

use std::path::Path;
use std::process::Command;

use danvan::domain::assessment::record::{Edit, FileState};
use danvan::domain::assessment::Answer;
use danvan::domain::people::{NewUnit, UnitKind};
use danvan::io::file::sha256_file;
use danvan::store::{Store, StoreError};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/checklists")
        .join(name)
}

fn check(dir: &Path) -> (String, i32) {
    let db = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("check")
        .arg(dir)
        .args(["--lang", "en", "--db"])
        .arg(db.path().join("x.db"))
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn the_valid_checklist_passes_and_loads() {
    let (out, code) = check(&fixture("valid"));
    assert_eq!((out.as_str(), code), ("0 errors, 0 warnings\n", 0));
    let loaded = danvan::domain::content::load(
        &danvan::domain::content::folder_files(&fixture("valid")).unwrap(),
    );
    let pack = loaded.pack.unwrap();
    let c = &pack.checklists[0];
    assert_eq!((c.deadline_day, c.deadline_month), (30, 11));
    assert_eq!(c.tasks.iter().map(|t| t.points).sum::<u32>(), 100);
    assert_eq!(c.rubric.bands.len(), 4);
}

#[test]
fn each_invalid_checklist_names_its_line() {
    for (name, line) in [
        ("points", "checklists/mini.toml:36:10: error: task 1 is worth 60 points but its criteria add to 65"),
        ("overlap", "checklists/mini.toml:20:7: error: rating bands overlap: 90 is not below the band above (90)"),
        ("gap", "checklists/mini.toml:30:7: error: the rating bands leave a gap: the lowest starts at 10, not 0"),
        ("no-evidence", "checklists/mini.toml:92:6: error: criterion \"t2-b\" says nothing of its evidence"),
        ("no-citation", "checklists/mini.toml:103:6: error: criterion \"t2-c\" cites no source"),
        ("bad-rescale", "checklists/mini.toml:10:11: error: \"per-task\" is not a scoring rule: use \"within-task\" or \"all-criteria\""),
        ("no-rescale", "checklists/mini.toml:7:1: error: the rubric does not say how scores are rescaled when criteria do not apply: add rescale = \"within-task\" (each task keeps its weight) or rescale = \"all-criteria\" (all criteria pooled)"),
    ] {
        let (out, code) = check(&fixture(name));
        assert_eq!(code, 1, "{name}");
        assert_eq!(out, format!("{line}\n1 error, 0 warnings\n"), "{name}");
    }
}

#[test]
fn the_built_in_checklist_covers_the_ten_tasks() {
    let pack = danvan::domain::content::load(&danvan::domain::content::embedded_files())
        .pack
        .unwrap();
    let c = danvan::service::assessment::checklist(&pack).unwrap();
    assert_eq!(
        c.tasks.iter().map(|t| t.number).collect::<Vec<_>>(),
        (1..=10).collect::<Vec<_>>()
    );
    for t in &c.tasks {
        assert!((3..=6).contains(&t.criteria.len()), "task {}", t.number);
        for cr in &t.criteria {
            assert!(
                !cr.evidence.vi.is_empty() && !cr.cites.is_empty() && !cr.clause.vi.is_empty(),
                "{}",
                cr.id
            );
        }
    }
    assert_eq!(c.tasks.iter().map(|t| t.points).sum::<u32>(), 100);
    let labels: Vec<_> = c
        .rubric
        .bands
        .iter()
        .map(|b| (b.min, b.label.vi.as_str()))
        .collect();
    assert_eq!(
        labels,
        vec![
            (90, "Hoàn thành xuất sắc"),
            (70, "Hoàn thành tốt"),
            (50, "Hoàn thành"),
            (0, "Không hoàn thành")
        ]
    );
    assert_eq!(c.recipient.vi, "Sở Nội vụ");
    // Every kind of unit has something to answer in most tasks.
    for kind in ["department", "commune", "public-service", "other"] {
        let tasks_with = c
            .tasks
            .iter()
            .filter(|t| t.criteria.iter().any(|cr| cr.applies_to_kind(kind)))
            .count();
        assert!(tasks_with >= 9, "{kind}: {tasks_with}");
    }
}

#[test]
fn an_assessment_is_filled_finalized_locked_reopened_and_carried_to_next_year() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("danvan.db")).unwrap();
    let pack = danvan::domain::content::load(
        &danvan::domain::content::folder_files(&fixture("valid")).unwrap(),
    )
    .pack
    .unwrap();
    let c = pack.checklists[0].clone();
    let unit = store
        .add_unit(&NewUnit {
            code: "UBND-HB".into(),
            name: "UBND xã Hòa Bình".into(),
            kind: UnitKind::Commune,
            parent_id: None,
        })
        .unwrap();
    let a = danvan::service::assessment::start(&mut store, &c, &unit, 2025, false).unwrap();
    let evidence = dir.path().join("bien-ban.txt");
    std::fs::write(&evidence, "Biên bản hội nghị quán triệt").unwrap();
    let edits = [
        ("t1-a", Answer::Yes),
        ("t1-b", Answer::Value(1)),
        ("t1-c", Answer::Value(100)),
        ("t2-a", Answer::Partly),
        ("t2-b", Answer::NotApplicable),
    ];
    for (id, answer) in edits {
        let edit = Edit {
            answer: Some(answer),
            evidence: Some(format!("Minh chứng cho {id}")),
            note: Some("Ghi chú, có dấu phẩy".into()),
        };
        store.edit_criterion(&a.id, id, &edit, None).unwrap();
        // Saved when made: a second connection sees it at once.
        let other = Store::open(&dir.path().join("danvan.db")).unwrap();
        assert_eq!(
            other
                .criterion_answers(&a.id)
                .unwrap()
                .iter()
                .find(|x| x.criterion_id == id)
                .unwrap()
                .answer,
            answer
        );
    }
    store
        .attach_evidence(&a.id, "t1-a", &evidence, None, sha256_file)
        .unwrap();
    let answers = store.criterion_answers(&a.id).unwrap();
    let score = danvan::service::assessment::score(&c, &unit, &answers);
    // Within task: t1 (weight 60) 20 + 10 (1 of 2) + 20 = 50 of 60; t2 (weight 40) 10 (partly) +
    // n/a + 0 (t2-c unanswered) = 10 of 30 → 60 × 50/60 + 40 × 10/30 = 50 + 13,33 = 63,33.
    assert_eq!(score.hundredths, 6_333);
    assert_eq!(score.unanswered, 1);

    danvan::service::assessment::finalize(&mut store, &c, &unit, &a, None).unwrap();
    let err = store.edit_criterion(
        &a.id,
        "t2-c",
        &Edit {
            answer: Some(Answer::Yes),
            ..Default::default()
        },
        None,
    );
    assert!(matches!(err, Err(StoreError::Locked { .. })), "{err:?}");
    assert!(matches!(
        store.attach_evidence(&a.id, "t2-c", &evidence, None, sha256_file),
        Err(StoreError::Locked { .. })
    ));

    // The evidence file changes after finalizing: it shows.
    std::fs::write(&evidence, "Biên bản đã bị sửa").unwrap();
    let states = store.evidence_states(&a.id, sha256_file).unwrap();
    assert_eq!(states[0].1, FileState::Changed);
    std::fs::remove_file(&evidence).unwrap();
    assert_eq!(
        store.evidence_states(&a.id, sha256_file).unwrap()[0].1,
        FileState::Missing
    );

    // Reopening needs a reason; the finalized version and the reason are kept.
    assert!(matches!(
        store.reopen_assessment(&a.id, None, "   "),
        Err(StoreError::Invalid { .. })
    ));
    store
        .reopen_assessment(&a.id, None, "Bổ sung tiêu chí t2-c")
        .unwrap();
    store
        .edit_criterion(
            &a.id,
            "t2-c",
            &Edit {
                answer: Some(Answer::Yes),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    danvan::service::assessment::finalize(&mut store, &c, &unit, &a, None).unwrap();
    let history = store.assessment_history(&a.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].score_hundredths, 6_333);
    assert_eq!(
        history[0].reopen_reason.as_deref(),
        Some("Bổ sung tiêu chí t2-c")
    );
    assert!(
        history[0].answers.iter().all(|x| x.criterion_id != "t2-c"),
        "the first version is kept as it was"
    );
    // t2-c now "yes" (10): t2 is 20 of 30 → 50 + 40 × 20/30 = 76,67.
    assert_eq!(history[1].score_hundredths, 7_667);
    assert_eq!(
        history[1].rule,
        danvan::domain::content::Rescale::WithinTask
    );
    assert!(history[1].reopen_reason.is_none());

    // Next year from last year's answers: copied and marked until confirmed.
    let next = danvan::service::assessment::start(&mut store, &c, &unit, 2026, true).unwrap();
    let copied = store.criterion_answers(&next.id).unwrap();
    assert_eq!(copied.len(), 6);
    assert!(copied.iter().all(|x| x.from_last_year));
    store
        .edit_criterion(
            &next.id,
            "t1-a",
            &Edit {
                answer: Some(Answer::Yes),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let after = store.criterion_answers(&next.id).unwrap();
    assert!(
        !after
            .iter()
            .find(|x| x.criterion_id == "t1-a")
            .unwrap()
            .from_last_year
    );
    assert!(
        after
            .iter()
            .find(|x| x.criterion_id == "t1-b")
            .unwrap()
            .from_last_year
    );
    // One assessment per unit and year.
    assert!(matches!(
        danvan::service::assessment::start(&mut store, &c, &unit, 2026, false),
        Err(StoreError::Duplicate { .. })
    ));
    let ok: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn days_left_come_from_the_checklist() {
    let pack = danvan::domain::content::load(
        &danvan::domain::content::folder_files(&fixture("valid")).unwrap(),
    )
    .pack
    .unwrap();
    let c = &pack.checklists[0];
    use time::macros::date;
    assert_eq!(
        danvan::service::assessment::days_left(c, date!(2026 - 11 - 26)),
        Some(4)
    );
    assert_eq!(
        danvan::service::assessment::days_left(c, date!(2026 - 12 - 01)),
        Some(-1)
    );
}

fn danvan(args: &[&str]) -> (String, i32) {
    let db = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(args)
        .args(["--lang", "en", "--db"])
        .arg(db.path().join("x.db"))
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn coverage_lists_each_task_and_warns_where_nothing_covers_it() {
    let (out, code) = danvan(&["check", "--coverage"]);
    assert_eq!(code, 0);
    for task in 1..=10 {
        assert!(out.contains(&format!("Task {task}: ")), "{out}");
    }
    assert!(!out.contains("warning:"), "{out}");
    assert!(out.ends_with("0 errors, 0 warnings\n"), "{out}");
    // The fixture pack has a checklist but no lessons or questions: every task is warned about.
    let dir = fixture("valid");
    let (out, code) = danvan(&["check", dir.to_str().unwrap(), "--coverage"]);
    assert_eq!(code, 0);
    assert!(out.contains("warning: no lessons cover task 1"), "{out}");
    assert!(out.contains("warning: no criteria cover task 3"), "{out}");
    assert!(out.ends_with("0 errors, 28 warnings\n"), "{out}");
}

#[test]
fn stats_show_criteria_per_task() {
    let (out, code) = danvan(&["check", "--stats"]);
    assert_eq!(code, 0);
    assert!(out.contains("Checklist\tTask\tCriteria\n"), "{out}");
    assert!(out.contains("ten-tasks\t6\t3\n"), "{out}");
}

//! Scoring from hand-computed sheets.

use danvan::domain::assessment::{band_for, display, score, Answer};
use danvan::domain::content::*;

fn text(s: &str) -> Text {
    Text::new(s, Some(s))
}

fn criterion(
    id: &str,
    kind: CriterionKind,
    target: Option<u32>,
    points: u32,
    critical: bool,
    applies: &[&str],
) -> Criterion {
    Criterion {
        id: id.into(),
        text: text(id),
        clause: text("…"),
        kind,
        target,
        points,
        evidence: text("biên bản"),
        applies_to: applies.iter().map(|s| s.to_string()).collect(),
        critical,
        cites: vec![],
    }
}

/// Task 1 (60): c1 yes/no 40, c2 count ≥ 2 worth 20. Task 2 (40): c3 percent ≥ 100 worth 30
/// (critical), c4 yes/no 10 (communes only). Scored under the pooled rule (`all-criteria`), which
/// the older hand-computed sheets below were worked under; `within()` is the same checklist under
/// `within-task`.
fn checklist() -> Checklist {
    let band = |id: &str, min, label: &str| Band {
        id: id.into(),
        min,
        label: text(label),
    };
    Checklist {
        id: "mini".into(),
        version: "1".into(),
        title: text("mini"),
        deadline_day: 30,
        deadline_month: 11,
        recipient: text("Sở Nội vụ"),
        rubric: Rubric {
            partly_percent: 50,
            below_target: BelowTarget::Proportional,
            bands: vec![
                band("xuat-sac", 90, "Hoàn thành xuất sắc"),
                band("tot", 70, "Hoàn thành tốt"),
                band("hoan-thanh", 50, "Hoàn thành"),
                band("khong-hoan-thanh", 0, "Không hoàn thành"),
            ],
            critical_cap: Some("hoan-thanh".into()),
            rescale: Rescale::AllCriteria,
            cites: vec![],
        },
        tasks: vec![
            Task {
                number: 1,
                title: text("t1"),
                points: 60,
                criteria: vec![
                    criterion("c1", CriterionKind::YesNo, None, 40, false, &[]),
                    criterion("c2", CriterionKind::Count, Some(2), 20, false, &[]),
                ],
            },
            Task {
                number: 2,
                title: text("t2"),
                points: 40,
                criteria: vec![
                    criterion("c3", CriterionKind::Percent, Some(100), 30, true, &[]),
                    criterion("c4", CriterionKind::YesNo, None, 10, false, &["commune"]),
                ],
            },
        ],
    }
}

fn within() -> Checklist {
    let mut c = checklist();
    c.rubric.rescale = Rescale::WithinTask;
    c
}

fn sheet<'a>(answers: &'a [(&'a str, Answer)]) -> impl Fn(&str) -> Answer + 'a {
    move |id| {
        answers
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, a)| *a)
            .unwrap_or(Answer::Unanswered)
    }
}

#[test]
fn all_yes_is_100() {
    let c = checklist();
    let s = score(
        &c,
        "commune",
        sheet(&[
            ("c1", Answer::Yes),
            ("c2", Answer::Value(2)),
            ("c3", Answer::Value(100)),
            ("c4", Answer::Yes),
        ]),
    );
    assert_eq!(s.hundredths, 10_000);
    assert_eq!(display(s.hundredths, true), "100,00");
    assert_eq!(s.band.as_deref(), Some("xuat-sac"));
    assert_eq!(s.unanswered, 0);
    assert_eq!(s.tasks[0].percent_hundredths(), Some(10_000));
}

#[test]
fn not_applicable_is_taken_out_and_the_score_rescaled() {
    let c = checklist();
    // c4 not applicable; c1 partly: 20 of 40; the rest full → 20 + 20 + 30 = 70 of 90 = 77,78.
    let s = score(
        &c,
        "commune",
        sheet(&[
            ("c1", Answer::Partly),
            ("c2", Answer::Value(5)),
            ("c3", Answer::Value(100)),
            ("c4", Answer::NotApplicable),
        ]),
    );
    assert_eq!(s.hundredths, 7_778);
    assert_eq!(display(s.hundredths, true), "77,78");
    assert_eq!(s.band.as_deref(), Some("tot"));
    // Task 2 is rescaled over c3 alone: 30 of 30.
    assert_eq!(s.tasks[1].percent_hundredths(), Some(10_000));
}

#[test]
fn a_unit_kind_filters_criteria() {
    let c = checklist();
    // c4 applies to communes only: for a department it does not count at all.
    let s = score(
        &c,
        "department",
        sheet(&[
            ("c1", Answer::Yes),
            ("c2", Answer::Value(2)),
            ("c3", Answer::Value(100)),
        ]),
    );
    assert_eq!(s.hundredths, 10_000);
    assert_eq!(s.applicable, 3);
}

#[test]
fn counts_and_percentages_below_target_score_in_proportion() {
    let c = checklist();
    // c2: 1 of 2 → 10 of 20; c3: 60% of 100 → 18 of 30; c1 yes 40; c4 yes 10 → 78.
    let s = score(
        &c,
        "commune",
        sheet(&[
            ("c1", Answer::Yes),
            ("c2", Answer::Value(1)),
            ("c3", Answer::Value(60)),
            ("c4", Answer::Yes),
        ]),
    );
    assert_eq!(s.hundredths, 7_800);
    let mut zero = checklist();
    zero.rubric.below_target = BelowTarget::Zero;
    let s = score(
        &zero,
        "commune",
        sheet(&[
            ("c1", Answer::Yes),
            ("c2", Answer::Value(1)),
            ("c3", Answer::Value(60)),
            ("c4", Answer::Yes),
        ]),
    );
    assert_eq!(s.hundredths, 5_000);
}

#[test]
fn unanswered_counts_as_nothing_but_is_reported_as_unanswered() {
    let c = checklist();
    let s = score(
        &c,
        "commune",
        sheet(&[("c1", Answer::Yes), ("c3", Answer::Value(100))]),
    );
    assert_eq!(s.hundredths, 7_000);
    assert_eq!(s.unanswered, 2);
    assert!(
        s.failed_critical.is_empty(),
        "an unanswered critical criterion is not a failure yet"
    );
}

#[test]
fn a_failed_critical_criterion_caps_the_rating() {
    let c = checklist();
    // 40 + 20 + 0 + 10 = 70 → "tot", but c3 (critical) at 0% caps it at "hoan-thanh".
    let s = score(
        &c,
        "commune",
        sheet(&[
            ("c1", Answer::Yes),
            ("c2", Answer::Value(2)),
            ("c3", Answer::Value(0)),
            ("c4", Answer::Yes),
        ]),
    );
    assert_eq!(s.hundredths, 7_000);
    assert_eq!(s.failed_critical, vec!["c3".to_string()]);
    assert_eq!(s.band.as_deref(), Some("hoan-thanh"));
    // A rating already below the cap stays where it is.
    let s = score(
        &c,
        "commune",
        sheet(&[
            ("c1", Answer::No),
            ("c2", Answer::Value(0)),
            ("c3", Answer::No),
            ("c4", Answer::No),
        ]),
    );
    assert_eq!(s.band.as_deref(), Some("khong-hoan-thanh"));
}

#[test]
fn band_edges_follow_the_score_as_displayed() {
    let c = checklist();
    assert_eq!(display(8_999, true), "89,99");
    assert_eq!(band_for(&c, 8_999), Some("tot"));
    assert_eq!(display(9_000, true), "90,00");
    assert_eq!(band_for(&c, 9_000), Some("xuat-sac"));
    // The band is chosen from the very hundredths that are displayed (rounded once, half up):
    // c1 yes (40), c2 1 of 2 (10 of 20), c3 100% (30), c4 not applicable → 80 of 90 = 88,888… → 88,89.
    let s = score(
        &c,
        "commune",
        sheet(&[
            ("c1", Answer::Yes),
            ("c2", Answer::Value(1)),
            ("c3", Answer::Value(100)),
            ("c4", Answer::NotApplicable),
        ]),
    );
    assert_eq!(s.hundredths, 8_889);
    assert_eq!(s.band, band_for(&c, s.hundredths).map(str::to_string));
    assert_eq!(display(s.hundredths, false), "88.89");
}

#[test]
fn answers_round_trip_through_their_keys() {
    for a in [
        Answer::Unanswered,
        Answer::Yes,
        Answer::Partly,
        Answer::No,
        Answer::NotApplicable,
        Answer::Value(95),
    ] {
        assert_eq!(Answer::parse(&a.key()), Some(a));
    }
}

#[test]
fn within_task_a_task_keeps_its_weight() {
    // The sheet of `band_edges_follow_the_score_as_displayed`, under `within-task`: task 1 is
    // c1 40 + c2 10 = 50 of 60 (83,33…%, weight 60); task 2 is c3 30 of 30 (c4 not applicable:
    // 100%, weight 40). Total = (60 × 50/60 + 40 × 30/30) / 100 = 90,00, where pooling gives 88,89.
    let answers = [
        ("c1", Answer::Yes),
        ("c2", Answer::Value(1)),
        ("c3", Answer::Value(100)),
        ("c4", Answer::NotApplicable),
    ];
    let s = score(&within(), "commune", sheet(&answers));
    assert_eq!(s.hundredths, 9_000);
    assert_eq!(s.rule, Rescale::WithinTask);
    assert_eq!(s.band.as_deref(), Some("xuat-sac"));
    assert_eq!(s.tasks[0].percent_hundredths(), Some(8_333));
    let pooled = score(&checklist(), "commune", sheet(&answers));
    assert_eq!(pooled.hundredths, 8_889);
    assert_eq!(pooled.rule, Rescale::AllCriteria);
}

#[test]
fn within_task_a_task_where_nothing_counts_is_taken_out() {
    // c3 and c4 not applicable: task 2 counts nothing and leaves; task 1 alone is rescaled to 100:
    // c1 partly 20 + c2 20 = 40 of 60 = 66,67.
    let s = score(
        &within(),
        "commune",
        sheet(&[
            ("c1", Answer::Partly),
            ("c2", Answer::Value(2)),
            ("c3", Answer::NotApplicable),
            ("c4", Answer::NotApplicable),
        ]),
    );
    assert_eq!(s.hundredths, 6_667);
    assert_eq!(s.tasks[1].percent_hundredths(), None);
    // Nothing counts anywhere: 0, not a division by zero.
    let s = score(
        &within(),
        "commune",
        sheet(&[
            ("c1", Answer::NotApplicable),
            ("c2", Answer::NotApplicable),
            ("c3", Answer::NotApplicable),
            ("c4", Answer::NotApplicable),
        ]),
    );
    assert_eq!(s.hundredths, 0);
}

/// The built-in checklist, its task weights and which of its criteria each unit kind answers.
fn ten_tasks() -> Checklist {
    let pack = load(&embedded_files()).pack.expect("built-in pack loads");
    pack.checklists.into_iter().next().expect("a checklist")
}

/// Every criterion that applies to `kind` met in full (yes, or its target), except `changes`.
fn full_sheet(c: &Checklist, kind: &str, changes: &[(&str, Answer)]) -> Vec<(String, Answer)> {
    c.criteria()
        .filter(|(_, cr)| cr.applies_to_kind(kind))
        .map(|(_, cr)| {
            let full = match cr.kind {
                CriterionKind::YesNo => Answer::Yes,
                _ => Answer::Value(cr.target.unwrap_or(1)),
            };
            let a = changes
                .iter()
                .find(|(id, _)| *id == cr.id)
                .map(|(_, a)| *a)
                .unwrap_or(full);
            (cr.id.clone(), a)
        })
        .collect()
}

fn score_sheet(
    c: &Checklist,
    kind: &str,
    answers: &[(String, Answer)],
) -> danvan::domain::assessment::Score {
    score(c, kind, |id| {
        answers
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, a)| *a)
            .unwrap_or(Answer::Unanswered)
    })
}

#[test]
fn the_built_in_checklist_says_its_rule_and_weights_sum_to_100() {
    let c = ten_tasks();
    assert_eq!(c.rubric.rescale, Rescale::WithinTask);
    let weights: Vec<u32> = c.tasks.iter().map(|t| t.points).collect();
    assert_eq!(weights, vec![10, 10, 10, 12, 12, 8, 12, 8, 10, 8]);
}

#[test]
fn a_department_keeps_task_5_at_12_points() {
    // A department answers two of task 5's criteria (t5-cong-khai-noi-bo 2, t5-hoi-nghi-cbccvc 2).
    // t5-cong-khai-noi-bo "no", everything else in full: task 5 is 2 of 4 = 50%.
    // Within task: (100 − 12 + 12 × 50%) / 100 = 94,00. Pooled, task 5 weighed 4 of the 84 points a
    // department answers (8+10+8+12+4+8+10+6+10+8): 82/84 = 97,62 — half a 12-point task lost
    // only 2,38.
    let mut c = ten_tasks();
    let answers = full_sheet(&c, "department", &[("t5-cong-khai-noi-bo", Answer::No)]);
    let s = score_sheet(&c, "department", &answers);
    assert_eq!(s.hundredths, 9_400);
    assert_eq!(s.tasks[4].percent_hundredths(), Some(5_000));
    assert_eq!(s.band.as_deref(), Some("xuat-sac"));
    c.rubric.rescale = Rescale::AllCriteria;
    assert_eq!(score_sheet(&c, "department", &answers).hundredths, 9_762);
}

#[test]
fn a_commune_with_a_weak_task_and_a_not_applicable_criterion() {
    // Task 1 (weight 10; a commune answers t1-quan-triet 3, t1-cntt 2, t1-thuc-hanh-dan-chu 3):
    // no session held (0 of 3), IT yes (2), the head's practice "partly" (1,5 of 3) = 3,5 of 8
    // = 43,75%. Task 10: t10-bao-cao-nam "not applicable" leaves 4 of 4 = 100%.
    // Within task: (90 + 10 × 43,75%) / 100 = 94,375 → 94,38 (half up).
    // Pooled: a commune answers 90 points, 88 after the not-applicable one; earned 88 − 3 − 1,5 =
    // 83,5 → 83,5/88 = 94,886… → 94,89.
    let mut c = ten_tasks();
    let answers = full_sheet(
        &c,
        "commune",
        &[
            ("t1-quan-triet", Answer::Value(0)),
            ("t1-thuc-hanh-dan-chu", Answer::Partly),
            ("t10-bao-cao-nam", Answer::NotApplicable),
        ],
    );
    let s = score_sheet(&c, "commune", &answers);
    assert_eq!(s.tasks[0].percent_hundredths(), Some(4_375));
    assert_eq!(s.tasks[9].percent_hundredths(), Some(10_000));
    assert_eq!(s.hundredths, 9_438);
    assert_eq!(display(s.hundredths, true), "94,38");
    c.rubric.rescale = Rescale::AllCriteria;
    assert_eq!(score_sheet(&c, "commune", &answers).hundredths, 9_489);
}

#[test]
fn a_public_service_unit_with_a_task_taken_out() {
    // A public service unit answers t3-ke-hoach-cchc 2, t3-trinh-bay-giai-trinh 2, t3-hai-long 1 in
    // task 3; all three "not applicable" take task 3 (weight 10) out, so the other weights sum
    // to 90. Task 8: t8-tiep-thu-y-kien at 50 of its 100% target earns 1 of 2, so task 8 is 5 of 6.
    // Within task: (82 + 8 × 5/6) / 90 × 100 = 88,666… / 90 = 98,518… → 98,52.
    // Pooled: 78 points answered, 73 without task 3; earned 72 → 98,630… → 98,63.
    let mut c = ten_tasks();
    let answers = full_sheet(
        &c,
        "public-service",
        &[
            ("t3-ke-hoach-cchc", Answer::NotApplicable),
            ("t3-trinh-bay-giai-trinh", Answer::NotApplicable),
            ("t3-hai-long", Answer::NotApplicable),
            ("t8-tiep-thu-y-kien", Answer::Value(50)),
        ],
    );
    let s = score_sheet(&c, "public-service", &answers);
    assert_eq!(s.tasks[2].percent_hundredths(), None);
    assert_eq!(s.tasks[7].percent_hundredths(), Some(8_333));
    assert_eq!(s.hundredths, 9_852);
    c.rubric.rescale = Rescale::AllCriteria;
    assert_eq!(
        score_sheet(&c, "public-service", &answers).hundredths,
        9_863
    );
}

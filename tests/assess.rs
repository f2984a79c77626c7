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
/// (critical), c4 yes/no 10 (communes only).
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

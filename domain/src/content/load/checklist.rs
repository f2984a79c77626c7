//! The yearly self-assessment checklist: deadline, rubric (bands, cap) and tasks with criteria.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::cx::{FileCx, PendingCites, SStr, SText};
use super::sources::{convert_cites, RawCite};
use super::UNIT_KINDS;
use crate::content::model::{
    Band, BelowTarget, Checklist, Criterion, CriterionKind, Rescale, Rubric, Task, Text,
};
use crate::text::nfc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    day: u8,
    month: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChecklist {
    pub(super) id: SStr,
    version: String,
    title: SText,
    deadline: Spanned<RawDay>,
    recipient: SText,
    rubric: Spanned<RawRubric>,
    #[serde(default)]
    task: Vec<Spanned<RawTask>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    partly_percent: Spanned<u32>,
    below_target: SStr,
    rescale: Option<SStr>,
    critical_cap: Option<SStr>,
    #[serde(default)]
    band: Vec<RawBand>,
    #[serde(default)]
    cite: Vec<RawCite>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    id: SStr,
    min: Spanned<u32>,
    label: SText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    number: Spanned<u8>,
    title: SText,
    points: Spanned<u32>,
    #[serde(default)]
    criterion: Vec<Spanned<RawCriterion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: SStr,
    text: SText,
    clause: SText,
    kind: SStr,
    target: Option<Spanned<u32>>,
    points: Spanned<u32>,
    evidence: Option<SText>,
    #[serde(default)]
    applies_to: Vec<SStr>,
    #[serde(default)]
    critical: bool,
    #[serde(default)]
    cite: Vec<RawCite>,
}

/// Task numbers and criterion ids seen so far in one checklist, for duplicate detection.
#[derive(Default)]
struct Seen {
    task_numbers: HashSet<u8>,
    criterion_ids: HashSet<String>,
}

pub(super) fn convert_checklist(
    cx: &mut FileCx,
    raw: RawChecklist,
    pending: &mut PendingCites,
) -> Checklist {
    let id = cx.id(&raw.id);
    let title = cx.text(&raw.title, "title");
    let recipient = cx.text(&raw.recipient, "recipient");
    let deadline = raw.deadline.get_ref();
    check_deadline(cx, &raw.deadline);
    let rubric_start = raw.rubric.span().start;
    let rubric = convert_rubric(cx, raw.rubric, pending);
    let tasks = convert_tasks(cx, raw.task, raw.id.span().start, pending);
    if rubric.critical_cap.is_none() && tasks.iter().any(|t| t.criteria.iter().any(|c| c.critical))
    {
        cx.error(
            rubric_start,
            "check-unknown-band",
            vec![("band", String::new())],
        );
    }
    Checklist {
        id,
        version: raw.version,
        title,
        deadline_day: deadline.day,
        deadline_month: deadline.month,
        recipient,
        rubric,
        tasks,
    }
}

/// The deadline is a day of the year (29 February allowed).
fn check_deadline(cx: &mut FileCx, spanned: &Spanned<RawDay>) {
    let deadline = spanned.get_ref();
    let leap_year = 2024;
    let valid_day = time::Month::try_from(deadline.month)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(leap_year, m, deadline.day).ok())
        .is_some();
    if !valid_day {
        cx.error(
            spanned.span().start,
            "check-bad-date",
            vec![("value", format!("{}/{}", deadline.day, deadline.month))],
        );
    }
}

/// The rubric: bands strictly decreasing, the lowest at 0, none above 100; the cap a known band.
fn convert_rubric(
    cx: &mut FileCx,
    spanned: Spanned<RawRubric>,
    pending: &mut PendingCites,
) -> Rubric {
    let rubric_start = spanned.span().start;
    let r = spanned.into_inner();
    if *r.partly_percent.get_ref() > 100 {
        cx.error(r.partly_percent.span().start, "check-bad-percent", vec![]);
    }
    let below_target = match r.below_target.get_ref().as_str() {
        "proportional" => BelowTarget::Proportional,
        "zero" => BelowTarget::Zero,
        other => {
            cx.error(
                r.below_target.span().start,
                "check-bad-value",
                vec![
                    ("field", "below_target".into()),
                    ("value", other.to_string()),
                ],
            );
            BelowTarget::Proportional
        }
    };
    // Required: the rule changes every score, so a pack says which one it means.
    let rescale = match &r.rescale {
        None => {
            cx.error(rubric_start, "check-no-rescale", vec![]);
            Rescale::WithinTask
        }
        Some(v) => Rescale::parse(v.get_ref()).unwrap_or_else(|| {
            cx.error(
                v.span().start,
                "check-bad-rescale",
                vec![("value", v.get_ref().clone())],
            );
            Rescale::WithinTask
        }),
    };
    let (bands, band_ids) = convert_bands(cx, &r.band);
    match r.band.last() {
        None => cx.error(rubric_start, "check-no-bands", vec![]),
        Some(last) if *last.min.get_ref() != 0 => cx.error(
            last.min.span().start,
            "check-band-gap",
            vec![("min", last.min.get_ref().to_string())],
        ),
        Some(_) => {}
    }
    let critical_cap = r.critical_cap.as_ref().map(|c| {
        let v = nfc(c.get_ref());
        if !band_ids.contains(&v) {
            cx.error(
                c.span().start,
                "check-unknown-band",
                vec![("band", v.clone())],
            );
        }
        v
    });
    pending.items.push((String::new(), 0));
    let cites = convert_cites(r.cite, pending);
    pending.items.push((String::new(), 0));
    Rubric {
        partly_percent: *r.partly_percent.get_ref(),
        below_target,
        rescale,
        bands,
        critical_cap,
        cites,
    }
}

/// The bands, and the set of their ids.
fn convert_bands(cx: &mut FileCx, raw: &[RawBand]) -> (Vec<Band>, HashSet<String>) {
    let mut bands = Vec::new();
    let mut band_ids = HashSet::new();
    for b in raw {
        let bid = cx.id(&b.id);
        if !band_ids.insert(bid.clone()) {
            cx.error(
                b.id.span().start,
                "check-duplicate-id",
                vec![("id", bid.clone())],
            );
        }
        let min = *b.min.get_ref();
        if min > 100 {
            cx.error(
                b.min.span().start,
                "check-band-above-100",
                vec![("min", min.to_string())],
            );
        }
        if let Some(prev) = bands.last().map(|p: &Band| p.min) {
            if min >= prev {
                cx.error(
                    b.min.span().start,
                    "check-band-overlap",
                    vec![("min", min.to_string()), ("previous", prev.to_string())],
                );
            }
        }
        bands.push(Band {
            id: bid,
            min,
            label: cx.text(&b.label, "label"),
        });
    }
    (bands, band_ids)
}

/// Tasks and criteria: each task's criteria add to its points; the tasks add to 100 (reported at
/// the last task's points, or at the checklist's id when there is no task).
fn convert_tasks(
    cx: &mut FileCx,
    raw: Vec<Spanned<RawTask>>,
    id_offset: usize,
    pending: &mut PendingCites,
) -> Vec<Task> {
    let mut tasks = Vec::new();
    let mut seen = Seen::default();
    let mut total = 0;
    let mut last_points_offset = id_offset;
    for spanned in raw {
        let t = spanned.into_inner();
        last_points_offset = t.points.span().start;
        let task = convert_task(cx, t, &mut seen, pending);
        total += task.points;
        tasks.push(task);
    }
    if total != 100 {
        cx.error(
            last_points_offset,
            "check-points-total",
            vec![("sum", total.to_string())],
        );
    }
    tasks
}

fn convert_task(cx: &mut FileCx, t: RawTask, seen: &mut Seen, pending: &mut PendingCites) -> Task {
    let number = *t.number.get_ref();
    if !(1..=10).contains(&number) {
        cx.error(
            t.number.span().start,
            "check-bad-task",
            vec![("task", number.to_string())],
        );
    } else if !seen.task_numbers.insert(number) {
        cx.error(
            t.number.span().start,
            "check-duplicate-id",
            vec![("id", number.to_string())],
        );
    }
    let count = t.criterion.len();
    if !(3..=6).contains(&count) {
        cx.warn(
            t.number.span().start,
            "check-criteria-count",
            vec![("task", number.to_string()), ("count", count.to_string())],
        );
    }
    let criteria: Vec<Criterion> = t
        .criterion
        .into_iter()
        .map(|c| convert_criterion(cx, c.into_inner(), &mut seen.criterion_ids, pending))
        .collect();
    let sum: u32 = criteria.iter().map(|c| c.points).sum();
    let points = *t.points.get_ref();
    if sum != points {
        cx.error(
            t.points.span().start,
            "check-points-task",
            vec![
                ("task", number.to_string()),
                ("points", points.to_string()),
                ("sum", sum.to_string()),
            ],
        );
    }
    Task {
        number,
        title: cx.text(&t.title, "title"),
        points,
        criteria,
    }
}

/// A criterion: a known kind with the target it needs, known unit kinds, evidence and a citation.
fn convert_criterion(
    cx: &mut FileCx,
    c: RawCriterion,
    seen_ids: &mut HashSet<String>,
    pending: &mut PendingCites,
) -> Criterion {
    let cid = cx.id(&c.id);
    if !seen_ids.insert(cid.clone()) {
        cx.error(
            c.id.span().start,
            "check-duplicate-id",
            vec![("id", cid.clone())],
        );
    }
    let kind = match CriterionKind::parse(c.kind.get_ref()) {
        Some(k) => k,
        None => {
            cx.error(
                c.kind.span().start,
                "check-bad-value",
                vec![
                    ("field", "kind".into()),
                    ("value", c.kind.get_ref().clone()),
                ],
            );
            CriterionKind::YesNo
        }
    };
    check_target(cx, kind, &c, &cid);
    for k in &c.applies_to {
        if !UNIT_KINDS.contains(&k.get_ref().as_str()) {
            cx.error(
                k.span().start,
                "check-bad-value",
                vec![
                    ("field", "applies_to".into()),
                    ("value", k.get_ref().clone()),
                ],
            );
        }
    }
    let evidence = match &c.evidence {
        Some(e) => cx.text(e, "evidence"),
        None => {
            cx.error(
                c.id.span().start,
                "check-no-evidence",
                vec![("criterion", cid.clone())],
            );
            Text::default()
        }
    };
    if c.cite.is_empty() {
        cx.error(
            c.id.span().start,
            "check-criterion-no-citation",
            vec![("criterion", cid.clone())],
        );
    }
    pending.items.push((String::new(), 0));
    let cites = convert_cites(c.cite, pending);
    pending.items.push((String::new(), 0));
    Criterion {
        id: cid,
        text: cx.text(&c.text, "text"),
        clause: cx.text(&c.clause, "clause"),
        kind,
        target: c.target.map(|t| *t.get_ref()),
        points: *c.points.get_ref(),
        evidence,
        applies_to: c.applies_to.iter().map(|k| k.get_ref().clone()).collect(),
        critical: c.critical,
        cites,
    }
}

/// Yes/no takes no target; a count needs one above 0, a percentage one from 1 to 100.
fn check_target(cx: &mut FileCx, kind: CriterionKind, c: &RawCriterion, cid: &str) {
    let criterion = || vec![("criterion", cid.to_string())];
    match (kind, &c.target) {
        (CriterionKind::YesNo, Some(t)) => {
            cx.error(t.span().start, "check-target-not-allowed", criterion())
        }
        (CriterionKind::Count | CriterionKind::Percent, None) => {
            cx.error(c.kind.span().start, "check-target-missing", criterion())
        }
        (CriterionKind::Count, Some(t)) if *t.get_ref() == 0 => {
            cx.error(t.span().start, "check-target-missing", criterion())
        }
        (CriterionKind::Percent, Some(t)) if !(1..=100).contains(t.get_ref()) => {
            cx.error(t.span().start, "check-bad-percent", vec![])
        }
        _ => {}
    }
}

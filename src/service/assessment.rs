//! The yearly self-assessment as a unit's focal official works it: start a year, answer,
//! finalize, reopen, and gather everything a report shows. The TUI and the `report` command
//! both call these.

use crate::domain::assessment::record::{Assessment, AssessmentStatus, CriterionAnswer};
use crate::domain::assessment::report_data::{weakest_tasks, ReportData, SummaryRow};
use crate::domain::assessment::{self, Answer, Score, ScoreNote};
use crate::domain::content::{Checklist, Pack};
use crate::domain::people::Unit;
use crate::store::{Result, Store, StoreError};

/// The checklist the kit uses for the yearly self-assessment.
pub fn checklist(pack: &Pack) -> Option<&Checklist> {
    pack.checklists.first()
}

/// The content hash an assessment stores: the checklist and its scoring rule, canonical form.
pub fn checklist_hash(c: &Checklist) -> String {
    crate::domain::content::canon::checklist_hash(c)
}

/// This year's reporting deadline from the checklist (day and month are data, not code).
pub fn deadline(c: &Checklist, year: i32) -> Option<time::Date> {
    let month = time::Month::try_from(c.deadline_month).ok()?;
    time::Date::from_calendar_date(year, month, c.deadline_day).ok()
}

/// Days from `today` to this year's deadline (negative once it has passed).
pub fn days_left(c: &Checklist, today: time::Date) -> Option<i64> {
    deadline(c, today.year()).map(|d| (d - today).whole_days())
}

pub fn start(
    store: &mut Store,
    c: &Checklist,
    unit: &Unit,
    year: i32,
    from_last_year: bool,
) -> Result<Assessment> {
    store.create_assessment(
        &unit.id,
        year,
        &c.id,
        &c.version,
        &checklist_hash(c),
        from_last_year,
    )
}

/// The score of a set of answers for a unit.
pub fn score(c: &Checklist, unit: &Unit, answers: &[CriterionAnswer]) -> Score {
    assessment::score(c, unit.kind.key(), |id| {
        answers
            .iter()
            .find(|a| a.criterion_id == id)
            .map(|a| a.answer)
            .unwrap_or(Answer::Unanswered)
    })
}

/// The score to show for an assessment: a finalized one keeps the score, band and rule of its
/// latest finalized version (the task scores are those of its locked answers); a draft is scored
/// now, under the checklist's rule.
pub fn shown_score(
    store: &Store,
    c: &Checklist,
    unit: &Unit,
    a: &Assessment,
    answers: &[CriterionAnswer],
) -> Result<Score> {
    let mut s = score(c, unit, answers);
    if a.status == AssessmentStatus::Final {
        if let Some((hundredths, band, rule)) = store.finalized_score(&a.id)? {
            s.hundredths = hundredths;
            s.band = band;
            s.rule = rule;
        }
    }
    Ok(s)
}

/// The one-line note that goes with an assessment's shown score, if any.
pub fn score_note(c: &Checklist, a: &Assessment, s: &Score) -> Option<ScoreNote> {
    assessment::score_note(c, a.status == AssessmentStatus::Final, &a.content_hash, s)
}

pub fn finalize(
    store: &mut Store,
    c: &Checklist,
    unit: &Unit,
    assessment: &Assessment,
    by: Option<&str>,
) -> Result<Score> {
    let answers = store.criterion_answers(&assessment.id)?;
    let s = score(c, unit, &answers);
    store.finalize_assessment(&assessment.id, by, s.hundredths, s.band.as_deref(), s.rule)?;
    Ok(s)
}

/// Everything a report shows about one unit's year: its assessment and answers, last year's, the
/// finalization record and the names in it.
pub fn report_data(store: &Store, pack: &Pack, unit: &Unit, year: i32) -> Result<ReportData> {
    let c = checklist(pack).ok_or(StoreError::Invalid {
        field: "checklist",
        value: String::new(),
    })?;
    let assessment = store
        .assessment_for(&unit.id, year, &c.id)?
        .ok_or(StoreError::Invalid {
            field: "year",
            value: year.to_string(),
        })?;
    let answers = store.criterion_answers(&assessment.id)?;
    let this_year = shown_score(store, c, unit, &assessment, &answers)?;
    let previous = match store.assessment_for(&unit.id, year - 1, &c.id)? {
        Some(p) => {
            let pa = store.criterion_answers(&p.id)?;
            let ps = shown_score(store, c, unit, &p, &pa)?;
            Some((p, ps))
        }
        None => None,
    };
    let note = score_note(c, &assessment, &this_year);
    let history = store.assessment_history(&assessment.id)?;
    let mut people = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    ids.extend(assessment.finalized_by.as_deref());
    for h in &history {
        ids.extend(h.finalized_by.as_deref());
        ids.extend(h.reopened_by.as_deref());
    }
    for id in ids {
        if let Some(p) = store.person(id)? {
            people.push((p.id, p.full_name));
        }
    }
    let parent = match &unit.parent_id {
        Some(id) => store.unit(id)?,
        None => None,
    };
    Ok(ReportData {
        unit: unit.clone(),
        parent,
        files: store.evidence_states(&assessment.id, crate::io::file::sha256_file)?,
        assessment,
        checklist: c.clone(),
        answers,
        score: this_year,
        note,
        previous,
        history,
        people,
    })
}

/// Every unit in the database, with its assessment of `year` (against the pack's checklist) when
/// it has one, its score and its weakest tasks.
pub fn summary_rows(store: &Store, pack: &Pack, year: i32) -> Result<Vec<SummaryRow>> {
    let c = checklist(pack).ok_or(StoreError::Invalid {
        field: "checklist",
        value: String::new(),
    })?;
    store
        .year_across_units(year, &c.id)?
        .into_iter()
        .map(|u| {
            let (assessment, score) = match u.assessment {
                Some((a, answers)) => {
                    let s = shown_score(store, c, &u.unit, &a, &answers)?;
                    (Some(a), Some(s))
                }
                None => (None, None),
            };
            let weakest = score.as_ref().map(weakest_tasks).unwrap_or_default();
            Ok(SummaryRow {
                unit: u.unit,
                assessment,
                score,
                weakest,
            })
        })
        .collect()
}

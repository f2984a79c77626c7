//! The yearly self-assessment as a unit's focal official works it: start a year, answer,
//! finalize, reopen, and gather everything a report shows. The TUI and the `report` command
//! both call these.

use crate::domain::assessment::record::{
    Assessment, CriterionAnswer, EvidenceFile, FileState, FinalizedVersion,
};
use crate::domain::assessment::{self, Answer, Score};
use crate::domain::content::{Checklist, Pack};
use crate::domain::people::Unit;
use crate::store::{Result, Store, StoreError};

/// The checklist the kit uses for the yearly self-assessment.
pub fn checklist(pack: &Pack) -> Option<&Checklist> {
    pack.checklists.first()
}

pub fn checklist_hash(c: &Checklist) -> String {
    crate::domain::text::fingerprint(&format!("{c:?}"))
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

pub fn finalize(
    store: &mut Store,
    c: &Checklist,
    unit: &Unit,
    assessment: &Assessment,
    by: Option<&str>,
) -> Result<Score> {
    let answers = store.criterion_answers(&assessment.id)?;
    let s = score(c, unit, &answers);
    store.finalize_assessment(&assessment.id, by, s.hundredths, s.band.as_deref())?;
    Ok(s)
}

/// Everything a report shows about one unit's year.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub unit: Unit,
    pub assessment: Assessment,
    pub checklist: Checklist,
    pub answers: Vec<CriterionAnswer>,
    pub files: Vec<(EvidenceFile, FileState)>,
    pub score: Score,
    /// Last year's assessment and score, for the comparison.
    pub previous: Option<(Assessment, Score)>,
    /// Every finalized version (the finalization record and any reopenings).
    pub history: Vec<FinalizedVersion>,
    /// Names of the people who finalized or reopened, by id.
    pub people: Vec<(String, String)>,
}

impl ReportData {
    pub fn answer(&self, criterion: &str) -> Option<&CriterionAnswer> {
        self.answers.iter().find(|a| a.criterion_id == criterion)
    }

    pub fn person_name(&self, id: Option<&str>) -> Option<&str> {
        let id = id?;
        self.people
            .iter()
            .find(|(pid, _)| pid == id)
            .map(|(_, n)| n.as_str())
    }
}

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
    let this_year = score(c, unit, &answers);
    let previous = match store.assessment_for(&unit.id, year - 1, &c.id)? {
        Some(p) => {
            let pa = store.criterion_answers(&p.id)?;
            let ps = score(c, unit, &pa);
            Some((p, ps))
        }
        None => None,
    };
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
    Ok(ReportData {
        unit: unit.clone(),
        files: store.evidence_states(&assessment.id, crate::io::file::sha256_file)?,
        assessment,
        checklist: c.clone(),
        answers,
        score: this_year,
        previous,
        history,
        people,
    })
}

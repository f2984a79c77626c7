//! What a self-assessment report shows, gathered from the store by the service: one unit's year
//! ([`ReportData`]) and one line per unit in the summary of a year ([`SummaryRow`]).

use crate::assessment::record::{
    Assessment, AssessmentStatus, CriterionAnswer, EvidenceFile, FileState, FinalizedVersion,
};
use crate::assessment::{Score, ScoreNote};
use crate::content::Checklist;
use crate::people::Unit;

/// Everything a report shows about one unit's year.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub unit: Unit,
    /// The body the unit belongs to ("UBND tỉnh Bắc Ninh" for a department), printed above the
    /// unit's name in the document's header (Nghị định 30/2020/NĐ-CP).
    pub parent: Option<Unit>,
    pub assessment: Assessment,
    pub checklist: Checklist,
    pub answers: Vec<CriterionAnswer>,
    pub files: Vec<(EvidenceFile, FileState)>,
    pub score: Score,
    /// Why the score is not the checklist's rule of today, if it is not.
    pub note: Option<ScoreNote>,
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

/// One unit with its assessment of a year and that assessment's answers, as the store reads them
/// for the summary (None when the unit has not started that year).
#[derive(Debug, Clone)]
pub struct UnitYear {
    pub unit: Unit,
    pub assessment: Option<(Assessment, Vec<CriterionAnswer>)>,
}

/// One unit's line in the summary of a year.
#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub unit: Unit,
    pub assessment: Option<Assessment>,
    pub score: Option<Score>,
    /// The three lowest task scores: (task number, score out of 100 in hundredths), lowest first.
    pub weakest: Vec<(u8, u64)>,
}

impl SummaryRow {
    pub fn status(&self) -> Option<AssessmentStatus> {
        self.assessment.as_ref().map(|a| a.status)
    }
}

/// The three lowest task scores, lowest first (ties by task number); tasks where nothing counts
/// are left out.
pub fn weakest_tasks(score: &Score) -> Vec<(u8, u64)> {
    let mut v: Vec<(u8, u64)> = score
        .tasks
        .iter()
        .filter_map(|t| t.percent_hundredths().map(|p| (t.number, p)))
        .collect();
    v.sort_by_key(|&(n, p)| (p, n));
    v.truncate(3);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::TaskScore;

    #[test]
    fn weakest_tasks_are_the_three_lowest() {
        let t = |number, earned, possible| TaskScore {
            number,
            weight: 10,
            earned,
            possible,
            answered: 0,
            applicable: 0,
        };
        let score = Score {
            hundredths: 0,
            tasks: vec![
                t(1, 500, 1000),
                t(2, 0, 0),
                t(3, 1000, 1000),
                t(4, 200, 1000),
                t(5, 500, 1000),
            ],
            rule: crate::content::Rescale::WithinTask,
            band: None,
            failed_critical: vec![],
            unanswered: 0,
            applicable: 0,
        };
        // Task 2 counts nothing and is left out; ties go by task number.
        assert_eq!(weakest_tasks(&score), vec![(4, 2000), (1, 5000), (5, 5000)]);
    }
}

//! A unit's yearly self-assessment as recorded: its status, answers, evidence files and the
//! versions it was finalized with.

use serde::{Deserialize, Serialize};

use crate::assessment::Answer;
use crate::content::Rescale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssessmentStatus {
    Draft,
    Final,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub id: String,
    pub unit_id: String,
    pub year: i32,
    pub checklist_id: String,
    pub checklist_version: String,
    pub content_hash: String,
    pub status: AssessmentStatus,
    pub finalized_by: Option<String>,
    pub finalized_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionAnswer {
    pub criterion_id: String,
    #[serde(with = "answer_key")]
    pub answer: Answer,
    pub evidence: String,
    pub note: String,
    pub from_last_year: bool,
    pub changed_by: Option<String>,
    pub changed_at: String,
}

mod answer_key {
    use crate::assessment::Answer;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(a: &Answer, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&a.key())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Answer, D::Error> {
        let s = String::deserialize(d)?;
        Answer::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("bad answer {s}")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub criterion_id: String,
    pub path: String,
    pub sha256: String,
    pub added_by: Option<String>,
    pub added_at: String,
}

/// What a finalized version keeps besides its score: the answers and files as they were, and the
/// scoring rule the score was computed with (stored as JSON in `assessment_versions.snapshot`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalizedSnapshot {
    pub answers: Vec<CriterionAnswer>,
    pub files: Vec<EvidenceFile>,
    /// The rubric's `rescale` key; absent in versions finalized before the rule was recorded,
    /// which were all scored by pooling every criterion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl FinalizedSnapshot {
    pub fn rule(&self) -> Rescale {
        self.rule
            .as_deref()
            .and_then(Rescale::parse)
            .unwrap_or(Rescale::AllCriteria)
    }
}

/// One finalized version, kept for ever.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalizedVersion {
    pub version: i64,
    pub finalized_by: Option<String>,
    pub finalized_at: String,
    pub score_hundredths: u64,
    pub band: Option<String>,
    /// The rule `score_hundredths` was computed with.
    pub rule: Rescale,
    pub answers: Vec<CriterionAnswer>,
    pub files: Vec<EvidenceFile>,
    pub reopened_by: Option<String>,
    pub reopened_at: Option<String>,
    pub reopen_reason: Option<String>,
}

/// What changes in one edit of a criterion; None leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edit {
    pub answer: Option<Answer>,
    pub evidence: Option<String>,
    pub note: Option<String>,
}

/// An evidence file as it is now compared with when it was attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    Unchanged,
    Changed,
    Missing,
}

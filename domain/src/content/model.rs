//! The content pack as the rest of the kit sees it: plain types, NFC text, no positions.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A text in Vietnamese with an optional English translation (falls back to Vietnamese).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    pub vi: String,
    pub en: Option<String>,
}

impl Text {
    pub fn new(vi: &str, en: Option<&str>) -> Self {
        Text {
            vi: vi.to_string(),
            en: en.map(str::to_string),
        }
    }

    /// The text in `lang`, or the Vietnamese text when no translation exists.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => self.en.as_deref().unwrap_or(&self.vi),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub source: String,
    /// Article or item, as written in Vietnamese law ("Điều 14", "mục 3").
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceKind {
    Luat,
    PhapLenh,
    NghiQuyet,
    NghiDinh,
    QuyetDinh,
    ChiThi,
    ThongTu,
    KetLuan,
    QuyDinh,
    CongVan,
}

impl SourceKind {
    pub const ALL: [(&'static str, SourceKind); 10] = [
        ("luat", SourceKind::Luat),
        ("phap-lenh", SourceKind::PhapLenh),
        ("nghi-quyet", SourceKind::NghiQuyet),
        ("nghi-dinh", SourceKind::NghiDinh),
        ("quyet-dinh", SourceKind::QuyetDinh),
        ("chi-thi", SourceKind::ChiThi),
        ("thong-tu", SourceKind::ThongTu),
        ("ket-luan", SourceKind::KetLuan),
        ("quy-dinh", SourceKind::QuyDinh),
        ("cong-van", SourceKind::CongVan),
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|(k, _)| *k == s).map(|(_, v)| *v)
    }

    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map(|(k, _)| *k)
            .unwrap_or("luat")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceStatus {
    InForce,
    Replaced { by: String, from: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub kind: SourceKind,
    pub number: Option<String>,
    /// "YYYY-MM-DD" or "YYYY" where only the year is known.
    pub date: Option<String>,
    pub issuer: Text,
    pub title: Text,
    pub status: SourceStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    pub id: String,
    pub title: Text,
    /// The directive's numbered tasks (1..=10) this lesson serves.
    pub tasks: Vec<u8>,
    pub body: Text,
    pub cites: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub summary: Text,
    pub audience: Text,
    pub lessons: Vec<Lesson>,
    /// Who must complete the course, and how soon after their appointment (`[required]`).
    pub required: Option<Requirement>,
    /// The one quiz whose pass (with every lesson read) completes the course: `completion_quiz`
    /// in the course file, or the course's only quiz when the file names none. Any other quiz
    /// on the course (an imported GIFT bank, say) is extra: taken and recorded, never completing.
    pub completion_quiz: Option<String>,
}

/// A course's `[required]` table: the officials who must complete it and the time they have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// Unit kinds (`department`, `commune`, `public-service`, `other`); empty: every kind.
    pub unit_kinds: Vec<String>,
    /// Positions containing one of these, compared without diacritics; empty: every position.
    pub positions: Vec<String>,
    /// Days after the appointment date (more than 0).
    pub within_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
    Text,
    /// Each left item matched with its right item: `pairs`.
    Matching,
    /// Items put in the right order (the file's order): `items`.
    Ordering,
}

impl QuestionKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "single" => Some(Self::Single),
            "multiple" => Some(Self::Multiple),
            "true-false" => Some(Self::TrueFalse),
            "text" => Some(Self::Text),
            "matching" => Some(Self::Matching),
            "ordering" => Some(Self::Ordering),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Multiple => "multiple",
            Self::TrueFalse => "true-false",
            Self::Text => "text",
            Self::Matching => "matching",
            Self::Ordering => "ordering",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerOption {
    pub id: String,
    pub text: Text,
    pub correct: bool,
    /// Percent of the question's points this option earns when chosen (multiple choice).
    pub credit: Option<i32>,
    /// Shown after answering to a learner who chose this option; not part of grading.
    pub feedback: Option<Text>,
}

/// A matching question's pair: its id names both sides; the right side is shown shuffled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    pub id: String,
    pub left: Text,
    pub right: Text,
}

/// One item of an ordering question; the question lists them in the right order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    pub id: String,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    /// "course-id/lesson-id".
    pub lesson: String,
    pub points: u32,
    pub prompt: Text,
    pub explanation: Text,
    pub options: Vec<AnswerOption>,
    pub answer: Option<bool>,
    pub accept: Vec<String>,
    pub ignore_diacritics: bool,
    /// Matching: the pairs, at least two.
    pub pairs: Vec<Pair>,
    /// Ordering: the items in the right order, at least two.
    pub items: Vec<OrderItem>,
    pub cites: Vec<Citation>,
    /// A label shared by questions that ask the same thing in other words (in this bank or
    /// another): a paper never holds two questions with one label.
    pub same_as: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawFrom {
    pub from: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    pub id: String,
    pub version: String,
    pub course: Option<String>,
    pub title: Text,
    pub pass_mark: u32,
    pub questions_per_attempt: Option<u32>,
    pub shuffle_questions: bool,
    pub shuffle_options: bool,
    pub time_limit_minutes: Option<u32>,
    pub max_attempts: Option<u32>,
    pub draw: Vec<DrawFrom>,
    pub questions: Vec<Question>,
}

impl Quiz {
    /// Of this quiz's own single-choice questions, how many have the right option as the longest
    /// (its Vietnamese text at least as long, in characters, as every other option's), and how
    /// many there are: a test-wise learner picks the longest option, so a bank keeps this share low.
    pub fn longest_key_share(&self) -> (usize, usize) {
        let singles = self
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::Single);
        let mut longest = 0;
        let mut total = 0;
        for q in singles {
            let len = |o: &AnswerOption| o.text.vi.chars().count();
            let Some(key) = q.options.iter().find(|o| o.correct) else {
                continue;
            };
            total += 1;
            if q.options.iter().all(|o| len(key) >= len(o)) {
                longest += 1;
            }
        }
        (longest, total)
    }
}

/// A whole content pack: every source, course and quiz.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pack {
    pub sources: Vec<Source>,
    pub courses: Vec<Course>,
    pub quizzes: Vec<Quiz>,
    pub checklists: Vec<Checklist>,
}

impl Pack {
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn course(&self, id: &str) -> Option<&Course> {
        self.courses.iter().find(|c| c.id == id)
    }

    pub fn quiz(&self, id: &str) -> Option<&Quiz> {
        self.quizzes.iter().find(|q| q.id == id)
    }

    pub fn checklist(&self, id: &str) -> Option<&Checklist> {
        self.checklists.iter().find(|c| c.id == id)
    }
}

/// How a criterion is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CriterionKind {
    /// Yes, partly or no.
    YesNo,
    /// A number against a target ("at least 1 model this year").
    Count,
    /// A percentage against a target ("100% of …").
    Percent,
}

impl CriterionKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "yes-no" => Some(Self::YesNo),
            "count" => Some(Self::Count),
            "percent" => Some(Self::Percent),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::YesNo => "yes-no",
            Self::Count => "count",
            Self::Percent => "percent",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub text: Text,
    /// The directive's clause it comes from, quoted briefly.
    pub clause: Text,
    pub kind: CriterionKind,
    pub target: Option<u32>,
    pub points: u32,
    pub evidence: Text,
    /// Unit kinds it applies to (keys of `store::UnitKind`); empty = every unit.
    pub applies_to: Vec<String>,
    pub critical: bool,
    pub cites: Vec<Citation>,
}

impl Criterion {
    pub fn applies_to_kind(&self, unit_kind: &str) -> bool {
        self.applies_to.is_empty() || self.applies_to.iter().any(|k| k == unit_kind)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub number: u8,
    pub title: Text,
    pub points: u32,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub id: String,
    /// Lowest score (out of 100) in the band, inclusive.
    pub min: u32,
    pub label: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BelowTarget {
    Proportional,
    Zero,
}

/// How a score is rescaled when some criteria do not count (they do not apply to the unit's kind,
/// or the unit answered "not applicable"). The rubric names its rule (`rescale` in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rescale {
    /// Each task is scored over its own criteria that count and keeps its weight (its `points`);
    /// a task where nothing counts is taken out and the other tasks' weights are rescaled.
    WithinTask,
    /// Every criterion that counts, across all tasks, is pooled: a task whose criteria do not
    /// apply weighs less. The rule of danvan 0.1, kept for assessments finalized under it.
    AllCriteria,
}

impl Rescale {
    pub const ALL: [Rescale; 2] = [Rescale::WithinTask, Rescale::AllCriteria];

    /// The word in the checklist file, the content hash and the stored finalized record.
    pub fn key(self) -> &'static str {
        match self {
            Rescale::WithinTask => "within-task",
            Rescale::AllCriteria => "all-criteria",
        }
    }

    pub fn parse(s: &str) -> Option<Rescale> {
        Rescale::ALL.into_iter().find(|r| r.key() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    pub partly_percent: u32,
    pub below_target: BelowTarget,
    pub rescale: Rescale,
    /// Highest first.
    pub bands: Vec<Band>,
    /// A failed critical criterion caps the rating at this band.
    pub critical_cap: Option<String>,
    pub cites: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub deadline_day: u8,
    pub deadline_month: u8,
    pub recipient: Text,
    pub rubric: Rubric,
    pub tasks: Vec<Task>,
}

impl Checklist {
    pub fn criteria(&self) -> impl Iterator<Item = (&Task, &Criterion)> {
        self.tasks
            .iter()
            .flat_map(|t| t.criteria.iter().map(move |c| (t, c)))
    }
}

//! The records bundle's rows: a database's training records and yearly self-assessments as they
//! travel between databases (units, people, lesson progress, completions, attempts with their
//! answers, assessments with their history), each value checked as it is read; the filter that
//! picks which records travel; the namespace of the ids derived from records.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::assessment::record::{Assessment, AssessmentStatus};
use crate::people::{Person, Unit};

/// The UUID v5 namespace of the ids danvan derives from records (conflicts, xAPI statements).
pub const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0xf863_0a68_e1f3_4d79_b183_eba3_b231_9b66);

/// The `format` field of every bundle.
pub const FORMAT: &str = "danvan-records";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;

/// Which records to export. Every part is optional; an empty filter exports everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BundleFilter {
    /// A unit's code: that unit and its sub-units (via `parent_id`), their people and their
    /// self-assessments. The units above it travel too, so the tree stays whole.
    pub unit: Option<String>,
    /// A course id: only that course's lesson progress, quiz attempts and completion; no
    /// self-assessments (they belong to no course).
    pub course: Option<String>,
    /// First day (ISO `yyyy-mm-dd`, UTC, inclusive) of the activity exported; self-assessments
    /// are kept by year.
    pub from: Option<String>,
    /// Last day (inclusive).
    pub to: Option<String>,
}

impl BundleFilter {
    /// Whether an ISO timestamp's (UTC) day falls within the filter's days.
    pub fn covers_day(&self, ts: &str) -> bool {
        let f = self;
        let day = ts.get(..10).unwrap_or(ts);
        f.from.as_deref().is_none_or(|from| day >= from)
            && f.to.as_deref().is_none_or(|to| day <= to)
    }

    /// Whether a self-assessment's year falls within the filter's days.
    pub fn covers_year(&self, year: i32) -> bool {
        let f = self;
        let y = |d: &str| d.get(..4).and_then(|y| y.parse::<i32>().ok());
        f.from
            .as_deref()
            .and_then(y)
            .is_none_or(|from| year >= from)
            && f.to.as_deref().and_then(y).is_none_or(|to| year <= to)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    #[serde(deserialize_with = "de::format")]
    pub format: String,
    #[serde(deserialize_with = "de::version")]
    pub version: u32,
    #[serde(deserialize_with = "de::timestamp")]
    pub exported_at: String,
    /// The exporting database's id (settings `database_id`).
    pub source_db: String,
    /// Exported from a demonstration database.
    #[serde(default)]
    pub demo: bool,
    #[serde(default)]
    pub units: Vec<BundleUnit>,
    #[serde(default)]
    pub people: Vec<BundlePerson>,
    #[serde(default)]
    pub lesson_progress: Vec<BundleProgress>,
    #[serde(default)]
    pub course_completions: Vec<BundleCompletion>,
    #[serde(default)]
    pub attempts: Vec<BundleAttempt>,
    #[serde(default)]
    pub assessments: Vec<BundleAssessment>,
}

/// One record of a bundle as it is read from a database, one at a time, in the order a bundle
/// holds them: units, people, lesson progress, completions, attempts (with their answers),
/// self-assessments (`Store::stream_bundle_records`).
#[derive(Debug, Clone, PartialEq)]
pub enum BundleRecord {
    Unit(BundleUnit),
    Person(BundlePerson),
    Lesson(BundleProgress),
    Completion(BundleCompletion),
    Attempt(BundleAttempt),
    Assessment(BundleAssessment),
}

/// A record that yields xAPI statements, read from a database in time order
/// (`Store::stream_statement_sources`), with the official it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementSource {
    /// The UTC second of the statement's time (`YYYY-MM-DDTHH:MM:SS`): sources come in this
    /// order; within one second the statement writer orders them itself.
    pub second: String,
    pub full_name: String,
    /// The staff code, else the person's id.
    pub account: String,
    pub item: SourceItem,
}

/// What a statement is made from: a lesson read to its end, a finished official attempt (its
/// answers travel apart), one answer of such an attempt, a course completion.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceItem {
    Lesson(BundleProgress),
    Attempt(BundleAttempt),
    Answer(BundleAttempt, BundleAnswer),
    Course(BundleCompletion),
}

/// How many records of each kind a streamed bundle held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BundleCounts {
    pub units: usize,
    pub people: usize,
    pub lessons: usize,
    pub completions: usize,
    pub attempts: usize,
    pub assessments: usize,
}

impl BundleCounts {
    /// Count one record.
    pub fn add(&mut self, r: &BundleRecord) {
        match r {
            BundleRecord::Unit(_) => self.units += 1,
            BundleRecord::Person(_) => self.people += 1,
            BundleRecord::Lesson(_) => self.lessons += 1,
            BundleRecord::Completion(_) => self.completions += 1,
            BundleRecord::Attempt(_) => self.attempts += 1,
            BundleRecord::Assessment(_) => self.assessments += 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleUnit {
    #[serde(deserialize_with = "de::uuid")]
    pub id: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub code: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub name: String,
    #[serde(deserialize_with = "de::unit_kind")]
    pub kind: String,
    #[serde(default, deserialize_with = "de::opt_uuid")]
    pub parent_id: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub created_at: String,
    #[serde(deserialize_with = "de::timestamp")]
    pub updated_at: String,
    /// The database that created the unit (absent in bundles made before units kept one: then
    /// the bundle's source). Heeded only from a key pinned as a collector.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_nonempty"
    )]
    pub origin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundlePerson {
    #[serde(deserialize_with = "de::uuid")]
    pub id: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub full_name: String,
    #[serde(default, deserialize_with = "de::opt_nonempty")]
    pub staff_code: Option<String>,
    #[serde(default, deserialize_with = "de::opt_uuid")]
    pub unit_id: Option<String>,
    #[serde(default)]
    pub position: String,
    #[serde(default, deserialize_with = "de::opt_date")]
    pub appointed_on: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub created_at: String,
    #[serde(deserialize_with = "de::timestamp")]
    pub updated_at: String,
    /// The database that created the person (absent in format-1 bundles and older exports:
    /// then the bundle's source). Heeded only from a key pinned as a collector.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_nonempty"
    )]
    pub origin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleProgress {
    #[serde(deserialize_with = "de::uuid")]
    pub person_id: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub course_id: String,
    pub course_version: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub lesson_id: String,
    #[serde(default)]
    pub top_block: u32,
    #[serde(default, deserialize_with = "de::opt_timestamp")]
    pub completed_at: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub opened_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleCompletion {
    #[serde(deserialize_with = "de::uuid")]
    pub person_id: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub course_id: String,
    pub course_version: String,
    #[serde(deserialize_with = "de::timestamp")]
    pub completed_at: String,
    #[serde(default)]
    pub best_percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleAttempt {
    #[serde(deserialize_with = "de::uuid")]
    pub id: String,
    #[serde(deserialize_with = "de::uuid")]
    pub person_id: String,
    #[serde(deserialize_with = "de::nonempty")]
    pub quiz_id: String,
    pub quiz_version: String,
    pub content_hash: String,
    /// The course the quiz belongs to (None for an exam across courses).
    #[serde(default)]
    pub course_id: Option<String>,
    /// The draw's seed, as stored (a u64 kept in SQLite's signed 64 bits).
    pub seed: i64,
    /// The drawn paper, encoded as stored.
    pub paper: String,
    pub practice: bool,
    #[serde(deserialize_with = "de::attempt_status")]
    pub status: String,
    #[serde(deserialize_with = "de::timestamp")]
    pub started_at: String,
    #[serde(default, deserialize_with = "de::opt_timestamp")]
    pub ended_at: Option<String>,
    #[serde(default)]
    pub active_ms: u64,
    #[serde(default)]
    pub earned: Option<u32>,
    #[serde(default)]
    pub max_points: Option<u32>,
    #[serde(default)]
    pub passed: Option<bool>,
    #[serde(default)]
    pub answers: Vec<BundleAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleAnswer {
    pub position: u32,
    pub bank_id: String,
    pub question_id: String,
    /// The response, encoded as stored.
    pub response: String,
    pub correct: bool,
    pub earned: u32,
    #[serde(deserialize_with = "de::timestamp")]
    pub answered_at: String,
    #[serde(default)]
    pub active_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleAssessment {
    #[serde(deserialize_with = "de::uuid")]
    pub id: String,
    #[serde(deserialize_with = "de::uuid")]
    pub unit_id: String,
    pub year: i32,
    #[serde(deserialize_with = "de::nonempty")]
    pub checklist_id: String,
    pub checklist_version: String,
    pub content_hash: String,
    #[serde(deserialize_with = "de::assessment_status")]
    pub status: String,
    #[serde(default)]
    pub finalized_by: Option<String>,
    #[serde(default, deserialize_with = "de::opt_timestamp")]
    pub finalized_at: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub created_at: String,
    #[serde(deserialize_with = "de::timestamp")]
    pub updated_at: String,
    #[serde(default)]
    pub answers: Vec<BundleCriterion>,
    #[serde(default)]
    pub evidence_files: Vec<BundleEvidence>,
    /// Every finalized version, oldest first.
    #[serde(default)]
    pub versions: Vec<BundleVersion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleCriterion {
    pub criterion_id: String,
    #[serde(deserialize_with = "de::criterion_answer")]
    pub answer: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub from_last_year: bool,
    #[serde(default)]
    pub changed_by: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub changed_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleEvidence {
    pub criterion_id: String,
    pub path: String,
    pub sha256: String,
    #[serde(default)]
    pub added_by: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleVersion {
    #[serde(deserialize_with = "de::uuid")]
    pub id: String,
    pub version: i64,
    #[serde(default)]
    pub finalized_by: Option<String>,
    #[serde(deserialize_with = "de::timestamp")]
    pub finalized_at: String,
    pub score_hundredths: u64,
    #[serde(default)]
    pub band: Option<String>,
    /// What was finalized (answers and evidence files), as stored: JSON text.
    pub snapshot: String,
    #[serde(default)]
    pub reopened_by: Option<String>,
    #[serde(default, deserialize_with = "de::opt_timestamp")]
    pub reopened_at: Option<String>,
    #[serde(default)]
    pub reopen_reason: Option<String>,
}

impl From<Person> for BundlePerson {
    fn from(p: Person) -> BundlePerson {
        BundlePerson {
            id: p.id,
            full_name: p.full_name,
            staff_code: p.staff_code,
            unit_id: p.unit_id,
            position: p.position,
            appointed_on: p.appointed_on,
            created_at: p.created_at,
            updated_at: p.updated_at,
            origin: None,
        }
    }
}

impl BundleUnit {
    /// A stored unit with its creation and last edit times.
    pub fn from_unit(u: Unit, created_at: String, updated_at: String) -> BundleUnit {
        BundleUnit {
            id: u.id,
            code: u.code,
            name: u.name,
            kind: u.kind.key().to_string(),
            parent_id: u.parent_id,
            created_at,
            updated_at,
            origin: None,
        }
    }
}

impl From<Assessment> for BundleAssessment {
    /// The head of a stored assessment; its answers, evidence files and versions come apart.
    fn from(a: Assessment) -> BundleAssessment {
        BundleAssessment {
            id: a.id,
            unit_id: a.unit_id,
            year: a.year,
            checklist_id: a.checklist_id,
            checklist_version: a.checklist_version,
            content_hash: a.content_hash,
            status: match a.status {
                AssessmentStatus::Draft => "draft",
                AssessmentStatus::Final => "final",
            }
            .to_string(),
            finalized_by: a.finalized_by,
            finalized_at: a.finalized_at,
            created_at: a.created_at,
            updated_at: a.updated_at,
            answers: vec![],
            evidence_files: vec![],
            versions: vec![],
        }
    }
}

/// What [`validate`] found wrong with one record: which record, and which rule (a Fluent id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The record, e.g. `attempt 6f1c…` or `completion <person>/<course>`.
    pub record: String,
    /// The rule broken: the Fluent id of its text (`bundle-rule-…`).
    pub rule: &'static str,
}

/// The checks a bundle passes before anything of it is merged (pure; the signature says who
/// wrote it, this says whether what they wrote can be true): percentages finite in 0–100;
/// scores at most the maximum and equal to the sum of the answers' points; answers at positions
/// within the drawn paper; courses and quizzes known to `pack`; a completion only beside a
/// passed attempt of its course or the course's lessons all completed, in the same bundle.
pub fn validate(b: &Bundle, pack: &crate::content::Pack) -> Vec<Problem> {
    let mut v = Validator::new(pack);
    for p in &b.lesson_progress {
        v.lesson(p);
    }
    for c in &b.course_completions {
        v.completion(c, |_| Ok::<_, std::convert::Infallible>(false))
            .unwrap_or_else(|e| match e {});
    }
    for a in &b.attempts {
        v.attempt(a);
    }
    v.finish()
}

/// [`validate`], one record at a time, in the order of a format-2 bundle: lesson progress, then
/// completions, then attempts. It keeps the problems found, a bit per lesson completed (by
/// hashed person and course) and the completions still waiting for a passed attempt.
pub struct Validator<'p> {
    pack: &'p crate::content::Pack,
    lessons: Vec<Problem>,
    attempts: Vec<Problem>,
    /// None: a completion problem that a passed attempt later in the bundle removed.
    completions: Vec<Option<Problem>>,
    /// Which of a course's lessons the bundle completed: (hashed person and course, word) → 64
    /// lessons a word, by their place in the course.
    read: HashMap<(u128, usize), u64>,
    /// Hashed (person, course) → the places in `completions` that a passed attempt of that
    /// course removes.
    waiting: HashMap<u128, Vec<usize>>,
    keys: KeyHasher,
}

impl<'p> Validator<'p> {
    pub fn new(pack: &'p crate::content::Pack) -> Self {
        Validator {
            pack,
            lessons: Vec::new(),
            attempts: Vec::new(),
            completions: Vec::new(),
            read: HashMap::new(),
            waiting: HashMap::new(),
            keys: KeyHasher::new(),
        }
    }

    pub fn lesson(&mut self, p: &BundleProgress) {
        let Some(course) = self.pack.course(&p.course_id) else {
            self.lessons.push(Problem {
                record: format!("lesson {}/{}", p.person_id, p.lesson_id),
                rule: "bundle-rule-course",
            });
            return;
        };
        if p.completed_at.is_none() {
            return;
        }
        if let Some(i) = course.lessons.iter().position(|l| l.id == p.lesson_id) {
            let key = self.keys.hash(&[&p.person_id, &p.course_id]);
            *self.read.entry((key, i / 64)).or_default() |= 1 << (i % 64);
        }
    }

    /// A completion. `earned_here` is asked only when the bundle's own lessons do not earn it
    /// (a passed attempt later in the bundle still may): true excuses it (the database the
    /// bundle merges into already holds what earns it).
    pub fn completion<E>(
        &mut self,
        c: &BundleCompletion,
        earned_here: impl FnOnce(&crate::content::Course) -> Result<bool, E>,
    ) -> Result<(), E> {
        let record = || format!("completion {}/{}", c.person_id, c.course_id);
        if let Some(p) = c.best_percent {
            if !p.is_finite() || !(0.0..=100.0).contains(&p) {
                self.completions.push(Some(Problem {
                    record: record(),
                    rule: "bundle-rule-percent",
                }));
            }
        }
        let Some(course) = self.pack.course(&c.course_id) else {
            self.completions.push(Some(Problem {
                record: record(),
                rule: "bundle-rule-course",
            }));
            return Ok(());
        };
        let key = self.keys.hash(&[&c.person_id, &c.course_id]);
        let n = course.lessons.len();
        let lessons_done = n > 0
            && (0..n.div_ceil(64)).all(|w| {
                let want = if (w + 1) * 64 <= n {
                    u64::MAX
                } else {
                    (1u64 << (n % 64)) - 1
                };
                self.read.get(&(key, w)).copied().unwrap_or(0) & want == want
            });
        if lessons_done || earned_here(course)? {
            return Ok(());
        }
        self.waiting
            .entry(key)
            .or_default()
            .push(self.completions.len());
        self.completions.push(Some(Problem {
            record: record(),
            rule: "bundle-rule-completion",
        }));
        Ok(())
    }

    pub fn attempt(&mut self, a: &BundleAttempt) {
        use crate::quiz::engine::Paper;
        let mut problem = |rule| {
            self.attempts.push(Problem {
                record: format!("attempt {}", a.id),
                rule,
            })
        };
        if self.pack.quiz(&a.quiz_id).is_none() {
            problem("bundle-rule-quiz");
        }
        if let Some(c) = &a.course_id {
            if self.pack.course(c).is_none() {
                problem("bundle-rule-course");
            }
        }
        if let (Some(e), Some(m)) = (a.earned, a.max_points) {
            if e > m {
                problem("bundle-rule-score-max");
            }
        }
        if let Some(e) = a.earned {
            let sum: u64 = a.answers.iter().map(|x| u64::from(x.earned)).sum();
            if u64::from(e) != sum {
                problem("bundle-rule-score-sum");
            }
        }
        let items = Paper::count_items(&a.paper);
        if a.answers
            .iter()
            .any(|x| items.is_none_or(|n| x.position as usize >= n))
        {
            problem("bundle-rule-position");
        }
        if let (Some(course), Some(true), false) = (&a.course_id, a.passed, self.waiting.is_empty())
        {
            let key = self.keys.hash(&[&a.person_id, course]);
            for i in self.waiting.remove(&key).unwrap_or_default() {
                self.completions[i] = None;
            }
        }
    }

    /// Whether a problem was found that no later record can remove (only a completion waiting
    /// for a passed attempt can be).
    pub fn settled(&self) -> bool {
        !self.lessons.is_empty()
            || !self.attempts.is_empty()
            || self
                .completions
                .iter()
                .flatten()
                .any(|p| p.rule != "bundle-rule-completion")
    }

    /// The problems, in [`validate`]'s order: lesson progress, attempts, completions.
    pub fn finish(self) -> Vec<Problem> {
        let mut all = self.lessons;
        all.extend(self.attempts);
        all.extend(self.completions.into_iter().flatten());
        all
    }
}

/// Hashes of record keys, 128 bits from two keyed SipHashes (fresh keys each time), for the
/// sets a streamed bundle keeps instead of the keys themselves. Two different keys share a hash
/// with odds of about 2^-128 a pair.
pub struct KeyHasher(RandomState, RandomState);

impl KeyHasher {
    pub fn new() -> Self {
        KeyHasher(Default::default(), Default::default())
    }

    /// The hash of a key made of `parts` (each part's length is hashed too, so ("ab", "c") and
    /// ("a", "bc") differ).
    pub fn hash(&self, parts: &[&str]) -> u128 {
        use std::hash::{BuildHasher, Hash, Hasher};
        let one = |s: &RandomState| {
            let mut h = s.build_hasher();
            for p in parts {
                p.hash(&mut h);
            }
            h.finish()
        };
        (u128::from(one(&self.0)) << 64) | u128::from(one(&self.1))
    }
}

impl Default for KeyHasher {
    fn default() -> Self {
        Self::new()
    }
}

/// Checks applied while reading, so a bad value is reported at its line and column.
mod de {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer};

    pub fn format<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        if s != super::FORMAT {
            return Err(D::Error::custom(format!(
                "format is \"{s}\", not \"{}\": this is not a danvan records file",
                super::FORMAT
            )));
        }
        Ok(s)
    }

    pub fn version<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let v = u32::deserialize(d)?;
        if v != super::VERSION {
            return Err(D::Error::custom(format!(
                "version {v} is not supported (this danvan reads version {}); a newer danvan wrote it",
                super::VERSION
            )));
        }
        Ok(v)
    }

    /// A UUID, returned as stored (lowercase, hyphenated).
    pub fn uuid<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        as_stored_uuid(String::deserialize(d)?)
    }

    pub fn opt_uuid<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(as_stored_uuid)
            .transpose()
    }

    /// `s` as a stored UUID: kept when it is already in that form (as every bundle danvan
    /// writes has it), else parsed and written out again.
    fn as_stored_uuid<E: Error>(s: String) -> Result<String, E> {
        if is_stored_uuid(&s) {
            return Ok(s);
        }
        uuid::Uuid::parse_str(s.trim())
            .map(|u| u.to_string())
            .map_err(|_| E::custom(format!("\"{s}\" is not a UUID")))
    }

    /// Lowercase and hyphenated, as `Uuid::to_string` writes it.
    pub(super) fn is_stored_uuid(s: &str) -> bool {
        s.len() == 36
            && s.bytes().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => b == b'-',
                _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
            })
    }

    fn check_timestamp<E: Error>(s: &str) -> Result<(), E> {
        use time::format_description::well_known::Rfc3339;
        if crate::dates::is_utc_stamp(s) {
            return Ok(());
        }
        time::OffsetDateTime::parse(s, &Rfc3339)
            .map(|_| ())
            .map_err(|_| {
                E::custom(format!(
                    "\"{s}\" is not an ISO 8601 time with a zone (such as 2026-11-26T07:05:09Z)"
                ))
            })
    }

    pub fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        check_timestamp::<D::Error>(&s)?;
        Ok(s)
    }

    pub fn opt_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        if let Some(s) = &s {
            check_timestamp::<D::Error>(s)?;
        }
        Ok(s)
    }

    pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        if let Some(s) = &s {
            if crate::text::parse_date(s).as_deref() != Some(s.as_str()) {
                return Err(D::Error::custom(format!(
                    "\"{s}\" is not an ISO date (yyyy-mm-dd)"
                )));
            }
        }
        Ok(s)
    }

    pub fn nonempty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = crate::text::into_nfc_trimmed(String::deserialize(d)?);
        if s.is_empty() {
            return Err(D::Error::custom("empty text where a value is required"));
        }
        Ok(s)
    }

    pub fn opt_nonempty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(Option::<String>::deserialize(d)?
            .map(crate::text::into_nfc_trimmed)
            .filter(|s| !s.is_empty()))
    }

    fn one_of<E: Error>(s: String, allowed: &[&str], what: &str) -> Result<String, E> {
        if allowed.contains(&s.as_str()) {
            Ok(s)
        } else {
            Err(E::custom(format!(
                "\"{s}\" is not a {what} (expected one of: {})",
                allowed.join(", ")
            )))
        }
    }

    pub fn unit_kind<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        use crate::people::UnitKind;
        let keys: Vec<&str> = UnitKind::ALL.iter().map(|k| k.key()).collect();
        one_of(String::deserialize(d)?, &keys, "unit kind")
    }

    pub fn attempt_status<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        use crate::attempt::AttemptStatus as S;
        let keys = [S::Open, S::Submitted, S::TimedOut, S::ClosedChanged].map(|s| s.key());
        one_of(String::deserialize(d)?, &keys, "quiz attempt status")
    }

    pub fn assessment_status<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        one_of(
            String::deserialize(d)?,
            &["draft", "final"],
            "self-assessment status",
        )
    }

    pub fn criterion_answer<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        match crate::assessment::Answer::parse(&s) {
            Some(_) => Ok(s),
            None => Err(D::Error::custom(format!(
                "\"{s}\" is not an answer (yes, partly, no, na, unanswered or value:N)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_kept_as_it_came_is_the_one_parsing_would_write() {
        for s in [
            "01962c72-248d-7504-96b2-c4fd2bc447f5",
            "01962C72-248D-7504-96B2-C4FD2BC447F5",
            "01962c72248d750496b2c4fd2bc447f5",
            " 01962c72-248d-7504-96b2-c4fd2bc447f5",
            "01962c72-248d-7504-96b2-c4fd2bc447f",
            "01962c72-248d-7504-96b2-c4fd2bc447fg",
            "01962c72+248d-7504-96b2-c4fd2bc447f5",
            "",
        ] {
            let parsed = uuid::Uuid::parse_str(s.trim()).map(|u| u.to_string());
            let kept = de::is_stored_uuid(s);
            assert_eq!(kept, parsed.as_deref() == Ok(s), "{s:?}");
        }
    }

    #[test]
    fn days_and_years_filter_inclusively() {
        let f = BundleFilter {
            from: Some("2026-03-01".into()),
            to: Some("2026-03-31".into()),
            ..Default::default()
        };
        assert!(f.covers_day("2026-03-01T00:00:00Z"));
        assert!(f.covers_day("2026-03-31T23:59:59Z"));
        assert!(!f.covers_day("2026-04-01T00:00:00Z"));
        assert!(!f.covers_day("2026-02-28T23:59:59Z"));
        assert!(f.covers_year(2026) && !f.covers_year(2025) && !f.covers_year(2027));
        assert!(BundleFilter::default().covers_day("2020-01-01T00:00:00Z"));
    }
}

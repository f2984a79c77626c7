//! The records table's vocabulary: what a trainer filters and sorts by, and the rows the store
//! returns for it (a person's line, a person's progress in a course, a unit's completion rate).

/// The order of the records table; the store backs each with an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecordSort {
    #[default]
    Name,
    /// By unit, then name.
    Unit,
    /// Fewest completed courses first: who to chase.
    Completed,
}

impl RecordSort {
    pub fn next(self) -> RecordSort {
        match self {
            RecordSort::Name => RecordSort::Unit,
            RecordSort::Unit => RecordSort::Completed,
            RecordSort::Completed => RecordSort::Name,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseStatusFilter {
    Completed,
    InProgress,
    NotStarted,
    /// Required of the official, past its due day and not completed: the rules come with the
    /// filter ([`RecordFilter::overdue`]), made from the content by
    /// [`crate::completion::overdue_rules`].
    Overdue,
}

/// When one course is overdue, in terms a query can test: required of officials in a unit of
/// one of `unit_kinds` (empty: any, and officials without a unit) whose folded position
/// contains one of `positions` (empty: any position), appointed before `appointed_before`
/// (ISO day: today less the days the course allows), and not completed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverdueRule {
    pub course_id: String,
    pub unit_kinds: Vec<String>,
    pub positions: Vec<String>,
    pub appointed_before: String,
}

/// What the records table, its exports and the per-unit rates select.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFilter {
    /// A unit and every unit under it.
    pub unit_id: Option<String>,
    /// The course the status and completion dates refer to.
    pub course_id: Option<String>,
    pub status: Option<CourseStatusFilter>,
    /// ISO dates, inclusive.
    pub appointed_from: Option<String>,
    pub appointed_to: Option<String>,
    pub completed_from: Option<String>,
    pub completed_to: Option<String>,
    /// Part of a name, matched without diacritics.
    pub name: Option<String>,
    /// What makes each required course overdue today (read when `status` is Overdue).
    pub overdue: Vec<OverdueRule>,
}

/// One column of a row's sort key, as the database stored it: handed back unchanged to ask for
/// the next page, and compared the way the database compares it.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKeyValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// One person's line in the records table.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRecord {
    pub person_id: String,
    pub full_name: String,
    pub staff_code: Option<String>,
    pub unit_id: Option<String>,
    pub unit_name: Option<String>,
    /// The unit's kind, read with the row: which courses are required of whom depends on it.
    pub unit_kind: Option<crate::people::UnitKind>,
    pub position: String,
    pub appointed_on: Option<String>,
    pub lessons_read: u32,
    pub courses_completed: u32,
    pub attempts: u32,
    pub last_activity: Option<String>,
    /// The sort key of this row, to ask for the page after or before it.
    pub key: Vec<SortKeyValue>,
}

/// One person's progress in one course.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseRecord {
    pub person_id: String,
    pub course_id: String,
    pub lessons_read: u32,
    pub attempts: u32,
    pub best_percent: Option<f64>,
    pub passed: bool,
    pub completed_at: Option<String>,
}

/// Completion in one unit: people, and completions per course.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRate {
    pub unit_id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub people: u32,
    /// (course id, people who completed it).
    pub completed: Vec<(String, u32)>,
}

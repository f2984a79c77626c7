//! Completion records for trainers, read a page at a time from the summaries the triggers keep
//! (`person_summary`, `course_summary`): a screen fetches only the rows it shows, whatever the
//! size of the province.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::{Result, Store, StoreError};
use crate::domain::people::UnitKind;
use crate::domain::records::{
    CourseRecord, CourseStatusFilter, OverdueRule, PersonRecord, RecordFilter, RecordSort,
    SortKeyValue, UnitRate,
};

/// The key columns of a sort, in order (the last is always the person id); each sort is
/// backed by an index on `person_summary`.
fn sort_columns(sort: RecordSort) -> &'static [&'static str] {
    match sort {
        RecordSort::Name => &["ps.name_key", "ps.person_id"],
        RecordSort::Unit => &["COALESCE(ps.unit_id, '')", "ps.name_key", "ps.person_id"],
        RecordSort::Completed => &["ps.courses_completed", "ps.name_key", "ps.person_id"],
    }
}

fn key_to_sql(v: &SortKeyValue) -> Value {
    match v {
        SortKeyValue::Null => Value::Null,
        SortKeyValue::Integer(i) => Value::Integer(*i),
        SortKeyValue::Real(f) => Value::Real(*f),
        SortKeyValue::Text(t) => Value::Text(t.clone()),
        SortKeyValue::Blob(b) => Value::Blob(b.clone()),
    }
}

fn key_from_sql(v: Value) -> SortKeyValue {
    match v {
        Value::Null => SortKeyValue::Null,
        Value::Integer(i) => SortKeyValue::Integer(i),
        Value::Real(f) => SortKeyValue::Real(f),
        Value::Text(t) => SortKeyValue::Text(t),
        Value::Blob(b) => SortKeyValue::Blob(b),
    }
}

/// The test that a person `ps` is overdue in one course (`rule`). With `joined`, that course's
/// summary is joined as `cs`; else it is looked up.
fn overdue_test(rule: &OverdueRule, params: &mut Vec<Value>, joined: bool) -> String {
    params.push(Value::Text(rule.appointed_before.clone()));
    let mut parts = vec![
        "ps.appointed_on IS NOT NULL".to_string(),
        format!("ps.appointed_on < ?{}", params.len()),
    ];
    if !rule.unit_kinds.is_empty() {
        let mut kinds = Vec::new();
        for k in &rule.unit_kinds {
            params.push(Value::Text(k.clone()));
            kinds.push(format!("?{}", params.len()));
        }
        parts.push(format!(
            "ps.unit_id IN (SELECT id FROM units WHERE kind IN ({}))",
            kinds.join(", ")
        ));
    }
    if !rule.positions.is_empty() {
        let mut any = Vec::new();
        for p in &rule.positions {
            params.push(Value::Text(p.clone()));
            any.push(format!(
                "instr(danvan_fold(ps.position), ?{}) > 0",
                params.len()
            ));
        }
        parts.push(format!("({})", any.join(" OR ")));
    }
    if joined {
        // No summary row (nothing done) is not completed either.
        parts.push("cs.completed_at IS NULL".into());
    } else {
        params.push(Value::Text(rule.course_id.clone()));
        parts.push(format!(
            "NOT EXISTS (SELECT 1 FROM course_summary x WHERE x.person_id = ps.person_id \
             AND x.course_id = ?{} AND x.completed_at IS NOT NULL)",
            params.len()
        ));
    }
    format!("({})", parts.join(" AND "))
}

/// How a name search finds its people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NamePlan {
    /// Gather everyone a word matches first (through the words index): what a count needs, and
    /// cheap when few match.
    Gather,
    /// Walk the page's order and test each row's own words: a common prefix ("n", "ng") fills a
    /// page within a few rows, where gathering it would collect most of the province.
    Walk,
}

/// Most steps of SQLite's machine, in thousands, a walking name search may take before it gives
/// way to gathering (a rare name, or people far down the order, would walk the whole list):
/// a few thousand rows tested, a few milliseconds.
const WALK_STEPS: u64 = 1_000;

/// The WHERE clause and its parameters for a filter.
fn where_clause(f: &RecordFilter, params: &mut Vec<Value>) -> String {
    where_clause_by(f, params, NamePlan::Gather)
}

fn where_clause_by(f: &RecordFilter, params: &mut Vec<Value>, names: NamePlan) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(unit) = &f.unit_id {
        params.push(Value::Text(unit.clone()));
        parts.push(format!(
            "ps.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT ?{n} UNION SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id) SELECT id FROM sub)",
            n = params.len()
        ));
    }
    if let Some(name) = &f.name {
        // Each word of the search starts a word of the name (through the words index, never a
        // scan of every name); with diacritics typed it must match them.
        for word in name.split_whitespace() {
            let prefix = crate::domain::names::search_prefix(word);
            params.push(Value::Text(prefix.clone()));
            let from = params.len();
            params.push(Value::Text(format!("{prefix}\u{10ffff}")));
            parts.push(match names {
                NamePlan::Gather => format!(
                    "ps.person_id IN (SELECT person_id FROM person_name_words WHERE word >= ?{from} AND word < ?{})",
                    params.len()
                ),
                NamePlan::Walk => format!(
                    "EXISTS (SELECT 1 FROM person_name_words w WHERE w.person_id = ps.person_id AND w.word >= ?{from} AND w.word < ?{})",
                    params.len()
                ),
            });
        }
    }
    if let Some(d) = &f.appointed_from {
        params.push(Value::Text(d.clone()));
        parts.push(format!("ps.appointed_on >= ?{}", params.len()));
    }
    if let Some(d) = &f.appointed_to {
        params.push(Value::Text(d.clone()));
        parts.push(format!("ps.appointed_on < ?{}", params.len()));
    }
    if f.course_id.is_some() {
        match f.status {
            Some(CourseStatusFilter::Completed) => parts.push("cs.completed_at IS NOT NULL".into()),
            Some(CourseStatusFilter::InProgress) => parts.push(
                "cs.completed_at IS NULL AND (cs.lessons_read > 0 OR cs.attempts > 0)".into(),
            ),
            Some(CourseStatusFilter::NotStarted) => parts.push(
                "(cs.person_id IS NULL OR (cs.lessons_read = 0 AND cs.attempts = 0 AND cs.completed_at IS NULL))".into(),
            ),
            Some(CourseStatusFilter::Overdue) => {
                let course = f.course_id.as_deref().unwrap_or_default();
                match f.overdue.iter().find(|r| r.course_id == course) {
                    Some(rule) => {
                        let test = overdue_test(rule, params, true);
                        parts.push(test);
                    }
                    // Required of nobody: nobody is overdue in it.
                    None => parts.push("0".into()),
                }
            }
            None => {}
        }
        // Completion dates compare on the day (stored times are UTC ISO 8601).
        if let Some(d) = &f.completed_from {
            params.push(Value::Text(d.clone()));
            parts.push(format!(
                "substr(cs.completed_at, 1, 10) >= ?{}",
                params.len()
            ));
        }
        if let Some(d) = &f.completed_to {
            params.push(Value::Text(d.clone()));
            parts.push(format!(
                "substr(cs.completed_at, 1, 10) <= ?{}",
                params.len()
            ));
        }
    } else {
        match f.status {
            Some(CourseStatusFilter::Completed) => parts.push("ps.courses_completed > 0".into()),
            Some(CourseStatusFilter::InProgress) => parts.push(
                "ps.courses_completed = 0 AND (ps.lessons_read > 0 OR ps.attempts > 0)".into(),
            ),
            Some(CourseStatusFilter::NotStarted) => {
                parts.push("ps.lessons_read = 0 AND ps.attempts = 0".into())
            }
            Some(CourseStatusFilter::Overdue) => {
                let any: Vec<String> = f
                    .overdue
                    .iter()
                    .map(|rule| overdue_test(rule, params, false))
                    .collect();
                parts.push(if any.is_empty() {
                    "0".into()
                } else {
                    format!("({})", any.join(" OR "))
                });
            }
            None => {}
        }
        if f.completed_from.is_some() || f.completed_to.is_some() {
            let mut sub = vec![
                "c2.person_id = ps.person_id".to_string(),
                "c2.completed_at IS NOT NULL".into(),
            ];
            if let Some(d) = &f.completed_from {
                params.push(Value::Text(d.clone()));
                sub.push(format!(
                    "substr(c2.completed_at, 1, 10) >= ?{}",
                    params.len()
                ));
            }
            if let Some(d) = &f.completed_to {
                params.push(Value::Text(d.clone()));
                sub.push(format!(
                    "substr(c2.completed_at, 1, 10) <= ?{}",
                    params.len()
                ));
            }
            parts.push(format!(
                "EXISTS (SELECT 1 FROM course_summary c2 WHERE {})",
                sub.join(" AND ")
            ));
        }
    }
    if parts.is_empty() {
        "1".into()
    } else {
        parts.join(" AND ")
    }
}

fn from_clause(f: &RecordFilter, params: &mut Vec<Value>) -> String {
    // The summary carries the names shown, so a page joins no `people` row.
    let mut from = "person_summary ps LEFT JOIN units u ON u.id = ps.unit_id".to_string();
    if let Some(course) = &f.course_id {
        params.push(Value::Text(course.clone()));
        from.push_str(&format!(
            " LEFT JOIN course_summary cs ON cs.person_id = ps.person_id AND cs.course_id = ?{}",
            params.len()
        ));
    }
    from
}

/// The FROM clause of a count: the course's summary is joined (one row at most per person: its
/// key is the person and the course) only when the filter reads it.
fn count_from_clause(f: &RecordFilter, params: &mut Vec<Value>) -> String {
    let reads_course = f.status.is_some() || f.completed_from.is_some() || f.completed_to.is_some();
    match &f.course_id {
        Some(course) if reads_course => {
            params.push(Value::Text(course.clone()));
            format!(
                "person_summary ps LEFT JOIN course_summary cs ON cs.person_id = ps.person_id AND cs.course_id = ?{}",
                params.len()
            )
        }
        _ => "person_summary ps".to_string(),
    }
}

impl Store {
    /// A page of the records table: at most `limit` people after (or before) the row with `key`,
    /// in the sort's order. Only the rows asked for are read. A name search first walks the
    /// order (`NamePlan::Walk`) within `WALK_STEPS`, then, if that was not enough, gathers.
    pub fn records_page(
        &self,
        filter: &RecordFilter,
        sort: RecordSort,
        key: Option<&[SortKeyValue]>,
        backwards: bool,
        limit: usize,
    ) -> Result<Vec<PersonRecord>> {
        self.records_page_within(filter, sort, key, backwards, limit, WALK_STEPS)
    }

    /// `records_page`, a name search walking at most `steps` thousand steps.
    fn records_page_within(
        &self,
        filter: &RecordFilter,
        sort: RecordSort,
        key: Option<&[SortKeyValue]>,
        backwards: bool,
        limit: usize,
        steps: u64,
    ) -> Result<Vec<PersonRecord>> {
        if filter.name.is_none() {
            return self.records_page_by(filter, sort, key, backwards, limit, NamePlan::Gather);
        }
        use std::sync::atomic::Ordering::Relaxed;
        self.walk_left.store(steps, Relaxed);
        let walked = self.records_page_by(filter, sort, key, backwards, limit, NamePlan::Walk);
        self.walk_left.store(u64::MAX, Relaxed);
        match walked {
            Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                self.records_page_by(filter, sort, key, backwards, limit, NamePlan::Gather)
            }
            other => other,
        }
    }

    fn records_page_by(
        &self,
        filter: &RecordFilter,
        sort: RecordSort,
        key: Option<&[SortKeyValue]>,
        backwards: bool,
        limit: usize,
        names: NamePlan,
    ) -> Result<Vec<PersonRecord>> {
        let mut params: Vec<Value> = Vec::new();
        let from = from_clause(filter, &mut params);
        let mut cond = where_clause_by(filter, &mut params, names);
        let cols = sort_columns(sort);
        if let Some(k) = key.filter(|k| k.len() == cols.len()) {
            let start = params.len();
            params.extend(k.iter().map(key_to_sql));
            let placeholders: Vec<String> = (0..k.len())
                .map(|i| format!("?{}", start + i + 1))
                .collect();
            cond = format!(
                "{cond} AND ({}) {} ({})",
                cols.join(", "),
                if backwards { "<" } else { ">" },
                placeholders.join(", ")
            );
        }
        let dir = if backwards { "DESC" } else { "ASC" };
        let order: Vec<String> = cols.iter().map(|c| format!("{c} {dir}")).collect();
        params.push(Value::Integer(limit as i64));
        let sql = format!(
            "SELECT ps.person_id, ps.full_name, ps.staff_code, ps.unit_id, u.name, ps.position, ps.appointed_on,
                    ps.lessons_read, ps.courses_completed, ps.attempts, ps.last_activity, u.kind, {keys}
             FROM {from} WHERE {cond} ORDER BY {order} LIMIT ?{n}",
            keys = cols.join(", "),
            order = order.join(", "),
            n = params.len()
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(params_from_iter(params.iter()), |r| {
                let key = (0..cols.len())
                    .map(|i| r.get::<_, Value>(12 + i).map(key_from_sql))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(PersonRecord {
                    person_id: r.get(0)?,
                    full_name: r.get(1)?,
                    staff_code: r.get(2)?,
                    unit_id: r.get(3)?,
                    unit_name: r.get(4)?,
                    unit_kind: r
                        .get::<_, Option<String>>(11)?
                        .as_deref()
                        .map(UnitKind::stored),
                    position: r.get(5)?,
                    appointed_on: r.get(6)?,
                    lessons_read: r.get::<_, i64>(7)?.max(0) as u32,
                    courses_completed: r.get::<_, i64>(8)?.max(0) as u32,
                    attempts: r.get::<_, i64>(9)?.max(0) as u32,
                    last_activity: r.get(10)?,
                    key,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if backwards {
            rows.reverse();
        }
        Ok(rows)
    }

    /// How many people the filter selects. With no filter, the count the schema keeps
    /// (`people_count`); else counted over `person_summary` alone (its smallest index) unless a
    /// filter reads the course's summary: the units join of a page shows names and never
    /// changes how many rows there are, so the count leaves it out.
    pub fn records_count(&self, filter: &RecordFilter) -> Result<u64> {
        self.reading(|| {
            let mut params: Vec<Value> = Vec::new();
            let from = count_from_clause(filter, &mut params);
            let cond = where_clause(filter, &mut params);
            // Nothing filtered: the count the schema keeps (schema 17), not a scan of everyone.
            let sql = if from == "person_summary ps" && cond == "1" {
                "SELECT n FROM people_count WHERE one = 1".to_string()
            } else {
                format!("SELECT COUNT(*) FROM {from} WHERE {cond}")
            };
            Ok(self
                .conn()
                .prepare_cached(&sql)?
                .query_row(params_from_iter(params.iter()), |r| r.get::<_, i64>(0))?
                .max(0) as u64)
        })
    }

    /// Per-course progress of the given people (the rows on screen).
    pub fn course_records(&self, people: &[&str]) -> Result<Vec<CourseRecord>> {
        self.reading(|| {
            if people.is_empty() {
                return Ok(Vec::new());
            }
            let marks: Vec<String> = (1..=people.len()).map(|i| format!("?{i}")).collect();
            let sql = format!(
            "SELECT person_id, course_id, lessons_read, attempts, best_percent, passed, completed_at
             FROM course_summary WHERE person_id IN ({}) ORDER BY person_id, course_id",
            marks.join(", ")
        );
            let mut stmt = self.conn().prepare_cached(&sql)?;
            let rows = stmt
                .query_map(params_from_iter(people.iter()), |r| {
                    Ok(CourseRecord {
                        person_id: r.get(0)?,
                        course_id: r.get(1)?,
                        lessons_read: r.get::<_, i64>(2)?.max(0) as u32,
                        attempts: r.get::<_, i64>(3)?.max(0) as u32,
                        best_percent: r.get(4)?,
                        passed: r.get::<_, i64>(5)? != 0,
                        completed_at: r.get(6)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Completion per unit, over the people the filter selects.
    pub fn unit_rates(&self, filter: &RecordFilter) -> Result<Vec<UnitRate>> {
        self.reading(|| {
            // Both queries: every course (rates are per course), status not applied.
            let whole = RecordFilter {
                course_id: None,
                ..filter.clone()
            };
            let counted = RecordFilter {
                status: None,
                ..whole.clone()
            };
            let clauses = |params: &mut Vec<Value>| {
                let from = from_clause(&whole, params);
                (from, where_clause(&counted, params))
            };
            let mut params: Vec<Value> = Vec::new();
            let (from, cond) = clauses(&mut params);
            let sql = format!(
            "SELECT u.id, u.code, u.name, COUNT(*) FROM {from} WHERE {cond} AND u.id IS NOT NULL
             GROUP BY u.id ORDER BY u.name, u.code"
        );
            let mut stmt = self.conn().prepare(&sql)?;
            let mut rates = stmt
                .query_map(params_from_iter(params.iter()), |r| {
                    Ok(UnitRate {
                        unit_id: r.get(0)?,
                        unit_code: r.get(1)?,
                        unit_name: r.get(2)?,
                        people: r.get::<_, i64>(3)?.max(0) as u32,
                        completed: Vec::new(),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut params: Vec<Value> = Vec::new();
            let (from, cond) = clauses(&mut params);
            let sql = format!(
                "SELECT ps.unit_id, cs.course_id, COUNT(*) FROM {from}
             JOIN course_summary cs ON cs.person_id = ps.person_id AND cs.completed_at IS NOT NULL
             WHERE {cond} GROUP BY ps.unit_id, cs.course_id"
            );
            let mut stmt = self.conn().prepare(&sql)?;
            let done = stmt
                .query_map(params_from_iter(params.iter()), |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (unit, course, n) in done {
                if let Some(rate) = rates.iter_mut().find(|r| Some(&r.unit_id) == unit.as_ref()) {
                    rate.completed.push((course, n.max(0) as u32));
                }
            }
            Ok(rates)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::NewPerson;

    fn names(rows: &[PersonRecord]) -> Vec<String> {
        rows.iter().map(|r| r.full_name.clone()).collect()
    }

    #[test]
    fn a_name_search_finds_the_same_page_whether_it_walks_gathers_or_gives_up_walking() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("n.db")).unwrap();
        let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Ngô"];
        let given = ["An", "Bình", "Ngọc", "Xuân", "Yến", "Nga"];
        let mut with_ng = 0;
        for i in 0..400 {
            let full_name = format!(
                "{} {} {}",
                families[i % 5],
                ["Văn", "Thị"][i % 2],
                given[(i / 5) % 6]
            );
            with_ng += usize::from(full_name.split(' ').any(|w| w.starts_with("Ng")));
            store
                .add_person(&NewPerson {
                    full_name,
                    staff_code: Some(format!("S{i:03}")),
                    unit_id: None,
                    position: "Công chức".into(),
                    appointed_on: None,
                })
                .unwrap();
        }
        for query in ["n", "ng", "xuân", "yen", "tran thi", "zzz"] {
            let filter = RecordFilter {
                name: Some(query.into()),
                ..Default::default()
            };
            let gathered = |key: Option<&[SortKeyValue]>, back| {
                store
                    .records_page_by(&filter, RecordSort::Name, key, back, 7, NamePlan::Gather)
                    .unwrap()
            };
            let first = gathered(None, false);
            let walked = store
                .records_page_by(&filter, RecordSort::Name, None, false, 7, NamePlan::Walk)
                .unwrap();
            assert_eq!(names(&walked), names(&first), "{query}");
            // No steps at all to walk: the walk is stopped and the search gathers instead.
            let gave_up = store
                .records_page_within(&filter, RecordSort::Name, None, false, 7, 0)
                .unwrap();
            assert_eq!(names(&gave_up), names(&first), "{query}");
            // And the page after the first, from its last key, both ways.
            if let Some(last) = first.last() {
                let next = gathered(Some(&last.key), false);
                let walked = store
                    .records_page(&filter, RecordSort::Name, Some(&last.key), false, 7)
                    .unwrap();
                assert_eq!(names(&walked), names(&next), "{query}");
                let gave_up = store
                    .records_page_within(&filter, RecordSort::Name, Some(&last.key), false, 7, 0)
                    .unwrap();
                assert_eq!(names(&gave_up), names(&next), "{query}");
            }
        }
        // With no steps left, a walk over the whole list is indeed stopped.
        let none = RecordFilter {
            name: Some("zzz".into()),
            ..Default::default()
        };
        store
            .walk_left
            .store(0, std::sync::atomic::Ordering::Relaxed);
        let stopped =
            store.records_page_by(&none, RecordSort::Name, None, false, 7, NamePlan::Walk);
        store
            .walk_left
            .store(u64::MAX, std::sync::atomic::Ordering::Relaxed);
        assert!(
            matches!(&stopped, Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::OperationInterrupted),
            "{stopped:?}"
        );
        // The walk is disarmed afterwards: a long statement is never stopped.
        assert_eq!(
            store.walk_left.load(std::sync::atomic::Ordering::Relaxed),
            u64::MAX
        );
        let n: i64 = store
            .conn()
            .query_row(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000)
                 SELECT COUNT(*) FROM c",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 200_000);
        // A search with matches returns them: the test above compared something.
        let some = RecordFilter {
            name: Some("ng".into()),
            ..Default::default()
        };
        assert_eq!(
            store
                .records_page(&some, RecordSort::Name, None, false, 1000)
                .unwrap()
                .len(),
            with_ng
        );
        assert!(with_ng > 100, "{with_ng}");
    }
}

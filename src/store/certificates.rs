//! Completion records as certificates read them: one official's completion of a course, and the
//! key of every completion (a verification code is checked against each).

use rusqlite::OptionalExtension;

use super::{Result, Store};

/// A row of `course_completions`, as a certificate shows it and its code covers it.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletionRecord {
    pub course_version: String,
    /// As stored (UTC, `2026-11-26T07:05:09Z`).
    pub completed_at: String,
    pub best_percent: Option<f64>,
}

impl Store {
    /// The completion of `course_id` by `person_id`, when there is one.
    pub fn completion_record(
        &self,
        person_id: &str,
        course_id: &str,
    ) -> Result<Option<CompletionRecord>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT course_version, completed_at, best_percent FROM course_completions
                 WHERE person_id = ?1 AND course_id = ?2",
                [person_id, course_id],
                |r| {
                    Ok(CompletionRecord {
                        course_version: r.get(0)?,
                        completed_at: r.get(1)?,
                        best_percent: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// (person id, course id) of every completion; a row that cannot be read is skipped.
    pub fn completion_keys(&self) -> Result<Vec<(String, String)>> {
        self.reading(|| {
            let mut stmt = self
                .conn()
                .prepare("SELECT person_id, course_id FROM course_completions")?;
            let keys = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .filter_map(|r| r.ok())
                .collect();
            Ok(keys)
        })
    }
}

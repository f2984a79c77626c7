//! Lesson progress: where a person is in each lesson, and which lessons they have read.

use rusqlite::{params, OptionalExtension, Row};

use super::{now_utc, Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonProgress {
    pub course_id: String,
    pub course_version: String,
    pub lesson_id: String,
    /// The Markdown block at the top of the view.
    pub top_block: usize,
    pub completed_at: Option<String>,
    pub opened_at: String,
}

fn from_row(r: &Row) -> rusqlite::Result<LessonProgress> {
    Ok(LessonProgress {
        course_id: r.get(0)?,
        course_version: r.get(1)?,
        lesson_id: r.get(2)?,
        top_block: r.get::<_, i64>(3)?.max(0) as usize,
        completed_at: r.get(4)?,
        opened_at: r.get(5)?,
    })
}

const COLS: &str = "course_id, course_version, lesson_id, top_block, completed_at, opened_at";

impl Store {
    /// Remember the block at the top of the view (saved on every scroll that changes it).
    pub fn save_position(
        &mut self,
        person: &str,
        course: &str,
        version: &str,
        lesson: &str,
        top_block: usize,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO lesson_progress (person_id, course_id, course_version, lesson_id, top_block, opened_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(person_id, course_id, lesson_id)
                 DO UPDATE SET top_block = excluded.top_block, opened_at = excluded.opened_at,
                               course_version = excluded.course_version",
                params![person, course, version, lesson, top_block as i64, now_utc()],
            )?;
            Ok(())
        })
    }

    /// Mark a lesson read to its end. The first completion date is kept.
    pub fn mark_lesson_complete(
        &mut self,
        person: &str,
        course: &str,
        version: &str,
        lesson: &str,
    ) -> Result<()> {
        self.write(|tx| {
            let now = now_utc();
            tx.execute(
                "INSERT INTO lesson_progress (person_id, course_id, course_version, lesson_id, top_block, completed_at, opened_at)
                 VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5)
                 ON CONFLICT(person_id, course_id, lesson_id)
                 DO UPDATE SET completed_at = COALESCE(completed_at, excluded.completed_at)",
                params![person, course, version, lesson, now],
            )?;
            Ok(())
        })
    }

    pub fn course_progress(&self, person: &str, course: &str) -> Result<Vec<LessonProgress>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT {COLS} FROM lesson_progress WHERE person_id = ?1 AND course_id = ?2"
            ))?;
            let rows = stmt
                .query_map(params![person, course], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// The lesson of a course the person opened last, to resume there.
    pub fn last_opened(&self, person: &str, course: &str) -> Result<Option<LessonProgress>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    &format!(
                        "SELECT {COLS} FROM lesson_progress WHERE person_id = ?1 AND course_id = ?2
                     ORDER BY opened_at DESC, lesson_id DESC LIMIT 1"
                    ),
                    params![person, course],
                    from_row,
                )
                .optional()?)
        })
    }
}

//! The one query behind the question statistics: a single pass over the stored answers of
//! official attempts, grouped per (quiz, bank, question), summing what Pearson's r needs.

use super::{Result, Store};
use crate::domain::question_stats::QuestionSums;

/// Official attempts only: not practice, and ended by the person (submitted) or the clock
/// (timed out). Open attempts are unfinished. A `closed-changed` attempt was closed because the
/// quiz's content changed under it: its paper is not the quiz as it now stands, and its score was
/// never completed, so its answers would mix two versions of the questions.
///
/// `x` is the answer's earned points and `y` the rest of the attempt, `attempts.earned − x` (the
/// attempt's earned points are the sum of its answers' when it ends). The plan is one scan of
/// `answers` with a lookup of each attempt by its primary key (no index is needed beyond those),
/// and the grouping's sort.
const SQL: &str = "
    SELECT t.quiz_id, a.bank_id, a.question_id, COUNT(*),
           SUM(a.earned), SUM(t.earned - a.earned),
           SUM(a.earned * (t.earned - a.earned)),
           SUM(a.earned * a.earned),
           SUM((t.earned - a.earned) * (t.earned - a.earned)),
           SUM(a.correct <> 0)
    FROM answers a JOIN attempts t ON t.id = a.attempt_id
    WHERE t.practice = 0 AND t.status IN ('submitted', 'timed-out') AND t.earned IS NOT NULL
      AND (?1 IS NULL OR t.quiz_id = ?1)
    GROUP BY t.quiz_id, a.bank_id, a.question_id";

impl Store {
    /// The sums of every question of every quiz (or of `quiz` alone), handed to `sink` one
    /// question at a time as the query yields them (in id order, not the pack's).
    pub fn question_sums(
        &self,
        quiz: Option<&str>,
        sink: &mut dyn FnMut(QuestionSums),
    ) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(SQL)?;
        let mut rows = stmt.query([quiz])?;
        while let Some(r) = rows.next()? {
            sink(QuestionSums {
                quiz_id: r.get(0)?,
                bank_id: r.get(1)?,
                question_id: r.get(2)?,
                n: r.get(3)?,
                sum_x: r.get(4)?,
                sum_y: r.get(5)?,
                sum_xy: r.get(6)?,
                sum_xx: r.get(7)?,
                sum_yy: r.get(8)?,
                right: r.get(9)?,
            });
        }
        Ok(())
    }

    /// The query plan of [`Store::question_sums`], one line per step (for the tests and the
    /// bench: it must stay one pass).
    pub fn question_sums_plan(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(&format!("EXPLAIN QUERY PLAN {SQL}"))?;
        let rows = stmt
            .query_map([Option::<&str>::None], |r| r.get::<_, String>(3))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

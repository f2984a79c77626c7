//! The one query behind the question statistics: a single pass over the stored answers of
//! official attempts, each answer with its attempt's total, gathered per (quiz, bank, question)
//! into the sums Pearson's r needs ([`Gather`]).

use super::{Result, Store};
use crate::domain::question_stats::{Gather, QuestionSums};

/// Official attempts only: not practice, and ended by the person (submitted) or the clock
/// (timed out). Open attempts are unfinished. A `closed-changed` attempt was left open, then closed
/// and graded on the answers given so far when the quiz's content changed: an unfinished paper of
/// an older version of the quiz (the records do not count it as an attempt either), whose rest
/// score would be low for want of answers, not of knowledge.
///
/// The plan is one scan of `attempts` with each attempt's answers found by
/// the answers' primary key: no index beyond those is needed. There is no `GROUP BY`: SQLite would
/// sort every answer before grouping (a temporary B-tree), which costs many times the scan itself;
/// the rows are summed as they come instead ([`Gather`]), in memory that grows with the questions.
const SQL: &str = "
    SELECT t.quiz_id, a.bank_id, a.question_id, a.earned, t.earned, a.correct
    FROM answers a JOIN attempts t ON t.id = a.attempt_id
    WHERE t.practice = 0 AND t.status IN ('submitted', 'timed-out') AND t.earned IS NOT NULL
      AND (?1 IS NULL OR t.quiz_id = ?1)";

impl Store {
    /// The sums of every question of every quiz (or of `quiz` alone), one per (quiz, bank,
    /// question), in the order first met (not the pack's).
    pub fn question_sums(&self, quiz: Option<&str>) -> Result<Vec<QuestionSums>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare_cached(SQL)?;
            let mut rows = stmt.query([quiz])?;
            let mut gather = Gather::default();
            // Borrowed text: a row allocates nothing unless its question is new.
            while let Some(r) = rows.next()? {
                let quiz = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
                let bank = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
                let question = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
                gather.add(
                    quiz,
                    bank,
                    question,
                    r.get(3)?,
                    r.get(4)?,
                    r.get::<_, i64>(5)? != 0,
                );
            }
            Ok(gather.finish())
        })
    }

    /// The query plan of [`Store::question_sums`], one line per step (for the tests and the
    /// bench: it must stay one pass).
    pub fn question_sums_plan(&self) -> Result<Vec<String>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(&format!("EXPLAIN QUERY PLAN {SQL}"))?;
            let rows = stmt
                .query_map([Option::<&str>::None], |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }
}

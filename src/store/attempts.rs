//! Quiz attempts: each answer saved the moment it is given, so a closed window or a power cut
//! loses nothing; practice cards; course completions, which a content update never revokes.

use rusqlite::{params, OptionalExtension, Row};

use super::{now_utc, Result, Store, StoreError};
use crate::domain::attempt::{Attempt, AttemptStatus, StoredAnswer};
use crate::domain::quiz::practice::Card;
use crate::domain::quiz::{Paper, Response};

const COLS: &str =
    "id, person_id, quiz_id, quiz_version, content_hash, seed, paper, practice, status,
                    started_at, ended_at, active_ms, earned, max_points, passed";

fn attempt_from_row(r: &Row) -> rusqlite::Result<Attempt> {
    let quiz: String = r.get(2)?;
    let seed: i64 = r.get(5)?;
    let paper_text = super::schema::unpack_paper(&r.get::<_, String>(6)?);
    let status: String = r.get(8)?;
    Ok(Attempt {
        id: r.get(0)?,
        person_id: r.get(1)?,
        paper: Paper::decode(&quiz, seed as u64, &paper_text).unwrap_or(Paper {
            quiz: quiz.clone(),
            seed: seed as u64,
            items: vec![],
        }),
        quiz_id: quiz,
        quiz_version: r.get(3)?,
        content_hash: r.get(4)?,
        practice: r.get::<_, i64>(7)? != 0,
        status: AttemptStatus::parse(&status),
        started_at: r.get(9)?,
        ended_at: r.get(10)?,
        active_ms: r.get::<_, i64>(11)?.max(0) as u64,
        earned: r.get::<_, Option<i64>>(12)?.map(|v| v as u32),
        max_points: r.get::<_, Option<i64>>(13)?.map(|v| v as u32),
        passed: r.get::<_, Option<i64>>(14)?.map(|v| v != 0),
    })
}

/// What a new attempt records before its first answer.
pub struct NewAttempt<'a> {
    pub person_id: &'a str,
    pub quiz_id: &'a str,
    pub quiz_version: &'a str,
    pub content_hash: &'a str,
    pub paper: &'a Paper,
    pub practice: bool,
    /// The course the quiz belongs to (None for an exam across courses).
    pub course_id: Option<&'a str>,
}

impl Store {
    pub fn start_attempt(&mut self, a: &NewAttempt) -> Result<Attempt> {
        let id = uuid::Uuid::new_v4().to_string();
        let now = now_utc();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO attempts (id, person_id, quiz_id, quiz_version, content_hash, seed, paper, practice, status, started_at, course_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?9, ?10)",
                params![
                    id,
                    a.person_id,
                    a.quiz_id,
                    a.quiz_version,
                    a.content_hash,
                    a.paper.seed as i64,
                    super::schema::pack_paper(&a.paper.encode()),
                    a.practice as i64,
                    now,
                    a.course_id
                ],
            )?;
            Ok(())
        })?;
        self.attempt(&id)?
            .ok_or(StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }

    pub fn attempt(&self, id: &str) -> Result<Option<Attempt>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    &format!("SELECT {COLS} FROM attempts WHERE id = ?1"),
                    [id],
                    attempt_from_row,
                )
                .optional()?)
        })
    }

    /// Save one answer and the active time so far, in one transaction.
    /// Waits for a busy database rather than dropping the answer.
    pub fn save_answer(&mut self, attempt_id: &str, answer: &StoredAnswer) -> Result<()> {
        self.write_patiently(|tx| {
            tx.execute(
                "INSERT INTO answers (attempt_id, position, bank_id, question_id, response, correct, earned, answered_at, active_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    attempt_id,
                    answer.position as i64,
                    answer.bank_id,
                    answer.question_id,
                    answer.response.encode(),
                    answer.correct as i64,
                    answer.earned as i64,
                    answer.answered_at,
                    answer.active_ms as i64
                ],
            )?;
            tx.execute(
                "UPDATE attempts SET active_ms = MAX(active_ms, ?2) WHERE id = ?1",
                params![attempt_id, answer.active_ms as i64],
            )?;
            Ok(())
        })
    }

    pub fn answers(&self, attempt_id: &str) -> Result<Vec<StoredAnswer>> {
        self.reading(|| {
        let mut stmt = self.conn().prepare(
            "SELECT position, bank_id, question_id, response, correct, earned, answered_at, active_ms
             FROM answers WHERE attempt_id = ?1 ORDER BY position",
        )?;
        let rows = stmt
            .query_map([attempt_id], |r| {
                let response: String = r.get(3)?;
                Ok(StoredAnswer {
                    position: r.get::<_, i64>(0)? as usize,
                    bank_id: r.get(1)?,
                    question_id: r.get(2)?,
                    response: Response::decode(&response).unwrap_or(Response::Text(response)),
                    correct: r.get::<_, i64>(4)? != 0,
                    earned: r.get::<_, i64>(5)?.max(0) as u32,
                    answered_at: r.get(6)?,
                    active_ms: r.get::<_, i64>(7)?.max(0) as u64,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
        })
    }

    /// Close an attempt with its grade. The points are summed from the saved answers.
    pub fn finish_attempt(
        &mut self,
        attempt_id: &str,
        status: AttemptStatus,
        pass_mark: u32,
        active_ms: u64,
    ) -> Result<Attempt> {
        self.write(|tx| {
            let (paper, seed, quiz): (String, i64, String) = tx.query_row(
                "SELECT paper, seed, quiz_id FROM attempts WHERE id = ?1",
                [attempt_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let paper = super::schema::unpack_paper(&paper);
            let max = Paper::decode(&quiz, seed as u64, &paper).map(|p| p.max_total()).unwrap_or(0);
            let earned: i64 =
                tx.query_row("SELECT COALESCE(SUM(earned), 0) FROM answers WHERE attempt_id = ?1", [attempt_id], |r| r.get(0))?;
            let score = crate::domain::quiz::score(earned as u32, max, pass_mark);
            tx.execute(
                "UPDATE attempts SET status = ?2, ended_at = ?3, earned = ?4, max_points = ?5, passed = ?6,
                        active_ms = MAX(active_ms, ?7)
                 WHERE id = ?1 AND status = 'open'",
                params![attempt_id, status.key(), now_utc(), earned, max as i64, score.passed as i64, active_ms as i64],
            )?;
            Ok(())
        })?;
        self.attempt(attempt_id)?
            .ok_or(StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }

    /// The open (unfinished) attempt of a person on a quiz, if any.
    pub fn open_attempt(
        &self,
        person: &str,
        quiz: &str,
        practice: bool,
    ) -> Result<Option<Attempt>> {
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT {COLS} FROM attempts WHERE person_id = ?1 AND quiz_id = ?2 AND practice = ?3 AND status = 'open'
                     ORDER BY started_at DESC LIMIT 1"
            ))?
            .query_row(
                params![person, quiz, practice as i64],
                attempt_from_row,
            )
            .optional()?)
    }

    /// Official attempts, oldest first.
    pub fn attempts(&self, person: &str, quiz: &str) -> Result<Vec<Attempt>> {
        self.reading(|| {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLS} FROM attempts WHERE person_id = ?1 AND quiz_id = ?2 AND practice = 0 ORDER BY started_at, rowid"
        ))?;
        let rows = stmt
            .query_map(params![person, quiz], attempt_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
        })
    }

    pub fn practice_card(&self, person: &str, bank: &str, question: &str) -> Result<Option<Card>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    "SELECT level, due_on, last_right_on, retired FROM practice_cards
                 WHERE person_id = ?1 AND bank_id = ?2 AND question_id = ?3",
                    params![person, bank, question],
                    card_from_row,
                )
                .optional()?
                .flatten())
        })
    }

    pub fn save_practice_card(
        &mut self,
        person: &str,
        bank: &str,
        question: &str,
        card: &Card,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO practice_cards (person_id, bank_id, question_id, level, due_on, last_right_on, retired)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(person_id, bank_id, question_id) DO UPDATE SET
                   level = excluded.level, due_on = excluded.due_on,
                   last_right_on = excluded.last_right_on, retired = excluded.retired",
                params![
                    person,
                    bank,
                    question,
                    card.level as i64,
                    card.due.to_string(),
                    card.last_right.map(|d| d.to_string()),
                    card.retired as i64
                ],
            )?;
            Ok(())
        })
    }

    /// Questions of the given banks due for practice on `today`: (bank, question).
    pub fn due_practice(
        &self,
        person: &str,
        banks: &[&str],
        today: time::Date,
    ) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn().prepare(
            "SELECT bank_id, question_id, level, due_on, last_right_on, retired FROM practice_cards
             WHERE person_id = ?1 AND retired = 0 ORDER BY due_on, bank_id, question_id",
        )?;
        let rows = stmt
            .query_map([person], |r| {
                let bank: String = r.get(0)?;
                let q: String = r.get(1)?;
                let due: String = r.get(3)?;
                Ok((bank, q, due))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter(|(b, _, due)| {
                banks.contains(&b.as_str()) && parse_day(due).is_some_and(|d| d <= today)
            })
            .map(|(b, q, _)| (b, q))
            .collect())
    }

    /// Record a course as completed, once: a later content update never revokes it.
    pub fn record_completion(
        &mut self,
        person: &str,
        course: &str,
        version: &str,
        completed_at: &str,
        best: f64,
    ) -> Result<bool> {
        self.write(|tx| {
            let n = tx.execute(
                "INSERT OR IGNORE INTO course_completions (person_id, course_id, course_version, completed_at, best_percent)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![person, course, version, completed_at, best],
            )?;
            Ok(n > 0)
        })
    }

    pub fn completion(&self, person: &str, course: &str) -> Result<Option<(String, Option<f64>)>> {
        self.reading(|| {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT completed_at, best_percent FROM course_completions WHERE person_id = ?1 AND course_id = ?2",
            )?
            .query_row(
                params![person, course],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
        })
    }
}

fn parse_day(s: &str) -> Option<time::Date> {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &f).ok()
}

fn card_from_row(r: &Row) -> rusqlite::Result<Option<Card>> {
    let due: String = r.get(1)?;
    let last: Option<String> = r.get(2)?;
    Ok(parse_day(&due).map(|due| Card {
        level: r.get::<_, i64>(0).unwrap_or(0).clamp(0, 255) as u8,
        due,
        last_right: last.as_deref().and_then(parse_day),
        retired: r.get::<_, i64>(3).unwrap_or(0) != 0,
    }))
}

impl Store {
    /// Extra attempts a trainer granted a person on a quiz.
    pub fn extra_attempts(&self, person: &str, quiz: &str) -> Result<u32> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    "SELECT extra FROM attempt_grants WHERE person_id = ?1 AND quiz_id = ?2",
                    params![person, quiz],
                    |r| r.get::<_, i64>(0),
                )
                .optional()?
                .unwrap_or(0)
                .max(0) as u32)
        })
    }

    /// Grant one more attempt (a trainer's action, logged).
    pub fn grant_attempt(&mut self, person: &str, quiz: &str) -> Result<u32> {
        let now = now_utc();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO attempt_grants (person_id, quiz_id, extra, granted_at) VALUES (?1, ?2, 1, ?3)
                 ON CONFLICT(person_id, quiz_id) DO UPDATE SET extra = extra + 1, granted_at = excluded.granted_at",
                params![person, quiz, now],
            )?;
            tx.execute(
                "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'grant-attempt', ?2)",
                params![now, format!("{person} {quiz}")],
            )?;
            Ok(())
        })?;
        self.extra_attempts(person, quiz)
    }
}

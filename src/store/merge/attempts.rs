//! Merging training records: quiz attempts and their answers (only ever added), lesson progress
//! (earlier completion, later visit) and course completions (the earliest kept). Each is held
//! instead (`trust`) when it would change a record about a person the bundle does not speak for.

use std::cmp::Ordering;

use rusqlite::{params, OptionalExtension};

use super::{cmp_time, earlier, Merger};
use crate::domain::bundle::{BundleAnswer, BundleAttempt, BundleCompletion, BundleProgress};
use crate::domain::i18n::Msg;
use crate::store::Result;

/// Answers inserted by one statement (9 values each, well under SQLite's limit).
const ANSWERS_A_STATEMENT: usize = 8;

/// `INSERT OR IGNORE` of `n` answers (1 to [`ANSWERS_A_STATEMENT`]), each statement's text made
/// once.
fn answer_insert_sql(n: usize) -> &'static str {
    static SQL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    &SQL.get_or_init(|| {
        (1..=ANSWERS_A_STATEMENT)
            .map(|n| {
                let rows = (0..n)
                    .map(|i| {
                        let p = |k: usize| format!("?{}", i * 9 + k);
                        format!("({})", (1..=9).map(p).collect::<Vec<_>>().join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                format!(
                    "INSERT OR IGNORE INTO answers (attempt_id, position, bank_id, question_id,
                         response, correct, earned, answered_at, active_ms)
                     VALUES {rows}"
                )
            })
            .collect()
    })[n - 1]
}

impl Merger<'_, '_> {
    /// The answers not here yet, eight rows a statement (true: some were added). An attempt
    /// here whose answers (`here`) hold exactly these positions (as many, from the same first
    /// to the same last: positions are unique) is skipped without a statement per answer.
    fn insert_answers(
        &mut self,
        attempt_id: &str,
        here: Option<AnswersHere>,
        xs: &[BundleAnswer],
    ) -> Result<bool> {
        if xs.is_empty() {
            return Ok(false);
        }
        if let Some(AnswersHere { count, low, high }) = here {
            let positions = xs.iter().map(|x| i64::from(x.position));
            let (lo, hi) = (positions.clone().min(), positions.max());
            if count == xs.len() as i64
                && (low, high) == (lo, hi)
                && hi.zip(lo).is_some_and(|(h, l)| h - l + 1 == count)
            {
                self.s.answers.skipped += xs.len();
                return Ok(false);
            }
        }
        let mut added = 0;
        for chunk in xs.chunks(ANSWERS_A_STATEMENT) {
            let sql = answer_insert_sql(chunk.len());
            let mut stmt = self.tx.prepare_cached(sql)?;
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 9);
            let active: Vec<i64> = chunk.iter().map(|x| x.active_ms as i64).collect();
            for (x, active) in chunk.iter().zip(&active) {
                values.extend_from_slice(&[
                    &attempt_id as &dyn rusqlite::ToSql,
                    &x.position,
                    &x.bank_id,
                    &x.question_id,
                    &x.response,
                    &x.correct,
                    &x.earned,
                    &x.answered_at,
                    active,
                ]);
            }
            added += stmt.execute(values.as_slice())?;
        }
        self.s.answers.added += added;
        self.s.answers.skipped += xs.len() - added;
        Ok(added > 0)
    }

    /// What the suspended answer triggers (`schema::ANSWER_TRIGGER`, the xAPI change, and
    /// `schema::ANSWER_DELTA_TRIGGER`, the delta bundles' owner) would have done for the
    /// attempt's answers just added, once.
    fn note_answers(&mut self, attempt_id: &str) -> Result<()> {
        // Into a database without people, `fresh_merge::AFTER_RECOUNT` writes every attempt's
        // change and owner rows at the end.
        if self.fresh {
            return Ok(());
        }
        for sql in crate::store::schema::ANSWER_OWNER_SQL {
            self.exec(sql, [attempt_id])?;
        }
        let counts: bool = self.query_row(
            crate::store::schema::ANSWER_CHANGE_WHEN,
            [attempt_id],
            |r| r.get(0),
        )?;
        if counts {
            for sql in crate::store::schema::answer_change_sql() {
                self.exec(sql, [attempt_id])?;
            }
        }
        Ok(())
    }

    pub(super) fn attempt(&mut self, a: &BundleAttempt) -> Result<()> {
        let person = self.person_id(&a.person_id);
        self.bounded(
            "attempts",
            || a.id.clone(),
            a.ended_at.as_deref().unwrap_or(&a.started_at),
        );
        let local = if self.fresh {
            None
        } else {
            self.attempt_here(&a.id)?
        };
        if let Some(rule) = self.hold_rule(&a.person_id)? {
            let changes = match &local {
                None => true,
                Some(here) if here.person_id != person => false,
                Some(here) => {
                    let open = crate::domain::attempt::AttemptStatus::Open.key();
                    (here.status == open && a.status != open)
                        || a.answers.len() as i64 > here.answers.count
                }
            };
            if changes {
                return self.hold("attempts", &a.id, Some(&person), rule, a);
            }
        }
        let answers_here = local.as_ref().map(|l| l.answers);
        match local {
            None => {
                // A bundle from a 0.1.0 machine carries a legacy hash: upgrade it as the
                // migration does, or the attempt would count as changed here.
                let hash = crate::store::schema::upgraded_attempt_hash(
                    &a.quiz_id,
                    &a.content_hash,
                    a.seed,
                    &a.paper,
                )
                .unwrap_or_else(|| a.content_hash.clone());
                self.exec(
                    "INSERT INTO attempts (id, person_id, quiz_id, quiz_version, content_hash, seed,
                         paper, practice, status, started_at, ended_at, active_ms, earned,
                         max_points, passed, course_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                    params![
                        a.id,
                        person,
                        a.quiz_id,
                        a.quiz_version,
                        hash,
                        a.seed,
                        crate::store::schema::pack_paper(&a.paper),
                        a.practice,
                        a.status,
                        a.started_at,
                        a.ended_at,
                        a.active_ms as i64,
                        a.earned,
                        a.max_points,
                        a.passed,
                        a.course_id
                    ],
                )?;
                self.s.attempts.added += 1;
                if let (Some(course), false) = (&a.course_id, a.practice) {
                    self.touch(&person, course);
                }
            }
            Some(here) if here.person_id != person => {
                self.refuse(
                    "attempts",
                    &a.id,
                    Msg::new("merge-attempt-elsewhere").arg("id", &a.id),
                );
                return Ok(());
            }
            Some(here) => {
                let open = crate::domain::attempt::AttemptStatus::Open.key();
                if here.status == open && a.status != open {
                    // Finished on the other machine: close it here with the same grade.
                    self.exec(
                        "UPDATE attempts SET status = ?2, ended_at = ?3, active_ms = MAX(active_ms, ?4),
                             earned = ?5, max_points = ?6, passed = ?7
                         WHERE id = ?1",
                        params![
                            a.id,
                            a.status,
                            a.ended_at,
                            a.active_ms as i64,
                            a.earned,
                            a.max_points,
                            a.passed
                        ],
                    )?;
                    self.s.attempts.updated += 1;
                    if let (Some(course), false) = (&here.course_id, here.practice) {
                        self.touch(&person, course);
                    }
                } else {
                    self.s.attempts.skipped += 1;
                }
            }
        }
        if self.insert_answers(&a.id, answers_here, &a.answers)? {
            self.note_answers(&a.id)?;
        }
        Ok(())
    }

    /// Lesson progress. True when this merge completed the lesson here (it was not before).
    pub(super) fn progress(&mut self, p: &BundleProgress) -> Result<bool> {
        let person = self.person_id(&p.person_id);
        // The record's name, written out only for a report (a skewed time, a held record).
        let key = || format!("{} {} {}", p.person_id, p.course_id, p.lesson_id);
        let opened_at = self.bounded("lesson_progress", key, &p.opened_at);
        let rule = self.hold_rule(&p.person_id)?;
        let local = if self.fresh {
            None
        } else {
            self.lesson_here(&person, &p.course_id, &p.lesson_id)?
        };
        let Some(LessonHere {
            version,
            top,
            completed,
            opened,
        }) = local
        else {
            if let Some(rule) = rule {
                self.hold("lesson_progress", &key(), Some(&person), rule, p)?;
                return Ok(false);
            }
            self.exec(
                "INSERT INTO lesson_progress (person_id, course_id, course_version, lesson_id,
                     top_block, completed_at, opened_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    person,
                    p.course_id,
                    p.course_version,
                    p.lesson_id,
                    p.top_block,
                    p.completed_at,
                    opened_at
                ],
            )?;
            self.s.lesson_progress.added += 1;
            self.touch(&person, &p.course_id);
            self.lessons_here.wrote(
                &person,
                &p.course_id,
                &p.lesson_id,
                LessonHere {
                    version: p.course_version.clone(),
                    top: p.top_block as i64,
                    completed: p.completed_at.clone(),
                    opened: opened_at,
                },
            );
            return Ok(p.completed_at.is_some());
        };
        let new_completed = earlier(completed.as_deref(), p.completed_at.as_deref());
        // The later visit wins (on a tie, the larger position, so both sides end the same).
        let later = cmp_time(&opened_at, &opened)
            .then_with(|| (&p.course_version, p.top_block as i64).cmp(&(&version, top)));
        let (new_version, new_top, new_opened) = if later == Ordering::Greater {
            (p.course_version.clone(), p.top_block as i64, opened_at)
        } else {
            (version.clone(), top, opened.clone())
        };
        if (&new_version, new_top, &new_completed, &new_opened)
            == (&version, top, &completed, &opened)
        {
            self.s.lesson_progress.skipped += 1;
            return Ok(false);
        }
        if let Some(rule) = rule {
            self.hold("lesson_progress", &key(), Some(&person), rule, p)?;
            return Ok(false);
        }
        self.exec(
            "UPDATE lesson_progress SET course_version = ?4, top_block = ?5, completed_at = ?6,
                 opened_at = ?7
             WHERE person_id = ?1 AND course_id = ?2 AND lesson_id = ?3",
            params![
                person,
                p.course_id,
                p.lesson_id,
                new_version,
                new_top,
                new_completed,
                new_opened
            ],
        )?;
        self.s.lesson_progress.updated += 1;
        self.touch(&person, &p.course_id);
        let newly_completed = completed.is_none() && new_completed.is_some();
        self.lessons_here.wrote(
            &person,
            &p.course_id,
            &p.lesson_id,
            LessonHere {
                version: new_version,
                top: new_top,
                completed: new_completed,
                opened: new_opened,
            },
        );
        Ok(newly_completed)
    }

    /// The attempt here with id `id` and its answers' count and span. The attempts of a bundle
    /// come in id order, so they are read a batch at a time from `id` on: two statements per
    /// batch instead of two per attempt. A batch is read as it was before this merge wrote any
    /// of its attempts, which is right because each attempt is met once while the merge writes
    /// (a record twice stops the writing, `check`); one before the batch starts a new batch.
    fn attempt_here(&mut self, id: &str) -> rusqlite::Result<Option<AttemptHere>> {
        if !self.attempts_here.covers(id) {
            self.attempts_here = self.attempts_from(id)?;
        }
        Ok(self.attempts_here.find(id).cloned())
    }

    /// The batch of attempts here from `from` on, in id order, with their answers' counts.
    fn attempts_from(&self, from: &str) -> rusqlite::Result<AttemptsHere> {
        let mut rows = self
            .tx
            .prepare_cached(
                "SELECT id, person_id, status, course_id, practice FROM attempts
                 WHERE id >= ?1 ORDER BY id LIMIT ?2",
            )?
            .query_map(params![from, ATTEMPTS_A_BATCH as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    AttemptHere {
                        person_id: r.get(1)?,
                        status: r.get(2)?,
                        course_id: r.get(3)?,
                        practice: r.get(4)?,
                        answers: AnswersHere::default(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let to_end = rows.len() < ATTEMPTS_A_BATCH;
        if let Some((last, _)) = rows.last() {
            let mut answers = self.tx.prepare_cached(
                "SELECT attempt_id, COUNT(*), MIN(position), MAX(position) FROM answers
                 WHERE attempt_id >= ?1 AND attempt_id <= ?2 GROUP BY attempt_id",
            )?;
            let mut counted = answers.query(params![from, last])?;
            // Both lists are in id order: walk them side by side.
            let mut at = 0;
            while let Some(r) = counted.next()? {
                let attempt: String = r.get(0)?;
                while at < rows.len() && rows[at].0 < attempt {
                    at += 1;
                }
                if let Some((id, here)) = rows.get_mut(at) {
                    if *id == attempt {
                        here.answers = AnswersHere {
                            count: r.get(1)?,
                            low: r.get(2)?,
                            high: r.get(3)?,
                        };
                    }
                }
            }
        }
        // SQLite's BINARY order is the bytes' order, as Rust's for strings: checked, since
        // `find` searches by it.
        debug_assert!(rows.windows(2).all(|w| w[0].0 < w[1].0));
        Ok(AttemptsHere {
            from: Some(from.to_string()),
            to_end,
            rows,
        })
    }

    /// The progress here on one lesson of `person` (local id). A bundle lists lesson progress
    /// by person, so all of a person's rows are read at their first lesson, with one statement
    /// instead of one per lesson.
    fn lesson_here(
        &mut self,
        person: &str,
        course: &str,
        lesson: &str,
    ) -> rusqlite::Result<Option<LessonHere>> {
        if self.lessons_here.person != person {
            let rows = self
                .tx
                .prepare_cached(
                    "SELECT course_id, lesson_id, course_version, top_block, completed_at,
                         opened_at
                     FROM lesson_progress WHERE person_id = ?1",
                )?
                .query_map([person], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        LessonHere {
                            version: r.get(2)?,
                            top: r.get(3)?,
                            completed: r.get(4)?,
                            opened: r.get(5)?,
                        },
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            // Sorted here: with an ORDER BY, SQLite prepared the statement anew for every person.
            let mut rows = rows;
            rows.sort_unstable_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            self.lessons_here = LessonsHere {
                person: person.to_string(),
                rows,
            };
        }
        Ok(self
            .lessons_here
            .find(course, lesson)
            .ok()
            .map(|i| self.lessons_here.rows[i].2.clone()))
    }

    pub(super) fn completion(&mut self, c: &BundleCompletion) -> Result<()> {
        let person = self.person_id(&c.person_id);
        let key = || format!("{} {}", c.person_id, c.course_id);
        self.bounded("course_completions", key, &c.completed_at);
        let local: Option<(String, String, Option<f64>)> = if self.fresh {
            None
        } else {
            self.query_row(
                "SELECT completed_at, course_version, best_percent FROM course_completions
                 WHERE person_id = ?1 AND course_id = ?2",
                params![person, c.course_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
        };
        match local {
            // The earlier completion wins; on a tie, the better score (then the newer course
            // version), so both sides end the same.
            Some((at, version, best))
                if cmp_time(&c.completed_at, &at).then_with(|| {
                    let score = |b: Option<f64>| b.unwrap_or(-1.0);
                    score(best)
                        .total_cmp(&score(c.best_percent))
                        .then_with(|| version.cmp(&c.course_version))
                }) != Ordering::Less =>
            {
                self.s.course_completions.skipped += 1;
                return Ok(());
            }
            _ if self.hold_rule(&c.person_id)?.is_some() => {
                let rule = self.hold_rule(&c.person_id)?.unwrap_or_default();
                return self.hold("course_completions", &key(), Some(&person), rule, c);
            }
            Some(_) => {
                // The earlier completion wins. Deleted and inserted again, so the summary
                // triggers (which watch inserts) see it.
                self.exec(
                    "DELETE FROM course_completions WHERE person_id = ?1 AND course_id = ?2",
                    params![person, c.course_id],
                )?;
                self.s.course_completions.updated += 1;
            }
            None => self.s.course_completions.added += 1,
        }
        self.exec(
            "INSERT INTO course_completions (person_id, course_id, course_version, completed_at,
                 best_percent)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                person,
                c.course_id,
                c.course_version,
                c.completed_at,
                c.best_percent
            ],
        )?;
        self.touch(&person, &c.course_id);
        Ok(())
    }
}

/// One lesson's progress as this database holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LessonHere {
    version: String,
    top: i64,
    completed: Option<String>,
    opened: String,
}

/// Attempts here read by one statement (`Merger::attempt_here`).
const ATTEMPTS_A_BATCH: usize = 256;

/// The answers an attempt here holds: how many, and its lowest and highest position.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct AnswersHere {
    count: i64,
    low: Option<i64>,
    high: Option<i64>,
}

/// What a merge needs of an attempt here.
#[derive(Debug, Clone)]
pub(super) struct AttemptHere {
    person_id: String,
    status: String,
    course_id: Option<String>,
    practice: bool,
    answers: AnswersHere,
}

/// A batch of the attempts here, in id order: every attempt from `from` up to the last row
/// (or to the end of the table when `to_end`), as it was when read (`Merger::attempt_here`).
#[derive(Debug, Default)]
pub(super) struct AttemptsHere {
    /// The first id the batch covers (None: nothing read yet).
    from: Option<String>,
    /// The batch reached the end of the table: it covers every id from `from` on.
    to_end: bool,
    rows: Vec<(String, AttemptHere)>,
}

impl AttemptsHere {
    /// Whether the batch says if `id` is here (an id inside its range it does not hold is not).
    fn covers(&self, id: &str) -> bool {
        let Some(from) = &self.from else {
            return false;
        };
        from.as_str() <= id
            && (self.to_end
                || self
                    .rows
                    .last()
                    .is_some_and(|(last, _)| id <= last.as_str()))
    }

    fn find(&self, id: &str) -> Option<&AttemptHere> {
        self.rows
            .binary_search_by(|(i, _)| i.as_str().cmp(id))
            .ok()
            .map(|i| &self.rows[i].1)
    }
}

/// The lesson progress here of one person (local id), by (course, lesson), kept as the merge
/// writes it.
#[derive(Debug, Default)]
pub(super) struct LessonsHere {
    person: String,
    rows: Vec<(String, String, LessonHere)>,
}

impl LessonsHere {
    fn find(&self, course: &str, lesson: &str) -> std::result::Result<usize, usize> {
        self.rows
            .binary_search_by(|(c, l, _)| (c.as_str(), l.as_str()).cmp(&(course, lesson)))
    }

    /// A row the merge wrote: kept if it is this person's (another's are read when reached).
    fn wrote(&mut self, person: &str, course: &str, lesson: &str, row: LessonHere) {
        if self.person != person {
            return;
        }
        match self.find(course, lesson) {
            Ok(i) => self.rows[i].2 = row,
            Err(i) => self
                .rows
                .insert(i, (course.to_string(), lesson.to_string(), row)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(opened: &str) -> LessonHere {
        LessonHere {
            version: "1.0.0".into(),
            top: 0,
            completed: None,
            opened: opened.into(),
        }
    }

    fn attempt(person: &str) -> AttemptHere {
        AttemptHere {
            person_id: person.into(),
            status: "submitted".into(),
            course_id: None,
            practice: false,
            answers: AnswersHere::default(),
        }
    }

    /// A batch says whether an attempt is here for every id from its first up to its last row
    /// (to any id when it reached the end of the table), and for no id before its first.
    #[test]
    fn a_batch_of_attempts_answers_for_its_own_range_only() {
        let full = AttemptsHere {
            from: Some("b".into()),
            to_end: false,
            rows: vec![("b".into(), attempt("p1")), ("d".into(), attempt("p2"))],
        };
        assert!(!full.covers("a") && !full.covers("e"));
        assert!(full.covers("b") && full.covers("c") && full.covers("d"));
        assert_eq!(full.find("d").map(|a| a.person_id.as_str()), Some("p2"));
        assert!(full.find("c").is_none(), "inside the range and not here");
        let last = AttemptsHere {
            to_end: true,
            ..full
        };
        assert!(last.covers("zzz") && !last.covers("a"));
        assert!(last.find("zzz").is_none());
        let empty_end = AttemptsHere {
            from: Some("m".into()),
            to_end: true,
            rows: vec![],
        };
        assert!(empty_end.covers("x") && empty_end.find("x").is_none() && !empty_end.covers("a"));
        assert!(!AttemptsHere::default().covers("a"), "nothing read yet");
    }

    #[test]
    fn the_rows_of_one_person_are_found_by_course_and_lesson_and_kept_as_written() {
        let mut here = LessonsHere {
            person: "p1".into(),
            rows: vec![
                ("c1".into(), "l1".into(), row("2026-01-01T00:00:00Z")),
                ("c1".into(), "l3".into(), row("2026-01-03T00:00:00Z")),
            ],
        };
        assert_eq!(here.find("c1", "l3"), Ok(1));
        assert_eq!(here.find("c1", "l2"), Err(1));
        // A new row goes in its place; a changed one replaces the old.
        here.wrote("p1", "c1", "l2", row("2026-01-02T00:00:00Z"));
        here.wrote("p1", "c1", "l1", row("2026-02-01T00:00:00Z"));
        let keys: Vec<_> = here
            .rows
            .iter()
            .map(|(c, l, r)| (c.as_str(), l.as_str(), r.opened.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("c1", "l1", "2026-02-01T00:00:00Z"),
                ("c1", "l2", "2026-01-02T00:00:00Z"),
                ("c1", "l3", "2026-01-03T00:00:00Z")
            ]
        );
        // Another person's row is not kept: theirs are read from the database when reached.
        here.wrote("p2", "c1", "l9", row("2026-01-09T00:00:00Z"));
        assert_eq!(here.rows.len(), 3);
    }
}

//! Quiz attempts of a generated official: real papers drawn from the banks, answered with a
//! skill, graded by the quiz engine; wrong answers that look like real ones.

use super::generate::{local_day, stamp, AnswerRow, AttemptRow, Gen, PersonRows, DAY};
use crate::domain::content::{Question, QuestionKind};
use crate::domain::quiz::{self, Response};

impl Gen<'_> {
    /// Up to `max` official attempts on a quiz, until one passes (or one is left open).
    pub(super) fn quiz_attempts(
        &mut self,
        p: &mut PersonRows,
        qi: usize,
        skill: f64,
        t: &mut i64,
        max: usize,
    ) {
        let quiz = self.quizzes[qi].quiz;
        let limit_ms = quiz.time_limit_minutes.map(|m| m as i64 * 60_000);
        for k in 0..max {
            let gap = if k == 0 { 2 * DAY } else { 5 * DAY };
            *t += self.range(5 * 60, gap);
            if *t >= self.now {
                return;
            }
            let seed = self.rng.next_u64();
            let paper = quiz::draw(self.pack, quiz, seed);
            let p_right = (skill + 0.06 * k as f64).min(0.99);
            let abandon = self.chance(0.02);
            let stop_at = if abandon {
                self.rng.below(paper.items.len().max(1))
            } else {
                paper.items.len()
            };
            let start = *t;
            let mut active: i64 = 0;
            let mut answers = Vec::with_capacity(paper.items.len());
            let mut timed_out = false;
            for (position, item) in paper.items.iter().enumerate().take(stop_at) {
                let Some(q) = quiz::engine::question(self.pack, item) else {
                    continue;
                };
                let spent = self.range(12_000, 110_000);
                if limit_ms.is_some_and(|l| active + spent > l) {
                    timed_out = true;
                    break;
                }
                active += spent;
                let response = if self.chance(p_right) {
                    quiz::engine::right_response(q)
                } else {
                    self.wrong_response(q)
                };
                let grade = quiz::grade(q, &response);
                answers.push(AnswerRow {
                    position,
                    bank: item.bank.clone(),
                    question: item.question.clone(),
                    response: response.encode(),
                    correct: grade.correct,
                    earned: grade.earned,
                    answered_at: stamp(start + active / 1000),
                    active_ms: active,
                });
            }
            *t = start + active / 1000 + self.range(5, 60);
            let mut row = AttemptRow {
                id: self.uuid(),
                quiz: qi,
                seed,
                paper: paper.encode(),
                status: "open",
                started_at: stamp(start),
                ended_at: None,
                active_ms: active,
                grade: None,
                answers,
            };
            if abandon {
                p.attempts.push(row);
                return;
            }
            let earned: u32 = row.answers.iter().map(|a| a.earned).sum();
            let score = quiz::score(earned, paper.max_total(), quiz.pass_mark);
            row.status = if timed_out { "timed-out" } else { "submitted" };
            row.ended_at = Some(stamp(*t));
            row.grade = Some((score.earned, score.max, score.passed));
            let day = local_day(*t);
            for a in row.answers.iter().filter(|a| !a.correct) {
                p.misses
                    .push((a.bank.clone(), a.question.clone(), day.clone()));
            }
            p.attempts.push(row);
            if score.passed {
                return;
            }
        }
    }

    /// A plausible wrong answer.
    fn wrong_response(&mut self, q: &Question) -> Response {
        match q.kind {
            QuestionKind::Single => {
                let wrong: Vec<&str> = q
                    .options
                    .iter()
                    .filter(|o| !o.correct)
                    .map(|o| o.id.as_str())
                    .collect();
                if wrong.is_empty() {
                    Response::Choice(vec![])
                } else {
                    Response::Choice(vec![self.pick(&wrong).to_string()])
                }
            }
            QuestionKind::Multiple => {
                let mut chosen: Vec<String> = q
                    .options
                    .iter()
                    .filter(|o| o.correct)
                    .map(|o| o.id.clone())
                    .collect();
                let wrong: Vec<&str> = q
                    .options
                    .iter()
                    .filter(|o| !o.correct)
                    .map(|o| o.id.as_str())
                    .collect();
                if chosen.len() > 1 && (wrong.is_empty() || self.chance(0.5)) {
                    let i = self.rng.below(chosen.len());
                    chosen.remove(i);
                } else if !wrong.is_empty() {
                    chosen.push(self.pick(&wrong).to_string());
                } else {
                    chosen.clear();
                }
                // Ids in the order of the options, as the interface records them.
                let order: Vec<String> = q
                    .options
                    .iter()
                    .filter(|o| chosen.contains(&o.id))
                    .map(|o| o.id.clone())
                    .collect();
                Response::Choice(order)
            }
            QuestionKind::TrueFalse => Response::Bool(!q.answer.unwrap_or(true)),
            // Two right sides swapped; the items with the first two swapped.
            QuestionKind::Matching => {
                let mut rights: Vec<String> = q.pairs.iter().map(|p| p.id.clone()).collect();
                if rights.len() > 1 {
                    rights.swap(0, 1);
                }
                Response::Pairs(q.pairs.iter().map(|p| p.id.clone()).zip(rights).collect())
            }
            QuestionKind::Ordering => {
                let mut ids: Vec<String> = q.items.iter().map(|i| i.id.clone()).collect();
                if ids.len() > 1 {
                    ids.swap(0, 1);
                }
                Response::Order(ids)
            }
            QuestionKind::Text => Response::Text(
                self.pick(&["không nhớ", "chưa rõ", "3", "hằng quý"])
                    .to_string(),
            ),
        }
    }
}

//! Scoring a unit's self-assessment against the checklist's rubric. Pure: no terminal, no database.
//! Scores are integer hundredths of a point, and the band is chosen from the score as displayed,
//! so "90,00" never rates below 90.
//!
//! The rubric's `rescale` rule says how criteria that do not count are handled. Under
//! `within-task` the score is Σ weightₜ × earnedₜ / possibleₜ over the tasks where something
//! counts, divided by the sum of those tasks' weights, × 100: a task keeps its weight while any of
//! its criteria counts. Under `all-criteria` it is Σ earned / Σ possible over every criterion that
//! counts. Both are computed exactly (integer fractions) and rounded once, half up.

pub mod record;
pub mod report_data;

use crate::content::{BelowTarget, Checklist, Criterion, CriterionKind, Rescale};

/// A unit's answer to one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Unanswered,
    Yes,
    Partly,
    No,
    /// Taken out of the score, which is rescaled.
    NotApplicable,
    /// A count, or a percentage (0–100).
    Value(u32),
}

impl Answer {
    pub fn key(self) -> String {
        match self {
            Answer::Unanswered => "unanswered".into(),
            Answer::Yes => "yes".into(),
            Answer::Partly => "partly".into(),
            Answer::No => "no".into(),
            Answer::NotApplicable => "na".into(),
            Answer::Value(v) => format!("value:{v}"),
        }
    }

    pub fn parse(s: &str) -> Option<Answer> {
        Some(match s {
            "unanswered" => Answer::Unanswered,
            "yes" => Answer::Yes,
            "partly" => Answer::Partly,
            "no" => Answer::No,
            "na" => Answer::NotApplicable,
            other => Answer::Value(other.strip_prefix("value:")?.parse().ok()?),
        })
    }

    pub fn is_answered(self) -> bool {
        self != Answer::Unanswered
    }
}

/// Points earned by one criterion, in hundredths; None when it does not count (not applicable).
pub fn earned(checklist: &Checklist, c: &Criterion, answer: Answer) -> Option<u64> {
    let max = c.points as u64 * 100;
    let r = &checklist.rubric;
    match (c.kind, answer) {
        (_, Answer::NotApplicable) => None,
        (_, Answer::Unanswered) | (_, Answer::No) => Some(0),
        (CriterionKind::YesNo, Answer::Yes) => Some(max),
        (CriterionKind::YesNo, Answer::Partly) => Some(max * r.partly_percent as u64 / 100),
        (CriterionKind::Count | CriterionKind::Percent, Answer::Value(v)) => {
            let target = c.target.unwrap_or(1).max(1) as u64;
            let v = v as u64;
            Some(if v >= target {
                max
            } else {
                match r.below_target {
                    BelowTarget::Zero => 0,
                    BelowTarget::Proportional => max * v / target,
                }
            })
        }
        // An answer of the wrong shape (a value to a yes/no question, say) earns nothing.
        _ => Some(0),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskScore {
    pub number: u8,
    /// The task's weight in the total (its `points` in the checklist).
    pub weight: u32,
    /// Earned and possible, in hundredths, over the criteria that count.
    pub earned: u64,
    pub possible: u64,
    pub answered: usize,
    pub applicable: usize,
}

impl TaskScore {
    /// The task's score out of 100, in hundredths (rescaled over what counts).
    pub fn percent_hundredths(&self) -> Option<u64> {
        (self.possible > 0).then(|| rounded_ratio(self.earned * 10_000, self.possible))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// Out of 100, in hundredths: 9000 is "90,00".
    pub hundredths: u64,
    /// The rule the total was computed with.
    pub rule: Rescale,
    pub tasks: Vec<TaskScore>,
    /// The band's id, after any critical cap.
    pub band: Option<String>,
    /// Critical criteria that failed (their ids).
    pub failed_critical: Vec<String>,
    pub unanswered: usize,
    pub applicable: usize,
}

fn rounded_ratio(num: u64, den: u64) -> u64 {
    (num + den / 2) / den
}

/// Score every criterion that applies to the unit's kind. `answer_of` gives each criterion's answer.
pub fn score(checklist: &Checklist, unit_kind: &str, answer_of: impl Fn(&str) -> Answer) -> Score {
    let mut tasks = Vec::new();
    let (mut earned_all, mut possible_all) = (0u64, 0u64);
    let mut failed_critical = Vec::new();
    let (mut unanswered, mut applicable) = (0, 0);
    for t in &checklist.tasks {
        let mut ts = TaskScore {
            number: t.number,
            weight: t.points,
            earned: 0,
            possible: 0,
            answered: 0,
            applicable: 0,
        };
        for c in t.criteria.iter().filter(|c| c.applies_to_kind(unit_kind)) {
            let a = answer_of(&c.id);
            ts.applicable += 1;
            applicable += 1;
            if a.is_answered() {
                ts.answered += 1;
            } else {
                unanswered += 1;
            }
            if let Some(e) = earned(checklist, c, a) {
                ts.earned += e;
                ts.possible += c.points as u64 * 100;
            }
            if c.critical && is_critical_failure(checklist, c, a) {
                failed_critical.push(c.id.clone());
            }
        }
        earned_all += ts.earned;
        possible_all += ts.possible;
        tasks.push(ts);
    }
    let rule = checklist.rubric.rescale;
    let hundredths = match rule {
        Rescale::AllCriteria if possible_all == 0 => 0,
        Rescale::AllCriteria => rounded_ratio(earned_all * 10_000, possible_all),
        Rescale::WithinTask => within_task_hundredths(&tasks),
    };
    let mut band = band_for(checklist, hundredths).map(|b| b.to_string());
    if !failed_critical.is_empty() {
        if let Some(cap) = &checklist.rubric.critical_cap {
            band = cap_band(checklist, band, cap);
        }
    }
    Score {
        hundredths,
        rule,
        tasks,
        band,
        failed_critical,
        unanswered,
        applicable,
    }
}

/// Σ weightₜ × earnedₜ / possibleₜ ÷ Σ weightₜ × 100, over the tasks where something counts, in
/// hundredths. Exact: the fractions are summed over the least common multiple of the tasks'
/// possible points (multiples of 100, so it stays small); a checklist so large that this would
/// overflow is summed in floating point instead of failing.
fn within_task_hundredths(tasks: &[TaskScore]) -> u64 {
    let counted: Vec<&TaskScore> = tasks
        .iter()
        .filter(|t| t.possible > 0 && t.weight > 0)
        .collect();
    let weights: u128 = counted.iter().map(|t| t.weight as u128).sum();
    if weights == 0 {
        return 0;
    }
    let exact = || -> Option<u64> {
        let mut den: u128 = 1;
        for t in &counted {
            let p = t.possible as u128;
            den = den.checked_mul(p / gcd(den, p))?;
        }
        let mut num: u128 = 0;
        for t in &counted {
            let share = (t.weight as u128)
                .checked_mul(t.earned as u128)?
                .checked_mul(den / t.possible as u128)?;
            num = num.checked_add(share)?;
        }
        let num = num.checked_mul(10_000)?;
        let den = den.checked_mul(weights)?;
        u64::try_from((num + den / 2) / den).ok()
    };
    exact().unwrap_or_else(|| {
        let sum: f64 = counted
            .iter()
            .map(|t| t.weight as f64 * t.earned as f64 / t.possible as f64)
            .sum();
        (sum * 10_000.0 / weights as f64).round() as u64
    })
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// A critical criterion fails when answered "no", or a count/percentage at zero.
fn is_critical_failure(checklist: &Checklist, c: &Criterion, a: Answer) -> bool {
    match a {
        Answer::No => true,
        Answer::Value(_) => earned(checklist, c, a) == Some(0),
        _ => false,
    }
}

/// The band of a score as displayed (hundredths, compared in integers).
pub fn band_for(checklist: &Checklist, hundredths: u64) -> Option<&str> {
    checklist
        .rubric
        .bands
        .iter()
        .find(|b| hundredths >= b.min as u64 * 100)
        .map(|b| b.id.as_str())
}

/// The lower of `band` and `cap` (bands are listed highest first).
fn cap_band(checklist: &Checklist, band: Option<String>, cap: &str) -> Option<String> {
    let pos = |id: &str| checklist.rubric.bands.iter().position(|b| b.id == id);
    match (band.as_deref().and_then(pos), pos(cap)) {
        (Some(b), Some(c)) if b < c => Some(cap.to_string()),
        _ => band,
    }
}

/// Why a score is not what the checklist's rule gives today, told to the unit in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreNote {
    /// A finalized assessment keeps the score and band it was finalized with, under `rule`,
    /// while the checklist now scores under `now`.
    KeptAsFinalized { rule: Rescale, now: Rescale },
    /// A draft started when the checklist scored under `from` is scored under `to` now.
    Rescored { from: Rescale, to: Rescale },
}

/// The note to show with `score` for an assessment whose stored content hash is `stored_hash`:
/// a finalized one scored under another rule than the checklist's, or a draft started when the
/// checklist was the same but for its rule (its stored hash is the hash of this checklist under
/// that rule).
pub fn score_note(
    checklist: &Checklist,
    finalized: bool,
    stored_hash: &str,
    score: &Score,
) -> Option<ScoreNote> {
    let now = checklist.rubric.rescale;
    if finalized {
        return (score.rule != now).then_some(ScoreNote::KeptAsFinalized {
            rule: score.rule,
            now,
        });
    }
    if stored_hash == crate::content::canon::checklist_hash(checklist) {
        return None;
    }
    Rescale::ALL
        .into_iter()
        .filter(|r| *r != now)
        .find_map(|from| {
            let mut then = checklist.clone();
            then.rubric.rescale = from;
            (crate::content::canon::checklist_hash(&then) == stored_hash)
                .then_some(ScoreNote::Rescored { from, to: now })
        })
}

/// "90,00" (vi) or "90.00" (en).
pub fn display(hundredths: u64, vietnamese: bool) -> String {
    let s = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    if vietnamese {
        s.replace('.', ",")
    } else {
        s
    }
}

//! Question statistics for trainers, after Moodle's quiz statistics report: per question of a quiz,
//! the number of attempts, the facility index (mean score as a percentage of the question's points)
//! and the discrimination index (Pearson correlation of the question's score with the rest of the
//! attempt's score), with the flags a trainer looks for. Pure: the store gives the sums, this turns
//! them into figures.
//!
//! The sums are of raw points (hundredths, as stored), not of score fractions: Pearson's r does not
//! change when one variable is multiplied by a positive constant (the question's points), so the
//! correlation is the same, and integer sums stay exact (no cancellation in `nΣx² − (Σx)²`).
//!
//! The sums are gathered here ([`Gather`]) from one row per answer as the store streams them,
//! rather than by SQLite's `GROUP BY`, which sorts every answer first: on 10,000 officials that
//! sort made the query 17 times as slow as a plain scan of the answers (`sum(earned)`), against
//! about 7 times for the same pass summed here (see `benches/question_stats.rs`).

use std::collections::HashMap;

use super::content::Text;

/// A facility index below this (percent) flags the question as too hard.
pub const FACILITY_LOW: f64 = 20.0;
/// A facility index above this (percent) flags the question as too easy.
pub const FACILITY_HIGH: f64 = 95.0;
/// A discrimination index below this flags the question as telling strong and weak apart poorly.
pub const DISCRIMINATION_LOW: f64 = 0.2;

/// What one pass over the stored answers of official attempts gives for one question of one quiz:
/// `x` is the question's earned points, `y` the rest of the attempt (its earned points minus
/// `x`), both in hundredths.
/// (128-bit, so no real count of answers can overflow them; absurd stored points saturate.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionSums {
    pub quiz_id: String,
    pub bank_id: String,
    pub question_id: String,
    pub n: i128,
    pub sum_x: i128,
    pub sum_y: i128,
    pub sum_xy: i128,
    pub sum_xx: i128,
    pub sum_yy: i128,
    /// Answers marked right (for a question no longer in the pack, whose points are unknown).
    pub right: i128,
}

impl QuestionSums {
    /// One answer: `x` the question's earned points, `y` the rest of the attempt's.
    pub fn add(&mut self, x: i64, y: i64, right: bool) {
        let (x, y) = (i128::from(x), i128::from(y));
        self.n = self.n.saturating_add(1);
        self.sum_x = self.sum_x.saturating_add(x);
        self.sum_y = self.sum_y.saturating_add(y);
        self.sum_xy = self.sum_xy.saturating_add(x.saturating_mul(y));
        self.sum_xx = self.sum_xx.saturating_add(x.saturating_mul(x));
        self.sum_yy = self.sum_yy.saturating_add(y.saturating_mul(y));
        self.right = self.right.saturating_add(i128::from(right));
    }
}

/// The sums of every question, gathered from one row per answer in any order: the store's pass
/// over the answers feeds it, and memory grows with the questions, not the answers.
#[derive(Debug, Default)]
pub struct Gather {
    /// `quiz \0 bank \0 question` → its place in `sums` (ids never hold NUL: every door refuses it).
    index: HashMap<Vec<u8>, usize>,
    sums: Vec<QuestionSums>,
    /// The key being looked up, reused so a row allocates nothing.
    key: Vec<u8>,
}

impl Gather {
    /// One answer of an official attempt: `x` its earned points, `total` the attempt's.
    pub fn add(&mut self, quiz: &str, bank: &str, question: &str, x: i64, total: i64, right: bool) {
        self.key.clear();
        for (i, part) in [quiz, bank, question].iter().enumerate() {
            if i > 0 {
                self.key.push(0);
            }
            self.key.extend_from_slice(part.as_bytes());
        }
        let at = match self.index.get(self.key.as_slice()) {
            Some(&at) => at,
            None => {
                self.sums.push(QuestionSums {
                    quiz_id: quiz.to_string(),
                    bank_id: bank.to_string(),
                    question_id: question.to_string(),
                    ..QuestionSums::default()
                });
                self.index.insert(self.key.clone(), self.sums.len() - 1);
                self.sums.len() - 1
            }
        };
        self.sums[at].add(x, total.saturating_sub(x), right);
    }

    /// The sums, one per question, in the order first met.
    pub fn finish(self) -> Vec<QuestionSums> {
        self.sums
    }
}

/// Why a question is flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Facility below [`FACILITY_LOW`].
    TooHard,
    /// Facility above [`FACILITY_HIGH`].
    TooEasy,
    /// Discrimination below [`DISCRIMINATION_LOW`] (only when it is defined).
    LowDiscrimination,
}

impl Flag {
    /// The Fluent id of the flag's words.
    pub fn msg_id(self) -> &'static str {
        match self {
            Flag::TooHard => "qstats-flag-hard",
            Flag::TooEasy => "qstats-flag-easy",
            Flag::LowDiscrimination => "qstats-flag-discrimination",
        }
    }

    /// The Fluent id of the flag's short words (a column on screen).
    pub fn short_msg_id(self) -> &'static str {
        match self {
            Flag::TooHard => "qstats-flag-hard-short",
            Flag::TooEasy => "qstats-flag-easy-short",
            Flag::LowDiscrimination => "qstats-flag-discrimination-short",
        }
    }
}

/// One row of the statistics: a question of a quiz, with the pack's words for it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionStat {
    pub quiz_id: String,
    /// The quiz's title, when the quiz is still in the pack.
    pub quiz_title: Option<Text>,
    /// The quiz (bank) that holds the question.
    pub bank_id: String,
    pub question_id: String,
    /// The question's prompt, when it is still in the pack.
    pub prompt: Option<Text>,
    /// Official attempts that answered the question.
    pub attempts: u64,
    /// Percent, 0–100; `None` when there is nothing to divide by.
    pub facility: Option<f64>,
    /// Pearson's r, −1 to 1; `None` when either score has no variance (or fewer than 2 attempts).
    pub discrimination: Option<f64>,
    pub flags: Vec<Flag>,
}

/// Pearson's correlation of `x` with `y` from the sums, or `None` when it is undefined (fewer than
/// two attempts, or every attempt with the same `x` or the same `y`).
pub fn correlation(s: &QuestionSums) -> Option<f64> {
    if s.n < 2 {
        return None;
    }
    let (n, sx, sy) = (s.n, s.sum_x, s.sum_y);
    // Saturating, so absurd stored points give a wrong figure, never a panic.
    let term = |a: i128, b: i128, c: i128, d: i128| {
        a.saturating_mul(b).saturating_sub(c.saturating_mul(d))
    };
    let cov = term(n, s.sum_xy, sx, sy);
    let var_x = term(n, s.sum_xx, sx, sx);
    let var_y = term(n, s.sum_yy, sy, sy);
    if var_x <= 0 || var_y <= 0 {
        return None;
    }
    let r = cov as f64 / ((var_x as f64).sqrt() * (var_y as f64).sqrt());
    // Rounding can carry |r| a hair past 1.
    Some(r.clamp(-1.0, 1.0))
}

/// The facility index, in percent: the mean earned points over the question's points (`max`, in
/// hundredths). With `max` unknown (the question is gone from the pack), the share answered right.
pub fn facility(s: &QuestionSums, max: Option<u32>) -> Option<f64> {
    if s.n <= 0 {
        return None;
    }
    let n = s.n as f64;
    match max {
        // Points lowered in the pack since the attempts would read above 100%.
        Some(m) if m > 0 => Some((s.sum_x as f64 * 100.0 / (n * f64::from(m))).clamp(0.0, 100.0)),
        _ => Some(s.right as f64 * 100.0 / n),
    }
}

/// The flags of a question's figures: facility below 20 % or above 95 %, discrimination below
/// 0.2 when it is defined.
pub fn flags(facility: Option<f64>, discrimination: Option<f64>) -> Vec<Flag> {
    let mut out = Vec::new();
    if let Some(f) = facility {
        if f < FACILITY_LOW {
            out.push(Flag::TooHard);
        }
        if f > FACILITY_HIGH {
            out.push(Flag::TooEasy);
        }
    }
    if discrimination.is_some_and(|d| d < DISCRIMINATION_LOW) {
        out.push(Flag::LowDiscrimination);
    }
    out
}

/// A discrimination index for the screen: two decimals, a comma in Vietnamese ("0,35"), "—" when
/// undefined.
pub fn discrimination_text(d: Option<f64>, vietnamese: bool) -> String {
    match d {
        None => "—".to_string(),
        Some(d) => {
            let s = format!("{d:.2}");
            // "-0.00" reads oddly.
            let s = if s == "-0.00" { "0.00".to_string() } else { s };
            if vietnamese {
                s.replace('.', ",")
            } else {
                s
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sums(pairs: &[(i64, i64)]) -> QuestionSums {
        let mut s = QuestionSums::default();
        for &(x, y) in pairs {
            s.add(x, y, x > 0);
        }
        s
    }

    #[test]
    fn gathering_keeps_one_sum_per_quiz_bank_and_question() {
        let mut g = Gather::default();
        g.add("exam", "b", "q1", 100, 300, true);
        g.add("quiz", "b", "q1", 0, 200, false);
        g.add("exam", "b", "q1", 0, 100, false);
        // q1 and q10 of the same bank are two questions.
        g.add("exam", "b", "q10", 100, 100, true);
        let sums = g.finish();
        assert_eq!(sums.len(), 3);
        assert_eq!((sums[0].quiz_id.as_str(), sums[0].n), ("exam", 2));
        assert_eq!(
            (sums[0].sum_x, sums[0].sum_y, sums[0].sum_xy),
            (100, 300, 20000)
        );
        assert_eq!((sums[1].quiz_id.as_str(), sums[1].sum_y), ("quiz", 200));
        assert_eq!((sums[2].question_id.as_str(), sums[2].sum_y), ("q10", 0));
    }

    #[test]
    fn absurd_points_saturate_instead_of_panicking() {
        let mut s = QuestionSums::default();
        for _ in 0..3 {
            s.add(i64::MAX, i64::MIN, true);
        }
        let r = correlation(&s);
        assert!(r.is_none_or(|r| (-1.0..=1.0).contains(&r)), "{r:?}");
        assert!(facility(&s, Some(100)).is_some_and(|f| (0.0..=100.0).contains(&f)));
    }

    #[test]
    fn a_perfect_and_an_inverse_relation_give_one_and_minus_one() {
        let r = correlation(&sums(&[(0, 100), (100, 300), (100, 300), (0, 100)])).unwrap();
        assert!((r - 1.0).abs() < 1e-12, "{r}");
        let r = correlation(&sums(&[(0, 300), (100, 100), (0, 300), (100, 100)])).unwrap();
        assert!((r + 1.0).abs() < 1e-12, "{r}");
    }

    #[test]
    fn a_worked_correlation() {
        // x = 1, 0, 1, 0 (points), y = 3, 1, 2, 2. n = 4, Σx = 2, Σy = 8, Σxy = 5, Σx² = 2, Σy² = 18.
        // cov = 4·5 − 2·8 = 4; var x = 4·2 − 4 = 4; var y = 4·18 − 64 = 8; r = 4 / √32 = 0.7071.
        let r = correlation(&sums(&[(1, 3), (0, 1), (1, 2), (0, 2)])).unwrap();
        assert!((r - 0.5f64.sqrt()).abs() < 1e-12, "{r}");
        // Scaling x by the points (hundredths) changes nothing.
        let r100 = correlation(&sums(&[(100, 3), (0, 1), (100, 2), (0, 2)])).unwrap();
        assert!((r - r100).abs() < 1e-12);
    }

    #[test]
    fn no_variance_or_too_few_attempts_give_no_value_not_nan() {
        assert_eq!(correlation(&sums(&[(100, 100), (100, 300)])), None);
        assert_eq!(correlation(&sums(&[(0, 200), (100, 200)])), None);
        assert_eq!(correlation(&sums(&[(100, 200)])), None);
        assert_eq!(correlation(&QuestionSums::default()), None);
        assert_eq!(discrimination_text(None, true), "—");
    }

    #[test]
    fn facility_is_the_mean_share_of_the_points() {
        let s = sums(&[(100, 0), (50, 0), (0, 0), (100, 0)]);
        assert_eq!(facility(&s, Some(100)), Some(62.5));
        // Points unknown: the share answered right (3 of 4 earned something here).
        assert_eq!(facility(&s, None), Some(75.0));
        assert_eq!(facility(&QuestionSums::default(), Some(100)), None);
    }

    #[test]
    fn flags_follow_the_thresholds() {
        assert_eq!(flags(Some(19.9), Some(0.5)), vec![Flag::TooHard]);
        assert_eq!(flags(Some(20.0), Some(0.2)), vec![]);
        assert_eq!(flags(Some(95.0), Some(0.3)), vec![]);
        assert_eq!(
            flags(Some(95.1), Some(0.19)),
            vec![Flag::TooEasy, Flag::LowDiscrimination]
        );
        assert_eq!(flags(Some(100.0), None), vec![Flag::TooEasy]);
        assert_eq!(flags(Some(50.0), Some(-0.4)), vec![Flag::LowDiscrimination]);
    }

    #[test]
    fn discrimination_reads_with_the_languages_decimal_mark() {
        assert_eq!(discrimination_text(Some(0.3456), true), "0,35");
        assert_eq!(discrimination_text(Some(0.3456), false), "0.35");
        assert_eq!(discrimination_text(Some(-0.001), false), "0.00");
        assert_eq!(discrimination_text(Some(-0.25), true), "-0,25");
    }
}

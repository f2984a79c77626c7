//! Question statistics for trainers, after Moodle's quiz statistics report: per question of a quiz,
//! the number of attempts, the facility index (mean score as a percentage of the question's points)
//! and the discrimination index (Pearson correlation of the question's score with the rest of the
//! attempt's score), with the flags a trainer looks for. Pure: the store gives the sums, this turns
//! them into figures.
//!
//! The sums are of raw points (hundredths, as stored), not of score fractions: Pearson's r does not
//! change when one variable is multiplied by a positive constant (the question's points), so the
//! correlation is the same, and integer sums stay exact (no cancellation in `nΣx² − (Σx)²`).

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionSums {
    pub quiz_id: String,
    pub bank_id: String,
    pub question_id: String,
    pub n: i64,
    pub sum_x: i64,
    pub sum_y: i64,
    pub sum_xy: i64,
    pub sum_xx: i64,
    pub sum_yy: i64,
    /// Answers marked right (for a question no longer in the pack, whose points are unknown).
    pub right: i64,
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
    let n = i128::from(s.n);
    let (sx, sy) = (i128::from(s.sum_x), i128::from(s.sum_y));
    let cov = n * i128::from(s.sum_xy) - sx * sy;
    let var_x = n * i128::from(s.sum_xx) - sx * sx;
    let var_y = n * i128::from(s.sum_yy) - sy * sy;
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
            s.n += 1;
            s.sum_x += x;
            s.sum_y += y;
            s.sum_xy += x * y;
            s.sum_xx += x * x;
            s.sum_yy += y * y;
            s.right += i64::from(x > 0);
        }
        s
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

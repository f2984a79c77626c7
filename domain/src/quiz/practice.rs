//! Practice of missed questions, in Leitner boxes. A missed question enters box 0, due at once.
//! A right answer moves it up one box — but only once per day — and it is retired after right
//! answers on two separate days. A wrong answer sends it back to box 0. The clock is a parameter.

use time::Date;

/// The box a question retires from: right on two separate days.
pub const RETIRE_AFTER: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Card {
    pub level: u8,
    pub due: Date,
    pub last_right: Option<Date>,
    pub retired: bool,
}

impl Card {
    /// A question just missed (in an attempt or in practice).
    pub fn missed(today: Date) -> Card {
        Card {
            level: 0,
            due: today,
            last_right: None,
            retired: false,
        }
    }

    pub fn is_due(&self, today: Date) -> bool {
        !self.retired && self.due <= today
    }

    /// The card after an answer on `today`.
    pub fn answered(self, correct: bool, today: Date) -> Card {
        if !correct {
            return Card::missed(today);
        }
        if self.last_right == Some(today) {
            // A second right answer the same day proves nothing new.
            return self;
        }
        let level = self.level + 1;
        Card {
            level,
            due: today.next_day().unwrap_or(today),
            last_right: Some(today),
            retired: level >= RETIRE_AFTER,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn same_day_does_not_retire_two_days_do() {
        let d1 = date!(2026 - 11 - 26);
        let card = Card::missed(d1);
        assert!(card.is_due(d1));
        let card = card.answered(true, d1).answered(true, d1);
        assert!(!card.retired);
        assert!(!card.is_due(d1), "not due again the same day");
        let d2 = date!(2026 - 11 - 27);
        assert!(card.is_due(d2));
        let card = card.answered(true, d2);
        assert!(card.retired);
        assert!(!card.is_due(date!(2027 - 01 - 01)));
    }

    #[test]
    fn a_miss_starts_over() {
        let d1 = date!(2026 - 11 - 26);
        let d2 = date!(2026 - 11 - 27);
        let card = Card::missed(d1).answered(true, d1).answered(false, d2);
        assert_eq!(card.level, 0);
        assert!(card.is_due(d2));
    }
}

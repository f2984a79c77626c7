//! Dates and times as the kit stores them (UTC ISO 8601, ISO dates) and shows them (Vietnam's
//! time, day/month/year). Every formatter goes through `time`'s format descriptions.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// Vietnam's offset from UTC (no daylight saving).
pub const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// A date as stored and on the command line: `2026-03-01`.
pub fn iso(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// A date as a screen shows it: `01/03/2026`.
pub fn day_month_year(d: Date) -> String {
    d.format(format_description!("[day]/[month]/[year]"))
        .unwrap_or_default()
}

/// A moment as stored: UTC, to the second, `2026-11-26T07:05:09Z`.
pub fn utc_stamp(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .unwrap_or_default()
}

/// Whether `s` is a moment exactly as the kit stores it (`utc_stamp`'s form: UTC, to the
/// second, `2026-11-26T07:05:09Z`) on a real day and clock time. Every such text parses as
/// RFC 3339 to itself, and two of them order as their moments do, so a merge or an export can
/// compare or keep them as text without parsing each one (any other form is parsed, as before).
pub fn is_utc_stamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 20 || b[19] != b'Z' || b[10] != b'T' {
        return false;
    }
    let punct_ok = b[4] == b'-' && b[7] == b'-' && b[13] == b':' && b[16] == b':';
    let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    if !punct_ok || !digits.iter().all(|&i| b[i].is_ascii_digit()) {
        return false;
    }
    let n = |i: usize, len: usize| {
        b[i..i + len]
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    let (year, month, day) = (n(0, 4), n(5, 2), n(8, 2));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day) && n(11, 2) < 24 && n(14, 2) < 60 && n(17, 2) < 60
}

/// A stored UTC time in Vietnam's local time, or `None` when it does not parse.
pub fn in_vietnam(utc: &str) -> Option<OffsetDateTime> {
    Some(
        OffsetDateTime::parse(utc, &Rfc3339)
            .ok()?
            .to_offset(VIETNAM),
    )
}

/// A moment in its own offset as a screen shows it: `26/11/2026 14:05`.
pub fn day_month_year_time(t: OffsetDateTime) -> String {
    t.format(format_description!("[day]/[month]/[year] [hour]:[minute]"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn formats() {
        assert_eq!(iso(date!(2026 - 03 - 01)), "2026-03-01");
        assert_eq!(day_month_year(date!(2026 - 03 - 01)), "01/03/2026");
        assert_eq!(
            utc_stamp(datetime!(2026-11-26 14:05:09 +7)),
            "2026-11-26T07:05:09Z"
        );
        let t = in_vietnam("2026-11-26T07:05:09Z").unwrap();
        assert_eq!(day_month_year_time(t), "26/11/2026 14:05");
        assert!(in_vietnam("not a time").is_none());
        assert_eq!(iso(date!(0999 - 01 - 02)), "0999-01-02");
    }

    #[test]
    fn a_stored_stamp_is_known_without_parsing_and_agrees_with_rfc3339() {
        // Every day of a leap year and of a common one, and the clock's edges: each text taken
        // as stored is exactly one that parses and formats back to itself.
        let mut texts = Vec::new();
        for year in [1900, 2000, 2024, 2026, 9999, 0] {
            for month in 0..=13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    for clock in ["00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60"] {
                        texts.push(format!("{year:04}-{month:02}-{day:02}T{clock}Z"));
                    }
                }
            }
        }
        texts.extend(
            [
                "2026-11-26T07:05:09z",
                "2026-11-26t07:05:09Z",
                "2026-11-26T07:05:09+00:00",
                "2026-11-26T07:05:09.5Z",
                "2026-11-26 07:05:09Z",
                "2026-1a-26T07:05:09Z",
                "+026-11-26T07:05:09Z",
                "2026-11-26T07:05:09Z ",
                "",
            ]
            .map(String::from),
        );
        let mut stored = 0;
        for t in &texts {
            let as_stored = OffsetDateTime::parse(t, &Rfc3339)
                .ok()
                .map(utc_stamp)
                .is_some_and(|back| &back == t);
            assert_eq!(is_utc_stamp(t), as_stored, "{t:?}");
            stored += usize::from(as_stored);
        }
        assert!(stored > 600, "{stored} stored stamps among the texts");
        // They order as their moments do.
        let mut moments: Vec<&String> = texts.iter().filter(|t| is_utc_stamp(t)).collect();
        moments.sort();
        assert!(moments.windows(2).all(|w| {
            OffsetDateTime::parse(w[0], &Rfc3339).unwrap()
                <= OffsetDateTime::parse(w[1], &Rfc3339).unwrap()
        }));
    }
}

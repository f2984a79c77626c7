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
}

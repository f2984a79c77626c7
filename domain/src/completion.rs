//! Completion records, the domain part: whether a course is required of an official (by the
//! course's `[required]` table, from their unit's kind and their position), by when (days after
//! their appointment), and the status of their record in it. Pure functions; no database, no
//! clock (the day is always passed in, so exports and tests are deterministic).

use time::{Date, Duration};

use crate::content::Course;

/// Where an official stands in one course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordStatus {
    /// Nothing read, no attempt.
    NotStarted,
    /// Some lessons read or an attempt made, not completed.
    InProgress,
    /// Completed (all lessons read and the quiz passed; a completion is never revoked).
    Completed,
    /// Required of the official, past its due date, and not completed.
    Overdue,
}

impl RecordStatus {
    /// A stable key for files and scripts.
    pub fn key(self) -> &'static str {
        match self {
            RecordStatus::NotStarted => "not-started",
            RecordStatus::InProgress => "in-progress",
            RecordStatus::Completed => "completed",
            RecordStatus::Overdue => "overdue",
        }
    }

    /// The Fluent id of the status's name.
    pub fn msg_id(self) -> &'static str {
        match self {
            RecordStatus::NotStarted => "completion-status-not-started",
            RecordStatus::InProgress => "completion-status-in-progress",
            RecordStatus::Completed => "completion-status-completed",
            RecordStatus::Overdue => "completion-status-overdue",
        }
    }
}

/// One official's progress in one course, as the records summaries keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CourseProgress<'a> {
    pub lessons_read: u32,
    /// Graded or open quiz attempts (not practice).
    pub attempts: u32,
    pub passed: bool,
    /// When the course was completed (stored UTC time), if it was.
    pub completed_at: Option<&'a str>,
}

/// Whether `course` is required of an official in a unit of kind `unit_kind` (a key such as
/// `"commune"`; None when the official has no unit) holding `position`.
///
/// A course without `[required]` is required of nobody. An empty `unit_kinds` means every kind
/// (and officials without a unit); an empty `positions` means every position; otherwise the
/// position must contain one of the listed ones, compared without diacritics or case.
pub fn is_required(course: &Course, unit_kind: Option<&str>, position: &str) -> bool {
    let Some(req) = &course.required else {
        return false;
    };
    let kind_ok = req.unit_kinds.is_empty()
        || unit_kind.is_some_and(|k| req.unit_kinds.iter().any(|r| r == k));
    if !kind_ok {
        return false;
    }
    if req.positions.is_empty() {
        return true;
    }
    let held = crate::text::fold(position);
    req.positions.iter().any(|p| {
        let p = crate::text::fold(p);
        !p.is_empty() && held.contains(&p)
    })
}

/// The day by which `course` must be completed by an official appointed on `appointed_on`:
/// `within_days` days after it. None when the course has no `[required]` table.
pub fn due_date(course: &Course, appointed_on: Date) -> Option<Date> {
    let req = course.required.as_ref()?;
    appointed_on.checked_add(Duration::days(i64::from(req.within_days)))
}

/// The rules that make each required course of `pack` overdue on `today`, for the records
/// filter: the same test as [`is_required`], [`due_date`] and [`status`], put as data.
pub fn overdue_rules(pack: &crate::content::Pack, today: Date) -> Vec<crate::records::OverdueRule> {
    pack.courses
        .iter()
        .filter_map(|c| {
            let req = c.required.as_ref()?;
            // Overdue when today > appointed + within, that is appointed < today - within.
            let before = today.checked_sub(Duration::days(i64::from(req.within_days)))?;
            let positions: Vec<String> = req
                .positions
                .iter()
                .map(|p| crate::text::fold(p))
                .filter(|p| !p.is_empty())
                .collect();
            // Positions listed but none usable: required of nobody, as `is_required` says.
            if positions.is_empty() && !req.positions.is_empty() {
                return None;
            }
            Some(crate::records::OverdueRule {
                course_id: c.id.clone(),
                unit_kinds: req.unit_kinds.clone(),
                positions,
                appointed_before: crate::dates::iso(before),
            })
        })
        .collect()
}

/// The status of one official's record in a course on `today`.
///
/// Completed when a completion is recorded (never revoked, even when completed late); else
/// Overdue when the course is `required` of the official and `today` is after the `due` day;
/// else InProgress when a lesson was read or an attempt made; else NotStarted.
pub fn status(
    progress: &CourseProgress,
    required: bool,
    due: Option<Date>,
    today: Date,
) -> RecordStatus {
    if progress.completed_at.is_some() {
        RecordStatus::Completed
    } else if required && due.is_some_and(|d| today > d) {
        RecordStatus::Overdue
    } else if progress.lessons_read > 0 || progress.attempts > 0 || progress.passed {
        RecordStatus::InProgress
    } else {
        RecordStatus::NotStarted
    }
}

/// An ISO `YYYY-MM-DD` date (only the first ten characters are read, so a stored time works).
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let s = s.get(..10)?;
    let b = s.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = s[..4].parse().ok()?;
    let m: u8 = s[5..7].parse().ok()?;
    let d: u8 = s[8..10].parse().ok()?;
    Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
}

/// Today in Vietnam (UTC+7), the day records are judged against.
pub fn today_in_vietnam() -> Date {
    let offset = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::now_utc().to_offset(offset).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Requirement, Text};
    use time::macros::date;

    fn course(required: Option<Requirement>) -> Course {
        Course {
            id: "c".into(),
            version: "1".into(),
            title: Text::new("Khóa", None),
            summary: Text::default(),
            audience: Text::default(),
            lessons: vec![],
            required,
            completion_quiz: None,
        }
    }

    fn req(kinds: &[&str], positions: &[&str], days: u32) -> Option<Requirement> {
        Some(Requirement {
            unit_kinds: kinds.iter().map(|s| s.to_string()).collect(),
            positions: positions.iter().map(|s| s.to_string()).collect(),
            within_days: days,
        })
    }

    #[test]
    fn a_course_without_a_required_table_is_required_of_nobody() {
        let c = course(None);
        assert!(!is_required(&c, Some("commune"), "Chủ tịch"));
        assert!(!is_required(&c, None, ""));
        assert_eq!(due_date(&c, date!(2026 - 01 - 01)), None);
    }

    #[test]
    fn empty_lists_mean_everyone() {
        let c = course(req(&[], &[], 90));
        assert!(is_required(&c, Some("commune"), "Chuyên viên"));
        assert!(is_required(&c, Some("public-service"), ""));
        assert!(is_required(&c, None, "Chuyên viên"), "even without a unit");
    }

    #[test]
    fn unit_kinds_restrict() {
        let c = course(req(&["commune", "department"], &[], 180));
        assert!(is_required(&c, Some("commune"), "x"));
        assert!(is_required(&c, Some("department"), "x"));
        assert!(!is_required(&c, Some("public-service"), "x"));
        assert!(!is_required(&c, Some("other"), "x"));
        assert!(!is_required(&c, None, "x"), "no unit, no known kind");
    }

    #[test]
    fn positions_match_without_diacritics_or_case() {
        let c = course(req(&[], &["một cửa", "Văn phòng"], 90));
        assert!(is_required(
            &c,
            Some("commune"),
            "Công chức Bộ phận Một cửa"
        ));
        assert!(is_required(&c, Some("commune"), "cong chuc mot cua"));
        assert!(is_required(
            &c,
            Some("commune"),
            "CÔNG CHỨC VĂN PHÒNG - THỐNG KÊ"
        ));
        assert!(!is_required(&c, Some("commune"), "Chủ tịch UBND xã"));
        assert!(!is_required(&c, Some("commune"), ""));
        // Kinds and positions must both match.
        let c = course(req(&["commune"], &["một cửa"], 90));
        assert!(!is_required(&c, Some("department"), "Một cửa"));
    }

    #[test]
    fn due_dates_count_days_from_the_appointment() {
        let c = course(req(&[], &[], 90));
        assert_eq!(
            due_date(&c, date!(2026 - 01 - 01)),
            Some(date!(2026 - 04 - 01))
        );
        let c = course(req(&[], &[], 180));
        assert_eq!(
            due_date(&c, date!(2025 - 12 - 15)),
            Some(date!(2026 - 06 - 13))
        );
        // Across a leap day.
        let c = course(req(&[], &[], 1));
        assert_eq!(
            due_date(&c, date!(2028 - 02 - 28)),
            Some(date!(2028 - 02 - 29))
        );
    }

    #[test]
    fn statuses() {
        let today = date!(2026 - 11 - 26);
        let past = Some(date!(2026 - 11 - 25));
        let this_day = Some(today);
        let nothing = CourseProgress::default();
        let reading = CourseProgress {
            lessons_read: 2,
            ..Default::default()
        };
        let tried = CourseProgress {
            attempts: 1,
            ..Default::default()
        };
        let done = CourseProgress {
            lessons_read: 5,
            attempts: 1,
            passed: true,
            completed_at: Some("2026-11-30T03:00:00Z"),
        };
        assert_eq!(
            status(&nothing, false, None, today),
            RecordStatus::NotStarted
        );
        assert_eq!(
            status(&reading, false, None, today),
            RecordStatus::InProgress
        );
        assert_eq!(status(&tried, false, None, today), RecordStatus::InProgress);
        assert_eq!(status(&done, false, None, today), RecordStatus::Completed);
        // Required and past due.
        assert_eq!(status(&nothing, true, past, today), RecordStatus::Overdue);
        assert_eq!(status(&reading, true, past, today), RecordStatus::Overdue);
        // Completed late is still completed.
        assert_eq!(status(&done, true, past, today), RecordStatus::Completed);
        // The due day itself is not late.
        assert_eq!(
            status(&nothing, true, this_day, today),
            RecordStatus::NotStarted
        );
        // Not required, or no appointment date: never overdue.
        assert_eq!(
            status(&nothing, false, past, today),
            RecordStatus::NotStarted
        );
        assert_eq!(
            status(&reading, true, None, today),
            RecordStatus::InProgress
        );
    }

    #[test]
    fn iso_dates() {
        assert_eq!(parse_iso_date("2026-11-26"), Some(date!(2026 - 11 - 26)));
        assert_eq!(
            parse_iso_date("2026-11-26T03:00:00Z"),
            Some(date!(2026 - 11 - 26))
        );
        assert_eq!(parse_iso_date("2026-02-30"), None);
        assert_eq!(parse_iso_date("26/11/2026"), None);
        assert_eq!(parse_iso_date("2026"), None);
        assert_eq!(crate::dates::iso(date!(2026 - 03 - 01)), "2026-03-01");
    }

    #[test]
    fn status_names_exist_in_both_languages() {
        use crate::i18n::{I18n, Lang};
        for lang in [Lang::Vi, Lang::En] {
            let i = I18n::new(lang);
            for s in [
                RecordStatus::NotStarted,
                RecordStatus::InProgress,
                RecordStatus::Completed,
                RecordStatus::Overdue,
            ] {
                assert!(i.has(s.msg_id()), "{} in {lang:?}", s.msg_id());
            }
        }
    }
}

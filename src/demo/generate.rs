//! The generator: one seeded [`Rng`] drawing the province's units and officials, and each
//! official's lessons, courses and completions (attempts in `attempts`, self-assessments in
//! `assessments`). Rows come out in the order they are written.

use super::names::*;
use super::DemoOptions;
use crate::domain::content::{Course, Pack, Quiz};
use crate::domain::people::{Unit, UnitKind};
use crate::domain::quiz::engine::Rng;

pub(super) struct DemoUnit {
    pub(super) unit: Unit,
    pub(super) created_at: String,
    /// Unix seconds.
    pub(super) created: i64,
}

pub(super) struct LessonRow {
    pub(super) course: usize,
    pub(super) lesson: usize,
    pub(super) top_block: i64,
    pub(super) completed_at: Option<String>,
    pub(super) opened_at: String,
}

pub(super) struct AnswerRow {
    /// The item's place in the paper.
    pub(super) position: usize,
    pub(super) bank: String,
    pub(super) question: String,
    pub(super) response: String,
    pub(super) correct: bool,
    pub(super) earned: u32,
    pub(super) answered_at: String,
    pub(super) active_ms: i64,
}

pub(super) struct AttemptRow {
    pub(super) id: String,
    /// Index into `Gen::quizzes`.
    pub(super) quiz: usize,
    pub(super) seed: u64,
    pub(super) paper: String,
    pub(super) status: &'static str,
    pub(super) started_at: String,
    pub(super) ended_at: Option<String>,
    pub(super) active_ms: i64,
    /// (earned, max, passed) once graded.
    pub(super) grade: Option<(u32, u32, bool)>,
    pub(super) answers: Vec<AnswerRow>,
}

pub(super) struct Completion {
    pub(super) course: usize,
    pub(super) completed_at: String,
    pub(super) best: f64,
}

pub(super) struct PersonRows {
    pub(super) id: String,
    pub(super) unit: usize,
    pub(super) full_name: String,
    pub(super) staff_code: String,
    pub(super) position: String,
    pub(super) appointed_on: String,
    pub(super) created_at: String,
    pub(super) lessons: Vec<LessonRow>,
    pub(super) attempts: Vec<AttemptRow>,
    pub(super) completions: Vec<Completion>,
    /// (bank, question, due_on): questions missed in an official attempt go to practice.
    pub(super) misses: Vec<(String, String, String)>,
}

/// A quiz of the pack with what every attempt on it records.
pub(super) struct QuizInfo<'a> {
    pub(super) quiz: &'a Quiz,
    /// Index into `Gen::courses`, None for the final exam.
    pub(super) course: Option<usize>,
}

pub(super) struct Gen<'a> {
    pub(super) rng: Rng,
    pub(super) pack: &'a Pack,
    pub(super) courses: Vec<&'a Course>,
    pub(super) quizzes: Vec<QuizInfo<'a>>,
    /// The quiz of each course (index into `quizzes`).
    pub(super) course_quiz: Vec<Option<usize>>,
    /// A quiz drawing from other banks, taken after the courses.
    pub(super) final_exam: Option<usize>,
    pub(super) people: usize,
    /// Unix seconds of the last moment of activity (17:00 in Vietnam on `today`).
    pub(super) now: i64,
    pub(super) today: time::Date,
    /// Milliseconds of the synthetic clock behind the UUIDs.
    pub(super) clock: u64,
}

pub(super) const DAY: i64 = 86_400;
pub(super) const HOUR: i64 = 3_600;

/// Unix seconds as stored: `2026-11-26T07:05:09Z`.
pub(super) fn stamp(secs: i64) -> String {
    crate::domain::dates::utc_stamp(
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
    )
}

/// The day in Vietnam (UTC+7) of a moment, as an ISO date.
pub(super) fn local_day(secs: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(secs + 7 * HOUR)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    crate::domain::dates::iso(t.date())
}

pub(super) fn day_secs(d: time::Date) -> i64 {
    d.midnight().assume_utc().unix_timestamp()
}

impl<'a> Gen<'a> {
    pub(super) fn new(pack: &'a Pack, opts: &DemoOptions) -> Self {
        let courses: Vec<&Course> = pack.courses.iter().collect();
        let mut quizzes = Vec::new();
        let mut course_quiz = vec![None; courses.len()];
        let mut final_exam = None;
        for q in &pack.quizzes {
            let course = q
                .course
                .as_deref()
                .and_then(|c| courses.iter().position(|x| x.id == c));
            match course {
                // Only the quiz that completes the course: extra quizzes are left untried.
                Some(ci) if courses[ci].completion_quiz.as_deref() == Some(q.id.as_str()) => {
                    course_quiz[ci] = Some(quizzes.len())
                }
                Some(_) => continue,
                None if q.course.is_none() && !q.draw.is_empty() && final_exam.is_none() => {
                    final_exam = Some(quizzes.len())
                }
                None => continue,
            }
            quizzes.push(QuizInfo { quiz: q, course });
        }
        Gen {
            rng: Rng::new(opts.seed),
            pack,
            courses,
            quizzes,
            course_quiz,
            final_exam,
            people: opts.people,
            now: day_secs(opts.today) + 10 * HOUR,
            today: opts.today,
            clock: (day_secs(opts.today) - 600 * DAY).max(0) as u64 * 1000,
        }
    }

    /// A number in `lo..hi` (hi > lo).
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.rng.below((hi - lo).max(1) as usize) as i64
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        ((self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub(super) fn unit_float(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.below(items.len())]
    }

    pub(super) fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut r = self.rng.below(total.max(1) as usize) as u32;
        for (v, w) in items {
            if r < *w {
                return *v;
            }
            r -= w;
        }
        items[0].0
    }

    /// A time-ordered UUID (version 7, RFC 9562) from a synthetic clock that ticks one millisecond
    /// per id: deterministic for a seed, and each new row's key sorts after the last, so rows go in
    /// at the end of their tables and indexes instead of at random pages (random version-4 keys made
    /// a 100,000-person file several times slower to write).
    pub(super) fn uuid(&mut self) -> String {
        self.clock += 1;
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&self.rng.next_u64().to_le_bytes());
        random[8..].copy_from_slice(&self.rng.next_u64().to_le_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(self.clock, &random)
            .into_uuid()
            .to_string()
    }

    fn place(&mut self, used: &mut std::collections::HashSet<String>) -> String {
        for _ in 0..1000 {
            let name = format!("{} {}", self.pick(PLACE_FIRST), self.pick(PLACE_SECOND));
            let (a, b) = name.split_once(' ').unwrap_or((&name, ""));
            if a != b && used.insert(name.clone()) {
                return name;
            }
        }
        let name = format!("{} {}", self.pick(PLACE_FIRST), used.len() + 1);
        used.insert(name.clone());
        name
    }

    /// The province: its People's Committee, departments, communes and wards, public service units.
    pub(super) fn units(&mut self) -> Vec<DemoUnit> {
        let n = self.people;
        let n_dept = (n / 40).clamp(2, DEPARTMENTS.len());
        let n_commune = (n / 120).clamp(3, 800);
        let n_service = (n / 250).clamp(2, 400);
        let created = self.now - 600 * DAY;
        let mut out: Vec<DemoUnit> = Vec::new();
        let mut add = |g: &mut Self, code: String, name: String, kind, parent: Option<String>| {
            let unit = Unit {
                id: g.uuid(),
                code,
                name,
                kind,
                parent_id: parent,
            };
            let at = created + g.range(0, 30 * DAY);
            out.push(DemoUnit {
                unit,
                created_at: stamp(at),
                created: at,
            });
            out.last().map(|u| u.unit.id.clone()).unwrap_or_default()
        };
        let province = add(
            self,
            "UBND-TINH".into(),
            "Ủy ban nhân dân tỉnh".into(),
            UnitKind::Other,
            None,
        );
        let mut departments = Vec::new();
        for (i, name) in DEPARTMENTS.iter().take(n_dept).enumerate() {
            departments.push(add(
                self,
                format!("S{:02}", i + 1),
                name.to_string(),
                UnitKind::Department,
                Some(province.clone()),
            ));
        }
        let mut used = std::collections::HashSet::new();
        let mut places = Vec::new();
        for i in 0..n_commune {
            let place = self.place(&mut used);
            let level = if self.chance(0.2) { "phường" } else { "xã" };
            add(
                self,
                format!("X{:04}", i + 1),
                format!("UBND {level} {place}"),
                UnitKind::Commune,
                Some(province.clone()),
            );
            places.push(place);
        }
        let mut service_names = std::collections::HashSet::new();
        for i in 0..n_service {
            let (kind, dept) = self.pick(SERVICE_KINDS);
            let place = &places[self.rng.below(places.len())];
            let mut name = format!("{kind} {place}");
            let mut k = 2;
            while !service_names.insert(name.clone()) {
                name = format!("{kind} số {k} {place}");
                k += 1;
            }
            let parent = departments.get(dept).or(departments.first()).cloned();
            add(
                self,
                format!("DV{:04}", i + 1),
                name,
                UnitKind::PublicService,
                parent,
            );
        }
        out
    }

    fn full_name(&mut self) -> String {
        let female = self.chance(0.48);
        let family = self.weighted(FAMILY);
        let (middle, given) = if female {
            (self.weighted(MIDDLE_FEMALE), self.pick(GIVEN_FEMALE))
        } else {
            (self.weighted(MIDDLE_MALE), self.pick(GIVEN_MALE))
        };
        let name = if self.chance(0.12) {
            let second = if female {
                self.weighted(MIDDLE_FEMALE)
            } else {
                self.weighted(MIDDLE_MALE)
            };
            if second != middle && second != given {
                format!("{family} {middle} {second} {given}")
            } else {
                format!("{family} {middle} {given}")
            }
        } else {
            format!("{family} {middle} {given}")
        };
        crate::domain::text::nfc(&name)
    }

    /// One official with everything they did in the kit.
    pub(super) fn person(&mut self, index: usize, units: &[DemoUnit]) -> PersonRows {
        // Departments, communes and public service units in a 30 : 50 : 20 proportion.
        let kind = self.weighted(&[
            (UnitKind::Department, 30),
            (UnitKind::Commune, 50),
            (UnitKind::PublicService, 20),
        ]);
        let unit = loop {
            let u = self.rng.below(units.len());
            if units[u].unit.kind == kind {
                break u;
            }
        };
        let position = self
            .weighted(match kind {
                UnitKind::Department => DEPARTMENT_POSITIONS,
                UnitKind::Commune => COMMUNE_POSITIONS,
                _ => SERVICE_POSITIONS,
            })
            .to_string();
        let full_name = self.full_name();
        // A quarter newly appointed (the last two years), the rest over thirty years.
        let appointed = if self.chance(0.25) {
            self.now - self.range(14, 730) * DAY
        } else {
            self.now - self.range(730, 31 * 365) * DAY
        };
        let created = units[unit].created + self.range(DAY, 240 * DAY);
        let mut p = PersonRows {
            id: self.uuid(),
            unit,
            full_name,
            staff_code: format!("CB{:06}", index + 1),
            position,
            appointed_on: local_day(appointed),
            created_at: stamp(created),
            lessons: vec![],
            attempts: vec![],
            completions: vec![],
            misses: vec![],
        };
        // One in nine never opened the kit.
        if self.chance(0.11) {
            return p;
        }
        let skill = 0.55 + 0.43 * self.unit_float();
        let mut t = created + self.range(HOUR, 200 * DAY);
        let commune = kind == UnitKind::Commune;
        let mut completed_all = true;
        for ci in 0..self.courses.len() {
            let p_start = match ci {
                0 => 0.85,
                1 => 0.6,
                _ if commune => 0.6,
                _ => 0.3,
            };
            if !self.chance(p_start) {
                completed_all = false;
                continue;
            }
            if !self.course(&mut p, ci, skill, &mut t) {
                completed_all = false;
            }
        }
        if completed_all && self.chance(0.5) {
            if let Some(qi) = self.final_exam {
                let attempts = 1 + self.rng.below(2);
                self.quiz_attempts(&mut p, qi, skill, &mut t, attempts);
            }
        }
        p
    }

    /// Lessons and quiz of one course from time `t` on; true when the course was completed.
    fn course(&mut self, p: &mut PersonRows, ci: usize, skill: f64, t: &mut i64) -> bool {
        let course = self.courses[ci];
        let mut last_read = String::new();
        for (li, _) in course.lessons.iter().enumerate() {
            let gap = if self.chance(0.7) { 6 * HOUR } else { 4 * DAY };
            *t += self.range(10 * 60, gap);
            if *t >= self.now {
                return false;
            }
            if self.chance(0.04) {
                // Opened and left midway.
                p.lessons.push(LessonRow {
                    course: ci,
                    lesson: li,
                    top_block: self.range(1, 15),
                    completed_at: None,
                    opened_at: stamp(*t),
                });
                return false;
            }
            last_read = stamp(*t);
            p.lessons.push(LessonRow {
                course: ci,
                lesson: li,
                top_block: self.range(3, 40),
                completed_at: Some(last_read.clone()),
                opened_at: last_read.clone(),
            });
        }
        let Some(qi) = self.course_quiz[ci] else {
            return false;
        };
        if !self.chance(0.9) {
            return false;
        }
        let max = self.quizzes[qi].quiz.max_attempts.unwrap_or(3).min(3) as usize;
        let first = p.attempts.len();
        self.quiz_attempts(p, qi, skill, t, max);
        let tried = &p.attempts[first..];
        let Some(pass) = tried
            .iter()
            .filter(|a| a.grade.is_some_and(|g| g.2))
            .filter_map(|a| a.ended_at.clone())
            .min()
        else {
            return false;
        };
        let best = tried
            .iter()
            .filter(|a| a.status != "open")
            .filter_map(|a| a.grade)
            .filter(|g| g.1 > 0)
            .map(|g| g.0 as f64 * 100.0 / g.1 as f64)
            .fold(0.0, f64::max);
        p.completions.push(Completion {
            course: ci,
            completed_at: if last_read > pass { last_read } else { pass },
            best,
        });
        true
    }
}

//! A demonstration database: a province of synthetic units and officials with Vietnamese names,
//! their lesson progress, quiz attempts (real draws from the built-in banks, graded by the quiz
//! engine, so every paper replays from its seed), course completions and yearly self-assessments.
//!
//! Everything comes from one seeded [`Rng`]: the same seed and the same day give the same data,
//! UUIDs included. The file is marked with the setting `demo` = `1` ([`is_demo`]), so the interface
//! can say that it is not real. The rows go in through a few large IMMEDIATE transactions with
//! cached prepared statements rather than the per-row store API; the schema's triggers keep the
//! records summaries as they would for any other write, and they are most of the cost.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::params;

use crate::domain::assessment::record::{CriterionAnswer, EvidenceFile};
use crate::domain::assessment::Answer;
use crate::domain::content::{
    Checklist, Course, CriterionKind, Pack, Question, QuestionKind, Quiz,
};
use crate::domain::i18n::Msg;
use crate::domain::people::{Unit, UnitKind};
use crate::domain::quiz::engine::Rng;
use crate::domain::quiz::{self, Response};
use crate::store::{Store, StoreError};

/// The setting that marks a demonstration database ("1"); merging reads it too.
pub const DEMO_SETTING: &str = crate::store::merge::DEMO;

/// People written per transaction.
const BATCH: usize = 5_000;

/// Whether this database was made by `danvan demo`.
pub fn is_demo(store: &Store) -> bool {
    matches!(store.setting(DEMO_SETTING), Ok(Some(v)) if v == "1")
}

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub people: usize,
    pub seed: u64,
    /// The day the data leads up to (activity spreads over the year and a half before it).
    pub today: time::Date,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub units: usize,
    pub people: usize,
    pub lessons_read: usize,
    pub attempts: usize,
    pub answers: usize,
    pub completions: usize,
    pub assessments: usize,
    pub elapsed: Duration,
}

#[derive(Debug)]
pub enum DemoError {
    /// The file already exists: demo data only ever goes to a new file.
    Exists(PathBuf),
    NoPeople,
    Store(StoreError),
}

impl DemoError {
    pub fn msg(&self) -> Msg {
        match self {
            DemoError::Exists(p) => Msg::new("demo-exists").arg("path", p.display()),
            DemoError::NoPeople => Msg::new("demo-no-people"),
            DemoError::Store(e) => e.msg(),
        }
    }
}

impl std::fmt::Display for DemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DemoError::Exists(p) => write!(f, "{} already exists", p.display()),
            DemoError::NoPeople => write!(f, "no people"),
            DemoError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DemoError {}

impl From<StoreError> for DemoError {
    fn from(e: StoreError) -> Self {
        DemoError::Store(e)
    }
}

impl From<rusqlite::Error> for DemoError {
    fn from(e: rusqlite::Error) -> Self {
        DemoError::Store(StoreError::Sqlite(e))
    }
}

/// Create a demonstration database at `path`, which must not exist. On failure the partial file
/// is removed.
pub fn create(path: &Path, pack: &Pack, opts: &DemoOptions) -> Result<DemoSummary, DemoError> {
    if path.symlink_metadata().is_ok() {
        return Err(DemoError::Exists(path.to_path_buf()));
    }
    if opts.people == 0 {
        return Err(DemoError::NoPeople);
    }
    let started = Instant::now();
    let result = build(path, pack, opts);
    match result {
        Ok(mut summary) => {
            summary.elapsed = started.elapsed();
            Ok(summary)
        }
        Err(e) => {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            Err(e)
        }
    }
}

fn build(path: &Path, pack: &Pack, opts: &DemoOptions) -> Result<DemoSummary, DemoError> {
    let mut store = Store::open(path)?;
    {
        let conn = store.conn();
        // A new file written in one go, removed if anything fails: no journal and no fsync until the
        // end. (A rollback journal nearly doubled the time, most of it in the kernel.)
        let _: String = conn.query_row("PRAGMA journal_mode=OFF", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.pragma_update(None, "cache_size", -131_072)?;
    }
    let mut g = Gen::new(pack, opts);
    let mut summary = DemoSummary::default();

    let units = g.units();
    store.write(|tx| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, '1')
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [DEMO_SETTING],
        )?;
        let mut stmt = tx.prepare_cached(
            "INSERT INTO units (id, code, name, kind, parent_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )?;
        for u in &units {
            stmt.execute(params![
                u.unit.id,
                u.unit.code,
                u.unit.name,
                u.unit.kind.key(),
                u.unit.parent_id,
                u.created_at
            ])?;
        }
        Ok(())
    })?;
    summary.units = units.len();

    // Officials and their learning, a batch per transaction.
    let mut focal: HashMap<usize, String> = HashMap::new();
    let mut done = 0;
    while done < opts.people {
        let n = BATCH.min(opts.people - done);
        store.write(|tx| {
            for i in done..done + n {
                let p = g.person(i, &units);
                focal.entry(p.unit).or_insert_with(|| p.id.clone());
                insert_person(tx, &g, &p, &units, &mut summary)?;
            }
            Ok(())
        })?;
        done += n;
    }
    summary.people = opts.people;

    // Yearly self-assessments of most units.
    if let Some(c) = crate::service::assessment::checklist(pack) {
        let hash = crate::service::assessment::checklist_hash(c);
        store.write(|tx| {
            for (i, u) in units.iter().enumerate() {
                if u.unit.kind == UnitKind::Other {
                    continue;
                }
                let by = focal.get(&i).map(String::as_str);
                for a in g.assessments(c, u, by) {
                    insert_assessment(tx, c, &hash, &a)?;
                    summary.assessments += 1;
                }
            }
            Ok(())
        })?;
    }
    let _: String = store
        .conn()
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    store
        .conn()
        .execute_batch("PRAGMA synchronous=FULL; PRAGMA optimize;")?;
    Ok(summary)
}

// ---------------------------------------------------------------------------------------------
// Names and places
// ---------------------------------------------------------------------------------------------

/// Family names with their rough share per thousand Vietnamese.
const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 30),
    ("Huỳnh", 21),
    ("Phan", 45),
    ("Vũ", 20),
    ("Võ", 19),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đào", 8),
    ("Đoàn", 7),
    ("Trịnh", 6),
    ("Mai", 5),
    ("Hà", 5),
    ("Lương", 4),
    ("Cao", 4),
    ("Lưu", 4),
    ("Tạ", 3),
    ("Lâm", 3),
    ("Chu", 2),
    ("Tô", 2),
    ("Triệu", 2),
    ("Quách", 1),
    ("Kiều", 1),
];

const MIDDLE_MALE: &[(&str, u32)] = &[
    ("Văn", 30),
    ("Đức", 8),
    ("Hữu", 7),
    ("Minh", 8),
    ("Quang", 6),
    ("Công", 5),
    ("Thành", 4),
    ("Xuân", 4),
    ("Ngọc", 3),
    ("Thanh", 4),
    ("Trọng", 3),
    ("Quốc", 4),
    ("Tuấn", 3),
    ("Duy", 3),
    ("Mạnh", 3),
    ("Đình", 5),
    ("Hoàng", 3),
    ("Anh", 2),
];

const MIDDLE_FEMALE: &[(&str, u32)] = &[
    ("Thị", 40),
    ("Thu", 6),
    ("Ngọc", 7),
    ("Thanh", 5),
    ("Minh", 4),
    ("Kim", 4),
    ("Phương", 3),
    ("Bảo", 2),
    ("Mỹ", 3),
    ("Hồng", 4),
    ("Thùy", 4),
    ("Diệu", 2),
    ("Hải", 2),
    ("Khánh", 2),
    ("Tuyết", 2),
    ("Lan", 2),
];

const GIVEN_MALE: &[&str] = &[
    "Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh", "Khoa",
    "Lâm", "Lộc", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài",
    "Tâm", "Thắng", "Thịnh", "Toàn", "Trí", "Trung", "Tú", "Tuấn", "Việt", "Vinh", "Vũ", "Hưng",
    "Đông", "Kiên", "Lực", "Thái",
];

const GIVEN_FEMALE: &[&str] = &[
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hương", "Huyền", "Lan",
    "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên",
    "Quỳnh", "Thảo", "Thủy", "Thư", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Ánh",
    "Hồng", "Lý", "Nhàn", "Thơ", "Vy",
];

/// Syllables of place names: a commune or ward is named "first second".
const PLACE_FIRST: &[&str] = &[
    "Tân", "An", "Bình", "Hòa", "Phú", "Phước", "Thạnh", "Long", "Mỹ", "Vĩnh", "Đông", "Tây",
    "Nam", "Bắc", "Quang", "Minh", "Hưng", "Thái", "Thuận", "Xuân", "Hương", "Yên", "Kim", "Ngọc",
    "Hồng", "Đức", "Cẩm", "Lạc", "Phúc", "Trung", "Việt", "Hải", "Sơn", "Thanh", "Vân", "Tam",
    "Đại", "Quảng", "Gia", "Liên",
];

const PLACE_SECOND: &[&str] = &[
    "Tiến", "Bình", "Hòa", "Phú", "Lợi", "Thành", "An", "Lộc", "Hưng", "Thịnh", "Phong", "Sơn",
    "Hải", "Lâm", "Điền", "Mỹ", "Thuận", "Trung", "Đông", "Tây", "Xuân", "Hiệp", "Khánh", "Quang",
    "Long", "Vinh", "Nghĩa", "Tân", "Hà", "Giang", "Châu", "Phước", "Thái", "Đức", "Yên", "Ninh",
    "Lạc", "Cường", "Hội", "Kiều",
];

const DEPARTMENTS: &[&str] = &[
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Sở Ngoại vụ",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
];

/// Public service units: a kind of unit and the department it answers to (index in DEPARTMENTS).
const SERVICE_KINDS: &[(&str, usize)] = &[
    ("Trường Trung học phổ thông", 4),
    ("Trường Trung học cơ sở", 4),
    ("Trường Tiểu học", 4),
    ("Trường Mầm non", 4),
    ("Trung tâm Y tế khu vực", 3),
    ("Trạm Y tế", 3),
    ("Trung tâm Dịch vụ nông nghiệp", 5),
    ("Trung tâm Văn hóa - Thể thao", 8),
];

const DEPARTMENT_POSITIONS: &[(&str, u32)] = &[
    ("Giám đốc Sở", 1),
    ("Phó Giám đốc Sở", 3),
    ("Chánh Văn phòng", 2),
    ("Trưởng phòng", 8),
    ("Phó Trưởng phòng", 12),
    ("Chuyên viên chính", 20),
    ("Chuyên viên", 45),
    ("Thanh tra viên", 5),
    ("Kế toán viên", 4),
];

const COMMUNE_POSITIONS: &[(&str, u32)] = &[
    ("Chủ tịch Ủy ban nhân dân", 1),
    ("Phó Chủ tịch Ủy ban nhân dân", 2),
    ("Chánh Văn phòng HĐND và UBND", 1),
    ("Trưởng phòng Kinh tế", 1),
    ("Trưởng phòng Văn hóa - Xã hội", 1),
    ("Chuyên viên Văn phòng HĐND và UBND", 12),
    ("Chuyên viên Phòng Kinh tế", 12),
    ("Chuyên viên Phòng Văn hóa - Xã hội", 12),
    ("Công chức Tư pháp - Hộ tịch", 6),
    ("Công chức Tài chính - Kế toán", 6),
    ("Công chức Địa chính - Xây dựng", 6),
    ("Công chức Trung tâm Phục vụ hành chính công", 10),
];

const SERVICE_POSITIONS: &[(&str, u32)] = &[
    ("Giám đốc Trung tâm", 1),
    ("Phó Giám đốc Trung tâm", 2),
    ("Hiệu trưởng", 1),
    ("Phó Hiệu trưởng", 2),
    ("Giáo viên", 30),
    ("Bác sĩ", 10),
    ("Điều dưỡng", 10),
    ("Viên chức", 25),
    ("Kế toán viên", 5),
];

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

struct DemoUnit {
    unit: Unit,
    created_at: String,
    /// Unix seconds.
    created: i64,
}

struct LessonRow {
    course: usize,
    lesson: usize,
    top_block: i64,
    completed_at: Option<String>,
    opened_at: String,
}

struct AnswerRow {
    /// The item's place in the paper.
    position: usize,
    bank: String,
    question: String,
    response: String,
    correct: bool,
    earned: u32,
    answered_at: String,
    active_ms: i64,
}

struct AttemptRow {
    id: String,
    /// Index into `Gen::quizzes`.
    quiz: usize,
    seed: u64,
    paper: String,
    status: &'static str,
    started_at: String,
    ended_at: Option<String>,
    active_ms: i64,
    /// (earned, max, passed) once graded.
    grade: Option<(u32, u32, bool)>,
    answers: Vec<AnswerRow>,
}

struct Completion {
    course: usize,
    completed_at: String,
    best: f64,
}

struct PersonRows {
    id: String,
    unit: usize,
    full_name: String,
    staff_code: String,
    position: String,
    appointed_on: String,
    created_at: String,
    lessons: Vec<LessonRow>,
    attempts: Vec<AttemptRow>,
    completions: Vec<Completion>,
    /// (bank, question, due_on): questions missed in an official attempt go to practice.
    misses: Vec<(String, String, String)>,
}

/// A quiz of the pack with what every attempt on it records.
struct QuizInfo<'a> {
    quiz: &'a Quiz,
    hash: String,
    /// Index into `Gen::courses`, None for the final exam.
    course: Option<usize>,
}

struct Gen<'a> {
    rng: Rng,
    pack: &'a Pack,
    courses: Vec<&'a Course>,
    quizzes: Vec<QuizInfo<'a>>,
    /// The quiz of each course (index into `quizzes`).
    course_quiz: Vec<Option<usize>>,
    /// A quiz drawing from other banks, taken after the courses.
    final_exam: Option<usize>,
    people: usize,
    /// Unix seconds of the last moment of activity (17:00 in Vietnam on `today`).
    now: i64,
    today: time::Date,
    /// Milliseconds of the synthetic clock behind the UUIDs.
    clock: u64,
}

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// Unix seconds as stored: `2026-11-26T07:05:09Z`.
fn stamp(secs: i64) -> String {
    crate::domain::dates::utc_stamp(
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
    )
}

/// The day in Vietnam (UTC+7) of a moment, as an ISO date.
fn local_day(secs: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(secs + 7 * HOUR)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    crate::domain::dates::iso(t.date())
}

fn day_secs(d: time::Date) -> i64 {
    d.midnight().assume_utc().unix_timestamp()
}

impl<'a> Gen<'a> {
    fn new(pack: &'a Pack, opts: &DemoOptions) -> Self {
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
                Some(ci) if course_quiz[ci].is_none() => course_quiz[ci] = Some(quizzes.len()),
                Some(_) => continue,
                None if q.course.is_none() && !q.draw.is_empty() && final_exam.is_none() => {
                    final_exam = Some(quizzes.len())
                }
                None => continue,
            }
            quizzes.push(QuizInfo {
                quiz: q,
                hash: quiz::content_hash(pack, q),
                course,
            });
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
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.rng.below((hi - lo).max(1) as usize) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn unit_float(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.below(items.len())]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
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
    fn uuid(&mut self) -> String {
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
    fn units(&mut self) -> Vec<DemoUnit> {
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
    fn person(&mut self, index: usize, units: &[DemoUnit]) -> PersonRows {
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

    /// Up to `max` official attempts on a quiz, until one passes (or one is left open).
    fn quiz_attempts(
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
            QuestionKind::Text => Response::Text(
                self.pick(&["không nhớ", "chưa rõ", "3", "hằng quý"])
                    .to_string(),
            ),
        }
    }

    /// Last year's and this year's self-assessments of a unit, as its focal official made them.
    fn assessments(
        &mut self,
        c: &'a Checklist,
        u: &DemoUnit,
        by: Option<&str>,
    ) -> Vec<DemoAssessment> {
        let mut out = Vec::new();
        let this_year = self.today.year();
        let deadline = crate::service::assessment::deadline(c, this_year).unwrap_or(self.today);
        let past_deadline = self.today > deadline;
        let quality = 0.45 + 0.5 * self.unit_float();
        for (year, p_has, p_final) in [
            (this_year - 1, 0.85, 0.92),
            (
                this_year,
                if past_deadline { 0.85 } else { 0.6 },
                if past_deadline { 0.85 } else { 0.25 },
            ),
        ] {
            if !self.chance(p_has) {
                continue;
            }
            let final_ = self.chance(p_final);
            let start = day_secs(
                time::Date::from_calendar_date(year, time::Month::September, 1)
                    .unwrap_or(self.today),
            ) + self.range(0, 60 * DAY);
            let start = start.min(self.now - DAY).max(u.created);
            let mut t = start;
            let mut answers = Vec::new();
            for (_, cr) in c.criteria() {
                if !cr.applies_to_kind(u.unit.kind.key()) {
                    continue;
                }
                if !final_ && self.chance(0.35) {
                    continue;
                }
                t += self.range(60, 2 * HOUR);
                let q = (quality + 0.05 * (year - this_year + 1) as f64).min(0.98);
                let answer = if self.chance(0.02) {
                    Answer::NotApplicable
                } else {
                    match cr.kind {
                        CriterionKind::YesNo => {
                            if self.chance(q) {
                                Answer::Yes
                            } else if self.chance(0.5) {
                                Answer::Partly
                            } else {
                                Answer::No
                            }
                        }
                        CriterionKind::Count => {
                            let target = cr.target.unwrap_or(1) as i64;
                            Answer::Value(if self.chance(q) {
                                (target + self.range(0, 3)) as u32
                            } else {
                                self.range(0, target.max(1)) as u32
                            })
                        }
                        CriterionKind::Percent => {
                            let target = cr.target.unwrap_or(100) as i64;
                            Answer::Value(if self.chance(q) {
                                self.range(target, 101).min(100) as u32
                            } else {
                                self.range(40, target.max(41)) as u32
                            })
                        }
                    }
                };
                let evidence = match answer {
                    Answer::No | Answer::NotApplicable | Answer::Unanswered => String::new(),
                    _ => self.evidence(&u.unit.code, year),
                };
                let note = if matches!(answer, Answer::Partly) && self.chance(0.5) {
                    "Đang hoàn thiện, sẽ bổ sung trong quý IV.".to_string()
                } else {
                    String::new()
                };
                answers.push(CriterionAnswer {
                    criterion_id: cr.id.clone(),
                    answer,
                    evidence,
                    note,
                    from_last_year: false,
                    changed_by: by.map(str::to_string),
                    changed_at: stamp(t.min(self.now)),
                });
            }
            // As the store lists them (and snapshots them when finalizing).
            answers.sort_by(|a, b| a.criterion_id.cmp(&b.criterion_id));
            let created_at = stamp(start);
            let updated = stamp(t.min(self.now));
            let finalized_at = stamp((t + self.range(HOUR, 3 * DAY)).min(self.now));
            let reopened = final_ && self.chance(0.05);
            out.push(DemoAssessment {
                id: self.uuid(),
                version_ids: [self.uuid(), self.uuid()],
                unit: u.unit.clone(),
                year,
                final_,
                reopened,
                by: by.map(str::to_string),
                created_at,
                updated_at: updated,
                finalized_at,
                answers,
            });
        }
        out
    }

    fn evidence(&mut self, code: &str, year: i32) -> String {
        let n = self.range(1, 180);
        let d = self.range(1, 28);
        // Dated before the self-assessment starts (in September).
        let m = self.range(1, 9);
        let code = code.replace('-', "");
        match self.rng.below(5) {
            0 => format!("Kế hoạch số {n}/KH-{code} ngày {d:02}/{m:02}/{year}"),
            1 => format!("Báo cáo số {n}/BC-{code} ngày {d:02}/{m:02}/{year}"),
            2 => format!("Quyết định số {n}/QĐ-{code} ngày {d:02}/{m:02}/{year}"),
            3 => format!("Biên bản hội nghị ngày {d:02}/{m:02}/{year}; ảnh chụp bảng niêm yết"),
            _ => format!("Sổ theo dõi năm {year}, trang {n}"),
        }
    }
}

struct DemoAssessment {
    id: String,
    version_ids: [String; 2],
    unit: Unit,
    year: i32,
    final_: bool,
    /// Finalized, reopened with a reason, and finalized again.
    reopened: bool,
    by: Option<String>,
    created_at: String,
    updated_at: String,
    finalized_at: String,
    answers: Vec<CriterionAnswer>,
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

fn insert_person(
    tx: &rusqlite::Transaction,
    g: &Gen,
    p: &PersonRows,
    units: &[DemoUnit],
    summary: &mut DemoSummary,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO people (id, full_name, staff_code, unit_id, position, appointed_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![
        p.id,
        p.full_name,
        p.staff_code,
        units[p.unit].unit.id,
        p.position,
        p.appointed_on,
        p.created_at
    ])?;
    // Attempts outside any course (the final exam) fire no summary trigger, so they go in before
    // the rows that do: the person's last activity then counts them.
    let (exam, course): (Vec<&AttemptRow>, Vec<&AttemptRow>) = p
        .attempts
        .iter()
        .partition(|a| g.quizzes[a.quiz].course.is_none());
    for a in exam {
        insert_attempt(tx, g, &p.id, a, summary)?;
    }
    let mut lessons = tx.prepare_cached(
        "INSERT INTO lesson_progress (person_id, course_id, course_version, lesson_id, top_block, completed_at, opened_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for l in &p.lessons {
        let c = g.courses[l.course];
        lessons.execute(params![
            p.id,
            c.id,
            c.version,
            c.lessons[l.lesson].id,
            l.top_block,
            l.completed_at,
            l.opened_at
        ])?;
        summary.lessons_read += l.completed_at.is_some() as usize;
    }
    for a in course {
        insert_attempt(tx, g, &p.id, a, summary)?;
    }
    let mut completions = tx.prepare_cached(
        "INSERT INTO course_completions (person_id, course_id, course_version, completed_at, best_percent)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for c in &p.completions {
        let course = g.courses[c.course];
        completions.execute(params![
            p.id,
            course.id,
            course.version,
            c.completed_at,
            c.best
        ])?;
        summary.completions += 1;
    }
    let mut cards = tx.prepare_cached(
        "INSERT INTO practice_cards (person_id, bank_id, question_id, level, due_on, last_right_on, retired)
         VALUES (?1, ?2, ?3, 0, ?4, NULL, 0)
         ON CONFLICT(person_id, bank_id, question_id) DO UPDATE SET
           level = 0, due_on = excluded.due_on, last_right_on = NULL, retired = 0",
    )?;
    for (bank, question, due) in &p.misses {
        cards.execute(params![p.id, bank, question, due])?;
    }
    Ok(())
}

fn insert_attempt(
    tx: &rusqlite::Transaction,
    g: &Gen,
    person: &str,
    a: &AttemptRow,
    summary: &mut DemoSummary,
) -> rusqlite::Result<()> {
    let info = &g.quizzes[a.quiz];
    let course = info.course.map(|c| g.courses[c].id.as_str());
    let (earned, max, passed) = match a.grade {
        Some((e, m, p)) => (Some(e as i64), Some(m as i64), Some(p as i64)),
        None => (None, None, None),
    };
    tx.prepare_cached(
        "INSERT INTO attempts (id, person_id, quiz_id, quiz_version, content_hash, seed, paper, practice, status,
                               started_at, ended_at, active_ms, earned, max_points, passed, course_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        a.id,
        person,
        info.quiz.id,
        info.quiz.version,
        info.hash,
        a.seed as i64,
        a.paper,
        a.status,
        a.started_at,
        a.ended_at,
        a.active_ms,
        earned,
        max,
        passed,
        course
    ])?;
    let mut answers = tx.prepare_cached(
        "INSERT INTO answers (attempt_id, position, bank_id, question_id, response, correct, earned, answered_at, active_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for r in &a.answers {
        answers.execute(params![
            a.id,
            r.position as i64,
            r.bank,
            r.question,
            r.response,
            r.correct as i64,
            r.earned as i64,
            r.answered_at,
            r.active_ms
        ])?;
    }
    summary.attempts += 1;
    summary.answers += a.answers.len();
    Ok(())
}

fn insert_assessment(
    tx: &rusqlite::Transaction,
    c: &Checklist,
    hash: &str,
    a: &DemoAssessment,
) -> crate::store::Result<()> {
    let status = if a.final_ { "final" } else { "draft" };
    let (fin_by, fin_at) = if a.final_ {
        (a.by.as_deref(), Some(a.finalized_at.as_str()))
    } else {
        (None, None)
    };
    tx.prepare_cached(
        "INSERT INTO assessments (id, unit_id, year, checklist_id, checklist_version, content_hash, status,
                                  finalized_by, finalized_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        a.id,
        a.unit.id,
        a.year,
        c.id,
        c.version,
        hash,
        status,
        fin_by,
        fin_at,
        a.created_at,
        fin_at.unwrap_or(&a.updated_at)
    ])?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO assessment_answers (assessment_id, criterion_id, answer, evidence, note, from_last_year, changed_by, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7)",
    )?;
    for ans in &a.answers {
        stmt.execute(params![
            a.id,
            ans.criterion_id,
            ans.answer.key(),
            ans.evidence,
            ans.note,
            ans.changed_by,
            ans.changed_at
        ])?;
    }
    if a.final_ {
        #[derive(serde::Serialize)]
        struct Snapshot<'s> {
            answers: &'s [CriterionAnswer],
            files: &'s [EvidenceFile],
        }
        let snapshot = serde_json::to_string(&Snapshot {
            answers: &a.answers,
            files: &[],
        })
        .unwrap_or_default();
        let score = crate::service::assessment::score(c, &a.unit, &a.answers);
        let mut versions = tx.prepare_cached(
            "INSERT INTO assessment_versions (id, assessment_id, version, finalized_by, finalized_at,
                 score_hundredths, band, snapshot, reopened_by, reopened_at, reopen_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let mut version = 1;
        if a.reopened {
            versions.execute(params![
                a.version_ids[1],
                a.id,
                version,
                a.by,
                a.created_at,
                score.hundredths as i64,
                score.band,
                snapshot,
                a.by,
                a.updated_at,
                "Bổ sung minh chứng theo đề nghị của Sở Nội vụ"
            ])?;
            version += 1;
        }
        versions.execute(params![
            a.version_ids[0],
            a.id,
            version,
            a.by,
            a.finalized_at,
            score.hundredths as i64,
            score.band,
            snapshot,
            None::<String>,
            None::<String>,
            None::<String>
        ])?;
    }
    Ok(())
}

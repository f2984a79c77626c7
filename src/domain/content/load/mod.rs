//! Reading a pack (embedded or from a folder), parsing its TOML and checking it.
//! Errors carry the file, line and column of the key or value at fault.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::diagnostic::{line_col, Diagnostic, Severity};
use super::markdown;
use super::model::*;
use crate::domain::text::nfc;

/// One file of a pack: its path relative to the pack root and its bytes.
#[derive(Debug, Clone)]
pub struct PackFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

static EMBEDDED_COURSES: include_dir::Dir =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/courses");
static EMBEDDED_QUIZZES: include_dir::Dir =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/quizzes");
static EMBEDDED_CHECKLISTS: include_dir::Dir =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/checklists");

const PACK_DIRS: [&str; 3] = ["courses", "quizzes", "checklists"];

/// The built-in pack, compiled into the binary.
pub fn embedded_files() -> Vec<PackFile> {
    let mut files = Vec::new();
    for (name, dir) in [
        ("courses", &EMBEDDED_COURSES),
        ("quizzes", &EMBEDDED_QUIZZES),
        ("checklists", &EMBEDDED_CHECKLISTS),
    ] {
        for f in dir.files() {
            let file_name = f.path().to_string_lossy().replace('\\', "/");
            if file_name.ends_with(".toml") {
                files.push(PackFile {
                    path: format!("{name}/{file_name}"),
                    bytes: f.contents().to_vec(),
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The `.toml` files of a pack folder. A missing `courses/` is an error; the others may be absent.
pub fn folder_files(root: &Path) -> std::io::Result<Vec<PackFile>> {
    if !root.join("courses").is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{}: no courses/ folder", root.display()),
        ));
    }
    let mut files = Vec::new();
    for dir in PACK_DIRS {
        let path = root.join(dir);
        if !path.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&path)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            if name.ends_with(".toml") && entry.file_type()?.is_file() {
                files.push(PackFile {
                    path: format!("{dir}/{name}"),
                    bytes: std::fs::read(entry.path())?,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

// ---- raw TOML shapes (positions kept for diagnostics) ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    vi: String,
    en: Option<String>,
}

type SText = Spanned<RawText>;
type SStr = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCite {
    source: SStr,
    #[serde(rename = "ref")]
    reference: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSources {
    source: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: SStr,
    kind: SStr,
    number: Option<String>,
    date: Option<SStr>,
    issuer: SText,
    title: SText,
    status: SStr,
    replaced_by: Option<SStr>,
    replaced_from: Option<SStr>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    id: SStr,
    version: String,
    title: SText,
    summary: SText,
    audience: SText,
    required: Option<Spanned<RawRequired>>,
    #[serde(default)]
    lesson: Vec<Spanned<RawLesson>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequired {
    #[serde(default)]
    unit_kinds: Vec<SStr>,
    #[serde(default)]
    positions: Vec<SStr>,
    within_days: Spanned<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLesson {
    id: SStr,
    title: SText,
    tasks: Option<Spanned<Vec<u8>>>,
    body: SText,
    #[serde(default)]
    cite: Vec<RawCite>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    id: SStr,
    version: String,
    course: Option<SStr>,
    title: SText,
    pass_mark: Spanned<u32>,
    questions_per_attempt: Option<Spanned<u32>>,
    #[serde(default = "yes")]
    shuffle_questions: bool,
    #[serde(default = "yes")]
    shuffle_options: bool,
    time_limit_minutes: Option<u32>,
    max_attempts: Option<u32>,
    #[serde(default)]
    draw: Vec<RawDraw>,
    #[serde(default)]
    question: Vec<Spanned<RawQuestion>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDraw {
    from: SStr,
    count: Spanned<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: SStr,
    kind: SStr,
    lesson: SStr,
    #[serde(default = "one")]
    points: u32,
    prompt: SText,
    explanation: SText,
    #[serde(default)]
    options: Vec<Spanned<RawOption>>,
    answer: Option<bool>,
    #[serde(default)]
    accept: Vec<String>,
    #[serde(default)]
    ignore_diacritics: bool,
    #[serde(default)]
    cite: Vec<RawCite>,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    id: SStr,
    text: SText,
    #[serde(default)]
    correct: bool,
    credit: Option<Spanned<i32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    day: u8,
    month: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecklist {
    id: SStr,
    version: String,
    title: SText,
    deadline: Spanned<RawDay>,
    recipient: SText,
    rubric: Spanned<RawRubric>,
    #[serde(default)]
    task: Vec<Spanned<RawTask>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    partly_percent: Spanned<u32>,
    below_target: SStr,
    critical_cap: Option<SStr>,
    #[serde(default)]
    band: Vec<RawBand>,
    #[serde(default)]
    cite: Vec<RawCite>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    id: SStr,
    min: Spanned<u32>,
    label: SText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    number: Spanned<u8>,
    title: SText,
    points: Spanned<u32>,
    #[serde(default)]
    criterion: Vec<Spanned<RawCriterion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: SStr,
    text: SText,
    clause: SText,
    kind: SStr,
    target: Option<Spanned<u32>>,
    points: Spanned<u32>,
    evidence: Option<SText>,
    #[serde(default)]
    applies_to: Vec<SStr>,
    #[serde(default)]
    critical: bool,
    #[serde(default)]
    cite: Vec<RawCite>,
}

/// Unit kinds a criterion may name in `applies_to`, and a course in `[required] unit_kinds`
/// (the store's unit kinds).
pub const UNIT_KINDS: [&str; 4] = ["department", "commune", "public-service", "other"];

// ---- the checker ----

/// Collects diagnostics for one file, turning byte spans into line and column.
struct FileCx<'a> {
    path: &'a str,
    text: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl FileCx<'_> {
    fn at(
        &mut self,
        offset: usize,
        severity: Severity,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) {
        let (line, col) = line_col(self.text, offset);
        self.out.push(Diagnostic {
            path: self.path.to_string(),
            line,
            col,
            severity,
            code,
            args,
        });
    }

    fn error(&mut self, offset: usize, code: &'static str, args: Vec<(&'static str, String)>) {
        self.at(offset, Severity::Error, code, args);
    }

    fn warn(&mut self, offset: usize, code: &'static str, args: Vec<(&'static str, String)>) {
        self.at(offset, Severity::Warning, code, args);
    }

    /// Convert a text, checking Vietnamese is there and warning when English is not.
    fn text(&mut self, t: &SText, field: &str) -> Text {
        let start = t.span().start;
        let raw = t.get_ref();
        let vi = nfc(raw.vi.trim_end());
        if vi.trim().is_empty() {
            self.error(start, "check-empty-vi", vec![("field", field.to_string())]);
        }
        let en = raw
            .en
            .as_ref()
            .map(|e| nfc(e.trim_end()))
            .filter(|e| !e.trim().is_empty());
        if en.is_none() {
            self.warn(
                start,
                "check-missing-en",
                vec![("field", field.to_string())],
            );
        }
        Text { vi, en }
    }

    fn id(&mut self, id: &SStr) -> String {
        let value = nfc(id.get_ref());
        if !valid_id(&value) {
            self.error(id.span().start, "check-bad-id", vec![("id", value.clone())]);
        }
        value
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

fn valid_date(s: &str) -> bool {
    if s.len() == 4 {
        return s.chars().all(|c| c.is_ascii_digit());
    }
    crate::domain::text::parse_date(s).as_deref() == Some(s)
}

/// A citation with where it stands, checked once all sources are known.
struct PendingCites {
    file: usize,
    /// (source id, offset of the source value)
    items: Vec<(String, usize)>,
}

/// A question's lesson reference, checked once all courses are known.
struct PendingLesson {
    file: usize,
    lesson: String,
    offset: usize,
}

struct PendingDraw {
    file: usize,
    quiz: String,
    from: String,
    from_offset: usize,
    count: u32,
    count_offset: usize,
}

/// The result of loading: a pack when there were no errors, and every diagnostic.
pub struct Loaded {
    pub pack: Option<Pack>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }
}

/// Parse and check every file of a pack.
pub fn load(files: &[PackFile]) -> Loaded {
    let mut diags = Vec::new();
    let mut pack = Pack::default();
    let texts: Vec<Option<String>> = files
        .iter()
        .map(|f| String::from_utf8(f.bytes.clone()).ok())
        .collect();
    let mut pending_cites: Vec<PendingCites> = Vec::new();
    let mut pending_lessons: Vec<PendingLesson> = Vec::new();
    let mut pending_draws: Vec<PendingDraw> = Vec::new();
    // id → (file index, offset) for duplicate detection across files
    let mut course_ids: HashMap<String, (usize, usize)> = HashMap::new();
    let mut quiz_ids: HashMap<String, (usize, usize)> = HashMap::new();
    let mut quiz_courses: Vec<(usize, String, usize)> = Vec::new();
    let mut saw_sources = false;
    let mut unparsed_courses: HashSet<String> = HashSet::new();

    for (i, file) in files.iter().enumerate() {
        let Some(text) = texts[i].as_deref() else {
            diags.push(Diagnostic {
                path: file.path.clone(),
                line: 1,
                col: 1,
                severity: Severity::Error,
                code: "check-not-utf8",
                args: vec![],
            });
            continue;
        };
        let mut cx = FileCx {
            path: &file.path,
            text,
            out: &mut diags,
        };
        let dir = file.path.split('/').next().unwrap_or("");
        if file.path == "courses/sources.toml" {
            saw_sources = true;
            if let Some(raw) = parse::<RawSources>(&mut cx) {
                let mut cites = PendingCites {
                    file: i,
                    items: vec![],
                };
                convert_sources(&mut cx, raw, &mut pack.sources, &mut cites);
                pending_cites.push(cites);
            }
        } else if dir == "courses" {
            let parsed = parse::<RawCourse>(&mut cx);
            if parsed.is_none() {
                // References to this course would only repeat its own error.
                let stem = file
                    .path
                    .trim_start_matches("courses/")
                    .trim_end_matches(".toml");
                unparsed_courses.insert(stem.to_string());
            }
            if let Some(raw) = parsed {
                let mut cites = PendingCites {
                    file: i,
                    items: vec![],
                };
                let offset = raw.id.span().start;
                let course = convert_course(&mut cx, raw, &mut cites);
                if course_ids.insert(course.id.clone(), (i, offset)).is_some() {
                    cx.error(
                        offset,
                        "check-duplicate-id",
                        vec![("id", course.id.clone())],
                    );
                }
                pending_cites.push(cites);
                pack.courses.push(course);
            }
        } else if dir == "quizzes" {
            if let Some(raw) = parse::<RawQuiz>(&mut cx) {
                let mut cites = PendingCites {
                    file: i,
                    items: vec![],
                };
                let offset = raw.id.span().start;
                if let Some(c) = &raw.course {
                    quiz_courses.push((i, nfc(c.get_ref()), c.span().start));
                }
                let quiz = convert_quiz(
                    &mut cx,
                    raw,
                    &mut cites,
                    &mut pending_lessons,
                    &mut pending_draws,
                    i,
                );
                if quiz_ids.insert(quiz.id.clone(), (i, offset)).is_some() {
                    cx.error(offset, "check-duplicate-id", vec![("id", quiz.id.clone())]);
                }
                pending_cites.push(cites);
                pack.quizzes.push(quiz);
            }
        } else if dir == "checklists" {
            if let Some(raw) = parse::<RawChecklist>(&mut cx) {
                let mut cites = PendingCites {
                    file: i,
                    items: vec![],
                };
                let offset = raw.id.span().start;
                let checklist = convert_checklist(&mut cx, raw, &mut cites);
                if pack.checklists.iter().any(|c| c.id == checklist.id) {
                    cx.error(
                        offset,
                        "check-duplicate-id",
                        vec![("id", checklist.id.clone())],
                    );
                }
                pending_cites.push(cites);
                pack.checklists.push(checklist);
            }
        }
    }

    if !saw_sources {
        diags.push(Diagnostic {
            path: "courses/sources.toml".into(),
            line: 1,
            col: 1,
            severity: Severity::Error,
            code: "check-no-sources",
            args: vec![],
        });
    }

    // Cross-file references.
    let sources: HashMap<&str, &Source> = pack.sources.iter().map(|s| (s.id.as_str(), s)).collect();
    for pending in &pending_cites {
        let file = &files[pending.file];
        let text = texts[pending.file].as_deref().unwrap_or("");
        let mut cx = FileCx {
            path: &file.path,
            text,
            out: &mut diags,
        };
        check_cites(&mut cx, &pending.items, &sources);
    }
    let lessons: HashSet<String> = pack
        .courses
        .iter()
        .flat_map(|c| c.lessons.iter().map(move |l| format!("{}/{}", c.id, l.id)))
        .collect();
    let course_unparsed =
        |reference: &str| unparsed_courses.contains(reference.split('/').next().unwrap_or(""));
    for p in &pending_lessons {
        if !lessons.contains(&p.lesson) && !course_unparsed(&p.lesson) {
            let mut cx = FileCx {
                path: &files[p.file].path,
                text: texts[p.file].as_deref().unwrap_or(""),
                out: &mut diags,
            };
            cx.error(
                p.offset,
                "check-unknown-lesson",
                vec![("lesson", p.lesson.clone())],
            );
        }
    }
    for (file, course, offset) in &quiz_courses {
        if pack.course(course).is_none() && !course_unparsed(course) {
            let mut cx = FileCx {
                path: &files[*file].path,
                text: texts[*file].as_deref().unwrap_or(""),
                out: &mut diags,
            };
            cx.error(
                *offset,
                "check-unknown-course",
                vec![("course", course.clone())],
            );
        }
    }
    for d in &pending_draws {
        let mut cx = FileCx {
            path: &files[d.file].path,
            text: texts[d.file].as_deref().unwrap_or(""),
            out: &mut diags,
        };
        match pack.quiz(&d.from) {
            None => cx.error(
                d.from_offset,
                "check-unknown-quiz",
                vec![("quiz", d.from.clone())],
            ),
            Some(bank) if bank.id == d.quiz => cx.error(
                d.from_offset,
                "check-unknown-quiz",
                vec![("quiz", d.from.clone())],
            ),
            Some(bank) if bank.questions.len() < d.count as usize => cx.error(
                d.count_offset,
                "check-draw-too-large",
                vec![
                    ("count", d.count.to_string()),
                    ("available", bank.questions.len().to_string()),
                ],
            ),
            Some(_) => {}
        }
    }

    // Course quizzes in course order, then the exams that draw across courses.
    let course_pos = |q: &Quiz| {
        q.course
            .as_ref()
            .and_then(|c| pack.courses.iter().position(|x| &x.id == c))
            .unwrap_or(usize::MAX)
    };
    let mut quizzes = std::mem::take(&mut pack.quizzes);
    quizzes.sort_by(|a, b| (course_pos(a), &a.id).cmp(&(course_pos(b), &b.id)));
    pack.quizzes = quizzes;

    diags.sort_by(|a, b| (a.path.as_str(), a.line, a.col).cmp(&(b.path.as_str(), b.line, b.col)));
    let ok = !diags.iter().any(Diagnostic::is_error);
    Loaded {
        pack: ok.then_some(pack),
        diagnostics: diags,
    }
}

fn parse<T: for<'de> Deserialize<'de>>(cx: &mut FileCx) -> Option<T> {
    match toml::from_str::<T>(cx.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            let message = e.message().trim().replace('\n', " ");
            cx.error(offset, "check-toml", vec![("detail", message)]);
            None
        }
    }
}

fn convert_cites(raw: Vec<RawCite>, pending: &mut PendingCites) -> Vec<Citation> {
    raw.into_iter()
        .map(|c| {
            let source = nfc(c.source.get_ref());
            pending.items.push((source.clone(), c.source.span().start));
            Citation {
                source,
                reference: c.reference.map(|r| nfc(r.trim())).filter(|r| !r.is_empty()),
            }
        })
        .collect()
}

/// Unknown sources are errors; a replaced source cited without its replacement is a warning.
fn check_cites(cx: &mut FileCx, items: &[(String, usize)], sources: &HashMap<&str, &Source>) {
    // The group is the citations of one lesson or question: they sit between the markers
    // pushed as ("", offset). A replaced source is fine when its replacement is in the same group.
    for group in items.split(|(id, _)| id.is_empty()) {
        let ids: HashSet<&str> = group.iter().map(|(id, _)| id.as_str()).collect();
        for (id, offset) in group {
            match sources.get(id.as_str()) {
                None => cx.error(
                    *offset,
                    "check-unknown-source",
                    vec![("source", id.clone())],
                ),
                Some(src) => {
                    if let SourceStatus::Replaced { by, .. } = &src.status {
                        if !ids.contains(by.as_str()) {
                            cx.warn(
                                *offset,
                                "check-replaced-source",
                                vec![("source", id.clone()), ("replacement", by.clone())],
                            );
                        }
                    }
                }
            }
        }
    }
}

fn convert_sources(
    cx: &mut FileCx,
    raw: RawSources,
    out: &mut Vec<Source>,
    pending: &mut PendingCites,
) {
    let mut seen = HashSet::new();
    for s in raw.source {
        let id = cx.id(&s.id);
        if !seen.insert(id.clone()) {
            cx.error(
                s.id.span().start,
                "check-duplicate-id",
                vec![("id", id.clone())],
            );
        }
        let kind = match SourceKind::parse(s.kind.get_ref()) {
            Some(k) => k,
            None => {
                cx.error(
                    s.kind.span().start,
                    "check-bad-value",
                    vec![
                        ("field", "kind".into()),
                        ("value", s.kind.get_ref().clone()),
                    ],
                );
                SourceKind::Luat
            }
        };
        if let Some(d) = &s.date {
            if !valid_date(d.get_ref()) {
                cx.error(
                    d.span().start,
                    "check-bad-date",
                    vec![("value", d.get_ref().clone())],
                );
            }
        }
        let status = match s.status.get_ref().as_str() {
            "in-force" => {
                if let Some(by) = &s.replaced_by {
                    cx.error(by.span().start, "check-replaced-by-in-force", vec![]);
                }
                SourceStatus::InForce
            }
            "replaced" => match &s.replaced_by {
                Some(by) => {
                    // The replacement must exist: checked like a citation, in its own group.
                    pending.items.push((String::new(), 0));
                    pending.items.push((nfc(by.get_ref()), by.span().start));
                    pending.items.push((String::new(), 0));
                    if let Some(from) = &s.replaced_from {
                        if !valid_date(from.get_ref()) {
                            cx.error(
                                from.span().start,
                                "check-bad-date",
                                vec![("value", from.get_ref().clone())],
                            );
                        }
                    }
                    SourceStatus::Replaced {
                        by: nfc(by.get_ref()),
                        from: s.replaced_from.as_ref().map(|f| f.get_ref().clone()),
                    }
                }
                None => {
                    cx.error(s.status.span().start, "check-replaced-without-by", vec![]);
                    SourceStatus::InForce
                }
            },
            other => {
                cx.error(
                    s.status.span().start,
                    "check-bad-value",
                    vec![("field", "status".into()), ("value", other.to_string())],
                );
                SourceStatus::InForce
            }
        };
        out.push(Source {
            id,
            kind,
            number: s.number.map(|n| nfc(&n)),
            date: s.date.map(|d| d.into_inner()),
            issuer: cx.text(&s.issuer, "issuer"),
            title: cx.text(&s.title, "title"),
            status,
        });
    }
}

fn convert_course(cx: &mut FileCx, raw: RawCourse, pending: &mut PendingCites) -> Course {
    let id = cx.id(&raw.id);
    let title = cx.text(&raw.title, "title");
    let summary = cx.text(&raw.summary, "summary");
    let audience = cx.text(&raw.audience, "audience");
    if raw.lesson.is_empty() {
        cx.error(
            raw.id.span().start,
            "check-no-lessons",
            vec![("course", id.clone())],
        );
    }
    let mut seen = HashSet::new();
    let mut lessons = Vec::new();
    for spanned in raw.lesson {
        let lesson_start = spanned.span().start;
        let l = spanned.into_inner();
        let lid = cx.id(&l.id);
        if !seen.insert(lid.clone()) {
            cx.error(
                l.id.span().start,
                "check-duplicate-id",
                vec![("id", lid.clone())],
            );
        }
        if let Some(tasks) = &l.tasks {
            for t in tasks.get_ref() {
                if !(1..=10).contains(t) {
                    cx.error(
                        tasks.span().start,
                        "check-bad-task",
                        vec![("task", t.to_string())],
                    );
                }
            }
        }
        let body = cx.text(&l.body, "body");
        if body.vi.trim().is_empty() {
            // already reported by text(); name the lesson as well
            cx.error(
                lesson_start,
                "check-empty-lesson",
                vec![("lesson", lid.clone())],
            );
        }
        for (lang_text, _) in [
            (&body.vi, "vi"),
            (body.en.as_ref().unwrap_or(&String::new()), "en"),
        ] {
            for (line_no, problem) in markdown::unsupported(lang_text) {
                // Point at the body, then the line inside it.
                let (base, _) = line_col(cx.text, l.body.span().start);
                cx.out.push(Diagnostic {
                    path: cx.path.to_string(),
                    line: base + line_no,
                    col: 1,
                    severity: Severity::Error,
                    code: "check-markdown",
                    args: vec![("detail", problem.to_string())],
                });
            }
        }
        pending.items.push((String::new(), 0));
        let cites = convert_cites(l.cite, pending);
        pending.items.push((String::new(), 0));
        lessons.push(Lesson {
            id: lid,
            title: cx.text(&l.title, "title"),
            tasks: l.tasks.map(|t| t.into_inner()).unwrap_or_default(),
            body,
            cites,
        });
    }
    let required = raw.required.map(|r| convert_required(cx, r.into_inner()));
    Course {
        id,
        version: raw.version,
        title,
        summary,
        audience,
        lessons,
        required,
    }
}

/// A course's `[required]` table: known unit kinds, non-empty positions, at least one day.
fn convert_required(cx: &mut FileCx, raw: RawRequired) -> Requirement {
    for k in &raw.unit_kinds {
        if !UNIT_KINDS.contains(&k.get_ref().as_str()) {
            cx.error(
                k.span().start,
                "check-bad-value",
                vec![
                    ("field", "unit_kinds".into()),
                    ("value", k.get_ref().clone()),
                ],
            );
        }
    }
    for p in &raw.positions {
        if p.get_ref().trim().is_empty() {
            cx.error(
                p.span().start,
                "check-bad-value",
                vec![
                    ("field", "positions".into()),
                    ("value", p.get_ref().clone()),
                ],
            );
        }
    }
    if *raw.within_days.get_ref() == 0 {
        cx.error(raw.within_days.span().start, "check-within-days", vec![]);
    }
    Requirement {
        unit_kinds: raw
            .unit_kinds
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        positions: raw
            .positions
            .into_iter()
            .map(|p| nfc(p.get_ref().trim()))
            .collect(),
        within_days: raw.within_days.into_inner(),
    }
}

/// Options whose meaning depends on the others, wrong once options are shuffled.
pub fn depends_on_others(text: &str) -> bool {
    let folded = crate::domain::text::fold(text);
    const PATTERNS: [&str; 10] = [
        "tat ca cac dap an",
        "tat ca cac phuong an",
        "tat ca cac y tren",
        "ca a va b",
        "ca hai dap an",
        "khong dap an nao",
        "cac dap an tren",
        "all of the above",
        "none of the above",
        "both a and b",
    ];
    PATTERNS.iter().any(|p| folded.contains(p))
}

fn convert_quiz(
    cx: &mut FileCx,
    raw: RawQuiz,
    pending: &mut PendingCites,
    lessons: &mut Vec<PendingLesson>,
    draws: &mut Vec<PendingDraw>,
    file: usize,
) -> Quiz {
    let id = cx.id(&raw.id);
    let title = cx.text(&raw.title, "title");
    if *raw.pass_mark.get_ref() > 100 {
        cx.error(raw.pass_mark.span().start, "check-pass-mark", vec![]);
    }
    if raw.course.is_none() && raw.draw.is_empty() {
        cx.error(raw.id.span().start, "check-quiz-no-course", vec![]);
    }
    if raw.draw.is_empty() && raw.question.is_empty() {
        cx.error(raw.id.span().start, "check-quiz-empty", vec![]);
    }
    if let Some(n) = &raw.questions_per_attempt {
        if raw.draw.is_empty() && (*n.get_ref() as usize > raw.question.len() || *n.get_ref() == 0)
        {
            cx.error(
                n.span().start,
                "check-draw-too-large",
                vec![
                    ("count", n.get_ref().to_string()),
                    ("available", raw.question.len().to_string()),
                ],
            );
        }
    }
    let draw = raw
        .draw
        .iter()
        .map(|d| {
            draws.push(PendingDraw {
                file,
                quiz: id.clone(),
                from: nfc(d.from.get_ref()),
                from_offset: d.from.span().start,
                count: *d.count.get_ref(),
                count_offset: d.count.span().start,
            });
            DrawFrom {
                from: nfc(d.from.get_ref()),
                count: *d.count.get_ref(),
            }
        })
        .collect();
    let mut seen = HashSet::new();
    let mut questions = Vec::new();
    for spanned in raw.question {
        let q_start = spanned.span().start;
        let q = spanned.into_inner();
        let qid = cx.id(&q.id);
        if !seen.insert(qid.clone()) {
            cx.error(
                q.id.span().start,
                "check-duplicate-id",
                vec![("id", qid.clone())],
            );
        }
        let kind = match QuestionKind::parse(q.kind.get_ref()) {
            Some(k) => k,
            None => {
                cx.error(
                    q.kind.span().start,
                    "check-bad-value",
                    vec![
                        ("field", "kind".into()),
                        ("value", q.kind.get_ref().clone()),
                    ],
                );
                QuestionKind::Single
            }
        };
        lessons.push(PendingLesson {
            file,
            lesson: nfc(q.lesson.get_ref()),
            offset: q.lesson.span().start,
        });
        let mut option_ids = HashSet::new();
        let mut options = Vec::new();
        for o in &q.options {
            let raw_o = o.get_ref();
            let oid = cx.id(&raw_o.id);
            if !option_ids.insert(oid.clone()) {
                cx.error(
                    raw_o.id.span().start,
                    "check-duplicate-id",
                    vec![("id", oid.clone())],
                );
            }
            let text = cx.text(&raw_o.text, "text");
            if raw.shuffle_options
                && (depends_on_others(&text.vi)
                    || text.en.as_deref().is_some_and(depends_on_others))
            {
                cx.error(
                    raw_o.text.span().start,
                    "check-dependent-option",
                    vec![("text", text.vi.clone())],
                );
            }
            if let Some(c) = &raw_o.credit {
                if !(-100..=100).contains(c.get_ref()) {
                    cx.error(c.span().start, "check-bad-credit", vec![]);
                }
            }
            options.push(AnswerOption {
                id: oid,
                text,
                correct: raw_o.correct,
                credit: raw_o.credit.as_ref().map(|c| *c.get_ref()),
            });
        }
        let correct = options.iter().filter(|o| o.correct).count();
        match kind {
            QuestionKind::Single | QuestionKind::Multiple => {
                if options.len() < 2 {
                    cx.error(
                        q_start,
                        "check-few-options",
                        vec![("question", qid.clone())],
                    );
                }
                if correct == 0 {
                    cx.error(
                        q.id.span().start,
                        "check-no-right-answer",
                        vec![("question", qid.clone())],
                    );
                } else if kind == QuestionKind::Single && correct > 1 {
                    cx.error(
                        q.id.span().start,
                        "check-single-many-right",
                        vec![("question", qid.clone())],
                    );
                }
                if kind == QuestionKind::Multiple && options.iter().any(|o| o.credit.is_some()) {
                    let sum: i32 = options
                        .iter()
                        .filter(|o| o.correct)
                        .map(|o| o.credit.unwrap_or(0))
                        .sum();
                    if sum != 100 {
                        cx.error(
                            q.id.span().start,
                            "check-credit-sum",
                            vec![("question", qid.clone()), ("sum", sum.to_string())],
                        );
                    }
                }
                if q.answer.is_some() || !q.accept.is_empty() {
                    cx.error(
                        q.id.span().start,
                        "check-answer-names-no-option",
                        vec![("question", qid.clone())],
                    );
                }
            }
            QuestionKind::TrueFalse => {
                if q.answer.is_none() {
                    cx.error(
                        q.id.span().start,
                        "check-no-right-answer",
                        vec![("question", qid.clone())],
                    );
                }
                if !options.is_empty() {
                    cx.error(
                        q_start,
                        "check-options-not-allowed",
                        vec![("question", qid.clone())],
                    );
                }
            }
            QuestionKind::Text => {
                if q.accept.iter().all(|a| a.trim().is_empty()) {
                    cx.error(
                        q.id.span().start,
                        "check-no-right-answer",
                        vec![("question", qid.clone())],
                    );
                }
                if !options.is_empty() {
                    cx.error(
                        q_start,
                        "check-options-not-allowed",
                        vec![("question", qid.clone())],
                    );
                }
            }
        }
        if q.cite.is_empty() {
            cx.warn(
                q.id.span().start,
                "check-no-citation",
                vec![("question", qid.clone())],
            );
        }
        pending.items.push((String::new(), 0));
        let cites = convert_cites(q.cite, pending);
        pending.items.push((String::new(), 0));
        questions.push(Question {
            id: qid,
            kind,
            lesson: nfc(q.lesson.get_ref()),
            points: q.points.max(1),
            prompt: cx.text(&q.prompt, "prompt"),
            explanation: cx.text(&q.explanation, "explanation"),
            options,
            answer: q.answer,
            accept: q.accept.iter().map(|a| nfc(a.trim())).collect(),
            ignore_diacritics: q.ignore_diacritics,
            cites,
        });
    }
    Quiz {
        id,
        version: raw.version,
        course: raw.course.map(|c| nfc(c.get_ref())),
        title,
        pass_mark: *raw.pass_mark.get_ref(),
        questions_per_attempt: raw.questions_per_attempt.map(|n| *n.get_ref()),
        shuffle_questions: raw.shuffle_questions,
        shuffle_options: raw.shuffle_options,
        time_limit_minutes: raw.time_limit_minutes,
        max_attempts: raw.max_attempts,
        draw,
        questions,
    }
}

fn convert_checklist(cx: &mut FileCx, raw: RawChecklist, pending: &mut PendingCites) -> Checklist {
    let id = cx.id(&raw.id);
    let title = cx.text(&raw.title, "title");
    let recipient = cx.text(&raw.recipient, "recipient");
    let deadline = raw.deadline.get_ref();
    let leap_year = 2024;
    let valid_day = time::Month::try_from(deadline.month)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(leap_year, m, deadline.day).ok())
        .is_some();
    if !valid_day {
        cx.error(
            raw.deadline.span().start,
            "check-bad-date",
            vec![("value", format!("{}/{}", deadline.day, deadline.month))],
        );
    }

    // The rubric: bands strictly decreasing, the lowest at 0, none above 100.
    let rubric_start = raw.rubric.span().start;
    let r = raw.rubric.into_inner();
    if *r.partly_percent.get_ref() > 100 {
        cx.error(r.partly_percent.span().start, "check-bad-percent", vec![]);
    }
    let below_target = match r.below_target.get_ref().as_str() {
        "proportional" => BelowTarget::Proportional,
        "zero" => BelowTarget::Zero,
        other => {
            cx.error(
                r.below_target.span().start,
                "check-bad-value",
                vec![
                    ("field", "below_target".into()),
                    ("value", other.to_string()),
                ],
            );
            BelowTarget::Proportional
        }
    };
    let mut bands = Vec::new();
    let mut band_ids = HashSet::new();
    for b in &r.band {
        let bid = cx.id(&b.id);
        if !band_ids.insert(bid.clone()) {
            cx.error(
                b.id.span().start,
                "check-duplicate-id",
                vec![("id", bid.clone())],
            );
        }
        let min = *b.min.get_ref();
        if min > 100 {
            cx.error(
                b.min.span().start,
                "check-band-above-100",
                vec![("min", min.to_string())],
            );
        }
        if let Some(prev) = bands.last().map(|p: &Band| p.min) {
            if min >= prev {
                cx.error(
                    b.min.span().start,
                    "check-band-overlap",
                    vec![("min", min.to_string()), ("previous", prev.to_string())],
                );
            }
        }
        bands.push(Band {
            id: bid,
            min,
            label: cx.text(&b.label, "label"),
        });
    }
    match r.band.last() {
        None => cx.error(rubric_start, "check-no-bands", vec![]),
        Some(last) if *last.min.get_ref() != 0 => cx.error(
            last.min.span().start,
            "check-band-gap",
            vec![("min", last.min.get_ref().to_string())],
        ),
        Some(_) => {}
    }
    let critical_cap = r.critical_cap.as_ref().map(|c| {
        let v = nfc(c.get_ref());
        if !band_ids.contains(&v) {
            cx.error(
                c.span().start,
                "check-unknown-band",
                vec![("band", v.clone())],
            );
        }
        v
    });
    pending.items.push((String::new(), 0));
    let rubric_cites = convert_cites(r.cite, pending);
    pending.items.push((String::new(), 0));

    // Tasks and criteria: each task's criteria add to its points; the tasks add to 100.
    let mut tasks = Vec::new();
    let mut seen_numbers = HashSet::new();
    let mut seen_ids = HashSet::new();
    let mut total = 0;
    let mut last_points_offset = raw.id.span().start;
    for spanned in raw.task {
        let t = spanned.into_inner();
        let number = *t.number.get_ref();
        if !(1..=10).contains(&number) {
            cx.error(
                t.number.span().start,
                "check-bad-task",
                vec![("task", number.to_string())],
            );
        } else if !seen_numbers.insert(number) {
            cx.error(
                t.number.span().start,
                "check-duplicate-id",
                vec![("id", number.to_string())],
            );
        }
        let count = t.criterion.len();
        if !(3..=6).contains(&count) {
            cx.warn(
                t.number.span().start,
                "check-criteria-count",
                vec![("task", number.to_string()), ("count", count.to_string())],
            );
        }
        let mut criteria = Vec::new();
        let mut sum = 0;
        for sc in t.criterion {
            let c = sc.into_inner();
            let cid = cx.id(&c.id);
            if !seen_ids.insert(cid.clone()) {
                cx.error(
                    c.id.span().start,
                    "check-duplicate-id",
                    vec![("id", cid.clone())],
                );
            }
            let kind = match CriterionKind::parse(c.kind.get_ref()) {
                Some(k) => k,
                None => {
                    cx.error(
                        c.kind.span().start,
                        "check-bad-value",
                        vec![
                            ("field", "kind".into()),
                            ("value", c.kind.get_ref().clone()),
                        ],
                    );
                    CriterionKind::YesNo
                }
            };
            match (kind, &c.target) {
                (CriterionKind::YesNo, Some(t)) => cx.error(
                    t.span().start,
                    "check-target-not-allowed",
                    vec![("criterion", cid.clone())],
                ),
                (CriterionKind::Count | CriterionKind::Percent, None) => cx.error(
                    c.kind.span().start,
                    "check-target-missing",
                    vec![("criterion", cid.clone())],
                ),
                (CriterionKind::Count, Some(t)) if *t.get_ref() == 0 => cx.error(
                    t.span().start,
                    "check-target-missing",
                    vec![("criterion", cid.clone())],
                ),
                (CriterionKind::Percent, Some(t)) if !(1..=100).contains(t.get_ref()) => {
                    cx.error(t.span().start, "check-bad-percent", vec![])
                }
                _ => {}
            }
            for k in &c.applies_to {
                if !UNIT_KINDS.contains(&k.get_ref().as_str()) {
                    cx.error(
                        k.span().start,
                        "check-bad-value",
                        vec![
                            ("field", "applies_to".into()),
                            ("value", k.get_ref().clone()),
                        ],
                    );
                }
            }
            let evidence = match &c.evidence {
                Some(e) => cx.text(e, "evidence"),
                None => {
                    cx.error(
                        c.id.span().start,
                        "check-no-evidence",
                        vec![("criterion", cid.clone())],
                    );
                    Text::default()
                }
            };
            if c.cite.is_empty() {
                cx.error(
                    c.id.span().start,
                    "check-criterion-no-citation",
                    vec![("criterion", cid.clone())],
                );
            }
            sum += *c.points.get_ref();
            pending.items.push((String::new(), 0));
            let cites = convert_cites(c.cite, pending);
            pending.items.push((String::new(), 0));
            criteria.push(Criterion {
                id: cid,
                text: cx.text(&c.text, "text"),
                clause: cx.text(&c.clause, "clause"),
                kind,
                target: c.target.map(|t| *t.get_ref()),
                points: *c.points.get_ref(),
                evidence,
                applies_to: c.applies_to.iter().map(|k| k.get_ref().clone()).collect(),
                critical: c.critical,
                cites,
            });
        }
        let points = *t.points.get_ref();
        if sum != points {
            cx.error(
                t.points.span().start,
                "check-points-task",
                vec![
                    ("task", number.to_string()),
                    ("points", points.to_string()),
                    ("sum", sum.to_string()),
                ],
            );
        }
        total += points;
        last_points_offset = t.points.span().start;
        tasks.push(Task {
            number,
            title: cx.text(&t.title, "title"),
            points,
            criteria,
        });
    }
    if total != 100 {
        cx.error(
            last_points_offset,
            "check-points-total",
            vec![("sum", total.to_string())],
        );
    }
    if critical_cap.is_none() && tasks.iter().any(|t| t.criteria.iter().any(|c| c.critical)) {
        cx.error(
            rubric_start,
            "check-unknown-band",
            vec![("band", String::new())],
        );
    }
    Checklist {
        id,
        version: raw.version,
        title,
        deadline_day: deadline.day,
        deadline_month: deadline.month,
        recipient,
        rubric: Rubric {
            partly_percent: *r.partly_percent.get_ref(),
            below_target,
            bands,
            critical_cap,
            cites: rubric_cites,
        },
        tasks,
    }
}

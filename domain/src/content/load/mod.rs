//! Reading a pack (embedded or from a folder), parsing its TOML and checking it: the entry point
//! [`load`] runs one converter per file (`sources`, `course`, `quiz`, `checklist`), then checks the
//! references between files. Errors carry the file, line and column of the key or value at fault.

mod arranged;
mod checklist;
mod course;
mod cx;
mod files;
mod quiz;
mod similar;
mod sources;

use std::collections::{HashMap, HashSet};

use super::diagnostic::{Diagnostic, Severity};
use super::model::*;
use crate::text::nfc;
use checklist::{convert_checklist, RawChecklist};
use course::{convert_course, RawCourse};
use cx::{parse, FileCx, PendingCites, PendingDraw, PendingLesson};
pub use files::{embedded_files, folder_files, PackFile};
pub use quiz::depends_on_others;
use quiz::{convert_quiz, QuizRefs, RawQuiz};
use sources::{check_cites, convert_sources, RawSources};

/// Unit kinds a criterion may name in `applies_to`, and a course in `[required] unit_kinds`
/// (the store's unit kinds).
pub const UNIT_KINDS: [&str; 4] = ["department", "commune", "public-service", "other"];

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
    load_with(files, true)
}

/// [`load`] without the checks that can only warn (near-identical prompts: every pair of
/// questions compared), for running the kit on a pack whose warnings are not shown: the embedded
/// one, which `cargo test` checks whole. Errors are found as by `load`.
pub fn load_to_run(files: &[PackFile]) -> Loaded {
    load_with(files, false)
}

fn load_with(files: &[PackFile], warnings: bool) -> Loaded {
    let texts: Vec<Option<String>> = files
        .iter()
        .map(|f| String::from_utf8(f.bytes.clone()).ok())
        .collect();
    let mut loading = Loading {
        skip_warnings: !warnings,
        ..Loading::default()
    };
    for (i, file) in files.iter().enumerate() {
        loading.read_file(i, file, texts[i].as_deref());
    }
    if !loading.saw_sources {
        loading.diags.push(Diagnostic {
            path: "courses/sources.toml".into(),
            line: 1,
            col: 1,
            severity: Severity::Error,
            code: "check-no-sources",
            args: vec![],
        });
    }
    loading.check_references(files, &texts);
    let Loading {
        mut pack,
        mut diags,
        ..
    } = loading;
    order_quizzes(&mut pack);
    diags.sort_by(|a, b| (a.path.as_str(), a.line, a.col).cmp(&(b.path.as_str(), b.line, b.col)));
    let ok = !diags.iter().any(Diagnostic::is_error);
    Loaded {
        pack: ok.then_some(pack),
        diagnostics: diags,
    }
}

/// The pack as it is read, with the references between files still to check.
#[derive(Default)]
struct Loading {
    /// Leave out the checks that can only warn (`load_to_run`).
    skip_warnings: bool,
    pack: Pack,
    diags: Vec<Diagnostic>,
    pending_cites: Vec<PendingCites>,
    pending_lessons: Vec<PendingLesson>,
    pending_draws: Vec<PendingDraw>,
    /// id → (file index, offset) for duplicate detection across files
    course_ids: HashMap<String, (usize, usize)>,
    quiz_ids: HashMap<String, (usize, usize)>,
    /// (file index, course id, offset) of each quiz's `course`
    quiz_courses: Vec<(usize, String, usize)>,
    /// Each course's file, the offset of its id and of its `completion_quiz` (if named).
    course_completions: Vec<PendingCompletion>,
    /// (bank, question id) → where it is written, for the `same_as` checks.
    question_spots: HashMap<(String, String), similar::Spot>,
    saw_sources: bool,
    /// Courses whose file did not parse: references to them would only repeat its own error.
    unparsed_courses: HashSet<String>,
}

impl Loading {
    /// Convert one file by the folder it sits in.
    fn read_file(&mut self, i: usize, file: &PackFile, text: Option<&str>) {
        let Some(text) = text else {
            self.diags.push(Diagnostic {
                path: file.path.clone(),
                line: 1,
                col: 1,
                severity: Severity::Error,
                code: "check-not-utf8",
                args: vec![],
            });
            return;
        };
        let dir = file.path.split('/').next().unwrap_or("");
        if file.path == "courses/sources.toml" {
            self.saw_sources = true;
            self.read_sources(i, &file.path, text);
        } else if dir == "courses" {
            self.read_course(i, &file.path, text);
        } else if dir == "quizzes" {
            self.read_quiz(i, &file.path, text);
        } else if dir == "checklists" {
            self.read_checklist(i, &file.path, text);
        }
    }

    fn read_sources(&mut self, i: usize, path: &str, text: &str) {
        let mut cx = FileCx {
            path,
            text,
            out: &mut self.diags,
            writers_notes: !self.skip_warnings,
        };
        if let Some(raw) = parse::<RawSources>(&mut cx) {
            let mut cites = PendingCites {
                file: i,
                items: vec![],
            };
            convert_sources(&mut cx, raw, &mut self.pack.sources, &mut cites);
            self.pending_cites.push(cites);
        }
    }

    fn read_course(&mut self, i: usize, path: &str, text: &str) {
        let mut cx = FileCx {
            path,
            text,
            out: &mut self.diags,
            writers_notes: !self.skip_warnings,
        };
        let Some(raw) = parse::<RawCourse>(&mut cx) else {
            let stem = path
                .trim_start_matches("courses/")
                .trim_end_matches(".toml");
            self.unparsed_courses.insert(stem.to_string());
            return;
        };
        let mut cites = PendingCites {
            file: i,
            items: vec![],
        };
        let offset = raw.id.span().start;
        let named_at = raw.completion_quiz.as_ref().map(|q| q.span().start);
        let course = convert_course(&mut cx, raw, &mut cites);
        self.course_completions.push(PendingCompletion {
            file: i,
            course: course.id.clone(),
            id_offset: offset,
            named_at,
        });
        if self
            .course_ids
            .insert(course.id.clone(), (i, offset))
            .is_some()
        {
            cx.error(
                offset,
                "check-duplicate-id",
                vec![("id", course.id.clone())],
            );
        }
        self.pending_cites.push(cites);
        self.pack.courses.push(course);
    }

    fn read_quiz(&mut self, i: usize, path: &str, text: &str) {
        let mut cx = FileCx {
            path,
            text,
            out: &mut self.diags,
            writers_notes: !self.skip_warnings,
        };
        let Some(raw) = parse::<RawQuiz>(&mut cx) else {
            return;
        };
        let mut cites = PendingCites {
            file: i,
            items: vec![],
        };
        let offset = raw.id.span().start;
        if let Some(c) = &raw.course {
            self.quiz_courses
                .push((i, nfc(c.get_ref()), c.span().start));
        }
        let bank = nfc(raw.id.get_ref());
        for (qid, id_at, same_as_at) in quiz::question_spots(&raw) {
            self.question_spots.insert(
                (bank.clone(), qid),
                similar::Spot {
                    file: i,
                    id_at,
                    same_as_at,
                },
            );
        }
        let refs = QuizRefs {
            file: i,
            cites: &mut cites,
            lessons: &mut self.pending_lessons,
            draws: &mut self.pending_draws,
        };
        let quiz = convert_quiz(&mut cx, raw, refs);
        if self.quiz_ids.insert(quiz.id.clone(), (i, offset)).is_some() {
            cx.error(offset, "check-duplicate-id", vec![("id", quiz.id.clone())]);
        }
        self.pending_cites.push(cites);
        self.pack.quizzes.push(quiz);
    }

    fn read_checklist(&mut self, i: usize, path: &str, text: &str) {
        let mut cx = FileCx {
            path,
            text,
            out: &mut self.diags,
            writers_notes: !self.skip_warnings,
        };
        let Some(raw) = parse::<RawChecklist>(&mut cx) else {
            return;
        };
        let mut cites = PendingCites {
            file: i,
            items: vec![],
        };
        let offset = raw.id.span().start;
        let checklist = convert_checklist(&mut cx, raw, &mut cites);
        if self.pack.checklists.iter().any(|c| c.id == checklist.id) {
            cx.error(
                offset,
                "check-duplicate-id",
                vec![("id", checklist.id.clone())],
            );
        }
        self.pending_cites.push(cites);
        self.pack.checklists.push(checklist);
    }

    /// Cross-file references: citations, question lessons, quiz courses and draws.
    fn check_references(&mut self, files: &[PackFile], texts: &[Option<String>]) {
        let pack = &self.pack;
        let diags = &mut self.diags;
        let sources: HashMap<&str, &Source> =
            pack.sources.iter().map(|s| (s.id.as_str(), s)).collect();
        for pending in &self.pending_cites {
            check_cites(
                &mut file_cx(files, texts, diags, pending.file),
                &pending.items,
                &sources,
            );
        }
        let lessons: HashSet<String> = pack
            .courses
            .iter()
            .flat_map(|c| c.lessons.iter().map(move |l| format!("{}/{}", c.id, l.id)))
            .collect();
        let unparsed = &self.unparsed_courses;
        let course_unparsed =
            |reference: &str| unparsed.contains(reference.split('/').next().unwrap_or(""));
        for p in &self.pending_lessons {
            if !lessons.contains(&p.lesson) && !course_unparsed(&p.lesson) {
                file_cx(files, texts, diags, p.file).error(
                    p.offset,
                    "check-unknown-lesson",
                    vec![("lesson", p.lesson.clone())],
                );
            }
        }
        for (file, course, offset) in &self.quiz_courses {
            if pack.course(course).is_none() && !course_unparsed(course) {
                file_cx(files, texts, diags, *file).error(
                    *offset,
                    "check-unknown-course",
                    vec![("course", course.clone())],
                );
            }
        }
        for d in &self.pending_draws {
            check_draw(&mut file_cx(files, texts, diags, d.file), pack, d);
        }
        let mut implied = Vec::new();
        for p in &self.course_completions {
            let mut cx = file_cx(files, texts, diags, p.file);
            if let Some(q) = check_completion_quiz(&mut cx, pack, p) {
                implied.push((p.course.clone(), q));
            }
        }
        if !self.skip_warnings {
            for (file, offset, code, args) in similar::check(pack, &self.question_spots) {
                file_cx(files, texts, diags, file).warn(offset, code, args);
            }
        }
        for (course, quiz) in implied {
            if let Some(c) = self.pack.courses.iter_mut().find(|c| c.id == course) {
                c.completion_quiz = Some(quiz);
            }
        }
    }
}

/// Where a course's completing quiz is named, for the cross-file check.
struct PendingCompletion {
    file: usize,
    course: String,
    id_offset: usize,
    named_at: Option<usize>,
}

/// A named `completion_quiz` must exist and be on this course. Unnamed, the course's only quiz
/// completes it (returned, to be filled in); two or more quizzes and none named is an error,
/// since either could otherwise complete the course.
fn check_completion_quiz(cx: &mut FileCx, pack: &Pack, p: &PendingCompletion) -> Option<String> {
    let course = pack.course(&p.course)?;
    if let (Some(named), Some(at)) = (&course.completion_quiz, p.named_at) {
        match pack.quiz(named) {
            None => cx.error(at, "check-unknown-quiz", vec![("quiz", named.clone())]),
            Some(q) if q.course.as_deref() != Some(course.id.as_str()) => match &q.course {
                Some(other) => cx.error(
                    at,
                    "check-completion-quiz-elsewhere",
                    vec![
                        ("quiz", named.clone()),
                        ("course", course.id.clone()),
                        ("other", other.clone()),
                    ],
                ),
                None => cx.error(
                    at,
                    "check-completion-quiz-no-course",
                    vec![("quiz", named.clone()), ("course", course.id.clone())],
                ),
            },
            Some(_) => {}
        }
        return None;
    }
    let on_course: Vec<&str> = pack
        .quizzes
        .iter()
        .filter(|q| q.course.as_deref() == Some(course.id.as_str()))
        .map(|q| q.id.as_str())
        .collect();
    match on_course.as_slice() {
        [] => None,
        [only] => Some(only.to_string()),
        many => {
            cx.error(
                p.id_offset,
                "check-completion-quiz-ambiguous",
                vec![("course", course.id.clone()), ("quizzes", many.join(", "))],
            );
            None
        }
    }
}

/// A draw names another quiz with at least `count` questions.
fn check_draw(cx: &mut FileCx, pack: &Pack, d: &PendingDraw) {
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

/// Course quizzes in course order, then the exams that draw across courses.
fn order_quizzes(pack: &mut Pack) {
    let course_pos = |q: &Quiz| {
        q.course
            .as_ref()
            .and_then(|c| pack.courses.iter().position(|x| &x.id == c))
            .unwrap_or(usize::MAX)
    };
    let mut quizzes = std::mem::take(&mut pack.quizzes);
    quizzes.sort_by(|a, b| (course_pos(a), &a.id).cmp(&(course_pos(b), &b.id)));
    pack.quizzes = quizzes;
}

/// The collector for a file already read, in the cross-file pass.
fn file_cx<'a>(
    files: &'a [PackFile],
    texts: &'a [Option<String>],
    out: &'a mut Vec<Diagnostic>,
    file: usize,
) -> FileCx<'a> {
    FileCx {
        path: &files[file].path,
        text: texts[file].as_deref().unwrap_or(""),
        out,
        writers_notes: true,
    }
}

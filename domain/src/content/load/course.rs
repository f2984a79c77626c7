//! Courses: lessons (ids, tasks, Markdown bodies, citations) and the `[required]` table.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::cx::{FileCx, PendingCites, SStr, SText};
use super::sources::{convert_cites, RawCite};
use super::UNIT_KINDS;
use crate::content::diagnostic::{line_col, Diagnostic, Severity};
use crate::content::markdown;
use crate::content::model::{Course, Lesson, Requirement};
use crate::text::nfc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCourse {
    pub(super) id: SStr,
    version: String,
    title: SText,
    summary: SText,
    audience: SText,
    /// Checked across files, once the quizzes are read.
    pub(super) completion_quiz: Option<SStr>,
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

/// A course: its texts, its lessons and its `[required]` table.
pub(super) fn convert_course(
    cx: &mut FileCx,
    raw: RawCourse,
    pending: &mut PendingCites,
) -> Course {
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
    let lessons = raw
        .lesson
        .into_iter()
        .map(|l| convert_lesson(cx, l, &mut seen, pending))
        .collect();
    let required = raw.required.map(|r| convert_required(cx, r.into_inner()));
    Course {
        id,
        version: raw.version,
        title,
        summary,
        audience,
        lessons,
        required,
        completion_quiz: raw.completion_quiz.as_ref().map(|q| nfc(q.get_ref())),
    }
}

/// A lesson: unique id, tasks 1 to 10, a body in the Markdown subset, citations.
fn convert_lesson(
    cx: &mut FileCx,
    spanned: Spanned<RawLesson>,
    seen: &mut HashSet<String>,
    pending: &mut PendingCites,
) -> Lesson {
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
    Lesson {
        id: lid,
        title: cx.text(&l.title, "title"),
        tasks: l.tasks.map(|t| t.into_inner()).unwrap_or_default(),
        body,
        cites,
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

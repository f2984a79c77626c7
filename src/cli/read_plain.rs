//! `danvan read COURSE [LESSON] --plain`: a lesson, or every lesson of a course in order, as plain
//! text for screen readers — title, body, then its sources as full citations — marked read for
//! the official once it has been written out whole, as the TUI's reader does at a lesson's end.

use std::io::Write;
use std::process::ExitCode;

use crate::boot::{load_pack, open_store, Context};
use crate::domain::content::{markdown, Course, Pack};
use crate::domain::i18n::{I18n, Msg};
use crate::domain::present::citation_text;
use crate::service::learning;

/// A lesson as plain text: its number and title, its body, its sources.
pub fn lesson_text(pack: &Pack, i18n: &I18n, course: &Course, index: usize) -> String {
    let lang = i18n.lang();
    let Some(l) = course.lessons.get(index) else {
        return String::new();
    };
    let mut s = format!("{}. {}\n\n", index + 1, l.title.get(lang));
    let mut blocks = markdown::parse(l.body.get(lang));
    // A body that opens with the lesson's title as a heading would say it twice.
    if blocks.first().is_some_and(|b| {
        matches!(b, markdown::Block::Heading { .. }) && b.plain() == l.title.get(lang)
    }) {
        blocks.remove(0);
    }
    s.push_str(&markdown::to_plain(&blocks));
    if !l.cites.is_empty() {
        s.push('\n');
        s.push_str(&i18n.t("reader-sources"));
        s.push('\n');
        for c in &l.cites {
            s.push_str("- ");
            s.push_str(&citation_text(
                pack,
                i18n,
                &c.source,
                c.reference.as_deref(),
            ));
            s.push('\n');
        }
    }
    s.push('\n');
    s.push_str(&i18n.t("reader-end"));
    s.push('\n');
    s
}

pub fn run(
    ctx: &Context,
    course_id: &str,
    lesson_id: Option<&str>,
    staff_code: Option<&str>,
) -> ExitCode {
    let pack = match load_pack(ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let Some(course) = pack.course(course_id) else {
        return ctx.fail(&Msg::new("plain-no-course").arg("course", course_id));
    };
    let lessons: Vec<usize> = match lesson_id {
        Some(id) => match course.lessons.iter().position(|l| l.id == id) {
            Some(i) => vec![i],
            None => {
                return ctx.fail(
                    &Msg::new("plain-no-lesson")
                        .arg("lesson", id)
                        .arg("course", course_id)
                        .arg(
                            "lessons",
                            course
                                .lessons
                                .iter()
                                .map(|l| l.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                )
            }
        },
        None => (0..course.lessons.len()).collect(),
    };
    let mut store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Err(e) = store.ensure_intact() {
        return ctx.fail(&e.msg());
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let person =
        match super::quiz_plain::find_person(ctx, &mut store, staff_code, &mut input, &mut out) {
            Ok(p) => p,
            Err(code) => return code,
        };
    if lesson_id.is_none() {
        let _ = writeln!(out, "== {} ==\n", course.title.get(ctx.lang));
    }
    for (n, &i) in lessons.iter().enumerate() {
        let mut text = lesson_text(&pack, ctx.i18n(), course, i);
        if n + 1 < lessons.len() {
            text.push('\n');
        }
        // Only a lesson that reached the reader whole counts as read: a closed pipe stops here.
        if out
            .write_all(text.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return ExitCode::from(1);
        }
        let lesson = &course.lessons[i];
        if let Err(e) =
            learning::mark_lesson_read(&mut store, &pack, &person.id, &course.id, &lesson.id)
        {
            return ctx.fail(&e.msg());
        }
    }
    ExitCode::SUCCESS
}

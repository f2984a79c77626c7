//! `danvan import-gift`: turn a Moodle GIFT file into a quiz TOML file, reporting each question it
//! cannot convert as `FILE:LINE: warning: …`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::boot::{load_pack, Context};
use crate::domain::i18n::Msg;
use crate::io::gift;

pub fn run(
    ctx: &Context,
    file: &Path,
    quiz: &str,
    course: &str,
    lesson: Option<&str>,
    out: Option<&Path>,
) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            return ctx.fail(
                &Msg::new("import-read-failed")
                    .arg("file", file.display())
                    .arg("detail", e),
            )
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return ctx.fail(&Msg::new("import-not-utf8").arg("file", file.display()));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);

    if !gift::valid_id(quiz) {
        return ctx.fail(&Msg::new("import-bad-id").arg("id", quiz));
    }
    let pack = match load_pack(ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let Some(c) = pack.course(course) else {
        return ctx.fail(&Msg::new("import-unknown-course").arg("course", course));
    };
    // The lesson may be given as "lesson" or "course/lesson"; by default the course's first.
    let lesson_id = match lesson {
        Some(l) => {
            let id = l.strip_prefix(&format!("{course}/")).unwrap_or(l);
            if !c.lessons.iter().any(|x| x.id == id) {
                return ctx.fail(
                    &Msg::new("import-unknown-lesson")
                        .arg("course", course)
                        .arg("lesson", l),
                );
            }
            id.to_string()
        }
        None => match c.lessons.first() {
            Some(l) => l.id.clone(),
            None => return ctx.fail(&Msg::new("import-unknown-course").arg("course", course)),
        },
    };

    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result = gift::convert(text, quiz, course, &lesson_id, &stem);

    {
        let mut err = std::io::stderr().lock();
        for p in &result.problems {
            let _ = writeln!(
                err,
                "{}:{}: warning: {}",
                file.display(),
                p.line,
                ctx.say(&Msg {
                    id: p.kind.msg_id(),
                    args: p.kind.args(),
                })
            );
        }
    }

    if result.converted > 0 {
        match out {
            Some(path) => {
                if let Err(code) = write_new(ctx, path, &result.toml) {
                    return code;
                }
            }
            None => {
                let mut stdout = std::io::stdout().lock();
                let _ = stdout.write_all(result.toml.as_bytes());
                let _ = stdout.flush();
            }
        }
    }

    eprintln!(
        "{}",
        ctx.i18n().ta(
            "import-summary",
            &[
                ("converted", result.converted.into()),
                ("skipped", result.problems.len().into()),
            ]
        )
    );
    if result.converted > 0 {
        ExitCode::SUCCESS
    } else {
        // Nothing written: say which file gave nothing, even when it held no question at all.
        ctx.fail(&Msg::new("import-nothing").arg("file", file.display()))
    }
}

/// Write `text` to a file that must not exist yet.
fn write_new(ctx: &Context, path: &Path, text: &str) -> Result<(), ExitCode> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ctx.fail(&Msg::new("import-out-exists").arg("file", path.display())));
        }
        Err(e) => {
            return Err(ctx.fail(
                &Msg::new("import-write-failed")
                    .arg("file", path.display())
                    .arg("detail", e),
            ))
        }
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            ctx.fail(
                &Msg::new("import-write-failed")
                    .arg("file", path.display())
                    .arg("detail", e),
            )
        })
}

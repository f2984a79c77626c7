//! `danvan certificate` prints the certificate of a completed course, as text or as one A4 page of
//! HTML; `danvan verify-certificate` checks a certificate's code against the records. Officials
//! print their own certificates: no passphrase. Nothing is ever overwritten.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::boot::{open_store, refuse_existing_output, require_database, Context};
use crate::domain::i18n::Msg;
use crate::io::certificate;
use crate::io::file::write_new;
use crate::service::certificates::{self, CertificateError, Verification};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateFormat {
    /// Plain text
    Txt,
    /// One A4 page of HTML, to print from a browser
    Html,
}

/// The format asked for, else HTML for an `.html`/`.htm` file, else text.
fn pick_format(format: Option<CertificateFormat>, out: Option<&Path>) -> CertificateFormat {
    format.unwrap_or_else(|| {
        let html = out
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if html {
            CertificateFormat::Html
        } else {
            CertificateFormat::Txt
        }
    })
}

/// The pack for titles; certificates and codes still work from the records when it does not load.
fn pack_or_empty(ctx: &Context) -> crate::domain::content::Pack {
    crate::domain::content::load_pack(ctx.content_dir.as_deref())
        .ok()
        .and_then(|l| l.pack)
        .unwrap_or_default()
}

pub fn run(
    ctx: &Context,
    person: &str,
    course: &str,
    format: Option<CertificateFormat>,
    out: Option<&Path>,
) -> ExitCode {
    if let Err(code) = refuse_existing_output(ctx, out) {
        return code;
    }
    if let Err(code) = require_database(ctx) {
        return code;
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let pack = pack_or_empty(ctx);
    let found = match certificates::find_person(&store, person) {
        Ok(Some(p)) => p,
        Ok(None) => {
            return ctx.fail(&CertificateError::UnknownPerson(person.trim().to_string()).msg())
        }
        Err(e) => return ctx.fail(&e.msg()),
    };
    let data = match certificates::certificate_data(&store, &pack, ctx.lang, &found.id, course) {
        Ok(d) => d,
        Err(e) => return ctx.fail(&e.msg()),
    };
    let text = match pick_format(format, out) {
        CertificateFormat::Txt => certificate::text(&data, &ctx.i18n),
        CertificateFormat::Html => {
            certificate::html(&data, &ctx.i18n, crate::service::learning::today())
        }
    };
    match out {
        Some(path) => match write_new(path, text.as_bytes()) {
            Ok(()) => {
                eprintln!(
                    "{}",
                    ctx.say(&Msg::new("cert-written").arg("file", path.display()))
                );
                ExitCode::SUCCESS
            }
            Err(e) => ctx.fail(&e.msg()),
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            ExitCode::SUCCESS
        }
    }
}

pub fn verify(ctx: &Context, code: &str) -> ExitCode {
    if let Err(code) = require_database(ctx) {
        return code;
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let pack = pack_or_empty(ctx);
    let (code, result) = match certificates::verify(&store, &pack, ctx.lang, code) {
        Ok(r) => r,
        Err(e) => return ctx.fail(&e.msg()),
    };
    let details = |d: &certificate::CertificateData| {
        certificate::detail_lines(d, &ctx.i18n)
            .into_iter()
            .map(|(k, v)| format!("  {k}: {v}\n"))
            .collect::<String>()
    };
    match result {
        Verification::Valid(d) => {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(
                stdout,
                "{}",
                ctx.say(&Msg::new("cert-verify-valid").arg("code", &code))
            );
            let _ = write!(stdout, "{}", details(&d));
            ExitCode::SUCCESS
        }
        Verification::Mismatch(d) => {
            eprintln!(
                "danvan: {}",
                ctx.say(
                    &Msg::new("cert-verify-mismatch")
                        .arg("code", &code)
                        .arg("name", &d.full_name)
                        .arg("course", &d.course_title)
                )
            );
            eprint!("{}", details(&d));
            ExitCode::from(1)
        }
        Verification::Unknown => ctx.fail(&Msg::new("cert-verify-unknown").arg("code", &code)),
    }
}

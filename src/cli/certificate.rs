//! `danvan certificate` issues (signs and stores) the certificate of a completed course and prints
//! it, as text or as one A4 page of HTML; `danvan verify-certificate` checks a certificate's code
//! against the certificates stored here, or its QR text on its own. Officials print their own
//! certificates: no passphrase. Nothing is ever overwritten.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::boot::{open_store, refuse_existing_output, require_database, Context};
use crate::domain::i18n::Msg;
use crate::io::certificate;
use crate::io::file::write_new;
use crate::io::keys::PublicKeyFile;
use crate::service::certificates::{self, CertificateError, Certified, Verification};

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
    crate::boot::load_pack_to_run(ctx.content_dir.as_deref())
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
    let mut store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let key_dir = match certificates::key_dir() {
        Ok(d) => d,
        Err(e) => return ctx.fail(&e.msg()),
    };
    let pack = pack_or_empty(ctx);
    let found = match certificates::find_person(&store, person) {
        Ok(Some(p)) => p,
        Ok(None) => {
            return ctx.fail(&CertificateError::UnknownPerson(person.trim().to_string()).msg())
        }
        Err(e) => return ctx.fail(&e.msg()),
    };
    let data = match certificates::issue(&mut store, &pack, ctx.lang, &key_dir, &found.id, course) {
        Ok(d) => d,
        Err(e) => return ctx.fail(&e.msg()),
    };
    super::bundle::tell_if_copied(ctx, &store);
    let text = match pick_format(format, out) {
        CertificateFormat::Txt => certificate::text(&data, ctx.i18n()),
        CertificateFormat::Html => {
            certificate::html(&data, ctx.i18n(), crate::service::learning::today())
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

/// What `verify-certificate` was given to check.
pub enum VerifyInput<'a> {
    Code(&'a str),
    QrText(&'a str),
    QrFile(&'a Path),
}

pub fn verify(ctx: &Context, input: VerifyInput<'_>, key_file: Option<&Path>) -> ExitCode {
    let pack = pack_or_empty(ctx);
    let key_dir = certificates::key_dir().ok();
    let text = match input {
        VerifyInput::Code(code) => {
            if let Err(code) = require_database(ctx) {
                return code;
            }
            let store = match open_store(ctx) {
                Ok(s) => s,
                Err(code) => return code,
            };
            return match certificates::verify(&store, &pack, ctx.lang, key_dir.as_deref(), code) {
                Ok((shown, result)) => report(ctx, &shown, &result),
                Err(e) => ctx.fail(&e.msg()),
            };
        }
        VerifyInput::QrText(t) => t.to_string(),
        VerifyInput::QrFile(path) => match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                return ctx.fail(
                    &Msg::new("cert-qr-file-unreadable")
                        .arg("file", path.display())
                        .arg("detail", e),
                )
            }
        },
    };
    let key = match key_file.map(PublicKeyFile::read).transpose() {
        Ok(k) => k,
        Err(e) => return ctx.fail(&Msg::new("cert-key-failed").arg("detail", e)),
    };
    // The keys this database pinned for other databases (trainer trust, merges), when there
    // is a database here: a certificate from a pinned database verifies without --key.
    let pinned = if ctx.db_path.is_file() {
        match open_store(ctx).map(|s| s.trusted_keys()) {
            Ok(Ok(keys)) => keys,
            Ok(Err(e)) => return ctx.fail(&e.msg()),
            Err(code) => return code,
        }
    } else {
        Vec::new()
    };
    let pinned: Vec<(String, ed25519_dalek::VerifyingKey)> = pinned
        .into_iter()
        .filter_map(|k| {
            let key = crate::domain::signing::public_key_from_text(k.public_key.as_deref()?)?;
            Some((k.db_id?, key))
        })
        .collect();
    match certificates::verify_qr(
        &pack,
        ctx.lang,
        key_dir.as_deref(),
        key.as_ref(),
        &pinned,
        &text,
    ) {
        Ok(v) => report(ctx, "", &v),
        Err(e) => ctx.fail(&e.msg()),
    }
}

/// The lines of a certificate's payload, indented.
fn payload_block(ctx: &Context, c: &Certified) -> String {
    certificate::payload_lines(&c.payload, &c.course_title, ctx.i18n())
        .into_iter()
        .map(|(k, v)| format!("  {k}: {v}\n"))
        .collect()
}

/// The verdict on standard output when valid, else on standard error; one exit code each.
fn report(ctx: &Context, shown: &str, result: &Verification) -> ExitCode {
    let exit = ExitCode::from(result.exit_code());
    match result {
        Verification::Valid(c) => {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(
                stdout,
                "{}",
                ctx.say(
                    &Msg::new("cert-verify-valid")
                        .arg("code", &c.code)
                        .arg("fingerprint", &c.fingerprint)
                )
            );
            let _ = write!(stdout, "{}", payload_block(ctx, c));
        }
        Verification::RecordChanged { issued, now } => {
            eprintln!(
                "danvan: {}",
                ctx.say(&Msg::new("cert-verify-changed").arg("code", &issued.code))
            );
            eprintln!("{}", ctx.i18n().t("cert-verify-as-issued"));
            eprint!("{}", payload_block(ctx, issued));
            match now {
                Some(now) => {
                    eprintln!("{}", ctx.i18n().t("cert-verify-now"));
                    let now = Certified {
                        payload: now.clone(),
                        ..issued.clone()
                    };
                    eprint!("{}", payload_block(ctx, &now));
                }
                None => eprintln!("{}", ctx.i18n().t("cert-verify-now-gone")),
            }
        }
        Verification::Mistyped(m) => {
            let kind = match m {
                crate::domain::certificate_code::Mistyped::Empty => "empty",
                crate::domain::certificate_code::Mistyped::BadCharacter { .. } => "bad-symbol",
                crate::domain::certificate_code::Mistyped::WrongLength { .. } => "wrong-length",
                crate::domain::certificate_code::Mistyped::WrongPrefix => "wrong-prefix",
                crate::domain::certificate_code::Mistyped::CheckFailed => "check",
            };
            let msg = if shown.is_empty() {
                Msg::new("cert-verify-qr-damaged")
            } else {
                let mut msg = Msg::new("cert-verify-mistyped")
                    .arg("code", shown)
                    .arg("kind", kind);
                if let crate::domain::certificate_code::Mistyped::BadCharacter {
                    character,
                    position,
                } = m
                {
                    // A control character would be stripped from the message: name it instead.
                    let shown = if character.is_control()
                        || crate::domain::text::is_bidi_control(*character)
                    {
                        format!("U+{:04X}", u32::from(*character))
                    } else {
                        character.to_string()
                    };
                    msg = msg.arg("character", shown).arg("position", *position);
                }
                if let crate::domain::certificate_code::Mistyped::WrongLength { symbols } = m {
                    msg = msg.arg("symbols", *symbols);
                }
                msg
            };
            eprintln!("danvan: {}", ctx.say(&msg));
        }
        Verification::OldFormat => {
            eprintln!(
                "danvan: {}",
                ctx.say(&Msg::new("cert-verify-old-format").arg("code", shown))
            );
        }
        Verification::Unknown => {
            eprintln!(
                "danvan: {}",
                ctx.say(&Msg::new("cert-verify-unknown").arg("code", shown))
            );
        }
        Verification::Withdrawn {
            issued_at,
            withdrawn_at,
        } => {
            eprintln!(
                "danvan: {}",
                ctx.say(
                    &Msg::new("cert-verify-withdrawn")
                        .arg("code", shown)
                        .arg("issued", crate::domain::present::local_date(issued_at))
                        .arg(
                            "withdrawn",
                            crate::domain::present::local_date(withdrawn_at)
                        )
                )
            );
        }
        Verification::SignatureInvalid => {
            eprintln!("danvan: {}", ctx.say(&Msg::new("cert-verify-signature")));
        }
        Verification::UnknownIssuer {
            issuer_db,
            fingerprint,
        } => {
            eprintln!(
                "danvan: {}",
                ctx.say(&Msg::new("cert-verify-unknown-issuer").arg("database", issuer_db))
            );
            if !fingerprint.is_empty() {
                eprintln!("  {}: {fingerprint}", ctx.i18n().t("cert-fingerprint"));
            }
        }
    }
    exit
}

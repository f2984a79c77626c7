//! Records that travel as files: the JSON records bundle and xAPI statements (exports, written to
//! `--out` — never overwritten — or standard output), and `danvan merge FILE...`, which merges
//! bundles from other machines behind the trainer's passphrase, each file all or nothing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::boot::{open_store, refuse_existing_output, require_database, Context};
use crate::domain::bundle::{BundleCounts, BundleFilter};
use crate::domain::i18n::Msg;
use crate::service::bundles::{self, SignedExportError};
use crate::store::merge::MergeSummary;
use crate::store::Store;

/// A date argument as ISO `yyyy-mm-dd` (also accepted: dd/mm/yyyy).
fn date_arg(ctx: &Context, flag: &str, value: Option<&str>) -> Result<Option<String>, ExitCode> {
    match value {
        None => Ok(None),
        Some(v) => match crate::domain::text::parse_date(v) {
            Some(d) => Ok(Some(d)),
            None => Err(ctx.fail(
                &Msg::new("bundle-bad-date")
                    .arg("flag", flag)
                    .arg("value", v),
            )),
        },
    }
}

/// Check the filter's parts and open the database they apply to (an export never creates one).
pub(super) fn prepare(
    ctx: &Context,
    unit: Option<&str>,
    course: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    out: Option<&Path>,
) -> Result<(Store, BundleFilter), ExitCode> {
    let from = date_arg(ctx, "--from", from)?;
    let to = date_arg(ctx, "--to", to)?;
    if let (Some(f), Some(t)) = (&from, &to) {
        if f > t {
            return Err(ctx.fail(&Msg::new("bundle-bad-range").arg("from", f).arg("to", t)));
        }
    }
    refuse_existing_output(ctx, out)?;
    require_database(ctx)?;
    let store = open_store(ctx)?;
    if let Some(code) = unit {
        match store.unit_by_code(code) {
            Ok(Some(_)) => {}
            Ok(None) => return Err(ctx.fail(&Msg::new("bundle-unknown-unit").arg("code", code))),
            Err(e) => return Err(ctx.fail(&e.msg())),
        }
    }
    if let Some(course) = course {
        let in_pack = crate::boot::load_pack_to_run(ctx.content_dir.as_deref())
            .ok()
            .and_then(|l| l.pack)
            .is_some_and(|p| p.course(course).is_some());
        let in_records = store.course_has_records(course).unwrap_or(false);
        if !in_pack && !in_records {
            return Err(ctx.fail(&Msg::new("bundle-unknown-course").arg("course", course)));
        }
    }
    let filter = BundleFilter {
        unit: unit.map(str::to_string),
        course: course.map(str::to_string),
        from,
        to,
    };
    Ok((store, filter))
}

/// `danvan export json`: the records bundle, signed (format 2) with this database's key, and
/// with `recipient` sealed (age, X25519) so only that database can read it.
pub fn export_json(
    ctx: &Context,
    unit: Option<&str>,
    course: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    out: Option<&Path>,
    recipient: Option<&str>,
) -> ExitCode {
    export_json_with(
        ctx,
        &JsonExport {
            unit,
            course,
            from,
            to,
            out,
            recipient,
            since: None,
            compress: false,
        },
    )
}

/// The options of `danvan export --format json`.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonExport<'a> {
    pub unit: Option<&'a str>,
    pub course: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub out: Option<&'a Path>,
    /// Seal for this database (its public key file, or a pinned key's fingerprint).
    pub recipient: Option<&'a str>,
    /// `last` or a sequence number: only the owners changed since (`service::bundle_delta`).
    pub since: Option<&'a str>,
    /// gzip the signed bundle (before sealing).
    pub compress: bool,
}

/// `danvan export json` with every option: a full or delta bundle, signed, compressed and
/// sealed as asked. An export to a recipient with no filter remembers what it sent, once the
/// file is written whole.
pub fn export_json_with(ctx: &Context, o: &JsonExport<'_>) -> ExitCode {
    use crate::service::bundle_delta::{self, Since};
    let filtered = o.unit.is_some() || o.course.is_some() || o.from.is_some() || o.to.is_some();
    let since = match o.since {
        None => None,
        Some(_) if filtered => return ctx.fail(&Msg::new("bundle-since-with-filter")),
        Some(text) => match Since::parse(text) {
            Some(Since::Last) if o.recipient.is_none() => {
                return ctx.fail(&Msg::new("bundle-since-last-needs-recipient"))
            }
            Some(s) => Some(s),
            None => return ctx.fail(&Msg::new("bundle-since-bad").arg("value", text)),
        },
    };
    let (store, filter) = match prepare(ctx, o.unit, o.course, o.from, o.to, o.out) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let Some(key_dir) = bundles::key_dir() else {
        return ctx.fail(&Msg::new("bundle-no-key-dir"));
    };
    let sealed_for = match o.recipient {
        None => None,
        Some(given) => match crate::io::seal::resolve_recipient(given, |fp| {
            crate::io::keys::known_public_key(&key_dir, fp)
        }) {
            Ok(file) => Some(file),
            Err(e) => {
                return ctx.fail(
                    &Msg::new("bundle-recipient-unknown")
                        .arg("given", given)
                        .arg("detail", e),
                )
            }
        },
    };
    let recipient_db = sealed_for.as_ref().map(|f| f.database_id.clone());
    // The mark is taken before the records are read: what is written meanwhile goes next time.
    let (records, range) = match since {
        Some(since) => match bundle_delta::plan(&store, since, recipient_db.as_deref()) {
            Ok(r) => (
                bundles::Records::Changed {
                    since: r.since,
                    through: r.through,
                },
                Some(r),
            ),
            Err(m) => return ctx.fail(&m),
        },
        None => (bundles::Records::Filtered(&filter), None),
    };
    let full_mark = match (&recipient_db, range, filtered) {
        (Some(_), None, false) => match bundle_delta::mark(&store) {
            Ok(m) => Some(m),
            Err(m) => return ctx.fail(&m),
        },
        _ => None,
    };
    // Streamed to the file or standard output as the records are read (compressed, then
    // sealed, on the way), never gathered whole. The signature is over the bundle's own bytes.
    let sealing_failed = |e: crate::io::seal::SealError| match e {
        crate::io::seal::SealError::Io(e) => SignedExportError::Write(e),
        e => SignedExportError::Failed(Msg::new("bundle-write-failed").arg("detail", e)),
    };
    let signed = |w: &mut dyn Write| -> std::result::Result<BundleCounts, SignedExportError> {
        if o.compress {
            let z = crate::io::compress::gzip(w);
            let (counts, signed, _) =
                bundles::export_records_streaming(&store, records, &key_dir, z)?;
            signed.out.finish().map_err(SignedExportError::Write)?;
            Ok(counts)
        } else {
            bundles::export_records_streaming(&store, records, &key_dir, w).map(|r| r.0)
        }
    };
    let export = |w: &mut dyn Write| -> std::result::Result<BundleCounts, SignedExportError> {
        match &sealed_for {
            None => signed(w),
            Some(to) => {
                let mut sealing =
                    crate::io::seal::SealWriter::new(w, to).map_err(sealing_failed)?;
                let counts = signed(&mut sealing)?;
                sealing.finish().map_err(sealing_failed)?;
                Ok(counts)
            }
        }
    };
    let said_sealing = || match &sealed_for {
        Some(to_file) => eprintln!(
            "{}",
            ctx.say(
                &Msg::new("bundle-sealed-for")
                    .arg("db", &to_file.database_id)
                    .arg("fingerprint", to_file.fingerprint())
            )
        ),
        // Names, staff codes and scores are personal data: say who can read the file.
        None => eprintln!(
            "warning: {}",
            ctx.say(&Msg::new("bundle-readable-by-anyone"))
        ),
    };
    // Once the file is whole: what the recipient now has, and where the next delta starts.
    let finished = || -> Result<(), ExitCode> {
        tell_if_copied(ctx, &store);
        said_sealing();
        let through = range.map(|r| r.through).or(full_mark);
        if let (Some(db), Some(through)) = (&recipient_db, through) {
            bundle_delta::remember(&store, db, through).map_err(|m| ctx.fail(&m))?;
        }
        if let Some(r) = range {
            // "--since last" is offered only where a recipient remembers the mark.
            let msg = Msg::new("bundle-delta-range")
                .arg("since", r.since)
                .arg("through", r.through)
                .arg(
                    "recipient",
                    if recipient_db.is_some() { "yes" } else { "no" },
                );
            eprintln!("{}", ctx.say(&msg));
        }
        Ok(())
    };
    let written = |c: &BundleCounts| {
        Msg::new("bundle-written")
            .arg("people", c.people)
            .arg("attempts", c.attempts)
            .arg("assessments", c.assessments)
    };
    match o.out {
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            match export(&mut stdout) {
                Ok(_) => match stdout.flush() {
                    Ok(()) => match finished() {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(code) => code,
                    },
                    Err(e) => stdout_failed(ctx, e),
                },
                Err(SignedExportError::Write(e)) => stdout_failed(ctx, e),
                Err(SignedExportError::Failed(msg)) => ctx.fail(&msg),
            }
        }
        Some(path) => {
            let mut failure = None;
            let result = crate::io::file::write_new_with(path, |w| match export(w) {
                Ok(counts) => Ok(counts),
                // The file's own failure: reported with its name.
                Err(SignedExportError::Write(e)) => Err(e),
                Err(SignedExportError::Failed(msg)) => {
                    failure = Some(msg);
                    Err(std::io::Error::other("export"))
                }
            });
            match (result, failure) {
                (_, Some(msg)) => ctx.fail(&msg),
                (Ok(counts), None) => {
                    if let Err(code) = finished() {
                        return code;
                    }
                    let msg = written(&counts).arg("file", path.display());
                    eprintln!("{}", ctx.say(&msg));
                    ExitCode::SUCCESS
                }
                (Err(e), None) => ctx.fail(&e.msg()),
            }
        }
    }
}

/// Standard output failed: a reader that stopped early (`| head`) is no error of ours.
fn stdout_failed(ctx: &Context, e: std::io::Error) -> ExitCode {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    ctx.fail(
        &Msg::new("report-write-failed")
            .arg("file", "-")
            .arg("cause", crate::domain::i18n::io_cause(&e))
            .arg("detail", e),
    )
}

/// Whether a home page is a web address (`http://` or `https://`, something after, no spaces).
pub(super) fn valid_homepage(home: &str) -> bool {
    ["http://", "https://"]
        .iter()
        .any(|p| home.len() > p.len() && home.to_ascii_lowercase().starts_with(p))
        && !home.contains(char::is_whitespace)
}

/// `danvan export xapi`: xAPI 1.0.3 statements, one JSON array.
pub fn export_xapi(
    ctx: &Context,
    unit: Option<&str>,
    course: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    homepage: &str,
    out: Option<&Path>,
) -> ExitCode {
    let home = homepage.trim();
    if !valid_homepage(home) {
        return ctx.fail(&Msg::new("bundle-bad-homepage").arg("value", homepage));
    }
    let pack = match crate::boot::load_pack(ctx) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (store, filter) = match prepare(ctx, unit, course, from, to, out) {
        Ok(x) => x,
        Err(code) => return code,
    };
    // Streamed to the file or standard output as built, not gathered into one string.
    let write = |w: &mut dyn std::io::Write| bundles::write_xapi(&store, &pack, &filter, home, w);
    match out {
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut stdout).map(|r| r.and_then(|_| stdout.flush())) {
                Ok(Ok(())) => ExitCode::SUCCESS,
                Err(e) => ctx.fail(&e.msg()),
                // The reader stopped early (`| head`): not an error of ours.
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Ok(Err(e)) => ctx.fail(
                    &Msg::new("report-write-failed")
                        .arg("file", "-")
                        .arg("cause", crate::domain::i18n::io_cause(&e))
                        .arg("detail", e),
                ),
            }
        }
        Some(path) => {
            let mut db_error = None;
            let result = crate::io::file::write_new_with(path, |w| match write(w) {
                Ok(r) => r,
                Err(e) => {
                    db_error = Some(e);
                    Err(std::io::Error::other("database"))
                }
            });
            match (result, db_error) {
                (_, Some(e)) => ctx.fail(&e.msg()),
                (Ok(n), None) => {
                    let written = Msg::new("bundle-xapi-written")
                        .arg("count", n)
                        .arg("file", path.display());
                    eprintln!("{}", ctx.say(&written));
                    ExitCode::SUCCESS
                }
                (Err(e), None) => ctx.fail(&e.msg()),
            }
        }
    }
}

/// `danvan merge FILE...`: each file merged whole or not at all; exit 1 when any file (or any
/// record in one) was refused. Format 1 (unsigned) files only with `--unsigned`.
pub fn merge(ctx: &Context, files: &[PathBuf], unsigned: bool, accept_new_key: bool) -> ExitCode {
    let mut store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Err(code) = super::trainer::require(ctx, &store) {
        return code;
    }
    let pack = crate::boot::load_pack_to_run(ctx.content_dir.as_deref())
        .ok()
        .and_then(|l| l.pack);
    let mut refused = false;
    for file in files {
        if !merge_file(
            ctx,
            &mut store,
            file,
            unsigned,
            accept_new_key,
            pack.as_ref(),
        ) {
            refused = true;
        }
    }
    if refused {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Merge one file and report it; false when it (or one of its records) was refused.
fn merge_file(
    ctx: &Context,
    store: &mut Store,
    file: &Path,
    unsigned: bool,
    accept_new_key: bool,
    pack: Option<&crate::domain::content::Pack>,
) -> bool {
    let name = file.display();
    let options = bundles::MergeOptions {
        unsigned,
        pack,
        accept_new_key,
    };
    let merged = super::job::run(ctx, |p| {
        p.watch(|h| bundles::merge_file_watched(store, file, options, h))
    });
    match merged {
        Ok(merged) => {
            match merged.signed_by {
                Some(fp) => {
                    println!(
                        "{}",
                        ctx.say(&Msg::new("merge-signed-by").arg("fingerprint", fp))
                    );
                    if let Some(k) = merged.summary.key.as_ref().filter(|k| k.pinned) {
                        println!(
                            "{}",
                            ctx.say(
                                &Msg::new("merge-key-pinned")
                                    .arg("fingerprint", &k.fingerprint)
                                    .arg("db", &merged.summary.source_db)
                                    .arg("how", ctx.i18n().t(&format!("trust-how-{}", k.how)))
                            )
                        );
                    }
                }
                None => eprintln!(
                    "{name}: warning: {}",
                    ctx.say(&Msg::new("merge-unsigned-warning"))
                ),
            }
            // Logged like the TUI's merges (the trainer's audit trail).
            let _ = store.log_action("merge", &file.display().to_string());
            print_summary(ctx, file, &merged.summary);
            merged.summary.refused_records.is_empty()
        }
        Err(r) => {
            let place = match (r.line, r.column) {
                (Some(l), Some(c)) => format!("{name}:{l}:{c}"),
                (Some(l), None) => format!("{name}:{l}"),
                _ => name.to_string(),
            };
            let mut msg = r.msg.clone();
            // A rule is named by its Fluent id: say it in words.
            for (name, value) in msg.args.iter_mut() {
                if *name == "rule" {
                    *value = ctx.i18n().t(value);
                }
            }
            eprintln!("{place}: error: {}", ctx.say(&msg));
            eprintln!(
                "{name}: error: {}",
                ctx.say(&Msg::new("merge-nothing-changed"))
            );
            false
        }
    }
}

pub(super) fn print_summary(ctx: &Context, file: &Path, s: &MergeSummary) {
    let name = file.display();
    let mut err = std::io::stderr().lock();
    for r in &s.refused_records {
        let _ = writeln!(
            err,
            "{name}: error: {}",
            ctx.say(
                &Msg::new("merge-refused-record")
                    .arg("table", r.table)
                    .arg("key", &r.key)
                    .arg("why", ctx.say(&r.why))
            )
        );
    }
    for h in &s.held {
        let _ = writeln!(
            err,
            "{name}: warning: {}",
            ctx.say(
                &Msg::new("merge-held-record")
                    .arg("table", h.kind)
                    .arg("key", &h.record_id)
                    .arg("rule", ctx.i18n().t(&format!("trust-rule-{}", h.rule)))
                    .arg("id", h.pending_id)
            )
        );
    }
    for k in &s.skewed {
        let _ = writeln!(
            err,
            "{name}: warning: {}",
            ctx.say(
                &Msg::new("merge-clock-skew")
                    .arg("table", k.kind)
                    .arg("key", &k.record_id)
                    .arg("at", &k.at)
            )
        );
    }
    for c in &s.conflicts {
        let id = if c.new {
            "merge-conflict"
        } else {
            "merge-conflict-known"
        };
        let _ = writeln!(
            err,
            "{name}: warning: {}",
            ctx.say(
                &Msg::new(id)
                    .arg("unit", &c.unit_code)
                    .arg("year", c.year)
                    .arg("id", &c.id)
            )
        );
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}",
        ctx.say(
            &Msg::new("merge-summary")
                .arg("file", name)
                .arg("source", &s.source_db)
        )
    );
    let mut any = false;
    for (table, c) in s.tables() {
        if c.added + c.updated + c.skipped == 0 {
            continue;
        }
        any = true;
        let label = match table {
            "units" => "merge-table-units",
            "people" => "merge-table-people",
            "lesson_progress" => "merge-table-progress",
            "course_completions" => "merge-table-completions",
            "attempts" => "merge-table-attempts",
            "answers" => "merge-table-answers",
            "assessments" => "merge-table-assessments",
            _ => "merge-table-versions",
        };
        let _ = writeln!(
            out,
            "  {}",
            ctx.say(
                &Msg::new("merge-table-line")
                    .arg("table", ctx.i18n().t(label))
                    .arg("added", c.added)
                    .arg("updated", c.updated)
                    .arg("skipped", c.skipped)
            )
        );
    }
    if !any {
        let _ = writeln!(out, "  {}", ctx.i18n().t("merge-empty"));
    }
    if !s.held.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            ctx.say(&Msg::new("merge-held-count").arg("count", s.held.len()))
        );
    }
    if s.became_demo {
        let _ = writeln!(out, "  {}", ctx.i18n().t("merge-became-demo"));
    }
    if !s.changed() {
        let _ = writeln!(out, "  {}", ctx.i18n().t("merge-no-change"));
    }
}

/// Once, after the first signing on a machine this database was copied to: say that it is a
/// database of its own now (on standard error).
pub(super) fn tell_if_copied(ctx: &Context, store: &Store) {
    if let Ok(Some(old)) = store.take_copied_notice() {
        let id = store.database_id().unwrap_or_default();
        eprintln!(
            "{}",
            ctx.say(
                &Msg::new("bundle-copied-database")
                    .arg("old", old)
                    .arg("new", id)
            )
        );
    }
}

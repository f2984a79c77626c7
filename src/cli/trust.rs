//! `danvan trainer trust FINGERPRINT|FILE [--collector]` and `danvan trainer keys` (the keys
//! pinned for other databases), and `danvan conflicts [accept ID | reject ID]` (the records
//! merges held back). Changes are behind the trainer's passphrase and logged.

use std::path::Path;
use std::process::ExitCode;

use crate::boot::{open_store, require_database, Context};
use crate::domain::i18n::Msg;
use crate::domain::signing::{self, KeyFingerprint};
use crate::io::keys::PublicKeyFile;
use crate::service::bundles;
use crate::store::trust::{COLLECTOR, SOURCE};

use super::ConflictsAction;

/// Pin a key: from a public key file when `key` names one, else a fingerprint as typed.
pub fn trust(ctx: &Context, key: &str, collector: bool) -> ExitCode {
    let mut store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Err(code) = super::trainer::require(ctx, &store) {
        return code;
    }
    let path = Path::new(key);
    let (fingerprint, public_key, db_id) = if path.is_file() {
        match PublicKeyFile::read(path) {
            Ok(f) => {
                // Kept beside this database's keys, so `export --recipient FINGERPRINT` can
                // seal bundles for that database later.
                if let Some(dir) = bundles::key_dir() {
                    if let Err(e) = crate::io::keys::save_known_public_key(&dir, &f) {
                        return ctx.fail(&Msg::new("bundle-key-failed").arg("detail", e));
                    }
                }
                (
                    f.fingerprint(),
                    Some(signing::public_key_to_text(&f.signing)),
                    Some(f.database_id),
                )
            }
            Err(e) => {
                return ctx.fail(
                    &Msg::new("trust-bad-file")
                        .arg("file", path.display())
                        .arg("detail", e),
                )
            }
        }
    } else {
        match KeyFingerprint::parse(key) {
            Ok(fp) => (fp, None, None),
            Err(e) => {
                return ctx.fail(
                    &Msg::new("trust-bad-fingerprint")
                        .arg("value", key)
                        .arg("detail", e),
                )
            }
        }
    };
    let role = if collector { COLLECTOR } else { SOURCE };
    let fp = fingerprint.to_string();
    if let Err(e) = store.trust_key(&fp, public_key.as_deref(), db_id.as_deref(), role) {
        return ctx.fail(&e.msg());
    }
    println!(
        "{}",
        ctx.say(
            &Msg::new("trust-pinned")
                .arg("fingerprint", fp)
                .arg("db", db_id.unwrap_or_else(|| "-".into()))
                .arg("role", ctx.i18n().t(&format!("trust-role-{role}")))
        )
    );
    ExitCode::SUCCESS
}

/// The pinned keys, one a line: fingerprint, database, role, how, date.
pub fn keys(ctx: &Context) -> ExitCode {
    if let Err(code) = require_database(ctx) {
        return code;
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let keys = match store.trusted_keys() {
        Ok(k) => k,
        Err(e) => return ctx.fail(&e.msg()),
    };
    if keys.is_empty() {
        println!("{}", ctx.i18n().t("trust-none"));
        return ExitCode::SUCCESS;
    }
    println!("{}", ctx.i18n().t("trust-keys-header"));
    for k in keys {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            k.fingerprint,
            k.db_id.as_deref().unwrap_or("-"),
            ctx.i18n().t(&format!("trust-role-{}", k.role)),
            ctx.i18n().t(&format!("trust-how-{}", k.how)),
            crate::domain::present::local_date(&k.pinned_at)
        );
    }
    ExitCode::SUCCESS
}

/// `danvan conflicts`: list the held records, or accept or reject one.
pub fn conflicts(ctx: &Context, action: Option<ConflictsAction>) -> ExitCode {
    if let Err(code) = require_database(ctx) {
        return code;
    }
    let mut store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some(action) = action else {
        let pending = match store.pending_records() {
            Ok(p) => p,
            Err(e) => return ctx.fail(&e.msg()),
        };
        if pending.is_empty() {
            println!("{}", ctx.i18n().t("conflicts-none"));
            return ExitCode::SUCCESS;
        }
        println!("{}", ctx.i18n().t("conflicts-header"));
        for p in pending {
            println!(
                "{}\t{}\t{}\t{} {}\t{}\t{}\t{}",
                p.id,
                p.bundle,
                p.source_db,
                p.kind,
                p.record_id,
                p.person_name.as_deref().unwrap_or("-"),
                ctx.i18n().t(&format!("trust-rule-{}", p.rule)),
                crate::domain::present::local_date(&p.found_at)
            );
        }
        return ExitCode::SUCCESS;
    };
    if let Err(code) = super::trainer::require(ctx, &store) {
        return code;
    }
    match action {
        ConflictsAction::Reject { id } => match store.reject_pending(id) {
            Ok(true) => {
                println!("{}", ctx.say(&Msg::new("conflicts-rejected").arg("id", id)));
                ExitCode::SUCCESS
            }
            Ok(false) => ctx.fail(&Msg::new("conflicts-unknown").arg("id", id)),
            Err(e) => ctx.fail(&e.msg()),
        },
        ConflictsAction::Accept { id } => {
            let pack = crate::boot::load_pack_to_run(ctx.content_dir.as_deref())
                .ok()
                .and_then(|l| l.pack);
            let bundle = store
                .pending_record(id)
                .ok()
                .flatten()
                .map(|p| p.bundle)
                .unwrap_or_default();
            match bundles::accept_pending(&mut store, id, pack.as_ref()) {
                Ok(summary) => {
                    println!("{}", ctx.say(&Msg::new("conflicts-accepted").arg("id", id)));
                    super::bundle::print_summary(ctx, Path::new(&bundle), &summary);
                    ExitCode::SUCCESS
                }
                Err(bundles::AcceptError::Unknown) => {
                    ctx.fail(&Msg::new("conflicts-unknown").arg("id", id))
                }
                Err(bundles::AcceptError::Refused(r)) => {
                    let mut msg = r.msg.clone();
                    for (name, value) in msg.args.iter_mut() {
                        if *name == "rule" {
                            *value = ctx.i18n().t(value);
                        }
                    }
                    ctx.fail(
                        &Msg::new("conflicts-accept-refused")
                            .arg("id", id)
                            .arg("detail", ctx.say(&msg)),
                    )
                }
            }
        }
    }
}

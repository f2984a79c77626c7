//! What both faces of the kit need before they start: the context (database path, content folder,
//! language), the pack loaded and the store opened, each failure reported in the user's language.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fluent_bundle::FluentValue;

use crate::domain::content::{self, Diagnostic, Pack, Severity};
use crate::domain::i18n::{I18n, Lang, Msg};
use crate::store::{self, Store};

/// What every command needs: where things are and how to speak.
pub struct Context {
    pub db_path: PathBuf,
    pub content_dir: Option<PathBuf>,
    pub lang: Lang,
    /// True when the language came from the flag or the environment (not to be overridden by the saved one).
    pub lang_forced: bool,
    /// Built on first use: the kit's screens build their own, and parsing the messages costs
    /// about a millisecond of every start.
    i18n: std::cell::OnceCell<I18n>,
}

impl Context {
    /// The context for a database and content folder; the language is the one asked for, else
    /// the one saved in the database, else Vietnamese.
    pub fn new(db_path: PathBuf, content_dir: Option<PathBuf>, lang: Option<Lang>) -> Context {
        let lang_forced = lang.is_some();
        let lang = lang
            .or_else(|| {
                store::settings::read_setting_of_file(&db_path, store::settings::LANGUAGE)
                    .and_then(|v| Lang::parse(&v))
            })
            .unwrap_or_default();
        Context::with_lang(db_path, content_dir, lang, lang_forced)
    }

    /// The context before its language is settled: the one asked for, else Vietnamese until
    /// the database says otherwise. The kit's screens read the saved language from the store
    /// they open anyway; reading it here first would cost a connection of its own.
    pub fn unsettled(
        db_path: PathBuf,
        content_dir: Option<PathBuf>,
        lang: Option<Lang>,
    ) -> Context {
        let forced = lang.is_some();
        Context::with_lang(db_path, content_dir, lang.unwrap_or_default(), forced)
    }

    /// This context in `lang`, as read from the opened store (or asked for).
    pub fn settled(self, lang: Lang) -> Context {
        Context::with_lang(self.db_path, self.content_dir, lang, self.lang_forced)
    }

    /// This context in the language saved in its database file, unless one was asked for: for
    /// saying why the store did not open, in the language the user chose before.
    pub fn with_saved_lang(self) -> Context {
        let asked = self.lang_forced.then_some(self.lang);
        Context::new(self.db_path, self.content_dir, asked)
    }

    /// The context with its language settled (`forced` as for `lang_forced`).
    pub fn with_lang(
        db_path: PathBuf,
        content_dir: Option<PathBuf>,
        lang: Lang,
        forced: bool,
    ) -> Context {
        Context {
            db_path,
            content_dir,
            lang,
            lang_forced: forced,
            i18n: std::cell::OnceCell::new(),
        }
    }

    /// The messages in the context's language.
    pub fn i18n(&self) -> &I18n {
        self.i18n.get_or_init(|| I18n::new(self.lang))
    }

    /// A message as printed: whatever its arguments hold (a typed code, a value read from a
    /// file), no control character but line breaks and tabs reaches the terminal.
    pub fn say(&self, m: &Msg) -> String {
        crate::domain::text::strip_controls(&self.i18n().msg(m), true)
    }

    /// Report a user or data error on stderr; the caller exits with 1.
    pub fn fail(&self, m: &Msg) -> ExitCode {
        eprintln!("danvan: {}", self.say(m));
        ExitCode::from(1)
    }
}

/// A content diagnostic as `path:line:col: error: message`, in the context's language.
pub fn render_diagnostic(ctx: &Context, d: &Diagnostic) -> String {
    let args: Vec<(&str, FluentValue)> = d
        .args
        .iter()
        .map(|(k, v)| (*k, FluentValue::from(v.clone())))
        .collect();
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "{}:{}:{}: {sev}: {}",
        d.path,
        d.line,
        d.col,
        ctx.i18n().ta(d.code, &args)
    )
}

/// The built-in pack as `build.rs` compiled it: checked, NFC, in the compact form.
static COMPILED_PACK: &str = include_str!(concat!(env!("OUT_DIR"), "/pack.json"));

/// The pack a command or the TUI runs on: a folder's loaded in full (`--content`), the built-in
/// one read from its compact form (checked when the binary was built), not from its TOML.
pub fn load_pack_to_run(dir: Option<&Path>) -> std::io::Result<content::Loaded> {
    match dir {
        Some(_) => content::load_pack_to_run(dir),
        None => Ok(match content::build::decode(COMPILED_PACK) {
            Ok(pack) => content::Loaded {
                pack: Some(pack),
                diagnostics: Vec::new(),
            },
            // Written by this very build, so it reads back; should it not, the TOML still does.
            Err(_) => content::load_pack_to_run(None)?,
        }),
    }
}

/// Load the pack for a command, printing its errors when it does not load.
pub fn load_pack(ctx: &Context) -> Result<Pack, ExitCode> {
    pack_or_report(ctx, load_pack_to_run(ctx.content_dir.as_deref()))
}

/// The pack that was loaded, or its errors printed (for a pack loaded on another thread).
pub fn pack_or_report(
    ctx: &Context,
    loaded: std::io::Result<content::Loaded>,
) -> Result<Pack, ExitCode> {
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => return Err(ctx.fail(&Msg::new("content-read-failed").arg("detail", e))),
    };
    match loaded.pack {
        Some(p) => Ok(p),
        None => {
            let mut err = std::io::stderr().lock();
            for d in loaded.errors() {
                let _ = writeln!(err, "{}", render_diagnostic(ctx, d));
            }
            let _ = writeln!(err, "danvan: {}", ctx.i18n().t("content-invalid"));
            Err(ExitCode::from(1))
        }
    }
}

/// Open (or create) the database.
pub fn open_store(ctx: &Context) -> Result<Store, ExitCode> {
    Store::open(&ctx.db_path).map_err(|e| ctx.fail(&e.msg()))
}

/// Refuse to go on without an existing database: commands that read records never create one.
pub fn require_database(ctx: &Context) -> Result<(), ExitCode> {
    if store::is_empty_file(&ctx.db_path) {
        // SQLite would quietly make an empty file a new database: not a command that reads.
        Err(ctx.fail(&Msg::new("store-empty-file").arg("path", ctx.db_path.display())))
    } else if ctx.db_path.exists() {
        Ok(())
    } else {
        Err(ctx.fail(&Msg::new("store-missing").arg("path", ctx.db_path.display())))
    }
}

/// Refuse an output file that exists already: nothing a command writes replaces a file.
pub fn refuse_existing_output(ctx: &Context, out: Option<&Path>) -> Result<(), ExitCode> {
    match out {
        Some(path) if path.exists() => {
            Err(ctx.fail(&Msg::new("report-out-exists").arg("file", path.display())))
        }
        _ => Ok(()),
    }
}

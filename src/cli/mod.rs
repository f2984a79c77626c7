//! The command line: global options, subcommands, and dispatch. Each subcommand is a thin
//! layer over the same library calls the TUI makes.

pub mod bundle;
mod certificate;
mod check;
mod data;
mod demo;
mod export_gift;
mod import_gift;
mod job;
mod push;
mod quiz_plain;
mod read_plain;
pub mod records_export;
mod report;
mod roster;
mod stats;
pub mod trainer;
pub mod trust;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::boot::Context;
use crate::domain::i18n::{I18n, Lang};
use crate::store;

#[derive(Parser, Debug)]
#[command(
    name = "danvan",
    version,
    about = "Training and self-assessment kit for dân vận and grassroots democracy"
)]
pub struct Cli {
    /// The database file (default: danvan.db in the local data folder)
    #[arg(long, global = true, env = "DANVAN_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// A content pack folder (courses/, quizzes/, checklists/) instead of the built-in one
    #[arg(long, global = true, env = "DANVAN_CONTENT", value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Interface language: vi or en
    #[arg(long, global = true, env = "DANVAN_LANG", value_name = "vi|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("'{s}': expected vi or en"))
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate a content pack (DIR, else --content, else the built-in pack)
    Check {
        dir: Option<PathBuf>,
        /// Per course: lessons, Vietnamese and English words, citations; per quiz: questions by kind
        #[arg(long)]
        stats: bool,
        /// For each of the directive's ten tasks: the lessons, questions and criteria that cover it
        #[arg(long)]
        coverage: bool,
    },
    /// One line per course and quiz: kind<TAB>id<TAB>title
    List,
    /// Write a consistent copy of the database
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Replace the database with a backup, keeping the current one beside it
    Restore { file: PathBuf },
    /// Import or export the list of units (CSV or XLSX)
    Units {
        #[command(subcommand)]
        action: roster::TableAction,
    },
    /// Import or export the roster of officials (CSV or XLSX)
    Roster {
        #[command(subcommand)]
        action: roster::TableAction,
    },
    /// Convert a Moodle GIFT file into a quiz TOML file
    ImportGift {
        file: PathBuf,
        /// The id of the new quiz
        #[arg(long)]
        quiz: String,
        /// The course the quiz belongs to
        #[arg(long)]
        course: String,
        /// The lesson every question tests (default: the course's first lesson)
        #[arg(long, value_name = "LESSON_ID")]
        lesson: Option<String>,
        /// Write the quiz to this new file instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write a quiz's questions (its own and the banks it draws from) as a Moodle GIFT file
    ExportGift {
        /// The quiz's id
        quiz: String,
        /// Write to this new file instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Completion records (csv, xlsx), a records bundle for another danvan (json) or xAPI
    /// statements for a learning record store (xapi), with the records screen's filters
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Write to this new file instead of standard output (required for xlsx)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Only this unit and the units under it
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// Only this course
        #[arg(long, value_name = "ID")]
        course: Option<String>,
        /// Completed on or after this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Completed on or before this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// xAPI: the home page that identifies officials' accounts
        #[arg(long, value_name = "URL", default_value = "https://danvan.local")]
        homepage: String,
        /// json: encrypt the bundle to the database that will merge it (its public key file, from
        /// `danvan trainer key` there, or the fingerprint of a key pinned here from its file)
        #[arg(long, value_name = "FINGERPRINT|KEYFILE")]
        recipient: Option<String>,
        /// json: only the records changed since the last export to --recipient (`last`), or
        /// since this sequence number (no filters with it)
        #[arg(long, value_name = "last|SEQ")]
        since: Option<String>,
        /// json: gzip the bundle (the signature covers the uncompressed bundle; merge reads both)
        #[arg(long)]
        compress: bool,
    },
    /// The trainer's passphrase, which guards record-changing actions in the app
    Trainer {
        #[command(subcommand)]
        action: TrainerAction,
    },
    /// Take a quiz line by line on standard input and output (for screen readers and scripts)
    Quiz {
        id: String,
        /// Plain lines instead of the full-screen interface
        #[arg(long, required = true)]
        plain: bool,
        /// The official's staff code (default: the last profile)
        #[arg(long, value_name = "STAFF_CODE")]
        person: Option<String>,
        /// Draw the questions from this seed (replays an attempt; for tests and demonstrations)
        #[arg(long, hide = true)]
        seed: Option<u64>,
    },
    /// Print a lesson, or every lesson of a course, as plain text (for screen readers); marks
    /// what was printed to its end as read
    Read {
        /// The course's id (see "danvan list")
        course: String,
        /// The lesson's id (default: every lesson of the course, in order)
        lesson: Option<String>,
        /// Plain text instead of the full-screen reader
        #[arg(long, required = true)]
        plain: bool,
        /// The official's staff code (default: the last profile)
        #[arg(long, value_name = "STAFF_CODE")]
        person: Option<String>,
    },
    /// A unit's yearly self-assessment report, or the summary of a year across units
    Report {
        /// The unit's code
        #[arg(
            long,
            value_name = "CODE",
            required_unless_present = "summary",
            conflicts_with = "summary"
        )]
        unit: Option<String>,
        /// The year assessed
        #[arg(long, value_name = "YYYY")]
        year: i32,
        /// Every unit's status, score, rating and weakest tasks for the year
        #[arg(long)]
        summary: bool,
        #[arg(long, value_enum, default_value_t = report::ReportFormat::Md)]
        format: report::ReportFormat,
        /// Write to this new file instead of standard output (required for xlsx)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The certificate of a course an official has completed: text, or one A4 page of HTML
    Certificate {
        /// The official's staff code
        #[arg(long, value_name = "STAFF_CODE")]
        person: String,
        /// The course's id
        #[arg(long, value_name = "ID")]
        course: String,
        /// txt or html (default: html for a .html file, else txt)
        #[arg(long, value_enum)]
        format: Option<certificate::CertificateFormat>,
        /// Write to this new file instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check a certificate: its code against the certificates issued here, or its QR text alone
    VerifyCertificate {
        /// The code printed on the certificate (DV-XXXX-XXXX-XXXX-C; any case, dashes optional)
        #[arg(required_unless_present_any = ["qr", "qr_file"], conflicts_with_all = ["qr", "qr_file"])]
        code: Option<String>,
        /// The text of the certificate's QR code (DV2:…), checked offline
        #[arg(long, value_name = "TEXT", conflicts_with = "qr_file")]
        qr: Option<String>,
        /// A file holding the QR code's text
        #[arg(long, value_name = "FILE")]
        qr_file: Option<PathBuf>,
        /// The issuer's public key file, for --qr and --qr-file (default: this database's keys)
        #[arg(long, value_name = "PUBLIC_KEY_FILE")]
        key: Option<PathBuf>,
    },
    /// Create a demonstration database of synthetic officials in a new file (needs --db NEWFILE)
    Demo {
        /// How many officials
        #[arg(long, value_name = "N")]
        people: usize,
        /// The same seed (and day) gives the same data
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
    },
    /// Send the xAPI statements of the records (the records screen's filters) to a learning
    /// record store: only what is new for that LRS (trainer passphrase)
    Push {
        /// The LRS's xAPI endpoint, e.g. https://lrs.example.vn/xAPI (…/statements is added)
        #[arg(long, value_name = "URL")]
        lrs: String,
        /// Basic-auth user; the password comes from --password-file, DANVAN_LRS_PASSWORD or a prompt
        #[arg(long, value_name = "U")]
        user: Option<String>,
        /// A file whose first line is the password
        #[arg(long, value_name = "FILE", requires = "user")]
        password_file: Option<PathBuf>,
        /// Statements per request
        #[arg(long, value_name = "N", default_value_t = crate::service::push::DEFAULT_BATCH,
              value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=10_000))]
        batch: usize,
        /// A PEM file of certificate authorities to trust besides the built-in ones
        #[arg(long, value_name = "FILE")]
        ca: Option<PathBuf>,
        /// Only this unit and the units under it
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// Only this course
        #[arg(long, value_name = "ID")]
        course: Option<String>,
        /// Activity on or after this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Activity on or before this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// The home page that identifies officials' accounts (as for export --format xapi)
        #[arg(long, value_name = "URL", default_value = "https://danvan.local")]
        homepage: String,
    },
    /// Question statistics of official attempts: attempts, facility, discrimination, flags
    Stats {
        /// Only this quiz
        #[arg(long, value_name = "ID")]
        quiz: Option<String>,
        #[arg(long, value_enum, default_value_t = stats::StatsFormat::Csv)]
        format: stats::StatsFormat,
        /// Write to this new file instead of standard output (required for xlsx)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Merge records bundles from other machines (each file all or nothing; trainer passphrase)
    Merge {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Also merge format 1 (unsigned) bundles: nothing shows they were not changed on the way
        #[arg(long)]
        unsigned: bool,
        /// Pin the new key of a database whose key was reset, instead of refusing its bundle
        #[arg(long)]
        accept_new_key: bool,
    },
    /// Records merges held back (not from the person's origin): list, accept or reject them
    Conflicts {
        #[command(subcommand)]
        action: Option<ConflictsAction>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ConflictsAction {
    /// Merge a held record now, through the same checks (trainer passphrase)
    Accept { id: i64 },
    /// Drop a held record (trainer passphrase)
    Reject { id: i64 },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// CSV, UTF-8 with BOM, one row per official and course
    Csv,
    /// Excel: the records and the rates per unit (needs --out)
    Xlsx,
    /// A versioned records bundle another danvan can merge
    Json,
    /// xAPI 1.0.3 statements, one JSON array
    Xapi,
}

#[derive(Subcommand, Debug)]
pub enum TrainerAction {
    /// Set or change the passphrase (changing it asks for the current one)
    SetPassphrase,
    /// Remove a forgotten passphrase and replace the signing key; both are logged in the database
    ResetPassphrase,
    /// Pin another database's signing key: a public key file, or a fingerprint read out
    Trust {
        /// A public key file (`.pub`) or a fingerprint (32 letters and digits)
        #[arg(value_name = "FINGERPRINT|FILE")]
        key: String,
        /// The key is a collector's: a machine that re-exports what it gathered from others
        #[arg(long)]
        collector: bool,
    },
    /// The keys pinned for other databases
    Keys,
    /// This database's public signing key: its fingerprint, and the file to send to others
    Key,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let db_path = match cli.db.clone().or_else(store::default_path) {
        Some(p) => p,
        None => {
            eprintln!("danvan: {}", I18n::new(Lang::Vi).t("store-no-data-dir"));
            return ExitCode::from(1);
        }
    };
    // The kit's screens settle the language from the store they open; a command reads it first.
    let Some(command) = cli.command else {
        return crate::tui::run(Context::unsettled(db_path, cli.content, cli.lang));
    };
    let ctx = Context::new(db_path, cli.content.clone(), cli.lang);
    match command {
        Command::Check {
            dir,
            stats,
            coverage,
        } => check::run(
            &ctx,
            dir.as_deref().or(ctx.content_dir.as_deref()),
            stats,
            coverage,
        ),
        Command::List => data::list(&ctx),
        Command::Export {
            format,
            out,
            unit,
            course,
            from,
            to,
            homepage,
            recipient,
            since,
            compress,
        } => {
            if recipient.is_some() && !matches!(format, ExportFormat::Json) {
                return ctx.fail(&crate::domain::i18n::Msg::new("bundle-recipient-json-only"));
            }
            if (since.is_some() || compress) && !matches!(format, ExportFormat::Json) {
                let option = if since.is_some() {
                    "--since"
                } else {
                    "--compress"
                };
                return ctx.fail(
                    &crate::domain::i18n::Msg::new("bundle-option-json-only").arg("option", option),
                );
            }
            let (unit, course, from, to) = (
                unit.as_deref(),
                course.as_deref(),
                from.as_deref(),
                to.as_deref(),
            );
            let records = |f| records_export::run(&ctx, unit, course, from, to, f, out.as_deref());
            match format {
                ExportFormat::Csv => records(records_export::RecordsFormat::Csv),
                ExportFormat::Xlsx => records(records_export::RecordsFormat::Xlsx),
                ExportFormat::Json => bundle::export_json_with(
                    &ctx,
                    &bundle::JsonExport {
                        unit,
                        course,
                        from,
                        to,
                        out: out.as_deref(),
                        recipient: recipient.as_deref(),
                        since: since.as_deref(),
                        compress,
                    },
                ),
                ExportFormat::Xapi => {
                    bundle::export_xapi(&ctx, unit, course, from, to, &homepage, out.as_deref())
                }
            }
        }
        Command::Trainer {
            action: TrainerAction::SetPassphrase,
        } => trainer::set_passphrase(&ctx),
        Command::Trainer {
            action: TrainerAction::ResetPassphrase,
        } => trainer::reset_passphrase(&ctx),
        Command::Trainer {
            action: TrainerAction::Trust { key, collector },
        } => trust::trust(&ctx, &key, collector),
        Command::Trainer {
            action: TrainerAction::Keys,
        } => trust::keys(&ctx),
        Command::Trainer {
            action: TrainerAction::Key,
        } => trainer::key(&ctx),
        Command::Conflicts { action } => trust::conflicts(&ctx, action),
        Command::Backup { out } => data::backup(&ctx, &out),
        Command::Restore { file } => data::restore(&ctx, &file),
        Command::Units { action } => roster::units(&ctx, action),
        Command::Roster { action } => roster::roster(&ctx, action),
        Command::ImportGift {
            file,
            quiz,
            course,
            lesson,
            out,
        } => import_gift::run(
            &ctx,
            &file,
            &quiz,
            &course,
            lesson.as_deref(),
            out.as_deref(),
        ),
        Command::ExportGift { quiz, out } => export_gift::run(&ctx, &quiz, out.as_deref()),
        Command::Quiz {
            id, person, seed, ..
        } => quiz_plain::run(&ctx, &id, person.as_deref(), seed),
        Command::Read {
            course,
            lesson,
            person,
            ..
        } => read_plain::run(&ctx, &course, lesson.as_deref(), person.as_deref()),
        Command::Report {
            unit,
            year,
            summary,
            format,
            out,
        } => report::run(&ctx, unit.as_deref(), year, summary, format, out.as_deref()),
        Command::Certificate {
            person,
            course,
            format,
            out,
        } => certificate::run(&ctx, &person, &course, format, out.as_deref()),
        Command::VerifyCertificate {
            code,
            qr,
            qr_file,
            key,
        } => {
            let input = match (&code, &qr, &qr_file) {
                (Some(code), _, _) => certificate::VerifyInput::Code(code),
                (None, Some(text), _) => certificate::VerifyInput::QrText(text),
                (None, None, Some(file)) => certificate::VerifyInput::QrFile(file),
                // clap requires one; an empty code says so.
                (None, None, None) => certificate::VerifyInput::Code(""),
            };
            certificate::verify(&ctx, input, key.as_deref())
        }
        Command::Demo { people, seed } => match cli.db.as_deref() {
            Some(db) => demo::run(&ctx, db, people, seed),
            None => {
                eprintln!("danvan: {}", ctx.i18n().t("demo-needs-db"));
                ExitCode::from(2)
            }
        },
        Command::Stats { quiz, format, out } => {
            stats::run(&ctx, quiz.as_deref(), format, out.as_deref())
        }
        Command::Merge {
            files,
            unsigned,
            accept_new_key,
        } => bundle::merge(&ctx, &files, unsigned, accept_new_key),
        Command::Push {
            lrs,
            user,
            password_file,
            batch,
            ca,
            unit,
            course,
            from,
            to,
            homepage,
        } => push::run(
            &ctx,
            push::PushArgs {
                lrs: &lrs,
                user: user.as_deref(),
                password_file: password_file.as_deref(),
                batch,
                ca,
                unit: unit.as_deref(),
                course: course.as_deref(),
                from: from.as_deref(),
                to: to.as_deref(),
                homepage: &homepage,
            },
        ),
    }
}

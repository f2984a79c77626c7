//! `danvan push` and the records screen's push: the xAPI statements of the records a filter
//! selects, sent to a learning record store, only what is new for that LRS.
//!
//! "New" is by the local sequence number of schema 9 (`xapi_changes`), not by dates: a record
//! merged today may carry a date months old. Per LRS (its normalised statements URL) and scope
//! (the filter and the home page the statements are made with), `lrs_sent` keeps the number
//! every record up to which the LRS has stored or already had. A push reads the changes above it
//! a page at a time ([`PAGE`] records; memory stays bounded however many people there are),
//! turns each page into statements, hands them to the client in batches, and moves the mark
//! after each page over what is settled.
//!
//! A refused statement (a 409 for a differing statement with a known id, a batch refused for
//! its content) stops the mark just before its record: the rest is still sent, and the next
//! push sends that record and everything after it again. What the LRS has is answered "already
//! there" (statement ids are stable), and the refused one is tried again — stored if the LRS now
//! takes it, refused again if not. A push that stops (credentials refused, the LRS unreachable,
//! cancelled) keeps the mark of the pages settled before.

use std::sync::atomic::AtomicBool;

use crate::domain::bundle::BundleFilter;
use crate::domain::content::Pack;
use crate::domain::i18n::Msg;
use crate::io::lrs::{Lrs, LrsConfig, LrsError, PushSummary};
use crate::io::xapi;
use crate::store::{Store, StoreError};

/// The environment variable a password may come from (the command and the records screen).
pub const PASSWORD_ENV: &str = "DANVAN_LRS_PASSWORD";

/// Changed records read per page.
pub const PAGE: usize = 200;
/// Statements per POST when none is given.
pub const DEFAULT_BATCH: usize = 100;

/// What to push, and where.
#[derive(Debug, Clone)]
pub struct PushRequest {
    pub lrs: LrsConfig,
    /// The records screen's filters (as `export --format xapi` takes them).
    pub filter: BundleFilter,
    /// The home page of the officials' accounts and of the activity ids.
    pub homepage: String,
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushOutcome {
    /// The statements URL the push went to (the key of what is remembered).
    pub endpoint: String,
    /// Sent, already there, refused (with reasons), stopped: summed over the pages.
    pub summary: PushSummary,
    /// How many changed records there were to look at, and how many were looked at.
    pub records: u64,
    pub records_done: u64,
    /// The mark before and after: every record up to it is in the LRS.
    pub sent_before: i64,
    pub sent_through: i64,
    /// Whether everything up to the push's start is now in the LRS.
    pub complete: bool,
}

/// Where statements go: the LRS client, or a stand-in in tests.
pub trait StatementSink {
    /// The normalised statements URL: what a push remembers its mark by.
    fn statements_url(&self) -> &str;
    /// Send statements (JSON text, one each) in batches, as [`Lrs::push`].
    fn send(
        &self,
        statements: &[String],
        progress: &mut dyn FnMut(usize, usize),
        cancel: &AtomicBool,
    ) -> PushSummary;
}

impl StatementSink for Lrs {
    fn statements_url(&self) -> &str {
        Lrs::statements_url(self)
    }

    fn send(
        &self,
        statements: &[String],
        progress: &mut dyn FnMut(usize, usize),
        cancel: &AtomicBool,
    ) -> PushSummary {
        self.push(statements, progress, cancel)
    }
}

/// Why a push could not run, or stopped on the database.
#[derive(Debug)]
pub enum PushError {
    Lrs(LrsError),
    Store(StoreError),
}

impl From<StoreError> for PushError {
    fn from(e: StoreError) -> Self {
        PushError::Store(e)
    }
}

impl From<LrsError> for PushError {
    fn from(e: LrsError) -> Self {
        PushError::Lrs(e)
    }
}

impl PushError {
    /// The message, naming the LRS (`lrs`: its URL as given) and the cause.
    pub fn msg(&self, lrs: &str) -> Msg {
        match self {
            PushError::Lrs(LrsError::PlainHttpAuth { host }) => Msg::new("push-plain-http")
                .arg("lrs", lrs)
                .arg("host", host),
            PushError::Lrs(e) => Msg::new("push-failed")
                .arg("lrs", lrs)
                .arg("detail", e.to_string()),
            PushError::Store(e) => e.msg(),
        }
    }
}

/// The scope a mark is kept for: the filter and the home page, in a fixed form
/// (`unit=…;course=…;from=…;to=…;homepage=…`, the absent parts left out). A push with other
/// filters has a mark of its own, so a push of one unit never counts another unit's records
/// as sent.
pub fn scope(filter: &BundleFilter, homepage: &str) -> String {
    let mut parts = Vec::new();
    let mut add = |name: &str, value: Option<&str>| {
        if let Some(v) = value {
            parts.push(format!("{name}={}", v.trim()));
        }
    };
    add("unit", filter.unit.as_deref());
    add("course", filter.course.as_deref());
    add("from", filter.from.as_deref());
    add("to", filter.to.as_deref());
    add("homepage", Some(homepage.trim().trim_end_matches('/')));
    parts.join(";")
}

/// Push what is new for the LRS of `req`; see the module documentation. `progress(done,
/// total)` counts changed records; `cancel` is looked at before every request.
pub fn push(
    store: &mut Store,
    pack: &Pack,
    req: &PushRequest,
    progress: &mut dyn FnMut(u64, u64),
    cancel: &AtomicBool,
) -> Result<PushOutcome, PushError> {
    let lrs = Lrs::new(&req.lrs)?;
    push_with(store, pack, req, &lrs, progress, cancel)
}

/// [`push`] to a sink already made (`req.lrs` is not looked at): a client, or a stand-in.
pub fn push_with(
    store: &mut Store,
    pack: &Pack,
    req: &PushRequest,
    lrs: &dyn StatementSink,
    progress: &mut dyn FnMut(u64, u64),
    cancel: &AtomicBool,
) -> Result<PushOutcome, PushError> {
    let endpoint = lrs.statements_url().to_string();
    let home = req.homepage.trim();
    let scope = scope(&req.filter, home);
    let selection = store.push_selection(&req.filter)?;
    let start = store.lrs_sent_through(&endpoint, &scope)?;
    // Records written during the push get larger numbers: the next push sends them.
    let through = store.xapi_last_change()?;
    let total = store.xapi_changes_count(start, through)?;
    progress(0, total);
    let mut out = PushOutcome {
        endpoint: endpoint.clone(),
        records: total,
        sent_before: start,
        sent_through: start,
        complete: true,
        ..Default::default()
    };
    let sum = &mut out.summary;
    let mut cursor = start;
    loop {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            sum.stopped = Some("cancelled".into());
            out.complete = false;
            break;
        }
        let page = store.xapi_changes_page(&selection, cursor, through, PAGE)?;
        let Some(last) = page.last else { break };
        // Each statement with its record's number, in number order.
        let mut texts = Vec::new();
        let mut seqs = Vec::new();
        for r in &page.records {
            for s in xapi::statements(&r.bundle, pack, home) {
                texts.push(s.to_string());
                seqs.push(r.seq);
            }
        }
        let done = out.records_done;
        let read = page.read as u64;
        let got = lrs.send(
            &texts,
            &mut |d, t| progress(done + read * d as u64 / t.max(1) as u64, total),
            cancel,
        );
        sum.sent += got.sent;
        sum.already_there += got.already_there;
        sum.handled += got.handled;
        sum.refused.extend(got.refused.iter().cloned());
        if out.complete {
            sum.settled += got.settled;
            let mark = match seqs.get(got.settled) {
                // Everything before the first statement not settled.
                Some(seq) => {
                    out.complete = false;
                    seq - 1
                }
                None => last,
            };
            if mark > out.sent_through {
                store.record_lrs_sent(&endpoint, &scope, mark)?;
                out.sent_through = mark;
            }
        }
        out.records_done += read;
        progress(out.records_done, total);
        cursor = last;
        if got.stopped.is_some() {
            sum.stopped = got.stopped;
            out.complete = false;
            break;
        }
    }
    Ok(out)
}

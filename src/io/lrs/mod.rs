//! A blocking xAPI 1.0.3 client for a learning record store: POST statements in batches (with
//! retries and back-off), and GET every statement back (following `more`).
//!
//! Statements come in as JSON text and are sent byte for byte as given: an LRS compares a
//! re-posted statement with the stored one as JSON values, and some (ralph) answer 409 when, say,
//! a timestamp was re-serialised differently. Outcomes per batch: 200 stored (the body lists the
//! ids the LRS stored; statements of the batch it does not list were already there), 204 all
//! already there, 409 a differing statement with a known id (refused by id; the batch is sent
//! again without it, since the LRS stores nothing of a batch it answers 409 to), 400/413/422 the
//! batch refused with the LRS's reason, 401/403/404 and the like stop the push (every later
//! batch would get the same answer), 408/429/5xx and network errors are retried with back-off.
//! One module (about 700 lines before its tests) because it is one client: the endpoint rules,
//! the answers' meaning, the retry loop and the push loop are read together.

use std::collections::HashSet;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use base64::Engine;
use serde::Deserialize;
use serde_json::Value;

/// The xAPI version sent in `X-Experience-API-Version`.
pub const XAPI_VERSION_HEADER: &str = "1.0.3";

/// The waits before the second, third, … attempt of a request that failed for a reason that may
/// pass (a 5xx, 408, 429 or a network error); after the last one the push stops.
pub const BACKOFF: [Duration; 4] = [
    Duration::from_millis(500),
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
];

/// Where and how to reach an LRS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LrsConfig {
    /// The xAPI endpoint, e.g. `https://lrs.example.com/xAPI` (`/statements` is appended).
    pub endpoint: String,
    /// Basic-auth user; with it a password is needed.
    pub user: Option<String>,
    pub password: Option<String>,
    /// A PEM file of certificate authorities to trust besides the built-in (webpki) roots.
    pub extra_ca: Option<PathBuf>,
    /// Statements per POST, and statements per page when reading back.
    pub batch: usize,
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushSummary {
    /// Statements the LRS stored now.
    pub sent: usize,
    /// Statements the LRS already had, identical (a duplicate answer counts as success).
    pub already_there: usize,
    /// (statement id, or which statements of the batch when it was refused whole; the reason).
    pub refused: Vec<(String, String)>,
    /// How many statements, from the first on, have a final answer (stored, already there or
    /// refused for their content). When the push stopped early the rest were not tried, and a
    /// caller that remembers what it sent should remember only these.
    pub handled: usize,
    /// How many statements, from the first on, were stored or already there, with none refused
    /// or left untried before them: what a caller that remembers what it sent may count as
    /// sent (`handled` less everything from the first refusal on).
    pub settled: usize,
    /// Why the push stopped before the end (cancelled, credentials refused, the LRS unreachable
    /// after retries, …); `None` when every statement was tried.
    pub stopped: Option<String>,
}

/// Errors that stop a request before or while talking to the LRS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LrsError {
    /// The configuration cannot be used (bad endpoint, basic auth over plain HTTP to another
    /// machine, unreadable CA file, batch of 0).
    Config(String),
    /// Basic auth over plain `http://` to another machine (the host named): the password would
    /// cross the network readable.
    PlainHttpAuth { host: String },
    /// The LRS answered with an error status; the reason is the LRS's own where it gave one.
    Refused { status: u16, reason: String },
    /// The LRS could not be reached, or kept failing, after the retries.
    Unreachable(String),
    /// The LRS answered something that is not what xAPI says it answers.
    Protocol(String),
}

impl fmt::Display for LrsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LrsError::Config(m) => write!(f, "LRS settings: {m}"),
            LrsError::PlainHttpAuth { host } => write!(
                f,
                "LRS settings: basic auth over plain http:// to {host} would send the password \
                 unencrypted; use the LRS's https:// endpoint (plain http:// is allowed only to \
                 this machine: localhost, 127.0.0.0/8, ::1)"
            ),
            LrsError::Refused { status, reason } => write!(f, "LRS refused ({status}): {reason}"),
            LrsError::Unreachable(m) => write!(f, "LRS unreachable: {m}"),
            LrsError::Protocol(m) => write!(f, "LRS answer not understood: {m}"),
        }
    }
}

impl std::error::Error for LrsError {}

/// Push `statements` (JSON text, one statement each) to the LRS of `cfg`; see [`Lrs::push`].
pub fn push<I, S>(
    cfg: &LrsConfig,
    statements: I,
    progress: impl FnMut(usize, usize),
    cancel: &AtomicBool,
) -> Result<PushSummary, LrsError>
where
    I: IntoIterator<Item = S>,
    I::IntoIter: ExactSizeIterator,
    S: AsRef<str>,
{
    Ok(Lrs::new(cfg)?.push(statements, progress, cancel))
}

/// Every statement the LRS of `cfg` gives back; see [`Lrs::fetch_all`].
pub fn fetch_all(cfg: &LrsConfig) -> Result<Vec<Value>, LrsError> {
    Lrs::new(cfg)?.fetch_all()
}

/// A client for one LRS, made from an [`LrsConfig`].
pub struct Lrs {
    agent: ureq::Agent,
    endpoint: Endpoint,
    auth: Option<String>,
    batch: usize,
    sleep: Box<dyn Fn(Duration) + Send + Sync>,
}

impl Lrs {
    /// Checks the configuration (endpoint, the loopback rule for basic auth over `http://`,
    /// the CA file) and builds the HTTP agent. Nothing is sent yet.
    pub fn new(cfg: &LrsConfig) -> Result<Self, LrsError> {
        let endpoint = Endpoint::parse(&cfg.endpoint)?;
        if cfg.batch == 0 {
            return Err(LrsError::Config("the batch size must be at least 1".into()));
        }
        let auth = match (&cfg.user, &cfg.password) {
            (None, None) => None,
            (Some(user), Some(password)) => Some(basic_auth(user, password)),
            (Some(_), None) => return Err(LrsError::Config("a user needs a password".into())),
            (None, Some(_)) => return Err(LrsError::Config("a password needs a user".into())),
        };
        if auth.is_some() {
            endpoint.check_auth_allowed()?;
        }
        let mut tls = ureq::tls::TlsConfig::builder();
        if let Some(path) = &cfg.extra_ca {
            tls = tls.root_certs(roots_with(path)?);
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(120)))
            .user_agent(concat!("danvan/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls.build())
            .build();
        Ok(Lrs {
            agent: config.new_agent(),
            endpoint,
            auth,
            batch: cfg.batch,
            sleep: Box::new(std::thread::sleep),
        })
    }

    /// Replaces the function that waits between retries (`std::thread::sleep`), e.g. in tests.
    pub fn with_sleep(mut self, sleep: impl Fn(Duration) + Send + Sync + 'static) -> Self {
        self.sleep = Box::new(sleep);
        self
    }

    /// The URL statements are posted to: the endpoint without a trailing slash, `/statements`.
    pub fn statements_url(&self) -> &str {
        &self.endpoint.statements
    }

    /// Sends `statements` (JSON text, one statement each, sent as given) in batches.
    /// `progress(done, total)` is called after each batch; `cancel` is looked at before every
    /// request, and a push that sees it set stops with `stopped` saying so.
    pub fn push<I, S>(
        &self,
        statements: I,
        mut progress: impl FnMut(usize, usize),
        cancel: &AtomicBool,
    ) -> PushSummary
    where
        I: IntoIterator<Item = S>,
        I::IntoIter: ExactSizeIterator,
        S: AsRef<str>,
    {
        let mut post = |body: &str| self.post(body);
        let mut sleep = |d: Duration| (self.sleep)(d);
        push_batches(
            statements.into_iter(),
            self.batch,
            &mut post,
            &mut sleep,
            &mut progress,
            cancel,
        )
    }

    /// Every statement the LRS gives back: `GET …/statements?limit=N`, then each `more` link
    /// (resolved against the endpoint's origin) until a page has none. In the LRS's order.
    pub fn fetch_all(&self) -> Result<Vec<Value>, LrsError> {
        let mut url = format!("{}?limit={}", self.endpoint.statements, self.batch);
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        loop {
            if !seen.insert(url.clone()) {
                return Err(LrsError::Protocol(format!("`more` leads back to {url}")));
            }
            let mut get = || self.get(&url);
            let mut sleep = |d: Duration| (self.sleep)(d);
            let body = match with_retries(&mut get, &mut sleep, &AtomicBool::new(false)) {
                Reply::Status(200, body) => body,
                Reply::Status(status, body) => {
                    return Err(LrsError::Refused {
                        status,
                        reason: reason(status, &body),
                    })
                }
                Reply::Failed { reason, .. } => return Err(LrsError::Unreachable(reason)),
            };
            let page: Page = serde_json::from_str(&body).map_err(|e| {
                LrsError::Protocol(format!("GET {url}: not a StatementResult: {e}"))
            })?;
            out.extend(page.statements);
            match page.more.as_deref().map(str::trim) {
                None | Some("") => return Ok(out),
                Some(more) => url = self.endpoint.resolve(more)?,
            }
        }
    }

    fn post(&self, body: &str) -> Reply {
        let mut req = self
            .agent
            .post(&self.endpoint.statements)
            .header("X-Experience-API-Version", XAPI_VERSION_HEADER)
            .header("Content-Type", "application/json");
        if let Some(auth) = &self.auth {
            req = req.header("Authorization", auth);
        }
        reply(req.send(body))
    }

    fn get(&self, url: &str) -> Reply {
        let mut req = self
            .agent
            .get(url)
            .header("X-Experience-API-Version", XAPI_VERSION_HEADER);
        if let Some(auth) = &self.auth {
            req = req.header("Authorization", auth);
        }
        reply(req.call())
    }
}

/// A page of `GET /statements`.
#[derive(Deserialize)]
struct Page {
    statements: Vec<Value>,
    #[serde(default)]
    more: Option<String>,
}

/// What one request gave: a status and its body, or a failure before a status.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reply {
    Status(u16, String),
    Failed { retryable: bool, reason: String },
}

fn reply(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    match result {
        Ok(mut resp) => {
            let status = resp.status().as_u16();
            match resp.body_mut().read_to_string() {
                Ok(body) => Reply::Status(status, body),
                Err(e) => Reply::Failed {
                    retryable: retryable(&e),
                    reason: format!("reading the answer: {e}"),
                },
            }
        }
        Err(e) => Reply::Failed {
            retryable: retryable(&e),
            reason: e.to_string(),
        },
    }
}

/// Network trouble that may pass; TLS, URL and protocol-setup errors will not.
fn retryable(e: &ureq::Error) -> bool {
    matches!(
        e,
        ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed
            | ureq::Error::BodyStalled
            | ureq::Error::Protocol(_)
    )
}

/// What to do after a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    /// 200: the ids the LRS stored (`None` if the body did not list them: count the batch).
    Stored(Option<Vec<String>>),
    /// 204: every statement of the batch was already there.
    AlreadyThere,
    /// 409: a statement with a known id and other content; the ids the reason names.
    Conflict { ids: Vec<String>, reason: String },
    /// Refused for what the batch holds (400, 413, 422): go on with the next batch.
    Refused(String),
    /// Refused for what every batch would get (401, 403, 404, a redirect, …): stop.
    Stop(String),
    /// May pass (408, 429, 5xx, network): try again after a wait.
    Retry(String),
}

fn verdict(reply: &Reply) -> Verdict {
    match reply {
        Reply::Failed {
            retryable: true,
            reason,
        } => Verdict::Retry(reason.clone()),
        Reply::Failed {
            retryable: false,
            reason,
        } => Verdict::Stop(reason.clone()),
        Reply::Status(204, _) => Verdict::AlreadyThere,
        Reply::Status(200..=299, body) => {
            Verdict::Stored(serde_json::from_str::<Vec<String>>(body).ok())
        }
        Reply::Status(409, body) => {
            let reason = reason(409, body);
            Verdict::Conflict {
                ids: uuids_in(&reason),
                reason,
            }
        }
        Reply::Status(s @ (400 | 413 | 422), body) => Verdict::Refused(reason(*s, body)),
        Reply::Status(s @ (408 | 429 | 500..=599), body) => Verdict::Retry(reason(*s, body)),
        Reply::Status(s, body) => Verdict::Stop(reason(*s, body)),
    }
}

/// Sends with `send` until the reply is not one to retry, waiting [`BACKOFF`] between tries;
/// after the last wait a retryable reply becomes a final failure. Stops early on `cancel`.
fn with_retries(
    send: &mut dyn FnMut() -> Reply,
    sleep: &mut dyn FnMut(Duration),
    cancel: &AtomicBool,
) -> Reply {
    let mut reply = send();
    for wait in BACKOFF {
        if !matches!(verdict(&reply), Verdict::Retry(_)) || cancel.load(Ordering::Relaxed) {
            return reply;
        }
        sleep(wait);
        reply = send();
    }
    match verdict(&reply) {
        Verdict::Retry(reason) => Reply::Failed {
            retryable: false,
            reason: format!("{reason} (gave up after {} attempts)", BACKOFF.len() + 1),
        },
        _ => reply,
    }
}

/// The id of a statement, read from its text; `Err` if the text is not a statement object.
fn statement_id(text: &str) -> Result<Option<String>, String> {
    #[derive(Deserialize)]
    struct Id {
        id: Option<String>,
    }
    serde_json::from_str::<Id>(text)
        .map(|s| s.id)
        .map_err(|e| format!("not a JSON statement: {e}"))
}

/// Keeps the smaller of two positions of a problem.
fn note(first: &mut Option<usize>, at: usize) {
    *first = Some(first.map_or(at, |p| p.min(at)));
}

/// The push loop, over any way of posting and sleeping (the tests fake both).
fn push_batches<S: AsRef<str>>(
    statements: impl ExactSizeIterator<Item = S>,
    batch: usize,
    post: &mut dyn FnMut(&str) -> Reply,
    sleep: &mut dyn FnMut(Duration),
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> PushSummary {
    let total = statements.len();
    let mut sum = PushSummary::default();
    // The position (from 0) of the first statement refused or not tried.
    let mut first_problem: Option<usize> = None;
    let mut statements = statements.enumerate().peekable();
    while statements.peek().is_some() {
        // (position from 1, id, text) of the statements of this batch that can be sent.
        let mut pending: Vec<(usize, Option<String>, S)> = Vec::with_capacity(batch);
        let mut count = 0;
        for (i, text) in statements.by_ref().take(batch) {
            count += 1;
            match statement_id(text.as_ref()) {
                Ok(id) => pending.push((i + 1, id, text)),
                Err(e) => {
                    note(&mut first_problem, i);
                    sum.refused.push((format!("statement {}", i + 1), e));
                }
            }
        }
        let first = sum.handled + 1;
        let label = format!("statements {first}–{}", sum.handled + count);
        while !pending.is_empty() {
            if cancel.load(Ordering::Relaxed) {
                note(&mut first_problem, sum.handled);
                sum.stopped = Some("cancelled".into());
                sum.settled = first_problem.unwrap_or(sum.handled);
                return sum;
            }
            let mut body = String::from("[");
            for (n, (_, _, text)) in pending.iter().enumerate() {
                if n > 0 {
                    body.push(',');
                }
                body.push_str(text.as_ref());
            }
            body.push(']');
            let reply = with_retries(&mut || post(&body), sleep, cancel);
            match verdict(&reply) {
                Verdict::Stored(Some(ids)) => {
                    sum.sent += ids.len();
                    sum.already_there += pending.len().saturating_sub(ids.len());
                    break;
                }
                Verdict::Stored(None) => {
                    sum.sent += pending.len();
                    break;
                }
                Verdict::AlreadyThere => {
                    sum.already_there += pending.len();
                    break;
                }
                Verdict::Conflict { ids, reason } => {
                    let known = ids
                        .iter()
                        .find(|id| pending.iter().any(|(_, p, _)| p.as_deref() == Some(id)));
                    match known {
                        // Nothing of the batch was stored: send it again without that one.
                        Some(id) => {
                            if let Some((at, _, _)) =
                                pending.iter().find(|(_, p, _)| p.as_deref() == Some(id))
                            {
                                note(&mut first_problem, at - 1);
                            }
                            pending.retain(|(_, p, _)| p.as_deref() != Some(id));
                            sum.refused.push((id.clone(), reason));
                        }
                        None => {
                            note(&mut first_problem, first - 1);
                            sum.refused.push((label.clone(), reason));
                            break;
                        }
                    }
                }
                Verdict::Refused(reason) => {
                    note(&mut first_problem, first - 1);
                    sum.refused.push((label.clone(), reason));
                    break;
                }
                Verdict::Stop(reason) | Verdict::Retry(reason) => {
                    note(&mut first_problem, sum.handled);
                    sum.settled = first_problem.unwrap_or(sum.handled);
                    if cancel.load(Ordering::Relaxed) {
                        sum.stopped = Some("cancelled".into());
                    } else {
                        sum.refused.push((label.clone(), reason.clone()));
                        sum.stopped = Some(reason);
                    }
                    return sum;
                }
            }
        }
        sum.handled += count;
        progress(sum.handled, total);
    }
    sum.settled = first_problem.unwrap_or(sum.handled);
    sum
}

/// The LRS's reason for an error answer: xAPI LRSs put it in `detail` (ralph, as a string or a
/// list of schema errors), `message` (Learning Locker) or the plain body.
fn reason(status: u16, body: &str) -> String {
    let text = match serde_json::from_str::<Value>(body) {
        Ok(v) => match v.get("detail").or_else(|| v.get("message")) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(items)) => {
                let mut parts: Vec<String> = items.iter().take(3).map(schema_error).collect();
                if items.len() > 3 {
                    parts.push(format!("{} more", items.len() - 3));
                }
                parts.join("; ")
            }
            Some(other) => other.to_string(),
            None => v.to_string(),
        },
        Err(_) => body.trim().to_string(),
    };
    let text: String = text.chars().take(500).collect();
    if text.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status}: {text}")
    }
}

/// One pydantic error (`{"loc":["body",0,"actor"],"msg":"Field required",…}`) as `loc: msg`.
fn schema_error(item: &Value) -> String {
    let loc: Vec<String> = item
        .get("loc")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                .collect()
        })
        .unwrap_or_default();
    match item.get("msg").and_then(Value::as_str) {
        Some(msg) if !loc.is_empty() => format!("{}: {msg}", loc.join(".")),
        Some(msg) => msg.to_string(),
        None => item.to_string(),
    }
}

/// The UUIDs written in a text (8-4-4-4-12 hex digits), lower-cased, in order.
fn uuids_in(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let shape = |w: &[u8]| {
        w.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + 36 <= b.len() {
        let edge_before = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let edge_after = i + 36 == b.len() || !b[i + 36].is_ascii_alphanumeric();
        if edge_before && edge_after && shape(&b[i..i + 36]) {
            out.push(text[i..i + 36].to_ascii_lowercase());
            i += 36;
        } else {
            i += 1;
        }
    }
    out
}

fn basic_auth(user: &str, password: &str) -> String {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

/// The built-in roots plus the certificates of a PEM file.
fn roots_with(path: &std::path::Path) -> Result<ureq::tls::RootCerts, LrsError> {
    let pem = std::fs::read(path)
        .map_err(|e| LrsError::Config(format!("cannot read {}: {e}", path.display())))?;
    let mut extra = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => extra.push(c),
            Ok(_) => {}
            Err(e) => {
                return Err(LrsError::Config(format!(
                    "{}: not a PEM certificate file: {e}",
                    path.display()
                )))
            }
        }
    }
    if extra.is_empty() {
        return Err(LrsError::Config(format!(
            "{}: no certificate in it (a PEM file with -----BEGIN CERTIFICATE----- is needed)",
            path.display()
        )));
    }
    let builtin = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|c| ureq::tls::Certificate::from_der(c.as_ref()));
    Ok(ureq::tls::RootCerts::from(builtin.chain(extra)))
}

/// An xAPI endpoint taken apart: enough to build the statements URL, resolve `more` and
/// apply the loopback rule, without a URL crate.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Endpoint {
    /// `http` or `https`.
    scheme: String,
    /// Host as written (IPv6 in brackets), lower-cased.
    host: String,
    /// `scheme://authority`.
    origin: String,
    /// The endpoint without trailing slashes, then `/statements`.
    statements: String,
}

impl Endpoint {
    fn parse(endpoint: &str) -> Result<Self, LrsError> {
        let bad = |why: &str| LrsError::Config(format!("endpoint `{endpoint}`: {why}"));
        let trimmed = endpoint.trim().trim_end_matches('/');
        let (scheme, rest) = trimmed
            .split_once("://")
            .ok_or_else(|| bad("not a URL (it must start with https:// or http://)"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad("only https:// and http:// are supported"));
        }
        if rest.contains(['?', '#']) {
            return Err(bad("it must not have a query or a fragment"));
        }
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if authority.contains('@') {
            return Err(bad(
                "credentials do not go in the URL; give the user separately",
            ));
        }
        let host = if let Some(v6) = authority.strip_prefix('[') {
            let end = v6.find(']').ok_or_else(|| bad("unclosed [ in the host"))?;
            let port = &v6[end + 1..];
            if !(port.is_empty() || port.starts_with(':')) {
                return Err(bad("unexpected text after the IPv6 address"));
            }
            format!("[{}]", &v6[..end])
        } else {
            authority
                .split_once(':')
                .map_or(authority, |(h, _)| h)
                .to_string()
        };
        if host.is_empty() || host == "[]" {
            return Err(bad("no host"));
        }
        if let Some((_, port)) = authority.rsplit_once(':') {
            if !port.ends_with(']') && port.parse::<u16>().is_err() {
                return Err(bad("the port is not a number"));
            }
        }
        // Host names are case-insensitive: one LRS has one statements URL (a push remembers
        // what it sent by it).
        let origin = format!("{scheme}://{}", authority.to_ascii_lowercase());
        Ok(Endpoint {
            statements: format!("{origin}{path}/statements"),
            host: host.to_ascii_lowercase(),
            origin,
            scheme,
        })
    }

    /// Whether the host is this machine: `localhost`, 127.0.0.0/8 or ::1.
    fn is_loopback(&self) -> bool {
        let host = self.host.trim_end_matches('.');
        if host == "localhost" || host.ends_with(".localhost") {
            return true;
        }
        if let Ok(v4) = host.parse::<Ipv4Addr>() {
            return v4.is_loopback();
        }
        if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            if let Ok(v6) = v6.parse::<Ipv6Addr>() {
                return v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback());
            }
        }
        false
    }

    /// Basic auth sends the password readable by anyone on the way: only over HTTPS, or over
    /// plain HTTP to this machine.
    fn check_auth_allowed(&self) -> Result<(), LrsError> {
        if self.scheme == "http" && !self.is_loopback() {
            return Err(LrsError::PlainHttpAuth {
                host: self.host.clone(),
            });
        }
        Ok(())
    }

    /// The URL of a `more` link: an absolute path is taken on the endpoint's origin, a full URL
    /// must be on that origin too (the credentials go with it), a relative path is taken beside
    /// `…/statements`.
    fn resolve(&self, more: &str) -> Result<String, LrsError> {
        if more.starts_with("//") {
            return Err(LrsError::Protocol(format!(
                "`more` points to another server: {more}"
            )));
        }
        if more.starts_with('/') {
            return Ok(format!("{}{more}", self.origin));
        }
        if let Some((scheme, _)) = more.split_once("://") {
            if scheme.chars().all(|c| c.is_ascii_alphabetic()) {
                let same = more.len() > self.origin.len()
                    && more[..self.origin.len()].eq_ignore_ascii_case(&self.origin)
                    && more[self.origin.len()..].starts_with('/');
                return if same {
                    Ok(more.to_string())
                } else {
                    Err(LrsError::Protocol(format!(
                        "`more` points to another server: {more}"
                    )))
                };
            }
        }
        let base = self
            .statements
            .rsplit_once('/')
            .map_or(self.statements.as_str(), |(b, _)| b);
        Ok(format!("{base}/{more}"))
    }
}

#[cfg(test)]
mod tests;

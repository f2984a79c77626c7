//! The xAPI client (`io::lrs`) against a real learning record store: ralph-malph 5.1.0 with its
//! file-system backend, started from `.ci/lrs/launch_ralph.py` on 127.0.0.1 and a free port. A
//! demo database's export is pushed in batches, pushed again (nothing new is stored), read back
//! page by page and compared with the export statement by statement; then a differing statement
//! with a known id (409), a schema error (422), a wrong password (401) and an LRS that is not
//! there (retries with back-off, then a stop).
//!
//!
//! A second test drives `danvan push` (the command) against a fresh ralph: a demo database
//! pushed whole, pushed again (nothing sent), an attempt added and pushed (only its statements
//! sent), then everything read back and compared with `export --format xapi`. A third serves
//! ralph over HTTPS with a certificate from a test CA (made with openssl): the push refuses it
//! until `--ca` names that CA.
//!
//! `.ci/run` installs ralph (`.ci/setup-external.sh`); without the virtualenv this test runs
//! `.ci/lrs/setup.sh` itself. It is skipped only when `CI` is not set and that install fails;
//! under `CI=true` it runs or fails.

mod xapi_support;

use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use danvan::io::lrs::{self, Lrs, LrsConfig, LrsError, PushSummary, BACKOFF};
use serde_json::{json, Value};
use xapi_support::{danvan, demo_export, install, manifest, required_or_skip};

const USER: &str = "ci";
const PASSWORD: &str = "secret";
/// How long ralph may take to answer its heartbeat (observed: 1.5–2.5 s).
const READY_WITHIN: Duration = Duration::from_secs(60);

/// ralph's Python, installing the virtualenv first if it is missing.
fn ralph_python() -> Result<PathBuf, String> {
    let ci = manifest().join(".ci");
    let venv = ci.join(".venv-ralph");
    let python = venv.join("bin/python");
    if !python.exists() || !venv.join(".danvan-ralph-installed").exists() {
        install(
            "bash .ci/lrs/setup.sh",
            Command::new("bash").arg(ci.join("lrs/setup.sh")).arg(&venv),
        )?;
    }
    Ok(python)
}

/// A running ralph; killed (and waited for) when dropped, so a failing test leaves no server.
struct Ralph {
    child: Child,
    port: u16,
    log: PathBuf,
    tls: bool,
}

impl Ralph {
    /// Starts ralph with a fresh store in `dir` and waits until `/__heartbeat__` answers 200.
    ///
    /// The launcher patches ralph before starting it: in 5.1.0 the fs backend writes every
    /// batch to the same `fs_lrs.jsonl` with the operation type CREATE
    /// (`FSDataBackend.default_operation_type`), so only the first POST to a store succeeds and
    /// every later POST of new statements answers 500 ("fs_lrs.jsonl already exists and
    /// overwrite is not allowed"). The launcher sets it to APPEND, which is what an LRS does
    /// and what this test needs: it posts many batches to one store.
    fn start(python: &Path, dir: &Path) -> Ralph {
        Ralph::start_with(python, dir, None)
    }

    /// As `start`, serving HTTPS with `(certificate, key)` when given.
    fn start_with(python: &Path, dir: &Path, tls: Option<(&Path, &Path)>) -> Ralph {
        let data = dir.join("lrs");
        // The port is free when asked; if another process takes it before ralph binds it,
        // ralph exits with status 1 and we try another one.
        let mut last_log = String::new();
        for _ in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let log = dir.join(format!("ralph-{port}.log"));
            let out = std::fs::File::create(&log).unwrap();
            let mut cmd = Command::new(python);
            cmd.arg(manifest().join(".ci/lrs/launch_ralph.py"))
                .args(["--port", &port.to_string()])
                .arg("--data-dir")
                .arg(&data)
                .arg("--auth-file")
                .arg(data.join("auth.json"))
                .args(["--user", USER, "--password", PASSWORD]);
            if let Some((cert, key)) = tls {
                cmd.arg("--ssl-certfile")
                    .arg(cert)
                    .arg("--ssl-keyfile")
                    .arg(key);
            }
            let child = cmd
                .stdin(Stdio::null())
                .stdout(out.try_clone().unwrap())
                .stderr(out)
                .spawn()
                .expect("the launcher starts");
            let mut ralph = Ralph {
                child,
                port,
                log,
                tls: tls.is_some(),
            };
            match ralph.wait_ready() {
                Ok(()) => return ralph,
                Err(e) => last_log = format!("{e}\n{}", ralph.log_text()),
            }
        }
        panic!("ralph did not start:\n{last_log}");
    }

    /// Polls the heartbeat (no auth) until `200 {"database":"ok"}`, the process exits, or
    /// [`READY_WITHIN`] has passed.
    fn wait_ready(&mut self) -> Result<(), String> {
        if self.tls {
            return self.wait_listening();
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(2)))
            .build()
            .into();
        let url = format!("http://127.0.0.1:{}/__heartbeat__", self.port);
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Err(format!("ralph exited early ({status})"));
            }
            if let Ok(mut resp) = agent.get(&url).call() {
                let body = resp.body_mut().read_to_string().unwrap_or_default();
                if resp.status() == 200 && body.contains("\"ok\"") {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(format!("no heartbeat within {READY_WITHIN:?}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Over HTTPS the heartbeat would need the test's CA: wait for uvicorn to say it serves.
    fn wait_listening(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Err(format!("ralph exited early ({status})"));
            }
            if self.log_text().contains("Uvicorn running on https://") {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("not serving within {READY_WITHIN:?}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn endpoint(&self) -> String {
        // With a trailing slash, as a trainer may type it: the client trims it.
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn config(ralph: &Ralph, password: &str) -> LrsConfig {
    LrsConfig {
        endpoint: ralph.endpoint(),
        user: Some(USER.into()),
        password: Some(password.into()),
        extra_ca: None,
        batch: 50,
    }
}

/// Pushes `statements`, recording the progress calls.
fn push(cfg: &LrsConfig, statements: &[String]) -> (PushSummary, Vec<(usize, usize)>) {
    let mut progress = Vec::new();
    let summary = lrs::push(
        cfg,
        statements,
        |done, total| progress.push((done, total)),
        &AtomicBool::new(false),
    )
    .expect("the configuration is valid");
    (summary, progress)
}

/// The exported statement as the LRS gives it back, less `stored` and `authority`: ralph
/// lower-cases the domain of every `mbox` (`mailto:A@EXAMPLE.COM` → `mailto:A@example.com`)
/// and changes nothing else.
fn as_stored(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    match child {
                        Value::String(s) if k == "mbox" => {
                            if let Some((local, domain)) = s.rsplit_once('@') {
                                *s = format!("{local}@{}", domain.to_lowercase());
                            }
                        }
                        _ => walk(child),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

#[test]
fn push_to_ralph_and_read_back() {
    let started = Instant::now();
    let python = ralph_python();
    if !required_or_skip(
        "tests/lrs.rs",
        python.as_ref().map(|_| ()).map_err(Clone::clone),
    ) {
        return;
    }
    let python = python.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (_, exported) = demo_export(dir.path());
    let n = exported.len();
    // What danvan would send: each statement as compact JSON text, sent as it is.
    let texts: Vec<String> = exported.iter().map(|s| s.to_string()).collect();

    let ralph = Ralph::start(&python, dir.path());
    let ready = started.elapsed();
    let cfg = config(&ralph, PASSWORD);

    // 1. The first 70 only: one full batch and one of 20.
    let (first, progress) = push(&cfg, &texts[..70]);
    assert_eq!(
        first,
        PushSummary {
            sent: 70,
            already_there: 0,
            refused: vec![],
            handled: 70,
            settled: 70,
            stopped: None,
        },
        "ralph log:\n{}",
        ralph.log_text()
    );
    assert_eq!(progress, vec![(50, 70), (70, 70)]);

    // 2. All of them: the second batch (statements 51–100) holds 20 stored ones and 30 new
    //    ones; ralph stores the new ones and lists only them.
    let (all, progress) = push(&cfg, &texts);
    assert_eq!(
        (all.sent, all.already_there, all.handled),
        (n - 70, 70, n),
        "{all:?}"
    );
    assert!(all.refused.is_empty() && all.stopped.is_none(), "{all:?}");
    assert_eq!(progress.len(), n.div_ceil(50));
    assert_eq!(progress.last(), Some(&(n, n)));
    assert_eq!(lrs::fetch_all(&cfg).unwrap().len(), n);

    // 3. Again: nothing new; the store still holds exactly the export.
    let (again, _) = push(&cfg, &texts);
    assert_eq!(
        (again.sent, again.already_there, again.handled),
        (0, n, n),
        "{again:?}"
    );
    assert!(again.refused.is_empty() && again.stopped.is_none());

    // 4. Read back (50 a page, following `more`) and compare with the export.
    let back = lrs::fetch_all(&cfg).unwrap();
    assert_eq!(back.len(), n, "the LRS holds each statement once");
    let by_id: HashMap<&str, &Value> = exported
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s))
        .collect();
    assert_eq!(by_id.len(), n, "export ids are unique");
    let authority = json!({"objectType": "Agent", "mbox": format!("mailto:{USER}@example.com")});
    let mut seen = HashSet::new();
    for got in back {
        let mut got = got;
        let map = got.as_object_mut().expect("a statement object");
        let stored = map.remove("stored").expect("the LRS adds stored");
        let stored = stored.as_str().expect("stored is a string");
        time::OffsetDateTime::parse(stored, &time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|e| panic!("stored {stored:?} is not a timestamp: {e}"));
        assert_eq!(
            map.remove("authority"),
            Some(authority.clone()),
            "authority is the user that pushed"
        );
        let id = got["id"].as_str().expect("an id").to_string();
        let sent = by_id
            .get(id.as_str())
            .unwrap_or_else(|| panic!("{id} came back but was not exported"));
        assert_eq!(got, as_stored((*sent).clone()), "statement {id} changed");
        assert!(seen.insert(id.clone()), "{id} came back twice");
    }
    assert_eq!(seen.len(), n);

    // 5. A known id with other content (409) in a batch with a new statement: the conflict is
    //    refused by id, the new one still stored (ralph stores nothing of a batch it answers
    //    409 to, so the client sends the batch again without the differing statement).
    let mut changed = exported[0].clone();
    changed["result"]["completion"] = json!(false);
    let changed_id = changed["id"].as_str().unwrap().to_string();
    let mut new = exported[1].clone();
    let new_id = uuid::Uuid::new_v4().to_string();
    new["id"] = json!(new_id);
    let (conflict, _) = push(&cfg, &[changed.to_string(), new.to_string()]);
    assert_eq!((conflict.sent, conflict.handled), (1, 2), "{conflict:?}");
    assert_eq!(conflict.refused.len(), 1, "{conflict:?}");
    assert_eq!(conflict.refused[0].0, changed_id);
    assert_eq!(
        conflict.refused[0].1,
        format!("HTTP 409: Differing statements already exist with the same ID: {changed_id}")
    );
    let back = lrs::fetch_all(&cfg).unwrap();
    assert_eq!(back.len(), n + 1);
    let kept = back.iter().find(|s| s["id"] == json!(changed_id)).unwrap();
    assert_eq!(
        kept["result"]["completion"],
        json!(true),
        "the stored one is kept"
    );
    assert!(back.iter().any(|s| s["id"] == json!(new_id)));

    // 6. A schema error (no actor): the batch is refused with ralph's reason, not retried.
    let mut no_actor = exported[2].clone();
    no_actor["id"] = json!(uuid::Uuid::new_v4().to_string());
    no_actor.as_object_mut().unwrap().remove("actor");
    let (schema, _) = push(&cfg, &[no_actor.to_string()]);
    assert_eq!(
        schema.refused,
        vec![(
            "statements 1–1".to_string(),
            "HTTP 422: body.0.actor: Field required".to_string()
        )],
        "{schema:?}"
    );
    assert_eq!((schema.sent, schema.handled, schema.stopped), (0, 1, None));

    // 7. A wrong password: refused with ralph's reason, and the push stops at once.
    let wrong = config(&ralph, "not-the-password");
    let (denied, progress) = push(&wrong, &texts);
    assert_eq!(
        denied,
        PushSummary {
            sent: 0,
            already_there: 0,
            refused: vec![(
                "statements 1–50".to_string(),
                "HTTP 401: Invalid authentication credentials".to_string()
            )],
            handled: 0,
            settled: 0,
            stopped: Some("HTTP 401: Invalid authentication credentials".to_string()),
        }
    );
    assert!(progress.is_empty());
    assert_eq!(
        lrs::fetch_all(&wrong),
        Err(LrsError::Refused {
            status: 401,
            reason: "HTTP 401: Invalid authentication credentials".into()
        })
    );
    assert_eq!(
        lrs::fetch_all(&cfg).unwrap().len(),
        n + 1,
        "nothing else stored"
    );

    // 8. Nobody listening: connection refused is retried after each wait of the back-off
    //    (recorded, not slept), then the push stops and says why.
    let port = ralph.port;
    drop(ralph);
    let waits = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&waits);
    let gone = Lrs::new(&LrsConfig {
        endpoint: format!("http://127.0.0.1:{port}/xAPI"),
        ..cfg.clone()
    })
    .unwrap()
    .with_sleep(move |d| recorded.lock().unwrap().push(d));
    let down = gone.push(&texts[..3], |_, _| {}, &AtomicBool::new(false));
    assert_eq!(*waits.lock().unwrap(), BACKOFF.to_vec());
    assert_eq!((down.sent, down.handled), (0, 0));
    let why = down.stopped.expect("stopped");
    assert!(why.ends_with("(gave up after 5 attempts)"), "{why}");

    eprintln!(
        "tests/lrs.rs: {n} statements; ralph ready after {ready:?}, all done in {:?}",
        started.elapsed()
    );
}

/// `danvan push` against ralph; its stdout, stderr and exit code.
fn push_command(db: &Path, endpoint: &str, extra: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(db)
        .args(["push", "--lrs", endpoint, "--user", USER, "--batch", "50"])
        .args(extra)
        .env("DANVAN_LANG", "en")
        .env("DANVAN_LRS_PASSWORD", PASSWORD)
        .stdin(Stdio::null())
        .output()
        .expect("danvan runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Every statement ralph holds, less what it adds, by id.
fn held(cfg: &LrsConfig) -> HashMap<String, Value> {
    let mut out = HashMap::new();
    for mut s in lrs::fetch_all(cfg).unwrap() {
        let map = s.as_object_mut().expect("a statement object");
        map.remove("stored").expect("the LRS adds stored");
        map.remove("authority").expect("the LRS adds authority");
        let id = s["id"].as_str().unwrap().to_string();
        assert!(out.insert(id.clone(), s).is_none(), "{id} came back twice");
    }
    out
}

/// A finished official attempt (every answer saved) for the demo's first official.
fn add_attempt(db: &Path) -> usize {
    use danvan::domain::attempt::{AttemptStatus, StoredAnswer};
    use danvan::domain::quiz::engine::Response;
    let pack = danvan::domain::content::load(&danvan::domain::content::embedded_files())
        .pack
        .unwrap();
    let mut store = danvan::store::Store::open(db).unwrap();
    let person = store.people().unwrap().remove(0);
    let quiz = pack.quiz("q-mot-cua").unwrap();
    let paper = danvan::domain::quiz::draw(&pack, quiz, 77);
    let a = store
        .start_attempt(&danvan::store::attempts::NewAttempt {
            person_id: &person.id,
            quiz_id: &quiz.id,
            quiz_version: &quiz.version,
            content_hash: "v2:test",
            paper: &paper,
            practice: false,
            course_id: quiz.course.as_deref(),
        })
        .unwrap();
    for (position, item) in paper.items.iter().enumerate() {
        store
            .save_answer(
                &a.id,
                &StoredAnswer {
                    position,
                    bank_id: item.bank.clone(),
                    question_id: item.question.clone(),
                    response: Response::Text("x".into()),
                    correct: position % 2 == 0,
                    earned: if position % 2 == 0 { item.max } else { 0 },
                    answered_at: "2026-11-30T01:00:00Z".into(),
                    active_ms: 1500,
                },
            )
            .unwrap();
    }
    store
        .finish_attempt(&a.id, AttemptStatus::Submitted, quiz.pass_mark, 9000)
        .unwrap();
    paper.items.len()
}

#[test]
fn the_push_command_sends_only_what_is_new() {
    let python = ralph_python();
    if !required_or_skip(
        "tests/lrs.rs",
        python.as_ref().map(|_| ()).map_err(Clone::clone),
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, exported) = demo_export(dir.path());
    let db = dir.path().join("demo.db");
    let n = exported.len();
    let ralph = Ralph::start(&python.unwrap(), dir.path());
    let endpoint = ralph.endpoint();
    let summary = |sent: usize, already: usize| {
        format!("{endpoint}: {sent} sent, {already} already there, 0 refused (xAPI statements).\n")
    };

    // 1. Everything; the password from a file this time.
    let password_file = dir.path().join("password.txt");
    std::fs::write(&password_file, format!("{PASSWORD}\n")).unwrap();
    let pf = password_file.to_str().unwrap();
    let (out, err, code) = push_command(&db, &endpoint, &["--password-file", pf]);
    assert_eq!(code, 0, "{err}\nralph log:\n{}", ralph.log_text());
    assert_everything_arrived(&out, &endpoint, n);
    // Not a terminal: progress as plain lines, the last one complete.
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("Pushing: ") && last.ends_with("records…"),
        "{err}"
    );

    // 2. Again: nothing new, nothing sent (not even re-sent as duplicates).
    let (out, err, code) = push_command(&db, &endpoint, &[]);
    assert_eq!((code, out), (0, summary(0, 0)), "{err}");

    // 3. One new attempt: only its statements (the attempt and each answer).
    let answers = add_attempt(&db);
    let (out, err, code) = push_command(&db, &endpoint, &[]);
    assert_eq!((code, out), (0, summary(answers + 1, 0)), "{err}");

    // 4. What ralph holds is the export, statement for statement.
    let now = dir.path().join("now.json");
    danvan(&[
        "--db",
        db.to_str().unwrap(),
        "export",
        "--format",
        "xapi",
        "--out",
        now.to_str().unwrap(),
    ]);
    let export: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&now).unwrap()).unwrap();
    assert_eq!(export.len(), n + answers + 1);
    let back = held(&config(&ralph, PASSWORD));
    assert_eq!(back.len(), export.len());
    for sent in export {
        let id = sent["id"].as_str().unwrap();
        let got = back
            .get(id)
            .unwrap_or_else(|| panic!("{id} was exported but is not in the LRS"));
        assert_eq!(*got, as_stored(sent.clone()), "statement {id} changed");
    }

    // 5. A wrong password: exit 1, the LRS and its reason named; nothing is remembered.
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(&db)
        .args(["push", "--lrs", &endpoint, "--user", USER])
        .env("DANVAN_LANG", "en")
        .env("DANVAN_LRS_PASSWORD", "wrong")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // Nothing new to send, so nothing reaches the LRS: add one more record first.
    assert_eq!(out.status.code(), Some(0), "{err}");
    add_attempt(&db);
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(&db)
        .args(["push", "--lrs", &endpoint, "--user", USER])
        .env("DANVAN_LANG", "en")
        .env("DANVAN_LRS_PASSWORD", "wrong")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "Stopped pushing to {endpoint}: HTTP 401: Invalid authentication credentials"
        )),
        "{err}"
    );
    let (out, err, code) = push_command(&db, &endpoint, &[]);
    assert_eq!((code, out), (0, summary(answers + 1, 0)), "{err}");
}

/// A certificate authority and a certificate for 127.0.0.1 signed by it, made with openssl:
/// (ca.pem, server.pem, server.key).
fn make_ca(dir: &Path) -> Result<(PathBuf, PathBuf, PathBuf), String> {
    let run = |args: &[&str]| -> Result<(), String> {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("openssl: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "openssl {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    std::fs::write(dir.join("san.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=So Noi vu test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ])?;
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ])?;
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        "-out",
        "server.pem",
    ])?;
    Ok((
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    ))
}

/// A province's LRS often has a certificate from its own authority: `--ca FILE` makes the push
/// trust it, and without it the push refuses the connection and says why.
#[test]
fn push_over_https_trusts_an_internal_ca_given_with_ca() {
    let python = ralph_python();
    if !required_or_skip(
        "tests/lrs.rs",
        python.as_ref().map(|_| ()).map_err(Clone::clone),
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let certs = make_ca(dir.path());
    if !required_or_skip(
        "tests/lrs.rs (openssl)",
        certs.as_ref().map(|_| ()).map_err(Clone::clone),
    ) {
        return;
    }
    let (ca, cert, key) = certs.unwrap();
    let (_, exported) = demo_export(dir.path());
    let db = dir.path().join("demo.db");
    let ralph = Ralph::start_with(&python.unwrap(), dir.path(), Some((&cert, &key)));
    let endpoint = format!("https://127.0.0.1:{}/xAPI", ralph.port);

    // Without the CA: the certificate is not trusted, nothing is sent or remembered.
    let (out, err, code) = push_command(&db, &endpoint, &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(&endpoint) || err.contains("127.0.0.1"),
        "{err}"
    );
    assert!(
        err.to_lowercase().contains("certificate") || err.to_lowercase().contains("issuer"),
        "{err}"
    );

    // With it: everything goes, over TLS.
    let ca = ca.to_str().unwrap();
    let (out, err, code) = push_command(&db, &endpoint, &["--ca", ca]);
    assert_eq!(code, 0, "{err}\nralph log:\n{}", ralph.log_text());
    assert_everything_arrived(&out, &endpoint, exported.len());
}

/// A first push's summary: every statement sent, none refused. On a loaded machine a batch that
/// timed out after the LRS stored it is sent again and counted as already there (the LRS keeps
/// one copy), so sent + already there = all.
fn assert_everything_arrived(out: &str, endpoint: &str, n: usize) {
    let rest = out
        .strip_prefix(&format!("{endpoint}: "))
        .unwrap_or_else(|| panic!("{out}"));
    let numbers: Vec<usize> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .map(|w| w.parse().unwrap())
        .collect();
    assert!(
        rest.ends_with("refused (xAPI statements).\n") && numbers.len() == 3,
        "{out}"
    );
    assert_eq!((numbers[0] + numbers[1], numbers[2]), (n, 0), "{out}");
}

//! Waiting, not failing: while another program holds the write lock, a plain quiz's answer
//! waits (saying so after a second) and is saved once the lock is let go.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use danvan::store::Store;

/// Copy everything `from` yields into a shared buffer, on a thread.
fn collect(mut from: impl Read + Send + 'static) -> Arc<Mutex<Vec<u8>>> {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let sink = buf.clone();
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = from.read(&mut chunk) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    buf
}

fn wait_for(buf: &Arc<Mutex<Vec<u8>>>, needle: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = String::from_utf8_lossy(&buf.lock().unwrap()).into_owned();
        if text.contains(needle) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: {text}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_answer_waits_for_a_held_write_lock_and_is_saved_after_it() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::store_with_person(dir.path()));
    let db = dir.path().join("danvan.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en"])
        .args([
            "quiz",
            "q-dao-duc-cong-vu",
            "--plain",
            "--person",
            "CB001",
            "--seed",
            "7",
        ])
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = collect(child.stdout.take().unwrap());
    let err = collect(child.stderr.take().unwrap());
    let mut stdin = child.stdin.take().unwrap();
    // The attempt has started and the first question is asked.
    wait_for(&out, "\n> ", "the first prompt");

    // Another program takes the write lock.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let held = Instant::now();

    // Seed 7 asks a true-or-false question first.
    stdin.write_all(b"true\n").unwrap();
    stdin.flush().unwrap();
    wait_for(&err, "Waiting for another program", "the waiting line");
    assert!(
        held.elapsed() >= Duration::from_millis(900),
        "told after about a second"
    );
    // Hold it a while longer (about two seconds in all), then let go.
    while held.elapsed() < Duration::from_secs(2) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the quiz did not give up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);

    // The answer is acknowledged (the next prompt), then the quiz ends at end of input.
    wait_for(&out, "\n> ", "the prompt after the answer");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = String::from_utf8_lossy(&out.lock().unwrap())
            .matches("\n> ")
            .count();
        if text >= 2 {
            break;
        }
        assert!(Instant::now() < deadline, "no second prompt");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stdin);
    child.wait().unwrap();
    let stderr = String::from_utf8_lossy(&err.lock().unwrap()).into_owned();
    assert!(!stderr.contains("busy"), "{stderr}");

    let store = Store::open(&db).unwrap();
    let person = store
        .people()
        .unwrap()
        .into_iter()
        .find(|p| p.staff_code.as_deref() == Some("CB001"))
        .unwrap();
    let attempts = store.attempts(&person.id, "q-dao-duc-cong-vu").unwrap();
    assert_eq!(attempts.len(), 1);
    let answers = store.answers(&attempts[0].id).unwrap();
    assert_eq!(
        answers.len(),
        1,
        "the answer typed during the lock is stored"
    );
    assert_eq!(answers[0].position, 0);
}

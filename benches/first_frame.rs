//! The kit's first frame as an official sees it: from starting `danvan` in a pseudo-terminal to
//! home on its screen (read through vt100), against the same for a bare ratatui program
//! (`examples/bare_frame.rs`) — process start, terminal set-up and one frame on both sides.
//!
//!     cargo build --release --example bare_frame
//!     cargo bench --bench first_frame -- DB [ROUNDS]     # BIN=path/to/danvan to time another

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

#[path = "../tests/common/responder.rs"]
mod responder;
#[path = "support.rs"]
mod support;

use responder::{Responder, Writer};

/// Seconds from spawning `cmd` in an 80×24 pseudo-terminal until `marker` is on its screen.
fn time_to_screen(mut cmd: CommandBuilder, marker: &str) -> f64 {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open pty");
    cmd.env("TERM", "xterm-256color");
    let writer: Writer = Arc::new(Mutex::new(pair.master.take_writer().expect("writer")));
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut parser = vt100::Parser::new_with_callbacks(
        24,
        80,
        0,
        Responder {
            writer: writer.clone(),
        },
    );
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let mut buf = [0u8; 16384];
    let seen = loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => panic!("the program ended before showing {marker:?}"),
            Ok(n) => parser.process(&buf[..n]),
        }
        if parser.screen().contents().contains(marker) {
            break started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{marker:?} not shown in 30 s"
        );
    };
    let _ = child.kill();
    let _ = child.wait();
    seen.as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let Some((db, rest)) = support::args("cargo bench --bench first_frame -- DB [ROUNDS]") else {
        return;
    };
    let rounds: usize = rest.first().and_then(|n| n.parse().ok()).unwrap_or(15);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let kit = std::env::var("BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| root.join("target/release/danvan"));
    let bare = root.join("target/release/examples/bare_frame");
    for bin in [&kit, &bare] {
        assert!(bin.exists(), "{} is not built", bin.display());
    }
    support::sign_in_on_home(Path::new(&db));
    let people: i64 = danvan::store::Store::open(Path::new(&db))
        .expect("database")
        .conn()
        .query_row("SELECT COUNT(*) FROM people", [], |r| r.get(0))
        .expect("count");

    let (mut kit_times, mut bare_times) = (Vec::new(), Vec::new());
    // Alternating, so both sides see the same machine.
    for _ in 0..rounds {
        let mut cmd = CommandBuilder::new(&kit);
        cmd.args(["--lang", "vi", "--db"]);
        cmd.arg(&db);
        for var in ["DANVAN_DB", "DANVAN_CONTENT", "DANVAN_LANG"] {
            cmd.env_remove(var);
        }
        kit_times.push(time_to_screen(cmd, "Tự đánh giá hằng năm"));
        bare_times.push(time_to_screen(CommandBuilder::new(&bare), "danvan-bare"));
    }
    let (k, b) = (median(kit_times), median(bare_times));
    println!(
        "first frame in a terminal (process start to home on screen), median of {rounds}: kit {:.1} ms, bare ratatui program {:.1} ms; ratio {:.2} ({people} people)",
        k * 1e3,
        b * 1e3,
        k / b
    );
}

//! The question statistics against "one query pass" over the answers, measured in the same run on
//! the same database, so the ratio holds whatever the machine:
//!
//! - anchor `count`: `SELECT count(*) FROM answers` (SQLite counts the rows of its smallest index);
//! - anchor `scan`: `SELECT sum(earned) FROM answers` (every row of the table read once, one
//!   integer column decoded);
//! - anchor `read`: the same scan decoding every column the statistics read from an answer
//!   (`attempt_id`, `bank_id`, `question_id`, `earned`, `correct`): one query pass over the
//!   answers doing the statistics' reading, without the join to the attempts or any grouping;
//! - `join`: the statistics' own query (answers of official attempts with their attempts), every
//!   row stepped through and its columns read, nothing summed: what the SQL side costs;
//! - `stats`: [`danvan::service::question_stats::question_stats`], the one GROUP BY query over the
//!   answers of official attempts joined to their attempts, and the pack's titles and order.
//!
//! Each is run ROUNDS times, interleaved, and the median kept.
//!
//!     cargo bench --bench question_stats -- [DB] [--rounds R]    # DB: an existing database
//!     cargo bench --bench question_stats -- --people N           # a new demo database of N officials
//!
//! Without DB it makes a demonstration database of 10,000 officials (`--people N` for another size)
//! in a temporary folder. `benches/compare.sh` runs it (`ONLY=stats`) on its database.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use danvan::demo::{self, DemoOptions};
use danvan::domain::content::{embedded_files, load};
use danvan::store::Store;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes --bench; keep only our arguments.
    let mut people = 10_000usize;
    let mut rounds = 7usize;
    let mut positional = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--people" => {
                people = it.next().and_then(|n| n.parse().ok()).expect("--people N");
            }
            "--rounds" => {
                rounds = it
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .expect("--rounds R")
                    .max(1);
            }
            s if s.starts_with("--") => {}
            s => positional.push(s.to_string()),
        }
    }
    let pack = load(&embedded_files()).pack.expect("built-in pack");
    let _dir;
    let db: PathBuf = match positional.first() {
        // An existing file only: opening a mistyped path would make a new, empty database.
        Some(p) if std::path::Path::new(p).is_file() => PathBuf::from(p),
        Some(p) => {
            eprintln!("{p}: no such database");
            std::process::exit(2);
        }
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join(format!("demo-{people}.db"));
            let started = Instant::now();
            demo::create(
                &path,
                &pack,
                &DemoOptions {
                    people,
                    seed: 2026,
                    today: time::macros::date!(2026 - 11 - 26),
                },
            )
            .expect("demo database");
            eprintln!(
                "made {} in {:.1} s",
                path.display(),
                started.elapsed().as_secs_f64()
            );
            _dir = dir;
            path
        }
    };
    let store = Store::open(&db).expect("database");
    let conn = store.conn();
    let count_rows = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    let answers = count_rows("SELECT count(*) FROM answers");
    let officials = count_rows("SELECT count(*) FROM people");
    let official_answers = count_rows(
        "SELECT count(*) FROM answers a JOIN attempts t ON t.id = a.attempt_id
         WHERE t.practice = 0 AND t.status IN ('submitted', 'timed-out')",
    );
    println!(
        "{}: {officials} officials, {answers} answers ({official_answers} in official attempts)",
        db.display()
    );
    println!(
        "plan: {}",
        store.question_sums_plan().expect("plan").join(" | ")
    );

    const READ: &str = "SELECT sum(length(attempt_id) + length(bank_id) + length(question_id)
        + earned + correct) FROM answers";
    const JOIN: &str = "SELECT t.quiz_id, a.bank_id, a.question_id, a.earned, t.earned, a.correct
        FROM answers a JOIN attempts t ON t.id = a.attempt_id
        WHERE t.practice = 0 AND t.status IN ('submitted', 'timed-out') AND t.earned IS NOT NULL";
    let join_rows = || -> usize {
        let mut stmt = conn.prepare_cached(JOIN).expect("join");
        let mut rows = stmt.query([]).expect("join");
        let mut bytes = 0usize;
        while let Some(r) = rows.next().expect("row") {
            for i in 0..3 {
                bytes += r.get_ref(i).expect("col").as_str().map_or(0, str::len);
            }
            bytes += (r.get::<_, i64>(3).expect("col")
                + r.get::<_, i64>(4).expect("col")
                + r.get::<_, i64>(5).expect("col")) as usize
                & 1;
        }
        bytes
    };
    let (mut count, mut scan, mut read, mut join, mut stats) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut questions = 0;
    // One warm-up of each, so the page cache is the same for all three.
    for round in 0..=rounds {
        let t = Instant::now();
        std::hint::black_box(count_rows("SELECT count(*) FROM answers"));
        let c = t.elapsed();
        let t = Instant::now();
        std::hint::black_box(count_rows("SELECT sum(earned) FROM answers"));
        let s = t.elapsed();
        let t = Instant::now();
        std::hint::black_box(count_rows(READ));
        let r = t.elapsed();
        let t = Instant::now();
        std::hint::black_box(join_rows());
        let j = t.elapsed();
        let t = Instant::now();
        let rows = danvan::service::question_stats::question_stats(&store, &pack, None)
            .expect("statistics");
        let q = t.elapsed();
        questions = rows.len();
        std::hint::black_box(rows);
        if round > 0 {
            count.push(c);
            scan.push(s);
            read.push(r);
            join.push(j);
            stats.push(q);
        }
    }
    let (c, s, r, j, q) = (
        median(count),
        median(scan),
        median(read),
        median(join),
        median(stats),
    );
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("rounds: {rounds} (medians)");
    println!("anchor count(*) FROM answers:     {:8.2} ms", ms(c));
    println!("anchor sum(earned) FROM answers:  {:8.2} ms", ms(s));
    println!("anchor read the answers' columns: {:8.2} ms", ms(r));
    println!("the statistics' query, rows read:  {:8.2} ms", ms(j));
    println!(
        "question statistics:              {:8.2} ms ({questions} questions)",
        ms(q)
    );
    println!(
        "ratio stats/count {:.2}, stats/scan {:.2}, stats/read {:.2}, stats/join {:.2}",
        q.as_secs_f64() / c.as_secs_f64(),
        q.as_secs_f64() / s.as_secs_f64(),
        q.as_secs_f64() / r.as_secs_f64(),
        q.as_secs_f64() / j.as_secs_f64()
    );
}

//! One keystroke in the search box: searching the lessons' index, next to the anchor measured in
//! the same run, the work each keystroke used to do (parse every lesson's Markdown and fold it:
//! what `SearchIndex::build` does once per language). Prints both and their ratio.
//!
//!     cargo bench --bench search [-- ROUNDS]

use std::time::Instant;

use danvan::domain::i18n::Lang;
use danvan::domain::search::SearchIndex;

fn main() {
    let rounds: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(30);
    let pack = danvan::domain::content::load(&danvan::domain::content::embedded_files())
        .pack
        .expect("built-in pack");
    // The keystrokes of typing "dân vận khéo": each prefix of two letters or more is searched.
    let typed: Vec<String> = {
        let chars: Vec<char> = "dân vận khéo".chars().collect();
        (2..=chars.len())
            .map(|n| chars[..n].iter().collect())
            .collect()
    };
    let started = Instant::now();
    let mut pieces = 0;
    for _ in 0..rounds {
        pieces += std::hint::black_box(SearchIndex::build(&pack, Lang::Vi))
            .find("dân", usize::MAX)
            .len();
    }
    let build = started.elapsed().as_secs_f64() / f64::from(rounds);

    let index = SearchIndex::build(&pack, Lang::Vi);
    let started = Instant::now();
    let mut hits = 0;
    for _ in 0..rounds {
        for q in &typed {
            hits += std::hint::black_box(index.find(q, 200)).len();
        }
    }
    let key = started.elapsed().as_secs_f64() / f64::from(rounds) / typed.len() as f64;
    println!(
        "search: one keystroke {:.3} ms; parsing and folding every lesson (the old per-key work) {:.3} ms; ratio {:.3} ({} rounds, {} hits, {} found while building)",
        key * 1e3,
        build * 1e3,
        key / build,
        rounds,
        hits,
        pieces
    );
}

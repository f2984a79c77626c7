//! The records screen on a given database: the time of one screenful (page query by key plus
//! drawing the frame) and the process's peak memory. `benches/compare.sh` runs it on demo
//! databases of several sizes, one process each, so the peaks can be compared.
//!
//!     cargo bench --bench records_screen -- DB [ITERATIONS]

use std::time::Instant;

#[path = "support.rs"]
mod support;

use danvan::domain::i18n::Lang;
use danvan::store::Store;
use danvan::tui::action::Action;
use danvan::tui::app::{App, Screen};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn main() {
    let Some((db, rest)) = support::args("cargo bench --bench records_screen -- DB [ITERATIONS]")
    else {
        return;
    };
    let iterations: u32 = rest.first().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let pack = danvan::domain::content::load(&danvan::domain::content::embedded_files())
        .pack
        .expect("built-in pack");
    // Signed in as the first official, as a trainer would be, so the kit opens on its home.
    support::sign_in_on_home(std::path::Path::new(&db));
    let store = Store::open(std::path::Path::new(&db)).expect("database");
    let mut app = App::new(store, pack, Lang::Vi, (80, 24));
    app.screen = Screen::Records(Box::new(danvan::tui::screens::records::RecordsState::open(
        &app.session,
    )));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
    // Page forward through the list and back: each step reads one screenful by key and draws it.
    let start = Instant::now();
    let mut fetched = 0;
    for i in 0..iterations {
        // 20 pages down, 20 back: always inside the list, whatever its size.
        app.update(if (i / 20) % 2 == 0 {
            Action::PageDown
        } else {
            Action::PageUp
        });
        if let Screen::Records(s) = &app.screen {
            fetched = fetched.max(s.fetched);
        }
        terminal
            .draw(|f| danvan::tui::view::view(&app, f))
            .expect("draw");
    }
    let per = start.elapsed() / iterations;
    let total = match &app.screen {
        Screen::Records(s) => s.total,
        _ => 0,
    };
    println!(
        "{db}: {total} people; page query + frame {:.1} µs; at most {fetched} rows fetched per screen; peak memory {} KB",
        per.as_secs_f64() * 1e6,
        support::peak_kb().map(|k| k.to_string()).unwrap_or_else(|| "?".into())
    );
}

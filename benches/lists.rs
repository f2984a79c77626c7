//! The lists of people at province scale (issue 12, "Every list paged"): opening the records
//! screen, opening the profile picker and drawing its first frame, one arrow key in the picker
//! (a page boundary crossed every screenful), and one letter typed into its name search, each
//! with its frame, and the process's peak memory. `benches/compare.sh` runs it once per demo
//! database size, one process each, and prints each figure as a ratio against 1,000 people.
//!
//!     cargo bench --bench lists -- DB [ROUNDS]

use std::time::{Duration, Instant};

#[path = "support.rs"]
mod support;

use danvan::domain::i18n::Lang;
use danvan::store::Store;
use danvan::tui::action::Action;
use danvan::tui::app::{App, Screen};
use danvan::tui::screens::profile::ProfilesState;
use danvan::tui::screens::records::RecordsState;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn ms(d: Duration, rounds: u32) -> f64 {
    d.as_secs_f64() * 1e3 / f64::from(rounds)
}

fn main() {
    let Some((db, rest)) = support::args("cargo bench --bench lists -- DB [ROUNDS]") else {
        return;
    };
    let rounds: u32 = rest.first().and_then(|n| n.parse().ok()).unwrap_or(200);
    let pack = danvan::domain::content::load(&danvan::domain::content::embedded_files())
        .pack
        .expect("built-in pack");
    support::sign_in_on_home(std::path::Path::new(&db));
    let store = Store::open(std::path::Path::new(&db)).expect("database");
    let mut app = App::new(store, pack, Lang::Vi, (80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
    let mut frame = |app: &App| {
        terminal
            .draw(|f| danvan::tui::view::view(app, f))
            .expect("draw");
    };

    // Opening the records screen: its first page and count, and the frame.
    let started = Instant::now();
    let mut total = 0;
    for _ in 0..rounds {
        let s = RecordsState::open(&app.session);
        total = s.total;
        app.screen = Screen::Records(Box::new(s));
        frame(&app);
    }
    let records_open = ms(started.elapsed(), rounds);

    // Opening the picker on the page of the person signed in, and its first frame.
    let started = Instant::now();
    for _ in 0..rounds {
        app.screen = Screen::Profiles(ProfilesState::load(&app.session));
        frame(&app);
    }
    let picker_open = ms(started.elapsed(), rounds);

    // One arrow key: down through the list, so a page is read each screenful; back to the top
    // every 200 keys to stay inside the list whatever its size.
    let keys = rounds * 10;
    let started = Instant::now();
    for i in 0..keys {
        app.update(if (i / 200) % 2 == 0 {
            Action::Down
        } else {
            Action::Up
        });
        frame(&app);
    }
    let picker_key = ms(started.elapsed(), keys);

    // One letter into the name search, and then taken away again: each is a query by name.
    app.update(Action::FindName);
    let started = Instant::now();
    for i in 0..rounds {
        app.update(if i % 2 == 0 {
            Action::Input('n')
        } else {
            Action::Backspace
        });
        frame(&app);
    }
    let picker_search = ms(started.elapsed(), rounds);

    println!(
        "{db}: {total} people; records open {records_open:.3} ms; picker open {picker_open:.3} ms; picker key {picker_key:.3} ms; picker search letter {picker_search:.3} ms; peak memory {} KB",
        support::peak_kb().map(|k| k.to_string()).unwrap_or_else(|| "?".into())
    );
}

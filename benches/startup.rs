//! The kit's first frame on home, in the same process as its anchor, a bare ratatui program's
//! first frame (a bordered paragraph drawn to the same 80×24 test backend), and what reading the
//! built-in pack takes of it: its compact form (`boot::load_pack_to_run(None)`, as the kit starts),
//! next to parsing its TOML (`load_to_run`: parse, normalise, check; what the kit did before
//! build.rs checked the pack). Each is measured cold in a loop of fresh starts (a new store
//! connection and App each time).
//!
//!     cargo bench --bench startup -- DB [ROUNDS]

use std::time::Instant;

#[path = "support.rs"]
mod support;

use danvan::domain::i18n::Lang;
use danvan::store::Store;
use ratatui::backend::TestBackend;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Terminal;

fn main() {
    let Some((db, rest)) = support::args("cargo bench --bench startup -- DB [ROUNDS]") else {
        return;
    };
    let rounds: u32 = rest.first().and_then(|n| n.parse().ok()).unwrap_or(20);
    let path = std::path::Path::new(&db);
    support::sign_in_on_home(path);

    let started = Instant::now();
    for _ in 0..rounds {
        let mut t = Terminal::new(TestBackend::new(80, 24)).expect("backend");
        t.draw(|f| {
            f.render_widget(
                Paragraph::new("danvan").block(Block::default().borders(Borders::ALL)),
                f.area(),
            )
        })
        .expect("draw");
    }
    let bare = started.elapsed().as_secs_f64() / f64::from(rounds);

    let started = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(danvan::domain::content::load_to_run(
            &danvan::domain::content::embedded_files(),
        ));
    }
    let toml = started.elapsed().as_secs_f64() / f64::from(rounds);

    let started = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(danvan::boot::load_pack_to_run(None).expect("built-in pack"));
    }
    let pack = started.elapsed().as_secs_f64() / f64::from(rounds);

    let started = Instant::now();
    for _ in 0..rounds {
        let pack = danvan::boot::load_pack_to_run(None)
            .expect("built-in pack")
            .pack
            .expect("built-in pack");
        let store = Store::open(path).expect("database");
        let app = danvan::tui::app::App::new(store, pack, Lang::Vi, (80, 24));
        let mut t = Terminal::new(TestBackend::new(80, 24)).expect("backend");
        t.draw(|f| danvan::tui::view::view(&app, f)).expect("draw");
    }
    let kit = started.elapsed().as_secs_f64() / f64::from(rounds);
    println!(
        "first frame: kit {:.2} ms (of which the built-in pack's compact form {:.2} ms; parsing its TOML instead {:.2} ms), bare ratatui {:.3} ms; ratio kit/bare {:.0}, kit without the pack/bare {:.0}, kit with the TOML parse/bare {:.0} ({db}, {rounds} rounds)",
        kit * 1e3,
        pack * 1e3,
        toml * 1e3,
        bare * 1e3,
        kit / bare,
        (kit - pack) / bare,
        (kit - pack + toml) / bare
    );
}

//! Shared set-up for the TUI tests: a store in a temp folder, the built-in pack, an App.
#![allow(dead_code)]

use danvan::domain::content::{embedded_files, load, Pack};
use danvan::domain::i18n::Lang;
use danvan::domain::people::{NewPerson, NewUnit, UnitKind};
use danvan::store::{settings, Store};
use danvan::tui::app::App;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

pub fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
}

/// A store with one unit and one official, remembered as the last profile.
pub fn store_with_person(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("danvan.db")).unwrap();
    let unit = store
        .add_unit(&NewUnit {
            code: "UBND-TT".into(),
            name: "UBND xã Tân Tiến".into(),
            kind: UnitKind::Commune,
            parent_id: None,
        })
        .unwrap();
    let person = store
        .add_person(&NewPerson {
            full_name: "Nguyễn Thị Hoa".into(),
            staff_code: Some("CB001".into()),
            unit_id: Some(unit.id),
            position: "Công chức Văn phòng - Thống kê".into(),
            appointed_on: Some("2026-03-01".into()),
        })
        .unwrap();
    store
        .set_setting(settings::LAST_PERSON, &person.id)
        .unwrap();
    store
}

pub fn app(dir: &std::path::Path, lang: Lang) -> App {
    App::new(store_with_person(dir), pack(), lang, (80, 24))
}

/// The screen with its styles, as the snapshot records it.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| danvan::tui::view::view(app, f)).unwrap();
    format!("{:?}", t.backend().buffer())
}

/// Only the text of the screen.
pub fn screen_text(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| danvan::tui::view::view(app, f)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

//! Shared set-up for the TUI tests: a store in a temp folder, the built-in pack, an App.
#![allow(dead_code)]

pub mod machines;
pub mod responder;

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

/// The screen with its styles, as the snapshot records it. Every snapshot's footer is checked
/// against the screen's keymap on the way (see `check_footer`).
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| danvan::tui::view::view(app, f)).unwrap();
    if !app.help_open && !danvan::tui::layout::too_small((w, h)) {
        check_footer(app, t.backend().buffer());
    }
    format!("{:?}", t.backend().buffer())
}

/// The footer as drawn shows only whole items of the screen's keymap (and the cue); when a key
/// of the table is not shown, the footer ends with the "… ? more keys" cue. Returns the keys
/// left out.
pub fn check_footer(app: &App, buf: &ratatui::buffer::Buffer) -> Vec<&'static str> {
    let area = danvan::tui::layout::areas(buf.area).footer;
    let rows: Vec<String> = (area.y..area.y + area.height)
        .map(|y| {
            (area.x..area.x + area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect();
    let table = danvan::tui::view::bindings(app);
    let mut items: Vec<(String, &'static str)> = table
        .iter()
        .filter(|b| b.footer)
        .map(|b| (format!(" {}  {}", b.label, app.session.t(b.help)), b.label))
        .collect();
    // Longest first, so an item that is the start of another is not taken out of it.
    items.sort_by_key(|(text, _)| std::cmp::Reverse(text.chars().count()));
    let cue = app.session.t("footer-more");
    let mut left_over = rows.clone();
    let mut omitted = Vec::new();
    for (text, label) in &items {
        let mut found = false;
        for row in left_over.iter_mut() {
            if let Some(at) = row.find(text.as_str()) {
                row.replace_range(at..at + text.len(), &" ".repeat(text.chars().count()));
                found = true;
                break;
            }
        }
        if !found {
            omitted.push(*label);
        }
    }
    let last_row = rows
        .iter()
        .rev()
        .find(|r| !r.trim().is_empty())
        .cloned()
        .unwrap_or_default();
    let cued = last_row.trim_end().ends_with(cue.as_str());
    if cued {
        for row in left_over.iter_mut() {
            if let Some(at) = row.rfind(cue.as_str()) {
                row.replace_range(at..at + cue.len(), "");
            }
        }
    }
    for row in &left_over {
        assert!(
            row.trim().is_empty(),
            "the footer shows a cut or unknown item {:?}:\n{}",
            row.trim(),
            rows.join("\n")
        );
    }
    assert!(
        omitted.is_empty() || cued,
        "keys {omitted:?} left out of the footer without the cue:\n{}",
        rows.join("\n")
    );
    // The cue names `?` itself, and takes its place.
    for key in ["?", "q", "Esc"]
        .into_iter()
        .filter(|k| !(cued && *k == "?"))
    {
        if table
            .iter()
            .any(|b| b.footer && b.always_shown() && b.label == key)
        {
            assert!(
                !omitted.contains(&key),
                "{key} left out:\n{}",
                rows.join("\n")
            );
        }
    }
    omitted
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

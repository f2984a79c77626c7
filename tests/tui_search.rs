//! The search screen, drawn with its styles in both languages: a query without diacritics finds
//! every spelling, one with them only that spelling; snippets start at a word; a long course
//! title leaves room for the lesson's.

mod common;

use common::{app, render};
use danvan::domain::i18n::Lang;
use danvan::tui::action::Action;
use danvan::tui::app::{App, Screen};

fn search(app: &mut App, query: &str) {
    app.update(Action::Search);
    assert!(matches!(app.screen, Screen::Search(..)));
    for c in query.chars() {
        app.update(Action::Input(c));
    }
}

fn hits(app: &App) -> Vec<String> {
    let Screen::Search(s, _) = &app.screen else {
        panic!("not the search screen")
    };
    s.hits
        .iter()
        .map(|h| {
            h.snippet
                .chars()
                .skip(h.matched.0)
                .take(h.matched.1 - h.matched.0)
                .collect::<String>()
                .to_lowercase()
        })
        .collect()
}

#[test]
fn search_snapshots_with_and_without_diacritics() {
    for (lang, loose, exact) in [(Lang::Vi, "dang", "Đảng"), (Lang::En, "party", "Party")] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(dir.path(), lang);
        search(&mut a, loose);
        let all = hits(&a);
        insta::assert_snapshot!(format!("search_loose_{}", lang.code()), render(&a, 80, 24));
        app_back(&mut a);
        search(&mut a, exact);
        let only = hits(&a);
        insta::assert_snapshot!(format!("search_exact_{}", lang.code()), render(&a, 80, 24));
        assert!(!only.is_empty());
        if lang == Lang::Vi {
            // "dang" also finds "đăng", "đang"…; "Đảng" only "đảng".
            assert!(all.iter().any(|m| m != "đảng"), "{all:?}");
            assert!(only.iter().all(|m| m == "đảng"), "{only:?}");
        } else {
            // No diacritics in English: both are the same search, whatever the case.
            assert_eq!(all, only);
        }
    }
}

fn app_back(a: &mut App) {
    a.update(Action::Back);
    assert!(!matches!(a.screen, Screen::Search(..)));
}

#[test]
fn a_hit_opens_the_lesson_at_its_block_marked_in_the_margin() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(dir.path(), lang);
        search(
            &mut a,
            if lang == Lang::Vi {
                "tiếp công dân"
            } else {
                "citizen"
            },
        );
        a.update(Action::Down);
        let Screen::Search(s, _) = &a.screen else {
            panic!()
        };
        let hit = s.hits[1].clone();
        a.update(Action::Enter);
        let Screen::Reader(r) = &a.screen else {
            panic!("not the reader")
        };
        assert_eq!(
            (r.course, r.lesson, r.marked),
            (hit.course, hit.lesson, Some(hit.block))
        );
        let text = common::screen_text(&a, 80, 24);
        let marked: Vec<&str> = text.lines().filter(|l| l.contains('▌')).collect();
        assert!(!marked.is_empty(), "{text}");
        // The found words are on a marked line (the block may wrap onto several).
        let word = if lang == Lang::Vi {
            "công dân"
        } else {
            "citizen"
        };
        assert!(
            marked.iter().any(|l| l.to_lowercase().contains(word)),
            "{marked:#?}"
        );
        insta::assert_snapshot!(
            format!("reader_from_search_{}", lang.code()),
            render(&a, 80, 24)
        );
        // Opened another way, nothing is marked.
        a.update(Action::Back);
        a.update(Action::Enter);
        let Screen::Reader(r) = &a.screen else {
            panic!("not the reader")
        };
        assert_eq!(r.marked, None);
    }
}

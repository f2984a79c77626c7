//! The search screen: a query box and the places it was found in every lesson
//! (`domain::search`: without diacritics every spelling, with them only that one).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, Paragraph};
use ratatui::Frame;

pub use crate::domain::search::Hit;
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::{ListCursor, TextField};

/// Most hits listed: beyond this the query should be narrowed.
const MAX_HITS: usize = 200;

/// The query and its hits (the screen Esc returns to is kept by `app`).
pub struct SearchState {
    pub query: TextField,
    pub hits: Vec<Hit>,
    pub cursor: ListCursor,
    /// How many times the lessons were searched (each change of the query, or of the language).
    pub searches: u64,
}

/// The longest query, in characters: each change searches every lesson again, so a paste of a
/// whole page searches a few hundred times at most, not once per pasted letter.
pub const QUERY_LIMIT: usize = 200;

impl Default for SearchState {
    fn default() -> SearchState {
        SearchState {
            query: TextField::default().with_limit(QUERY_LIMIT),
            hits: Vec::new(),
            cursor: ListCursor::default(),
            searches: 0,
        }
    }
}

/// Every block of every lesson (in the language on screen) that contains the query, from the
/// session's index (built once per language).
pub fn find(app: &Session, query: &str) -> Vec<Hit> {
    app.search_index().find(query, MAX_HITS)
}

/// Search again after the query or the language changed.
pub fn refresh(s: &mut SearchState, app: &Session) {
    s.searches += 1;
    s.hits = find(app, s.query.value());
    s.cursor = ListCursor::default();
}

pub fn update(s: &mut SearchState, app: &mut Session, action: Action) -> Nav {
    match action {
        Action::Input(c) => {
            let mut buf = [0u8; 4];
            // A letter past the limit changes nothing: no search again. During a paste the
            // search waits for its end.
            if s.query.insert_str(c.encode_utf8(&mut buf)) && !app.pasting {
                refresh(s, app);
            }
        }
        Action::PasteEnd => refresh(s, app),
        Action::Backspace => {
            s.query.backspace();
            refresh(s, app);
        }
        Action::Left => s.query.left(),
        Action::Right => s.query.right(),
        Action::Up | Action::ScrollUp | Action::Down | Action::ScrollDown => {
            s.cursor.navigate(action, s.hits.len());
        }
        Action::Enter => {
            if let Some(h) = s.hits.get(s.cursor.selected()) {
                return Nav::Reader {
                    course: h.course,
                    lesson: h.lesson,
                    block: Some(h.block),
                };
            }
        }
        Action::Back => return Nav::LeaveSearch,
        _ => {}
    }
    Nav::Stay
}

pub fn view(app: &Session, s: &SearchState, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let [input_area, list_area] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    let input_block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(Color::Yellow))
        .title(crate::tui::widgets::title(
            &app.t("search-title"),
            input_area.width,
            0,
        ));
    let inner = input_block.inner(input_area);
    frame.render_widget(input_block, input_area);
    s.query
        .render(frame, inner, true, Style::default(), &app.t("search-hint"));

    let count = if s.query.value().trim().is_empty() {
        String::new()
    } else {
        app.i18n
            .ta("search-count", &[("count", s.hits.len().into())])
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(crate::tui::widgets::title(&count, list_area.width, 0));
    let width = block.inner(list_area).width.saturating_sub(2) as usize;
    let items: Vec<ListItem> = s
        .hits
        .iter()
        .map(|h| {
            let c = &app.pack.courses[h.course];
            let lesson = c.lessons[h.lesson].title.get(lang);
            // A long course title gives way to the lesson's: it keeps what the lesson leaves,
            // and at least a third of the row.
            let room = width
                .saturating_sub(crate::domain::text::width(lesson) + 3)
                .max(width / 3);
            let place = format!(
                "{} › {lesson}",
                crate::domain::text::truncate(c.title.get(lang), room)
            );
            let chars: Vec<char> = h.snippet.chars().collect();
            let (a, b) = (h.matched.0.min(chars.len()), h.matched.1.min(chars.len()));
            let before: String = chars[..a].iter().collect();
            let found: String = chars[a..b].iter().collect();
            // What follows the match ends in "…" where the row ends, never cut silently.
            let room = width.saturating_sub(
                2 + crate::domain::text::width(&before) + crate::domain::text::width(&found),
            );
            let after = crate::domain::text::truncate(&chars[b..].iter().collect::<String>(), room);
            let snippet_line = Line::from(vec![
                Span::raw("  "),
                Span::raw(before),
                Span::styled(
                    found,
                    Style::new()
                        .fg(Color::Black)
                        .bg(Color::Yellow)
                        .add_modifier(Modifier::BOLD),
                ),
                Span::raw(after),
            ]);
            ListItem::new(vec![
                Line::from(Span::styled(
                    crate::domain::text::truncate(&place, width),
                    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                )),
                snippet_line,
            ])
        })
        .collect();
    if items.is_empty() && !s.query.value().trim().is_empty() {
        frame.render_widget(
            Paragraph::new(format!(" {}", app.t("search-none"))).block(block),
            list_area,
        );
        return;
    }
    let list = List::new(items)
        .block(block)
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .highlight_symbol("▶");
    let mut state = s.cursor.list_state();
    frame.render_stateful_widget(list, list_area, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::App;

    fn app() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        let app = crate::tui::app::test_app(dir.path());
        (dir, app)
    }

    #[test]
    fn the_index_is_built_once_per_language_not_per_key() {
        let (_dir, mut app) = app();
        let mut s = SearchState::default();
        for c in "dân vận khéo".chars() {
            update(&mut s, &mut app.session, Action::Input(c));
        }
        for _ in 0..5 {
            update(&mut s, &mut app.session, Action::Backspace);
        }
        assert_eq!(s.query.value(), "dân vận");
        assert!(s.searches > 10);
        assert!(!s.hits.is_empty());
        assert_eq!(app.session.search_index_builds.get(), 1);
        // Another language has its own, built once too.
        app.session.i18n = crate::domain::i18n::I18n::new(crate::domain::i18n::Lang::En);
        refresh(&mut s, &app.session);
        update(&mut s, &mut app.session, Action::Backspace);
        app.session.i18n = crate::domain::i18n::I18n::new(crate::domain::i18n::Lang::Vi);
        refresh(&mut s, &app.session);
        assert_eq!(app.session.search_index_builds.get(), 2);
        // The screen's search is the index's, at most a screen's worth of hits.
        assert_eq!(
            find(&app.session, "dân"),
            app.session.search_index().find("dân", MAX_HITS)
        );
        assert!(find(&app.session, "dân").len() <= MAX_HITS);
    }
}

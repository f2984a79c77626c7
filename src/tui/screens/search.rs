//! Search across every lesson, with or without diacritics: "dan van" finds "dân vận",
//! "dang" finds "Đảng", and a decomposed query finds precomposed text.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, Paragraph};
use ratatui::Frame;

use crate::domain::content::markdown;
use crate::domain::text::fold;
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::{ListCursor, TextField};

/// Most hits listed: beyond this the query should be narrowed.
const MAX_HITS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub course: usize,
    pub lesson: usize,
    pub block: usize,
    /// The block's text around the match, and where the match is in it (char range).
    pub snippet: String,
    pub matched: (usize, usize),
}

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

/// A text folded for matching, with the original char index of each folded byte.
struct Folded {
    text: String,
    origin: Vec<usize>,
}

fn fold_with_map(s: &str) -> Folded {
    let mut text = String::new();
    let mut origin = Vec::new();
    for (i, c) in s.chars().enumerate() {
        let f = if c.is_whitespace() {
            " ".to_string()
        } else {
            fold(&c.to_string())
        };
        text.push_str(&f);
        origin.extend(std::iter::repeat_n(i, f.len()));
    }
    Folded { text, origin }
}

/// Every block of every lesson (in the language on screen) that contains the query.
pub fn find(app: &Session, query: &str) -> Vec<Hit> {
    let q = fold(query);
    if q.chars().count() < 2 {
        return Vec::new();
    }
    let lang = app.lang();
    let mut hits = Vec::new();
    for (ci, c) in app.pack.courses.iter().enumerate() {
        for (li, l) in c.lessons.iter().enumerate() {
            let mut texts: Vec<(usize, String)> = vec![(0, l.title.get(lang).to_string())];
            texts.extend(
                markdown::parse(l.body.get(lang))
                    .iter()
                    .enumerate()
                    .map(|(bi, b)| (bi, b.plain())),
            );
            for (bi, plain) in texts {
                let folded = fold_with_map(&plain);
                if let Some(pos) = folded.text.find(&q) {
                    let start = folded.origin[pos];
                    let end = folded.origin[(pos + q.len() - 1).min(folded.origin.len() - 1)] + 1;
                    let chars: Vec<char> = plain.chars().collect();
                    let from = start.saturating_sub(30);
                    let to = (end + 60).min(chars.len());
                    let mut snippet: String = chars[from..to].iter().collect();
                    let mut offset = 0;
                    if from > 0 {
                        snippet.insert(0, '…');
                        offset = 1;
                    }
                    if to < chars.len() {
                        snippet.push('…');
                    }
                    hits.push(Hit {
                        course: ci,
                        lesson: li,
                        block: bi,
                        snippet,
                        matched: (start - from + offset, end - from + offset),
                    });
                    if hits.len() >= MAX_HITS {
                        return hits;
                    }
                }
            }
        }
    }
    hits
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
        .title(format!(" {} ", app.t("search-title")));
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
        .title(format!(" {count} "));
    let width = block.inner(list_area).width.saturating_sub(2) as usize;
    let items: Vec<ListItem> = s
        .hits
        .iter()
        .map(|h| {
            let c = &app.pack.courses[h.course];
            let place = format!(
                "{} › {}",
                c.title.get(lang),
                c.lessons[h.lesson].title.get(lang)
            );
            let chars: Vec<char> = h.snippet.chars().collect();
            let (a, b) = (h.matched.0.min(chars.len()), h.matched.1.min(chars.len()));
            let snippet_line = Line::from(vec![
                Span::raw("  "),
                Span::raw(chars[..a].iter().collect::<String>()),
                Span::styled(
                    chars[a..b].iter().collect::<String>(),
                    Style::new()
                        .fg(Color::Black)
                        .bg(Color::Yellow)
                        .add_modifier(Modifier::BOLD),
                ),
                Span::raw(chars[b..].iter().collect::<String>()),
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
    use super::fold_with_map;

    #[test]
    fn folded_positions_point_back_to_the_original() {
        let f = fold_with_map("Đảng và dân");
        let pos = f.text.find("va").unwrap();
        assert_eq!(f.origin[pos], 5);
        assert_eq!(f.text, "dang va dan");
    }
}

//! Search across every lesson, with or without diacritics: "dan van" finds "dân vận",
//! "dang" finds "Đảng", and a decomposed query finds precomposed text.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::domain::content::markdown;
use crate::domain::text::fold;
use crate::tui::app::{Action, App, Screen};
use crate::tui::screens::course;
use crate::tui::widgets::TextField;

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

pub struct SearchState {
    pub query: TextField,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// Where Esc returns to.
    pub back: Box<Screen>,
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
pub fn find(app: &App, query: &str) -> Vec<Hit> {
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

pub fn open(app: &mut App) {
    let back = std::mem::replace(&mut app.screen, Screen::Home(Default::default()));
    let back = match back {
        Screen::Search(s) => s.back,
        other => Box::new(other),
    };
    app.screen = Screen::Search(SearchState {
        query: TextField::default(),
        hits: Vec::new(),
        selected: 0,
        back,
    });
}

pub fn refresh(app: &mut App) {
    let Screen::Search(s) = &app.screen else {
        return;
    };
    let hits = find(app, s.query.value());
    if let Screen::Search(s) = &mut app.screen {
        s.hits = hits;
        s.selected = 0;
    }
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Search(s) = &mut app.screen else {
        return;
    };
    match action {
        Action::Input(c) => {
            s.query.insert(c);
            refresh(app);
        }
        Action::Backspace => {
            s.query.backspace();
            refresh(app);
        }
        Action::Left => s.query.left(),
        Action::Right => s.query.right(),
        Action::Up | Action::ScrollUp => s.selected = s.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            s.selected = (s.selected + 1).min(s.hits.len().saturating_sub(1))
        }
        Action::Enter => {
            if let Some(h) = s.hits.get(s.selected).cloned() {
                course::open_reader(app, h.course, h.lesson, Some(h.block));
            }
        }
        Action::Back => {
            let back = std::mem::replace(&mut s.back, Box::new(Screen::Home(Default::default())));
            app.screen = *back;
        }
        _ => {}
    }
}

pub fn view(app: &App, s: &SearchState, frame: &mut Frame, area: Rect) {
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
    let mut state = ListState::default().with_selected(Some(s.selected));
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

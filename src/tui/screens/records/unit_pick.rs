//! The records screen's unit filter: type a part of a unit's code or name, and pick the unit
//! from the list of those that match (codes and names shown, a screenful drawn at a time).

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::domain::people::Unit;
use crate::domain::text::{fold, truncate, width};
use crate::tui::action::Action;
use crate::tui::session::Session;
use crate::tui::widgets::{ListCursor, TextField};

/// Rows of matches the popup draws at most, whatever the terminal's height.
pub const MAX_ROWS: usize = 12;

pub struct UnitPicker {
    pub field: TextField,
    /// Every unit, read once when the filter opens (a province has tens of units, not thousands),
    /// with its code and name folded once for matching.
    units: Vec<(Unit, String)>,
    /// The units matching what is typed, as indexes into `units`.
    pub matches: Vec<usize>,
    pub cursor: ListCursor,
}

/// What a key did in the picker.
pub enum Picked {
    /// Still choosing.
    Open,
    /// Closed without a change.
    Cancelled,
    /// Every unit (Enter with nothing typed).
    All,
    /// This unit.
    Unit(Unit),
    /// Enter with no unit matching what is typed.
    NoMatch(String),
}

impl UnitPicker {
    pub fn open(app: &Session) -> UnitPicker {
        let units = app
            .read(app.store.units())
            .into_iter()
            .map(|u| {
                let key = fold(&format!("{} {}", u.code, u.name));
                (u, key)
            })
            .collect();
        let mut p = UnitPicker {
            field: TextField::default().with_limit(200),
            units,
            matches: Vec::new(),
            cursor: ListCursor::default(),
        };
        p.refilter();
        p
    }

    /// The units whose code or name holds every word typed (diacritics and case aside), an
    /// exact code first.
    fn refilter(&mut self) {
        let typed = fold(self.field.value());
        let words: Vec<&str> = typed.split_whitespace().collect();
        let mut matches: Vec<usize> = (0..self.units.len())
            .filter(|&i| words.iter().all(|w| self.units[i].1.contains(w)))
            .collect();
        if let Some(exact) = matches
            .iter()
            .position(|&i| fold(&self.units[i].0.code) == typed.trim())
        {
            let i = matches.remove(exact);
            matches.insert(0, i);
        }
        self.matches = matches;
        self.cursor = ListCursor::default();
    }

    pub fn unit(&self, row: usize) -> Option<&Unit> {
        self.matches.get(row).map(|&i| &self.units[i].0)
    }

    pub fn total(&self) -> usize {
        self.units.len()
    }

    pub fn update(&mut self, action: Action) -> Picked {
        match action {
            Action::Input(c) => {
                self.field.insert(c);
                self.refilter();
            }
            Action::Backspace => {
                self.field.backspace();
                self.refilter();
            }
            Action::Left => self.field.left(),
            Action::Right => self.field.right(),
            Action::Enter if self.field.value().trim().is_empty() => return Picked::All,
            Action::Enter => {
                return match self.unit(self.cursor.selected()) {
                    Some(u) => Picked::Unit(u.clone()),
                    None => Picked::NoMatch(self.field.value().trim().to_string()),
                }
            }
            Action::Back => return Picked::Cancelled,
            a => {
                self.cursor.navigate(a, self.matches.len());
            }
        }
        Picked::Open
    }
}

pub fn view(app: &Session, p: &UnitPicker, frame: &mut Frame, area: Rect) {
    let width_out = area.width.saturating_sub(6).min(76);
    let rows = MAX_ROWS
        .min((area.height as usize).saturating_sub(8))
        .max(1);
    // The hint (wrapped onto two lines at most, the second ending in "…" if it must), the
    // field, a count line, the rows, and the borders.
    let room = width_out.saturating_sub(4) as usize;
    let mut hint = crate::tui::wrap::wrap_plain(
        &app.t("records-unit-hint"),
        room,
        Style::new().fg(Color::Gray),
        " ",
        " ",
    );
    if hint.len() > 2 {
        let rest: Vec<String> = hint[1..]
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.trim()).collect::<String>())
            .collect();
        hint.truncate(1);
        hint.push(Line::styled(
            format!(" {}", truncate(&rest.join(" "), room)),
            Style::new().fg(Color::Gray),
        ));
    }
    let hint_rows = hint.len() as u16;
    let height = rows as u16 + 4 + hint_rows;
    let inner =
        crate::tui::widgets::popup(frame, area, width_out, height, &app.t("records-unit-title"));
    let [hint_area, field_area, count_area, list_area] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(hint_rows),
        ratatui::layout::Constraint::Length(1),
        ratatui::layout::Constraint::Length(1),
        ratatui::layout::Constraint::Min(1),
    ])
    .areas(inner);
    let room = inner.width.saturating_sub(2) as usize;
    frame.render_widget(Paragraph::new(hint), hint_area);
    frame.render_widget(
        Paragraph::new(format!(
            " {}",
            truncate(&p.field.with_cursor_mark('▏'), room)
        )),
        field_area,
    );
    let count = if p.matches.is_empty() {
        app.t("records-unit-none")
    } else {
        app.i18n.ta(
            "records-unit-matches",
            &[
                ("at", (p.cursor.selected() + 1).into()),
                ("count", p.matches.len().into()),
                ("total", p.total().into()),
            ],
        )
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(" {count}"),
            Style::new().fg(Color::Gray),
        )),
        count_area,
    );
    // Only the window of rows holding the cursor is built.
    let shown = (list_area.height as usize).max(1);
    let first = p.cursor.selected() / shown * shown;
    let code_w = p
        .matches
        .iter()
        .skip(first)
        .take(shown)
        .filter_map(|&i| p.units.get(i))
        .map(|(u, _)| width(&u.code))
        .max()
        .unwrap_or(0)
        .min(16);
    let items: Vec<ListItem> = p
        .matches
        .iter()
        .skip(first)
        .take(shown)
        .map(|&i| {
            let u = &p.units[i].0;
            let code = truncate(&u.code, code_w);
            let fill = " ".repeat(code_w.saturating_sub(width(&code)));
            let name_room = room.saturating_sub(code_w + 3);
            ListItem::new(Line::from(vec![
                Span::styled(
                    format!("{code}{fill} "),
                    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                ),
                Span::raw(truncate(&u.name, name_room)),
            ]))
        })
        .collect();
    let list = List::new(items)
        .highlight_style(Style::new().fg(Color::Black).bg(Color::Yellow))
        .highlight_symbol("▶");
    let mut state = ListState::default()
        .with_selected((!p.matches.is_empty()).then(|| p.cursor.selected() - first));
    frame.render_stateful_widget(list, list_area, &mut state);
}

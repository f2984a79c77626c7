//! A one-line text field with a grapheme-aware cursor. Input is kept in NFC, so a letter typed
//! as a base plus combining marks (or rebuilt by a Telex input method) stays one letter.

use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_segmentation::UnicodeSegmentation;

use crate::domain::text::{nfc, width};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    value: String,
    /// Cursor position in graphemes from the start.
    cursor: usize,
}

impl TextField {
    pub fn with_value(v: &str) -> TextField {
        let value = nfc(v);
        let cursor = value.graphemes(true).count();
        TextField { value, cursor }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    fn byte_at(&self, grapheme: usize) -> usize {
        self.value
            .grapheme_indices(true)
            .nth(grapheme)
            .map(|(i, _)| i)
            .unwrap_or(self.value.len())
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let at = self.byte_at(self.cursor);
        let mut before = self.value[..at].to_string();
        before.push(c);
        // A combining mark joins the letter before it: the cursor stays after that letter.
        let before = nfc(&before);
        self.cursor = before.graphemes(true).count();
        self.value = nfc(&format!("{before}{}", &self.value[at..]));
    }

    /// A line break, for multi-line fields (a pasted newline, or Enter in the evidence text).
    pub fn insert_newline(&mut self) {
        let at = self.byte_at(self.cursor);
        self.value.insert(at, '\n');
        self.cursor += 1;
    }

    /// The text with a cursor mark at the cursor, for drawing a multi-line field by wrapping.
    pub fn with_cursor_mark(&self, mark: char) -> String {
        let at = self.byte_at(self.cursor);
        format!("{}{mark}{}", &self.value[..at], &self.value[at..])
    }

    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            self.insert(c);
        }
    }

    /// Delete the letter before the cursor, marks and all.
    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let start = self.byte_at(self.cursor - 1);
        let end = self.byte_at(self.cursor);
        self.value.replace_range(start..end, "");
        self.cursor -= 1;
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.value.graphemes(true).count());
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
    }

    /// Draw the field; when focused, the cursor cell is reversed and the terminal cursor placed
    /// there (input methods draw their candidate window at it).
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        focused: bool,
        style: Style,
        placeholder: &str,
    ) {
        if self.value.is_empty() && !focused {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    placeholder.to_string(),
                    style.add_modifier(Modifier::DIM),
                )),
                area,
            );
            return;
        }
        let graphemes: Vec<&str> = self.value.graphemes(true).collect();
        let avail = area.width.saturating_sub(1) as usize;
        // Scroll so the cursor stays visible.
        let mut start = 0;
        while width(&graphemes[start..self.cursor].concat()) > avail && start < self.cursor {
            start += 1;
        }
        let before: String = graphemes[start..self.cursor].concat();
        let at = graphemes.get(self.cursor).copied().unwrap_or(" ");
        let after: String = graphemes
            .get(self.cursor + 1..)
            .map(|g| g.concat())
            .unwrap_or_default();
        let mut spans = vec![Span::styled(before.clone(), style)];
        if focused {
            spans.push(Span::styled(
                at.to_string(),
                style.add_modifier(Modifier::REVERSED),
            ));
            if self.value.is_empty() && !placeholder.is_empty() {
                spans.push(Span::styled(
                    format!(" {placeholder}"),
                    style.add_modifier(Modifier::DIM),
                ));
            }
        } else if self.cursor < graphemes.len() {
            spans.push(Span::styled(at.to_string(), style));
        }
        spans.push(Span::styled(after, style));
        frame.render_widget(Paragraph::new(Line::from(spans)).style(style), area);
        if focused {
            let x = area.x + width(&before).min(avail) as u16;
            frame.set_cursor_position(Position::new(x, area.y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combining_marks_join_their_letter() {
        let mut t = TextField::default();
        // "Việt" typed decomposed: V i e ◌̂ ◌̣ t
        for c in "Vie\u{0302}\u{0323}t".chars() {
            t.insert(c);
        }
        assert_eq!(t.value(), "Việt");
        t.backspace();
        t.backspace();
        assert_eq!(t.value(), "Vi");
    }

    #[test]
    fn telex_backspace_and_replace() {
        // Unikey in Telex: "dd" → backspace, "đ"; "aa" → backspace, "â".
        let mut t = TextField::default();
        t.insert('d');
        t.backspace();
        t.insert('đ');
        t.insert('a');
        t.backspace();
        t.insert('â');
        t.insert('n');
        assert_eq!(t.value(), "đân");
    }

    #[test]
    fn newlines_are_kept_in_multi_line_fields() {
        let mut t = TextField::default();
        t.insert_str("Biên bản");
        t.insert_newline();
        t.insert_str("số 12");
        assert_eq!(t.value(), "Biên bản\nsố 12");
        assert_eq!(t.with_cursor_mark('|'), "Biên bản\nsố 12|");
        t.backspace();
        assert_eq!(t.value(), "Biên bản\nsố 1");
    }

    #[test]
    fn cursor_moves_by_letters() {
        let mut t = TextField::with_value("Hòa");
        t.left();
        t.insert('x');
        assert_eq!(t.value(), "Hòxa");
        t.left();
        t.backspace();
        assert_eq!(t.value(), "Hxa");
    }
}

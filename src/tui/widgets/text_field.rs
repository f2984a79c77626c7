//! A one-line text field with a grapheme-aware cursor. Input is kept in NFC, so a letter typed
//! as a base plus combining marks (or rebuilt by a Telex input method) stays one letter.
//!
//! Every edit and every frame costs work near the cursor only: the value is kept with a list of
//! its grapheme clusters (byte length and cell width each), an insert normalises just the new
//! text with the letter on each side of it (NFC composition joins a mark to the letter before
//! it, never further), and drawing walks outwards from the cursor until the field is full. A
//! paste of ten thousand characters is one insert, and a long value draws as fast as a short one.

use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_segmentation::UnicodeSegmentation;

use crate::domain::text::{nfc, strip_controls, width};

/// The longest value a field takes unless told otherwise, in characters.
pub const DEFAULT_LIMIT: usize = 1_000;

/// How many letters either side of the cursor `with_cursor_mark` shows: enough for any screen,
/// bounded so a 20,000-character evidence text does not rewrap whole every frame.
pub const MARK_WINDOW: usize = 4_096;

/// One grapheme cluster of the value: its length in bytes, characters and terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cluster {
    bytes: u32,
    chars: u32,
    width: u16,
}

impl Cluster {
    fn of(g: &str) -> Cluster {
        Cluster {
            bytes: g.len() as u32,
            chars: g.chars().count() as u32,
            width: width(g).min(u16::MAX as usize) as u16,
        }
    }

    /// The cells the scroll budget counts: at least one, so a run of zero-width letters cannot
    /// make a frame walk the whole value.
    fn budget(&self) -> usize {
        (self.width as usize).max(1)
    }
}

#[derive(Debug, Clone)]
pub struct TextField {
    value: String,
    clusters: Vec<Cluster>,
    /// Cursor position in graphemes from the start.
    cursor: usize,
    /// The same position in bytes of `value`.
    cursor_byte: usize,
    /// Characters in `value`.
    chars: usize,
    /// Most characters typing or pasting may bring the value to.
    limit: usize,
}

impl Default for TextField {
    fn default() -> TextField {
        TextField {
            value: String::new(),
            clusters: Vec::new(),
            cursor: 0,
            cursor_byte: 0,
            chars: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl PartialEq for TextField {
    fn eq(&self, other: &TextField) -> bool {
        self.value == other.value && self.cursor == other.cursor && self.limit == other.limit
    }
}

impl Eq for TextField {}

/// What one frame of a one-line field shows: a byte range of the value and where the cursor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Bytes of the value shown before the cursor.
    pub start: usize,
    /// End of the bytes shown after the cursor's letter.
    pub end: usize,
    /// Cells from the left edge to the cursor.
    pub cursor_x: usize,
    /// Grapheme clusters looked at to find the window (what the tests bound).
    pub visited: usize,
}

impl TextField {
    /// A field holding `v` (a stored value: line breaks kept, other control characters removed),
    /// the cursor at its end. The limit bounds typing, not what is already stored.
    pub fn with_value(v: &str) -> TextField {
        let value = nfc(&strip_controls(v, true));
        let clusters: Vec<Cluster> = value.graphemes(true).map(Cluster::of).collect();
        TextField {
            cursor: clusters.len(),
            cursor_byte: value.len(),
            chars: value.chars().count(),
            clusters,
            value,
            limit: DEFAULT_LIMIT,
        }
    }

    /// The same field taking at most `max` characters (the store's limit for what it holds).
    pub fn with_limit(mut self, max: usize) -> TextField {
        self.limit = max;
        self
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    /// Letters (grapheme clusters) in the value.
    pub fn len(&self) -> usize {
        self.clusters.len()
    }

    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty()
    }

    /// The cursor, in letters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn insert(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.insert_str(c.encode_utf8(&mut buf));
    }

    /// Insert typed or pasted text at the cursor, control characters (and line breaks) removed;
    /// what would take the value past its limit is dropped. Whether the value changed.
    pub fn insert_str(&mut self, s: &str) -> bool {
        self.insert_clean(&strip_controls(s, false))
    }

    /// A line break, for multi-line fields (a pasted newline, or Enter in the evidence text).
    pub fn insert_newline(&mut self) {
        self.insert_clean("\n");
    }

    fn insert_clean(&mut self, s: &str) -> bool {
        if s.is_empty() {
            return false;
        }
        let room = self.limit.saturating_sub(self.chars);
        let s = nfc(s);
        let mut cut = 0;
        let mut taken = 0;
        for g in s.graphemes(true) {
            let n = g.chars().count();
            if taken + n > room {
                break;
            }
            taken += n;
            cut += g.len();
        }
        if cut == 0 {
            return false;
        }
        // Non-empty text always changes the value: NFC keeps every letter, only joined.
        self.renormalise(&s[..cut]);
        true
    }

    /// Replace the letter before the cursor, `text`, and the letter at the cursor by their NFC
    /// form, the cursor ending after `text` (or after the letter `text` joined).
    fn renormalise(&mut self, text: &str) {
        let prev = self.cursor.checked_sub(1).map(|i| self.clusters[i]);
        let next = self.clusters.get(self.cursor).copied();
        let first = self.cursor - prev.is_some() as usize;
        let last = self.cursor + next.is_some() as usize;
        let start = self.cursor_byte - prev.map_or(0, |c| c.bytes as usize);
        let end = self.cursor_byte + next.map_or(0, |c| c.bytes as usize);
        let mut left = String::with_capacity(self.cursor_byte - start + text.len());
        left.push_str(&self.value[start..self.cursor_byte]);
        left.push_str(text);
        let left = nfc(&left);
        let mut whole = left.clone();
        whole.push_str(&self.value[self.cursor_byte..end]);
        let whole = nfc(&whole);
        let mut clusters = Vec::new();
        let mut cursor = 0;
        let mut cursor_byte = 0;
        for (i, g) in whole.grapheme_indices(true) {
            // The cursor goes after every letter that begins inside the typed part: never inside
            // a letter, even when the letter after it joined the last one typed.
            if i < left.len() {
                cursor += 1;
                cursor_byte = i + g.len();
            }
            clusters.push(Cluster::of(g));
        }
        let old_chars: usize = self.clusters[first..last]
            .iter()
            .map(|c| c.chars as usize)
            .sum();
        let new_chars: usize = clusters.iter().map(|c| c.chars as usize).sum();
        self.chars = self.chars - old_chars + new_chars;
        self.value.replace_range(start..end, &whole);
        self.clusters.splice(first..last, clusters);
        self.cursor = first + cursor;
        self.cursor_byte = start + cursor_byte;
    }

    /// Delete the letter before the cursor, marks and all.
    pub fn backspace(&mut self) {
        let Some(i) = self.cursor.checked_sub(1) else {
            return;
        };
        let gone = self.clusters.remove(i);
        let start = self.cursor_byte - gone.bytes as usize;
        self.value.replace_range(start..self.cursor_byte, "");
        self.cursor = i;
        self.cursor_byte = start;
        self.chars -= gone.chars as usize;
        // The letters now side by side may join (a base letter and a mark left alone at the
        // start), as they would had the value been typed without the deleted one.
        self.renormalise("");
    }

    pub fn left(&mut self) {
        if let Some(i) = self.cursor.checked_sub(1) {
            self.cursor = i;
            self.cursor_byte -= self.clusters[i].bytes as usize;
        }
    }

    pub fn right(&mut self) {
        if let Some(c) = self.clusters.get(self.cursor) {
            self.cursor_byte += c.bytes as usize;
            self.cursor += 1;
        }
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.clusters.clear();
        self.cursor = 0;
        self.cursor_byte = 0;
        self.chars = 0;
    }

    /// The text with a cursor mark at the cursor, for drawing a multi-line field by wrapping: up
    /// to `MARK_WINDOW` letters either side, "…" where the value goes on.
    pub fn with_cursor_mark(&self, mark: char) -> String {
        let from = self.cursor.saturating_sub(MARK_WINDOW);
        let to = (self.cursor + MARK_WINDOW).min(self.clusters.len());
        let start = self.cursor_byte
            - self.clusters[from..self.cursor]
                .iter()
                .map(|c| c.bytes as usize)
                .sum::<usize>();
        let end = self.cursor_byte
            + self.clusters[self.cursor..to]
                .iter()
                .map(|c| c.bytes as usize)
                .sum::<usize>();
        let mut out = String::with_capacity(end - start + 8);
        if from > 0 {
            out.push('…');
        }
        out.push_str(&self.value[start..self.cursor_byte]);
        out.push(mark);
        out.push_str(&self.value[self.cursor_byte..end]);
        if to < self.clusters.len() {
            out.push('…');
        }
        out
    }

    /// The part of the value a field `cols` cells wide shows: the cursor stays visible with as
    /// much before it as fits (one cell kept for the cursor at the end), then what follows.
    pub fn window(&self, cols: usize) -> Window {
        let avail = cols.saturating_sub(1);
        let mut visited = 0;
        let mut used = 0;
        let mut shown = 0;
        let mut start = self.cursor_byte;
        for c in self.clusters[..self.cursor].iter().rev() {
            visited += 1;
            if used + c.budget() > avail {
                break;
            }
            used += c.budget();
            shown += c.width as usize;
            start -= c.bytes as usize;
        }
        let mut end = self.cursor_byte;
        let mut filled = used;
        for c in &self.clusters[self.cursor..] {
            if filled >= cols {
                break;
            }
            visited += 1;
            filled += c.budget();
            end += c.bytes as usize;
        }
        Window {
            start,
            end,
            cursor_x: shown,
            visited,
        }
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
        if self.value.is_empty() && (!focused || !placeholder.is_empty()) {
            // The placeholder stays where it is when the field takes the focus: the cursor sits
            // on its first letter instead of pushing it right.
            let shown = crate::domain::text::truncate(placeholder, area.width as usize);
            let dim = style.add_modifier(Modifier::DIM);
            let mut spans = Vec::new();
            let mut rest = shown.as_str();
            if focused {
                let first = rest.graphemes(true).next().unwrap_or(" ");
                spans.push(Span::styled(
                    first.to_string(),
                    dim.add_modifier(Modifier::REVERSED),
                ));
                rest = &rest[first.len().min(rest.len())..];
            }
            spans.push(Span::styled(rest.to_string(), dim));
            // A focused field is marked across its width, as when it holds text.
            let area_style = if focused { style } else { Style::default() };
            frame.render_widget(Paragraph::new(Line::from(spans)).style(area_style), area);
            if focused {
                frame.set_cursor_position(Position::new(area.x, area.y));
            }
            return;
        }
        let w = self.window(area.width as usize);
        let before = &self.value[w.start..self.cursor_byte];
        let at_end = self.cursor_byte
            + self
                .clusters
                .get(self.cursor)
                .map_or(0, |c| c.bytes as usize);
        let at = if self.cursor < self.clusters.len() {
            &self.value[self.cursor_byte..at_end]
        } else {
            " "
        };
        let after = &self.value[at_end..w.end.max(at_end)];
        let mut spans = vec![Span::styled(before.to_string(), style)];
        if focused {
            spans.push(Span::styled(
                at.to_string(),
                style.add_modifier(Modifier::REVERSED),
            ));
        } else if self.cursor < self.clusters.len() {
            spans.push(Span::styled(at.to_string(), style));
        }
        spans.push(Span::styled(after.to_string(), style));
        frame.render_widget(Paragraph::new(Line::from(spans)).style(style), area);
        if focused {
            let x = area.x + w.cursor_x.min(area.width.saturating_sub(1) as usize) as u16;
            frame.set_cursor_position(Position::new(x, area.y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    /// The field's bookkeeping agrees with its value, and the value is NFC.
    fn check(t: &TextField) {
        let clusters: Vec<Cluster> = t.value.graphemes(true).map(Cluster::of).collect();
        assert_eq!(t.clusters, clusters, "clusters of {:?}", t.value);
        assert_eq!(t.chars, t.value.chars().count());
        assert_eq!(nfc(&t.value), t.value);
        let at: usize = t.clusters[..t.cursor]
            .iter()
            .map(|c| c.bytes as usize)
            .sum();
        assert_eq!(t.cursor_byte, at, "cursor on a letter boundary");
    }

    fn type_in(t: &mut TextField, s: &str) {
        for c in s.chars() {
            t.insert(c);
            check(t);
        }
    }

    /// What a field `cols` wide draws, as text, and where the terminal cursor is.
    fn drawn(t: &TextField, cols: u16) -> (String, u16) {
        let mut term = Terminal::new(TestBackend::new(cols, 1)).unwrap();
        term.draw(|f| t.render(f, f.area(), true, Style::default(), ""))
            .unwrap();
        let buf = term.backend().buffer().clone();
        let mut text = String::new();
        let mut x = 0;
        while x < cols {
            let sym = buf.cell((x, 0)).unwrap().symbol();
            text.push_str(sym);
            // A wide letter's second cell is a blank placeholder.
            x += width(sym).max(1) as u16;
        }
        let x = term.get_cursor_position().unwrap().x;
        (text, x)
    }

    #[test]
    fn combining_marks_join_their_letter() {
        let mut t = TextField::default();
        // "Việt" typed decomposed: V i e ◌̂ ◌̣ t
        type_in(&mut t, "Vie\u{0302}\u{0323}t");
        assert_eq!(t.value(), "Việt");
        assert_eq!(t.len(), 4);
        t.backspace();
        t.backspace();
        assert_eq!(t.value(), "Vi");
    }

    #[test]
    fn marks_typed_in_the_middle_join_the_letter_before_the_cursor() {
        let mut t = TextField::with_value("Vit Nam");
        for _ in 0..5 {
            t.left();
        }
        type_in(&mut t, "e\u{0323}\u{0302}");
        assert_eq!(t.value(), "Việt Nam");
        assert_eq!(t.cursor(), 3, "after ệ, before t");
        t.insert('x');
        assert_eq!(t.value(), "Việxt Nam");
        check(&t);
    }

    #[test]
    fn a_base_letter_typed_before_a_lone_mark_takes_it() {
        // A value beginning with a mark (pasted from elsewhere): the letter typed before it joins.
        let mut t = TextField::with_value("\u{0302}n");
        t.left();
        t.left();
        t.insert('a');
        assert_eq!(t.value(), "ân");
        assert_eq!(t.cursor(), 1);
        check(&t);
        // Deleting the letter between a base and a lone mark joins them, as NFC of the whole would.
        let mut t = TextField::with_value("e\n\u{0302}");
        assert_eq!(t.len(), 3);
        t.left();
        t.backspace();
        assert_eq!(t.value(), "ê");
        check(&t);
    }

    #[test]
    fn every_vietnamese_letter_typed_decomposed_is_one_letter() {
        let tsv = include_str!("../../../tests/fixtures/text/vietnamese-letters.tsv");
        let mut n = 0;
        for line in tsv.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let nfd: String = cols[1]
                .split(' ')
                .map(|u| char::from_u32(u32::from_str_radix(&u[2..], 16).unwrap()).unwrap())
                .collect();
            let mut t = TextField::default();
            type_in(&mut t, &nfd);
            assert_eq!(t.value(), cols[0]);
            assert_eq!((t.len(), t.cursor()), (1, 1), "{}", cols[0]);
            assert_eq!(t.window(10).cursor_x, 1);
            n += 1;
        }
        assert!(n >= 140, "{n} letters");
        let tsv = include_str!("../../../tests/fixtures/text/vietnamese-phrases.tsv");
        for line in tsv.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_ne!(cols[0], cols[1], "the NFD column is decomposed");
            let mut t = TextField::default();
            type_in(&mut t, cols[1]);
            assert_eq!(t.value(), cols[0]);
            let mut pasted = TextField::default();
            assert!(pasted.insert_str(cols[1]));
            assert_eq!(pasted, t);
        }
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
        check(&t);
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
        check(&t);
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
        t.right();
        t.right();
        t.right();
        assert_eq!(t.cursor(), 3);
        check(&t);
    }

    #[test]
    fn control_characters_never_enter_and_the_limit_drops_the_rest() {
        let mut t = TextField::default().with_limit(12);
        assert!(t.insert_str("Ng\u{0}uy\u{1b}[31mễ\u{7}n\u{9b}\r\n"));
        assert_eq!(t.value(), "Nguy[31mễn");
        for c in ['\u{0}', '\u{1b}', '\u{8}', '\u{7f}', '\u{85}', '\t'] {
            t.insert(c);
        }
        assert_eq!(t.value(), "Nguy[31mễn");
        assert!(t.insert_str(" Văn An"));
        assert_eq!(t.value(), "Nguy[31mễn V");
        assert!(!t.insert_str("x"), "full: dropped");
        t.insert('\u{0301}');
        assert_eq!(t.value().chars().count(), 12);
        check(&t);
        // A stored value keeps its lines but not its escapes.
        let t = TextField::with_value("a\u{1b}]0;x\u{7}\nb\u{0}");
        assert_eq!(t.value(), "a]0;x\nb");
    }

    #[test]
    fn wide_letters_scroll_by_their_width() {
        let mut t = TextField::default();
        type_in(&mut t, "中文字");
        let w = t.window(4);
        assert_eq!(&t.value()[w.start..w.end], "字");
        assert_eq!(w.cursor_x, 2);
        let (text, x) = drawn(&t, 4);
        assert_eq!(text.trim_end(), "字");
        assert_eq!(x, 2);
        t.left();
        t.left();
        let (text, x) = drawn(&t, 7);
        assert!(text.starts_with("中文字"), "{text:?}");
        assert_eq!(x, 2);
    }

    #[test]
    fn a_long_value_draws_the_part_around_the_cursor_in_bounded_work() {
        const COLS: usize = 40;
        let mut t = TextField::default().with_limit(30_000);
        let mut most = 0;
        for i in 0..20_000 {
            let c = if i % 7 == 6 {
                ' '
            } else {
                char::from(b'a' + (i % 26) as u8)
            };
            t.insert(c);
            most = most.max(t.window(COLS).visited);
        }
        assert_eq!(t.len(), 20_000);
        assert!(most <= COLS + 1, "{most} letters looked at for one frame");
        check(&t);
        let (text, x) = drawn(&t, COLS as u16);
        assert!(t.value().ends_with(text.trim_end()), "{text:?}");
        assert_eq!(x as usize, COLS - 1);
        // In the middle, the letters just before the cursor are shown, then the ones after it.
        for _ in 0..10_000 {
            t.left();
        }
        let w = t.window(COLS);
        assert!(w.visited <= COLS + 2, "{}", w.visited);
        let shown = &t.value()[w.start..w.end];
        let cursor_byte = t.cursor_byte;
        assert_eq!(shown.chars().count(), COLS);
        assert_eq!(
            &t.value()[w.start..cursor_byte].chars().count(),
            &(COLS - 1)
        );
        let (text, _) = drawn(&t, COLS as u16);
        assert_eq!(text, shown);
        // Typing there costs a few letters either side, and the mark shows a bounded window.
        t.insert_str("Việt");
        check(&t);
        let marked = t.with_cursor_mark('|');
        assert!(marked.starts_with('…') && marked.ends_with('…'));
        assert_eq!(marked.chars().count(), 2 * MARK_WINDOW + 3);
        assert!(marked.contains("Việt|"));
    }

    #[test]
    fn zero_width_letters_do_not_make_a_frame_walk_the_value() {
        let mut t = TextField::default().with_limit(30_000);
        assert!(t.insert_str(&"\u{200b}".repeat(20_000)));
        assert!(t.window(20).visited <= 21);
    }
}

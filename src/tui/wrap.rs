//! Turning a lesson (Markdown blocks and its sources) into wrapped, styled lines.
//! Lines break only at spaces or grapheme boundaries, so a styled span never splits a letter
//! from its marks; each line remembers the block it came from, which is what progress saves.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use crate::domain::content::markdown::{Block, Emphasis, Run};
use crate::domain::text::width;

#[derive(Debug, Clone, PartialEq)]
pub struct WrappedLine {
    pub line: Line<'static>,
    /// Index of the Markdown block this line belongs to (the sources count as one more block).
    pub block: usize,
}

pub fn heading_style(level: u8) -> Style {
    let s = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    if level == 1 {
        s.add_modifier(Modifier::UNDERLINED)
    } else {
        s
    }
}

fn run_style(base: Style, e: Emphasis) -> Style {
    let mut s = base;
    if e.bold {
        s = s.add_modifier(Modifier::BOLD);
    }
    if e.italic {
        s = s.add_modifier(Modifier::ITALIC);
    }
    s
}

/// A word: the pieces between spaces, each with its style.
type Word = Vec<(String, Style)>;

fn words(runs: &[Run], base: Style) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut current: Word = Vec::new();
    for run in runs {
        let style = run_style(base, run.emphasis);
        let mut piece = String::new();
        for ch in run.text.chars() {
            if ch.is_whitespace() {
                if !piece.is_empty() {
                    current.push((std::mem::take(&mut piece), style));
                }
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            } else {
                piece.push(ch);
            }
        }
        if !piece.is_empty() {
            current.push((piece, style));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn word_width(w: &Word) -> usize {
    w.iter().map(|(t, _)| width(t)).sum()
}

/// Fill lines of at most `max` cells. The first line starts with `first_prefix`, the rest with
/// `rest_prefix` (a hanging indent for list items and the bar of quotes).
fn fill(
    words: Vec<Word>,
    max: usize,
    first_prefix: Span<'static>,
    rest_prefix: Span<'static>,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = vec![first_prefix.clone()];
    let mut used = width(&first_prefix.content);
    let mut line_has_word = false;
    let avail = |prefix: &Span| max.saturating_sub(width(&prefix.content)).max(1);
    for word in words {
        let w = word_width(&word);
        let need = if line_has_word { w + 1 } else { w };
        if line_has_word && used + need > max {
            lines.push(Line::from(std::mem::take(&mut spans)));
            spans.push(rest_prefix.clone());
            used = width(&rest_prefix.content);
            line_has_word = false;
        }
        if line_has_word {
            let style = word.first().map(|(_, s)| *s).unwrap_or_default();
            // The space takes the style of what surrounds it only when both sides agree.
            let prev = spans.last().map(|s| s.style).unwrap_or_default();
            spans.push(Span::styled(
                " ",
                if prev == style {
                    style
                } else {
                    Style::default()
                },
            ));
            used += 1;
        }
        if w <= avail(&rest_prefix) || used + w <= max {
            for (t, s) in word {
                spans.push(Span::styled(t, s));
            }
            used += w;
        } else {
            // A word longer than the line: break it between graphemes.
            for (t, s) in word {
                let mut chunk = String::new();
                for g in t.graphemes(true) {
                    let gw = width(g);
                    if used + gw > max {
                        if !chunk.is_empty() {
                            spans.push(Span::styled(std::mem::take(&mut chunk), s));
                        }
                        lines.push(Line::from(std::mem::take(&mut spans)));
                        spans.push(rest_prefix.clone());
                        used = width(&rest_prefix.content);
                    }
                    chunk.push_str(g);
                    used += gw;
                }
                if !chunk.is_empty() {
                    spans.push(Span::styled(chunk, s));
                }
            }
        }
        line_has_word = true;
    }
    if line_has_word || lines.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

/// Wrap blocks to `max` cells. Blocks are separated by a blank line (list items by none).
pub fn wrap_blocks(blocks: &[Block], max: usize) -> Vec<WrappedLine> {
    let max = max.max(10);
    let mut out: Vec<WrappedLine> = Vec::new();
    let mut prev_was_item = false;
    for (i, block) in blocks.iter().enumerate() {
        let is_item = matches!(block, Block::Bullet(_) | Block::Numbered { .. });
        if i > 0 && !(is_item && prev_was_item) {
            out.push(WrappedLine {
                line: Line::default(),
                block: i,
            });
        }
        let plain = Style::default();
        let lines = match block {
            Block::Heading { level, runs } => fill(
                words(runs, heading_style(*level)),
                max,
                Span::raw(""),
                Span::raw(""),
            ),
            Block::Paragraph(runs) => fill(words(runs, plain), max, Span::raw(""), Span::raw("")),
            Block::Bullet(runs) => fill(
                words(runs, plain),
                max,
                Span::styled("  • ", Style::new().fg(Color::Cyan)),
                Span::raw("    "),
            ),
            Block::Numbered { number, runs } => {
                let label = format!("  {number}. ");
                let indent = " ".repeat(width(&label));
                fill(
                    words(runs, plain),
                    max,
                    Span::styled(label, Style::new().fg(Color::Cyan)),
                    Span::raw(indent),
                )
            }
            Block::Quote(runs) => {
                let bar = Span::styled("  │ ", Style::new().fg(Color::DarkGray));
                fill(
                    words(runs, Style::new().add_modifier(Modifier::ITALIC)),
                    max,
                    bar.clone(),
                    bar,
                )
            }
        };
        out.extend(lines.into_iter().map(|line| WrappedLine { line, block: i }));
        prev_was_item = is_item;
    }
    out
}

/// Wrap one plain paragraph (for the sources list and other screen text).
pub fn wrap_plain(
    text: &str,
    max: usize,
    style: Style,
    first: &str,
    rest: &str,
) -> Vec<Line<'static>> {
    let runs = [Run {
        text: text.to_string(),
        emphasis: Emphasis::default(),
    }];
    fill(
        words(&runs, style),
        max.max(10),
        Span::styled(first.to_string(), style),
        Span::raw(rest.to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::content::markdown::parse;
    use unicode_normalization::UnicodeNormalization;

    fn text_of(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn wraps_by_display_width_and_keeps_blocks() {
        let blocks = parse("# Công tác dân vận\n\nĐoạn văn khá dài để được ngắt thành nhiều dòng theo độ rộng.\n\n- một\n- hai");
        let lines = wrap_blocks(&blocks, 20);
        for l in &lines {
            assert!(l.line.width() <= 20, "{:?}", text_of(&l.line));
        }
        assert_eq!(lines[0].block, 0);
        assert!(lines
            .iter()
            .any(|l| l.block == 3 && text_of(&l.line).contains("• hai")));
        // list items follow each other without a blank line
        let i = lines
            .iter()
            .position(|l| text_of(&l.line).contains("• một"))
            .unwrap();
        assert!(text_of(&lines[i + 1].line).contains("• hai"));
    }

    #[test]
    fn styled_spans_hold_whole_graphemes() {
        // Decomposed text: a break or style change must not separate a letter from its marks.
        let nfd: String = "**Việt** Nam việt nam việt nam việt nam".nfd().collect();
        let blocks = parse(&nfd);
        let lines = wrap_blocks(&blocks, 12);
        for l in &lines {
            for s in &l.line.spans {
                if let Some(first) = s.content.chars().next() {
                    assert!(
                        !unicode_normalization::char::is_combining_mark(first),
                        "span starts with a mark: {:?}",
                        s.content
                    );
                }
            }
        }
        let bold: Vec<_> = lines[0]
            .line
            .spans
            .iter()
            .filter(|s| s.style.add_modifier.contains(Modifier::BOLD))
            .collect();
        assert_eq!(crate::domain::text::nfc(&bold[0].content), "Việt");
    }

    #[test]
    fn long_words_break_between_graphemes() {
        let blocks = parse("Nghịđịnhsốmộttrămmườitámhaikhôngtrămhailăm");
        let lines = wrap_blocks(&blocks, 10);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.line.width() <= 10);
        }
    }
}

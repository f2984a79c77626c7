//! The small Markdown subset lessons are written in: `#`/`##` headings, paragraphs,
//! `- ` bullets, `1. ` numbered items, `> ` quotes, `**bold**` and `*italic*`.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Emphasis {
    pub bold: bool,
    pub italic: bool,
}

/// A run of text with one emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub emphasis: Emphasis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading { level: u8, runs: Vec<Run> },
    Paragraph(Vec<Run>),
    Bullet(Vec<Run>),
    Numbered { number: u32, runs: Vec<Run> },
    Quote(Vec<Run>),
}

impl Block {
    pub fn runs(&self) -> &[Run] {
        match self {
            Block::Heading { runs, .. }
            | Block::Paragraph(runs)
            | Block::Bullet(runs)
            | Block::Numbered { runs, .. }
            | Block::Quote(runs) => runs,
        }
    }

    /// The block's text without markers, for search.
    pub fn plain(&self) -> String {
        self.runs().iter().map(|r| r.text.as_str()).collect()
    }
}

fn numbered_prefix(line: &str) -> Option<(u32, &str)> {
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &line[digits..];
    let rest = rest.strip_prefix(". ")?;
    Some((line[..digits].parse().ok()?, rest))
}

/// Split a body into blocks. Consecutive plain lines join into one paragraph;
/// a list item or quote continues on following indented or plain lines.
pub fn parse(body: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<(char, u32, String)> = None; // (kind, number, text)
    let flush = |cur: &mut Option<(char, u32, String)>, blocks: &mut Vec<Block>| {
        if let Some((kind, n, text)) = cur.take() {
            let runs = inline(text.trim());
            blocks.push(match kind {
                'b' => Block::Bullet(runs),
                'n' => Block::Numbered { number: n, runs },
                'q' => Block::Quote(runs),
                _ => Block::Paragraph(runs),
            });
        }
    };
    for raw in body.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            flush(&mut current, &mut blocks);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("## ") {
            flush(&mut current, &mut blocks);
            blocks.push(Block::Heading {
                level: 2,
                runs: inline(rest.trim()),
            });
        } else if let Some(rest) = trimmed.strip_prefix("# ") {
            flush(&mut current, &mut blocks);
            blocks.push(Block::Heading {
                level: 1,
                runs: inline(rest.trim()),
            });
        } else if let Some(rest) = trimmed.strip_prefix("- ") {
            flush(&mut current, &mut blocks);
            current = Some(('b', 0, rest.to_string()));
        } else if let Some((n, rest)) = numbered_prefix(trimmed) {
            flush(&mut current, &mut blocks);
            current = Some(('n', n, rest.to_string()));
        } else if let Some(rest) = trimmed.strip_prefix('>') {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            match &mut current {
                Some(('q', _, text)) => {
                    text.push(' ');
                    text.push_str(rest);
                }
                _ => {
                    flush(&mut current, &mut blocks);
                    current = Some(('q', 0, rest.to_string()));
                }
            }
        } else {
            match &mut current {
                Some((_, _, text)) => {
                    text.push(' ');
                    text.push_str(trimmed);
                }
                None => current = Some(('p', 0, trimmed.to_string())),
            }
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// Parse `**bold**` and `*italic*` inside one block's text.
pub fn inline(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut emphasis = Emphasis::default();
    let mut buf = String::new();
    let mut chars = text.chars().peekable();
    let push = |buf: &mut String, emphasis: Emphasis, runs: &mut Vec<Run>| {
        if buf.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some(last) if last.emphasis == emphasis => last.text.push_str(buf),
            _ => runs.push(Run {
                text: buf.clone(),
                emphasis,
            }),
        }
        buf.clear();
    };
    while let Some(c) = chars.next() {
        if c == '*' {
            push(&mut buf, emphasis, &mut runs);
            if chars.peek() == Some(&'*') {
                chars.next();
                emphasis.bold = !emphasis.bold;
            } else {
                emphasis.italic = !emphasis.italic;
            }
        } else {
            buf.push(c);
        }
    }
    push(&mut buf, emphasis, &mut runs);
    runs
}

/// Lines (1-based within the body) that use Markdown outside the subset.
pub fn unsupported(body: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let t = line.trim_start();
        let problem = if t.starts_with("###") {
            Some("heading deeper than ##")
        } else if t.starts_with("```") {
            Some("code block")
        } else if t.starts_with("* ") || t.starts_with("+ ") {
            Some("bullet must start with '- '")
        } else if t.starts_with('|') {
            Some("table")
        } else if t.starts_with('<') {
            Some("HTML")
        } else if t.matches("**").count() % 2 == 1 {
            Some("unclosed **bold**")
        } else {
            None
        };
        if let Some(p) = problem {
            out.push((i + 1, p));
        }
    }
    out
}

/// Blocks as plain text, for screen readers and a plain terminal: no emphasis marks; a heading
/// on its own line, a bullet as "- ", a numbered item with its number, a quote in quotation
/// marks; a blank line between blocks.
pub fn to_plain(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let text = b.plain();
        match b {
            Block::Heading { .. } | Block::Paragraph(_) => out.push_str(&text),
            Block::Bullet(_) => {
                out.push_str("- ");
                out.push_str(&text);
            }
            Block::Numbered { number, .. } => out.push_str(&format!("{number}. {text}")),
            Block::Quote(_) if text.starts_with(['“', '"']) => out.push_str(&text),
            Block::Quote(_) => out.push_str(&format!("“{text}”")),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks() {
        let body = "# Tiêu đề\n\nMột đoạn\nnối dòng.\n\n- mục một\n- mục **hai**\n\n1. thứ nhất\n2. thứ hai\n\n> trích dẫn\n> tiếp";
        let blocks = parse(body);
        assert_eq!(blocks.len(), 7);
        assert_eq!(
            blocks[0],
            Block::Heading {
                level: 1,
                runs: inline("Tiêu đề")
            }
        );
        assert_eq!(blocks[1].plain(), "Một đoạn nối dòng.");
        assert!(matches!(blocks[3], Block::Bullet(_)));
        assert_eq!(blocks[3].runs()[1].text, "hai");
        assert!(blocks[3].runs()[1].emphasis.bold);
        assert!(matches!(blocks[5], Block::Numbered { number: 2, .. }));
        assert_eq!(blocks[6].plain(), "trích dẫn tiếp");
    }

    #[test]
    fn inline_emphasis() {
        let runs = inline("a **b** *c* d");
        let texts: Vec<_> = runs
            .iter()
            .map(|r| (r.text.as_str(), r.emphasis.bold, r.emphasis.italic))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("a ", false, false),
                ("b", true, false),
                (" ", false, false),
                ("c", false, true),
                (" d", false, false)
            ]
        );
    }

    #[test]
    fn flags_unsupported() {
        assert_eq!(
            unsupported("ok\n### deep\n* star"),
            vec![
                (2, "heading deeper than ##"),
                (3, "bullet must start with '- '")
            ]
        );
    }

    #[test]
    fn plain_text_keeps_structure_and_drops_marks() {
        let body = "# Tiêu đề\n\nMột **đoạn** văn *nghiêng*.\n\n- gạch đầu dòng\n1. mục một\n2. mục hai\n> trích dẫn\n> tiếp";
        assert_eq!(
            to_plain(&parse(body)),
            "Tiêu đề\n\nMột đoạn văn nghiêng.\n\n- gạch đầu dòng\n\n1. mục một\n\n2. mục hai\n\n“trích dẫn tiếp”\n"
        );
    }
}

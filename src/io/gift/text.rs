//! GIFT text: characters with their escaping (so `\=` is never an answer marker), and the text
//! formats (`[html]`, `[markdown]`, …) turned into plain text.

use crate::domain::text::collapse_whitespace;

// ---- characters with their escaping ----

/// A character of GIFT text; `esc` when it was written with a backslash (never a control character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ch {
    pub(super) c: char,
    pub(super) esc: bool,
}

pub(super) fn unescape(s: &str) -> Vec<Ch> {
    let mut out = Vec::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.peek().copied() {
                Some(n @ ('~' | '=' | '#' | '{' | '}' | ':' | '\\')) => {
                    it.next();
                    out.push(Ch { c: n, esc: true });
                    continue;
                }
                Some('n') => {
                    it.next();
                    out.push(Ch { c: '\n', esc: true });
                    continue;
                }
                _ => {}
            }
        }
        out.push(Ch { c, esc: false });
    }
    out
}

pub(super) fn is(ch: &Ch, c: char) -> bool {
    !ch.esc && ch.c == c
}

/// Where the unescaped sequence `pat` starts in `s`, from `from`.
pub(super) fn find(s: &[Ch], from: usize, pat: &str) -> Option<usize> {
    let pat: Vec<char> = pat.chars().collect();
    (from..s.len()).find(|&i| {
        i + pat.len() <= s.len() && pat.iter().enumerate().all(|(k, &p)| is(&s[i + k], p))
    })
}

/// Where the last unescaped `pat` starts in `s`.
pub(super) fn rfind(s: &[Ch], pat: &str) -> Option<usize> {
    let pat: Vec<char> = pat.chars().collect();
    (0..s.len()).rev().find(|&i| {
        i + pat.len() <= s.len() && pat.iter().enumerate().all(|(k, &p)| is(&s[i + k], p))
    })
}

pub(super) fn trim(mut s: &[Ch]) -> &[Ch] {
    while s.first().is_some_and(|c| !c.esc && c.c.is_whitespace()) {
        s = &s[1..];
    }
    while s.last().is_some_and(|c| !c.esc && c.c.is_whitespace()) {
        s = &s[..s.len() - 1];
    }
    s
}

/// The text from `pos` for a syntax message: one line, at most 30 characters.
pub(super) fn near(s: &[Ch], pos: usize) -> String {
    let raw: String = s[pos.min(s.len())..].iter().take(30).map(|c| c.c).collect();
    let mut out = collapse_whitespace(&raw);
    if s.len() > pos + 30 {
        out.push('…');
    }
    out
}

// ---- text formats ----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Moodle,
    Html,
    Plain,
    Markdown,
}

/// A leading `[html]`-style prefix, and the text after it.
pub(super) fn split_format(s: &[Ch]) -> (Option<Format>, &[Ch]) {
    let t = trim(s);
    if t.first().is_some_and(|c| is(c, '[')) {
        if let Some(end) = find(t, 1, "]") {
            let name: String = t[1..end].iter().map(|c| c.c).collect();
            let format = match name.to_ascii_lowercase().as_str() {
                "html" => Some(Format::Html),
                "moodle" => Some(Format::Moodle),
                "plain" => Some(Format::Plain),
                "markdown" => Some(Format::Markdown),
                _ => None,
            };
            if format.is_some() {
                return (format, &t[end + 1..]);
            }
        }
    }
    (None, s)
}

/// Plain text for danvan: format prefix removed, HTML stripped, whitespace collapsed, `\n` kept.
pub(super) fn clean(s: &[Ch], default: Format) -> String {
    let (format, s) = split_format(s);
    let format = format.unwrap_or(default);
    let mut text: String = s
        .iter()
        .map(|c| match c {
            Ch { c: '\n', esc: true } => '\n',
            Ch { c, esc: false } if c.is_whitespace() => ' ',
            Ch { c, .. } => *c,
        })
        .collect();
    if format == Format::Html {
        text = strip_html(&text);
    }
    let lines: Vec<String> = text.split('\n').map(collapse_whitespace).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

/// Remove tags (line breaks for `<br>` and the end of blocks) and decode the common entities.
fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let tag = after[1..end].trim().to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let closing = tag.starts_with('/');
        if name == "br"
            || (closing
                && matches!(
                    name.as_str(),
                    "p" | "div" | "li" | "h1" | "h2" | "h3" | "tr"
                ))
        {
            out.push('\n');
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let decoded = after.find(';').filter(|&e| e <= 10).and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let code =
                        if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                            u32::from_str_radix(hex, 16).ok()
                        } else {
                            name.strip_prefix('#').and_then(|d| d.parse().ok())
                        };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

//! Writing a parsed question as a `[[question]]` table of a danvan quiz file.

use super::parse::{Directives, Kind, Question};
use crate::domain::text::collapse_whitespace;

// ---- TOML ----

/// A TOML basic string.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn one_line(s: &str) -> String {
    collapse_whitespace(&s.replace(|c: char| c.is_control(), " "))
}

fn option_id(i: usize) -> String {
    if i < 26 {
        ((b'a' + i as u8) as char).to_string()
    } else {
        format!("o{}", i + 1)
    }
}

pub(super) fn write_question(
    out: &mut String,
    q: &Question,
    id: &str,
    lesson: &str,
    d: Directives,
) {
    out.push('\n');
    if let Some(t) = &q.title {
        out.push_str(&format!("# {}\n", one_line(t)));
    }
    let kind = match q.kind {
        Kind::Single(_) => "single",
        Kind::Multiple(_) => "multiple",
        Kind::TrueFalse(_) => "true-false",
        Kind::Text(_) => "text",
        Kind::Matching(_) => "matching",
    };
    out.push_str("[[question]]\n");
    out.push_str(&format!("id = {}\n", quote(id)));
    out.push_str(&format!("kind = {}\n", quote(kind)));
    out.push_str(&format!("lesson = {}\n", quote(lesson)));
    if d.points != 1 {
        out.push_str(&format!("points = {}\n", d.points));
    }
    out.push_str(&format!("prompt = {{ vi = {} }}\n", quote(&q.prompt)));
    out.push_str(&format!(
        "explanation = {{ vi = {} }}\n",
        quote(&q.explanation)
    ));
    match &q.kind {
        Kind::Single(opts) | Kind::Multiple(opts) => {
            out.push_str("options = [\n");
            for (i, o) in opts.iter().enumerate() {
                out.push_str(&format!(
                    "  {{ id = {}, text = {{ vi = {} }}",
                    quote(&option_id(i)),
                    quote(&o.text)
                ));
                if o.correct {
                    out.push_str(", correct = true");
                }
                if let Some(c) = o.credit {
                    out.push_str(&format!(", credit = {c}"));
                }
                if let Some(f) = &o.feedback {
                    out.push_str(&format!(", feedback = {{ vi = {} }}", quote(f)));
                }
                out.push_str(" },\n");
            }
            out.push_str("]\n");
        }
        Kind::TrueFalse(answer) => out.push_str(&format!("answer = {answer}\n")),
        Kind::Matching(pairs) => {
            out.push_str("pairs = [\n");
            for (i, (left, right)) in pairs.iter().enumerate() {
                out.push_str(&format!(
                    "  {{ id = {}, left = {{ vi = {} }}, right = {{ vi = {} }} }},\n",
                    quote(&option_id(i)),
                    quote(left),
                    quote(right)
                ));
            }
            out.push_str("]\n");
        }
        Kind::Text(accept) => {
            let items: Vec<String> = accept.iter().map(|a| quote(a)).collect();
            out.push_str(&format!("accept = [{}]\n", items.join(", ")));
            if d.ignore_diacritics {
                out.push_str("ignore_diacritics = true\n");
            }
        }
    }
}

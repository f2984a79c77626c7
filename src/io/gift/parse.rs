//! Reading GIFT: the file as blocks (questions separated by blank lines), and each block as a
//! category or a question of a kind danvan has, or the problem that stops it.

use super::text::{clean, find, is, near, rfind, split_format, trim, unescape, Ch, Format};
use super::ProblemKind;
use crate::domain::content::load::depends_on_others;

// ---- blocks: questions are separated by blank lines; `//` lines are comments ----

pub(super) struct Block {
    pub(super) line: usize,
    pub(super) text: String,
    /// The `// danvan: …` lines written above it (see [`Directives`]).
    pub(super) directives: Vec<String>,
}

/// The comment that carries what GIFT has no syntax for, above a question:
/// `// danvan: points=2, ignore_diacritics`. Moodle reads it as a comment.
pub(super) const DIRECTIVE: &str = "// danvan:";

pub(super) fn blocks(input: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    // A directive belongs to the question that follows it.
    let mut pending = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.extend(current.take());
        } else if let Some(d) = trimmed.strip_prefix(DIRECTIVE) {
            pending.push(d.trim().to_string());
        } else if trimmed.starts_with("//") {
            continue;
        } else if let Some(b) = current.as_mut() {
            b.text.push('\n');
            b.text.push_str(line);
        } else {
            current = Some(Block {
                line: i + 1,
                text: line.to_string(),
                directives: std::mem::take(&mut pending),
            });
        }
    }
    out.extend(current);
    out
}

/// Grading settings danvan has and GIFT lacks, read from the directives above a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Directives {
    pub(super) points: u32,
    pub(super) ignore_diacritics: bool,
}

impl Default for Directives {
    fn default() -> Self {
        Directives {
            points: 1,
            ignore_diacritics: false,
        }
    }
}

/// `points=N` (1 to 1000) and `ignore_diacritics`, separated by commas; anything else is refused
/// with the item as written.
pub(super) fn directives(lines: &[String]) -> Result<Directives, ProblemKind> {
    let mut d = Directives::default();
    for item in lines.iter().flat_map(|l| l.split(',')) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let bad = || ProblemKind::BadDirective(item.to_string());
        match item.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
            Some(("points", n)) => {
                d.points = n
                    .parse()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or_else(bad)?;
            }
            None if item == "ignore_diacritics" => d.ignore_diacritics = true,
            _ => return Err(bad()),
        }
    }
    Ok(d)
}

// ---- questions ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Opt {
    pub(super) text: String,
    pub(super) correct: bool,
    pub(super) credit: Option<i32>,
    /// The answer's own feedback (`~b#why`), shown to whoever chooses it.
    pub(super) feedback: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    Single(Vec<Opt>),
    Multiple(Vec<Opt>),
    TrueFalse(bool),
    Text(Vec<String>),
    /// (left, right) in the file's order.
    Matching(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Question {
    pub(super) title: Option<String>,
    pub(super) prompt: String,
    pub(super) explanation: String,
    pub(super) kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Parsed {
    Category(String),
    Question(Question),
}

/// One answer inside the braces: its marker (`=` or `~`), weight, text and feedback.
struct Answer<'a> {
    marker: char,
    weight: Option<i32>,
    text: &'a [Ch],
    feedback: &'a [Ch],
}

pub(super) fn parse_block(block: &str) -> Result<Parsed, ProblemKind> {
    let all = unescape(block.trim());
    let s = trim(&all);
    let head: String = s.iter().take(10).map(|c| c.c).collect();
    if head == "$CATEGORY:" {
        return Ok(Parsed::Category(clean(&s[10..], Format::Plain)));
    }

    // ::title::
    let (title, s) = if find(s, 0, "::") == Some(0) {
        let end = find(s, 2, "::").ok_or_else(|| ProblemKind::Syntax(near(s, 0)))?;
        let title = clean(&s[2..end], Format::Plain);
        (Some(title).filter(|t| !t.is_empty()), &s[end + 2..])
    } else {
        (None, s)
    };

    // The answer block.
    let open = find(s, 0, "{");
    let close = find(s, 0, "}");
    let (open, close) = match (open, close) {
        (None, None) => return Err(ProblemKind::Description),
        (Some(o), Some(c)) if c > o => (o, c),
        (Some(o), None) => return Err(ProblemKind::Syntax(near(s, o))),
        (_, Some(c)) => return Err(ProblemKind::Syntax(near(s, c))),
    };
    if let Some(stray) = find(s, close + 1, "{").or_else(|| find(s, close + 1, "}")) {
        return Err(ProblemKind::Syntax(near(s, stray)));
    }
    let before = &s[..open];
    let after = &s[close + 1..];
    let mut prompt_chars = before.to_vec();
    if !trim(after).is_empty() {
        // Missing word: the blank stands where the answers were.
        prompt_chars.extend("_____".chars().map(|c| Ch { c, esc: true }));
        prompt_chars.extend_from_slice(after);
    }
    let format = split_format(&prompt_chars).0.unwrap_or(Format::Moodle);
    let prompt = clean(&prompt_chars, Format::Moodle);

    // General feedback, then the answers.
    let mut answers = &s[open + 1..close];
    let mut general = String::new();
    if let Some(g) = rfind(answers, "####") {
        general = clean(&answers[g + 4..], format);
        answers = &answers[..g];
    }
    let answers = trim(answers);

    let kind_and_feedback = if answers.is_empty() {
        return Err(ProblemKind::Essay);
    } else if is(&answers[0], '#') {
        return Err(ProblemKind::Numerical);
    } else if find(answers, 0, "~").is_some() {
        choice(answers, format)?
    } else if find(answers, 0, "=").is_some() && find(answers, 0, "->").is_some() {
        matching(answers, format)?
    } else if let Some(tf) = true_false(answers, format) {
        tf
    } else {
        short_answer(answers, format)?
    };
    if prompt.is_empty() {
        return Err(ProblemKind::NoText);
    }
    let (kind, feedback) = kind_and_feedback;

    let mut parts: Vec<String> = Vec::new();
    for p in std::iter::once(general).chain(feedback) {
        if !p.is_empty() && !parts.contains(&p) {
            parts.push(p);
        }
    }
    let explanation = if parts.is_empty() {
        restate(&kind)
    } else {
        parts.join(" ")
    };
    Ok(Parsed::Question(Question {
        title,
        prompt,
        explanation,
        kind,
    }))
}

/// "Đáp án đúng: …", the explanation of a question without feedback.
fn restate(kind: &Kind) -> String {
    let right = match kind {
        Kind::Single(opts) | Kind::Multiple(opts) => opts
            .iter()
            .filter(|o| o.correct)
            .map(|o| o.text.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        Kind::TrueFalse(true) => "Đúng".to_string(),
        Kind::TrueFalse(false) => "Sai".to_string(),
        Kind::Text(accept) => accept.join("; "),
        Kind::Matching(pairs) => pairs
            .iter()
            .map(|(l, r)| format!("{l} → {r}"))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let mut s = format!("Đáp án đúng: {right}");
    if !s.ends_with(['.', '!', '?', '…']) {
        s.push('.');
    }
    s
}

/// Split the inside of the braces at each unescaped `=` or `~`.
fn split_answers(s: &[Ch]) -> Result<Vec<Answer<'_>>, ProblemKind> {
    let starts: Vec<usize> = (0..s.len())
        .filter(|&i| is(&s[i], '=') || is(&s[i], '~'))
        .collect();
    let first = starts.first().copied().unwrap_or(s.len());
    if !trim(&s[..first]).is_empty() {
        return Err(ProblemKind::Syntax(near(s, 0)));
    }
    let mut out = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(s.len());
        let mut body = trim(&s[start + 1..end]);
        let mut weight = None;
        if body.first().is_some_and(|c| is(c, '%')) {
            let close = find(body, 1, "%").ok_or_else(|| ProblemKind::Syntax(near(s, start)))?;
            let raw: String = body[1..close].iter().map(|c| c.c).collect();
            weight = Some(
                parse_weight(raw.trim()).ok_or(ProblemKind::BadWeight(raw.trim().to_string()))?,
            );
            body = &body[close + 1..];
        }
        let (text, feedback) = match find(body, 0, "#") {
            Some(h) => (&body[..h], &body[h + 1..]),
            None => (body, &body[body.len()..]),
        };
        out.push(Answer {
            marker: s[start].c,
            weight,
            text,
            feedback,
        });
    }
    Ok(out)
}

fn parse_weight(raw: &str) -> Option<i32> {
    let w: f64 = raw.parse().ok()?;
    (w.is_finite() && w.fract() == 0.0 && (-100.0..=100.0).contains(&w)).then_some(w as i32)
}

type KindAndFeedback = (Kind, Vec<String>);

fn choice(s: &[Ch], format: Format) -> Result<KindAndFeedback, ProblemKind> {
    let answers = split_answers(s)?;
    let mut opts = Vec::new();
    let single = answers.iter().any(|a| a.marker == '=');
    for a in &answers {
        let text = clean(a.text, format);
        if text.is_empty() {
            return Err(ProblemKind::EmptyAnswer);
        }
        let weight = a.weight.unwrap_or(if a.marker == '=' { 100 } else { 0 });
        opts.push((text, weight, clean(a.feedback, format)));
    }
    if opts.len() < 2 {
        return Err(ProblemKind::FewOptions);
    }
    for (text, _, _) in &opts {
        if depends_on_others(text) {
            return Err(ProblemKind::DependentOption(text.clone()));
        }
    }
    let positive: Vec<i32> = opts.iter().map(|o| o.1).filter(|&w| w > 0).collect();
    if positive.is_empty() {
        return Err(ProblemKind::NoRightAnswer);
    }
    let only_one_right = positive == [100] && opts.iter().all(|o| o.1 == 100 || o.1 == 0);
    let kind = if single || only_one_right {
        if opts.iter().any(|o| o.1 != 0 && o.1 != 100) {
            return Err(ProblemKind::PartialCredit);
        }
        if positive.len() > 1 {
            return Err(ProblemKind::SeveralRight);
        }
        Kind::Single(
            opts.iter()
                .map(|(text, w, f)| Opt {
                    text: text.clone(),
                    correct: *w == 100,
                    credit: None,
                    feedback: Some(f.clone()).filter(|f| !f.is_empty()),
                })
                .collect(),
        )
    } else {
        let sum: i32 = positive.iter().sum();
        if sum != 100 {
            return Err(ProblemKind::CreditSum(sum));
        }
        Kind::Multiple(
            opts.iter()
                .map(|(text, w, f)| Opt {
                    text: text.clone(),
                    correct: *w > 0,
                    credit: (*w != 0).then_some(*w),
                    feedback: Some(f.clone()).filter(|f| !f.is_empty()),
                })
                .collect(),
        )
    };
    // Each answer keeps its feedback on its option: the explanation is the general feedback alone.
    Ok((kind, Vec::new()))
}

/// `T`, `TRUE`, `F` or `FALSE`, then `#feedback if wrong` and `#feedback if right`.
fn true_false(s: &[Ch], format: Format) -> Option<KindAndFeedback> {
    let end = find(s, 0, "#").unwrap_or(s.len());
    let value: String = trim(&s[..end]).iter().map(|c| c.c).collect();
    let answer = match value.to_ascii_uppercase().as_str() {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => return None,
    };
    let mut feedback = Vec::new();
    if end < s.len() {
        // Only the feedback shown for the right answer explains it; the other one speaks to a
        // learner who got it wrong ("Sai rồi…").
        if let Some(second) = find(s, end + 1, "#") {
            feedback.push(clean(&s[second + 1..], format));
        }
    }
    Some((Kind::TrueFalse(answer), feedback))
}

/// `=left -> right` for each pair; at least two, neither side empty (Moodle's extra right items
/// with no left one have no place in danvan), no weights.
fn matching(s: &[Ch], format: Format) -> Result<KindAndFeedback, ProblemKind> {
    let answers = split_answers(s)?;
    let mut pairs = Vec::new();
    for a in &answers {
        if a.marker != '=' || a.weight.is_some() {
            return Err(ProblemKind::Syntax(near(a.text, 0)));
        }
        let Some(arrow) = find(a.text, 0, "->") else {
            return Err(ProblemKind::Syntax(near(a.text, 0)));
        };
        let left = clean(&a.text[..arrow], format);
        let right = clean(&a.text[arrow + 2..], format);
        if left.is_empty() || right.is_empty() {
            return Err(ProblemKind::EmptyAnswer);
        }
        pairs.push((left, right));
    }
    if pairs.len() < 2 {
        return Err(ProblemKind::FewOptions);
    }
    Ok((Kind::Matching(pairs), Vec::new()))
}

fn short_answer(s: &[Ch], format: Format) -> Result<KindAndFeedback, ProblemKind> {
    let answers = split_answers(s)?;
    if answers.is_empty() {
        return Err(ProblemKind::Syntax(near(s, 0)));
    }
    let mut accept = Vec::new();
    let mut feedback = Vec::new();
    for a in &answers {
        if a.weight.is_some_and(|w| w != 100) {
            return Err(ProblemKind::PartialCredit);
        }
        let text = clean(a.text, format);
        if text.is_empty() {
            return Err(ProblemKind::EmptyAnswer);
        }
        if !accept.contains(&text) {
            accept.push(text);
        }
        let f = clean(a.feedback, format);
        if !f.is_empty() {
            feedback.push(f);
        }
    }
    Ok((Kind::Text(accept), feedback))
}

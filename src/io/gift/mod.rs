//! Moodle GIFT → danvan quiz TOML. Pure: text in, text and problems out.
//!
//! Supported: `//` comments, `$CATEGORY:` (kept as a TOML comment), `::title::` (a TOML comment above
//! the question), the escapes `\~ \= \# \{ \} \: \\ \n`, the `[html]`/`[moodle]`/`[markdown]`/`[plain]`
//! prefixes (HTML tags are stripped), single choice `{=a ~b}`, multiple choice with weights
//! `{~%50%a ~%50%b ~%-100%c}`, true/false `{T}`/`{FALSE}`, short answer `{=a =b}`, per-answer and
//! general feedback, and missing-word questions (the answer block inside the text becomes `_____`).
//!
//! Reported and skipped: matching, numerical, essay, description, partial credit danvan cannot express,
//! and anything that does not parse. Each problem names the line where its question starts.
//!
//! Raw line breaks inside a question are spaces (as in HTML); `\n` is a line break.

use crate::domain::text::{collapse_whitespace, nfc};

/// The result of a conversion: the quiz file and what could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    pub toml: String,
    pub converted: usize,
    pub problems: Vec<Problem>,
}

/// A question that was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line where the question starts.
    pub line: usize,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// `{=a -> b =c -> d}`
    Matching,
    /// `{#3:0.5}`
    Numerical,
    /// `{}`
    Essay,
    /// Text with no answer block.
    Description,
    /// A single-answer question (or a short answer) with partial or negative weights: danvan grades
    /// those right or wrong.
    PartialCredit,
    /// A single-answer question with more than one fully right answer.
    SeveralRight,
    /// Multiple answers whose positive weights add up to this instead of 100.
    CreditSum(i32),
    /// A weight that is not a whole percent between -100 and 100 (as written between the `%`).
    BadWeight(String),
    /// No answer is marked right.
    NoRightAnswer,
    /// A choice question with fewer than two answers.
    FewOptions,
    /// An answer with no text.
    EmptyAnswer,
    /// A question with no text.
    NoText,
    /// An option like "Tất cả các đáp án trên", wrong once options are shuffled.
    DependentOption(String),
    /// The GIFT does not parse; the text near the fault.
    Syntax(String),
}

impl ProblemKind {
    /// The Fluent message describing the problem.
    pub fn msg_id(&self) -> &'static str {
        match self {
            ProblemKind::Matching => "gift-unsupported-matching",
            ProblemKind::Numerical => "gift-unsupported-numerical",
            ProblemKind::Essay => "gift-unsupported-essay",
            ProblemKind::Description => "gift-unsupported-description",
            ProblemKind::PartialCredit => "gift-partial-credit",
            ProblemKind::SeveralRight => "gift-several-right",
            ProblemKind::CreditSum(_) => "gift-credit-sum",
            ProblemKind::BadWeight(_) => "gift-bad-weight",
            ProblemKind::NoRightAnswer => "gift-no-right-answer",
            ProblemKind::FewOptions => "gift-few-options",
            ProblemKind::EmptyAnswer => "gift-empty-answer",
            ProblemKind::NoText => "gift-no-text",
            ProblemKind::DependentOption(_) => "gift-dependent-option",
            ProblemKind::Syntax(_) => "gift-syntax",
        }
    }

    /// The arguments of the message.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ProblemKind::CreditSum(sum) => vec![("sum", sum.to_string())],
            ProblemKind::BadWeight(w) => vec![("weight", w.clone())],
            ProblemKind::DependentOption(t) => vec![("text", t.clone())],
            ProblemKind::Syntax(near) => vec![("near", near.clone())],
            _ => vec![],
        }
    }
}

/// Convert a GIFT file into a quiz for `course_id`. Every question tests `lesson_id` (a lesson of
/// that course); `source_name` (the file's stem) goes into the quiz title.
pub fn convert(
    input: &str,
    quiz_id: &str,
    course_id: &str,
    lesson_id: &str,
    source_name: &str,
) -> Conversion {
    let input = nfc(input.strip_prefix('\u{feff}').unwrap_or(input));
    let mut toml = String::new();
    toml.push_str(
        "# Chuyển từ tệp GIFT bằng lệnh danvan import-gift. Còn cần: bản tiếng Anh (en),\n",
    );
    toml.push_str("# căn cứ [[question.cite]] và bài học (lesson) đúng cho từng câu hỏi; rồi chạy danvan check.\n");
    toml.push_str(&format!("id = {}\n", quote(quiz_id)));
    toml.push_str("version = \"1.0.0\"\n");
    toml.push_str(&format!("course = {}\n", quote(course_id)));
    let source_name = one_line(source_name);
    toml.push_str(&format!(
        "title = {{ vi = {}, en = {} }}\n",
        quote(&format!("Nhập từ GIFT: {source_name}")),
        quote(&format!("Imported from GIFT: {source_name}"))
    ));
    toml.push_str("pass_mark = 80\nshuffle_questions = true\nshuffle_options = true\n");

    let lesson = format!("{course_id}/{lesson_id}");
    let mut converted = 0;
    let mut problems = Vec::new();
    // A category is written above the next question converted, so none is left dangling.
    let mut categories = String::new();
    for block in blocks(&input) {
        match parse_block(&block.text) {
            Ok(Parsed::Category(name)) => {
                categories.push_str(&format!("\n# $CATEGORY: {}\n", one_line(&name)));
            }
            Ok(Parsed::Question(q)) => {
                converted += 1;
                toml.push_str(&std::mem::take(&mut categories));
                write_question(&mut toml, &q, &format!("q{converted:03}"), &lesson);
            }
            Err(kind) => problems.push(Problem {
                line: block.line,
                kind,
            }),
        }
    }
    Conversion {
        toml,
        converted,
        problems,
    }
}

// ---- blocks: questions are separated by blank lines; `//` lines are comments ----

struct Block {
    line: usize,
    text: String,
}

fn blocks(input: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (i, line) in input.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.extend(current.take());
        } else if trimmed.starts_with("//") {
            continue;
        } else if let Some(b) = current.as_mut() {
            b.text.push('\n');
            b.text.push_str(line);
        } else {
            current = Some(Block {
                line: i + 1,
                text: line.to_string(),
            });
        }
    }
    out.extend(current);
    out
}

// ---- characters with their escaping ----

/// A character of GIFT text; `esc` when it was written with a backslash (never a control character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ch {
    c: char,
    esc: bool,
}

fn unescape(s: &str) -> Vec<Ch> {
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

fn is(ch: &Ch, c: char) -> bool {
    !ch.esc && ch.c == c
}

/// Where the unescaped sequence `pat` starts in `s`, from `from`.
fn find(s: &[Ch], from: usize, pat: &str) -> Option<usize> {
    let pat: Vec<char> = pat.chars().collect();
    (from..s.len()).find(|&i| {
        i + pat.len() <= s.len() && pat.iter().enumerate().all(|(k, &p)| is(&s[i + k], p))
    })
}

/// Where the last unescaped `pat` starts in `s`.
fn rfind(s: &[Ch], pat: &str) -> Option<usize> {
    let pat: Vec<char> = pat.chars().collect();
    (0..s.len()).rev().find(|&i| {
        i + pat.len() <= s.len() && pat.iter().enumerate().all(|(k, &p)| is(&s[i + k], p))
    })
}

fn trim(mut s: &[Ch]) -> &[Ch] {
    while s.first().is_some_and(|c| !c.esc && c.c.is_whitespace()) {
        s = &s[1..];
    }
    while s.last().is_some_and(|c| !c.esc && c.c.is_whitespace()) {
        s = &s[..s.len() - 1];
    }
    s
}

/// The text from `pos` for a syntax message: one line, at most 30 characters.
fn near(s: &[Ch], pos: usize) -> String {
    let raw: String = s[pos.min(s.len())..].iter().take(30).map(|c| c.c).collect();
    let mut out = collapse_whitespace(&raw);
    if s.len() > pos + 30 {
        out.push('…');
    }
    out
}

// ---- text formats ----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Moodle,
    Html,
    Plain,
    Markdown,
}

/// A leading `[html]`-style prefix, and the text after it.
fn split_format(s: &[Ch]) -> (Option<Format>, &[Ch]) {
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
fn clean(s: &[Ch], default: Format) -> String {
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

// ---- questions ----

#[derive(Debug, Clone, PartialEq, Eq)]
struct Opt {
    text: String,
    correct: bool,
    credit: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Single(Vec<Opt>),
    Multiple(Vec<Opt>),
    TrueFalse(bool),
    Text(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Question {
    title: Option<String>,
    prompt: String,
    explanation: String,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Parsed {
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

fn parse_block(block: &str) -> Result<Parsed, ProblemKind> {
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
        return Err(ProblemKind::Matching);
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
    let mut feedback = Vec::new();
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
        if crate::domain::content::load::depends_on_others(text) {
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
                .map(|(text, w, _)| Opt {
                    text: text.clone(),
                    correct: *w == 100,
                    credit: None,
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
                .map(|(text, w, _)| Opt {
                    text: text.clone(),
                    correct: *w > 0,
                    credit: (*w != 0).then_some(*w),
                })
                .collect(),
        )
    };
    for (_, w, f) in &opts {
        if *w > 0 && !f.is_empty() {
            feedback.push(f.clone());
        }
    }
    Ok((kind, feedback))
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

// ---- TOML ----

/// A TOML basic string.
fn quote(s: &str) -> String {
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

fn one_line(s: &str) -> String {
    collapse_whitespace(&s.replace(|c: char| c.is_control(), " "))
}

fn option_id(i: usize) -> String {
    if i < 26 {
        ((b'a' + i as u8) as char).to_string()
    } else {
        format!("o{}", i + 1)
    }
}

fn write_question(out: &mut String, q: &Question, id: &str, lesson: &str) {
    out.push('\n');
    if let Some(t) = &q.title {
        out.push_str(&format!("# {}\n", one_line(t)));
    }
    let kind = match q.kind {
        Kind::Single(_) => "single",
        Kind::Multiple(_) => "multiple",
        Kind::TrueFalse(_) => "true-false",
        Kind::Text(_) => "text",
    };
    out.push_str("[[question]]\n");
    out.push_str(&format!("id = {}\n", quote(id)));
    out.push_str(&format!("kind = {}\n", quote(kind)));
    out.push_str(&format!("lesson = {}\n", quote(lesson)));
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
                out.push_str(" },\n");
            }
            out.push_str("]\n");
        }
        Kind::TrueFalse(answer) => out.push_str(&format!("answer = {answer}\n")),
        Kind::Text(accept) => {
            let items: Vec<String> = accept.iter().map(|a| quote(a)).collect();
            out.push_str(&format!("accept = [{}]\n", items.join(", ")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(gift: &str) -> Conversion {
        convert(gift, "q-gift", "mot-cua", "co-che-mot-cua", "test")
    }

    fn one(gift: &str) -> Question {
        let blocks = blocks(gift);
        assert_eq!(blocks.len(), 1, "{gift}");
        match parse_block(&blocks[0].text) {
            Ok(Parsed::Question(q)) => q,
            other => panic!("{gift}: {other:?}"),
        }
    }

    fn problem(gift: &str) -> ProblemKind {
        match parse_block(gift) {
            Err(k) => k,
            other => panic!("{gift}: {other:?}"),
        }
    }

    fn opt(text: &str, correct: bool, credit: Option<i32>) -> Opt {
        Opt {
            text: text.into(),
            correct,
            credit,
        }
    }

    /// The output parses as TOML with the quiz's shape.
    fn parse(toml_text: &str) -> toml::Table {
        toml_text.parse::<toml::Table>().expect(toml_text)
    }

    #[test]
    fn single_choice() {
        let q = one("Thủ đô của Việt Nam là gì? {=Hà Nội ~Huế ~Đà Nẵng}");
        assert_eq!(q.prompt, "Thủ đô của Việt Nam là gì?");
        assert_eq!(
            q.kind,
            Kind::Single(vec![
                opt("Hà Nội", true, None),
                opt("Huế", false, None),
                opt("Đà Nẵng", false, None)
            ])
        );
        assert_eq!(q.explanation, "Đáp án đúng: Hà Nội.");
        assert_eq!(q.title, None);
    }

    #[test]
    fn answers_on_their_own_lines() {
        let q = one("Câu hỏi\n{\n  ~Sai một\n  =Đúng\n  ~Sai hai\n}");
        assert_eq!(q.prompt, "Câu hỏi");
        let Kind::Single(opts) = q.kind else { panic!() };
        assert_eq!(opts.len(), 3);
        assert!(opts[1].correct);
    }

    #[test]
    fn multiple_choice_with_weights() {
        let q = one("Chọn các ý đúng {~%50%Một ~%50%Hai ~%-100%Ba ~Bốn}");
        assert_eq!(
            q.kind,
            Kind::Multiple(vec![
                opt("Một", true, Some(50)),
                opt("Hai", true, Some(50)),
                opt("Ba", false, Some(-100)),
                opt("Bốn", false, None)
            ])
        );
        assert_eq!(q.explanation, "Đáp án đúng: Một; Hai.");
    }

    #[test]
    fn one_full_weight_without_equals_is_single() {
        let q = one("Câu {~%100%Đúng ~Sai ~%0%Cũng sai}");
        assert_eq!(
            q.kind,
            Kind::Single(vec![
                opt("Đúng", true, None),
                opt("Sai", false, None),
                opt("Cũng sai", false, None)
            ])
        );
    }

    #[test]
    fn weights_that_do_not_add_to_100() {
        assert_eq!(
            problem("Câu {~%50%a ~%40%b ~c}"),
            ProblemKind::CreditSum(90)
        );
        assert_eq!(
            problem("Câu {~%33.33333%a ~%33.33333%b ~%33.33333%c}"),
            ProblemKind::BadWeight("33.33333".into())
        );
        assert_eq!(
            problem("Câu {~%150%a ~b}"),
            ProblemKind::BadWeight("150".into())
        );
        assert_eq!(problem("Câu {~a ~b}"), ProblemKind::NoRightAnswer);
    }

    #[test]
    fn partial_weights_on_a_single_answer_question() {
        assert_eq!(problem("Câu {=a ~%50%b ~c}"), ProblemKind::PartialCredit);
        assert_eq!(problem("Câu {=a ~%-50%b ~c}"), ProblemKind::PartialCredit);
        assert_eq!(problem("Câu {=a =b ~c}"), ProblemKind::SeveralRight);
        assert_eq!(problem("Câu {=%50%a ~b}"), ProblemKind::PartialCredit);
    }

    #[test]
    fn true_false() {
        let q = one("Mặt trời mọc ở hướng Đông. {T}");
        assert_eq!(q.kind, Kind::TrueFalse(true));
        assert_eq!(q.explanation, "Đáp án đúng: Đúng.");
        for (gift, answer) in [
            ("{TRUE}", true),
            ("{F}", false),
            ("{FALSE}", false),
            ("{false}", false),
        ] {
            assert_eq!(
                one(&format!("Câu {gift}")).kind,
                Kind::TrueFalse(answer),
                "{gift}"
            );
        }
        let q = one("Câu {FALSE#Sai rồi, xem lại.#Đúng vậy: hướng Đông.}");
        assert_eq!(q.kind, Kind::TrueFalse(false));
        assert_eq!(q.explanation, "Đúng vậy: hướng Đông.");
        let q = one("Câu {T#Chỉ phản hồi khi sai}");
        assert_eq!(q.explanation, "Đáp án đúng: Đúng.");
    }

    #[test]
    fn short_answer() {
        let q = one("Hai cộng hai bằng mấy? {=4 =bốn =Bốn}");
        assert_eq!(
            q.kind,
            Kind::Text(vec!["4".into(), "bốn".into(), "Bốn".into()])
        );
        assert_eq!(q.explanation, "Đáp án đúng: 4; bốn; Bốn.");
        assert_eq!(problem("Câu {=%50%a =b}"), ProblemKind::PartialCredit);
        assert_eq!(one("Câu {=%100%a}").kind, Kind::Text(vec!["a".into()]));
    }

    #[test]
    fn feedback_becomes_the_explanation() {
        let q = one("Câu {=Đúng#Vì lý do A. ~Sai#Không phải. ####Giải thích chung.}");
        assert_eq!(q.explanation, "Giải thích chung. Vì lý do A.");
        let q = one("Câu {~%50%a#Lý do a ~%50%b#Lý do b ~c#không}");
        assert_eq!(q.explanation, "Lý do a Lý do b");
        let q = one("Câu {=x#Chung =y#Chung}");
        assert_eq!(q.explanation, "Chung");
        let q = one("Câu {T####Chỉ có phản hồi chung.}");
        assert_eq!(q.explanation, "Chỉ có phản hồi chung.");
    }

    #[test]
    fn title_and_escapes() {
        let q = one("::Câu 1\\: tiêu đề::Dấu \\{ngoặc\\} và \\= \\~ \\# \\\\ nhé\\nDòng hai {=a\\=b ~c\\#d}");
        assert_eq!(q.title.as_deref(), Some("Câu 1: tiêu đề"));
        assert_eq!(q.prompt, "Dấu {ngoặc} và = ~ # \\ nhé\nDòng hai");
        assert_eq!(
            q.kind,
            Kind::Single(vec![opt("a=b", true, None), opt("c#d", false, None)])
        );
        // A backslash before anything else stays.
        assert_eq!(one("Đường dẫn C\\tmp {T}").prompt, "Đường dẫn C\\tmp");
    }

    #[test]
    fn formats() {
        let q = one("[html]<p>Chọn <b>một</b> &amp; chỉ một<br/>đáp án</p> {=<i>Có</i> ~Không}");
        assert_eq!(q.prompt, "Chọn một & chỉ một\nđáp án");
        assert_eq!(
            q.kind,
            Kind::Single(vec![opt("Có", true, None), opt("Không", false, None)])
        );
        let q = one("::T::[markdown]Văn bản **đậm** {T}");
        assert_eq!(q.prompt, "Văn bản **đậm**");
        assert_eq!(one("[plain] Thuần {T}").prompt, "Thuần");
        assert_eq!(one("[moodle]Mặc định {T}").prompt, "Mặc định");
        // An unknown bracket is text.
        assert_eq!(one("[ghi chú] Câu {T}").prompt, "[ghi chú] Câu");
    }

    #[test]
    fn missing_word() {
        let q = one("Bộ phận {~Hai cửa =Một cửa ~Ba cửa} tiếp nhận hồ sơ.");
        assert_eq!(q.prompt, "Bộ phận _____ tiếp nhận hồ sơ.");
        assert_eq!(q.explanation, "Đáp án đúng: Một cửa.");
        let q = one("{=Hai =2} cộng hai bằng bốn.");
        assert_eq!(q.prompt, "_____ cộng hai bằng bốn.");
        assert_eq!(q.kind, Kind::Text(vec!["Hai".into(), "2".into()]));
    }

    #[test]
    fn unsupported_kinds() {
        assert_eq!(problem("Ghép {=a -> b =c -> d}"), ProblemKind::Matching);
        assert_eq!(problem("Số {#3:1}"), ProblemKind::Numerical);
        assert_eq!(problem("Viết {}"), ProblemKind::Essay);
        assert_eq!(problem("Viết {####Gợi ý}"), ProblemKind::Essay);
        assert_eq!(problem("Chỉ là lời dẫn."), ProblemKind::Description);
        assert_eq!(problem("::Tiêu đề:: Lời dẫn"), ProblemKind::Description);
    }

    #[test]
    fn malformed_questions() {
        assert!(matches!(problem("Thiếu ngoặc {=a ~b"), ProblemKind::Syntax(n) if n == "{=a ~b"));
        assert!(matches!(problem("Thiếu mở =a ~b}"), ProblemKind::Syntax(_)));
        assert!(matches!(
            problem("::Tiêu đề không đóng {T}"),
            ProblemKind::Syntax(_)
        ));
        assert!(matches!(problem("Hai chỗ {=a} và {=b}"), ProblemKind::Syntax(n) if n == "{=b}"));
        assert!(matches!(problem("Chữ {lạ =a ~b}"), ProblemKind::Syntax(_)));
        assert!(matches!(problem("Chữ {lạ}"), ProblemKind::Syntax(_)));
        assert_eq!(problem("{=a ~b}"), ProblemKind::NoText);
        assert_eq!(problem("Câu {=a ~}"), ProblemKind::EmptyAnswer);
        assert_eq!(problem("Câu {~%100%a}"), ProblemKind::FewOptions);
        assert_eq!(
            problem("Câu {=Cả A và B ~A ~B}"),
            ProblemKind::DependentOption("Cả A và B".into())
        );
        assert!(matches!(problem("Câu {~%50a ~b}"), ProblemKind::Syntax(_)));
    }

    #[test]
    fn problems_name_the_line_where_the_question_starts() {
        let gift = "// chú thích\n\
                    $CATEGORY: $course$/Một cửa\n\
                    \n\
                    ::Q1:: Câu một {T}\n\
                    \n\
                    // chú thích trước câu\n\
                    Ghép cặp {\n\
                    =a -> b\n\
                    =c -> d\n\
                    }\n\
                    \n\
                    \n\
                    Số {#5}\n\
                    \n\
                    Câu bốn {=x ~y}\n\
                    \n\
                    Lời dẫn không có đáp án.\n";
        let c = conv(gift);
        assert_eq!(c.converted, 2);
        assert_eq!(
            c.problems,
            vec![
                Problem {
                    line: 7,
                    kind: ProblemKind::Matching
                },
                Problem {
                    line: 13,
                    kind: ProblemKind::Numerical
                },
                Problem {
                    line: 17,
                    kind: ProblemKind::Description
                },
            ]
        );
        assert!(c.toml.contains("# $CATEGORY: $course$/Một cửa\n"));
        assert!(c.toml.contains("# Q1\n[[question]]\nid = \"q001\""));
    }

    #[test]
    fn a_category_is_written_above_the_next_converted_question() {
        let c = conv("$CATEGORY: A\n\nCâu {T}\n\n$CATEGORY: B\n\nSố {#1}\n");
        assert!(
            c.toml.contains("\n# $CATEGORY: A\n\n[[question]]\n"),
            "{}",
            c.toml
        );
        assert!(!c.toml.contains("$CATEGORY: B"));
    }

    #[test]
    fn the_output_is_a_quiz_file() {
        let gift = "::Một:: Câu \"một\" có \\\\ và\\nxuống dòng {=a ~b}\n\n\
                    Câu hai {~%50%a ~%50%b ~%-50%c}\n\nCâu ba {TRUE}\n\nCâu bốn {=x =y}\n";
        let c = conv(gift);
        assert_eq!(c.converted, 4);
        assert!(c.problems.is_empty());
        let t = parse(&c.toml);
        assert_eq!(t["id"].as_str(), Some("q-gift"));
        assert_eq!(t["version"].as_str(), Some("1.0.0"));
        assert_eq!(t["course"].as_str(), Some("mot-cua"));
        assert_eq!(t["title"]["vi"].as_str(), Some("Nhập từ GIFT: test"));
        assert_eq!(t["title"]["en"].as_str(), Some("Imported from GIFT: test"));
        assert_eq!(t["pass_mark"].as_integer(), Some(80));
        assert_eq!(t["shuffle_questions"].as_bool(), Some(true));
        assert_eq!(t["shuffle_options"].as_bool(), Some(true));
        let qs = t["question"].as_array().unwrap();
        assert_eq!(qs.len(), 4);
        for (i, q) in qs.iter().enumerate() {
            assert_eq!(q["id"].as_str(), Some(format!("q{:03}", i + 1).as_str()));
            assert_eq!(q["lesson"].as_str(), Some("mot-cua/co-che-mot-cua"));
            assert!(q["explanation"]["vi"].as_str().is_some());
            assert!(q.get("cite").is_none());
        }
        assert_eq!(
            qs[0]["prompt"]["vi"].as_str(),
            Some("Câu \"một\" có \\ và\nxuống dòng")
        );
        assert_eq!(qs[0]["kind"].as_str(), Some("single"));
        assert_eq!(qs[1]["kind"].as_str(), Some("multiple"));
        let opts = qs[1]["options"].as_array().unwrap();
        assert_eq!(opts[2]["id"].as_str(), Some("c"));
        assert_eq!(opts[2]["credit"].as_integer(), Some(-50));
        assert!(opts[2].get("correct").is_none());
        assert_eq!(qs[2]["answer"].as_bool(), Some(true));
        let accept: Vec<_> = qs[3]["accept"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(accept, ["x", "y"]);
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(
            quote("a\"b\\c\nd\te\u{1}"),
            "\"a\\\"b\\\\c\\nd\\te\\u0001\""
        );
        let t = parse(&format!("x = {}", quote("\"\\\n\r\t\u{7f}\u{1b}ơ")));
        assert_eq!(t["x"].as_str(), Some("\"\\\n\r\t\u{7f}\u{1b}ơ"));
    }

    #[test]
    fn bom_crlf_and_nfd_input() {
        let c = conv("\u{feff}Cau ho\u{0309}i {T}\r\n\r\nCâu hai {F}\r\n");
        assert_eq!(c.converted, 2);
        assert!(c.toml.contains("prompt = { vi = \"Cau hỏi\" }"));
        assert!(!c.toml.contains('\r'));
    }

    #[test]
    fn every_problem_has_a_message_id() {
        let kinds = [
            ProblemKind::Matching,
            ProblemKind::Numerical,
            ProblemKind::Essay,
            ProblemKind::Description,
            ProblemKind::PartialCredit,
            ProblemKind::SeveralRight,
            ProblemKind::CreditSum(90),
            ProblemKind::BadWeight("33.3".into()),
            ProblemKind::NoRightAnswer,
            ProblemKind::FewOptions,
            ProblemKind::EmptyAnswer,
            ProblemKind::NoText,
            ProblemKind::DependentOption("x".into()),
            ProblemKind::Syntax("x".into()),
        ];
        let i18n = crate::domain::i18n::I18n::new(crate::domain::i18n::Lang::Vi);
        let en = crate::domain::i18n::I18n::new(crate::domain::i18n::Lang::En);
        for k in kinds {
            assert!(k.msg_id().starts_with("gift-"));
            assert!(i18n.has(k.msg_id()) && en.has(k.msg_id()), "{}", k.msg_id());
        }
    }
}

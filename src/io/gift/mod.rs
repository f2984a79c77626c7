//! Moodle GIFT → danvan quiz TOML, and a quiz back to GIFT ([`export`]). Pure: text in, text and
//! problems out.
//!
//! Supported: `//` comments, `$CATEGORY:` (kept as a TOML comment), `::title::` (a TOML comment above
//! the question), the escapes `\~ \= \# \{ \} \: \\ \n`, the `[html]`/`[moodle]`/`[markdown]`/`[plain]`
//! prefixes (HTML tags are stripped), single choice `{=a ~b}`, multiple choice with weights
//! `{~%50%a ~%50%b ~%-100%c}`, true/false `{T}`/`{FALSE}`, short answer `{=a =b}`, matching
//! `{=a -> 1 =b -> 2}`, per-answer
//! feedback (kept on its option for choice questions), general feedback (the explanation), and
//! missing-word questions (the answer block inside the text becomes `_____`).
//!
//! Reported and skipped: numerical, essay, description, partial credit danvan cannot express,
//! and anything that does not parse. Each problem names the line where its question starts.
//!
//! Raw line breaks inside a question are spaces (as in HTML); `\n` is a line break. A title that is a
//! valid question id becomes the id; a `// danvan: points=2, ignore_diacritics` comment above a question
//! sets what GIFT has no syntax for (as `export-gift` writes it).

mod export;
mod parse;
mod text;
mod write;

pub use export::{banks, export, ExportNote, Exported, NoteKind};

use crate::domain::text::nfc;
use parse::{blocks, directives, parse_block, Parsed};
use write::{one_line, quote, write_question};

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
    /// A `// danvan:` comment item that is not `points=N` (1 to 1000) or `ignore_diacritics`.
    BadDirective(String),
}

impl ProblemKind {
    /// The Fluent message describing the problem.
    pub fn msg_id(&self) -> &'static str {
        match self {
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
            ProblemKind::BadDirective(_) => "gift-bad-directive",
        }
    }

    /// The arguments of the message.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ProblemKind::CreditSum(sum) => vec![("sum", sum.to_string())],
            ProblemKind::BadWeight(w) => vec![("weight", w.clone())],
            ProblemKind::DependentOption(t) => vec![("text", t.clone())],
            ProblemKind::Syntax(near) => vec![("near", near.clone())],
            ProblemKind::BadDirective(item) => vec![("item", item.clone())],
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
    // At the door: no terminal escapes or NUL in a prompt or an option (line breaks stay: they
    // separate questions).
    let input = nfc(&crate::domain::text::strip_controls(
        input.strip_prefix('\u{feff}').unwrap_or(input),
        true,
    ));
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
    // A title that is a valid, unused question id (as `export-gift` writes) stays the id.
    let mut used = std::collections::HashSet::new();
    for block in blocks(&input) {
        let parsed =
            parse_block(&block.text).and_then(|p| directives(&block.directives).map(|d| (p, d)));
        match parsed {
            Ok((Parsed::Category(name), _)) => {
                categories.push_str(&format!("\n# $CATEGORY: {}\n", one_line(&name)));
            }
            Ok((Parsed::Question(q), d)) => {
                converted += 1;
                toml.push_str(&std::mem::take(&mut categories));
                let id = match q
                    .title
                    .as_deref()
                    .filter(|t| valid_id(t) && !used.contains(*t))
                {
                    Some(t) => t.to_string(),
                    None => (converted..)
                        .map(|n| format!("q{n:03}"))
                        .find(|id| !used.contains(id))
                        .unwrap_or_default(),
                };
                used.insert(id.clone());
                write_question(&mut toml, &q, &id, &lesson, d);
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

/// The ids `danvan check` accepts: lowercase ASCII letters, digits and hyphens, not starting with one.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests;

//! A danvan quiz → Moodle GIFT, the inverse of the import: pure, quiz in, text and notes out.
//!
//! Each bank (the quiz's own questions, then each bank it draws from) opens with
//! `$CATEGORY: $course$/<bank id>`; each question is `::<question id>::`, its Vietnamese prompt
//! (GIFT has one language), its answers and `####` the explanation. Choice options keep their
//! `#feedback`; a multiple-choice question writes each option's `credit` as its `%weight%`.
//! Points other than 1 and `ignore_diacritics`, which GIFT has no syntax for, go in a
//! `// danvan: points=2, ignore_diacritics` comment above the question: Moodle ignores it and
//! `import-gift` reads it back. Text is escaped (`\~ \= \# \{ \} \: \\`, `\n` for a line break) and
//! marked `[plain]` where Moodle would otherwise read it as HTML.
//!
//! A matching question is `{=left -> right …}` (GIFT has no feedback per pair). Not written, each
//! with a note naming the question: an ordering question (GIFT has no such kind), a multiple-choice
//! question without credit (danvan grades it all or nothing, Moodle cannot), a matching side
//! holding `->` (GIFT cannot escape it). A weight Moodle's grade list lacks (33%) is
//! written with a note, since Moodle refuses it unless told to match the nearest grade.

use crate::domain::content::{Pack, Question, QuestionKind, Quiz};

use super::parse::DIRECTIVE;

/// The GIFT text of a quiz and what was left out or needs care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub gift: String,
    pub exported: usize,
    pub notes: Vec<ExportNote>,
}

/// A question skipped, or written with a caveat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportNote {
    pub bank: String,
    pub question: String,
    pub kind: NoteKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteKind {
    /// A multiple-choice question graded all or nothing: skipped.
    AllOrNothing,
    /// A weight (in percent) Moodle's grade list lacks: written.
    MoodleWeight(i32),
    /// An ordering question: GIFT has no such kind; skipped.
    Ordering,
    /// A matching side holding "->", which GIFT cannot escape: skipped.
    Arrow,
}

impl NoteKind {
    /// Whether the question was left out of the file.
    pub fn skipped(&self) -> bool {
        matches!(
            self,
            NoteKind::AllOrNothing | NoteKind::Ordering | NoteKind::Arrow
        )
    }

    pub fn msg_id(&self) -> &'static str {
        match self {
            NoteKind::AllOrNothing => "export-gift-all-or-nothing",
            NoteKind::MoodleWeight(_) => "export-gift-moodle-weight",
            NoteKind::Ordering => "export-gift-ordering",
            NoteKind::Arrow => "export-gift-arrow",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            NoteKind::MoodleWeight(w) => vec![("weight", w.to_string())],
            NoteKind::AllOrNothing | NoteKind::Ordering | NoteKind::Arrow => vec![],
        }
    }
}

/// The banks whose questions a quiz asks: its own, then those it draws from, each once.
pub fn banks<'a>(pack: &'a Pack, quiz: &'a Quiz) -> Vec<&'a Quiz> {
    let mut out: Vec<&Quiz> = Vec::new();
    if !quiz.questions.is_empty() {
        out.push(quiz);
    }
    for d in &quiz.draw {
        if let Some(b) = pack.quiz(&d.from) {
            if !out.iter().any(|q| q.id == b.id) {
                out.push(b);
            }
        }
    }
    out
}

/// Write `quiz` (its banks' questions) as GIFT.
pub fn export(pack: &Pack, quiz: &Quiz) -> Exported {
    let mut gift = String::new();
    gift.push_str(&format!(
        "// danvan export-gift: {} {}\n",
        one_line(&quiz.id),
        one_line(&quiz.version)
    ));
    let mut exported = 0;
    let mut notes = Vec::new();
    for bank in banks(pack, quiz) {
        gift.push_str(&format!("\n$CATEGORY: $course$/{}\n", one_line(&bank.id)));
        for q in &bank.questions {
            let note = |kind| ExportNote {
                bank: bank.id.clone(),
                question: q.id.clone(),
                kind,
            };
            match question(q) {
                Ok((text, weight)) => {
                    exported += 1;
                    gift.push('\n');
                    gift.push_str(&text);
                    notes.extend(weight.map(NoteKind::MoodleWeight).map(note));
                }
                Err(kind) => notes.push(note(kind)),
            }
        }
    }
    Exported {
        gift,
        exported,
        notes,
    }
}

/// Moodle's grades that are whole percents; the others (33.33333…) have no integer credit.
const MOODLE_GRADES: [i32; 14] = [100, 90, 80, 75, 70, 60, 50, 40, 30, 25, 20, 10, 5, 0];

/// One question as GIFT, and the first weight Moodle's list lacks.
fn question(q: &Question) -> Result<(String, Option<i32>), NoteKind> {
    let mut out = String::new();
    let mut settings = Vec::new();
    if q.points != 1 {
        settings.push(format!("points={}", q.points));
    }
    if q.kind == QuestionKind::Text && q.ignore_diacritics {
        settings.push("ignore_diacritics".to_string());
    }
    if !settings.is_empty() {
        out.push_str(&format!("{DIRECTIVE} {}\n", settings.join(", ")));
    }
    let prompt = &q.prompt.vi;
    let plain = if needs_plain(prompt) { "[plain]" } else { "" };
    out.push_str(&format!(
        "::{}::{plain}{} {{\n",
        escape(&q.id),
        escape(prompt)
    ));
    let mut odd_weight = None;
    match q.kind {
        QuestionKind::Single => {
            for o in &q.options {
                let mark = if o.correct { '=' } else { '~' };
                out.push_str(&format!("\t{mark}{}", escape(&o.text.vi)));
                feedback(&mut out, o.feedback.as_ref().map(|f| f.vi.as_str()));
            }
        }
        QuestionKind::Multiple => {
            if q.options.iter().all(|o| o.credit.is_none()) {
                return Err(NoteKind::AllOrNothing);
            }
            for o in &q.options {
                match o.credit {
                    Some(c) => {
                        if !MOODLE_GRADES.contains(&c.abs()) && odd_weight.is_none() {
                            odd_weight = Some(c);
                        }
                        out.push_str(&format!("\t~%{c}%{}", escape(&o.text.vi)));
                    }
                    None => out.push_str(&format!("\t~{}", escape(&o.text.vi))),
                }
                feedback(&mut out, o.feedback.as_ref().map(|f| f.vi.as_str()));
            }
        }
        QuestionKind::TrueFalse => {
            out.push_str(if q.answer == Some(false) {
                "\tFALSE\n"
            } else {
                "\tTRUE\n"
            });
        }
        QuestionKind::Text => {
            for a in &q.accept {
                out.push_str(&format!("\t={}\n", escape(a)));
            }
        }
        QuestionKind::Matching => {
            for p in &q.pairs {
                // `>` is not a GIFT escape: a side holding "->" could not be read back.
                if p.left.vi.contains("->") || p.right.vi.contains("->") {
                    return Err(NoteKind::Arrow);
                }
                out.push_str(&format!(
                    "\t={} -> {}\n",
                    escape(&p.left.vi),
                    escape(&p.right.vi)
                ));
            }
        }
        QuestionKind::Ordering => return Err(NoteKind::Ordering),
    }
    out.push_str(&format!("\t####{}\n}}\n", escape(&q.explanation.vi)));
    Ok((out, odd_weight))
}

fn feedback(out: &mut String, f: Option<&str>) {
    if let Some(f) = f.filter(|f| !f.is_empty()) {
        out.push('#');
        out.push_str(&escape(f));
    }
    out.push('\n');
}

/// GIFT's special characters escaped, line breaks as `\n`, other control characters dropped.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Text Moodle's default format would read as HTML, or that starts like a format prefix.
fn needs_plain(s: &str) -> bool {
    s.contains(['<', '>', '&']) || s.starts_with('[')
}

fn one_line(s: &str) -> String {
    super::write::one_line(s)
}

//! What every converter shares: the per-file diagnostic collector ([`FileCx`]), the TOML parse,
//! id and date checks, the raw text shape, and the references left for the cross-file pass.

use serde::Deserialize;
use toml::Spanned;

use crate::domain::content::diagnostic::{line_col, Diagnostic, Severity};
use crate::domain::content::model::Text;
use crate::domain::text::nfc;

// ---- the raw text shape (positions kept for diagnostics) ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawText {
    vi: String,
    en: Option<String>,
}

pub(super) type SText = Spanned<RawText>;
pub(super) type SStr = Spanned<String>;
// ---- the checker ----

/// Collects diagnostics for one file, turning byte spans into line and column.
pub(super) struct FileCx<'a> {
    pub(super) path: &'a str,
    pub(super) text: &'a str,
    pub(super) out: &'a mut Vec<Diagnostic>,
}

impl FileCx<'_> {
    fn at(
        &mut self,
        offset: usize,
        severity: Severity,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) {
        let (line, col) = line_col(self.text, offset);
        self.out.push(Diagnostic {
            path: self.path.to_string(),
            line,
            col,
            severity,
            code,
            args,
        });
    }

    pub(super) fn error(
        &mut self,
        offset: usize,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) {
        self.at(offset, Severity::Error, code, args);
    }

    pub(super) fn warn(
        &mut self,
        offset: usize,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) {
        self.at(offset, Severity::Warning, code, args);
    }

    /// Convert a text, checking Vietnamese is there and warning when English is not.
    pub(super) fn text(&mut self, t: &SText, field: &str) -> Text {
        let start = t.span().start;
        let raw = t.get_ref();
        let vi = nfc(raw.vi.trim_end());
        if vi.trim().is_empty() {
            self.error(start, "check-empty-vi", vec![("field", field.to_string())]);
        }
        let en = raw
            .en
            .as_ref()
            .map(|e| nfc(e.trim_end()))
            .filter(|e| !e.trim().is_empty());
        if en.is_none() {
            self.warn(
                start,
                "check-missing-en",
                vec![("field", field.to_string())],
            );
        }
        Text { vi, en }
    }

    pub(super) fn id(&mut self, id: &SStr) -> String {
        let value = nfc(id.get_ref());
        if !valid_id(&value) {
            self.error(id.span().start, "check-bad-id", vec![("id", value.clone())]);
        }
        value
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

pub(super) fn valid_date(s: &str) -> bool {
    if s.len() == 4 {
        return s.chars().all(|c| c.is_ascii_digit());
    }
    crate::domain::text::parse_date(s).as_deref() == Some(s)
}

/// A citation with where it stands, checked once all sources are known.
pub(super) struct PendingCites {
    pub(super) file: usize,
    /// (source id, offset of the source value)
    pub(super) items: Vec<(String, usize)>,
}

/// A question's lesson reference, checked once all courses are known.
pub(super) struct PendingLesson {
    pub(super) file: usize,
    pub(super) lesson: String,
    pub(super) offset: usize,
}

/// A quiz's draw from another bank, checked once all quizzes are known.
pub(super) struct PendingDraw {
    pub(super) file: usize,
    pub(super) quiz: String,
    pub(super) from: String,
    pub(super) from_offset: usize,
    pub(super) count: u32,
    pub(super) count_offset: usize,
}

/// Parse a file's TOML into its raw shape; a syntax or shape error is one diagnostic.
pub(super) fn parse<T: for<'de> Deserialize<'de>>(cx: &mut FileCx) -> Option<T> {
    match toml::from_str::<T>(cx.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            let message = e.message().trim().replace('\n', " ");
            cx.error(offset, "check-toml", vec![("detail", message)]);
            None
        }
    }
}

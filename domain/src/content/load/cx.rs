//! What every converter shares: the per-file diagnostic collector ([`FileCx`]), the TOML parse,
//! id and date checks, the raw text shape, and the references left for the cross-file pass.

use serde::Deserialize;
use toml::Spanned;

use crate::content::diagnostic::{line_col, Diagnostic, Severity};
use crate::content::model::Text;
use crate::text::{has_controls, nfc};

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
    /// Look for writers' notes left in texts (a warning only: `load_to_run` leaves it out).
    pub(super) writers_notes: bool,
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

    /// Warn at `offset` when `text` holds a note about the writing itself (see `writers_note`).
    pub(super) fn warn_writers_note(&mut self, offset: usize, text: &str) {
        if !self.writers_notes {
            return;
        }
        if let Some(phrase) = writers_note(text) {
            self.warn(
                offset,
                "check-writers-note",
                vec![("phrase", phrase.to_string())],
            );
        }
    }

    /// Convert a text, checking Vietnamese is there and warning when English is not.
    pub(super) fn text(&mut self, t: &SText, field: &str) -> Text {
        let start = t.span().start;
        let raw = t.get_ref();
        self.warn_writers_note(start, &raw.vi);
        if let Some(en) = &raw.en {
            self.warn_writers_note(start, en);
        }
        // Line breaks and tabs are text; other control characters (ESC above all) would reach
        // the terminal as commands.
        if has_controls(&raw.vi, true) || raw.en.as_deref().is_some_and(|e| has_controls(e, true)) {
            self.error(
                start,
                "check-control-char",
                vec![("field", field.to_string())],
            );
        }
        // Bidi overrides are not controls, but they reorder what a reader sees (a title or an
        // option shown as other words): Vietnamese text never needs them.
        let bidi = |s: &str| s.chars().any(crate::text::is_bidi_control);
        if bidi(&raw.vi) || raw.en.as_deref().is_some_and(bidi) {
            self.error(start, "check-bidi-char", vec![("field", field.to_string())]);
        }
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
    crate::text::parse_date(s).as_deref() == Some(s)
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

/// Phrases about the writing itself, left by a writer for a reviewer ("checked only partly",
/// "not verified, so this lesson cites no article"): a learner should read a confident lesson
/// that says "theo quy định" where a fact is unverified. Teaching words such as "hãy luôn đối
/// chiếu với văn bản" or "đối chiếu với ngày thụ lý" are not among them.
const WRITERS_NOTES: &[&str] = &[
    "đối chiếu được (mới một phần)",
    "mới được đối chiếu một phần",
    "nội dung đã đối chiếu được",
    "chưa được kiểm chứng nên bài này",
    "bài này không trích dẫn số điều",
    "theo thông tin hiện có",
    "could be checked (so far only partially)",
    "has been checked only partially",
    "have not been verified, so this lesson",
    "this lesson cites no article",
    "according to the information available",
];

/// The first writer's note `text` holds (compared in lower case, NFC), if any.
pub(super) fn writers_note(text: &str) -> Option<&'static str> {
    let lower = nfc(text).to_lowercase();
    WRITERS_NOTES.iter().copied().find(|p| lower.contains(p))
}

#[cfg(test)]
mod tests {
    use super::writers_note;

    #[test]
    fn writers_notes_are_found_and_teaching_words_are_not() {
        assert_eq!(
            writers_note("Theo phần nội dung đã đối chiếu được (mới một phần), bộ phận…"),
            Some("đối chiếu được (mới một phần)")
        );
        assert_eq!(
            writers_note("…chưa được kiểm chứng nên bài này không trích dẫn số điều."),
            Some("chưa được kiểm chứng nên bài này")
        );
        assert_eq!(
            writers_note("According to the information available, the rest…"),
            Some("according to the information available")
        );
        assert_eq!(
            writers_note("Hãy luôn đối chiếu với văn bản đang có hiệu lực."),
            None
        );
        assert_eq!(
            writers_note("Thời hạn tính từ ngày thụ lý; đối chiếu với ngày thụ lý."),
            None
        );
        assert_eq!(
            writers_note("Tin đồn chưa kiểm chứng không được lan truyền."),
            None
        );
    }
}

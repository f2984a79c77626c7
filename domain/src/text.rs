//! Text helpers: NFC normalisation, diacritic folding for search and answers,
//! display width, and Vietnamese number and date formats.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Normalise to NFC. Every text loaded, typed, compared or stored passes here. Text already in
/// NFC (the quick check says so: nearly all of it) is copied as it is, not decomposed and
/// composed again: loading the embedded pack spent most of its time there.
pub fn nfc(s: &str) -> String {
    match unicode_normalization::is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

/// [`nfc`] of an owned text, trimmed: the text itself when it is both already (a bundle's
/// names and ids nearly always are), so reading one costs no second copy.
pub fn into_nfc_trimmed(s: String) -> String {
    let trimmed = s.trim();
    if trimmed.len() == s.len()
        && unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        return s;
    }
    nfc(trimmed)
}

/// Fold for search: lowercase, no diacritics, "đ" → "d", whitespace collapsed.
/// "Đảng" → "dang", "dân vận" → "dan van", NFD input folds like NFC input.
/// Text with no control characters: C0 (keeping tab and line breaks only when `lines`), ESC,
/// DEL, C1 and NUL removed, so nothing stored or printed can drive a terminal.
pub fn strip_controls(s: &str, lines: bool) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || (lines && matches!(c, '\t' | '\n' | '\r')))
        .collect()
}

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). They are
/// format characters (Unicode's Cf), not controls (Cc), so `strip_controls` keeps them; but in a
/// name, code or position they reorder what a certificate or report shows ("Trojan Source"
/// spoofing: a name that reads as someone else's), and Vietnamese text never needs them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One line of text as the store keeps it (a code, a unit name, a date): NFC, trimmed, no
/// control characters and no bidirectional overrides.
pub fn clean_line(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| !c.is_control() && !is_bidi_control(c))
        .collect();
    nfc(kept.trim())
}

/// A person's name as the store keeps it: `clean_line` with runs of spaces made one.
pub fn clean_name(s: &str) -> String {
    collapse_whitespace(&clean_line(s))
}

/// Text that may hold lines (a position, evidence, a note): NFC, trimmed, control characters
/// removed but tab and line breaks; bidirectional overrides removed too when `no_bidi`.
pub fn clean_lines(s: &str, no_bidi: bool) -> String {
    let kept: String = strip_controls(s, true)
        .chars()
        .filter(|&c| !(no_bidi && is_bidi_control(c)))
        .collect();
    nfc(kept.trim())
}

/// Whether `s` holds a character `strip_controls` would remove.
pub fn has_controls(s: &str, lines: bool) -> bool {
    s.chars()
        .any(|c| c.is_control() && !(lines && matches!(c, '\t' | '\n' | '\r')))
}

/// A text field's name and its longest value, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldLimit {
    pub field: &'static str,
    pub max: usize,
}

pub const NAME_LIMIT: FieldLimit = FieldLimit {
    field: "name",
    max: 200,
};
pub const CODE_LIMIT: FieldLimit = FieldLimit {
    field: "code",
    max: 64,
};
pub const POSITION_LIMIT: FieldLimit = FieldLimit {
    field: "position",
    max: 300,
};
pub const EVIDENCE_LIMIT: FieldLimit = FieldLimit {
    field: "evidence",
    max: 20_000,
};

/// The limit `s` exceeds, if any (counted in characters, after cleaning).
pub fn too_long(s: &str, limit: FieldLimit) -> Option<FieldLimit> {
    (s.chars().count() > limit.max).then_some(limit)
}

pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    collapse_whitespace(&out)
}

/// Lowercase and collapse whitespace, keeping diacritics (NFC).
pub fn normalize_answer(s: &str) -> String {
    collapse_whitespace(&nfc(s).to_lowercase())
}

/// Trim and collapse runs of whitespace into one space.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Width of a string in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut a string to at most `max` cells, on a grapheme boundary, adding "…" when cut. A cut that
/// would fall inside a word goes back to the space before it when that keeps at least half the
/// room (so "Bộ phận Một cửa" loses "cửa" whole, not "ửa"); a long word alone is cut between
/// letters. No space is left before the "…".
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    // The text before the last space kept, and its width.
    let mut before_space: Option<(usize, usize)> = None;
    let mut mid_word = false;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w + 1 > max {
            let ends_word = out.ends_with(char::is_whitespace);
            mid_word = !ends_word && !g.chars().all(char::is_whitespace);
            break;
        }
        if g.chars().all(char::is_whitespace) {
            before_space = Some((out.len(), used));
        }
        out.push_str(g);
        used += w;
    }
    if mid_word {
        if let Some((at, _)) = before_space.filter(|(_, w)| *w * 2 >= max) {
            out.truncate(at);
        }
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push('…');
    out
}

/// Count words (whitespace-separated tokens) in a text, ignoring Markdown markers.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .count()
}

/// A percentage for the screen: "85,5%" in Vietnamese, "85.5%" in English; one decimal, none when whole.
pub fn percent(value: f64, vietnamese: bool) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let s = if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    };
    let s = if vietnamese { s.replace('.', ",") } else { s };
    format!("{s}%")
}

/// An ISO date (YYYY-MM-DD) shown as 26/11/2026; anything else is shown as it is.
pub fn display_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.get(..10).unwrap_or(iso).split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

/// Parse a date typed as dd/mm/yyyy (or d/m/yyyy, or ISO yyyy-mm-dd) into ISO yyyy-mm-dd.
pub fn parse_date(input: &str) -> Option<String> {
    let s = input.trim();
    let (y, m, d) = if s.contains('-') && s.len() == 10 && s.as_bytes()[4] == b'-' {
        let p: Vec<&str> = s.split('-').collect();
        (
            p.first()?.parse().ok()?,
            p.get(1)?.parse().ok()?,
            p.get(2)?.parse().ok()?,
        )
    } else {
        let p: Vec<&str> = s.split(['/', '.', '-']).collect();
        if p.len() != 3 {
            return None;
        }
        (
            p[2].parse::<i32>().ok()?,
            p[1].parse::<u8>().ok()?,
            p[0].parse::<u8>().ok()?,
        )
    };
    let month = time::Month::try_from(m).ok()?;
    let date = time::Date::from_calendar_date(y, month, d).ok()?;
    if !(1900..=2200).contains(&y) {
        return None;
    }
    Some(crate::dates::iso(date))
}

/// A date typed in the right form whose day is not on the calendar (31/02/2026, 2026-04-31):
/// it deserves "this date does not exist", not "type it as day/month/year".
pub fn date_does_not_exist(input: &str) -> bool {
    if parse_date(input).is_some() {
        return false;
    }
    let parts: Option<Vec<u32>> = input
        .trim()
        .split(['/', '.', '-'])
        .map(|p| p.parse().ok())
        .collect();
    let (d, m, y) = match parts.as_deref() {
        Some(&[y, m, d]) if y >= 1000 && input.contains('-') => (d, m, y),
        Some(&[d, m, y]) => (d, m, y),
        _ => return false,
    };
    (1..=31).contains(&d) && (1..=12).contains(&m) && (1900..=2200).contains(&y)
}

/// A short, stable fingerprint of a text (FNV-1a, 64 bits, hex), for ids derived from a text
/// (merge conflicts). Not for content hashes: those are canonical SHA-256 (`content::canon`).
pub fn fingerprint(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_owned_text_is_trimmed_and_composed_as_nfc_of_its_trim_is() {
        let nfd = "Nguye\u{302}\u{303}n Va\u{306}n"; // "Nguyễn Văn", decomposed
        for s in [
            "Nguyễn Văn",
            " Nguyễn Văn ",
            nfd,
            "\tNguye\u{302}\u{303}n\n",
            "",
            "  ",
        ] {
            assert_eq!(into_nfc_trimmed(s.to_string()), nfc(s.trim()), "{s:?}");
        }
        assert_eq!(into_nfc_trimmed(nfd.to_string()), "Nguyễn Văn");
    }

    #[test]
    fn terminal_escapes_and_nul_are_removed_and_lengths_bounded() {
        let payload = "Nguyễn\u{1b}]0;PWNED\u{7}\u{1b}[2J Văn\u{0} An\u{7f}\u{85}";
        assert_eq!(strip_controls(payload, false), "Nguyễn]0;PWNED[2J Văn An");
        assert!(has_controls(payload, false));
        assert!(!has_controls("Dòng một\nDòng hai\tcột", true));
        assert!(has_controls("Dòng một\nDòng hai", false));
        assert_eq!(strip_controls("a\nb\tc", true), "a\nb\tc");
        assert_eq!(strip_controls("a\nb\tc", false), "abc");
        assert_eq!(too_long(&"ệ".repeat(200), NAME_LIMIT), None);
        assert_eq!(too_long(&"ệ".repeat(201), NAME_LIMIT), Some(NAME_LIMIT));
    }

    #[test]
    fn names_lose_controls_and_bidi_overrides() {
        let nfd: String = "Nguyễn".nfd().collect();
        let raw =
            format!(" {nfd}\u{0}\u{1b}[31m  Thị\u{7}\u{9b} \u{202e}aoH\u{202c}\u{2066}\u{2069} ");
        assert_eq!(clean_name(&raw), "Nguyễn[31m Thị aoH");
        assert_eq!(clean_line("\u{202d}UBND-01\u{85}\n"), "UBND-01");
        assert_eq!(
            clean_lines("Dòng\u{1b}\n\u{202e}hai\u{0}\tba", true),
            "Dòng\nhai\tba"
        );
        assert_eq!(clean_lines("a\u{202e}b\u{7f}", false), "a\u{202e}b");
        assert!(is_bidi_control('\u{2067}') && !is_bidi_control('\u{200b}'));
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Đảng"), "dang");
        assert_eq!(fold("Công tác  dân vận"), "cong tac dan van");
        let nfd: String = "Nguyễn".nfd().collect();
        assert_eq!(fold(&nfd), "nguyen");
    }

    #[test]
    fn percent_formats_by_language() {
        assert_eq!(percent(85.5, true), "85,5%");
        assert_eq!(percent(85.5, false), "85.5%");
        assert_eq!(percent(100.0, true), "100%");
        assert_eq!(percent(2.0 / 3.0 * 100.0, true), "66,7%");
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_date("1/3/2024").as_deref(), Some("2024-03-01"));
        assert_eq!(parse_date("2024-03-01").as_deref(), Some("2024-03-01"));
        assert_eq!(parse_date("31/2/2024"), None);
        assert!(date_does_not_exist("31/02/2026"));
        assert!(date_does_not_exist("2026-04-31"));
        assert!(!date_does_not_exist("01/03/2026"));
        assert!(!date_does_not_exist("32/01/2026"));
        assert!(!date_does_not_exist("hôm qua"));
        assert_eq!(parse_date("hôm qua"), None);
        assert_eq!(display_date("2026-11-26"), "26/11/2026");
    }

    #[test]
    fn truncate_keeps_graphemes_whole() {
        let nfd: String = "Việt Nam".nfd().collect();
        let cut = truncate(&nfd, 4);
        assert!(width(&cut) <= 4);
        // The cut keeps each letter with its marks.
        assert_eq!(nfc(&cut), "Việ…");
    }

    #[test]
    fn truncate_goes_back_to_a_space_and_leaves_none_before_the_ellipsis() {
        // Inside "cửa": back to the space before it.
        assert_eq!(truncate("Bộ phận Một cửa", 14), "Bộ phận Một…");
        // Right after a word: the space is not kept.
        assert_eq!(truncate("Bộ phận Một cửa", 13), "Bộ phận Một…");
        // A space too early to go back to: cut between letters.
        assert_eq!(truncate("Ab Nguyễn", 8), "Ab Nguy…");
        assert_eq!(truncate("abcdef", 3), "ab…");
        for max in 0..20 {
            assert!(width(&truncate("Bộ phận Một cửa (tỉnh)", max)) <= max);
        }
    }

    #[test]
    fn word_count_ignores_markers() {
        assert_eq!(word_count("# Tiêu đề\n\n- một hai **ba**"), 5);
    }
}

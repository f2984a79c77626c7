//! Vietnamese names: the order officials are listed in (given name, then middle, then family
//! name, each letter by letter in the Vietnamese alphabet, tone marks breaking ties), and the
//! words a name is found by (with and without diacritics).
//!
//! # The sort key
//!
//! [`sort_key`] gives bytes that compare (as SQLite compares BLOBs, byte by byte) the way a
//! Vietnamese list is read. "Nguyễn Thị Hoa" is sorted as "Hoa", then "Thị", then "Nguyễn":
//!
//! 1. the letters of the given name, the middle names in order, then the family name, each
//!    letter one byte by its place in the alphabet (a < ă < â < b < c < d < đ < e < ê < … <
//!    o < ô < ơ < … < u < ư < …), parts separated by a byte below every letter, so "An" comes
//!    before "Anh";
//! 2. then, only to break ties, the tone of each letter in the same order: none, huyền (`à`),
//!    hỏi (`ả`), ngã (`ã`), sắc (`á`), nặng (`ạ`);
//! 3. then the name as written (NFC), so two spellings that differ only in case still have an
//!    order, and the same name always the same key.
//!
//! Digits come before letters; any other character after them, by its code point.

use unicode_normalization::UnicodeNormalization;

/// The letters of the Vietnamese alphabet (and the four Latin letters it borrows, in Latin
/// order), each as its base letter and the mark that makes it (breve, circumflex, horn).
const ALPHABET: [(char, Option<char>); 33] = [
    ('a', None),
    ('a', Some('\u{306}')),
    ('a', Some('\u{302}')),
    ('b', None),
    ('c', None),
    ('d', None),
    ('đ', None),
    ('e', None),
    ('e', Some('\u{302}')),
    ('f', None),
    ('g', None),
    ('h', None),
    ('i', None),
    ('j', None),
    ('k', None),
    ('l', None),
    ('m', None),
    ('n', None),
    ('o', None),
    ('o', Some('\u{302}')),
    ('o', Some('\u{31b}')),
    ('p', None),
    ('q', None),
    ('r', None),
    ('s', None),
    ('t', None),
    ('u', None),
    ('u', Some('\u{31b}')),
    ('v', None),
    ('w', None),
    ('x', None),
    ('y', None),
    ('z', None),
];

/// The five tone marks, in the order they break ties (after no tone).
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// Between the given name, the middle names and the family name (always three sections, so a
/// name without a middle name comes before the same name with one).
const PART_BREAK: u8 = 0x01;
/// Between two middle names.
const WORD_BREAK: u8 = 0x02;
/// Between the letters, the tones and the written name.
const LEVEL_BREAK: u8 = 0x00;
/// Digits 0–9 are 0x03–0x0C.
const DIGIT_BASE: u8 = 0x03;
/// The first letter's byte.
const LETTER_BASE: u8 = 0x10;
/// Anything else: this byte, then the character's code point in three bytes.
const OTHER: u8 = 0xF0;

/// One letter of a name, read from its decomposed form: its place in the order and its tone.
struct Letter {
    primary: Vec<u8>,
    tone: u8,
}

/// The letters of one word (NFD, lowercase): a base character and the marks after it.
fn letters(word: &str) -> Vec<Letter> {
    let mut out: Vec<Letter> = Vec::new();
    let lower: String = word.nfd().flat_map(char::to_lowercase).collect();
    let mut chars = lower.chars().peekable();
    while let Some(base) = chars.next() {
        let mut shape = None;
        let mut tone = 0u8;
        while let Some(&m) = chars.peek() {
            if let Some(t) = TONES.iter().position(|t| *t == m) {
                tone = t as u8 + 1;
            } else if matches!(m, '\u{306}' | '\u{302}' | '\u{31b}') {
                shape = Some(m);
            } else if !unicode_normalization::char::is_combining_mark(m) {
                break;
            }
            chars.next();
        }
        let primary = if let Some(d) = base.to_digit(10) {
            vec![DIGIT_BASE + d as u8]
        } else if let Some(i) = ALPHABET
            .iter()
            .position(|(b, s)| *b == base && *s == shape)
            .or_else(|| ALPHABET.iter().position(|(b, s)| *b == base && s.is_none()))
        {
            vec![LETTER_BASE + i as u8]
        } else {
            let c = base as u32;
            vec![OTHER, (c >> 16) as u8, (c >> 8) as u8, c as u8]
        };
        out.push(Letter { primary, tone });
    }
    out
}

/// The three sections of a name in the order they are sorted by: the given name (the last
/// word), the middle names (every word between), the family name (the first word). One word is
/// a given name alone.
fn sections(name: &str) -> [Vec<&str>; 3] {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => [vec![], vec![], vec![]],
        [one] => [vec![*one], vec![], vec![]],
        [family, middle @ .., given] => [vec![*given], middle.to_vec(), vec![*family]],
    }
}

/// The key a list of officials is sorted by (see the module documentation).
pub fn sort_key(full_name: &str) -> Vec<u8> {
    let nfc: String = full_name.nfc().collect();
    let parts: Vec<Vec<Vec<Letter>>> = sections(&nfc)
        .iter()
        .map(|words| words.iter().map(|w| letters(w)).collect())
        .collect();
    let mut key = Vec::with_capacity(nfc.len() * 2 + 8);
    // Letters, then tones: each over the same three sections.
    for level in 0..2 {
        if level > 0 {
            key.push(LEVEL_BREAK);
        }
        for (i, section) in parts.iter().enumerate() {
            if i > 0 {
                key.push(PART_BREAK);
            }
            for (j, word) in section.iter().enumerate() {
                if j > 0 {
                    key.push(WORD_BREAK);
                }
                for l in word {
                    if level == 0 {
                        key.extend_from_slice(&l.primary);
                    } else {
                        key.push(l.tone + DIGIT_BASE);
                    }
                }
            }
        }
    }
    key.push(LEVEL_BREAK);
    key.extend_from_slice(nfc.as_bytes());
    key
}

/// The words a name is found by: each word folded (no diacritics, "đ" as "d") with the prefix
/// `f:`, and as written in lower case (NFC, diacritics kept) with `e:`. A search word without
/// diacritics is looked up among the folded ones (and so finds every spelling), one with
/// diacritics among the written ones (and finds only that spelling).
pub fn search_words(full_name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in full_name.split_whitespace() {
        for w in [
            format!("f:{}", crate::text::fold(word)),
            format!("e:{}", exact(word)),
        ] {
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// A word as written, for exact search: NFC, lower case.
fn exact(word: &str) -> String {
    let nfc: String = word.nfc().collect();
    nfc.to_lowercase()
}

/// How one word of a search is looked up: the index entry prefix it must start with.
pub fn search_prefix(word: &str) -> String {
    let folded = crate::text::fold(word);
    // No diacritic (and no đ) typed: every spelling matches.
    if folded == exact(word) {
        format!("f:{folded}")
    } else {
        format!("e:{}", exact(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<&str> = names.to_vec();
        v.sort_by_key(|n| sort_key(n));
        v.into_iter().map(str::to_string).collect()
    }

    #[test]
    fn given_name_first_then_middle_then_family() {
        assert_eq!(
            sorted(&[
                "Trần Văn Bình",
                "Nguyễn Thị Hoa",
                "Lê An",
                "Bùi Thu Liên",
                "Bùi Thành Quân"
            ]),
            [
                "Lê An",
                "Trần Văn Bình",
                "Nguyễn Thị Hoa",
                "Bùi Thu Liên",
                "Bùi Thành Quân"
            ]
        );
        // Same given name: the middle name decides, then the family name.
        assert_eq!(
            sorted(&["Phạm Thị Hoa", "Nguyễn Thị Hoa", "Lê Kim Hoa"]),
            ["Lê Kim Hoa", "Nguyễn Thị Hoa", "Phạm Thị Hoa"]
        );
    }

    #[test]
    fn the_vietnamese_alphabet_not_code_points() {
        // a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư — whatever their code points.
        for pair in [
            ["Lê An", "Lê Ăn"],
            ["Lê Ăn", "Lê Ân"],
            ["Lê Ân", "Lê Bảo"],
            ["Lê Dung", "Lê Đông"],
            ["Lê Đông", "Lê Em"],
            ["Lê Em", "Lê Ê"],
            ["Lê Oanh", "Lê Ôn"],
            ["Lê Ôn", "Lê Ơn"],
            ["Lê Ơn", "Lê Phúc"],
            ["Lê Uyên", "Lê Ưng"],
            ["Lê Ưng", "Lê Vân"],
            // No middle name before a middle name.
            ["Lê Zung", "Lê Ánh Zung"],
        ] {
            assert!(
                sort_key(pair[0]) < sort_key(pair[1]),
                "{} < {}",
                pair[0],
                pair[1]
            );
        }
        // A shorter given name first: An before Anh.
        assert!(sort_key("Lê An") < sort_key("Lê Anh"));
        // The letters decide before any tone: "Hà" before "Hai" (a < i), though à > a.
        assert!(sort_key("Lê Hà") < sort_key("Lê Hai"));
    }

    #[test]
    fn tones_break_ties_in_their_order() {
        let tones = ["Lê Ma", "Lê Mà", "Lê Mả", "Lê Mã", "Lê Má", "Lê Mạ"];
        let mut shuffled = tones.to_vec();
        shuffled.reverse();
        assert_eq!(sorted(&shuffled), tones);
    }

    #[test]
    fn nfd_and_nfc_give_one_key_and_nothing_panics() {
        for name in [
            "Nguyễn Thị Hoà",
            "Đặng Ưng Quỳnh",
            "Phạm Thị Ngọc Ánh",
            "Lê Văn Ổn",
        ] {
            let nfd: String = name.nfd().collect();
            assert_ne!(nfd, name);
            assert_eq!(sort_key(&nfd), sort_key(name), "{name}");
        }
        for odd in ["", "   ", "X Æ A-12", "李 小龍", "\u{301}", "O'Neil 2"] {
            let _ = sort_key(odd);
        }
        assert!(
            sort_key("Lê 2") < sort_key("Lê An"),
            "digits before letters"
        );
    }

    #[test]
    fn search_words_and_prefixes() {
        let words = search_words("Đặng Thị Hoà");
        assert!(words.contains(&"f:dang".to_string()));
        assert!(words.contains(&"e:đặng".to_string()));
        assert!(words.contains(&"f:hoa".to_string()));
        assert_eq!(search_prefix("dang"), "f:dang");
        assert_eq!(search_prefix("Đặng"), "e:đặng");
        assert_eq!(search_prefix("đang"), "e:đang");
        assert_eq!(search_prefix("HOA"), "f:hoa");
    }
}

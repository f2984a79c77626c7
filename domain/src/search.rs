//! Finding words in every lesson of a pack. The lessons' text is parsed, folded and indexed once
//! per language ([`SearchIndex::build`]); each query then only scans that text. A query without
//! diacritics matches every spelling ("dang" finds "Đảng" and "đăng"); a query with them matches
//! only that spelling ("Đảng" finds "đảng", not "đăng"). Case never matters, and a decomposed
//! (NFD) query finds precomposed text.

use super::content::{markdown, Pack};
use super::i18n::Lang;
use super::text::{collapse_whitespace, fold, nfc};

/// One place a query was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub course: usize,
    pub lesson: usize,
    /// 0 for the lesson's title, else the body's block index.
    pub block: usize,
    /// The block's text around the match, starting and ending at a word, and where the match is
    /// in it (char range).
    pub snippet: String,
    pub matched: (usize, usize),
}

/// A text as matched (folded, or lowercased with its diacritics), with the char index in the
/// original text of each of its bytes.
struct Matchable {
    text: String,
    origin: Vec<u32>,
}

impl Matchable {
    fn new(chars: &[char], each: impl Fn(char) -> String) -> Matchable {
        let mut text = String::new();
        let mut origin = Vec::new();
        for (i, &c) in chars.iter().enumerate() {
            let f = if c.is_whitespace() {
                " ".into()
            } else {
                each(c)
            };
            text.push_str(&f);
            origin.extend(std::iter::repeat_n(i as u32, f.len()));
        }
        Matchable { text, origin }
    }

    /// The char range in the original text of the match of `q` at byte `pos`.
    fn chars_of(&self, pos: usize, q: &str) -> (usize, usize) {
        let last = (pos + q.len() - 1).min(self.origin.len() - 1);
        (self.origin[pos] as usize, self.origin[last] as usize + 1)
    }
}

/// One searchable piece of a lesson: its title or one block of its body.
struct Piece {
    course: usize,
    lesson: usize,
    block: usize,
    chars: Vec<char>,
    folded: Matchable,
    exact: Matchable,
}

/// Every lesson's title and blocks in one language, ready to search.
pub struct SearchIndex {
    pieces: Vec<Piece>,
}

/// Characters of context kept before and after a match in its snippet (then cut at a word).
const BEFORE: usize = 30;
const AFTER: usize = 60;

impl SearchIndex {
    /// Parse and fold every lesson of `pack` in `lang` (the work a search would otherwise do on
    /// each key).
    pub fn build(pack: &Pack, lang: Lang) -> SearchIndex {
        let mut pieces = Vec::new();
        for (ci, c) in pack.courses.iter().enumerate() {
            for (li, l) in c.lessons.iter().enumerate() {
                let mut texts: Vec<(usize, String)> = vec![(0, l.title.get(lang).to_string())];
                texts.extend(
                    markdown::parse(l.body.get(lang))
                        .iter()
                        .enumerate()
                        .map(|(bi, b)| (bi, b.plain())),
                );
                for (bi, plain) in texts {
                    let chars: Vec<char> = nfc(&plain).chars().collect();
                    pieces.push(Piece {
                        course: ci,
                        lesson: li,
                        block: bi,
                        folded: Matchable::new(&chars, |c| fold(&c.to_string())),
                        exact: Matchable::new(&chars, |c| c.to_lowercase().collect()),
                        chars,
                    });
                }
            }
        }
        SearchIndex { pieces }
    }

    /// The first `max` places holding `query` (at least two letters), in pack order.
    pub fn find(&self, query: &str, max: usize) -> Vec<Hit> {
        let folded = fold(query);
        if folded.chars().count() < 2 {
            return Vec::new();
        }
        let exact = collapse_whitespace(&nfc(query).to_lowercase());
        // Diacritics typed: only that spelling matches.
        let with_marks = exact != folded;
        let q = if with_marks { exact } else { folded };
        let mut hits = Vec::new();
        for p in &self.pieces {
            let m = if with_marks { &p.exact } else { &p.folded };
            let Some(pos) = m.text.find(&q) else { continue };
            let (start, end) = m.chars_of(pos, &q);
            hits.push(snippet(p, start, end));
            if hits.len() >= max {
                break;
            }
        }
        hits
    }
}

/// The hit for the match at chars `start..end` of `p`, with its context cut at words.
fn snippet(p: &Piece, start: usize, end: usize) -> Hit {
    let chars = &p.chars;
    let mut from = start.saturating_sub(BEFORE);
    if from > 0 {
        // Start at the first word that begins in the context.
        if let Some(space) = chars[from..start].iter().position(|c| c.is_whitespace()) {
            from += space + 1;
        }
    }
    let mut to = (end + AFTER).min(chars.len());
    if to < chars.len() {
        if let Some(space) = chars[end..to].iter().rposition(|c| c.is_whitespace()) {
            to = end + space;
        }
    }
    let mut text: String = chars[from..to].iter().collect();
    let mut offset = 0;
    if from > 0 {
        text.insert(0, '…');
        offset = 1;
    }
    if to < chars.len() {
        text.push('…');
    }
    Hit {
        course: p.course,
        lesson: p.lesson,
        block: p.block,
        snippet: text,
        matched: (start - from + offset, end - from + offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack() -> Pack {
        crate::content::load(&crate::content::embedded_files())
            .pack
            .unwrap()
    }

    fn matched(h: &Hit) -> String {
        h.snippet
            .chars()
            .skip(h.matched.0)
            .take(h.matched.1 - h.matched.0)
            .collect()
    }

    #[test]
    fn folded_positions_point_back_to_the_original() {
        let chars: Vec<char> = "Đảng và dân".chars().collect();
        let f = Matchable::new(&chars, |c| fold(&c.to_string()));
        let pos = f.text.find("va").unwrap();
        assert_eq!(f.origin[pos], 5);
        assert_eq!(f.text, "dang va dan");
    }

    #[test]
    fn without_diacritics_every_spelling_with_them_only_that_one() {
        let index = SearchIndex::build(&pack(), Lang::Vi);
        let words = |q: &str| -> Vec<String> {
            index
                .find(q, 10_000)
                .iter()
                .map(|h| crate::text::fold(&matched(h)))
                .collect()
        };
        let loose: Vec<String> = index
            .find("dang", 10_000)
            .iter()
            .map(matched)
            .map(|m| m.to_lowercase())
            .collect();
        assert!(loose.iter().any(|m| m == "đảng"), "{loose:?}");
        assert!(loose.iter().any(|m| m != "đảng"), "{loose:?}");
        let exact: Vec<String> = index
            .find("Đảng", 10_000)
            .iter()
            .map(matched)
            .map(|m| m.to_lowercase())
            .collect();
        assert!(!exact.is_empty());
        assert!(exact.iter().all(|m| m == "đảng"), "{exact:?}");
        assert!(exact.len() < loose.len());
        // NFD typed finds NFC text; case does not matter.
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("ĐẢNG").collect();
        assert_eq!(index.find(&nfd, 10_000).len(), exact.len());
        assert!(words("dan van").iter().all(|w| w == "dan van"));
    }

    #[test]
    fn snippets_start_and_end_at_a_word() {
        let index = SearchIndex::build(&pack(), Lang::Vi);
        let hits = index.find("dân", 10_000);
        assert!(!hits.is_empty());
        for h in &hits {
            let body = h.snippet.trim_start_matches('…').trim_end_matches('…');
            // The title and the body's first block are both block 0.
            let (text, at) = index
                .pieces
                .iter()
                .filter(|p| (p.course, p.lesson, p.block) == (h.course, h.lesson, h.block))
                .map(|p| p.chars.iter().collect::<String>())
                .find_map(|t| t.find(body).map(|at| (t, at)))
                .unwrap_or_else(|| panic!("{:?} is a piece of its block", h.snippet));
            // Begins at the text's start or after a space; ends at its end or before one.
            assert!(
                at == 0 || text[..at].ends_with(char::is_whitespace),
                "{:?}",
                h.snippet
            );
            let after = &text[at + body.len()..];
            assert!(
                after.is_empty() || after.starts_with(char::is_whitespace),
                "{:?}",
                h.snippet
            );
            assert_eq!(crate::text::fold(&matched(h)), "dan");
        }
    }
}

//! Schema 16's paper, stored packed: a paper is one line per question, `bank|question|points|
//! order`, and most lines repeat the bank of the line before. Stored, such a line starts at its
//! `|` (the bank said once per run of lines), behind a one-character mark; read, it gets the bank
//! back. Converted at the store boundary ([`pack_paper`] on every write, [`unpack_paper`] in
//! every row reader; `danvan_paper_pack` for the migration), so bundles, exports, xAPI
//! statements and content hashes see the text as before, byte for byte.
//!
//! Reversible for any text: a text with a line that itself starts with `|` is kept as it is, and
//! a text that starts with either mark is kept behind [`RAW`].

use rusqlite::Transaction;

use crate::store::Result;

/// Marks a packed paper.
const PACKED: char = '\u{1}';
/// Marks a text kept as it came because it starts with a mark itself.
const RAW: char = '\u{2}';

/// The bank of a line: the text before its first `|`, if it has one.
fn bank(line: &str) -> Option<&str> {
    line.find('|').map(|at| &line[..at])
}

/// The stored form of `paper`.
pub fn pack_paper(paper: &str) -> String {
    if paper.starts_with(PACKED) || paper.starts_with(RAW) {
        return format!("{RAW}{paper}");
    }
    if paper.split('\n').any(|l| l.starts_with('|')) {
        return paper.to_string();
    }
    let mut out = String::with_capacity(paper.len() + 1);
    out.push(PACKED);
    let mut previous: Option<&str> = None;
    for (i, line) in paper.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let here = bank(line);
        match (here, previous) {
            (Some(b), Some(p)) if b == p => out.push_str(&line[b.len()..]),
            _ => out.push_str(line),
        }
        previous = here;
    }
    out
}

/// The paper as written, from its stored form.
pub fn unpack_paper(stored: &str) -> String {
    if let Some(raw) = stored.strip_prefix(RAW) {
        return raw.to_string();
    }
    let Some(packed) = stored.strip_prefix(PACKED) else {
        return stored.to_string();
    };
    let mut out = String::with_capacity(packed.len() * 2);
    let mut previous: Option<&str> = None;
    for (i, line) in packed.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match previous {
            Some(p) if line.starts_with('|') => {
                out.push_str(p);
                out.push_str(line);
            }
            _ => {
                out.push_str(line);
                previous = bank(line);
            }
        }
    }
    out
}

/// The migration's Rust step: every stored paper packed, with the triggers on `attempts` (the
/// xAPI change, the summaries, the delta-bundle owner) suspended, since nothing a record says
/// changes; then the foreign-key check every rebuild ends with.
pub(super) fn run(tx: &Transaction) -> Result<()> {
    let names: Vec<String> = tx
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'attempts'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let saved = super::suspend_triggers(tx, &names)?;
    tx.execute_batch("UPDATE attempts SET paper = danvan_paper_pack(paper)")?;
    super::restore_summary_triggers(tx, &saved)?;
    super::without_rowid::foreign_key_check(tx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paper_packs_to_its_bank_once_per_run_and_unpacks_byte_for_byte() {
        let paper = "q-a|q1|100|3,4,0\nq-a|q2|100|\nq-b|q9|200|1,0\nq-a|q3|100|2,1";
        let packed = pack_paper(paper);
        assert_eq!(
            packed,
            "\u{1}q-a|q1|100|3,4,0\n|q2|100|\nq-b|q9|200|1,0\nq-a|q3|100|2,1"
        );
        assert_eq!(unpack_paper(&packed), paper);
    }

    #[test]
    fn any_text_comes_back_as_it_was() {
        for text in [
            "",
            "\n",
            "q|1\n\nq|2\n",
            "|starts with a bar\nq|x",
            "no bar at all",
            "\u{1}looks packed",
            "\u{2}looks raw",
            "q|a\n|b",
            "a|b|c\na|d\nb\na|e",
            "đ|ư\nđ|ơ",
        ] {
            assert_eq!(unpack_paper(&pack_paper(text)), text, "{text:?}");
        }
        // Text stored before schema 16 (never starting with a mark) reads as it is.
        assert_eq!(
            unpack_paper("q-a|q1|100|\nq-a|q2|100|"),
            "q-a|q1|100|\nq-a|q2|100|"
        );
    }
}

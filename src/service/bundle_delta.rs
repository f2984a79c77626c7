//! Delta exports: `export --format json --since last|SEQ [--recipient DB]` writes only the
//! owners (units, people, self-assessments) whose records changed after a local sequence number
//! (`store::bundle_delta`), not after a date, so records merged here late are not missed. Per
//! recipient database the number it was sent through is remembered after the file is written
//! whole; `--since last` starts from it (from nothing, a full bundle, the first time).
//!
//! The order is: move the export mark ([`plan`]), read and write the bundle bounded by it, and
//! only then [`remember`] it. A write that fails remembers nothing, so the next delta sends the
//! same records again (merging twice is harmless).

use crate::domain::i18n::Msg;
use crate::store::Store;

/// Where a delta starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// After what was last sent to the recipient (everything, the first time).
    Last,
    /// After this sequence number.
    After(i64),
}

impl Since {
    /// `last` (any case) or a sequence number (0 or more).
    pub fn parse(text: &str) -> Option<Since> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("last") {
            return Some(Since::Last);
        }
        t.parse::<i64>().ok().filter(|n| *n >= 0).map(Since::After)
    }
}

/// The sequence numbers a delta covers: `since < seq <= through`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeltaRange {
    pub since: i64,
    pub through: i64,
}

/// Move the export mark and work out the range: from `since` (for `Last`, what `recipient`,
/// a database id, was last sent through; a `Last` without a recipient is the caller's to
/// refuse) through the mark.
pub fn plan(store: &Store, since: Since, recipient: Option<&str>) -> Result<DeltaRange, Msg> {
    let start = match (since, recipient) {
        (Since::After(n), _) => n,
        (Since::Last, Some(db)) => store
            .bundle_sent_through(db)
            .map_err(|e| e.msg())?
            .unwrap_or(0),
        (Since::Last, None) => return Err(Msg::new("bundle-since-last-needs-recipient")),
    };
    let through = store.bundle_mark().map_err(|e| e.msg())?;
    Ok(DeltaRange {
        since: start,
        through,
    })
}

/// The export mark for a full export to `recipient` (taken before the records are read).
pub fn mark(store: &Store) -> Result<i64, Msg> {
    store.bundle_mark().map_err(|e| e.msg())
}

/// After the file was written whole: `recipient` has every owner changed through `through`.
pub fn remember(store: &Store, recipient: &str, through: i64) -> Result<(), Msg> {
    store
        .record_bundle_export(recipient, through)
        .map_err(|e| e.msg())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_is_last_or_a_number() {
        assert_eq!(Since::parse("last"), Some(Since::Last));
        assert_eq!(Since::parse(" LAST "), Some(Since::Last));
        assert_eq!(Since::parse("42"), Some(Since::After(42)));
        assert_eq!(Since::parse("0"), Some(Since::After(0)));
        for bad in ["-1", "yesterday", "2026-11-01", ""] {
            assert_eq!(Since::parse(bad), None, "{bad}");
        }
    }
}

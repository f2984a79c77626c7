//! Roster rows, as the roster files hold them and the store imports and exports them: units and
//! officials read from a file (as written), the records written back, and unit kinds in words.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::i18n::{I18n, Lang};
use crate::people::UnitKind;
use crate::text::{collapse_whitespace, fold, nfc};

/// A row of a units file, as written (the store trims, normalises and validates).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnitRow {
    pub line: usize,
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_code: String,
}

/// A row of a roster, as written (the store trims, normalises and validates).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonRow {
    pub line: usize,
    pub id: String,
    pub full_name: String,
    pub staff_code: String,
    pub unit_code: String,
    pub unit_name: String,
    /// The kind of a unit this row creates (unknown unit code with a unit name).
    pub unit_kind: String,
    pub position: String,
    /// As written, or an ISO date when the spreadsheet cell is a date.
    pub appointed_on: String,
}

/// A unit as exported, its parent given by code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRecord {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_code: Option<String>,
}

/// An official as exported, the unit given by code, name and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub id: String,
    pub full_name: String,
    pub staff_code: Option<String>,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub unit_kind: Option<UnitKind>,
    pub position: String,
    /// ISO date.
    pub appointed_on: Option<String>,
}

/// A unit kind written in Vietnamese or English ("Sở, ban, ngành", "UBND cấp xã", "xã", "phường",
/// "Đơn vị sự nghiệp", "Khác", "department", "commune", "public-service", "other", or the kind's
/// name as danvan shows it). Empty text is not a kind.
pub fn parse_kind(s: &str) -> Option<UnitKind> {
    let key = kind_key(s);
    if key.is_empty() {
        return None;
    }
    let aliases: [(UnitKind, &[&str]); 4] = [
        (
            UnitKind::Department,
            &[
                "so ban nganh",
                "so ban nganh cap tinh",
                "so",
                "department",
                "provincial department",
                "provincial department or agency",
            ],
        ),
        (
            UnitKind::Commune,
            &[
                "ubnd cap xa",
                "ubnd xa",
                "ubnd phuong",
                "ubnd xa phuong",
                "xa",
                "phuong",
                "dac khu",
                "commune",
                "ward",
                "commune people s committee",
            ],
        ),
        (
            UnitKind::PublicService,
            &[
                "don vi su nghiep",
                "don vi su nghiep cong lap",
                "public service",
                "public service unit",
            ],
        ),
        (UnitKind::Other, &["khac", "other"]),
    ];
    for (kind, names) in aliases {
        if names.contains(&key.as_str()) || kind_key(kind.key()) == key {
            return Some(kind);
        }
    }
    UnitKind::ALL
        .into_iter()
        .find(|&k| own_labels(k).contains(&key))
}

/// A kind's name as danvan shows it, in Vietnamese and English, folded with [`kind_key`] (the
/// bundles are built once).
fn own_labels(kind: UnitKind) -> [String; 2] {
    static TEXTS: OnceLock<HashMap<&'static str, [String; 2]>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        let (vi, en) = (I18n::new(Lang::Vi), I18n::new(Lang::En));
        UnitKind::ALL
            .iter()
            .map(|k| k.msg_id())
            .map(|id| (id, [kind_key(&vi.t(id)), kind_key(&en.t(id))]))
            .collect()
    });
    texts.get(kind.msg_id()).cloned().unwrap_or_default()
}

/// Folded, with punctuation and hyphens as spaces: "Sở, ban, ngành" → "so ban nganh".
fn kind_key(s: &str) -> String {
    let folded = fold(&nfc(s));
    let spaced: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    collapse_whitespace(&spaced)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};

    #[test]
    fn kinds_in_both_languages() {
        for (s, k) in [
            ("Sở, ban, ngành", UnitKind::Department),
            ("department", UnitKind::Department),
            ("UBND cấp xã", UnitKind::Commune),
            ("xã", UnitKind::Commune),
            ("Phường", UnitKind::Commune),
            ("commune", UnitKind::Commune),
            ("Đơn vị sự nghiệp", UnitKind::PublicService),
            ("public-service", UnitKind::PublicService),
            ("Khác", UnitKind::Other),
            ("other", UnitKind::Other),
        ] {
            assert_eq!(parse_kind(s), Some(k), "{s}");
        }
        for k in UnitKind::ALL {
            for lang in [Lang::Vi, Lang::En] {
                assert_eq!(parse_kind(&I18n::new(lang).t(k.msg_id())), Some(k));
            }
        }
        assert_eq!(parse_kind("trường học"), None);
        assert_eq!(parse_kind(""), None);
    }
}

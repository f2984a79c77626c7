//! Roster columns: what each holds, the header names accepted for it in Vietnamese and English,
//! and which column of a file is which.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use super::{RawRow, RawTable, ReadError};
use crate::domain::i18n::{I18n, Lang};
use crate::domain::text::{fold, nfc};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    /// The unit's own code (units file).
    Code,
    /// The unit's own name (units file).
    Name,
    Kind,
    ParentCode,
    FullName,
    StaffCode,
    UnitCode,
    UnitName,
    Position,
    Appointed,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Id,
        Column::Code,
        Column::Name,
        Column::Kind,
        Column::ParentCode,
        Column::FullName,
        Column::StaffCode,
        Column::UnitCode,
        Column::UnitName,
        Column::Position,
        Column::Appointed,
    ];

    /// The Fluent id of the column's header, as danvan writes it.
    pub fn msg_id(self) -> &'static str {
        match self {
            Column::Id => "roster-col-id",
            Column::Code | Column::UnitCode => "roster-col-unit-code",
            Column::Name | Column::UnitName => "roster-col-unit-name",
            Column::Kind => "roster-col-unit-kind",
            Column::ParentCode => "roster-col-parent-code",
            Column::FullName => "roster-col-full-name",
            Column::StaffCode => "roster-col-staff-code",
            Column::Position => "roster-col-position",
            Column::Appointed => "roster-col-appointed",
        }
    }
}

/// Which kind of table a file is read as: the same header means different things in each
/// ("name" is the unit's name in a units file and the official's name in a roster).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Units,
    People,
}

impl TableKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            TableKind::Units => &[
                Column::Id,
                Column::Code,
                Column::Name,
                Column::Kind,
                Column::ParentCode,
            ],
            TableKind::People => &[
                Column::Id,
                Column::FullName,
                Column::StaffCode,
                Column::UnitCode,
                Column::UnitName,
                Column::Kind,
                Column::Position,
                Column::Appointed,
            ],
        }
    }

    fn required(self) -> &'static [Column] {
        match self {
            TableKind::Units => &[Column::Code, Column::Name],
            TableKind::People => &[Column::FullName],
        }
    }

    /// Accepted header names, folded (no diacritics, lowercase), besides danvan's own headers.
    fn aliases(self, col: Column) -> &'static [&'static str] {
        match (self, col) {
            (_, Column::Id) => &["id", "uuid", "ma dinh danh"],
            (TableKind::Units, Column::Code) => &["ma don vi", "ma", "code", "unit code"],
            (TableKind::Units, Column::Name) => &["ten don vi", "ten", "name", "unit name"],
            (_, Column::Kind) => &["loai", "loai don vi", "kind", "unit kind", "type"],
            (_, Column::ParentCode) => &[
                "ma don vi cap tren",
                "ma cap tren",
                "don vi cap tren",
                "parent",
                "parent code",
                "parent unit code",
            ],
            (_, Column::FullName) => &["ho va ten", "ho ten", "full name", "name"],
            (_, Column::StaffCode) => &["ma can bo", "ma cb", "ma cong chuc", "staff code", "code"],
            (_, Column::UnitCode) => &["ma don vi", "unit code"],
            (_, Column::UnitName) => &["ten don vi", "don vi", "unit name", "unit"],
            (_, Column::Position) => &["chuc vu", "position"],
            (_, Column::Appointed) => &[
                "ngay bo nhiem",
                "appointment date",
                "appointed",
                "appointed on",
            ],
            _ => &[],
        }
    }

    /// The column a header names in this kind of table.
    pub fn column_for(self, header: &str) -> Option<Column> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        self.columns()
            .iter()
            .copied()
            .find(|&col| self.aliases(col).contains(&key.as_str()))
            .or_else(|| {
                self.columns()
                    .iter()
                    .copied()
                    .find(|&col| own_labels(col).contains(&key))
            })
    }
}

/// A header folded for matching: NFC, no diacritics, lowercase, `_` as a space, trimmed of
/// spaces, `:` and `*`.
pub fn header_key(s: &str) -> String {
    let s = s.trim_start_matches('\u{feff}').replace('_', " ");
    fold(&nfc(&s))
        .trim_matches(|c: char| c == ':' || c == '*' || c.is_whitespace())
        .to_string()
}

/// Which column index holds each known column (the first header naming it).
pub(super) fn map_columns(
    kind: TableKind,
    table: &RawTable,
    path: &Path,
) -> Result<Vec<(Column, usize)>, ReadError> {
    let mut found: Vec<(Column, usize)> = Vec::new();
    for (i, h) in table.header.iter().enumerate() {
        if let Some(col) = kind.column_for(h) {
            if !found.iter().any(|(c, _)| *c == col) {
                found.push((col, i));
            }
        }
    }
    for &col in kind.required() {
        if !found.iter().any(|(c, _)| *c == col) {
            let vi = I18n::new(Lang::Vi).t(col.msg_id());
            let en = I18n::new(Lang::En).t(col.msg_id());
            return Err(ReadError::MissingColumn {
                path: path.into(),
                column: format!("{vi} / {en}"),
                line: table.header_line,
            });
        }
    }
    Ok(found)
}

/// The text of `col` in `row` (empty when the column is absent); dates as ISO dates when they are.
pub(super) fn cell_text(row: &RawRow, cols: &[(Column, usize)], col: Column) -> String {
    cols.iter()
        .find(|(c, _)| *c == col)
        .and_then(|(_, i)| row.cells.get(*i))
        .map(|c| {
            if col == Column::Appointed {
                c.date_text()
            } else {
                c.text()
            }
        })
        .unwrap_or_default()
}

/// A column's header as danvan writes it, in Vietnamese and English, folded with [`header_key`]
/// (the bundles are built once).
fn own_labels(col: Column) -> [String; 2] {
    static TEXTS: OnceLock<HashMap<&'static str, [String; 2]>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        let (vi, en) = (I18n::new(Lang::Vi), I18n::new(Lang::En));
        Column::ALL
            .iter()
            .map(|c| c.msg_id())
            .map(|id| (id, [header_key(&vi.t(id)), header_key(&en.t(id))]))
            .collect()
    });
    texts.get(col.msg_id()).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_vietnamese_and_english() {
        let p = TableKind::People;
        assert_eq!(p.column_for("Họ và tên"), Some(Column::FullName));
        assert_eq!(p.column_for("HO TEN"), Some(Column::FullName));
        assert_eq!(p.column_for(" Full name "), Some(Column::FullName));
        assert_eq!(p.column_for("name"), Some(Column::FullName));
        assert_eq!(p.column_for("Mã CB"), Some(Column::StaffCode));
        assert_eq!(p.column_for("code"), Some(Column::StaffCode));
        assert_eq!(p.column_for("Mã đơn vị"), Some(Column::UnitCode));
        assert_eq!(p.column_for("unit_code"), Some(Column::UnitCode));
        assert_eq!(p.column_for("Ngày bổ nhiệm"), Some(Column::Appointed));
        assert_eq!(p.column_for("appointed"), Some(Column::Appointed));
        assert_eq!(p.column_for("Chức vụ:"), Some(Column::Position));
        assert_eq!(p.column_for("Ghi chú"), None);
        let u = TableKind::Units;
        assert_eq!(u.column_for("Mã đơn vị"), Some(Column::Code));
        assert_eq!(u.column_for("code"), Some(Column::Code));
        assert_eq!(u.column_for("name"), Some(Column::Name));
        assert_eq!(u.column_for("Mã đơn vị cấp trên"), Some(Column::ParentCode));
        assert_eq!(u.column_for("Loại đơn vị"), Some(Column::Kind));
        // NFD input folds like NFC input.
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Tên đơn vị".nfd().collect();
        assert_eq!(u.column_for(&nfd), Some(Column::Name));
        // danvan's own headers, in both languages, are read back.
        for lang in [Lang::Vi, Lang::En] {
            let i = I18n::new(lang);
            for kind in [TableKind::Units, TableKind::People] {
                for &col in kind.columns() {
                    assert_eq!(kind.column_for(&i.t(col.msg_id())), Some(col), "{col:?}");
                }
            }
        }
    }
}

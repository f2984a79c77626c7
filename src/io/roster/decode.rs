//! Text encodings of a CSV file: UTF-8 with or without a byte order mark, or UTF-16 with one.
//! Anything else (a Windows code page) is refused, not guessed.

use super::CsvError;

/// UTF-8 (BOM or not), or UTF-16 with its BOM (Excel's "Unicode Text", tab-separated).
pub(super) fn decode(bytes: &[u8]) -> Result<String, CsvError> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        if !rest.len().is_multiple_of(2) {
            return Err(CsvError::NotUtf8);
        }
        let units = rest.chunks_exact(2).map(|c| unit([c[0], c[1]]));
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| CsvError::NotUtf8)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|_| CsvError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::super::{parse_csv, Cell};

    #[test]
    fn utf16_unicode_text_is_read() {
        let text = "Họ và tên\tMã CB\r\nNguyễn Văn A\tC1\r\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let t = parse_csv(&le).unwrap();
        let cells: Vec<String> = t.rows[0].cells.iter().map(Cell::text).collect();
        assert_eq!(cells, ["Nguyễn Văn A", "C1"]);
        assert_eq!(t.rows.len(), 1);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(parse_csv(&be).unwrap(), t);
    }
}

//! Delimited text: parsing CSV bytes (the separator sniffed from the header line or Excel's `sep=`
//! hint, RFC 4180 quoting), writing CSV, and the formula neutralisation both directions share.

use super::decode::decode;
use super::{Cell, OutCell, OutTable, RawRow, RawTable};

/// Why CSV bytes could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    NotUtf8,
    UnclosedQuote { line: usize },
    Empty,
}

/// Parse CSV bytes into a table; cells neutralised by danvan get their apostrophe back off.
pub fn parse_csv(bytes: &[u8]) -> Result<RawTable, CsvError> {
    let text = decode(bytes)?;
    let text = text.as_str();
    let (delimiter, skip_first) = detect_delimiter(text);
    let records = split_records(text, delimiter)?;
    let mut records = records
        .into_iter()
        .skip(usize::from(skip_first))
        .filter(|(_, fields)| fields.iter().any(|f| !f.trim().is_empty()));
    let (header_line, header) = records.next().ok_or(CsvError::Empty)?;
    let rows = records
        .map(|(line, fields)| RawRow {
            line,
            cells: fields
                .into_iter()
                .map(|f| {
                    if f.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(unneutralise(&f))
                    }
                })
                .collect(),
        })
        .collect();
    Ok(RawTable {
        header,
        header_line,
        rows,
    })
}

/// The separator, from Excel's `sep=X` hint line (then skipped) or from the header line: the most
/// frequent of `,` `;` and tab outside quotes, comma on a tie.
fn detect_delimiter(text: &str) -> (char, bool) {
    let mut first = String::new();
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\r' | '\n' if !in_quotes => break,
            _ => {}
        }
        first.push(c);
    }
    let hint = first.trim().to_ascii_lowercase();
    if let Some(rest) = hint.strip_prefix("sep=") {
        let mut chars = rest.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return (c, true);
        }
    }
    let (mut commas, mut semis, mut tabs) = (0, 0, 0);
    let mut in_quotes = false;
    for c in first.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => commas += 1,
            ';' if !in_quotes => semis += 1,
            '\t' if !in_quotes => tabs += 1,
            _ => {}
        }
    }
    if semis > commas && semis >= tabs {
        (';', false)
    } else if tabs > commas && tabs > semis {
        ('\t', false)
    } else {
        (',', false)
    }
}

/// RFC 4180 records with the line each starts on. Lenient where Excel is: a quote inside an
/// unquoted field is kept, and text after a closing quote is appended to the field.
fn split_records(text: &str, delimiter: char) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut field_started = false;
    let mut in_quotes = false;
    let mut quote_line = 0;
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                '\r' => {
                    field.push(c);
                    if chars.peek() == Some(&'\n') {
                        field.push('\n');
                        chars.next();
                    }
                    line += 1;
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if !field_started => {
                in_quotes = true;
                field_started = true;
                quote_line = line;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                record.push(std::mem::take(&mut field));
                records.push((record_line, std::mem::take(&mut record)));
                field_started = false;
                line += 1;
                record_line = line;
            }
            d if d == delimiter => {
                record.push(std::mem::take(&mut field));
                field_started = false;
            }
            _ => {
                field.push(c);
                field_started = true;
            }
        }
    }
    if in_quotes {
        return Err(CsvError::UnclosedQuote { line: quote_line });
    }
    if field_started || !record.is_empty() {
        record.push(field);
        records.push((record_line, record));
    }
    Ok(records)
}

/// Characters that make a spreadsheet read a cell as a formula (or mangle it).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn needs_neutralising(s: &str) -> bool {
    s.trim_start_matches('\'')
        .starts_with(|c| FORMULA_START.contains(&c))
}

/// A cell to write in a CSV: one apostrophe in front when it begins (after any apostrophes) with a
/// formula character.
pub fn neutralise(s: &str) -> String {
    if needs_neutralising(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Undo [`neutralise`]: remove one leading apostrophe in front of a formula character.
pub fn unneutralise(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if needs_neutralising(rest) => rest.to_string(),
        _ => s.to_string(),
    }
}

/// CSV bytes: UTF-8 with a byte order mark (so Excel reads Vietnamese right), comma-separated,
/// CRLF line ends, ISO dates, formula-like cells neutralised.
pub fn to_csv(table: &OutTable) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let cells: Vec<String> = cells.map(|c| csv_field(&neutralise(&c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&mut table.headers.iter().cloned());
    for row in &table.rows {
        line(&mut row.iter().map(|c| match c {
            OutCell::Text(s) | OutCell::Date(s) => s.clone(),
        }));
    }
    out.into_bytes()
}

/// One CSV field per RFC 4180: quoted (quotes doubled) when it holds a separator (`,` or `;`), a
/// quote or a line break. Neutralise first ([`neutralise`]), then quote.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', ';', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &RawTable) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect())
            .collect()
    }

    #[test]
    fn comma_wins_a_tie_and_sep_hint_is_honoured() {
        assert_eq!(detect_delimiter("a,b;c\n").0, ',');
        assert_eq!(detect_delimiter("a;b;c\n").0, ';');
        assert_eq!(detect_delimiter("\"x;y;z\",b\n").0, ',');
        let t = parse_csv(b"sep=;\r\ncode;name\r\nA;B\r\n").unwrap();
        assert_eq!(t.header, ["code", "name"]);
        assert_eq!(t.header_line, 2);
        assert_eq!(t.rows[0].line, 3);
    }

    #[test]
    fn quotes_commas_doubled_quotes_and_newlines() {
        let csv =
            "name,position,code\n\"Lê, Văn \"\"Tám\"\"\",\"Chuyên viên\nPhòng A\",C1\nBà Ba,,C2\n";
        let t = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(
            texts(&t),
            [
                vec!["Lê, Văn \"Tám\"", "Chuyên viên\nPhòng A", "C1"],
                vec!["Bà Ba", "", "C2"]
            ]
        );
        // The second row starts on line 4: the quoted line break counts.
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn crlf_lf_blank_lines_and_no_final_newline() {
        let t = parse_csv(b"code,name\r\n\r\nA,B\n,\nC,D").unwrap();
        assert_eq!(texts(&t), [["A", "B"], ["C", "D"]]);
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(t.rows[1].line, 5);
    }

    #[test]
    fn unclosed_quote_names_its_line() {
        assert_eq!(
            parse_csv(b"code,name\nA,\"B\nC,D\n"),
            Err(CsvError::UnclosedQuote { line: 2 })
        );
    }

    #[test]
    fn neutralisation_round_trips() {
        for s in [
            "=HYPERLINK(\"x\")",
            "-1+2",
            "+84 912",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=already quoted",
            "''-two",
            "'plain",
            "plain",
            "",
        ] {
            let n = neutralise(s);
            if s.trim_start_matches('\'').starts_with(FORMULA_START) {
                assert!(n.starts_with('\''), "{s:?} → {n:?}");
            } else {
                assert_eq!(n, s);
            }
            assert_eq!(unneutralise(&n), s, "{s:?}");
        }
    }
}

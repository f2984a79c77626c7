//! Question statistics as files: CSV (UTF-8 with a BOM, CRLF, formula-like cells neutralised, a dot
//! in numbers) and XLSX (numbers as numbers, printed on A4 like the kit's other workbooks).
//!
//! Columns: quiz, bank, question id, prompt (shortened to [`PROMPT_WIDTH`] on one line), attempts,
//! facility (percent), discrimination (Pearson's r, two decimals; empty when undefined) and the
//! flags in words of the interface language, separated by "; ".

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::file::{header_row, widths, Formats};
use crate::domain::i18n::I18n;
use crate::domain::question_stats::QuestionStat;
use crate::domain::text::{collapse_whitespace, truncate};
use crate::io::records_export::score_text;
use crate::io::roster::{csv_field, neutralise};

/// The prompt's width in files, in cells.
pub const PROMPT_WIDTH: usize = 100;

/// The column headers in the language of `i18n`.
pub fn headers(i18n: &I18n) -> Vec<String> {
    [
        "qstats-col-quiz",
        "qstats-col-bank",
        "qstats-col-question",
        "qstats-col-prompt",
        "qstats-col-attempts",
        "qstats-col-facility",
        "qstats-col-discrimination",
        "qstats-col-flags",
    ]
    .iter()
    .map(|id| i18n.t(id))
    .collect()
}

/// The prompt on one line, shortened.
pub fn short_prompt(s: &QuestionStat, i18n: &I18n, width: usize) -> String {
    s.prompt
        .as_ref()
        .map(|p| truncate(&collapse_whitespace(p.get(i18n.lang())), width))
        .unwrap_or_default()
}

/// The flags in words, separated by "; ".
pub fn flags_text(s: &QuestionStat, i18n: &I18n) -> String {
    s.flags
        .iter()
        .map(|f| i18n.t(f.msg_id()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The statistics as one CSV text.
pub fn csv(rows: &[QuestionStat], i18n: &I18n) -> String {
    let mut out = String::from("\u{feff}");
    // Text cells are neutralised; numbers are written as they are (a discrimination can be
    // negative, and "'-0.13" would be text to a spreadsheet).
    let line = |out: &mut String, cells: Vec<(String, bool)>| {
        let cells: Vec<String> = cells
            .iter()
            .map(|(c, text)| csv_field(&if *text { neutralise(c) } else { c.clone() }))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(
        &mut out,
        headers(i18n).into_iter().map(|h| (h, true)).collect(),
    );
    for s in rows {
        line(
            &mut out,
            vec![
                (s.quiz_id.clone(), true),
                (s.bank_id.clone(), true),
                (s.question_id.clone(), true),
                (short_prompt(s, i18n, PROMPT_WIDTH), true),
                (s.attempts.to_string(), false),
                (s.facility.map(score_text).unwrap_or_default(), false),
                (
                    s.discrimination
                        .map(|d| crate::domain::question_stats::discrimination_text(Some(d), false))
                        .unwrap_or_default(),
                    false,
                ),
                (flags_text(s, i18n), true),
            ],
        );
    }
    out
}

/// The statistics as workbook bytes: one sheet, a bold frozen header with a filter, facility as
/// an Excel percentage, discrimination with two decimals, flagged rows' flags in bold red.
pub fn xlsx(rows: &[QuestionStat], i18n: &I18n) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let percent = Format::new().set_num_format("0.0%");
    let r2 = Format::new().set_num_format("0.00");
    let flagged = Format::new().set_bold().set_font_color("#C00000");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(i18n.t("qstats-sheet"))?;
    crate::io::report::print_setup(ws, true)?;
    widths(ws, &[18.0, 18.0, 14.0, 60.0, 10.0, 10.0, 12.0, 30.0])?;
    let head = headers(i18n);
    header_row(ws, 0, &head, &f)?;
    for (i, s) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &s.quiz_id)?;
        ws.write_string(row, 1, &s.bank_id)?;
        ws.write_string(row, 2, &s.question_id)?;
        ws.write_string(row, 3, short_prompt(s, i18n, PROMPT_WIDTH))?;
        ws.write_number(row, 4, s.attempts as f64)?;
        if let Some(x) = s.facility {
            ws.write_number_with_format(row, 5, (x * 10.0).round() / 1000.0, &percent)?;
        }
        if let Some(d) = s.discrimination {
            ws.write_number_with_format(row, 6, (d * 100.0).round() / 100.0, &r2)?;
        }
        if !s.flags.is_empty() {
            ws.write_string_with_format(row, 7, flags_text(s, i18n), &flagged)?;
        }
    }
    ws.autofilter(0, 0, rows.len().max(1) as u32, head.len() as u16 - 1)?;
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::content::Text;
    use crate::domain::i18n::Lang;
    use crate::domain::question_stats::Flag;

    fn row() -> QuestionStat {
        QuestionStat {
            quiz_id: "q".into(),
            quiz_title: None,
            bank_id: "q".into(),
            question_id: "q1".into(),
            prompt: Some(Text::new("=Hỏi,\nđáp", Some("=Ask,\nanswer"))),
            attempts: 4,
            facility: Some(12.5),
            discrimination: Some(-0.25),
            flags: vec![Flag::TooHard, Flag::LowDiscrimination],
        }
    }

    #[test]
    fn csv_has_a_bom_crlf_dots_and_neutralised_cells() {
        let i = I18n::new(Lang::En);
        let text = csv(&[row()], &i);
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0].split(',').count(), 8);
        assert_eq!(
            lines[1],
            "q,q,q1,\"'=Ask, answer\",4,12.5,-0.25,\"too hard; discriminates poorly\""
        );
        assert_eq!(lines[2], "");
    }

    #[test]
    fn every_header_and_flag_has_words_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let i = I18n::new(lang);
            assert!(headers(&i).iter().all(|h| !h.starts_with("qstats-")));
            for f in [Flag::TooHard, Flag::TooEasy, Flag::LowDiscrimination] {
                assert!(i.has(f.msg_id()), "{f:?} {lang:?}");
                assert!(i.has(f.short_msg_id()), "{f:?} {lang:?}");
            }
            assert!(i.has("qstats-sheet"));
        }
    }
}

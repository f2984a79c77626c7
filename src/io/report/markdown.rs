//! The report and the summary's pieces as Markdown: headings, lists and tables, with every
//! character that would start markup escaped.

use std::fmt::Write as _;

use super::{
    answer_text, band_label, comparison, current_line, earlier_line, earlier_versions,
    file_state_label, general, remarks, rows, short_hash, task_heading, task_score_text, Row, L,
    ROMAN,
};
use crate::domain::assessment::record::AssessmentStatus;
use crate::domain::assessment::report_data::ReportData;
use crate::domain::i18n::I18n;

/// Text safe inside Markdown: characters that would start markup are escaped, and line breaks
/// continue the current list item.
pub(super) fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.trim().chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' => {}
            '\n' => out.push_str("\n    "),
            _ => out.push(ch),
        }
    }
    out
}

pub fn markdown(d: &ReportData, i18n: &I18n) -> String {
    let l = L::new(i18n);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}\n",
        md(&l.ta("report-title", &[("year", d.assessment.year.to_string())]))
    );

    // I. General
    let _ = writeln!(s, "## {}. {}\n", ROMAN[0], l.t("report-general"));
    for (k, v) in general(d, &l) {
        let _ = writeln!(s, "- **{}:** {}", md(&k), md(&v));
    }
    s.push('\n');
    for r in remarks(d, &l) {
        let _ = writeln!(s, "{}\n", md(&r));
    }

    // II. Tasks and criteria
    let _ = writeln!(s, "## {}. {}\n", ROMAN[1], l.t("report-tasks"));
    let all = rows(d);
    for t in &d.checklist.tasks {
        let _ = writeln!(s, "### {}\n", md(&task_heading(t, &l)));
        let _ = writeln!(s, "{}\n", md(&task_score_text(d, t.number, &l)));
        let task_rows: Vec<&Row> = all.iter().filter(|r| r.task.number == t.number).collect();
        if task_rows.is_empty() {
            let _ = writeln!(s, "{}\n", l.t("report-no-criteria"));
            continue;
        }
        for r in task_rows {
            let critical = if r.c.critical {
                format!(" *({})*", l.t("report-critical"))
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "- **{}.** {}{critical}",
                md(&r.number),
                md(r.c.text.get(l.lang))
            );
            let _ = writeln!(
                s,
                "  - {}: **{}**",
                l.t("report-answer"),
                md(&answer_text(r.c, r.answer, &l))
            );
            let _ = writeln!(s, "  - {}: {}", l.t("report-points"), r.earned_text(&l));
            let evidence = if r.evidence().trim().is_empty() {
                l.t("report-none")
            } else {
                md(r.evidence())
            };
            let _ = writeln!(s, "  - {}: {}", l.t("report-evidence"), evidence);
            if !r.files.is_empty() {
                let _ = writeln!(s, "  - {}:", l.t("report-files"));
                for (f, st) in &r.files {
                    let flag = file_state_label(st, &l)
                        .map(|f| format!(" — **{f}**"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "    - {} (sha256 {}){flag}",
                        md(&f.path),
                        short_hash(&f.sha256)
                    );
                }
            }
            if !r.note().trim().is_empty() {
                let _ = writeln!(s, "  - {}: {}", l.t("report-note"), md(r.note()));
            }
            if r.is_from_last_year() {
                let _ = writeln!(s, "  - *{}*", l.t("report-from-last-year"));
            }
        }
        s.push('\n');
    }

    // III. Last year
    let _ = writeln!(s, "## {}. {}\n", ROMAN[2], l.t("report-compare"));
    let prev_year = d.assessment.year - 1;
    match comparison(d, &l) {
        None => {
            let _ = writeln!(
                s,
                "{}\n",
                l.ta("report-compare-none", &[("year", prev_year.to_string())])
            );
        }
        Some((pa, ps, cmp)) => {
            if pa.status == AssessmentStatus::Draft {
                let _ = writeln!(
                    s,
                    "{}\n",
                    l.ta("report-previous-draft", &[("year", prev_year.to_string())])
                );
            }
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                l.t("report-compare-item"),
                l.ta("report-compare-year", &[("year", prev_year.to_string())]),
                l.ta(
                    "report-compare-year",
                    &[("year", d.assessment.year.to_string())]
                ),
                l.t("report-compare-change")
            );
            let _ = writeln!(s, "|---|--:|--:|:-:|");
            let dash = "—".to_string();
            for c in &cmp {
                let label = if c.number.is_none() {
                    format!("**{}**", md(&c.label))
                } else {
                    md(&c.label)
                };
                let _ = writeln!(
                    s,
                    "| {label} | {} | {} | {} |",
                    c.prev.map(|v| l.num(v)).unwrap_or_else(|| dash.clone()),
                    c.now.map(|v| l.num(v)).unwrap_or_else(|| dash.clone()),
                    c.change(l.vi)
                );
            }
            let _ = writeln!(
                s,
                "| {} | {} | {} |  |\n",
                l.t("report-rating"),
                md(&band_label(&d.checklist, ps.band.as_deref(), &l)),
                md(&band_label(&d.checklist, d.score.band.as_deref(), &l))
            );
        }
    }

    // IV. Finalization record
    let _ = writeln!(s, "## {}. {}\n", ROMAN[3], l.t("report-record"));
    let _ = writeln!(s, "{}\n", l.t("report-record-time-note"));
    let _ = writeln!(s, "- {}\n", md(&current_line(d, &l)));
    let _ = writeln!(s, "**{}**\n", l.t("report-earlier"));
    let earlier = earlier_versions(d);
    if earlier.is_empty() {
        let _ = writeln!(s, "{}", l.t("report-earlier-none"));
    }
    for v in earlier {
        let _ = writeln!(s, "- {}", md(&earlier_line(d, v, &l)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_is_escaped() {
        assert_eq!(md("a *b* <i> | c"), "a \\*b\\* \\<i\\> \\| c");
        assert_eq!(md("một\nhai"), "một\n    hai");
    }
}

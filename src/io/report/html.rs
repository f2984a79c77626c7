//! The report as a self-contained HTML page laid out as an administrative document
//! (Nghị định 30/2020/NĐ-CP) that prints on A4, and the place its dateline names.

use std::fmt::Write as _;

use super::{
    answer_text, band_label, comparison, current_line, earlier_line, earlier_versions,
    file_state_label, general, remarks, rows, short_hash, task_heading, task_score_text, Row, L,
    ROMAN,
};
use crate::domain::assessment::record::AssessmentStatus;
use crate::domain::assessment::report_data::ReportData;
use crate::domain::i18n::I18n;
use crate::io::html::esc;

/// Escaped, with line breaks kept.
fn esc_lines(s: &str) -> String {
    esc(s.trim()).replace("\r\n", "\n").replace('\n', "<br>")
}

/// The place in "{place}, ngày … tháng … năm …", taken from a unit's name: "UBND xã Tân Tiến" →
/// "Tân Tiến". None when the name does not say (a provincial department, say).
pub fn place_from_unit_name(name: &str) -> Option<String> {
    let mut s = name.trim();
    for p in ["ủy ban nhân dân", "uỷ ban nhân dân", "ubnd"] {
        if let Some(rest) = strip_prefix_ci(s, p) {
            s = rest.trim_start();
            break;
        }
    }
    for p in ["thị trấn", "phường", "xã", "đặc khu"] {
        if let Some(rest) = strip_prefix_ci(s, p) {
            if rest.starts_with(' ') && !rest.trim().is_empty() {
                return Some(rest.trim().to_string());
            }
        }
    }
    None
}

/// `s` without the prefix `p` (given in lower case), compared without case.
fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let mut chars = s.char_indices();
    for pc in p.chars() {
        let (_, sc) = chars.next()?;
        if sc.to_lowercase().ne(std::iter::once(pc)) {
            return None;
        }
    }
    Some(chars.as_str())
}

const CSS: &str = "@page { size: A4; margin: 20mm 15mm 20mm 30mm; @top-center { content: counter(page); font-family: \"Times New Roman\", \"Liberation Serif\", \"Noto Serif\", \"DejaVu Serif\", serif; font-size: 13pt; } }
@page :first { @top-center { content: none; } }
* { box-sizing: border-box; }
body { font-family: \"Times New Roman\", \"Liberation Serif\", \"Noto Serif\", \"DejaVu Serif\", serif; font-size: 14pt; line-height: 1.3; color: #000; margin: 0; }
@media screen { body { max-width: 165mm; margin: 10mm auto; } }
p { margin: 0 0 6pt; text-align: justify; }
table.doc-head, table.doc-foot { width: 100%; border-collapse: collapse; }
table.doc-head td, table.doc-foot td { border: none; padding: 0; vertical-align: top; text-align: center; }
.org { font-size: 13pt; font-weight: bold; }
.parent { font-size: 13pt; font-weight: normal; }
.nation { font-size: 13pt; font-weight: bold; }
.motto { font-size: 14pt; font-weight: bold; }
.motto span { text-decoration: underline; }
.rule { width: 35%; margin: 2pt auto 6pt; border-top: 1px solid #000; }
.number { font-size: 13pt; padding-top: 6pt; }
.place-date { font-size: 14pt; font-style: italic; padding-top: 6pt; }
h1 { font-size: 14pt; font-weight: bold; text-align: center; margin: 24pt 0 0; }
.subject { font-size: 14pt; font-weight: bold; text-align: center; margin: 0; }
h2 { font-size: 14pt; font-weight: bold; margin: 14pt 0 6pt; page-break-after: avoid; }
h3 { font-size: 14pt; font-weight: bold; font-style: italic; margin: 10pt 0 4pt; page-break-after: avoid; }
table.data { width: 100%; border-collapse: collapse; font-size: 13pt; margin: 4pt 0 8pt; }
table.data th, table.data td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; text-align: left; }
table.data th { font-weight: bold; text-align: center; }
table.data thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.mid { text-align: center; white-space: nowrap; }
.id { font-weight: bold; }
.flag { font-weight: bold; }
.remark { font-style: italic; }
.recipients { text-align: left !important; font-size: 12pt; font-weight: bold; font-style: italic; }
.recipients-list { font-size: 11pt; font-weight: normal; font-style: normal; }
.signer { font-size: 14pt; font-weight: bold; }
.sign-note { font-size: 14pt; font-style: italic; }
.sign-space { height: 30mm; }
table.doc-foot { margin-top: 18pt; page-break-inside: avoid; }
";

/// The report as a self-contained HTML page laid out as a Vietnamese administrative document
/// (Nghị định 30/2020/NĐ-CP): the unit and the national title and motto at the top, "Số: …/BC-…"
/// to fill in, "{place}, ngày … tháng … năm {year}", the title "BÁO CÁO" and its subject, the body
/// as tables, "Nơi nhận" with the checklist's recipient, and the head's signature block.
/// Printed from a browser it fits A4 with the decree's margins.
pub fn html(d: &ReportData, i18n: &I18n, place: &str) -> String {
    let l = L::new(i18n);
    let year = d.assessment.year.to_string();
    let mut s = String::new();
    let title = l.ta("report-doc-subject", &[("year", year.clone())]);
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} — {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>",
        l.lang.code(),
        esc(&title),
        esc(&d.unit.name)
    );

    // Header: the unit on the left, the national title on the right.
    let _ = writeln!(
        s,
        "<table class=\"doc-head\">\n<tr>\n<td style=\"width:40%\">{}<div class=\"org\">{}</div><div class=\"rule\"></div></td>\n<td style=\"width:60%\"><div class=\"nation\">{}</div><div class=\"motto\"><span>{}</span></div></td>\n</tr>",
        // The body above, in capitals but not bold, then the unit itself in bold (the decree's
        // "tên cơ quan chủ quản" over "tên cơ quan ban hành").
        d.parent
            .as_ref()
            .map(|p| format!("<div class=\"parent\">{}</div>", esc(&p.name.to_uppercase())))
            .unwrap_or_default(),
        esc(&d.unit.name.to_uppercase()),
        esc(&l.t("report-doc-nation")),
        esc(&l.t("report-doc-motto"))
    );
    let _ = writeln!(
        s,
        "<tr>\n<td class=\"number\">{}</td>\n<td class=\"place-date\">{}</td>\n</tr>\n</table>",
        esc(&l.t("report-doc-number")),
        esc(&l.ta(
            "report-doc-place-date",
            &[("place", place.to_string()), ("year", year.clone())]
        ))
    );
    let _ = writeln!(
        s,
        "<h1>{}</h1>\n<p class=\"subject\">{}</p>\n<div class=\"rule\"></div>",
        esc(&l.t("report-doc-kind")),
        esc(&title)
    );

    // I. General
    let _ = writeln!(
        s,
        "<h2>{}. {}</h2>\n<table class=\"data\">",
        ROMAN[0],
        esc(&l.t("report-general"))
    );
    for (k, v) in general(d, &l) {
        let _ = writeln!(
            s,
            "<tr><th style=\"width:30%;text-align:left\">{}</th><td>{}</td></tr>",
            esc(&k),
            esc(&v)
        );
    }
    let _ = writeln!(s, "</table>");
    for r in remarks(d, &l) {
        let _ = writeln!(s, "<p class=\"remark\">{}</p>", esc(&r));
    }

    // II. Tasks
    let _ = writeln!(s, "<h2>{}. {}</h2>", ROMAN[1], esc(&l.t("report-tasks")));
    let all = rows(d);
    for t in &d.checklist.tasks {
        let _ = writeln!(
            s,
            "<h3>{}</h3>\n<p>{}</p>",
            esc(&task_heading(t, &l)),
            esc(&task_score_text(d, t.number, &l))
        );
        let task_rows: Vec<&Row> = all.iter().filter(|r| r.task.number == t.number).collect();
        if task_rows.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", esc(&l.t("report-no-criteria")));
            continue;
        }
        let _ = writeln!(
            s,
            "<table class=\"data\">\n<thead><tr><th style=\"width:40%\">{}</th><th style=\"width:15%\">{}</th><th style=\"width:10%\">{}</th><th>{}</th></tr></thead>\n<tbody>",
            esc(&l.t("report-col-criterion")),
            esc(&l.t("report-answer")),
            esc(&l.t("report-points")),
            esc(&l.t("report-evidence"))
        );
        for r in task_rows {
            let critical = if r.c.critical {
                format!(" <em>({})</em>", esc(&l.t("report-critical")))
            } else {
                String::new()
            };
            let mut ev = String::new();
            if r.evidence().trim().is_empty() {
                ev.push_str(&esc(&l.t("report-none")));
            } else {
                ev.push_str(&esc_lines(r.evidence()));
            }
            if !r.files.is_empty() {
                let _ = write!(ev, "<br>{}:", esc(&l.t("report-files")));
                for (f, st) in &r.files {
                    let flag = file_state_label(st, &l)
                        .map(|x| format!(" — <span class=\"flag\">{}</span>", esc(&x)))
                        .unwrap_or_default();
                    let _ = write!(
                        ev,
                        "<br>• {} <span class=\"id\">(sha256 {})</span>{flag}",
                        esc(&f.path),
                        esc(short_hash(&f.sha256))
                    );
                }
            }
            if !r.note().trim().is_empty() {
                let _ = write!(
                    ev,
                    "<br>{}: {}",
                    esc(&l.t("report-note")),
                    esc_lines(r.note())
                );
            }
            if r.is_from_last_year() {
                let _ = write!(ev, "<br><em>{}</em>", esc(&l.t("report-from-last-year")));
            }
            let _ = writeln!(
                s,
                "<tr><td><span class=\"id\">{}.</span> {}{critical}</td><td class=\"mid\">{}</td><td class=\"mid\">{}</td><td>{ev}</td></tr>",
                esc(&r.number),
                esc(r.c.text.get(l.lang)),
                esc(&answer_text(r.c, r.answer, &l)),
                esc(&r.earned_text(&l))
            );
        }
        let _ = writeln!(s, "</tbody>\n</table>");
    }

    // III. Last year
    let _ = writeln!(s, "<h2>{}. {}</h2>", ROMAN[2], esc(&l.t("report-compare")));
    let prev_year = d.assessment.year - 1;
    match comparison(d, &l) {
        None => {
            let _ = writeln!(
                s,
                "<p>{}</p>",
                esc(&l.ta("report-compare-none", &[("year", prev_year.to_string())]))
            );
        }
        Some((pa, ps, cmp)) => {
            if pa.status == AssessmentStatus::Draft {
                let _ = writeln!(
                    s,
                    "<p class=\"remark\">{}</p>",
                    esc(&l.ta("report-previous-draft", &[("year", prev_year.to_string())]))
                );
            }
            let _ = writeln!(
                s,
                "<table class=\"data\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
                esc(&l.t("report-compare-item")),
                esc(&l.ta("report-compare-year", &[("year", prev_year.to_string())])),
                esc(&l.ta("report-compare-year", &[("year", year.clone())])),
                esc(&l.t("report-compare-change"))
            );
            for c in &cmp {
                let label = if c.number.is_none() {
                    format!("<strong>{}</strong>", esc(&c.label))
                } else {
                    esc(&c.label)
                };
                let _ = writeln!(
                    s,
                    "<tr><td>{label}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"mid\">{}</td></tr>",
                    c.prev.map(|v| l.num(v)).unwrap_or_else(|| "—".into()),
                    c.now.map(|v| l.num(v)).unwrap_or_else(|| "—".into()),
                    esc(&c.change(l.vi))
                );
            }
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"mid\">{}</td><td class=\"mid\">{}</td><td></td></tr>\n</tbody>\n</table>",
                esc(&l.t("report-rating")),
                esc(&band_label(&d.checklist, ps.band.as_deref(), &l)),
                esc(&band_label(&d.checklist, d.score.band.as_deref(), &l))
            );
        }
    }

    // IV. Finalization record
    let _ = writeln!(
        s,
        "<h2>{}. {}</h2>\n<p>{}</p>\n<p>{}</p>",
        ROMAN[3],
        esc(&l.t("report-record")),
        esc(&current_line(d, &l)),
        esc(&l.t("report-record-time-note"))
    );
    let earlier = earlier_versions(d);
    let _ = writeln!(s, "<p><strong>{}</strong></p>", esc(&l.t("report-earlier")));
    if earlier.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(&l.t("report-earlier-none")));
    } else {
        let _ = writeln!(s, "<ul>");
        for v in earlier {
            let _ = writeln!(s, "<li>{}</li>", esc(&earlier_line(d, v, &l)));
        }
        let _ = writeln!(s, "</ul>");
    }

    // Recipients and signature.
    let _ = writeln!(
        s,
        "<table class=\"doc-foot\">\n<tr>\n<td class=\"recipients\" style=\"width:45%\">{}<div class=\"recipients-list\">- {};<br>- {}</div></td>\n<td style=\"width:55%\"><div class=\"signer\">{}</div><div class=\"sign-note\">{}</div><div class=\"sign-space\"></div></td>\n</tr>\n</table>\n</body>\n</html>",
        esc(&l.t("report-doc-recipients")),
        esc(d.checklist.recipient.get(l.lang)),
        esc(&l.t("report-doc-archive")),
        esc(&l.t("report-doc-signer")),
        esc(&l.t("report-doc-sign-note"))
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_comes_from_the_unit_name() {
        assert_eq!(
            place_from_unit_name("UBND xã Tân Tiến").as_deref(),
            Some("Tân Tiến")
        );
        assert_eq!(
            place_from_unit_name("Ủy ban nhân dân phường Bắc Giang").as_deref(),
            Some("Bắc Giang")
        );
        assert_eq!(
            place_from_unit_name("ỦY BAN NHÂN DÂN XÃ HỢP THỊNH").as_deref(),
            Some("HỢP THỊNH")
        );
        assert_eq!(
            place_from_unit_name("Xã Đồng Tâm").as_deref(),
            Some("Đồng Tâm")
        );
        assert_eq!(place_from_unit_name("Sở Tư pháp"), None);
        assert_eq!(place_from_unit_name("UBND xã"), None);
        assert_eq!(place_from_unit_name("Xãhội"), None);
    }

    #[test]
    fn html_text_is_escaped() {
        assert_eq!(
            esc("<b>\"x\" & 'y'"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
        assert_eq!(esc_lines("a\r\nb"), "a<br>b");
    }
}

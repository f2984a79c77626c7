//! Certificates of course completion, and the verification codes printed on them.
//!
//! A certificate is issued only for a row of `course_completions`: the official's name, unit and
//! position, the course, the completion date (dd/mm/yyyy, Vietnam time) and the best score. Its
//! **verification code** is derived from that row alone, so any danvan database holding the same
//! record (the issuing one, or one that merged its records with the same UUIDs) can check it:
//!
//! ```text
//! 7K2M9QXD-4HJ8P-ZT3WA
//! └ record ┘ └── check ──┘
//! ```
//!
//! - the first 8 characters (40 bits of SHA-256 of the person's UUID and the course id, in
//!   Crockford base 32) find the record;
//! - the next 10 (50 bits of SHA-256 of the person's UUID, full name, course id and version,
//!   completion time and best score) tell whether the record still says what the certificate says.
//!
//! A record whose name, date or score was changed after printing is reported as *not matching*.
//! The check has no secret key (officials print their own certificates, and a merged database must
//! verify them too), so it detects an edited record, not a forger who recomputes the code: like the
//! trainer's passphrase, it guards the records, not the file.

use std::fmt::Write as _;
use time::macros::format_description;

use sha2::{Digest, Sha256};

use crate::domain::i18n::I18n;
use crate::domain::people::Unit;
use crate::io::html::esc;

/// Characters of the record part and of the check part of a code.
pub const RECORD_LEN: usize = 8;
const CHECK_LEN: usize = 10;
/// Crockford's base 32: no I, L, O or U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The fields of a completion record the check covers, exactly as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeFields<'a> {
    pub person_id: &'a str,
    pub full_name: &'a str,
    pub course_id: &'a str,
    pub course_version: &'a str,
    pub completed_at: &'a str,
    pub best_percent: Option<f64>,
}

/// Everything a certificate shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateData {
    pub person_id: String,
    pub full_name: String,
    pub staff_code: Option<String>,
    pub position: String,
    pub unit: Option<Unit>,
    pub course_id: String,
    pub course_version: String,
    /// The course's title in the language asked for (the id when the pack no longer has it).
    pub course_title: String,
    /// As stored (UTC, `2026-11-26T07:05:09Z`).
    pub completed_at: String,
    pub best_percent: Option<f64>,
    /// `XXXXXXXX-XXXXX-XXXXX`
    pub code: String,
}

/// A stored text as a certificate shows it: no control characters (an escape in a name must not
/// drive the terminal `certificate --format txt` prints to) and no bidi overrides (they could make
/// a name read as another's), whatever wrote the database. The code is computed over the stored
/// text, so a cleaned certificate still verifies.
fn printable(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() && !crate::domain::text::is_bidi_control(c))
        .collect()
}

impl CertificateData {
    /// The same data with every text as `printable` leaves it.
    pub fn printable(&self) -> CertificateData {
        CertificateData {
            full_name: printable(&self.full_name),
            staff_code: self.staff_code.as_deref().map(printable),
            position: printable(&self.position),
            unit: self.unit.as_ref().map(|u| Unit {
                code: printable(&u.code),
                name: printable(&u.name),
                ..u.clone()
            }),
            course_id: printable(&self.course_id),
            course_version: printable(&self.course_version),
            course_title: printable(&self.course_title),
            completed_at: printable(&self.completed_at),
            code: printable(&self.code),
            ..self.clone()
        }
    }
}

fn sha256(parts: &[&str]) -> [u8; 32] {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0x1f]);
        }
        h.update(p.as_bytes());
    }
    h.finalize().into()
}

/// The first `n` base-32 digits of a hash (5 bits each, most significant first).
fn base32(hash: &[u8], n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut bytes = hash.iter();
    while out.len() < n {
        if bits < 5 {
            acc = (acc << 8) | u32::from(*bytes.next().unwrap_or(&0));
            bits += 8;
        }
        bits -= 5;
        out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
    }
    out
}

/// The part of a code that finds the record: from the person's UUID and the course id only.
pub fn record_part(person_id: &str, course_id: &str) -> String {
    base32(
        &sha256(&["danvan-certificate-record", person_id, course_id]),
        RECORD_LEN,
    )
}

/// The score as the check covers it: four decimals, or "-" when there is none.
fn score_field(best: Option<f64>) -> String {
    best.map(|b| format!("{b:.4}"))
        .unwrap_or_else(|| "-".into())
}

/// The part of a code that checks the record's fields.
pub fn check_part(f: &CodeFields) -> String {
    let name = crate::domain::text::nfc(f.full_name);
    base32(
        &sha256(&[
            "danvan-certificate-v1",
            f.person_id,
            &name,
            f.course_id,
            f.course_version,
            f.completed_at,
            &score_field(f.best_percent),
        ]),
        CHECK_LEN,
    )
}

/// The verification code of a completion record: `RRRRRRRR-CCCCC-CCCCC`.
pub fn verification_code(f: &CodeFields) -> String {
    let check = check_part(f);
    format!(
        "{}-{}-{}",
        record_part(f.person_id, f.course_id),
        &check[..5],
        &check[5..]
    )
}

/// A code as typed — any case, with or without dashes or spaces, O for 0 and I or L for 1 — in
/// its canonical form, or None when it cannot be one.
pub fn normalize_code(input: &str) -> Option<String> {
    let mut raw = String::new();
    for c in input.chars() {
        match c.to_ascii_uppercase() {
            '-' | ' ' | '\u{2010}'..='\u{2013}' => {}
            'O' => raw.push('0'),
            'I' | 'L' => raw.push('1'),
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => raw.push(c),
            _ => return None,
        }
    }
    if raw.len() != RECORD_LEN + CHECK_LEN {
        return None;
    }
    Some(format!(
        "{}-{}-{}",
        &raw[..RECORD_LEN],
        &raw[RECORD_LEN..RECORD_LEN + 5],
        &raw[RECORD_LEN + 5..]
    ))
}

// ---------------------------------------------------------------------------------------------
// Showing it
// ---------------------------------------------------------------------------------------------

/// The best score as shown: "85,5%" (vi), "85.5%" (en), or a dash.
pub fn score_text(best: Option<f64>, i18n: &I18n) -> String {
    match best {
        Some(b) => crate::domain::text::percent(b, i18n.lang().is_vi()),
        None => i18n.t("cert-no-score"),
    }
}

/// The labelled lines of a certificate's details: (label, value), the staff code, position and unit
/// only when known.
pub fn detail_lines(d: &CertificateData, i18n: &I18n) -> Vec<(String, String)> {
    let d = &d.printable();
    let mut out = vec![(i18n.t("cert-name"), d.full_name.clone())];
    if let Some(code) = &d.staff_code {
        out.push((i18n.t("cert-staff-code"), code.clone()));
    }
    if !d.position.trim().is_empty() {
        out.push((i18n.t("cert-position"), d.position.clone()));
    }
    if let Some(u) = &d.unit {
        out.push((i18n.t("cert-unit"), u.name.clone()));
    }
    out.push((i18n.t("cert-course"), d.course_title.clone()));
    out.push((
        i18n.t("cert-completed-on"),
        crate::domain::present::local_date(&d.completed_at),
    ));
    out.push((i18n.t("cert-best-score"), score_text(d.best_percent, i18n)));
    out
}

/// The certificate as plain text.
pub fn text(d: &CertificateData, i18n: &I18n) -> String {
    let d = &d.printable();
    let mut s = String::new();
    let _ = writeln!(s, "{}", i18n.t("report-doc-nation"));
    let _ = writeln!(s, "{}", i18n.t("report-doc-motto"));
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", number_line(d, i18n));
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", i18n.t("cert-title"));
    let _ = writeln!(s);
    let lines = detail_lines(d, i18n);
    let width = lines
        .iter()
        .map(|(k, _)| crate::domain::text::width(k))
        .max()
        .unwrap_or(0);
    for (k, v) in lines {
        let pad = width - crate::domain::text::width(&k);
        let _ = writeln!(s, "{k}:{} {v}", " ".repeat(pad));
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{}: {}", i18n.t("cert-code"), d.code);
    let _ = writeln!(
        s,
        "{}",
        i18n.ta("cert-verify-hint", &[("code", d.code.clone().into())])
    );
    s
}

/// One landscape A4 sheet (297 × 210 mm). The page has no margin, so a browser prints no header or
/// footer (date, title, file name) on it; the framed sheet keeps 10 mm from the edges itself, has a
/// fixed size and hides rather than spills what would not fit, so it can never run onto a second page.
pub const CSS: &str = "@page { size: A4 landscape; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: \"Times New Roman\", Times, serif; color: #000; font-size: 14pt; line-height: 1.3; }
@media screen { body { background: #ddd; padding: 1px 0; } .sheet { background: #fff; } }
.sheet { margin: 10mm auto 0; width: 275mm; height: 188mm; overflow: hidden; border: 2.5mm double #8b1a1a; padding: 7mm 14mm 6mm;
  page-break-inside: avoid; break-inside: avoid; page-break-after: avoid; break-after: avoid;
  display: flex; flex-direction: column; }
table.head, table.foot { width: 100%; border-collapse: collapse; }
table.head td, table.foot td { border: none; padding: 0; vertical-align: top; text-align: center; }
.org { font-size: 12pt; font-weight: bold; }
.number { font-size: 12pt; padding-top: 3pt; }
.nation { font-size: 12pt; font-weight: bold; }
.motto { font-size: 13pt; font-weight: bold; }
.rule { width: 40%; margin: 2pt auto 0; border-top: 1px solid #000; }
h1 { font-size: 24pt; font-weight: bold; text-align: center; color: #8b1a1a; margin: 9mm 0 2mm; letter-spacing: 0.5pt; }
.certifies { text-align: center; font-style: italic; margin: 0; }
.name { text-align: center; font-size: 22pt; font-weight: bold; margin: 1mm 0 4mm; }
table.details { margin: 0 auto; border-collapse: collapse; font-size: 14pt; max-width: 230mm; }
table.details th { text-align: left; font-weight: normal; font-style: italic; padding: 1pt 8pt 1pt 0; white-space: nowrap; vertical-align: top; }
table.details td { text-align: left; font-weight: bold; padding: 1pt 0; vertical-align: top; }
.spacer { flex: 1 1 auto; }
table.foot td.code { text-align: left; vertical-align: bottom; width: 50%; font-size: 11pt; }
.code-box { display: inline-block; border: 1px solid #000; padding: 2mm 4mm; }
.code-value { font-family: \"Courier New\", Courier, monospace; font-size: 15pt; font-weight: bold; letter-spacing: 1pt; }
.place-date { font-style: italic; }
.signer { font-weight: bold; }
.sign-note { font-style: italic; font-size: 12pt; }
.sign-space { height: 22mm; }
";

/// "Số: 7K2M9QXA/GCN": the document number under the issuing unit (Nghị định 30/2020/NĐ-CP).
/// It is the record part of the verification code, so it is unique to this completion and the
/// same on every copy printed from any database holding the record.
pub fn number_line(d: &CertificateData, i18n: &I18n) -> String {
    let record = d.code.split('-').next().unwrap_or(&d.code);
    i18n.ta("cert-number", &[("number", record.to_string().into())])
}

/// The certificate as a self-contained HTML page: one landscape A4 sheet with a border, the national
/// title and motto, "GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA HỌC", the details, the verification code and a
/// signature block dated `issued` (in the unit's commune or ward when its name says which).
pub fn html(d: &CertificateData, i18n: &I18n, issued: time::Date) -> String {
    let d = &d.printable();
    let mut s = String::new();
    let title = i18n.t("cert-title");
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} — {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<div class=\"sheet\">",
        i18n.lang().code(),
        esc(&title),
        esc(&d.full_name)
    );
    let org = d
        .unit
        .as_ref()
        .map(|u| esc(&u.name.to_uppercase()))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "<table class=\"head\">\n<tr>\n<td style=\"width:42%\"><div class=\"org\">{org}</div>{}<div class=\"number\">{}</div></td>\n<td style=\"width:58%\"><div class=\"nation\">{}</div><div class=\"motto\">{}</div><div class=\"rule\"></div></td>\n</tr>\n</table>",
        if org.is_empty() {
            ""
        } else {
            "<div class=\"rule\"></div>"
        },
        esc(&number_line(d, i18n)),
        esc(&i18n.t("report-doc-nation")),
        esc(&i18n.t("report-doc-motto"))
    );
    let _ = writeln!(
        s,
        "<h1>{}</h1>\n<p class=\"certifies\">{}</p>\n<p class=\"name\">{}</p>",
        esc(&title),
        esc(&i18n.t("cert-certifies")),
        esc(&d.full_name)
    );
    let _ = writeln!(s, "<table class=\"details\">");
    for (k, v) in detail_lines(d, i18n).into_iter().skip(1) {
        let _ = writeln!(s, "<tr><th>{}:</th><td>{}</td></tr>", esc(&k), esc(&v));
    }
    let _ = writeln!(s, "</table>\n<div class=\"spacer\"></div>");
    let place = d
        .unit
        .as_ref()
        .and_then(|u| super::report::place_from_unit_name(&u.name))
        .unwrap_or_else(|| "……".to_string());
    let place_date = i18n.ta(
        "cert-place-date",
        &[
            ("place", place.into()),
            (
                "day",
                issued
                    .format(format_description!("[day]"))
                    .unwrap_or_default()
                    .into(),
            ),
            (
                "month",
                issued
                    .format(format_description!("[month]"))
                    .unwrap_or_default()
                    .into(),
            ),
            ("year", issued.year().to_string().into()),
        ],
    );
    let hint = i18n.ta("cert-verify-hint", &[("code", d.code.clone().into())]);
    let _ = writeln!(
        s,
        "<table class=\"foot\">\n<tr>\n<td class=\"code\"><div class=\"code-box\">{}:<br><span class=\"code-value\">{}</span><br>{}</div></td>\n<td style=\"width:50%\"><div class=\"place-date\">{}</div><div class=\"signer\">{}</div><div class=\"sign-note\">{}</div><div class=\"sign-space\"></div></td>\n</tr>\n</table>\n</div>\n</body>\n</html>",
        esc(&i18n.t("cert-code")),
        esc(&d.code),
        esc(&hint),
        esc(&place_date),
        esc(&i18n.t("cert-signer")),
        esc(&i18n.t("cert-sign-note"))
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> CodeFields<'static> {
        CodeFields {
            person_id: "6f1c2a8e-0000-4000-8000-000000000001",
            full_name: "Nguyễn Thị Hoa",
            course_id: "mot-cua",
            course_version: "1.0.0",
            completed_at: "2026-11-26T07:05:09Z",
            best_percent: Some(85.5),
        }
    }

    #[test]
    fn codes_are_stable_and_readable() {
        let code = verification_code(&fields());
        assert_eq!(code.len(), RECORD_LEN + CHECK_LEN + 2);
        assert_eq!(code, verification_code(&fields()));
        assert!(code
            .chars()
            .all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert_eq!(normalize_code(&code.to_lowercase()), Some(code.clone()));
        assert_eq!(normalize_code(&code.replace('-', "")), Some(code.clone()));
        assert_eq!(normalize_code("abc"), None);
        assert_eq!(normalize_code("ÂBCDEFGH-12345-67890"), None);
    }

    #[test]
    fn every_field_changes_the_check() {
        let base = check_part(&fields());
        let mut f = fields();
        f.full_name = "Nguyễn Thị Hòa";
        assert_ne!(check_part(&f), base);
        let mut f = fields();
        f.completed_at = "2026-11-25T07:05:09Z";
        assert_ne!(check_part(&f), base);
        let mut f = fields();
        f.best_percent = Some(95.5);
        assert_ne!(check_part(&f), base);
        let mut f = fields();
        f.course_version = "1.0.1";
        assert_ne!(check_part(&f), base);
        // The record part depends on the person and course only.
        assert_eq!(
            record_part(fields().person_id, "mot-cua"),
            record_part(f.person_id, f.course_id)
        );
    }

    #[test]
    fn crockford_aliases_are_accepted() {
        let code = verification_code(&fields());
        let typed = code.replace('0', "o").replace('1', "l");
        assert_eq!(normalize_code(&typed), Some(code));
    }

    #[test]
    fn dates_are_shown_in_vietnam() {
        assert_eq!(
            crate::domain::present::local_date("2026-11-26T18:30:00Z"),
            "27/11/2026"
        );
        assert_eq!(
            crate::domain::present::local_date("2026-11-26"),
            "26/11/2026"
        );
    }
}

//! Certificates of course completion: their layouts (text, and one A4 page of HTML with a QR
//! code) and the lines `verify-certificate` prints.
//!
//! A certificate is issued only for a row of `course_completions`: the official's name, unit and
//! position, the course, the completion date (dd/mm/yyyy, Vietnam time) and the best score. It
//! carries the **code** `DV-XXXX-XXXX-XXXX-C` taken from the issuing database's signature over
//! the record (`domain::certificate_code`; `service::certificates` signs and stores it), the
//! fingerprint of the key that signed it, and, on the HTML page, a QR code of the signed
//! payload so it can be checked offline. Codes of danvan before signing (`XXXXXXXX-XXXXX-XXXXX`,
//! a hash anyone could recompute) are only recognised, to say they cannot be trusted.

use std::fmt::Write as _;
use time::macros::format_description;

use crate::domain::certificate_code::CertificatePayload;
use crate::domain::i18n::I18n;
use crate::domain::people::Unit;
use crate::io::html::esc;

/// Characters of a code of danvan before signed certificates (8 + 10, Crockford base 32).
const OLD_CODE_LEN: usize = 18;
const OLD_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

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
    /// `DV-XXXX-XXXX-XXXX-C`, from the signature (empty until issued).
    pub code: String,
    /// The signing key's fingerprint, grouped for reading aloud.
    pub fingerprint: String,
    /// The signed payload as the QR code carries it (`DV2:…`).
    pub qr_text: String,
}

/// A stored text as a certificate shows it: no control characters (an escape in a name must not
/// drive the terminal `certificate --format txt` prints to) and no bidi overrides (they could make
/// a name read as another's), whatever wrote the database. The signed payload holds the texts
/// in this form too, so a cleaned certificate still verifies.
pub fn printable(s: &str) -> String {
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

/// Whether `input` is a code in the format of danvan before signed certificates
/// (`XXXXXXXX-XXXXX-XXXXX`: 18 Crockford base-32 characters, any case, dashes or spaces).
pub fn is_old_format_code(input: &str) -> bool {
    let mut n = 0;
    for c in input.chars() {
        match c.to_ascii_uppercase() {
            '-' | ' ' | '\u{2010}'..='\u{2013}' => {}
            'O' | 'I' | 'L' => n += 1,
            c if c.is_ascii() && OLD_ALPHABET.contains(&(c as u8)) => n += 1,
            _ => return false,
        }
    }
    n == OLD_CODE_LEN
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

/// The labelled lines of a signed certificate's payload, as `verify-certificate` shows it
/// (its texts are signed in printable form already).
pub fn payload_lines(
    p: &CertificatePayload,
    course_title: &str,
    i18n: &I18n,
) -> Vec<(String, String)> {
    let mut out = vec![(i18n.t("cert-name"), p.name.clone())];
    if !p.staff_code.is_empty() {
        out.push((i18n.t("cert-staff-code"), p.staff_code.clone()));
    }
    out.push((
        i18n.t("cert-course"),
        format!(
            "{} ({} {})",
            printable(course_title),
            p.course_id,
            p.course_version
        ),
    ));
    out.push((
        i18n.t("cert-completed-on"),
        crate::domain::present::local_date(&p.completed_at),
    ));
    out.push((
        i18n.t("cert-best-score"),
        score_text(p.best_permille.map(|m| f64::from(m) / 10.0), i18n),
    ));
    if !p.issued_at.is_empty() {
        out.push((
            i18n.t("cert-issued-on"),
            crate::domain::present::local_date(&p.issued_at),
        ));
    }
    if !p.issuer_db.is_empty() {
        out.push((i18n.t("cert-issuer-db"), p.issuer_db.clone()));
    }
    // A QR text comes from anywhere: nothing in it may drive the terminal.
    out.into_iter().map(|(k, v)| (k, printable(&v))).collect()
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
    let _ = writeln!(s, "{}: {}", i18n.t("cert-fingerprint"), d.fingerprint);
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
table.foot td.code { text-align: left; vertical-align: bottom; width: 50%; font-size: 9pt; white-space: nowrap; }
.qr { display: inline-block; vertical-align: bottom; margin-right: 4mm; }
.qr svg { width: 36mm; height: 36mm; display: block; }
.code-box { display: inline-block; vertical-align: bottom; border: 1px solid #000; padding: 2mm 4mm; }
.fingerprint { font-family: \"Courier New\", Courier, monospace; }
.code-value { font-family: \"Courier New\", Courier, monospace; font-size: 15pt; font-weight: bold; letter-spacing: 1pt; }
.place-date { font-style: italic; }
.signer { font-weight: bold; }
.sign-note { font-style: italic; font-size: 12pt; }
.sign-space { height: 22mm; }
";

/// "Số: 7K2M9QXA/GCN": the document number under the issuing unit (Nghị định 30/2020/NĐ-CP).
/// It is the first 8 symbols of the certificate's code, so every copy of one certificate has
/// one number.
pub fn number_line(d: &CertificateData, i18n: &I18n) -> String {
    let symbols: String = d
        .code
        .strip_prefix("DV-")
        .unwrap_or(&d.code)
        .chars()
        .filter(|c| *c != '-')
        .take(8)
        .collect();
    i18n.ta("cert-number", &[("number", symbols.into())])
}

/// The QR code of the signed payload, as an element to put in the page (none when the text is
/// too long for a QR code: the printed code still verifies). The SVG's namespace is dropped,
/// as HTML does not need it, so the page names no address.
fn qr_element(qr_text: &str, i18n: &I18n) -> String {
    if qr_text.is_empty() {
        return String::new();
    }
    match super::qr::to_svg(qr_text, 2) {
        Ok(qr) => format!(
            "<div class=\"qr\" data-qr-text=\"{}\" title=\"{}\">{}</div>",
            esc(qr_text),
            esc(&i18n.t("cert-qr-title")),
            qr.svg
                .replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
        ),
        Err(_) => String::new(),
    }
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
        "<table class=\"foot\">\n<tr>\n<td class=\"code\">{}<div class=\"code-box\">{}:<br><span class=\"code-value\">{}</span><br>{}<br>{}:<br><span class=\"fingerprint\">{}</span></div></td>\n<td style=\"width:50%\"><div class=\"place-date\">{}</div><div class=\"signer\">{}</div><div class=\"sign-note\">{}</div><div class=\"sign-space\"></div></td>\n</tr>\n</table>\n</div>\n</body>\n</html>",
        qr_element(&d.qr_text, i18n),
        esc(&i18n.t("cert-code")),
        esc(&d.code),
        esc(&hint),
        esc(&i18n.t("cert-fingerprint")),
        esc(&d.fingerprint),
        esc(&place_date),
        esc(&i18n.t("cert-signer")),
        esc(&i18n.t("cert-sign-note"))
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_format_codes_are_recognised_and_nothing_else() {
        assert!(is_old_format_code("HWNS3ZF6-XXH30-BQ6HV"));
        assert!(is_old_format_code(" hwns3zf6xxh30bq6hv "));
        assert!(is_old_format_code("HWNS3ZF6-XXHO0-BQ6HL"));
        assert!(!is_old_format_code("DV-7K2M-9QXD-4HJ8-P"));
        assert!(!is_old_format_code("HWNS3ZF6-XXH30-BQ6H"));
        assert!(!is_old_format_code("ÂWNS3ZF6-XXH30-BQ6HV"));
        assert!(!is_old_format_code(""));
    }

    #[test]
    fn the_number_is_the_codes_first_eight_symbols() {
        let d = CertificateData {
            person_id: "p".into(),
            full_name: "Nguyễn Thị Hoa".into(),
            staff_code: None,
            position: String::new(),
            unit: None,
            course_id: "mot-cua".into(),
            course_version: "1.0.0".into(),
            course_title: "Một cửa".into(),
            completed_at: "2026-11-26T07:05:09Z".into(),
            best_percent: Some(85.5),
            code: "DV-7K2M-9QXD-4HJ8-P".into(),
            fingerprint: String::new(),
            qr_text: String::new(),
        };
        let i18n = I18n::new(crate::domain::i18n::Lang::Vi);
        assert_eq!(number_line(&d, &i18n), "Số: 7K2M9QXD/GCN");
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

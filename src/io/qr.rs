//! QR codes as SVG text, for the signed payload printed on HTML certificates.
//!
//! The `qrcode` crate picks the smallest version and the densest encoding (the certificate's
//! `DV2:` text is upper-case base 32, so it fits alphanumeric mode); error correction is M
//! (about 15 % of the code can be smudged). The SVG has no XML declaration, so it can be put
//! straight into an HTML page; it keeps the standard quiet zone of 4 modules on every side.

use std::fmt;

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The quiet zone around the code, in modules, on each side.
pub const QUIET_ZONE_MODULES: usize = 4;

/// Why a text could not be made into a QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrError {
    /// Bytes of the text.
    pub bytes: usize,
    pub reason: String,
}

impl fmt::Display for QrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a QR code cannot hold this text ({} bytes): {}",
            self.bytes, self.reason
        )
    }
}

impl std::error::Error for QrError {}

/// A QR code drawn as SVG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSvg {
    /// A standalone `<svg>` element (no XML declaration).
    pub svg: String,
    /// Modules on a side, without the quiet zone (21 for version 1, +4 per version).
    pub modules: usize,
}

/// `text` as a QR code, each module `module_px` pixels (CSS pixels; the SVG scales).
pub fn to_svg(text: &str, module_px: u32) -> Result<QrSvg, QrError> {
    let code =
        QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| QrError {
            bytes: text.len(),
            reason: e.to_string(),
        })?;
    let module_px = module_px.max(1);
    let image = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(module_px, module_px)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let svg = match image.find("<svg") {
        Some(start) => image[start..].to_string(),
        None => image,
    };
    Ok(QrSvg {
        svg,
        modules: code.width(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(svg: &str, name: &str) -> u32 {
        let start = svg.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
        let end = svg[start..].find('"').expect("closing quote") + start;
        svg[start..end].parse().expect("number")
    }

    #[test]
    fn a_short_text_makes_a_version_1_code_of_21_modules() {
        let qr = to_svg("DV2:HELLO", 4).expect("qr");
        assert_eq!(qr.modules, 21);
        assert!(qr
            .svg
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(qr.svg.ends_with("</svg>"));
        assert!(!qr.svg.contains("<?xml"));
        let side = (21 + 2 * QUIET_ZONE_MODULES as u32) * 4;
        assert_eq!(attribute(&qr.svg, "width"), side);
        assert_eq!(attribute(&qr.svg, "height"), side);
        assert!(qr.svg.contains("fill=\"#000000\""));
    }

    #[test]
    fn a_certificate_sized_text_fits_and_grows_the_code() {
        let text = format!("DV2:{}", "7K2M9QXD4HJ8PZT3WA0B".repeat(22));
        let qr = to_svg(&text, 2).expect("qr");
        assert!(qr.modules > 21 && qr.modules <= 177);
        assert_eq!((qr.modules - 17) % 4, 0);
    }

    #[test]
    fn a_signed_certificate_payload_fits_a_printable_code() {
        use crate::domain::certificate_code::{qr_text, sign_payload, CertificatePayload};
        let payload = CertificatePayload {
            issuer_db: "0b9f3c2e-1d4a-4f7e-9a61-2c5d8e7f0a13".to_string(),
            issued_at: "2026-11-27T02:00:00Z".to_string(),
            course_id: "dan-van-co-ban".to_string(),
            course_version: "3.1.0".to_string(),
            person_id: "6c1e2f0a-8b3d-4e5f-a6b7-c8d9e0f1a2b3".to_string(),
            staff_code: "CB-0421".to_string(),
            name: "Nguyễn Thị Hồng Nhung".to_string(),
            completed_at: "2026-11-26T07:05:09Z".to_string(),
            best_permille: Some(855),
        };
        let key = ed25519_dalek::SigningKey::from_bytes(&[1; 32]);
        let signature = sign_payload(&payload, &key).expect("sign");
        let text = qr_text(&payload, &signature).expect("text");
        let qr = to_svg(&text, 3).expect("qr");
        // Version 13 or less (69 modules): easy to scan at 4 cm.
        assert!(
            qr.modules <= 69,
            "{} modules for {} characters",
            qr.modules,
            text.len()
        );
    }

    #[test]
    fn a_text_too_long_for_any_qr_code_is_refused() {
        let err = to_svg(&"x".repeat(5000), 2).expect_err("too long");
        assert_eq!(err.bytes, 5000);
        assert!(err.to_string().contains("5000 bytes"));
    }
}

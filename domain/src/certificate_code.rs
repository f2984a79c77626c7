//! Signed certificates: the short code printed on a certificate (with a check character, so a
//! mistyped code is told apart from a changed record), the certificate's payload and its
//! canonical bytes, the issuing database's Ed25519 signature over them, and the compact text
//! a QR code carries so a certificate can be checked offline.
//!
//! # The code
//!
//! `DV-XXXX-XXXX-XXXX-C`: the fixed prefix `DV`, 12 Crockford base-32 symbols (60 bits, from
//! the first bytes of the certificate's signature or from random bytes), and one check symbol.
//! The check is a weighted sum over GF(32) (the field of 32 elements, polynomial
//! x⁵ + x² + 1): the 12 symbols' values `v₁…v₁₂` and the check value `c` satisfy
//! `α¹·v₁ + α²·v₂ + … + α¹²·v₁₂ + c = 0`, α a generator. All 13 weights are distinct and
//! non-zero, so **every** single-symbol substitution and **every** transposition of two symbols
//! (adjacent or not, the check symbol included) changes the sum: it is reported as
//! [`Mistyped`], never as a record that does not match. Reading is case-insensitive, separators
//! are optional, the prefix may be left out, and Crockford's aliases are taken (O → 0,
//! I and L → 1).
//!
//! # The canonical bytes
//!
//! What is signed (stable; never `Debug` or JSON): the 22-byte tag `"danvan-certificate-v1\0"`,
//! then nine fields in this order, each as a 2-byte big-endian length and that many bytes of
//! UTF-8 — `issuer_db`, `issued_at`, `course_id`, `course_version` (text, as the completion
//! record holds it: `1.0.0`), `person_id`, `staff_code` (empty if none), `name`, `completed_at`, `best_permille` (decimal tenths of a
//! percent, 0–1000; empty if no score). Numbers are written without leading zeros, and text
//! exactly as stored (danvan stores NFC). A field is at most [`MAX_FIELD_BYTES`] and holds no
//! control character. The signature is plain Ed25519 over these bytes.
//!
//! # The QR text
//!
//! `DV2:` followed by Crockford base 32 (upper case, no padding) of the 64-byte signature and
//! then the canonical bytes without their tag. Base 32 upper case fits a QR code's
//! alphanumeric mode, which makes a smaller code than base 64 in byte mode.

use std::fmt;

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

use crate::base32;

/// The fixed start of every code.
pub const PREFIX: &str = "DV";
/// Symbols between the prefix and the check symbol.
pub const DATA_SYMBOLS: usize = 12;
/// The tag in front of a payload's canonical bytes.
pub const PAYLOAD_TAG: &[u8; 22] = b"danvan-certificate-v1\0";
/// How the QR text begins.
pub const QR_PREFIX: &str = "DV2:";
/// The longest field in a payload, in bytes of UTF-8.
pub const MAX_FIELD_BYTES: usize = 1024;

// ---------------------------------------------------------------------------------------------
// The code

/// A certificate code: 12 symbol values (0–31); the check symbol is computed from them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CertificateCode([u8; DATA_SYMBOLS]);

/// Why a typed code is not a code: whatever the reason, it was mistyped (or is not a code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mistyped {
    /// Nothing but separators.
    Empty,
    /// A character that is not a symbol or separator (`position` counts characters from 1).
    BadCharacter { character: char, position: usize },
    /// The wrong number of symbols (counting the prefix if it was typed).
    WrongLength { symbols: usize },
    /// 15 symbols that do not start with `DV`.
    WrongPrefix,
    /// The check symbol does not match: a symbol was mistyped or two were swapped.
    CheckFailed,
}

impl fmt::Display for Mistyped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("mistyped certificate code: ")?;
        match self {
            Mistyped::Empty => f.write_str("it is empty"),
            Mistyped::BadCharacter {
                character,
                position,
            } => write!(
                f,
                "{character:?} (character {position}) is not used in codes (digits and letters except I, L, O, U)"
            ),
            Mistyped::WrongLength { symbols } => write!(
                f,
                "a code is DV and {} letters and digits; this has {symbols} letters and digits",
                DATA_SYMBOLS + 1
            ),
            Mistyped::WrongPrefix => f.write_str("a code starts with DV"),
            Mistyped::CheckFailed => f.write_str(
                "its last character does not match the others: check each character against the certificate",
            ),
        }
    }
}

impl std::error::Error for Mistyped {}

impl CertificateCode {
    /// The code of the first 60 bits of `bytes` (missing bits are zero: pass at least 8 bytes).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let symbols = base32::encode_bits(bytes, DATA_SYMBOLS);
        let mut values = [0u8; DATA_SYMBOLS];
        for (slot, symbol) in values.iter_mut().zip(symbols.chars()) {
            *slot = base32::value(symbol).unwrap_or(0);
        }
        CertificateCode(values)
    }

    /// The code of a certificate's signature (its first 60 bits).
    pub fn from_signature(signature: &Signature) -> Self {
        Self::from_bytes(&signature.to_bytes())
    }

    /// Reads a code as a person types it.
    pub fn parse(text: &str) -> Result<Self, Mistyped> {
        let mut values = Vec::with_capacity(DATA_SYMBOLS + 3);
        for (index, character) in text.chars().enumerate() {
            if character == '-' || character.is_whitespace() {
                continue;
            }
            match base32::value(character) {
                Some(v) => values.push(v),
                None => {
                    return Err(Mistyped::BadCharacter {
                        character,
                        position: index + 1,
                    })
                }
            }
        }
        let symbols = match values.len() {
            0 => return Err(Mistyped::Empty),
            n if n == DATA_SYMBOLS + 1 => &values[..],
            n if n == DATA_SYMBOLS + 3 => {
                let prefix: Vec<u8> = PREFIX.chars().filter_map(base32::value).collect();
                if values[..2] != prefix[..] {
                    return Err(Mistyped::WrongPrefix);
                }
                &values[2..]
            }
            n => return Err(Mistyped::WrongLength { symbols: n }),
        };
        let mut data = [0u8; DATA_SYMBOLS];
        data.copy_from_slice(&symbols[..DATA_SYMBOLS]);
        let code = CertificateCode(data);
        if code.check_value() != symbols[DATA_SYMBOLS] {
            return Err(Mistyped::CheckFailed);
        }
        Ok(code)
    }

    /// The 12 symbols without prefix, separators or check: a stable key to store and look up.
    pub fn key(&self) -> String {
        self.0.iter().map(|&v| base32::symbol(v)).collect()
    }

    /// The check symbol.
    pub fn check_symbol(&self) -> char {
        base32::symbol(self.check_value())
    }

    fn check_value(&self) -> u8 {
        let mut weight = 1u8;
        let mut sum = 0u8;
        for &v in &self.0 {
            weight = gf32_mul(weight, GF32_GENERATOR);
            sum ^= gf32_mul(weight, v);
        }
        sum
    }
}

impl fmt::Display for CertificateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.key();
        write!(
            f,
            "{PREFIX}-{}-{}-{}-{}",
            &key[0..4],
            &key[4..8],
            &key[8..12],
            self.check_symbol()
        )
    }
}

impl fmt::Debug for CertificateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CertificateCode({self})")
    }
}

impl std::str::FromStr for CertificateCode {
    type Err = Mistyped;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CertificateCode::parse(s)
    }
}

/// α, a generator of GF(32)'s multiplicative group (x, with x⁵ = x² + 1).
const GF32_GENERATOR: u8 = 0b00010;
/// x⁵ + x² + 1, a primitive polynomial of degree 5.
const GF32_MODULUS: u8 = 0b100101;

/// Multiplication in GF(32) (elements are the low 5 bits).
fn gf32_mul(a: u8, b: u8) -> u8 {
    let (mut a, mut b, mut product) = (a & 31, b & 31, 0u8);
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0b100000 != 0 {
            a ^= GF32_MODULUS;
        }
    }
    product
}

// ---------------------------------------------------------------------------------------------
// The payload

/// What a certificate says, as the issuing database signs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificatePayload {
    /// The issuing database's id.
    pub issuer_db: String,
    /// When the certificate was issued (RFC 3339, UTC).
    pub issued_at: String,
    pub course_id: String,
    /// The course's version as the completion record holds it (`1.0.0`).
    pub course_version: String,
    /// The official's UUID.
    pub person_id: String,
    /// Empty if the official has none.
    pub staff_code: String,
    pub name: String,
    /// RFC 3339, UTC, as stored.
    pub completed_at: String,
    /// The best quiz score in tenths of a percent (855 = 85.5 %), if there is one.
    pub best_permille: Option<u16>,
}

/// Why a payload could not be signed, verified or read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadError {
    /// A field longer than [`MAX_FIELD_BYTES`].
    FieldTooLong { field: &'static str },
    /// A field with a control character.
    ControlCharacter { field: &'static str },
    /// A best score over 1000 ‰.
    ScoreOutOfRange { permille: u16 },
    /// The signature does not match the payload under this key.
    SignatureInvalid,
    /// Canonical bytes or QR text that do not read back as a payload.
    Malformed { reason: String },
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadError::FieldTooLong { field } => {
                write!(
                    f,
                    "certificate field {field} is longer than {MAX_FIELD_BYTES} bytes"
                )
            }
            PayloadError::ControlCharacter { field } => {
                write!(f, "certificate field {field} holds a control character")
            }
            PayloadError::ScoreOutOfRange { permille } => {
                write!(f, "a best score of {permille} ‰ is over 100 %")
            }
            PayloadError::SignatureInvalid => f.write_str("signature invalid"),
            PayloadError::Malformed { reason } => write!(f, "not a danvan certificate ({reason})"),
        }
    }
}

impl std::error::Error for PayloadError {}

/// A percentage (0–100) as tenths of a percent, rounded; `None` if it is not finite or out of
/// range.
pub fn permille_from_percent(percent: f64) -> Option<u16> {
    if !percent.is_finite() || !(0.0..=100.0).contains(&percent) {
        return None;
    }
    let permille = (percent * 10.0).round();
    // In 0..=1000 by the check above.
    Some(permille as u16)
}

const FIELD_NAMES: [&str; 9] = [
    "issuer_db",
    "issued_at",
    "course_id",
    "course_version",
    "person_id",
    "staff_code",
    "name",
    "completed_at",
    "best_permille",
];

impl CertificatePayload {
    fn fields(&self) -> [String; 9] {
        [
            self.issuer_db.clone(),
            self.issued_at.clone(),
            self.course_id.clone(),
            self.course_version.clone(),
            self.person_id.clone(),
            self.staff_code.clone(),
            self.name.clone(),
            self.completed_at.clone(),
            self.best_permille
                .map(|p| p.to_string())
                .unwrap_or_default(),
        ]
    }

    /// The bytes that are signed (see the module documentation).
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, PayloadError> {
        if let Some(permille) = self.best_permille.filter(|&p| p > 1000) {
            return Err(PayloadError::ScoreOutOfRange { permille });
        }
        let mut out = PAYLOAD_TAG.to_vec();
        for (field, value) in FIELD_NAMES.iter().zip(self.fields()) {
            if value.len() > MAX_FIELD_BYTES {
                return Err(PayloadError::FieldTooLong { field });
            }
            if value.chars().any(char::is_control) {
                return Err(PayloadError::ControlCharacter { field });
            }
            let len =
                u16::try_from(value.len()).map_err(|_| PayloadError::FieldTooLong { field })?;
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(value.as_bytes());
        }
        Ok(out)
    }

    /// Reads [`canonical_bytes`](Self::canonical_bytes) back, strictly: the same payload gives
    /// the same bytes, and only those bytes give it.
    pub fn from_canonical_bytes(bytes: &[u8]) -> Result<Self, PayloadError> {
        let malformed = |reason: &str| PayloadError::Malformed {
            reason: reason.to_string(),
        };
        let mut rest = bytes
            .strip_prefix(&PAYLOAD_TAG[..])
            .ok_or_else(|| malformed("no certificate tag"))?;
        let mut values: Vec<String> = Vec::with_capacity(9);
        for field in FIELD_NAMES {
            let (len, tail) = rest
                .split_first_chunk::<2>()
                .ok_or_else(|| malformed(&format!("{field} is cut short")))?;
            let len = usize::from(u16::from_be_bytes(*len));
            if tail.len() < len {
                return Err(malformed(&format!("{field} is cut short")));
            }
            let (value, tail) = tail.split_at(len);
            let value = std::str::from_utf8(value)
                .map_err(|_| malformed(&format!("{field} is not UTF-8")))?;
            values.push(value.to_string());
            rest = tail;
        }
        if !rest.is_empty() {
            return Err(malformed("bytes after the last field"));
        }
        let [issuer_db, issued_at, course_id, course_version, person_id, staff_code, name, completed_at, best_permille]: [String; 9] =
            values
                .try_into()
                .map_err(|_| malformed("wrong number of fields"))?;
        let best_permille = if best_permille.is_empty() {
            None
        } else {
            Some(
                parse_decimal(&best_permille)
                    .and_then(|v| u16::try_from(v).ok())
                    .ok_or_else(|| malformed("best_permille is not a number"))?,
            )
        };
        let payload = CertificatePayload {
            issuer_db,
            issued_at,
            course_id,
            course_version,
            person_id,
            staff_code,
            name,
            completed_at,
            best_permille,
        };
        // Lengths, control characters and range, and that the bytes were canonical.
        if payload.canonical_bytes()? != bytes {
            return Err(malformed("not in canonical form"));
        }
        Ok(payload)
    }
}

/// A decimal number without sign or leading zeros.
fn parse_decimal(text: &str) -> Option<u64> {
    if text.is_empty()
        || !text.bytes().all(|b| b.is_ascii_digit())
        || (text.len() > 1 && text.starts_with('0'))
    {
        return None;
    }
    text.parse().ok()
}

/// The issuing database's signature over a payload's canonical bytes (plain Ed25519).
pub fn sign_payload(
    payload: &CertificatePayload,
    key: &SigningKey,
) -> Result<Signature, PayloadError> {
    Ok(key.sign(&payload.canonical_bytes()?))
}

/// Whether `signature` is `key`'s over the payload (strict verification).
pub fn verify_payload(
    payload: &CertificatePayload,
    signature: &Signature,
    key: &VerifyingKey,
) -> Result<(), PayloadError> {
    key.verify_strict(&payload.canonical_bytes()?, signature)
        .map_err(|_| PayloadError::SignatureInvalid)
}

/// The text a certificate's QR code carries (see the module documentation).
pub fn qr_text(
    payload: &CertificatePayload,
    signature: &Signature,
) -> Result<String, PayloadError> {
    let canonical = payload.canonical_bytes()?;
    let mut bytes = signature.to_bytes().to_vec();
    bytes.extend_from_slice(&canonical[PAYLOAD_TAG.len()..]);
    let symbols = (bytes.len() * 8).div_ceil(5);
    Ok(format!(
        "{QR_PREFIX}{}",
        base32::encode_bits(&bytes, symbols)
    ))
}

/// Reads [`qr_text`] back into the payload and its signature (not yet verified: look up the
/// issuer's key by `payload.issuer_db` and call [`verify_payload`]).
pub fn parse_qr_text(text: &str) -> Result<(CertificatePayload, Signature), PayloadError> {
    let body = text
        .trim()
        .strip_prefix(QR_PREFIX)
        .ok_or_else(|| PayloadError::Malformed {
            reason: format!("it does not start with {QR_PREFIX}"),
        })?;
    let mut values = Vec::with_capacity(body.len());
    for character in body.chars() {
        values.push(
            base32::value(character).ok_or_else(|| PayloadError::Malformed {
                reason: format!("{character:?} is not base 32"),
            })?,
        );
    }
    let bytes = base32::decode_values(&values);
    let (signature, rest) =
        bytes
            .split_first_chunk::<64>()
            .ok_or_else(|| PayloadError::Malformed {
                reason: "too short to hold a signature".to_string(),
            })?;
    let mut canonical = PAYLOAD_TAG.to_vec();
    canonical.extend_from_slice(rest);
    let payload = CertificatePayload::from_canonical_bytes(&canonical)?;
    Ok((payload, Signature::from_bytes(signature)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_code() -> CertificateCode {
        CertificateCode::from_bytes(&[0x5a, 0x3c, 0x91, 0xe7, 0x02, 0xbd, 0x48, 0x6f])
    }

    fn payload() -> CertificatePayload {
        CertificatePayload {
            issuer_db: "0b9f3c2e-1d4a-4f7e-9a61-2c5d8e7f0a13".to_string(),
            issued_at: "2026-11-27T02:00:00Z".to_string(),
            course_id: "dan-van-co-ban".to_string(),
            course_version: "3.1.0".to_string(),
            person_id: "6c1e2f0a-8b3d-4e5f-a6b7-c8d9e0f1a2b3".to_string(),
            staff_code: "CB-0421".to_string(),
            name: "Nguyễn Thị Hồng Nhung".to_string(),
            completed_at: "2026-11-26T07:05:09Z".to_string(),
            best_permille: Some(855),
        }
    }

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    #[test]
    fn a_code_prints_as_dv_three_groups_and_a_check() {
        let shown = sample_code().to_string();
        assert_eq!(shown.len(), 19);
        assert!(shown.starts_with("DV-"));
        assert_eq!(shown.matches('-').count(), 4);
        assert_eq!(CertificateCode::parse(&shown), Ok(sample_code()));
    }

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let code = sample_code();
        let shown = code.to_string();
        let bare = shown.replace('-', "");
        for typed in [
            shown.to_lowercase(),
            bare.clone(),
            bare[2..].to_string(),
            shown.replace('-', " "),
            format!("  {shown} "),
            shown.replace('0', "O").replace('1', "l"),
        ] {
            assert_eq!(CertificateCode::parse(&typed), Ok(code), "{typed}");
        }
    }

    /// Symbol positions (in the printed code) of the 12 data symbols and the check.
    fn symbol_positions(shown: &str) -> Vec<usize> {
        shown
            .char_indices()
            .skip(3)
            .filter(|(_, c)| *c != '-')
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn every_single_substitution_is_mistyped() {
        for code in [sample_code(), CertificateCode::from_bytes(&[0; 8])] {
            let shown = code.to_string();
            let positions = symbol_positions(&shown);
            assert_eq!(positions.len(), 13);
            for &at in &positions {
                for &replacement in base32::ALPHABET {
                    let mut typed = shown.clone().into_bytes();
                    if typed[at] == replacement {
                        continue;
                    }
                    typed[at] = replacement;
                    let typed = String::from_utf8(typed).expect("ascii");
                    assert_eq!(
                        CertificateCode::parse(&typed),
                        Err(Mistyped::CheckFailed),
                        "{typed}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_transposition_is_mistyped() {
        let shown = sample_code().to_string();
        let positions = symbol_positions(&shown);
        for (i, &a) in positions.iter().enumerate() {
            // Adjacent (across a hyphen too), and every farther pair as well.
            for &b in &positions[i + 1..] {
                let mut typed = shown.clone().into_bytes();
                if typed[a] == typed[b] {
                    continue;
                }
                typed.swap(a, b);
                let typed = String::from_utf8(typed).expect("ascii");
                assert_eq!(
                    CertificateCode::parse(&typed),
                    Err(Mistyped::CheckFailed),
                    "{typed}"
                );
            }
        }
    }

    #[test]
    fn the_check_catches_adjacent_swaps_for_every_pair_of_symbols() {
        // Independent of the sample: for every position and every pair of values, swapping two
        // adjacent data symbols, or the last one with the check, changes the check.
        for position in 0..DATA_SYMBOLS {
            for a in 0..32u8 {
                for b in 0..32u8 {
                    if a == b {
                        continue;
                    }
                    let mut values = [7u8; DATA_SYMBOLS];
                    values[position] = a;
                    let code = CertificateCode(values);
                    if position + 1 < DATA_SYMBOLS {
                        values[position + 1] = b;
                        let original = CertificateCode(values);
                        values.swap(position, position + 1);
                        let swapped = CertificateCode(values);
                        assert_ne!(original.check_value(), swapped.check_value());
                    } else {
                        // The last data symbol and the check swapped: values[last] becomes the
                        // old check and the check becomes `a`.
                        let check = code.check_value();
                        if check == a {
                            continue;
                        }
                        values[position] = check;
                        assert_ne!(CertificateCode(values).check_value(), a);
                    }
                }
            }
        }
    }

    #[test]
    fn other_typing_mistakes_are_mistyped_too() {
        let shown = sample_code().to_string();
        assert_eq!(CertificateCode::parse(""), Err(Mistyped::Empty));
        assert_eq!(CertificateCode::parse(" - "), Err(Mistyped::Empty));
        assert!(matches!(
            CertificateCode::parse(&shown[..shown.len() - 2]),
            Err(Mistyped::WrongLength { .. })
        ));
        assert!(matches!(
            CertificateCode::parse(&format!("{shown}7")),
            Err(Mistyped::WrongLength { .. })
        ));
        assert!(matches!(
            CertificateCode::parse(&shown.replacen('D', "U", 1)),
            Err(Mistyped::BadCharacter {
                character: 'U',
                position: 1
            })
        ));
        assert_eq!(
            CertificateCode::parse(&shown.replacen("DV", "VD", 1)),
            Err(Mistyped::WrongPrefix)
        );
        // The old format-1 codes are not certificate codes of this kind.
        assert!(CertificateCode::parse("7K2M9QXD-4HJ8P-ZT3WA").is_err());
        assert!(CertificateCode::parse(&shown)
            .map(|c| c.key().len())
            .is_ok_and(|n| n == 12));
    }

    #[test]
    fn the_code_of_a_signature_is_its_first_sixty_bits() {
        let signature = sign_payload(&payload(), &key(1)).expect("sign");
        let code = CertificateCode::from_signature(&signature);
        let bytes = signature.to_bytes();
        assert_eq!(code, CertificateCode::from_bytes(&bytes[..8]));
        assert_eq!(code.key(), base32::encode_bits(&bytes, 12));
    }

    #[test]
    fn canonical_bytes_are_tag_then_length_prefixed_fields() {
        let p = CertificatePayload {
            issuer_db: "db".to_string(),
            issued_at: "t1".to_string(),
            course_id: "c".to_string(),
            course_version: "12".to_string(),
            person_id: "p".to_string(),
            staff_code: String::new(),
            name: "Ấn".to_string(),
            completed_at: "t0".to_string(),
            best_permille: None,
        };
        let mut expected = b"danvan-certificate-v1\0".to_vec();
        for field in ["db", "t1", "c", "12", "p", "", "Ấn", "t0", ""] {
            expected.extend_from_slice(&(field.len() as u16).to_be_bytes());
            expected.extend_from_slice(field.as_bytes());
        }
        assert_eq!(p.canonical_bytes(), Ok(expected.clone()));
        assert_eq!(CertificatePayload::from_canonical_bytes(&expected), Ok(p));
    }

    #[test]
    fn canonical_bytes_read_back_only_when_canonical() {
        let bytes = payload().canonical_bytes().expect("bytes");
        assert_eq!(
            CertificatePayload::from_canonical_bytes(&bytes),
            Ok(payload())
        );
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(CertificatePayload::from_canonical_bytes(&extra).is_err());
        assert!(CertificatePayload::from_canonical_bytes(&bytes[..bytes.len() - 1]).is_err());
        let mut leading_zero = payload();
        leading_zero.best_permille = Some(3);
        let text = leading_zero.canonical_bytes().expect("bytes");
        // Replace best_permille "3" (length 1) with "03" (length 2).
        let needle = [0u8, 1, b'3'];
        let at = text
            .windows(3)
            .position(|w| w == needle)
            .expect("version field");
        let mut forged = text[..at].to_vec();
        forged.extend_from_slice(&[0, 2, b'0', b'3']);
        forged.extend_from_slice(&text[at + 3..]);
        assert!(CertificatePayload::from_canonical_bytes(&forged).is_err());
    }

    #[test]
    fn a_signed_payload_verifies_and_any_change_does_not() {
        let signature = sign_payload(&payload(), &key(1)).expect("sign");
        assert_eq!(
            verify_payload(&payload(), &signature, &key(1).verifying_key()),
            Ok(())
        );
        assert_eq!(
            verify_payload(&payload(), &signature, &key(2).verifying_key()),
            Err(PayloadError::SignatureInvalid)
        );
        let mut changed = payload();
        changed.best_permille = Some(1000);
        assert_eq!(
            verify_payload(&changed, &signature, &key(1).verifying_key()),
            Err(PayloadError::SignatureInvalid)
        );
        let mut moved = payload();
        // Moving bytes between neighbouring fields changes the canonical form.
        moved.staff_code = "CB-042".to_string();
        moved.name = format!("1{}", moved.name);
        assert!(verify_payload(&moved, &signature, &key(1).verifying_key()).is_err());
    }

    #[test]
    fn payloads_with_bad_fields_are_not_signed() {
        let mut p = payload();
        p.name = "A\u{1b}]0;PWNED\u{7}".to_string();
        assert_eq!(
            sign_payload(&p, &key(1)),
            Err(PayloadError::ControlCharacter { field: "name" })
        );
        let mut p = payload();
        p.name = "x".repeat(MAX_FIELD_BYTES + 1);
        assert_eq!(
            sign_payload(&p, &key(1)),
            Err(PayloadError::FieldTooLong { field: "name" })
        );
        let mut p = payload();
        p.best_permille = Some(1500);
        assert!(matches!(
            sign_payload(&p, &key(1)),
            Err(PayloadError::ScoreOutOfRange { permille: 1500 })
        ));
    }

    #[test]
    fn percentages_become_permille_only_in_range() {
        assert_eq!(permille_from_percent(85.5), Some(855));
        assert_eq!(permille_from_percent(100.0), Some(1000));
        assert_eq!(permille_from_percent(0.0), Some(0));
        assert_eq!(permille_from_percent(66.666), Some(667));
        assert_eq!(permille_from_percent(1e308), None);
        assert_eq!(permille_from_percent(-50.0), None);
        assert_eq!(permille_from_percent(f64::NAN), None);
        assert_eq!(permille_from_percent(f64::INFINITY), None);
    }

    #[test]
    fn qr_text_round_trips_and_is_alphanumeric() {
        let signature = sign_payload(&payload(), &key(1)).expect("sign");
        let text = qr_text(&payload(), &signature).expect("qr text");
        assert!(text.starts_with("DV2:"));
        assert!(text[4..]
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
        let (read, read_signature) = parse_qr_text(&text).expect("parse");
        assert_eq!(read, payload());
        assert_eq!(read_signature, signature);
        assert_eq!(
            verify_payload(&read, &read_signature, &key(1).verifying_key()),
            Ok(())
        );
        assert!(parse_qr_text(&text.to_lowercase().replace("dv2:", "DV2:")).is_ok());
    }

    #[test]
    fn damaged_qr_text_is_refused_or_fails_to_verify() {
        let signature = sign_payload(&payload(), &key(1)).expect("sign");
        let text = qr_text(&payload(), &signature).expect("qr text");
        assert!(parse_qr_text("DV1:ABC").is_err());
        assert!(parse_qr_text("DV2:ABC").is_err());
        assert!(parse_qr_text(&format!("{text}U")).is_err());
        assert!(parse_qr_text(&text[..text.len() - 10]).is_err());
        // One symbol changed in the payload part: either unreadable or a bad signature.
        let mut bytes = text.into_bytes();
        let at = bytes.len() - 20;
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(bytes).expect("ascii");
        match parse_qr_text(&changed) {
            Err(_) => {}
            Ok((p, s)) => assert_eq!(
                verify_payload(&p, &s, &key(1).verifying_key()),
                Err(PayloadError::SignatureInvalid)
            ),
        }
    }
}

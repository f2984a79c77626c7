//! Crockford's base 32 (digits and letters without I, L, O and U), the alphabet of every code a
//! person reads aloud or types: key fingerprints and certificate codes.
//!
//! Reading is forgiving the way Crockford intends: lower case is upper case, `I` and `L` are
//! read as `1`, `O` as `0`. `U` is not a symbol.

/// The 32 symbols, value 0 first.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The symbol for a value (only its low 5 bits are used).
pub fn symbol(value: u8) -> char {
    char::from(ALPHABET[usize::from(value & 31)])
}

/// The value of a symbol, case-insensitively, with Crockford's aliases (I, L → 1; O → 0).
pub fn value(symbol: char) -> Option<u8> {
    let upper = symbol.to_ascii_uppercase();
    let upper = match upper {
        'I' | 'L' => '1',
        'O' => '0',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&s| char::from(s) == upper)
        .and_then(|p| u8::try_from(p).ok())
}

/// `count` symbols from the leading bits of `bytes` (5 bits each, most significant first);
/// missing bits past the end of `bytes` are zero.
pub fn encode_bits(bytes: &[u8], count: usize) -> String {
    (0..count)
        .map(|i| symbol(take_bits(bytes, i * 5, 5)))
        .collect()
}

/// The 5-bit values back as bytes (most significant first); a final partial byte is dropped.
pub fn decode_values(values: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(values.len() * 5 / 8);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &v in values {
        acc = (acc << 5) | u32::from(v & 31);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            bytes.push(((acc >> bits) & 0xff) as u8);
        }
    }
    bytes
}

/// `len` (≤ 8) bits of `bytes` from bit `start` (bit 0 is the top bit of byte 0), as a number.
fn take_bits(bytes: &[u8], start: usize, len: usize) -> u8 {
    let mut out = 0u8;
    for bit in start..start + len {
        let byte = bytes.get(bit / 8).copied().unwrap_or(0);
        out = (out << 1) | ((byte >> (7 - bit % 8)) & 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_reads_back_as_its_value() {
        for v in 0..32u8 {
            assert_eq!(value(symbol(v)), Some(v));
            assert_eq!(value(symbol(v).to_ascii_lowercase()), Some(v));
        }
    }

    #[test]
    fn crockford_aliases_and_refusals() {
        assert_eq!(value('o'), Some(0));
        assert_eq!(value('I'), Some(1));
        assert_eq!(value('l'), Some(1));
        assert_eq!(value('U'), None);
        assert_eq!(value('-'), None);
        assert_eq!(value('Đ'), None);
    }

    #[test]
    fn bits_round_trip() {
        let bytes = [0xde, 0xad, 0xbe, 0xef, 0x01];
        let text = encode_bits(&bytes, 8);
        let values: Vec<u8> = text.chars().filter_map(value).collect();
        assert_eq!(decode_values(&values), bytes);
        assert_eq!(encode_bits(&[0xff], 2), "ZW");
    }
}

//! Compressed records bundles: gzip (RFC 1952, through `flate2` on the pure-Rust zlib-rs).
//!
//! `export --compress` compresses the signed bundle as it is written: the signature is over the
//! bundle's own (uncompressed) bytes, so a bundle verifies the same compressed or not, and
//! compressing again (another level, another tool) changes nothing that is checked. When a
//! bundle is also sealed, it is compressed first and then sealed (sealed bytes do not
//! compress). Readers never ask which it is: [`plain`] looks at the first two bytes (gzip's
//! magic `1f 8b`) and decompresses or passes the bytes through. A compressed file that is
//! damaged or cut short fails with an error carrying [`Damaged`], so the caller can say so.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};

use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

/// How every gzip file begins.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Whether a file's first bytes are a gzip file's.
pub fn is_gzip(first_bytes: &[u8]) -> bool {
    first_bytes.starts_with(&GZIP_MAGIC)
}

/// The error inside an `io::Error` from a compressed stream that does not decompress.
#[derive(Debug)]
pub struct Damaged(pub String);

impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Damaged {}

/// Whether `e` came from a compressed stream that does not decompress; its detail if so.
pub fn damaged(e: &io::Error) -> Option<&str> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Damaged>())
        .map(|d| d.0.as_str())
}

/// A gzip stream's reader whose failures are marked [`Damaged`]. A stream that ends before
/// gzip's trailer (a file cut short) is damaged too, not a quiet end.
struct Gunzip<R: BufRead> {
    inner: MultiGzDecoder<R>,
}

impl<R: BufRead> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let detail = match e.kind() {
                io::ErrorKind::UnexpectedEof => "the compressed data is cut short".to_string(),
                _ => e.to_string(),
            };
            io::Error::new(io::ErrorKind::InvalidData, Damaged(detail))
        })
    }
}

/// The bytes of `r` as they were before compression: decompressed when they begin with gzip's
/// magic, else as they are.
pub fn plain<R: Read + Send + 'static>(mut r: R) -> io::Result<Box<dyn BufRead + Send>> {
    let mut head = [0u8; 2];
    let mut n = 0;
    while n < head.len() {
        match r.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    let whole = io::Cursor::new(head[..n].to_vec()).chain(r);
    if is_gzip(&head[..n]) {
        let inner = MultiGzDecoder::new(BufReader::with_capacity(1 << 16, whole));
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            Gunzip { inner },
        )))
    } else {
        Ok(Box::new(BufReader::with_capacity(1 << 16, whole)))
    }
}

/// A writer that gzips what is written to it. Call `finish()` (it writes gzip's trailer and
/// hands back `out`): without it the file is cut short and will not open.
pub fn gzip<W: Write>(out: W) -> GzEncoder<W> {
    GzEncoder::new(out, Compression::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: Vec<u8>) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        plain(io::Cursor::new(bytes))?.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn gzip_is_found_by_its_magic_and_anything_else_passes_through() {
        let text = b"{\"format\":\"danvan-records\"}\n".repeat(100);
        let mut z = gzip(Vec::new());
        z.write_all(&text).unwrap();
        let packed = z.finish().unwrap();
        assert!(is_gzip(&packed) && packed.len() < text.len());
        assert_eq!(read_all(packed.clone()).unwrap(), text);
        assert_eq!(read_all(text.clone()).unwrap(), text);
        assert_eq!(read_all(vec![0x1f]).unwrap(), vec![0x1f]);
        assert!(read_all(Vec::new()).unwrap().is_empty());
        // Cut short, or garbage after the magic: damaged, and said so.
        for bad in [
            packed[..packed.len() / 2].to_vec(),
            [&GZIP_MAGIC[..], b"not deflate at all"].concat(),
        ] {
            let e = read_all(bad).unwrap_err();
            assert!(damaged(&e).is_some(), "{e:?}");
        }
    }
}

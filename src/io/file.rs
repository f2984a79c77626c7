//! Files on disk as the kit reads and writes them: fingerprints of evidence files, new files that
//! never overwrite, and the cell styles the kit's workbooks share.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use crate::domain::i18n::Msg;

/// SHA-256 of a file, in hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h)?;
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// SHA-256 fingerprints of files, computed again only when a file's size or modification time
/// changed since (the criterion editor lists evidence files on every move; hashing each one
/// every time read whole files per key).
#[derive(Debug, Default)]
pub struct HashCache {
    known: std::cell::RefCell<
        std::collections::HashMap<PathBuf, (u64, std::time::SystemTime, String)>,
    >,
    /// How many files were read and hashed (a test counts them).
    pub computed: std::cell::Cell<u64>,
}

impl HashCache {
    /// The file's SHA-256 as [`sha256_file`] gives it, from the cache while its size and
    /// modification time are what they were.
    pub fn sha256(&self, path: &Path) -> std::io::Result<String> {
        let meta = std::fs::metadata(path)?;
        let stamp = (meta.len(), meta.modified()?);
        if let Some((len, at, hash)) = self.known.borrow().get(path) {
            if (*len, *at) == stamp {
                return Ok(hash.clone());
            }
        }
        let hash = sha256_file(path)?;
        self.computed.set(self.computed.get() + 1);
        self.known
            .borrow_mut()
            .insert(path.to_path_buf(), (stamp.0, stamp.1, hash.clone()));
        Ok(hash)
    }
}

/// Why a file could not be written.
#[derive(Debug)]
pub enum ExportError {
    /// The file already exists; the kit never overwrites one.
    Exists(PathBuf),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Xlsx(XlsxError),
}

impl ExportError {
    pub fn msg(&self) -> Msg {
        match self {
            ExportError::Exists(p) => Msg::new("report-out-exists").arg("file", p.display()),
            ExportError::Io { path, source } => Msg::new("report-write-failed")
                .arg("file", path.display())
                .arg("detail", source),
            ExportError::Xlsx(e) => Msg::new("report-write-failed")
                .arg("file", "xlsx")
                .arg("detail", e),
        }
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Exists(p) => write!(f, "{} already exists", p.display()),
            ExportError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ExportError::Xlsx(e) => write!(f, "xlsx: {e}"),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> Self {
        ExportError::Xlsx(e)
    }
}

/// Write bytes to a file that must not exist yet.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_new_with(path, |w| std::io::Write::write_all(w, bytes))
}

/// Write a file that must not exist yet through `write` (buffered, as it is produced, so a large
/// export never sits whole in memory); a failed write removes the half-written file.
pub fn write_new_with<T>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> std::io::Result<T>,
) -> Result<T, ExportError> {
    use std::io::Write;
    let f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ExportError::Exists(path.into()))
        }
        Err(source) => {
            return Err(ExportError::Io {
                path: path.into(),
                source,
            })
        }
    };
    let result = (|| {
        let mut w = std::io::BufWriter::new(&f);
        let out = write(&mut w)?;
        w.flush()?;
        drop(w);
        f.sync_all()?;
        Ok(out)
    })();
    result.map_err(|source| {
        let _ = std::fs::remove_file(path);
        ExportError::Io {
            path: path.into(),
            source,
        }
    })
}

/// Cell styles of the kit's workbooks (reports and records exports).
pub(crate) struct Formats {
    pub(crate) bold: Format,
    pub(crate) header: Format,
    pub(crate) wrap: Format,
    pub(crate) score: Format,
    pub(crate) datetime: Format,
}

impl Formats {
    pub(crate) fn new() -> Self {
        Formats {
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            score: Format::new()
                .set_num_format("0.00")
                .set_align(FormatAlign::Top),
            datetime: Format::new()
                .set_num_format("dd/mm/yyyy hh:mm")
                .set_align(FormatAlign::Top),
        }
    }
}

/// A bold, wrapped, top-aligned header row.
pub(crate) fn header_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[String],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, h) in cells.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, h, &f.header)?;
    }
    Ok(())
}

/// Column widths, from the first column.
pub(crate) fn widths(ws: &mut Worksheet, w: &[f64]) -> Result<(), XlsxError> {
    for (i, w) in w.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hash_is_computed_again_only_when_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bien-ban.txt");
        std::fs::write(&path, "Biên bản họp dân").unwrap();
        let cache = super::HashCache::default();
        let first = cache.sha256(&path).unwrap();
        assert_eq!(first, super::sha256_file(&path).unwrap());
        for _ in 0..10 {
            assert_eq!(cache.sha256(&path).unwrap(), first);
        }
        assert_eq!(cache.computed.get(), 1);
        // Another size: hashed again.
        std::fs::write(&path, "Biên bản họp dân, ấp 3").unwrap();
        assert_ne!(cache.sha256(&path).unwrap(), first);
        assert_eq!(cache.computed.get(), 2);
        // The same size, another time: hashed again.
        std::fs::write(&path, "Biên bản họp dân, ấp 4").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(later)
            .unwrap();
        let fourth = cache.sha256(&path).unwrap();
        assert_eq!(fourth, super::sha256_file(&path).unwrap());
        assert_eq!(cache.computed.get(), 3);
        // Gone: an error, as from sha256_file.
        std::fs::remove_file(&path).unwrap();
        assert!(cache.sha256(&path).is_err());
    }

    use super::*;
    use std::io::Write;

    #[test]
    fn a_streamed_file_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        let n = write_new_with(&path, |w| {
            w.write_all(b"[1,")?;
            w.write_all(b"2]\n")?;
            Ok(2)
        })
        .unwrap();
        assert_eq!((n, std::fs::read(&path).unwrap()), (2, b"[1,2]\n".to_vec()));
        // Never over an existing file, which stays as it was.
        let again = write_new_with(&path, |w| w.write_all(b"other"));
        assert!(matches!(again, Err(ExportError::Exists(_))));
        assert_eq!(std::fs::read(&path).unwrap(), b"[1,2]\n");
        // A failure half way removes what was written.
        let broken = dir.path().join("broken.json");
        let err = write_new_with(&broken, |w| {
            w.write_all(b"[1,")?;
            Err::<(), _>(std::io::Error::other("disk full"))
        });
        assert!(matches!(err, Err(ExportError::Io { .. })));
        assert!(!broken.exists());
    }
}

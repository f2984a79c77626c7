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
                .arg("cause", crate::domain::i18n::io_cause(source))
                .arg("detail", source),
            ExportError::Xlsx(e) => Msg::new("report-write-failed")
                .arg("file", "xlsx")
                .arg("cause", "other")
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
    write: impl FnOnce(&mut NewFileWriter<'_>) -> std::io::Result<T>,
) -> Result<T, ExportError> {
    write_new_or(
        path,
        |e| e,
        |w| {
            write(w).map_err(|source| ExportError::Io {
                path: path.into(),
                source,
            })
        },
    )
}

/// [`write_new_with`] for a writer whose failures are the caller's own errors `E` (a database
/// read midway, say); the file's own failures become `E` through `file_error`. A failure of
/// either kind removes the half-written file.
pub fn write_new_or<T, E>(
    path: &Path,
    file_error: impl Fn(ExportError) -> E,
    write: impl FnOnce(&mut NewFileWriter<'_>) -> Result<T, E>,
) -> Result<T, E> {
    use std::io::Write;
    let f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(file_error(ExportError::Exists(path.into())))
        }
        Err(source) => {
            return Err(file_error(ExportError::Io {
                path: path.into(),
                source,
            }))
        }
    };
    let mut w = std::io::BufWriter::with_capacity(WRITE_BUFFER, NewFile::new(&f));
    let written = write(&mut w);
    let finished = written.and_then(|out| {
        let synced = w.flush().and_then(|()| f.sync_all());
        synced.map(|()| out).map_err(|source| {
            file_error(ExportError::Io {
                path: path.into(),
                source,
            })
        })
    });
    drop(w);
    if finished.is_err() {
        let _ = std::fs::remove_file(path);
    }
    finished
}

/// The buffered writer of a new file (see [`NewFile`]).
pub type NewFileWriter<'f> = std::io::BufWriter<NewFile<'f>>;

/// A new file written once, front to back. On Linux what has been written is handed to the disk
/// and dropped from the page cache every few megabytes, as `dd oflag=nocache` does. A province's
/// xAPI export is over 12 GB: left in the cache, its dirty pages fill the PC's memory and the
/// kernel's reclaim makes the write's time grow far faster than its size (on the 2-core test
/// machine `dd` wrote 12.7 GB in 74 times the time of 1.27 GB, and the 100,000-person xAPI
/// export took 19 times the 10,000-person one; released as written, 10.9 times). The file is
/// synced when it is finished in any case, so this waits on no disk that was not waited on.
pub struct NewFile<'f> {
    file: &'f std::fs::File,
    /// Where the next write goes.
    at: u64,
    /// The furthest byte written.
    written: u64,
    /// Where the next release starts: the start of the step before the last, since pages still
    /// being written back are not dropped by the first advice and need a second.
    release_from: u64,
    /// Where the last release ended.
    released_to: u64,
}

/// The write buffer of a new file: a province's export makes a million fewer system calls with
/// it than with the standard 8 KB.
const WRITE_BUFFER: usize = 1 << 20;

/// How many bytes are written between two releases of the page cache.
const RELEASE_STEP: u64 = 32 << 20;

impl<'f> NewFile<'f> {
    fn new(file: &'f std::fs::File) -> Self {
        NewFile {
            file,
            at: 0,
            written: 0,
            release_from: 0,
            released_to: 0,
        }
    }

    /// Advise the kernel that the bytes written so far are not needed again: dirty pages start
    /// their write-back, clean ones leave the cache. Advice only; a refusal changes nothing.
    fn release(&mut self) {
        #[cfg(target_os = "linux")]
        if let (Ok(from), Ok(len)) = (
            libc::off_t::try_from(self.release_from),
            libc::off_t::try_from(self.written - self.release_from),
        ) {
            use std::os::fd::AsRawFd;
            // SAFETY: the descriptor is the open file borrowed for `'f`; posix_fadvise reads
            // no memory of ours and only advises the kernel about the file's cached pages.
            let _ = unsafe {
                libc::posix_fadvise(self.file.as_raw_fd(), from, len, libc::POSIX_FADV_DONTNEED)
            };
        }
        self.release_from = self.released_to;
        self.released_to = self.written;
    }
}

impl std::io::Write for NewFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = std::io::Write::write(&mut self.file, buf)?;
        self.at += n as u64;
        self.written = self.written.max(self.at);
        if self.written - self.released_to >= RELEASE_STEP {
            self.release();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::Write::flush(&mut self.file)
    }
}

/// A workbook's zip goes back to finish its entries' headers: correct over released pages (the
/// kernel reads them again), and the releases go on from the furthest byte written.
impl std::io::Seek for NewFile<'_> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.at = std::io::Seek::seek(&mut self.file, pos)?;
        Ok(self.at)
    }
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
    fn a_file_released_from_the_cache_as_it_is_written_keeps_every_byte() {
        use std::io::{Seek, SeekFrom, Write};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let file = std::fs::File::create(&path).unwrap();
        let mut out = super::NewFile::new(&file);
        let mut expected = Vec::new();
        // Odd-sized pieces over three and a half release steps, so releases fall mid-piece.
        let mut n = 0u32;
        while (expected.len() as u64) < super::RELEASE_STEP * 7 / 2 {
            let piece: Vec<u8> = (0..100_003u32).map(|i| (i ^ n) as u8).collect();
            out.write_all(&piece).unwrap();
            expected.extend_from_slice(&piece);
            n += 1;
        }
        assert!(
            out.released_to > super::RELEASE_STEP,
            "nothing was released"
        );
        // As a workbook's zip does: back to a header long since released, then on at the end.
        out.seek(SeekFrom::Start(10)).unwrap();
        out.write_all(b"header").unwrap();
        expected[10..16].copy_from_slice(b"header");
        out.seek(SeekFrom::End(0)).unwrap();
        out.write_all(b"tail").unwrap();
        expected.extend_from_slice(b"tail");
        out.flush().unwrap();
        file.sync_all().unwrap();
        assert!(std::fs::read(&path).unwrap() == expected);
    }

    #[test]
    fn a_writer_that_fails_midway_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("half.json");
        let r: Result<u64, String> = super::write_new_or(
            &path,
            |e| e.to_string(),
            |out| {
                std::io::Write::write_all(out, b"[{\"half\":").unwrap();
                std::io::Write::flush(out).unwrap();
                Err("the database went away".into())
            },
        );
        assert_eq!(r, Err("the database went away".into()));
        assert!(!path.exists());
        let r: Result<u64, String> = super::write_new_or(
            &path,
            |e| e.to_string(),
            |out| {
                std::io::Write::write_all(out, b"[]").unwrap();
                Ok(0)
            },
        );
        assert_eq!(r, Ok(0));
        assert_eq!(std::fs::read(&path).unwrap(), b"[]");
        // Never over a file that exists, which stays as it was.
        let r = super::write_new_or(&path, |e| e, |_| Ok(1));
        assert!(matches!(r, Err(super::ExportError::Exists(_))));
        assert_eq!(std::fs::read(&path).unwrap(), b"[]");
    }

    #[test]
    fn a_file_error_reads_in_the_users_language_not_the_systems() {
        use crate::domain::i18n::{I18n, Lang};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("khong-co").join("ho-so.csv");
        let e = super::write_new(&path, b"x").unwrap_err();
        let vi = I18n::new(Lang::Vi).msg(&e.msg());
        let en = I18n::new(Lang::En).msg(&e.msg());
        assert!(vi.contains("không có thư mục hay tệp này"), "{vi}");
        assert!(vi.contains("ho-so.csv"), "{vi}");
        assert!(en.contains("no such folder or file"), "{en}");
        for m in [&vi, &en] {
            assert!(!m.contains("os error"), "{m}");
        }
        // A cause with no words of its own still says what the system said.
        let other = super::ExportError::Io {
            path: path.clone(),
            source: std::io::Error::other("máy in hết giấy"),
        };
        let vi = I18n::new(Lang::Vi).msg(&other.msg());
        assert!(vi.contains("lỗi hệ thống (máy in hết giấy)"), "{vi}");
    }

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

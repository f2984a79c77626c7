//! The local SQLite store: safe opening (the migrations are in `schema`), backup and restore.
//! One file holds everything a person enters; nothing here knows about the terminal.

pub mod assessments;
pub mod attempts;
pub mod bulk;
mod bundle_delta;
mod bundle_reads;
pub mod certificates;
mod error;
mod hooks;
mod integrity;
pub mod merge;
pub mod people;
pub mod progress;
pub mod push;
pub mod question_stats;
pub mod records;
pub mod roster;
pub mod schema;
pub mod settings;
mod summary;
pub mod trainer;
pub mod trust;

use error::classify;
pub use error::{Result, StoreError};
pub use hooks::Hooks;
pub use integrity::quick_check_file;
pub use progress::LessonProgress;

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use schema::{register_functions, APPLICATION_ID, SCHEMA_VERSION};

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Set when the file was found damaged (`refuse_writes`): every write is then refused with
    /// that finding, so nothing is written into a damaged file.
    damaged: Option<String>,
    /// Thousands of SQLite steps left to a walking name search (`records::NamePlan::Walk`),
    /// `u64::MAX` when none walks: the connection's progress handler stops the walk at 0.
    walk_left: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// Now, in UTC, as stored: `2026-11-26T07:05:09Z`.
pub fn now_utc() -> String {
    crate::domain::dates::utc_stamp(time::OffsetDateTime::now_utc())
}

fn stamp() -> String {
    now_utc()
        .replace([':', '-'], "")
        .replace('T', "-")
        .trim_end_matches('Z')
        .to_string()
}

/// The default database: `danvan.db` in the OS local (never roaming) data folder.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "danvan", "danvan")
        .map(|d| d.data_local_dir().join("danvan.db"))
}

/// What a read-only look at an existing file found.
struct Inspection {
    version: i64,
}

/// Read the SQLite header without opening the file as a database, so a refused file gets no
/// `-wal`/`-shm` companions: `(application_id, user_version)`.
fn read_header(path: &Path) -> Result<(i64, i64)> {
    use std::io::Read;
    let mut header = [0u8; 100];
    let mut f = std::fs::File::open(path).map_err(|source| StoreError::Io {
        path: path.into(),
        source,
    })?;
    if f.read_exact(&mut header).is_err() || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotDanvan { path: path.into() });
    }
    let be = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]) as i64
    };
    Ok((be(68), be(60)))
}

/// Refuse, from the header alone, a file that is not danvan's or that a newer danvan wrote.
fn check_header(path: &Path) -> Result<i64> {
    let (app_id, version) = read_header(path)?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotDanvan { path: path.into() });
    }
    schema::refuse_negative(path, version)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.into(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

/// Whether a write-ahead log with data sits beside the file: then page 1 (and the header) may be
/// newer in the log than in the file, and only SQLite can tell the truth.
fn wal_has_data(path: &Path) -> bool {
    has_data(&beside(path, "-wal"))
}

/// The file SQLite keeps beside `path` under the name with `tail` added (`danvan.db-wal`).
fn beside(path: &Path, tail: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(tail);
    PathBuf::from(p)
}

/// Whether `path` is a file with at least one byte.
fn has_data(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// A rollback journal with data beside a danvan database: what a write in rollback-journal mode
/// (the kit's mode on a network folder, or another SQLite program's) leaves when it is cut off.
/// SQLite puts the file back as it was before that write, but only on a connection that may
/// write; the read-only inspection cannot, and took the file for a damaged one. So it is
/// recovered here first, by SQLite itself: opened to write and read once (a journal that is not
/// hot, or another program's write still under way, leaves the file as it is). A file whose
/// header is not a danvan database's is left alone, for the inspection to refuse unchanged.
/// Returns whether a journal is still beside the file afterwards.
fn recover_journal(path: &Path) -> Result<bool> {
    let journal = beside(path, "-journal");
    if !has_data(&journal) || check_header(path).is_err() {
        return Ok(journal.exists());
    }
    let at = |e: rusqlite::Error| classify(path, e);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(at)?;
    conn.busy_timeout(BUSY_WAIT).map_err(at)?;
    conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(at)?;
    Ok(journal.exists())
}

/// Whether the file's own header says it is a danvan database of this very schema, and nothing
/// beside it (a write-ahead log with data, a rollback journal) could say otherwise: then the
/// routine open skips the read-only inspection (a connection and two reads, about a millisecond
/// of every start). Anything else is inspected, and its error reported from there. `beside`:
/// whether a log with data or a journal sits beside it, as the open has already looked.
fn current_by_header(path: &Path, beside: bool) -> bool {
    !beside && matches!(check_header(path), Ok(SCHEMA_VERSION))
}

/// Open an existing file read-only and make sure it is a danvan database this build can read:
/// its header (unless a write-ahead log may hold a newer one), application id and schema
/// version. `unreadable` says what a failure to read the application id means, as the live
/// database and a backup tell it differently. Returns the connection and the file's version.
fn open_checked(
    path: &Path,
    unreadable: impl FnOnce(rusqlite::Error) -> StoreError,
) -> Result<(Connection, i64)> {
    if !wal_has_data(path) {
        check_header(path)?;
    }
    let ro = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| StoreError::NotDanvan { path: path.into() })?;
    let app_id: i64 = ro
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(unreadable)?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotDanvan { path: path.into() });
    }
    let version: i64 = ro.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    schema::refuse_negative(path, version)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.into(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok((ro, version))
}

/// Open `path` read-only and make sure it is a danvan database this build can use.
fn inspect(path: &Path) -> Result<Inspection> {
    let (ro, version) = open_checked(path, |e| match classify(path, e) {
        // Another program holding the file locked, or read-only media, is not damage.
        e @ (StoreError::NotDanvan { .. }
        | StoreError::Busy { .. }
        | StoreError::ReadOnly { .. }
        | StoreError::Corrupt { .. }) => e,
        e => StoreError::Corrupt {
            path: path.into(),
            detail: match e {
                StoreError::Database { source, .. } => source.to_string(),
                other => other.to_string(),
            },
        },
    })?;
    if version < SCHEMA_VERSION {
        // Before touching the schema, make sure the file is whole, then keep it as it was.
        // (Routine opens skip this full read: on a province-sized file it costs seconds, and
        // SQLite reports damaged pages when it meets them anyway.)
        let check: String = ro
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| StoreError::Corrupt {
                path: path.into(),
                detail: e.to_string(),
            })?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: path.into(),
                detail: check,
            });
        }
        schema::check_room(path, version)?;
        let backup = backup_name(path, &format!("before-v{SCHEMA_VERSION}"));
        ro.execute("VACUUM INTO ?1", [backup.to_string_lossy()])?;
    }
    Ok(Inspection { version })
}

/// What to tell the person when a patient write has to wait for another program (the plain
/// quiz prints a line). One per process: the front end sets it once at start.
type WaitNotice = Box<dyn Fn(&Path) + Send>;
static WAIT_NOTICE: std::sync::Mutex<Option<WaitNotice>> = std::sync::Mutex::new(None);

pub fn set_wait_notice(notice: impl Fn(&Path) + Send + 'static) {
    if let Ok(mut n) = WAIT_NOTICE.lock() {
        *n = Some(Box::new(notice));
    }
}

/// `danvan.db-wal` and `danvan.db-shm` beside `path`.
fn side_files(path: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|tail| beside(path, tail))
}

/// Whether `path` is an empty file with no write-ahead log: not a database, though SQLite would
/// silently make it one. Commands that only read refuse it.
pub fn is_empty_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) && !wal_has_data(path)
}

/// `dir/danvan.db` → `dir/danvan.<what>-<stamp>.db`
fn backup_name(path: &Path, what: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "danvan".into());
    let mut name = format!("{stem}.{what}-{}.db", stamp());
    let mut n = 1;
    while path.with_file_name(&name).exists() {
        n += 1;
        name = format!("{stem}.{what}-{}-{n}.db", stamp());
    }
    path.with_file_name(name)
}

/// Whether `path` holds a danvan database this build can read, judged from its header alone.
pub fn is_danvan_file(path: &Path) -> bool {
    wal_has_data(path) || check_header(path).is_ok()
}

/// How long a connection waits for another program's lock before it reports the file busy.
pub(crate) const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Network file systems often lack the shared memory WAL needs.
fn is_network_path(path: &Path) -> bool {
    #[cfg(windows)]
    {
        let s = path.to_string_lossy();
        if s.starts_with(r"\\?\UNC\") || (s.starts_with(r"\\") && !s.starts_with(r"\\?\")) {
            return true;
        }
    }
    #[cfg(target_os = "linux")]
    {
        let dir = path
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .unwrap_or_default();
        if let Ok(mounts) = std::fs::read_to_string("/proc/mounts") {
            let mut best: Option<(usize, String)> = None;
            for line in mounts.lines() {
                let mut parts = line.split_whitespace();
                let (_, Some(mount), Some(fstype)) = (parts.next(), parts.next(), parts.next())
                else {
                    continue;
                };
                if dir.starts_with(mount) && best.as_ref().is_none_or(|(len, _)| mount.len() > *len)
                {
                    best = Some((mount.len(), fstype.to_string()));
                }
            }
            if let Some((_, fs)) = best {
                return matches!(
                    fs.as_str(),
                    "nfs" | "nfs4" | "cifs" | "smb3" | "smbfs" | "fuse.sshfs" | "9p"
                );
            }
        }
    }
    let _ = path;
    false
}

impl Store {
    /// Open (or create) the database at `path`, checking and migrating it safely.
    pub fn open(path: &Path) -> Result<Store> {
        // A refused file keeps no companions it did not have: note which exist now.
        let side_before = side_files(path).map(|p| p.exists());
        let opened = Store::open_inner(path);
        if opened.is_err() {
            for (side, existed) in side_files(path).into_iter().zip(side_before) {
                let empty = std::fs::metadata(&side).map(|m| m.len() == 0);
                if !existed && empty.unwrap_or(false) {
                    let _ = std::fs::remove_file(side);
                }
            }
        }
        opened
    }

    fn open_inner(path: &Path) -> Result<Store> {
        // A new database's first pages may still sit in its write-ahead log.
        let wal = wal_has_data(path);
        let existing = has_data(path) || wal;
        let journal = existing && recover_journal(path)?;
        let from_version = if existing && current_by_header(path, wal || journal) {
            SCHEMA_VERSION
        } else if existing {
            inspect(path)?.version
        } else {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                    path: dir.into(),
                    source,
                })?;
            }
            0
        };
        let conn = Connection::open(path).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
                StoreError::Io {
                    path: path.into(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        "cannot open",
                    ),
                }
            }
            other => classify(path, other),
        })?;
        let at = |e: rusqlite::Error| classify(path, e);
        conn.busy_timeout(BUSY_WAIT).map_err(at)?;
        register_functions(&conn).map_err(|e| e.at(path))?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(at)?;
        let mode = if is_network_path(path) {
            "DELETE"
        } else {
            "WAL"
        };
        let _: String = conn
            .query_row(&format!("PRAGMA journal_mode={mode}"), [], |r| r.get(0))
            .or_else(|_| conn.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0)))
            .map_err(at)?;
        let mut store = Store::on(conn, path).map_err(at)?;
        store
            .migrate(from_version, SCHEMA_VERSION)
            .map_err(|e| e.at(path))?;
        Ok(store)
    }

    /// The store on an open connection, its progress handler installed: called every 1,000
    /// steps of any statement, it only ever stops a walking name search that is armed.
    pub(crate) fn on(mut conn: Connection, path: &Path) -> rusqlite::Result<Store> {
        let walk_left = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(u64::MAX));
        let left = walk_left.clone();
        conn.progress_handler(
            1_000,
            Some(move || {
                use std::sync::atomic::Ordering::Relaxed;
                match left.load(Relaxed) {
                    u64::MAX => false,
                    0 => true,
                    n => {
                        left.store(n - 1, Relaxed);
                        false
                    }
                }
            }),
        )?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            damaged: None,
            walk_left,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.reading(|| {
            Ok(self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?)
        })
    }

    /// Run a read: a SQLite error it meets names this file and its cause (damaged, busy,
    /// read-only…), as `write` does for writes.
    pub(crate) fn reading<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        f().map_err(|e| e.at(&self.path))
    }

    /// From now on refuse every write with `Damaged`, naming the file and `detail` (what
    /// `quick_check` found): the TUI calls this when its background check finds damage.
    pub fn refuse_writes(&mut self, detail: String) {
        self.damaged = Some(detail);
    }

    /// What damage was found, when writes are refused (see `refuse_writes`).
    pub fn damage(&self) -> Option<&str> {
        self.damaged.as_deref()
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Run `f` in an IMMEDIATE transaction: the write lock is taken up front, so a
    /// read-then-write never fails half-way with SQLITE_BUSY.
    /// A failure names the file and its cause (read-only, full, busy, damaged…).
    pub fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        self.write_if(|tx| f(tx).map(|out| (out, true)))
    }

    /// Like `write`, committing only when `f` says so (its second value): otherwise the
    /// transaction is rolled back, and `f`'s answer returned all the same.
    pub(crate) fn write_if<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<(T, bool)>,
    ) -> Result<T> {
        let path = self.path.clone();
        if let Some(detail) = &self.damaged {
            return Err(StoreError::Damaged {
                path,
                detail: detail.clone(),
            });
        }
        let run = || -> Result<T> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (out, commit) = f(&tx)?;
            if commit {
                tx.commit()?;
            } else {
                tx.rollback()?;
            }
            Ok(out)
        };
        run().map_err(|e| e.at(&path))
    }

    /// Like `write`, from a shared handle: an IMMEDIATE transaction on this connection (for the
    /// few writes made while reading, such as recording the key a bundle is signed with).
    pub fn write_now<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        if let Some(detail) = &self.damaged {
            return Err(StoreError::Damaged {
                path,
                detail: detail.clone(),
            });
        }
        let run = || -> Result<T> {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            match f(&self.conn) {
                Ok(out) => {
                    self.conn.execute_batch("COMMIT")?;
                    Ok(out)
                }
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    Err(e)
                }
            }
        };
        run().map_err(|e| e.at(&path))
    }

    /// Like `write`, for what a person just typed (a quiz answer): while another program holds
    /// the write lock it waits and tries again, telling the waiting notice (see
    /// `set_wait_notice`) once after a second; any other failure is returned. Never gives up on
    /// a busy database, so an answer is not dropped (the person can still stop with Ctrl+C).
    pub fn write_patiently<T>(
        &mut self,
        f: impl Fn(&rusqlite::Transaction) -> Result<T>,
    ) -> Result<T> {
        let _ = self.conn.busy_timeout(std::time::Duration::from_secs(1));
        let mut told = false;
        let out = loop {
            match self.write(&f) {
                Err(e) if e.is_busy() => {
                    if !told {
                        told = true;
                        if let Ok(notice) = WAIT_NOTICE.lock() {
                            if let Some(n) = notice.as_ref() {
                                n(&self.path);
                            }
                        }
                    }
                }
                other => break other,
            }
        };
        let _ = self.conn.busy_timeout(BUSY_WAIT);
        out
    }

    /// Make sure the file is whole before a write that changes many rows (an import, a merge, a
    /// restore): SQLite's `quick_check`, which reads every page once. Damage found is
    /// `Corrupt`, naming the file, and nothing is written.
    pub fn ensure_intact(&self) -> Result<()> {
        let found: Vec<String> = (|| {
            let mut stmt = self.conn.prepare("PRAGMA quick_check(5)")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<Vec<String>>>()
        })()
        .map_err(|e| match classify(&self.path, e) {
            StoreError::Database { source, .. } => StoreError::Corrupt {
                path: self.path.clone(),
                detail: source.to_string(),
            },
            other => other,
        })?;
        if found.len() == 1 && found[0] == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: found.join("; "),
            })
        }
    }

    /// A consistent copy of the database at `out`, which must not exist yet.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(StoreError::Exists { path: out.into() });
        }
        let made = self.conn.execute("VACUUM INTO ?1", [out.to_string_lossy()]);
        if let Err(e) = made {
            // The file is ours (it did not exist): leave no partial copy behind.
            let _ = std::fs::remove_file(out);
            // Damage is the database's; a full disk or a refused folder is the copy's.
            return Err(match classify(out, e) {
                StoreError::Corrupt { detail, .. } => StoreError::Corrupt {
                    path: self.path.clone(),
                    detail,
                },
                other => other,
            });
        }
        Ok(())
    }

    /// Replace this database with the backup at `from`, after checking the backup and keeping
    /// a copy of the current data beside it. Returns the path of that copy.
    pub fn restore_from(&mut self, from: &Path) -> Result<PathBuf> {
        let backup_version = inspect_backup(from)?;
        // What the restore must not undo: this database's identity (its key lives outside, under
        // its id), the keys it pinned, its trainer guard and its audit log.
        let carried = self.carried_over()?;
        let kept = backup_name(&self.path, "before-restore");
        self.backup_to(&kept)?;
        let path = self.path.clone();
        let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| classify(from, e))?;
        {
            let backup = rusqlite::backup::Backup::new(&src, &mut self.conn)
                .map_err(|e| classify(&path, e))?;
            backup
                .run_to_completion(256, std::time::Duration::from_millis(0), None)
                .map_err(|e| classify(&path, e))?;
        }
        self.migrate(backup_version, SCHEMA_VERSION)
            .map_err(|e| e.at(&path))?;
        self.carry_back(&carried)?;
        Ok(kept)
    }

    fn carried_over(&self) -> Result<Carried> {
        self.reading(|| {
            let conn = self.conn();
            let database_id = conn
                .query_row(
                    "SELECT value FROM settings WHERE key = 'database_id'",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            let guard = conn
                .query_row(
                    "SELECT passphrase_hash, set_at FROM trainer_guard WHERE id = 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let audit = conn
                .prepare("SELECT at, action, detail FROM audit_log ORDER BY id")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let pins = conn
                .prepare(
                    "SELECT fingerprint, public_key, db_id, role, how, pinned_at FROM trusted_keys",
                )?
                .query_map([], |r| {
                    Ok([
                        r.get::<_, Option<String>>(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ])
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Carried {
                database_id,
                guard,
                audit,
                pins,
            })
        })
    }

    /// Put back into the restored records what [`Store::carried_over`] read before: the same
    /// database id, pins and guard as before, and every audit entry (those the backup lacks are
    /// added; the backup's own stay).
    fn carry_back(&mut self, c: &Carried) -> Result<()> {
        self.write(|tx| {
            if let Some(id) = &c.database_id {
                tx.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES ('database_id', ?1)",
                    [id],
                )?;
            }
            tx.execute("DELETE FROM trainer_guard", [])?;
            if let Some((hash, at)) = &c.guard {
                tx.execute(
                    "INSERT INTO trainer_guard (id, passphrase_hash, set_at) VALUES (1, ?1, ?2)",
                    params![hash, at],
                )?;
            }
            for p in &c.pins {
                tx.execute(
                    "INSERT OR REPLACE INTO trusted_keys
                     (fingerprint, public_key, db_id, role, how, pinned_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![p[0], p[1], p[2], p[3], p[4], p[5]],
                )?;
            }
            for (at, action, detail) in &c.audit {
                tx.execute(
                    "INSERT INTO audit_log (at, action, detail)
                     SELECT ?1, ?2, ?3 WHERE NOT EXISTS
                        (SELECT 1 FROM audit_log WHERE at = ?1 AND action = ?2 AND detail = ?3)",
                    params![at, action, detail],
                )?;
            }
            Ok(())
        })
    }
}

/// What a restore keeps of the database it replaces.
struct Carried {
    database_id: Option<String>,
    guard: Option<(String, String)>,
    audit: Vec<(String, String, String)>,
    pins: Vec<[Option<String>; 6]>,
}

/// Check a backup file without changing it: danvan's, not newer, intact.
fn inspect_backup(path: &Path) -> Result<i64> {
    if !path.is_file() {
        return Err(StoreError::Io {
            path: path.into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
        });
    }
    let (ro, version) = open_checked(path, |_| StoreError::NotDanvan { path: path.into() })?;
    let check: String = ro.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: path.into(),
            detail: check,
        });
    }
    Ok(version)
}

//! Each database's own keys, kept in files outside the database: the Ed25519 signing key that
//! signs its bundles and certificates, the age X25519 identity that opens bundles sealed to it,
//! and the public key file that others are given.
//!
//! # Where and how
//!
//! One folder (in production [`default_key_dir`], the local data folder's `keys`; tests pass a
//! temporary one) holds, per database id `ID`:
//!
//! | file | holds | mode |
//! | --- | --- | --- |
//! | `ID.ed25519` | the signing key (`ed25519-secret:`, base 64 of its 32-byte seed) | 0600 |
//! | `ID.age` | the age identity (`AGE-SECRET-KEY-1…`, an age identity file) | 0600 |
//! | `ID.pub` | the [`PublicKeyFile`]: both public halves | 0644 |
//! | `ID.pub.retired-TIME` | public key files of keys replaced by [`rotate`] | 0644 |
//!
//! **Decision: plain files, mode 0600, not encrypted under the trainer passphrase.** The point
//! of the key is that it does not travel with the database: a backup, a copied `danvan.db` or
//! a database restored on another PC holds no key, so it cannot sign as this database (it finds
//! no key for its id and must make a new one). Encrypting the key under the passphrase would
//! add nothing against that, would make every export and certificate ask for the passphrase
//! (officials print their own certificates), and would tie the key to a passphrase that
//! `reset-passphrase` exists to forget. What a 0600 file does not stop: someone who can read
//! the user's files on this PC (an administrator, malware, the same account) can copy the key.
//!
//! Every file is written atomically (a temporary file in the same folder, synced, then moved
//! into place; a new key is linked into place so that two programs making the first key at
//! the same moment end up with the same one). Errors name the file.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ed25519_dalek::{SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::domain::signing::{public_key_from_text, public_key_to_text, KeyFingerprint};

/// The first line's `format:` of a public key file.
pub const PUBLIC_KEY_FORMAT: &str = "danvan-public-key 1";

/// Why a key could not be read, made or written.
#[derive(Debug)]
pub enum KeyError {
    /// The database id cannot name a file (only letters, digits, `-` and `_`, 1 to 64).
    BadDatabaseId { id: String },
    /// Reading, writing or listing `path` failed.
    Io { path: PathBuf, error: io::Error },
    /// `path` exists but does not hold what it should.
    Damaged { path: PathBuf, reason: String },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::BadDatabaseId { id } => {
                write!(f, "database id {id:?} cannot name a key file")
            }
            KeyError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            KeyError::Damaged { path, reason } => {
                write!(f, "{} is not a usable key file: {reason}", path.display())
            }
        }
    }
}

impl std::error::Error for KeyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            KeyError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> KeyError + '_ {
    move |error| KeyError::Io {
        path: path.to_path_buf(),
        error,
    }
}

fn damaged(path: &Path, reason: impl Into<String>) -> KeyError {
    KeyError::Damaged {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// The keys folder in the local data folder (`…/danvan/keys`), if the OS has one.
pub fn default_key_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "danvan", "danvan")
        .map(|d| d.data_local_dir().join("keys"))
}

/// The signing key file of a database.
pub fn signing_key_path(dir: &Path, db_id: &str) -> Result<PathBuf, KeyError> {
    Ok(dir.join(format!("{}.ed25519", checked_id(db_id)?)))
}

/// The age identity file of a database.
pub fn age_identity_path(dir: &Path, db_id: &str) -> Result<PathBuf, KeyError> {
    Ok(dir.join(format!("{}.age", checked_id(db_id)?)))
}

/// The public key file of a database.
pub fn public_key_path(dir: &Path, db_id: &str) -> Result<PathBuf, KeyError> {
    Ok(dir.join(format!("{}.pub", checked_id(db_id)?)))
}

fn checked_id(db_id: &str) -> Result<&str, KeyError> {
    let ok = !db_id.is_empty()
        && db_id.len() <= 64
        && db_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(db_id)
    } else {
        Err(KeyError::BadDatabaseId {
            id: db_id.to_string(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The signing key

/// The database's signing key, if this folder has one.
pub fn load(dir: &Path, db_id: &str) -> Result<Option<SigningKey>, KeyError> {
    let path = signing_key_path(dir, db_id)?;
    let Some(text) = read_secret_file(&path)? else {
        return Ok(None);
    };
    parse_signing_key(&path, &text, db_id).map(Some)
}

/// The database's signing key, made from OS randomness if there is none yet (`created` is
/// then true, and the public key file is written too). Also makes the age identity.
pub fn load_or_create(dir: &Path, db_id: &str) -> Result<(SigningKey, bool), KeyError> {
    if let Some(key) = load(dir, db_id)? {
        let identity = load_or_create_age_identity(dir, db_id)?.0;
        ensure_public_file(dir, db_id, &key, &identity)?;
        return Ok((key, false));
    }
    ensure_dir(dir)?;
    let key = SigningKey::generate(&mut rand_core::OsRng);
    let path = signing_key_path(dir, db_id)?;
    let created = install_new(&path, &signing_key_text(&key, db_id))?;
    // Another program may have made the key first: use whichever is in place.
    let key = match load(dir, db_id)? {
        Some(key) => key,
        None => return Err(damaged(&path, "it vanished just after it was written")),
    };
    let identity = load_or_create_age_identity(dir, db_id)?.0;
    ensure_public_file(dir, db_id, &key, &identity)?;
    Ok((key, created))
}

/// Replaces the database's signing key with a new one (for `reset-passphrase`): the old
/// public key file is kept as `ID.pub.retired-TIME`, for the record, and a new one written.
/// The age identity stays, so bundles already sealed to this database still open.
pub fn rotate(dir: &Path, db_id: &str) -> Result<SigningKey, KeyError> {
    ensure_dir(dir)?;
    let public = public_key_path(dir, db_id)?;
    let identity = load_or_create_age_identity(dir, db_id)?.0;
    // The old key's public file is written under its retired name first (built from the key
    // itself, so it is kept even if `ID.pub` was lost): a crash at any later step leaves it.
    if let Some(old) = load(dir, db_id)? {
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .unwrap_or_else(|_| "unknown".to_string());
        let mut retired = public.with_file_name(format!("{db_id}.pub.retired-{stamp}"));
        let mut n = 1;
        while retired.exists() {
            n += 1;
            retired = public.with_file_name(format!("{db_id}.pub.retired-{stamp}-{n}"));
        }
        PublicKeyFile::new(db_id, &old.verifying_key(), &identity.to_public()).write(&retired)?;
    }
    let key = SigningKey::generate(&mut rand_core::OsRng);
    let path = signing_key_path(dir, db_id)?;
    write_atomically(&path, &signing_key_text(&key, db_id), 0o600)?;
    PublicKeyFile::new(db_id, &key.verifying_key(), &identity.to_public()).write(&public)?;
    Ok(key)
}

/// The public key files of the database's former signing keys (those [`rotate`] replaced),
/// oldest first. A file that cannot be read as one is left out: it vouches for nothing.
pub fn retired_public_keys(dir: &Path, db_id: &str) -> Result<Vec<PublicKeyFile>, KeyError> {
    let prefix = format!("{}.pub.retired-", checked_id(db_id)?);
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(dir)(e)),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix))
        })
        .collect();
    paths.sort();
    Ok(paths
        .iter()
        .filter_map(|p| PublicKeyFile::read(p).ok())
        .filter(|f| f.database_id == db_id)
        .collect())
}

fn signing_key_text(key: &SigningKey, db_id: &str) -> Zeroizing<String> {
    let seed = Zeroizing::new(BASE64.encode(key.to_bytes()));
    Zeroizing::new(format!(
        "# danvan signing key (Ed25519) of database {db_id}. Keep it private: it is in no backup.\n\
         # fingerprint: {}\n\
         database: {db_id}\n\
         ed25519-secret: {}\n",
        KeyFingerprint::of(&key.verifying_key()),
        seed.as_str()
    ))
}

fn parse_signing_key(path: &Path, text: &str, db_id: &str) -> Result<SigningKey, KeyError> {
    let fields = key_value_lines(path, text)?;
    match field(&fields, "database") {
        Some(id) if id == db_id => {}
        Some(id) => {
            return Err(damaged(
                path,
                format!("it belongs to database {id}, not {db_id}"),
            ))
        }
        None => return Err(damaged(path, "it names no database")),
    }
    let seed = field(&fields, "ed25519-secret").ok_or_else(|| damaged(path, "no key in it"))?;
    let bytes = Zeroizing::new(
        BASE64
            .decode(seed)
            .map_err(|_| damaged(path, "the key is not base 64"))?,
    );
    let seed: &[u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| damaged(path, "the key is not 32 bytes"))?;
    Ok(SigningKey::from_bytes(seed))
}

// ---------------------------------------------------------------------------------------------
// The age identity

/// The database's age identity, made from OS randomness if there is none yet.
pub fn load_or_create_age_identity(
    dir: &Path,
    db_id: &str,
) -> Result<(age::x25519::Identity, bool), KeyError> {
    let path = age_identity_path(dir, db_id)?;
    if let Some(text) = read_secret_file(&path)? {
        return parse_age_identity(&path, &text).map(|i| (i, false));
    }
    ensure_dir(dir)?;
    let identity = age::x25519::Identity::generate();
    let text = Zeroizing::new(format!(
        "# danvan decryption key (age X25519) of database {db_id}. Keep it private.\n\
         # public key: {}\n\
         {}\n",
        identity.to_public(),
        identity.to_string().expose_secret()
    ));
    let created = install_new(&path, &text)?;
    let text = read_secret_file(&path)?
        .ok_or_else(|| damaged(&path, "it vanished just after it was written"))?;
    parse_age_identity(&path, &text).map(|i| (i, created))
}

/// The database's age identity, if this folder has one.
pub fn load_age_identity(
    dir: &Path,
    db_id: &str,
) -> Result<Option<age::x25519::Identity>, KeyError> {
    let path = age_identity_path(dir, db_id)?;
    match read_secret_file(&path)? {
        Some(text) => parse_age_identity(&path, &text).map(Some),
        None => Ok(None),
    }
}

fn parse_age_identity(path: &Path, text: &str) -> Result<age::x25519::Identity, KeyError> {
    let mut keys = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let line = keys.next().ok_or_else(|| damaged(path, "no key in it"))?;
    if keys.next().is_some() {
        return Err(damaged(path, "more than one key in it"));
    }
    line.parse::<age::x25519::Identity>()
        .map_err(|e| damaged(path, format!("not an age X25519 identity ({e})")))
}

// ---------------------------------------------------------------------------------------------
// The public key file

/// What a database gives others: its id, the Ed25519 key that checks its bundles and
/// certificates, and the age recipient that bundles for it are sealed to. Its fingerprint is
/// the Ed25519 key's.
///
/// As text (UTF-8, `key: value` lines; `#` lines are comments; unknown keys are ignored, a
/// repeated key is an error):
///
/// ```text
/// # danvan public key of database 0b9f3c2e-…; compare the fingerprint by phone before trusting it.
/// format: danvan-public-key 1
/// database: 0b9f3c2e-1d4a-4f7e-9a61-2c5d8e7f0a13
/// ed25519: <standard base 64 of the 32-byte verifying key>
/// age: age1…
/// fingerprint: 7K2M-9QXD-4HJ8-PZT3-WA0B-C5EF-GHJK-MN6P
/// ```
///
/// `fingerprint` is optional when reading; if present it must match `ed25519` (a typo in the
/// key is then caught). Anyone can write such a file: trust comes from comparing the
/// fingerprint with the sender, not from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyFile {
    pub database_id: String,
    pub signing: VerifyingKey,
    pub recipient: age::x25519::Recipient,
}

impl PublicKeyFile {
    pub fn new(db_id: &str, signing: &VerifyingKey, recipient: &age::x25519::Recipient) -> Self {
        PublicKeyFile {
            database_id: db_id.to_string(),
            signing: *signing,
            recipient: recipient.clone(),
        }
    }

    pub fn fingerprint(&self) -> KeyFingerprint {
        KeyFingerprint::of(&self.signing)
    }

    pub fn to_text(&self) -> String {
        format!(
            "# danvan public key of database {id}; compare the fingerprint by phone before trusting it.\n\
             format: {PUBLIC_KEY_FORMAT}\n\
             database: {id}\n\
             ed25519: {ed}\n\
             age: {age}\n\
             fingerprint: {fp}\n",
            id = self.database_id,
            ed = public_key_to_text(&self.signing),
            age = self.recipient,
            fp = self.fingerprint(),
        )
    }

    /// Reads the text form; `path` only names the source in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Self, KeyError> {
        let fields = key_value_lines(path, text)?;
        match field(&fields, "format") {
            Some(PUBLIC_KEY_FORMAT) => {}
            Some(other) => {
                return Err(damaged(
                    path,
                    format!("its format is {other:?}, not {PUBLIC_KEY_FORMAT:?}"),
                ))
            }
            None => return Err(damaged(path, "it is not a danvan public key file")),
        }
        let database_id =
            field(&fields, "database").ok_or_else(|| damaged(path, "it names no database"))?;
        checked_id(database_id).map_err(|_| damaged(path, "its database id is not valid"))?;
        let signing = field(&fields, "ed25519")
            .and_then(public_key_from_text)
            .ok_or_else(|| damaged(path, "its ed25519 key is missing or not valid"))?;
        let recipient = field(&fields, "age")
            .ok_or_else(|| damaged(path, "its age key is missing"))?
            .parse::<age::x25519::Recipient>()
            .map_err(|e| damaged(path, format!("its age key is not valid ({e})")))?;
        let file = PublicKeyFile {
            database_id: database_id.to_string(),
            signing,
            recipient,
        };
        if let Some(written) = field(&fields, "fingerprint") {
            match KeyFingerprint::parse(written) {
                Ok(fp) if fp == file.fingerprint() => {}
                _ => {
                    return Err(damaged(
                        path,
                        "its fingerprint does not match its ed25519 key",
                    ))
                }
            }
        }
        Ok(file)
    }

    /// Reads a public key file.
    pub fn read(path: &Path) -> Result<Self, KeyError> {
        let bytes = fs::read(path).map_err(io_error(path))?;
        if bytes.len() > 64 * 1024 {
            return Err(damaged(path, "it is far too large for a public key file"));
        }
        let text = String::from_utf8(bytes).map_err(|_| damaged(path, "it is not text"))?;
        Self::parse(path, &text)
    }

    /// Writes it atomically (mode 0644).
    pub fn write(&self, path: &Path) -> Result<(), KeyError> {
        write_atomically(path, &self.to_text(), 0o644)
    }
}

/// Where a public key file the trainer pinned (`trainer trust FILE`) is kept, so a sealed
/// export can name its receiver by fingerprint alone: `known/FINGERPRINT.pub` in the keys folder.
pub fn known_public_key_path(dir: &Path, fingerprint: &KeyFingerprint) -> PathBuf {
    dir.join("known").join(format!("{fingerprint}.pub"))
}

/// Keep a copy of another database's public key file (see [`known_public_key_path`]).
pub fn save_known_public_key(dir: &Path, file: &PublicKeyFile) -> Result<PathBuf, KeyError> {
    let path = known_public_key_path(dir, &file.fingerprint());
    if let Some(parent) = path.parent() {
        ensure_dir(parent)?;
    }
    file.write(&path)?;
    Ok(path)
}

/// A public key file kept for `fingerprint`, if there is one and it is that key's.
pub fn known_public_key(dir: &Path, fingerprint: &KeyFingerprint) -> Option<PublicKeyFile> {
    PublicKeyFile::read(&known_public_key_path(dir, fingerprint))
        .ok()
        .filter(|f| f.fingerprint() == *fingerprint)
}

/// This database's public key file as it should be; rewritten if missing or stale.
pub fn own_public_key_file(dir: &Path, db_id: &str) -> Result<PublicKeyFile, KeyError> {
    let (key, _) = load_or_create(dir, db_id)?;
    let (identity, _) = load_or_create_age_identity(dir, db_id)?;
    Ok(PublicKeyFile::new(
        db_id,
        &key.verifying_key(),
        &identity.to_public(),
    ))
}

fn ensure_public_file(
    dir: &Path,
    db_id: &str,
    key: &SigningKey,
    identity: &age::x25519::Identity,
) -> Result<(), KeyError> {
    let path = public_key_path(dir, db_id)?;
    let wanted = PublicKeyFile::new(db_id, &key.verifying_key(), &identity.to_public());
    if PublicKeyFile::read(&path).ok().as_ref() != Some(&wanted) {
        wanted.write(&path)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Files

/// `key: value` lines, `#` comments and blank lines skipped; a repeated key is an error.
fn key_value_lines<'a>(path: &Path, text: &'a str) -> Result<Vec<(&'a str, &'a str)>, KeyError> {
    let mut fields: Vec<(&str, &str)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| damaged(path, format!("line {} is not `key: value`", n + 1)))?;
        let key = key.trim();
        if fields.iter().any(|(k, _)| *k == key) {
            return Err(damaged(path, format!("{key} appears twice")));
        }
        fields.push((key, value.trim()));
    }
    Ok(fields)
}

fn field<'a>(fields: &[(&str, &'a str)], key: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// A private file's text, or `None` if it does not exist. A file others can read is narrowed
/// to 0600 on Unix.
fn read_secret_file(path: &Path) -> Result<Option<Zeroizing<String>>, KeyError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => Zeroizing::new(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(path)(e)),
    };
    if bytes.is_empty() {
        return Err(damaged(path, "it is empty"));
    }
    if bytes.len() > 64 * 1024 {
        return Err(damaged(path, "it is far too large for a key file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let meta = fs::metadata(path).map_err(io_error(path))?;
        if meta.permissions().mode() & 0o077 != 0 {
            fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io_error(path))?;
        }
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| damaged(path, "it is not text"))?;
    Ok(Some(Zeroizing::new(text.to_string())))
}

fn ensure_dir(dir: &Path) -> Result<(), KeyError> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_error(dir))?;
    }
    Ok(())
}

/// A new temporary file beside `path`, holding `text`, synced.
fn write_temporary(path: &Path, text: &str, mode: u32) -> Result<PathBuf, KeyError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for attempt in 0..100u32 {
        let temp = dir.join(format!(".{name}.tmp-{}-{attempt}", std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(mode);
        }
        #[cfg(not(unix))]
        let _ = mode;
        let mut file: File = match options.open(&temp) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error(&temp)(e)),
        };
        let written = file
            .write_all(text.as_bytes())
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(io_error(&temp)(e));
        }
        return Ok(temp);
    }
    Err(damaged(path, "no temporary file could be made beside it"))
}

/// Writes `path` atomically, replacing what was there.
fn write_atomically(path: &Path, text: &str, mode: u32) -> Result<(), KeyError> {
    let temp = write_temporary(path, text, mode)?;
    if let Err(e) = fs::rename(&temp, path) {
        let _ = fs::remove_file(&temp);
        return Err(io_error(path)(e));
    }
    sync_dir(path);
    Ok(())
}

/// Puts a new file in place only if none is there; `false` if another was there first.
fn install_new(path: &Path, text: &str) -> Result<bool, KeyError> {
    let temp = write_temporary(path, text, 0o600)?;
    let result = match fs::hard_link(&temp, path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        // A file system without hard links: a plain move, if nothing is there yet.
        Err(_) if !path.exists() => fs::rename(&temp, path)
            .map(|()| true)
            .map_err(io_error(path)),
        Err(e) => Err(io_error(path)(e)),
    };
    let _ = fs::remove_file(&temp);
    sync_dir(path);
    result
}

/// Best effort: make a rename in `path`'s folder durable.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer as _, Verifier as _};

    const DB: &str = "0b9f3c2e-1d4a-4f7e-9a61-2c5d8e7f0a13";

    #[test]
    fn the_first_use_makes_a_key_and_later_uses_read_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let keys = dir.path().join("keys");
        assert!(load(&keys, DB).expect("load").is_none());
        let (key, created) = load_or_create(&keys, DB).expect("create");
        assert!(created);
        let (again, created) = load_or_create(&keys, DB).expect("read");
        assert!(!created);
        assert_eq!(key.to_bytes(), again.to_bytes());
        let signature = key.sign(b"x");
        again
            .verifying_key()
            .verify(b"x", &signature)
            .expect("same key");
        assert!(signing_key_path(&keys, DB).expect("path").is_file());
        assert!(age_identity_path(&keys, DB).expect("path").is_file());
        let public =
            PublicKeyFile::read(&public_key_path(&keys, DB).expect("path")).expect("public file");
        assert_eq!(public.signing, key.verifying_key());
        assert_eq!(public.database_id, DB);
        // No temporary files are left behind.
        let names: Vec<String> = fs::read_dir(&keys)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }

    #[test]
    fn two_databases_get_two_keys() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, _) = load_or_create(dir.path(), DB).expect("a");
        let (b, _) = load_or_create(dir.path(), "another-db").expect("b");
        assert_ne!(a.to_bytes(), b.to_bytes());
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_0600_and_a_wider_one_is_narrowed() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("temp dir");
        load_or_create(dir.path(), DB).expect("create");
        let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let signing = signing_key_path(dir.path(), DB).expect("path");
        let identity = age_identity_path(dir.path(), DB).expect("path");
        assert_eq!(mode(&signing), 0o600);
        assert_eq!(mode(&identity), 0o600);
        fs::set_permissions(&signing, fs::Permissions::from_mode(0o644)).expect("chmod");
        load(dir.path(), DB).expect("load");
        assert_eq!(mode(&signing), 0o600);
    }

    #[test]
    fn a_damaged_or_foreign_key_file_is_named_in_the_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = signing_key_path(dir.path(), DB).expect("path");
        fs::write(&path, "ed25519-secret: nope\ndatabase: ").expect("write");
        let err = load(dir.path(), DB).expect_err("damaged");
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );

        // A key file copied under another database's name.
        let (key, _) = load_or_create(dir.path(), "other-db").expect("other");
        let other = signing_key_path(dir.path(), "other-db").expect("path");
        fs::copy(&other, &path).expect("copy");
        let err = load(dir.path(), DB).expect_err("foreign");
        assert!(
            err.to_string().contains("belongs to database other-db"),
            "{err}"
        );
        drop(key);

        fs::write(&path, "").expect("empty");
        assert!(load(dir.path(), DB)
            .expect_err("empty")
            .to_string()
            .contains("empty"));
    }

    #[test]
    fn ids_that_would_escape_the_folder_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        for id in ["", "../x", "a/b", "a b", "x.ed25519"] {
            assert!(matches!(
                load_or_create(dir.path(), id),
                Err(KeyError::BadDatabaseId { .. })
            ));
        }
    }

    #[test]
    fn rotating_makes_a_new_key_and_keeps_the_old_public_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (old, _) = load_or_create(dir.path(), DB).expect("create");
        let (identity, _) = load_or_create_age_identity(dir.path(), DB).expect("identity");
        let new = rotate(dir.path(), DB).expect("rotate");
        assert_ne!(old.to_bytes(), new.to_bytes());
        let (loaded, created) = load_or_create(dir.path(), DB).expect("load");
        assert!(!created);
        assert_eq!(loaded.to_bytes(), new.to_bytes());
        let retired: Vec<PathBuf> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.to_string_lossy().contains(".pub.retired-"))
            .collect();
        assert_eq!(retired.len(), 1);
        let old_public = PublicKeyFile::read(&retired[0]).expect("retired file");
        assert_eq!(old_public.signing, old.verifying_key());
        let current =
            PublicKeyFile::read(&public_key_path(dir.path(), DB).expect("path")).expect("public");
        assert_eq!(current.signing, new.verifying_key());
        // The age identity is kept.
        assert_eq!(current.recipient, identity.to_public());
        rotate(dir.path(), DB).expect("rotate twice in a second");
        let former: Vec<VerifyingKey> = retired_public_keys(dir.path(), DB)
            .expect("retired keys")
            .iter()
            .map(|f| f.signing)
            .collect();
        assert_eq!(former.len(), 2);
        assert!(former.contains(&old.verifying_key()) && former.contains(&new.verifying_key()));
        assert!(retired_public_keys(dir.path(), "other-db")
            .expect("none")
            .is_empty());
    }

    #[test]
    fn a_public_key_file_round_trips_and_catches_a_mistyped_key() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let identity = age::x25519::Identity::generate();
        let file = PublicKeyFile::new(DB, &key.verifying_key(), &identity.to_public());
        let text = file.to_text();
        assert!(text.contains("format: danvan-public-key 1"));
        let path = Path::new("test.pub");
        assert_eq!(PublicKeyFile::parse(path, &text).expect("parse"), file);
        // Without the fingerprint line it still reads.
        let short: String = text
            .lines()
            .filter(|l| !l.starts_with("fingerprint"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(PublicKeyFile::parse(path, &short).expect("parse"), file);
        // Another valid key under the same fingerprint is refused.
        let other = public_key_to_text(&SigningKey::from_bytes(&[4; 32]).verifying_key());
        let swapped = text.replace(&public_key_to_text(&key.verifying_key()), &other);
        let err = PublicKeyFile::parse(path, &swapped).expect_err("mismatch");
        assert!(
            err.to_string().contains("fingerprint does not match"),
            "{err}"
        );
        let twice = format!("{text}database: x\n");
        assert!(PublicKeyFile::parse(path, &twice).is_err());
        assert!(PublicKeyFile::parse(path, "hello").is_err());
        assert!(PublicKeyFile::parse(path, &text.replace("age1", "age2")).is_err());
    }
}

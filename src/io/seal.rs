//! Sealed bundles: a records bundle encrypted to one receiving database with age (X25519,
//! the `age` crate's streaming format), so names, staff codes and scores on a USB stick or in an
//! e-mail are readable only by the database they were meant for.
//!
//! # Naming the recipient
//!
//! `export --to FINGERPRINT|KEYFILE`: a path to the receiver's public key file
//! ([`PublicKeyFile`], which holds its age recipient next to its Ed25519 key), or the
//! fingerprint of a key this database already knows (a pinned key whose public key file the
//! caller kept). [`resolve_recipient`] takes an existing file first, then a fingerprint.
//!
//! The receiver opens a sealed bundle with its own age identity (`ID.age`, beside its signing
//! key; see [`crate::io::keys`]). Sealing is in addition to signing: the bundle inside is
//! still signed by the sender, so the receiver knows who wrote it, not only that it was for
//! them. Both directions stream in 64 KiB chunks, so memory stays flat for any size.

use std::fmt;
use std::io::{self, BufRead, Read, Write};
use std::path::Path;

use crate::domain::signing::KeyFingerprint;
use crate::io::keys::{KeyError, PublicKeyFile};

/// How every age file begins (its first line, newline included).
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// Why a bundle could not be sealed or opened.
#[derive(Debug)]
pub enum SealError {
    /// Reading or writing the stream failed (when opening, also a cut-short or damaged file).
    Io(io::Error),
    /// The `--to` argument is neither a readable public key file nor a fingerprint.
    UnknownRecipient { given: String },
    /// A fingerprint of no key this database knows.
    UnknownFingerprint { fingerprint: KeyFingerprint },
    /// The public key file could not be read.
    Key(KeyError),
    /// The file is not sealed with age, or its header is damaged.
    NotSealed { reason: String },
    /// Sealed for another database: this database's identity does not open it.
    NotForThisDatabase,
}

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SealError::Io(e) => write!(f, "{e}"),
            SealError::UnknownRecipient { given } => write!(
                f,
                "{given:?} is neither a public key file nor a key fingerprint"
            ),
            SealError::UnknownFingerprint { fingerprint } => write!(
                f,
                "no known database has the key {fingerprint}: give its public key file instead"
            ),
            SealError::Key(e) => write!(f, "{e}"),
            SealError::NotSealed { reason } => write!(f, "not a sealed bundle ({reason})"),
            SealError::NotForThisDatabase => f.write_str(
                "this bundle was sealed for another database: this database's key does not open it",
            ),
        }
    }
}

impl std::error::Error for SealError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SealError::Io(e) => Some(e),
            SealError::Key(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for SealError {
    fn from(e: io::Error) -> Self {
        SealError::Io(e)
    }
}

impl From<age::DecryptError> for SealError {
    fn from(e: age::DecryptError) -> Self {
        match e {
            age::DecryptError::NoMatchingKeys => SealError::NotForThisDatabase,
            age::DecryptError::Io(e) => SealError::Io(e),
            other => SealError::NotSealed {
                reason: other.to_string(),
            },
        }
    }
}

/// The public key file named by `--to`: `given` as a path if such a file exists, else as a
/// fingerprint looked up with `known` (the caller's pinned keys).
pub fn resolve_recipient(
    given: &str,
    known: impl FnOnce(&KeyFingerprint) -> Option<PublicKeyFile>,
) -> Result<PublicKeyFile, SealError> {
    let path = Path::new(given);
    if path.is_file() {
        return PublicKeyFile::read(path).map_err(SealError::Key);
    }
    match KeyFingerprint::parse(given) {
        Ok(fingerprint) => known(&fingerprint)
            .filter(|file| file.fingerprint() == fingerprint)
            .ok_or(SealError::UnknownFingerprint { fingerprint }),
        Err(_) => Err(SealError::UnknownRecipient {
            given: given.to_string(),
        }),
    }
}

/// Whether a file's first bytes are an age file's (at least [`AGE_MAGIC`]'s length of them).
pub fn is_sealed(first_bytes: &[u8]) -> bool {
    first_bytes.starts_with(AGE_MAGIC)
}

/// A stream that seals what is written to it. Call [`finish`](Self::finish): without it the
/// sealed file is cut short and will not open.
pub struct SealWriter<W: Write> {
    inner: age::stream::StreamWriter<W>,
}

impl<W: Write> SealWriter<W> {
    /// Starts a sealed file for `to` on `out` (writes the age header).
    pub fn new(out: W, to: &PublicKeyFile) -> Result<Self, SealError> {
        let recipient: &dyn age::Recipient = &to.recipient;
        let encryptor = age::Encryptor::with_recipients(std::iter::once(recipient))
            .map_err(|e| SealError::Io(io::Error::other(e.to_string())))?;
        Ok(SealWriter {
            inner: encryptor.wrap_output(out)?,
        })
    }

    /// Writes the last chunk and hands back the underlying stream (not flushed).
    pub fn finish(self) -> Result<W, SealError> {
        Ok(self.inner.finish()?)
    }
}

impl<W: Write> Write for SealWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Opens a sealed stream with this database's identity; read the plain bundle from the
/// result (wrap it in a `BufReader` for the bundle reader). A cut-short or changed sealed file
/// fails while reading, as an I/O error.
pub fn open<R: BufRead>(
    input: R,
    identity: &age::x25519::Identity,
) -> Result<impl Read, SealError> {
    let decryptor = age::Decryptor::new_buffered(input)?;
    let identity: &dyn age::Identity = identity;
    Ok(decryptor.decrypt(std::iter::once(identity))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::signing::{BundleSigner, BundleSource, BundleVerifier};
    use ed25519_dalek::SigningKey;
    use std::io::BufReader;

    const DB: &str = "0b9f3c2e-1d4a-4f7e-9a61-2c5d8e7f0a13";

    fn receiver() -> (age::x25519::Identity, PublicKeyFile) {
        let identity = age::x25519::Identity::generate();
        let key = SigningKey::from_bytes(&[5; 32]);
        let file = PublicKeyFile::new("receiver", &key.verifying_key(), &identity.to_public());
        (identity, file)
    }

    fn seal(plain: &[u8], to: &PublicKeyFile) -> Vec<u8> {
        let mut writer = SealWriter::new(Vec::new(), to).expect("seal");
        writer.write_all(plain).expect("write");
        writer.finish().expect("finish")
    }

    #[test]
    fn a_sealed_bundle_opens_with_the_receivers_identity_and_verifies() {
        let (identity, to) = receiver();
        let sender = SigningKey::from_bytes(&[9; 32]);
        let source = BundleSource {
            source_db: DB,
            exported_at: "2026-11-26T07:05:09Z",
            demo: false,
        };
        // Signed inside, sealed outside, streaming all the way.
        let sealing = SealWriter::new(Vec::new(), &to).expect("seal");
        let mut signer = BundleSigner::new(sealing, &sender, &source).expect("header");
        for n in 0..2000 {
            signer
                .write_record(&serde_json::json!({"kind": "answer", "n": n, "text": "Đúng"}))
                .expect("record");
        }
        let sealed = signer.finish().expect("sign").out.finish().expect("finish");
        assert!(is_sealed(&sealed));
        assert!(!sealed.windows("Đúng".len()).any(|w| w == "Đúng".as_bytes()));

        let plain = open(&sealed[..], &identity).expect("open");
        let mut verifier = BundleVerifier::new(BufReader::new(plain)).expect("header");
        let mut count = 0;
        while verifier.next_record().expect("record").is_some() {
            count += 1;
        }
        assert_eq!(count, 2000);
        let verified = verifier.finish().expect("verified");
        assert_eq!(verified.public_key, sender.verifying_key());
    }

    #[test]
    fn the_wrong_identity_says_it_was_for_another_database() {
        let (_, to) = receiver();
        let sealed = seal(b"secret records\n", &to);
        let stranger = age::x25519::Identity::generate();
        let err = open(&sealed[..], &stranger).err().expect("refused");
        assert!(matches!(err, SealError::NotForThisDatabase), "{err}");
        assert!(err.to_string().contains("another database"));
    }

    #[test]
    fn a_cut_short_or_changed_sealed_file_fails_to_read() {
        let (identity, to) = receiver();
        let plain = vec![b'x'; 200_000];
        let sealed = seal(&plain, &to);

        let cut = &sealed[..sealed.len() - 100];
        let mut out = Vec::new();
        let read = open(cut, &identity).and_then(|mut r| Ok(r.read_to_end(&mut out)?));
        assert!(read.is_err());

        let mut changed = sealed.clone();
        let at = changed.len() - 5000;
        changed[at] ^= 1;
        let mut out = Vec::new();
        let read = open(&changed[..], &identity).and_then(|mut r| Ok(r.read_to_end(&mut out)?));
        assert!(read.is_err());

        let mut out = Vec::new();
        open(&sealed[..], &identity)
            .expect("open")
            .read_to_end(&mut out)
            .expect("whole");
        assert_eq!(out, plain);
    }

    #[test]
    fn a_plain_file_is_not_sealed() {
        let (identity, _) = receiver();
        assert!(!is_sealed(b"{\"format\":\"danvan-records\"}\n"));
        let err = open(&b"{\"format\":\"danvan-records\"}\n"[..], &identity)
            .err()
            .expect("refused");
        assert!(matches!(err, SealError::NotSealed { .. }), "{err}");
    }

    #[test]
    fn a_recipient_is_a_public_key_file_or_a_known_fingerprint() {
        let (_, to) = receiver();
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("receiver.pub");
        to.write(&path).expect("write");
        let by_file = resolve_recipient(&path.to_string_lossy(), |_| None).expect("file");
        assert_eq!(by_file, to);

        let fingerprint = to.fingerprint().to_string();
        let by_print =
            resolve_recipient(&fingerprint.to_lowercase(), |_| Some(to.clone())).expect("print");
        assert_eq!(by_print, to);
        assert!(matches!(
            resolve_recipient(&fingerprint, |_| None),
            Err(SealError::UnknownFingerprint { .. })
        ));
        // A lookup that hands back another key is not taken.
        let (_, other) = {
            let identity = age::x25519::Identity::generate();
            let key = SigningKey::from_bytes(&[6; 32]);
            let file = PublicKeyFile::new("other", &key.verifying_key(), &identity.to_public());
            (identity, file)
        };
        assert!(resolve_recipient(&fingerprint, |_| Some(other)).is_err());
        assert!(matches!(
            resolve_recipient("no-such-file.pub", |_| None),
            Err(SealError::UnknownRecipient { .. })
        ));
    }
}

//! The SHA-512 of a bundle's bytes, worked out on a thread of its own beside the reading or the
//! writing once the bundle is large enough to gain from it: for a province's bundle (1.1 GB)
//! hashing was a sixth of a merge's time on the one thread that also parses and stores.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use sha2::{Digest, Sha512};

/// Bytes are handed to the hashing thread in batches of this size; a bundle smaller than one
/// batch is hashed where it is read, with no thread.
const BATCH: usize = 64 << 10;

/// How many full batches may wait for the hashing thread (the memory a slow hash may take).
const WAITING: usize = 2;

/// SHA-512 of every byte given to [`Digester::update`], in order.
pub(super) struct Digester {
    batch: Vec<u8>,
    hashing: Hashing,
}

enum Hashing {
    /// Nothing hashed yet: every byte so far is in the batch.
    NotStarted,
    /// On a thread; emptied batches come back to be filled again.
    Threaded {
        full: SyncSender<Vec<u8>>,
        empty: Receiver<Vec<u8>>,
        worker: JoinHandle<Sha512>,
    },
    /// Here (no thread could be started).
    Here(Sha512),
    /// Finished, with its digest.
    Done([u8; 64]),
}

impl Digester {
    pub(super) fn new() -> Self {
        Digester {
            batch: Vec::new(),
            hashing: Hashing::NotStarted,
        }
    }

    pub(super) fn update(&mut self, bytes: &[u8]) {
        self.batch.extend_from_slice(bytes);
        if self.batch.len() >= BATCH {
            self.hand_on();
        }
    }

    /// The digest of everything given; later calls give it again.
    pub(super) fn finalize(&mut self) -> [u8; 64] {
        let digest = match std::mem::replace(&mut self.hashing, Hashing::NotStarted) {
            Hashing::Done(digest) => digest,
            Hashing::NotStarted => Sha512::digest(&self.batch).into(),
            Hashing::Here(mut hasher) => {
                hasher.update(&self.batch);
                hasher.finalize().into()
            }
            Hashing::Threaded { full, worker, .. } => {
                // A send fails only if the thread stopped, by a panic: `join` raises it here, as
                // hashing on this thread would have.
                let _ = full.send(std::mem::take(&mut self.batch));
                drop(full);
                match worker.join() {
                    Ok(hasher) => hasher.finalize().into(),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        };
        self.batch = Vec::new();
        self.hashing = Hashing::Done(digest);
        digest
    }

    /// The batch is full: hash it on the thread (started on the first full batch).
    fn hand_on(&mut self) {
        if matches!(self.hashing, Hashing::NotStarted) {
            self.hashing = start_thread();
        }
        match &mut self.hashing {
            Hashing::Threaded { full, empty, .. } => {
                let next = empty
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(BATCH + BATCH / 4));
                // Fails only if the thread stopped (a panic, raised at `finalize`).
                let _ = full.send(std::mem::replace(&mut self.batch, next));
            }
            Hashing::Here(hasher) => {
                hasher.update(&self.batch);
                self.batch.clear();
            }
            Hashing::NotStarted | Hashing::Done(_) => {}
        }
    }
}

/// The hashing thread, or hashing here when none can be started.
fn start_thread() -> Hashing {
    let (full, batches) = sync_channel::<Vec<u8>>(WAITING);
    let (emptied, empty) = sync_channel::<Vec<u8>>(WAITING + 1);
    let worker = std::thread::Builder::new()
        .name("sha512".into())
        .spawn(move || {
            let mut hasher = Sha512::new();
            for mut batch in batches {
                hasher.update(&batch);
                batch.clear();
                let _ = emptied.try_send(batch);
            }
            hasher
        });
    match worker {
        Ok(worker) => Hashing::Threaded {
            full,
            empty,
            worker,
        },
        Err(_) => Hashing::Here(Sha512::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces of every size, across batches and none: the digest is SHA-512 of them in order.
    #[test]
    fn the_digest_is_sha512_of_the_bytes_in_order_whatever_their_pieces() {
        for total in [0usize, 10, BATCH - 1, BATCH, BATCH * 7 + 13] {
            let bytes: Vec<u8> = (0..total).map(|i| (i * 31 % 251) as u8).collect();
            let mut d = Digester::new();
            let mut at = 0;
            let mut piece = 1;
            while at < total {
                let end = (at + piece).min(total);
                d.update(&bytes[at..end]);
                at = end;
                piece = piece * 3 % 100_003 + 1;
            }
            let threaded = !matches!(d.hashing, Hashing::NotStarted);
            assert_eq!(threaded, total >= BATCH, "{total} bytes");
            let expected: [u8; 64] = Sha512::digest(&bytes).into();
            assert_eq!(d.finalize(), expected, "{total} bytes");
            assert_eq!(d.finalize(), expected, "{total} bytes, asked again");
        }
    }
}

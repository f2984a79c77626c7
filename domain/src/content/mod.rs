//! Content packs: the model, loading (embedded or from a folder), checking, and the Markdown subset.

pub mod build;
pub mod canon;
pub mod diagnostic;
pub mod load;
pub mod markdown;
pub mod model;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{embedded_files, folder_files, load, load_to_run, Loaded, PackFile};
pub use model::*;

use std::path::Path;

/// Load the embedded pack, or the pack in `dir`.
pub fn load_pack(dir: Option<&Path>) -> std::io::Result<Loaded> {
    let files = match dir {
        Some(d) => folder_files(d)?,
        None => embedded_files(),
    };
    Ok(load(&files))
}

/// The pack a command runs on: the embedded one without its warnings-only checks (its warnings
/// are checked in `cargo test` and shown by `danvan check`), a folder's in full.
pub fn load_pack_to_run(dir: Option<&Path>) -> std::io::Result<Loaded> {
    match dir {
        Some(_) => load_pack(dir),
        None => Ok(load_to_run(&embedded_files())),
    }
}

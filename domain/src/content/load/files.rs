//! The files of a pack: the built-in one compiled into the binary, or a folder's `.toml` files.

use std::path::Path;

/// One file of a pack: its path relative to the pack root and its bytes.
#[derive(Debug, Clone)]
pub struct PackFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

static EMBEDDED_COURSES: include_dir::Dir =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../courses");
static EMBEDDED_QUIZZES: include_dir::Dir =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../quizzes");
static EMBEDDED_CHECKLISTS: include_dir::Dir =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../checklists");

const PACK_DIRS: [&str; 3] = ["courses", "quizzes", "checklists"];

/// The built-in pack, compiled into the binary.
pub fn embedded_files() -> Vec<PackFile> {
    let mut files = Vec::new();
    for (name, dir) in [
        ("courses", &EMBEDDED_COURSES),
        ("quizzes", &EMBEDDED_QUIZZES),
        ("checklists", &EMBEDDED_CHECKLISTS),
    ] {
        for f in dir.files() {
            let file_name = f.path().to_string_lossy().replace('\\', "/");
            if file_name.ends_with(".toml") {
                files.push(PackFile {
                    path: format!("{name}/{file_name}"),
                    bytes: f.contents().to_vec(),
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The `.toml` files of a pack folder. A missing `courses/` is an error; the others may be absent.
pub fn folder_files(root: &Path) -> std::io::Result<Vec<PackFile>> {
    if !root.join("courses").is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{}: no courses/ folder", root.display()),
        ));
    }
    let mut files = Vec::new();
    for dir in PACK_DIRS {
        let path = root.join(dir);
        if !path.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&path)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            if name.ends_with(".toml") && entry.file_type()?.is_file() {
                files.push(PackFile {
                    path: format!("{dir}/{name}"),
                    bytes: std::fs::read(entry.path())?,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

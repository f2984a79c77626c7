//! Where the kit puts the files it writes for people when no `--out` names one: `reports/` beside
//! the database, under a name not used yet.

use std::path::{Path, PathBuf};

/// Files the kit writes for people (reports, certificates, exports) go to `reports/` beside the
/// database at `db`. Each gets a name not used yet, so nothing earlier is overwritten: `stem.ext`,
/// then `stem-2.ext`… The same free name is taken for every extension in `exts`.
pub fn new_report_paths(
    db: &Path,
    stem: &str,
    exts: &[&str],
) -> Result<Vec<PathBuf>, crate::io::file::ExportError> {
    let dir = db
        .parent()
        .map(|p| p.join("reports"))
        .unwrap_or_else(|| PathBuf::from("reports"));
    std::fs::create_dir_all(&dir).map_err(|source| crate::io::file::ExportError::Io {
        path: dir.clone(),
        source,
    })?;
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut name = stem.clone();
    let mut n = 1;
    while exts
        .iter()
        .any(|e| dir.join(format!("{name}.{e}")).exists())
    {
        n += 1;
        name = format!("{stem}-{n}");
    }
    Ok(exts
        .iter()
        .map(|e| dir.join(format!("{name}.{e}")))
        .collect())
}

//! One module per screen: its state, its `update`, its `view` and its keymap table.

pub mod assess;
pub mod course;
pub mod home;
pub mod profile;
pub mod quiz;
pub mod records;
pub mod search;

/// Files the kit writes for people (reports, certificates, exports) go to `reports/` beside the
/// database. Each gets a name not used yet, so nothing earlier is overwritten: `stem.ext`, then
/// `stem-2.ext`… The same free name is taken for every extension in `exts`.
pub fn new_report_paths(
    app: &crate::tui::session::Session,
    stem: &str,
    exts: &[&str],
) -> Result<Vec<std::path::PathBuf>, String> {
    let dir = app
        .store
        .path()
        .parent()
        .map(|p| p.join("reports"))
        .unwrap_or_else(|| std::path::PathBuf::from("reports"));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
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

//! The build step (`build.rs`): a pack folder loaded in full, as `danvan check` loads it, and
//! written, when it has no error, in a compact form the binary reads at start instead of its TOML
//! (the model as JSON, already NFC and checked).

use std::path::Path;

use fluent_bundle::FluentValue;

use super::{folder_files, load, Diagnostic, Pack, Severity};
use crate::i18n::{I18n, Lang};

/// A pack that loaded: its compact form and a `cargo::warning=` line per warning.
#[derive(Debug)]
pub struct Compiled {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

/// Load the pack in `dir`. Without an error: its compact form. With one: a `cargo::error=` line
/// per error (`path:line:col: error: message`, in English) and a `cargo::warning=` per warning.
pub fn compile(dir: &Path) -> Result<Compiled, Vec<String>> {
    let files = folder_files(dir)
        .map_err(|e| vec![format!("cargo::error={}: error: {e}", dir.display())])?;
    let loaded = load(&files);
    let i18n = I18n::new(Lang::En);
    let lines: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| cargo_line(&i18n, d))
        .collect();
    match loaded.pack {
        Some(pack) => match encode(&pack) {
            Ok(bytes) => Ok(Compiled {
                bytes,
                warnings: lines,
            }),
            Err(e) => Err(vec![format!("cargo::error={}: error: {e}", dir.display())]),
        },
        None => Err(lines),
    }
}

/// The compact form of a pack.
pub fn encode(pack: &Pack) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(pack)
}

/// A pack back from its compact form.
pub fn decode(text: &str) -> serde_json::Result<Pack> {
    serde_json::from_str(text)
}

/// One diagnostic as a build script's line; cargo reads one line each, so line breaks go.
fn cargo_line(i18n: &I18n, d: &Diagnostic) -> String {
    let args: Vec<(&str, FluentValue)> = d
        .args
        .iter()
        .map(|(k, v)| (*k, FluentValue::from(v.clone())))
        .collect();
    let (kind, sev) = match d.severity {
        Severity::Error => ("error", "error"),
        Severity::Warning => ("warning", "warning"),
    };
    let message = i18n.ta(d.code, &args).replace(['\r', '\n'], " ");
    format!(
        "cargo::{kind}={}:{}:{}: {sev}: {message}",
        d.path, d.line, d.col
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures")
            .join(name)
    }

    #[test]
    fn a_broken_pack_fails_with_its_path_line_col_and_message() {
        let lines = compile(&fixture("invalid/unknown-source")).expect_err("broken pack");
        assert_eq!(
            lines,
            vec![
                "cargo::error=courses/mini.toml:26:10: error: no source \"luat-dcs-2023\" in courses/sources.toml"
            ]
        );
        let lines = compile(&fixture("invalid/syntax-error")).expect_err("broken pack");
        assert_eq!(
            lines,
            vec!["cargo::error=courses/mini.toml:3:17: error: invalid basic string, expected `\"`"]
        );
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_it() {
        let lines = compile(&fixture("no-such-pack")).expect_err("no folder");
        assert_eq!(lines.len(), 1);
        assert!(lines[0].starts_with("cargo::error="), "{lines:?}");
        assert!(lines[0].contains("no-such-pack"), "{lines:?}");
    }

    #[test]
    fn warnings_are_cargo_warnings_and_the_pack_still_compiles() {
        let compiled = compile(&fixture("warnings/missing-en")).expect("warnings only");
        assert!(!compiled.warnings.is_empty());
        for w in &compiled.warnings {
            assert!(w.starts_with("cargo::warning="), "{w}");
            assert!(w.contains(": warning: "), "{w}");
        }
        let pack =
            decode(std::str::from_utf8(&compiled.bytes).expect("UTF-8")).expect("compact form");
        assert!(!pack.courses.is_empty());
    }

    #[test]
    fn the_compact_form_of_the_built_in_pack_is_the_pack_the_kit_runs() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let compiled = compile(&root).expect("built-in pack");
        assert!(compiled.warnings.is_empty(), "{:?}", compiled.warnings);
        let run = super::super::load_to_run(&super::super::embedded_files())
            .pack
            .expect("built-in pack");
        assert_eq!(
            decode(std::str::from_utf8(&compiled.bytes).expect("UTF-8")).expect("compact form"),
            run
        );
    }
}

//! The embedded content pack, checked at build time with the full loader (as `danvan check`
//! checks it): an error fails the build with its `path:line:col`; a pack that loads is written to
//! OUT_DIR in its compact form, which the binary reads at start instead of parsing its TOML.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    // The loader's sources: a change there may change what the pack compiles to.
    for watched in ["courses", "quizzes", "checklists", "i18n", "domain/src"] {
        println!("cargo::rerun-if-changed={watched}");
    }
    match danvan_domain::content::build::compile(&root) {
        Ok(compiled) => {
            for line in &compiled.warnings {
                println!("{line}");
            }
            if let Err(e) = std::fs::write(out.join("pack.json"), &compiled.bytes) {
                println!(
                    "cargo::error={}: error: {e}",
                    out.join("pack.json").display()
                );
                std::process::exit(1);
            }
        }
        Err(lines) => {
            for line in &lines {
                println!("{line}");
            }
            std::process::exit(1);
        }
    }
}

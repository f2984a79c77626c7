//! The content folders `include_dir!` embeds: a change in any of them rebuilds the domain, which
//! the macro alone does not ask of stable cargo (so `danvan check` and the tests never read a
//! stale copy of the embedded pack).

fn main() {
    for folder in ["../courses", "../quizzes", "../checklists"] {
        println!("cargo::rerun-if-changed={folder}");
    }
}

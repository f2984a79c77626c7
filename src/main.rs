//! The `danvan` binary: the command line (`cli::run`) on mimalloc.

/// mimalloc instead of the system's allocator: a merge or an export makes millions of small
/// strings, one set per record, and frees them soon after. Measured on the 10,000-person demo
/// (2-core machine, farm-bench pairs, the same code with and without, medians): re-merge 0.85x
/// the wall time, xAPI export 0.93x, merge into an empty database 0.97x; peak memory 62
/// against 55 MB for the re-merge. Built without transparent huge pages (`no_thp`): with them
/// each touched 2 MB counted whole, and an XLSX export's peak grew with the people (41 MB at
/// 10,000, 55 MB at 100,000; now 25 and 27 MB, as flat as before). Only Rust's own allocations
/// go through it: SQLite keeps the system's (giving it mimalloc too gained a further 4% on the
/// merge, not worth an allocator hook in unsafe code).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    danvan::cli::run()
}

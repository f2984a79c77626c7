//! Use cases: what a learner, a unit or a trainer does, combining the store and the file formats.
//! The CLI and the TUI both call these.

pub mod assessment;
pub mod bundle_delta;
pub mod bundles;
pub mod certificates;
pub mod jobs;
pub mod learning;
pub mod push;
pub mod question_stats;
pub mod records;

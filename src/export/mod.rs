//! Exports: what the kit writes for people outside it (the yearly self-assessment report and the
//! summary across units). Pure text and files; the command line decides where they go.

pub mod bundle;
pub mod certificate;
pub mod records;
pub mod report;
pub mod xapi;

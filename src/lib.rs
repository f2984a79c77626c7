//! danvan: a terminal training and self-assessment kit for Vietnamese public officials.
//!
//! Layers, with arrows one way: `domain` (pure: content, quiz, assessment, completion, text)
//! ← `store` (SQLite, the only SQL) and `io` (file formats) ← `service` (use cases, jobs)
//! ← `cli` and `tui` (two faces over the same calls). `boot` opens what both faces need.

pub mod boot;
pub mod cli;
pub mod demo;
pub use danvan_domain as domain;
pub mod io;
pub mod service;
pub mod store;
pub mod tui;

//! danvan: a terminal training and self-assessment kit for Vietnamese public officials.
//!
//! `content` (the pack) is the domain core and knows nothing of the terminal or the database;
//! `store` keeps what people enter in SQLite; `tui` and `cli` are two faces over both.

pub mod assess;
pub mod cli;
pub mod content;
pub mod demo;
pub mod export;
pub mod i18n;
pub mod present;
pub mod quiz;
pub mod records;
pub mod roster;
pub mod store;
pub mod text;
pub mod training;
pub mod tui;
pub mod yearly;

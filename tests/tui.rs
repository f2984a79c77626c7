//! The TUI without a terminal: actions drive `update`, screens render to a TestBackend and are
//! snapshotted with their styles, in Vietnamese and English. The tests live in the modules under
//! `tests/tui/`; the set-up they share is in `tests/tui/fixtures.rs`.

mod common;
#[path = "tui/fixtures.rs"]
mod fixtures;

#[path = "tui/access.rs"]
mod access;
#[path = "tui/assess.rs"]
mod assess;
#[path = "tui/assess_final.rs"]
mod assess_final;
#[path = "tui/basics.rs"]
mod basics;
#[path = "tui/keys_walk.rs"]
mod keys_walk;
#[path = "tui/profiles.rs"]
mod profiles;
#[path = "tui/quiz.rs"]
mod quiz;
#[path = "tui/reader_reads.rs"]
mod reader_reads;
#[path = "tui/records.rs"]
mod records;
#[path = "tui/records_jobs.rs"]
mod records_jobs;
#[path = "tui/records_more.rs"]
mod records_more;
#[path = "tui/screens.rs"]
mod screens;

use common::{app, render, screen_text};
use danvan::domain::i18n::Lang;
use danvan::store::Store;
use danvan::tui::action::Action;
use danvan::tui::app::{App, Screen};
use fixtures::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

//! One module per screen: its state, its `update`, its `view` and its keymap table.

pub mod assess;
pub mod course;
pub mod home;
pub mod profile;
pub mod quiz;
pub mod records;
pub mod search;

//! The domain: what the kit knows without a database, a terminal or a file — the content pack,
//! the quiz engine, assessment scoring, completion rules, text handling and translations.

pub mod assessment;
pub mod attempt;
pub mod base32;
pub mod bundle;
pub mod certificate_code;
pub mod completion;
pub mod content;
pub mod dates;
pub mod i18n;
pub mod names;
pub mod people;
pub mod present;
pub mod question_stats;
pub mod quiz;
pub mod records;
pub mod roster;
pub mod search;
pub mod signing;
pub mod text;

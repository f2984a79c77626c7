//! The quiz engine and its formats: pure, no terminal or database code.

pub mod engine;
pub mod practice;

pub use engine::{attempt_hash, draw, grade, score, Grade, Paper, PaperItem, Response, Score};

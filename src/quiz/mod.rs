//! The quiz engine and its formats: pure, no terminal or database code.

pub mod gift;

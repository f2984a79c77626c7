//! Small widgets shared by screens.

mod text_field;

pub use text_field::TextField;

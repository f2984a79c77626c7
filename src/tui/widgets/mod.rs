//! Small widgets shared by screens.

mod list_cursor;
mod text_field;

pub use list_cursor::ListCursor;
pub use text_field::TextField;

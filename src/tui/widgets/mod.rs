//! Small widgets shared by screens.

mod list_cursor;
mod popup;
mod text_field;
mod title;

pub use list_cursor::ListCursor;
pub use popup::popup;
pub use text_field::TextField;
pub use title::title;

//! Block titles cut to their frame: a title longer than the border ends in "…", never cut
//! silently by the frame nor mid-letter.

/// `text` as a title on the top border of a frame `width` cells wide (two corners and the
/// spaces either side of the title taken out), keeping `beside` cells free for another title
/// on the same border (a position on the right).
pub fn title(text: &str, width: u16, beside: usize) -> String {
    let inside = usize::from(width).saturating_sub(2 + beside);
    // The space after the title goes first when the text needs its cell.
    let cut = crate::domain::text::truncate(text, inside.saturating_sub(1));
    if crate::domain::text::width(&cut) + 2 <= inside {
        format!(" {cut} ")
    } else {
        format!(" {cut}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_that_fits_is_kept_whole_and_a_long_one_ends_in_an_ellipsis() {
        assert_eq!(title("Hồ sơ", 20, 0), " Hồ sơ ");
        let long = title("Nguyễn Thị Phương Thảo Hoàng Minh", 20, 0);
        assert!(long.trim_end().ends_with('…'), "{long}");
        // Two corners around it: the title never reaches them.
        assert!(crate::domain::text::width(&long) <= 18, "{long}");
        let beside = title("Nguyễn Thị Phương Thảo", 30, 8);
        assert!(
            crate::domain::text::width(&beside) <= 30 - 2 - 8,
            "{beside}"
        );
    }

    #[test]
    fn a_frame_too_narrow_for_letters_gets_an_empty_title_not_a_panic() {
        assert_eq!(title("Hồ sơ", 3, 0), " ");
        assert_eq!(title("Hồ sơ", 10, 20), " ");
        // A text one cell short of the frame keeps its letters and gives up the space after.
        assert_eq!(title("Hồ sơ", 8, 0), " Hồ sơ");
    }
}

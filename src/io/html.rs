//! What every HTML document the kit writes shares: escaping text for element content and
//! attribute values.

/// Text made safe for HTML content and quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::esc(r#"<a href="x">Tô & 'Lâm'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tô &amp; &#39;Lâm&#39;&lt;/a&gt;"
        );
    }
}

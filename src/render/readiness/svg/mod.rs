//! Pictures for the HTML report, as inline SVG made in Rust: no script, no external
//! resource, readable in greyscale (shapes and patterns, not colour alone, carry the
//! meaning) and each with a `<title>` and `<desc>` as its text alternative. Every text
//! put into a picture is escaped for XML.

pub mod bars;
pub mod timeline;

use std::fmt::Write;

/// Width of every picture in SVG units: about the printable width of A4 portrait.
pub const WIDTH: u32 = 680;

/// Escapes text for XML content and attribute values.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The opening of a picture: `<svg>` sized to the page, with its title and description,
/// and a hatch pattern `{id}-hatch` for greyscale fills.
pub fn open(id: &str, height: u32, title: &str, desc: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="picture" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="11"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        xml(title),
        xml(desc)
    );
    let _ = write!(
        out,
        r##"<defs><pattern id="{id}-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/><line x1="0" y1="0" x2="0" y2="4" stroke="#444" stroke-width="2"/></pattern></defs>"##
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            xml("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let svg = open("t", 10, "A <b>", "d\"");
        assert!(
            svg.contains("<title id=\"t-title\">A &lt;b&gt;</title>"),
            "{svg}"
        );
        assert!(!svg.contains("<script") && !svg.contains("href"), "{svg}");
    }
}

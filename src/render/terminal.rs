//! Text for a terminal: control characters from the inputs cannot act on it.
//!
//! A file name, a header or a cell may hold an escape sequence (`ESC]0;…` sets the
//! window title, `ESC[2J` clears the screen), a bell or a carriage return that
//! overwrites the line. Every text the command prints goes through [`escape`].

use std::fmt::Write;

/// Shows control characters (and the Unicode line and paragraph separators) as
/// `\u{…}`; everything else is unchanged.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(escape("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb\\u{a}c");
        assert_eq!(
            escape("\u{1b}]0;pwned\u{7}x\ry\u{9b}z\u{2028}"),
            "\\u{1b}]0;pwned\\u{7}x\\u{d}y\\u{9b}z\\u{2028}"
        );
        assert_eq!(escape("Migración ä@b.de"), "Migración ä@b.de");
    }
}

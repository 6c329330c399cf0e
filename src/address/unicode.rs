//! Characters that hide in addresses: invisible ones and letters that look Latin.
//!
//! The look-alike list covers the Cyrillic and Greek letters that are drawn like Latin
//! letters in common fonts (a subset of Unicode's confusables.txt, chosen by hand for
//! addresses) and the full-width forms that East Asian input methods type.

/// Describes the invisible and look-alike characters in `text`, with their positions
/// (1-based, in characters), or `None` if there are none.
pub fn describe_hidden(text: &str) -> Option<String> {
    let found: Vec<String> = text
        .chars()
        .enumerate()
        .filter_map(|(i, c)| {
            let position = i + 1;
            if let Some(name) = invisible_name(c) {
                Some(format!("an invisible {name} (U+{:04X}) at character {position}", c as u32))
            } else {
                looks_like(c).map(|latin| {
                    format!("'{c}' (U+{:04X}, not the Latin letter '{latin}' it looks like) at character {position}", c as u32)
                })
            }
        })
        .collect();
    match found.len() {
        0 => None,
        1..=3 => Some(found.join(", ")),
        n => Some(format!("{} and {} more", found[..3].join(", "), n - 3)),
    }
}

/// The name of an invisible or space-like character.
fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{2000}'..='\u{200A}' => "SPACE",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}'..='\u{202E}' => "BIDIRECTIONAL FORMATTING CHARACTER",
        '\u{202F}' => "NARROW NO-BREAK SPACE",
        '\u{205F}' => "MEDIUM MATHEMATICAL SPACE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}'..='\u{2069}' => "BIDIRECTIONAL ISOLATE",
        '\u{3000}' => "IDEOGRAPHIC SPACE",
        '\u{FEFF}' => "BYTE ORDER MARK",
        _ => return None,
    })
}

/// The Latin letter a Cyrillic, Greek or full-width character is mistaken for.
fn looks_like(c: char) -> Option<char> {
    const TABLE: &[(char, char)] = &[
        // Cyrillic small and capital letters.
        ('а', 'a'),
        ('е', 'e'),
        ('о', 'o'),
        ('р', 'p'),
        ('с', 'c'),
        ('у', 'y'),
        ('х', 'x'),
        ('і', 'i'),
        ('ј', 'j'),
        ('ѕ', 's'),
        ('ԁ', 'd'),
        ('һ', 'h'),
        ('ӏ', 'l'),
        ('ԛ', 'q'),
        ('ԝ', 'w'),
        ('А', 'A'),
        ('В', 'B'),
        ('Е', 'E'),
        ('К', 'K'),
        ('М', 'M'),
        ('Н', 'H'),
        ('О', 'O'),
        ('Р', 'P'),
        ('С', 'C'),
        ('Т', 'T'),
        ('Х', 'X'),
        ('І', 'I'),
        ('Ј', 'J'),
        ('Ѕ', 'S'),
        // Greek small and capital letters.
        ('ο', 'o'),
        ('α', 'a'),
        ('ν', 'v'),
        ('ρ', 'p'),
        ('ι', 'i'),
        ('κ', 'k'),
        ('υ', 'u'),
        ('Α', 'A'),
        ('Β', 'B'),
        ('Ε', 'E'),
        ('Ζ', 'Z'),
        ('Η', 'H'),
        ('Ι', 'I'),
        ('Κ', 'K'),
        ('Μ', 'M'),
        ('Ν', 'N'),
        ('Ο', 'O'),
        ('Ρ', 'P'),
        ('Τ', 'T'),
        ('Υ', 'Y'),
        ('Χ', 'X'),
    ];
    if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        return char::from_u32(c as u32 - 0xFF01 + 0x21);
    }
    TABLE
        .iter()
        .find(|&&(k, _)| k == c)
        .map(|&(_, latin)| latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_invisible_and_look_alike_characters_with_positions() {
        let d = describe_hidden("ab\u{200b}c").unwrap();
        assert!(
            d.contains("ZERO WIDTH SPACE (U+200B) at character 3"),
            "{d}"
        );
        let d = describe_hidden("pаul").unwrap();
        assert!(
            d.contains("U+0430") && d.contains("'a'") && d.contains("character 2"),
            "{d}"
        );
        assert!(describe_hidden("ａb").unwrap().contains("'a'"));
        assert_eq!(describe_hidden("rené"), None);
    }

    #[test]
    fn long_lists_are_shortened() {
        let d = describe_hidden("\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}").unwrap();
        assert!(d.ends_with("and 2 more"), "{d}");
    }
}

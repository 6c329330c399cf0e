//! Characters that hide in addresses: invisible ones and letters that look Latin.
//!
//! The look-alike list covers the Cyrillic and Greek letters that are drawn like Latin
//! letters in common fonts (a subset of Unicode's confusables.txt, chosen by hand for
//! addresses) and the full-width forms that East Asian input methods type.
//!
//! Descriptions name the kinds of character found, in a fixed order, never which
//! character of the cell it is, where it is or how many there are: the cell may hold a
//! password from a shifted column.

/// Names of the invisible and space-like characters, in the order descriptions use.
const INVISIBLE: &[&str] = &[
    "no-break space",
    "soft hyphen",
    "Arabic letter mark",
    "Mongolian vowel separator",
    "typographic space",
    "zero-width space",
    "zero-width non-joiner",
    "zero-width joiner",
    "left-to-right mark",
    "right-to-left mark",
    "bidirectional formatting character",
    "narrow no-break space",
    "medium mathematical space",
    "word joiner",
    "bidirectional isolate",
    "ideographic space",
    "byte order mark",
];

/// Scripts whose letters are mistaken for Latin ones, in the order descriptions use.
const LOOK_ALIKE: &[&str] = &["Cyrillic", "Greek", "full-width"];

/// Describes the kinds of invisible and look-alike characters in `text` (e.g. "an
/// invisible character (zero-width space)"), or `None` if there are none.
pub fn describe_hidden(text: &str) -> Option<String> {
    let (mut invisible, mut look_alike) = (0u32, 0u8);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        if let Some(kind) = invisible_kind(c) {
            invisible |= 1 << kind;
        } else if let Some(script) = looks_latin(c) {
            look_alike |= 1 << script;
        }
    }
    let pick = |bits: u32, names: &'static [&'static str]| -> Vec<&'static str> {
        names
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, name)| *name)
            .collect()
    };
    let invisible = pick(invisible, INVISIBLE);
    let look_alike = pick(u32::from(look_alike), LOOK_ALIKE);
    let mut parts = Vec::new();
    match invisible.len() {
        0 => {}
        1 => parts.push(format!("an invisible character ({})", invisible[0])),
        _ => parts.push(format!("invisible characters ({})", invisible.join(", "))),
    }
    match look_alike.len() {
        0 => {}
        1 => parts.push(format!(
            "a letter that looks Latin but is {}",
            look_alike[0]
        )),
        _ => parts.push(format!(
            "letters that look Latin but are {}",
            look_alike.join(" or ")
        )),
    }
    (!parts.is_empty()).then(|| parts.join(" and "))
}

/// The index in [`INVISIBLE`] of an invisible or space-like character.
fn invisible_kind(c: char) -> Option<u32> {
    Some(match c {
        '\u{00A0}' => 0,
        '\u{00AD}' => 1,
        '\u{061C}' => 2,
        '\u{180E}' => 3,
        '\u{2000}'..='\u{200A}' => 4,
        '\u{200B}' => 5,
        '\u{200C}' => 6,
        '\u{200D}' => 7,
        '\u{200E}' => 8,
        '\u{200F}' => 9,
        '\u{202A}'..='\u{202E}' => 10,
        '\u{202F}' => 11,
        '\u{205F}' => 12,
        '\u{2060}' => 13,
        '\u{2066}'..='\u{2069}' => 14,
        '\u{3000}' => 15,
        '\u{FEFF}' => 16,
        _ => return None,
    })
}

/// The index in [`LOOK_ALIKE`] of the script of a character drawn like a Latin letter.
fn looks_latin(c: char) -> Option<u32> {
    // а е о р с у х і ј ѕ ԁ һ ӏ ԛ ԝ А В Е К М Н О Р С Т Х І Ј Ѕ
    const CYRILLIC: &str = "\u{0430}\u{0435}\u{043E}\u{0440}\u{0441}\u{0443}\u{0445}\u{0456}\u{0458}\u{0455}\u{0501}\u{04BB}\u{04CF}\u{051B}\u{051D}\u{0410}\u{0412}\u{0415}\u{041A}\u{041C}\u{041D}\u{041E}\u{0420}\u{0421}\u{0422}\u{0425}\u{0406}\u{0408}\u{0405}";
    // ο α ν ρ ι κ υ Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ
    const GREEK: &str = "\u{03BF}\u{03B1}\u{03BD}\u{03C1}\u{03B9}\u{03BA}\u{03C5}\u{0391}\u{0392}\u{0395}\u{0396}\u{0397}\u{0399}\u{039A}\u{039C}\u{039D}\u{039F}\u{03A1}\u{03A4}\u{03A5}\u{03A7}";
    if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        Some(2)
    } else if CYRILLIC.contains(c) {
        Some(0)
    } else if GREEK.contains(c) {
        Some(1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_kinds_found_without_position_or_count() {
        assert_eq!(
            describe_hidden("ab\u{200b}c").as_deref(),
            Some("an invisible character (zero-width space)")
        );
        assert_eq!(
            describe_hidden("\u{200b}\u{200b}a\u{200b}").as_deref(),
            Some("an invisible character (zero-width space)"),
            "how many is not said"
        );
        assert_eq!(
            describe_hidden("p\u{0430}ul").as_deref(),
            Some("a letter that looks Latin but is Cyrillic")
        );
        assert_eq!(
            describe_hidden("\u{FF41}\u{03BF}\u{00a0}b\u{feff}").as_deref(),
            Some(
                "invisible characters (no-break space, byte order mark) and letters that look Latin but are Greek or full-width"
            )
        );
        assert_eq!(describe_hidden("rené"), None);
    }

    #[test]
    fn the_order_of_the_cell_does_not_show() {
        assert_eq!(
            describe_hidden("\u{feff}x\u{00a0}"),
            describe_hidden("\u{00a0}x\u{feff}")
        );
    }

    #[test]
    fn look_alikes_by_script() {
        assert_eq!(looks_latin('\u{0430}'), Some(0), "Cyrillic a");
        assert_eq!(looks_latin('\u{0405}'), Some(0), "Cyrillic capital dze");
        assert_eq!(looks_latin('\u{03BA}'), Some(1), "Greek kappa");
        assert_eq!(looks_latin('\u{FF41}'), Some(2), "full-width a");
        assert_eq!(looks_latin('é'), None);
        assert_eq!(
            looks_latin('\u{0436}'),
            None,
            "Cyrillic zhe looks like no Latin letter"
        );
    }
}

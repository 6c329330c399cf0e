//! Normalisation of passwords and banned terms before they are compared.
//!
//! Microsoft Entra Password Protection first lowercases the password, then undoes common
//! character substitutions. Microsoft's page lists `0`→`o`, `1`→`l`, `$`→`s` and `@`→`a`
//! "such as" [doc: concept-password-ban-bad]; `2`→`z` was observed in Microsoft's own
//! agent [tool]. Only these five are applied: other look-alikes (`3`→`e`, `4`→`a`, …)
//! have no source and are left alone, so the check does not guess stricter than
//! Microsoft documents.

/// Byte each ASCII byte becomes; every non-ASCII character becomes [`OTHER`].
static TABLE: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).to_ascii_lowercase();
        b += 1;
    }
    table[b'0' as usize] = b'o';
    table[b'1' as usize] = b'l';
    table[b'$' as usize] = b's';
    table[b'@' as usize] = b'a';
    table[b'2' as usize] = b'z';
    table
};

/// Stands for one non-ASCII character; no term contains it.
pub const OTHER: u8 = 0x80;

/// The normalised form of one ASCII byte (lowercase, substitutions undone); for
/// ASCII input only (a byte of a multi-byte character gives a meaningless result).
#[inline]
pub fn normalise_byte(b: u8) -> u8 {
    TABLE[usize::from(b & 0x7F)]
}

/// Writes the normalised form of `text` into `out`: one byte per character.
#[inline]
pub fn normalise_into(text: &str, out: &mut Vec<u8>) {
    out.clear();
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| TABLE[usize::from(b & 0x7F)]));
    } else {
        out.extend(text.chars().map(|c| {
            if c.is_ascii() {
                TABLE[c as usize]
            } else {
                OTHER
            }
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(text: &str) -> String {
        let mut out = Vec::new();
        normalise_into(text, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn lowercases_and_undoes_the_documented_substitutions() {
        assert_eq!(normalised("C0ntos0Blank12"), "contosoblanklz");
        assert_eq!(normalised("ContoS0Bl@nkf9!"), "contosoblankf9!");
        assert_eq!(normalised("P@$$w0rd"), "password");
        assert_eq!(normalised("3x4mple"), "3x4mple", "undocumented ones stay");
    }

    #[test]
    fn one_byte_per_character() {
        let mut out = Vec::new();
        normalise_into("Pässwörd", &mut out);
        assert_eq!(out.len(), 8);
        assert_eq!(out[1], OTHER);
    }
}

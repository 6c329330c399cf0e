//! The user's own name in the password: predicted rejected whatever the score.
//!
//! Microsoft's Password Protection page gives this example [doc: concept-password-ban-bad]:
//! a user named Poll sets `p0LL23fb`; normalised it is `poll23fb`, substring matching
//! finds the user's first name, and "this password would be rejected". By the score
//! alone it would pass: `[poll] + 2 + 3 + f + b` is 5 points. The only reading under
//! which all of Microsoft's worked examples come out as the page says is that a
//! password holding the user's first or last name (of at least four characters) is
//! rejected on its own [inferred], while the organisation's name only counts in the
//! score (the accepted `ContoS0Bl@nkf9!` holds "contoso").
//!
//! The user's name stands in as in [`super::protection`]: the address's local part split
//! at everything that is not a letter (`pilar.pineda7` gives `pilar` and `pineda`), so
//! `poll@contoso.com` gives `poll`.

use memchr::memmem;

use super::normalise::{OTHER, normalise_byte};

/// Characters of the local part read for name parts: SMTP's limit of 64. A longer local
/// part is no valid address (its own finding says so) and names no user.
const MAX_LOCAL: usize = 64;

/// Shortest name part Microsoft matches.
const MIN_NAME: usize = 4;

/// Longest password searched (bytes): four times Microsoft's 256 characters. A longer
/// one is refused by the policy anyway (PWD002).
pub(crate) const MAX_PASSWORD: usize = 1024;

/// Whether the normalised `password` holds a part of the user's name (taken from the
/// local part of `email`) of at least four letters.
///
/// Bounded work: at most 64 characters of the local part give at most 12 name parts,
/// each found with one `memmem` search over at most [`MAX_PASSWORD`] bytes.
pub(crate) fn holds_user_name(password: &str, email: Option<&str>) -> bool {
    let email = email.unwrap_or_default().trim().as_bytes();
    let Some(at) = email.iter().rposition(|&b| b == b'@') else {
        return false;
    };
    let local = &email[..at];
    if local.len() > MAX_LOCAL || password.len() > MAX_PASSWORD {
        return false;
    }
    let mut text = [0u8; MAX_PASSWORD];
    let text = normalise_bytes(password.as_bytes(), &mut text);
    let mut part = [0u8; MAX_LOCAL];
    local
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|name| name.len() >= MIN_NAME && name.len() <= text.len())
        .any(|name| {
            let part = &mut part[..name.len()];
            for (to, &from) in part.iter_mut().zip(name) {
                *to = normalise_byte(from);
            }
            memmem::find(text, part).is_some()
        })
}

/// Writes the normalised bytes of `bytes` into `out` (every byte of a non-ASCII
/// character becomes [`OTHER`], which no name holds) and returns them.
fn normalise_bytes<'o>(bytes: &[u8], out: &'o mut [u8; MAX_PASSWORD]) -> &'o [u8] {
    for (to, &from) in out.iter_mut().zip(bytes) {
        *to = if from.is_ascii() {
            normalise_byte(from)
        } else {
            OTHER
        };
    }
    &out[..bytes.len().min(MAX_PASSWORD)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microsofts_poll_example_holds_the_name() {
        assert!(holds_user_name("p0LL23fb", Some("poll@contoso.com")));
        assert!(holds_user_name(
            "xx-P0LL-yy",
            Some("Poll.Smith@contoso.com")
        ));
        assert!(!holds_user_name("p0LL23fb", Some("toby@contoso.com")));
    }

    #[test]
    fn name_parts_are_letters_of_four_or_more() {
        assert!(holds_user_name(
            "Pineda#77",
            Some("pilar.pineda7@contoso.com")
        ));
        assert!(holds_user_name(
            "Kq7#Pilar!",
            Some("pilar.pineda7@contoso.com")
        ));
        // "bo" and "li" are too short to count.
        assert!(!holds_user_name("Bo!Li#2024", Some("bo.li@contoso.com")));
        // The domain is the organisation's name, which only counts in the score.
        assert!(!holds_user_name("Contoso#77x", Some("pilar@contoso.com")));
    }

    #[test]
    fn no_address_or_an_overlong_one_names_no_user() {
        assert!(!holds_user_name("p0LL23fb", None));
        assert!(!holds_user_name("p0LL23fb", Some("poll")));
        let long = format!("{}.poll@contoso.com", "a".repeat(70));
        assert!(!holds_user_name("p0LL23fb", Some(&long)));
        assert!(!holds_user_name(
            &"poll".repeat(300),
            Some("poll@contoso.com")
        ));
    }

    #[test]
    fn non_ascii_bytes_never_match_a_letter() {
        // The second byte of "á" is 0xA1; masked to seven bits it would read as "!".
        // Each byte of "ñ" (0xC3 0xB1) masked would read as "C" and "1" → "cl"/"l".
        assert!(!holds_user_name("ñññáááá1", Some("clcl@contoso.com")));
        assert!(holds_user_name("ñpoll1!", Some("poll@contoso.com")));
    }
}

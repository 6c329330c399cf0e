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

#[cfg(test)]
use memchr::memmem;

#[cfg(test)]
use super::normalise::{OTHER, normalise_byte};

/// Characters of the local part read for name parts: SMTP's limit of 64. A longer local
/// part is no valid address (its own finding says so) and names no user.
#[cfg(test)]
const MAX_LOCAL: usize = 64;

/// Shortest name part Microsoft matches.
#[cfg(test)]
const MIN_NAME: usize = 4;

/// Longest password searched (bytes): four times Microsoft's 256 characters. A longer
/// one is refused by the policy anyway (PWD002).
pub(crate) const MAX_PASSWORD: usize = 1024;

/// Whether the normalised `password` holds a part of the user's name (taken from the
/// local part of `email`) of at least four letters: the rule written out on its own,
/// which the tests hold the checks to. The checks read the same answer off the
/// assessment's name search ([`super::protection::Scratch::holds_user_name`]).
///
/// Bounded work: at most 64 characters of the local part give at most 12 name parts,
/// each found with one `memmem` search over at most [`MAX_PASSWORD`] bytes.
#[cfg(test)]
pub(crate) fn holds_user_name(password: &str, email: Option<&str>) -> bool {
    let email = email.unwrap_or_default().trim().as_bytes();
    let Some(at) = email.iter().rposition(|&b| b == b'@') else {
        return false;
    };
    let local = &email[..at];
    if local.len() > MAX_LOCAL || password.len() > MAX_PASSWORD {
        return false;
    }
    // This runs for nearly every row, so a usual password (up to 64 bytes) is normalised
    // into a small buffer and searched by comparing windows, rather than zeroing 1 KB
    // and setting up a `memmem` searcher for every row.
    if password.len() <= SHORT {
        let mut text = [0u8; SHORT];
        let text = normalise_bytes(password.as_bytes(), &mut text);
        any_name(local, text, |part| {
            // The first byte first: a slice comparison is a call to memcmp.
            let first = part[0];
            text.windows(part.len())
                .any(|w| w[0] == first && w[1..] == part[1..])
        })
    } else {
        let mut text = [0u8; MAX_PASSWORD];
        let text = normalise_bytes(password.as_bytes(), &mut text);
        any_name(local, text, |part| memmem::find(text, part).is_some())
    }
}

/// Passwords up to this many bytes take the window search of [`holds_user_name`].
#[cfg(test)]
const SHORT: usize = 64;

/// Whether `found` holds for a normalised name part of `local` (letters only, at least
/// [`MIN_NAME`] of them and no longer than `text`).
#[cfg(test)]
fn any_name(local: &[u8], text: &[u8], found: impl Fn(&[u8]) -> bool) -> bool {
    let mut part = [0u8; MAX_LOCAL];
    local
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|name| name.len() >= MIN_NAME && name.len() <= text.len())
        .any(|name| {
            let part = &mut part[..name.len()];
            for (to, &from) in part.iter_mut().zip(name) {
                *to = normalise_byte(from);
            }
            found(part)
        })
}

/// Writes the normalised bytes of `bytes` into `out` (every byte of a non-ASCII
/// character becomes [`OTHER`], which no name holds) and returns them.
#[cfg(test)]
fn normalise_bytes<'o>(bytes: &[u8], out: &'o mut [u8]) -> &'o [u8] {
    for (to, &from) in out.iter_mut().zip(bytes) {
        *to = if from.is_ascii() {
            normalise_byte(from)
        } else {
            OTHER
        };
    }
    &out[..bytes.len().min(out.len())]
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
    fn short_and_long_passwords_are_searched_alike() {
        for pad in [0, SHORT - 8, SHORT - 4, SHORT, SHORT + 1, 500] {
            let filler = "x7#".repeat(pad).chars().take(pad).collect::<String>();
            let with = format!("{filler}P0ll!");
            let without = format!("{filler}P0l!l");
            let email = Some("poll.smith@contoso.com");
            assert!(holds_user_name(&with, email), "{} bytes", with.len());
            assert!(!holds_user_name(&without, email), "{} bytes", without.len());
        }
    }

    #[test]
    fn non_ascii_bytes_never_match_a_letter() {
        // The second byte of "á" is 0xA1; masked to seven bits it would read as "!".
        // Each byte of "ñ" (0xC3 0xB1) masked would read as "C" and "1" → "cl"/"l".
        assert!(!holds_user_name("ñññáááá1", Some("clcl@contoso.com")));
        assert!(holds_user_name("ñpoll1!", Some("poll@contoso.com")));
    }

    /// The row check reads the answer off the assessment's own name search
    /// ([`super::super::protection::Scratch::holds_user_name`]): it must agree with this
    /// function on every input, including the awkward ones (spaces, long local parts,
    /// non-ASCII, substitutions, names at the ends).
    #[test]
    fn the_assessments_answer_is_the_same() {
        use crate::options::Options;
        use crate::password::protection::{Protection, Scratch};
        const LOCAL: &[&str] = &["poll", "pilar", ".", "-", "7", " ", "ñ", "Ab", "x"];
        const PASSWORD: &[&str] = &[
            "p0LL", "P1LAR", "pilar", "o", "l", "1", "@", " ", "ñ", "!", "abcd",
        ];
        let protection = Protection::new(&Options::default());
        let mut scratch = Scratch::default();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut holding, mut cases) = (0, 0);
        for _ in 0..20_000 {
            let mut local: String = (0..1 + next(6)).map(|_| LOCAL[next(LOCAL.len())]).collect();
            match next(20) {
                0 => local = "a".repeat(60 + next(8)) + &local,
                1 => local = local + "." + &"a".repeat(60 + next(8)),
                _ => {}
            }
            let domain = ["contoso.com", "pilar.org", " x.net "][next(3)];
            let email = format!("{}{local}@{domain}", [" ", ""][next(2)]);
            let password: String = (0..next(7))
                .map(|_| PASSWORD[next(PASSWORD.len())])
                .collect();
            protection.assess(&password, Some(&email), &mut scratch);
            let expected = holds_user_name(&password, Some(&email));
            assert_eq!(
                scratch.holds_user_name(),
                expected,
                "{password:?} for {email:?}"
            );
            holding += usize::from(expected);
            cases += 1;
        }
        // Both answers occur often enough for the comparison to mean something.
        assert!(
            holding > cases / 20 && holding < cases - cases / 20,
            "{holding} of {cases}"
        );
    }
}

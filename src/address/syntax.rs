//! The form of an address: the full syntax check with its precise messages, and the
//! one-pass fast path that accepts exactly what it accepts.

use super::{DOMAIN, SYNTAX, TOO_LONG, UNICODE_DOMAIN};
use crate::finding::Rule;

/// A syntax fault: the rule it breaks and the message.
pub(super) type Fault = (&'static Rule, String);

/// Checks the address's form.
pub(super) fn syntax(address: &str) -> Result<(), Fault> {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err((&SYNTAX, "The address has no @.".to_string()));
    };
    if local.contains('@') {
        return Err((
            &SYNTAX,
            "The address has more than one @: put one address per row.".to_string(),
        ));
    }
    if local.is_empty() {
        return Err((&SYNTAX, "The address has nothing before the @.".to_string()));
    }
    if let Some(c) = local.chars().find(|&c| !is_sign_in_char(c)) {
        let why = if c.is_ascii() && "+&$%*/=?`{|}".contains(c) {
            "SMTP allows it, but Microsoft 365 sign-in names do not"
        } else if c.is_ascii() {
            "it is not allowed in addresses"
        } else {
            "only ASCII letters are allowed before the @"
        };
        return Err((
            &SYNTAX,
            format!("The address has '{c}' before the @: {why}."),
        ));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err((
            &SYNTAX,
            "The address has a dot at the start or end of the user name, or two dots in a row."
                .to_string(),
        ));
    }
    if !domain.is_ascii() {
        return Err(match idna::domain_to_ascii(domain) {
            Ok(ascii) => (
                &UNICODE_DOMAIN,
                format!("The domain {domain} is written {ascii} in ASCII."),
            ),
            Err(_) => (
                &DOMAIN,
                "The part after the @ is not a valid internationalised domain name.".to_string(),
            ),
        });
    }
    if let Some(problem) = domain_problem(domain) {
        return Err((&DOMAIN, format!("The address is not valid: {problem}.")));
    }
    // 113 in all is 64 + 1 + 48, so that sign-in name limit cannot bite on its own.
    let too_long = if local.len() > 64 {
        format!("{} characters before the @ (at most 64)", local.len())
    } else if address.len() > 254 {
        format!(
            "{} characters in all (SMTP allows at most 254)",
            address.len()
        )
    } else if domain.len() > 48 {
        format!(
            "{} characters after the @ (Microsoft 365 sign-in names allow at most 48)",
            domain.len()
        )
    } else {
        return Ok(());
    };
    Err((&TOO_LONG, format!("The address has {too_long}.")))
}

/// `value` without spaces and tabs around it.
pub(super) fn trim_blanks(value: &str) -> &str {
    let bytes = value.as_bytes();
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes.iter().position(|b| !blank(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |i| i + 1);
    // Spaces and tabs are ASCII, so both ends lie on character boundaries.
    value.get(start..end).unwrap_or_default()
}

/// Byte classes of the fast path: a user name character (other than the dot), a
/// domain name character (other than the dot), or neither.
const USER: u8 = 1;
const DOMAIN_CHAR: u8 = 2;
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if is_sign_in_byte(c) && c != b'.' {
            table[b] |= USER;
        }
        if c.is_ascii_alphanumeric() || c == b'-' {
            table[b] |= DOMAIN_CHAR;
        }
        b += 1;
    }
    table
};

/// The fast path for the common case: one pass over the bytes that accepts exactly the
/// addresses [`syntax`] accepts (a test holds the two together), returning where the
/// `@` is. Anything it rejects goes through [`syntax`] for the precise message.
pub(super) fn plainly_valid(address: &str) -> Option<usize> {
    let bytes = address.as_bytes();
    // User name: sign-in characters, no dot first, last or twice in a row.
    let mut previous = b'.';
    let mut at = None;
    for (i, &b) in bytes.iter().enumerate().take(65) {
        let allowed = CLASS[usize::from(b)] & USER != 0 || (b == b'.' && previous != b'.');
        if !allowed {
            if b == b'@' && previous != b'.' {
                at = Some(i);
                break;
            }
            return None;
        }
        previous = b;
    }
    let at = at?;
    let domain = &bytes[at + 1..];
    if domain.is_empty() || domain.len() > 48 {
        return None;
    }
    // Domain: labels of 1 to 63 letters, digits and inner hyphens, at least two, the
    // last not all digits.
    let (mut label_len, mut labels, mut tld_digits_only) = (0usize, 1usize, true);
    previous = b'.';
    for &b in domain {
        if CLASS[usize::from(b)] & DOMAIN_CHAR != 0 {
            if b == b'-' && label_len == 0 {
                return None;
            }
            label_len += 1;
            tld_digits_only &= b.is_ascii_digit();
        } else if b == b'.' && label_len > 0 && previous != b'-' {
            labels += 1;
            label_len = 0;
            tld_digits_only = true;
        } else {
            return None;
        }
        previous = b;
    }
    let valid =
        label_len > 0 && label_len <= 63 && previous != b'-' && labels >= 2 && !tld_digits_only;
    valid.then_some(at)
}

/// Characters allowed in the user name part of a Microsoft 365 sign-in name:
/// `A-Z a-z 0-9 ' . - _ ! # ^ ~`.
const fn is_sign_in_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'\'' | b'.' | b'-' | b'_' | b'!' | b'#' | b'^' | b'~')
}

/// Characters allowed in the user name part of a Microsoft 365 sign-in name.
fn is_sign_in_char(c: char) -> bool {
    c.is_ascii() && is_sign_in_byte(c as u8)
}

/// What is wrong with the ASCII domain part of an address, if anything. The words
/// never repeat the value: a cell that is not an address may hold a password from a
/// shifted or swapped column.
pub fn domain_problem(domain: &str) -> Option<String> {
    if domain.is_empty() {
        return Some("there is nothing after the @".into());
    }
    if domain.len() > 253 {
        return Some(format!(
            "the domain has {} characters (at most 253)",
            domain.len()
        ));
    }
    if !domain.contains('.') {
        return Some("the domain has no dot: use the full domain, e.g. contoso.com".into());
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Some(
                "the domain has an empty part (two dots in a row, or a dot at the start or end)"
                    .into(),
            );
        }
        if label.len() > 63 {
            return Some(format!(
                "a part of the domain has {} characters (at most 63)",
                label.len()
            ));
        }
        if label
            .chars()
            .any(|c| !c.is_ascii_alphanumeric() && c != '-')
        {
            return Some("the domain has a character domain names do not allow (only letters, digits, hyphens and dots)".into());
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some("a part of the domain starts or ends with a hyphen".into());
        }
    }
    let tld = domain.rsplit('.').next().unwrap_or(domain);
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        return Some("the domain ends in a number: an IP address is not a mail domain".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_path_agrees_with_the_full_check() {
        let samples = [
            "a@b.co",
            "a@b",
            "a@b.",
            "a@.b",
            "a@b..c",
            "a@-b.c",
            "a@b-.c",
            "a@b.c-",
            "a@b.123",
            "a@1.b2",
            ".a@b.c",
            "a.@b.c",
            "a..b@b.c",
            "a+b@c.de",
            "a@b@c.de",
            "@b.c",
            "a@",
            "ab",
            "a b@c.de",
            "o'brien!#^~_-x@mail.contoso.co.uk",
            "a@bücher.de",
            "pilär@x.de",
        ];
        let long = [
            format!("{}@c.de", "a".repeat(64)),
            format!("{}@c.de", "a".repeat(65)),
            format!("a@{}.de", "b".repeat(45)),
            format!("a@{}.de", "b".repeat(46)),
            format!("a@{}.de", "b".repeat(64)),
        ];
        for s in samples.iter().map(|s| s.to_string()).chain(long) {
            assert_eq!(plainly_valid(&s).is_some(), syntax(&s).is_ok(), "{s}");
        }
        // Random strings over the characters that matter, around the length limits.
        let pieces = [
            "a",
            "Z",
            "9",
            ".",
            "-",
            "@",
            "_",
            "+",
            "b.co",
            "xn--p",
            "é",
            "bbbbbbbbbbbb",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..50_000 {
            let mut s = String::new();
            for _ in 0..state % 16 {
                crate::testing::xorshift(&mut state);
                s.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            assert_eq!(plainly_valid(&s).is_some(), syntax(&s).is_ok(), "{s}");
            if let Some(at) = plainly_valid(&s) {
                assert_eq!(Some(at), s.rfind('@'), "{s}");
            }
        }
    }
}

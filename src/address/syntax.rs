//! The form of an address: the full check under SMTP's rules (RFC 5321/5322) and the
//! directory's (Microsoft Entra proxyAddresses), noting apart what breaks only the
//! stricter sign-in name (UPN) rules; and the one-pass fast path that accepts exactly
//! the addresses that pass both.
//!
//! Messages are fixed words, the end of a sentence "The EmailAddress in row N …": they
//! never repeat the cell, nor a character, length or position taken from it.

use super::domain::domain_problem;
use super::{DOMAIN, SYNTAX, TOO_LONG, UNICODE_DOMAIN};
use crate::finding::Rule;

/// A fault of form: the rule it breaks and what is wrong, as the end of a sentence
/// starting "The EmailAddress in row N" (fixed words only).
pub(super) type Fault = (&'static Rule, String);

/// SMTP's limit before the `@` (RFC 5321, 4.5.3.1.1).
const LOCAL_MAX: usize = 64;
/// The longest address the directory keeps: a proxyAddresses value holds at most 256
/// characters, and it is `SMTP:` followed by the address (SMTP alone allows 254).
const ADDRESS_MAX: usize = 256 - "SMTP:".len();
/// The sign-in name's limit after the `@`.
const UPN_DOMAIN_MAX: usize = 48;

/// How a valid address breaks the sign-in name (UPN) rules, if it does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct UpnBreaks {
    /// A character SMTP allows before the `@` that sign-in names do not.
    character: bool,
    /// A quoted part before the `@`.
    quoted: bool,
    /// More than 48 characters after the `@`.
    long_domain: bool,
}

impl UpnBreaks {
    /// Whether the address also passes the sign-in name rules.
    pub(super) fn is_empty(self) -> bool {
        self == UpnBreaks::default()
    }

    /// The rules broken, in fixed words and a fixed order.
    pub(super) fn describe(self) -> String {
        let parts: Vec<&str> = [
            (
                self.character,
                "a character before the @ that sign-in names do not allow",
            ),
            (self.quoted, "a quoted part before the @"),
            (self.long_domain, "more than 48 characters after the @"),
        ]
        .into_iter()
        .filter_map(|(broken, words)| broken.then_some(words))
        .collect();
        parts.join(", and ")
    }
}

/// Checks the address's form. `Ok` holds what breaks only the sign-in name rules.
pub(super) fn syntax(address: &str) -> Result<UpnBreaks, Fault> {
    let fault = |rule: &'static Rule, words: &str| Err((rule, words.to_string()));
    if address.chars().any(char::is_control) {
        return fault(
            &SYNTAX,
            "has a line break, a tab or another control character",
        );
    }
    let mut upn = UpnBreaks::default();
    let (local, domain) = match address.strip_prefix('"') {
        Some(quoted) => {
            upn.quoted = true;
            split_quoted(address, quoted)?
        }
        None => {
            let Some((local, domain)) = address.rsplit_once('@') else {
                return fault(&SYNTAX, "has no @");
            };
            check_dot_atom(local, &mut upn)?;
            (local, domain)
        }
    };
    if domain.contains('@') {
        return fault(&SYNTAX, "has more than one @: put one address per row");
    }
    if !domain.is_ascii() {
        return match idna::domain_to_ascii(domain) {
            Ok(_) => fault(
                &UNICODE_DOMAIN,
                "has a domain written with non-ASCII letters",
            ),
            Err(_) => fault(
                &DOMAIN,
                "has a domain with non-ASCII characters that is not a valid internationalised domain name",
            ),
        };
    }
    if let Some(problem) = domain_problem(domain) {
        return Err((
            &DOMAIN,
            format!("has a domain that is not valid: {problem}"),
        ));
    }
    if local.len() > LOCAL_MAX {
        return fault(
            &TOO_LONG,
            "has more than 64 characters before the @ (SMTP allows at most 64)",
        );
    }
    if address.len() > ADDRESS_MAX {
        return fault(
            &TOO_LONG,
            "has more than 251 characters: the directory keeps it as SMTP: and the address, at most 256 characters",
        );
    }
    upn.long_domain = domain.len() > UPN_DOMAIN_MAX;
    Ok(upn)
}

/// Splits an address whose user name is quoted (`quoted` is what follows the opening
/// quote): RFC 5321's quoted string, printable ASCII with `\` escaping the next
/// character, then the `@`.
fn split_quoted<'a>(address: &'a str, quoted: &str) -> Result<(&'a str, &'a str), Fault> {
    let fault = |words: &str| Err((&SYNTAX, words.to_string()));
    let mut escaped = false;
    let mut close = None;
    for (i, c) in quoted.char_indices() {
        if !c.is_ascii() {
            return fault(NON_ASCII_LOCAL);
        }
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => {
                close = Some(i);
                break;
            }
            _ => {}
        }
    }
    let Some(close) = close else {
        return fault("has a quote before the @ that is never closed");
    };
    // The opening quote, the text and the closing quote; all ASCII, so on boundaries.
    let local = &address[..close + 2];
    if local.len() == 2 {
        return fault(NOTHING_BEFORE);
    }
    match address[close + 2..].strip_prefix('@') {
        Some(domain) => Ok((local, domain)),
        None if address[close + 2..].contains('@') => fault(
            "has a quote that does not enclose the whole part before the @ (SMTP allows quotes only around all of it)",
        ),
        None => fault("has no @"),
    }
}

const NOTHING_BEFORE: &str = "has nothing before the @";
const NON_ASCII_LOCAL: &str =
    "has a non-ASCII character before the @ (Exchange 2003 and 2007 addresses are ASCII)";

/// Checks an unquoted user name: SMTP's dot-atom (`atext` characters, single dots
/// between them), noting characters sign-in names refuse.
fn check_dot_atom(local: &str, upn: &mut UpnBreaks) -> Result<(), Fault> {
    let fault = |words: &str| Err((&SYNTAX, words.to_string()));
    if local.is_empty() {
        return fault(NOTHING_BEFORE);
    }
    if local.contains('@') {
        return fault("has more than one @: put one address per row");
    }
    if !local.is_ascii() {
        return fault(NON_ASCII_LOCAL);
    }
    if local.bytes().any(|b| !is_atext(b) && b != b'.') {
        return fault(
            "has a character before the @ that SMTP does not allow there (a space, a quote, or one of < > ( ) [ ] ; : , \\)",
        );
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return fault(
            "has a dot at the start or end of the part before the @, or two dots in a row",
        );
    }
    upn.character = local.bytes().any(|b| b != b'.' && !is_sign_in_byte(b));
    Ok(())
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

/// Byte classes of the fast path: a sign-in name character (other than the dot), a
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
/// addresses [`syntax`] accepts with no sign-in name note (a test holds the two
/// together), returning where the `@` is. Anything it rejects goes through [`syntax`].
/// Whether the domain can be used on the internet is asked of every address after this.
pub(super) fn plainly_valid(address: &str) -> Option<usize> {
    let bytes = address.as_bytes();
    // User name: sign-in characters, no dot first, last or twice in a row.
    let mut previous = b'.';
    let mut at = None;
    for (i, &b) in bytes.iter().enumerate().take(LOCAL_MAX + 1) {
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
    if domain.is_empty() || domain.len() > UPN_DOMAIN_MAX {
        return None;
    }
    // Domain: labels of 1 to 63 letters, digits and inner hyphens, the last not all
    // digits.
    let (mut label_len, mut tld_digits_only) = (0usize, true);
    previous = b'.';
    for &b in domain {
        if CLASS[usize::from(b)] & DOMAIN_CHAR != 0 {
            if b == b'-' && label_len == 0 {
                return None;
            }
            label_len += 1;
            tld_digits_only &= b.is_ascii_digit();
        } else if b == b'.' && label_len > 0 && previous != b'-' {
            label_len = 0;
            tld_digits_only = true;
        } else {
            return None;
        }
        previous = b;
    }
    let valid = label_len > 0 && label_len <= 63 && previous != b'-' && !tld_digits_only;
    valid.then_some(at)
}

/// Characters SMTP allows in a dot-atom besides the dot (RFC 5322 `atext`): letters,
/// digits and ``! # $ % & ' * + - / = ? ^ _ ` { | } ~``.
const fn is_atext(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'/'
                | b'='
                | b'?'
                | b'^'
                | b'_'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
        )
}

/// Characters allowed in the user name part of a Microsoft 365 sign-in name:
/// `A-Z a-z 0-9 ' . - _ ! # ^ ~`.
const fn is_sign_in_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'\'' | b'.' | b'-' | b'_' | b'!' | b'#' | b'^' | b'~')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the full check says, as the code of its finding ("" for a clean address,
    /// CSV211 for a sign-in name note).
    fn code(address: &str) -> &'static str {
        match syntax(address) {
            Ok(upn) if upn.is_empty() => "",
            Ok(_) => "CSV211",
            Err((rule, _)) => rule.code,
        }
    }

    #[test]
    fn smtp_characters_are_valid_and_only_noted_for_sign_in_names() {
        for ok in ["pilarp@contoso.com", "o'brien.x_y-z!#^~@mail.contoso.co.uk"] {
            assert_eq!(code(ok), "", "{ok}");
        }
        for c in "+&%*/=?{}|$`".chars() {
            let address = format!("a{c}b@contoso.com");
            assert_eq!(code(&address), "CSV211", "{address}");
        }
        assert_eq!(code("\"pilar p\"@contoso.com"), "CSV211");
        assert_eq!(code("\"a@b\\\"c\"@contoso.com"), "CSV211");
        assert_eq!(code(&format!("a@{}.com", "b".repeat(45))), "CSV211");
    }

    #[test]
    fn what_smtp_and_the_directory_refuse_is_an_error() {
        for bad in [
            "pilarp",
            "a@b@contoso.com",
            "@contoso.com",
            "a.@contoso.com",
            ".a@contoso.com",
            "a..b@contoso.com",
            "a b@contoso.com",
            "Pilar <p@contoso.com>",
            "a(b)@contoso.com",
            "a;b@contoso.com",
            "a,b@contoso.com",
            "a[b]@contoso.com",
            "a\"b@contoso.com",
            "a\\b@contoso.com",
            "a:b@contoso.com",
            "pilär@contoso.com",
            "a\tb@contoso.com",
            "a\nb@contoso.com",
            "\"a\nb\"@contoso.com",
            "\"never closed@contoso.com",
            "\"a\"b@contoso.com",
            "\"\"@contoso.com",
            "\"ä\"@contoso.com",
            "\"a\"@b@contoso.com",
        ] {
            assert_eq!(code(bad), "CSV202", "{bad:?}");
        }
    }

    #[test]
    fn lengths_follow_smtp_and_the_directory() {
        assert_eq!(code(&format!("{}@contoso.com", "a".repeat(64))), "");
        assert_eq!(code(&format!("{}@contoso.com", "a".repeat(65))), "CSV203");
        // 251 characters in all is the most the directory keeps.
        let (b, c, d) = ("b".repeat(60), "c".repeat(60), "d".repeat(60));
        let longest = format!("{}@{b}.{c}.{d}.com", "a".repeat(64));
        assert_eq!(longest.len(), 251);
        assert_eq!(code(&longest), "CSV211", "over 48 after the @");
        assert_eq!(
            code(&format!("{}@b{b}.{c}.{d}.com", "a".repeat(64))),
            "CSV203"
        );
    }

    #[test]
    fn domains() {
        assert_eq!(
            code("a@contoso"),
            "",
            "one label is well-formed; routing is asked later"
        );
        for bad in [
            "a@-contoso.com",
            "a@con_toso.com",
            "a@contoso..com",
            "a@10.0.0.1",
            "a@",
            "a@[10.0.0.1]",
        ] {
            assert_eq!(code(bad), "CSV204", "{bad}");
        }
        assert_eq!(code("a@bücher.de"), "CSV210");
        assert_eq!(code("a@b\u{fffd}\u{0}x.de"), "CSV202");
    }

    #[test]
    fn messages_are_fixed_words() {
        let secret = "Sommer2024!";
        for cell in [
            secret.to_string(),
            format!("{secret}@{secret}"),
            format!("contoso.com;{secret}ä;True@contoso.com;{secret}ä;True"),
            format!("pilarp@contoso.com;{secret}ä;True"),
            format!("{secret} x@contoso.com"),
            format!("{}@contoso.com", secret.repeat(9)),
        ] {
            let (_, words) = syntax(&cell).unwrap_err();
            assert!(
                !words.contains("Sommer") && !words.contains("sommer"),
                "{words}"
            );
            assert!(!words.contains("xn--"), "{words}");
            assert!(!words.contains("99"), "no length: {words}");
        }
    }

    #[test]
    fn fast_path_agrees_with_the_full_check() {
        let clean = |s: &str| syntax(s).is_ok_and(UpnBreaks::is_empty);
        let samples = [
            "a@b.co",
            "a@b",
            "a@1",
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
            "\"a\"@c.de",
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
            assert_eq!(plainly_valid(&s).is_some(), clean(&s), "{s}");
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
            "\"",
            "\\",
            " ",
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
            assert_eq!(plainly_valid(&s).is_some(), clean(&s), "{s}");
            if let Some(at) = plainly_valid(&s) {
                assert_eq!(Some(at), s.rfind('@'), "{s}");
            }
        }
    }
}

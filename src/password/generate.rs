//! Strong, compliant passwords for rows that need one.
//!
//! 16 characters drawn uniformly (rejection sampling) from 67 that are easy to read
//! out and type: letters and digits without the look-alikes `I l 1 O 0`, and symbols
//! that need no quoting in a CSV, no escaping in PowerShell and that Excel does not
//! read as a formula (`! # % * ? ^ _ ~ . :`). None of them splits a cell in any common
//! Excel locale (`,` `;` tab) or is a quote (`"` `'`), so a generated password survives
//! the file being opened and saved again with another list separator. At least one of
//! each of the four kinds, about 97 bits of randomness. The random bytes come from the operating system, or in
//! the browser from `crypto.getRandomValues`, through the `getrandom` crate.

use std::fmt;

/// Length of a generated password.
pub const LENGTH: usize = 16;

const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS: &[u8] = b"23456789";
const SYMBOLS: &[u8] = b"!#%*?^_~.:";

/// Characters no generated password holds: cell separators of the common Excel locales
/// (comma, semicolon, tab) and quotes.
pub const NEVER: &[char] = &[',', ';', '\t', '"', '\''];

/// Tries before giving up on a password the caller's check keeps refusing.
const TRIES: usize = 64;

/// Why no password could be generated.
#[derive(Debug)]
#[non_exhaustive]
pub enum GenerateError {
    /// The platform gave no random numbers.
    Randomness(getrandom::Error),
    /// Every password generated was refused by the check (it should never happen).
    Refused,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Randomness(e) => write!(f, "no secure random numbers available: {e}"),
            GenerateError::Refused => f.write_str("no generated password passed the checks"),
        }
    }
}

impl std::error::Error for GenerateError {}

/// Random bytes, fetched in blocks.
struct Random {
    buffer: [u8; 64],
    used: usize,
}

impl Random {
    fn new() -> Random {
        Random {
            buffer: [0; 64],
            used: 64,
        }
    }

    fn byte(&mut self) -> Result<u8, GenerateError> {
        if self.used == self.buffer.len() {
            getrandom::fill(&mut self.buffer).map_err(GenerateError::Randomness)?;
            self.used = 0;
        }
        self.used += 1;
        Ok(self.buffer[self.used - 1])
    }

    /// A uniform number below `n` (1 to 256), by rejecting the bytes that would bias it.
    fn below(&mut self, n: usize) -> Result<usize, GenerateError> {
        let limit = 256 - 256 % n;
        loop {
            let b = usize::from(self.byte()?);
            if b < limit {
                return Ok(b % n);
            }
        }
    }

    fn pick(&mut self, set: &[u8]) -> Result<u8, GenerateError> {
        Ok(set[self.below(set.len())?])
    }
}

/// A random password of [`LENGTH`] characters with all four kinds, that `accept` likes.
pub fn generate_with(accept: impl Fn(&str) -> bool) -> Result<String, GenerateError> {
    let all: Vec<u8> = [LOWER, UPPER, DIGITS, SYMBOLS].concat();
    let mut random = Random::new();
    for _ in 0..TRIES {
        let mut chars = Vec::with_capacity(LENGTH);
        for set in [LOWER, UPPER, DIGITS, SYMBOLS] {
            chars.push(random.pick(set)?);
        }
        while chars.len() < LENGTH {
            chars.push(random.pick(&all)?);
        }
        // Fisher-Yates, so the four guaranteed kinds are anywhere.
        for i in (1..chars.len()).rev() {
            let j = random.below(i + 1)?;
            chars.swap(i, j);
        }
        // Every byte comes from the ASCII sets above.
        let password: String = chars.into_iter().map(char::from).collect();
        if accept(&password) {
            return Ok(password);
        }
    }
    Err(GenerateError::Refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_the_length_and_every_kind() {
        for _ in 0..50 {
            let p = generate_with(|_| true).unwrap();
            assert_eq!(p.len(), LENGTH);
            for set in [LOWER, UPPER, DIGITS, SYMBOLS] {
                assert!(p.bytes().any(|b| set.contains(&b)), "{p}");
            }
        }
    }

    #[test]
    fn no_set_holds_a_separator_or_a_quote() {
        let all: Vec<u8> = [LOWER, UPPER, DIGITS, SYMBOLS].concat();
        assert_eq!(all.len(), 67);
        for c in NEVER {
            assert!(!all.contains(&(*c as u8)), "{c:?}");
        }
    }

    #[test]
    fn passwords_differ() {
        let a = generate_with(|_| true).unwrap();
        let b = generate_with(|_| true).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn retries_until_accepted_and_gives_up() {
        let p = generate_with(|p| p.as_bytes()[0].is_ascii_digit()).unwrap();
        assert!(p.as_bytes()[0].is_ascii_digit());
        assert!(matches!(
            generate_with(|_| false),
            Err(GenerateError::Refused)
        ));
    }

    #[test]
    fn below_is_in_range() {
        let mut random = Random::new();
        for n in [1, 3, 68, 256] {
            for _ in 0..200 {
                assert!(random.below(n).unwrap() < n);
            }
        }
    }
}

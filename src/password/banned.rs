//! The embedded list of common password base terms: the stand-in for Microsoft's global
//! banned password list, which Microsoft does not publish.
//!
//! `banned-terms.txt` holds the 2,000 most frequent base terms (`password`, `qwerty`,
//! `monkey`, `123456`, …) derived by `scripts/banned-terms.py` from the password list
//! of zxcvbn 4.4.2 (npm package `zxcvbn`, MIT licence, Copyright (c) 2012-2016 Dan
//! Wheeler and Dropbox, Inc.; licence text in `banned-terms-LICENSE.txt`), which ranks
//! passwords by frequency in Mark Burnett's public 10-million-password corpus. It costs
//! about 15 KB of the WebAssembly module (7 KB gzipped). Because it is not Microsoft's
//! list, findings say a password is *likely* rejected.

use std::sync::OnceLock;

use super::fuzzy::{TermKind, TermMatcher};

/// The list as embedded: `#` lines are comments, every other line is one term.
const LIST: &str = include_str!("banned-terms.txt");

/// The embedded common terms, most frequent first.
pub fn common_terms() -> impl Iterator<Item = &'static str> {
    LIST.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// The matcher for the embedded terms, built on first use and kept for the process (or
/// the lifetime of the WebAssembly module).
pub fn common_matcher() -> &'static TermMatcher {
    static MATCHER: OnceLock<TermMatcher> = OnceLock::new();
    MATCHER.get_or_init(|| TermMatcher::new(common_terms().map(|t| (t, TermKind::CommonWord))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::fuzzy::{MAX_TERM, MIN_TERM};
    use crate::password::normalise::normalise_into;

    #[test]
    fn list_is_compact_distinct_and_normalisable() {
        let terms: Vec<&str> = common_terms().collect();
        assert_eq!(terms.len(), 2000);
        assert_eq!(terms[..2], ["123456", "password"]);
        let mut seen = std::collections::HashSet::new();
        let mut key = Vec::new();
        for term in &terms {
            normalise_into(term, &mut key);
            assert!((MIN_TERM..=MAX_TERM).contains(&key.len()), "{term}");
            assert!(seen.insert(key.clone()), "{term} twice after normalising");
        }
    }

    #[test]
    fn matcher_finds_a_common_term() {
        let mut hits = Vec::new();
        common_matcher().find(b"xxmonkeyxx", &mut hits);
        assert!(hits.iter().any(|h| (h.start, h.end) == (2, 8)), "{hits:?}");
    }
}

//! Finding banned terms in a normalised password, exactly or within edit distance 1.
//!
//! Microsoft counts a banned term as found when the password holds it with at most one
//! character changed, added or removed. Looping over the list for every password would
//! cost thousands of comparisons per row, so the matching is built once:
//!
//! - Every term goes into one trie ([`super::trie`]), and so does, for terms of five
//!   characters or more, every *deletion variant* (the term with one character
//!   removed), remembering which position was removed.
//! - The password is walked from each start position in anchored mode: the walk follows
//!   the trie until no term begins with what was read, which in practice is after a
//!   few characters. A hit on a term is an exact match; a hit on a deletion variant is a
//!   window with one character *missing*.
//! - At every step the walk also branches once, skipping the next password character:
//!   a hit on a term after the skip is a window with one character *added*; a hit on a
//!   deletion variant whose removed position is the skipped one is a window with one
//!   character *changed*. A change at the first or last position is a deletion-variant
//!   hit extended by the character before or after it.
//!
//! The work per password is about (length x the few characters each walk survives),
//! independent of the size of the list. An Aho-Corasick automaton was used first, and
//! a DFA was tried: the walks are short, so branch prediction, not table look-ups, sets
//! the pace, and the trie is as fast and much quicker to build. Fuzzy matching applies
//! to terms of at least five characters, so every fuzzy window has at least four:
//! four-character terms are matched exactly [inferred: Microsoft does not say how short terms are fuzzed].

use super::normalise::normalise_into;
use super::prefilter::{Quadgrams, Starts};
use super::trie::{DEAD, Trie};

/// Terms shorter than this are not banned terms (Microsoft: "at least four characters").
pub const MIN_TERM: usize = 4;
/// Terms at least this long also match with one character changed, added or removed.
pub const MIN_FUZZY: usize = 5;
/// Longest term accepted (Microsoft's custom banned list takes 4 to 16 characters).
pub const MAX_TERM: usize = 16;

/// Where a banned term comes from; the finding names the kind, never the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TermKind {
    /// A common password term from the embedded list (Microsoft's global list stand-in).
    CommonWord,
    /// A term from the organisation's own banned list (`Options::banned_terms`).
    BannedTerm,
    /// The organisation's (tenant's) name.
    OrganisationName,
    /// A part of the user's name, taken from the address.
    UserName,
}

/// A window of the normalised password that matches a banned term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// First character of the window.
    pub start: usize,
    /// One past the last character of the window.
    pub end: usize,
    /// What kind of term it matches.
    pub kind: TermKind,
}

/// Marks a pattern that is a whole term, not a deletion variant.
const WHOLE: u8 = u8::MAX;

/// One term (or deletion variant of a term) behind an automaton pattern.
#[derive(Debug, Clone, Copy)]
struct Source {
    /// Length of the term itself.
    term_len: u8,
    /// Position removed from the term, or `WHOLE`.
    removed: u8,
    kind: TermKind,
}

/// The banned terms of one list, ready to be searched.
#[derive(Debug)]
pub struct TermMatcher {
    trie: Trie,
    quadgrams: Quadgrams,
    /// Sources of pattern `p` are `sources[offsets[p]..offsets[p + 1]]`.
    offsets: Vec<u32>,
    sources: Vec<Source>,
}

impl TermMatcher {
    /// Builds the matcher. Terms are normalised as passwords are; terms shorter than
    /// [`MIN_TERM`] or longer than [`MAX_TERM`] after that are left out.
    pub fn new<'a>(terms: impl IntoIterator<Item = (&'a str, TermKind)>) -> TermMatcher {
        // Every pattern (term or deletion variant) with its source, the bytes kept one
        // after the other, under a sort key: the text packed into a number (at most 16
        // bytes, zero-padded; the length breaks ties, so a prefix comes first), then
        // the position, which keeps a pattern's sources in their order. Comparing
        // numbers is much faster than comparing slices, and this runs before the page's
        // first check. Sorted, the entries are grouped: one pattern per distinct text.
        const _: () = assert!(MAX_TERM <= 16, "patterns are packed into 16 bytes");
        let mut bytes: Vec<u8> = Vec::new();
        let mut entries: Vec<(u128, u8, u32, Source)> = Vec::new();
        let mut term = Vec::new();
        for (text, kind) in terms {
            normalise_into(text.trim(), &mut term);
            if !(MIN_TERM..=MAX_TERM).contains(&term.len()) {
                continue;
            }
            let term_len = term.len() as u8;
            let mut add = |skip: Option<usize>, removed: u8| {
                let at = bytes.len();
                let kept = term.iter().enumerate().filter(|&(i, _)| Some(i) != skip);
                bytes.extend(kept.map(|(_, &b)| b));
                let mut packed = [0u8; 16];
                packed[..bytes.len() - at].copy_from_slice(&bytes[at..]);
                let source = Source {
                    term_len,
                    removed,
                    kind,
                };
                let len = (bytes.len() - at) as u8;
                entries.push((u128::from_be_bytes(packed), len, at as u32, source));
            };
            add(None, WHOLE);
            if term.len() >= MIN_FUZZY {
                for removed in 0..term.len() {
                    add(Some(removed), removed as u8);
                }
            }
        }
        entries.sort_unstable_by_key(|&(packed, len, at, _)| (packed, len, at));
        let mut patterns: Vec<&[u8]> = Vec::new();
        let mut offsets = Vec::new();
        let mut sources = Vec::with_capacity(entries.len());
        let mut last = None;
        for &(packed, len, at, source) in &entries {
            if last != Some((packed, len)) {
                last = Some((packed, len));
                patterns.push(&bytes[at as usize..][..usize::from(len)]);
                offsets.push(sources.len() as u32);
            }
            sources.push(source);
        }
        offsets.push(sources.len() as u32);
        TermMatcher {
            trie: Trie::new(&patterns),
            quadgrams: Quadgrams::new(patterns.iter().copied()),
            offsets,
            sources,
        }
    }

    /// Whether the matcher holds no terms.
    pub fn is_empty(&self) -> bool {
        self.trie.is_empty()
    }

    /// Adds to `hits` every window of `text` (a normalised password) that matches a
    /// term exactly or, for terms of [`MIN_FUZZY`]+ characters, within edit distance 1.
    pub fn find(&self, text: &[u8], hits: &mut Vec<Hit>) {
        for from in 0..text.len() {
            self.find_from(text, from, hits);
        }
    }

    /// Adds to `hits` the windows [`TermMatcher::find`] finds by walking from `from`:
    /// those starting at `from`, and those starting at `from - 1` whose first character
    /// is changed.
    #[inline(always)]
    pub fn find_from(&self, text: &[u8], from: usize, hits: &mut Vec<Hit>) {
        if self.trie.is_empty() {
            return;
        }
        let starts = self.quadgrams.starts(text, from);
        if starts.any() {
            self.walk(text, from, starts, hits);
        }
    }

    /// The walks from `from` that the prefilter lets through.
    #[inline(never)]
    fn walk(&self, text: &[u8], from: usize, starts: Starts, hits: &mut Vec<Hit>) {
        let trie = &self.trie;
        let n = text.len();
        let mut sid = Trie::START;
        for at in from..n {
            // `depth` characters read before this one. From the fourth on, only the
            // straight prefix leads anywhere.
            let depth = at - from;
            if depth == 3 && !starts.straight() {
                break;
            }
            sid = trie.next(sid, text[at]);
            if sid == DEAD {
                break;
            }
            if let Some(pattern) = trie.pattern(sid) {
                self.report(pattern, from, at + 1, None, n, hits);
            }
            // Branch: skip the character after `at`, then read on.
            if !starts.wanted(depth + 1) {
                continue;
            }
            let skipped = at + 1;
            let mut branch = sid;
            for (next, &byte) in text.iter().enumerate().skip(skipped + 1) {
                branch = trie.next(branch, byte);
                if branch == DEAD {
                    break;
                }
                if let Some(pattern) = trie.pattern(branch) {
                    self.report(pattern, from, next + 1, Some(skipped - from), n, hits);
                }
            }
        }
    }

    /// Turns the pattern `p`, read on the window `from..end` (skipping the character
    /// at offset `skip` from `from`, when there is one), into hits.
    fn report(
        &self,
        p: usize,
        from: usize,
        end: usize,
        skip: Option<usize>,
        text_len: usize,
        hits: &mut Vec<Hit>,
    ) {
        let range = self.offsets[p] as usize..self.offsets[p + 1] as usize;
        for source in &self.sources[range] {
            let hit = |start, end| Hit {
                start,
                end,
                kind: source.kind,
            };
            match (skip, source.removed) {
                // The term itself.
                (None, WHOLE) => hits.push(hit(from, end)),
                // One character of the term missing; or, with the character before
                // or after, the first or last character changed.
                (None, removed) => {
                    hits.push(hit(from, end));
                    if removed == 0 && from > 0 {
                        hits.push(hit(from - 1, end));
                    }
                    if removed + 1 == source.term_len && end < text_len {
                        hits.push(hit(from, end + 1));
                    }
                }
                // One character added inside the term.
                (Some(_), WHOLE) => {
                    if usize::from(source.term_len) >= MIN_FUZZY {
                        hits.push(hit(from, end));
                    }
                }
                // One character changed inside the term.
                (Some(offset), removed) => {
                    if offset == usize::from(removed) {
                        hits.push(hit(from, end));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows(terms: &[&str], password: &str) -> Vec<String> {
        let matcher = TermMatcher::new(terms.iter().map(|t| (*t, TermKind::CommonWord)));
        let mut text = Vec::new();
        normalise_into(password, &mut text);
        let mut hits = Vec::new();
        matcher.find(&text, &mut hits);
        let mut found: Vec<String> = hits
            .iter()
            .map(|h| String::from_utf8_lossy(&text[h.start..h.end]).into_owned())
            .collect();
        found.sort();
        found.dedup();
        found
    }

    #[test]
    fn microsoft_edit_distance_examples() {
        // concept-password-ban-bad: with abcdef banned, these are all matches.
        for password in [
            "abcdef", "abcdeg", "abcdefg", "abcde", "xbcdef", "abxdef", "abcxdef",
        ] {
            assert!(
                !windows(&["abcdef"], password).is_empty(),
                "{password} should match abcdef"
            );
        }
        // Two edits away: no match.
        assert!(windows(&["abcdef"], "abxyef").is_empty());
        assert!(windows(&["abcdef"], "abcd").is_empty());
    }

    #[test]
    fn finds_terms_inside_longer_text() {
        assert_eq!(
            windows(&["blank"], "contosoblank12"),
            vec!["blan", "blank", "lank"]
        );
        assert_eq!(windows(&["blank"], "xxblnkxx"), vec!["blnk"]);
        assert_eq!(windows(&["blank"], "xxblaankxx"), vec!["blaank"]);
        assert_eq!(windows(&["blank"], "xxblamkxx"), vec!["blamk"]);
        assert_eq!(windows(&["blank"], "xxqlankxx"), vec!["lank", "qlank"]);
    }

    #[test]
    fn short_terms_match_exactly_only() {
        assert_eq!(windows(&["love"], "iloveyou"), vec!["love"]);
        assert!(windows(&["love"], "ilovyou").is_empty());
        assert!(
            windows(&["abc"], "abc").is_empty(),
            "three characters is no term"
        );
    }

    #[test]
    fn substitutions_apply_to_terms_and_passwords() {
        assert!(windows(&["P@ssw0rd"], "xPASSWORDx").contains(&"password".to_string()));
    }

    /// The definition, checked window by window: exact; one character removed, changed
    /// or (not at either end) added, for terms of five characters or more.
    fn reference(terms: &[&[u8]], text: &[u8]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                let w = &text[start..end];
                let matches = terms.iter().any(|t| {
                    let fuzzy = t.len() >= MIN_FUZZY;
                    w == *t
                        || (fuzzy
                            && w.len() + 1 == t.len()
                            && (0..t.len()).any(|k| [&t[..k], &t[k + 1..]].concat() == w))
                        || (fuzzy
                            && w.len() == t.len()
                            && w.iter().zip(*t).filter(|(a, b)| a != b).count() == 1)
                        || (fuzzy
                            && w.len() == t.len() + 1
                            && (1..t.len()).any(|r| [&w[..r], &w[r + 1..]].concat() == *t))
                });
                if matches {
                    found.push((start, end));
                }
            }
        }
        found
    }

    #[test]
    fn finds_exactly_what_the_definition_says_on_random_text() {
        let terms: [&[u8]; 5] = [b"abcab", b"bcaa", b"cabbca", b"aacbb", b"bbbb"];
        let matcher = TermMatcher::new(
            terms
                .iter()
                .map(|t| (std::str::from_utf8(t).unwrap(), TermKind::CommonWord)),
        );
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        for _ in 0..3000 {
            crate::testing::xorshift(&mut state);
            let len = (state % 14) as usize;
            let text: Vec<u8> = (0..len)
                .map(|i| b"abcx"[((state >> (8 + 2 * i)) % 4) as usize])
                .collect();
            let mut hits = Vec::new();
            matcher.find(&text, &mut hits);
            let mut windows: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
            windows.sort_unstable();
            windows.dedup();
            assert_eq!(
                windows,
                reference(&terms, &text),
                "{}",
                String::from_utf8_lossy(&text)
            );
        }
    }

    #[test]
    fn empty_matcher_finds_nothing() {
        let matcher = TermMatcher::new([("ab", TermKind::BannedTerm)]);
        assert!(matcher.is_empty());
        let mut hits = Vec::new();
        matcher.find(b"ab", &mut hits);
        assert!(hits.is_empty());
    }
}

//! A bit table of the first four characters of every pattern, to skip at once the start
//! positions where no banned-term window can begin.
//!
//! Every pattern of [`super::fuzzy::TermMatcher`] (term or deletion variant) has at least
//! four characters, so a window starting at `from` must begin with a pattern's first four
//! characters, read either straight (`c0 c1 c2 c3`) or with one character skipped after
//! the first, second or third (`c0 c2 c3 c4`, `c0 c1 c3 c4`, `c0 c1 c2 c4`). The four
//! characters are hashed into a bit table (one multiplication each); a set bit may be a
//! collision, which only costs a walk that finds nothing, never a missed window. For the
//! embedded list (a 64 KB table) about 3% of the start positions of random passwords
//! get past it; with an 8 KB table it was 11%, and the walks cost more than the larger
//! table's cache misses. An exact table of first-two-character pairs turns most
//! positions away before the hashed table is read at all.

/// Which walks from a start position can find a window: bit 0 the straight walk (and
/// skips at depth four or more), bits 1 to 3 the walks skipping the character at depth
/// 1 to 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Starts(u8);

impl Starts {
    /// No window can start here.
    pub const NONE: Starts = Starts(0);

    /// Whether any window may start here.
    #[inline]
    pub fn any(self) -> bool {
        self.0 != 0
    }

    /// Whether `c0 c1 c2 c3` may begin a pattern.
    #[inline]
    pub fn straight(self) -> bool {
        self.0 & 1 != 0
    }

    /// Whether the walk may skip the character at `depth` (from 1): depths 1 to 3 have
    /// their own bit, deeper skips need the straight prefix.
    #[inline]
    pub fn wanted(self, depth: usize) -> bool {
        match depth {
            1..=3 => self.0 & (1 << depth) != 0,
            _ => self.straight(),
        }
    }
}

/// Hashed bit table of pattern prefixes, behind an exact table of their first two
/// characters (a few hundred bytes, always in the fastest cache).
#[derive(Debug, Clone)]
pub struct Quadgrams {
    bits: Vec<u64>,
    shift: u32,
    /// Class of each byte: 0 for bytes in no pattern, else 1 to 63 (bytes past the 63rd
    /// share class 63, which only lets more through).
    class: [u8; 256],
    /// For each class of a first character, the classes a pattern's second character
    /// may have, as bits.
    follows: [u64; 64],
}

impl Quadgrams {
    /// The table for these patterns (each at least four bytes long; shorter ones are
    /// left out, as they can never be found).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a [u8]> + Clone) -> Quadgrams {
        let count = patterns.clone().into_iter().count();
        // About 20 bits per prefix, and 64 KB at most so that it stays in the
        // processor's second-level cache; collisions only cost a walk.
        let log2 = (count * 20)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(9, 19);
        let mut class = [0u8; 256];
        let mut classes = 1u8;
        for pattern in patterns.clone() {
            for &b in pattern {
                if class[usize::from(b)] == 0 {
                    class[usize::from(b)] = classes;
                    classes = (classes + 1).min(63);
                }
            }
        }
        let mut table = Quadgrams {
            bits: vec![0; 1 << (log2 - 6)],
            shift: 32 - log2,
            class,
            follows: [0; 64],
        };
        for pattern in patterns {
            if let [a, b, c, d, ..] = *pattern {
                let i = table.slot(a, b, c, d);
                table.bits[i / 64] |= 1 << (i % 64);
                table.follows[usize::from(class[usize::from(a)])] |= 1 << class[usize::from(b)];
            }
        }
        table
    }

    /// Whether some pattern begins with `a b`.
    #[inline]
    fn begins(&self, a: u8, b: u8) -> bool {
        let first = usize::from(self.class[usize::from(a)]);
        self.follows[first] & (1 << self.class[usize::from(b)]) != 0
    }

    #[inline]
    fn slot(&self, a: u8, b: u8, c: u8, d: u8) -> usize {
        let key = u32::from_le_bytes([a, b, c, d]);
        (key.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    #[inline]
    fn has(&self, a: u8, b: u8, c: u8, d: u8) -> bool {
        let i = self.slot(a, b, c, d);
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }

    /// Which walks from `from` in `text` can find a window.
    #[inline(always)]
    pub fn starts(&self, text: &[u8], from: usize) -> Starts {
        match text.get(from..) {
            Some(&[c0, c1, c2, c3, c4, ..]) => {
                // Every walk but the one skipping the second character begins c0 c1.
                let (b01, b02) = (self.begins(c0, c1), self.begins(c0, c2));
                if !b01 && !b02 {
                    return Starts::NONE;
                }
                Starts(
                    u8::from(b01 && self.has(c0, c1, c2, c3))
                        | u8::from(b02 && self.has(c0, c2, c3, c4)) << 1
                        | u8::from(b01 && self.has(c0, c1, c3, c4)) << 2
                        | u8::from(b01 && self.has(c0, c1, c2, c4)) << 3,
                )
            }
            // Four characters left: only a window of exactly a four-character pattern.
            Some(&[c0, c1, c2, c3]) => Starts(u8::from(self.has(c0, c1, c2, c3))),
            _ => Starts::NONE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_which_walks_can_succeed() {
        let table = Quadgrams::new([&b"blank"[..], b"lank"]);
        let starts = |text: &[u8], from| table.starts(text, from);
        assert!(starts(b"blank", 0).straight());
        assert!(starts(b"bxlank", 0).wanted(1));
        assert!(starts(b"blxank", 0).wanted(2));
        assert!(starts(b"blaxnk", 0).wanted(3));
        assert!(starts(b"blankx", 0).wanted(4));
        assert!(starts(b"xblank", 1).straight());
        assert!(starts(b"xlank", 1).straight(), "exactly four left");
        assert!(!starts(b"xblank", 3).any(), "three characters are too few");
        assert!(!starts(b"zzzzzz", 0).any());
    }

    #[test]
    fn table_stays_small() {
        let many: Vec<Vec<u8>> = (0..20_000u32).map(|i| i.to_le_bytes().to_vec()).collect();
        let table = Quadgrams::new(many.iter().map(Vec::as_slice));
        assert_eq!(table.bits.len() * 8, 64 * 1024);
    }
}

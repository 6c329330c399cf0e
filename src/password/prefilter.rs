//! A table of the first three characters of every pattern, to skip at once the start
//! positions where no banned-term window can begin.
//!
//! Every pattern of [`super::fuzzy::TermMatcher`] (term or deletion variant) has at least
//! four characters, so a window starting at `from` must begin with a pattern's first
//! three characters, read either straight (`c0 c1 c2`) or with one character skipped
//! after the first or second (`c0 c2 c3`, `c0 c1 c3`). Three bit look-ups in a table of
//! a few kilobytes rule out most starts of a random password, where walking the
//! automaton would cost a few mispredicted branches each.

/// Bit table of pattern prefixes over a reduced alphabet.
#[derive(Debug, Clone)]
pub struct Trigrams {
    /// Class of each byte: 0 for bytes in no pattern, else 1 to `classes - 1`.
    class: [u8; 256],
    classes: usize,
    bits: Vec<u64>,
}

/// Which windows may start at a position: straight, or skipping the second or third
/// character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Starts {
    /// `c0 c1 c2` begins a pattern: walks without a skip, or skipping at depth 3+.
    pub straight: bool,
    /// `c0 c2 c3` begins a pattern: the walk skipping the second character.
    pub skip_second: bool,
    /// `c0 c1 c3` begins a pattern: the walk skipping the third character.
    pub skip_third: bool,
}

impl Starts {
    /// Whether any window may start here.
    pub fn any(self) -> bool {
        self.straight || self.skip_second || self.skip_third
    }
}

impl Trigrams {
    /// The table for these patterns (each at least three bytes long).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a [u8]> + Clone) -> Trigrams {
        let mut class = [0u8; 256];
        let mut classes = 1usize;
        for pattern in patterns.clone() {
            for &b in pattern {
                if class[usize::from(b)] == 0 && classes < 255 {
                    class[usize::from(b)] = classes as u8;
                    classes += 1;
                }
            }
        }
        let mut table = Trigrams {
            class,
            classes,
            bits: vec![0; (classes * classes * classes).div_ceil(64)],
        };
        for pattern in patterns {
            if let [a, b, c, ..] = *pattern {
                let i = table.index(a, b, c);
                table.bits[i / 64] |= 1 << (i % 64);
            }
        }
        table
    }

    #[inline]
    fn index(&self, a: u8, b: u8, c: u8) -> usize {
        let class = |x: u8| usize::from(self.class[usize::from(x)]);
        (class(a) * self.classes + class(b)) * self.classes + class(c)
    }

    #[inline]
    fn has(&self, a: u8, b: u8, c: u8) -> bool {
        let i = self.index(a, b, c);
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }

    /// Which windows may start at `from` in `text`; none when fewer than four
    /// characters are left (the shortest pattern).
    #[inline]
    pub fn starts(&self, text: &[u8], from: usize) -> Starts {
        let Some(&[c0, c1, c2, c3]) = text.get(from..from + 4) else {
            return Starts {
                straight: false,
                skip_second: false,
                skip_third: false,
            };
        };
        Starts {
            straight: self.has(c0, c1, c2),
            skip_second: self.has(c0, c2, c3),
            skip_third: self.has(c0, c1, c3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_which_walks_can_succeed() {
        let table = Trigrams::new([&b"blank"[..], b"lank"]);
        let starts = |text: &[u8], from| table.starts(text, from);
        assert!(starts(b"blank", 0).straight);
        assert!(starts(b"bxlan", 0).skip_second);
        assert!(starts(b"blxan", 0).skip_third);
        assert!(!starts(b"xblank", 0).any());
        assert!(starts(b"xblank", 1).straight);
        assert!(!starts(b"xblank", 3).any(), "three characters are too few");
        assert!(!starts(b"b\x80la", 0).straight, "bytes in no pattern");
    }
}

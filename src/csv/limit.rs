//! Keeps reports readable and memory bounded on huge files: at most
//! [`PER_CODE`] findings of one code are listed per file; the rest are counted and
//! summed up in one finding of the same code without a row.

use std::collections::BTreeMap;

use crate::finding::Finding;

/// How many findings of one code are listed per file.
pub const PER_CODE: u32 = 500;

/// Findings dropped per code: how many, and the first of them (for its column).
pub type Dropped = BTreeMap<&'static str, (u32, Finding)>;

/// Counts findings per code and drops those beyond the limit.
///
/// Rows checked on several threads each get a limiter of their own: a finding that
/// one of them drops has at least [`PER_CODE`] findings of its code before it in the
/// file, so the file's limiter, which takes the findings it kept in order, would drop it
/// too; it takes over the count with [`Limiter::add_dropped`].
#[derive(Debug, Default)]
pub struct Limiter {
    kept: BTreeMap<&'static str, u32>,
    dropped: Dropped,
    /// Codes that have reached the limit, in the order they did.
    full: Vec<&'static str>,
    checked: usize,
}

impl Limiter {
    /// Drops the findings added to `out` since the last call that exceed the limit.
    /// Cheap to call after every row: it only looks at new findings.
    #[inline]
    pub fn apply(&mut self, out: &mut Vec<Finding>) {
        if out.len() > self.checked {
            self.apply_new(out);
        }
    }

    fn apply_new(&mut self, out: &mut Vec<Finding>) {
        let mut write = self.checked;
        for read in self.checked..out.len() {
            let code = out[read].code;
            let kept = self.kept.entry(code).or_insert(0);
            if *kept < PER_CODE {
                *kept += 1;
                if *kept == PER_CODE {
                    self.full.push(code);
                }
                out.swap(write, read);
                write += 1;
            } else {
                self.dropped
                    .entry(code)
                    .or_insert_with(|| (0, out[read].clone()))
                    .0 += 1;
            }
        }
        out.truncate(write);
        self.checked = write;
    }

    /// The codes whose further findings are only counted, not listed: checks may add
    /// such findings with an empty message instead of writing one that would be
    /// dropped.
    pub fn full(&self) -> &[&'static str] {
        &self.full
    }

    /// Continues on an empty list: the findings it had looked at were taken away.
    pub fn restart(&mut self) {
        self.checked = 0;
    }

    /// The counts of the findings dropped so far, taken away to be added to another
    /// limiter's (the next ones start from zero).
    pub fn take_dropped(&mut self) -> Dropped {
        std::mem::take(&mut self.dropped)
    }

    /// Adds counts of findings another limiter dropped, which came after every finding
    /// this one has seen so far.
    pub fn add_dropped(&mut self, dropped: Dropped) {
        for (code, (count, example)) in dropped {
            self.dropped.entry(code).or_insert((0, example)).0 += count;
        }
    }

    /// Adds one finding per code that had findings dropped, saying how many.
    pub fn finish(mut self, out: &mut Vec<Finding>) {
        self.apply(out);
        for (_, (count, example)) in self.dropped {
            out.push(Finding {
                row: None,
                column: example.column,
                local_value: None,
                message: format!(
                    "{count} more rows have this problem; only the first {PER_CODE} are listed."
                ),
                ..example
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::EMPTY;

    #[test]
    fn lists_the_first_findings_of_a_code_and_counts_the_rest() {
        let mut out = Vec::new();
        let mut limiter = Limiter::default();
        for row in 2..(PER_CODE + 12) {
            out.push(EMPTY.finding("empty").at_row(row));
            limiter.apply(&mut out);
        }
        assert_eq!(limiter.full(), ["CSV201"]);
        limiter.finish(&mut out);
        assert_eq!(out.len() as u32, PER_CODE + 1);
        assert_eq!(out[PER_CODE as usize - 1].row, Some(PER_CODE + 1));
        let summary = out.last().unwrap();
        assert_eq!((summary.code, summary.row), ("CSV201", None));
        assert!(
            summary.message.starts_with("10 more rows"),
            "{}",
            summary.message
        );
    }
}

//! How far a check has got, for a progress bar: rows read out of an estimated total.
//!
//! The total is counted from the line ends of the input before checking (one fast pass
//! over the bytes, only when progress is asked for). It is exact for a UTF-8 or
//! Windows-1252 file and an estimate otherwise (a UTF-16 file, line breaks inside
//! quoted cells); `rows_read` never passes it, and the last report has both equal.

/// Rows read between two progress reports, about.
pub const EVERY: u64 = 16_384;

/// How far a check has got. Rows are lines of the input files, the header and blank
/// lines included, summed over the files in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Rows checked so far.
    pub rows_read: u64,
    /// Rows in all the files, estimated from their line ends before checking.
    pub rows_total: u64,
}

/// Reports the progress of a check through a callback, about every [`EVERY`] rows and
/// once at the end.
pub(super) struct Tracker<'p> {
    report: &'p mut dyn FnMut(Progress),
    /// The estimated rows of each file.
    per_file: Vec<u64>,
    /// The file being read.
    file: usize,
    /// Rows of the files before it.
    before: u64,
    total: u64,
    /// `rows_read` of the last report.
    reported: u64,
}

impl<'p> Tracker<'p> {
    /// A tracker for files with these contents.
    pub fn new<'b>(
        files: impl Iterator<Item = &'b [u8]>,
        report: &'p mut dyn FnMut(Progress),
    ) -> Tracker<'p> {
        let per_file: Vec<u64> = files.map(count_lines).collect();
        let total = per_file.iter().sum();
        Tracker {
            report,
            per_file,
            file: 0,
            before: 0,
            total,
            reported: 0,
        }
    }

    /// The current file has been read up to its Excel row `row`.
    pub fn at_row(&mut self, row: u32) {
        let own = self.per_file.get(self.file).copied().unwrap_or(0);
        let read = self.before + u64::from(row).min(own);
        if read >= self.reported + EVERY {
            self.send(read);
        }
    }

    /// The current file is read; the next one starts.
    pub fn file_done(&mut self) {
        self.before += self.per_file.get(self.file).copied().unwrap_or(0);
        self.file += 1;
    }

    /// The check is done: the one report with every row read.
    pub fn finish(&mut self) {
        let total = self.total;
        self.send(total);
    }

    fn send(&mut self, read: u64) {
        self.reported = read;
        (self.report)(Progress {
            rows_read: read,
            rows_total: self.total,
        });
    }
}

/// The lines of a file as its line ends tell: every `\n` (or, in a file without one,
/// every `\r`), and a last line without a line end.
pub fn count_lines(bytes: &[u8]) -> u64 {
    // Counting in chunks of bytes compiles to vector instructions; memchr's iterator
    // would stop at every line.
    let count = |byte: u8| -> u64 {
        bytes
            .chunks(1 << 16)
            .map(|chunk| chunk.iter().filter(|&&b| b == byte).count() as u64)
            .sum()
    };
    let mut lines = count(b'\n');
    if lines == 0 {
        lines = count(b'\r');
    }
    match bytes.last() {
        Some(b'\n' | b'\r') | None => lines,
        Some(_) => lines + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_with_any_line_end_and_without_a_last_one() {
        assert_eq!(count_lines(b""), 0);
        assert_eq!(count_lines(b"h\r\na\r\nb\r\n"), 3);
        assert_eq!(count_lines(b"h\na\nb"), 3);
        assert_eq!(count_lines(b"h\ra\r\rb\r"), 4);
        assert_eq!(count_lines(b"h\n\n\n"), 3);
    }

    #[test]
    fn reports_come_every_so_many_rows_and_never_pass_the_file() {
        let mut seen = Vec::new();
        let mut report = |p: Progress| seen.push(p);
        let first = vec![b'\n'; 40_000];
        let second = [b'\n'; 10];
        let mut tracker = Tracker::new([&first[..], &second[..]].into_iter(), &mut report);
        for row in (1..=50_000).step_by(8) {
            tracker.at_row(row);
        }
        tracker.file_done();
        tracker.at_row(5);
        tracker.file_done();
        tracker.finish();
        let read: Vec<u64> = seen.iter().map(|p| p.rows_read).collect();
        assert_eq!(read, [16_385, 32_769, 40_010]);
        assert!(seen.iter().all(|p| p.rows_total == 40_010));
    }
}

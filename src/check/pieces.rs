//! Reading a file in pieces, on several threads when the build and the file allow.
//!
//! A file without quote characters (the usual case) can be cut at line ends into
//! pieces that are checked independently: the row checks that need nothing but the row
//! run on every thread, each on the next piece no thread has claimed yet, while the
//! calling thread also takes every piece's rows in file order (duplicates, shared
//! passwords, the batch limit).
//! Row numbers stay exact: the lines before each piece are counted before it is read.
//! A file with quotes, a small file and the browser (one thread) are read in one go.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use super::rows::{Part, RowReader, Rows};

/// Mailbox rows handed over at once when reading on the calling thread: natively enough
/// to fetch the memory of the next rows' addresses while taking the current ones; in
/// the browser, which cannot ask for memory ahead, few, so that they are still in the
/// fastest cache when taken (1,000,000 rows in Chromium: 784-824 ms with 1,024,
/// 702-745 ms with 8).
const BATCH: usize = if cfg!(target_arch = "wasm32") {
    8
} else {
    1024
};

/// Pieces per thread that may be read ahead of the one the calling thread takes next:
/// enough that the other threads need not wait while it reads a piece itself.
#[cfg(not(target_arch = "wasm32"))]
const AHEAD: usize = 8;

/// No more threads than this: the calling thread also takes every row in order.
const MAX_THREADS: usize = 4;

/// A file smaller than this is read in one go.
const MIN_PARALLEL: usize = 64 << 10;

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Plan {
    /// Threads to read on (1: in one go on the calling thread).
    pub threads: usize,
    /// Bytes in a piece, roughly (pieces end at line ends); 0 for automatic.
    pub piece: usize,
}

impl Plan {
    /// The plan for `threads` threads (0: one per processor core, at most
    /// [`MAX_THREADS`]); the browser reads on one.
    pub fn new(threads: usize) -> Plan {
        let threads = if cfg!(target_arch = "wasm32") {
            1
        } else if threads == 0 {
            // Asked once: the standard library reads the control-group files each time.
            static CORES: OnceLock<usize> = OnceLock::new();
            *CORES.get_or_init(|| {
                std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
            })
        } else {
            threads
        };
        Plan { threads, piece: 0 }
    }
}

/// Reads all of `text` with `reader`, handing the rows to `take` in file order.
pub(super) fn read(
    text: &str,
    plan: Plan,
    reader: &mut RowReader<'_>,
    take: &mut dyn FnMut(&mut Rows),
) {
    let in_pieces = plan.threads > 1
        && (plan.piece > 0 || text.len() >= MIN_PARALLEL)
        && memchr::memchr(b'"', text.as_bytes()).is_none();
    if in_pieces {
        read_in_pieces(text, plan, reader, take);
        return;
    }
    reader.read(text, Part::Whole, BATCH, take);
}

/// [`read`] for a quote-free text, in pieces on `plan.threads` threads.
fn read_in_pieces(
    text: &str,
    plan: Plan,
    reader: &mut RowReader<'_>,
    take: &mut dyn FnMut(&mut Rows),
) {
    let bytes = text.as_bytes();
    // The header first, for the columns, a line at a time: the blank lines and rows of
    // only delimiters (CSV217) before it, the header, and the blank lines after it.
    let (mut header_end, mut rows_before) = (0, 0);
    while reader.columns.is_none() {
        let first = bytes[header_end..]
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .map_or(bytes.len(), |i| header_end + i);
        let end = next_line_start(bytes, first);
        let last = end == bytes.len();
        let part = Part::Piece { rows_before, last };
        reader.read(&text[header_end..end], part, BATCH, take);
        if last {
            return;
        }
        rows_before += count_rows(&bytes[header_end..end]);
        header_end = end;
    }
    let size = match plan.piece {
        // Small pieces keep the threads evenly busy to the end and the rows read
        // ahead few; each costs a hand-over only.
        0 => (bytes.len() / (plan.threads * 2)).clamp(16 << 10, 64 << 10),
        size => size,
    };
    let pieces = Pieces::cut(text, header_end, size);
    read_pieces(&pieces, plan.threads, reader, take);
}

/// Rows before a piece not known yet.
const UNKNOWN: u32 = u32::MAX;

/// The pieces of a text, each starting a non-blank line, and the rows before each.
///
/// The rows before a piece are found out in turn by the threads as they claim the
/// pieces in order: each counts the lines of its own piece, waits for the rows before
/// it (the count of the thread before, which needs no more than a count itself) and
/// passes the sum on before it reads its piece. So no thread counts the whole text
/// first, and the waits are short.
struct Pieces<'t> {
    text: &'t str,
    ranges: Vec<Range<usize>>,
    /// Rows before each piece, or [`UNKNOWN`].
    rows_before: Vec<AtomicU32>,
}

impl<'t> Pieces<'t> {
    /// Cuts `text[from..]` into pieces of about `size` bytes.
    fn cut(text: &'t str, from: usize, size: usize) -> Pieces<'t> {
        let bytes = text.as_bytes();
        let mut ranges = Vec::new();
        let mut start = from;
        while start < bytes.len() {
            let end = next_line_start(bytes, (start + size.max(1)).min(bytes.len()));
            ranges.push(start..end);
            start = end;
        }
        let rows_before: Vec<AtomicU32> = ranges.iter().map(|_| AtomicU32::new(UNKNOWN)).collect();
        if let Some(first) = rows_before.first() {
            first.store(count_rows(&bytes[..from]), Ordering::Release);
        }
        Pieces {
            text,
            ranges,
            rows_before,
        }
    }

    fn len(&self) -> usize {
        self.ranges.len()
    }

    /// The text of piece `i` and where it is in the file, once the rows before it are
    /// known (see [`Pieces`]). Each piece is asked for once, in claim order.
    fn part(&self, i: usize) -> (&'t str, Part) {
        let range = self.ranges[i].clone();
        let last = range.end == self.text.len();
        let own = count_rows(&self.text.as_bytes()[range.clone()]);
        let mut before = self.rows_before[i].load(Ordering::Acquire);
        while before == UNKNOWN {
            std::thread::yield_now();
            before = self.rows_before[i].load(Ordering::Acquire);
        }
        if let Some(next) = self.rows_before.get(i + 1) {
            next.store(before + own, Ordering::Release);
        }
        let part = Part::Piece {
            rows_before: before,
            last,
        };
        (&self.text[range], part)
    }
}

/// Reads the pieces on `threads` threads, the calling one included, handing their rows
/// to `take` in file order.
///
/// Each thread claims the next piece not yet claimed, so a thread that is slowed down
/// (the calling thread also takes every piece's rows) simply reads fewer pieces. The
/// calling thread reads a piece itself only while the next piece to take is not ready;
/// if that is the piece it claims, its rows go to `take` as they are read.
#[cfg(not(target_arch = "wasm32"))]
fn read_pieces(
    pieces: &Pieces<'_>,
    threads: usize,
    reader: &mut RowReader<'_>,
    take: &mut dyn FnMut(&mut Rows),
) {
    use std::collections::BTreeMap;
    use std::sync::atomic::AtomicUsize;
    use std::sync::mpsc;

    let claimed = AtomicUsize::new(0);
    let claim = || Some(claimed.fetch_add(1, Ordering::Relaxed)).filter(|&i| i < pieces.len());
    let rules = reader.rules();
    std::thread::scope(|scope| {
        // Rows read ahead wait here or in `ready`; both are bounded, and so is memory.
        let (send, receive) = mpsc::sync_channel::<(usize, Rows)>(AHEAD * threads);
        for _ in 1..threads {
            let send = send.clone();
            let mut own = RowReader::new(
                rules,
                reader.delimiter(),
                reader.legacy(),
                reader.columns.clone(),
            );
            scope.spawn(move || {
                while let Some(i) = claim() {
                    let (text, part) = pieces.part(i);
                    if send.send((i, own.read_piece(text, part))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(send);
        let mut ready: BTreeMap<usize, Rows> = BTreeMap::new();
        for next in 0..pieces.len() {
            loop {
                if let Some(mut rows) = ready.remove(&next) {
                    take(&mut rows);
                    break;
                }
                if let Ok((i, rows)) = receive.try_recv() {
                    ready.insert(i, rows);
                    continue;
                }
                let claimed = (ready.len() < AHEAD * threads).then(claim).flatten();
                match claimed {
                    Some(i) => {
                        let (text, part) = pieces.part(i);
                        if i == next {
                            reader.read(text, part, BATCH, take);
                            break;
                        }
                        ready.insert(i, reader.read_piece(text, part));
                    }
                    // Only a helper that panicked hangs up early; the scope passes the
                    // panic on.
                    None => match receive.recv() {
                        Ok((i, rows)) => {
                            ready.insert(i, rows);
                        }
                        Err(_) => return,
                    },
                }
            }
        }
    });
}

/// The browser has one thread (and never plans more): the pieces are read in turn.
/// A copy of its own so that the thread and channel code stays out of the wasm build
/// (33 KB raw, 13 KB gzipped).
#[cfg(target_arch = "wasm32")]
fn read_pieces(
    pieces: &Pieces<'_>,
    _threads: usize,
    reader: &mut RowReader<'_>,
    take: &mut dyn FnMut(&mut Rows),
) {
    for i in 0..pieces.len() {
        let (text, part) = pieces.part(i);
        reader.read(text, part, BATCH, take);
    }
}

/// The position after the first run of line ends at or after `from`: the start of a
/// non-blank line, or the end of the text.
fn next_line_start(bytes: &[u8], from: usize) -> usize {
    let Some(found) = memchr::memchr2(b'\r', b'\n', &bytes[from..]) else {
        return bytes.len();
    };
    let mut end = from + found;
    while bytes.get(end).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
        end += 1;
    }
    end
}

/// The line ends in `bytes` (CRLF, LF and lone CR each one): the rows of a text that
/// ends with a line end.
fn count_rows(bytes: &[u8]) -> u32 {
    let mut rows = 0;
    for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
        if !(bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\r') {
            rows += 1;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_start_non_blank_lines_and_know_the_rows_before_them() {
        let text = "h\r\na\r\n\r\nb\nc\rd\r\n\n\ne\r\n";
        let pieces = Pieces::cut(text, 3, 1);
        let parts: Vec<(&str, u32, bool)> = (0..pieces.len())
            .map(|i| match pieces.part(i) {
                (text, Part::Piece { rows_before, last }) => (text, rows_before, last),
                (text, Part::Whole) => (text, UNKNOWN, false),
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("a\r\n\r\n", 1, false),
                ("b\n", 3, false),
                ("c\r", 4, false),
                ("d\r\n\n\n", 5, false),
                ("e\r\n", 8, true)
            ]
        );
    }
}

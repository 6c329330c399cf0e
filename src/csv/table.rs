//! Reads CSV records and numbers them as Excel does.
//!
//! The `csv` crate skips blank lines; Excel shows them as rows. To keep row numbers
//! equal to what the admin sees in Excel, the reader counts the line ends the `csv`
//! crate skipped before each record (CRLF, LF and lone CR each count once). A record
//! with line breaks inside quotes stays one row, as in Excel.
//!
//! Most migration CSVs hold no quote character at all. Such a text is read by a plain
//! split at line ends and delimiters, which gives exactly what the `csv` crate gives
//! (a test holds the two together on random text) at several times the speed and
//! without the `csv` reader's set-up cost per file.

use csv::{ByteRecord, ReaderBuilder};

/// The cells of one record, unquoted, as text.
#[derive(Clone, Copy)]
pub struct Record<'r>(Cells<'r>);

#[derive(Clone, Copy)]
enum Cells<'r> {
    /// Cells of a line without quotes, split at the delimiter.
    Split(&'r [&'r str]),
    /// Cells read by the `csv` crate.
    Csv(&'r ByteRecord),
}

impl<'r> Record<'r> {
    /// How many cells the record has.
    pub fn len(&self) -> usize {
        match self.0 {
            Cells::Split(cells) => cells.len(),
            Cells::Csv(record) => record.len(),
        }
    }

    /// Whether the record has no cells (never true for a record read from text).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cell at `index`, if the record has it.
    #[inline]
    pub fn get(&self, index: usize) -> Option<&'r str> {
        match self.0 {
            Cells::Split(cells) => cells.get(index).copied(),
            // The text was a &str and the delimiter is ASCII, so each cell is UTF-8.
            Cells::Csv(record) => record
                .get(index)
                .map(|b| std::str::from_utf8(b).unwrap_or_default()),
        }
    }

    /// Whether the record has several cells and all are empty or only spaces: a line of
    /// only delimiters (`;;` or `,,`, perhaps with spaces), which Excel leaves behind for
    /// rows once formatted.
    /// Such a row is no mailbox: the check reports it (CSV216), the fix and the split
    /// drop it like a blank line. A one-cell record is never one: it has no delimiter.
    pub fn only_delimiters(&self) -> bool {
        self.len() > 1 && self.iter().all(|cell| cell.trim().is_empty())
    }

    /// Whether any cell is longer than `max` bytes (see `check::cap`).
    #[inline]
    pub fn any_longer_than(&self, max: usize) -> bool {
        match self.0 {
            Cells::Split(cells) => cells.iter().any(|c| c.len() > max),
            Cells::Csv(record) => record.iter().any(|c| c.len() > max),
        }
    }

    /// Every cell, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'r str> + 'r {
        let record = *self;
        (0..record.len()).filter_map(move |i| record.get(i))
    }
}

/// One thing met while reading, in file order.
pub enum Line<'r> {
    /// A blank line between records (blank lines after the last record are not reported).
    Blank {
        /// Excel row of the blank line.
        row: u32,
    },
    /// A record.
    Record {
        /// Excel row of the record.
        row: u32,
        /// Its cells, unquoted.
        record: Record<'r>,
        /// Its bytes as written, from its first character to its line end.
        raw: &'r [u8],
        /// Whether it runs to the end of the file.
        at_end: bool,
        /// Whether `raw` holds a quote character.
        quoted: bool,
    },
}

/// Reads every record of `text`, calling `visit` for each record and each inner blank line.
pub fn read(text: &str, delimiter: u8, visit: impl FnMut(Line<'_>)) {
    if memchr::memchr(b'"', text.as_bytes()).is_none() {
        read_unquoted(text, delimiter, 0, true, visit);
    } else {
        read_csv(text, delimiter, visit);
    }
}

/// [`read`] for a text without quote characters: lines split at the delimiter, in one
/// search for delimiters and line ends over the whole text.
///
/// The text may be a piece of a longer one that has `rows_before` rows before it and,
/// unless it is the `last` piece, goes on with a record right after it: then its last
/// line ends with a line end and blank lines at its end are inner ones.
pub fn read_unquoted(
    text: &str,
    delimiter: u8,
    rows_before: u32,
    last: bool,
    mut visit: impl FnMut(Line<'_>),
) {
    let bytes = text.as_bytes();
    let mut cells: Vec<&str> = Vec::new();
    let (mut row, mut blank_lines) = (rows_before, 0u32);
    // Where the current line and its current cell start. Delimiters and line ends are
    // ASCII, so every slice below lies on character boundaries.
    let (mut line, mut cell) = (0usize, 0usize);
    let mut stops = memchr::memchr3_iter(delimiter, b'\n', b'\r', bytes);
    loop {
        let found = stops.next();
        let end = found.unwrap_or(bytes.len());
        if found.is_some() && bytes[end] == delimiter {
            cells.push(text.get(cell..end).unwrap_or_default());
            cell = end + 1;
            continue;
        }
        if found.is_none() && line >= bytes.len() {
            break;
        }
        let next = if bytes[end..].starts_with(b"\r\n") {
            stops.next(); // the LF of this CRLF
            end + 2
        } else {
            (end + 1).min(bytes.len())
        };
        if end == line {
            blank_lines += 1;
        } else {
            for _ in 0..blank_lines {
                row += 1;
                visit(Line::Blank { row });
            }
            blank_lines = 0;
            row += 1;
            cells.push(text.get(cell..end).unwrap_or_default());
            visit(Line::Record {
                row,
                record: Record(Cells::Split(&cells)),
                raw: &bytes[line..next],
                at_end: last && next >= bytes.len(),
                quoted: false,
            });
        }
        cells.clear();
        (line, cell) = (next, next);
        if found.is_none() {
            break;
        }
    }
    if !last {
        for _ in 0..blank_lines {
            row += 1;
            visit(Line::Blank { row });
        }
    }
}

/// [`read`] for any text, through the `csv` crate.
fn read_csv(text: &str, delimiter: u8, mut visit: impl FnMut(Line<'_>)) {
    let bytes = text.as_bytes();
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut record = ByteRecord::new();
    let mut row = 0u32;
    // Reading from a byte slice cannot fail with an I/O error, and UTF-8 is not
    // checked by byte records, so an error here is impossible; stop quietly if one came.
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let start = record.position().map_or(0, |p| p.byte() as usize);
        // A record ending in CR leaves the LF of its CRLF for the next one to skip.
        let start = if start > 0 && bytes[start - 1] == b'\r' && bytes.get(start) == Some(&b'\n') {
            start + 1
        } else {
            start
        };
        let (blank_lines, skipped) = count_line_ends(&bytes[start..]);
        for _ in 0..blank_lines {
            row += 1;
            visit(Line::Blank { row });
        }
        row += 1;
        let mut end = reader.position().byte() as usize;
        if end > 0 && bytes[end - 1] == b'\r' && bytes.get(end) == Some(&b'\n') {
            end += 1;
        }
        let raw = &bytes[(start + skipped).min(end)..end];
        visit(Line::Record {
            row,
            record: Record(Cells::Csv(&record)),
            raw,
            at_end: end >= bytes.len(),
            quoted: memchr::memchr(b'"', raw).is_some(),
        });
    }
}

/// Counts the line ends at the start of `bytes` and how many bytes they take.
fn count_line_ends(bytes: &[u8]) -> (u32, usize) {
    let mut count = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' | b'\n' => i += 1,
            _ => break,
        }
        count += 1;
    }
    (count, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (row, first field or "<blank>") for every line met.
    fn rows(text: &str) -> Vec<(u32, String)> {
        let mut out = Vec::new();
        read(text, b',', |line| match line {
            Line::Blank { row } => out.push((row, "<blank>".to_string())),
            Line::Record { row, record, .. } => {
                out.push((row, record.get(0).unwrap_or_default().to_string()))
            }
        });
        out
    }

    #[test]
    fn numbers_rows_like_excel_with_any_line_end() {
        let expected = vec![
            (1, "h".to_string()),
            (2, "a".into()),
            (3, "<blank>".into()),
            (4, "b".into()),
        ];
        assert_eq!(rows("h\na\n\nb\n"), expected);
        assert_eq!(rows("h\r\na\r\n\r\nb\r\n"), expected);
        assert_eq!(rows("h\ra\r\rb"), expected);
    }

    #[test]
    fn quoted_line_breaks_stay_in_one_row_and_trailing_blanks_are_quiet() {
        assert_eq!(
            rows("h\n\"x\ny\",1\nz\n\n\n"),
            vec![(1, "h".to_string()), (2, "x\ny".into()), (3, "z".into())]
        );
    }

    #[test]
    fn raw_slice_is_the_record_as_written() {
        let mut raws = Vec::new();
        read("h\n\n\"a,b\",c\r\n", b',', |line| {
            if let Line::Record { raw, at_end, .. } = line {
                raws.push((String::from_utf8_lossy(raw).into_owned(), at_end));
            }
        });
        assert_eq!(
            raws,
            vec![
                ("h\n".to_string(), false),
                ("\"a,b\",c\r\n".to_string(), true)
            ]
        );
    }

    /// A reader, as the tests call it.
    type Reader = fn(&str, u8, &mut dyn FnMut(Line<'_>));

    /// Everything a reader reports, as text.
    fn trace(text: &str, delimiter: u8, reader: Reader) -> Vec<String> {
        let mut out = Vec::new();
        reader(text, delimiter, &mut |line| {
            out.push(match line {
                Line::Blank { row } => format!("{row} blank"),
                Line::Record {
                    row,
                    record,
                    raw,
                    at_end,
                    ..
                } => format!(
                    "{row} {:?} {:?} {at_end}",
                    record.iter().collect::<Vec<_>>(),
                    String::from_utf8_lossy(raw)
                ),
            })
        });
        out
    }

    #[test]
    fn plain_split_reads_unquoted_text_exactly_as_the_csv_crate() {
        let alphabet = ["a", "b", ",", ";", "\r", "\n", " ", "é", "\r\n"];
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        for case in 0..6_000 {
            let mut text = String::new();
            for _ in 0..case % 23 {
                crate::testing::xorshift(&mut state);
                text.push_str(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            for delimiter in [b',', b';'] {
                assert_eq!(
                    trace(&text, delimiter, |t, d, v| read_unquoted(t, d, 0, true, v)),
                    trace(&text, delimiter, |t, d, v| read_csv(t, d, v)),
                    "{text:?}"
                );
            }
        }
    }
}

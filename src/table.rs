//! Reads CSV records and numbers them as Excel does.
//!
//! The `csv` crate skips blank lines; Excel shows them as rows. To keep row numbers
//! equal to what the admin sees in Excel, the reader counts the line ends the `csv`
//! crate skipped before each record (CRLF, LF and lone CR each count once). A record
//! with line breaks inside quotes stays one row, as in Excel.

use csv::{ByteRecord, ReaderBuilder};

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
        /// Its fields, unquoted.
        record: &'r ByteRecord,
        /// Its bytes as written, from its first character to its line end.
        raw: &'r [u8],
        /// Whether it runs to the end of the file.
        at_end: bool,
    },
}

/// Reads every record of `text`, calling `visit` for each record and each inner blank line.
pub fn read(text: &str, delimiter: u8, mut visit: impl FnMut(Line<'_>)) {
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
            record: &record,
            raw,
            at_end: end >= bytes.len(),
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
                out.push((row, String::from_utf8_lossy(&record[0]).into_owned()))
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
}

//! The migration CSV's addresses, row by row, as the directory check needs them.
//!
//! The CSV itself is checked by [`crate::check`]; this reads only its EmailAddress
//! column again, with the same decoding, delimiter and Excel row numbers.

use crate::check::CsvFile;
use crate::csv::decode;
use crate::csv::dialect;
use crate::csv::header::{self, EMAIL};
use crate::csv::table::{self, Line};

/// Calls `visit(row, address)` for every EmailAddress cell of `file` that holds an
/// `@` (the others are the CSV check's findings), trimmed.
pub fn addresses(file: &CsvFile<'_>, mut visit: impl FnMut(u32, &str)) {
    let Ok(decoded) = decode::decode(file.bytes) else {
        return;
    };
    let text = decoded.text.as_ref();
    let delimiter = dialect::detect_delimiter(text);
    let mut column: Option<Option<usize>> = None;
    table::read(text, delimiter, |line| {
        let Line::Record { row, record, .. } = line else {
            return;
        };
        let email = match column {
            Some(email) => email,
            // Excel's empty rows above the header (CSV217) are not the header.
            None if record.only_delimiters() => return,
            None => {
                let names: Vec<&str> = record.iter().collect();
                let columns = header::analyse(&names, &mut Vec::new());
                column = Some(columns.email);
                if !columns.headerless {
                    return;
                }
                columns.email
            }
        };
        let Some(cell) = email.and_then(|i| record.get(i)) else {
            return;
        };
        let cell = cell.trim();
        // A header row repeated further down is not a mailbox.
        if cell.contains('@') && header::canonical(cell) != Some(EMAIL) {
            visit(row, cell);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_excel_rows_and_only_addresses_are_visited() {
        let csv = "EmailAddress,Password\r\n a@contoso.com ,x\r\n\r\nnot-an-address,y\r\nEmailAddress,Password\r\nb@contoso.com,z\r\n";
        let mut seen = Vec::new();
        addresses(
            &CsvFile {
                name: "w.csv",
                bytes: csv.as_bytes(),
            },
            |row, a| seen.push((row, a.to_string())),
        );
        assert_eq!(
            seen,
            [
                (2, "a@contoso.com".to_string()),
                (6, "b@contoso.com".to_string())
            ]
        );
    }

    #[test]
    fn rows_of_only_delimiters_above_the_header_are_not_the_header() {
        let mut seen = Vec::new();
        addresses(
            &CsvFile {
                name: "w.csv",
                bytes: b";;\r\n ; \r\nEmailAddress;Password\r\na@contoso.com;x\r\n",
            },
            |row, a| seen.push((row, a.to_string())),
        );
        assert_eq!(seen, [(4, "a@contoso.com".to_string())]);
    }

    #[test]
    fn a_headerless_file_starts_with_a_mailbox() {
        let mut seen = Vec::new();
        addresses(
            &CsvFile {
                name: "w.csv",
                bytes: b"a@contoso.com,x,False\nb@contoso.com,y,False\n",
            },
            |row, _| seen.push(row),
        );
        assert_eq!(seen, [1, 2]);
    }
}

//! Reading an export file: the CSV that `Export-Csv` or csvde wrote.
//!
//! Accepted: UTF-8 with or without byte-order mark, UTF-16 with one (`-Encoding
//! Unicode`), ANSI; Windows PowerShell's `#TYPE …` first line (written unless
//! `-NoTypeInformation`); every field quoted or not; commas or, with `-UseCulture`,
//! semicolons. Rows are numbered as Excel shows the file: with a `#TYPE` line, the
//! header is row 2 and the first recipient row 3.

use crate::csv::decode;
use crate::csv::dialect;
use crate::csv::table::{self, Line, Record};
use crate::finding::Finding;

use super::rules::{EXPORT_CAP, UNREADABLE_EXPORT};

/// Recipient rows read from one export at most: far more than any Exchange 2003/2007
/// organisation holds, small enough to stay well within the browser's memory.
pub const MAX_ROWS: u32 = 300_000;

/// One export file given by the admin.
#[derive(Debug, Clone, Copy)]
pub struct Export<'a> {
    /// The file name shown in findings.
    pub name: &'a str,
    /// The file's contents, in any encoding.
    pub bytes: &'a [u8],
}

/// What reads an export's rows: recognises its columns, then takes each row.
pub(crate) trait Sheet {
    /// Takes the header's names (as written) at Excel row `row`; says why the file is
    /// not an export of this side when it is not.
    fn header(&mut self, row: u32, names: &[&str]) -> Result<(), String>;
    /// Takes one recipient row.
    fn row(&mut self, row: u32, record: &Record<'_>);
}

/// The position of `name` among `names`, compared ignoring case and spaces.
pub(crate) fn column(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|n| {
        n.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .eq_ignore_ascii_case(name)
    })
}

/// Reads `export` into `sheet`, adding a finding (with the export's name as its
/// file) for a file that cannot be read or is larger than [`MAX_ROWS`]. Returns
/// whether the file was read.
pub(crate) fn read(
    export: &Export<'_>,
    what: &str,
    sheet: &mut dyn Sheet,
    out: &mut Vec<Finding>,
) -> bool {
    let decoded = match decode::decode(export.bytes) {
        Ok(decoded) => decoded,
        Err(finding) => {
            out.push(
                UNREADABLE_EXPORT
                    .finding(format!(
                        "The {what} cannot be read: {}",
                        finding.message.trim_end_matches('.')
                    ))
                    .in_file(export.name),
            );
            return false;
        }
    };
    let mut text = decoded.text.as_ref();
    let mut rows_before = 0;
    // Windows PowerShell's type line, and blank lines around it.
    while let Some(rest) = skip_line(text, |line| {
        line.trim().is_empty() || line.trim_start().starts_with("#TYPE")
    }) {
        text = rest;
        rows_before += 1;
    }
    let delimiter = dialect::detect_delimiter(text);
    let mut header_seen = false;
    let mut refused: Option<String> = None;
    let mut read_rows = 0u32;
    let mut first_unread: Option<u32> = None;
    table::read(text, delimiter, |line| {
        let Line::Record { row, record, .. } = line else {
            return;
        };
        if refused.is_some() || first_unread.is_some() {
            return;
        }
        let row = row + rows_before;
        if !header_seen {
            header_seen = true;
            let names: Vec<&str> = record.iter().collect();
            if let Err(why) = sheet.header(row, &names) {
                refused = Some(why);
            }
            return;
        }
        if record.len() == 1 && record.get(0).is_some_and(|c| c.trim().is_empty()) {
            return;
        }
        if read_rows == MAX_ROWS {
            first_unread = Some(row);
            return;
        }
        read_rows += 1;
        sheet.row(row, &record);
    });
    if let Some(why) = refused {
        out.push(
            UNREADABLE_EXPORT
                .finding(format!(
                    "The {what} is not an export this check knows: {why}"
                ))
                .at_row(rows_before + 1)
                .in_file(export.name),
        );
        return false;
    }
    if let Some(row) = first_unread {
        out.push(
            EXPORT_CAP
                .finding(format!(
                    "The {what} has more than {MAX_ROWS} recipient rows; rows from row {row} on were not read."
                ))
                .at_row(row)
                .in_file(export.name),
        );
    }
    header_seen
}

/// The text after its first line, when `skip` says to skip that line and another
/// line follows.
fn skip_line(text: &str, skip: impl Fn(&str) -> bool) -> Option<&str> {
    let end = text.find(['\n', '\r'])?;
    if !skip(&text[..end]) {
        return None;
    }
    let rest = &text[end..];
    Some(rest.strip_prefix("\r\n").unwrap_or(&rest[1..]))
}

/// Places a finding in an export file.
pub(crate) trait InFile {
    /// Names the export the finding is about.
    fn in_file(self, name: &str) -> Self;
}

impl InFile for Finding {
    fn in_file(mut self, name: &str) -> Finding {
        self.file = Some(name.to_string());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Rows(Vec<String>, Vec<(u32, Vec<String>)>);

    impl Sheet for Rows {
        fn header(&mut self, _row: u32, names: &[&str]) -> Result<(), String> {
            if column(names, "PrimarySmtpAddress").is_none() {
                return Err("no PrimarySmtpAddress column".into());
            }
            self.0 = names.iter().map(|n| n.to_string()).collect();
            Ok(())
        }
        fn row(&mut self, row: u32, record: &Record<'_>) {
            self.1
                .push((row, record.iter().map(str::to_string).collect()));
        }
    }

    #[test]
    fn a_type_line_shifts_the_rows_as_excel_shows_them() {
        let text = "#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox\r\n\"PrimarySmtpAddress\",\"UMEnabled\"\r\n\"a@contoso.com\",\"False\"\r\n";
        let mut rows = Rows::default();
        let mut out = Vec::new();
        let export = Export {
            name: "m.csv",
            bytes: text.as_bytes(),
        };
        assert!(read(&export, "export", &mut rows, &mut out));
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(rows.1, [(3, vec!["a@contoso.com".into(), "False".into()])]);
    }

    #[test]
    fn utf16_and_semicolons_are_read() {
        let text = "PrimarySmtpAddress;UMEnabled\r\na@contoso.com;True\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let mut rows = Rows::default();
        let mut out = Vec::new();
        let export = Export {
            name: "m.csv",
            bytes: &bytes,
        };
        assert!(read(&export, "export", &mut rows, &mut out));
        assert_eq!(rows.1, [(2, vec!["a@contoso.com".into(), "True".into()])]);
    }

    #[test]
    fn a_file_of_another_kind_is_a_finding_naming_the_file() {
        let mut out = Vec::new();
        let export = Export {
            name: "x.csv",
            bytes: b"EmailAddress,Password\na@contoso.com,Secret-Pass-1\n",
        };
        assert!(!read(&export, "export", &mut Rows::default(), &mut out));
        assert_eq!(out[0].code, "DIR015");
        assert_eq!(out[0].file.as_deref(), Some("x.csv"));
        assert!(!out[0].message.contains("Secret"));
        let empty = Export {
            name: "e.csv",
            bytes: b"",
        };
        assert!(!read(&empty, "export", &mut Rows::default(), &mut out));
        assert_eq!(out[1].code, "DIR015");
    }
}

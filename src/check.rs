//! Checking one or more CSV files as one migration.

use crate::address::AddressBook;
use crate::decode::{self, Encoding};
use crate::dialect;
use crate::finding::{Finding, Rule, Severity};
use crate::header::{self, Columns, PASSWORD};
use crate::limit::Limiter;
use crate::options::Options;
use crate::report::{Report, Summary};
use crate::table::{self, Line};

/// Mailbox rows one migration batch (one CSV file) may hold.
pub const MAX_ROWS: u32 = 2000;

/// CSV008: a blank line between rows.
pub static BLANK_LINE: Rule = Rule {
    code: "CSV008",
    severity: Severity::Error,
    title: "A blank line inside the file",
    help: "Delete the empty row in Excel (right-click the row number, Delete). The admin center rejects rows that do not have as many columns as the header. The corrected CSV drops blank lines.",
};

/// CSV009: more rows than one batch takes.
pub static TOO_MANY_ROWS: Rule = Rule {
    code: "CSV009",
    severity: Severity::Error,
    title: "More than 2,000 mailboxes in one file",
    help: "A staged-migration batch takes at most 2,000 mailboxes. Split the list into several CSV files, one batch each (the split command does this).",
};

/// CSV010: a header and nothing else.
pub static NO_MAILBOXES: Rule = Rule {
    code: "CSV010",
    severity: Severity::Error,
    title: "The file has a header but no mailboxes",
    help: "Add one row per mailbox under the header, e.g. pilarp@contoso.com,Pa$$w0rd,False.",
};

/// CSV012: a row with more or fewer cells than the header.
pub static COLUMN_COUNT: Rule = Rule {
    code: "CSV012",
    severity: Severity::Error,
    title: "A row has more or fewer columns than the header",
    help: "Every row must have one value (or an empty cell) per header column. Look for commas inside values (put such values in quotes) or missing commas for empty cells.",
};

/// The rules of this module, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[&BLANK_LINE, &TOO_MANY_ROWS, &NO_MAILBOXES, &COLUMN_COUNT];

/// One mailbox row, as the row checks see it. Cells are as written (not trimmed).
#[derive(Debug, Clone, Copy)]
pub struct MailboxRow<'a> {
    /// Excel row number.
    pub row: u32,
    /// The EmailAddress cell, if the column exists and the row has it.
    pub email: Option<&'a str>,
    /// The Password cell, if the column exists and the row has it.
    pub password: Option<&'a str>,
    /// The ForceChangePassword cell, if the column exists and the row has it.
    pub force_change_password: Option<&'a str>,
    /// Codes whose further findings in this file are only counted: a check may add
    /// such a finding with an empty message (see [`crate::limit::Limiter::full`]).
    pub counted_only: &'a [&'static str],
}

/// A check that looks at every mailbox row of a migration, in order, across files.
pub trait RowCheck {
    /// Called when a new file begins, with its name (`None` for a single unnamed file),
    /// before its header is read.
    fn enter_file(&mut self, _name: Option<&str>) {}
    /// Called before the first row of each file.
    fn start_file(&mut self, _columns: &Columns) {}
    /// Called for every mailbox row.
    fn check(&mut self, row: &MailboxRow<'_>, out: &mut Vec<Finding>);
    /// Called once after the last row of the last file, for findings about many rows.
    fn finish(&mut self, _out: &mut Vec<Finding>) {}
}

/// One input file: its name (for findings, when several are checked) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct CsvFile<'a> {
    /// The file name shown in findings.
    pub name: &'a str,
    /// The file's contents, in any encoding.
    pub bytes: &'a [u8],
}

/// Checks one staged-migration CSV file. Never panics; every problem is a finding.
pub fn check_csv(bytes: &[u8], options: &Options) -> Report {
    let mut migration = Migration::new(options);
    migration.add(None, bytes);
    migration.finish()
}

/// Checks several CSV files as one migration: duplicates are caught across files and
/// every finding names its file.
pub fn check_files(files: &[CsvFile<'_>], options: &Options) -> Report {
    let mut migration = Migration::new(options);
    for file in files {
        migration.add(Some(file.name), file.bytes);
    }
    migration.finish()
}

/// The state of a check across files.
struct Migration {
    addresses: AddressBook,
    row_checks: Vec<Box<dyn RowCheck>>,
    findings: Vec<Finding>,
    summary: Summary,
}

impl Migration {
    fn new(options: &Options) -> Migration {
        Migration {
            addresses: AddressBook::new(&options.domains),
            row_checks: crate::rules::row_checks(options),
            findings: Vec::new(),
            summary: Summary::default(),
        }
    }

    fn add(&mut self, name: Option<&str>, bytes: &[u8]) {
        self.summary.files += 1;
        self.addresses.start_file(name);
        for check in &mut self.row_checks {
            check.enter_file(name);
        }
        let mut out = Vec::new();
        let mailboxes = self.read_file(bytes, &mut out);
        self.summary.mailboxes += mailboxes;
        out.sort_by_key(|f| f.row.unwrap_or(0));
        for mut finding in out {
            finding.file = name.map(str::to_string);
            self.findings.push(finding);
        }
    }

    /// Reads one file, returning how many mailbox rows it holds.
    fn read_file(&mut self, bytes: &[u8], out: &mut Vec<Finding>) -> u32 {
        let decoded = match decode::decode(bytes) {
            Ok(decoded) => decoded,
            Err(finding) => {
                out.push(*finding);
                return 0;
            }
        };
        if matches!(decoded.encoding, Encoding::Utf16Le | Encoding::Utf16Be) {
            out.push(
                decode::UTF16.finding(
                    "The file is UTF-16 text (Excel \"Unicode Text\"); it was read as such.",
                ),
            );
        }
        let text = decoded.text.as_ref();
        let delimiter = dialect::detect_delimiter(text);
        out.extend(dialect::delimiter_finding(delimiter));

        let mut columns: Option<Columns> = None;
        let mut mailboxes = 0u32;
        let mut non_ascii_rows: Vec<(u32, String)> = Vec::new();
        let legacy = decoded.encoding == Encoding::Windows1252;
        let mut limiter = Limiter::default();
        table::read(text, delimiter, |line| {
            limiter.apply(out);
            let (row, record, raw, at_end, quoted) = match line {
                Line::Blank { row } => {
                    out.push(
                        BLANK_LINE
                            .finding(format!("Row {row} is blank."))
                            .at_row(row),
                    );
                    return;
                }
                Line::Record {
                    row,
                    record,
                    raw,
                    at_end,
                    quoted,
                } => (row, record, raw, at_end, quoted),
            };
            if quoted {
                if let Some(finding) = dialect::quote_finding(raw, delimiter, row, at_end) {
                    // An unclosed quote swallowed the rest of the file: its cells mean nothing.
                    let swallowed = finding.code == dialect::UNTERMINATED_QUOTE.code;
                    out.push(finding);
                    if swallowed {
                        return;
                    }
                }
            }
            let cell = |i: usize| record.get(i);
            let Some(cols) = &columns else {
                let names: Vec<&str> = record.iter().collect();
                let analysed = header::analyse(&names, out);
                for check in &mut self.row_checks {
                    check.start_file(&analysed);
                }
                let headerless = analysed.headerless;
                columns = Some(analysed);
                if !headerless {
                    return;
                }
                let Some(cols) = &columns else { return };
                mailboxes += 1;
                self.check_row(row, record.len(), cols, &cell, limiter.full(), out);
                return;
            };
            mailboxes += 1;
            if mailboxes == MAX_ROWS + 1 {
                out.push(
                    TOO_MANY_ROWS
                        .finding("This row is beyond the 2,000-mailbox limit of one batch.")
                        .at_row(row),
                );
            }
            if legacy && !raw.is_ascii() {
                non_ascii_rows.push((row, non_ascii_cells(&record, cols)));
            }
            self.check_row(row, record.len(), cols, &cell, limiter.full(), out);
        });

        limiter.finish(out);
        if let Some(finding) = legacy_finding(&non_ascii_rows, legacy) {
            out.push(finding);
        }
        match columns {
            Some(c) if mailboxes == 0 && !c.headerless => {
                out.push(NO_MAILBOXES.finding("The file has a header row but no mailbox rows."));
            }
            _ => {}
        }
        if mailboxes > MAX_ROWS {
            out.push(TOO_MANY_ROWS.finding(format!(
                "The file lists {mailboxes} mailboxes; one batch takes at most 2,000, so this list needs {} batches.",
                mailboxes.div_ceil(MAX_ROWS)
            )));
        }
        mailboxes
    }

    fn check_row<'c>(
        &mut self,
        row: u32,
        width: usize,
        columns: &Columns,
        cell: &impl Fn(usize) -> Option<&'c str>,
        counted_only: &[&'static str],
        out: &mut Vec<Finding>,
    ) {
        if width != columns.width && !columns.headerless {
            let trailing_empty = width > columns.width
                && (columns.width..width).all(|i| cell(i).is_some_and(str::is_empty));
            let message = || {
                if trailing_empty {
                    format!(
                        "Row {row} has {width} columns, the header {}: the extra cells at the end are empty.",
                        columns.width
                    )
                } else {
                    format!(
                        "Row {row} has {width} columns; the header has {}.",
                        columns.width
                    )
                }
            };
            let finding = COLUMN_COUNT.finding_unless_counted(counted_only, message);
            out.push(finding.at_row(row));
        }
        let mailbox = MailboxRow {
            row,
            email: columns.email.and_then(cell),
            password: columns.password.and_then(cell),
            force_change_password: columns.force_change.and_then(cell),
            counted_only,
        };
        let mut pending = None;
        if let Some(email) = mailbox.email {
            pending = self.addresses.validate(row, email, counted_only, out);
        } else if columns.email.is_some() {
            out.push(
                crate::address::EMPTY
                    .finding(format!("Row {row} has no EmailAddress cell."))
                    .at_row(row)
                    .in_column(header::EMAIL),
            );
        }
        for check in &mut self.row_checks {
            check.check(&mailbox, out);
        }
        if let Some(pending) = pending {
            self.addresses.remember(pending, counted_only, out);
        }
    }

    fn finish(mut self) -> Report {
        for check in &mut self.row_checks {
            check.finish(&mut self.findings);
        }
        self.summary.unique_addresses = self.addresses.unique() as u32;
        self.summary.batches_needed = self.summary.mailboxes.div_ceil(MAX_ROWS);
        Report::new(self.findings, self.summary)
    }
}

/// Names the non-ASCII cells of a row, masking passwords.
fn non_ascii_cells(record: &table::Record<'_>, columns: &Columns) -> String {
    record
        .iter()
        .enumerate()
        .filter(|(_, cell)| !cell.is_ascii())
        .map(|(i, cell)| {
            // Only an address is shown: any other cell may hold a password, in its own
            // column or shifted into another one.
            if Some(i) == columns.email && cell.contains('@') {
                format!("\"{cell}\"")
            } else if Some(i) == columns.password {
                format!("{PASSWORD} (value hidden)")
            } else {
                format!("column {} (value hidden)", i + 1)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The one finding for a file read as Windows-1252, listing where the non-ASCII text is.
fn legacy_finding(rows: &[(u32, String)], legacy: bool) -> Option<Finding> {
    if !legacy {
        return None;
    }
    let mut listed: Vec<String> = rows
        .iter()
        .take(10)
        .map(|(row, cells)| format!("row {row}: {cells}"))
        .collect();
    if rows.len() > 10 {
        listed.push(format!("and {} more rows", rows.len() - 10));
    }
    Some(decode::LEGACY_ENCODING.finding(format!(
        "The file is not valid UTF-8; it was read as Windows-1252. Non-ASCII characters are in {}.",
        if listed.is_empty() {
            "the header".to_string()
        } else {
            listed.join("; ")
        }
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_is_reported_before_the_rows_other_findings() {
        let csv = "EmailAddress,Password\r\npilarp@contoso.com,kT7#vQ9!mZ2xwR4x\r\nPilarP@contoso.com,short\r\n";
        let report = check_csv(csv.as_bytes(), &Options::default());
        let row3: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.row == Some(3))
            .map(|f| f.code)
            .collect();
        assert_eq!(
            row3.first(),
            Some(&crate::address::DUPLICATE.code),
            "{row3:?}"
        );
        assert!(row3.contains(&"PWD001"), "{row3:?}");
    }

    #[test]
    fn findings_past_the_limit_are_counted_and_none_is_left_without_words() {
        let mut csv = String::from("EmailAddress,Password,ForceChangePassword\r\n");
        for _ in 0..600 {
            csv.push_str(" pilarp@contoso.com ,Pa$$w0rd,Yes,x\r\n");
        }
        let report = check_csv(csv.as_bytes(), &Options::default());
        for (code, rows) in [
            ("CSV012", 600),
            ("CSV206", 600),
            ("CSV207", 599),
            ("PWD005", 600),
            ("PWD009", 600),
        ] {
            let of_code: Vec<_> = report.findings.iter().filter(|f| f.code == code).collect();
            let listed = of_code.iter().filter(|f| f.row.is_some()).count();
            assert_eq!(listed, crate::limit::PER_CODE as usize, "{code}");
            let summary = of_code.iter().find(|f| f.row.is_none()).expect("a summary");
            assert!(
                summary
                    .message
                    .starts_with(&format!("{} more rows", rows - listed)),
                "{code}: {}",
                summary.message
            );
        }
        assert!(report.findings.iter().all(|f| !f.message.is_empty()));
    }
}

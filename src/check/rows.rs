//! The checks of a mailbox row that need nothing but the row, over a run of rows.
//!
//! This is the part of a check that several threads can share (see [`super::pieces`]):
//! everything except what depends on earlier rows (duplicate addresses, shared passwords,
//! the 2,000-row limit), which the migration adds as it takes the rows in file order.

use std::ops::Range;

use crate::address::{self, AddressHash, AddressRules, DomainMemo, Pending};
use crate::csv::dialect;
use crate::csv::header::{self, Columns, PASSWORD};
use crate::csv::limit::{Dropped, Limiter};
use crate::csv::table::{self, Line, Record};
use crate::finding::Finding;
use crate::password::{PasswordRowCheck, Scratch, Seen};

use super::{
    BLANK_LINE, COLUMN_COUNT, EMPTY_ROW, EMPTY_ROW_ABOVE_HEADER, FORMULA_CELL, FORMULA_START,
    MailboxRow, REPEATED_HEADER, cap, repeats_header,
};

/// The row checks of a migration, set up once from its options.
#[derive(Debug)]
pub(super) struct RowRules {
    /// EmailAddress: form, hidden characters, domain.
    pub address: AddressRules,
    /// ForceChangePassword and Password.
    pub password: PasswordRowCheck,
}

/// One mailbox row as the checks leave it for the migration. Small (48 bytes): the
/// rows read on one thread are taken on another, and their bytes travel between the
/// processor cores. Positions are `u32`: a run of rows holds far less than 4 GB.
#[derive(Debug)]
pub(super) struct Mailbox {
    /// Excel row.
    pub row: u32,
    /// Index in [`Rows::findings`] of the row's first finding.
    pub start: u32,
    /// The valid address to remember, if any.
    pub address: Option<Kept>,
    /// The password, for the shared-password check.
    pub password: Seen,
}

/// A valid address, kept in [`Rows::addresses`] until it is remembered.
#[derive(Debug)]
pub(super) struct Kept {
    /// Where in [`Rows::addresses`] it is.
    pub text: Range<u32>,
    /// Its hash.
    pub hash: AddressHash,
    /// Index in [`Rows::findings`] where a duplicate finding belongs: after the
    /// address's own findings, before the password's.
    pub duplicate_at: u32,
}

/// What the row checks found in a run of rows, in file order.
#[derive(Debug, Default)]
pub(super) struct Rows {
    /// Findings of the rows (and of the header and blank lines among them).
    pub findings: Vec<Finding>,
    /// The mailbox rows.
    pub mailboxes: Vec<Mailbox>,
    /// The valid addresses of the mailbox rows, one after the other.
    pub addresses: String,
    /// Findings dropped past the per-code limit (see [`Limiter`]).
    pub dropped: Dropped,
    /// In a file read as Windows-1252: rows with non-ASCII cells, described.
    pub non_ascii: Vec<(u32, String)>,
}

impl Rows {
    /// The valid address kept for the mailbox at `row`, to remember.
    pub fn address(&self, row: u32, kept: &Kept) -> Pending<'_> {
        Pending {
            row,
            address: self
                .addresses
                .get(kept.text.start as usize..kept.text.end as usize)
                .unwrap_or_default(),
            hash: kept.hash,
        }
    }
}

/// Which part of a file a text is.
#[derive(Debug, Clone, Copy)]
pub(super) enum Part {
    /// All of it, quoted or not.
    Whole,
    /// A piece of a file without quote characters, starting on a new line after
    /// `rows_before` rows; unless it is the `last`, a record follows right after it.
    Piece { rows_before: u32, last: bool },
}

/// Reads the rows of one file and runs the row checks on them.
pub(super) struct RowReader<'r> {
    rules: &'r RowRules,
    delimiter: u8,
    /// Whether the file was read as Windows-1252.
    legacy: bool,
    /// The header, once read.
    pub columns: Option<Columns>,
    limiter: Limiter,
    scratch: Scratch,
    domains: DomainMemo,
    rows: Rows,
}

impl<'r> RowReader<'r> {
    /// A reader for a file with this delimiter, from its header on (`columns` is
    /// `None`) or for rows after a header already read.
    pub fn new(
        rules: &'r RowRules,
        delimiter: u8,
        legacy: bool,
        columns: Option<Columns>,
    ) -> RowReader<'r> {
        RowReader {
            rules,
            delimiter,
            legacy,
            columns,
            limiter: Limiter::default(),
            scratch: Scratch::default(),
            domains: DomainMemo::default(),
            rows: Rows::default(),
        }
    }

    /// The rules this reader checks with.
    pub fn rules(&self) -> &'r RowRules {
        self.rules
    }

    /// The file's delimiter.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Whether the file was read as Windows-1252.
    pub fn legacy(&self) -> bool {
        self.legacy
    }

    /// Reads `text`, the given part of the file, handing what it found to `take` every
    /// `batch` mailbox rows and at the end. `take` empties the rows it is given.
    pub fn read(&mut self, text: &str, part: Part, batch: usize, take: &mut dyn FnMut(&mut Rows)) {
        let delimiter = self.delimiter;
        let mut visit = |line: Line<'_>| {
            self.line(line);
            if self.rows.mailboxes.len() >= batch {
                self.hand_over(take);
            }
        };
        match part {
            Part::Whole => table::read(text, delimiter, &mut visit),
            Part::Piece { rows_before, last } => {
                table::read_unquoted(text, delimiter, rows_before, last, &mut visit)
            }
        }
        self.hand_over(take);
    }

    /// Reads a text at once, returning all it found.
    pub fn read_piece(&mut self, text: &str, part: Part) -> Rows {
        let mut found = Rows::default();
        self.read(text, part, usize::MAX, &mut |rows| {
            found = std::mem::take(rows);
        });
        found
    }

    fn hand_over(&mut self, take: &mut dyn FnMut(&mut Rows)) {
        self.limiter.apply(&mut self.rows.findings);
        self.rows.dropped = self.limiter.take_dropped();
        take(&mut self.rows);
        self.limiter.restart();
    }

    /// One line of the file.
    fn line(&mut self, line: Line<'_>) {
        let findings = &mut self.rows.findings;
        self.limiter.apply(findings);
        let (row, record, raw, at_end, quoted) = match line {
            Line::Blank { row } => {
                findings.push(
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
            if let Some(finding) = dialect::quote_finding(raw, self.delimiter, row, at_end) {
                // An unclosed quote swallowed the rest of the file: its cells mean nothing.
                let swallowed = finding.code == dialect::UNTERMINATED_QUOTE.code;
                findings.push(finding);
                if swallowed {
                    return;
                }
            }
        }
        let Some(columns) = &self.columns else {
            // Excel's empty rows may come before the header too; the header is the
            // first row with something in it.
            if record.only_delimiters() {
                findings.push(
                    EMPTY_ROW_ABOVE_HEADER
                        .finding(format!(
                            "Row {row} holds only delimiters and comes before the header row, which must be the first row."
                        ))
                        .at_row(row),
                );
                return;
            }
            let names: Vec<&str> = record.iter().take(cap::MAX_COLUMNS).collect();
            findings.extend(cap::too_many_columns(row, record.len()));
            let mut analysed = header::analyse(&names, findings);
            analysed.width = analysed.width.max(record.len());
            let headerless = analysed.headerless;
            if headerless {
                self.columns = Some(analysed);
                self.mailbox(row, &record);
            } else {
                formula_cells(row, &record, &analysed, None, &[], findings);
                self.columns = Some(analysed);
            }
            return;
        };
        if record.only_delimiters() {
            findings.push(
                EMPTY_ROW
                    .finding(format!(
                        "Row {row} holds only delimiters: an empty row, not a mailbox."
                    ))
                    .at_row(row),
            );
            return;
        }
        if self.legacy && !raw.is_ascii() {
            let cells = non_ascii_cells(&record, columns);
            self.rows.non_ascii.push((row, cells));
        }
        self.mailbox(row, &record);
    }

    /// Checks one mailbox row.
    fn mailbox(&mut self, row: u32, record: &Record<'_>) {
        let Some(columns) = &self.columns else { return };
        let findings = &mut self.rows.findings;
        // Findings before `start` and `duplicate_at` are final: the limiter only drops
        // findings added after its last call.
        self.limiter.apply(findings);
        let start = findings.len() as u32;
        let cell = |i: usize| record.get(i);
        // The header again (two lists pasted together): its own finding, not a mailbox,
        // and none of the address and password findings its words would get.
        if columns.email.and_then(cell).is_some_and(repeats_header) {
            findings.push(
                REPEATED_HEADER
                    .finding(format!(
                        "Row {row} repeats the header row; it is not a mailbox and was not checked as one."
                    ))
                    .at_row(row)
                    .in_column(header::EMAIL),
            );
            return;
        }
        let width = record.len();
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
            let finding = COLUMN_COUNT.finding_unless_counted(self.limiter.full(), message);
            findings.push(finding.at_row(row));
        }
        let counted_only = self.limiter.full();
        formula_cells(
            row,
            record,
            columns,
            columns.password,
            counted_only,
            findings,
        );
        cap::long_cells(row, record, columns, self.limiter.full(), findings);
        let email_cell = columns.email.and_then(cell);
        let email = email_cell.filter(cap::within);
        let mut pending = None;
        if let Some(email) = email {
            pending = self.rules.address.validate(
                row,
                email,
                self.limiter.full(),
                &mut self.domains,
                findings,
            );
        } else if columns.email.is_some() && email_cell.is_none() {
            findings.push(
                address::EMPTY
                    .finding(format!("Row {row} has no EmailAddress cell."))
                    .at_row(row)
                    .in_column(header::EMAIL),
            );
        }
        self.limiter.apply(findings);
        let address = pending.map(|pending| {
            let from = self.rows.addresses.len();
            self.rows.addresses.push_str(pending.address);
            Kept {
                text: from as u32..self.rows.addresses.len() as u32,
                hash: pending.hash,
                duplicate_at: findings.len() as u32,
            }
        });
        let mailbox = MailboxRow {
            row,
            email,
            password: columns.password.and_then(cell).filter(cap::within),
            force_change_password: columns.force_change.and_then(cell).filter(cap::within),
            counted_only: self.limiter.full(),
        };
        let password = self
            .rules
            .password
            .check(&mailbox, &mut self.scratch, findings);
        self.rows.mailboxes.push(Mailbox {
            row,
            start,
            address,
            password,
        });
    }
}

/// CSV213 for every cell of a row that Excel would read as a formula, except in the
/// column `skip` (Password: PWD008 covers it). Names the row and column, never the cell.
fn formula_cells(
    row: u32,
    record: &Record<'_>,
    columns: &Columns,
    skip: Option<usize>,
    counted_only: &[&'static str],
    findings: &mut Vec<Finding>,
) {
    for (i, cell) in record.iter().enumerate() {
        if Some(i) == skip || !cell.starts_with(FORMULA_START) {
            continue;
        }
        let name = column_name(i, columns);
        let finding = FORMULA_CELL
            .finding_unless_counted(counted_only, || {
                format!(
                    "Row {row}: the cell in {name} starts with a character that makes Excel read it as a formula."
                )
            })
            .at_row(row)
            .with_local_value(cell);
        findings.push(if name.starts_with("column ") {
            finding
        } else {
            finding.in_column(name)
        });
    }
}

/// Names the columns of a row's non-ASCII cells, never their content: any cell may
/// hold a password, in its own column or shifted into another one.
fn non_ascii_cells(record: &Record<'_>, columns: &Columns) -> String {
    record
        .iter()
        .enumerate()
        .filter(|(_, cell)| !cell.is_ascii())
        .map(|(i, _)| column_name(i, columns))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A column as findings name it: its documented name, or its position.
fn column_name(i: usize, columns: &Columns) -> String {
    if Some(i) == columns.email {
        header::EMAIL.to_string()
    } else if Some(i) == columns.password {
        PASSWORD.to_string()
    } else if Some(i) == columns.force_change {
        header::FORCE_CHANGE.to_string()
    } else {
        format!("column {}", i + 1)
    }
}

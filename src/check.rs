//! Checking one or more CSV files as one migration.

pub(crate) mod cap;
mod pieces;
mod progress;
// Some of the reader's methods serve only the threads of native builds.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
mod rows;

use crate::address::{AddressBook, AddressRules};
use crate::csv::decode::{self, Encoding};
use crate::csv::dialect;
use crate::csv::header::Columns;
use crate::csv::limit::Limiter;
use crate::finding::{Finding, Rule, Severity};
use crate::options::Options;
use crate::password::{PasswordRowCheck, PasswordState};
use crate::report::{Report, Summary};

use pieces::Plan;
use progress::Tracker;
pub use progress::{EVERY as PROGRESS_EVERY, Progress};
use rows::{RowReader, RowRules, Rows};

/// Mailbox rows one migration batch (one CSV file) may hold.
pub const MAX_ROWS: u32 = 2000;

/// CSV008: a blank line between rows. A warning: the admin center rejects rows with
/// fewer columns than the header [doc], but whether its reading counts a blank line as
/// such a row, or skips it as most CSV readers do, is not documented.
pub static BLANK_LINE: Rule = Rule {
    code: "CSV008",
    severity: Severity::Warning,
    title: "A blank line inside the file",
    help: "Delete the empty row in Excel (right-click the row number, Delete), or use the corrected CSV, which drops blank lines. The admin center rejects rows that do not have as many columns as the header; whether it counts a blank line as such a row is not documented. A blank line between rows is also a sign of a row deleted by mistake or of two lists pasted together: check that no mailbox is missing.",
};

/// CSV216: a row of only delimiters (`;;`), which Excel leaves behind for rows once
/// formatted. A warning: whether the admin center skips it or fails it as a mailbox
/// without an address is not documented [inferred].
pub static EMPTY_ROW: Rule = Rule {
    code: "CSV216",
    severity: Severity::Warning,
    title: "A row of only delimiters (an empty row)",
    help: "Excel leaves rows like ;; or ,, behind when rows below the list were once formatted or emptied. Delete the rows (in Excel select them by their row numbers, right-click, Delete), or use the corrected CSV, which drops them. They are not counted as mailboxes here; whether the admin center skips them or fails them as mailboxes without an address is not documented.",
};

/// CSV217: rows of only delimiters above the header row. An error, unlike [`EMPTY_ROW`]
/// below it: the first row of the file is the header row [doc], and a row of only
/// delimiters read as the header names no column, EmailAddress included [doc].
pub static EMPTY_ROW_ABOVE_HEADER: Rule = Rule {
    code: "CSV217",
    severity: Severity::Error,
    title: "Rows of only delimiters above the header row",
    help: "The first row of the file must be the header row (EmailAddress,Password,ForceChangePassword): read as the header, a row like ;; or ,, names no column, so the batch is refused. Delete the rows above the header (in Excel select them by their row numbers, right-click, Delete), or use the corrected CSV, which drops them. The rows below were checked as if the header came first.",
};

/// CSV015: the header row again, below the first (two exports pasted together).
pub static REPEATED_HEADER: Rule = Rule {
    code: "CSV015",
    severity: Severity::Error,
    title: "The header row appears again inside the file",
    help: "Two lists were probably pasted together. Delete the repeated header row (the corrected CSV does): the batch would try to migrate a mailbox called EmailAddress, and the row is not counted as a mailbox here.",
};

/// Whether a row's EmailAddress cell holds the column's name: a repeated header row
/// ([`REPEATED_HEADER`]). No address is that word, which has no `@`.
pub(crate) fn repeats_header(email: &str) -> bool {
    email.trim().eq_ignore_ascii_case(crate::csv::header::EMAIL)
}

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

/// CSV213: a cell Excel would read as a formula, in a column other than Password.
pub static FORMULA_CELL: Rule = Rule {
    code: "CSV213",
    severity: Severity::Warning,
    title: "A cell starts with = + - @, a tab or a line break (Excel reads it as a formula)",
    help: "When the CSV is opened in Excel, a cell starting with = + - or @ (or a tab or carriage return before one) is run as a formula: its value changes, and a crafted one can start programs or send data away. Correct the cell in a text editor, not in Excel, and open CSV files from others only in a text editor.",
};

/// The first characters that make Excel read a cell as a formula (CSV213, PWD008).
pub const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The rules of this module, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[
    &BLANK_LINE,
    &TOO_MANY_ROWS,
    &NO_MAILBOXES,
    &COLUMN_COUNT,
    &FORMULA_CELL,
    &REPEATED_HEADER,
    &EMPTY_ROW,
    &EMPTY_ROW_ABOVE_HEADER,
];

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
    /// such a finding with an empty message (see [`crate::csv::limit::Limiter::full`]).
    pub counted_only: &'a [&'static str],
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
    check(&[(None, bytes)], options, None)
}

/// [`check_csv`], reporting its progress to `on_progress` (see [`check_files_with_progress`]).
pub fn check_csv_with_progress(
    bytes: &[u8],
    options: &Options,
    on_progress: &mut dyn FnMut(Progress),
) -> Report {
    check(&[(None, bytes)], options, Some(on_progress))
}

/// Checks several CSV files as one migration: duplicates are caught across files and
/// every finding names its file.
pub fn check_files(files: &[CsvFile<'_>], options: &Options) -> Report {
    check(&named(files), options, None)
}

/// [`check_files`], reporting its progress to `on_progress`: about every
/// [`PROGRESS_EVERY`] rows and once at the end, when `rows_read` equals `rows_total`.
/// The report is the same as [`check_files`]'s.
pub fn check_files_with_progress(
    files: &[CsvFile<'_>],
    options: &Options,
    on_progress: &mut dyn FnMut(Progress),
) -> Report {
    check(&named(files), options, Some(on_progress))
}

fn named<'a>(files: &[CsvFile<'a>]) -> Vec<(Option<&'a str>, &'a [u8])> {
    files.iter().map(|f| (Some(f.name), f.bytes)).collect()
}

/// Checks files (named when several), reporting progress if asked.
fn check(
    files: &[(Option<&str>, &[u8])],
    options: &Options,
    on_progress: Option<&mut dyn FnMut(Progress)>,
) -> Report {
    let mut progress =
        on_progress.map(|report| Tracker::new(files.iter().map(|(_, bytes)| *bytes), report));
    let mut migration = Migration::new(options);
    for (name, bytes) in files {
        migration.add(*name, bytes, progress.as_mut());
        if let Some(progress) = progress.as_mut() {
            progress.file_done();
        }
    }
    if let Some(progress) = progress.as_mut() {
        progress.finish();
    }
    migration.finish()
}

/// The state of a check across files.
struct Migration {
    rules: RowRules,
    plan: Plan,
    addresses: AddressBook,
    passwords: PasswordState,
    findings: Vec<Finding>,
    summary: Summary,
    /// Mailbox rows of each file, for the batches they need.
    rows_per_file: Vec<u32>,
}

impl Migration {
    fn new(options: &Options) -> Migration {
        let passwords = PasswordState::default();
        Migration {
            rules: RowRules {
                address: AddressRules::new(&options.domains),
                password: PasswordRowCheck::new(options, &passwords),
            },
            plan: Plan::new(options.threads),
            addresses: AddressBook::default(),
            passwords,
            findings: Vec::new(),
            summary: Summary::default(),
            rows_per_file: Vec::new(),
        }
    }

    fn add(&mut self, name: Option<&str>, bytes: &[u8], progress: Option<&mut Tracker<'_>>) {
        self.summary.files += 1;
        self.addresses.start_file(name);
        self.passwords.start_file(name);
        let mut file = FileRows::default();
        self.read_file(bytes, &mut file, progress);
        self.summary.mailboxes += file.mailboxes;
        self.rows_per_file.push(file.mailboxes);
        let mut out = file.findings;
        out.sort_by_key(|f| f.row.unwrap_or(0));
        for mut finding in out {
            finding.file = name.map(str::to_string);
            self.findings.push(finding);
        }
    }

    /// Reads one file into `file`.
    fn read_file(
        &mut self,
        bytes: &[u8],
        file: &mut FileRows,
        mut progress: Option<&mut Tracker<'_>>,
    ) {
        let decoded = match decode::decode(bytes) {
            Ok(decoded) => decoded,
            Err(finding) => {
                file.findings.push(*finding);
                return;
            }
        };
        if matches!(decoded.encoding, Encoding::Utf16Le | Encoding::Utf16Be) {
            file.findings.push(
                decode::UTF16.finding(
                    "The file is UTF-16 text (Excel \"Unicode Text\"); it was read as such.",
                ),
            );
        }
        let text = decoded.text.as_ref();
        let delimiter = dialect::detect_delimiter(text);
        file.findings.extend(dialect::delimiter_finding(delimiter));

        let legacy = decoded.encoding == Encoding::Windows1252;
        let mut reader = RowReader::new(&self.rules, delimiter, legacy, None);
        let (addresses, passwords) = (&mut self.addresses, &mut self.passwords);
        pieces::read(text, self.plan, &mut reader, &mut |rows| {
            let last = rows.mailboxes.last().map(|m| m.row);
            file.take(rows, addresses, passwords);
            if let (Some(progress), Some(row)) = (progress.as_deref_mut(), last) {
                progress.at_row(row);
            }
        });
        file.finish(legacy, reader.columns.as_ref());
    }

    fn finish(mut self) -> Report {
        self.passwords.finish(&mut self.findings);
        self.findings.extend(self.rules.password.notes());
        self.summary.unique_addresses = self.addresses.unique() as u32;
        self.summary.batches_needed = crate::csv::split::batches_needed(&self.rows_per_file);
        Report::new(self.findings, self.summary)
    }
}

/// Mailbox rows ahead whose memory is asked for while taking rows in order.
const AHEAD: usize = 16;

/// Non-ASCII rows of a Windows-1252 file listed in its finding.
const NON_ASCII_LISTED: usize = 10;

/// One file's findings and counts, as its rows are taken in order.
#[derive(Debug, Default)]
struct FileRows {
    findings: Vec<Finding>,
    limiter: Limiter,
    mailboxes: u32,
    /// The first non-ASCII rows of a Windows-1252 file, and how many there are.
    non_ascii: (Vec<(u32, String)>, usize),
}

impl FileRows {
    /// Takes the next rows in file order: adds what depends on the rows before them
    /// (duplicates, shared passwords, the batch limit) and empties `rows`.
    fn take(
        &mut self,
        rows: &mut Rows,
        addresses: &mut AddressBook,
        passwords: &mut PasswordState,
    ) {
        let mut found = std::mem::take(&mut rows.findings);
        let mut findings = found.drain(..);
        let mut moved = 0;
        let mut move_up_to = |to: usize, out: &mut Vec<Finding>| {
            out.extend(findings.by_ref().take(to.saturating_sub(moved)));
            moved = moved.max(to);
        };
        for (i, mailbox) in rows.mailboxes.iter().enumerate() {
            if let Some(ahead) = rows.mailboxes.get(i + AHEAD) {
                if let Some(kept) = &ahead.address {
                    addresses.prefetch(kept.hash);
                }
                passwords.prefetch(ahead.password);
            }
            move_up_to(mailbox.start as usize, &mut self.findings);
            self.mailboxes += 1;
            if self.mailboxes == MAX_ROWS + 1 {
                self.findings.push(
                    TOO_MANY_ROWS
                        .finding("This row is beyond the 2,000-mailbox limit of one batch.")
                        .at_row(mailbox.row),
                );
            }
            if let Some(kept) = &mailbox.address {
                move_up_to(kept.duplicate_at as usize, &mut self.findings);
                let pending = rows.address(mailbox.row, kept);
                addresses.remember(pending, self.limiter.full(), &mut self.findings);
            }
            passwords.remember(mailbox.row, mailbox.password);
            self.limiter.apply(&mut self.findings);
        }
        self.findings.extend(findings);
        rows.findings = found; // empty, with its room kept
        self.limiter.apply(&mut self.findings);
        self.limiter.add_dropped(std::mem::take(&mut rows.dropped));
        let (listed, count) = &mut self.non_ascii;
        *count += rows.non_ascii.len();
        let room = NON_ASCII_LISTED.saturating_sub(listed.len());
        listed.extend(rows.non_ascii.drain(..).take(room));
        rows.mailboxes.clear();
        rows.addresses.clear();
        rows.non_ascii.clear();
    }

    /// The findings about the whole file, once every row is taken.
    fn finish(&mut self, legacy: bool, columns: Option<&Columns>) {
        let limiter = std::mem::take(&mut self.limiter);
        limiter.finish(&mut self.findings);
        if legacy {
            let (listed, count) = &self.non_ascii;
            self.findings.push(legacy_finding(listed, *count));
        }
        match columns {
            Some(c) if self.mailboxes == 0 && !c.headerless => {
                self.findings
                    .push(NO_MAILBOXES.finding("The file has a header row but no mailbox rows."));
            }
            // Only rows of only delimiters (an unclosed quote in the first row is its
            // own finding).
            None if self
                .findings
                .iter()
                .any(|f| f.code == EMPTY_ROW_ABOVE_HEADER.code) =>
            {
                self.findings.push(crate::csv::header::NO_HEADER.finding(
                    "Every row holds only delimiters: no row names the columns, and there are no mailboxes.",
                ));
            }
            _ => {}
        }
        let mailboxes = self.mailboxes;
        if mailboxes > MAX_ROWS {
            self.findings.push(TOO_MANY_ROWS.finding(format!(
                "The file lists {mailboxes} mailboxes; one batch takes at most 2,000, so this list needs {} batches.",
                mailboxes.div_ceil(MAX_ROWS)
            )));
        }
    }
}

/// The one finding for a file read as Windows-1252, listing where the non-ASCII text
/// is: the first rows of `count`, each with the columns (never the cells: an address
/// column may hold a shifted password).
fn legacy_finding(rows: &[(u32, String)], count: usize) -> Finding {
    let mut listed: Vec<String> = rows
        .iter()
        .map(|(row, columns)| format!("row {row} ({columns})"))
        .collect();
    if count > rows.len() {
        listed.push(format!("and {} more rows", count - rows.len()));
    }
    decode::LEGACY_ENCODING.finding(format!(
        "The file is not valid UTF-8; it was read as Windows-1252. Non-ASCII characters are in {}.",
        if listed.is_empty() {
            "the header".to_string()
        } else {
            listed.join("; ")
        }
    ))
}

#[cfg(test)]
mod tests;

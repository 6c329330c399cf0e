//! Splitting a mailbox list into batch files of at most 2,000 rows.
//!
//! Any number of input files are read as one list (duplicates across all of them are
//! still reported) and written as numbered batch files with valid batch names.
//!
//! A row is written as it was read, cell for cell, or not at all: a file whose header
//! cannot be mapped, or that has a row with more or fewer cells than its header (CSV012:
//! a comma inside an unquoted password, a missing comma), is refused, since splitting it
//! would move cells to other columns or drop them.

mod count;

pub use count::{MAX_BATCHES, batches_needed, batches_of, batches_text};

use csv::{QuoteStyle, Terminator, WriterBuilder};
use serde::{Deserialize, Serialize};

use crate::check::{CsvFile, MAX_ROWS, TOO_MANY_ROWS, check_files, repeats_header};
use crate::csv::decode;
use crate::csv::dialect;
use crate::csv::header::{self, KNOWN};
use crate::csv::table::{self, Line};
use crate::finding::Finding;
use crate::options::Options;
use crate::report::Report;

/// Longest batch name `New-MigrationBatch` accepts.
pub const MAX_NAME: usize = 64;

/// How to split.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SplitOptions {
    /// Mailboxes per batch, 1 to 2,000.
    pub size: u32,
    /// Start of every batch name; characters a batch name cannot hold are replaced.
    pub prefix: String,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            size: MAX_ROWS,
            prefix: "Batch".to_string(),
        }
    }
}

/// One batch file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    /// The batch name for the admin center or `New-MigrationBatch -Name`.
    pub name: String,
    /// The file name to save it as (`<name>.csv`).
    pub file_name: String,
    /// Mailbox rows in it.
    pub mailboxes: u32,
    /// The CSV text (UTF-8, commas, CRLF).
    pub csv: String,
}

/// The batches and the check of the whole list.
#[derive(Debug, Clone, Serialize)]
pub struct Split {
    /// Batch files in order.
    pub batches: Vec<Batch>,
    /// The check of all input files as one migration.
    pub report: Report,
}

/// Why a list cannot be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// `size` is outside 1 to 2,000.
    Size(u32),
    /// A file cannot be read, or its header must be fixed first.
    File(Box<Finding>),
    /// A file has rows with more or fewer cells than its header (CSV012).
    Rows {
        /// The file name.
        file: String,
        /// The first of those rows (Excel rows: the header is row 1), at most
        /// [`ROWS_NAMED`].
        rows: Vec<u32>,
        /// How many rows there are in all.
        count: usize,
    },
}

/// How many of the rows that do not match the header a [`SplitError::Rows`] names.
pub const ROWS_NAMED: usize = 10;

impl std::fmt::Display for SplitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SplitError::Size(size) => write!(f, "batch size {size} is outside 1 to 2,000"),
            SplitError::File(finding) => {
                let file = finding
                    .file
                    .as_deref()
                    .map(|n| format!("{n}: "))
                    .unwrap_or_default();
                write!(f, "{file}{} {}", finding.message, finding.help)
            }
            SplitError::Rows { file, rows, count } => {
                let list: Vec<String> = rows.iter().map(u32::to_string).collect();
                let more = count.saturating_sub(rows.len());
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                let (noun, verb) = if *count == 1 {
                    ("row", "has")
                } else {
                    ("rows", "have")
                };
                write!(
                    f,
                    "{file}: {noun} {}{more} {verb} more or fewer cells than the header \
                     (CSV012), so splitting would move cells into other columns or drop them. \
                     Nothing was written. Fix those rows first: put a value that holds a comma \
                     in quotes, add missing commas for empty cells (`fix` removes empty cells \
                     at the end of a row), then split again.",
                    list.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for SplitError {}

/// Splits the mailbox rows of `files` into batches of `options.size` rows.
pub fn split(
    files: &[CsvFile<'_>],
    options: &SplitOptions,
    check: &Options,
) -> Result<Split, SplitError> {
    if options.size == 0 || options.size > MAX_ROWS {
        return Err(SplitError::Size(options.size));
    }
    // Too many rows for one batch is what splitting resolves: drop those findings.
    let checked = check_files(files, check);
    let findings = checked
        .findings
        .into_iter()
        .filter(|f| f.code != TOO_MANY_ROWS.code)
        .collect();
    let mut report = Report::new(findings, checked.summary);
    let mut rows: Vec<[String; 3]> = Vec::new();
    let mut present = [false; 3];
    for file in files {
        read_rows(file, &report, &mut rows, &mut present)?;
    }
    let columns: Vec<usize> = (0..3).filter(|&i| present[i]).collect();
    let count = rows.len().div_ceil(options.size as usize);
    // The files are read as one list, so the batches are those of one list this long.
    report.summary.batches_needed = batches_of(
        &[u32::try_from(rows.len()).unwrap_or(u32::MAX)],
        options.size,
    );
    let names = batch_names(&options.prefix, count);
    let batches = rows
        .chunks(options.size as usize)
        .zip(names)
        .map(|(chunk, name)| {
            let mut writer = WriterBuilder::new()
                .quote_style(QuoteStyle::Necessary)
                .terminator(Terminator::CRLF)
                .from_writer(Vec::new());
            // Writing to a Vec cannot fail.
            let _ = writer.write_record(columns.iter().map(|&i| KNOWN[i]));
            for row in chunk {
                let _ = writer.write_record(columns.iter().map(|&i| row[i].as_str()));
            }
            let csv =
                String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
            Batch {
                file_name: format!("{name}.csv"),
                name,
                mailboxes: chunk.len() as u32,
                csv,
            }
        })
        .collect();
    Ok(Split { batches, report })
}

/// Findings that make a file's rows impossible to map to columns without guessing.
static REFUSED: [&crate::finding::Rule; 9] = [
    &decode::EMPTY,
    &decode::NOT_TEXT,
    &dialect::UNTERMINATED_QUOTE,
    &header::NO_HEADER,
    &header::MISSING_EMAIL,
    &header::UNKNOWN_COLUMN,
    &header::DUPLICATE_COLUMN,
    &header::BLANK_COLUMN,
    &header::OTHER_MIGRATION,
];

/// Appends the mailbox rows of one file, by known column, refusing files whose header
/// has errors (their columns cannot be mapped without guessing) and files with rows
/// that do not have one cell per header column (they would be changed).
fn read_rows(
    file: &CsvFile<'_>,
    report: &Report,
    rows: &mut Vec<[String; 3]>,
    present: &mut [bool; 3],
) -> Result<(), SplitError> {
    let header_error = report
        .findings
        .iter()
        .find(|f| f.file.as_deref() == Some(file.name) && REFUSED.iter().any(|r| r.code == f.code));
    if let Some(finding) = header_error {
        return Err(SplitError::File(Box::new(finding.clone())));
    }
    let decoded = decode::decode(file.bytes).map_err(SplitError::File)?;
    let text = decoded.text.as_ref();
    let mut map: Option<([Option<usize>; 3], usize)> = None;
    let (mut mismatched, mut count) = (Vec::new(), 0usize);
    table::read(text, dialect::detect_delimiter(text), |line| {
        let Line::Record { record, row, .. } = line else {
            return;
        };
        let cell = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::to_string)
                .unwrap_or_default()
        };
        match &map {
            // Rows of only delimiters above the header (CSV217) are left out too.
            None if record.only_delimiters() => {}
            None => {
                let mut found = [None; 3];
                for (i, name) in record.iter().enumerate() {
                    if let Some(k) =
                        header::canonical(name).and_then(|k| KNOWN.iter().position(|n| *n == k))
                    {
                        found[k] = Some(i);
                        present[k] = true;
                    }
                }
                map = Some((found, record.len()));
            }
            // A row of only delimiters (CSV216) is no mailbox: left out, as `fix` does.
            Some(_) if record.only_delimiters() => {}
            Some((_, width)) if record.len() != *width => {
                count += 1;
                if mismatched.len() < ROWS_NAMED {
                    mismatched.push(row);
                }
            }
            // A repeated header row (CSV015, two lists pasted together) is no mailbox:
            // it is left out, as `fix` leaves it out, and the report's CSV015 says so.
            Some((m, _)) if m[0].is_some_and(|i| record.get(i).is_some_and(repeats_header)) => {}
            Some((m, _)) => rows.push([cell(m[0]), cell(m[1]), cell(m[2])]),
        }
    });
    if count > 0 {
        return Err(SplitError::Rows {
            file: file.name.to_string(),
            rows: mismatched,
            count,
        });
    }
    Ok(())
}

/// A batch name's characters made valid: letters, digits, `-` and `_` stay, others
/// become `-`, and `-` at either end goes; `Batch` if nothing is left. Not cut to
/// length: callers cut it to leave room for what they add.
pub fn clean_batch_name(name: &str) -> String {
    let clean: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let clean = clean.trim_matches('-');
    if clean.is_empty() {
        "Batch".to_string()
    } else {
        clean.to_string()
    }
}

/// `count` valid, distinct batch names from a prefix: `<prefix>-01`, `<prefix>-02`…
/// Characters other than letters, digits, `-` and `_` become `-`; the prefix is cut so
/// that every name fits in 64 characters.
pub fn batch_names(prefix: &str, count: usize) -> Vec<String> {
    let mut clean = clean_batch_name(prefix);
    let digits = count.max(1).to_string().len().max(2);
    clean.truncate(MAX_NAME - digits - 1);
    (1..=count)
        .map(|n| format!("{clean}-{n:0digits$}"))
        .collect()
}

#[cfg(test)]
mod tests;

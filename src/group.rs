//! Findings grouped by code: one entry per code with its count, files, columns and rows
//! (compressed as `2–14, 20, 31 … and 480 more`), and the help once. Shared by the CLI's
//! `check` output, every readiness report format and the page (through the wasm
//! adapter), so a file with 500 weak passwords gives one paragraph, not 500.
//!
//! Grouping is linear in the number of findings and its output is bounded whatever the
//! input: at most [`MAX_LISTED_RANGES`] row ranges, [`MAX_LISTED_FILES`] files and
//! [`MAX_LISTED_COLUMNS`] columns are listed per code; the rest is counted.

use std::fmt::Write;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::render::count::{count, thousands};

/// Row ranges listed per code (and per file) before the rest is only counted.
pub const MAX_LISTED_RANGES: usize = 12;
/// Files listed per code before the rest is only counted.
pub const MAX_LISTED_FILES: usize = 20;
/// Columns listed per code before the rest is only counted.
pub const MAX_LISTED_COLUMNS: usize = 12;

/// All findings of one code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingGroup {
    /// The stable code, e.g. `PWD005`.
    pub code: &'static str,
    /// The severity of the code.
    pub severity: Severity,
    /// The catalogue's one-line title of the code (empty for an unknown code).
    pub title: &'static str,
    /// How to fix it: the help of the group's first finding, given once.
    pub help: String,
    /// The message of the group's first finding (the whole story when `count` is 1).
    pub message: String,
    /// How many findings of this code.
    pub count: u32,
    /// The file names the findings are in, in order of first appearance (at most
    /// [`MAX_LISTED_FILES`]; `moreFiles` counts the rest).
    pub files: Vec<String>,
    /// Files not listed in `files`.
    pub more_files: u32,
    /// The columns the findings are about, in order of first appearance (at most
    /// [`MAX_LISTED_COLUMNS`]; `moreColumns` counts the rest).
    pub columns: Vec<String>,
    /// Columns not listed in `columns`.
    pub more_columns: u32,
    /// The Excel rows, compressed: `2–14, 20, 31 … and 480 more`; with several files,
    /// `a.csv: 2–4; b.csv: 7`. Empty when no finding of the code is about a row.
    pub rows: String,
}

impl FindingGroup {
    /// Where the findings are, for people: `wave1.csv; rows 2–14, 20; EmailAddress`.
    /// Empty when the findings are about no file, row or column.
    pub fn place(&self) -> String {
        let mut parts = Vec::new();
        // With several files, the rows name their files.
        if !self.files.is_empty() && (self.rows.is_empty() || !self.rows.contains(": ")) {
            parts.push(listed(&self.files, self.more_files, "file"));
        }
        if !self.rows.is_empty() {
            let one = self.rows.bytes().all(|b| b.is_ascii_digit());
            parts.push(format!(
                "{} {}",
                if one { "row" } else { "rows" },
                self.rows
            ));
        }
        if !self.columns.is_empty() {
            parts.push(listed(&self.columns, self.more_columns, "column"));
        }
        parts.join("; ")
    }
}

/// `a, b and up to 3 more files`.
fn listed(values: &[String], more: u32, noun: &str) -> String {
    let mut text = values.join(", ");
    if more > 0 {
        let _ = write!(
            text,
            " and up to {}",
            count(
                u64::from(more),
                &format!("more {noun}"),
                &format!("more {noun}s")
            )
        );
    }
    text
}

/// The file name of a path, without its directories (`/` and `\` both separate them):
/// `C:\Users\jsmith\Desktop\wave1.csv` → `wave1.csv`. A report shared outside names no
/// directory.
pub fn file_name(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    if name.is_empty() { path } else { name }
}

/// Rows in the order found, merged into ranges of consecutive rows; at most `cap`
/// ranges are kept, later rows are counted. Memory is bounded by `cap`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowRanges {
    listed: Vec<(u32, u32)>,
    more: u64,
    last: Option<u32>,
    cap: usize,
}

impl RowRanges {
    /// An empty list that keeps at most `cap` ranges.
    pub fn new(cap: usize) -> RowRanges {
        RowRanges {
            cap,
            ..RowRanges::default()
        }
    }

    /// Adds a row. A row equal to the previous one (two findings on one row) is not
    /// counted again.
    pub fn push(&mut self, row: u32) {
        if self.last == Some(row) {
            return;
        }
        self.last = Some(row);
        let full = self.listed.len() >= self.cap;
        match self.listed.last_mut() {
            Some(range) if self.more == 0 && range.1.checked_add(1) == Some(row) => {
                range.1 = row;
            }
            _ if !full => self.listed.push((row, row)),
            _ => self.more += 1,
        }
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }
}

impl std::fmt::Display for RowRanges {
    /// `2–14, 20, 31 … and 480 more`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, &(from, to)) in self.listed.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            if from == to {
                write!(f, "{from}")?;
            } else if to == from + 1 {
                write!(f, "{from}, {to}")?;
            } else {
                write!(f, "{from}–{to}")?;
            }
        }
        if self.more > 0 {
            write!(f, " … and {} more", thousands(self.more))?;
        }
        Ok(())
    }
}

/// `rows` compressed into ranges: `compress_rows([2, 3, 4, 20], 12)` is `2–4, 20`; past
/// `cap` ranges the rest is counted: `… and 480 more`.
pub fn compress_rows(rows: impl IntoIterator<Item = u32>, cap: usize) -> String {
    let mut ranges = RowRanges::new(cap);
    for row in rows {
        ranges.push(row);
    }
    ranges.to_string()
}

/// A group being built.
struct Building {
    group: FindingGroup,
    /// Rows per file (None: findings without a file), at most [`MAX_LISTED_FILES`].
    rows: Vec<(Option<String>, RowRanges)>,
    /// Rows in files past the listed ones.
    rows_elsewhere: u64,
}

/// Groups findings by code, in severity then code order. Linear in the number of
/// findings; the lists in each group are capped (see the module's documentation).
pub fn group_by_code(findings: &[Finding]) -> Vec<FindingGroup> {
    let mut index: FxHashMap<&'static str, usize> = FxHashMap::default();
    let mut groups: Vec<Building> = Vec::new();
    for f in findings {
        let at = *index.entry(f.code).or_insert_with(|| {
            groups.push(Building {
                group: FindingGroup {
                    code: f.code,
                    severity: f.severity,
                    title: crate::catalogue::rule(f.code).map_or("", |r| r.title),
                    help: f.help.clone(),
                    message: f.message.clone(),
                    count: 0,
                    files: Vec::new(),
                    more_files: 0,
                    columns: Vec::new(),
                    more_columns: 0,
                    rows: String::new(),
                },
                rows: Vec::new(),
                rows_elsewhere: 0,
            });
            groups.len() - 1
        });
        let b = &mut groups[at];
        b.group.count = b.group.count.saturating_add(1);
        let file = f.file.as_deref().map(file_name);
        if let Some(file) = file {
            note(
                &mut b.group.files,
                &mut b.group.more_files,
                file,
                MAX_LISTED_FILES,
            );
        }
        if let Some(column) = &f.column {
            note(
                &mut b.group.columns,
                &mut b.group.more_columns,
                column,
                MAX_LISTED_COLUMNS,
            );
        }
        if let Some(row) = f.row {
            let slot = match b.rows.iter().position(|(name, _)| name.as_deref() == file) {
                Some(slot) => Some(slot),
                None if b.rows.len() < MAX_LISTED_FILES => {
                    b.rows
                        .push((file.map(str::to_string), RowRanges::new(MAX_LISTED_RANGES)));
                    Some(b.rows.len() - 1)
                }
                None => None,
            };
            match slot {
                Some(slot) => b.rows[slot].1.push(row),
                None => b.rows_elsewhere += 1,
            }
        }
    }
    let mut out: Vec<FindingGroup> = groups
        .into_iter()
        .map(|mut b| {
            b.group.rows = rows_text(&b.rows, b.rows_elsewhere);
            b.group
        })
        .collect();
    out.sort_by(|a, b| (a.severity, a.code).cmp(&(b.severity, b.code)));
    out
}

/// Adds `value` to a capped list of distinct values.
fn note(list: &mut Vec<String>, more: &mut u32, value: &str, cap: usize) {
    if list.iter().any(|v| v == value) {
        return;
    }
    if list.len() < cap {
        list.push(value.to_string());
    } else {
        // Past the cap, values are not remembered, so this counts findings, not
        // distinct values: an upper bound, said as such where it is shown.
        *more = more.saturating_add(1);
    }
}

/// The rows of a group: `2–4, 20`, or `a.csv: 2–4; b.csv: 7` with several files.
fn rows_text(rows: &[(Option<String>, RowRanges)], elsewhere: u64) -> String {
    let mut out = String::new();
    let named = rows.len() > 1;
    for (i, (file, ranges)) in rows.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        if named {
            let _ = write!(out, "{}: ", file.as_deref().unwrap_or("no file"));
        }
        let _ = write!(out, "{ranges}");
    }
    if elsewhere > 0 {
        let _ = write!(
            out,
            "; and {} in other files",
            count(elsewhere, "row", "rows")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, check_csv};

    #[test]
    fn compresses_rows_into_ranges() {
        assert_eq!(compress_rows([], 12), "");
        assert_eq!(compress_rows([7], 12), "7");
        assert_eq!(compress_rows([2, 3], 12), "2, 3");
        assert_eq!(compress_rows((2..=14).chain([20, 31]), 12), "2–14, 20, 31");
        assert_eq!(compress_rows([5, 5, 6, 6, 9], 12), "5, 6, 9");
        assert_eq!(
            compress_rows([u32::MAX - 1, u32::MAX], 12),
            "4294967294, 4294967295"
        );
    }

    #[test]
    fn counts_what_is_past_the_cap() {
        let rows = (2..=14)
            .chain([20, 31])
            .chain((0..480).map(|i| 100 + 2 * i));
        assert_eq!(compress_rows(rows, 3), "2–14, 20, 31 … and 480 more");
        // Consecutive rows past the cap are counted one by one, not merged.
        assert_eq!(compress_rows([2, 4, 5, 6], 1), "2 … and 3 more");
        assert_eq!(
            compress_rows((0..2_000_000).map(|i| 2 * i), 2),
            "0, 2 … and 1,999,998 more"
        );
    }

    #[test]
    fn strips_directories_of_both_kinds() {
        assert_eq!(file_name("/tmp/seed.csv"), "seed.csv");
        assert_eq!(
            file_name(r"C:\Users\jsmith\Desktop\wave 1.csv"),
            "wave 1.csv"
        );
        assert_eq!(file_name(r"..\a/b\c.csv"), "c.csv");
        assert_eq!(file_name("plain.csv"), "plain.csv");
        assert_eq!(file_name("dir/"), "dir/");
    }

    #[test]
    fn one_group_per_code_in_severity_then_code_order() {
        let csv = b"EmailAddress,Password\nnot-an-address,x\nb@contoso.com,\nalso-bad,\n";
        let report = check_csv(csv, &Options::default());
        let groups = group_by_code(&report.findings);
        let total: u32 = groups.iter().map(|g| g.count).sum();
        assert_eq!(total as usize, report.findings.len());
        for pair in groups.windows(2) {
            assert!((pair[0].severity, pair[0].code) < (pair[1].severity, pair[1].code));
        }
        let syntax = groups.iter().find(|g| g.code == "CSV202").unwrap();
        assert_eq!(syntax.count, 2);
        assert_eq!(syntax.rows, "2, 4");
        assert_eq!(syntax.columns, ["EmailAddress"]);
        assert!(!syntax.help.is_empty() && !syntax.title.is_empty());
        assert_eq!(syntax.place(), "rows 2, 4; EmailAddress");
    }

    #[test]
    fn names_files_without_directories_and_caps_every_list() {
        let rule = &crate::address::SYNTAX;
        let mut findings = Vec::new();
        for file in 0..30 {
            for row in 0..40 {
                findings.push(
                    rule.finding("m")
                        .at_row(2 + 2 * row)
                        .in_column(format!("C{row}"))
                        .with_file(format!(r"C:\dir\f{file}.csv")),
                );
            }
        }
        let groups = group_by_code(&findings);
        assert_eq!(groups.len(), 1);
        let g = &groups[0];
        assert_eq!(g.count, 1200);
        assert_eq!(g.files.len(), MAX_LISTED_FILES);
        assert_eq!(g.files[0], "f0.csv");
        assert_eq!(g.more_files, 10 * 40);
        assert_eq!(g.columns.len(), MAX_LISTED_COLUMNS);
        assert!(!g.rows.contains('\\') && g.rows.starts_with("f0.csv: 2, 4, 6"));
        assert!(
            g.rows.ends_with("; and 400 rows in other files"),
            "{}",
            g.rows
        );
        assert!(g.rows.len() < 4_000, "{}", g.rows.len());
        assert!(
            g.place().ends_with("C11 and up to 840 more columns"),
            "{}",
            g.place()
        );
        assert!(!g.place().contains("f0.csv, "), "{}", g.place());
    }

    trait WithFile {
        fn with_file(self, file: String) -> Self;
    }

    impl WithFile for Finding {
        fn with_file(mut self, file: String) -> Self {
            self.file = Some(file);
            self
        }
    }
}

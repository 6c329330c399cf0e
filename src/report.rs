//! The result of checking one migration: a verdict, the findings and a summary.

use serde::Serialize;

use crate::finding::{Finding, Severity};

/// Whether the migration can go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No errors and no warnings.
    Ready,
    /// No errors, but warnings worth reading first.
    Warnings,
    /// At least one error: the batch, or mailboxes in it, will fail.
    Blocked,
}

impl Verdict {
    /// The verdict that a set of findings earns: any error blocks, any warning warns.
    pub fn of(findings: &[Finding]) -> Verdict {
        if findings.iter().any(|f| f.severity == Severity::Error) {
            Verdict::Blocked
        } else if findings.iter().any(|f| f.severity == Severity::Warning) {
            Verdict::Warnings
        } else {
            Verdict::Ready
        }
    }

    /// The lowercase name used in JSON and text output.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::Warnings => "warnings",
            Verdict::Blocked => "blocked",
        }
    }
}

/// Counts that describe the checked files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// CSV files checked together as one migration.
    pub files: u32,
    /// Mailbox rows read (rows after the header that are not blank and do not repeat
    /// the header).
    pub mailboxes: u32,
    /// Distinct addresses among them (case-insensitive).
    pub unique_addresses: u32,
    /// Migration batches needed at 2,000 mailboxes each.
    pub batches_needed: u32,
    /// Findings of severity error.
    pub errors: u32,
    /// Findings of severity warning.
    pub warnings: u32,
    /// Findings of severity info.
    pub infos: u32,
}

/// The outcome of a check: returned normally whatever the input held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// `ready`, `warnings` or `blocked`.
    pub verdict: Verdict,
    /// Every finding, in file order: file-level ones first, then by row.
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: Summary,
    /// The directory check's counts, when exports were given (see [`crate::directory`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory: Option<crate::directory::DirectorySummary>,
}

impl Report {
    /// Builds a report from findings and counts, computing verdict and severity counts.
    pub fn new(mut findings: Vec<Finding>, mut summary: Summary) -> Report {
        findings.sort_by(|a, b| {
            (a.file.as_deref(), a.row.unwrap_or(0)).cmp(&(b.file.as_deref(), b.row.unwrap_or(0)))
        });
        let count = |s| findings.iter().filter(|f| f.severity == s).count() as u32;
        summary.errors = count(Severity::Error);
        summary.warnings = count(Severity::Warning);
        summary.infos = count(Severity::Info);
        Report {
            verdict: Verdict::of(&findings),
            findings,
            summary,
            directory: None,
        }
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.verdict == Verdict::Blocked
    }
}

//! Findings: what the checker found, where, and how to fix it.
//!
//! Positions follow one convention everywhere: rows are numbered as Excel shows them,
//! so the header is row 1 and the first mailbox is row 2. Blank lines count as rows,
//! because Excel shows them as rows. Columns are named by their header text.

use serde::Serialize;

/// How much a finding matters for the migration batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The batch will fail, or mailboxes in it will.
    Error,
    /// The batch may run, but something is likely wrong or will cause trouble later.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

impl Severity {
    /// The lowercase name used in JSON and text output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A kind of finding: its stable code, severity, a short title and the usual fix.
///
/// Every rule is listed once in [`crate::catalogue::rules`]; findings are made from it.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `CSV001`. Never reused for another meaning.
    pub code: &'static str,
    /// Severity of every finding of this rule.
    pub severity: Severity,
    /// One line saying what the rule detects.
    pub title: &'static str,
    /// The usual fix, in words an Exchange admin uses (Excel, admin center).
    pub help: &'static str,
}

impl Rule {
    /// A finding of this rule with the given message, not yet placed at a row.
    pub fn finding(&'static self, message: impl Into<String>) -> Finding {
        Finding {
            code: self.code,
            severity: self.severity,
            row: None,
            column: None,
            message: message.into(),
            help: self.help.to_string(),
            file: None,
            local_value: None,
        }
    }

    /// [`Rule::finding`] for a finding that may not be listed: when `counted_only`
    /// holds this rule's code (its limit per file is reached, see
    /// [`crate::csv::limit::Limiter::full`]), the message is not written, as the finding
    /// will only be counted.
    pub fn finding_unless_counted(
        &'static self,
        counted_only: &[&'static str],
        message: impl FnOnce() -> String,
    ) -> Finding {
        if counted_only.contains(&self.code) {
            self.finding(String::new())
        } else {
            self.finding(message())
        }
    }
}

/// One thing the checker found.
///
/// `row` is the Excel row (header = 1, first mailbox = 2) and is absent for findings
/// about the file as a whole; `column` is the header name, if the finding is about one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code from the catalogue, e.g. `CSV001`.
    pub code: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// Excel row number, if the finding is about one row.
    pub row: Option<u32>,
    /// Header name of the column, if the finding is about one column.
    pub column: Option<String>,
    /// What is wrong, specific to this file. Never contains a password.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The file the finding is about, when several files are checked as one migration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The offending cell content, to show the admin on their own screen only.
    ///
    /// A cell's column cannot be trusted (a shifted row puts a password in the address
    /// column), so cell content never goes into `message`. It goes here instead, and
    /// this field is never serialised: no report, JSON output, log or download holds it.
    /// Only the page (through the wasm adapter, when asked) and the CLI's documented
    /// unsafe opt-in flag show it.
    #[serde(skip)]
    pub local_value: Option<String>,
}

impl Finding {
    /// Places the finding at an Excel row.
    pub fn at_row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    /// Names the column the finding is about.
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Keeps the offending cell content beside the finding, for local display only (see
    /// [`Finding::local_value`]).
    pub fn with_local_value(mut self, value: impl Into<String>) -> Self {
        self.local_value = Some(value.into());
        self
    }

    /// Replaces the rule's usual help with a more specific one.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::address::SYNTAX;

    #[test]
    fn the_local_value_is_never_serialised() {
        let finding = SYNTAX
            .finding("Row 2: the address has no @.")
            .at_row(2)
            .with_local_value("Secret-Marker-42");
        let json = serde_json::to_string(&finding).unwrap();
        assert!(!json.contains("Secret-Marker-42"), "{json}");
        assert!(!json.contains("local"), "{json}");
        assert_eq!(finding.local_value.as_deref(), Some("Secret-Marker-42"));
    }
}

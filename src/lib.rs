//! Pre-flight checks for staged migrations from Exchange 2003/2007 to Exchange Online.
//!
//! The core is pure Rust: it takes the migration CSV as bytes and returns a [`Report`]
//! of [`Finding`]s, each with a stable code, a severity, the Excel row (header = row 1,
//! first mailbox = row 2), the column, a message and how to fix it. The same core runs
//! natively (the `cli` feature) and in the browser through the WebAssembly adapter in
//! `wasm.rs`, the only module that knows JavaScript.
//!
//! ```
//! use migration_preflight::{check_csv, Options, Verdict};
//!
//! let csv = b"EmailAddress,Password,ForceChangePassword\npilarp@contoso.com,Pa$$w0rd,False\n";
//! let report = check_csv(csv, &Options::default());
//! assert_eq!(report.summary.mailboxes, 1);
//! // Microsoft's example password is among the most common ones: likely rejected by
//! // Password Protection. That is a prediction, so a warning, not a block.
//! assert_eq!(report.verdict, Verdict::Warnings);
//! assert_eq!(report.findings[0].code, "PWD005");
//! assert!(report.findings[0].message.contains("likely rejected"));
//! assert!(!report.findings[0].message.contains("Pa$$w0rd"));
//!
//! // A password that breaks Microsoft's documented policy blocks the batch.
//! let csv = b"EmailAddress,Password\npilarp@contoso.com,short\n";
//! assert_eq!(check_csv(csv, &Options::default()).verdict, Verdict::Blocked);
//! ```

pub mod address;
pub mod archive;
pub mod catalogue;
pub mod check;
pub mod csv;
pub mod directory;
pub mod dns;
#[cfg(all(feature = "exchange", not(target_arch = "wasm32")))]
pub mod exchange;
pub mod finding;
pub mod group;
pub mod options;
pub mod password;
pub mod prefetch;
pub mod probe;
pub mod readiness;
pub mod render;
pub mod report;
pub mod runbook;
#[cfg(test)]
mod testing;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use crate::csv::{decode, dialect, fix, header, limit, split, table};
pub use check::{CsvFile, MAX_ROWS, check_csv, check_files};
pub use finding::{Finding, Rule, Severity};
pub use options::Options;
pub use report::{Report, Summary, Verdict};

/// The example CSV from Microsoft's staged-migration procedure; the page opens with it.
pub const EXAMPLE_CSV: &str = "EmailAddress,Password,ForceChangePassword\r\n\
pilarp@contoso.com,Pa$$w0rd,False\r\n\
tobyn@contoso.com,Pa$$w0rd,False\r\n\
briant@contoso.com,Pa$$w0rd,False\r\n";

//! Checking the migration CSV against what the directories hold.
//!
//! Two failures make up most failed users of a staged migration, and neither shows
//! in the CSV alone: "The source e-mail address couldn't be found in the on-premises
//! domain" and "A valid primary e-mail address couldn't be found in the cloud-based
//! service". Given an export of the on-premises recipients (`Get-Mailbox` on Exchange
//! 2007, csvde on Exchange 2003) and of Exchange Online (`Get-MailUser`, optionally
//! `Get-Mailbox` and `Get-MigrationUser`), every CSV row is looked up in both
//! (case-insensitively), and the on-premises mailboxes no CSV names are listed.
//!
//! The exports hold names, so the same rules as for passwords apply: findings name
//! rows and columns, never an address; the address is only the finding's local value.
//! Work is linear in the size of the files: each address is put in a hash map once.

mod cloud;
mod export;
mod index;
mod matching;
mod migration;
mod onprem;
mod rules;
mod value;

use serde::Serialize;

pub use cloud::Cloud;
pub use export::{Export, MAX_ROWS};
pub use onprem::{Kind, OnPremises};
pub use rules::*;

use crate::check::CsvFile;
use crate::csv::limit::Limiter;
use crate::finding::Finding;
use crate::options::Options;
use crate::report::Report;
use matching::{Matcher, Verified};

pub(crate) use rules::RULES;

/// The mailbox quota assumed when none is given: 50 GB, the mailbox of Exchange
/// Online (Plan 1), Microsoft 365 Business Basic/Standard/Premium and Office 365 E1.
pub const DEFAULT_QUOTA_GB: u32 = 50;

/// The directory exports given by the admin, and the licence's mailbox quota.
#[derive(Debug, Clone, Default)]
pub struct Directories<'a> {
    /// On-premises exports: `Get-Mailbox` (and optionally `Get-Recipient`) from
    /// Exchange 2007, or csvde from Exchange 2003.
    pub onprem: Vec<Export<'a>>,
    /// Exchange Online exports: `Get-MailUser`, `Get-Mailbox`, `Get-MigrationUser`,
    /// each recognised by its columns.
    pub cloud: Vec<Export<'a>>,
    /// The mailbox quota of the licence, in GB (binary, as Exchange counts); default
    /// [`DEFAULT_QUOTA_GB`]. 100 for Exchange Online (Plan 2) and Microsoft 365 E3/E5.
    pub mailbox_quota_gb: Option<u32>,
}

impl Directories<'_> {
    /// Whether any export was given.
    pub fn is_empty(&self) -> bool {
        self.onprem.is_empty() && self.cloud.is_empty()
    }
}

/// The counts of the directory check, for the report's section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectorySummary {
    /// On-premises export files given.
    pub on_premises_exports: u32,
    /// Exchange Online export files given.
    pub cloud_exports: u32,
    /// Recipients read from the on-premises exports.
    pub on_premises_recipients: u32,
    /// Of them, mailboxes.
    pub on_premises_mailboxes: u32,
    /// Mail users read from the Exchange Online exports.
    pub cloud_mail_users: u32,
    /// Mailboxes read from the Exchange Online exports.
    pub cloud_mailboxes: u32,
    /// Users already in migration batches.
    pub migration_users: u32,
    /// CSV rows compared (rows with an address).
    pub rows_compared: u32,
    /// Rows whose address is an on-premises mailbox's primary address.
    pub matched: u32,
    /// Rows no on-premises recipient has (DIR001).
    pub missing_on_premises: u32,
    /// Rows naming a secondary address (DIR002).
    pub secondary_address: u32,
    /// Rows naming a contact, group or mail user (DIR003).
    pub not_a_mailbox: u32,
    /// Rows naming a hidden mailbox (DIR004).
    pub hidden: u32,
    /// Rows naming a UM-enabled mailbox (DIR005).
    pub um_enabled: u32,
    /// Rows no Exchange Online mail user has (DIR006).
    pub missing_in_cloud: u32,
    /// Rows a mail user has only as a secondary address (DIR007).
    pub cloud_secondary: u32,
    /// Rows that are already Exchange Online mailboxes (DIR008).
    pub already_cloud_mailbox: u32,
    /// Rows already in a migration batch (DIR009).
    pub in_migration_batch: u32,
    /// Rows over the mailbox quota (DIR010).
    pub over_quota: u32,
    /// Rows whose mailbox has addresses in unverified domains (DIR011).
    pub unverified_addresses: u32,
    /// On-premises mailboxes in no CSV (DIR013).
    pub left_behind: u32,
    /// The mailbox quota assumed, in GB.
    pub mailbox_quota_gb: u32,
}

/// The outcome of the directory check: findings (CSV rows by file and row, export
/// problems by export) and counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// The DIR findings.
    pub findings: Vec<Finding>,
    /// The counts.
    pub summary: DirectorySummary,
}

/// Compares the CSV files with the directory exports. Never panics; every problem
/// with an export is a finding.
pub fn compare(
    files: &[CsvFile<'_>],
    directories: &Directories<'_>,
    options: &Options,
) -> Comparison {
    let mut findings = Vec::new();
    let quota_gb = directories.mailbox_quota_gb.unwrap_or(DEFAULT_QUOTA_GB);
    let mut summary = DirectorySummary {
        on_premises_exports: directories.onprem.len() as u32,
        cloud_exports: directories.cloud.len() as u32,
        mailbox_quota_gb: quota_gb,
        ..DirectorySummary::default()
    };
    let mut onprem = (!directories.onprem.is_empty())
        .then(|| OnPremises::read(&directories.onprem, &mut findings));
    let cloud =
        (!directories.cloud.is_empty()).then(|| Cloud::read(&directories.cloud, &mut findings));
    if let Some(o) = &onprem {
        summary.on_premises_recipients = o.recipients.len() as u32;
        summary.on_premises_mailboxes = o.mailboxes() as u32;
    }
    if let Some(c) = &cloud {
        (
            summary.cloud_mail_users,
            summary.cloud_mailboxes,
            summary.migration_users,
        ) = c.counts;
    }
    let verified = if !options.domains.is_empty() {
        Verified::Given(
            options
                .domains
                .iter()
                .map(|d| value::key(d).trim_end_matches('.').to_string())
                .collect(),
        )
    } else {
        match &cloud {
            Some(c) if c.has_recipients => Verified::FromCloud(c.domains.clone()),
            _ => Verified::Unknown,
        }
    };
    if onprem.is_some() {
        findings.push(matching::compared_with(&verified));
    }
    let mut matcher = Matcher {
        onprem: onprem.as_mut(),
        cloud: cloud.as_ref(),
        verified: &verified,
        quota_bytes: u64::from(quota_gb) << 30,
        summary: &mut summary,
    };
    for file in files {
        let mut rows = Vec::new();
        let mut limiter = Limiter::default();
        migration::addresses(file, |row, address| {
            matcher.row(row, address, &mut rows);
            limiter.apply(&mut rows);
        });
        limiter.finish(&mut rows);
        for mut f in rows {
            f.file = Some(file.name.to_string());
            findings.push(f);
        }
    }
    if let Some(o) = &onprem {
        if summary.rows_compared > 0 {
            matching::left_behind(o, &mut summary, &mut findings);
        }
    }
    Comparison { findings, summary }
}

/// [`crate::check_files`] and [`compare`] in one report: the CSV findings and the
/// directory findings, sorted by file and row, with the directory counts.
pub fn check_files(
    files: &[CsvFile<'_>],
    directories: &Directories<'_>,
    options: &Options,
) -> Report {
    let checked = crate::check::check_files(files, options);
    with_directories(checked, files, directories, options)
}

/// [`check_files`], reporting the CSV check's progress as
/// [`crate::check::check_files_with_progress`] does.
pub fn check_files_with_progress(
    files: &[CsvFile<'_>],
    directories: &Directories<'_>,
    options: &Options,
    on_progress: &mut dyn FnMut(crate::check::Progress),
) -> Report {
    let checked = crate::check::check_files_with_progress(files, options, on_progress);
    with_directories(checked, files, directories, options)
}

/// The CSV check's report with the comparison of the files with the directories.
fn with_directories(
    checked: Report,
    files: &[CsvFile<'_>],
    directories: &Directories<'_>,
    options: &Options,
) -> Report {
    if directories.is_empty() {
        return checked;
    }
    let comparison = compare(files, directories, options);
    let mut findings = checked.findings;
    findings.extend(comparison.findings);
    let mut report = Report::new(findings, checked.summary);
    report.directory = Some(comparison.summary);
    report
}

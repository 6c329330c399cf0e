//! Matching each CSV row with the directories, and the on-premises mailboxes no CSV
//! names. Messages name rows and columns, never an address: the address goes into
//! the finding's local value only.

use rustc_hash::FxHashSet;

use super::DirectorySummary;
use super::cloud::{Cloud, Holder};
use super::onprem::{How, OnPremises};
use super::rules::*;
use super::value;
use crate::finding::{Finding, Rule};

/// Rows of one export listed in the DIR013 finding; the rest are counted.
const LEFT_BEHIND_LISTED: usize = 100;

/// Where the verified domains come from.
#[derive(Debug)]
pub enum Verified {
    /// The options' verified domains.
    Given(FxHashSet<String>),
    /// The domains of the Exchange Online export's addresses.
    FromCloud(FxHashSet<String>),
    /// Neither: not checked.
    Unknown,
}

impl Verified {
    fn contains(&self, domain: &str) -> bool {
        match self {
            Verified::Given(set) | Verified::FromCloud(set) => set.contains(domain),
            Verified::Unknown => true,
        }
    }
}

/// Compares CSV rows with the directories.
pub struct Matcher<'a> {
    /// The on-premises recipients, if an export was given.
    pub onprem: Option<&'a mut OnPremises>,
    /// Exchange Online, if an export was given.
    pub cloud: Option<&'a Cloud>,
    /// The verified domains.
    pub verified: &'a Verified,
    /// The licence's mailbox quota, in bytes.
    pub quota_bytes: u64,
    /// Counts.
    pub summary: &'a mut DirectorySummary,
}

/// "row 12 of the on-premises export" or, with several, "row 12 of on-premises export 2".
fn place(row: u32, side: &str, file: usize, files: usize) -> String {
    if files > 1 {
        format!("row {row} of {side} export {}", file + 1)
    } else {
        format!("row {row} of the {side} export")
    }
}

impl Matcher<'_> {
    /// The findings of the CSV row `row` whose EmailAddress is `address`.
    pub fn row(&mut self, row: u32, address: &str, out: &mut Vec<Finding>) {
        let mut key = String::with_capacity(address.len());
        super::index::push_key(&mut key, address);
        let key = key.as_str();
        self.summary.rows_compared += 1;
        let found = |rule: &'static Rule, message: String| {
            rule.finding(message)
                .at_row(row)
                .in_column(crate::csv::header::EMAIL)
                .with_local_value(address)
        };
        // The cloud is looked up only for an on-premises mailbox's primary address (or
        // without an on-premises export): for the others the batch fails on premises.
        let mut cloud_applies = true;
        if let Some(onprem) = self.onprem.as_deref_mut() {
            cloud_applies = false;
            let files = onprem.files.len();
            match onprem.index.get(key).map(|(_, v)| v) {
                None => {
                    self.summary.missing_on_premises += 1;
                    out.push(found(
                        &NOT_ON_PREMISES,
                        "The address is not an address of any recipient in the on-premises export."
                            .into(),
                    ));
                }
                Some((at, how)) => {
                    let r = &mut onprem.recipients[at as usize];
                    r.in_csv = true;
                    let there = place(r.row, "on-premises", r.file, files);
                    if !r.kind.is_mailbox() {
                        self.summary.not_a_mailbox += 1;
                        out.push(found(
                            &NOT_A_MAILBOX,
                            format!(
                                "The address belongs to {} ({there}), not to a mailbox.",
                                r.kind.words()
                            ),
                        ));
                    } else {
                        match how {
                            How::Secondary => {
                                self.summary.secondary_address += 1;
                                out.push(found(&SECONDARY_ADDRESS, format!("The address is a secondary address of the mailbox on {there}; the CSV needs that mailbox's primary address.")));
                            }
                            How::Primary | How::Windows => {
                                self.summary.matched += 1;
                                cloud_applies = true;
                            }
                        }
                        if how == How::Windows
                            || r.windows
                                .as_ref()
                                .is_some_and(|w| Some(w) != r.primary.as_ref())
                        {
                            out.push(found(&WINDOWS_ADDRESS_DIFFERS, format!("The mailbox's WindowsEmailAddress and primary SMTP address differ ({there}).")));
                        }
                        if r.hidden == Some(true) {
                            self.summary.hidden += 1;
                            out.push(found(
                                &HIDDEN,
                                format!("The mailbox is hidden from the address lists ({there})."),
                            ));
                        }
                        if r.um == Some(true) {
                            self.summary.um_enabled += 1;
                            out.push(found(
                                &UM_ENABLED,
                                format!("Unified Messaging is on for the mailbox ({there})."),
                            ));
                        }
                        if r.size.is_some_and(|s| s > self.quota_bytes) {
                            self.summary.over_quota += 1;
                            out.push(found(&OVER_QUOTA, format!("The mailbox ({there}) is larger than the {} GB mailbox quota assumed for its Exchange Online licence.", self.summary.mailbox_quota_gb)));
                        }
                        let index = &onprem.index;
                        let unverified: Vec<&str> = r
                            .addresses
                            .iter()
                            .chain(&r.primary)
                            .map(|&id| index.key(id))
                            .filter(|a| {
                                value::domain(a).is_some_and(|d| !self.verified.contains(d))
                            })
                            .collect::<FxHashSet<_>>()
                            .into_iter()
                            .collect();
                        if !unverified.is_empty() {
                            self.summary.unverified_addresses += 1;
                            let mut listed = unverified.clone();
                            listed.sort_unstable();
                            out.push(
                                UNVERIFIED_PROXIES
                                    .finding(format!(
                                        "{} of the mailbox's addresses ({there}) {} in domains the tenant has not verified; Microsoft 365 will drop {}.",
                                        unverified.len(),
                                        if unverified.len() == 1 { "is" } else { "are" },
                                        if unverified.len() == 1 { "it" } else { "them" }
                                    ))
                                    .at_row(row)
                                    .in_column(crate::csv::header::EMAIL)
                                    .with_local_value(listed.join(" ")),
                            );
                        }
                    }
                }
            }
        }
        if let Some(cloud) = self.cloud.filter(|_| cloud_applies) {
            let files = cloud.files.len();
            let there = |h: &Holder| place(h.row, "Exchange Online", h.file, files);
            if let Some((_, h)) = cloud.mailboxes.get(key) {
                self.summary.already_cloud_mailbox += 1;
                out.push(found(
                    &ALREADY_CLOUD_MAILBOX,
                    format!(
                        "The address belongs to an Exchange Online mailbox ({}).",
                        there(&h)
                    ),
                ));
            } else if cloud.has_recipients {
                match cloud.mail_users.get(key).map(|(_, h)| h) {
                    None => {
                        self.summary.missing_in_cloud += 1;
                        out.push(found(
                            &NO_MAIL_USER,
                            "No mail user in the Exchange Online export has the address.".into(),
                        ));
                    }
                    Some(h) if !h.primary => {
                        self.summary.cloud_secondary += 1;
                        out.push(found(
                            &CLOUD_SECONDARY,
                            format!(
                                "The mail user on {} has the address only as a secondary address.",
                                there(&h)
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
            if let Some((_, h)) = cloud.migration_users.get(key) {
                self.summary.in_migration_batch += 1;
                out.push(found(
                    &IN_BATCH,
                    format!("The user is already in a migration batch ({}).", there(&h)),
                ));
            }
        }
    }
}

/// The DIR013 findings: one per on-premises export with mailboxes no CSV names.
pub fn left_behind(onprem: &OnPremises, summary: &mut DirectorySummary, out: &mut Vec<Finding>) {
    for (file, name) in onprem.files.iter().enumerate() {
        let rows: Vec<u32> = onprem
            .recipients
            .iter()
            .filter(|r| r.file == file && r.kind.is_mailbox() && !r.in_csv)
            .map(|r| r.row)
            .collect();
        if rows.is_empty() {
            continue;
        }
        summary.left_behind += rows.len() as u32;
        let mut listed: Vec<String> = rows
            .iter()
            .take(LEFT_BEHIND_LISTED)
            .map(u32::to_string)
            .collect();
        if rows.len() > LEFT_BEHIND_LISTED {
            listed.push(format!("and {} more", rows.len() - LEFT_BEHIND_LISTED));
        }
        let mut finding = LEFT_BEHIND.finding(format!(
            "{} on-premises mailbox{} of this export {} in no migration CSV: row{} {}.",
            rows.len(),
            if rows.len() == 1 { "" } else { "es" },
            if rows.len() == 1 { "is" } else { "are" },
            if rows.len() == 1 { "" } else { "s" },
            listed.join(", ")
        ));
        finding.file = Some(name.clone());
        out.push(finding);
    }
}

/// The DIR020 finding: what the addresses' domains were compared with.
pub fn compared_with(verified: &Verified) -> Finding {
    COMPARED_WITH.finding(match verified {
        Verified::Given(_) => "The on-premises addresses' domains were compared with the verified domains given in the options.",
        Verified::FromCloud(_) => "No verified domains were given, so the on-premises addresses' domains were compared with the domains of the Exchange Online export's addresses (Exchange Online keeps only addresses in verified domains).",
        Verified::Unknown => "The on-premises addresses' domains were not checked (DIR011): give the verified domains or an Exchange Online export of mail users.",
    })
}

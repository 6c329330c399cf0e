//! The readiness report's directory section: what comparing the CSV with the
//! on-premises and Exchange Online exports counted. Counts only: no address, no name.

use crate::directory::DirectorySummary;

/// The section's rows: what was counted, and how many.
pub fn rows(s: &DirectorySummary) -> Vec<(&'static str, u32)> {
    vec![
        ("On-premises export files", s.on_premises_exports),
        ("Exchange Online export files", s.cloud_exports),
        ("On-premises recipients read", s.on_premises_recipients),
        ("On-premises mailboxes", s.on_premises_mailboxes),
        ("Exchange Online mail users", s.cloud_mail_users),
        ("Exchange Online mailboxes", s.cloud_mailboxes),
        ("Users already in migration batches", s.migration_users),
        ("CSV rows compared", s.rows_compared),
        (
            "Matched to an on-premises mailbox's primary address",
            s.matched,
        ),
        ("Missing on premises (DIR001)", s.missing_on_premises),
        ("Secondary addresses (DIR002)", s.secondary_address),
        ("Not mailboxes (DIR003)", s.not_a_mailbox),
        ("Hidden from the address lists (DIR004)", s.hidden),
        ("Unified Messaging on (DIR005)", s.um_enabled),
        ("Missing in Exchange Online (DIR006)", s.missing_in_cloud),
        (
            "Only a secondary address in Exchange Online (DIR007)",
            s.cloud_secondary,
        ),
        (
            "Already Exchange Online mailboxes (DIR008)",
            s.already_cloud_mailbox,
        ),
        (
            "Already in a migration batch (DIR009)",
            s.in_migration_batch,
        ),
        ("Over the mailbox quota (DIR010)", s.over_quota),
        (
            "With addresses in unverified domains (DIR011)",
            s.unverified_addresses,
        ),
        (
            "On-premises mailboxes left behind, in no CSV (DIR013)",
            s.left_behind,
        ),
        ("Mailbox quota assumed, GB", s.mailbox_quota_gb),
    ]
}

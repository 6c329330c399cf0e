//! The directory findings, DIR001–DIR020: what comparing the CSV with the on-premises
//! and Exchange Online exports can find.
//!
//! Errors only where Microsoft documents the failure: "The source e-mail address
//! couldn't be found in the on-premises domain" (DIR001–DIR003) and "A valid primary
//! e-mail address couldn't be found in the cloud-based service" (DIR006). Everything
//! else is a warning or an info, and the README's catalogue says which are predictions.

use crate::finding::{Rule, Severity};

/// DIR001: no on-premises recipient has the address.
pub static NOT_ON_PREMISES: Rule = Rule {
    code: "DIR001",
    severity: Severity::Error,
    title: "The address is not the address of any on-premises recipient",
    help: "The batch fails for this row with \"The source e-mail address couldn't be found in the on-premises domain\". Put the mailbox's primary SMTP address in the CSV (Exchange Management Console: the mailbox's E-Mail Addresses tab, the bold SMTP entry), or export the recipients again if the mailbox was created after the export.",
};

/// DIR002: the address is only a secondary address of an on-premises mailbox.
pub static SECONDARY_ADDRESS: Rule = Rule {
    code: "DIR002",
    severity: Severity::Error,
    title: "The address is only a secondary (proxy) address of an on-premises mailbox",
    help: "The CSV needs the mailbox's primary SMTP address (the SMTP: entry in capitals). Replace the address with the primary one shown on the named row of the on-premises export.",
};

/// DIR003: the address belongs to a contact, group or mail user.
pub static NOT_A_MAILBOX: Rule = Rule {
    code: "DIR003",
    severity: Severity::Error,
    title: "The address belongs to an on-premises recipient that is not a mailbox",
    help: "Only mailboxes can be migrated: contacts, groups and mail users have no mailbox to move. Delete the row; recreate groups and contacts in Exchange Online (or let directory synchronisation create them).",
};

/// DIR004: the mailbox is hidden from the address lists.
pub static HIDDEN: Rule = Rule {
    code: "DIR004",
    severity: Severity::Warning,
    title: "The mailbox is hidden from the address lists",
    help: "The migration service finds mailboxes through the on-premises address book, so a hidden mailbox is likely not found. Show it in the address lists for the migration (Set-Mailbox -HiddenFromAddressListsEnabled $false) and hide it again afterwards.",
};

/// DIR005: Unified Messaging is on for the mailbox.
pub static UM_ENABLED: Rule = Rule {
    code: "DIR005",
    severity: Severity::Warning,
    title: "Unified Messaging is on for the mailbox",
    help: "Microsoft's procedure says to turn Unified Messaging off before the migration and on again after it: Disable-UMMailbox on Exchange 2007.",
};

/// DIR006: no mail user in Exchange Online has the address.
pub static NO_MAIL_USER: Rule = Rule {
    code: "DIR006",
    severity: Severity::Error,
    title: "No mail user in Exchange Online has the address",
    help: "The batch fails for this row with \"A valid primary e-mail address couldn't be found in the cloud-based service\". Directory synchronisation must create a mail user with this address before the batch starts: check that the user is in a synchronised OU, that the domain is verified, and run a sync cycle (Start-ADSyncSyncCycle -PolicyType Delta).",
};

/// DIR007: the mail user holds the address only as a secondary address.
pub static CLOUD_SECONDARY: Rule = Rule {
    code: "DIR007",
    severity: Severity::Warning,
    title: "The Exchange Online mail user has the address only as a secondary address",
    help: "The mail user's primary address is another one, often an onmicrosoft.com address given when the domain was not yet verified at synchronisation. Verify the domain in Microsoft 365 and synchronise again so the mail user's primary address is the on-premises one.",
};

/// DIR008: the address already belongs to an Exchange Online mailbox.
pub static ALREADY_CLOUD_MAILBOX: Rule = Rule {
    code: "DIR008",
    severity: Severity::Warning,
    title: "The address already belongs to an Exchange Online mailbox",
    help: "A staged migration turns the synchronised mail user into a mailbox; a user who already has a cloud mailbox (licensed before the migration, or migrated already) is likely to fail or is moved for nothing. Remove the row, or remove the cloud mailbox's licence first if it was created by mistake.",
};

/// DIR009: the user is already in a migration batch.
pub static IN_BATCH: Rule = Rule {
    code: "DIR009",
    severity: Severity::Warning,
    title: "The user is already in a migration batch",
    help: "A user can be in one migration batch at a time, so this row will likely fail. Remove the row, or remove the user from the other batch first (Remove-MigrationUser, or delete the finished batch).",
};

/// DIR010: the mailbox is larger than the licence's mailbox quota.
pub static OVER_QUOTA: Rule = Rule {
    code: "DIR010",
    severity: Severity::Warning,
    title: "The mailbox is larger than the Exchange Online licence's mailbox quota",
    help: "Items beyond the quota cannot be migrated. Assign a licence with a larger mailbox (Exchange Online Plan 2, Microsoft 365 E3/E5: 100 GB), enable the archive, or have the user clean up or archive to PST before the migration.",
};

/// DIR011: proxy addresses in domains the tenant has not verified.
pub static UNVERIFIED_PROXIES: Rule = Rule {
    code: "DIR011",
    severity: Severity::Warning,
    title: "The mailbox has addresses in domains the tenant has not verified",
    help: "Microsoft 365 drops addresses in unverified domains from synchronised users, so mail to them stops reaching the migrated mailbox. Verify those domains (Microsoft 365 admin center, Settings > Domains) before the migration, or accept that the addresses are lost.",
};

/// DIR012: WindowsEmailAddress and the primary SMTP address differ.
pub static WINDOWS_ADDRESS_DIFFERS: Rule = Rule {
    code: "DIR012",
    severity: Severity::Warning,
    title: "The mailbox's WindowsEmailAddress differs from its primary SMTP address",
    help: "Microsoft says the CSV address must be the primary SMTP address and must match WindowsEmailAddress. Make them equal on premises (Set-Mailbox -WindowsEmailAddress with the primary address) and use that address in the CSV.",
};

/// DIR013: on-premises mailboxes in no CSV.
pub static LEFT_BEHIND: Rule = Rule {
    code: "DIR013",
    severity: Severity::Warning,
    title: "On-premises mailboxes are in no migration CSV",
    help: "These mailboxes would stay behind when the MX record moves to Exchange Online. Add them to a CSV (a later batch is fine), or note why they stay (system, test or departed users' mailboxes).",
};

/// DIR014: the same address on two recipients of the exports.
pub static ADDRESS_TWICE: Rule = Rule {
    code: "DIR014",
    severity: Severity::Warning,
    title: "The same address appears on two recipients of an export",
    help: "Exchange does not allow one address on two recipients, so the exports were probably made at different times or overlap. Make the exports again at the same time; each address was matched to the first recipient that has it.",
};

/// DIR015: an export that cannot be read.
pub static UNREADABLE_EXPORT: Rule = Rule {
    code: "DIR015",
    severity: Severity::Warning,
    title: "An export cannot be read",
    help: "Give the CSV file that Export-Csv (or csvde) wrote, unchanged: see the README or the page for the exact commands. Its rows were not compared.",
};

/// DIR016: an export lacks a column a check needs.
pub static MISSING_COLUMN: Rule = Rule {
    code: "DIR016",
    severity: Severity::Warning,
    title: "An export lacks a column, so a check was skipped",
    help: "Export again with the command in the README or on the page, which selects every column the checks need.",
};

/// DIR017: EmailAddresses holds a type name instead of the addresses.
pub static TYPE_NAME: Rule = Rule {
    code: "DIR017",
    severity: Severity::Warning,
    title: "The EmailAddresses column holds a type name, not the addresses",
    help: "Export-Csv wrote the collection's type name (e.g. Microsoft.Exchange.Data.ProxyAddressCollection). Use the calculated property of the documented command, which joins the addresses: @{Name='EmailAddresses';Expression={[string]::Join(' ', @($_.EmailAddresses | ForEach-Object { $_.ToString() }))}}.",
};

/// DIR018: an export larger than any real organisation's.
pub static EXPORT_CAP: Rule = Rule {
    code: "DIR018",
    severity: Severity::Warning,
    title: "An export is larger than the checker reads",
    help: "The rest was not read, so its recipients were not compared. Split the export (e.g. by database: Get-Mailbox -Database) and check the parts with the CSV files of those mailboxes.",
};

/// DIR019: a cell of an export cannot be read.
pub static UNREADABLE_VALUE: Rule = Rule {
    code: "DIR019",
    severity: Severity::Warning,
    title: "A value in an export cannot be read",
    help: "The value was left out of the checks. Export again with the documented command; sizes are read as Exchange writes them (12345678B, 2097152KB, 1.234 GB (1,324,567,890 bytes), Unlimited), flags as True or False.",
};

/// DIR020: what the directory check compared with, said once.
pub static COMPARED_WITH: Rule = Rule {
    code: "DIR020",
    severity: Severity::Info,
    title: "How the addresses' domains were checked",
    help: "Give the tenant's verified domains (--domain, or domains in the page's options) to check against the real list.",
};

/// The rules of this module, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[
    &NOT_ON_PREMISES,
    &SECONDARY_ADDRESS,
    &NOT_A_MAILBOX,
    &HIDDEN,
    &UM_ENABLED,
    &NO_MAIL_USER,
    &CLOUD_SECONDARY,
    &ALREADY_CLOUD_MAILBOX,
    &IN_BATCH,
    &OVER_QUOTA,
    &UNVERIFIED_PROXIES,
    &WINDOWS_ADDRESS_DIFFERS,
    &LEFT_BEHIND,
    &ADDRESS_TWICE,
    &UNREADABLE_EXPORT,
    &MISSING_COLUMN,
    &TYPE_NAME,
    &EXPORT_CAP,
    &UNREADABLE_VALUE,
    &COMPARED_WITH,
];

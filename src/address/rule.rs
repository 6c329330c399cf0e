//! The findings of the EmailAddress column: codes, severities, titles and fixes.
//!
//! Which are Microsoft's documented rules and which are our reading is said in the
//! README's finding catalogue.

use crate::finding::{Rule, Severity};

/// CSV201: no address in a row.
pub static EMPTY: Rule = Rule {
    code: "CSV201",
    severity: Severity::Error,
    title: "EmailAddress is empty",
    help: "Every row needs the mailbox's primary SMTP address. Fill it in, or delete the row if the mailbox is not to be migrated.",
};

/// CSV202: not a valid SMTP address.
pub static SYNTAX: Rule = Rule {
    code: "CSV202",
    severity: Severity::Error,
    title: "EmailAddress is not a valid address",
    help: "Use the mailbox's primary SMTP address as Exchange shows it (Get-Mailbox | Select PrimarySmtpAddress), e.g. pilarp@contoso.com. Before the @, SMTP refuses spaces, control characters, < > ( ) [ ] ; : , \\ and quotes (unless they enclose the whole part), and dots at the start, at the end or two in a row.",
};

/// CSV203: longer than SMTP or the directory allows.
pub static TOO_LONG: Rule = Rule {
    code: "CSV203",
    severity: Severity::Error,
    title: "EmailAddress is too long",
    help: "SMTP allows at most 64 characters before the @, and the directory keeps at most 256 characters of SMTP: and the address (251 for the address). Give the mailbox a shorter primary SMTP address on premises before migrating it.",
};

/// CSV204: the domain part is not a valid domain name.
pub static DOMAIN: Rule = Rule {
    code: "CSV204",
    severity: Severity::Error,
    title: "The address's domain is not a valid domain name",
    help: "The part after @ must be a registered domain like contoso.com: letters, digits and hyphens, labels separated by dots, no label starting or ending with a hyphen.",
};

/// CSV205: invisible or look-alike characters.
pub static HIDDEN_CHARACTER: Rule = Rule {
    code: "CSV205",
    severity: Severity::Error,
    title: "EmailAddress holds invisible or look-alike characters",
    help: "These characters come in with copy and paste from mail clients or web pages. Retype the address by hand in Excel (do not paste it), then check it again.",
};

/// CSV206: spaces around the address.
pub static SURROUNDING_SPACE: Rule = Rule {
    code: "CSV206",
    severity: Severity::Warning,
    title: "EmailAddress has spaces before or after it",
    help: "Delete the spaces in Excel (=TRIM() helps). The corrected CSV trims them.",
};

/// CSV207: the same address twice.
pub static DUPLICATE: Rule = Rule {
    code: "CSV207",
    severity: Severity::Error,
    title: "The same address appears more than once",
    help: "Each mailbox may be in one row of one batch only. Delete the later row (addresses are compared without regard to case).",
};

/// CSV208: a domain the tenant has not verified.
pub static UNVERIFIED_DOMAIN: Rule = Rule {
    code: "CSV208",
    severity: Severity::Error,
    title: "The address's domain is not a verified domain of the tenant",
    help: "Add and verify the domain in the Microsoft 365 admin center (Settings > Domains) before migrating, or correct the address.",
};

/// CSV209: an onmicrosoft.com address.
pub static ONMICROSOFT: Rule = Rule {
    code: "CSV209",
    severity: Severity::Error,
    title: "The address is an onmicrosoft.com address",
    help: "The CSV wants the on-premises primary SMTP address (e.g. @contoso.com): the migration looks the mailbox up on premises by it, and a cloud (onmicrosoft.com) address is not found there. Replace it with the address the mailbox has on premises (Get-Mailbox | Select PrimarySmtpAddress).",
};

/// CSV210: an internationalised domain written in Unicode.
pub static UNICODE_DOMAIN: Rule = Rule {
    code: "CSV210",
    severity: Severity::Error,
    title: "The domain is written with non-ASCII letters",
    help: "Exchange 2003 and 2007 keep addresses in ASCII, so the on-premises address uses the domain's ASCII form, which starts with xn--. Copy the address as Exchange shows it (Get-Mailbox | Select PrimarySmtpAddress) into the CSV.",
};

/// CSV211: a valid address that breaks only the sign-in name (UPN) rules.
pub static UPN_ONLY: Rule = Rule {
    code: "CSV211",
    severity: Severity::Info,
    title: "The address breaks only the Microsoft 365 sign-in name (UPN) rules",
    help: "The address is valid for SMTP and for the migration. If your UPNs equal your addresses, directory synchronisation needs them fixed first; IdFix does it. Sign-in names allow A-Z a-z 0-9 ' . - _ ! # ^ ~ before the @, at most 48 characters after it and 113 in all.",
};

/// CSV212: a domain that can never be verified in Microsoft 365.
pub static NON_ROUTABLE: Rule = Rule {
    code: "CSV212",
    severity: Severity::Error,
    title: "The address's domain cannot be used on the internet",
    help: "The primary SMTP address must be in an internet (routable) domain verified in Microsoft 365; .local, .lan, .corp, single-label and reserved test domains can never be verified. Add an internet domain on premises (an accepted domain), make it the mailboxes' primary address with the e-mail address policy, let directory synchronisation run, and put the new addresses in the CSV.",
};

/// The rules of this module, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[
    &EMPTY,
    &SYNTAX,
    &TOO_LONG,
    &DOMAIN,
    &HIDDEN_CHARACTER,
    &SURROUNDING_SPACE,
    &DUPLICATE,
    &UNVERIFIED_DOMAIN,
    &ONMICROSOFT,
    &UNICODE_DOMAIN,
    &UPN_ONLY,
    &NON_ROUTABLE,
];

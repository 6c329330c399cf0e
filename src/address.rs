//! The EmailAddress column: syntax, sign-in name limits, hidden characters, domains
//! and duplicates.
//!
//! The address must be the on-premises primary SMTP address. Microsoft 365 creates or
//! matches a cloud user with it, so the stricter Microsoft Entra sign-in name rules
//! apply on top of SMTP's: user name characters `A-Z a-z 0-9 ' . - _ ! # ^ ~`, no dot
//! right before `@`, at most 64 characters before `@`, 48 after it and 113 in all.

mod set;
mod syntax;
mod unicode;

pub use set::{AddressHash, AddressSet, Place};
pub use syntax::domain_problem;

use syntax::{plainly_valid, syntax, trim_blanks};

use crate::finding::{Finding, Rule, Severity};
use crate::header::EMAIL;

/// CSV201: no address in a row.
pub static EMPTY: Rule = Rule {
    code: "CSV201",
    severity: Severity::Error,
    title: "EmailAddress is empty",
    help: "Every row needs the mailbox's primary SMTP address. Fill it in, or delete the row if the mailbox is not to be migrated.",
};

/// CSV202: not a valid address.
pub static SYNTAX: Rule = Rule {
    code: "CSV202",
    severity: Severity::Error,
    title: "EmailAddress is not a valid address",
    help: "Use the mailbox's primary SMTP address as Exchange shows it (Get-Mailbox | Select PrimarySmtpAddress), e.g. pilarp@contoso.com.",
};

/// CSV203: longer than SMTP or Microsoft Entra allows.
pub static TOO_LONG: Rule = Rule {
    code: "CSV203",
    severity: Severity::Error,
    title: "EmailAddress is too long",
    help: "Microsoft 365 sign-in names allow at most 64 characters before @, 48 after it and 113 in all. Give the mailbox a shorter primary SMTP address on premises before migrating it.",
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
    severity: Severity::Warning,
    title: "The address is an onmicrosoft.com address",
    help: "The CSV wants the on-premises primary SMTP address (e.g. @contoso.com), not the cloud address. Replace it with the address the mailbox has on premises.",
};

/// CSV210: an internationalised domain written in Unicode.
pub static UNICODE_DOMAIN: Rule = Rule {
    code: "CSV210",
    severity: Severity::Error,
    title: "The domain is written with non-ASCII letters",
    help: "Exchange 2003 and 2007 keep addresses in ASCII, so the on-premises address uses the domain's ASCII (xn--) form shown here. Write that form in the CSV.",
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
];

/// The checks of one address cell that need nothing but the cell: form, hidden
/// characters and domain. Shared by every thread that checks rows.
#[derive(Debug, Default)]
pub struct AddressRules {
    domains: Vec<String>,
}

impl AddressRules {
    /// The rules accepting only the given verified domains (any, if empty).
    pub fn new(domains: &[String]) -> AddressRules {
        AddressRules {
            domains: domains
                .iter()
                .map(|d| d.trim().trim_end_matches('.').to_ascii_lowercase())
                .collect(),
        }
    }

    /// Checks one cell of the EmailAddress column for its form and domain, adding
    /// findings to `out`, and returns the address for [`AddressBook::remember`] to catch
    /// duplicates with. `None` when the cell is no address to remember. Findings of the
    /// codes in `counted_only` get no message (see [`Rule::finding_unless_counted`]).
    pub fn validate<'a>(
        &self,
        row: u32,
        value: &'a str,
        counted_only: &[&'static str],
        out: &mut Vec<Finding>,
    ) -> Option<Pending<'a>> {
        let at = |rule: &'static Rule, message: String| {
            rule.finding(message).at_row(row).in_column(EMAIL)
        };
        let counted = |rule: &'static Rule, message: &dyn Fn() -> String| {
            rule.finding_unless_counted(counted_only, message)
                .at_row(row)
                .in_column(EMAIL)
        };
        let address = trim_blanks(value);
        if address.is_empty() {
            out.push(counted(&EMPTY, &|| {
                format!("Row {row} has no EmailAddress.")
            }));
            return None;
        }
        if address.len() != value.len() {
            out.push(counted(&SURROUNDING_SPACE, &|| {
                format!("The EmailAddress in row {row} has spaces before or after it.")
            }));
        }
        let at_sign = plainly_valid(address);
        if at_sign.is_none() {
            if let Some(description) = unicode::describe_hidden(address) {
                let message = format!("The address holds {description}.");
                out.push(at(&HIDDEN_CHARACTER, message));
                return None;
            }
            if let Err((rule, message)) = syntax(address) {
                out.push(at(rule, message));
                return None;
            }
        }
        let domain_start = at_sign.or_else(|| address.rfind('@')).map_or(0, |i| i + 1);
        let domain = address.get(domain_start..).unwrap_or_default();
        self.check_domain(row, address, domain, out);
        Some(Pending {
            row,
            address,
            hash: AddressHash::of(address),
        })
    }

    fn check_domain(&self, row: u32, address: &str, domain: &str, out: &mut Vec<Finding>) {
        const CLOUD: &str = ".onmicrosoft.com";
        let cloud = domain.len() > CLOUD.len()
            && domain[domain.len() - CLOUD.len()..].eq_ignore_ascii_case(CLOUD);
        if cloud {
            out.push(
                ONMICROSOFT
                    .finding(format!("\"{address}\" is a cloud address."))
                    .at_row(row)
                    .in_column(EMAIL),
            );
        } else if !self.domains.is_empty()
            && !self.domains.iter().any(|d| d.eq_ignore_ascii_case(domain))
        {
            let message = format!(
                "\"{address}\" is in {}, which is not among the verified domains ({}).",
                domain.to_ascii_lowercase(),
                self.domains.join(", ")
            );
            out.push(
                UNVERIFIED_DOMAIN
                    .finding(message)
                    .at_row(row)
                    .in_column(EMAIL),
            );
        }
    }
}

/// Remembers the addresses of a migration to catch duplicates, across files.
///
/// Memory grows with the number of distinct addresses, not with the file size.
#[derive(Debug, Default)]
pub struct AddressBook {
    seen: AddressSet,
    files: Vec<Option<String>>,
}

impl AddressBook {
    /// Starts a new file; later rows belong to it.
    pub fn start_file(&mut self, name: Option<&str>) {
        self.files.push(name.map(str::to_string));
    }

    /// Distinct addresses seen so far.
    pub fn unique(&self) -> usize {
        self.seen.len()
    }

    /// Asks the processor for the memory [`AddressBook::remember`] will need for an
    /// address with this hash, so that it is there when that address's turn comes.
    #[inline]
    pub fn prefetch(&self, hash: AddressHash) {
        self.seen.prefetch(hash);
    }

    /// Remembers a validated address (see [`Pending`]), adding a duplicate finding to
    /// `out` when it was seen before (in any file). When `counted_only` holds
    /// [`DUPLICATE`]'s code (its limit is reached), the finding gets no message: it is
    /// only counted.
    pub fn remember(
        &mut self,
        pending: Pending<'_>,
        counted_only: &[&'static str],
        out: &mut Vec<Finding>,
    ) {
        let Pending { row, address, hash } = pending;
        let file = self.files.len().saturating_sub(1) as u32;
        let Some(first) = self.seen.insert_hashed(address, hash, Place { file, row }) else {
            return;
        };
        let finding = DUPLICATE
            .finding_unless_counted(counted_only, || {
                let place = match (
                    first.file == file,
                    self.files.get(first.file as usize).cloned().flatten(),
                ) {
                    (false, Some(name)) => format!("row {} of {name}", first.row),
                    _ => format!("row {}", first.row),
                };
                format!("\"{address}\" is already in {place}.")
            })
            .at_row(row)
            .in_column(EMAIL);
        out.push(finding);
    }
}

/// A valid address waiting to be remembered, from [`AddressRules::validate`].
#[derive(Debug, Clone, Copy)]
pub struct Pending<'a> {
    /// Its Excel row.
    pub row: u32,
    /// The address, without surrounding blanks.
    pub address: &'a str,
    /// Its hash, for [`AddressBook::prefetch`].
    pub hash: AddressHash,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Validates and remembers one cell.
    fn check(
        rules: &AddressRules,
        book: &mut AddressBook,
        row: u32,
        value: &str,
        out: &mut Vec<Finding>,
    ) {
        if let Some(pending) = rules.validate(row, value, &[], out) {
            book.remember(pending, &[], out);
        }
    }

    fn codes(values: &[&str], domains: &[&str]) -> Vec<(&'static str, u32)> {
        let domains: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
        let rules = AddressRules::new(&domains);
        let mut book = AddressBook::default();
        book.start_file(None);
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            check(&rules, &mut book, i as u32 + 2, v, &mut out);
        }
        out.iter().map(|f| (f.code, f.row.unwrap())).collect()
    }

    #[test]
    fn valid_addresses_pass() {
        assert!(
            codes(
                &["pilarp@contoso.com", "o'brien.x_y-z!#^~@mail.contoso.co.uk"],
                &[]
            )
            .is_empty()
        );
    }

    #[test]
    fn syntax_faults() {
        for bad in [
            "pilarp",
            "a@b@contoso.com",
            "@contoso.com",
            "a+b@contoso.com",
            "a.@contoso.com",
            "a..b@contoso.com",
            "Pilar <p@contoso.com>",
            "pilär@contoso.com",
        ] {
            assert_eq!(codes(&[bad], &[]), vec![("CSV202", 2)], "{bad}");
        }
    }

    #[test]
    fn domain_faults() {
        for bad in [
            "a@contoso",
            "a@-contoso.com",
            "a@con_toso.com",
            "a@contoso..com",
            "a@10.0.0.1",
            "a@",
        ] {
            assert_eq!(codes(&[bad], &[]), vec![("CSV204", 2)], "{bad}");
        }
        assert_eq!(codes(&["a@bücher.de"], &[]), vec![("CSV210", 2)]);
    }

    #[test]
    fn says_which_length_limit_bites() {
        let long_local = format!("{}@contoso.com", "a".repeat(65));
        let long_domain = format!("a@{}.com", "b".repeat(50));
        let longest_valid = format!("{}@{}.com", "a".repeat(64), "b".repeat(44));
        let (rules, mut book) = (AddressRules::default(), AddressBook::default());
        let mut out = Vec::new();
        for v in [&long_local, &long_domain, &longest_valid] {
            check(&rules, &mut book, 2, v, &mut out);
        }
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out.iter().all(|f| f.code == "CSV203"));
        assert!(out[0].message.contains("before the @"));
        assert!(out[1].message.contains("after the @"));
    }

    #[test]
    fn hidden_characters_and_spaces() {
        assert_eq!(
            codes(&["pilar\u{200b}p@contoso.com"], &[]),
            vec![("CSV205", 2)]
        );
        assert_eq!(
            codes(&["pil\u{0430}rp@contoso.com"], &[]),
            vec![("CSV205", 2)]
        );
        assert_eq!(codes(&[" pilarp@contoso.com "], &[]), vec![("CSV206", 2)]);
        assert_eq!(codes(&["", "  "], &[]), vec![("CSV201", 2), ("CSV201", 3)]);
    }

    #[test]
    fn duplicates_ignore_case_and_point_to_the_first() {
        let (rules, mut book) = (AddressRules::default(), AddressBook::default());
        book.start_file(Some("a.csv"));
        let mut out = Vec::new();
        check(&rules, &mut book, 2, "Pilarp@Contoso.com", &mut out);
        book.start_file(Some("b.csv"));
        check(&rules, &mut book, 5, "pilarp@contoso.com", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].code, out[0].row), ("CSV207", Some(5)));
        assert!(
            out[0].message.contains("row 2 of a.csv"),
            "{}",
            out[0].message
        );
        assert_eq!(book.unique(), 1);
    }

    #[test]
    fn verified_domains_and_onmicrosoft() {
        assert_eq!(
            codes(&["a@contoso.com", "b@fabrikam.com"], &["Contoso.com"]),
            vec![("CSV208", 3)]
        );
        assert_eq!(
            codes(&["a@contoso.onmicrosoft.com"], &["contoso.com"]),
            vec![("CSV209", 2)]
        );
    }
}

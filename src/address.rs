//! The EmailAddress column: syntax, sign-in name limits, hidden characters, domains
//! and duplicates.
//!
//! The address must be the on-premises primary SMTP address. Microsoft 365 creates or
//! matches a cloud user with it, so the stricter Microsoft Entra sign-in name rules
//! apply on top of SMTP's: user name characters `A-Z a-z 0-9 ' . - _ ! # ^ ~`, no dot
//! right before `@`, at most 64 characters before `@`, 48 after it and 113 in all.

mod unicode;

use rustc_hash::FxHashMap;

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

/// Where an address was first seen.
#[derive(Debug, Clone, Copy)]
struct Place {
    file: u32,
    row: u32,
}

/// Checks addresses row by row and remembers them to catch duplicates across files.
///
/// Memory grows with the number of distinct addresses, not with the file size.
#[derive(Debug, Default)]
pub struct AddressBook {
    seen: FxHashMap<Box<str>, Place>,
    domains: Vec<String>,
    files: Vec<Option<String>>,
    key: String,
}

impl AddressBook {
    /// An address book that accepts only the given verified domains (any, if empty).
    pub fn new(domains: &[String]) -> AddressBook {
        AddressBook {
            domains: domains
                .iter()
                .map(|d| d.trim().trim_end_matches('.').to_ascii_lowercase())
                .collect(),
            ..AddressBook::default()
        }
    }

    /// Starts a new file; later rows belong to it.
    pub fn start_file(&mut self, name: Option<&str>) {
        self.files.push(name.map(str::to_string));
    }

    /// Distinct addresses seen so far.
    pub fn unique(&self) -> usize {
        self.seen.len()
    }

    /// Checks one cell of the EmailAddress column.
    pub fn check(&mut self, row: u32, value: &str, out: &mut Vec<Finding>) {
        let at = |rule: &'static Rule, message: String| {
            rule.finding(message).at_row(row).in_column(EMAIL)
        };
        let address = value.trim_matches([' ', '\t']);
        if address.is_empty() {
            out.push(at(&EMPTY, format!("Row {row} has no EmailAddress.")));
            return;
        }
        if address.len() != value.len() {
            out.push(at(
                &SURROUNDING_SPACE,
                format!("\"{address}\" has spaces before or after it."),
            ));
        }
        if !address.is_ascii()
            && let Some(description) = unicode::describe_hidden(address)
        {
            out.push(at(
                &HIDDEN_CHARACTER,
                format!("\"{address}\" holds {description}."),
            ));
            return;
        }
        if let Err(finding) = syntax(address) {
            out.push(finding(row));
            return;
        }
        let domain = &address[address.rfind('@').map_or(0, |i| i + 1)..];
        self.check_domain(row, address, domain, out);
        self.remember(row, address, out);
    }

    fn check_domain(&self, row: u32, address: &str, domain: &str, out: &mut Vec<Finding>) {
        let domain = domain.to_ascii_lowercase();
        if domain.ends_with(".onmicrosoft.com") {
            out.push(
                ONMICROSOFT
                    .finding(format!("\"{address}\" is a cloud address."))
                    .at_row(row)
                    .in_column(EMAIL),
            );
        } else if !self.domains.is_empty() && !self.domains.contains(&domain) {
            out.push(
                UNVERIFIED_DOMAIN
                    .finding(format!("\"{address}\" is in {domain}, which is not among the verified domains ({}).", self.domains.join(", ")))
                    .at_row(row)
                    .in_column(EMAIL),
            );
        }
    }

    fn remember(&mut self, row: u32, address: &str, out: &mut Vec<Finding>) {
        self.key.clear();
        self.key.push_str(address);
        self.key.make_ascii_lowercase();
        let file = self.files.len().saturating_sub(1) as u32;
        if let Some(first) = self.seen.get(self.key.as_str()) {
            let place = match (
                first.file == file,
                self.files.get(first.file as usize).cloned().flatten(),
            ) {
                (false, Some(name)) => format!("row {} of {name}", first.row),
                _ => format!("row {}", first.row),
            };
            out.push(
                DUPLICATE
                    .finding(format!("\"{address}\" is already in {place}."))
                    .at_row(row)
                    .in_column(EMAIL),
            );
        } else {
            self.seen
                .insert(self.key.as_str().into(), Place { file, row });
        }
    }
}

/// A function that places a syntax finding at its row.
type Placed = Box<dyn FnOnce(u32) -> Finding>;

/// Checks the address's form; the error places the finding at a row.
fn syntax(address: &str) -> Result<(), Placed> {
    let fail = |rule: &'static Rule, message: String| -> Result<(), Placed> {
        Err(Box::new(move |row| {
            rule.finding(message).at_row(row).in_column(EMAIL)
        }))
    };
    let Some((local, domain)) = address.rsplit_once('@') else {
        return fail(&SYNTAX, format!("\"{address}\" has no @."));
    };
    if local.contains('@') {
        return fail(
            &SYNTAX,
            format!("\"{address}\" has more than one @: put one address per row."),
        );
    }
    if local.is_empty() {
        return fail(&SYNTAX, format!("\"{address}\" has nothing before the @."));
    }
    if let Some(c) = local.chars().find(|&c| !is_sign_in_char(c)) {
        let why = if c.is_ascii() && "+&$%*/=?`{|}".contains(c) {
            "SMTP allows it, but Microsoft 365 sign-in names do not"
        } else if c.is_ascii() {
            "it is not allowed in addresses"
        } else {
            "only ASCII letters are allowed before the @"
        };
        return fail(
            &SYNTAX,
            format!("\"{address}\" has '{c}' before the @: {why}."),
        );
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return fail(
            &SYNTAX,
            format!(
                "\"{address}\" has a dot at the start or end of the user name, or two dots in a row."
            ),
        );
    }
    if !domain.is_ascii() {
        return match idna::domain_to_ascii(domain) {
            Ok(ascii) => fail(
                &UNICODE_DOMAIN,
                format!("\"{address}\": the domain {domain} is written {ascii} in ASCII."),
            ),
            Err(_) => fail(
                &DOMAIN,
                format!("\"{address}\": {domain} is not a valid internationalised domain name."),
            ),
        };
    }
    if let Some(problem) = domain_problem(domain) {
        return fail(&DOMAIN, format!("\"{address}\": {problem}."));
    }
    let too_long = if local.len() > 64 {
        Some(format!(
            "{} characters before the @ (at most 64)",
            local.len()
        ))
    } else if address.len() > 254 {
        Some(format!(
            "{} characters in all (SMTP allows at most 254)",
            address.len()
        ))
    } else if domain.len() > 48 {
        Some(format!(
            "{} characters after the @ (Microsoft 365 sign-in names allow at most 48)",
            domain.len()
        ))
    } else {
        // 113 in all is 64 + 1 + 48, so it cannot bite on its own.
        None
    };
    match too_long {
        Some(what) => fail(&TOO_LONG, format!("\"{address}\" has {what}.")),
        None => Ok(()),
    }
}

/// Characters allowed in the user name part of a Microsoft 365 sign-in name.
fn is_sign_in_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "'.-_!#^~".contains(c)
}

/// What is wrong with an ASCII domain name, if anything.
pub fn domain_problem(domain: &str) -> Option<String> {
    if domain.is_empty() {
        return Some("there is nothing after the @".into());
    }
    if domain.len() > 253 {
        return Some(format!(
            "the domain has {} characters (at most 253)",
            domain.len()
        ));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Some(format!(
            "the domain {domain} has no dot: use the full domain, e.g. contoso.com"
        ));
    }
    for label in &labels {
        if label.is_empty() {
            return Some(format!(
                "the domain {domain} has an empty part (two dots in a row, or a dot at the start or end)"
            ));
        }
        if label.len() > 63 {
            return Some(format!(
                "the part {label} has {} characters (at most 63)",
                label.len()
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
        {
            return Some(format!(
                "the domain {domain} has '{c}', which domain names do not allow"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!("the part {label} starts or ends with a hyphen"));
        }
    }
    let tld = labels[labels.len() - 1];
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!(
            "the domain {domain} ends in a number: an IP address is not a mail domain"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(values: &[&str], domains: &[&str]) -> Vec<(&'static str, u32)> {
        let domains: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
        let mut book = AddressBook::new(&domains);
        book.start_file(None);
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            book.check(i as u32 + 2, v, &mut out);
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
        let mut book = AddressBook::new(&[]);
        let mut out = Vec::new();
        for v in [&long_local, &long_domain, &longest_valid] {
            book.check(2, v, &mut out);
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
        let mut book = AddressBook::new(&[]);
        book.start_file(Some("a.csv"));
        let mut out = Vec::new();
        book.check(2, "Pilarp@Contoso.com", &mut out);
        book.start_file(Some("b.csv"));
        book.check(5, "pilarp@contoso.com", &mut out);
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

//! The EmailAddress column: SMTP syntax, sign-in name notes, hidden characters,
//! domains and duplicates.
//!
//! The address is the on-premises mailbox's primary SMTP address: the migration finds
//! the mail user that directory synchronisation created with it. So SMTP's rules apply
//! (RFC 5321/5322) and those of the directory's proxyAddresses, not the stricter rules
//! of cloud sign-in names (UPN), which only earn a note (CSV211).
//!
//! No message holds the cell, nor anything taken from it (domain, punycode, characters,
//! positions, lengths): a cell's column cannot be trusted, and a shifted row puts a
//! password here. Messages name the row and the column and say what is wrong; the cell
//! goes to [`Finding::local_value`], for the admin's own screen.

mod domain;
mod memo;
mod rule;
mod set;
mod syntax;
mod unicode;

pub use domain::domain_problem;
pub use memo::DomainMemo;
pub(crate) use rule::RULES;
pub use rule::{
    DOMAIN, DUPLICATE, EMPTY, HIDDEN_CHARACTER, NON_ROUTABLE, ONMICROSOFT, SURROUNDING_SPACE,
    SYNTAX, TOO_LONG, UNICODE_DOMAIN, UNVERIFIED_DOMAIN, UPN_ONLY,
};
pub use set::{AddressHash, AddressSet, Place};

use syntax::{plainly_valid, syntax, trim_blanks};

use crate::csv::header::EMAIL;
use crate::finding::{Finding, Rule};

/// A finding of `rule` about the EmailAddress cell `value` at `row`, with the cell as
/// its local value. When `counted_only` holds the rule's code (its limit is reached),
/// the finding is only counted: no message is written and no value kept.
fn cell_finding(
    rule: &'static Rule,
    row: u32,
    value: &str,
    counted_only: &[&'static str],
    message: impl FnOnce() -> String,
) -> Finding {
    let finding = rule
        .finding_unless_counted(counted_only, message)
        .at_row(row)
        .in_column(EMAIL);
    if counted_only.contains(&rule.code) {
        finding
    } else {
        finding.with_local_value(value)
    }
}

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
        memo: &mut DomainMemo,
        out: &mut Vec<Finding>,
    ) -> Option<Pending<'a>> {
        let mut push = |rule: &'static Rule, what: &dyn Fn() -> String| {
            out.push(cell_finding(rule, row, value, counted_only, || {
                format!("The EmailAddress in row {row} {}.", what())
            }));
        };
        let address = trim_blanks(value);
        if address.is_empty() {
            push(&EMPTY, &|| "is empty".into());
            return None;
        }
        if address.len() != value.len() {
            push(&SURROUNDING_SPACE, &|| {
                "has spaces before or after it".into()
            });
        }
        let at_sign = plainly_valid(address);
        if at_sign.is_none() {
            if let Some(description) = unicode::describe_hidden(address) {
                push(&HIDDEN_CHARACTER, &|| format!("holds {description}"));
                return None;
            }
            match syntax(address) {
                Err((rule, what)) => {
                    push(rule, &|| what.clone());
                    return None;
                }
                Ok(upn) if !upn.is_empty() => push(&UPN_ONLY, &|| {
                    format!(
                        "is a valid address, but breaks the Microsoft 365 sign-in name (UPN) rules: {}",
                        upn.describe()
                    )
                }),
                Ok(_) => {}
            }
        }
        let domain_start = at_sign.or_else(|| address.rfind('@')).map_or(0, |i| i + 1);
        let domain = address.get(domain_start..).unwrap_or_default();
        if let Some((rule, what)) = memo.fault(domain, |d| self.domain_fault(d)) {
            push(rule, &|| what.to_string());
        }
        Some(Pending {
            row,
            address,
            hash: AddressHash::of(address),
        })
    }

    /// What is wrong with a valid address's domain for this migration, if anything: a
    /// cloud address, a domain that cannot be used on the internet, or one that is not
    /// among the verified domains given. At most one: the first of these.
    fn domain_fault(&self, domain: &str) -> Option<(&'static Rule, &'static str)> {
        const CLOUD: &str = ".onmicrosoft.com";
        let cloud = domain.len() > CLOUD.len()
            && domain[domain.len() - CLOUD.len()..].eq_ignore_ascii_case(CLOUD);
        if cloud {
            return Some((
                &ONMICROSOFT,
                "is a cloud (onmicrosoft.com) address, not the on-premises primary SMTP address",
            ));
        }
        if let Some(why) = domain::non_routable(domain) {
            return Some((&NON_ROUTABLE, why));
        }
        let unverified = !self.domains.is_empty()
            && !self.domains.iter().any(|d| d.eq_ignore_ascii_case(domain));
        unverified.then_some((
            &UNVERIFIED_DOMAIN,
            "is in a domain that is not among the verified domains given",
        ))
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
        let finding = cell_finding(&DUPLICATE, row, address, counted_only, || {
            let place = match (
                first.file == file,
                self.files.get(first.file as usize).cloned().flatten(),
            ) {
                (false, Some(name)) => format!("row {} of {name}", first.row),
                (false, None) => format!("row {} of an earlier file", first.row),
                (true, _) => format!("row {}", first.row),
            };
            format!("The EmailAddress in row {row} is the same address as in {place}.")
        });
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
    use crate::finding::Severity;

    /// Validates and remembers one cell.
    fn check(
        rules: &AddressRules,
        book: &mut AddressBook,
        row: u32,
        value: &str,
        out: &mut Vec<Finding>,
    ) {
        if let Some(pending) = rules.validate(row, value, &[], &mut DomainMemo::default(), out) {
            book.remember(pending, &[], out);
        }
    }

    fn findings(values: &[&str], domains: &[&str]) -> Vec<Finding> {
        let domains: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
        let rules = AddressRules::new(&domains);
        let mut book = AddressBook::default();
        book.start_file(None);
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            check(&rules, &mut book, i as u32 + 2, v, &mut out);
        }
        out
    }

    fn codes(values: &[&str], domains: &[&str]) -> Vec<(&'static str, u32)> {
        findings(values, domains)
            .iter()
            .map(|f| (f.code, f.row.unwrap()))
            .collect()
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
    fn smtp_characters_and_long_domains_are_only_a_sign_in_name_note() {
        let long_domain = format!("a@{}.com", "b".repeat(50));
        for ok in [
            "a+b@contoso.com",
            "a&b%c*d/e=f?g{h}i|j$k@contoso.com",
            "\"pilar p\"@contoso.com",
            &long_domain,
        ] {
            let found = findings(&[ok], &[]);
            assert_eq!(found.len(), 1, "{ok}: {found:?}");
            assert_eq!(
                (found[0].code, found[0].severity),
                ("CSV211", Severity::Info)
            );
            assert!(found[0].message.contains("row 2"), "{}", found[0].message);
        }
        let both = findings(&[&format!("a+{}", &long_domain)], &[]);
        assert!(
            both[0].message.contains("a character before the @")
                && both[0]
                    .message
                    .contains("more than 48 characters after the @"),
            "{}",
            both[0].message
        );
    }

    #[test]
    fn syntax_faults() {
        for bad in [
            "pilarp",
            "a@b@contoso.com",
            "@contoso.com",
            "a.@contoso.com",
            "a..b@contoso.com",
            "a b@contoso.com",
            "Pilar <p@contoso.com>",
            "a;b@contoso.com",
            "pilär@contoso.com",
        ] {
            assert_eq!(codes(&[bad], &[]), vec![("CSV202", 2)], "{bad}");
        }
    }

    #[test]
    fn domain_faults() {
        for bad in [
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
    fn domains_that_cannot_be_verified_are_an_error_without_options() {
        for bad in [
            "a@contoso",
            "a@contoso.local",
            "a@ad.contoso.LAN",
            "a@contoso.corp",
            "a@contoso.internal",
            "a@contoso.example",
            "a@contoso.test",
        ] {
            let found = findings(&[bad], &[]);
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert_eq!(
                (found[0].code, found[0].severity),
                ("CSV212", Severity::Error)
            );
        }
        // One finding: a non-routable domain is not also an unverified one.
        assert_eq!(
            codes(&["a@contoso.local"], &["contoso.com"]),
            vec![("CSV212", 2)]
        );
    }

    #[test]
    fn says_which_length_limit_bites() {
        let long_local = format!("{}@contoso.com", "a".repeat(65));
        let (b, c, d) = ("b".repeat(62), "c".repeat(62), "d".repeat(62));
        let long_all = format!("{}@{b}.{c}.{d}.com", "a".repeat(64));
        let longest_clean = format!("{}@{}.com", "a".repeat(64), "b".repeat(44));
        let found = findings(&[&long_local, &long_all, &longest_clean], &[]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|f| f.code == "CSV203"));
        assert!(found[0].message.contains("before the @"));
        assert!(found[1].message.contains("more than 251 characters"));
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
        let found = findings(&["pilar\u{200b}p@contoso.com"], &[]);
        assert!(
            found[0]
                .message
                .ends_with("holds an invisible character (zero-width space)."),
            "{}",
            found[0].message
        );
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
        assert_eq!(
            out[0].message,
            "The EmailAddress in row 5 is the same address as in row 2 of a.csv."
        );
        assert_eq!(out[0].local_value.as_deref(), Some("pilarp@contoso.com"));
        assert_eq!(book.unique(), 1);
    }

    #[test]
    fn verified_domains_and_onmicrosoft() {
        assert_eq!(
            codes(&["a@contoso.com", "b@fabrikam.com"], &["Contoso.com"]),
            vec![("CSV208", 3)]
        );
        let cloud = findings(&["a@contoso.onmicrosoft.com"], &["contoso.com"]);
        assert_eq!(cloud.len(), 1);
        assert_eq!(
            (cloud[0].code, cloud[0].severity),
            ("CSV209", Severity::Error)
        );
    }

    #[test]
    fn messages_hold_no_cell_content_and_findings_keep_the_cell() {
        let secret = "Sommer2024";
        let cells = [
            format!("{secret}!@firma.de"),
            format!("{secret}!@firma.de"),
            format!("pilarp@contoso.com;{secret}ä!;True"),
            format!("pilarp@contoso.com;{secret}!;True"),
            secret.to_string(),
            format!("{secret} x@contoso.com"),
            format!(" {secret}+x@contoso.com "),
            format!("{secret}@{secret}.onmicrosoft.com"),
            format!("{secret}@{secret}.local"),
            format!("{secret}@{secret}"),
            format!("{secret}@b{secret}ücher.de"),
            format!("{secret}\u{200b}@contoso.com"),
            format!("{}@contoso.com", secret.repeat(7)),
        ];
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        let found = findings(&cells, &["contoso.com"]);
        assert!(found.len() >= cells.len(), "{found:?}");
        let punycode = idna::domain_to_ascii(&format!("b{secret}ücher.de")).unwrap();
        for f in &found {
            for text in [&f.message, &f.help] {
                let lower = text.to_lowercase();
                assert!(
                    !lower.contains("sommer") && !lower.contains(&punycode),
                    "{text}"
                );
                assert!(!lower.contains("firma"), "{text}");
            }
            let row = f.row.unwrap();
            assert!(f.message.contains(&format!("row {row}")), "{}", f.message);
            assert_eq!(f.column.as_deref(), Some(EMAIL));
            let cell = cells[row as usize - 2];
            let kept = f.local_value.as_deref().unwrap_or_default();
            assert!(kept.contains(cell.trim()), "row {row}: {kept:?}");
        }
    }

    #[test]
    fn counted_findings_keep_neither_message_nor_cell() {
        let rules = AddressRules::default();
        let mut out = Vec::new();
        rules.validate(
            2,
            "not-an-address",
            &["CSV202"],
            &mut DomainMemo::default(),
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert!(out[0].message.is_empty() && out[0].local_value.is_none());
    }
}

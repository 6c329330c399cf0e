//! The domain part of an address: whether it is a well-formed domain name, and whether
//! it can be used on the internet at all.
//!
//! The words returned never repeat the value, nor anything taken from it (lengths,
//! labels): a cell in the address column may hold a password from a shifted or swapped
//! column.

/// Suffixes (last labels) used for internal networks, never delegated on the internet.
const INTERNAL: &[&str] = &[
    "local",
    "lan",
    "internal",
    "corp",
    "localdomain",
    "home",
    "intranet",
    "private",
];

/// Top-level names reserved for tests and documentation (RFC 2606, RFC 6761).
const RESERVED: &[&str] = &["example", "invalid", "test", "localhost"];

/// Second-level names reserved for documentation (RFC 2606, section 3).
const RESERVED_SECOND_LEVEL: &[&str] = &["example.com", "example.net", "example.org"];

/// What is wrong with the ASCII domain part of an address as a domain name, if
/// anything, in words that never repeat the value. A single label (no dot) is a
/// well-formed name; whether it can carry mail is [`non_routable`]'s question.
pub fn domain_problem(domain: &str) -> Option<&'static str> {
    if domain.is_empty() {
        return Some("there is nothing after the @");
    }
    if domain.len() > 253 {
        return Some("the domain has more than 253 characters");
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Some(
                "the domain has an empty part (two dots in a row, or a dot at the start or end)",
            );
        }
        if label.len() > 63 {
            return Some("a part of the domain has more than 63 characters");
        }
        if label
            .bytes()
            .any(|b| !b.is_ascii_alphanumeric() && b != b'-')
        {
            return Some(
                "the domain has a character that is not allowed (only letters, digits, hyphens and dots)",
            );
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some("a part of the domain starts or ends with a hyphen");
        }
    }
    let tld = domain.rsplit('.').next().unwrap_or(domain);
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        return Some("the domain ends in a number: an IP address is not a mail domain");
    }
    None
}

/// Why a well-formed ASCII domain can never be verified in Microsoft 365 (a single
/// label, an internal-only suffix, a name reserved for tests), as the end of a sentence
/// starting "The EmailAddress in row N", or `None` for an internet domain. Cheap: it
/// looks at the last label only (and the last two for `example.com`).
pub(super) fn non_routable(domain: &str) -> Option<&'static str> {
    let Some((rest, tld)) = domain.rsplit_once('.') else {
        return Some("has a domain of one label (no dot), which cannot be used on the internet");
    };
    let is = |list: &[&str]| list.iter().any(|s| s.eq_ignore_ascii_case(tld));
    if is(INTERNAL) {
        return Some(
            "has a domain with an internal-only suffix (like .local, .lan, .corp or .internal), which cannot be used on the internet",
        );
    }
    let second_level = rest.rsplit('.').next().unwrap_or(rest);
    let reserved_second_level = second_level.eq_ignore_ascii_case("example")
        && RESERVED_SECOND_LEVEL
            .iter()
            .any(|s| s[8..].eq_ignore_ascii_case(tld));
    if is(RESERVED) || reserved_second_level {
        return Some(
            "has a domain reserved for tests and documentation (like .example, .invalid, .test, .localhost or example.com; RFC 2606 and 6761), which cannot be used on the internet",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internet_domains_are_routable() {
        for domain in [
            "contoso.com",
            "mail.contoso.co.uk",
            "CONTOSO.DE",
            "example-corp.com",
            "local.contoso.com",
            "test.contoso.com",
            "myexample.com",
            "example.co.uk",
        ] {
            assert_eq!(non_routable(domain), None, "{domain}");
        }
    }

    #[test]
    fn internal_reserved_and_single_label_domains_are_not() {
        for (domain, kind) in [
            ("contoso", "one label"),
            ("contoso.local", "internal-only"),
            ("ad.contoso.LAN", "internal-only"),
            ("contoso.internal", "internal-only"),
            ("contoso.corp", "internal-only"),
            ("host.localdomain", "internal-only"),
            ("contoso.home", "internal-only"),
            ("contoso.intranet", "internal-only"),
            ("contoso.private", "internal-only"),
            ("contoso.example", "reserved"),
            ("contoso.invalid", "reserved"),
            ("contoso.test", "reserved"),
            ("contoso.localhost", "reserved"),
            ("example.com", "reserved"),
            ("mail.EXAMPLE.org", "reserved"),
            ("example.net", "reserved"),
        ] {
            let why = non_routable(domain).unwrap_or_default();
            assert!(why.contains(kind), "{domain}: {why}");
        }
    }

    #[test]
    fn problems_name_the_fault_without_counting_the_value() {
        assert_eq!(domain_problem("contoso.com"), None);
        assert_eq!(domain_problem("contoso"), None, "one label is well-formed");
        for bad in [
            "",
            "contoso..com",
            ".contoso.com",
            "-contoso.com",
            "con_toso.com",
            "10.0.0.1",
            "[10.0.0.1]",
        ] {
            assert!(domain_problem(bad).is_some(), "{bad}");
        }
        let long_label = format!("{}.com", "a".repeat(64));
        let problem = domain_problem(&long_label).unwrap();
        assert!(
            !problem.contains("64"),
            "the label's length is not given: {problem}"
        );
    }
}

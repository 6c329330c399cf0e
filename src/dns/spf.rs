//! SPF (RFC 7208): one record per name, merged, with its DNS look-ups counted.
//!
//! During a staged migration both Exchange Online and the on-premises servers send mail
//! for the domain, so the record must authorise both. Two `v=spf1` records at one name
//! make every SPF check fail (permerror), so the planner always merges into the
//! existing record instead of adding a second one.
//!
//! This module holds the record, its rules and the merging; reading a record and
//! checking its terms is in `syntax`.

use std::collections::HashSet;

use crate::finding::{Rule, Severity};

mod syntax;
pub(crate) use syntax::check_term;
use syntax::{mechanism, normalise};

/// The mechanism Exchange Online needs.
pub const EXCHANGE_ONLINE: &str = "include:spf.protection.outlook.com";

/// The most DNS look-ups an SPF check may cause (RFC 7208 section 4.6.4).
pub const MAX_LOOKUPS: usize = 10;

/// The longest record read, in characters: nine times the 450 past which a record may
/// not fit a UDP answer ([`LONG`], DNS022). Real records stay far below it (at most 10
/// look-ups); past it a record is not read (DNS015), which bounds the terms any
/// record brings to 2,048.
pub const MAX_RECORD: usize = 4_096;

/// Above this length the answer may not fit a 512-byte UDP response (RFC 7208 section 3.4).
pub const LONG: usize = 450;

/// DNS015: an SPF record too long to be read.
pub static TOO_LONG_TO_READ: Rule = Rule {
    code: "DNS015",
    severity: Severity::Warning,
    title: "The SPF record is too long to be checked",
    help: "The record is longer than 4,096 characters, far beyond any working SPF record (receivers may not even fetch it), so it was not read and no SPF record is planned. Paste the one TXT value that starts with v=spf1 as published; if it really is this long, shorten it (merge ip4: entries into ranges, drop unused includes) and plan again.",
};

/// DNS020: an existing SPF record that cannot be read.
pub static BAD_EXISTING: Rule = Rule {
    code: "DNS020",
    severity: Severity::Error,
    title: "The existing SPF record is malformed",
    help: "Paste the one TXT value that starts with v=spf1 exactly as published. A record SPF cannot read fails every check (permerror), so fix it before adding Exchange Online.",
};

/// DNS021: more than 10 DNS look-ups.
pub static TOO_MANY_LOOKUPS: Rule = Rule {
    code: "DNS021",
    severity: Severity::Error,
    title: "The SPF record needs more than 10 DNS look-ups",
    help: "Each include, a, mx, ptr, exists and redirect costs a look-up, and receivers fail SPF (permerror) above 10. Replace a and mx terms for your own servers with ip4:/ip6: ranges, and drop includes for services you no longer use.",
};

/// DNS022: a record too long for a plain UDP answer.
pub static TOO_LONG: Rule = Rule {
    code: "DNS022",
    severity: Severity::Warning,
    title: "The SPF record is long",
    help: "Records over 450 characters may not fit a UDP answer and some receivers then fail SPF. Merge ip4: entries into ranges or remove unused terms.",
};

/// DNS023: an on-premises sender that cannot become an SPF term.
pub static BAD_SENDER: Rule = Rule {
    code: "DNS023",
    severity: Severity::Error,
    title: "An on-premises sender is not an address, range, host name or SPF term",
    help: "Give each server that keeps sending mail as its public IP address (203.0.113.10), a range (203.0.113.0/28), a host name (mail.contoso.com) or an SPF term (ip4:…, a:…, include:…).",
};

/// DNS024: an SPF record that lets anyone send.
pub static PERMISSIVE: Rule = Rule {
    code: "DNS024",
    severity: Severity::Warning,
    title: "The SPF record ends in +all or ?all",
    help: "+all authorises every server on the internet and ?all says nothing; end the record with ~all during the migration and -all once only Exchange Online sends.",
};

/// The SPF findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[
    &TOO_LONG_TO_READ,
    &BAD_EXISTING,
    &TOO_MANY_LOOKUPS,
    &TOO_LONG,
    &BAD_SENDER,
    &PERMISSIVE,
];

/// An SPF record: the terms after `v=spf1`, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spf {
    /// Mechanisms and modifiers, e.g. `mx`, `ip4:203.0.113.10`, `-all`.
    pub terms: Vec<String>,
}

impl Spf {
    /// The record text: `v=spf1 term term …`.
    pub fn text(&self) -> String {
        let mut text = String::from("v=spf1");
        for term in &self.terms {
            text.push(' ');
            text.push_str(term);
        }
        text
    }

    /// DNS look-ups at the top level: include, a, mx, ptr, exists and redirect each
    /// cost one. Included records add their own, which only a live look-up can count.
    pub fn lookups(&self) -> usize {
        self.terms
            .iter()
            .filter(|t| {
                let name = mechanism(t).0;
                matches!(
                    name.as_str(),
                    "include" | "a" | "mx" | "ptr" | "exists" | "redirect"
                )
            })
            .count()
    }

    /// The `all` term with its qualifier (`-all`, `~all`…), if there is one.
    pub fn all(&self) -> Option<&str> {
        self.terms
            .iter()
            .map(String::as_str)
            .find(|t| mechanism(t).0 == "all")
    }

    /// Whether the record has this term, ignoring case and a `+` qualifier.
    pub fn has(&self, term: &str) -> bool {
        let wanted = normalise(term);
        self.terms.iter().any(|t| normalise(t) == wanted)
    }
}

/// The record to publish: the existing one (or a new one) with the on-premises senders
/// and Exchange Online added before its `all` or `redirect=`.
pub fn merge(existing: Option<&Spf>, senders: &[String]) -> Spf {
    let mut body: Vec<String> = Vec::new();
    let mut tail: Vec<String> = Vec::new();
    match existing {
        Some(spf) => {
            for term in &spf.terms {
                let name = mechanism(term).0;
                if name == "all" || name == "redirect" {
                    tail.push(term.clone());
                } else {
                    body.push(term.clone());
                }
            }
        }
        // A new record during the migration: soft-fail until every sender is known.
        None => tail.push("~all".into()),
    }
    let mut spf = Spf { terms: body };
    let mut present: HashSet<String> = spf.terms.iter().map(|t| normalise(t)).collect();
    for term in senders.iter().map(String::as_str).chain([EXCHANGE_ONLINE]) {
        if present.insert(normalise(term)) {
            spf.terms.push(term.to_string());
        }
    }
    spf.terms.extend(tail);
    spf
}

/// Several records published at one name (an error) combined into one: every
/// mechanism of each, once, and the strictest `all` (`-all` before `~all`), or else
/// the first `redirect=`.
pub fn combine(records: &[Spf]) -> Spf {
    let strictness = |t: &str| {
        ["-all", "~all", "?all"]
            .iter()
            .position(|a| t.eq_ignore_ascii_case(a))
            .unwrap_or(3)
    };
    let mut body = Spf { terms: Vec::new() };
    // Terms already in `body`, normalised: one look-up per term, however many there are.
    let mut present: HashSet<String> = HashSet::new();
    let mut all: Option<&String> = None;
    let mut redirect: Option<&String> = None;
    for term in records.iter().flat_map(|r| &r.terms) {
        match mechanism(term).0.as_str() {
            "all" if all.is_none_or(|a| strictness(term) < strictness(a)) => all = Some(term),
            "all" => {}
            "redirect" => redirect = redirect.or(Some(term)),
            _ if !present.insert(normalise(term)) => {}
            _ => body.terms.push(term.clone()),
        }
    }
    body.terms.extend(all.or(redirect).cloned());
    body
}

/// The record once the on-premises servers no longer send: the merged record without
/// them, ending in `-all` if the planner created the record.
pub fn after_migration(existing: Option<&Spf>, senders: &[String]) -> Spf {
    let merged = merge(existing, &[]);
    let senders: HashSet<String> = senders.iter().map(|s| normalise(s)).collect();
    let terms = merged
        .terms
        .into_iter()
        .filter(|t| !senders.contains(&normalise(t)))
        .map(|t| {
            if existing.is_none() && t == "~all" {
                "-all".to_string()
            } else {
                t
            }
        })
        .collect();
    Spf { terms }
}

/// The terms of a planned SPF record that an existing record must gain: every term but
/// `v=spf1` and the `all` term (`include:spf.protection.outlook.com ip4:203.0.113.10`).
/// For a domain whose published record is not known, this is what to add to it.
pub fn added_terms(record: &str) -> String {
    record
        .split_whitespace()
        .filter(|t| {
            let mechanism = t.trim_start_matches(['+', '-', '~', '?']);
            !t.eq_ignore_ascii_case("v=spf1") && !mechanism.eq_ignore_ascii_case("all")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spf(text: &str) -> Spf {
        Spf::parse(text).unwrap()
    }

    #[test]
    fn merges_senders_and_exchange_online_before_all() {
        let existing = spf("v=spf1 mx ip4:203.0.113.10 -all");
        let senders = vec![
            "ip4:203.0.113.10".to_string(),
            "ip4:198.51.100.7".to_string(),
        ];
        let merged = merge(Some(&existing), &senders);
        assert_eq!(
            merged.text(),
            "v=spf1 mx ip4:203.0.113.10 ip4:198.51.100.7 include:spf.protection.outlook.com -all"
        );
        // Merging again changes nothing.
        assert_eq!(merge(Some(&merged), &senders), merged);
        let redirect = spf("v=spf1 redirect=_spf.contoso.com");
        assert_eq!(
            merge(Some(&redirect), &[]).text(),
            "v=spf1 include:spf.protection.outlook.com redirect=_spf.contoso.com"
        );
        assert_eq!(
            merge(None, &[]).text(),
            "v=spf1 include:spf.protection.outlook.com ~all"
        );
    }

    #[test]
    fn combines_several_records_into_one() {
        let one = spf("v=spf1 include:_spf.example.net MX ~all");
        let two = spf("v=spf1 mx ip4:203.0.113.10 -all");
        assert_eq!(
            combine(&[one, two]).text(),
            "v=spf1 include:_spf.example.net MX ip4:203.0.113.10 -all"
        );
        let redirect = spf("v=spf1 redirect=_spf.example.net");
        assert_eq!(
            combine(&[redirect]).text(),
            "v=spf1 redirect=_spf.example.net"
        );
    }

    #[test]
    fn after_the_migration_the_senders_go() {
        let senders = vec!["ip4:198.51.100.7".to_string()];
        assert_eq!(
            after_migration(None, &senders).text(),
            "v=spf1 include:spf.protection.outlook.com -all"
        );
        let existing = spf("v=spf1 include:_spf.example.net +ip4:198.51.100.7 ~all");
        assert_eq!(
            after_migration(Some(&existing), &senders).text(),
            "v=spf1 include:_spf.example.net include:spf.protection.outlook.com ~all"
        );
    }

    #[test]
    fn records_past_the_cap_are_not_read_and_many_terms_merge_once() {
        let long = format!("v=spf1 {} -all", "ip4:192.0.2.1 ".repeat(400));
        assert!(long.len() > MAX_RECORD);
        assert!(Spf::parse(&long).unwrap_err().contains("4096"));
        // Repeated terms come out once, however many records hold them.
        let repeated = format!("v=spf1 {}-all", "ip4:192.0.2.1 mx ".repeat(100));
        let records = vec![spf(&repeated); 50];
        assert_eq!(combine(&records).text(), "v=spf1 ip4:192.0.2.1 mx -all");
        let many_modifiers = format!("v=spf1 {}-all", "x=1 ".repeat(500));
        assert!(Spf::parse(&many_modifiers).is_ok());
    }

    #[test]
    fn counts_lookups() {
        let many = format!("v=spf1 {} -all", ["include:a.example"; 11].join(" "));
        assert_eq!(spf(&many).lookups(), 11);
        assert_eq!(
            spf("v=spf1 ip4:1.2.3.4 ip6:2001:db8::/32 -all").lookups(),
            0
        );
        assert_eq!(spf("v=spf1 ptr exists:%{i}.example a mx").lookups(), 4);
    }
}

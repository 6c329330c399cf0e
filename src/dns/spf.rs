//! SPF (RFC 7208): one record per name, merged, with its DNS look-ups counted.
//!
//! During a staged migration both Exchange Online and the on-premises servers send mail
//! for the domain, so the record must authorise both. Two `v=spf1` records at one name
//! make every SPF check fail (permerror), so the planner always merges into the
//! existing record instead of adding a second one.

use std::collections::HashSet;
use std::net::IpAddr;

use crate::finding::{Rule, Severity};

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
    /// Reads an SPF record as published: `v=spf1 …`, optionally in zone-file quotes
    /// (`"v=spf1 …" "…"`, strings joined as SPF joins them).
    pub fn parse(text: &str) -> Result<Spf, String> {
        if text.len() > MAX_RECORD {
            return Err(format!("it is longer than {MAX_RECORD} characters"));
        }
        let text = unquote(text.trim())?;
        if let Some(c) = text.chars().find(|c| !c.is_ascii() || c.is_ascii_control()) {
            return Err(format!(
                "it has the character U+{:04X}; SPF records are plain ASCII",
                c as u32
            ));
        }
        let mut words = text.split_ascii_whitespace();
        match words.next() {
            Some(v) if v.eq_ignore_ascii_case("v=spf1") => {}
            _ => return Err("it does not start with v=spf1".into()),
        }
        let terms: Vec<String> = words.map(str::to_string).collect();
        // Whether redirect= and exp= were seen: each may appear once.
        let mut seen = [false; 2];
        for term in &terms {
            if term.eq_ignore_ascii_case("v=spf1") {
                return Err("it holds v=spf1 twice: two records pasted as one".into());
            }
            if let Some((name, _)) = modifier(term) {
                let name = name.to_ascii_lowercase();
                if let Some(i) = ["redirect", "exp"].iter().position(|m| *m == name) {
                    if std::mem::replace(&mut seen[i], true) {
                        return Err(format!("it has {name}= twice"));
                    }
                }
            }
            check_term(term)?;
        }
        Ok(Spf { terms })
    }

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

/// Checks one term: a known mechanism with a valid argument, or a modifier.
pub(crate) fn check_term(term: &str) -> Result<(), String> {
    if let Some((name, value)) = modifier(term) {
        let valid_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !valid_name {
            return Err(format!("\"{term}\" is not a valid modifier"));
        }
        if name.eq_ignore_ascii_case("redirect") && value.is_empty() {
            return Err("redirect= needs a domain".into());
        }
        return Ok(());
    }
    let (name, argument) = mechanism(term);
    let argument = argument.as_deref();
    match (name.as_str(), argument) {
        ("all", None) => Ok(()),
        ("include" | "exists", Some(a)) if !a.is_empty() => Ok(()),
        ("include" | "exists", _) => Err(format!("\"{term}\" needs a domain after the colon")),
        ("a" | "mx" | "ptr", None) => Ok(()),
        ("a" | "mx", Some(a)) if a.starts_with('/') => cidr_lengths(term, a),
        ("a" | "mx" | "ptr", Some(a)) if a.starts_with(':') && a.len() > 1 => {
            match a[1..].split_once('/') {
                Some((_, lengths)) => cidr_lengths(term, &format!("/{lengths}")),
                None => Ok(()),
            }
        }
        ("ip4" | "ip6", Some(a)) => {
            let (ip, prefix) = match a.split_once('/') {
                Some((ip, prefix)) => (ip, Some(prefix)),
                None => (a, None),
            };
            let ip: IpAddr = ip
                .parse()
                .map_err(|_| format!("\"{term}\" does not hold a valid IP address"))?;
            if (name == "ip4") != ip.is_ipv4() {
                return Err(format!(
                    "\"{term}\": ip4 takes IPv4 addresses and ip6 IPv6 ones"
                ));
            }
            let max = if ip.is_ipv4() { 32 } else { 128 };
            match prefix.map(str::parse::<u8>) {
                None => Ok(()),
                Some(Ok(p)) if p <= max => Ok(()),
                Some(_) => Err(format!("\"{term}\" has a prefix length above {max}")),
            }
        }
        ("ip4" | "ip6", None) => Err(format!("\"{term}\" needs an address after the colon")),
        ("all", Some(_)) => Err(format!("\"{term}\": all takes nothing after it")),
        _ => Err(format!(
            "\"{term}\" is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists)"
        )),
    }
}

/// Checks `/24` or `/24//64` after `a` or `mx`.
fn cidr_lengths(term: &str, lengths: &str) -> Result<(), String> {
    let mut parts = lengths.trim_start_matches('/').split("//");
    let v4 = parts.next().unwrap_or("");
    let v6 = parts.next();
    let ok4 = v4.is_empty() || v4.parse::<u8>().is_ok_and(|n| n <= 32);
    let ok6 = v6.is_none_or(|n| n.parse::<u8>().is_ok_and(|n| n <= 128));
    if ok4 && ok6 && parts.next().is_none() {
        Ok(())
    } else {
        Err(format!("\"{term}\" has an invalid prefix length"))
    }
}

/// A modifier's name and value (`redirect=_spf.contoso.com`), if the term is one.
fn modifier(term: &str) -> Option<(&str, &str)> {
    let (name, value) = term.split_once('=')?;
    // `include:a=b` is a mechanism whose domain holds '='.
    (!name.contains(':') && !name.contains('/')).then_some((name, value))
}

/// A term's lower-case mechanism name (or modifier name) and the rest after the name.
fn mechanism(term: &str) -> (String, Option<String>) {
    if let Some((name, _)) = modifier(term) {
        return (name.to_ascii_lowercase(), None);
    }
    let bare = term.trim_start_matches(['+', '-', '~', '?']);
    let end = bare.find([':', '/']).unwrap_or(bare.len());
    let rest = &bare[end..];
    let argument = match rest.strip_prefix(':') {
        Some(a)
            if matches!(
                bare[..end].to_ascii_lowercase().as_str(),
                "a" | "mx" | "ptr"
            ) =>
        {
            Some(format!(":{a}"))
        }
        Some(a) => Some(a.to_string()),
        None if rest.is_empty() => None,
        None => Some(rest.to_string()),
    };
    (bare[..end].to_ascii_lowercase(), argument)
}

/// A term for comparison: lower case, without the default `+` qualifier.
fn normalise(term: &str) -> String {
    term.strip_prefix('+').unwrap_or(term).to_ascii_lowercase()
}

/// Joins zone-file quoted strings (`"v=spf1 a" " -all"`); other text is returned as is.
fn unquote(text: &str) -> Result<String, String> {
    if !text.starts_with('"') {
        return Ok(text.to_string());
    }
    let mut out = String::new();
    let mut chars = text.chars();
    loop {
        match chars.next() {
            None => return Ok(out),
            Some(c) if c.is_whitespace() => {}
            Some('"') => loop {
                match chars.next() {
                    None => return Err("a quote is not closed".into()),
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(c) => out.push(c),
                        None => return Err("it ends with a backslash".into()),
                    },
                    Some(c) => out.push(c),
                }
            },
            Some(_) => return Err("there is text outside the quotes".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spf(text: &str) -> Spf {
        Spf::parse(text).unwrap()
    }

    #[test]
    fn reads_records_as_published() {
        let record = spf("\"v=spf1 mx ip4:203.0.113.10 \" \"include:_spf.example.net -all\"");
        assert_eq!(
            record.terms,
            ["mx", "ip4:203.0.113.10", "include:_spf.example.net", "-all"]
        );
        assert_eq!(record.lookups(), 2);
        assert_eq!(record.all(), Some("-all"));
        assert_eq!(
            spf("V=SPF1 a:mail.contoso.com/24 mx/24//64 redirect=_spf.contoso.com").lookups(),
            3
        );
    }

    #[test]
    fn rejects_what_spf_cannot_read() {
        for (bad, says) in [
            ("spf1 mx -all", "does not start"),
            ("v=spf1 mx v=spf1 -all", "twice"),
            ("v=spf1 ip4:300.1.1.1 -all", "valid IP"),
            ("v=spf1 ip4:2001:db8::1", "ip4 takes IPv4"),
            ("v=spf1 ip4:10.0.0.0/33", "prefix length"),
            ("v=spf1 include: -all", "needs a domain"),
            ("v=spf1 foo -all", "not an SPF mechanism"),
            ("v=spf1 redirect=a.example redirect=b.example", "twice"),
            ("\"v=spf1 mx", "not closed"),
            ("v=spf1 mx\u{a0}-all", "U+00A0"),
        ] {
            let error = Spf::parse(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
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

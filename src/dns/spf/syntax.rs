//! Reading an SPF record (RFC 7208): the record as published, each term checked, and the
//! parts of a term (mechanism name, comparable form) that the merging compares.

use std::net::IpAddr;

use super::{MAX_RECORD, Spf};

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
pub(super) fn mechanism(term: &str) -> (String, Option<String>) {
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
pub(super) fn normalise(term: &str) -> String {
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
}

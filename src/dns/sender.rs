//! An on-premises sender: one server or network that keeps sending mail for the domain
//! during the migration, and the SPF term that authorises it.
//!
//! A sender value names one host, address or network, nothing more. SPF syntax in it
//! (`include:evil.example +all`) would go into the planned record as it is and could
//! authorise every server on the internet, so it is refused (DNS016) rather than
//! passed on: what the admin typed decides who may send as the domain.

use std::net::IpAddr;

use super::name::{self, Allow};
use super::spf::check_term;
use crate::finding::{Rule, Severity};

/// DNS016: SPF syntax where one server was expected.
pub static SPF_SYNTAX: Rule = Rule {
    code: "DNS016",
    severity: Severity::Error,
    title: "An on-premises sender holds SPF syntax, not one server",
    help: "Give each server that keeps sending mail as one IP address (203.0.113.10), range (203.0.113.0/28) or host name (mail.contoso.com) per value. Qualifiers (+ - ~ ?), all, include, exists, ptr, mx, modifiers and several values in one would change who may send as the domain (+all lets any server on the internet); if you mean them, edit the SPF record yourself.",
};

/// The sender findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[&SPF_SYNTAX];

/// Why a sender value cannot become a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SenderError {
    /// SPF syntax beyond one server (DNS016).
    Spf(String),
    /// Not an address, range or host name (DNS023).
    Invalid(String),
}

/// The SPF term for an on-premises sender: an address or range becomes `ip4:`/`ip6:`, a
/// host name `a:`. The same written as one `ip4:`, `ip6:` or `a:` term is taken too.
pub fn sender_term(text: &str) -> Result<String, SenderError> {
    let text = text.trim();
    let spf = |why: &str| Err(SenderError::Spf(why.to_string()));
    if text.contains(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        return spf("it holds several values; give one server per value");
    }
    if text.starts_with(['+', '-', '~', '?']) {
        return spf("it starts with an SPF qualifier (+, -, ~ or ?)");
    }
    if let Some(term) = address_or_range(text, None)? {
        return Ok(term);
    }
    if text.contains('=') {
        return spf("it is an SPF modifier (such as redirect=), not a server");
    }
    let (mechanism, argument) = match text.split_once(':') {
        Some((m, a)) => (m.to_ascii_lowercase(), Some(a)),
        None => (text.to_ascii_lowercase(), None),
    };
    match (mechanism.as_str(), argument) {
        ("ip4" | "ip6", Some(ip)) => address_or_range(ip, Some(&mechanism))?.ok_or_else(|| {
            SenderError::Invalid(format!("{mechanism}: does not hold an IP address or range"))
        }),
        ("a", Some(host)) if !host.contains(['/', ':']) => host_term(host),
        ("all" | "include" | "exists" | "ptr" | "mx" | "a" | "ip4" | "ip6", _) => {
            Err(SenderError::Spf(format!(
                "it is the SPF term {mechanism}, which does not name one server"
            )))
        }
        (_, Some(_)) => Err(SenderError::Invalid(
            "it is not an IP address, a range or a host name".into(),
        )),
        (_, None) => host_term(text),
    }
}

/// The `ip4:`/`ip6:` term for an address or range; `None` if `text` is neither. With
/// `wanted`, the address must be of that family.
fn address_or_range(text: &str, wanted: Option<&str>) -> Result<Option<String>, SenderError> {
    let (ip, prefix) = match text.split_once('/') {
        Some((ip, prefix)) => (ip, Some(prefix)),
        None => (text, None),
    };
    let Ok(ip) = ip.parse::<IpAddr>() else {
        return Ok(None);
    };
    let mechanism = if ip.is_ipv4() { "ip4" } else { "ip6" };
    if wanted.is_some_and(|w| w != mechanism) {
        return Err(SenderError::Invalid(format!(
            "{mechanism} addresses go after {mechanism}:, not {}:",
            wanted.unwrap_or_default()
        )));
    }
    let term = match prefix {
        Some(prefix) => format!("{mechanism}:{ip}/{prefix}"),
        None => format!("{mechanism}:{ip}"),
    };
    check_term(&term).map_err(SenderError::Invalid)?;
    Ok(Some(term))
}

/// The `a:` term for a host name.
fn host_term(text: &str) -> Result<String, SenderError> {
    match name::parse(text, Allow::Hostname) {
        Ok(host) => Ok(format!("a:{}", host.ascii)),
        Err(why) => Err(SenderError::Invalid(format!(
            "it is not an IP address or a range, and as a host name {why}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> String {
        match sender_term(text) {
            Err(SenderError::Spf(why)) => why,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn servers_become_terms() {
        assert_eq!(sender_term(" 203.0.113.10 ").unwrap(), "ip4:203.0.113.10");
        assert_eq!(sender_term("2001:db8::25").unwrap(), "ip6:2001:db8::25");
        assert_eq!(sender_term("203.0.113.0/28").unwrap(), "ip4:203.0.113.0/28");
        assert_eq!(
            sender_term("Mail.Contoso.com").unwrap(),
            "a:mail.contoso.com"
        );
        assert_eq!(sender_term("IP4:198.51.100.7").unwrap(), "ip4:198.51.100.7");
        assert_eq!(
            sender_term("ip6:2001:db8::/48").unwrap(),
            "ip6:2001:db8::/48"
        );
        assert_eq!(
            sender_term("a:mail.contoso.com").unwrap(),
            "a:mail.contoso.com"
        );
    }

    #[test]
    fn spf_syntax_is_refused_with_the_reason() {
        assert!(refused("include:evil.example +all").contains("several values"));
        assert!(refused("include:_spf.example.net").contains("include"));
        assert!(refused("+all").contains("qualifier"));
        assert!(refused("-all").contains("qualifier"));
        assert!(refused("all").contains("all"));
        assert!(refused("mx").contains("mx"));
        assert!(refused("a").contains("one server"));
        assert!(refused("redirect=_spf.example.net").contains("modifier"));
        assert!(refused("203.0.113.10,203.0.113.11").contains("several"));
        assert!(refused("exists:%{i}.example").contains("exists"));
    }

    #[test]
    fn values_that_name_nothing_are_invalid() {
        for (text, says) in [
            ("203.0.113.0/40", "prefix"),
            ("ip4:2001:db8::1", "after ip6:"),
            ("ip4:mail.contoso.com", "IP address"),
            ("mail.contoso.com:25", "host name"),
            ("bad_host!", "host name"),
        ] {
            match sender_term(text) {
                Err(SenderError::Invalid(why)) => assert!(why.contains(says), "{text}: {why}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}

//! What the admin tells the DNS planner, and the checks on it.
//!
//! Every field is text as the admin typed or pasted it. [`check`] turns it into checked
//! values and a finding for each value that cannot be used; the plan leaves out only the
//! records that depend on a bad value.

use serde::{Deserialize, Serialize};

use std::collections::HashSet;

use super::name::{self, Allow, DomainName};
use super::sender::{self, SenderError};
use super::spf::{self, Spf};
use super::verification::{Verification, parse_verification};
use crate::finding::{Finding, Rule, Severity};

/// DNS001: no domain.
pub static NO_DOMAIN: Rule = Rule {
    code: "DNS001",
    severity: Severity::Error,
    title: "No domain given",
    help: "Give the e-mail domain that moves to Exchange Online, e.g. contoso.com.",
};

/// DNS002: a domain name that DNS cannot hold.
pub static BAD_DOMAIN: Rule = Rule {
    code: "DNS002",
    severity: Severity::Error,
    title: "The domain name is not valid",
    help: "Give the domain as it appears after @ in the addresses: letters, digits and hyphens, parts separated by dots, each part at most 63 characters and the whole at most 253.",
};

/// DNS003: an internationalised domain name.
pub static IDN: Rule = Rule {
    code: "DNS003",
    severity: Severity::Info,
    title: "The domain is an internationalised name; DNS uses its ASCII form",
    help: "DNS servers and registrar forms take the ASCII (xn--) form; the planned records use it.",
};

/// DNS004: a verification value that is not what the admin center shows.
pub static BAD_VERIFICATION: Rule = Rule {
    code: "DNS004",
    severity: Severity::Error,
    title: "The verification value is malformed",
    help: "Copy the value from the Microsoft 365 admin center (Settings > Domains > the domain > DNS records): MS=ms followed by 8 digits for a TXT record, or the msNNNNNNNN.msv1.invalid value for an MX record.",
};

/// DNS005: an Autodiscover namespace that is not a domain name.
pub static BAD_NAMESPACE: Rule = Rule {
    code: "DNS005",
    severity: Severity::Error,
    title: "The Autodiscover namespace is not a valid domain name",
    help: "Give the namespace the cloud organisation uses, e.g. cloud.contoso.com, or leave it empty to use the domain itself.",
};

/// DNS006: an initial domain that is not an onmicrosoft.com name.
pub static BAD_INITIAL_DOMAIN: Rule = Rule {
    code: "DNS006",
    severity: Severity::Error,
    title: "The tenant's initial domain is not valid",
    help: "Give the tenant's initial domain as the admin center shows it (Settings > Domains), e.g. contoso.onmicrosoft.com.",
};

/// DNS007: a DNSSEC MX value that is not Microsoft's form.
pub static BAD_DNSSEC_MX: Rule = Rule {
    code: "DNS007",
    severity: Severity::Error,
    title: "The DNSSEC MX value is not valid",
    help: "Copy the MX value Microsoft gives for inbound DNSSEC/DANE: it looks like contoso-com.o-v1.mx.microsoft. Leave it empty to use the usual mail.protection.outlook.com value.",
};

/// DNS008: a DKIM target that is not Microsoft's form.
pub static BAD_DKIM: Rule = Rule {
    code: "DNS008",
    severity: Severity::Error,
    title: "A DKIM target is not valid",
    help: "Copy both CNAME targets from the Microsoft Defender portal (Email authentication settings > DKIM): they look like selector1-contoso-com._domainkey.contoso.onmicrosoft.com or selector1-contoso-com._domainkey.contoso.o-v1.dkim.mail.microsoft.",
};

/// DNS009: a value the planner derived that Microsoft may derive differently.
pub static DERIVED: Rule = Rule {
    code: "DNS009",
    severity: Severity::Info,
    title: "A record value was derived by rule; compare it with Microsoft's",
    help: "The admin center (Settings > Domains > the domain > DNS records) and the Defender portal show the exact values for the tenant; when they differ, use theirs.",
};

/// DNS010: the same domain twice.
pub static DUPLICATE_DOMAIN: Rule = Rule {
    code: "DNS010",
    severity: Severity::Error,
    title: "The same domain is given twice",
    help: "Give each domain once; its records are planned together.",
};

/// The input findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[
    &NO_DOMAIN,
    &BAD_DOMAIN,
    &IDN,
    &BAD_VERIFICATION,
    &BAD_NAMESPACE,
    &BAD_INITIAL_DOMAIN,
    &BAD_DNSSEC_MX,
    &BAD_DKIM,
    &DERIVED,
    &DUPLICATE_DOMAIN,
];

/// Everything the planner needs to know; all optional except the domains.
///
/// In JavaScript the same fields are camelCase:
/// `{ domains: [{ name: "contoso.com", verification: "MS=ms12345678" }], initialDomain: "contoso.onmicrosoft.com" }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PlanInput {
    /// The e-mail domains that move to Exchange Online.
    pub domains: Vec<DomainInput>,
    /// The tenant's initial domain (`contoso.onmicrosoft.com`, or just `contoso`); with it
    /// the DKIM CNAMEs are planned.
    pub initial_domain: Option<String>,
    /// The on-premises servers that keep sending mail during the migration, one per
    /// value: IP addresses, IP ranges (`203.0.113.0/28`) or host names (also written
    /// as one `ip4:`, `ip6:` or `a:` term). Other SPF syntax is refused (DNS016).
    pub on_premises_senders: Vec<String>,
    /// When the first batch starts: `2025-03-03 09:00 +01:00`, `2025-03-03T08:00Z`, or a
    /// date alone (midnight UTC).
    pub first_batch: Option<String>,
    /// When the MX records are switched, in the same form.
    pub cutover: Option<String>,
}

/// One domain and what the admin center and the current DNS say about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct DomainInput {
    /// The domain, e.g. `contoso.com` (Unicode or ASCII form).
    pub name: String,
    /// The verification value from the admin center: `MS=ms12345678` (TXT) or
    /// `ms12345678.msv1.invalid` (MX).
    pub verification: Option<String>,
    /// The namespace for Autodiscover if it is not the domain itself, e.g.
    /// `cloud.contoso.com`.
    pub autodiscover_namespace: Option<String>,
    /// The MX value Microsoft gives for inbound DNSSEC/DANE, e.g.
    /// `contoso-com.o-v1.mx.microsoft`; replaces the usual MX value.
    pub dnssec_mx: Option<String>,
    /// The DKIM CNAME target for `selector1._domainkey`, as the Defender portal shows it.
    pub dkim_selector1: Option<String>,
    /// The DKIM CNAME target for `selector2._domainkey`.
    pub dkim_selector2: Option<String>,
    /// The SPF record published now, to merge into (never publish two).
    pub existing_spf: Option<String>,
    /// The TTL, in seconds, of the MX records published now.
    pub mx_ttl: Option<u32>,
}

impl DomainInput {
    /// A domain with nothing else known about it.
    pub fn new(name: impl Into<String>) -> DomainInput {
        DomainInput {
            name: name.into(),
            ..DomainInput::default()
        }
    }
}

/// A domain with every usable value checked.
#[derive(Debug, Clone)]
pub struct CheckedDomain {
    /// The domain.
    pub name: DomainName,
    /// The verification record, if a valid value was given.
    pub verification: Option<Verification>,
    /// The namespace whose `autodiscover` name gets the CNAME.
    pub autodiscover: DomainName,
    /// The DNSSEC MX value, if given and valid.
    pub dnssec_mx: Option<String>,
    /// DKIM CNAME targets given by the admin, if both are valid.
    pub dkim: Option<[String; 2]>,
    /// The SPF record published now, if given and valid.
    pub existing_spf: Option<Spf>,
    /// Whether an existing SPF record was given but could not be read.
    pub existing_spf_invalid: bool,
    /// The TTL of the MX records published now.
    pub mx_ttl: Option<u32>,
}

/// The input with every usable value checked.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// The valid domains, in input order.
    pub domains: Vec<CheckedDomain>,
    /// The initial domain, `contoso.onmicrosoft.com`.
    pub initial_domain: Option<DomainName>,
    /// The on-premises senders as SPF terms (`ip4:…`, `a:…`).
    pub senders: Vec<String>,
}

/// Checks the input: the usable values, and a finding for each value that is not.
pub fn check(input: &PlanInput, out: &mut Vec<Finding>) -> Checked {
    let mut checked = Checked::default();
    if input.domains.iter().all(|d| d.name.trim().is_empty()) {
        out.push(NO_DOMAIN.finding("No domain was given, so there are no records to plan."));
    }
    for domain in input.domains.iter().filter(|d| !d.name.trim().is_empty()) {
        if let Some(d) = check_domain(domain, out) {
            if checked.domains.iter().any(|c| c.name == d.name) {
                out.push(
                    DUPLICATE_DOMAIN.finding(format!("{} is given more than once.", d.name.ascii)),
                );
            } else {
                checked.domains.push(d);
            }
        }
    }
    if let Some(initial) = input
        .initial_domain
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        let full = if initial.contains('.') {
            initial.to_string()
        } else {
            format!("{}.onmicrosoft.com", initial.trim())
        };
        match name::parse(&full, Allow::Hostname) {
            Ok(n) if n.ascii.ends_with(".onmicrosoft.com") && n.ascii.matches('.').count() == 2 => {
                checked.initial_domain = Some(n)
            }
            Ok(n) => out.push(BAD_INITIAL_DOMAIN.finding(format!(
                "\"{}\" is not an initial domain: it is the tenant name followed by .onmicrosoft.com.",
                n.ascii
            ))),
            Err(why) => out.push(
                BAD_INITIAL_DOMAIN
                    .finding(format!("The initial domain \"{initial}\" is not valid: {why}.")),
            ),
        }
    }
    let mut seen = HashSet::new();
    for sender in input
        .on_premises_senders
        .iter()
        .filter(|s| !s.trim().is_empty())
    {
        match sender::sender_term(sender) {
            Ok(term) if seen.insert(term.clone()) => checked.senders.push(term),
            Ok(_) => {}
            Err(SenderError::Spf(why)) => out.push(sender::SPF_SYNTAX.finding(format!(
                "The on-premises sender \"{}\" was left out of the SPF record: {why}.",
                sender.trim()
            ))),
            Err(SenderError::Invalid(why)) => out.push(spf::BAD_SENDER.finding(format!(
                "The on-premises sender \"{}\" cannot go into SPF: {why}.",
                sender.trim()
            ))),
        }
    }
    checked
}

/// Checks one domain; `None` if the domain name itself is unusable.
fn check_domain(input: &DomainInput, out: &mut Vec<Finding>) -> Option<CheckedDomain> {
    let name = match name::parse(&input.name, Allow::Hostname) {
        Ok(name) => name,
        Err(why) => {
            out.push(BAD_DOMAIN.finding(format!(
                "The domain \"{}\" is not valid: {why}.",
                input.name.trim()
            )));
            return None;
        }
    };
    if let Some(unicode) = &name.unicode {
        out.push(IDN.finding(format!(
            "{unicode} is written {} in DNS; the records use that form.",
            name.ascii
        )));
    }
    let domain = &name.ascii;
    let verification = given(&input.verification).and_then(|v| match parse_verification(v) {
        Ok(v) => Some(v),
        Err(why) => {
            out.push(BAD_VERIFICATION.finding(format!(
                "The verification value for {domain} is malformed: {why}."
            )));
            None
        }
    });
    let autodiscover = match given(&input.autodiscover_namespace) {
        None => name.clone(),
        Some(ns) => match name::parse(ns, Allow::Hostname) {
            Ok(ns) => ns,
            Err(why) => {
                out.push(BAD_NAMESPACE.finding(format!(
                    "The Autodiscover namespace \"{}\" for {domain} is not valid: {why}.",
                    ns.trim()
                )));
                name.clone()
            }
        },
    };
    let dnssec_mx = given(&input.dnssec_mx).and_then(|v| match name::parse(v, Allow::Hostname) {
        Ok(mx) if mx.ascii.ends_with(".mx.microsoft") => Some(mx.ascii),
        Ok(mx) => {
            out.push(BAD_DNSSEC_MX.finding(format!(
                "The DNSSEC MX value \"{}\" for {domain} does not end in .mx.microsoft.",
                mx.ascii
            )));
            None
        }
        Err(why) => {
            out.push(BAD_DNSSEC_MX.finding(format!(
                "The DNSSEC MX value for {domain} is not a valid name: {why}."
            )));
            None
        }
    });
    let dkim = check_dkim(domain, input, out);
    let mut existing_spf_invalid = false;
    let existing_spf = given(&input.existing_spf).and_then(|v| match Spf::parse(v) {
        Ok(spf) => Some(spf),
        Err(_) if v.len() > spf::MAX_RECORD => {
            existing_spf_invalid = true;
            out.push(spf::TOO_LONG_TO_READ.finding(format!(
                "The existing SPF record of {domain} is longer than {} characters, so it was not read and no SPF record is planned for {domain}.",
                spf::MAX_RECORD
            )));
            None
        }
        Err(why) => {
            existing_spf_invalid = true;
            out.push(spf::BAD_EXISTING.finding(format!(
                "The existing SPF record of {domain} cannot be read: {why}."
            )));
            None
        }
    });
    Some(CheckedDomain {
        name,
        verification,
        autodiscover,
        dnssec_mx,
        dkim,
        existing_spf,
        existing_spf_invalid,
        mx_ttl: input.mx_ttl,
    })
}

/// Both DKIM targets, if given and valid.
fn check_dkim(domain: &str, input: &DomainInput, out: &mut Vec<Finding>) -> Option<[String; 2]> {
    let one = given(&input.dkim_selector1);
    let two = given(&input.dkim_selector2);
    if one.is_none() && two.is_none() {
        return None;
    }
    let mut targets = Vec::new();
    for (selector, value) in [(1, one), (2, two)] {
        let Some(value) = value else {
            out.push(BAD_DKIM.finding(format!(
                "Only one DKIM target is given for {domain}: selector{selector} is missing. Microsoft publishes two."
            )));
            return None;
        };
        match name::parse(value, Allow::Underscore) {
            Ok(target)
                if target.ascii.contains("._domainkey.")
                    && (target.ascii.ends_with(".onmicrosoft.com")
                        || target.ascii.ends_with(".dkim.mail.microsoft")) =>
            {
                targets.push(target.ascii)
            }
            Ok(target) => {
                out.push(BAD_DKIM.finding(format!(
                    "The selector{selector} target \"{}\" for {domain} is not a Microsoft DKIM name (…._domainkey.….onmicrosoft.com or ….dkim.mail.microsoft).",
                    target.ascii
                )));
                return None;
            }
            Err(why) => {
                out.push(BAD_DKIM.finding(format!(
                    "The selector{selector} target for {domain} is not valid: {why}."
                )));
                return None;
            }
        }
    }
    let [a, b]: [String; 2] = targets.try_into().ok()?;
    Some([a, b])
}

/// The value, if it is not empty.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(input: &PlanInput) -> Vec<&'static str> {
        let mut out = Vec::new();
        check(input, &mut out);
        out.iter().map(|f| f.code).collect()
    }

    #[test]
    fn reports_each_bad_value_and_keeps_the_rest() {
        let input = PlanInput {
            domains: vec![
                DomainInput {
                    verification: Some("MS=ms1".into()),
                    autodiscover_namespace: Some("cloud..contoso.com".into()),
                    dnssec_mx: Some("contoso-com.mail.protection.outlook.com".into()),
                    dkim_selector1: Some(
                        "selector1-contoso-com._domainkey.contoso.onmicrosoft.com".into(),
                    ),
                    existing_spf: Some("v=spf1 foo -all".into()),
                    ..DomainInput::new("contoso.com")
                },
                DomainInput::new("bad_domain.com"),
                DomainInput::new("CONTOSO.com"),
            ],
            initial_domain: Some("contoso.com".into()),
            on_premises_senders: vec!["300.1.1.1".into()],
            ..PlanInput::default()
        };
        let mut out = Vec::new();
        let checked = check(&input, &mut out);
        let codes: Vec<_> = out.iter().map(|f| f.code).collect();
        for code in [
            "DNS002", "DNS004", "DNS005", "DNS006", "DNS007", "DNS008", "DNS010", "DNS020",
            "DNS023",
        ] {
            assert!(codes.contains(&code), "{code} missing from {codes:?}");
        }
        assert_eq!(checked.domains.len(), 1);
        let d = &checked.domains[0];
        assert_eq!(d.autodiscover.ascii, "contoso.com");
        assert!(d.verification.is_none() && d.dkim.is_none() && d.dnssec_mx.is_none());
        assert!(d.existing_spf_invalid);
    }

    #[test]
    fn no_domain_and_idn() {
        assert_eq!(codes(&PlanInput::default()), ["DNS001"]);
        let idn = PlanInput {
            domains: vec![DomainInput::new("bücher.example")],
            initial_domain: Some("contoso".into()),
            ..PlanInput::default()
        };
        assert_eq!(codes(&idn), ["DNS003"]);
    }
}

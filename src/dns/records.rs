//! The records one domain needs: verification, SPF, DKIM, MX and Autodiscover, each
//! tagged with its phase.

use super::input::{self, Checked, CheckedDomain};
use super::plan::{AUTODISCOVER_TARGET, Phase, PlannedRecord, RecordType, Role, TTL};
use super::spf;
use super::verification::Verification;
use crate::finding::{Finding, Rule, Severity};

/// DNS014: the MX name cannot be derived.
pub static MX_NOT_DERIVED: Rule = Rule {
    code: "DNS014",
    severity: Severity::Warning,
    title: "The Exchange Online MX value cannot be derived for this domain",
    help: "Copy the MX value from the Microsoft 365 admin center (Settings > Domains > the domain > DNS records) and give it as the DNSSEC MX value, or add the record by hand.",
};

/// The verification MX's priority when no MX record is known to be higher: a high
/// number (a low priority), as Microsoft's DNS-host articles show it.
pub const VERIFICATION_MX_PRIORITY: u16 = 32_767;

/// The verification MX's priority and the note that says why, given the highest
/// priority number of the MX records published now (if known). Microsoft: "to avoid
/// conflicts with the MX record used for mail flow, use a lower priority than the
/// priority for any existing MX records". During a staged migration the on-premises MX
/// is live: at priority 0 senders would try the verification host first.
pub(crate) fn verification_mx(domain: &str, highest: Option<u16>) -> (u16, String) {
    let priority = match highest {
        Some(h) if h >= VERIFICATION_MX_PRIORITY => h.saturating_add(1),
        _ => VERIFICATION_MX_PRIORITY,
    };
    let compared = match highest {
        None => "higher than any MX record in use is likely to have".to_string(),
        Some(u16::MAX) => format!(
            "as high as it goes: an MX record of {domain} is published at {} already, so this one cannot come after it; lower that record's number first",
            u16::MAX
        ),
        Some(h) => format!("higher than the highest MX priority published for {domain} ({h})"),
    };
    let note = format!(
        "Proves to Microsoft 365 that you own {domain} where TXT records cannot be added. Its priority number, {priority}, is {compared}, so senders keep using the on-premises MX: Microsoft says to give it a lower priority than every existing MX record. Remove it once the domain is verified."
    );
    (priority, note)
}

/// The record findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[&MX_NOT_DERIVED];

/// The records of one domain, in the order they go in.
pub(crate) fn records(
    d: &CheckedDomain,
    checked: &Checked,
    findings: &mut Vec<Finding>,
) -> Vec<PlannedRecord> {
    let domain = d.name.ascii.as_str();
    let record =
        |name: &str, r#type, value: String, priority, phase, role, purpose: String| PlannedRecord {
            zone: domain.to_string(),
            name: name.to_string(),
            r#type,
            value,
            ttl: TTL,
            priority,
            phase,
            role,
            purpose,
        };
    let mut out = Vec::new();

    // Proving the domain.
    match &d.verification {
        Some(Verification::Txt(value)) => out.push(record(
            domain,
            RecordType::Txt,
            value.clone(),
            None,
            Phase::BeforeFirstBatch,
            Role::Verification,
            format!(
                "Proves to Microsoft 365 that you own {domain}. It may stay after verification."
            ),
        )),
        Some(Verification::Mx(value)) => {
            let (priority, note) = verification_mx(domain, None);
            out.push(record(
                domain,
                RecordType::Mx,
                value.clone(),
                Some(priority),
                Phase::BeforeFirstBatch,
                Role::VerificationMx,
                note,
            ))
        }
        None => {}
    }

    // SPF: one record, merged, counted.
    if !d.existing_spf_invalid {
        out.push(spf_record(d, checked, findings));
    }

    // DKIM: the targets given, or derived in the older tenants' format.
    let dkim = d.dkim.clone().or_else(|| {
        let initial = checked.initial_domain.as_ref()?;
        let tenant = initial.ascii.strip_suffix(".onmicrosoft.com")?;
        findings.push(input::DERIVED.finding(format!(
            "The DKIM targets for {domain} are derived in the format of older tenants (…._domainkey.{tenant}.onmicrosoft.com); newer tenants get ….dkim.mail.microsoft targets. Copy the exact values from the Defender portal if they differ."
        )));
        Some([1, 2].map(|n| {
            format!("selector{n}-{}._domainkey.{tenant}.onmicrosoft.com", d.name.hyphenated())
        }))
    });
    for (n, target) in (1..).zip(dkim.into_iter().flatten()) {
        out.push(record(
            &format!("selector{n}._domainkey.{domain}"),
            RecordType::Cname,
            target,
            None,
            Phase::BeforeFirstBatch,
            Role::Dkim,
            format!("DKIM key {n} of 2 for mail Exchange Online sends from {domain}. After publishing both, turn on DKIM signing for {domain} in the Microsoft Defender portal (Email authentication settings)."),
        ));
    }

    // MX at cutover.
    if let Some((value, note)) = mx_value(d, findings) {
        out.push(record(
            domain,
            RecordType::Mx,
            value,
            Some(0),
            Phase::AtCutover,
            Role::Mx,
            format!("Routes mail for {domain} to Exchange Online{note}. Publish it once every batch has synced, and delete every other MX record of {domain} at the same time."),
        ));
    }

    // Autodiscover at cutover, in the cloud namespace.
    let namespace = &d.autodiscover.ascii;
    let mut autodiscover = record(
        &format!("autodiscover.{namespace}"),
        RecordType::Cname,
        AUTODISCOVER_TARGET.to_string(),
        None,
        Phase::AtCutover,
        Role::Autodiscover,
        format!(
            "Lets Outlook and mobile clients find the cloud mailboxes. Publish it once every mailbox is migrated, and delete any other record (A, AAAA, CNAME) at autodiscover.{namespace} at the same time."
        ),
    );
    if !d.name.contains(namespace) {
        autodiscover.zone = namespace.clone();
    }
    out.push(autodiscover);
    out
}

/// The Exchange Online MX value and a note on where it comes from, if it is known.
fn mx_value(d: &CheckedDomain, findings: &mut Vec<Finding>) -> Option<(String, &'static str)> {
    let domain = &d.name.ascii;
    let hyphenated = d.name.hyphenated();
    if let Some(value) = &d.dnssec_mx {
        return Some((value.clone(), " (the inbound DNSSEC value Microsoft gave)"));
    }
    if hyphenated.len() > 63 {
        findings.push(MX_NOT_DERIVED.finding(format!(
            "{domain} is too long to derive its Exchange Online MX name (\"{hyphenated}\" would be a {}-character label, above 63), so no MX record is planned.",
            hyphenated.len()
        )));
        return None;
    }
    if domain.contains('-') || d.name.unicode.is_some() {
        findings.push(input::DERIVED.finding(format!(
            "The MX value for {domain} is derived by replacing dots with hyphens ({hyphenated}.mail.protection.outlook.com); for domains with hyphens or non-ASCII letters Microsoft may derive it differently."
        )));
    }
    Some((format!("{hyphenated}.mail.protection.outlook.com"), ""))
}

/// The one SPF record: the existing one merged with the on-premises senders and
/// Exchange Online, with its look-ups counted.
fn spf_record(d: &CheckedDomain, checked: &Checked, findings: &mut Vec<Finding>) -> PlannedRecord {
    let domain = d.name.ascii.as_str();
    let merged = spf::merge(d.existing_spf.as_ref(), &checked.senders);
    let text = merged.text();
    let lookups = merged.lookups();
    if lookups > spf::MAX_LOOKUPS {
        findings.push(spf::TOO_MANY_LOOKUPS.finding(format!(
            "The SPF record for {domain} needs {lookups} DNS look-ups before counting what its includes need (at most {}): \"{text}\".",
            spf::MAX_LOOKUPS
        )));
    }
    if text.len() > spf::LONG {
        findings.push(spf::TOO_LONG.finding(format!(
            "The SPF record for {domain} has {} characters (keep it under {}).",
            text.len(),
            spf::LONG
        )));
    }
    if let Some(all) = merged
        .all()
        .filter(|a| matches!(*a, "+all" | "all" | "?all"))
    {
        findings.push(spf::PERMISSIVE.finding(format!(
            "The SPF record for {domain} ends in {all}, which does not protect the domain."
        )));
    }
    let action = if d.existing_spf.is_some() {
        "Replaces the existing SPF record (never publish two: SPF then fails everywhere)"
            .to_string()
    } else {
        format!(
            "The record {domain} publishes now is not known here: if it has one, do not publish this record but add {} to it, before its all term, and keep every term it has (a new record would drop the on-premises server while it still sends mail for the users not yet migrated, and two SPF records make SPF fail everywhere). Publish this record only if {domain} has no SPF record; give the current record to have the merged one planned",
            spf::added_terms(&text)
        )
    };
    let senders = if checked.senders.is_empty() {
        String::new()
    } else {
        format!(
            " and the on-premises servers that keep sending ({})",
            checked.senders.join(" ")
        )
    };
    PlannedRecord {
        zone: domain.to_string(),
        name: domain.to_string(),
        r#type: RecordType::Txt,
        value: text,
        ttl: TTL,
        priority: None,
        phase: Phase::BeforeFirstBatch,
        role: Role::Spf,
        purpose: format!(
            "Authorises Exchange Online{senders} to send as {domain}. {action}. It needs {lookups} of {} DNS look-ups at the top level; each include adds the look-ups of the record it names.",
            spf::MAX_LOOKUPS
        ),
    }
}

//! The DNS plan section of the readiness report: the records of [`crate::dns::plan`]
//! for the tenant's verified domains, with the dated steps around them. The renderers
//! only know this type.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use crate::dns::input::PlanInput;
use crate::dns::plan::{self, Phase, Plan, PlannedRecord, Role};
use crate::readiness::assessment::Assessment;

/// The DNS changes of the migration, as the report shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsSection {
    /// One row per record, in the order they are to be changed.
    pub records: Vec<DnsRecord>,
    /// Remarks about the plan as a whole.
    pub notes: Vec<String>,
}

/// One DNS record to add, change or remove.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsRecord {
    /// When in the migration: e.g. `before the migration`, `at cutover`, `after`.
    pub step: String,
    /// `add`, `change`, `remove`, or `add to the existing record` (terms to add to an
    /// SPF record the assessment does not give).
    pub action: String,
    /// Owner name, e.g. `contoso.com` or `autodiscover.contoso.com`.
    pub name: String,
    /// Record type, e.g. `MX`.
    pub record_type: String,
    /// Value, e.g. `0 contoso-com.mail.protection.outlook.com`.
    pub value: String,
    /// TTL in seconds, if the plan sets one.
    pub ttl: Option<u32>,
    /// Why, or what to check.
    pub note: String,
}

impl From<&Plan> for DnsSection {
    fn from(plan: &Plan) -> DnsSection {
        let records = plan
            .records
            .iter()
            .map(|r| DnsRecord {
                step: r.phase.title().to_lowercase(),
                action: if r.role == Role::Spf { "change" } else { "add" }.to_string(),
                name: r.name.clone(),
                record_type: r.r#type.as_str().to_string(),
                value: match r.priority {
                    Some(p) => format!("{p} {}", r.value),
                    None => r.value.clone(),
                },
                ttl: Some(r.ttl),
                note: r.purpose.clone(),
            })
            .collect();
        let notes = plan
            .steps
            .iter()
            .map(|s| match &s.when {
                Some(when) => format!("{} ({when}): {}", s.phase.title(), s.text),
                None => format!("{}: {}", s.phase.title(), s.text),
            })
            .collect();
        DnsSection { records, notes }
    }
}

/// The DNS plan's input from the assessment: the one mapping the DNS panel and the
/// `dns` command use ([`crate::dns::from_assessment::plan_input`]), so the report plans
/// the same records (the same SPF merge of [`crate::dns::spf`]), for `domains` (the
/// verified domains the report checks) and with `cutover`, the MX change the report's
/// other dates count from.
pub fn plan_input(
    assessment: &Assessment,
    cutover: Option<time::OffsetDateTime>,
    domains: &[String],
) -> PlanInput {
    let mut answers = assessment.clone();
    answers.tenant.verified_domains = Some(domains.to_vec());
    let mut input = crate::dns::from_assessment::plan_input(&answers);
    if let Some(cutover) = cutover.and_then(|d| d.format(&Rfc3339).ok()) {
        input.cutover = Some(cutover);
    }
    input
}

/// The DNS section for the assessment's verified domains, with its MX TTL, SPF record,
/// senders and dates (see [`plan_input`]); `None` when no domain is known.
///
/// Where the SPF record published now is not known, the section never plans a record
/// that would replace it (a new `v=spf1 include:spf.protection.outlook.com ~all` drops
/// the on-premises server while it still sends for every user not yet migrated): it
/// says which terms to add to the existing record instead.
pub fn section(
    assessment: &Assessment,
    cutover: Option<time::OffsetDateTime>,
    domains: &[String],
) -> Option<DnsSection> {
    if domains.is_empty() {
        return None;
    }
    let input = plan_input(assessment, cutover, domains);
    let mut plan = plan::plan(&input);
    let unknown: Vec<String> = input
        .domains
        .iter()
        .filter(|d| d.existing_spf.is_none())
        .map(|d| d.name.clone())
        .collect();
    let mut advised = Vec::new();
    for record in plan.records.iter_mut().filter(|r| r.role == Role::Spf) {
        if unknown.iter().any(|d| d.eq_ignore_ascii_case(&record.zone)) {
            advise(record);
            advised.push(record.zone.clone());
        }
    }
    for step in &mut plan.steps {
        let about_unknown = step.zone.as_ref().is_some_and(|z| advised.contains(z));
        if about_unknown && step.phase == Phase::AfterCutover && step.text.contains("SPF record") {
            let zone = step.zone.clone().unwrap_or_default();
            step.text = format!(
                "Once only Exchange Online sends mail as {zone}, remove the on-premises servers from its SPF record (keep every other sender it lists) and end the record with -all, so receivers reject mail from other servers."
            );
        }
    }
    let mut section = DnsSection::from(&plan);
    for (row, record) in section.records.iter_mut().zip(&plan.records) {
        if record.role == Role::Spf && advised.contains(&record.zone) {
            row.action = "add to the existing record".to_string();
        }
    }
    section.notes.extend(
        plan.findings
            .iter()
            .map(|f| format!("{}: {}", f.code, f.message)),
    );
    Some(section)
}

/// Turns the planned SPF record of a domain whose published record is not known into
/// advice: the value is the terms to add (on-premises senders and Exchange Online),
/// from the same merge the plan used.
fn advise(record: &mut PlannedRecord) {
    let terms = crate::dns::spf::added_terms(&record.value);
    let domain = &record.zone;
    record.purpose = format!(
        "The SPF record {domain} publishes now is not known (dns.publishedSpf): add {terms} to your existing SPF record, before its all term, and keep every term it has. Do not publish a new record in its place: it would drop the on-premises server while it still sends mail for every user not yet migrated, and two SPF records make SPF fail everywhere. Only if {domain} has no SPF record at all, publish \"{}\". Give the current record in dns.publishedSpf to have the merged record planned.",
        record.value
    );
    record.value = terms;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contoso() -> Assessment {
        let mut a = Assessment::default();
        a.dns.mx_ttl_seconds = Some(86_400);
        a
    }

    fn spf(section: &DnsSection) -> &DnsRecord {
        let spf: Vec<&DnsRecord> = section
            .records
            .iter()
            .filter(|r| r.record_type == "TXT" && r.note.contains("SPF"))
            .collect();
        assert_eq!(spf.len(), 1, "{section:#?}");
        spf[0]
    }

    fn section_for(a: &Assessment) -> DnsSection {
        section(a, None, &["contoso.com".to_string()]).unwrap()
    }

    #[test]
    fn a_known_record_is_merged_keeping_its_terms() {
        let mut a = contoso();
        a.dns.published_spf = Some("v=spf1 mx ip4:198.51.100.7 include:mailer.example -all".into());
        a.dns.on_premises_senders = Some(vec!["203.0.113.10".into()]);
        let section = section_for(&a);
        let record = spf(&section);
        assert_eq!(
            record.value,
            "v=spf1 mx ip4:198.51.100.7 include:mailer.example ip4:203.0.113.10 include:spf.protection.outlook.com -all"
        );
        assert_eq!(record.action, "change");
        // The same record the DNS plan makes from the same values.
        let plan = plan::plan(&plan_input(&a, None, &["contoso.com".to_string()]));
        let planned = plan.records.iter().find(|r| r.role == Role::Spf).unwrap();
        assert_eq!(planned.value, record.value);
    }

    #[test]
    fn an_unknown_record_gets_advice_never_a_replacement() {
        let section = section_for(&contoso());
        let record = spf(&section);
        assert_eq!(record.value, "include:spf.protection.outlook.com");
        assert_eq!(record.action, "add to the existing record");
        assert!(
            record
                .note
                .contains("add include:spf.protection.outlook.com to your existing SPF record"),
            "{}",
            record.note
        );
        assert!(
            !section
                .notes
                .iter()
                .any(|n| n.contains("\"v=spf1 include:spf.protection.outlook.com -all\"")),
            "{:#?}",
            section.notes
        );
        assert!(
            section
                .notes
                .iter()
                .any(|n| n.contains("keep every other sender"))
        );
    }

    #[test]
    fn senders_without_a_record_are_added_to_the_existing_one() {
        let mut a = contoso();
        a.dns.on_premises_senders =
            Some(vec!["203.0.113.10".into(), "mail.install.example".into()]);
        let section = section_for(&a);
        let record = spf(&section);
        assert_eq!(
            record.value,
            "ip4:203.0.113.10 a:mail.install.example include:spf.protection.outlook.com"
        );
        assert!(record.note.contains("add ip4:203.0.113.10 a:mail.install.example include:spf.protection.outlook.com to your existing SPF record"), "{}", record.note);
        assert!(!record.value.starts_with("v=spf1"));
    }

    #[test]
    fn the_assessment_values_reach_the_plan() {
        let mut a = contoso();
        a.tenant.initial_domain = Some("contoso.onmicrosoft.com".into());
        a.dns.verification_value = Some("MS=ms12345678".into());
        a.dns.autodiscover_host = Some("autodiscover.cloud.contoso.com".into());
        a.dns.published_spf = Some("v=spf1 mx -all".into());
        let section = section_for(&a);
        let has = |name: &str, value: &str| {
            section
                .records
                .iter()
                .any(|r| r.name == name && r.value.contains(value))
        };
        assert!(has("contoso.com", "MS=ms12345678"), "{section:#?}");
        assert!(has(
            "autodiscover.cloud.contoso.com",
            "autodiscover.outlook.com"
        ));
        assert!(has(
            "selector1._domainkey.contoso.com",
            "contoso.onmicrosoft.com"
        ));
        // An SPF record that cannot be read: no record planned, the reason is a note.
        a.dns.published_spf = Some("v=spf1 bogus:x -all".into());
        let section = section_for(&a);
        assert!(
            section
                .records
                .iter()
                .all(|r| !r.note.contains("SPF record"))
        );
        assert!(
            section.notes.iter().any(|n| n.starts_with("DNS")),
            "{:#?}",
            section.notes
        );
    }
}

//! The DNS plan section of the readiness report: the records of [`crate::dns::plan`]
//! for the tenant's verified domains, with the dated steps around them. The renderers
//! only know this type.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use crate::dns::input::{DomainInput, PlanInput};
use crate::dns::plan::{self, Plan, Role};
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
    /// `add`, `change` or `remove`.
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

/// The DNS section for the assessment's verified domains, with its MX TTL and dates:
/// the first batch and `cutover`, the MX change the report's other dates count from;
/// `None` when no domain is known.
pub fn section(
    assessment: &Assessment,
    cutover: Option<time::OffsetDateTime>,
    domains: &[String],
) -> Option<DnsSection> {
    if domains.is_empty() {
        return None;
    }
    let date = |d: Option<time::OffsetDateTime>| d.and_then(|d| d.format(&Rfc3339).ok());
    let input = PlanInput {
        domains: domains
            .iter()
            .map(|name| DomainInput {
                mx_ttl: assessment.dns.mx_ttl_seconds,
                ..DomainInput::new(name.as_str())
            })
            .collect(),
        first_batch: date(assessment.schedule.planned_start),
        cutover: date(cutover),
        ..PlanInput::default()
    };
    Some(DnsSection::from(&plan::plan(&input)))
}

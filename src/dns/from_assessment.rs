//! The assessment's answers as the DNS planner's input: one mapping, used by the CLI's
//! `dns --assessment`, the page (wasm `dnsPlanInputFromAssessment`) and the readiness
//! report, so every part plans the same records from the same answers.

use time::OffsetDateTime;

use super::input::{DomainInput, PlanInput};
use crate::readiness::assessment::Assessment;

/// The planner's input from the assessment.
///
/// - domains: `tenant.verifiedDomains`, in their order; the MX TTL
///   (`dns.mxTtlSeconds`, the largest of the domains' MX TTLs) applies to each.
/// - The answers about one domain's records (`dns.verificationValue`,
///   `dns.autodiscoverHost`, `dns.publishedSpf`) describe the first verified domain,
///   the one whose mail moves; the other domains are planned from their name alone.
/// - `dns.autodiscoverHost` may be the host (`autodiscover.cloud.contoso.com`) or the
///   namespace (`cloud.contoso.com`): both plan `autodiscover.cloud.contoso.com`.
/// - `tenant.initialDomain` plans the DKIM CNAMEs; `dns.onPremisesSenders` go into the
///   SPF record.
/// - `schedule.plannedStart` is the first batch and `schedule.plannedMxChange` the MX
///   change (the cutover), in the offset they were written in.
///
/// A caller that knows more (a flag on the command line, a field on the page, an MX
/// change derived from the last batch) sets it on the result: that wins.
pub fn plan_input(assessment: &Assessment) -> PlanInput {
    let dns = &assessment.dns;
    let domains = assessment
        .tenant
        .verified_domains
        .iter()
        .flatten()
        .filter(|d| !d.trim().is_empty())
        .enumerate()
        .map(|(i, name)| {
            let mut domain = DomainInput {
                mx_ttl: dns.mx_ttl_seconds,
                ..DomainInput::new(name.trim())
            };
            if i == 0 {
                domain.verification = dns.verification_value.clone();
                domain.autodiscover_namespace = dns.autodiscover_host.as_deref().map(namespace);
                domain.existing_spf = dns.published_spf.clone();
            }
            domain
        })
        .collect();
    PlanInput {
        domains,
        initial_domain: assessment.tenant.initial_domain.clone(),
        on_premises_senders: dns.on_premises_senders.clone().unwrap_or_default(),
        first_batch: assessment.schedule.planned_start.map(moment),
        cutover: assessment.schedule.planned_mx_change.map(moment),
    }
}

/// The Autodiscover namespace of a host: `autodiscover.cloud.contoso.com` and
/// `cloud.contoso.com` both give `cloud.contoso.com`.
fn namespace(host: &str) -> String {
    let host = host.trim().trim_end_matches('.');
    match host.get(..13) {
        Some(prefix) if prefix.eq_ignore_ascii_case("autodiscover.") => host[13..].to_string(),
        _ => host.to_string(),
    }
}

/// A moment as the planner reads it: `2026-12-07T18:00:00+01:00`, in its own offset.
fn moment(at: OffsetDateTime) -> String {
    let (h, m, _) = at.offset().as_hms();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        if at.offset().is_negative() { '-' } else { '+' },
        h.unsigned_abs(),
        m.unsigned_abs()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::plan::{Role, plan};

    const ASSESSMENT: &str = r#"{
        "tenant": {
            "verifiedDomains": ["contoso.com", "fabrikam.com"],
            "initialDomain": "contoso.onmicrosoft.com"
        },
        "dns": {
            "mxTtlSeconds": 86400,
            "verificationValue": "MS=ms12345678",
            "autodiscoverHost": "autodiscover.cloud.contoso.com",
            "publishedSpf": "v=spf1 mx -all",
            "onPremisesSenders": ["203.0.113.10"]
        },
        "schedule": {
            "plannedStart": "2026-11-30T09:00:00+01:00",
            "plannedMxChange": "2026-12-07T18:00:00+01:00"
        }
    }"#;

    #[test]
    fn every_answer_reaches_the_plan() {
        let assessment = Assessment::from_json(ASSESSMENT).unwrap();
        let input = plan_input(&assessment);
        assert_eq!(input.domains.len(), 2);
        assert_eq!(input.domains[1].verification, None);
        assert_eq!(input.domains[1].mx_ttl, Some(86_400));
        let p = plan(&input);
        let value = |role: Role| {
            p.records
                .iter()
                .filter(|r| r.role == role && r.zone.ends_with("contoso.com"))
                .map(|r| (r.name.as_str(), r.value.as_str()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            value(Role::Verification),
            [("contoso.com", "MS=ms12345678")]
        );
        assert_eq!(
            value(Role::Spf),
            [(
                "contoso.com",
                "v=spf1 mx ip4:203.0.113.10 include:spf.protection.outlook.com -all"
            )]
        );
        assert_eq!(
            value(Role::Autodiscover)[0].0,
            "autodiscover.cloud.contoso.com"
        );
        assert_eq!(value(Role::Dkim).len(), 2);
        assert!(
            p.steps
                .iter()
                .any(|s| s.when.as_deref() == Some("2026-12-07 18:00 +01:00")),
            "{:?}",
            p.steps
        );
        assert!(p.steps.iter().any(|s| s.text.contains("from 86,400 s")));
        assert_eq!(
            p.mx_change.map(|m| m.iso()).as_deref(),
            Some("2026-12-07T18:00:00+01:00")
        );
        assert!(!p.has_errors(), "{:?}", p.findings);
    }

    #[test]
    fn an_empty_assessment_plans_nothing_and_says_so() {
        let input = plan_input(&Assessment::default());
        assert!(input.domains.is_empty());
        assert_eq!(input, PlanInput::default());
        assert_eq!(
            namespace("Autodiscover.cloud.contoso.com."),
            "cloud.contoso.com"
        );
        assert_eq!(namespace("cloud.contoso.com"), "cloud.contoso.com");
        assert_eq!(namespace("autodiscover"), "autodiscover");
    }
}

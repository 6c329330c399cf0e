//! The DNS plan: the records a staged migration needs, when each goes in, and the steps
//! around them.
//!
//! [`Plan`] is serialised as is (JSON, JS) with stable field names; the readiness report
//! embeds it.

use serde::Serialize;

use super::input::{self, PlanInput};
use super::name::DomainName;
use super::steps::Dates;
use crate::finding::{Finding, Severity};

/// The TTL of every planned record, and the most an MX TTL should be before cutover.
pub const TTL: u32 = 3600;

/// Hours to wait after the MX change before deleting migration batches.
pub const WAIT_HOURS: i64 = 72;

/// The items grouped by phase, in their order within each phase.
fn by_phase<T>(items: Vec<T>, phase: impl Fn(&T) -> Phase) -> Vec<T> {
    let mut groups: [Vec<T>; 4] = Default::default();
    for item in items {
        let i = Phase::ALL
            .iter()
            .position(|p| *p == phase(&item))
            .unwrap_or(0);
        groups[i].push(item);
    }
    groups.into_iter().flatten().collect()
}

/// Seconds for people: `86,400 s`.
pub fn seconds(n: impl Into<i64>) -> String {
    let digits = n.into().unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out} s")
}

/// The Autodiscover CNAME target for Exchange Online.
pub const AUTODISCOVER_TARGET: &str = "autodiscover.outlook.com";

/// When in the migration a record goes in or a step is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Before the first migration batch starts.
    BeforeFirstBatch,
    /// While batches sync.
    DuringMigration,
    /// When every batch has synced and mail switches to Exchange Online.
    AtCutover,
    /// After the MX change.
    AfterCutover,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 4] = [
        Phase::BeforeFirstBatch,
        Phase::DuringMigration,
        Phase::AtCutover,
        Phase::AfterCutover,
    ];

    /// The name used in JSON: `before-first-batch`, `during-migration`, `at-cutover`,
    /// `after-cutover`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::BeforeFirstBatch => "before-first-batch",
            Phase::DuringMigration => "during-migration",
            Phase::AtCutover => "at-cutover",
            Phase::AfterCutover => "after-cutover",
        }
    }

    /// A heading for people.
    pub fn title(self) -> &'static str {
        match self {
            Phase::BeforeFirstBatch => "Before the first batch",
            Phase::DuringMigration => "During the migration",
            Phase::AtCutover => "At cutover",
            Phase::AfterCutover => "After cutover",
        }
    }
}

/// The record types the plan uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    /// Text: verification and SPF.
    Txt,
    /// Mail exchanger.
    Mx,
    /// Alias: Autodiscover and DKIM.
    Cname,
}

impl RecordType {
    /// `TXT`, `MX` or `CNAME`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Txt => "TXT",
            RecordType::Mx => "MX",
            RecordType::Cname => "CNAME",
        }
    }
}

/// What a planned record is for; renderers and the comparison key on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The `MS=ms…` TXT record that proves the domain.
    Verification,
    /// The `ms….msv1.invalid` MX record that proves the domain.
    VerificationMx,
    /// The one SPF record of the name.
    Spf,
    /// The Exchange Online MX record; replaces every other MX.
    Mx,
    /// The Autodiscover CNAME; replaces any other record at its name.
    Autodiscover,
    /// A DKIM selector CNAME.
    Dkim,
}

/// One record to publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedRecord {
    /// The zone the record goes in (the domain, or the Autodiscover namespace when that
    /// is not under the domain).
    pub zone: String,
    /// The owner name, fully qualified, without the trailing dot.
    pub name: String,
    /// `TXT`, `MX` or `CNAME`.
    pub r#type: RecordType,
    /// The value: TXT text without quotes, or a host name without the trailing dot.
    pub value: String,
    /// Time to live in seconds.
    pub ttl: u32,
    /// MX priority (preference); absent for other types.
    pub priority: Option<u16>,
    /// When it goes in.
    pub phase: Phase,
    /// What it is for.
    pub role: Role,
    /// Why, in a sentence or two.
    pub purpose: String,
}

/// Something to do at a moment of the migration, dated when dates were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// The phase it belongs to.
    pub phase: Phase,
    /// When, e.g. `2025-03-03 09:00 +01:00` (by then, or not before then, as the text
    /// says); absent without dates.
    pub when: Option<String>,
    /// The domain it is about, if one.
    pub zone: Option<String>,
    /// What to do.
    pub text: String,
}

/// Everything the DNS side of the migration needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The domains planned, each in its ASCII form and (for IDN) its Unicode form.
    pub domains: Vec<DomainName>,
    /// The records to publish, by phase.
    pub records: Vec<PlannedRecord>,
    /// The steps around them (TTL, waiting, clean-up), by phase and date.
    pub steps: Vec<Step>,
    /// Problems with the input and with the records.
    pub findings: Vec<Finding>,
    /// When the MX records may switch to Exchange Online, if planned (not in the JSON:
    /// the steps carry the dates). The PowerShell script refuses its MX step before it.
    #[serde(skip)]
    pub mx_change: Option<super::schedule::Moment>,
    /// The zones whose published SPF record is not known (none was given or read): their
    /// planned SPF record is only for a domain that has none; one that has a record must
    /// gain the planned terms instead (the script checks, and only warns then).
    #[serde(skip)]
    pub spf_unknown: Vec<String>,
}

impl Plan {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// A zone as people read it: `bücher.example (xn--bcher-kva.example)` for an IDN.
    pub fn zone_label(&self, zone: &str) -> String {
        self.domains
            .iter()
            .find(|d| d.ascii == zone)
            .map_or_else(|| zone.to_string(), DomainName::both_ways)
    }

    /// One zone's records and steps, phase by phase, without empty phases.
    pub fn phases<'a>(
        &'a self,
        zone: &str,
        records: &[&'a PlannedRecord],
    ) -> Vec<(Phase, Vec<&'a PlannedRecord>, Vec<&'a Step>)> {
        let mut phases = Vec::new();
        for phase in Phase::ALL {
            let in_phase: Vec<&PlannedRecord> = records
                .iter()
                .copied()
                .filter(|r| r.phase == phase)
                .collect();
            let steps: Vec<&Step> = self
                .steps
                .iter()
                .filter(|s| s.phase == phase && s.zone.as_deref() == Some(zone))
                .collect();
            if !in_phase.is_empty() || !steps.is_empty() {
                phases.push((phase, in_phase, steps));
            }
        }
        phases
    }

    /// The records of one zone, in plan order.
    pub fn zones(&self) -> Vec<(&str, Vec<&PlannedRecord>)> {
        let mut zones: Vec<(&str, Vec<&PlannedRecord>)> = Vec::new();
        for record in &self.records {
            match zones.iter_mut().find(|(z, _)| *z == record.zone) {
                Some((_, records)) => records.push(record),
                None => zones.push((&record.zone, vec![record])),
            }
        }
        zones
    }
}

/// Plans the DNS records and steps for the input. Never fails: unusable values are
/// findings, and the records that depend on them are left out.
pub fn plan(input: &PlanInput) -> Plan {
    let mut findings = Vec::new();
    let checked = input::check(input, &mut findings);
    let dates = Dates::check(input, &mut findings);
    let mut records = Vec::new();
    let mut steps = Vec::new();
    for domain in &checked.domains {
        let mut own = super::records::records(domain, &checked, &mut findings);
        steps.extend(super::steps::steps(
            domain,
            &checked,
            &dates,
            &own,
            &mut findings,
        ));
        records.append(&mut own);
    }
    // By phase; within a phase, in the order they are done.
    Plan {
        domains: checked.domains.iter().map(|d| d.name.clone()).collect(),
        records: by_phase(records, |r| r.phase),
        steps: by_phase(steps, |s| s.phase),
        findings,
        mx_change: dates.cutover,
        spf_unknown: checked
            .domains
            .iter()
            .filter(|d| d.existing_spf.is_none() && !d.existing_spf_invalid)
            .map(|d| d.name.ascii.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::input::DomainInput;

    fn contoso() -> PlanInput {
        PlanInput {
            domains: vec![DomainInput {
                verification: Some("MS=ms12345678".into()),
                existing_spf: Some("v=spf1 mx -all".into()),
                mx_ttl: Some(86_400),
                ..DomainInput::new("contoso.com")
            }],
            initial_domain: Some("contoso.onmicrosoft.com".into()),
            on_premises_senders: vec!["203.0.113.10".into()],
            first_batch: Some("2025-03-03 09:00 +01:00".into()),
            cutover: Some("2025-03-31 18:00 +02:00".into()),
        }
    }

    fn find(plan: &Plan, role: Role) -> Vec<&PlannedRecord> {
        plan.records.iter().filter(|r| r.role == role).collect()
    }

    #[test]
    fn seconds_for_people() {
        assert_eq!(seconds(3600u32), "3,600 s");
        assert_eq!(seconds(86_400u32), "86,400 s");
        assert_eq!(seconds(300u32), "300 s");
        assert_eq!(seconds(1_209_600u32), "1,209,600 s");
    }

    #[test]
    fn plans_every_record_with_its_phase() {
        let plan = plan(&contoso());
        assert!(!plan.has_errors(), "{:?}", plan.findings);
        let txt = find(&plan, Role::Verification);
        assert_eq!(txt[0].value, "MS=ms12345678");
        assert_eq!(txt[0].phase, Phase::BeforeFirstBatch);
        let spf = find(&plan, Role::Spf);
        assert_eq!(spf.len(), 1, "exactly one SPF record");
        assert_eq!(
            spf[0].value,
            "v=spf1 mx ip4:203.0.113.10 include:spf.protection.outlook.com -all"
        );
        assert!(spf[0].purpose.contains("2 of 10"), "{}", spf[0].purpose);
        let mx = find(&plan, Role::Mx);
        assert_eq!(
            (mx[0].value.as_str(), mx[0].priority, mx[0].phase, mx[0].ttl),
            (
                "contoso-com.mail.protection.outlook.com",
                Some(0),
                Phase::AtCutover,
                3600
            )
        );
        let autodiscover = find(&plan, Role::Autodiscover);
        assert_eq!(autodiscover[0].name, "autodiscover.contoso.com");
        assert_eq!(autodiscover[0].value, "autodiscover.outlook.com");
        let dkim = find(&plan, Role::Dkim);
        assert_eq!(dkim[1].name, "selector2._domainkey.contoso.com");
        assert_eq!(
            dkim[1].value,
            "selector2-contoso-com._domainkey.contoso.onmicrosoft.com"
        );
        // Records come in phase order.
        assert!(plan.records.windows(2).all(|w| w[0].phase <= w[1].phase));
    }

    #[test]
    fn dates_the_steps() {
        let plan = plan(&contoso());
        let ttl = plan
            .steps
            .iter()
            .find(|s| s.text.contains("Lower the TTL"))
            .unwrap();
        // The first batch is earlier than cutover minus one day, so it is the date.
        assert_eq!(ttl.when.as_deref(), Some("2025-03-03 09:00 +01:00"));
        assert!(
            ttl.text
                .contains("by 2025-03-30 18:00 +02:00 at the latest"),
            "{}",
            ttl.text
        );
        let wait = plan
            .steps
            .iter()
            .find(|s| s.text.contains("72 hours"))
            .unwrap();
        assert_eq!(wait.when.as_deref(), Some("2025-04-03 18:00 +02:00"));
        assert_eq!(wait.phase, Phase::AfterCutover);
        let shrink = plan
            .steps
            .iter()
            .find(|s| s.text.contains("no longer send"))
            .unwrap();
        assert!(
            shrink
                .text
                .contains("\"v=spf1 mx include:spf.protection.outlook.com -all\"")
        );
        assert!(plan.steps.windows(2).all(|w| w[0].phase <= w[1].phase));
    }

    #[test]
    fn schedule_problems_are_findings() {
        let mut input = contoso();
        input.cutover = Some("2025-03-03 09:30 +01:00".into());
        let codes: Vec<_> = plan(&input).findings.iter().map(|f| f.code).collect();
        assert!(codes.contains(&"DNS013"), "{codes:?}");
        input.cutover = Some("2025-03-01".into());
        let codes: Vec<_> = plan(&input).findings.iter().map(|f| f.code).collect();
        assert!(codes.contains(&"DNS012"), "{codes:?}");
        input.cutover = Some("31/03/2025".into());
        let codes: Vec<_> = plan(&input).findings.iter().map(|f| f.code).collect();
        assert!(codes.contains(&"DNS011"), "{codes:?}");
    }

    #[test]
    fn dnssec_mx_namespace_and_given_dkim() {
        let input = PlanInput {
            domains: vec![DomainInput {
                dnssec_mx: Some("contoso-com.o-v1.mx.microsoft".into()),
                autodiscover_namespace: Some("cloud.contoso.com".into()),
                dkim_selector1: Some(
                    "selector1-contoso-com._domainkey.contoso.o-v1.dkim.mail.microsoft".into(),
                ),
                dkim_selector2: Some(
                    "selector2-contoso-com._domainkey.contoso.o-v1.dkim.mail.microsoft".into(),
                ),
                ..DomainInput::new("contoso.com")
            }],
            ..PlanInput::default()
        };
        let plan = plan(&input);
        assert_eq!(
            find(&plan, Role::Mx)[0].value,
            "contoso-com.o-v1.mx.microsoft"
        );
        let ad = find(&plan, Role::Autodiscover)[0];
        assert_eq!(
            (ad.name.as_str(), ad.zone.as_str()),
            ("autodiscover.cloud.contoso.com", "contoso.com")
        );
        assert!(
            find(&plan, Role::Dkim)[0]
                .value
                .ends_with(".dkim.mail.microsoft")
        );
        assert!(plan.findings.iter().all(|f| f.code != "DNS009"));
        // A new SPF record soft-fails during the migration.
        assert!(find(&plan, Role::Spf)[0].value.ends_with(" ~all"));
    }

    #[test]
    fn derived_values_are_flagged_and_long_names_refused() {
        let plan = plan(&PlanInput {
            domains: vec![
                DomainInput::new("contoso-east.com"),
                DomainInput::new(format!("{}.{}.com", "a".repeat(40), "b".repeat(30))),
            ],
            ..PlanInput::default()
        });
        let codes: Vec<_> = plan.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["DNS009", "DNS014"]);
        assert_eq!(find(&plan, Role::Mx).len(), 1);
    }

    #[test]
    fn too_many_lookups_is_an_error() {
        let includes: Vec<String> = (0..10).map(|i| format!("include:s{i}.example")).collect();
        let plan = plan(&PlanInput {
            domains: vec![DomainInput {
                existing_spf: Some(format!("v=spf1 {} -all", includes.join(" "))),
                ..DomainInput::new("contoso.com")
            }],
            ..PlanInput::default()
        });
        let error = plan.findings.iter().find(|f| f.code == "DNS021").unwrap();
        assert!(
            error.message.contains("11 DNS look-ups"),
            "{}",
            error.message
        );
    }
}

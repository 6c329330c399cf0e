//! The DNS plan: the records a staged migration needs, when each goes in, and the steps
//! around them.
//!
//! [`Plan`] is serialised as is (JSON, JS) with stable field names; the readiness report
//! embeds it.

use serde::Serialize;

use super::input::{self, Checked, CheckedDomain, PlanInput, Verification};
use super::name::DomainName;
use super::schedule::{self, Moment};
use super::spf::{self, Spf};
use crate::finding::{Finding, Rule, Severity};

/// The TTL of every planned record, and the most an MX TTL should be before cutover.
pub const TTL: u32 = 3600;

/// Hours to wait after the MX change before deleting migration batches.
pub const WAIT_HOURS: i64 = 72;

/// The Autodiscover CNAME target for Exchange Online.
pub const AUTODISCOVER_TARGET: &str = "autodiscover.outlook.com";

/// DNS014: the MX name cannot be derived.
pub static MX_NOT_DERIVED: Rule = Rule {
    code: "DNS014",
    severity: Severity::Warning,
    title: "The Exchange Online MX value cannot be derived for this domain",
    help: "Copy the MX value from the Microsoft 365 admin center (Settings > Domains > the domain > DNS records) and give it as the DNSSEC MX value, or add the record by hand.",
};

/// The plan findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[&MX_NOT_DERIVED];

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
}

impl Plan {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
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
    let first_batch = moment(input.first_batch.as_deref(), "first batch", &mut findings);
    let cutover = moment(input.cutover.as_deref(), "cutover", &mut findings);
    if let (Some(first), Some(cut)) = (first_batch, cutover) {
        if cut <= first {
            findings.push(schedule::CUTOVER_FIRST.finding(format!(
                "The cutover ({}) is not after the first batch ({}).",
                cut.display(),
                first.display()
            )));
        }
    }
    let dates = Dates {
        first_batch,
        cutover,
    };
    let mut records = Vec::new();
    let mut steps = Vec::new();
    for domain in &checked.domains {
        plan_domain(
            domain,
            &checked,
            &dates,
            &mut records,
            &mut steps,
            &mut findings,
        );
    }
    records.sort_by_key(|r| r.phase);
    // Stable: within a phase, steps stay in the order they are done.
    steps.sort_by_key(|s| s.phase);
    Plan {
        domains: checked.domains.iter().map(|d| d.name.clone()).collect(),
        records,
        steps,
        findings,
    }
}

/// The dates given, if valid.
struct Dates {
    first_batch: Option<Moment>,
    cutover: Option<Moment>,
}

fn moment(text: Option<&str>, what: &str, out: &mut Vec<Finding>) -> Option<Moment> {
    let text = text.filter(|t| !t.trim().is_empty())?;
    match Moment::parse(text) {
        Ok(m) => Some(m),
        Err(why) => {
            out.push(schedule::BAD_DATE.finding(format!("The {what} date is not valid: {why}.")));
            None
        }
    }
}

fn plan_domain(
    d: &CheckedDomain,
    checked: &Checked,
    dates: &Dates,
    records: &mut Vec<PlannedRecord>,
    steps: &mut Vec<Step>,
    findings: &mut Vec<Finding>,
) {
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
    let step = |phase, when: Option<Moment>, text: String| Step {
        phase,
        when: when.map(Moment::display),
        zone: Some(domain.to_string()),
        text,
    };

    // Proving the domain.
    match &d.verification {
        Some(Verification::Txt(value)) => {
            records.push(record(
                domain,
                RecordType::Txt,
                value.clone(),
                None,
                Phase::BeforeFirstBatch,
                Role::Verification,
                format!("Proves to Microsoft 365 that you own {domain}. It may stay after verification."),
            ));
            steps.push(step(
                Phase::BeforeFirstBatch,
                None,
                format!("Add the verification TXT record, wait about 15 minutes, then select Verify for {domain} in the Microsoft 365 admin center (Settings > Domains)."),
            ));
        }
        Some(Verification::Mx(value)) => {
            records.push(record(
                domain,
                RecordType::Mx,
                value.clone(),
                Some(0),
                Phase::BeforeFirstBatch,
                Role::VerificationMx,
                format!("Proves to Microsoft 365 that you own {domain} where TXT records cannot be added. Remove it once the domain is verified."),
            ));
            steps.push(step(
                Phase::BeforeFirstBatch,
                None,
                format!("Add the verification MX record, wait about 15 minutes, select Verify for {domain} in the Microsoft 365 admin center, then delete the verification MX record."),
            ));
        }
        None => steps.push(step(
            Phase::BeforeFirstBatch,
            None,
            format!("Verify {domain} in the Microsoft 365 admin center (Settings > Domains > Add domain); it shows the MS=ms… TXT value to publish. Give that value here to have the record planned."),
        )),
    }

    // SPF: one record, merged, counted; shrunk after the migration.
    let spf_after = if d.existing_spf_invalid {
        None
    } else {
        plan_spf(d, checked, records, findings)
    };

    // DKIM.
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
    if let Some(targets) = dkim {
        for (n, target) in (1..).zip(targets) {
            records.push(record(
                &format!("selector{n}._domainkey.{domain}"),
                RecordType::Cname,
                target,
                None,
                Phase::BeforeFirstBatch,
                Role::Dkim,
                format!("DKIM key {n} of 2 for mail Exchange Online sends from {domain}. After publishing both, turn on DKIM signing for {domain} in the Microsoft Defender portal (Email authentication settings)."),
            ));
        }
    }

    // MX: TTL first, then the switch.
    plan_mx_ttl(d, dates, steps, findings);
    steps.push(step(
        Phase::DuringMigration,
        None,
        format!("Leave the MX records of {domain} pointing at the on-premises server while batches sync; mail for migrated users reaches Exchange Online through the mail-enabled users that replace their mailboxes."),
    ));
    let hyphenated = d.name.hyphenated();
    let mx = match &d.dnssec_mx {
        Some(value) => Some((value.clone(), " (the inbound DNSSEC value Microsoft gave)")),
        None if hyphenated.len() > 63 => {
            findings.push(MX_NOT_DERIVED.finding(format!(
                "{domain} is too long to derive its Exchange Online MX name (\"{hyphenated}\" would be a {}-character label, above 63), so no MX record is planned.",
                hyphenated.len()
            )));
            None
        }
        None => {
            if domain.contains('-') || d.name.unicode.is_some() {
                findings.push(input::DERIVED.finding(format!(
                    "The MX value for {domain} is derived by replacing dots with hyphens ({hyphenated}.mail.protection.outlook.com); for domains with hyphens or non-ASCII letters Microsoft may derive it differently."
                )));
            }
            Some((format!("{hyphenated}.mail.protection.outlook.com"), ""))
        }
    };
    if let Some((value, note)) = mx {
        records.push(record(
            domain,
            RecordType::Mx,
            value.clone(),
            Some(0),
            Phase::AtCutover,
            Role::Mx,
            format!("Routes mail for {domain} to Exchange Online{note}. Publish it once every batch has synced, and delete every other MX record of {domain} at the same time."),
        ));
        steps.push(step(
            Phase::AtCutover,
            dates.cutover,
            format!("Replace every MX record of {domain} with {value} (priority 0, TTL {TTL})."),
        ));
    }

    // Autodiscover.
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
    records.push(autodiscover);
    steps.push(step(
        Phase::AtCutover,
        dates.cutover,
        format!("Point autodiscover.{namespace} at {AUTODISCOVER_TARGET}; if an _autodiscover._tcp SRV record points on-premises, delete it."),
    ));

    // After the switch.
    let wait_until = dates.cutover.map(|c| c.plus_seconds(WAIT_HOURS * 3600));
    steps.push(step(
        Phase::AfterCutover,
        wait_until,
        format!("Wait at least {WAIT_HOURS} hours after the MX change of {domain} before deleting the migration batches{}, and only when each batch's Last Synced Time is later than the MX change.",
            match wait_until { Some(w) => format!(" (not before {})", w.display()), None => String::new() }),
    ));
    steps.extend(spf_after);
}

/// The merged SPF record, and the step that shrinks it after the migration if it
/// changes then.
fn plan_spf(
    d: &CheckedDomain,
    checked: &Checked,
    records: &mut Vec<PlannedRecord>,
    findings: &mut Vec<Finding>,
) -> Option<Step> {
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
    } else {
        "Publish it as the only SPF record of the domain (two records make SPF fail everywhere)"
    };
    let senders = if checked.senders.is_empty() {
        String::new()
    } else {
        format!(
            " and the on-premises servers that keep sending ({})",
            checked.senders.join(" ")
        )
    };
    records.push(PlannedRecord {
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
    });
    let after: Spf = spf::after_migration(d.existing_spf.as_ref(), &checked.senders);
    let text = if checked.senders.is_empty() {
        format!(
            "Once only Exchange Online sends mail as {domain}, tighten the SPF record to \"{}\" so receivers reject mail from other servers.",
            after.text()
        )
    } else {
        format!(
            "When the on-premises servers no longer send mail, change the SPF record of {domain} to \"{}\".",
            after.text()
        )
    };
    (after != merged).then(|| Step {
        phase: Phase::AfterCutover,
        when: None,
        zone: Some(domain.to_string()),
        text,
    })
}

/// The step that lowers the MX TTL in time, dated when dates and the old TTL are known.
fn plan_mx_ttl(
    d: &CheckedDomain,
    dates: &Dates,
    steps: &mut Vec<Step>,
    findings: &mut Vec<Finding>,
) {
    let domain = d.name.ascii.as_str();
    let push = |steps: &mut Vec<Step>, when: Option<Moment>, text: String| {
        steps.push(Step {
            phase: Phase::BeforeFirstBatch,
            when: when.map(Moment::display),
            zone: Some(domain.to_string()),
            text,
        })
    };
    match d.mx_ttl {
        Some(old) if old <= TTL => push(
            steps,
            None,
            format!(
                "The MX records of {domain} have a TTL of {old} s, at most {TTL} s: keep it there until the cutover."
            ),
        ),
        Some(old) => {
            let latest = dates.cutover.map(|c| c.plus_seconds(-i64::from(old)));
            let when = match (dates.first_batch, latest) {
                (Some(first), Some(latest)) => Some(first.min(latest)),
                (first, latest) => first.or(latest),
            };
            let mut text = format!(
                "Lower the TTL of every MX record of {domain} from {old} s to {TTL} s or less"
            );
            if let Some(first) = dates.first_batch {
                text.push_str(&format!(
                    "; Microsoft recommends doing it before the migration starts ({})",
                    first.display()
                ));
            }
            if let Some(latest) = latest {
                text.push_str(&format!(
                    "; it must be done at least {old} s (one old TTL) before the cutover, so by {} at the latest",
                    latest.display()
                ));
            }
            text.push('.');
            push(steps, when, text);
            if let (Some(first), Some(cut)) = (dates.first_batch, dates.cutover) {
                if cut > first && cut.seconds_since(first) < i64::from(old) {
                    findings.push(schedule::TTL_TOO_LATE.finding(format!(
                        "Only {} s pass between the first batch and the cutover of {domain}, less than the MX TTL of {old} s: lower the TTL before {}.",
                        cut.seconds_since(first),
                        cut.plus_seconds(-i64::from(old)).display()
                    )));
                }
            }
        }
        None => push(
            steps,
            dates.first_batch,
            format!(
                "Set the TTL of every MX record of {domain} to {TTL} s or less{}, at least one old TTL before the cutover (look the current TTL up with --lookup or in the zone; it is often 86,400 s).",
                if dates.first_batch.is_some() {
                    " before the first batch"
                } else {
                    ""
                }
            ),
        ),
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

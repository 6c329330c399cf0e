//! The plan against what is published: what to add, change, remove and keep, and when.
//!
//! What is published comes from a pasted zone file ([`compare_zone`]) or from live
//! answers ([`compare_published`] with [`Published::failed`] set for the queries that got
//! no answer). Where the input does not give the existing SPF record or the MX TTL, the
//! published ones are used, so the plan merges into what is really there.

use serde::Serialize;

use super::input::{DomainInput, PlanInput};
use super::plan::{self, Phase, Plan, PlannedRecord, RecordType, Role};
use super::published::{self, PublishedRecord};
use crate::finding::{Finding, Rule, Severity};

/// DNS030: the pasted zone cannot be read.
pub static BAD_ZONE: Rule = Rule {
    code: "DNS030",
    severity: Severity::Error,
    title: "The zone file cannot be read",
    help: "Paste the zone as BIND zone-file text (what named, a Windows DNS zone export or the registrar's export shows): one record per line, e.g. \"@ 3600 IN MX 10 mail.contoso.com.\".",
};

/// DNS031: an MX TTL above 3,600 s.
pub static MX_TTL_HIGH: Rule = Rule {
    code: "DNS031",
    severity: Severity::Warning,
    title: "An MX record's TTL is above 3,600 seconds",
    help: "Lower the TTL of every MX record to 3,600 s or less before the first batch, at least one old TTL before the cutover, so senders pick up the new MX within an hour.",
};

/// DNS032: several SPF records at one name.
pub static SEVERAL_SPF: Rule = Rule {
    code: "DNS032",
    severity: Severity::Error,
    title: "The name has more than one SPF record",
    help: "With two v=spf1 records every SPF check fails (permerror). Merge them into the one record planned here and delete the others.",
};

/// DNS033: an Autodiscover A or AAAA record.
pub static AUTODISCOVER_ADDRESS: Rule = Rule {
    code: "DNS033",
    severity: Severity::Warning,
    title: "Autodiscover points at an on-premises address",
    help: "The A/AAAA record sends Outlook to the on-premises server. Keep it while mailboxes are on premises; at cutover delete it and publish the CNAME to autodiscover.outlook.com.",
};

/// DNS034: an Autodiscover SRV record.
pub static AUTODISCOVER_SRV: Rule = Rule {
    code: "DNS034",
    severity: Severity::Warning,
    title: "An _autodiscover._tcp SRV record points on premises",
    help: "Outlook follows the SRV record when other look-ups fail, which can send migrated users to the old server. Delete it at cutover.",
};

/// DNS035: a CNAME at the zone apex.
pub static CNAME_AT_APEX: Rule = Rule {
    code: "DNS035",
    severity: Severity::Error,
    title: "The domain itself is a CNAME",
    help: "A CNAME at the domain forbids every other record there, so the MX, SPF and verification records cannot be published. Replace the CNAME with A/AAAA records (or the provider's ALIAS/flattening).",
};

/// DNS036: a verification MX record left behind.
pub static LEFTOVER_VERIFICATION_MX: Rule = Rule {
    code: "DNS036",
    severity: Severity::Warning,
    title: "A verification MX record is still published",
    help: "The msNNNNNNNN.msv1.invalid MX record is only for proving the domain. Delete it once the domain is verified; senders try it and waste time.",
};

/// DNS037: a record that could not be compared.
pub static NOT_CHECKED: Rule = Rule {
    code: "DNS037",
    severity: Severity::Info,
    title: "A planned record could not be compared",
    help: "Its name is outside the zone given, or the look-up got no answer. Check it in its own zone, or look it up again.",
};

/// The comparison findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[
    &BAD_ZONE,
    &MX_TTL_HIGH,
    &SEVERAL_SPF,
    &AUTODISCOVER_ADDRESS,
    &AUTODISCOVER_SRV,
    &CNAME_AT_APEX,
    &LEFTOVER_VERIFICATION_MX,
    &NOT_CHECKED,
];

/// What to do with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Publish a record that is missing.
    Add,
    /// Change a published record (value or TTL).
    Change,
    /// Delete a published record.
    Remove,
    /// Leave a published record as it is.
    Keep,
    /// Not known: outside the zone given, or the look-up failed.
    Unknown,
}

impl Action {
    /// `add`, `change`, `remove`, `keep` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Change => "change",
            Action::Remove => "remove",
            Action::Keep => "keep",
            Action::Unknown => "unknown",
        }
    }
}

/// One line of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// What to do.
    pub action: Action,
    /// When to do it.
    pub phase: Phase,
    /// The owner name, without the trailing dot.
    pub name: String,
    /// The record type.
    pub r#type: String,
    /// The record as published, for change, remove and keep.
    pub current: Option<PublishedRecord>,
    /// The record as it should be, for add and change.
    pub wanted: Option<PublishedRecord>,
    /// Why.
    pub reason: String,
}

/// What is published, and what could not be seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Published {
    /// The records seen.
    pub records: Vec<PublishedRecord>,
    /// For a zone file: its origin; names outside it are unknown.
    pub origin: Option<String>,
    /// Names and types whose look-up failed (`("autodiscover.contoso.com", "CNAME")`).
    pub failed: Vec<(String, String)>,
}

impl Published {
    fn at<'a>(
        &'a self,
        name: &'a str,
        r#type: &'a str,
    ) -> impl Iterator<Item = &'a PublishedRecord> + 'a {
        self.records
            .iter()
            .filter(move |r| r.name == name && (r#type == "*" || r.r#type == r#type))
    }

    /// Whether records of this name and type are known (inside the zone, looked up).
    pub fn knows(&self, name: &str, r#type: &str) -> bool {
        let inside = self
            .origin
            .as_deref()
            .is_none_or(|o| name == o || name.ends_with(&format!(".{o}")));
        inside
            && !self
                .failed
                .iter()
                .any(|(n, t)| n == name && (t == r#type || t == "*"))
    }
}

/// The plan, and how what is published must change to match it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The plan, built with the published SPF record and MX TTL where the input had none.
    pub plan: Plan,
    /// The diff, by phase.
    pub changes: Vec<Change>,
    /// Problems found in what is published (the plan's own findings are in `plan`).
    pub findings: Vec<Finding>,
}

impl Comparison {
    /// The plan's findings and the comparison's, together.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.plan.findings.iter().chain(&self.findings)
    }
}

/// Compares the plan with a pasted zone file, read relative to the first domain.
pub fn compare_zone(input: &PlanInput, zone_text: &str) -> Comparison {
    let origin = plan::plan(input).domains.first().map(|d| d.ascii.clone());
    let Some(origin) = origin else {
        return compare_published(input, &Published::default());
    };
    match published::parse_zone(zone_text, &origin) {
        Ok(zone) => compare_published(
            input,
            &Published {
                records: zone.records,
                origin: Some(zone.origin),
                failed: Vec::new(),
            },
        ),
        Err(why) => Comparison {
            plan: plan::plan(input),
            changes: Vec::new(),
            findings: vec![BAD_ZONE.finding(format!("The zone file cannot be read: {why}."))],
        },
    }
}

/// Compares the plan with published records.
pub fn compare_published(input: &PlanInput, published: &Published) -> Comparison {
    let plan = plan::plan(&with_published(input, published));
    let mut diff = Diff {
        published,
        changes: Vec::new(),
        findings: Vec::new(),
    };
    for domain in &plan.domains {
        diff.domain(&domain.ascii, &plan);
    }
    for record in &plan.records {
        diff.record(record);
    }
    let mut changes = diff.changes;
    changes.sort_by(|a, b| (a.phase, &a.name, &a.r#type).cmp(&(b.phase, &b.name, &b.r#type)));
    Comparison {
        plan,
        changes,
        findings: diff.findings,
    }
}

/// The input with the published SPF record and MX TTL filled in where it has none.
fn with_published(input: &PlanInput, published: &Published) -> PlanInput {
    let mut input = input.clone();
    for domain in &mut input.domains {
        let Ok(name) = super::name::parse(&domain.name, super::name::Allow::Hostname) else {
            continue;
        };
        fill(domain, &name.ascii, published);
    }
    input
}

fn fill(domain: &mut DomainInput, apex: &str, published: &Published) {
    if domain
        .existing_spf
        .as_deref()
        .is_none_or(|s| s.trim().is_empty())
    {
        let spfs: Vec<_> = published.at(apex, "TXT").filter(|r| r.is_spf()).collect();
        if let [only] = spfs[..] {
            domain.existing_spf = Some(only.value.clone());
        }
    }
    if domain.mx_ttl.is_none() {
        domain.mx_ttl = published
            .at(apex, "MX")
            .filter(|r| !is_verification_mx(r))
            .map(|r| r.ttl)
            .max();
    }
}

fn is_verification_mx(record: &PublishedRecord) -> bool {
    record.r#type == "MX" && record.value.ends_with(".msv1.invalid")
}

/// The published form of a planned record.
fn wanted(record: &PlannedRecord) -> PublishedRecord {
    PublishedRecord {
        name: record.name.clone(),
        r#type: record.r#type.as_str().to_string(),
        value: record.value.clone(),
        ttl: record.ttl,
        priority: record.priority,
    }
}

struct Diff<'a> {
    published: &'a Published,
    changes: Vec<Change>,
    findings: Vec<Finding>,
}

impl Diff<'_> {
    fn push(
        &mut self,
        action: Action,
        phase: Phase,
        current: Option<&PublishedRecord>,
        wanted: Option<PublishedRecord>,
        reason: String,
    ) {
        let any = current.or(wanted.as_ref());
        let (name, r#type) = any.map_or((String::new(), String::new()), |r| {
            (r.name.clone(), r.r#type.clone())
        });
        self.changes.push(Change {
            action,
            phase,
            name,
            r#type,
            current: current.cloned(),
            wanted,
            reason,
        });
    }

    /// Checks of the domain as a whole: apex CNAME, MX TTLs, leftover verification MX,
    /// Autodiscover SRV.
    fn domain(&mut self, apex: &str, plan: &Plan) {
        let published = self.published;
        if let Some(cname) = published.at(apex, "CNAME").next() {
            self.findings.push(CNAME_AT_APEX.finding(format!(
                "{apex} is a CNAME for {}; MX and TXT records cannot be published beside it.",
                cname.value
            )));
        }
        let planned_mx: Vec<&str> = plan
            .records
            .iter()
            .filter(|r| r.zone == apex && r.r#type == RecordType::Mx)
            .map(|r| r.value.as_str())
            .collect();
        for mx in published.at(apex, "MX") {
            if is_verification_mx(mx) && !planned_mx.contains(&mx.value.as_str()) {
                self.findings.push(LEFTOVER_VERIFICATION_MX.finding(format!(
                    "{apex} still has the verification MX record {}.",
                    mx.value
                )));
                self.push(
                    Action::Remove,
                    Phase::BeforeFirstBatch,
                    Some(mx),
                    None,
                    "Verification MX record: delete it once the domain is verified.".into(),
                );
            } else if mx.ttl > plan::TTL && !is_verification_mx(mx) {
                self.findings.push(MX_TTL_HIGH.finding(format!(
                    "The MX record {} {} of {apex} has a TTL of {} s (at most {} s before the cutover).",
                    mx.priority.unwrap_or(0), mx.value, mx.ttl, plan::TTL
                )));
                let lowered = PublishedRecord {
                    ttl: plan::TTL,
                    ..mx.clone()
                };
                self.push(
                    Action::Change,
                    Phase::BeforeFirstBatch,
                    Some(mx),
                    Some(lowered),
                    format!(
                        "Lower the TTL to {} s at least {} s (one old TTL) before the cutover.",
                        plan::TTL,
                        mx.ttl
                    ),
                );
            }
        }
        let srv_name = format!("_autodiscover._tcp.{apex}");
        for srv in published.at(&srv_name, "SRV") {
            if !srv.value.ends_with(plan::AUTODISCOVER_TARGET) {
                self.findings.push(
                    AUTODISCOVER_SRV
                        .finding(format!("{srv_name} points Outlook at {}.", srv.value)),
                );
                self.push(
                    Action::Remove,
                    Phase::AtCutover,
                    Some(srv),
                    None,
                    "Autodiscover SRV record pointing on premises: delete it at cutover.".into(),
                );
            }
        }
    }

    /// Compares one planned record with what is published at its name.
    fn record(&mut self, record: &PlannedRecord) {
        let published = self.published;
        let name = record.name.as_str();
        let want = wanted(record);
        if !published.knows(name, record.r#type.as_str()) {
            self.findings.push(NOT_CHECKED.finding(format!(
                "The {} record {name} could not be compared: {}.",
                record.r#type.as_str(),
                if published.failed.is_empty() {
                    "it is outside the zone given"
                } else {
                    "its look-up got no answer"
                }
            )));
            self.push(
                Action::Unknown,
                record.phase,
                None,
                Some(want),
                "Not compared: check it separately.".into(),
            );
            return;
        }
        match record.role {
            Role::Verification => {
                let same = published.at(name, "TXT").find(|r| r.value == record.value);
                self.keep_or_add(record, same, want);
            }
            Role::VerificationMx => {
                let same = published.at(name, "MX").find(|r| r.value == record.value);
                self.keep_or_add(record, same, want);
            }
            Role::Spf => self.spf(record, want),
            Role::Mx => self.mx(record, want),
            Role::Autodiscover | Role::Dkim => self.cname(record, want),
        }
    }

    fn keep_or_add(
        &mut self,
        record: &PlannedRecord,
        same: Option<&PublishedRecord>,
        want: PublishedRecord,
    ) {
        match same {
            Some(current) => self.push(
                Action::Keep,
                record.phase,
                Some(current),
                None,
                "Already published.".into(),
            ),
            None => self.push(
                Action::Add,
                record.phase,
                None,
                Some(want),
                record.purpose.clone(),
            ),
        }
    }

    fn spf(&mut self, record: &PlannedRecord, want: PublishedRecord) {
        let spfs: Vec<&PublishedRecord> = self
            .published
            .at(&record.name, "TXT")
            .filter(|r| r.is_spf())
            .collect();
        if spfs.len() > 1 {
            self.findings.push(SEVERAL_SPF.finding(format!(
                "{} has {} SPF records: {}.",
                record.name,
                spfs.len(),
                spfs.iter().map(|r| format!("\"{}\"", r.value)).collect::<Vec<_>>().join(", ")
            )));
        }
        let same = |r: &PublishedRecord| {
            r.value
                .split_ascii_whitespace()
                .map(str::to_ascii_lowercase)
                .eq(record
                    .value
                    .split_ascii_whitespace()
                    .map(str::to_ascii_lowercase))
        };
        match spfs.iter().position(|r| same(r)) {
            Some(i) => self.push(
                Action::Keep,
                record.phase,
                Some(spfs[i]),
                None,
                "The SPF record is already as planned.".into(),
            ),
            None if spfs.is_empty() => self.push(
                Action::Add,
                record.phase,
                None,
                Some(want),
                record.purpose.clone(),
            ),
            None => self.push(
                Action::Change,
                record.phase,
                Some(spfs[0]),
                Some(want),
                "Merge Exchange Online and the on-premises senders into the one SPF record.".into(),
            ),
        }
        let kept = spfs.iter().position(|r| same(r)).unwrap_or(0);
        for (i, extra) in spfs.iter().enumerate() {
            if i != kept {
                self.push(Action::Remove, record.phase, Some(extra), None,
                    "A second SPF record: delete it (its terms are merged into the planned record).".into());
            }
        }
    }

    fn mx(&mut self, record: &PlannedRecord, want: PublishedRecord) {
        let current: Vec<&PublishedRecord> = self
            .published
            .at(&record.name, "MX")
            .filter(|r| !is_verification_mx(r))
            .collect();
        match current.iter().find(|r| r.value == record.value) {
            Some(same) if same.priority == record.priority => self.push(
                Action::Keep,
                record.phase,
                Some(same),
                None,
                "Mail already goes to Exchange Online.".into(),
            ),
            Some(same) => self.push(
                Action::Change,
                record.phase,
                Some(same),
                Some(want),
                "Set the priority to 0.".into(),
            ),
            None => self.push(
                Action::Add,
                record.phase,
                None,
                Some(want),
                record.purpose.clone(),
            ),
        }
        for other in current.iter().filter(|r| r.value != record.value) {
            self.push(
                Action::Remove,
                Phase::AtCutover,
                Some(other),
                None,
                "On-premises MX record: delete it when the Exchange Online MX goes in.".into(),
            );
        }
    }

    /// A CNAME: keep, change or add it, and remove whatever else sits at its name.
    fn cname(&mut self, record: &PlannedRecord, want: PublishedRecord) {
        let name = record.name.as_str();
        match self.published.at(name, "CNAME").next() {
            Some(same) if same.value == record.value => self.push(
                Action::Keep,
                record.phase,
                Some(same),
                None,
                "Already published.".into(),
            ),
            Some(other) => self.push(
                Action::Change,
                record.phase,
                Some(other),
                Some(want),
                record.purpose.clone(),
            ),
            None => self.push(
                Action::Add,
                record.phase,
                None,
                Some(want),
                record.purpose.clone(),
            ),
        }
        let others: Vec<&PublishedRecord> = self
            .published
            .at(name, "*")
            .filter(|r| r.r#type != "CNAME")
            .collect();
        for other in others {
            if record.role == Role::Autodiscover && (other.r#type == "A" || other.r#type == "AAAA")
            {
                self.findings.push(AUTODISCOVER_ADDRESS.finding(format!(
                    "{name} has an {} record ({}) that sends Outlook on premises.",
                    other.r#type, other.value
                )));
            }
            self.push(Action::Remove, record.phase, Some(other), None,
                format!("A CNAME cannot share its name with other records: delete this {} record when the CNAME goes in.", other.r#type));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PlanInput {
        PlanInput {
            domains: vec![DomainInput {
                verification: Some("MS=ms12345678".into()),
                ..DomainInput::new("contoso.com")
            }],
            ..PlanInput::default()
        }
    }

    fn actions(c: &Comparison) -> Vec<(Action, String, String)> {
        c.changes
            .iter()
            .map(|ch| (ch.action, ch.name.clone(), ch.r#type.clone()))
            .collect()
    }

    #[test]
    fn an_empty_zone_needs_everything() {
        let c = compare_zone(&input(), "$TTL 3600\n@ IN SOA ns1 hostmaster 1 2 3 4 5\n");
        assert!(c.findings.is_empty(), "{:?}", c.findings);
        assert!(
            c.changes.iter().all(|ch| ch.action == Action::Add),
            "{:?}",
            actions(&c)
        );
        assert_eq!(c.changes.len(), c.plan.records.len());
    }

    #[test]
    fn a_finished_zone_needs_nothing() {
        let plan = plan::plan(&input());
        let zone: String = plan
            .records
            .iter()
            .map(|r| match r.r#type {
                RecordType::Txt => format!("{}. 3600 IN TXT \"{}\"\n", r.name, r.value),
                RecordType::Mx => format!("{}. 3600 IN MX 0 {}.\n", r.name, r.value),
                RecordType::Cname => format!("{}. 3600 IN CNAME {}.\n", r.name, r.value),
            })
            .collect();
        let c = compare_zone(&input(), &zone);
        assert!(
            c.changes.iter().all(|ch| ch.action == Action::Keep),
            "{:?}",
            actions(&c)
        );
    }

    #[test]
    fn unreadable_zone_and_other_zone() {
        let c = compare_zone(&input(), "@ IN MX mail\n");
        assert_eq!(c.findings[0].code, "DNS030");
        let c = compare_zone(
            &input(),
            "$ORIGIN fabrikam.com.\n$TTL 60\n@ IN MX 10 mail\n",
        );
        assert!(c.changes.iter().all(|ch| ch.action == Action::Unknown));
        assert!(c.findings.iter().all(|f| f.code == "DNS037"));
    }

    #[test]
    fn failed_lookups_are_unknown_not_missing() {
        let published = Published {
            failed: vec![("contoso.com".into(), "MX".into())],
            ..Published::default()
        };
        let c = compare_published(&input(), &published);
        let mx = c.changes.iter().find(|ch| ch.r#type == "MX").unwrap();
        assert_eq!(mx.action, Action::Unknown);
        assert!(
            c.findings
                .iter()
                .any(|f| f.code == "DNS037" && f.message.contains("no answer"))
        );
    }
}

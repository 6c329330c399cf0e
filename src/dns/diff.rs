//! The diff itself: each planned record against what is published at its name, and
//! the checks of a domain as a whole (apex CNAME, MX TTLs, leftovers, Autodiscover SRV).

use super::compare::{Action, Change, Published};
use super::plan::{self, Phase, Plan, PlannedRecord, RecordType, Role};
use super::published::PublishedRecord;
use crate::finding::{Finding, Rule, Severity};

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
    help: "With two v=spf1 records every SPF check fails (permerror). Merge them into the one record of the plan and delete the others.",
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

/// The diff findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[
    &MX_TTL_HIGH,
    &SEVERAL_SPF,
    &AUTODISCOVER_ADDRESS,
    &AUTODISCOVER_SRV,
    &CNAME_AT_APEX,
    &LEFTOVER_VERIFICATION_MX,
    &NOT_CHECKED,
];

pub(crate) fn is_verification_mx(record: &PublishedRecord) -> bool {
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

impl Diff<'_> {
    /// One finding for every planned record that could not be compared.
    pub fn finish(&mut self) {
        let unknown: Vec<String> = self
            .changes
            .iter()
            .filter(|c| c.action == Action::Unknown)
            .map(|c| format!("{} {}", c.name, c.r#type))
            .collect();
        if !unknown.is_empty() {
            self.findings.push(NOT_CHECKED.finding(format!(
                "{} could not be compared: {}.",
                unknown.join(", "),
                if self.published.failed.is_empty() {
                    "outside the zone given"
                } else {
                    "the look-up got no answer"
                }
            )));
        }
    }
}

/// The diff being built.
pub(crate) struct Diff<'a> {
    pub published: &'a Published,
    pub changes: Vec<Change>,
    pub findings: Vec<Finding>,
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
    pub fn domain(&mut self, apex: &str, plan: &Plan) {
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
                    "The MX record {} {} of {apex} has a TTL of {} (at most {} before the cutover).",
                    mx.priority.unwrap_or(0), mx.value, plan::seconds(mx.ttl), plan::seconds(plan::TTL)
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
                        "Lower the TTL to {} at least {} (one old TTL) before the cutover.",
                        plan::seconds(plan::TTL),
                        plan::seconds(mx.ttl)
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
    pub fn record(&mut self, record: &PlannedRecord) {
        let published = self.published;
        let name = record.name.as_str();
        let want = wanted(record);
        if !published.knows(name, record.r#type.as_str()) {
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

//! The plan against what is published: what to add, change, remove and keep, and when.
//!
//! What is published comes from a pasted zone file ([`compare_zone`]) or from live
//! answers ([`compare_published`] with [`Published::failed`] set for the queries that got
//! no answer). Where the input does not give the existing SPF record or the MX TTL, the
//! published ones are used, so the plan merges into what is really there.

use serde::Serialize;

use super::diff::{Diff, is_verification_mx};
use super::input::{DomainInput, PlanInput};
use super::plan::{self, Phase, Plan, Role};
use super::published::{self, PublishedRecord};
use super::records;
use super::spf::{self, Spf};
use crate::finding::{Finding, Rule, Severity};
use crate::render::count::{count, thousands};

/// DNS030: the pasted zone cannot be read.
pub static BAD_ZONE: Rule = Rule {
    code: "DNS030",
    severity: Severity::Error,
    title: "The zone file cannot be read",
    help: "Paste the zone as BIND zone-file text (what named, a Windows DNS zone export or the registrar's export shows): one record per line, e.g. \"@ 3600 IN MX 10 mail.contoso.com.\".",
};

/// DNS038: more published records than are compared.
pub static TOO_LARGE: Rule = Rule {
    code: "DNS038",
    severity: Severity::Warning,
    title: "The zone or an answer is too large: records past the cap were not compared",
    help: "No mail domain's zone or DNS answer comes near the cap, so the text is most likely not the zone itself (a whole server's export, or several zones pasted together) or the answer is not a real one. Paste only the domain's own zone, or look up again; a record reported as missing may be among those not read.",
};

/// DNS039: a line of a pasted zone that is not a record this tool can read.
pub static BAD_ZONE_LINE: Rule = Rule {
    code: "DNS039",
    severity: Severity::Warning,
    title: "A line of the zone file cannot be read; the comparison goes on without it",
    help: "Correct the line as the message says (or delete it if the record does not matter for mail) and compare again: a record reported as missing, or an SPF record planned without your current terms, may be on that line.",
};

/// The most unreadable lines named one by one; more are counted in one finding.
const MAX_LINES_NAMED: usize = 20;

/// The most records of one live answer that are compared. A name's MX, TXT or CNAME
/// set holds a handful of records (a TXT set with many site-verification tokens, a few
/// dozen); a DNS message of at most 65,535 bytes holds about 5,900 at most.
pub const MAX_ANSWER_RECORDS: usize = 1_000;

/// The comparison findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[&BAD_ZONE, &TOO_LARGE, &BAD_ZONE_LINE];

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
    pub(crate) fn at<'a>(
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
        Ok(zone) => {
            let mut comparison = compare_published(
                input,
                &Published {
                    records: zone.records,
                    origin: Some(zone.origin),
                    failed: Vec::new(),
                },
            );
            if zone.lines_left_out > 0 {
                comparison.findings.push(TOO_LARGE.finding(format!(
                    "The zone has {} more than the {} read; records on them were not compared.",
                    count(zone.lines_left_out as u64, "line", "lines"),
                    thousands(published::MAX_ZONE_LINES as u64)
                )));
            }
            comparison
                .findings
                .extend(unreadable_lines(&zone.unreadable));
            comparison
        }
        Err(why) => Comparison {
            plan: plan::plan(input),
            changes: Vec::new(),
            findings: vec![BAD_ZONE.finding(format!("The zone file cannot be read: {why}."))],
        },
    }
}

/// One finding per unreadable line, for the first [`MAX_LINES_NAMED`], then one for the rest.
fn unreadable_lines(lines: &[(usize, String)]) -> Vec<Finding> {
    let mut out: Vec<Finding> = lines
        .iter()
        .take(MAX_LINES_NAMED)
        .map(|(line, why)| {
            BAD_ZONE_LINE.finding(format!(
                "Line {line} of the zone file is not a record this tool can read: {why}. It was left out of the comparison."
            ))
        })
        .collect();
    if let Some((first, _)) = lines.get(MAX_LINES_NAMED) {
        out.push(BAD_ZONE_LINE.finding(format!(
            "{} more of the zone file, from line {first} on, cannot be read either and were left out of the comparison.",
            count((lines.len() - MAX_LINES_NAMED) as u64, "line", "lines")
        )));
    }
    out
}

/// Compares the plan with published records.
pub fn compare_published(input: &PlanInput, published: &Published) -> Comparison {
    // In a fixed order, so that findings do not depend on the order servers answer in.
    let mut published = published.clone();
    published.records.sort_by(|a, b| {
        (&a.name, &a.r#type, a.priority, &a.value).cmp(&(&b.name, &b.r#type, b.priority, &b.value))
    });
    published.records.dedup();
    let published = &published;
    let mut plan = plan::plan(&with_published(input, published));
    // The verification MX comes after every MX record published now.
    for record in plan
        .records
        .iter_mut()
        .filter(|r| r.role == Role::VerificationMx)
    {
        let highest = published
            .at(&record.name, "MX")
            .filter(|r| !is_verification_mx(r))
            .filter_map(|r| r.priority)
            .max();
        if highest.is_some() {
            (record.priority, record.purpose) = {
                let (priority, note) = records::verification_mx(&record.zone, highest);
                (Some(priority), note)
            };
        }
    }
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
    diff.finish();
    let mut changes = diff.changes;
    // By phase and name; within a name, adds before changes before removals before
    // keeps, then by priority and value, so that the order does not depend on the server's.
    changes.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    Comparison {
        plan,
        changes,
        findings: diff.findings,
    }
}

fn sort_key(c: &Change) -> (Phase, &str, &str, Action, Option<u16>, &str) {
    let record = c.wanted.as_ref().or(c.current.as_ref());
    (
        c.phase,
        &c.name,
        &c.r#type,
        c.action,
        record.and_then(|r| r.priority),
        record.map_or("", |r| r.value.as_str()),
    )
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
        // Several records are an error the diff reports; the plan merges them all. An
        // unreadable one is passed on as it is, so the plan reports it.
        let published_spf: Vec<&str> = published
            .at(apex, "TXT")
            .filter(|r| r.is_spf())
            .map(|r| r.value.as_str())
            .collect();
        let parsed: Result<Vec<Spf>, _> = published_spf.iter().map(|v| Spf::parse(v)).collect();
        domain.existing_spf = match parsed {
            Ok(spfs) if spfs.is_empty() => None,
            Ok(spfs) => Some(spf::combine(&spfs).text()),
            Err(_) => published_spf
                .into_iter()
                .find(|v| Spf::parse(v).is_err())
                .map(str::to_string),
        };
    }
    if domain.mx_ttl.is_none() {
        domain.mx_ttl = published
            .at(apex, "MX")
            .filter(|r| !is_verification_mx(r))
            .map(|r| r.ttl)
            .max();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::plan::RecordType;

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
        assert!(
            c.findings
                .iter()
                .any(|f| f.code == "DNS039" && f.message.starts_with("Line 1 of the zone file")),
            "{:?}",
            c.findings
        );
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

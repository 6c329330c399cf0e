//! The steps around one domain's records: verify, lower the MX TTL in time, leave the
//! MX alone while batches sync, switch at cutover, wait 72 hours, tighten SPF. Dated
//! when the admin gave dates.

use super::input::{Checked, CheckedDomain, PlanInput};
use super::plan::{
    AUTODISCOVER_TARGET, Phase, PlannedRecord, Role, Step, TTL, WAIT_HOURS, seconds,
};
use super::schedule::{self, Moment};
use super::spf;
use super::verification::Verification;
use crate::finding::Finding;

/// The dates given, if valid.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Dates {
    pub first_batch: Option<Moment>,
    pub cutover: Option<Moment>,
}

impl Dates {
    /// Reads both dates; a finding for each that is not valid, and for a cutover that
    /// is not after the first batch.
    pub fn check(input: &PlanInput, findings: &mut Vec<Finding>) -> Dates {
        let first_batch = moment(input.first_batch.as_deref(), "first batch", findings);
        let cutover = moment(input.cutover.as_deref(), "cutover", findings);
        if let (Some(first), Some(cut)) = (first_batch, cutover) {
            if cut <= first {
                findings.push(schedule::CUTOVER_FIRST.finding(format!(
                    "The cutover ({}) is not after the first batch ({}).",
                    cut.display(),
                    first.display()
                )));
            }
        }
        Dates {
            first_batch,
            cutover,
        }
    }
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

/// The steps for one domain whose records are `records`, in the order they are done.
pub(crate) fn steps(
    d: &CheckedDomain,
    checked: &Checked,
    dates: &Dates,
    records: &[PlannedRecord],
    findings: &mut Vec<Finding>,
) -> Vec<Step> {
    let domain = d.name.ascii.as_str();
    let step = |phase, when: Option<Moment>, text: String| Step {
        phase,
        when: when.map(Moment::display),
        zone: Some(domain.to_string()),
        text,
    };
    let mut out = Vec::new();
    out.push(step(Phase::BeforeFirstBatch, None, match &d.verification {
        Some(Verification::Txt(_)) => format!("Add the verification TXT record, wait about 15 minutes, then select Verify for {domain} in the Microsoft 365 admin center (Settings > Domains)."),
        Some(Verification::Mx(_)) => format!("Add the verification MX record, wait about 15 minutes, select Verify for {domain} in the Microsoft 365 admin center, then delete the verification MX record."),
        None => format!("Verify {domain} in the Microsoft 365 admin center (Settings > Domains > Add domain); it shows the MS=ms… TXT value to publish. Give that value (the verification value: --verification on the command line, the DNS step on the page, dns.verificationValue in the assessment) to have the record planned."),
    }));
    let (when, text) = lower_mx_ttl(d, dates, findings);
    out.push(step(Phase::BeforeFirstBatch, when, text));
    let spf_unknown = d.existing_spf.is_none() && !d.existing_spf_invalid;
    if let Some(spf) = records.iter().find(|r| r.role == Role::Spf && spf_unknown) {
        out.push(step(
            Phase::BeforeFirstBatch,
            None,
            format!("The SPF record {domain} publishes now is not known: if it has one, add {} to it (before its all term) and keep every term it has, rather than publish the planned SPF record, which is only for a domain with none. Give the current record to have the merged one planned.", spf::added_terms(&spf.value)),
        ));
    }
    out.push(step(
        Phase::DuringMigration,
        None,
        format!("Leave the MX records of {domain} pointing at the on-premises server while batches sync; mail for migrated users reaches Exchange Online through the mail-enabled users that replace their mailboxes."),
    ));
    for record in records {
        match record.role {
            Role::Mx => out.push(step(
                Phase::AtCutover,
                dates.cutover,
                format!("Replace every MX record of {domain} with {} (priority 0, TTL {}).", record.value, seconds(TTL)),
            )),
            Role::Autodiscover => out.push(step(
                Phase::AtCutover,
                dates.cutover,
                format!("Point {} at {AUTODISCOVER_TARGET}; if an _autodiscover._tcp SRV record points on-premises, delete it.", record.name),
            )),
            _ => {}
        }
    }
    let wait_until = dates.cutover.map(|c| c.plus_seconds(WAIT_HOURS * 3600));
    out.push(step(
        Phase::AfterCutover,
        wait_until,
        format!(
            "Wait at least {WAIT_HOURS} hours after the MX change of {domain} before deleting the migration batches{}, and only when each batch's Last Synced Time is later than the MX change.",
            wait_until.map(|w| format!(" (not before {})", w.display())).unwrap_or_default()
        ),
    ));
    if !d.existing_spf_invalid {
        let merged = spf::merge(d.existing_spf.as_ref(), &checked.senders);
        let after = spf::after_migration(d.existing_spf.as_ref(), &checked.senders);
        if after != merged {
            out.push(step(
                Phase::AfterCutover,
                None,
                if checked.senders.is_empty() {
                    format!("Once only Exchange Online sends mail as {domain}, tighten the SPF record to \"{}\" so receivers reject mail from other servers.", after.text())
                } else {
                    format!("When the on-premises servers no longer send mail, change the SPF record of {domain} to \"{}\".", after.text())
                },
            ));
        }
    }
    out
}

/// When and how to lower the MX TTL: by the first batch (Microsoft's advice) and at
/// least one old TTL before the cutover (so no sender has the old MX cached).
fn lower_mx_ttl(
    d: &CheckedDomain,
    dates: &Dates,
    findings: &mut Vec<Finding>,
) -> (Option<Moment>, String) {
    let domain = d.name.ascii.as_str();
    let Some(old) = d.mx_ttl else {
        return (
            dates.first_batch,
            format!(
                "Set the TTL of every MX record of {domain} to {} or less{}, at least one old TTL before the cutover (look the current TTL up with --lookup or in the zone; it is often 86,400 s).",
                seconds(TTL),
                if dates.first_batch.is_some() {
                    " before the first batch"
                } else {
                    ""
                }
            ),
        );
    };
    if old <= TTL {
        return (
            None,
            format!(
                "The MX records of {domain} have a TTL of {}, at most {}: keep it there until the cutover.",
                seconds(old),
                seconds(TTL)
            ),
        );
    }
    let latest = dates.cutover.map(|c| c.plus_seconds(-i64::from(old)));
    let when = match (dates.first_batch, latest) {
        (Some(first), Some(latest)) => Some(first.min(latest)),
        (first, latest) => first.or(latest),
    };
    let mut text = format!(
        "Lower the TTL of every MX record of {domain} from {} to {} or less",
        seconds(old),
        seconds(TTL)
    );
    if let Some(first) = dates.first_batch {
        text.push_str(&format!(
            "; Microsoft recommends doing it before the migration starts ({})",
            first.display()
        ));
    }
    if let Some(latest) = latest {
        text.push_str(&format!(
            "; it must be done at least {} (one old TTL) before the cutover, so by {} at the latest",
            seconds(old),
            latest.display()
        ));
    }
    text.push('.');
    if let (Some(first), Some(cut)) = (dates.first_batch, dates.cutover) {
        if cut > first && cut.seconds_since(first) < i64::from(old) {
            findings.push(schedule::TTL_TOO_LATE.finding(format!(
                "Only {} pass between the first batch and the cutover of {domain}, less than the MX TTL of {}: lower the TTL before {}.",
                seconds(cut.seconds_since(first)),
                seconds(old),
                cut.plus_seconds(-i64::from(old)).display()
            )));
        }
    }
    (when, text)
}

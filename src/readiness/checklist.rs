//! The checklist: every task of Microsoft's staged-migration procedure, in order, with
//! its status, where to do it, what it depends on and its date.
//!
//! A task is `blocked` when an error finding concerns it or a task it depends on; it is
//! `done` only when the assessment says so, or for the Outlook Anywhere and certificate
//! tasks when the source probe's findings show it ([`super::evidence`]); anything else,
//! including unknown answers, is `todo`.

use serde::Serialize;
use time::OffsetDateTime;

use super::assessment::{Answer, Assessment};
use super::dates::{Dated, KeyDates};
use crate::finding::{Finding, Severity};
use definition::DEFINITIONS;

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Carried out, as the assessment says.
    Done,
    /// Still to do (or not known to be done).
    Todo,
    /// Cannot be done until the findings in `blockedBy` are fixed.
    Blocked,
    /// Listed in Microsoft's procedure, but nothing to do for this migration (the
    /// note says why).
    #[serde(rename = "notApplicable")]
    NotApplicable,
}

impl Status {
    /// Words for people: `done`, `to do`, `blocked`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Todo => "to do",
            Status::Blocked => "blocked",
            Status::NotApplicable => "not applicable",
        }
    }
}

/// Which part of the procedure a task belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Changes to the on-premises Exchange organisation.
    Prepare,
    /// Setting up the Microsoft 365 tenant.
    Tenant,
    /// Creating and running the migration batches.
    Migrate,
    /// Moving mail delivery to Exchange Online.
    Cutover,
    /// Tasks after the migration.
    Finish,
}

/// Whether a task's date is a deadline or a start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DateKind {
    /// Do it no later than this.
    NotLaterThan,
    /// Do it no earlier than this.
    NotBefore,
}

/// A task's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDate {
    /// Deadline or earliest start.
    pub kind: DateKind,
    /// The date and how it was computed.
    #[serde(flatten)]
    pub dated: Dated,
}

/// One task of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    /// Stable identifier, e.g. `outlook-anywhere`.
    pub id: &'static str,
    /// Part of the procedure.
    pub phase: Phase,
    /// What to do.
    pub title: &'static str,
    /// Done, to do or blocked.
    pub status: Status,
    /// Codes of the error findings that block it (its own and its dependencies').
    pub blocked_by: Vec<&'static str>,
    /// Codes of the warnings about it still to be settled (e.g. unknown answers).
    pub open_items: Vec<&'static str>,
    /// Where to do it in an admin center or console, if anywhere.
    pub admin_center: Option<&'static str>,
    /// The cmdlet or command that does it, if any.
    pub cmdlet: Option<&'static str>,
    /// Ids of the tasks that must be done first.
    pub depends_on: &'static [&'static str],
    /// Its date, where the inputs give one.
    pub date: Option<TaskDate>,
    /// A condition or remark specific to this migration.
    pub note: Option<String>,
}

/// What the status and date of a task are computed from.
pub struct Context<'a> {
    /// The assessment.
    pub assessment: &'a Assessment,
    /// Every finding of the report.
    pub findings: &'a [Finding],
    /// The key dates.
    pub dates: &'a KeyDates,
    /// The time the report is made for, if known.
    pub now: Option<OffsetDateTime>,
}

impl Context<'_> {
    fn source_ok(&self) -> bool {
        self.assessment.source.exchange_version.supports_staged() == Answer::Yes
    }
}

/// Tasks of Microsoft's procedure that never apply to a staged migration from Exchange
/// 2003/2007: shown, with a note saying why, but never open or blocking.
const NOT_APPLICABLE: &[&str] = &["mrs-proxy"];

/// Builds the checklist, in procedure order.
pub fn checklist(context: &Context<'_>) -> Vec<Task> {
    let mut tasks: Vec<Task> = Vec::with_capacity(DEFINITIONS.len());
    for definition in DEFINITIONS {
        let related = |f: &&Finding| {
            super::evidence::concerns(definition.id, f.code)
                || definition
                    .codes
                    .iter()
                    .any(|c| f.code == *c || (c.len() == 3 && f.code.starts_with(c)))
        };
        let done = super::evidence::done(definition.id, context.findings)
            .unwrap_or_else(|| (definition.done)(context));
        let mut blocked_by: Vec<&'static str> = context
            .findings
            .iter()
            .filter(related)
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.code)
            .collect();
        let mut open_items: Vec<&'static str> = context
            .findings
            .iter()
            .filter(related)
            .filter(|f| f.severity == Severity::Warning)
            .map(|f| f.code)
            .collect();
        if !done {
            for dependency in definition.depends_on {
                let before = tasks.iter().find(|t| t.id == *dependency);
                if let Some(before) = before.filter(|t| t.status == Status::Blocked) {
                    blocked_by.extend(before.blocked_by.iter().copied());
                }
            }
        }
        blocked_by.sort_unstable();
        blocked_by.dedup();
        open_items.sort_unstable();
        open_items.dedup();
        let not_applicable = NOT_APPLICABLE.contains(&definition.id);
        if not_applicable {
            blocked_by.clear();
            open_items.clear();
        }
        let status = if not_applicable {
            Status::NotApplicable
        } else if done {
            Status::Done
        } else if blocked_by.is_empty() {
            Status::Todo
        } else {
            Status::Blocked
        };
        tasks.push(Task {
            id: definition.id,
            phase: definition.phase,
            title: definition.title,
            status,
            blocked_by: if done { Vec::new() } else { blocked_by },
            open_items: if done { Vec::new() } else { open_items },
            admin_center: definition.admin_center,
            cmdlet: definition.cmdlet,
            depends_on: definition.depends_on,
            date: date(definition.id, context.dates),
            note: super::evidence::note(definition.id, context.findings)
                .or_else(|| note(definition.id, context)),
        });
    }
    tasks
}

/// The date of a task, from the key dates.
fn date(id: &str, dates: &KeyDates) -> Option<TaskDate> {
    let (kind, dated) = match id {
        "lower-mx-ttl" => (DateKind::NotLaterThan, dates.lower_ttl_by.as_ref()?),
        "route-mx" => (DateKind::NotBefore, dates.earliest_mx_change.as_ref()?),
        "wait-72h" | "delete-batches" => {
            (DateKind::NotBefore, dates.earliest_batch_deletion.as_ref()?)
        }
        "licences" => (DateKind::NotLaterThan, dates.licence_deadline.as_ref()?),
        _ => return None,
    };
    Some(TaskDate {
        kind,
        dated: dated.clone(),
    })
}

/// A remark specific to this migration.
fn note(id: &str, c: &Context<'_>) -> Option<String> {
    let a = c.assessment;
    match id {
        "source-version" if a.source.exchange_version.supports_staged() == Answer::No => Some(
            "Staged migration cannot be used: plan a cutover (up to 2,000 mailboxes) or hybrid migration.".to_string(),
        ),
        "csv" if a.tenant.federated_sso.is_yes() => {
            Some("AD FS sign-in: ForceChangePassword must be False in every row.".to_string())
        }
        "mrs-proxy" => Some(
            "Not applicable: the MRS Proxy endpoint serves remote moves and exists from Exchange 2010 on; a staged migration from Exchange 2003/2007 connects through Outlook Anywhere. Microsoft's staged-migration procedure lists the step, most likely copied from its remote-move article.".to_string(),
        ),
        "delete-batches" => Some(
            "Only when every batch's Last Synced Time is later than the MX change, and every user works in the new mailbox.".to_string(),
        ),
        "lower-mx-ttl" => a.dns.mx_ttl_seconds.map(|ttl| {
            format!("The MX TTL is {ttl} seconds now; if there are several MX records, change each one.")
        }),
        _ => None,
    }
}

mod definition;
#[cfg(test)]
mod tests;

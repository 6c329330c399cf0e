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
use super::dates::{Dated, KeyDates, TTL_TARGET_SECONDS};
use crate::finding::{Finding, Severity};

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

/// The fixed part of a task.
struct Definition {
    id: &'static str,
    phase: Phase,
    title: &'static str,
    admin_center: Option<&'static str>,
    cmdlet: Option<&'static str>,
    depends_on: &'static [&'static str],
    /// Codes (or code prefixes) of findings about this task.
    codes: &'static [&'static str],
    done: fn(&Context<'_>) -> bool,
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

const DEFINITIONS: &[Definition] = &[
    Definition {
        id: "source-version",
        phase: Phase::Prepare,
        title: "Confirm the source is Exchange 2003 or 2007 (later versions need cutover or hybrid)",
        admin_center: Some("Exchange Management Console: Server Configuration (version column)"),
        cmdlet: Some("Get-ExchangeServer | Format-Table Name, AdminDisplayVersion"),
        depends_on: &[],
        codes: &["ENV001", "ENV002"],
        done: |c| c.source_ok(),
    },
    Definition {
        id: "outlook-anywhere",
        phase: Phase::Prepare,
        title: "Configure Outlook Anywhere (RPC over HTTP) on the on-premises server",
        admin_center: Some(
            "Exchange Management Console: Server Configuration > Client Access > Enable Outlook Anywhere",
        ),
        cmdlet: Some(
            "Enable-OutlookAnywhere -Server <CAS> -ExternalHostname <name> -ClientAuthenticationMethod Basic -SSLOffloading $false",
        ),
        depends_on: &["source-version"],
        codes: &["ENV003", "ENV004"],
        done: |c| c.assessment.source.outlook_anywhere_enabled.is_yes(),
    },
    Definition {
        id: "certificate",
        phase: Phase::Prepare,
        title: "Use a certificate from a trusted certification authority for Outlook Anywhere",
        admin_center: Some("IIS Manager or Exchange Management Shell on the Client Access server"),
        cmdlet: Some("Import-ExchangeCertificate; Enable-ExchangeCertificate -Services IIS"),
        depends_on: &["source-version"],
        codes: &["ENV005", "ENV006"],
        done: |c| c.assessment.source.certificate == super::assessment::Certificate::Trusted,
    },
    Definition {
        id: "mrs-proxy",
        phase: Phase::Prepare,
        title: "MRS Proxy: nothing to do (Microsoft's procedure lists it, but it exists only from Exchange 2010 on)",
        admin_center: None,
        cmdlet: None,
        depends_on: &[],
        codes: &["ENV007", "ENV008"],
        done: |c| c.assessment.source.mrs_proxy_enabled.is_yes(),
    },
    Definition {
        id: "permissions",
        phase: Phase::Prepare,
        title: "Give the migration administrator FullAccess (or Receive As) and WriteProperty on TargetAddress",
        admin_center: None,
        cmdlet: Some(
            "Add-MailboxPermission -AccessRights FullAccess, or Add-ADPermission -ExtendedRights Receive-As; Add-ADPermission -AccessRights WriteProperty -Properties TargetAddress",
        ),
        depends_on: &["source-version"],
        codes: &["ENV009", "ENV010"],
        done: |c| c.assessment.source.permissions.sufficient().is_yes(),
    },
    Definition {
        id: "unified-messaging",
        phase: Phase::Prepare,
        title: "Turn off Unified Messaging for the mailboxes to migrate",
        admin_center: None,
        cmdlet: Some("Get-UMMailbox | Disable-UMMailbox"),
        depends_on: &["source-version"],
        codes: &["ENV011", "ENV012"],
        done: |c| c.assessment.source.unified_messaging_disabled.is_yes(),
    },
    Definition {
        id: "verify-domain",
        phase: Phase::Tenant,
        title: "Verify the on-premises email domain in Microsoft 365",
        admin_center: Some("Microsoft 365 admin center: Settings > Domains > Add domain"),
        cmdlet: None,
        depends_on: &[],
        codes: &["ENV013", "ENV014", "ENV019", "CSV208", "CSV212"],
        done: |c| c.assessment.tenant.domain_verified.is_yes(),
    },
    Definition {
        id: "directory-sync",
        phase: Phase::Tenant,
        title: "Create the users in Microsoft 365 with directory synchronisation",
        admin_center: Some(
            "Microsoft Entra Connect on premises; status on the Microsoft 365 admin center home page",
        ),
        cmdlet: Some("Start-ADSyncSyncCycle -PolicyType Delta"),
        depends_on: &["verify-domain"],
        codes: &["ENV015", "ENV016"],
        done: |c| c.assessment.tenant.directory_sync.is_yes(),
    },
    Definition {
        id: "csv",
        phase: Phase::Migrate,
        title: "Prepare the CSV files (at most 2,000 mailboxes each)",
        admin_center: Some("Excel, then this checker"),
        cmdlet: None,
        depends_on: &[],
        codes: &[
            "CSV", "PWD", "DIR", "ENV017", "ENV018", "ENV020", "ENV021", "ENV033",
        ],
        done: |c| {
            !c.findings.iter().any(|f| {
                (f.code.starts_with("CSV") || f.code.starts_with("PWD") || f.code == "ENV033")
                    && f.severity != Severity::Info
            })
        },
    },
    Definition {
        id: "endpoint",
        phase: Phase::Migrate,
        title: "Create the Outlook Anywhere migration endpoint",
        admin_center: Some(
            "Exchange admin center: Migration > Endpoints (or while creating the first batch)",
        ),
        cmdlet: Some(
            "New-MigrationEndpoint -ExchangeOutlookAnywhere; Test-MigrationServerAvailability",
        ),
        depends_on: &["outlook-anywhere", "certificate", "permissions"],
        codes: &[],
        done: |c| c.assessment.progress.endpoint_created.is_yes(),
    },
    Definition {
        id: "batches",
        phase: Phase::Migrate,
        title: "Create one migration batch per CSV file (at most 2,000 mailboxes each, at most 100 batches at once)",
        admin_center: Some(
            "Exchange admin center: Migration > Batch > New migration batch > Staged migration",
        ),
        cmdlet: Some("New-MigrationBatch -Name <name> -SourceEndpoint <endpoint> -CSVData <bytes>"),
        depends_on: &["csv", "endpoint", "directory-sync", "unified-messaging"],
        codes: &["ENV024"],
        done: |c| c.assessment.progress.batches_created.is_yes(),
    },
    Definition {
        id: "start",
        phase: Phase::Migrate,
        title: "Start the migration batches",
        admin_center: Some(
            "Exchange admin center: Migration > Batch > select the batch > Start migration",
        ),
        cmdlet: Some(
            "Start-MigrationBatch -Identity <name>; Get-MigrationBatch; Get-MigrationUser -BatchId <name>",
        ),
        depends_on: &["batches"],
        codes: &["ENV028"],
        done: |c| c.assessment.progress.batches_started.is_yes(),
    },
    Definition {
        id: "convert-mailboxes",
        phase: Phase::Migrate,
        title: "Convert migrated on-premises mailboxes to mail-enabled users",
        admin_center: None,
        cmdlet: Some(
            "The scripts in Microsoft's articles \"Convert Exchange 2007 (or 2003) mailboxes to mail-enabled users\"",
        ),
        depends_on: &["start"],
        codes: &[],
        done: |c| c.assessment.progress.mailboxes_converted.is_yes(),
    },
    Definition {
        id: "lower-mx-ttl",
        phase: Phase::Cutover,
        title: "Lower the TTL of every MX record to 3,600 seconds or less",
        admin_center: Some("Your public DNS host's control panel (MX records)"),
        cmdlet: None,
        depends_on: &[],
        codes: &["ENV025", "ENV026"],
        done: |c| {
            c.assessment.dns.mx_changed_at.is_some()
                || c.assessment
                    .dns
                    .mx_ttl_seconds
                    .is_some_and(|ttl| ttl <= TTL_TARGET_SECONDS)
        },
    },
    Definition {
        id: "route-mx",
        phase: Phase::Cutover,
        title: "Point the MX records to Exchange Online",
        admin_center: Some(
            "Your public DNS host (value from Microsoft 365 admin center: Settings > Domains > DNS records)",
        ),
        cmdlet: None,
        depends_on: &["start", "lower-mx-ttl"],
        codes: &["DNS", "ENV027"],
        done: |c| {
            c.assessment
                .dns
                .mx_changed_at
                .is_some_and(|at| c.now.is_none_or(|now| at <= now))
        },
    },
    Definition {
        id: "wait-72h",
        phase: Phase::Cutover,
        title: "Wait at least 72 hours for senders to pick up the new MX records",
        admin_center: None,
        cmdlet: None,
        depends_on: &["route-mx"],
        codes: &[],
        done: |c| match (
            &c.dates.earliest_batch_deletion,
            c.now,
            c.assessment.dns.mx_changed_at,
        ) {
            (Some(deletion), Some(now), Some(_)) => now >= deletion.at,
            _ => false,
        },
    },
    Definition {
        id: "delete-batches",
        phase: Phase::Cutover,
        title: "Delete the migration batches once their last sync is later than the MX change",
        admin_center: Some("Exchange admin center: Migration > Batch > select the batch > Delete"),
        cmdlet: Some(
            "Get-MigrationBatch | Format-List Identity, Status, LastSyncedDateTime; Remove-MigrationBatch -Identity <name>",
        ),
        depends_on: &["wait-72h"],
        codes: &["ENV032"],
        done: |c| c.assessment.progress.batches_deleted.is_yes(),
    },
    Definition {
        id: "licences",
        phase: Phase::Finish,
        title: "Assign licences within 30 days of the users' creation",
        admin_center: Some(
            "Microsoft 365 admin center: Users > Active users > Manage product licenses",
        ),
        cmdlet: Some("Microsoft Graph: Set-MgUserLicense"),
        depends_on: &["directory-sync"],
        codes: &["ENV022", "ENV023", "ENV029", "ENV030", "ENV031"],
        done: |c| c.assessment.progress.licences_assigned.is_yes(),
    },
    Definition {
        id: "autodiscover",
        phase: Phase::Finish,
        title: "Create the Autodiscover CNAME (autodiscover → autodiscover.outlook.com)",
        admin_center: Some(
            "Your public DNS host (CNAME autodiscover in the cloud organisation's namespace)",
        ),
        cmdlet: None,
        depends_on: &["route-mx"],
        codes: &[],
        done: |c| c.assessment.progress.autodiscover_cname.is_yes(),
    },
    Definition {
        id: "decommission",
        phase: Phase::Finish,
        title: "Decommission the on-premises Exchange servers (Microsoft advises contacting support first)",
        admin_center: Some("Add or Remove Programs / Exchange setup on each server"),
        cmdlet: None,
        depends_on: &["delete-batches", "autodiscover", "licences"],
        codes: &[],
        done: |c| c.assessment.progress.decommissioned.is_yes(),
    },
];

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::assessment::{Certificate, TEMPLATE};

    fn build(assessment: &Assessment, findings: &[Finding]) -> Vec<Task> {
        let dates = KeyDates::default();
        checklist(&Context {
            assessment,
            findings,
            dates: &dates,
            now: None,
        })
    }

    fn task<'a>(tasks: &'a [Task], id: &str) -> &'a Task {
        tasks.iter().find(|t| t.id == id).unwrap()
    }

    #[test]
    fn covers_the_procedure_in_order_with_known_dependencies() {
        let tasks = build(&Assessment::default(), &[]);
        let ids: Vec<&str> = tasks.iter().map(|t| t.id).collect();
        assert_eq!(ids.len(), 20);
        for (i, t) in tasks.iter().enumerate() {
            for d in t.depends_on {
                let at = ids.iter().position(|id| id == d).unwrap();
                assert!(at < i, "{} depends on the later {d}", t.id);
            }
            assert!(
                t.admin_center.is_some()
                    || t.cmdlet.is_some()
                    || t.id == "wait-72h"
                    || t.status == Status::NotApplicable
            );
        }
        // Nothing is done while every answer is unknown, but the CSV task has no
        // findings to fix here and nothing is an error.
        assert!(
            tasks
                .iter()
                .all(|t| t.status == Status::Todo || t.id == "csv" || t.id == "mrs-proxy")
        );
        let mrs = task(&tasks, "mrs-proxy");
        assert_eq!(mrs.status, Status::NotApplicable);
        assert!(mrs.note.as_deref().unwrap().contains("Exchange 2010"));
    }

    #[test]
    fn an_error_blocks_the_task_and_everything_after_it() {
        let mut assessment = Assessment::from_json(TEMPLATE).unwrap();
        assessment.source.certificate = Certificate::SelfSigned;
        let finding = crate::readiness::environment::CERTIFICATE_SELF_SIGNED.finding("x");
        let tasks = build(&assessment, &[finding]);
        assert_eq!(task(&tasks, "certificate").status, Status::Blocked);
        assert_eq!(task(&tasks, "certificate").blocked_by, vec!["ENV005"]);
        assert_eq!(task(&tasks, "endpoint").blocked_by, vec!["ENV005"]);
        assert_eq!(task(&tasks, "decommission").status, Status::Blocked);
        assert_eq!(task(&tasks, "outlook-anywhere").status, Status::Done);
        assert_eq!(task(&tasks, "verify-domain").status, Status::Done);
    }

    #[test]
    fn warnings_are_open_items_and_csv_errors_block_the_csv_task() {
        let unknown = crate::readiness::environment::PERMISSIONS_UNKNOWN.finding("x");
        let csv_error = crate::address::DUPLICATE.finding("x").at_row(3);
        let tasks = build(&Assessment::default(), &[unknown, csv_error]);
        assert_eq!(task(&tasks, "permissions").status, Status::Todo);
        assert_eq!(task(&tasks, "permissions").open_items, vec!["ENV010"]);
        assert_eq!(task(&tasks, "csv").blocked_by, vec!["CSV207"]);
        assert_eq!(task(&tasks, "batches").status, Status::Blocked);
    }

    #[test]
    fn mrs_proxy_off_blocks_nothing() {
        let mut assessment = Assessment::from_json(TEMPLATE).unwrap();
        assessment.source.mrs_proxy_enabled = Answer::No;
        let off = crate::readiness::environment::MRS_PROXY_OFF.finding("x");
        let tasks = build(&assessment, &[off]);
        assert_eq!(task(&tasks, "mrs-proxy").status, Status::NotApplicable);
        assert!(task(&tasks, "mrs-proxy").blocked_by.is_empty());
        assert!(!task(&tasks, "endpoint").depends_on.contains(&"mrs-proxy"));
        assert_eq!(task(&tasks, "endpoint").status, Status::Todo);
    }

    #[test]
    fn a_domain_that_can_never_be_verified_blocks_the_domain_task() {
        let assessment = Assessment::default();
        let finding = crate::address::NON_ROUTABLE.finding("x").at_row(2);
        let tasks = build(&assessment, &[finding]);
        assert_eq!(task(&tasks, "verify-domain").blocked_by, vec!["CSV212"]);
    }
}

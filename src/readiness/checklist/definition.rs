//! The fixed part of every task of the checklist: Microsoft's staged-migration
//! procedure, in order, with where to do each task and when it counts as done.

use super::{Context, Phase};
use crate::finding::Severity;
use crate::readiness::assessment::Certificate;
use crate::readiness::dates::TTL_TARGET_SECONDS;

/// The fixed part of a task.
pub(super) struct Definition {
    pub(super) id: &'static str,
    pub(super) phase: Phase,
    pub(super) title: &'static str,
    pub(super) admin_center: Option<&'static str>,
    pub(super) cmdlet: Option<&'static str>,
    pub(super) depends_on: &'static [&'static str],
    /// Codes (or code prefixes) of findings about this task.
    pub(super) codes: &'static [&'static str],
    pub(super) done: fn(&Context<'_>) -> bool,
}

/// Every task, in procedure order.
pub(super) const DEFINITIONS: &[Definition] = &[
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
        done: |c| c.assessment.source.certificate == Certificate::Trusted,
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

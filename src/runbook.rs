//! The PowerShell runbook: the whole staged migration as one script, run a step at a
//! time (`.\staged-migration.ps1 -Step Endpoint`, then `Batches`, `Start`, `Status`,
//! `Remove`).
//!
//! No password is ever written into the script: the migration administrator's password
//! is asked for by `Get-Credential`, and the CSV files are read from disk when the
//! batches are created. Every value from the inputs is a single-quoted literal, and the
//! script is plain ASCII, so Windows PowerShell 5.1 reads it as PowerShell 7 does (see
//! [`powershell`]); values with control characters are refused. Each batch reads its own
//! file from the script's folder, so two input files with the same name are refused.

pub mod powershell;

use std::fmt::Write;

use time::format_description::well_known::Rfc3339;

use crate::check::CsvFile;
use crate::readiness::dates;
use crate::readiness::{Assessment, ReportOptions};
use powershell::{UnsafeValue, batch_name, comment_text, quote};

/// Name of the migration endpoint the runbook creates.
pub const ENDPOINT_NAME: &str = "StagedMigrationEndpoint";

/// One migration batch of the runbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The batch name: letters, digits and hyphens, at most 64 characters.
    pub name: String,
    /// The CSV file name (without folders); the file is expected beside the script.
    pub csv: String,
}

/// The batches for these CSV files, one per file, named after it. [`runbook`] refuses
/// files with the same name; here the batch names are made unique all the same.
pub fn batches(files: &[CsvFile<'_>]) -> Vec<Batch> {
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for file in files {
        let name = batch_name(file.name, &taken);
        taken.push(name.clone());
        let csv = base_name(file.name).to_string();
        out.push(Batch { name, csv });
    }
    out
}

/// Why the runbook cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunbookError {
    /// A value cannot be put into the script (it has a control character).
    Unsafe(UnsafeValue),
    /// Two input files have the same name, folders and letter case aside: the script
    /// reads every batch's file from its own folder, where the two cannot both be.
    SameFileName {
        /// The file name, as the first of the two files has it.
        name: String,
        /// Their places in the list of files, counted from 1.
        files: (usize, usize),
    },
}

impl std::fmt::Display for RunbookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunbookError::Unsafe(e) => e.fmt(f),
            RunbookError::SameFileName { name, files } => write!(
                f,
                "files {} and {} are both named {name}; the runbook reads each batch's CSV file \
                 from the script's folder, where two files cannot have the same name: rename \
                 one of them (e.g. with -2 before .csv) and make the runbook again",
                files.0, files.1
            ),
        }
    }
}

impl std::error::Error for RunbookError {}

impl From<UnsafeValue> for RunbookError {
    fn from(e: UnsafeValue) -> Self {
        RunbookError::Unsafe(e)
    }
}

/// The file name without its folders, as the script looks for it.
fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Refuses two files whose names (without folders) differ only in letter case, as
/// Windows compares them.
fn distinct_names(files: &[CsvFile<'_>]) -> Result<(), RunbookError> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, file) in files.iter().enumerate() {
        let name = base_name(file.name);
        if let Some(&first) = seen.get(&name.to_lowercase()) {
            return Err(RunbookError::SameFileName {
                name: base_name(files[first].name).to_string(),
                files: (first + 1, i + 1),
            });
        }
        seen.insert(name.to_lowercase(), i);
    }
    Ok(())
}

/// Writes the runbook: plain ASCII text. `Err` when a value cannot be put into a script
/// safely, or when two files have the same name.
pub fn runbook(
    files: &[CsvFile<'_>],
    assessment: &Assessment,
    options: &ReportOptions,
) -> Result<String, RunbookError> {
    let options = ReportOptions {
        pseudonymise: false,
        ..options.clone()
    };
    for file in files {
        powershell::check(file.name, "file name")?;
    }
    distinct_names(files)?;
    let report = crate::readiness::build(files, assessment, &options);
    let offset = assessment.display_offset();
    let show = |at| dates::show(at, offset);
    let batches = batches(files);
    let source = &assessment.source;
    let mut s = String::new();

    // Header.
    let title = match &assessment.organisation {
        Some(name) => format!(
            "Staged migration runbook: {}",
            comment_text(name, "organisation")?
        ),
        None => "Staged migration runbook".to_string(),
    };
    line(&mut s, &format!("# {title}"));
    let when = report
        .as_of
        .map(|at| format!(" for {}", show(at)))
        .unwrap_or_default();
    line(
        &mut s,
        &format!(
            "# Generated by migration-preflight {}{when}. Readiness verdict: {} (errors: {}, warnings: {}).",
            env!("CARGO_PKG_VERSION"),
            report.verdict.as_str(),
            report.counts.by_severity.error,
            report.counts.by_severity.warning
        ),
    );
    s.push_str(HEADER);

    // Parameters and set-up.
    s.push_str(SETUP);
    line(
        &mut s,
        &format!("$endpointName = {}", quote(ENDPOINT_NAME, "endpoint name")?),
    );
    line(&mut s, "$batchNames = @(");
    for b in &batches {
        line(&mut s, &format!("    {}", quote(&b.name, "batch name")?));
    }
    line(&mut s, ")");
    line(&mut s, "");
    line(&mut s, "Connect-ExchangeOnline -ShowBanner:$false");
    line(&mut s, "");
    line(&mut s, "switch ($Step) {");

    // Endpoint.
    line(&mut s, "    'Endpoint' {");
    let user = match &source.migration_admin {
        Some(admin) => format!(" -UserName {}", quote(admin, "migration administrator")?),
        None => String::new(),
    };
    line(
        &mut s,
        &format!(
            "        $credential = Get-Credential{user} -Message 'On-premises migration administrator (FullAccess or Receive As, and WriteProperty on TargetAddress)'"
        ),
    );
    match &source.test_mailbox {
        Some(mailbox) => line(
            &mut s,
            &format!("        $testMailbox = {}", quote(mailbox, "test mailbox")?),
        ),
        None => line(
            &mut s,
            "        $testMailbox = Read-Host 'Address of one mailbox to migrate (used to test the connection)'",
        ),
    }
    match (&source.exchange_server, &source.rpc_proxy_server) {
        (Some(server), Some(proxy)) => {
            let server = quote(server, "Exchange server")?;
            let proxy = quote(proxy, "RPC proxy server")?;
            line(
                &mut s,
                "        # The servers are named in the assessment; with Autodiscover working, -Autodiscover can replace -ExchangeServer, -RpcProxyServer and -Authentication.",
            );
            line(
                &mut s,
                &format!(
                    "        Test-MigrationServerAvailability -ExchangeOutlookAnywhere -ExchangeServer {server} -RpcProxyServer {proxy} -Authentication Basic -EmailAddress $testMailbox -Credentials $credential"
                ),
            );
            line(
                &mut s,
                &format!(
                    "        New-MigrationEndpoint -ExchangeOutlookAnywhere -Name $endpointName -ExchangeServer {server} -RpcProxyServer {proxy} -Authentication Basic -EmailAddress $testMailbox -Credentials $credential"
                ),
            );
        }
        _ => {
            line(
                &mut s,
                "        # If Autodiscover fails, use -ExchangeServer <mailbox server FQDN> -RpcProxyServer <Outlook Anywhere host> -Authentication Basic instead of -Autodiscover.",
            );
            line(
                &mut s,
                "        Test-MigrationServerAvailability -ExchangeOutlookAnywhere -Autodiscover -EmailAddress $testMailbox -Credentials $credential",
            );
            line(
                &mut s,
                "        New-MigrationEndpoint -ExchangeOutlookAnywhere -Name $endpointName -Autodiscover -EmailAddress $testMailbox -Credentials $credential",
            );
        }
    }
    line(
        &mut s,
        "        Get-MigrationEndpoint -Identity $endpointName | Format-List",
    );
    line(&mut s, "    }");

    // Batches.
    line(&mut s, "    'Batches' {");
    line(
        &mut s,
        "        # One batch per CSV file (at most 2,000 mailboxes each; at most 100 batches can exist at once).",
    );
    if report
        .findings
        .iter()
        .any(|f| f.code.starts_with("CSV") && f.severity == crate::Severity::Error)
    {
        line(
            &mut s,
            "        # The CSV check found errors: fix them (see the readiness report) before creating the batches.",
        );
    }
    for b in &batches {
        line(
            &mut s,
            &format!(
                "        New-MigrationBatch -Name {} -SourceEndpoint $endpointName -CSVData ([System.IO.File]::ReadAllBytes((Join-Path $here {})))",
                quote(&b.name, "batch name")?,
                quote(&b.csv, "file name")?
            ),
        );
    }
    line(&mut s, "    }");

    // Start.
    line(&mut s, "    'Start' {");
    if let Some(by) = &report.dates.lower_ttl_by {
        line(
            &mut s,
            &format!(
                "        # Lower the MX TTL to 3,600 s or less first (by {}).",
                show(by.at)
            ),
        );
    }
    line(
        &mut s,
        "        foreach ($name in $batchNames) { Start-MigrationBatch -Identity $name }",
    );
    line(&mut s, "    }");

    // Status.
    line(&mut s, "    'Status' {");
    line(
        &mut s,
        "        # Property names other than Identity and Status are as the cmdlets show them today; adjust if they differ.",
    );
    line(
        &mut s,
        "        Get-MigrationBatch | Format-Table Identity, Status, TotalCount, SyncedCount, FailedCount, LastSyncedDateTime -AutoSize",
    );
    line(
        &mut s,
        "        foreach ($name in $batchNames) { Get-MigrationUser -BatchId $name | Format-Table Identity, Status, ErrorSummary -AutoSize }",
    );
    line(&mut s, "    }");

    // Remove.
    line(&mut s, "    'Remove' {");
    line(
        &mut s,
        "        # Set this to when the MX records were pointed at Exchange Online, with its UTC offset.",
    );
    // A date the report leaves out (ENV034) is left out here too, never written as ''.
    let changed = assessment
        .dns
        .mx_changed_at
        .filter(|at| crate::readiness::range::in_range(*at))
        .and_then(|at| at.format(&Rfc3339).ok());
    match changed {
        Some(text) => {
            line(
                &mut s,
                &format!(
                    "        $mxChangedAt = [DateTimeOffset]::Parse({}, [Globalization.CultureInfo]::InvariantCulture)",
                    quote(&text, "MX change time")?
                ),
            );
        }
        None => {
            line(
                &mut s,
                "        # e.g. $mxChangedAt = [DateTimeOffset]::Parse('2025-03-21T18:00:00+01:00', [Globalization.CultureInfo]::InvariantCulture)",
            );
            line(&mut s, "        $mxChangedAt = $null");
        }
    }
    s.push_str(REMOVE);
    line(&mut s, "    }");
    line(&mut s, "}");
    line(&mut s, "");
    dns_steps(&mut s, &report, &show)?;
    Ok(s)
}

/// The DNS steps, as comments: they are done at the DNS host, not by this script.
fn dns_steps(
    s: &mut String,
    report: &crate::readiness::ReadinessReport,
    show: &dyn Fn(time::OffsetDateTime) -> String,
) -> Result<(), UnsafeValue> {
    line(
        s,
        "# DNS steps, at your public DNS host (this script does not change DNS):",
    );
    let lower = report
        .dates
        .lower_ttl_by
        .as_ref()
        .map(|d| format!(" by {}", show(d.at)))
        .unwrap_or_default();
    line(
        s,
        &format!("#  1. Lower the TTL of every MX record to 3,600 seconds or less{lower}."),
    );
    let earliest = report
        .dates
        .earliest_mx_change
        .as_ref()
        .map(|d| format!(", not before {}", show(d.at)))
        .unwrap_or_default();
    line(
        s,
        &format!(
            "#  2. When every batch is synced and the mailboxes are converted to mail-enabled users, point MX to Exchange Online{earliest}."
        ),
    );
    line(
        s,
        "#     The value is in the Microsoft 365 admin center: Settings > Domains > (domain) > DNS records.",
    );
    if let Some(dns) = &report.dns {
        for r in &dns.records {
            let text = format!(
                "#     {} {} {} {} {}",
                comment_text(&r.action, "DNS action")?,
                comment_text(&r.name, "DNS name")?,
                comment_text(&r.record_type, "DNS record type")?,
                comment_text(&r.value, "DNS value")?,
                r.ttl.map(|t| format!("TTL {t}")).unwrap_or_default()
            );
            line(s, text.trim_end());
        }
    }
    let wait = report
        .dates
        .earliest_batch_deletion
        .as_ref()
        .map(|d| format!(" (until {})", show(d.at)))
        .unwrap_or_default();
    line(
        s,
        &format!(
            "#  3. Wait at least 72 hours{wait}; then run -Step Remove, which deletes a batch only if it synced after the MX change."
        ),
    );
    line(
        s,
        "#  4. After all mailboxes are migrated: CNAME autodiscover -> autodiscover.outlook.com in the cloud organisation's namespace.",
    );
    Ok(())
}

fn line(s: &mut String, text: &str) {
    let _ = writeln!(s, "{text}");
}

const HEADER: &str = "\
# Nothing in this script is a password: Get-Credential asks for the migration
# administrator's password, and the CSV files are read when the batches are created.
#
# Put the CSV files in the same folder as this script, review it, then run one step at
# a time:
#   .\\staged-migration.ps1 -Step Endpoint   create and test the Outlook Anywhere endpoint
#   .\\staged-migration.ps1 -Step Batches    create one migration batch per CSV file
#   .\\staged-migration.ps1 -Step Start      start the batches
#   .\\staged-migration.ps1 -Step Status     show batch and user status (changes nothing)
#   .\\staged-migration.ps1 -Step Remove     delete the batches, 72 hours after the MX change
# Needs the ExchangeOnlineManagement module (Install-Module ExchangeOnlineManagement).
";

const SETUP: &str = "\
#Requires -Version 5.1
[CmdletBinding()]
param(
    [ValidateSet('Endpoint', 'Batches', 'Start', 'Status', 'Remove')]
    [string] $Step = 'Status'
)

$ErrorActionPreference = 'Stop'
$here = if ($PSScriptRoot) { $PSScriptRoot } else { (Get-Location).ProviderPath }
";

const REMOVE: &str = r#"        if (-not $mxChangedAt) { throw 'Set $mxChangedAt to the time of the MX change first.' }
        $notBefore = $mxChangedAt.AddHours(72)
        if ([DateTimeOffset]::Now -lt $notBefore) { throw "Wait until $notBefore (72 hours after the MX change) before deleting the batches." }
        foreach ($name in $batchNames) {
            $lastSync = (Get-MigrationBatch -Identity $name).LastSyncedDateTime
            if (-not $lastSync -or [DateTimeOffset]$lastSync -le $mxChangedAt) {
                Write-Warning "Not deleting ${name}: its last sync ($lastSync) is not later than the MX change."
                continue
            }
            Remove-MigrationBatch -Identity $name -Confirm
        }
"#;

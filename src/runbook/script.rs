//! The fixed parts of the runbook's script.

/// After the title: what the script is, then the list of files (written by the caller).
pub(super) const HEADER: &str = "\
# Nothing in this script is a password: Get-Credential asks for the migration
# administrator's password, and the CSV files are read when the batches are created.
#
# Put these CSV files in the same folder as this script (one migration batch each):
";

/// After the list of files: the steps.
pub(super) const STEPS: &str = "\
# Review the script, then run one step at a time:
#   .\\staged-migration.ps1 -Step Endpoint   create and test the Outlook Anywhere endpoint
#   .\\staged-migration.ps1 -Step Batches    create the migration batches, one per CSV file
#   .\\staged-migration.ps1 -Step Start      start the batches
#   .\\staged-migration.ps1 -Step Status     show batch and user status (changes nothing)
#   .\\staged-migration.ps1 -Step Remove     delete the batches, 72 hours after the MX change
# Batches, Start, Status and Remove work on every batch, or on one batch or one wave:
#   .\\staged-migration.ps1 -Step Start -Batch Wave1-01   the batch named Wave1-01
#   .\\staged-migration.ps1 -Step Start -Wave Wave1       every batch named Wave1-... (Wave1-01, Wave1-02, ...)
# Needs the ExchangeOnlineManagement module (Install-Module ExchangeOnlineManagement).
";

/// The parameters and the script's folder.
pub(super) const SETUP: &str = "\
#Requires -Version 5.1
[CmdletBinding()]
param(
    [ValidateSet('Endpoint', 'Batches', 'Start', 'Status', 'Remove')]
    [string] $Step = 'Status',
    # One batch, by name (e.g. Wave1-01).
    [ValidatePattern('^[A-Za-z0-9_-]{1,64}$')]
    [string] $Batch,
    # A wave: every batch whose name is this, a hyphen and more (e.g. Wave1 for Wave1-01, Wave1-02).
    [ValidatePattern('^[A-Za-z0-9_-]{1,64}$')]
    [string] $Wave
)

$ErrorActionPreference = 'Stop'
$here = if ($PSScriptRoot) { $PSScriptRoot } else { (Get-Location).ProviderPath }
";

/// After `$batches`: the batches the run works on.
pub(super) const SELECT: &str = r#"if ($Batch -and $Wave) { throw 'Give -Batch or -Wave, not both.' }
$selected = @($batches | Where-Object {
    if ($Batch) { $_.Name -eq $Batch }
    elseif ($Wave) { $_.Name.StartsWith($Wave + '-', [StringComparison]::OrdinalIgnoreCase) }
    else { $true }
})
if ($selected.Count -eq 0 -and ($Batch -or $Wave)) {
    if ($Batch) { throw "No batch of this runbook is named ${Batch}: see the list at its top." }
    throw "No batch of this runbook is named ${Wave}-...: see the list at its top."
}
"#;

/// The `Batches` step after its comments: every file is checked before any batch is made.
pub(super) const BATCHES: &str = r#"        foreach ($b in $selected) {
            $path = Join-Path $here $b.File
            if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { throw "Put the CSV file of batch $($b.Name) here first: ${path} is missing." }
        }
        foreach ($b in $selected) {
            New-MigrationBatch -Name $b.Name -SourceEndpoint $endpointName -CSVData ([System.IO.File]::ReadAllBytes((Join-Path $here $b.File)))
        }
"#;

/// The `Status` step.
pub(super) const STATUS: &str = "    'Status' {
        # Property names other than Identity and Status are as the cmdlets show them today; adjust if they differ.
        Get-MigrationBatch | Format-Table Identity, Status, TotalCount, SyncedCount, FailedCount, LastSyncedDateTime -AutoSize
        foreach ($b in $selected) { Get-MigrationUser -BatchId $b.Name | Format-Table Identity, Status, ErrorSummary -AutoSize }
    }
";

/// The `Remove` step after `$mxChangedAt`: the 72-hour and last-sync checks, per batch.
pub(super) const REMOVE: &str = r#"        if (-not $mxChangedAt) { throw 'Set $mxChangedAt to the time of the MX change first.' }
        $notBefore = $mxChangedAt.AddHours(72)
        if ([DateTimeOffset]::Now -lt $notBefore) { throw "Wait until $notBefore (72 hours after the MX change) before deleting the batches." }
        foreach ($b in $selected) {
            $name = $b.Name
            $lastSync = (Get-MigrationBatch -Identity $name).LastSyncedDateTime
            if (-not $lastSync -or [DateTimeOffset]$lastSync -le $mxChangedAt) {
                Write-Warning "Not deleting ${name}: its last sync ($lastSync) is not later than the MX change."
                continue
            }
            Remove-MigrationBatch -Identity $name -Confirm
        }
"#;

//! The batch cmdlets: New-, Start-, Stop-, Remove-, Get-MigrationBatch.

use serde_json::{Map, Value, json};

use crate::model::{Batch, BatchStatus, users};
use crate::params::Params;
use crate::reply::CmdletError;
use crate::sim::Sim;

/// Exchange Online's limit on batches in existence [doc].
pub const MAX_BATCHES: usize = 100;
/// The longest batch name [doc].
const MAX_NAME: usize = 64;
/// The most rows of a staged CSV [doc].
const MAX_ROWS: usize = 2000;
/// Columns of a staged-migration CSV [doc].
const STAGED_COLUMNS: &[&str] = &["EmailAddress", "Password", "ForceChangePassword"];

const MIGRATION: &str = "Microsoft.Exchange.Migration.MigrationPermanentException";

/// A cmdlet's objects and warnings.
pub type Output = Result<(Vec<Value>, Vec<String>), CmdletError>;

fn bump(counts: &mut std::collections::BTreeMap<String, u64>, name: &str) {
    *counts.entry(name.to_string()).or_default() += 1;
}

/// The canonical name of a batch named (case-insensitively) `given`, or `given`.
fn canonical(sim: &Sim, given: &str) -> String {
    sim.tenant
        .batch(given)
        .map(|b| b.name.clone())
        .unwrap_or_else(|| given.to_string())
}

/// `New-MigrationBatch -Name -SourceEndpoint -CSVData [-AutoStart] [-NotificationEmails]`.
pub fn new(sim: &mut Sim, parameters: &Map<String, Value>) -> Output {
    let p = Params::check(
        parameters,
        &[
            "Name",
            "SourceEndpoint",
            "CSVData",
            "AutoStart",
            "NotificationEmails",
            "TimeZone",
            "AllowUnknownColumnsInCsv",
            "BadItemLimit",
            "LargeItemLimit",
        ],
    )?;
    let name = p.required("Name")?;
    let name = canonical(sim, &name);
    bump(&mut sim.tenant.creates, &name);
    if name.chars().count() > MAX_NAME {
        return Err(CmdletError::argument(
            "Name",
            "The length of the argument is too long; it must be 64 characters or fewer.",
        ));
    }
    if sim.tenant.batch(&name).is_some() {
        return Err(CmdletError::bad(
            "Microsoft.Exchange.Migration.MigrationBatchNameAlreadyExistsException",
            format!(
                "A migration batch with the name '{name}' already exists. Use a different name."
            ),
        ));
    }
    if sim.tenant.batches.len() >= MAX_BATCHES {
        return Err(CmdletError::bad(
            "Microsoft.Exchange.Migration.MaximumNumberOfBatchesReachedException",
            "The maximum number of migration batches is already running. Remove completed \
             batches before you create a new one.",
        ));
    }
    let endpoint = p.required("SourceEndpoint")?;
    let endpoint = match sim.tenant.endpoint(&endpoint) {
        Some(e) => e.name.clone(),
        None => return Err(CmdletError::not_found(&endpoint)),
    };
    let bytes = csv_data(p.get("CSVData"))?;
    let addresses = addresses(&bytes, p.switch("AllowUnknownColumnsInCsv")?)?;
    let notify = p.strings("NotificationEmails")?;
    let auto_start = p.switch("AutoStart")?;
    let now = sim.now_ms();
    let doomed = sim.config.fail_batches.as_deref().is_some_and(|prefix| {
        name.to_ascii_lowercase()
            .starts_with(&prefix.to_ascii_lowercase())
    });
    let mut batch = Batch {
        name: name.clone(),
        endpoint,
        status: BatchStatus::Created,
        users: users(addresses, &sim.config.fail_users),
        notify,
        created_ms: now,
        started_ms: None,
        initial_sync_ms: None,
        last_synced_ms: None,
        doomed,
        message: String::new(),
    };
    if auto_start {
        bump(&mut sim.tenant.starts, &name);
        batch.start(now, sim.config.sync_ms);
    }
    let value = json_of(sim, &batch);
    sim.tenant.batches.push(batch);
    Ok((vec![value], Vec::new()))
}

/// `CSVData`: `{"@odata.type":"#Exchange.ByteArrayType","Data":[numbers 0–255]}` only.
fn csv_data(value: Option<&Value>) -> Result<Vec<u8>, CmdletError> {
    let refuse = |why: &str| {
        CmdletError::argument(
            "CSVData",
            &format!("Cannot convert the value to type \"System.Byte[]\": {why}"),
        )
    };
    let Some(Value::Object(object)) = value else {
        return Err(refuse(
            "expected {\"@odata.type\":\"#Exchange.ByteArrayType\",\"Data\":[…]} (a base64 string is not a byte array)",
        ));
    };
    if object.get("@odata.type").and_then(Value::as_str) != Some("#Exchange.ByteArrayType") {
        return Err(refuse("@odata.type must be #Exchange.ByteArrayType"));
    }
    let Some(Value::Array(data)) = object.get("Data") else {
        return Err(refuse("Data must be an array of numbers 0-255, not base64"));
    };
    data.iter()
        .map(|v| v.as_u64().filter(|n| *n <= 255).map(|n| n as u8))
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(|| refuse("Data must be an array of numbers 0-255"))
}

/// The EmailAddress column of a staged CSV. Passwords are read past, never kept.
fn addresses(bytes: &[u8], allow_unknown: bool) -> Result<Vec<String>, CmdletError> {
    let csv_error = |message: String| {
        CmdletError::bad(
            "Microsoft.Exchange.Migration.MigrationCSVParsingException",
            message,
        )
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let headers = reader
        .byte_headers()
        .map_err(|_| csv_error("The CSV file couldn't be read.".into()))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let Some(column) = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case("EmailAddress"))
    else {
        return Err(csv_error(
            "The CSV file doesn't contain the required column 'EmailAddress'.".into(),
        ));
    };
    let unknown = names
        .iter()
        .find(|n| !STAGED_COLUMNS.iter().any(|k| k.eq_ignore_ascii_case(n)));
    if let (false, Some(unknown)) = (allow_unknown, unknown) {
        return Err(csv_error(format!(
            "The column '{unknown}' isn't valid for this migration type. Use \
             -AllowUnknownColumnsInCsv to ignore it."
        )));
    }
    let mut found = Vec::new();
    for (i, record) in reader.byte_records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|_| csv_error(format!("Row {row} couldn't be read.")))?;
        if record
            .iter()
            .all(|cell| cell.iter().all(u8::is_ascii_whitespace))
        {
            continue;
        }
        let address = record
            .get(column)
            .map(|c| String::from_utf8_lossy(c).trim().to_string())
            .unwrap_or_default();
        if address.is_empty() {
            return Err(csv_error(format!("Row {row}: the EmailAddress is empty.")));
        }
        found.push(address);
        if found.len() > MAX_ROWS {
            return Err(csv_error(format!(
                "The CSV file has more than {MAX_ROWS} rows. Split it into several batches."
            )));
        }
    }
    if found.is_empty() {
        return Err(csv_error("The CSV file doesn't contain any users.".into()));
    }
    Ok(found)
}

/// `Start-MigrationBatch -Identity`: from Created, Stopped, Failed, Synced(WithErrors);
/// failed users are retried.
pub fn start(sim: &mut Sim, parameters: &Map<String, Value>) -> Output {
    let p = Params::check(parameters, &["Identity", "Validate"])?;
    let name = canonical(sim, &p.required("Identity")?);
    bump(&mut sim.tenant.starts, &name);
    let (now, step) = (sim.now_ms(), sim.config.sync_ms);
    let batch = sim
        .tenant
        .batch_mut(&name)
        .ok_or_else(|| CmdletError::not_found(&name))?;
    if batch.status == BatchStatus::Syncing {
        return Err(CmdletError::bad(
            MIGRATION,
            format!("The migration batch '{name}' can't be started because it's already syncing."),
        ));
    }
    batch.start(now, step);
    Ok((Vec::new(), Vec::new()))
}

/// `Stop-MigrationBatch -Identity -Confirm:$false`: only while syncing.
pub fn stop(sim: &mut Sim, parameters: &Map<String, Value>) -> Output {
    let p = Params::check(parameters, &["Identity"])?;
    let name = canonical(sim, &p.required("Identity")?);
    bump(&mut sim.tenant.stops, &name);
    p.confirmed()?;
    let batch = sim
        .tenant
        .batch_mut(&name)
        .ok_or_else(|| CmdletError::not_found(&name))?;
    if batch.status != BatchStatus::Syncing {
        return Err(CmdletError::bad(
            MIGRATION,
            format!("The migration batch '{name}' can't be stopped because it isn't running."),
        ));
    }
    batch.stop();
    Ok((Vec::new(), Vec::new()))
}

/// `Remove-MigrationBatch -Identity -Confirm:$false`: refused while syncing.
pub fn remove(sim: &mut Sim, parameters: &Map<String, Value>) -> Output {
    let p = Params::check(parameters, &["Identity"])?;
    let name = canonical(sim, &p.required("Identity")?);
    bump(&mut sim.tenant.removes, &name);
    p.confirmed()?;
    let batch = sim
        .tenant
        .batch(&name)
        .ok_or_else(|| CmdletError::not_found(&name))?;
    if batch.status == BatchStatus::Syncing {
        return Err(CmdletError::bad(
            MIGRATION,
            format!(
                "The migration batch '{name}' can't be removed while it's syncing. Stop it or \
                 wait until it has synced."
            ),
        ));
    }
    sim.tenant
        .batches
        .retain(|b| !b.name.eq_ignore_ascii_case(&name));
    Ok((Vec::new(), Vec::new()))
}

/// `Get-MigrationBatch [-Identity] [-Status]`.
pub fn get(sim: &mut Sim, parameters: &Map<String, Value>) -> Output {
    let p = Params::check(
        parameters,
        &[
            "Identity",
            "Status",
            "IncludeReport",
            "Diagnostic",
            "ResultSize",
        ],
    )?;
    let status = p.string("Status")?.map(|s| s.to_ascii_lowercase());
    let values: Vec<Value> = match p.string("Identity")? {
        Some(identity) => {
            let batch = sim
                .tenant
                .batch(&identity)
                .ok_or_else(|| CmdletError::not_found(&identity))?;
            vec![json_of(sim, batch)]
        }
        None => sim
            .tenant
            .batches
            .iter()
            .filter(|b| {
                // Enum filters prefix-match (the reference, G2O).
                status
                    .as_deref()
                    .is_none_or(|s| b.status.name().to_ascii_lowercase().starts_with(s))
            })
            .map(|b| json_of(sim, b))
            .collect(),
    };
    Ok((values, Vec::new()))
}

/// A batch as Get-MigrationBatch returns it.
pub fn json_of(sim: &Sim, b: &Batch) -> Value {
    let [pending, active, synced, failed, stopped] = b.counts();
    let date = |ms: Option<u64>| ms.map(|ms| sim.date(ms));
    json!({
        "Identity": b.name,
        "Status": b.status.name(),
        "MigrationType": "ExchangeOutlookAnywhere",
        "BatchDirection": "Onboarding",
        "SourceEndpoint": b.endpoint,
        "TotalCount": b.users.len(),
        "ActiveCount": active,
        "SyncedCount": synced,
        "FinalizedCount": 0,
        "FailedCount": failed,
        "StoppedCount": stopped,
        "PendingCount": pending,
        "Message": b.message,
        "NotificationEmails": b.notify,
        "CreationDateTime": date(Some(b.created_ms)),
        "CreationDateTimeUTC": date(Some(b.created_ms)),
        "StartDateTime": date(b.started_ms),
        "StartDateTimeUTC": date(b.started_ms),
        "InitialSyncDateTime": date(b.initial_sync_ms),
        "InitialSyncDateTimeUTC": date(b.initial_sync_ms),
        "LastSyncedDateTime": date(b.last_synced_ms),
        "LastSyncedDateTimeUTC": date(b.last_synced_ms),
    })
}

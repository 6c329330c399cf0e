//! `Get-MigrationUser [-Identity] [-BatchId] [-Status] [-ResultSize Unlimited|N]`.

use serde_json::{Map, Value, json};

use crate::batch::Output;
use crate::model::{Batch, User, UserStatus};
use crate::params::Params;
use crate::reply::CmdletError;
use crate::sim::Sim;

/// What a list stops at without `-ResultSize Unlimited` (the module's default).
const DEFAULT_RESULT_SIZE: usize = 1000;

/// `Get-MigrationUser`.
pub fn get(sim: &mut Sim, parameters: &Map<String, Value>) -> Output {
    let p = Params::check(parameters, &["Identity", "BatchId", "Status", "ResultSize"])?;
    let limit = match p.get("ResultSize") {
        None | Some(Value::Null) => Some(DEFAULT_RESULT_SIZE),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("Unlimited") => None,
        Some(Value::String(s)) if s.parse::<usize>().is_ok() => s.parse().ok(),
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().map(|n| n as usize),
        Some(_) => {
            return Err(CmdletError::argument(
                "ResultSize",
                "Cannot convert value to type \"Microsoft.Exchange.Data.Unlimited\": use \
                 Unlimited or a number.",
            ));
        }
    };
    let identity = p.string("Identity")?;
    let status = p.string("Status")?.map(|s| s.to_ascii_lowercase());
    let batches: Vec<&Batch> = match p.string("BatchId")? {
        Some(id) => vec![
            sim.tenant
                .batch(&id)
                .ok_or_else(|| CmdletError::not_found(&id))?,
        ],
        None => sim.tenant.batches.iter().collect(),
    };
    let mut values = Vec::new();
    for batch in batches {
        for user in &batch.users {
            let wanted = identity
                .as_deref()
                .is_none_or(|i| user.address.eq_ignore_ascii_case(i))
                && status
                    .as_deref()
                    .is_none_or(|s| user.status.name().to_ascii_lowercase().starts_with(s));
            if wanted {
                values.push(json_of(sim, batch, user));
            }
        }
    }
    if let Some(identity) = identity {
        if values.is_empty() {
            return Err(CmdletError::not_found(&identity));
        }
    }
    let mut warnings = Vec::new();
    if let Some(limit) = limit {
        if values.len() > limit {
            values.truncate(limit);
            warnings.push(
                "There are more results available than are currently displayed. To view \
                 them, increase the value for the ResultSize parameter."
                    .to_string(),
            );
        }
    }
    Ok((values, warnings))
}

fn json_of(sim: &Sim, batch: &Batch, user: &User) -> Value {
    let synced_items = match user.status {
        UserStatus::Synced => 40 + (user.index as u64 % 17) * 13,
        _ => 0,
    };
    json!({
        "Identity": user.address,
        "EmailAddress": user.address,
        "RecipientType": "Mailbox",
        "BatchId": batch.name,
        "Status": user.status.name(),
        "StatusSummary": user.status.summary(),
        "SyncedItemCount": synced_items,
        "SkippedItemCount": 0,
        "ErrorSummary": user.error.clone().unwrap_or_default(),
        "LastSuccessfulSyncTime": user.synced_ms.map(|ms| sim.date(ms)),
    })
}

//! Where the batches stand, read-only (`Get-*` only): status, counts, last sync and the
//! failed users, as text or JSON. Used by `status` and at the end of `run`.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use super::api::{ApiError, Exchange};
use super::explain::{Failed, failures, render as render_failed};
use super::progress::summary;
use super::run::batches;
use crate::render::terminal::escape;

/// The schema version of `status --format json`.
pub const SCHEMA_VERSION: u32 = 1;

/// A batch to look at: its name, and the CSV file it came from with the file's bytes
/// when they can be read (for the rows of failed users).
#[derive(Debug, Clone)]
pub struct Wanted {
    /// The batch name.
    pub name: String,
    /// (file name, bytes).
    pub file: Option<(String, Vec<u8>)>,
}

/// One batch as the service reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchStatus {
    /// The batch name.
    pub name: String,
    /// `Status`, or `Missing` when the service has no such batch.
    pub status: String,
    /// Mailboxes in it.
    pub total: u64,
    /// Synced (or finalized).
    pub synced: u64,
    /// Failed.
    pub failed: u64,
    /// `LastSyncedDateTime`, RFC 3339 UTC.
    pub last_synced: Option<String>,
    /// Microsoft's message about the batch.
    pub message: Option<String>,
    /// Its failed users.
    pub failed_users: Vec<Failed>,
}

/// Reads every wanted batch (one `Get-MigrationBatch`) and, for those with failures,
/// their users.
pub fn status(service: &mut dyn Exchange, wanted: &[Wanted]) -> Result<Vec<BatchStatus>, ApiError> {
    let there = batches(service)?;
    let mut out = Vec::new();
    for want in wanted {
        let Some(batch) = there
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(&want.name))
        else {
            out.push(BatchStatus {
                name: want.name.clone(),
                status: "Missing".into(),
                total: 0,
                synced: 0,
                failed: 0,
                last_synced: None,
                message: None,
                failed_users: Vec::new(),
            });
            continue;
        };
        let troubled = batch.failed > 0
            || matches!(
                batch.status.as_str(),
                "SyncedWithErrors" | "Failed" | "CompletedWithErrors"
            );
        let failed_users = if troubled {
            let file = want.file.as_ref().map(|(n, b)| (n.as_str(), b.as_slice()));
            failures(service, &batch.name, file)?
        } else {
            Vec::new()
        };
        out.push(BatchStatus {
            name: batch.name.clone(),
            status: batch.status.clone(),
            total: batch.total,
            synced: batch.synced,
            failed: batch.failed,
            last_synced: batch
                .last_synced
                .and_then(|t| t.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok()),
            message: batch.message.clone(),
            failed_users,
        });
    }
    Ok(out)
}

/// The batches as text: one line each, then the failed users.
pub fn render_text(batches: &[BatchStatus]) -> String {
    let mut out = String::new();
    for b in batches {
        let batch = super::model::Batch {
            name: b.name.clone(),
            status: b.status.clone(),
            total: b.total,
            synced: b.synced,
            failed: b.failed,
            last_synced: None,
            message: None,
        };
        out.push_str(&format!("batch {}: {}", escape(&b.name), summary(&batch)));
        if let Some(last) = &b.last_synced {
            out.push_str(&format!("; last synced {last}"));
        }
        out.push('\n');
        if let Some(message) = &b.message {
            out.push_str(&format!("  Microsoft: {}\n", escape(message)));
        }
    }
    let failed: Vec<Failed> = batches
        .iter()
        .flat_map(|b| b.failed_users.iter().cloned())
        .collect();
    out.push_str(&render_failed(&failed));
    out
}

/// The batches as JSON: `{"schemaVersion":1,"batches":[…]}`.
pub fn render_json(batches: &[BatchStatus]) -> String {
    serde_json::json!({"schemaVersion": SCHEMA_VERSION, "batches": batches}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::api::{Cmdlet, Kind};
    use crate::exchange::fake::Fake;

    #[test]
    fn failed_users_come_with_their_file_row_and_check() {
        let mut fake = Fake::new();
        let csv =
            b"EmailAddress,Password\r\nok@contoso.com,Secret1!x\r\nfail@contoso.com,Secret2!x\r\n";
        fake.invoke(
            &Cmdlet::new("New-MigrationBatch")
                .param("Name", "wave1")
                .bytes("CSVData", csv),
            Kind::Write,
        )
        .unwrap();
        fake.invoke(
            &Cmdlet::new("Start-MigrationBatch").param("Identity", "wave1"),
            Kind::Write,
        )
        .unwrap();
        fake.polls_to_sync = 1;
        let wanted = [
            Wanted {
                name: "wave1".into(),
                file: Some(("wave1.csv".into(), csv.to_vec())),
            },
            Wanted {
                name: "gone".into(),
                file: None,
            },
        ];
        let report = status(&mut fake, &wanted).unwrap();
        assert_eq!(report[0].status, "SyncedWithErrors");
        assert_eq!(report[1].status, "Missing");
        let failed = &report[0].failed_users;
        assert_eq!(failed.len(), 1);
        assert_eq!(
            (failed[0].file.as_deref(), failed[0].row),
            (Some("wave1.csv"), Some(3))
        );
        assert!(failed[0].check.unwrap().starts_with("DIR006"));
        let text = render_text(&report);
        assert!(text.contains("wave1.csv, row 3"), "{text}");
        assert!(!text.contains("Secret"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&render_json(&report)).unwrap();
        assert_eq!(json["batches"][0]["failedUsers"][0]["row"], 3);
    }
}

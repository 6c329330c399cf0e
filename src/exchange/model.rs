//! Reading the objects `Get-MigrationBatch` and `Get-MigrationUser` return.
//!
//! Enums come as plain strings [seen]; dates and `Identity` may come as a string, as
//! `{"Value":…}` or as an object with a `Name` [inferred], so every field is read through
//! [`text`], which accepts all three.

use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A field as text: a string, a number, `{"Value":…}`, or an object's `Name`.
pub fn text(object: &Value, key: &str) -> Option<String> {
    fn flat(value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Object(map) => ["Value", "Name", "DisplayName"]
                .iter()
                .find_map(|k| map.get(*k).and_then(flat)),
            _ => None,
        }
    }
    object.get(key).and_then(flat).filter(|s| !s.is_empty())
}

/// A count field (`TotalCount`, `SyncedCount`…); 0 when absent or unreadable.
pub fn number(object: &Value, key: &str) -> u64 {
    text(object, key)
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(0)
}

/// A date field: RFC 3339, `yyyy-MM-ddTHH:mm:ss` without an offset (read as UTC, the
/// module's wire form), or `/Date(ms)/`. The `…UTC` variant of the field wins.
pub fn date(object: &Value, key: &str) -> Option<OffsetDateTime> {
    let raw = text(object, &format!("{key}UTC")).or_else(|| text(object, key))?;
    parse_date(&raw)
}

fn parse_date(raw: &str) -> Option<OffsetDateTime> {
    let raw = raw.trim();
    if let Some(ms) = raw
        .strip_prefix("/Date(")
        .and_then(|r| r.strip_suffix(")/"))
    {
        let digits: String = ms
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        let ms: i128 = digits.parse().ok()?;
        return OffsetDateTime::from_unix_timestamp_nanos(ms * 1_000_000).ok();
    }
    if let Ok(when) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Some(when);
    }
    OffsetDateTime::parse(&format!("{raw}Z"), &Rfc3339).ok()
}

/// What the runner needs of a migration batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Its name (`Identity`).
    pub name: String,
    /// `Status`: Created, Syncing, Synced, SyncedWithErrors, Failed, Stopped…
    pub status: String,
    /// `TotalCount`.
    pub total: u64,
    /// `SyncedCount` + `FinalizedCount`.
    pub synced: u64,
    /// `FailedCount`.
    pub failed: u64,
    /// `LastSyncedDateTime`.
    pub last_synced: Option<OffsetDateTime>,
    /// `Message`, Microsoft's text about the batch.
    pub message: Option<String>,
}

impl Batch {
    /// Reads one object of `Get-MigrationBatch`; `None` without an `Identity`.
    pub fn read(object: &Value) -> Option<Batch> {
        Some(Batch {
            name: text(object, "Identity").or_else(|| text(object, "Name"))?,
            status: text(object, "Status").unwrap_or_else(|| "Unknown".to_string()),
            total: number(object, "TotalCount"),
            synced: number(object, "SyncedCount") + number(object, "FinalizedCount"),
            failed: number(object, "FailedCount"),
            last_synced: date(object, "LastSyncedDateTime"),
            message: text(object, "Message"),
        })
    }

    /// Whether the batch is done moving for the watch: synced (with or without errors),
    /// failed, stopped or completed.
    pub fn settled(&self) -> bool {
        matches!(
            self.status.as_str(),
            "Synced"
                | "SyncedWithErrors"
                | "Failed"
                | "Stopped"
                | "Completed"
                | "CompletedWithErrors"
                | "Corrupted"
        )
    }

    /// Whether the service failed or stopped the batch itself (exit code 4).
    pub fn stopped_by_service(&self) -> bool {
        matches!(self.status.as_str(), "Failed" | "Stopped" | "Corrupted")
    }

    /// Whether a start was taken: anything past `Created` (a stopped batch is started
    /// again only by a new start intent, which the runner never records twice).
    pub fn started(&self) -> bool {
        !matches!(self.status.as_str(), "Created" | "Unknown")
    }
}

/// What the runner needs of a migration user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// `EmailAddress` (or `Identity`).
    pub address: String,
    /// `Status`.
    pub status: String,
    /// `ErrorSummary`: Microsoft's text about a failure.
    pub error: Option<String>,
}

impl User {
    /// Reads one object of `Get-MigrationUser`.
    pub fn read(object: &Value) -> Option<User> {
        Some(User {
            address: text(object, "EmailAddress").or_else(|| text(object, "Identity"))?,
            status: text(object, "Status")
                .or_else(|| text(object, "StatusSummary"))
                .unwrap_or_default(),
            error: text(object, "ErrorSummary"),
        })
    }

    /// Failed in any of the ways `StatusSummary` folds into Failed.
    pub fn failed(&self) -> bool {
        matches!(
            self.status.as_str(),
            "Failed" | "IncrementalFailed" | "CompletionFailed" | "Corrupted"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_read_from_strings_values_and_names() {
        let batch = json!({"Identity": {"Name": "Wave1"}, "Status": {"Value": "Syncing"},
            "TotalCount": 3, "SyncedCount": "1", "FinalizedCount": 1, "FailedCount": 1});
        let batch = Batch::read(&batch).unwrap();
        assert_eq!(batch.name, "Wave1");
        assert_eq!(batch.status, "Syncing");
        assert_eq!((batch.total, batch.synced, batch.failed), (3, 2, 1));
        assert!(!batch.settled());
        assert!(Batch::read(&json!({"Status": "Synced"})).is_none());
    }

    #[test]
    fn dates_in_every_form_the_service_may_use() {
        let want = parse_date("2026-03-03T10:00:00Z").unwrap();
        assert_eq!(parse_date("2026-03-03T10:00:00"), Some(want));
        assert_eq!(parse_date("/Date(1772532000000)/"), Some(want));
        assert_eq!(
            date(
                &json!({"LastSyncedDateTime": "2020-01-01T00:00:00", "LastSyncedDateTimeUTC": "2026-03-03T10:00:00Z"}),
                "LastSyncedDateTime"
            ),
            Some(want),
            "the UTC field wins"
        );
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn failed_users_and_settled_batches() {
        let user = User::read(
            &json!({"EmailAddress": "a@contoso.com", "Status": "IncrementalFailed",
            "ErrorSummary": "boom"}),
        )
        .unwrap();
        assert!(user.failed());
        assert_eq!(user.error.as_deref(), Some("boom"));
        let stopped = Batch::read(&json!({"Identity": "B", "Status": "Stopped"})).unwrap();
        assert!(stopped.settled() && stopped.stopped_by_service() && stopped.started());
        let created = Batch::read(&json!({"Identity": "B", "Status": "Created"})).unwrap();
        assert!(!created.started() && !created.settled());
    }
}

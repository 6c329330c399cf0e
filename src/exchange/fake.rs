//! An in-memory Exchange Online for the runner's unit tests: batches and users with
//! their state machines, counts of each write, and scripted faults.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::api::{ApiError, Cmdlet, Exchange, Kind};

/// Microsoft's text for a mail user missing in the cloud.
pub const NO_CLOUD_USER: &str =
    "A valid primary e-mail address couldn't be found in the cloud-based service.";

/// One batch the fake holds.
#[derive(Debug, Clone)]
pub struct FakeBatch {
    pub status: String,
    pub users: Vec<String>,
    pub polls: u32,
    pub last_synced: Option<String>,
}

/// A fault: the call number (1-based, counting every call) and what happens.
#[derive(Debug, Clone)]
pub enum Fault {
    /// The call fails with this error and does nothing.
    Fail(ApiError),
    /// The call takes effect, then its answer is lost (`Uncertain`).
    LoseAnswer,
}

#[derive(Debug, Default)]
pub struct Fake {
    pub endpoints: Vec<String>,
    pub endpoint_test: Option<String>,
    pub batches: BTreeMap<String, FakeBatch>,
    pub calls: Vec<String>,
    pub creates: BTreeMap<String, u32>,
    pub starts: BTreeMap<String, u32>,
    pub removes: BTreeMap<String, u32>,
    pub faults: BTreeMap<usize, Fault>,
    /// Polls of Get-MigrationBatch a started batch takes to sync.
    pub polls_to_sync: u32,
}

impl Fake {
    pub fn new() -> Fake {
        Fake {
            endpoints: vec!["StagedEndpoint".into()],
            polls_to_sync: 2,
            ..Fake::default()
        }
    }

    /// Someone else's batch, already there.
    pub fn with_batch(mut self, name: &str, status: &str) -> Fake {
        self.batches.insert(
            name.into(),
            FakeBatch {
                status: status.into(),
                users: vec![],
                polls: 0,
                last_synced: None,
            },
        );
        self
    }

    fn batch_json(name: &str, b: &FakeBatch) -> Value {
        let failed = b.users.iter().filter(|u| u.contains("fail")).count();
        let synced = match b.status.as_str() {
            "Synced" | "SyncedWithErrors" => b.users.len() - failed,
            _ => 0,
        };
        json!({"Identity": name, "Status": b.status, "TotalCount": b.users.len(),
            "SyncedCount": synced, "FailedCount": if synced > 0 { failed } else { 0 },
            "LastSyncedDateTime": b.last_synced})
    }

    fn apply(&mut self, cmdlet: &Cmdlet) -> Result<Vec<Value>, ApiError> {
        let p = &cmdlet.parameters;
        let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let not_found = |what: String| ApiError::NotFound {
            message: format!(
                "The operation couldn't be performed because object '{what}' couldn't be found."
            ),
        };
        match cmdlet.name.as_str() {
            "Get-MigrationEndpoint" => {
                let id = s("Identity");
                if self.endpoints.contains(&id) {
                    Ok(vec![json!({"Identity": id})])
                } else {
                    Err(not_found(id))
                }
            }
            "Test-MigrationServerAvailability" => Ok(vec![match &self.endpoint_test {
                None => json!({"Result": "Success"}),
                Some(m) => json!({"Result": "Failed", "Message": m}),
            }]),
            "Get-MigrationBatch" => {
                let polls_to_sync = self.polls_to_sync;
                for b in self.batches.values_mut() {
                    if b.status == "Syncing" {
                        b.polls += 1;
                        if b.polls >= polls_to_sync {
                            let failed = b.users.iter().any(|u| u.contains("fail"));
                            b.status = if failed { "SyncedWithErrors" } else { "Synced" }.into();
                            b.last_synced = Some("2026-03-10T08:00:00Z".into());
                        }
                    }
                }
                let id = s("Identity");
                if id.is_empty() {
                    Ok(self
                        .batches
                        .iter()
                        .map(|(n, b)| Self::batch_json(n, b))
                        .collect())
                } else {
                    let b = self.batches.get(&id).ok_or_else(|| not_found(id.clone()))?;
                    Ok(vec![Self::batch_json(&id, b)])
                }
            }
            "Get-MigrationUser" => {
                let id = s("BatchId");
                let b = self.batches.get(&id).ok_or_else(|| not_found(id.clone()))?;
                let done = matches!(b.status.as_str(), "Synced" | "SyncedWithErrors");
                Ok(b.users
                    .iter()
                    .map(|u| {
                        if done && u.contains("fail") {
                            json!({"EmailAddress": u, "Status": "Failed", "ErrorSummary": NO_CLOUD_USER})
                        } else {
                            json!({"EmailAddress": u, "Status": if done { "Synced" } else { "Syncing" }})
                        }
                    })
                    .collect())
            }
            "New-MigrationBatch" => {
                let name = s("Name");
                if self.batches.contains_key(&name) {
                    return Err(ApiError::Service {
                        status: 400,
                        class: Some("MigrationBatchAlreadyExistsException".into()),
                        message: format!(
                            "A migration batch with the name '{name}' already exists."
                        ),
                    });
                }
                let bytes: Vec<u8> = p["CSVData"]["Data"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_u64())
                            .map(|b| b as u8)
                            .collect()
                    })
                    .unwrap_or_default();
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let users = text
                    .lines()
                    .skip(1)
                    .filter_map(|l| l.split(',').next())
                    .filter(|a| !a.trim().is_empty())
                    .map(|a| a.trim().to_string())
                    .collect();
                *self.creates.entry(name.clone()).or_default() += 1;
                self.batches.insert(
                    name.clone(),
                    FakeBatch {
                        status: "Created".into(),
                        users,
                        polls: 0,
                        last_synced: None,
                    },
                );
                Ok(vec![json!({"Identity": name, "Status": "Created"})])
            }
            "Start-MigrationBatch" => {
                let id = s("Identity");
                let b = self
                    .batches
                    .get_mut(&id)
                    .ok_or_else(|| not_found(id.clone()))?;
                b.status = "Syncing".into();
                *self.starts.entry(id).or_default() += 1;
                Ok(vec![])
            }
            "Remove-MigrationBatch" => {
                let id = s("Identity");
                self.batches
                    .remove(&id)
                    .ok_or_else(|| not_found(id.clone()))?;
                *self.removes.entry(id).or_default() += 1;
                Ok(vec![])
            }
            other => Err(ApiError::Service {
                status: 400,
                class: Some("CommandNotFoundException".into()),
                message: format!("The term '{other}' is not recognized"),
            }),
        }
    }
}

impl Exchange for Fake {
    fn invoke(&mut self, cmdlet: &Cmdlet, kind: Kind) -> Result<Vec<Value>, ApiError> {
        self.calls.push(cmdlet.name.clone());
        match self.faults.remove(&self.calls.len()) {
            Some(Fault::Fail(error)) => Err(error),
            Some(Fault::LoseAnswer) => {
                let _ = self.apply(cmdlet);
                Err(ApiError::Uncertain {
                    reason: format!(
                        "the connection broke after {} was sent ({kind:?})",
                        cmdlet.name
                    ),
                })
            }
            None => self.apply(cmdlet),
        }
    }
}

//! The tenant's migration objects and their state machines, driven by the simulated clock.
//!
//! A started batch's users go Queued → Syncing after one step (`--sync-ms`), then Synced
//! or Failed after one to three more steps (staggered by their row, so progress shows);
//! the batch is Syncing until every user is done, then Synced or SyncedWithErrors.

use std::collections::BTreeMap;

/// Microsoft's staged-migration error texts [doc: help.outlook.com/en-us/140/Ee695827.aspx].
pub const NO_CLOUD_ADDRESS: &str =
    "A valid primary e-mail address couldn't be found in the cloud-based service.";
/// A sign-in failure on premises.
pub const BAD_PASSWORD: &str =
    "Microsoft Exchange couldn't sign in to the user's on-premises account.";

/// A migration user's status (a subset of Exchange's `MigrationUserStatus`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserStatus {
    /// Waiting for the batch to start or for its turn.
    Queued,
    /// Copying.
    Syncing,
    /// Initial sync done.
    Synced,
    /// Failed; the error is in `User::error`.
    Failed,
    /// The batch was stopped before this user finished.
    Stopped,
}

impl UserStatus {
    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            UserStatus::Queued => "Queued",
            UserStatus::Syncing => "Syncing",
            UserStatus::Synced => "Synced",
            UserStatus::Failed => "Failed",
            UserStatus::Stopped => "Stopped",
        }
    }

    /// `StatusSummary` as the reference maps it.
    pub fn summary(self) -> &'static str {
        match self {
            UserStatus::Queued | UserStatus::Syncing => "Active",
            UserStatus::Synced => "Synced",
            UserStatus::Failed => "Failed",
            UserStatus::Stopped => "Stopped",
        }
    }

    fn done(self) -> bool {
        matches!(self, UserStatus::Synced | UserStatus::Failed)
    }
}

/// One row of a batch.
pub struct User {
    /// The CSV's EmailAddress.
    pub address: String,
    /// Its position in the batch (0-based), which staggers its progress.
    pub index: usize,
    /// Where it is.
    pub status: UserStatus,
    /// The simulated time of its next transition, while it moves.
    pub next_ms: Option<u64>,
    /// The error it will fail with (from its address prefix), or none.
    pub fate: Option<String>,
    /// Microsoft's error text once failed.
    pub error: Option<String>,
    /// When it last finished syncing.
    pub synced_ms: Option<u64>,
}

/// A batch's status (a subset of `MigrationBatchStatus`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchStatus {
    /// Created, not started.
    Created,
    /// Users are syncing.
    Syncing,
    /// Every user synced.
    Synced,
    /// Done, some users failed.
    SyncedWithErrors,
    /// Stopped by Stop-MigrationBatch.
    Stopped,
    /// Failed as a whole (`--fail-batches`).
    Failed,
}

impl BatchStatus {
    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            BatchStatus::Created => "Created",
            BatchStatus::Syncing => "Syncing",
            BatchStatus::Synced => "Synced",
            BatchStatus::SyncedWithErrors => "SyncedWithErrors",
            BatchStatus::Stopped => "Stopped",
            BatchStatus::Failed => "Failed",
        }
    }
}

/// A migration batch.
pub struct Batch {
    /// Its name (Identity).
    pub name: String,
    /// The source endpoint's name.
    pub endpoint: String,
    /// Status.
    pub status: BatchStatus,
    /// Its users in CSV order.
    pub users: Vec<User>,
    /// `-NotificationEmails`.
    pub notify: Vec<String>,
    /// When it was created, started, first and last synced (simulated ms).
    pub created_ms: u64,
    /// Last start.
    pub started_ms: Option<u64>,
    /// First time every user was done.
    pub initial_sync_ms: Option<u64>,
    /// Last time every user was done.
    pub last_synced_ms: Option<u64>,
    /// Fails as a whole one step after starting.
    pub doomed: bool,
    /// The batch's `Message`.
    pub message: String,
}

impl Batch {
    /// Users per status: (pending, active, synced, failed, stopped).
    pub fn counts(&self) -> [usize; 5] {
        let mut c = [0; 5];
        for u in &self.users {
            let i = match u.status {
                UserStatus::Queued => 0,
                UserStatus::Syncing => 1,
                UserStatus::Synced => 2,
                UserStatus::Failed => 3,
                UserStatus::Stopped => 4,
            };
            c[i] += 1;
        }
        c
    }

    /// Starts (or restarts) the batch at `now`: every user not synced is queued again.
    pub fn start(&mut self, now: u64, step: u64) {
        self.status = BatchStatus::Syncing;
        self.started_ms = Some(now);
        self.message.clear();
        for u in &mut self.users {
            if u.status != UserStatus::Synced {
                u.status = UserStatus::Queued;
                u.error = None;
                u.next_ms = Some(now.saturating_add(step));
            }
        }
    }

    /// Stops the batch: users still moving are Stopped.
    pub fn stop(&mut self) {
        self.status = BatchStatus::Stopped;
        for u in &mut self.users {
            if !u.status.done() {
                u.status = UserStatus::Stopped;
                u.next_ms = None;
            }
        }
    }

    /// Moves the batch's users to where they are at `now`.
    pub fn tick(&mut self, now: u64, step: u64) {
        if self.status != BatchStatus::Syncing {
            return;
        }
        if self.doomed
            && self
                .started_ms
                .is_some_and(|s| now >= s.saturating_add(step))
        {
            self.stop();
            self.status = BatchStatus::Failed;
            self.message =
                "The migration batch failed: the connection to the source server was lost.".into();
            return;
        }
        for u in &mut self.users {
            while let Some(at) = u.next_ms.filter(|at| *at <= now) {
                match u.status {
                    UserStatus::Queued => {
                        u.status = UserStatus::Syncing;
                        u.next_ms =
                            Some(at.saturating_add(step.saturating_mul(1 + u.index as u64 % 3)));
                    }
                    UserStatus::Syncing => {
                        u.next_ms = None;
                        match &u.fate {
                            Some(error) => {
                                u.status = UserStatus::Failed;
                                u.error = Some(error.clone());
                            }
                            None => {
                                u.status = UserStatus::Synced;
                                u.synced_ms = Some(at);
                            }
                        }
                    }
                    _ => u.next_ms = None,
                }
            }
        }
        if self.users.iter().all(|u| u.status.done()) {
            let finished = self
                .users
                .iter()
                .filter_map(|u| u.synced_ms)
                .max()
                .or(self.started_ms)
                .unwrap_or(now);
            let any_failed = self.users.iter().any(|u| u.status == UserStatus::Failed);
            self.status = if any_failed {
                BatchStatus::SyncedWithErrors
            } else {
                BatchStatus::Synced
            };
            self.initial_sync_ms.get_or_insert(finished);
            self.last_synced_ms = Some(finished);
        }
    }
}

/// A migration endpoint.
pub struct Endpoint {
    /// Its name.
    pub name: String,
    /// Whether Test-MigrationServerAvailability succeeds.
    pub available: bool,
    /// Whether the PSCredential it was created with matched `--admin-password`:
    /// `None` when not checked (preexisting, or no `--admin-password`).
    pub credential_matched: Option<bool>,
}

/// The whole tenant.
#[derive(Default)]
pub struct Tenant {
    /// Batches in creation order.
    pub batches: Vec<Batch>,
    /// Endpoints.
    pub endpoints: Vec<Endpoint>,
    /// New-MigrationBatch calls per name (refused ones included).
    pub creates: BTreeMap<String, u64>,
    /// Start-MigrationBatch calls per name (AutoStart counts; refused ones included).
    pub starts: BTreeMap<String, u64>,
    /// Stop-MigrationBatch calls per name (refused ones included).
    pub stops: BTreeMap<String, u64>,
    /// Remove-MigrationBatch calls per name (refused ones included).
    pub removes: BTreeMap<String, u64>,
}

impl Tenant {
    /// The batch with this name (case-insensitive, as Exchange compares).
    pub fn batch(&self, name: &str) -> Option<&Batch> {
        self.batches
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(name))
    }

    /// The same, to change.
    pub fn batch_mut(&mut self, name: &str) -> Option<&mut Batch> {
        self.batches
            .iter_mut()
            .find(|b| b.name.eq_ignore_ascii_case(name))
    }

    /// The endpoint with this name.
    pub fn endpoint(&self, name: &str) -> Option<&Endpoint> {
        self.endpoints
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// Moves every batch to `now`.
    pub fn tick(&mut self, now: u64, step: u64) {
        for b in &mut self.batches {
            b.tick(now, step);
        }
    }
}

/// The error a user with this address will fail with: `--fail-users` prefix (default
/// `fail`) → no cloud address; `nosource` → source address not found; `badpass` → sign-in.
pub fn fate(address: &str, fail_prefix: &str) -> Option<String> {
    let local = address.to_ascii_lowercase();
    if local.starts_with("nosource") {
        Some(format!(
            "A source e-mail address {address} couldn't be found in the on-premises domain."
        ))
    } else if local.starts_with("badpass") {
        Some(BAD_PASSWORD.to_string())
    } else if !fail_prefix.is_empty() && local.starts_with(&fail_prefix.to_ascii_lowercase()) {
        Some(NO_CLOUD_ADDRESS.to_string())
    } else {
        None
    }
}

/// Users for a new batch, from the CSV's addresses.
pub fn users(addresses: Vec<String>, fail_prefix: &str) -> Vec<User> {
    addresses
        .into_iter()
        .enumerate()
        .map(|(index, address)| User {
            fate: fate(&address, fail_prefix),
            address,
            index,
            status: UserStatus::Queued,
            next_ms: None,
            error: None,
            synced_ms: None,
        })
        .collect()
}

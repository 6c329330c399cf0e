//! Everything the simulator holds, behind one mutex: settings, clock, tenant, sign-ins, log.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use rsa::RsaPrivateKey;
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::fault::Fault;
use crate::log::Log;
use crate::model::Tenant;

/// The settings from the command line.
pub struct Config {
    /// One state-machine step (ms of simulated time).
    pub sync_ms: u64,
    /// Objects per page before `@odata.nextLink`.
    pub page_size: usize,
    /// Users whose address starts with this fail with "no cloud address".
    pub fail_users: String,
    /// Batches whose name starts with this fail as a whole.
    pub fail_batches: Option<String>,
    /// Device-code polls answered `authorization_pending` before tokens come.
    pub device_pending: u32,
    /// The polling interval the device-code answer asks for (s).
    pub device_interval: u64,
    /// The accepted client secret.
    pub client_secret: Option<String>,
    /// The certificate client assertions are checked against.
    pub client_cert: Option<crate::jwt::ClientCert>,
    /// The on-premises admin password a PSCredential must hold.
    pub admin_password: Option<String>,
    /// Access-token lifetime (real seconds).
    pub token_seconds: u64,
    /// Whether endpoints created here fail Test-MigrationServerAvailability.
    pub endpoint_unavailable: bool,
    /// Faults by InvokeCommand request number.
    pub faults: HashMap<u64, Fault>,
}

/// An issued access token.
pub struct Token {
    /// The tenant it was issued for (`organizations` = any).
    pub tenant: String,
    /// When it expires.
    pub expires: Instant,
}

/// A pending device-code sign-in.
pub struct Device {
    /// The tenant of the authority.
    pub tenant: String,
    /// Polls so far.
    pub polls: u32,
}

/// The simulator.
pub struct Sim {
    /// Settings.
    pub config: Config,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Real start.
    pub started: Instant,
    /// Simulated time added by `POST /_sim/advance`.
    pub advanced_ms: u64,
    /// The simulated wall clock at start (`--clock`, else now).
    pub epoch: OffsetDateTime,
    /// Migration objects.
    pub tenant: Tenant,
    /// Access tokens issued.
    pub tokens: HashMap<String, Token>,
    /// Refresh tokens issued, with their tenant.
    pub refresh_tokens: HashMap<String, String>,
    /// Device codes waiting.
    pub devices: HashMap<String, Device>,
    /// Remaining pages by skip token (oldest dropped past 1,000).
    pub pages: VecDeque<(String, Vec<Value>)>,
    /// Requests logged so far (for `n`).
    pub requests: u64,
    /// InvokeCommand requests so far (what `--fault` counts).
    pub api_requests: u64,
    /// The module key (PSCredential decryption).
    pub key: RsaPrivateKey,
    /// The log.
    pub log: Log,
}

impl Sim {
    /// Simulated ms since start.
    pub fn now_ms(&self) -> u64 {
        (self.started.elapsed().as_millis() as u64).saturating_add(self.advanced_ms)
    }

    /// Real ms since start (the log's clock).
    pub fn real_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// A simulated time as Exchange's JSON gives dates: UTC, whole seconds.
    pub fn date(&self, ms: u64) -> String {
        let offset = time::Duration::milliseconds(i64::try_from(ms).unwrap_or(i64::MAX));
        let at = self.epoch.checked_add(offset).unwrap_or(self.epoch);
        let at = at.replace_nanosecond(0).unwrap_or(at);
        at.format(&Rfc3339).unwrap_or_default()
    }

    /// Whether the source server is unreachable (`--endpoint-unavailable`).
    pub fn endpoint_unavailable(&self) -> bool {
        self.config.endpoint_unavailable
    }

    /// Moves every batch to now.
    pub fn tick(&mut self) {
        let now = self.now_ms();
        let step = self.config.sync_ms;
        self.tenant.tick(now, step);
    }

    /// A random token of 32 bytes, base64url.
    pub fn random_token() -> String {
        use base64::Engine;
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the system's random source");
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }
}

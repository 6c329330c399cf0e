//! The request log: one JSON object per request, kept in memory for `GET /_sim/state` and
//! appended to `--log FILE` as JSON lines. It never holds a header value, a body, a token,
//! the CSV bytes or a credential: only what the runner's tests assert on.

use std::fs::File;
use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The most entries kept in memory (the file keeps them all).
const MAX_KEPT: usize = 100_000;

/// One request, filled in as it is handled. Its JSON is one line of the log; the runner's
/// tests read it back with this same type (tests/common/simulator.rs includes this file).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Entry {
    /// Arrival order, from 1 (the `/_sim/` requests are not counted).
    pub n: u64,
    /// Milliseconds since the simulator started (real time, not the simulated clock).
    pub ms: u64,
    /// The HTTP method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// For InvokeCommand: its number among InvokeCommand requests (what `--fault` counts).
    pub api: Option<u64>,
    /// The cmdlet name.
    pub cmdlet: Option<String>,
    /// The batch, user or endpoint the cmdlet names (`Identity`, `Name`, `BatchId`, `Endpoint`).
    pub target: Option<String>,
    /// Whether this was a page request (`@odata.nextLink`).
    pub page: bool,
    /// The OAuth grant type, for token requests.
    pub grant: Option<String>,
    /// The status answered; `None` when the connection was dropped.
    pub status: Option<u16>,
    /// The `Retry-After` value sent.
    pub retry_after: Option<String>,
    /// The fault played.
    pub fault: Option<String>,
    /// The `client-request-id` header (one per cmdlet run, kept across retries and pages).
    pub request_id: Option<String>,
}

/// The log.
pub struct Log {
    entries: Vec<Value>,
    file: Option<File>,
}

impl Log {
    /// A log, also written to `file` when given.
    pub fn new(file: Option<File>) -> Self {
        Log {
            entries: Vec::new(),
            file,
        }
    }

    /// Records a finished request.
    pub fn record(&mut self, entry: &Entry) {
        // Plain fields (numbers, strings, a bool): they always serialise.
        let value = serde_json::to_value(entry).unwrap_or_default();
        if let Some(file) = &mut self.file {
            let _ = writeln!(file, "{value}");
            let _ = file.flush();
        }
        if self.entries.len() < MAX_KEPT {
            self.entries.push(value);
        }
    }

    /// The entries so far.
    pub fn entries(&self) -> &[Value] {
        &self.entries
    }
}

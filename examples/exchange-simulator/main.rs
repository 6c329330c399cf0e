//! An Exchange Online admin API simulator, so the runner (`migration-preflight run`, …) can
//! be tried and tested without a tenant. Plain HTTP on loopback only.
//!
//! Built from public documentation and open-source clients (see
//! `../shared/reference/exchange-admin-api.md`'s sources), not captured from a live
//! tenant: where it guesses (error texts and exception classes beyond the reference), the
//! README says so.
//!
//! ```text
//! cargo run --example exchange-simulator --features exchange -- --listen 127.0.0.1:0 --endpoint StagedEndpoint
//! ```

mod api;
mod batch;
mod endpoint;
mod fault;
mod form;
mod http;
mod jwt;
mod log;
mod model;
mod params;
mod reply;
mod server;
mod sim;
mod token;
mod user;

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use clap::Parser;
use rsa::pkcs8::DecodePrivateKey;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::fault::Fault;
use crate::model::{Batch, BatchStatus, Endpoint, Tenant};
use crate::sim::{Config, Sim};

/// The module key: a fixed 2048-bit test key (not Microsoft's, not secret), so startup
/// needs no key generation.
const MODULE_KEY: &str = include_str!("module-key.pem");

/// Simulates Exchange Online's admin API (InvokeCommand) and its token endpoint for the
/// staged-migration runner, with batch and user state machines and faults on demand.
#[derive(Parser)]
#[command(
    name = "exchange-simulator",
    after_help = "Endpoints (TENANT is any name; tokens are bound to it, 'organizations' tokens to any):\n  \
    POST /TENANT/oauth2/v2.0/devicecode, /TENANT/oauth2/v2.0/token  (form bodies)\n  \
    POST /adminapi/beta/TENANT/InvokeCommand  (Authorization: Bearer <issued token>)\n  \
    GET  /adminapi/v1.0/TENANT/EXOModuleFile  (the PSCredential key)\n  \
    GET  /_sim/state  (batches, users, create/start/stop/remove counts per name, the log)\n  \
    POST /_sim/advance?ms=N  (moves the simulated clock)\n\n\
    Users fail by address prefix: --fail-users (default 'fail') → \"A valid primary e-mail address couldn't be found in the cloud-based service.\"; \
    'nosource' → \"A source e-mail address … couldn't be found in the on-premises domain.\"; \
    'badpass' → \"Microsoft Exchange couldn't sign in to the user's on-premises account.\""
)]
struct Args {
    /// Address to listen on (loopback only; port 0 picks a free one). The first stdout line
    /// is `listening on http://HOST:PORT`.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Also write the request log to FILE, one JSON object a line: n, ms (real ms since
    /// start), method, path, api (InvokeCommand number), cmdlet, target, page, grant,
    /// status, retry_after, fault, request_id (client-request-id). Never another header, a
    /// body, a token, a CSV byte or a credential.
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
    /// Fault for the N-th InvokeCommand request (every POST to InvokeCommand counts, pages
    /// and refused ones included; from 1). KIND: 429:SECONDS (Retry-After, decimal),
    /// 500, 503, 504, 403:TEXT (empty body, x-ms-diagnostics: TEXT), adminapi-error (200
    /// with @adminapi.errors), transient (500, DCOverloadedException), slow:MS (answer MS
    /// late), drop (run the cmdlet, close without answering), nextlink-foreign (a nextLink
    /// to another host). Only slow, drop and nextlink-foreign run the cmdlet. Repeatable.
    #[arg(long = "fault", value_name = "N=KIND", value_parser = fault::parse)]
    faults: Vec<(u64, Fault)>,
    /// One state-machine step in ms of simulated time: a started batch's users are Queued
    /// one step, Syncing one to three, then Synced or Failed.
    #[arg(long, default_value_t = 200)]
    sync_ms: u64,
    /// Objects per answer before @odata.nextLink (a smaller `Prefer: odata.maxpagesize`
    /// wins).
    #[arg(long, default_value_t = 1000)]
    page_size: usize,
    /// Batches that exist before the run (Existing-001 …, Synced), to test the limit of 100.
    #[arg(long, default_value_t = 0)]
    existing_batches: usize,
    /// Users whose address starts with this fail with "A valid primary e-mail address
    /// couldn't be found in the cloud-based service." (empty: none).
    #[arg(long, default_value = "fail")]
    fail_users: String,
    /// Batches whose name starts with this fail as a whole one step after starting.
    #[arg(long, value_name = "PREFIX")]
    fail_batches: Option<String>,
    /// A migration endpoint that exists from the start. Repeatable.
    #[arg(long = "endpoint", value_name = "NAME")]
    endpoints: Vec<String>,
    /// Test-MigrationServerAvailability answers Failed ("The connection to the server …
    /// could not be completed."); New-MigrationEndpoint refuses without -SkipVerification.
    #[arg(long)]
    endpoint_unavailable: bool,
    /// Device-code token polls answered authorization_pending before tokens are issued.
    #[arg(long, default_value_t = 0)]
    device_pending: u32,
    /// The polling interval (s) the device-code answer asks for; 0 or 1 for tests.
    #[arg(long, default_value_t = 1)]
    device_interval: u64,
    /// The client secret client_credentials accepts (none: secrets are refused).
    #[arg(long, value_name = "S")]
    client_secret: Option<String>,
    /// A PEM certificate: client assertions (RS256 JWT) must be signed by its key.
    #[arg(long, value_name = "PEM")]
    client_cert: Option<PathBuf>,
    /// The on-premises admin password a PSCredential must hold (New-MigrationEndpoint,
    /// Test-MigrationServerAvailability); only whether it matched is kept.
    #[arg(long, value_name = "P")]
    admin_password: Option<String>,
    /// Access-token lifetime in (real) seconds; after it, InvokeCommand answers 401.
    #[arg(long, default_value_t = 3600)]
    token_seconds: u64,
    /// The simulated wall clock at start (RFC 3339, e.g. 2026-01-05T09:00:00Z); default now.
    #[arg(long, value_name = "TIME")]
    clock: Option<String>,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("exchange-simulator: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    if !args.listen.ip().is_loopback() {
        return Err("the simulator listens on loopback only (plain HTTP)".into());
    }
    let key =
        rsa::RsaPrivateKey::from_pkcs8_pem(MODULE_KEY).map_err(|e| format!("module key: {e}"))?;
    let client_cert = match &args.client_cert {
        Some(path) => {
            let pem = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Some(jwt::ClientCert::from_pem(&pem).map_err(|e| format!("{}: {e}", path.display()))?)
        }
        None => None,
    };
    let epoch = match &args.clock {
        Some(text) => OffsetDateTime::parse(text, &Rfc3339)
            .map_err(|e| format!("--clock {text}: {e} (use RFC 3339)"))?,
        None => OffsetDateTime::now_utc(),
    };
    let log_file = match &args.log {
        Some(path) => Some(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| format!("{}: {e}", path.display()))?,
        ),
        None => None,
    };
    let listener = TcpListener::bind(args.listen).map_err(|e| format!("{}: {e}", args.listen))?;
    let url = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    let tenant = Tenant {
        endpoints: args
            .endpoints
            .iter()
            .map(|name| Endpoint {
                name: name.clone(),
                available: !args.endpoint_unavailable,
                credential_matched: None,
            })
            .collect(),
        batches: (1..=args.existing_batches)
            .map(|i| Batch {
                name: format!("Existing-{i:03}"),
                endpoint: args.endpoints.first().cloned().unwrap_or_default(),
                status: BatchStatus::Synced,
                users: Vec::new(),
                notify: Vec::new(),
                created_ms: 0,
                started_ms: Some(0),
                initial_sync_ms: Some(0),
                last_synced_ms: Some(0),
                doomed: false,
                message: String::new(),
            })
            .collect(),
        ..Tenant::default()
    };
    let sim = Sim {
        config: Config {
            sync_ms: args.sync_ms.max(1),
            page_size: args.page_size.max(1),
            fail_users: args.fail_users,
            fail_batches: args.fail_batches,
            device_pending: args.device_pending,
            device_interval: args.device_interval,
            client_secret: args.client_secret,
            client_cert,
            admin_password: args.admin_password,
            token_seconds: args.token_seconds,
            endpoint_unavailable: args.endpoint_unavailable,
            faults: args.faults.into_iter().collect::<HashMap<_, _>>(),
        },
        url: url.clone(),
        started: Instant::now(),
        advanced_ms: 0,
        epoch,
        tenant,
        tokens: HashMap::new(),
        refresh_tokens: HashMap::new(),
        devices: HashMap::new(),
        pages: VecDeque::new(),
        requests: 0,
        api_requests: 0,
        key,
        log: log::Log::new(log_file),
    };
    let shared = Arc::new(Mutex::new(sim));
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {url}").map_err(|e| e.to_string())?;
    stdout.flush().map_err(|e| e.to_string())?;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || server::serve(stream, &shared));
    }
    Ok(())
}

//! The Exchange Online client against the simulator (examples/exchange-simulator): the
//! same code a run uses, over HTTP, with faults the simulator plays by request number.
#![cfg(feature = "exchange")]

#[path = "common/mod.rs"]
mod common;
#[allow(dead_code)]
#[path = "../src/cli/sign_in.rs"]
mod sign_in;

use clap::Parser;
use common::simulator::Simulator;
use migration_preflight::exchange::api::{ApiError, Cmdlet, Kind};
use sign_in::{SignInArgs, endpoint_credential};

const TENANT: &str = "contoso.onmicrosoft.com";
const SECRET: &str = "sim-client-secret-7c1e";
const ADMIN_PASSWORD: &str = "0nPrem-Adm1n-P@ss";

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    sign_in: SignInArgs,
}

fn args(sim: &Simulator) -> SignInArgs {
    Cli::try_parse_from([
        "migration-preflight",
        "--tenant",
        TENANT,
        "--api-base",
        sim.url(),
        "--authority",
        sim.url(),
        "--client-id",
        "app-1",
        "--client-secret-env",
        "SIM_SECRET",
        "--retry-base-ms",
        "50",
    ])
    .unwrap()
    .sign_in
}

#[test]
fn endpoint_batch_start_and_paged_users_through_throttling_and_a_503() {
    // InvokeCommand requests: 1 New-MigrationEndpoint, 2 New-MigrationBatch (429), 3 its
    // replay, 4 Start-MigrationBatch, 5 Get-MigrationBatch (503), 6 its retry, 7.. users.
    let sim = Simulator::start(&[
        "--client-secret",
        SECRET,
        "--admin-password",
        ADMIN_PASSWORD,
        "--page-size",
        "2",
        "--fault",
        "2=429:0.2",
        "--fault",
        "5=503",
    ]);
    let env = |name: &str| (name == "SIM_SECRET").then(|| SECRET.to_string());
    let mut service = args(&sim).connect_with(&mut Vec::new(), &env).unwrap();

    let credential =
        endpoint_credential(service.as_mut(), "CONTOSO\\admin", ADMIN_PASSWORD).unwrap();
    service
        .invoke(
            &Cmdlet::new("New-MigrationEndpoint")
                .switch("ExchangeOutlookAnywhere")
                .param("Name", "StagedEndpoint")
                .switch("Autodiscover")
                .param("EmailAddress", "admin@contoso.com")
                .param("Credentials", credential),
            Kind::Write,
        )
        .unwrap();

    let csv = "EmailAddress\r\na@contoso.com\r\nb@contoso.com\r\nc@contoso.com\r\nd@contoso.com\r\nfail@contoso.com\r\n";
    let created = service
        .invoke(
            &Cmdlet::new("New-MigrationBatch")
                .param("Name", "wave1")
                .param("SourceEndpoint", "StagedEndpoint")
                .bytes("CSVData", csv.as_bytes()),
            Kind::Write,
        )
        .unwrap();
    assert_eq!(created.len(), 1);
    service
        .invoke(
            &Cmdlet::new("Start-MigrationBatch").param("Identity", "wave1"),
            Kind::Write,
        )
        .unwrap();
    let batches = service
        .invoke(
            &Cmdlet::new("Get-MigrationBatch").param("Identity", "wave1"),
            Kind::Read,
        )
        .unwrap();
    assert_eq!(batches.len(), 1);
    let users = service
        .invoke(
            &Cmdlet::new("Get-MigrationUser")
                .param("BatchId", "wave1")
                .param("ResultSize", "Unlimited"),
            Kind::Read,
        )
        .unwrap();
    assert_eq!(users.len(), 5, "all pages read");

    let state = sim.state();
    assert_eq!(state["endpoints"][0]["credential_matched"], true);
    assert_eq!(state["creates"]["wave1"], 1, "created once despite the 429");
    assert_eq!(state["starts"]["wave1"], 1);
    let log = sim.log();
    let api: Vec<_> = log.iter().filter(|e| e.api.is_some()).collect();
    let throttled = api.iter().position(|e| e.status == Some(429)).unwrap();
    let gap = api[throttled + 1].ms - api[throttled].ms;
    assert!(gap >= 200, "Retry-After 0.2 s honoured: {gap} ms");
    assert!(api.iter().any(|e| e.status == Some(503)));
    assert_eq!(api.iter().filter(|e| e.page).count(), 2);
    // Nothing secret in the simulator's log either (it logs no header or body).
    let text = serde_json::to_string(&state).unwrap();
    assert!(!text.contains(SECRET) && !text.contains(ADMIN_PASSWORD));
}

#[test]
fn a_dropped_write_is_uncertain_and_not_replayed() {
    let sim = Simulator::start(&[
        "--client-secret",
        SECRET,
        "--endpoint",
        "StagedEndpoint",
        "--fault",
        "1=drop",
    ]);
    let env = |name: &str| (name == "SIM_SECRET").then(|| SECRET.to_string());
    let mut service = args(&sim).connect_with(&mut Vec::new(), &env).unwrap();
    let error = service
        .invoke(
            &Cmdlet::new("New-MigrationBatch")
                .param("Name", "wave1")
                .param("SourceEndpoint", "StagedEndpoint")
                .bytes("CSVData", b"EmailAddress\r\na@contoso.com\r\n"),
            Kind::Write,
        )
        .unwrap_err();
    assert!(matches!(error, ApiError::Uncertain { .. }), "{error:?}");
    let state = sim.state();
    assert_eq!(state["creates"]["wave1"], 1);
    assert_eq!(state["api_requests"], 1);
}

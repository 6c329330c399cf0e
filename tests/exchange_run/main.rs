//! The real `migration-preflight` binary against the Exchange Online simulator: a full
//! run, runs killed with SIGKILL at each of the first requests and resumed, throttling,
//! the dry run, both sign-ins, the lock, the 100-batch limit, `status` and `remove`, and
//! no secret anywhere.
#![cfg(feature = "exchange")]

#[path = "../exchange_client/app_cert.rs"]
mod app_cert;
mod commands;
#[path = "../common/mod.rs"]
mod common;
mod run;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub use common::simulator::Simulator;
use serde_json::Value;

pub(crate) const TENANT: &str = "contoso.onmicrosoft.com";
pub(crate) const CLIENT: &str = "5a1f0c2e-0000-4000-8000-00000000c0de";
pub(crate) const SECRET: &str = "client-secret-Zq8-never-shown";
pub(crate) const SECRET_ENV: &str = "MP_TEST_CLIENT_SECRET";
/// The CSV passwords: none may appear in any output.
pub(crate) const PASSWORDS: [&str; 3] = ["Pw-Alpha-7731!", "Pw-Bravo-8842!", "Pw-Charlie-9953!"];

/// A folder with two CSV files: wave1 (one user fails in the cloud) and wave2.
pub(crate) fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mp-exo-run-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("wave1.csv"),
        format!(
            "EmailAddress,Password,ForceChangePassword\r\nann@contoso.com,{},False\r\nfail.bob@contoso.com,{},False\r\n",
            PASSWORDS[0], PASSWORDS[1]
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("wave2.csv"),
        format!(
            "EmailAddress,Password,ForceChangePassword\r\ncat@contoso.com,{},False\r\n",
            PASSWORDS[2]
        ),
    )
    .unwrap();
    dir
}

pub(crate) fn simulator(extra: &[&str]) -> Simulator {
    let mut args = vec![
        "--endpoint",
        "StagedEndpoint",
        "--client-secret",
        SECRET,
        "--sync-ms",
        "40",
    ];
    args.extend_from_slice(extra);
    Simulator::start(&args)
}

/// The binary in `dir` with `args`, signed in app-only with the client secret.
pub(crate) fn command(sim: &Simulator, dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_migration-preflight"));
    cmd.current_dir(dir)
        .args(args)
        .args([
            "--tenant",
            TENANT,
            "--api-base",
            sim.url(),
            "--authority",
            sim.url(),
        ])
        .args(["--client-id", CLIENT, "--client-secret-env", SECRET_ENV])
        .env(SECRET_ENV, SECRET)
        .env("MIGRATION_PREFLIGHT_RETRY_BASE_MS", "20")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    cmd
}

pub(crate) const RUN: [&str; 7] = [
    "run",
    "wave1.csv",
    "wave2.csv",
    "--endpoint",
    "StagedEndpoint",
    "--start",
    "--poll-ms=50",
];

pub(crate) fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Asserts that no secret is in `text`.
pub(crate) fn no_secret(text: &str, what: &str) {
    assert!(!text.contains(SECRET), "the client secret is in {what}");
    for p in PASSWORDS {
        assert!(!text.contains(p), "a CSV password is in {what}");
    }
    // A token would follow "Bearer "; only the dry run's "Bearer ***" may appear.
    for (i, _) in text.match_indices("Bearer ") {
        assert!(
            text[i + 7..].starts_with("***"),
            "a bearer token is in {what}"
        );
    }
    for token in ["eyJ", "access_token", "refresh_token", "device_code\":"] {
        assert!(!text.contains(token), "{token} is in {what}: {text}");
    }
}

pub(crate) fn counts(sim: &Simulator, what: &str) -> Value {
    sim.state()[what].clone()
}

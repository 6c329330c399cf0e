//! The real `migration-preflight` binary against the Exchange Online simulator: a full
//! run, runs killed with SIGKILL at each of the first requests and resumed, throttling,
//! the dry run, both sign-ins, the lock, the 100-batch limit, `status` and `remove`, and
//! no secret anywhere.
#![cfg(feature = "exchange")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::simulator::Simulator;
use serde_json::Value;

const TENANT: &str = "contoso.onmicrosoft.com";
const CLIENT: &str = "5a1f0c2e-0000-4000-8000-00000000c0de";
const SECRET: &str = "client-secret-Zq8-never-shown";
const SECRET_ENV: &str = "MP_TEST_CLIENT_SECRET";
/// The CSV passwords: none may appear in any output.
const PASSWORDS: [&str; 3] = ["Pw-Alpha-7731!", "Pw-Bravo-8842!", "Pw-Charlie-9953!"];

/// A folder with two CSV files: wave1 (one user fails in the cloud) and wave2.
fn folder(name: &str) -> PathBuf {
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

fn simulator(extra: &[&str]) -> Simulator {
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
fn command(sim: &Simulator, dir: &Path, args: &[&str]) -> Command {
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

const RUN: [&str; 7] = [
    "run",
    "wave1.csv",
    "wave2.csv",
    "--endpoint",
    "StagedEndpoint",
    "--start",
    "--poll-ms=50",
];

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Asserts that no secret is in `text`.
fn no_secret(text: &str, what: &str) {
    assert!(!text.contains(SECRET), "the client secret is in {what}");
    for p in PASSWORDS {
        assert!(!text.contains(p), "a CSV password is in {what}");
    }
    for token in ["eyJ", "Bearer ey", "access_token", "refresh_token"] {
        assert!(!text.contains(token), "{token} is in {what}: {text}");
    }
}

fn counts(sim: &Simulator, what: &str) -> Value {
    sim.state()[what].clone()
}

#[test]
fn a_full_run_creates_starts_watches_and_explains_the_failed_user() {
    let dir = folder("full");
    let sim = simulator(&[]);
    let output = command(&sim, &dir, &RUN).output().unwrap();
    let all = text(&output);
    assert_eq!(output.status.code(), Some(3), "some users failed: {all}");
    assert!(
        all.contains("created batch wave1 from wave1.csv (2 mailboxes)"),
        "{all}"
    );
    assert!(all.contains("started batch wave2"), "{all}");
    assert!(all.contains("1 user failed:"), "{all}");
    assert!(
        all.contains("fail.bob@contoso.com (batch wave1; wave1.csv, row 3)"),
        "{all}"
    );
    assert!(
        all.contains("couldn't be found in the cloud-based service"),
        "{all}"
    );
    assert!(all.contains("Pre-flight: DIR006"), "{all}");
    assert_eq!(
        counts(&sim, "creates"),
        serde_json::json!({"wave1": 1, "wave2": 1})
    );
    assert_eq!(
        counts(&sim, "starts"),
        serde_json::json!({"wave1": 1, "wave2": 1})
    );
    let state = std::fs::read_to_string(dir.join("migration-run.json")).unwrap();
    let json: Value = serde_json::from_str(&state).unwrap();
    assert_eq!(json["batches"][1]["start"], "done");
    assert!(
        !state.contains('@'),
        "no address in the state file: {state}"
    );
    assert!(
        !dir.join("migration-run.json.lock").exists(),
        "the lock is released"
    );
    // No secret in stdout, stderr, the state file or the simulator's log.
    no_secret(&all, "the output");
    no_secret(&state, "the state file");
    no_secret(&sim.state()["log"].to_string(), "the simulator's log");

    // status reads the same batches, without writing anything.
    let before = sim.state()["creates"].clone();
    let status = command(
        &sim,
        &dir,
        &[
            "status",
            "--state",
            "migration-run.json",
            "--format",
            "json",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(status.status.code(), Some(3), "{}", text(&status));
    let json: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["batches"][0]["failedUsers"][0]["row"], 3);
    assert_eq!(json["batches"][1]["status"], "Synced");
    assert_eq!(sim.state()["creates"], before);
    let writes = sim
        .log()
        .iter()
        .filter(|e| {
            e.cmdlet
                .as_deref()
                .is_some_and(|c| !c.starts_with("Get-") && !c.starts_with("Test-"))
        })
        .count();
    assert_eq!(writes, 4, "2 creates and 2 starts, none from status");
}

/// The final batches as the simulator has them: (name, status, total).
fn end_state(sim: &Simulator) -> Vec<(String, String, u64)> {
    let mut batches: Vec<(String, String, u64)> = sim.state()["batches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["Identity"]
                    .as_str()
                    .or(b["Name"].as_str())
                    .unwrap_or("")
                    .to_string(),
                b["Status"].as_str().unwrap_or("").to_string(),
                b["TotalCount"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    batches.sort();
    batches
}

#[test]
fn a_run_killed_at_each_of_the_first_requests_resumes_without_doing_anything_twice() {
    // Requests of a run: 1 Get-MigrationEndpoint, 2 Test-MigrationServerAvailability,
    // 3 Get-MigrationBatch, 4-5 New-MigrationBatch, 6-7 Start-MigrationBatch, 8 a poll.
    let baseline = {
        let dir = folder("kill-base");
        let sim = simulator(&[]);
        let output = command(&sim, &dir, &RUN).output().unwrap();
        assert_eq!(output.status.code(), Some(3));
        end_state(&sim)
    };
    for n in 1..=8u64 {
        let dir = folder(&format!("kill-{n}"));
        let fault = format!("{n}=slow:3000");
        let sim = simulator(&["--fault", &fault]);
        let mut child = command(&sim, &dir, &RUN)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Request n has arrived (the simulator holds its answer): kill the runner.
        let deadline = Instant::now() + Duration::from_secs(60);
        while sim.state()["api_requests"].as_u64().unwrap_or(0) < n {
            assert!(Instant::now() < deadline, "request {n} never came");
            std::thread::sleep(Duration::from_millis(20));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // The simulator still runs the held cmdlet after its delay.
        std::thread::sleep(Duration::from_millis(3200));
        let output = command(&sim, &dir, &RUN).output().unwrap();
        let all = text(&output);
        assert_eq!(
            output.status.code(),
            Some(3),
            "killed at request {n}: {all}"
        );
        for what in ["creates", "starts"] {
            let per_name = counts(&sim, what);
            assert_eq!(
                per_name,
                serde_json::json!({"wave1": 1, "wave2": 1}),
                "killed at request {n}: {what} {all}"
            );
        }
        assert_eq!(end_state(&sim), baseline, "killed at request {n}");
        if n >= 4 {
            assert!(
                all.contains("taking over the lock"),
                "the dead run's lock is taken over: {all}"
            );
        }
    }
}

#[test]
fn throttling_is_honoured_and_the_throttled_write_is_sent_again_after_retry_after() {
    let dir = folder("throttle");
    // Request 4 is the first New-MigrationBatch.
    let sim = simulator(&["--fault", "4=429:1.5"]);
    let output = command(&sim, &dir, &RUN).output().unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
    let log = sim.log();
    let api: Vec<_> = log.iter().filter(|e| e.api.is_some()).collect();
    let throttled = api.iter().find(|e| e.api == Some(4)).unwrap();
    let retry = api.iter().find(|e| e.api == Some(5)).unwrap();
    assert_eq!(throttled.status, Some(429));
    assert_eq!(retry.cmdlet, throttled.cmdlet);
    assert_eq!(retry.target, throttled.target);
    assert!(
        retry.ms >= throttled.ms + 1500,
        "the retry came {} ms after the 429",
        retry.ms - throttled.ms
    );
    let created = sim.state()["batches"].as_array().unwrap().len();
    assert_eq!(created, 2);
}

#[test]
fn a_dry_run_sends_nothing_and_writes_no_state() {
    let dir = folder("dry");
    let sim = simulator(&[]);
    let mut args = RUN.to_vec();
    args.push("--dry-run");
    let output = command(&sim, &dir, &args).output().unwrap();
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(all.contains("New-MigrationBatch"), "{all}");
    assert!(all.contains("Start-MigrationBatch"), "{all}");
    assert!(all.contains("nothing was sent"), "{all}");
    assert!(sim.log().is_empty(), "{:?}", sim.log());
    assert!(!dir.join("migration-run.json").exists());
    no_secret(&all, "the dry run");
}

#[test]
fn device_code_sign_in_runs_too() {
    let dir = folder("device");
    let sim = simulator(&["--device-pending", "1", "--device-interval", "0"]);
    let output = Command::new(env!("CARGO_BIN_EXE_migration-preflight"))
        .current_dir(&dir)
        .args(RUN)
        .args([
            "--no-watch",
            "--tenant",
            TENANT,
            "--api-base",
            sim.url(),
            "--authority",
            sim.url(),
        ])
        .env("MIGRATION_PREFLIGHT_RETRY_BASE_MS", "20")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    let grants: Vec<String> = sim.log().iter().filter_map(|e| e.grant.clone()).collect();
    assert!(
        grants.iter().any(|g| g.contains("device_code")),
        "{grants:?}"
    );
    assert_eq!(
        counts(&sim, "starts"),
        serde_json::json!({"wave1": 1, "wave2": 1})
    );
    no_secret(&all, "the device-code run");
}

#[test]
fn a_second_run_on_one_state_file_is_refused_while_the_first_runs() {
    let dir = folder("lock");
    let sim = simulator(&["--fault", "3=slow:3000"]);
    let mut first = command(&sim, &dir, &RUN)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while sim.state()["api_requests"].as_u64().unwrap_or(0) < 3 {
        assert!(Instant::now() < deadline, "the first run never came");
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = command(&sim, &dir, &RUN).output().unwrap();
    let all = text(&second);
    assert_eq!(second.status.code(), Some(2), "{all}");
    assert!(all.contains("another run"), "{all}");
    assert_eq!(first.wait().unwrap().code(), Some(3));
    assert_eq!(
        counts(&sim, "creates"),
        serde_json::json!({"wave1": 1, "wave2": 1})
    );
}

#[test]
fn the_hundred_batch_limit_is_refused_before_creating_anything() {
    let dir = folder("limit");
    let sim = simulator(&["--existing-batches", "99"]);
    let output = command(&sim, &dir, &RUN).output().unwrap();
    let all = text(&output);
    assert_eq!(output.status.code(), Some(2), "{all}");
    assert!(all.contains("99 batches already exist"), "{all}");
    assert!(all.contains("only 100 batches can exist"), "{all}");
    assert_eq!(counts(&sim, "creates"), serde_json::json!({}));
}

#[test]
fn errors_of_the_pre_flight_check_refuse_the_run_and_are_printed() {
    let dir = folder("blocked");
    std::fs::write(
        dir.join("wave2.csv"),
        "EmailAddress,Password\r\nnot-an-address,Pw-Delta-1064!\r\n",
    )
    .unwrap();
    let sim = simulator(&[]);
    let output = command(&sim, &dir, &RUN).output().unwrap();
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("CSV202"), "{all}");
    assert!(sim.log().is_empty(), "nothing is sent: {:?}", sim.log());
    assert!(!all.contains("Pw-Delta-1064!"));
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[test]
fn remove_refuses_too_early_and_before_a_sync_after_the_mx_change_then_removes() {
    let now = time::OffsetDateTime::now_utc();
    // The simulated clock runs 100 hours behind: the batches last sync then.
    let clock = rfc3339(now - time::Duration::hours(100));
    let dir = folder("remove");
    let sim = simulator(&["--clock", &clock]);
    let output = command(&sim, &dir, &RUN).output().unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));

    let early = rfc3339(now - time::Duration::hours(1));
    let refused = command(&sim, &dir, &["remove", "wave2", "--mx-changed-at", &early])
        .output()
        .unwrap();
    let all = text(&refused);
    assert_eq!(refused.status.code(), Some(2), "{all}");
    assert!(all.contains("less than 72 hours"), "{all}");

    let before_sync = rfc3339(now - time::Duration::hours(99));
    let refused = command(
        &sim,
        &dir,
        &["remove", "wave2", "--mx-changed-at", &before_sync],
    )
    .output()
    .unwrap();
    let all = text(&refused);
    assert_eq!(refused.status.code(), Some(2), "{all}");
    assert!(
        all.contains("batch wave2 last synced") && all.contains("not after the MX change"),
        "{all}"
    );
    assert_eq!(counts(&sim, "removes"), serde_json::json!({}));

    let forced = command(
        &sim,
        &dir,
        &[
            "remove",
            "wave2",
            "--mx-changed-at",
            &before_sync,
            "--force",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced));
    assert!(String::from_utf8_lossy(&forced.stderr).contains("--force"));

    let after = rfc3339(now - time::Duration::hours(101));
    let removed = command(&sim, &dir, &["remove", "wave1", "--mx-changed-at", &after])
        .output()
        .unwrap();
    assert_eq!(removed.status.code(), Some(0), "{}", text(&removed));
    assert_eq!(
        counts(&sim, "removes"),
        serde_json::json!({"wave1": 1, "wave2": 1})
    );
}

#[test]
fn endpoint_create_sends_the_encrypted_credential_and_never_shows_the_password() {
    const SOURCE_PASSWORD: &str = "On-Prem-Pa55-never-shown";
    let dir = folder("endpoint");
    let sim = simulator(&["--admin-password", SOURCE_PASSWORD]);
    let create = |password: &str| {
        command(
            &sim,
            &dir,
            &[
                "endpoint",
                "create",
                "--name",
                "NewEndpoint",
                "--autodiscover",
                "admin@contoso.com",
                "--admin",
                "CONTOSO\\migadmin",
            ],
        )
        .env("MIGRATION_PREFLIGHT_SOURCE_PASSWORD", password)
        .output()
        .unwrap()
    };
    // A wrong password: the service cannot reach the source; Microsoft's message, exit 5.
    let wrong = create("not-the-password");
    let all = text(&wrong);
    assert_eq!(wrong.status.code(), Some(5), "{all}");
    assert!(!all.contains("not-the-password"), "{all}");
    let right = create(SOURCE_PASSWORD);
    let all = text(&right);
    assert_eq!(right.status.code(), Some(0), "{all}");
    assert!(
        all.contains("created migration endpoint NewEndpoint"),
        "{all}"
    );
    let endpoints = sim.state()["endpoints"].clone();
    let created = endpoints
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "NewEndpoint")
        .unwrap()
        .clone();
    assert_eq!(created["credential_matched"], true, "{endpoints}");
    assert!(!all.contains(SOURCE_PASSWORD));
    assert!(!sim.state().to_string().contains(SOURCE_PASSWORD));
    no_secret(&all, "endpoint create");
}

#[test]
fn status_works_without_a_state_file_given_batch_names() {
    let dir = folder("status");
    let sim = simulator(&["--existing-batches", "2"]);
    let output = command(
        &sim,
        &dir,
        &["status", "--batch", "Existing-002", "--batch", "Nope"],
    )
    .output()
    .unwrap();
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(all.contains("batch Existing-002: Synced"), "{all}");
    assert!(all.contains("batch Nope: Missing"), "{all}");
    let reads_only = sim
        .log()
        .iter()
        .filter_map(|e| e.cmdlet.clone())
        .all(|c| c.starts_with("Get-"));
    assert!(reads_only);
}

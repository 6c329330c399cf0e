//! `run`: the full run, killed and resumed, throttled, dry, signed in by device code and
//! by certificate, locked, over the batch limit, refused by the pre-flight check.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::*;

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

/// `run` in `dir` signed in with `sign_in` only (no client secret): its exit code, its
/// output, and the grant types the simulator saw.
fn run_signed_in(
    dir: &Path,
    sim: &Simulator,
    sign_in: &[&str],
) -> (Option<i32>, String, Vec<String>) {
    let output = Command::new(env!("CARGO_BIN_EXE_migration-preflight"))
        .current_dir(dir)
        .args(RUN)
        .args(["--no-watch", "--tenant", TENANT, "--api-base", sim.url()])
        .args(["--authority", sim.url()])
        .args(sign_in)
        .env("MIGRATION_PREFLIGHT_RETRY_BASE_MS", "20")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let grants = sim.log().iter().filter_map(|e| e.grant.clone()).collect();
    (output.status.code(), text(&output), grants)
}

#[test]
fn device_code_sign_in_runs_too() {
    let dir = folder("device");
    let sim = simulator(&["--device-pending", "1", "--device-interval", "0"]);
    let (code, all, grants) = run_signed_in(&dir, &sim, &[]);
    assert_eq!(code, Some(0), "{all}");
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
fn certificate_sign_in_runs_too() {
    let dir = folder("certificate");
    let (_, _, pem) = crate::app_cert::certificate();
    let pem_path = dir.join("app.pem");
    std::fs::write(&pem_path, pem).unwrap();
    let sim = simulator(&["--client-cert", pem_path.to_str().unwrap()]);
    let sign_in = ["--client-id", CLIENT, "--certificate", "app.pem"];
    let (code, all, grants) = run_signed_in(&dir, &sim, &sign_in);
    assert_eq!(code, Some(0), "{all}");
    assert!(
        grants.iter().any(|g| g.contains("client_credentials")),
        "{grants:?}"
    );
    assert_eq!(
        counts(&sim, "creates"),
        serde_json::json!({"wave1": 1, "wave2": 1})
    );
    no_secret(&all, "the certificate run");
    assert!(!all.contains("PRIVATE KEY"), "{all}");
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

#[test]
fn a_batch_the_service_fails_gives_exit_code_4_with_microsofts_message() {
    let dir = folder("failed-batch");
    let sim = simulator(&["--fail-batches", "wave2"]);
    let output = command(&sim, &dir, &RUN).output().unwrap();
    let all = text(&output);
    assert_eq!(output.status.code(), Some(4), "{all}");
    assert!(all.contains("batch wave2: Failed"), "{all}");
    assert!(
        all.contains("Microsoft: The migration batch failed"),
        "{all}"
    );
}

//! The `report`, `runbook` and `assessment` commands.

#![cfg(feature = "cli")]

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_migration-preflight");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/readiness");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run the binary")
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn report(extra: &[&str]) -> Output {
    let (wave1, wave2, assessment) = (
        fixture("wave1.csv"),
        fixture("wave2.csv"),
        fixture("assessment.json"),
    );
    let mut args = vec![
        "report",
        "--csv",
        &wave1,
        &wave2,
        "--assessment",
        &assessment,
        "--as-of",
        "2025-03-03T09:00:00+01:00",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn report_in_every_format_exits_1_when_blocked() {
    for (format, marker) in [
        ("json", "\"schemaVersion\": 1"),
        ("md", "## Verdict: blocked"),
        ("text", "VERDICT: blocked"),
        ("html", "<!DOCTYPE html>"),
    ] {
        let out = report(&["--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains(marker), "{format}: {stdout}");
        assert!(!stdout.contains("Zq7"), "{format} shows a password");
    }
}

#[test]
fn report_writes_the_output_file_and_pseudonymises() {
    let dir = std::env::temp_dir().join(format!("mp-readiness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("shared.md");
    let out = report(&[
        "--format",
        "md",
        "--pseudonymise",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("user-0001@domain-01.example"), "{written}");
    assert!(!written.to_lowercase().contains("contoso"), "{written}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn runbook_and_template() {
    let (wave1, assessment) = (fixture("wave1.csv"), fixture("assessment.json"));
    let out = run(&["runbook", "--csv", &wave1, "--assessment", &assessment]);
    assert_eq!(out.status.code(), Some(0));
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(
        script.contains("New-MigrationBatch -Name 'wave1'"),
        "{script}"
    );
    assert!(!script.contains("Zq7"));

    let out = run(&["assessment", "--template"]);
    assert_eq!(out.status.code(), Some(0));
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(template["schemaVersion"], 1);
}

#[test]
fn unreadable_inputs_exit_2_with_the_reason() {
    let wave1 = fixture("wave1.csv");
    let out = run(&["report", "--csv", &wave1, "--assessment", &wave1]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid assessment"));
    let out = run(&["report", "--csv", &wave1, "--as-of", "tomorrow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--as-of"));
}

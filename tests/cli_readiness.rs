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
        ("json", "\"schemaVersion\": 2"),
        ("md", "## Executive summary: blocked"),
        ("text", "EXECUTIVE SUMMARY: blocked"),
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
    // wave1.csv has an error (CSV207): no runbook, exit 1 (tests/split.rs has more).
    let out = run(&["runbook", "--csv", &wave1, "--assessment", &assessment]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("has 1 error (CSV207)"));
    let batch = format!("{FIXTURES}/../runbook/Wave1-01.csv");
    let out = run(&["runbook", "--csv", &batch, "--assessment", &assessment]);
    assert_eq!(out.status.code(), Some(0));
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(
        script.contains("[pscustomobject]@{ Name = 'Wave1-01'; File = 'Wave1-01.csv' }"),
        "{script}"
    );
    assert!(!script.contains("Zq7") && !script.contains("Rk7"));

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

/// `--as-of` before, between and after the fixture's planned dates: passed deadlines
/// say "overdue since" and no later date contradicts an earlier one.
#[test]
fn as_of_before_between_and_after_the_plan() {
    let (wave1, assessment) = (fixture("wave1.csv"), fixture("assessment.json"));
    for (as_of, overdue) in [
        ("2025-03-03T09:00:00+01:00", false),
        ("2025-03-15T09:00:00+01:00", true),
        ("2026-11-27T10:00:00+01:00", true),
    ] {
        let out = run(&[
            "report",
            "--csv",
            &wave1,
            "--assessment",
            &assessment,
            "--as-of",
            as_of,
            "--format",
            "json",
        ]);
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{as_of}: {out:?}"
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let dates = &json["dates"];
        assert_eq!(dates["lowerTtlBy"]["overdue"], overdue, "{as_of}: {dates}");
        let at = |v: &serde_json::Value| v["at"].as_str().unwrap().to_string();
        let (mx, delete) = (
            at(&dates["earliestMxChange"]),
            at(&dates["earliestBatchDeletion"]),
        );
        // Same offset everywhere, so RFC 3339 text orders like time.
        assert!(delete > mx && delete.as_str() > as_of, "{as_of}: {dates}");
        let text = run(&[
            "report",
            "--csv",
            &wave1,
            "--assessment",
            &assessment,
            "--as-of",
            as_of,
            "--format",
            "text",
        ]);
        let text = String::from_utf8(text.stdout).unwrap();
        assert_eq!(text.contains("overdue since"), overdue, "{as_of}:\n{text}");
    }
    // Out of the calendar: a finding, not a crash.
    let out = run(&[
        "report",
        "--csv",
        &wave1,
        "--as-of",
        "9999-12-31T23:59:59-23:59",
        "--format",
        "text",
    ]);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ENV034"), "{text}");
}

#[test]
fn report_since_an_earlier_json_report_adds_the_progress() {
    let dir = std::env::temp_dir().join(format!("mp-since-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let previous = dir.join("previous.json");
    let previous = previous.to_str().unwrap();
    let out = report(&["--format", "json", "-o", previous]);
    assert_eq!(out.status.code(), Some(1));
    let out = report(&["--format", "md", "--since", previous]);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("## Progress"), "{md}");
    assert!(
        md.contains(
            "Since the report of 2025-03-03 09:00 UTC+01:00: 0 findings resolved, 0 new findings, "
        ),
        "{md}"
    );
    let garbage = dir.join("garbage.json");
    std::fs::write(&garbage, "{").unwrap();
    let out = report(&["--since", garbage.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--since"));
    std::fs::remove_dir_all(&dir).ok();
}

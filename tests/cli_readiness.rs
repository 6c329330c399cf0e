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
    assert_eq!(template["schemaVersion"], 2);
}

/// A scratch folder for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mp-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The codes of a JSON report's findings.
fn codes(out: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_template_is_dated_from_now_and_reads_back() {
    let out = run(&["assessment", "--template"]);
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let start = template["schedule"]["plannedStart"].as_str().unwrap();
    let now = time::OffsetDateTime::now_utc();
    let start =
        time::OffsetDateTime::parse(start, &time::format_description::well_known::Rfc3339).unwrap();
    assert!(start > now + time::Duration::days(6), "{start}");
    assert!(start < now + time::Duration::days(8), "{start}");
    // The example, used as it is, gives no overdue date.
    let dir = scratch("template");
    let path = dir.join("assessment.json");
    std::fs::write(&path, &out.stdout).unwrap();
    let wave1 = fixture("wave1.csv");
    let out = run(&[
        "report",
        "--csv",
        &wave1,
        "--assessment",
        path.to_str().unwrap(),
        "--format",
        "text",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("KEY DATES"), "{text}");
    assert!(!text.contains("overdue"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn as_of_and_assessment_dates_take_both_forms() {
    let wave1 = fixture("wave1.csv");
    let dir = scratch("forms");
    let mut outputs = Vec::new();
    for (as_of, start) in [
        ("2025-03-03T09:00:00+01:00", "2025-03-10T18:00:00+01:00"),
        ("2025-03-03 09:00 +01:00", "2025-03-10 17:00 UTC"),
        ("2025-03-03 08:00 +0000", "2025-03-10 18:00 +0100"),
    ] {
        let path = dir.join("a.json");
        std::fs::write(
            &path,
            format!(r#"{{"utcOffset":"+01:00","schedule":{{"plannedStart":"{start}"}}}}"#),
        )
        .unwrap();
        let out = run(&[
            "report",
            "--csv",
            &wave1,
            "--assessment",
            path.to_str().unwrap(),
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
        outputs.push((json["asOf"].clone(), json["dates"].clone()));
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
    assert_eq!(outputs[0].0, "2025-03-03T09:00:00+01:00");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn assessment_errors_name_the_field_and_what_to_write() {
    let wave1 = fixture("wave1.csv");
    let dir = scratch("errors");
    let path = dir.join("a.json");
    std::fs::write(
        &path,
        "{\n  \"schedule\": {\n    \"plannedStart\": \"10/03/2025 18:00\"\n  }\n}\n",
    )
    .unwrap();
    let out = run(&[
        "report",
        "--csv",
        &wave1,
        "--assessment",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("schedule.plannedStart: "), "{stderr}");
    assert!(stderr.contains("like 2025-03-03 09:00 +01:00"), "{stderr}");
    assert!(stderr.contains("(line 3)"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn report_and_runbook_take_the_tenant_flags_and_they_win() {
    let (wave1, assessment) = (fixture("wave1.csv"), fixture("assessment.json"));
    // The assessment's verified domain (contoso.com) is used for the CSV check.
    let out = report(&["--format", "json"]);
    assert!(!codes(&out).contains(&"ENV019".to_string()));
    // Without an assessment, --domain answers it, as for `check`.
    let out = run(&[
        "report",
        "--csv",
        &wave1,
        "--domain",
        "contoso.com",
        "--federated",
        "--format",
        "json",
    ]);
    let found = codes(&out);
    assert!(!found.contains(&"ENV019".to_string()), "{found:?}");
    assert!(found.contains(&"ENV018".to_string()), "{found:?}");
    // A flag wins over the assessment: with fabrikam.com the contoso.com addresses are
    // in a domain that is not verified.
    let with_contoso = codes(&report(&["--format", "json"]));
    let with_fabrikam = codes(&report(&["--format", "json", "--domain", "fabrikam.com"]));
    let csv_errors = |c: &[String]| c.iter().filter(|c| c.starts_with("CSV")).count();
    assert!(
        csv_errors(&with_fabrikam) > csv_errors(&with_contoso),
        "{with_contoso:?} {with_fabrikam:?}"
    );
    // Banned terms: from the assessment and from the flag (a 2-letter term is left
    // out with PWD012, whichever way it came).
    let dir = scratch("banned");
    let path = dir.join("a.json");
    std::fs::write(&path, r#"{"tenant":{"customBannedPasswords":["ab"]}}"#).unwrap();
    let out = run(&[
        "report",
        "--csv",
        &wave1,
        "--assessment",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(codes(&out).contains(&"PWD012".to_string()));
    let out = run(&[
        "report",
        "--csv",
        &wave1,
        "--banned-term",
        "xy",
        "--format",
        "json",
    ]);
    assert!(codes(&out).contains(&"PWD012".to_string()));
    // The runbook takes the same flags (on a file without errors: a runbook is not
    // written for files with blocking findings).
    let clean = dir.join("clean.csv");
    std::fs::write(
        &clean,
        "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,kT7#vQ9!mZ2xwR4x,False\r\n",
    )
    .unwrap();
    let clean = clean.to_str().unwrap();
    let out = run(&[
        "runbook",
        "--csv",
        clean,
        "--assessment",
        &assessment,
        "--domain",
        "contoso.com",
        "--federated",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = run(&["runbook", "--csv", clean, "--bogus-flag"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "unknown flags are refused: {out:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_output_file_extension_chooses_the_format() {
    let dir = scratch("extension");
    for (name, marker) in [
        ("r.json", "\"schemaVersion\""),
        ("r.md", "## Executive summary: blocked"),
        ("r.txt", "EXECUTIVE SUMMARY: blocked"),
        ("r.html", "<!DOCTYPE html>"),
        ("r.HTM", "<!DOCTYPE html>"),
    ] {
        let path = dir.join(name);
        let out = report(&["-o", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.contains(marker), "{name}: {written}");
    }
    // --format wins over the extension.
    let path = dir.join("r.txt");
    report(&["-o", path.to_str().unwrap(), "--format", "json"]);
    assert!(std::fs::read_to_string(&path).unwrap().starts_with('{'));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn report_to_a_terminal_is_text_and_to_a_pipe_html() {
    let piped = report(&[]);
    assert!(String::from_utf8_lossy(&piped.stdout).contains("<!DOCTYPE html>"));
    // A terminal, through script(1) from util-linux.
    let script = std::path::Path::new("/usr/bin/script");
    assert!(
        script.exists(),
        "this test needs /usr/bin/script (util-linux)"
    );
    let (wave1, assessment) = (fixture("wave1.csv"), fixture("assessment.json"));
    let command = format!(
        "'{BIN}' report --csv '{wave1}' --assessment '{assessment}' --as-of 2025-03-03T09:00:00+01:00"
    );
    // Without colour (a terminal would get it): the text is compared as it is.
    let out = Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("EXECUTIVE SUMMARY: blocked"), "{shown}");
    assert!(!shown.contains("<!DOCTYPE html>"), "{shown}");
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
        "9999-12-31T23:59:59-12:00",
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

/// The `dns` command's dates go through the same parser: both forms give one plan.
#[test]
fn dns_dates_take_both_forms() {
    let plan = |first: &str, cutover: &str| {
        let out = run(&[
            "dns",
            "contoso.com",
            "--mx-ttl",
            "86400",
            "--first-batch",
            first,
            "--cutover",
            cutover,
        ]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let typed = plan("2025-03-03 09:00 +01:00", "2025-03-31 18:00 +02:00");
    let rfc = plan("2025-03-03T09:00:00+01:00", "2025-03-31T18:00:00+02:00");
    assert_eq!(typed, rfc);
    assert!(typed.contains("2025-03-03 09:00 +01:00"), "{typed}");
}

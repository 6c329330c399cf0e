//! The command-line tool: exit codes, output formats, standard input.

#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_migration-preflight");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/csv");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run the binary")
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn too_many_rows_exits_1_with_the_limit_finding() {
    let out = run(&[
        "check",
        &fixture("CSV009-too-many-rows.csv"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["verdict"], "blocked");
    let limit = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CSV009" && f["row"].is_null())
        .unwrap();
    assert_eq!(limit["severity"], "error");
    assert!(
        limit["message"]
            .as_str()
            .unwrap()
            .contains("2001 mailboxes"),
        "{limit}"
    );
    assert_eq!(report["summary"]["batchesNeeded"], 2);
}

#[test]
fn microsofts_example_has_no_csv_faults() {
    let out = run(&["check", &fixture("ok-example.csv"), "--format", "json"]);
    let report = json(&out);
    let csv_faults: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with("CSV"))
        .collect();
    assert!(csv_faults.is_empty(), "{csv_faults:?}");
    assert_eq!(report["summary"]["mailboxes"], 3);
    // Exit 1 exactly when a finding is an error.
    let has_error = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] == "error");
    assert_eq!(out.status.code(), Some(if has_error { 1 } else { 0 }));
}

#[test]
fn json_output_is_exactly_the_report_shape() {
    let out = run(&[
        "check",
        &fixture("CSV202-bad-syntax.csv"),
        "--format",
        "json",
    ]);
    let report = json(&out);
    let keys: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["findings", "groups", "summary", "verdict"]);
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CSV202")
        .unwrap();
    let mut fkeys: Vec<&str> = finding
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fkeys.sort();
    assert_eq!(
        fkeys,
        ["code", "column", "help", "message", "row", "severity"]
    );
    assert_eq!(finding["row"], 3);
    assert_eq!(finding["column"], "EmailAddress");
}

#[test]
fn reads_standard_input_for_a_dash() {
    let mut child = Command::new(BIN)
        .args(["check", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"EmailAddress\r\nnope\r\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["findings"][0]["code"], "CSV202");
}

#[test]
fn unreadable_input_and_bad_arguments_exit_2_with_one_line() {
    let out = run(&["check", "/no/such/file.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/no/such/file.csv"));
    assert_eq!(
        run(&["check", "x.csv", "--format", "yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["check"]).status.code(), Some(2));
}

#[test]
fn domains_and_federated_are_accepted() {
    let out = run(&[
        "check",
        &fixture("CSV208-unverified-domain.csv"),
        "--domain",
        "contoso.com",
        "--domain",
        "fabrikam.net",
        "--federated",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CSV208 [row 3; EmailAddress]"), "{text}");
}

#[test]
fn several_files_are_one_migration_and_findings_name_their_file() {
    let dir = std::env::temp_dir().join(format!("mp-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.csv");
    let b = dir.join("b.csv");
    std::fs::write(&a, "EmailAddress\na@contoso.com\n").unwrap();
    std::fs::write(&b, "EmailAddress\nA@contoso.com\n").unwrap();
    let out = run(&[
        "check",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report = json(&out);
    let dup = &report["findings"][0];
    assert_eq!(dup["code"], "CSV207");
    assert!(dup["file"].as_str().unwrap().ends_with("b.csv"));
    assert_eq!(report["summary"]["files"], 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fix_writes_the_corrected_csv_and_reports_what_is_left() {
    let dir = std::env::temp_dir().join(format!("mp-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.csv");
    let output = dir.join("out.csv");
    std::fs::write(
        &input,
        "emailaddress;Password\r\n a@contoso.com ;S3cret<pw>\r\nbad-address;x\r\n",
    )
    .unwrap();
    let out = run(&[
        "fix",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the bad address is still an error"
    );
    let written = std::fs::read_to_string(&output).unwrap();
    assert_eq!(
        written,
        "EmailAddress,Password\r\na@contoso.com,S3cret<pw>\r\nbad-address,x\r\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fixed: row 2: Trimmed spaces around EmailAddress."),
        "{stderr}"
    );
    assert!(stderr.contains("CSV202"), "{stderr}");
    assert!(!stderr.contains("S3cret") && out.stdout.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn split_writes_batch_files_of_the_given_size() {
    let dir = std::env::temp_dir().join(format!("mp-split-{}", std::process::id()));
    let out = run(&[
        "split",
        &fixture("CSV009-too-many-rows.csv"),
        "--size",
        "1000",
        "--prefix",
        "Wave 2",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["Wave-2-01.csv", "Wave-2-02.csv", "Wave-2-03.csv"]);
    let last = std::fs::read_to_string(dir.join("Wave-2-03.csv")).unwrap();
    assert_eq!(last.lines().count(), 2);
    assert_eq!(
        run(&[
            "split",
            &fixture("ok-example.csv"),
            "--size",
            "0",
            "-o",
            dir.to_str().unwrap()
        ])
        .status
        .code(),
        Some(2)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

//! Passwords never leak through the command: neither standard output nor standard error
//! of `check` (text and JSON, files and standard input), `fix` and `split` holds a
//! password from the CSV, whatever the options. Only the files the user asks `fix` and
//! `split` to write hold passwords.

#![cfg(feature = "cli")]

mod password_cases;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use password_cases::leak::{PASSWORDS, assert_no_password, csv};
use password_cases::planted::Planted;

const BIN: &str = env!("CARGO_BIN_EXE_migration-preflight");

/// A scratch folder of this test process, with the leaky CSV in it.
fn scratch(name: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("mp-leak-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("batch.csv");
    std::fs::write(&file, csv()).unwrap();
    (dir, file.to_string_lossy().into_owned())
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the binary");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn assert_clean(out: &Output, what: &str) {
    assert!(
        !out.stdout.is_empty() || !out.stderr.is_empty(),
        "{what} printed nothing"
    );
    assert_no_password(
        &String::from_utf8_lossy(&out.stdout),
        &format!("{what}: stdout"),
    );
    assert_no_password(
        &String::from_utf8_lossy(&out.stderr),
        &format!("{what}: stderr"),
    );
}

const OPTION_SETS: &[&[&str]] = &[
    &[],
    &[
        "--banned-term",
        "contoso",
        "--banned-term",
        "ab",
        "--tenant-name",
        "Contoso",
    ],
    &["--federated", "--domain", "fabrikam.com"],
];

#[test]
fn check_prints_no_password() {
    let (_dir, file) = scratch("check");
    for options in OPTION_SETS {
        for format in ["text", "json"] {
            let mut args = vec!["check", file.as_str(), "--format", format];
            args.extend_from_slice(options);
            let out = run(&args, None);
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            assert_clean(&out, &format!("check {args:?}"));
            let mut args = vec!["check", "-", "--format", format];
            args.extend_from_slice(options);
            assert_clean(
                &run(&args, Some(&csv())),
                &format!("check {args:?} from stdin"),
            );
        }
    }
}

#[test]
fn fix_and_split_print_no_password_and_write_only_the_asked_files() {
    let (dir, file) = scratch("fix");
    let corrected = dir.join("corrected.csv");
    let corrected = corrected.to_string_lossy();
    for generate in [false, true] {
        let mut args = vec!["fix", file.as_str(), "-o", &corrected];
        if generate {
            args.push("--generate-passwords");
        }
        let out = run(&args, None);
        assert_clean(&out, &format!("{args:?}"));
        let written = std::fs::read_to_string(&*corrected).unwrap();
        // As written in a CSV: inner quotes doubled.
        let kept = PASSWORDS
            .iter()
            .filter(|p| written.contains(&p.replace('"', "\"\"")))
            .count();
        if generate {
            assert!(kept < PASSWORDS.len(), "passwords were generated");
            assert!(
                String::from_utf8_lossy(&out.stderr).contains(" × password generated ("),
                "the changes say so"
            );
        } else {
            assert_eq!(kept, PASSWORDS.len(), "passwords are copied unchanged");
        }
    }
    let batches = dir.join("batches");
    let out = run(
        &[
            "split",
            &file,
            "--size",
            "4",
            "-o",
            &batches.to_string_lossy(),
        ],
        None,
    );
    assert_clean(&out, "split");
    assert!(std::fs::read_dir(&batches).unwrap().count() >= 3);
    std::fs::remove_dir_all(&dir).ok();
}

/// Every text output of the command for the planted cases: (what, stdout or stderr).
/// The files asked for (the corrected CSV, the batch files) are not among them; the
/// names of the batch files are. Commands that take several files get all cases at
/// once (each run of the debug binary costs a fraction of a second).
fn planted_outputs(dir: &std::path::Path, cases: &[Planted]) -> Vec<(String, String)> {
    let files: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let file = dir.join(format!("case{i}.csv"));
            std::fs::write(&file, &case.bytes).unwrap();
            file.to_string_lossy().into_owned()
        })
        .collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let corrected = dir.join("corrected.csv").to_string_lossy().into_owned();
    let assessment = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/readiness/assessment.json"
    );
    let as_of = "2025-03-03T09:00:00+01:00";
    let with_files = |command: &[&str], rest: &[&str]| -> Vec<String> {
        let mut args: Vec<&str> = command.to_vec();
        args.extend(&files);
        args.extend(rest);
        args.into_iter().map(str::to_string).collect()
    };
    let readiness = ["--assessment", assessment, "--as-of", as_of];
    let mut runs: Vec<Vec<String>> = vec![
        with_files(&["check"], &[]),
        with_files(&["check"], &["--format", "json", "--domain", "contoso.com"]),
        with_files(&["runbook", "--csv"], &readiness),
    ];
    for format in ["html", "md", "json", "text"] {
        let mut rest = readiness.to_vec();
        rest.extend(["--format", format]);
        runs.push(with_files(&["report", "--csv"], &rest));
        rest.push("--pseudonymise");
        runs.push(with_files(&["report", "--csv"], &rest));
    }
    let mut batch_dirs = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let mut fix = vec!["fix", file, "-o", &corrected];
        if i % 2 == 1 {
            fix.push("--generate-passwords");
        }
        runs.push(fix.into_iter().map(str::to_string).collect());
        let batches = dir.join(format!("batches{i}"));
        let batches = batches.to_string_lossy().into_owned();
        runs.push(
            ["split", file, "--size", "2", "-o", &batches]
                .into_iter()
                .map(str::to_string)
                .collect(),
        );
        batch_dirs.push(batches);
    }
    let mut out = Vec::new();
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(&args, None);
        let what = format!("{} {:?}", args[0], &args[args.len().saturating_sub(3)..]);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        out.push((format!("{what} stdout"), stdout));
        out.push((format!("{what} stderr"), stderr));
    }
    for batches in batch_dirs {
        for entry in std::fs::read_dir(&batches).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            out.push(("split's file names".into(), name));
        }
    }
    out
}

#[test]
fn planted_markers_reach_no_output_of_the_command() {
    let (dir, _) = scratch("planted");
    let cases: Vec<Planted> = password_cases::planted::examples()
        .into_iter()
        .chain((0..12).map(password_cases::planted::planted))
        .collect();
    let mut leaks = Vec::new();
    for (what, text) in planted_outputs(&dir, &cases) {
        for case in &cases {
            if let Some(form) = case.leak(&text) {
                leaks.push(format!("{what}: {form:?} in {}", case.description));
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(leaks.is_empty(), "markers leaked:\n{}", leaks.join("\n"));
}

#[test]
fn show_values_is_the_only_way_to_see_a_cell() {
    let (dir, _) = scratch("values");
    let file = dir.join("header.csv");
    std::fs::write(
        &file,
        " emailAddress,Password\r\npilarp@contoso.com,Kx8#qTz4!mWv\r\n",
    )
    .unwrap();
    let file = file.to_string_lossy().into_owned();
    for format in ["text", "json"] {
        let hidden = run(&["check", &file, "--format", format], None);
        assert!(!String::from_utf8_lossy(&hidden.stdout).contains("emailAddress"));
        let shown = run(&["check", &file, "--format", format, "--show-values"], None);
        let shown = String::from_utf8_lossy(&shown.stdout);
        assert!(shown.contains(" emailAddress"), "{shown}");
    }
    let corrected = dir.join("corrected.csv").to_string_lossy().into_owned();
    let hidden = run(&["fix", &file, "-o", &corrected], None);
    assert!(!String::from_utf8_lossy(&hidden.stderr).contains("emailAddress"));
    let help = run(&["check", "--help"], None);
    assert!(String::from_utf8_lossy(&help.stdout).contains("UNSAFE TO SHARE"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn nothing_the_command_prints_can_act_on_the_terminal() {
    let (dir, _) = scratch("terminal");
    let name = dir.join("wave\u{1b}]0;pwned\u{7}\r\u{1b}[2J.csv");
    let cells = "EmailAddress,Password,ForceChangePassword\r\n\
                 a\u{1b}]0;title\u{7}@contoso.com,Kx8#qTz4!mWv,\u{1b}[2J\r\n\
                 \"b\rc@contoso.com\",Kx8#qTz4!mWv,\u{9b}31m\r\n";
    std::fs::write(&name, cells).unwrap();
    let file = name.to_string_lossy().into_owned();
    let corrected = dir.join("corrected.csv").to_string_lossy().into_owned();
    let batches = dir.join("out\u{1b}[1m").to_string_lossy().into_owned();
    let missing = dir
        .join("missing\u{1b}]0;x\u{7}.csv")
        .to_string_lossy()
        .into_owned();
    let runs: [&[&str]; 6] = [
        &["check", &file, &file],
        &["check", &file, "--format", "json", "--show-values"],
        &["check", &file, "--show-values"],
        &["fix", &file, "-o", &corrected, "--show-values"],
        &["split", &file, "-o", &batches],
        &["check", &missing],
    ];
    for args in runs {
        let out = run(args, None);
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            // Line ends and the tab between split's columns are the command's own.
            let raw = text
                .chars()
                .find(|&c| c.is_control() && !matches!(c, '\n' | '\t'));
            assert_eq!(raw, None, "{args:?} {stream}: {text:?}");
        }
        assert!(!out.stdout.is_empty() || !out.stderr.is_empty(), "{args:?}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

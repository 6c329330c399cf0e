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
                String::from_utf8_lossy(&out.stderr).contains("Generated a new password"),
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

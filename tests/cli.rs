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
        stderr.contains(": 3 changes\n  1 × semicolons → commas between columns\n  1 × column name corrected to EmailAddress\n  1 × spaces trimmed around EmailAddress\n"),
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

/// A fresh folder for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

/// The changes are printed grouped, with counts, not one line per cell; unambiguous
/// sign-in values become True/False; rows of only delimiters are dropped and get no
/// password; no password reaches the screen.
#[test]
fn fix_prints_the_changes_grouped() {
    let dir = scratch("fix-groups");
    let input = dir.join("in.csv");
    let output = dir.join("out.csv");
    std::fs::write(
        &input,
        "EmailAddress;Password;ForceChangePassword\r\na@contoso.com;;TRUE\r\nb@contoso.com;Pl4nted!Secret#x;TRUE\r\n;;\r\nc@contoso.com;;Yes\r\nd@contoso.com;;0\r\n;;\r\n",
    )
    .unwrap();
    let out = run(&[
        "fix",
        path(&input),
        "-o",
        path(&output),
        "--generate-passwords",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let expected = format!(
        "{} → {}: 10 changes\n  1 × semicolons → commas between columns\n  2 × TRUE → True in ForceChangePassword\n  3 × password generated (it was empty)\n  2 × empty row removed\n  1 × Yes → True in ForceChangePassword\n  1 × 0 → False in ForceChangePassword\n",
        path(&input),
        path(&output)
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(
        !stderr.contains("row 2") && !stderr.contains("Pl4nted"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&output).unwrap();
    let rows: Vec<&str> = written.lines().collect();
    assert_eq!(rows.len(), 5, "{written}");
    assert!(rows[1..].iter().all(|r| !r.starts_with(',')), "{written}");
    let signs: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(signs, ["True", "True", "True", "False"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Several files at once: each corrected file keeps its name in the folder; an input is
/// never overwritten, two inputs of one name are refused, and nothing is written then.
#[test]
fn fix_corrects_several_files_into_a_folder() {
    let dir = scratch("fix-several");
    std::fs::create_dir_all(dir.join("x")).unwrap();
    let a = dir.join("a.csv");
    let b = dir.join("x/b.csv");
    std::fs::write(
        &a,
        "EmailAddress;Password\r\na@contoso.com;Kq7#vZ2m!Lp9\r\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "emailaddress,Password\r\nb@contoso.com,Xw4%rT8&nB3q\r\n",
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = run(&["fix", path(&a), path(&b), "-o", path(&out_dir)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out_dir.join("a.csv")).unwrap(),
        "EmailAddress,Password\r\na@contoso.com,Kq7#vZ2m!Lp9\r\n"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("b.csv")).unwrap(),
        "EmailAddress,Password\r\nb@contoso.com,Xw4%rT8&nB3q\r\n"
    );
    for (input, group) in [
        (&a, "  1 × semicolons → commas between columns\n"),
        (&b, "  1 × column name corrected to EmailAddress\n"),
    ] {
        let name = input.file_name().unwrap().to_str().unwrap();
        let head = format!(
            "{} → {}: 1 change\n{group}",
            path(input),
            path(&out_dir.join(name))
        );
        assert!(stderr.contains(&head), "{head}\n{stderr}");
    }

    // Two inputs with one name (in any case): refused before anything is written.
    let twin = dir.join("x/A.csv");
    std::fs::write(&twin, "EmailAddress\r\nc@contoso.com\r\n").unwrap();
    let elsewhere = dir.join("twins");
    let out = run(&["fix", path(&a), path(&twin), "-o", path(&elsewhere)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("have the same name"));
    assert!(!elsewhere.exists());

    // A folder holding an input: the input stays as it was.
    let before = std::fs::read(&a).unwrap();
    for args in [
        vec!["fix", path(&a), path(&b), "-o", path(&dir)],
        vec!["fix", path(&a), "-o", path(&dir)],
        vec!["fix", path(&a), "-o", path(&a)],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("is an input"), "{stderr}");
        assert_eq!(std::fs::read(&a).unwrap(), before, "{args:?}");
    }
    // Standard input has no name to keep; several files need a folder.
    assert_eq!(
        run(&["fix", "-", path(&b), "-o", path(&out_dir)])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["fix", path(&a), path(&b), "-o", "-"]).status.code(),
        Some(2)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Help texts are shared by the page and the CLI: none speaks of the page's buttons.
const PAGE_WORDS: [&str; 5] = ["offered here", "download", " click", "this page", "button"];

#[test]
fn help_texts_name_no_page_control() {
    for rule in migration_preflight::catalogue::rules() {
        let help = rule.help.to_lowercase();
        for words in PAGE_WORDS {
            assert!(!help.contains(words), "{}: {words}", rule.code);
        }
    }
}

/// What the CLI prints for the files Excel gets wrong most often speaks of the fix
/// command, never of the page.
#[test]
fn messages_are_worded_for_the_command_line() {
    for name in [
        "CSV003-ansi.csv",
        "CSV004-utf16.csv",
        "CSV005-semicolons.csv",
        "CSV105-name-case.csv",
        "CSV216-delimiter-rows.csv",
    ] {
        let file = fixture(name);
        for out in [run(&["check", &file]), run(&["fix", &file, "-o", "-"])] {
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
            .to_lowercase();
            for words in PAGE_WORDS {
                assert!(!text.contains(words), "{name}: {words}\n{text}");
            }
        }
    }
    for name in ["CSV003-ansi.csv", "CSV005-semicolons.csv"] {
        let out = run(&["check", &fixture(name)]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("the fix command"), "{name}: {stdout}");
    }
}

/// Counts agree with their nouns in what the commands print.
#[test]
fn counts_have_the_right_plural() {
    let dir = scratch("plurals");
    let input = dir.join("two.csv");
    std::fs::write(
        &input,
        "EmailAddress,Password\r\na@contoso.com,Kq7#vZ2m!Lp9\r\nb@contoso.com,Xw4%rT8&nB3q\r\n",
    )
    .unwrap();
    let out = run(&[
        "split",
        path(&input),
        "--size",
        "1",
        "-o",
        path(&dir.join("b")),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("Batch-01\t1 mailbox\t"), "{stdout}");
    let out = run(&["fix", path(&input), "-o", path(&dir.join("fixed.csv"))]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(": no changes needed\n"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        &input,
        "EmailAddress,Password\r\n a@contoso.com,Kq7#vZ2m!Lp9\r\n",
    )
    .unwrap();
    let out = run(&["fix", path(&input), "-o", path(&dir.join("fixed.csv"))]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(": 1 change\n  1 × spaces trimmed around EmailAddress\n"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

//! The command line's output flags through the real binary: colour only on a terminal
//! (`--color`, `NO_COLOR`), `--quiet`, and the shell completion scripts.

#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_migration-preflight");
const ESC: char = '\u{1b}';
const BAD: &str = "EmailAddress,Password,ForceChangePassword\nann-contoso.com,Kx9!mQ2#vLp7,False\n";

/// A CSV with one error, in a fresh file.
fn bad_csv(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("mp-output-{name}-{}.csv", std::process::id()));
    std::fs::write(&path, BAD).unwrap();
    path
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BIN);
    command.args(args).env_remove("NO_COLOR");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run the binary")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn no_colour_into_a_pipe_by_default_and_colour_with_always() {
    let csv = bad_csv("pipe");
    let csv = csv.to_str().unwrap();
    let plain = run(&["check", csv], &[]);
    assert_eq!(plain.status.code(), Some(1));
    assert!(text(&plain.stdout).contains("error CSV202"));
    assert!(
        !text(&plain.stdout).contains(ESC),
        "{}",
        text(&plain.stdout)
    );

    let always = run(&["--color", "always", "check", csv], &[("NO_COLOR", "1")]);
    let painted = text(&always.stdout);
    assert!(
        painted.contains("\u{1b}[1;31merror\u{1b}[0m CSV202"),
        "always wins over NO_COLOR: {painted}"
    );
    assert!(
        painted.contains("\u{1b}[1;31mblocked\u{1b}[0m"),
        "{painted}"
    );
    assert_eq!(always.status.code(), plain.status.code());

    // The flag also goes after the command; JSON is never painted.
    let json = run(&["check", csv, "--format", "json", "--color=always"], &[]);
    assert!(text(&json.stdout).contains("\"CSV202\""));
    assert!(!text(&json.stdout).contains(ESC));
    let never = run(&["check", csv, "--color", "never"], &[]);
    assert_eq!(never.stdout, plain.stdout);
}

#[test]
fn fix_and_split_paint_their_findings_on_stderr_but_not_the_files() {
    let csv = bad_csv("files");
    let dir = std::env::temp_dir().join(format!("mp-output-split-{}", std::process::id()));
    let fixed = dir.join("fixed.csv");
    std::fs::create_dir_all(&dir).unwrap();
    let fix = run(
        &[
            "fix",
            csv.to_str().unwrap(),
            "-o",
            fixed.to_str().unwrap(),
            "--color",
            "always",
        ],
        &[],
    );
    assert!(
        text(&fix.stderr).contains("\u{1b}[1;31merror\u{1b}[0m CSV202"),
        "{}",
        text(&fix.stderr)
    );
    assert!(!std::fs::read_to_string(&fixed).unwrap().contains(ESC));
    let split = run(
        &[
            "split",
            csv.to_str().unwrap(),
            "-o",
            dir.join("batches").to_str().unwrap(),
            "--color",
            "always",
        ],
        &[],
    );
    assert!(text(&split.stderr).contains("\u{1b}[1;31merror\u{1b}[0m CSV202"));
    let batch = std::fs::read_to_string(dir.join("batches").join("Batch-01.csv")).unwrap();
    assert!(!batch.contains(ESC));
    let report = dir.join("report.txt");
    run(
        &[
            "report",
            "--csv",
            csv.to_str().unwrap(),
            "-o",
            report.to_str().unwrap(),
            "--color",
            "always",
        ],
        &[],
    );
    let written = std::fs::read_to_string(&report).unwrap();
    assert!(written.contains("EXECUTIVE SUMMARY") && !written.contains(ESC));
    let shown = run(
        &[
            "report",
            "--csv",
            csv.to_str().unwrap(),
            "--format",
            "text",
            "--color",
            "always",
        ],
        &[],
    );
    assert!(
        text(&shown.stdout).contains("\u{1b}[1mEXECUTIVE SUMMARY\u{1b}[0m: \u{1b}[1;31mblocked")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dns_and_probe_paint_their_text() {
    let dns = run(&["dns", "contoso.com", "--color", "always"], &[]);
    assert!(
        text(&dns.stdout).contains("\u{1b}[1mAt cutover:\u{1b}[0m"),
        "{}",
        text(&dns.stdout)
    );
    let plain = run(&["dns", "contoso.com"], &[]);
    assert!(!text(&plain.stdout).contains(ESC));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port = port.to_string();
    let probe = [
        "probe",
        "mail.example",
        "--resolve",
        "mail.example:127.0.0.1",
        "--https-port",
        &port,
        "--timeout",
        "5",
    ];
    let painted = run(&[&probe[..], &["--color", "always"]].concat(), &[]);
    assert!(
        text(&painted.stdout).contains("\u{1b}[1;31merror\u{1b}[0m SRC"),
        "{}",
        text(&painted.stdout)
    );
    let plain = run(&probe, &[]);
    assert!(text(&plain.stdout).contains("error SRC") && !text(&plain.stdout).contains(ESC));
}

#[test]
fn clap_help_follows_the_colour_choice() {
    let always = run(&["check", "--help", "--color", "always"], &[]);
    assert!(
        text(&always.stdout).contains(ESC),
        "{}",
        text(&always.stdout)
    );
    let never = run(&["--color", "never", "check", "--help"], &[]);
    assert!(!text(&never.stdout).contains(ESC));
    assert!(text(&never.stdout).contains("--color <WHEN>"));
}

/// Runs the binary on a pseudo-terminal (util-linux `script`), so auto sees a terminal.
#[cfg(target_os = "linux")]
fn on_terminal(args: &str, env: &[(&str, &str)]) -> String {
    let mut command = Command::new("script");
    command
        .args(["-qec", &format!("'{BIN}' {args}"), "/dev/null"])
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    text(&command.output().expect("util-linux script").stdout)
}

#[cfg(target_os = "linux")]
#[test]
fn auto_colours_a_terminal_unless_no_color_is_set() {
    let csv = bad_csv("tty");
    let args = format!("check '{}'", csv.display());
    let auto = on_terminal(&args, &[]);
    assert!(auto.contains("CSV202"), "{auto}");
    assert!(auto.contains("\u{1b}[1;31merror\u{1b}[0m"), "{auto}");
    let empty = on_terminal(&args, &[("NO_COLOR", "")]);
    assert!(
        empty.contains("\u{1b}[1;31merror"),
        "an empty NO_COLOR does not count"
    );
    let no_color = on_terminal(&args, &[("NO_COLOR", "1")]);
    assert!(
        no_color.contains("error CSV202") && !no_color.contains(ESC),
        "{no_color}"
    );
    let never = on_terminal(&format!("{args} --color never"), &[]);
    assert!(
        never.contains("error CSV202") && !never.contains(ESC),
        "{never}"
    );
}

#[test]
fn quiet_drops_the_notes_but_not_the_results() {
    let good = "EmailAddress,Password,ForceChangePassword\nann@contoso.com,Kx9!mQ2#vLp7,False\n";
    let runbook = |quiet: bool| {
        let mut args = vec!["runbook", "--csv", "-"];
        if quiet {
            args.push("-q");
        }
        let mut child = Command::new(BIN)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(good.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let (loud, quiet) = (runbook(false), runbook(true));
    assert_eq!(loud.status.code(), Some(0));
    assert!(text(&loud.stderr).contains("The runbook reads standard input's list"));
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(text(&quiet.stderr), "");
    assert_eq!(
        quiet.stdout, loud.stdout,
        "the runbook itself is still printed"
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port = port.to_string();
    let probe = |extra: &[&str]| {
        let args = [
            &[
                "probe",
                "mail.example",
                "--resolve",
                "mail.example:127.0.0.1",
                "--https-port",
                &port,
            ][..],
            extra,
        ]
        .concat();
        run(&args, &[])
    };
    let (loud, quiet) = (probe(&[]), probe(&["--quiet"]));
    assert!(text(&loud.stderr).contains("Probing mail.example"));
    assert!(
        !text(&quiet.stderr).contains("Probing"),
        "{}",
        text(&quiet.stderr)
    );
    assert!(
        text(&quiet.stdout).contains("error SRC"),
        "findings are results"
    );
    assert_eq!(quiet.status.code(), Some(1));

    // Errors are still printed.
    let missing = run(&["check", "--quiet", "no-such-file.csv"], &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read no-such-file.csv"));
}

#[test]
fn completion_scripts_name_every_command_and_bash_parses_its_own() {
    let commands = [
        "check",
        "fix",
        "split",
        "report",
        "runbook",
        "assessment",
        "dns",
        "probe",
        "completions",
    ];
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell], &[]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.len() > 1000, "{shell}: {script}");
        for command in commands {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
        assert!(
            script.contains("color") && script.contains("quiet"),
            "{shell}"
        );
    }
    let bash = run(&["completions", "bash"], &[]).stdout;
    let mut check = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash");
    check.stdin.take().unwrap().write_all(&bash).unwrap();
    let parsed = check.wait_with_output().unwrap();
    assert!(parsed.status.success(), "{}", text(&parsed.stderr));
    // bash -n does fail on a broken script, so the check above can fail.
    let mut broken = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    broken
        .stdin
        .take()
        .unwrap()
        .write_all(b"_f() { if then\n")
        .unwrap();
    assert!(!broken.wait_with_output().unwrap().status.success());
}

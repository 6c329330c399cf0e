//! The exit codes documented for every command (src/cli/exit_code.rs): each command's
//! `--help` shows them, the README's table lists them, and every case that can be run
//! without a network or a server is run here and exits with the documented code.

#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)]
#[path = "../src/cli/exit_code.rs"]
mod exit_code;

const BIN: &str = env!("CARGO_BIN_EXE_migration-preflight");

/// A clean CSV and one with an error, in a fresh folder.
struct Files {
    dir: PathBuf,
}

impl Files {
    fn new(name: &str) -> Files {
        let dir = std::env::temp_dir().join(format!("mp-exit-codes-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("good.csv"),
            "EmailAddress,Password,ForceChangePassword\nann@contoso.com,Kx9!mQ2#vLp7,False\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("bad.csv"),
            "EmailAddress,Password,ForceChangePassword\nann-contoso.com,Kx9!mQ2#vLp7,False\n",
        )
        .unwrap();
        Files { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn code(args: &[String]) -> Option<i32> {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run the binary")
        .status
        .code()
}

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The cases that need a server or a network, checked elsewhere.
const NOT_RUN_HERE: &[(&str, u8, &str)] = &[(
    "probe",
    0,
    "needs a TLS server with a trusted certificate: tests/probe.rs",
)];

#[test]
fn every_documented_exit_code_that_runs_offline_is_the_one_documented() {
    let f = Files::new("cases");
    let (good, bad, missing) = (f.path("good.csv"), f.path("bad.csv"), f.path("none.csv"));
    let out = |name: &str| f.path(name);
    let zone = f.path("z.zone");
    std::fs::write(
        &zone,
        "$ORIGIN contoso.com.\n@ 3600 IN MX 10 mail.contoso.com.\n",
    )
    .unwrap();
    let port = closed_port().to_string();
    let s = |list: &[&str]| list.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let cases: Vec<(&str, u8, Vec<String>)> = vec![
        ("check", 0, s(&["check", &good])),
        ("check", 1, s(&["check", &bad])),
        ("check", 2, s(&["check", &missing])),
        ("check", 2, s(&["check", &good, "--format", "yaml"])),
        ("fix", 0, s(&["fix", &good, "-o", &out("fixed-good.csv")])),
        ("fix", 1, s(&["fix", &bad, "-o", &out("fixed-bad.csv")])),
        ("fix", 2, s(&["fix", &good, "-o", &good])),
        ("split", 0, s(&["split", &good, "-o", &out("split-good")])),
        ("split", 1, s(&["split", &bad, "-o", &out("split-bad")])),
        (
            "split",
            2,
            s(&["split", &good, "--size", "0", "-o", &out("split-0")]),
        ),
        (
            "report",
            0,
            s(&["report", "--csv", &good, "-o", &out("r.json")]),
        ),
        (
            "report",
            1,
            s(&["report", "--csv", &bad, "-o", &out("r2.json")]),
        ),
        ("report", 2, s(&["report", "--csv", &missing])),
        (
            "runbook",
            0,
            s(&["runbook", "--csv", &good, "-o", &out("a.ps1")]),
        ),
        (
            "runbook",
            1,
            s(&["runbook", "--csv", &bad, "-o", &out("b.ps1")]),
        ),
        ("runbook", 2, s(&["runbook", "--csv", &missing])),
        ("assessment", 0, s(&["assessment", "--template"])),
        ("assessment", 2, s(&["assessment"])),
        ("dns", 0, s(&["dns", "contoso.com", "--compare", &zone])),
        ("dns", 1, s(&["dns", "bad..domain"])),
        ("dns", 2, s(&["dns", "contoso.com", "--compare", &missing])),
        (
            "dns",
            2,
            s(&["dns", "contoso.com", "--lookup", "--resolver", "not-an-ip"]),
        ),
        (
            "probe",
            1,
            s(&[
                "probe",
                "mail.example",
                "--resolve",
                "mail.example:127.0.0.1",
                "--https-port",
                &port,
                "--timeout",
                "5",
            ]),
        ),
        ("probe", 2, s(&["probe", "mail.example", "--timeout", "0"])),
        ("completions", 0, s(&["completions", "bash"])),
        ("completions", 2, s(&["completions", "tcsh"])),
    ];
    for (command, documented, args) in &cases {
        assert_eq!(
            code(args),
            Some(i32::from(*documented)),
            "{command} {args:?} must exit with {documented}"
        );
    }
    // Every documented code has a case here, or a reason why not.
    for (command, codes) in exit_code::TABLE {
        for (number, _) in *codes {
            let run = cases.iter().any(|(c, n, _)| c == command && n == number);
            let elsewhere = NOT_RUN_HERE
                .iter()
                .any(|(c, n, _)| c == command && n == number);
            assert!(
                run || elsewhere,
                "no case for {command} exiting with {number}"
            );
        }
    }
}

#[test]
fn each_commands_help_shows_its_exit_codes() {
    for (command, _) in exit_code::TABLE {
        let out = Command::new(BIN)
            .args([command, "--help"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{command} --help");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(
            help.contains(&exit_code::help(command)),
            "{command} --help lacks its exit codes:\n{help}"
        );
    }
    // The runner's commands (feature `exchange`), when this binary has them: their help
    // lists the same codes (in the runner's own words until it uses exit_code::help).
    for (command, codes) in exit_code::RUNNER {
        let out = Command::new(BIN)
            .args(command.split(' '))
            .arg("--help")
            .output()
            .unwrap();
        if out.status.code() != Some(0) {
            continue; // not built with the runner
        }
        let help = String::from_utf8(out.stdout).unwrap();
        let listed = help
            .split("Exit codes")
            .nth(1)
            .unwrap_or_else(|| panic!("{command} --help has no exit codes:\n{help}"));
        for (number, _) in *codes {
            let shown =
                listed.contains(&format!(" {number} ")) || listed.contains(&format!(" {number}  "));
            assert!(
                shown,
                "{command} --help lacks exit code {number}:\n{listed}"
            );
        }
    }
    let top = Command::new(BIN).arg("--help").output().unwrap();
    assert!(
        String::from_utf8(top.stdout)
            .unwrap()
            .contains(exit_code::SUMMARY)
    );
}

#[test]
fn the_readme_table_lists_every_code_of_every_command() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("### Exit codes")
        .nth(1)
        .expect("the README has a section ### Exit codes");
    let section = section.split("\n#").next().unwrap();
    for (command, codes) in exit_code::TABLE.iter().chain(exit_code::RUNNER) {
        for (number, meaning) in *codes {
            let row = format!("| `{command}` | {number} | {meaning} |");
            assert!(section.contains(&row), "the README lacks the row {row}");
        }
    }
}

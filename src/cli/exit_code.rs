//! The exit codes of every command: one table, shown in each command's `--help` and in
//! the README (`### Exit codes`; a test keeps the two the same).
//!
//! The same three meanings run through every command: 0 done and nothing blocks, 1 done
//! but something blocks the migration (a finding is an error), 2 not done (an input
//! cannot be read or written, or the command line is wrong: clap's own usage errors
//! also exit with 2). The Exchange runner's commands add their own.

/// Each command's exit codes and what they mean.
pub const TABLE: &[(&str, &[(u8, &str)])] = &[
    (
        "check",
        &[
            (0, "no finding is an error (warnings and info may remain)"),
            (
                1,
                "a finding is an error: the batch, or mailboxes in it, would fail",
            ),
            (2, "an input cannot be read, or the command line is wrong"),
        ],
    ),
    (
        "fix",
        &[
            (0, "every corrected file is written and has no error left"),
            (
                1,
                "the corrected files are written, but one still has an error",
            ),
            (
                2,
                "a file cannot be corrected or written (with several files the others are written), an input cannot be read, or the command line is wrong",
            ),
        ],
    ),
    (
        "split",
        &[
            (0, "the batch files are written and no finding is an error"),
            (1, "the batch files are written, but a finding is an error"),
            (
                2,
                "nothing is written: the list cannot be split, an input cannot be read, or the command line is wrong",
            ),
        ],
    ),
    (
        "report",
        &[
            (0, "the report is written; the verdict is ready or warnings"),
            (1, "the report is written; the verdict is blocked"),
            (
                2,
                "an input cannot be read or the report written, or the command line is wrong",
            ),
        ],
    ),
    (
        "runbook",
        &[
            (0, "the runbook is written"),
            (
                1,
                "no runbook: the CSV check found errors (they are printed)",
            ),
            (
                2,
                "an input cannot be read or the runbook written, or the command line is wrong",
            ),
        ],
    ),
    (
        "assessment",
        &[
            (0, "the template is printed"),
            (2, "the command line is wrong"),
        ],
    ),
    (
        "dns",
        &[
            (
                0,
                "the plan, comparison or look-up is printed and no finding is an error",
            ),
            (
                1,
                "it is printed, and a finding is an error (a record that is missing or wrong, a value that cannot be used)",
            ),
            (
                2,
                "an input cannot be read, the DNS server cannot be used, or the command line is wrong",
            ),
        ],
    ),
    (
        "probe",
        &[
            (0, "the probe ran and no finding is an error"),
            (
                1,
                "the probe ran, and a finding is an error (a host that does not answer, a certificate Microsoft would refuse)",
            ),
            (
                2,
                "an input cannot be read or the output written, or the command line is wrong",
            ),
        ],
    ),
    (
        "completions",
        &[
            (0, "the script is printed"),
            (
                2,
                "the shell is not one of those listed, or the command line is wrong",
            ),
        ],
    ),
];

/// The Exchange runner's commands (feature `exchange`, `src/cli/exchange.rs`), which add
/// 3 (some users failed), 4 (a batch failed or was stopped by the service) and 5 (sign-in
/// failed or the service refused). Taken from that branch's `--help` texts; the README's
/// table shows them, and `tests/cli_exit_codes.rs` checks each `--help` lists these codes
/// when the command is built.
pub const RUNNER: &[(&str, &[(u8, &str)])] = &[
    (
        "run",
        &[
            (
                0,
                "every batch synced (or was created and started, with --no-watch; or created, without --start)",
            ),
            (
                1,
                "refused: the pre-flight check reports errors (they are printed)",
            ),
            (
                2,
                "a usage, input, state file or lock error; the 100-batch limit; a batch of that name that the run did not create",
            ),
            (3, "some users failed"),
            (4, "a batch failed or was stopped by the service"),
            (
                5,
                "sign-in failed or the service refused (403, still throttled, the endpoint missing or failing its test)",
            ),
        ],
    ),
    (
        "status",
        &[
            (0, "no failure"),
            (2, "a usage or input error"),
            (3, "some users failed"),
            (4, "a batch failed or was stopped by the service"),
            (5, "sign-in failed or the service refused"),
        ],
    ),
    (
        "remove",
        &[
            (0, "the batches are removed"),
            (2, "refused by a safety check, or a usage error"),
            (5, "sign-in failed or the service refused"),
        ],
    ),
    (
        "endpoint create",
        &[
            (0, "the endpoint is created"),
            (2, "a usage or input error"),
            (
                5,
                "sign-in failed or the service refused (Microsoft's message is printed)",
            ),
        ],
    ),
];

/// The codes of `command` (`endpoint create` for a subcommand), as its `--help` shows
/// them after the options.
pub fn help(command: &str) -> String {
    let Some((_, codes)) = TABLE
        .iter()
        .chain(RUNNER)
        .find(|(name, _)| *name == command)
    else {
        return "Exit codes: see \"Exit codes\" in the README.".into();
    };
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in *codes {
        text.push_str(&format!("  {code}  {meaning}\n"));
    }
    text.pop();
    text
}

/// The top-level `--help`'s summary.
pub const SUMMARY: &str = "Exit codes: 0 done, nothing blocks; 1 done, but a finding is an error (or \
the verdict is blocked); 2 not done: an input cannot be read or written, or the command line \
is wrong. Each command's --help has its own list.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_codes_0_and_2_in_order() {
        for (name, codes) in TABLE {
            let numbers: Vec<u8> = codes.iter().map(|(c, _)| *c).collect();
            assert_eq!(numbers.first(), Some(&0), "{name}");
            assert_eq!(numbers.last(), Some(&2), "{name}");
            assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{name}");
        }
        assert!(help("check").starts_with("Exit codes:\n  0  no finding"));
        assert!(help("check").ends_with("command line is wrong"));
        assert!(help("run").contains("\n  3  some users failed\n"));
        assert!(help("nothing").contains("README"));
    }
}

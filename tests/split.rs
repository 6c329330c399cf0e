//! `split` writes every row as it was read or refuses the file; the CLI's `split` and
//! `runbook` refuse what would lose mailboxes with a clear message and exit code 2, and
//! `runbook` refuses files with errors with exit code 1. Batches are counted one way
//! everywhere: each file at least one, a file over 2,000 rows ceil(rows / 2,000).
#![cfg(not(target_arch = "wasm32"))]

use migration_preflight::readiness::{Assessment, ReportOptions, build};
use migration_preflight::split::{SplitError, SplitOptions, batches_needed, batches_text, split};
use migration_preflight::{CsvFile, Options, check_files};

/// A list of `rows` mailboxes, addresses starting with `who`.
fn list(who: &str, rows: usize) -> String {
    let mut text = "EmailAddress,Password,ForceChangePassword\r\n".to_string();
    for i in 0..rows {
        text.push_str(&format!(
            "{who}{i}@contoso.com,Kq7#vZm-{i}-Lp2x!Tw9,False\r\n"
        ));
    }
    text
}

/// The batches the check, the readiness report and ENV024 count for these files.
fn counted(files: &[(String, String)]) -> (u32, u32, bool) {
    let files: Vec<CsvFile<'_>> = files
        .iter()
        .map(|(name, text)| CsvFile {
            name,
            bytes: text.as_bytes(),
        })
        .collect();
    let check = check_files(&files, &Options::default())
        .summary
        .batches_needed;
    let report = build(&files, &Assessment::default(), &ReportOptions::default());
    let env024 = report.findings.iter().any(|f| f.code == "ENV024");
    (check, report.summary.batches_needed, env024)
}

/// Issue 17: four small files were "1 batch needed" while the runbook made four.
#[test]
fn each_file_is_at_least_one_batch_and_a_large_one_several() {
    let small: Vec<(String, String)> = (0..4)
        .map(|i| (format!("w{i}.csv"), list(&format!("f{i}u"), 10)))
        .collect();
    assert_eq!(counted(&small), (4, 4, false));
    let large = vec![("all.csv".to_string(), list("u", 4_500))];
    assert_eq!(counted(&large), (3, 3, false));
    let mut mixed = small.clone();
    mixed.extend(large);
    mixed.push(("two.csv".into(), list("t", 2_001)));
    assert_eq!(counted(&mixed), (4 + 3 + 2, 9, false));
    assert_eq!(batches_needed(&[10, 10, 10, 10, 4_500, 2_001]), 9);
    // 101 files need 101 batches: more than can exist at once.
    let many: Vec<(String, String)> = (0..101)
        .map(|i| (format!("w{i}.csv"), list(&format!("m{i}u"), 1)))
        .collect();
    assert_eq!(counted(&many), (101, 101, true));
    assert!(batches_text(101).contains("only 100 batches can exist at once"));
    let files: Vec<CsvFile<'_>> = many
        .iter()
        .map(|(name, text)| CsvFile {
            name,
            bytes: text.as_bytes(),
        })
        .collect();
    let text = migration_preflight::render::text::render(&check_files(&files, &Options::default()));
    assert!(
        text.ends_with("\n101 batches needed; only 100 batches can exist at once: create, start and remove them in waves.\n"),
        "{text}"
    );
    let report = build(&files, &Assessment::default(), &ReportOptions::default());
    let markdown = migration_preflight::render::readiness::render(
        &report,
        migration_preflight::render::readiness::Format::Markdown,
    );
    assert!(
        markdown.contains(
            "101 mailboxes in 101 files; 101 batches needed; only 100 batches can exist at once"
        ),
        "{markdown}"
    );
    assert!(!batches_text(100).contains("only"));
}

/// The row: under a 3-column header, a password with a comma in it, unquoted.
const SHIFTED: &str = "EmailAddress,Password,ForceChangePassword\r\n\
                       pilarp@contoso.com,Hq3$rLp9zWe,True\r\n\
                       a@contoso.com,Kq7#vZm,Lp2x!,False\r\n";

#[test]
fn a_row_with_more_cells_than_the_header_is_never_written_changed() {
    let files = [CsvFile {
        name: "wave.csv",
        bytes: SHIFTED.as_bytes(),
    }];
    let err = split(&files, &SplitOptions::default(), &Options::default()).unwrap_err();
    let SplitError::Rows { file, rows, count } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(
        (file.as_str(), rows.as_slice(), *count),
        ("wave.csv", &[3][..], 1)
    );
    let message = err.to_string();
    assert!(
        message.contains("row 3 has more or fewer cells than the header"),
        "{message}"
    );
    for part in ["Kq7", "vZm", "Lp2x", "False", "a@contoso"] {
        assert!(!message.contains(part), "{part} in {message}");
    }
    // A good file next to it does not help: nothing is split.
    let good = "EmailAddress\r\nb@contoso.com\r\n";
    let both = [
        CsvFile {
            name: "good.csv",
            bytes: good.as_bytes(),
        },
        files[0],
    ];
    assert!(split(&both, &SplitOptions::default(), &Options::default()).is_err());
    // Quoted, the same cells split fine and come back unchanged.
    let quoted = SHIFTED.replace("Kq7#vZm,Lp2x!", "\"Kq7#vZm,Lp2x!\"");
    let done = split(
        &[CsvFile {
            name: "wave.csv",
            bytes: quoted.as_bytes(),
        }],
        &SplitOptions::default(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(done.batches[0].csv, quoted);
}

#[cfg(feature = "cli")]
mod cli {
    use std::process::Command;

    const BIN: &str = env!("CARGO_BIN_EXE_migration-preflight");

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "mp-split-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn split_refuses_with_exit_2_and_writes_nothing() {
        let dir = scratch("rows");
        let input = dir.join("wave.csv");
        std::fs::write(&input, super::SHIFTED).unwrap();
        let out_dir = dir.join("batches");
        let out = Command::new(BIN)
            .args(["split", &input.to_string_lossy(), "-o"])
            .arg(&out_dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("row 3 has more or fewer cells"), "{stderr}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        for part in ["Kq7", "Lp2x", "Hq3"] {
            assert!(!stderr.contains(part) && !stdout.contains(part), "{part}");
        }
        assert!(!out_dir.exists(), "no batch file was written");
    }

    /// Issue 17: the runbook was written for files with errors, with a comment; now the
    /// command exits 1 naming the file, its codes and the commands that fix and split.
    #[test]
    fn runbook_refuses_files_with_errors_with_exit_1() {
        let dir = scratch("blocked");
        let wave = dir.join("Wave.csv");
        std::fs::write(
            &wave,
            "EmailAddress;Password\r\na@contoso.com;Hq3$rLp9zWe!x\r\nb@contoso.com;Hq3\r\n",
        )
        .unwrap();
        let out = Command::new(BIN)
            .arg("runbook")
            .arg("--csv")
            .arg(&wave)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let expected = format!("cannot write the runbook: {} has ", wave.display());
        assert!(stderr.starts_with(&expected), "{stderr}");
        assert!(stderr.contains("CSV005"), "{stderr}");
        assert!(
            stderr.contains("fix them (migration-preflight fix) and split it (migration-preflight split) first, then make the runbook from the files you will upload"),
            "{stderr}"
        );
        assert!(!stderr.contains("Hq3"), "{stderr}");
        assert!(out.stdout.is_empty(), "no runbook is written");
    }

    /// A list read from standard input has no file: the runbook names the file it
    /// reads, and the command says so.
    #[test]
    fn runbook_from_standard_input_names_the_file_to_save() {
        use std::io::Write;
        let mut child = Command::new(BIN)
            .args(["runbook", "--csv", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(super::list("u", 2).as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("File = 'mailboxes.csv'"), "{script}");
        assert!(!script.contains("File = '-'"), "{script}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("from mailboxes.csv"), "{stderr}");
    }

    #[test]
    fn runbook_refuses_two_files_with_the_same_name() {
        let dir = scratch("names");
        for sub in ["d1", "d2"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
            std::fs::write(
                dir.join(sub).join("wave.csv"),
                "EmailAddress\r\na@contoso.com\r\n",
            )
            .unwrap();
        }
        let out = Command::new(BIN)
            .arg("runbook")
            .arg("--csv")
            .arg(dir.join("d1/wave.csv"))
            .arg(dir.join("d2/wave.csv"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("files 1 and 2 are both named wave.csv"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "no runbook is written");
    }
}

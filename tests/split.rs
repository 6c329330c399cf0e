//! `split` writes every row as it was read or refuses the file; the CLI's `split` and
//! `runbook` refuse what would lose mailboxes with a clear message and exit code 2.
#![cfg(not(target_arch = "wasm32"))]

use migration_preflight::split::{SplitError, SplitOptions, split};
use migration_preflight::{CsvFile, Options};

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

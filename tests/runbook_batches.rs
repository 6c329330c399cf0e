//! The runbook is made from the files that will really be uploaded (issue 17): only
//! from files without errors and with at most 2,000 mailboxes, naming exactly the files
//! it reads (split batch files; a name for pasted text, returned with the script), and
//! it creates, starts and removes one batch or one wave.
#![cfg(not(target_arch = "wasm32"))]

mod powershell_tokens;

use migration_preflight::CsvFile;
use migration_preflight::readiness::{Assessment, ReportOptions};
use migration_preflight::runbook::{RunbookError, Source, Wording, build, runbook};
use migration_preflight::split::{SplitOptions, split};
use migration_preflight::{Options, Severity, check_files};
use powershell_tokens::{HOSTILE, batches, tokenise};

/// Every string literal of the script's code that names a CSV file.
fn csv_literals(script: &str) -> Vec<String> {
    let mut names: Vec<String> = tokenise(script)
        .unwrap()
        .strings
        .into_iter()
        .filter(|s| s.to_lowercase().ends_with(".csv"))
        .collect();
    names.sort();
    names
}

/// A list of `rows` mailboxes without findings of severity error.
fn clean_list(rows: usize) -> String {
    let mut text = "EmailAddress,Password,ForceChangePassword\r\n".to_string();
    for i in 0..rows {
        text.push_str(&format!(
            "user{i}@contoso.com,Kq7#vZm-{i}-Lp2x!Tw9,False\r\n"
        ));
    }
    text
}

fn contoso() -> Assessment {
    let mut a = Assessment::default();
    a.tenant.verified_domains = Some(vec!["contoso.com".into()]);
    a
}

/// Issue 17: a runbook was written for files with errors, with a comment saying so;
/// the batches would then fail. It is refused, naming the files and the codes, in the
/// words of the CLI or of the page, and never a cell.
#[test]
fn files_with_errors_are_refused_naming_the_file_and_the_codes() {
    let semicolons =
        "EmailAddress;Password;ForceChangePassword\r\na@contoso.com;Kq7#vZm-Lp2x!Tw9;False\r\n";
    let short =
        "EmailAddress,Password\r\nb@contoso.com,Hq3$r\r\nc@fabrikam.com,Wm4$kR2q-Ty8%pLz\r\n";
    let good = clean_list(2);
    let files = [
        CsvFile {
            name: "C:\\mig\\Wave.csv",
            bytes: semicolons.as_bytes(),
        },
        CsvFile {
            name: "good.csv",
            bytes: good.as_bytes(),
        },
        CsvFile {
            name: "short.csv",
            bytes: short.as_bytes(),
        },
    ];
    let err = build(&files, &contoso(), &ReportOptions::default()).unwrap_err();
    let RunbookError::Blocked(blocked) = &err else {
        panic!("{err:?}");
    };
    // As many errors as the check finds in each file, and only those files.
    let check = check_files(
        &files,
        &Options {
            domains: vec!["contoso.com".into()],
            ..Options::default()
        },
    );
    let errors_in = |name: &str| {
        check
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.file.as_deref() == Some(name))
            .count() as u32
    };
    let named: Vec<(&str, u32)> = blocked
        .iter()
        .map(|b| (b.file.as_deref().unwrap(), b.errors))
        .collect();
    assert_eq!(
        named,
        [
            ("C:\\mig\\Wave.csv", errors_in("C:\\mig\\Wave.csv")),
            ("short.csv", errors_in("short.csv"))
        ]
    );
    assert!(blocked[0].codes.contains(&"CSV005"), "{blocked:?}");
    assert!(blocked[1].codes.contains(&"CSV208"), "{blocked:?}");
    let cli = err.message(Wording::Cli);
    assert!(cli.starts_with("C:\\mig\\Wave.csv has "), "{cli}");
    assert!(
        cli.ends_with(
            ": fix them (migration-preflight fix) and split them (migration-preflight split) \
             first, then make the runbook from the files you will upload"
        ),
        "{cli}"
    );
    assert!(
        err.to_string()
            .contains("fix them (Fix) and split them (Split)")
    );
    for cell in ["Hq3", "Kq7", "Wm4", "fabrikam", "b@contoso"] {
        assert!(
            !cli.contains(cell) && !err.to_string().contains(cell),
            "{cell}"
        );
    }
    // The same files without errors make a runbook, and it has no such comment.
    let script = runbook(&files[1..2], &contoso(), &ReportOptions::default()).unwrap();
    assert!(!script.contains("found errors"), "{script}");
}

/// A file over 2,000 mailboxes cannot be one batch: the runbook refuses it (CSV009) and
/// is made from its split batch files instead, naming exactly those.
#[test]
fn a_file_over_2000_rows_is_refused_and_its_split_files_are_named_exactly() {
    let all = clean_list(4_500);
    let file = [CsvFile {
        name: "Wave.csv",
        bytes: all.as_bytes(),
    }];
    let err = build(&file, &contoso(), &ReportOptions::default()).unwrap_err();
    assert!(
        matches!(&err, RunbookError::Blocked(b) if b.len() == 1 && b[0].codes.contains(&"CSV009")),
        "{err:?}"
    );
    let split = split(
        &file,
        &SplitOptions {
            size: 2_000,
            prefix: "Wave1".into(),
        },
        &Options::default(),
    )
    .unwrap();
    let parts: Vec<CsvFile<'_>> = split
        .batches
        .iter()
        .map(|b| CsvFile {
            name: &b.file_name,
            bytes: b.csv.as_bytes(),
        })
        .collect();
    let book = build(&parts, &contoso(), &ReportOptions::default()).unwrap();
    let expected = [
        ("Wave1-01", "Wave1-01.csv"),
        ("Wave1-02", "Wave1-02.csv"),
        ("Wave1-03", "Wave1-03.csv"),
    ];
    let table: Vec<(String, String)> = expected
        .iter()
        .map(|(b, f)| (b.to_string(), f.to_string()))
        .collect();
    assert_eq!(batches(&book.script), table);
    assert_eq!(
        csv_literals(&book.script),
        ["Wave1-01.csv", "Wave1-02.csv", "Wave1-03.csv"],
        "the script reads the split files and no other"
    );
    assert!(!book.script.contains("Wave.csv"), "{}", book.script);
    let listed: Vec<(&str, &str, Source)> = book
        .files
        .iter()
        .map(|f| (f.batch.as_str(), f.name.as_str(), f.source))
        .collect();
    assert_eq!(
        listed,
        expected
            .iter()
            .map(|(b, f)| (*b, *f, Source::File))
            .collect::<Vec<_>>()
    );
    assert_eq!(split.report.summary.batches_needed, 3);
    assert!(book.script.contains("# One batch per CSV file: 3 batches"));
}

/// Pasted text has no file: the script reads it from a name the caller saves it under,
/// never from a `mailboxes.csv` no one was told about.
#[test]
fn pasted_text_is_read_from_the_name_the_runbook_returns() {
    let pasted = clean_list(3);
    let other = "EmailAddress\r\nsomeone@contoso.com\r\n";
    let files = [
        CsvFile {
            name: "",
            bytes: pasted.as_bytes(),
        },
        CsvFile {
            name: "mailboxes.csv",
            bytes: other.as_bytes(),
        },
    ];
    let book = build(&files, &contoso(), &ReportOptions::default()).unwrap();
    assert_eq!(book.files[0].name, "mailboxes-2.csv");
    assert_eq!(book.files[0].source, Source::Pasted);
    assert_eq!(book.files[0].input, 0);
    assert_eq!(book.files[1].source, Source::File);
    assert_eq!(
        csv_literals(&book.script),
        ["mailboxes-2.csv", "mailboxes.csv"]
    );
    assert!(
        book.script.contains(
            "#   mailboxes-2.csv -> batch mailboxes-2 (save the list you pasted as this file)"
        ),
        "{}",
        book.script
    );
    // A pasted list with errors is refused as "the pasted list".
    let bad = "EmailAddress\r\nnot an address\r\n";
    let err = build(
        &[CsvFile {
            name: "",
            bytes: bad.as_bytes(),
        }],
        &contoso(),
        &ReportOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("The pasted list has 1 error"),
        "{err}"
    );
}

/// `-Batch` and `-Wave` choose the batches of Batches, Start, Status and Remove. They
/// are checked against the characters of a batch name before any use, and compared,
/// never run or used as a pattern; Remove keeps its checks for each batch.
#[test]
fn batches_start_and_remove_by_batch_or_wave_and_the_names_stay_text() {
    let (a, b) = (clean_list(1), "EmailAddress\r\nother@contoso.com\r\n");
    let files = [
        CsvFile {
            name: "Wave1-01.csv",
            bytes: a.as_bytes(),
        },
        CsvFile {
            name: "Wave2-01.csv",
            bytes: b.as_bytes(),
        },
    ];
    let script = runbook(&files, &contoso(), &ReportOptions::default()).unwrap();
    let code = tokenise(&script).unwrap().skeleton;
    assert!(
        code.contains("[ValidatePattern'S']\n    [string] $Batch,"),
        "{code}"
    );
    assert!(
        code.contains("[ValidatePattern'S']\n    [string] $Wave\n)"),
        "{code}"
    );
    let pattern_count = tokenise(&script)
        .unwrap()
        .strings
        .iter()
        .filter(|s| *s == "^[A-Za-z0-9_-]{1,64}$")
        .count();
    assert_eq!(pattern_count, 2);
    // Every use of the two parameters in the code: declarations, tests, comparisons.
    let uses: Vec<&str> = code
        .lines()
        .filter(|l| {
            // PowerShell's variable names ignore case; `$batches` is the table.
            let l = l.to_lowercase().replace("$batches", "");
            ["$batch", "{batch}", "$wave", "{wave}"]
                .iter()
                .any(|v| l.contains(v))
        })
        .map(str::trim)
        .collect();
    assert_eq!(
        uses,
        [
            "[string] $Batch,",
            "[string] $Wave",
            "if ($Batch -and $Wave) { throw 'S' }",
            "if ($Batch) { $_.Name -eq $Batch }",
            "elseif ($Wave) { $_.Name.StartsWith($Wave + 'S', [StringComparison]::OrdinalIgnoreCase) }",
            "if ($selected.Count -eq 0 -and ($Batch -or $Wave)) {",
            "if ($Batch) { throw \"No batch of this runbook is named ${Batch}: see the list at its top.\" }",
            "throw \"No batch of this runbook is named ${Wave}-...: see the list at its top.\"",
        ]
    );
    // Each step that works on batches goes through the selection, Remove per batch with
    // its 72-hour and last-sync checks.
    for step in [
        "New-MigrationBatch -Name $b.Name",
        "Start-MigrationBatch -Identity $b.Name",
        "Get-MigrationUser -BatchId $b.Name",
        "foreach ($b in $selected) {\n            $name = $b.Name\n            $lastSync = (Get-MigrationBatch -Identity $name).LastSyncedDateTime",
    ] {
        assert!(code.contains(step), "{step}\n{code}");
    }
    assert!(!code.contains("$batchNames"), "{code}");
    assert!(code.contains("$notBefore = $mxChangedAt.AddHours(72)"));
    // The comments say how, with the DNS script's phases.
    assert!(script.contains(".\\staged-migration.ps1 -Step Start -Wave Wave1"));
    assert!(script.contains(".\\staged-migration.ps1 -Step Start -Batch Wave1-01"));
    for phase in [
        "Show",
        "Verify",
        "LowerTtl",
        "Spf",
        "Mx",
        "Autodiscover",
        "Dkim",
    ] {
        assert!(
            script.contains(&format!(".\\dns-records.ps1 -Step {phase} ")),
            "{phase}"
        );
    }
}

/// A hostile split prefix (a wave name) and hostile file names become batch names of
/// letters, digits, `-` and `_` only, inside string literals.
#[test]
fn a_hostile_wave_name_stays_text() {
    let all = clean_list(3);
    for value in HOSTILE {
        let split = split(
            &[CsvFile {
                name: "all.csv",
                bytes: all.as_bytes(),
            }],
            &SplitOptions {
                size: 2,
                prefix: value.to_string(),
            },
            &Options::default(),
        )
        .unwrap();
        let parts: Vec<CsvFile<'_>> = split
            .batches
            .iter()
            .map(|b| CsvFile {
                name: &b.file_name,
                bytes: b.csv.as_bytes(),
            })
            .collect();
        let script = runbook(&parts, &contoso(), &ReportOptions::default()).unwrap();
        assert!(script.is_ascii());
        let table = batches(&script);
        assert_eq!(table.len(), 2);
        for ((batch, file), made) in table.iter().zip(&split.batches) {
            assert_eq!(
                batch, &made.name,
                "the runbook's batch is the split's batch"
            );
            assert_eq!(file, &made.file_name);
            assert!(
                batch
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
                "{batch}"
            );
        }
        let code = tokenise(&script).unwrap().skeleton;
        for part in ["Start-Process", "Stop-Computer", "Remove-Item", "calc"] {
            assert!(!code.contains(part), "{value}: {part} in the code");
        }
    }
}

//! The PowerShell runbook and the DNS records script: hostile values stay inside string
//! literals in Windows PowerShell 5.1 and in PowerShell 7, no password is ever written,
//! and every CSV gets its batch, with its own file (tests/runbook_batches.rs: which
//! files, and batches by wave).
#![cfg(not(target_arch = "wasm32"))]

mod powershell_tokens;

use migration_preflight::CsvFile;
use migration_preflight::dns::input::{DomainInput, PlanInput};
use migration_preflight::dns::plan::{Phase, PlannedRecord, RecordType, Role, plan};
use migration_preflight::dns::powershell;
use migration_preflight::readiness::{Assessment, ReportOptions};
use migration_preflight::runbook::{RunbookError, runbook};
use powershell_tokens::{HOSTILE, batches, readings, tokenise};

const CSV: &[u8] = b"EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,S3cr3t'; Remove-Item C:\\ #,False\r\n";
/// Another mailbox, for a second file (the same address in two files is an error).
const CSV_B: &[u8] =
    b"EmailAddress,Password,ForceChangePassword\r\ntobyn@contoso.com,Wm4$kR2q-Ty8%pLz,False\r\n";

/// What a string of the benign script must be in the hostile one: `Some(Some(v))` this
/// value, `Some(None)` anything, `None` the same string.
type Expect<'a> = &'a dyn Fn(&str) -> Option<Option<String>>;

/// Checks that `hostile` reads, in both readings, as the same code as `benign` (so no
/// part of a value is outside a string or a comment), that each value is whole inside
/// its string, and that the script is plain ASCII.
fn assert_same_code(benign: &str, hostile: &str, expect: Expect<'_>) {
    let plain = tokenise(benign).unwrap();
    for (encoding, text) in readings(hostile) {
        let read = tokenise(&text).unwrap_or_else(|e| panic!("{encoding}: {e} in\n{text}"));
        assert_eq!(
            read.skeleton, plain.skeleton,
            "{encoding}: the code changed:\n{text}"
        );
        assert_eq!(
            read.strings.len(),
            plain.strings.len(),
            "{encoding}\n{text}"
        );
        for (b, h) in plain.strings.iter().zip(&read.strings) {
            match expect(b) {
                Some(Some(want)) => assert_eq!(h, &want, "{encoding}: a value changed:\n{text}"),
                Some(None) => {}
                None => assert_eq!(h, b, "{encoding}:\n{text}"),
            }
        }
    }
    assert!(hostile.is_ascii(), "not plain ASCII:\n{hostile}");
}

fn assessment(value: &str) -> Assessment {
    let mut a = Assessment {
        organisation: Some(value.to_string()),
        ..Assessment::default()
    };
    a.source.migration_admin = Some(value.to_string());
    a.source.test_mailbox = Some(value.to_string());
    a.source.exchange_server = Some(value.to_string());
    a.source.rpc_proxy_server = Some(value.to_string());
    a.tenant.verified_domains = Some(vec!["contoso.com".to_string(), value.to_string()]);
    a
}

fn script(value: &str, file_name: &str) -> String {
    let files = [CsvFile {
        name: file_name,
        bytes: CSV,
    }];
    runbook(&files, &assessment(value), &ReportOptions::default()).unwrap()
}

#[test]
fn hostile_values_stay_inside_their_strings_in_powershell_5_and_7() {
    let benign = script("PLAINVALUE", "PLAINFILE.csv");
    for value in HOSTILE {
        let file = format!("{value}.csv");
        let hostile = script(value, &file);
        let base = file.rsplit(['/', '\\']).next().unwrap().to_string();
        assert_same_code(&benign, &hostile, &|b| match b {
            "PLAINVALUE" => Some(Some(value.to_string())),
            "PLAINFILE.csv" => Some(Some(base.clone())),
            "PLAINFILE" => Some(None),
            _ => None,
        });
        assert!(hostile.contains("Get-Credential -UserName "), "{hostile}");
    }
}

/// A planned record with `value` everywhere a value can go.
fn record(value: &str) -> PlannedRecord {
    PlannedRecord {
        zone: value.into(),
        name: format!("x.{value}"),
        r#type: RecordType::Txt,
        // Over 255 characters: the script adds a comment naming the record.
        value: format!("{value}{}", "v".repeat(260)),
        ttl: 3600,
        priority: None,
        phase: Phase::BeforeFirstBatch,
        role: Role::Spf,
        purpose: value.into(),
    }
}

#[test]
fn the_dns_script_keeps_hostile_values_inside_their_strings() {
    let benign = powershell::commands("PLAINVALUE", &record("PLAINVALUE"));
    for value in HOSTILE {
        let hostile = powershell::commands(value, &record(value));
        assert_same_code(&benign, &hostile, &|b| match b {
            "PLAINVALUE" => Some(Some(value.to_string())),
            "x" => Some(Some("x".into())),
            _ if b.starts_with("PLAINVALUEvvv") => {
                Some(Some(format!("{value}{}", "v".repeat(260))))
            }
            _ => None,
        });
    }
    // A whole script, with a non-ASCII domain and hostile text where the input takes it.
    let input = |value: &str, domain: &str| PlanInput {
        domains: vec![DomainInput {
            verification: Some(format!("MS={value}")),
            existing_spf: Some(format!("v=spf1 {value} -all")),
            ..DomainInput::new(domain)
        }],
        ..PlanInput::default()
    };
    let spanish = powershell::render(&plan(&input("PLAINVALUE", "espa\u{f1}a.es")));
    assert!(spanish.is_ascii(), "{spanish}");
    for value in HOSTILE {
        let hostile = powershell::render(&plan(&input(value, "contoso.com")));
        let mut skeletons = Vec::new();
        for (encoding, text) in readings(&hostile).into_iter().chain(readings(&spanish)) {
            let read = tokenise(&text).unwrap_or_else(|e| panic!("{encoding}: {e}\n{text}"));
            for part in ["Start-Process", "Stop-Computer", "Remove-Item", "calc"] {
                assert!(!read.skeleton.contains(part), "{encoding}:\n{text}");
            }
            skeletons.push(read.skeleton);
        }
        assert_eq!(skeletons[0], skeletons[1], "5.1 and 7 read different code");
        assert_eq!(skeletons[2], skeletons[3], "5.1 and 7 read different code");
        assert!(hostile.is_ascii(), "{hostile}");
    }
}

#[test]
fn line_breaks_and_control_characters_are_refused() {
    for value in [
        "a\nRemove-Item C:\\",
        "a\r\nb",
        "a\u{2028}b",
        "a\u{0}b",
        "\u{1b}[2J",
    ] {
        let files = [CsvFile {
            name: "wave1.csv",
            bytes: CSV,
        }];
        let err = runbook(&files, &assessment(value), &ReportOptions::default()).unwrap_err();
        assert!(err.to_string().contains("control character"), "{err}");
        let named = [CsvFile {
            name: value,
            bytes: CSV,
        }];
        assert!(runbook(&named, &Assessment::default(), &ReportOptions::default()).is_err());
    }
}

#[test]
fn one_batch_per_csv_with_safe_unique_names_and_no_password() {
    let files = [
        CsvFile {
            name: "C:\\mig\\Wave 1 (Sales).csv",
            bytes: CSV,
        },
        CsvFile {
            name: "wave-1-sales.csv",
            bytes: CSV_B,
        },
    ];
    let script = runbook(&files, &Assessment::default(), &ReportOptions::default()).unwrap();
    assert_eq!(
        batches(&script),
        [
            ("Wave-1-Sales".to_string(), "Wave 1 (Sales).csv".to_string()),
            ("wave-1-sales-2".to_string(), "wave-1-sales.csv".to_string())
        ]
    );
    assert!(script.contains("New-MigrationBatch -Name $b.Name -SourceEndpoint $endpointName -CSVData ([System.IO.File]::ReadAllBytes((Join-Path $here $b.File)))"), "{script}");
    assert!(
        script.contains("# One batch per CSV file: 2 batches"),
        "{script}"
    );
    assert!(script.contains("Connect-ExchangeOnline"));
    assert!(script.contains("New-MigrationEndpoint -ExchangeOutlookAnywhere"));
    assert!(script.contains("$credential = Get-Credential -Message"));
    assert!(script.contains("Get-MigrationUser -BatchId $b.Name"));
    assert!(script.contains("$mxChangedAt.AddHours(72)"));
    assert!(script.contains("LastSyncedDateTime"));
    for banned in [
        "S3cr3t",
        "ConvertTo-SecureString",
        "-Password",
        "Invoke-Expression",
    ] {
        assert!(!script.contains(banned), "{banned} in the runbook");
    }
}

#[test]
fn two_files_with_the_same_name_are_refused() {
    for (a, b) in [
        ("d1/wave.csv", "d2/wave.csv"),
        ("C:\\mig\\a\\Wave.csv", "C:\\mig\\b\\wave.CSV"),
        ("wave.csv", "wave.csv"),
    ] {
        let files = [
            CsvFile {
                name: a,
                bytes: CSV,
            },
            CsvFile {
                name: "other.csv",
                bytes: CSV,
            },
            CsvFile {
                name: b,
                bytes: CSV,
            },
        ];
        let err = runbook(&files, &Assessment::default(), &ReportOptions::default()).unwrap_err();
        assert!(
            matches!(&err, RunbookError::SameFileName { files: (1, 3), .. }),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.starts_with("files 1 and 3 are both named "),
            "{message}"
        );
        assert!(message.contains("rename"), "{message}");
    }
    // Different names in different folders: each batch reads its own file.
    let files = [
        CsvFile {
            name: "d1/wave.csv",
            bytes: CSV,
        },
        CsvFile {
            name: "d2/wave-2.csv",
            bytes: CSV_B,
        },
    ];
    let script = runbook(&files, &Assessment::default(), &ReportOptions::default()).unwrap();
    let read: Vec<String> = batches(&script).into_iter().map(|(_, file)| file).collect();
    assert_eq!(read, ["wave.csv", "wave-2.csv"]);
}

/// An MX change time outside the report's calendar (ENV034) is left out of the runbook
/// too: `$mxChangedAt` stays `$null` (the Remove step then refuses), never `Parse('')`.
#[test]
fn an_out_of_range_mx_change_is_left_out_not_written_empty() {
    let files = [CsvFile {
        name: "wave1.csv",
        bytes: CSV,
    }];
    let mut a = Assessment::default();
    a.dns.mx_changed_at = Some(time::macros::datetime!(9999-12-31 23:00 -23:00));
    let script = runbook(&files, &a, &ReportOptions::default()).unwrap();
    assert!(script.contains("$mxChangedAt = $null"), "{script}");
    assert!(!script.contains("Parse('',"), "{script}");
    a.dns.mx_changed_at = Some(time::macros::datetime!(2025-03-21 18:00 +01:00));
    let script = runbook(&files, &a, &ReportOptions::default()).unwrap();
    assert!(
        script.contains("Parse('2025-03-21T18:00:00+01:00'"),
        "{script}"
    );
}

/// The DNS script with its `-Step` switch: a hostile value in every record reads as the
/// same code as a plain one, in every step and in the `Show` lines (issue 17).
#[test]
fn the_stepped_dns_script_keeps_hostile_values_inside_their_strings() {
    let with_values = |value: &str| {
        let mut p = plan(&PlanInput {
            domains: vec![DomainInput {
                verification: Some("MS=ms12345678".into()),
                ..DomainInput::new("contoso.com")
            }],
            initial_domain: Some("contoso.onmicrosoft.com".into()),
            cutover: Some("2026-12-07 18:00 +01:00".into()),
            ..PlanInput::default()
        });
        for r in &mut p.records {
            r.value = value.to_string();
            r.purpose = value.to_string();
        }
        powershell::render(&p)
    };
    let benign = with_values("PLAINVALUE");
    assert!(benign.contains("switch ($Step) {"), "{benign}");
    for value in HOSTILE {
        let hostile = with_values(value);
        assert_same_code(&benign, &hostile, &|b| {
            if b == "PLAINVALUE" {
                Some(Some(value.to_string()))
            } else if b.contains("PLAINVALUE") {
                // A Show line: the value in ASCII inside a longer text.
                Some(None)
            } else {
                None
            }
        });
    }
}

//! The PowerShell runbook: hostile values stay inside string literals, no password is
//! ever written, and every CSV gets its batch.
#![cfg(not(target_arch = "wasm32"))]

use migration_preflight::CsvFile;
use migration_preflight::readiness::{Assessment, ReportOptions};
use migration_preflight::runbook::runbook;

const CSV: &[u8] = b"EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,S3cr3t'; Remove-Item C:\\ #,False\r\n";

/// Values that would break out of a naive script: a quote ending the string, subexpressions,
/// backticks, typographic quotes, comment starts.
const HOSTILE: &[&str] = &[
    "'; Remove-Item C:\\ -Recurse #",
    "$(Remove-Item C:\\ -Recurse)",
    "`$x` \"$(calc)\"",
    "\u{2019}; Stop-Computer; \u{2018}",
    "a''b'''",
    "#> <# '@ @'",
];

/// What the PowerShell parser sees once every single-quoted string is replaced by 'S'
/// and every comment removed. Double-quoted strings are kept (only the script's own).
fn skeleton(script: &str) -> String {
    let quote = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
    let mut out = String::new();
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '#' {
            while chars.peek().is_some_and(|c| *c != '\n') {
                chars.next();
            }
        } else if quote(c) {
            loop {
                match chars.next() {
                    Some(q) if quote(q) => {
                        if chars.peek().is_some_and(|n| quote(*n)) {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    Some(_) => {}
                    None => panic!("unterminated single-quoted string"),
                }
            }
            out.push_str("'S'");
        } else if c == '"' {
            out.push(c);
            loop {
                match chars.next() {
                    Some('`') => {
                        out.push('`');
                        out.extend(chars.next());
                    }
                    Some('"') => {
                        out.push('"');
                        break;
                    }
                    Some(other) => out.push(other),
                    None => panic!("unterminated double-quoted string"),
                }
            }
        } else {
            out.push(c);
        }
    }
    out
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
fn hostile_values_cannot_change_the_script() {
    let benign = skeleton(&script("plain", "plain.csv"));
    for value in HOSTILE {
        let hostile = script(value, &format!("{value}.csv"));
        assert_eq!(
            skeleton(&hostile),
            benign,
            "{value:?} changed the script:\n{hostile}"
        );
        // The value is there, as a literal, with its quotes doubled.
        assert!(hostile.contains("Get-Credential -UserName '"), "{hostile}");
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
            bytes: CSV,
        },
    ];
    let script = runbook(&files, &Assessment::default(), &ReportOptions::default()).unwrap();
    assert_eq!(script.matches("New-MigrationBatch -Name").count(), 2);
    assert!(script.contains("New-MigrationBatch -Name 'Wave-1-Sales' -SourceEndpoint $endpointName -CSVData ([System.IO.File]::ReadAllBytes((Join-Path $here 'Wave 1 (Sales).csv')))"), "{script}");
    assert!(script.contains("-Name 'wave-1-sales-2'"), "{script}");
    assert!(script.contains("Connect-ExchangeOnline"));
    assert!(script.contains("New-MigrationEndpoint -ExchangeOutlookAnywhere"));
    assert!(script.contains("$credential = Get-Credential -Message"));
    assert!(script.contains("Get-MigrationUser -BatchId $name"));
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

//! Passwords never leak: no finding, no report in any format (text, JSON), no change of
//! the corrected CSV and no split report holds a password from the CSV, or a piece of
//! one, even when the passwords hold markup and quotes and fail every rule.

mod password_cases;

use migration_preflight::fix::fix_csv;
use migration_preflight::password::PasswordRules;
use migration_preflight::split::{SplitOptions, split};
use migration_preflight::{CsvFile, Options, Report, check_csv, check_files, render};
use password_cases::leak::{assert_no_password, csv};

/// The data rows of a CSV text, as cells.
fn rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn assert_report_clean(report: &Report, what: &str) {
    for finding in &report.findings {
        let all = format!(
            "{} {} {:?} {:?}",
            finding.message, finding.help, finding.column, finding.file
        );
        assert_no_password(&all, &format!("{what}: finding {}", finding.code));
    }
    assert_no_password(
        &render::text::render(report),
        &format!("{what}: text report"),
    );
    assert_no_password(
        &render::json::render(report),
        &format!("{what}: JSON report"),
    );
}

fn option_sets() -> Vec<Options> {
    let banned = vec!["contoso".to_string(), "script".to_string()];
    vec![
        Options::default(),
        Options {
            banned_terms: banned.clone(),
            tenant_name: Some("Contoso".into()),
            domains: vec!["fabrikam.com".into()],
            ..Options::default()
        },
        Options {
            federated: true,
            banned_terms: banned,
            ..Options::default()
        },
    ]
}

#[test]
fn the_fixture_really_fails_the_rules() {
    let report = check_csv(csv().as_bytes(), &Options::default());
    let mut codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in [
        "PWD001", "PWD003", "PWD004", "PWD005", "PWD006", "PWD007", "PWD008", "PWD009",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn no_finding_or_report_holds_a_password() {
    let text = csv();
    for options in option_sets() {
        assert_report_clean(&check_csv(text.as_bytes(), &options), "check");
        let files = [
            CsvFile {
                name: "a.csv",
                bytes: text.as_bytes(),
            },
            CsvFile {
                name: "b.csv",
                bytes: text.as_bytes(),
            },
        ];
        assert_report_clean(&check_files(&files, &options), "check of two files");
    }
}

#[test]
fn every_rule_fires_without_leaking_in_other_layouts() {
    // No header row, semicolons, an ANSI file and a row with too many cells: the
    // password cells still never reach a message.
    let mut layouts: Vec<Vec<u8>> = Vec::new();
    let text = csv();
    layouts.push(
        text.lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\r\n")
            .into_bytes(),
    );
    layouts.push(text.replace(',', ";").into_bytes());
    // Windows-1252: é is the one byte 0xE9, every other character is ASCII.
    layouts.push(
        text.chars()
            .map(|c| if c == 'é' { 0xE9 } else { c as u8 })
            .collect(),
    );
    layouts.push(text.replace("Yes", "Yes,extra").into_bytes());
    for bytes in layouts {
        for options in option_sets() {
            assert_report_clean(&check_csv(&bytes, &options), "check of another layout");
        }
    }
}

#[test]
fn corrected_csv_and_split_leak_only_into_the_files_asked_for() {
    let text = csv();
    for generate in [false, true] {
        let options = Options {
            generate_passwords: generate,
            ..Options::default()
        };
        let fixed = fix_csv(text.as_bytes(), &options).unwrap();
        for change in &fixed.changes {
            assert_no_password(&change.description, "a change of the corrected CSV");
        }
        assert_report_clean(&fixed.report, "report of the corrected CSV");
        let rules = PasswordRules::new(&options);
        let mut replaced = 0;
        for (before, after) in rows(&text).iter().zip(rows(&fixed.csv)) {
            let replace = generate && rules.needs_replacement(&before[1], Some(&before[0]));
            assert_eq!(after[1] != before[1], replace, "row of {}", before[0]);
            replaced += usize::from(replace);
        }
        assert_eq!(replaced > 0, generate);
    }
    let split = split(
        &[CsvFile {
            name: "all.csv",
            bytes: text.as_bytes(),
        }],
        &SplitOptions {
            size: 3,
            prefix: "Wave".into(),
        },
        &Options::default(),
    )
    .unwrap();
    assert_report_clean(&split.report, "split report");
    for batch in &split.batches {
        assert_no_password(&batch.name, "batch name");
        assert_no_password(&batch.file_name, "batch file name");
    }
}

#[test]
fn swapped_or_shifted_columns_do_not_put_a_password_in_a_finding() {
    let csv = "EmailAddress,Password,ForceChangePassword\r\n\
               S3cr3t<Pw>x,pilarp@contoso.com,False\r\n\
               P@ssw0rd9<,tobyn@contoso.com,False\r\n\
               ,briant@contoso.com,H1dden!pw,False\r\n\
               \u{200b}Zw5!pass@x,a@contoso.com,True\r\n";
    let report =
        migration_preflight::check_csv(csv.as_bytes(), &migration_preflight::Options::default());
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == "CSV202" && f.row == Some(2)),
        "{:?}",
        report.findings
    );
    // What leaves the core: messages, help and the serialised findings (the local
    // value, which holds the cell for the admin's own screen, is never serialised).
    let all = serde_json::to_string(&report.findings).unwrap();
    for secret in ["S3cr3t", "P@ssw0rd9", "ssw0rd9", "H1dden", "Zw5!pass"] {
        assert!(!all.contains(secret), "{secret} appears in {all}");
    }
}

#[test]
fn a_missing_header_does_not_put_row_one_into_a_finding() {
    // No header, and row 1 has no address: its cells are read as column names.
    let csv = ",Q9!hidden<Pw>,False\r\npilarp@contoso.com,Kx8#qTz4!mWv,False\r\n";
    let report =
        migration_preflight::check_csv(csv.as_bytes(), &migration_preflight::Options::default());
    assert!(
        report.findings.iter().any(|f| f.row == Some(1)),
        "{:?}",
        report.findings
    );
    let all = format!("{:?}", report.findings);
    assert!(!all.contains("hidden"), "{all}");
}

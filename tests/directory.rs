//! The directory check (DIR001–DIR020) against its fixtures: one test per code, named
//! after it, plus the export shapes, the counts and what must never leak.

#[path = "fixtures/directory/cases.rs"]
mod cases;

use cases::{ADDRESS_WORDS, CASES, Case, MAIL_USERS, MIGRATION, ONPREM};
use migration_preflight::directory::{self, Directories, Export};
use migration_preflight::{CsvFile, Options, Report, catalogue};

fn exports(files: &[cases::File]) -> Vec<Export<'static>> {
    files
        .iter()
        .map(|&(name, bytes)| Export { name, bytes })
        .collect()
}

fn run(case: &Case) -> Report {
    let csv: Vec<CsvFile> = case
        .csv
        .iter()
        .map(|&(name, bytes)| CsvFile { name, bytes })
        .collect();
    let directories = Directories {
        onprem: exports(case.onprem),
        cloud: exports(case.cloud),
        mailbox_quota_gb: None,
    };
    let options = Options {
        domains: case.domains.iter().map(|d| d.to_string()).collect(),
        ..Options::default()
    };
    directory::check_files(&csv, &directories, &options)
}

fn check(code: &str) {
    let case = CASES.iter().find(|c| c.code == code).expect("a case");
    let report = run(case);
    let mut found: Vec<(String, u32)> = report
        .findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| (f.file.clone().unwrap_or_default(), f.row.unwrap_or(0)))
        .collect();
    let mut expected: Vec<(String, u32)> = case
        .expected
        .iter()
        .map(|&(file, row)| (file.to_string(), row))
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected, "{code}: {:#?}", report.findings);
    let rule = catalogue::rule(code).expect("in the catalogue");
    for f in report.findings.iter().filter(|f| f.code.starts_with("DIR")) {
        assert_eq!(f.severity, catalogue::rule(f.code).unwrap().severity);
        for word in ADDRESS_WORDS {
            assert!(
                !f.message.to_lowercase().contains(&word.to_lowercase()),
                "{}: message holds {word:?}: {}",
                f.code,
                f.message
            );
        }
        assert!(!f.message.contains('@'), "{}: {}", f.code, f.message);
    }
    let json = migration_preflight::render::json::render(&report);
    for f in report.findings.iter().filter(|f| f.code == code) {
        assert_eq!(f.severity, rule.severity);
        if let Some(value) = &f.local_value {
            assert!(
                !json.contains(value.as_str()),
                "{code}: {value} in the JSON"
            );
        }
    }
}

macro_rules! cases {
    ($($name:ident => $code:literal),* $(,)?) => {
        $(#[test] fn $name() { check($code); })*
        #[test]
        fn every_directory_code_has_a_case() {
            let tested = [$($code),*];
            for rule in catalogue::rules().iter().filter(|r| r.code.starts_with("DIR")) {
                assert!(tested.contains(&rule.code), "{} has no test", rule.code);
            }
            assert_eq!(tested.len(), CASES.len());
        }
    };
}

cases! {
    dir001_not_an_on_premises_address => "DIR001",
    dir002_secondary_address => "DIR002",
    dir003_not_a_mailbox => "DIR003",
    dir004_hidden_from_address_lists => "DIR004",
    dir005_um_enabled => "DIR005",
    dir006_no_mail_user_in_the_cloud => "DIR006",
    dir007_only_a_secondary_address_in_the_cloud => "DIR007",
    dir008_already_a_cloud_mailbox => "DIR008",
    dir009_already_in_a_batch => "DIR009",
    dir010_over_the_quota => "DIR010",
    dir011_unverified_domains => "DIR011",
    dir012_windows_address_differs => "DIR012",
    dir013_left_behind => "DIR013",
    dir014_address_on_two_recipients => "DIR014",
    dir015_not_an_export => "DIR015",
    dir016_missing_column => "DIR016",
    dir017_type_name => "DIR017",
    dir018_past_the_cap => "DIR018",
    dir019_unreadable_value => "DIR019",
    dir020_what_domains_were_compared_with => "DIR020",
}

#[test]
fn the_clean_row_has_no_directory_finding_and_the_counts_add_up() {
    let report = run(&CASES[0]);
    let row2: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| {
            f.code.starts_with("DIR")
                && f.row == Some(2)
                && f.file.as_deref() == Some("migration.csv")
        })
        .map(|f| f.code)
        .collect();
    assert!(row2.is_empty(), "{row2:?}");
    let s = report.directory.expect("directory counts");
    assert_eq!(s.rows_compared, 14);
    assert_eq!(s.on_premises_recipients, 14);
    assert_eq!(s.on_premises_mailboxes, 12);
    assert_eq!(
        (s.cloud_mail_users, s.cloud_mailboxes, s.migration_users),
        (10, 1, 1)
    );
    assert_eq!(s.missing_on_premises, 1);
    assert_eq!(s.secondary_address, 1);
    assert_eq!(s.not_a_mailbox, 2);
    assert_eq!(s.matched, 10);
    assert_eq!(s.left_behind, 1);
    assert_eq!(s.mailbox_quota_gb, 50);
    let left = report.findings.iter().find(|f| f.code == "DIR013").unwrap();
    assert!(left.message.contains("row 10."), "{}", left.message);
}

#[test]
fn the_local_value_is_the_csv_cell_as_written() {
    let report = run(&CASES[1]);
    let f = report.findings.iter().find(|f| f.code == "DIR002").unwrap();
    assert_eq!(f.local_value.as_deref(), Some("Alias@Contoso.com"));
    assert_eq!(f.column.as_deref(), Some("EmailAddress"));
    assert!(
        f.message.contains("row 12 of the on-premises export"),
        "{}",
        f.message
    );
}

#[test]
fn a_larger_quota_clears_dir010() {
    let csv = [CsvFile {
        name: MIGRATION.0,
        bytes: MIGRATION.1,
    }];
    let mut directories = Directories {
        onprem: exports(&[ONPREM]),
        cloud: Vec::new(),
        mailbox_quota_gb: None,
    };
    let with = |d: &Directories| {
        directory::compare(&csv, d, &Options::default())
            .findings
            .iter()
            .filter(|f| f.code == "DIR010")
            .count()
    };
    assert_eq!(with(&directories), 1);
    directories.mailbox_quota_gb = Some(100);
    assert_eq!(with(&directories), 0);
}

#[test]
fn verified_domains_from_the_options_win_over_the_cloud_export() {
    let csv = [CsvFile {
        name: MIGRATION.0,
        bytes: MIGRATION.1,
    }];
    let directories = Directories {
        onprem: exports(&[ONPREM]),
        cloud: exports(&[MAIL_USERS]),
        mailbox_quota_gb: None,
    };
    let options = Options {
        domains: vec!["contoso.com".into(), "Fabrikam.com".into()],
        ..Options::default()
    };
    let c = directory::compare(&csv, &directories, &options);
    assert!(!c.findings.iter().any(|f| f.code == "DIR011"));
    let info = c.findings.iter().find(|f| f.code == "DIR020").unwrap();
    assert!(
        info.message.contains("given in the options"),
        "{}",
        info.message
    );
}

#[test]
fn an_exchange_2003_csvde_export_is_read() {
    let csv = b"EmailAddress\r\npilarp@contoso.com\r\npp@contoso.com\r\npartner@contoso.com\r\n";
    let csv = [CsvFile {
        name: "w.csv",
        bytes: csv,
    }];
    let directories = Directories {
        onprem: vec![Export {
            name: "csvde.csv",
            bytes: include_bytes!("fixtures/directory/onprem-csvde.csv"),
        }],
        ..Directories::default()
    };
    let c = directory::compare(&csv, &directories, &Options::default());
    let codes: Vec<(&str, Option<u32>)> = c
        .findings
        .iter()
        .filter(|f| f.file.as_deref() == Some("w.csv"))
        .map(|f| (f.code, f.row))
        .collect();
    assert_eq!(
        codes,
        [("DIR002", Some(3)), ("DIR003", Some(4))],
        "{:#?}",
        c.findings
    );
    assert!(
        !c.findings.iter().any(|f| f.code == "DIR016"),
        "{:#?}",
        c.findings
    );
    assert_eq!(c.summary.on_premises_mailboxes, 1);
}

#[test]
fn a_utf16_export_gives_the_same_findings_as_utf8() {
    let text = std::str::from_utf8(ONPREM.1).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let csv = [CsvFile {
        name: MIGRATION.0,
        bytes: MIGRATION.1,
    }];
    let compare = |bytes: &[u8]| {
        let directories = Directories {
            onprem: vec![Export {
                name: "onprem.csv",
                bytes,
            }],
            ..Directories::default()
        };
        directory::compare(&csv, &directories, &Options::default())
    };
    let (a, b) = (compare(ONPREM.1), compare(&utf16));
    assert_eq!(a, b);
    assert!(a.findings.iter().any(|f| f.code == "DIR004"));
}

#[test]
fn rows_past_the_cap_are_a_finding_not_work() {
    let mut text = String::from("PrimarySmtpAddress\n");
    for i in 0..=directory::MAX_ROWS {
        text.push_str(&format!("u{i}@contoso.com\n"));
    }
    let directories = Directories {
        onprem: vec![Export {
            name: "big.csv",
            bytes: text.as_bytes(),
        }],
        ..Directories::default()
    };
    let c = directory::compare(&[], &directories, &Options::default());
    let cap = c
        .findings
        .iter()
        .find(|f| f.code == "DIR018")
        .expect("DIR018");
    assert_eq!(cap.row, Some(directory::MAX_ROWS + 2));
    assert_eq!(c.summary.on_premises_recipients, directory::MAX_ROWS);
}

#[test]
fn no_bytes_make_it_panic() {
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let pieces: [&[u8]; 10] = [
        b"PrimarySmtpAddress,EmailAddresses,RecipientTypeDetails,TotalItemSize\n",
        b"\"a@b\",\"SMTP:a@b smtp:",
        b"#TYPE x\r\n",
        b"BatchId,Identity\n",
        b"\xff\xfe",
        b"\x00",
        b",,,;;\"\"\n",
        b"1e999GB,",
        b"smtp:@ SMTP: \n",
        b"UserMailbox,True,Unlimited\r\n",
    ];
    for _ in 0..400 {
        let mut bytes = Vec::new();
        for _ in 0..(next() % 12) {
            bytes.extend_from_slice(pieces[(next() % 10) as usize]);
        }
        let directories = Directories {
            onprem: vec![Export {
                name: "o.csv",
                bytes: &bytes,
            }],
            cloud: vec![Export {
                name: "c.csv",
                bytes: &bytes,
            }],
            mailbox_quota_gb: Some(0),
        };
        let csv = [CsvFile {
            name: "m.csv",
            bytes: &bytes,
        }];
        let _ = directory::check_files(&csv, &directories, &Options::default());
    }
}

#[cfg(feature = "cli")]
mod cli {
    use std::process::Command;

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/directory/");

    fn run(args: &[&str]) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_migration-preflight"))
            .args(args)
            .current_dir(DIR)
            .output()
            .expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    #[test]
    fn check_takes_onprem_and_several_cloud_files() {
        let (code, stdout, _) = run(&[
            "check",
            "migration.csv",
            "--onprem",
            "onprem.csv",
            "--cloud",
            "cloud-mailusers.csv",
            "--cloud",
            "cloud-mailboxes.csv",
            "--cloud",
            "migration-users.csv",
            "--format",
            "json",
        ]);
        assert_eq!(code, 1, "DIR001 is an error");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let codes: Vec<&str> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["code"].as_str())
            .filter(|c| c.starts_with("DIR"))
            .collect();
        for code in ["DIR001", "DIR006", "DIR008", "DIR009", "DIR013"] {
            assert!(codes.contains(&code), "{code} in {codes:?}");
        }
        assert_eq!(json["directory"]["rowsCompared"], 14);
        assert!(!stdout.contains("nobody@"), "an address in the JSON");
    }

    #[test]
    fn report_has_the_directory_section_in_every_format_and_pseudonymised_no_names() {
        for format in ["html", "md", "text", "json"] {
            let (_, stdout, stderr) = run(&[
                "report",
                "--csv",
                "migration.csv",
                "--onprem",
                "onprem.csv",
                "--cloud",
                "cloud-mailusers.csv",
                "--mailbox-quota",
                "100",
                "--pseudonymise",
                "--as-of",
                "2025-03-01T09:00:00Z",
                "--format",
                format,
            ]);
            assert!(stderr.is_empty(), "{stderr}");
            let section = if format == "json" {
                "\"leftBehind\""
            } else {
                "left behind"
            };
            assert!(stdout.contains(section), "{format}: {stdout}");
            assert!(
                !stdout.contains("onprem.csv"),
                "{format}: the export's name"
            );
            assert!(!stdout.contains("contoso"), "{format}: a domain");
            if format == "json" {
                assert!(stdout.contains("\"mailboxQuotaGb\": 100"));
            }
        }
    }
}

#[test]
fn a_recipient_export_of_contacts_needs_no_mailbox_columns() {
    let contacts = b"PrimarySmtpAddress,EmailAddresses,RecipientTypeDetails\r\npartner@contoso.com,SMTP:partner@contoso.com,MailContact\r\n";
    let csv = [CsvFile {
        name: MIGRATION.0,
        bytes: MIGRATION.1,
    }];
    let directories = Directories {
        onprem: vec![
            Export {
                name: ONPREM.0,
                bytes: ONPREM.1,
            },
            Export {
                name: "contacts.csv",
                bytes: contacts,
            },
        ],
        ..Directories::default()
    };
    let c = directory::compare(&csv, &directories, &Options::default());
    assert!(
        !c.findings.iter().any(|f| f.code == "DIR016"),
        "{:#?}",
        c.findings
    );
    let only_mailboxes = b"PrimarySmtpAddress,EmailAddresses,RecipientTypeDetails\r\npilarp@contoso.com,SMTP:pilarp@contoso.com,UserMailbox\r\n";
    let directories = Directories {
        onprem: vec![Export {
            name: "m.csv",
            bytes: only_mailboxes,
        }],
        ..Directories::default()
    };
    let c = directory::compare(&csv, &directories, &Options::default());
    let missing = c
        .findings
        .iter()
        .find(|f| f.code == "DIR016")
        .expect("DIR016");
    assert!(missing.message.contains("UMEnabled"), "{}", missing.message);
}

//! One fixture per password rule: each file reports exactly its PWD findings, with
//! severity and row; Microsoft's worked examples; the messages name the rule and the
//! row, never the password.

mod password_cases;

use migration_preflight::password::PasswordRules;
use migration_preflight::{Options, check_csv};
use password_cases::{CASES, Case, Seen};

fn options(case: &Case) -> Options {
    Options {
        federated: case.federated,
        banned_terms: case.banned_terms.iter().map(|t| t.to_string()).collect(),
        tenant_name: case.tenant_name.map(str::to_string),
        ..Options::default()
    }
}

#[test]
fn every_fixture_reports_exactly_its_password_findings() {
    for case in CASES {
        let report = check_csv(case.bytes, &options(case));
        let actual: Vec<Seen> = report
            .findings
            .iter()
            .filter(|f| f.code.starts_with("PWD"))
            .map(|f| (f.code.to_string(), f.severity.as_str().to_string(), f.row))
            .collect();
        assert_eq!(
            password_cases::sorted(actual),
            password_cases::expected(case),
            "{}",
            case.file
        );
        for finding in report.findings.iter().filter(|f| f.code.starts_with("PWD")) {
            // ForceChangePassword's findings: PWD009, PWD010, and PWD007 for spaces
            // around True or False; every other finding with a row is the password's.
            let column = match finding.code {
                "PWD009" | "PWD010" => Some("ForceChangePassword"),
                "PWD007" if case.file.contains("force-change") => Some("ForceChangePassword"),
                _ if finding.row.is_some() => Some("Password"),
                _ => continue,
            };
            assert_eq!(finding.column.as_deref(), column, "{}", case.file);
        }
    }
}

#[test]
fn microsoft_worked_examples() {
    let rules = PasswordRules::new(&Options {
        banned_terms: vec!["blank".into()],
        ..Options::default()
    });
    let rejected = rules.assess("C0ntos0Blank12", Some("pilarp@contoso.com"));
    assert_eq!(rejected.score, 4);
    assert!(!rejected.passes());
    let accepted = rules.assess("ContoS0Bl@nkf9!", Some("pilarp@contoso.com"));
    assert_eq!(accepted.score, 5);
    assert!(accepted.passes());
}

#[test]
fn the_rejection_says_why_in_words() {
    let case = CASES
        .iter()
        .find(|c| c.file == "PWD005-likely-rejected.csv")
        .unwrap();
    let report = check_csv(case.bytes, &options(case));
    let messages: Vec<(Option<u32>, &str)> = report
        .findings
        .iter()
        .filter(|f| f.code == "PWD005")
        .map(|f| (f.row, f.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                Some(2),
                "The password in row 2 is likely rejected by Microsoft Entra Password Protection (a prediction): it contains a term of the organisation's banned list and the organisation's name, with 2 other characters (score 4 of the 5 needed)."
            ),
            (
                Some(4),
                "The password in row 4 is likely rejected by Microsoft Entra Password Protection (a prediction): it contains a common password word, with no other characters (score 1 of the 5 needed)."
            ),
            (
                Some(5),
                "The password in row 5 is likely rejected by Microsoft Entra Password Protection (a prediction): it contains the user's name, with 3 other characters (score 4 of the 5 needed)."
            ),
        ]
    );
}

#[test]
fn shared_password_is_one_warning_listing_the_rows() {
    let case = CASES
        .iter()
        .find(|c| c.file == "PWD006-shared.csv")
        .unwrap();
    let report = check_csv(case.bytes, &options(case));
    let shared: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "PWD006")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        shared,
        ["The same password is used on 3 rows: rows 2, 4 and 5."]
    );
}

/// Microsoft's example CSV comes out with warnings, not blocked: Password Protection's
/// rejection of `Pa$$w0rd` is a prediction (PWD005 is a warning), the shared password a
/// warning, and nothing breaks the documented policy.
#[test]
fn microsofts_example_csv_is_likely_rejected_and_shared_but_not_blocked() {
    let report = check_csv(
        migration_preflight::EXAMPLE_CSV.as_bytes(),
        &Options::default(),
    );
    let codes: Vec<(&str, Option<u32>)> = report
        .findings
        .iter()
        .filter(|f| f.code.starts_with("PWD"))
        .map(|f| (f.code, f.row))
        .collect();
    assert_eq!(
        codes,
        [
            ("PWD005", Some(2)),
            ("PWD006", Some(2)),
            ("PWD005", Some(3)),
            ("PWD005", Some(4))
        ]
    );
    assert_eq!(report.verdict, migration_preflight::Verdict::Warnings);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity != migration_preflight::Severity::Error),
        "{:?}",
        report.findings
    );
}

#[test]
fn microsofts_poll_example_is_a_warning_naming_the_users_name() {
    let case = CASES
        .iter()
        .find(|c| c.file == "PWD005-user-name.csv")
        .unwrap();
    let report = check_csv(case.bytes, &options(case));
    let poll: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "PWD005")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        poll,
        [
            "The password in row 2 is likely rejected by Microsoft Entra Password Protection (a prediction): it contains the user's name, which Microsoft's example rejects whatever the score."
        ]
    );
    // By the score alone it passes: [poll] + 2 + 3 + f + b.
    let rules = PasswordRules::new(&Options::default());
    let assessed = rules.assess("p0LL23fb", Some("poll@contoso.com"));
    assert_eq!((assessed.score, assessed.terms), (5, [0, 0, 0, 1]));
    assert!(rules.likely_rejected("p0LL23fb", Some("poll@contoso.com")));
}

#[test]
fn dates_are_reported_only_among_other_passwords() {
    let only_dates = "EmailAddress,Password\r\npilarp@contoso.com,2024-03-01\r\ntobyn@contoso.com,01/03/2024\r\n";
    let report = check_csv(only_dates.as_bytes(), &Options::default());
    assert!(report.findings.iter().all(|f| f.code != "PWD013"));
    let mixed = format!("{only_dates}briant@contoso.com,Kq7#vZ2m!Lp9\r\n");
    let report = check_csv(mixed.as_bytes(), &Options::default());
    let rows: Vec<Option<u32>> = report
        .findings
        .iter()
        .filter(|f| f.code == "PWD013")
        .map(|f| f.row)
        .collect();
    assert_eq!(rows, [Some(2), Some(3)]);
    // Per file: the other passwords of another file do not count.
    let report = migration_preflight::check_files(
        &[
            migration_preflight::CsvFile {
                name: "a.csv",
                bytes: only_dates.as_bytes(),
            },
            migration_preflight::CsvFile {
                name: "b.csv",
                bytes: b"EmailAddress,Password\r\nbriant@contoso.com,Kq7#vZ2m!Lp9\r\nsaral@contoso.com,3/1/2024\r\n",
            },
        ],
        &Options::default(),
    );
    let places: Vec<(Option<&str>, Option<u32>)> = report
        .findings
        .iter()
        .filter(|f| f.code == "PWD013")
        .map(|f| (f.file.as_deref(), f.row))
        .collect();
    assert_eq!(places, [(Some("b.csv"), Some(3))]);
}

#[test]
fn federated_note_comes_once_and_only_with_passwords() {
    let federated = Options {
        federated: true,
        ..Options::default()
    };
    let without = check_csv(
        b"EmailAddress,Password,ForceChangePassword\r\na@contoso.com,,False\r\n",
        &federated,
    );
    assert!(without.findings.iter().all(|f| f.code != "PWD011"));
    let many = check_csv(migration_preflight::EXAMPLE_CSV.as_bytes(), &federated);
    let notes = many.findings.iter().filter(|f| f.code == "PWD011").count();
    assert_eq!(notes, 1);
    assert!(many.findings.iter().all(|f| f.code != "PWD005"));
}

#[test]
fn generated_passwords_pass_the_checks_they_are_made_for() {
    let rules = PasswordRules::new(&Options {
        banned_terms: vec!["blank".into()],
        ..Options::default()
    });
    let mut seen = std::collections::HashSet::new();
    let mut csv = String::from("EmailAddress,Password,ForceChangePassword\r\n");
    for i in 0..50 {
        let email = format!("user{i}@contoso.com");
        let password = rules.generate_for(Some(&email)).unwrap();
        assert!(seen.insert(password.clone()), "generated twice");
        csv.push_str(&format!("{email},{password},True\r\n"));
    }
    let report = check_csv(csv.as_bytes(), &Options::default());
    let password_findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code.starts_with("PWD"))
        .collect();
    assert!(password_findings.is_empty(), "{password_findings:?}");
    let plain = migration_preflight::password::generate().unwrap();
    assert_eq!(plain.chars().count(), 16);
}

/// Spaces around True or False warn (PWD007) and the corrected CSV removes them.
#[test]
fn spaces_around_true_or_false_are_corrected_by_fix() {
    let case = CASES
        .iter()
        .find(|c| c.file == "PWD007-force-change-spaces.csv")
        .unwrap();
    assert_eq!(
        check_csv(case.bytes, &options(case)).verdict,
        migration_preflight::Verdict::Warnings
    );
    let fixed = migration_preflight::fix::fix_csv(case.bytes, &options(case)).unwrap();
    let changed: Vec<Option<u32>> = fixed.changes.iter().map(|c| c.row).collect();
    assert_eq!(changed, [Some(2), Some(3)]);
    assert!(
        fixed.report.findings.is_empty(),
        "{:?}",
        fixed.report.findings
    );
}

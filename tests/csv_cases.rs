//! Every CSV fixture through the native core: exact CSV findings with rows.

mod common;

use migration_preflight::{Options, catalogue, check_csv};

fn options(case: &common::Case) -> Options {
    Options {
        domains: case.domains.iter().map(|d| d.to_string()).collect(),
        ..Options::default()
    }
}

/// The case of the fixture `file`.
fn case(file: &str) -> &'static common::Case {
    common::CASES.iter().find(|c| c.file == file).unwrap()
}

/// The batches `split` makes of the case's file alone, with default options.
fn split_alone(case: &common::Case) -> migration_preflight::split::Split {
    let files = [migration_preflight::CsvFile {
        name: case.file,
        bytes: case.bytes,
    }];
    migration_preflight::split::split(
        &files,
        &migration_preflight::split::SplitOptions::default(),
        &options(case),
    )
    .unwrap()
}

#[test]
fn every_fixture_reports_exactly_its_csv_findings() {
    for case in common::CASES {
        let report = check_csv(case.bytes, &options(case));
        let actual = common::sorted(
            report
                .findings
                .iter()
                .filter(|f| f.code.starts_with("CSV"))
                .map(|f| (f.code.to_string(), f.severity.as_str().to_string(), f.row))
                .collect(),
        );
        assert_eq!(actual, common::expected(case), "{}", case.file);
    }
}

#[test]
fn every_csv_code_has_a_fixture() {
    for rule in catalogue::rules()
        .iter()
        .filter(|r| r.code.starts_with("CSV"))
    {
        assert!(
            common::CASES.iter().any(|c| c.file.starts_with(rule.code)),
            "no fixture named after {}",
            rule.code
        );
    }
}

#[test]
fn fixture_severity_matches_the_catalogue() {
    for case in common::CASES {
        for (code, severity, _) in case.expect {
            let rule = catalogue::rule(code).unwrap_or_else(|| panic!("{code} not in catalogue"));
            assert_eq!(rule.severity.as_str(), *severity, "{code}");
        }
    }
}

/// A repeated header row (two exports pasted together) is CSV015 only: not a mailbox,
/// no finding on its words, and the corrected CSV drops it and says so.
#[test]
fn a_repeated_header_is_not_a_mailbox() {
    let case = case("CSV015-repeated-header.csv");
    let report = check_csv(case.bytes, &options(case));
    assert_eq!(report.summary.mailboxes, 4);
    let on_headers: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| matches!(f.row, Some(4 | 6)))
        .map(|f| f.code)
        .collect();
    assert_eq!(on_headers, ["CSV015", "CSV015"]);
    let fixed = migration_preflight::fix::fix_csv(case.bytes, &options(case)).unwrap();
    assert_eq!(
        fixed.csv.matches("EmailAddress").count(),
        1,
        "{}",
        fixed.csv
    );
    let dropped: Vec<Option<u32>> = fixed
        .changes
        .iter()
        .filter(|c| c.description.contains("repeated header"))
        .map(|c| c.row)
        .collect();
    assert_eq!(dropped, [Some(4), Some(6)]);
    assert_eq!(fixed.report.summary.mailboxes, 4);
    assert!(
        fixed.report.findings.is_empty(),
        "{:?}",
        fixed.report.findings
    );
}

/// A blank line between rows is a warning (CSV008), blank lines at the end nothing:
/// neither blocks, and the corrected CSV drops both.
#[test]
fn blank_lines_warn_inside_and_are_quiet_at_the_end() {
    let text = b"EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,Kq7#vZ2m!Lp9,False\r\n\r\ntobyn@contoso.com,Xw4%rT8&nB3q,False\r\n\r\n\r\n";
    let report = check_csv(text, &Options::default());
    let found: Vec<(&str, &str, Option<u32>)> = report
        .findings
        .iter()
        .map(|f| (f.code, f.severity.as_str(), f.row))
        .collect();
    assert_eq!(found, [("CSV008", "warning", Some(3))]);
    assert_eq!(report.verdict, migration_preflight::Verdict::Warnings);
    let fixed = migration_preflight::fix::fix_csv(text, &Options::default()).unwrap();
    assert!(!fixed.csv.contains("\r\n\r\n"), "{:?}", fixed.csv);
    assert_eq!(fixed.report.verdict, migration_preflight::Verdict::Ready);
}

/// Rows of only delimiters (`,,` or `;;`, which Excel leaves behind) are no mailboxes:
/// a warning each (CSV216), not an empty address; the corrected CSV drops them and
/// generates no password for them; the split leaves them out.
#[test]
fn rows_of_only_delimiters_are_not_mailboxes() {
    let case = case("CSV216-delimiter-rows.csv");
    let report = check_csv(case.bytes, &options(case));
    assert_eq!(report.summary.mailboxes, 2);
    assert_eq!(report.verdict, migration_preflight::Verdict::Warnings);
    let generate = Options {
        generate_passwords: true,
        ..options(case)
    };
    let fixed = migration_preflight::fix::fix_csv(case.bytes, &generate).unwrap();
    assert_eq!(fixed.csv.lines().count(), 3, "{}", fixed.csv);
    assert!(!fixed.csv.contains("\r\n,"), "{}", fixed.csv);
    let groups: Vec<(&str, u32)> = fixed
        .change_groups
        .iter()
        .map(|g| (g.description.as_str(), g.count))
        .collect();
    assert_eq!(groups, [("empty row removed", 3)]);
    assert_eq!(fixed.report.verdict, migration_preflight::Verdict::Ready);
    let split = split_alone(case);
    assert_eq!(split.batches[0].mailboxes, 2);
    assert_eq!(split.batches[0].csv.lines().count(), 3);
}

/// Rows of only delimiters above the header (CSV217) block the file, since the first row
/// must be the header; the rows below are still checked as mailboxes, the corrected CSV
/// starts with the header, and the split's batches do too.
#[test]
fn rows_of_only_delimiters_above_the_header_are_not_the_header() {
    let case = case("CSV217-delimiter-rows-above-header.csv");
    let report = check_csv(case.bytes, &options(case));
    assert_eq!(report.summary.mailboxes, 2);
    assert_eq!(report.verdict, migration_preflight::Verdict::Blocked);
    let fixed = migration_preflight::fix::fix_csv(case.bytes, &options(case)).unwrap();
    assert!(
        fixed
            .csv
            .starts_with("EmailAddress,Password,ForceChangePassword\r\n"),
        "{}",
        fixed.csv
    );
    assert_eq!(fixed.csv.lines().count(), 3, "{}", fixed.csv);
    assert_eq!(fixed.report.verdict, migration_preflight::Verdict::Ready);
    let split = split_alone(case);
    assert_eq!(split.batches[0].mailboxes, 2);
    assert!(
        split.batches[0].csv.starts_with("EmailAddress,"),
        "{}",
        split.batches[0].csv
    );
}

/// A file of nothing but rows of only delimiters has no header: CSV011 besides CSV217.
#[test]
fn a_file_of_only_delimiter_rows_has_no_header() {
    let report = check_csv(b",,\r\n , \r\n,,\r\n", &Options::default());
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"CSV011"), "{codes:?}");
    assert!(codes.contains(&"CSV217"), "{codes:?}");
    assert_eq!(report.summary.mailboxes, 0);
}

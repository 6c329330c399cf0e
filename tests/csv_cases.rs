//! Every CSV fixture through the native core: exact CSV findings with rows.

mod common;

use migration_preflight::{Options, catalogue, check_csv};

fn options(case: &common::Case) -> Options {
    Options {
        domains: case.domains.iter().map(|d| d.to_string()).collect(),
        ..Options::default()
    }
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

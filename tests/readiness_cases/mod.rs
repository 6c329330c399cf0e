//! Readiness cases run natively (tests/readiness.rs) and in the browser
//! (tests/wasm_readiness.rs), one function per finding code of issue 12's corrections.

use migration_preflight::CsvFile;
use migration_preflight::readiness::assessment::ExchangeVersion;
use migration_preflight::readiness::{Answer, Assessment, ReportOptions, build};
use migration_preflight::render::readiness::{Format, render};
use migration_preflight::{Severity, Verdict};
use time::macros::datetime;

const WAVE: &[u8] =
    b"EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,kT7#vQ9!mZ2xwR4x,False\r\n";

fn files() -> [CsvFile<'static>; 1] {
    [CsvFile {
        name: "wave.csv",
        bytes: WAVE,
    }]
}

fn options() -> ReportOptions {
    ReportOptions {
        pseudonymise: false,
        now: Some(datetime!(2025-03-03 09:00 +01:00)),
    }
}

/// ENV007: MRS Proxy answered "no" on an Exchange 2003 or 2007 source is an info that
/// blocks nothing, and the checklist task is not applicable (issue 12 correction 5).
pub fn env007_mrs_proxy_off_never_blocks_a_2003_or_2007_source() {
    for version in [ExchangeVersion::Exchange2003, ExchangeVersion::Exchange2007] {
        let mut a = Assessment::default();
        a.source.exchange_version = version;
        a.source.mrs_proxy_enabled = Answer::No;
        let report = build(&files(), &a, &options());
        let mrs: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == "ENV007" || f.code == "ENV008")
            .collect();
        assert_eq!(mrs.len(), 1, "{version:?}: {mrs:?}");
        assert_eq!((mrs[0].code, mrs[0].severity), ("ENV007", Severity::Info));
        assert!(!report.reasons.iter().any(|r| r.contains("ENV007")));
        let task = report
            .checklist
            .iter()
            .find(|t| t.id == "mrs-proxy")
            .unwrap();
        let json = serde_json::to_value(task).unwrap();
        assert_eq!(json["status"], "notApplicable", "{json}");
    }
}

/// ENV034: a date outside the calendar the report can hold is left out with a finding,
/// and every format still renders (issue 11 §3).
pub fn env034_out_of_range_dates_are_findings_not_panics() {
    let mut a = Assessment::default();
    a.schedule.planned_start = Some(datetime!(9999-12-31 23:59:59 -23:59));
    a.dns.mx_changed_at = Some(datetime!(0000-01-01 00:00 +23:59));
    let report = build(&files(), &a, &options());
    let out_of_range: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "ENV034")
        .collect();
    assert_eq!(out_of_range.len(), 2, "{out_of_range:?}");
    assert_ne!(report.verdict, Verdict::Ready);
    for format in [Format::Html, Format::Markdown, Format::Json, Format::Text] {
        assert!(render(&report, format).contains("ENV034"), "{format:?}");
    }
}

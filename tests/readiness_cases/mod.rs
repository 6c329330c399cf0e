//! Readiness cases run natively (tests/readiness.rs) and in the browser
//! (tests/wasm_readiness.rs), one function per finding code of issue 12's corrections.

use migration_preflight::CsvFile;
use migration_preflight::readiness::assessment::ExchangeVersion;
use migration_preflight::readiness::assessment::template;
use migration_preflight::readiness::{Answer, Assessment, DnsRecord, ReportOptions, build};
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

/// The issue's realistic answers for contoso.com: MX TTL one day, first batch
/// 2026-12-07 18:00, MX change planned 2026-12-21 18:00.
fn planned() -> Assessment {
    let mut a = Assessment::default();
    a.tenant.verified_domains = Some(vec!["contoso.com".into()]);
    a.dns.mx_ttl_seconds = Some(86_400);
    a.schedule.planned_start = Some(datetime!(2026-12-07 18:00 +01:00));
    a.schedule.planned_mx_change = Some(datetime!(2026-12-21 18:00 +01:00));
    a
}

fn as_of_november() -> ReportOptions {
    ReportOptions {
        pseudonymise: false,
        now: Some(datetime!(2026-11-27 10:00 +01:00)),
    }
}

/// The report's SPF row, if there is exactly one.
fn spf_row(report: &migration_preflight::readiness::ReadinessReport) -> DnsRecord {
    let rows: Vec<&DnsRecord> = report
        .dns
        .as_ref()
        .expect("a DNS section")
        .records
        .iter()
        .filter(|r| r.record_type == "TXT" && r.note.contains("SPF"))
        .collect();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    rows[0].clone()
}

/// Issue 17, SPF: a known published record is merged (its `mx` and `ip4:` kept, the
/// on-premises senders and Exchange Online added), as the DNS panel does.
pub fn spf_known_record_is_merged_in_the_report() {
    let mut a = planned();
    a.dns.published_spf = Some("v=spf1 mx ip4:198.51.100.7 -all".into());
    a.dns.on_premises_senders = Some(vec!["203.0.113.10".into()]);
    let report = build(&files(), &a, &as_of_november());
    let row = spf_row(&report);
    assert_eq!(
        row.value,
        "v=spf1 mx ip4:198.51.100.7 ip4:203.0.113.10 include:spf.protection.outlook.com -all"
    );
    assert!(report.findings.iter().all(|f| f.code != "ENV035"));
}

/// Issue 17, SPF: with the published record unknown, the report (every format) says
/// what to add to the existing record and never plans a replacing record.
pub fn spf_unknown_record_is_advice_in_every_format() {
    let report = build(&files(), &planned(), &as_of_november());
    let row = spf_row(&report);
    assert_eq!(row.value, "include:spf.protection.outlook.com");
    assert_eq!(row.action, "add to the existing record");
    assert!(report.findings.iter().any(|f| f.code == "ENV035"));
    for format in [Format::Text, Format::Markdown, Format::Html, Format::Json] {
        let out = render(&report, format);
        assert!(
            out.contains("add include:spf.protection.outlook.com to your existing SPF record"),
            "{format:?}"
        );
        assert!(
            !out.contains("tighten the SPF record to"),
            "{format:?}: a replacing record after the cutover"
        );
    }
}

/// Issue 17, MX: the MX change follows the migration (the last batch, one old TTL after
/// the lowering), never the first batch's start, and never the lowering deadline.
pub fn mx_change_follows_the_migration_not_its_start() {
    let mut a = planned();
    let report = build(&files(), &a, &as_of_november());
    let lower = report.dates.lower_ttl_by.clone().unwrap();
    let mx = report.dates.earliest_mx_change.clone().unwrap();
    assert_eq!(lower.at, datetime!(2026-12-07 18:00 +01:00));
    assert!(mx.at > lower.at, "{mx:?}");
    assert!(!mx.basis.contains("not before the first batch starts"));
    a.schedule.planned_last_batch = Some(datetime!(2026-12-14 18:00 +01:00));
    let report = build(&files(), &a, &as_of_november());
    let mx = report.dates.earliest_mx_change.clone().unwrap();
    assert_eq!(mx.at, datetime!(2026-12-14 18:00 +01:00));
    assert!(mx.basis.contains("last batch"), "{}", mx.basis);
    let text = render(&report, Format::Text);
    assert!(
        text.contains("Point MX to Exchange Online not before: 2026-12-14 18:00"),
        "{text}"
    );
}

/// Issue 17: the CSV answers how many mailboxes there are; the count is asked only
/// without one.
pub fn mailbox_count_comes_from_the_csv() {
    let a = Assessment::default();
    let with_csv = build(&files(), &a, &options());
    assert!(with_csv.findings.iter().all(|f| f.code != "ENV021"));
    let without = build(&[], &a, &options());
    assert!(without.findings.iter().any(|f| f.code == "ENV021"));
}

/// Issue 17: the assessment takes both date forms, and the example answers dated from
/// now have nothing overdue.
pub fn assessment_dates_in_both_forms_and_the_example_from_now() {
    let typed = Assessment::from_json(
        r#"{"schedule":{"plannedStart":"2025-03-10 18:00 +01:00","plannedLastBatch":"2025-03-14 17:00 UTC"}}"#,
    )
    .unwrap();
    let rfc = Assessment::from_json(
        r#"{"schedule":{"plannedStart":"2025-03-10T18:00:00+01:00","plannedLastBatch":"2025-03-14T18:00:00+0100"}}"#,
    )
    .unwrap();
    assert_eq!(typed.schedule, rfc.schedule);
    let now = datetime!(2026-11-27 21:05 +01:00);
    let example = Assessment::from_json(&template(now)).unwrap();
    let report = build(
        &files(),
        &example,
        &ReportOptions {
            pseudonymise: false,
            now: Some(now),
        },
    );
    let d = &report.dates;
    for dated in [&d.lower_ttl_by, &d.earliest_mx_change, &d.licence_deadline]
        .into_iter()
        .flatten()
    {
        assert!(!dated.overdue && dated.at > now, "{dated:?}");
    }
}

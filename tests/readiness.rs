//! The readiness report through the public API: snapshots of every renderer, escaping
//! of markup, pseudonyms, and that no password reaches any output.
#![cfg(not(target_arch = "wasm32"))]

mod readiness_cases;

use migration_preflight::CsvFile;
use migration_preflight::readiness::{Assessment, ReadinessReport, ReportOptions, build};
use migration_preflight::render::readiness::markdown::esc as markdown_escape;
use migration_preflight::render::readiness::{Format, render};
use migration_preflight::runbook::runbook;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const WAVE1: &[u8] = include_bytes!("fixtures/readiness/wave1.csv");
const WAVE2: &[u8] = include_bytes!("fixtures/readiness/wave2.csv");
const ASSESSMENT: &str = include_str!("fixtures/readiness/assessment.json");

/// The passwords in the fixture CSVs, exactly as the cells hold them (after CSV
/// unquoting), plus the cells as written in the file.
const PASSWORDS: &[&str] = &[
    "Zq7<script>alert('pw1')</script>&\"x\"",
    "Pw2|<b>\"Tobyn's\"</b>&amp;",
    "Pw3`$(Get-Date)'; Remove-Item C:\\ -Recurse #",
    "Pw4<img src=x onerror=alert(4)>",
    "Pw5</td></tr><tr><td>|x|",
    "\"Zq7<script>alert('pw1')</script>&\"\"x\"\"\"",
];

const FORMATS: [Format; 4] = [Format::Html, Format::Markdown, Format::Json, Format::Text];

fn now() -> OffsetDateTime {
    OffsetDateTime::parse("2025-03-03T09:00:00+01:00", &Rfc3339).unwrap()
}

fn files() -> Vec<CsvFile<'static>> {
    vec![
        CsvFile {
            name: "wave1.csv",
            bytes: WAVE1,
        },
        CsvFile {
            name: "wave2.csv",
            bytes: WAVE2,
        },
    ]
}

fn report(pseudonymise: bool) -> ReadinessReport {
    let assessment = Assessment::from_json(ASSESSMENT).unwrap();
    build(
        &files(),
        &assessment,
        &ReportOptions {
            pseudonymise,
            now: Some(now()),
        },
    )
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!("readiness_json", render(&report(false), Format::Json));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(
        "readiness_markdown",
        render(&report(false), Format::Markdown)
    );
}

#[test]
fn snapshot_text() {
    insta::assert_snapshot!("readiness_text", render(&report(false), Format::Text));
}

#[test]
fn snapshot_html() {
    insta::assert_snapshot!("readiness_html", render(&report(false), Format::Html));
}

#[test]
fn snapshot_pseudonymised_markdown() {
    insta::assert_snapshot!(
        "readiness_markdown_pseudonymised",
        render(&report(true), Format::Markdown)
    );
}

/// The runbook is made from the files that will be uploaded: here the batch files
/// `split --prefix Wave1 --size 3` wrote from a list without errors (the fixture files
/// above have errors, for which the runbook is refused).
fn batch_files() -> Vec<CsvFile<'static>> {
    vec![
        CsvFile {
            name: "Wave1-01.csv",
            bytes: include_bytes!("fixtures/runbook/Wave1-01.csv"),
        },
        CsvFile {
            name: "Wave1-02.csv",
            bytes: include_bytes!("fixtures/runbook/Wave1-02.csv"),
        },
    ]
}

#[test]
fn snapshot_runbook() {
    let assessment = Assessment::from_json(ASSESSMENT).unwrap();
    let options = ReportOptions {
        pseudonymise: false,
        now: Some(now()),
    };
    insta::assert_snapshot!(
        "readiness_runbook",
        runbook(&batch_files(), &assessment, &options).unwrap()
    );
}

/// A text escaped for HTML as askama does it (numeric character references).
fn html_escape(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// Every form a password could take in an output: as is, HTML-escaped (numeric and
/// named references), Markdown-escaped and JSON-escaped.
fn forms(password: &str) -> Vec<String> {
    let named = password
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let json = serde_json::to_string(password).unwrap();
    vec![
        password.to_string(),
        html_escape(password),
        named,
        markdown_escape(password),
        json.trim_matches('"').to_string(),
    ]
}

fn assert_no_password(output: &str, what: &str) {
    for password in PASSWORDS {
        for form in forms(password) {
            assert!(
                !output.contains(&form),
                "{what} contains a password ({form:?})"
            );
        }
    }
    // Distinctive fragments of the passwords, in case of partial leaks.
    for fragment in ["Zq7", "Pw2", "Pw3", "Pw4", "Pw5", "pw1"] {
        assert!(!output.contains(fragment), "{what} contains {fragment:?}");
    }
}

#[test]
fn no_password_in_any_output() {
    for pseudonymise in [false, true] {
        let report = report(pseudonymise);
        for format in FORMATS {
            assert_no_password(
                &render(&report, format),
                &format!("{format:?} (pseudonymised: {pseudonymise})"),
            );
        }
    }
    let assessment = Assessment::from_json(ASSESSMENT).unwrap();
    // Refused for the fixture's errors: the message holds no password either.
    let refused = runbook(&files(), &assessment, &ReportOptions::default()).unwrap_err();
    assert_no_password(&refused.to_string(), "the runbook's refusal");
    let script = runbook(&batch_files(), &assessment, &ReportOptions::default()).unwrap();
    for password in [
        "Rk7<script>alert('x')</script>&\"q\"",
        "Vm4$kR2q-Ty8%pLz",
        "Qx3`$(Get-Date)'; Hw8#",
        "Lp2x!Tw9-Kq7#vZm",
        "Gy5^Nb1@Jc6&Wd",
    ] {
        for form in forms(password) {
            assert!(!script.contains(&form), "the runbook contains {form:?}");
        }
    }
    for fragment in ["Rk7", "Vm4", "Qx3", "Lp2x", "Gy5"] {
        assert!(
            !script.contains(fragment),
            "the runbook contains {fragment:?}"
        );
    }
}

#[test]
fn html_escapes_markup_from_every_input() {
    let assessment = Assessment::from_json(ASSESSMENT).unwrap();
    let mut files = files();
    files[1].name = "<i>wave|2<i>'\".csv";
    let report = build(
        &files,
        &assessment,
        &ReportOptions {
            pseudonymise: false,
            now: Some(now()),
        },
    );
    let html = render(&report, Format::Html);
    for raw in ["<script>alert", "<b>Ltd", "<i>wave", "</script>@"] {
        assert!(!html.contains(raw), "unescaped {raw:?} in the HTML");
    }
    for value in [
        "Contoso <b>Ltd</b> & \"Partners\" 'EU'",
        "<i>wave|2<i>'\".csv",
    ] {
        let escaped = html_escape(value);
        assert!(html.contains(&escaped), "missing {escaped:?} in the HTML");
    }
    // Cells that are not valid addresses are never repeated (they may hold a password
    // from a shifted column), escaped or not: the finding names the row instead.
    for value in [
        "<script>alert(1)</script>@contoso.com",
        "a|b\"c'd&e@fabrikam.com",
    ] {
        assert!(
            !html.contains(&html_escape(value)),
            "{value:?} repeated in the HTML"
        );
    }
    // The only elements are the template's own.
    assert_eq!(html.matches("<script").count(), 0);
    assert_eq!(html.matches("<b>").count(), 0);
}

/// The number of cell separators in a Markdown table row (pipes not escaped).
fn separators(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
    }
    count
}

#[test]
fn markdown_tables_survive_pipes_quotes_and_markup() {
    let mut files = files();
    files[0].name = "wave|1\n<b>x<b>.csv";
    let assessment = Assessment::from_json(ASSESSMENT).unwrap();
    let report = build(&files, &assessment, &ReportOptions::default());
    let md = render(&report, Format::Markdown);
    let mut header = 0;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = 0;
            continue;
        }
        if header == 0 {
            header = separators(line);
        }
        assert_eq!(separators(line), header, "broken row: {line}");
    }
    assert!(md.contains("wave\\|1 &lt;b&gt;x&lt;b&gt;.csv"), "{md}");
    assert!(
        !md.contains("alert(1)"),
        "an invalid address cell is never repeated"
    );
    assert!(!md.contains("<script>") && !md.contains("<b>"));
}

#[test]
fn json_is_versioned_and_identical_for_identical_inputs() {
    let json = render(&report(false), Format::Json);
    assert_eq!(json, render(&report(false), Format::Json));
    assert!(json.starts_with("{\n  \"schemaVersion\": 2,"), "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["verdict"], "blocked");
    assert_eq!(
        value["dates"]["licenceDeadline"]["at"],
        "2025-04-02T08:00:00+01:00"
    );
    assert_eq!(value["checklist"].as_array().unwrap().len(), 20);
    let dns = value["dns"]["records"].as_array().unwrap();
    assert!(
        dns.iter().any(|r| r["recordType"] == "MX"
            && r["value"] == "0 contoso-com.mail.protection.outlook.com"),
        "{dns:?}"
    );
}

#[test]
fn pseudonymised_reports_hide_addresses_domains_files_and_the_organisation() {
    let plain = report(false);
    let report = report(true);
    for format in FORMATS {
        let out = render(&report, format).to_lowercase();
        for secret in [
            "pilarp", "tobyn", "contoso", "fabrikam", "wave1", "wave2", "partners",
        ] {
            assert!(!out.contains(secret), "{format:?} shows {secret:?}");
        }
    }
    // The duplicate finding points to row 2 and holds no address (neither the cell nor
    // its alias): a cell's column cannot be trusted.
    let duplicate = report.findings.iter().find(|f| f.code == "CSV207").unwrap();
    assert!(
        duplicate.message.contains("row 2") && !duplicate.message.contains('@'),
        "{}",
        duplicate.message
    );
    assert_eq!(duplicate.file.as_deref(), Some("file-01.csv"));
    // Deterministic, and nothing else changes.
    assert_eq!(report, self::report(true));
    assert_eq!(report.verdict, plain.verdict);
    assert_eq!(report.counts, plain.counts);
    assert_eq!(report.checklist.len(), plain.checklist.len());
}

#[test]
fn an_empty_assessment_is_all_open_items_and_never_ready() {
    let report = build(&files(), &Assessment::default(), &ReportOptions::default());
    let tasks_done = report
        .checklist
        .iter()
        .filter(|t| t.status == migration_preflight::readiness::checklist::Status::Done)
        .count();
    assert_eq!(tasks_done, 0);
    // Every unknown answer is an open item (the mailbox count comes from the CSV).
    assert!(report.counts.by_area.environment >= 13);
    assert_eq!(report.utc_offset, "UTC+00:00");
}

/// Every date field of the assessment and the report's time at the ends of the
/// calendar the `time` crate holds: out of range, left out with ENV034, and every
/// format still renders (issue 11 §3; these panicked before).
#[test]
fn dates_at_the_ends_of_the_calendar_give_env034_and_every_format_renders() {
    use time::macros::datetime;
    let ends = [
        datetime!(9999-12-31 23:59:59 -23:59),
        datetime!(9999-12-31 23:59:59 +23:59),
        datetime!(0000-01-01 00:00 +23:59),
        datetime!(0000-01-01 00:00 -23:59),
    ];
    for at in ends {
        let mut a = Assessment::from_json(ASSESSMENT).unwrap();
        a.utc_offset = Some(time::UtcOffset::from_hms(-23, -59, 0).unwrap());
        a.assessed_at = Some(at);
        a.dns.mx_ttl_seconds = Some(u32::MAX);
        a.dns.mx_ttl_lowered_at = Some(at);
        a.dns.previous_mx_ttl_seconds = Some(u32::MAX);
        a.dns.mx_changed_at = Some(at);
        a.schedule.planned_start = Some(at);
        a.schedule.planned_mx_change = Some(at);
        a.schedule.users_created_at = Some(at);
        a.schedule.last_sync_at = Some(at);
        for pseudonymise in [false, true] {
            let options = ReportOptions {
                pseudonymise,
                now: Some(at),
            };
            let report = build(&files(), &a, &options);
            let out_of_range = report.findings.iter().filter(|f| f.code == "ENV034");
            assert_eq!(out_of_range.count(), 8, "{at}");
            assert_eq!(report.as_of, None);
            for format in FORMATS {
                let out = render(&report, format);
                assert!(out.contains("ENV034"), "{format:?} at {at}");
            }
            let json: serde_json::Value =
                serde_json::from_str(&render(&report, Format::Json)).unwrap();
            assert_eq!(json["schemaVersion"], 2);
            let _ = runbook(&files(), &a, &options);
        }
    }
}

/// The report's rendered dates at a time before, between and after the planned dates
/// of the fixture (start 2025-03-10, MX change 2025-03-21, users created 2025-03-03):
/// passed deadlines say "overdue since", and the deletion never comes before the MX
/// change it waits for (issue 12 correction 7).
#[test]
fn dates_before_between_and_after_the_plan_never_contradict() {
    let a = Assessment::from_json(ASSESSMENT).unwrap();
    let at = |text: &str| OffsetDateTime::parse(text, &Rfc3339).unwrap();
    for (now, overdue) in [
        ("2025-03-03T09:00:00+01:00", false),
        ("2025-03-15T09:00:00+01:00", true),
        ("2026-11-27T10:00:00+01:00", true),
    ] {
        let report = build(
            &files(),
            &a,
            &ReportOptions {
                pseudonymise: false,
                now: Some(at(now)),
            },
        );
        let d = &report.dates;
        let mx = d.earliest_mx_change.as_ref().unwrap().at;
        let delete = d.earliest_batch_deletion.as_ref().unwrap().at;
        assert!(delete >= mx + time::Duration::hours(72), "{now}: {d:#?}");
        assert!(delete > at(now), "{now}: {d:#?}");
        let text = render(&report, Format::Text);
        assert_eq!(text.contains("overdue since"), overdue, "{now}:\n{text}");
        let lower = d.lower_ttl_by.as_ref().unwrap();
        assert_eq!(lower.overdue, overdue, "{now}");
        if now.starts_with("2026") {
            // Long after the plan: licences overdue, and no "not before" in the past.
            assert!(d.licence_deadline.as_ref().unwrap().overdue);
            assert!(
                text.contains("overdue since 2025-04-02 08:00 UTC+01:00"),
                "{text}"
            );
            assert!(!text.contains("not before 2025"), "{text}");
        }
    }
}

proptest::proptest! {
    /// Any text, with characters whose lower case has another byte length (`İ`, the
    /// Kelvin sign, `ẞ`, combining dots) around known names: no panic, and every known
    /// domain and address standing as a word is replaced, whatever its case.
    #[test]
    fn pseudonymised_text_never_panics_and_hides_known_names(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "İ", "\u{212A}", "ẞ", "\u{307}", "Σ", "é", "x", "-", ".", "@", " ", "\"",
                "CONTOSO.COM", "contoso.com", " Contoso.Com ", "pilar.p@CONTOSO.com",
                "contoso-com.mail", "İpek@contoso.com", "a@b", "@@",
            ]),
            0..40,
        )
    ) {
        use migration_preflight::readiness::pseudonym::Pseudonymiser;
        let mut p = Pseudonymiser::new();
        p.domain("contoso.com");
        p.address("Pilar.P@contoso.com");
        p.address("İpek@contoso.com");
        let text: String = parts.iter().map(|part| format!(" {part} ")).collect();
        let out = p.text(&text);
        let folded: String = out.chars().flat_map(char::to_lowercase).collect();
        proptest::prop_assert!(!folded.contains("contoso"), "{text:?} -> {out:?}");
        proptest::prop_assert!(!folded.contains("pilar"), "{text:?} -> {out:?}");
    }
}

#[test]
fn env007_mrs_proxy_off_never_blocks_a_2003_or_2007_source() {
    readiness_cases::env007_mrs_proxy_off_never_blocks_a_2003_or_2007_source();
}

#[test]
fn env034_out_of_range_dates_are_findings_not_panics() {
    readiness_cases::env034_out_of_range_dates_are_findings_not_panics();
}

#[test]
fn spf_known_record_is_merged_in_the_report() {
    readiness_cases::spf_known_record_is_merged_in_the_report();
}

#[test]
fn spf_unknown_record_is_advice_in_every_format() {
    readiness_cases::spf_unknown_record_is_advice_in_every_format();
}

#[test]
fn mx_change_follows_the_migration_not_its_start() {
    readiness_cases::mx_change_follows_the_migration_not_its_start();
}

#[test]
fn mailbox_count_comes_from_the_csv() {
    readiness_cases::mailbox_count_comes_from_the_csv();
}

#[test]
fn assessment_dates_in_both_forms_and_the_example_from_now() {
    readiness_cases::assessment_dates_in_both_forms_and_the_example_from_now();
}

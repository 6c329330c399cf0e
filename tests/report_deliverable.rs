//! The readiness report as a consultant's deliverable (issue 15): snapshots of every
//! format for Microsoft's example, a 2,000-row file with many findings and a
//! pseudonymised report; the findings grouped with the help once; file names without
//! directories; the cover block; the pictures; progress since an earlier report.
#![cfg(not(target_arch = "wasm32"))]

use migration_preflight::readiness::assessment::TEMPLATE;
use migration_preflight::readiness::since::progress;
use migration_preflight::readiness::{Assessment, ReadinessReport, ReportOptions, build};
use migration_preflight::render::readiness::{Format, render};
use migration_preflight::{CsvFile, EXAMPLE_CSV};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const FORMATS: [(Format, &str); 4] = [
    (Format::Html, "html"),
    (Format::Markdown, "md"),
    (Format::Json, "json"),
    (Format::Text, "text"),
];

fn at(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &Rfc3339).unwrap()
}

fn options(pseudonymise: bool, now: &str) -> ReportOptions {
    ReportOptions {
        pseudonymise,
        now: Some(at(now)),
    }
}

fn template() -> Assessment {
    Assessment::from_json(TEMPLATE).unwrap()
}

/// Microsoft's example, named with a Windows path as a consultant's laptop would.
fn example(pseudonymise: bool) -> ReadinessReport {
    let files = [CsvFile {
        name: r"C:\Users\jsmith\Desktop\example.csv",
        bytes: EXAMPLE_CSV.as_bytes(),
    }];
    build(
        &files,
        &template(),
        &options(pseudonymise, "2025-03-12T09:00:00+01:00"),
    )
}

/// 2,000 mailboxes: every fourth password weak, every tenth address broken, some
/// ForceChangePassword values spelt the Excel way.
fn crowded_csv() -> String {
    let mut csv = String::from("EmailAddress,Password,ForceChangePassword\r\n");
    for i in 0..2000 {
        let address = if i % 10 == 3 {
            format!("user{i}.contoso.com")
        } else {
            format!("user{i}@contoso.com")
        };
        let password = if i % 4 == 0 {
            format!("Pa$$w0rd{i}")
        } else {
            format!("Kx8#qTz4!mWv{i}")
        };
        let force = if i % 50 == 7 { "Yes" } else { "False" };
        csv.push_str(&format!("{address},{password},{force}\r\n"));
    }
    csv
}

fn crowded() -> ReadinessReport {
    let csv = crowded_csv();
    let files = [CsvFile {
        name: "/tmp/exports/wave-01.csv",
        bytes: csv.as_bytes(),
    }];
    build(
        &files,
        &template(),
        &options(false, "2025-03-03T09:00:00+01:00"),
    )
}

#[test]
fn snapshots_of_microsofts_example_in_every_format() {
    let report = example(false);
    for (format, name) in FORMATS {
        insta::assert_snapshot!(format!("example_{name}"), render(&report, format));
    }
}

#[test]
fn snapshots_of_a_2000_row_file_with_many_findings() {
    let report = crowded();
    assert_eq!(report.summary.mailboxes, 2000);
    assert!(report.findings.len() > 450, "{}", report.findings.len());
    for (format, name) in FORMATS {
        if format == Format::Json {
            // The JSON holds every finding with its help; its grouped part is the snapshot.
            let json: serde_json::Value = serde_json::from_str(&render(&report, format)).unwrap();
            let groups = serde_json::to_string_pretty(&json["groups"]).unwrap();
            insta::assert_snapshot!("crowded_json_groups", groups);
            assert_eq!(
                json["findings"].as_array().unwrap().len(),
                report.findings.len()
            );
        } else {
            insta::assert_snapshot!(format!("crowded_{name}"), render(&report, format));
        }
    }
}

#[test]
fn snapshots_of_a_pseudonymised_report() {
    let report = example(true);
    for (format, name) in FORMATS {
        let out = render(&report, format);
        assert!(
            !out.contains("Jane Doe") && !out.contains("Contoso Ltd"),
            "{name}"
        );
        assert!(!out.to_lowercase().contains("contoso.com"), "{name}");
        insta::assert_snapshot!(format!("pseudonymised_{name}"), out);
    }
}

#[test]
fn the_help_of_a_code_is_given_once_and_every_row_is_in_the_appendix() {
    let report = crowded();
    let weak = report.groups.iter().find(|g| g.code == "PWD005").unwrap();
    // 500 weak passwords; the check lists a few hundred per file and counts the rest.
    assert!(weak.count >= 200, "{}", weak.count);
    assert!(weak.rows.contains(" … and "), "{}", weak.rows);
    for format in [Format::Html, Format::Markdown, Format::Text] {
        let out = render(&report, format);
        let help: String = weak.help.chars().take(60).collect();
        assert_eq!(out.matches(&help).count(), 1, "{format:?}");
        // The appendix lists each finding on its own line.
        assert!(
            out.matches("PWD005").count() > weak.count as usize,
            "{format:?}"
        );
    }
}

#[test]
fn the_executive_summary_comes_first_and_names_the_blockers() {
    let report = crowded();
    for format in [Format::Html, Format::Markdown, Format::Text] {
        let out = render(&report, format).to_lowercase();
        let summary = out.find("executive summary").unwrap();
        let grouped = out.find("findings by code").unwrap();
        let appendix = out.find("appendix: every finding").unwrap();
        assert!(summary < grouped && grouped < appendix, "{format:?}");
        assert!(out.contains("not ready: "), "{format:?}");
        assert!(out.contains("what blocks the migration"), "{format:?}");
        assert!(out.contains("next actions"), "{format:?}");
    }
}

#[test]
fn file_names_only_never_directories_in_every_format() {
    for report in [example(false), crowded()] {
        for (format, name) in FORMATS {
            let out = render(&report, format);
            for directory in ["jsmith", "Desktop", "C:\\", "/tmp/", "exports"] {
                assert!(!out.contains(directory), "{name}: {directory}");
            }
        }
    }
    assert!(render(&example(false), Format::Text).contains("example.csv"));
    // Nor in a message: the same address in two files in two directories.
    let files = [
        CsvFile {
            name: "/home/jsmith/wave1.csv",
            bytes: b"EmailAddress\r\npilarp@contoso.com\r\n",
        },
        CsvFile {
            name: r"D:\exports\wave2.csv",
            bytes: b"EmailAddress\r\nPilarP@contoso.com\r\n",
        },
    ];
    let report = build(
        &files,
        &template(),
        &options(false, "2025-03-03T09:00:00+01:00"),
    );
    let duplicate = report.findings.iter().find(|f| f.code == "CSV207").unwrap();
    assert!(
        duplicate.message.ends_with("row 2 of wave1.csv."),
        "{}",
        duplicate.message
    );
    for (format, name) in FORMATS {
        let out = render(&report, format);
        assert!(
            !out.contains("jsmith") && !out.contains("exports"),
            "{name}"
        );
    }
}

#[test]
fn the_cover_names_consultant_customer_version_and_tool() {
    let report = example(false);
    for (format, name) in FORMATS {
        let out = render(&report, format);
        for value in [
            "Jane Doe, Fabrikam IT",
            "Contoso Ltd, IT department",
            env!("CARGO_PKG_VERSION"),
        ] {
            assert!(out.contains(value), "{name}: {value}");
        }
    }
    assert_eq!(report.cover.document_version.as_deref(), Some("1.0"));
}

#[test]
fn the_html_draws_three_pictures_without_script_or_external_resource() {
    let html = render(&example(false), Format::Html);
    assert_eq!(
        html.matches("<svg ").count(),
        3,
        "timeline, findings, checklist"
    );
    assert_eq!(html.matches("role=\"img\"").count(), 3);
    for title in [
        "Migration timeline",
        "Findings by area and severity",
        "Checklist progress",
    ] {
        assert!(
            html.contains(&format!("-title\">{title}</title>")),
            "{title}"
        );
    }
    assert!(!html.contains("<script") && !html.contains("href=") && !html.contains("src="));
    // The planned MX change is after the report's time, the TTL deadline before it.
    assert!(html.contains(">Today</text>"));
    assert!(html.contains("Lower the MX TTL by (overdue)"));
}

/// The report's JSON as an earlier version wrote it: schema 1, without the fields
/// version 2 added, and with the file's directory.
fn as_version_1(json: &str) -> String {
    let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
    let object = value.as_object_mut().unwrap();
    object.insert("schemaVersion".into(), 1.into());
    for added in ["cover", "groups", "timeline"] {
        object.remove(added);
    }
    for f in object["findings"].as_array_mut().unwrap() {
        if f["file"].is_string() {
            f["file"] = format!(r"C:\old\{}", f["file"].as_str().unwrap()).into();
        }
    }
    value.to_string()
}

#[test]
fn progress_since_an_earlier_report_of_version_1_or_2() {
    // Last week: the example with a broken address; the TTL not lowered, the endpoint not
    // made. This week: the address fixed, a new wrong ForceChangePassword, the endpoint
    // made and the MX change moved by three days.
    let before_csv = format!("{EXAMPLE_CSV}brokenaddress.contoso.com,Kx8#qTz4!mWv1,False\r\n");
    let now_csv = format!("{EXAMPLE_CSV}fixed@contoso.com,Kx8#qTz4!mWv1,Maybe\r\n");
    let earlier = build(
        &[CsvFile {
            name: "wave.csv",
            bytes: before_csv.as_bytes(),
        }],
        &template(),
        &options(false, "2025-03-03T09:00:00+01:00"),
    );
    let mut assessment = template();
    assessment.progress.endpoint_created = migration_preflight::readiness::Answer::Yes;
    assessment.schedule.planned_mx_change = Some(at("2025-03-24T18:00:00+01:00"));
    let current = build(
        &[CsvFile {
            name: "wave.csv",
            bytes: now_csv.as_bytes(),
        }],
        &assessment,
        &options(false, "2025-03-10T09:00:00+01:00"),
    );
    let json = render(&earlier, Format::Json);
    for previous in [json.clone(), as_version_1(&json)] {
        let p = progress(&current, &previous).unwrap();
        assert_eq!(p.previous_as_of, Some(at("2025-03-03T09:00:00+01:00")));
        assert!(p.resolved.iter().any(|g| g.code == "CSV202"), "{p:?}");
        assert!(p.new.iter().any(|g| g.code == "PWD009"), "{p:?}");
        assert!(p.still_open.iter().any(|g| g.code == "PWD006"), "{p:?}");
        assert_eq!(
            p.counts.resolved + p.counts.still_open,
            earlier.findings.len() as u32
        );
        assert_eq!(
            p.counts.new + p.counts.still_open,
            current.findings.len() as u32
        );
        assert!(p.tasks_done.iter().any(|t| t.id == "endpoint"), "{p:?}");
        let moved = p.dates_moved.iter().find(|d| d.key == "mxChange").unwrap();
        assert_eq!(moved.from, Some(at("2025-03-21T18:00:00+01:00")));
        assert_eq!(moved.to, Some(at("2025-03-24T18:00:00+01:00")));
    }
    let mut with = current.clone();
    with.since = Some(progress(&current, &json).unwrap());
    for (format, name) in FORMATS {
        let out = render(&with, format);
        assert!(out.contains("resolved"), "{name}");
        if format != Format::Json {
            assert!(out.contains("Dates that moved"), "{name}");
            assert!(
                out.contains("Since the report of 2025-03-03 09:00"),
                "{name}"
            );
        }
    }
    let value: serde_json::Value = serde_json::from_str(&render(&with, Format::Json)).unwrap();
    assert_eq!(value["schemaVersion"], 2);
    assert_eq!(value["since"]["previousSchemaVersion"], 2);
    assert!(value["since"]["counts"]["resolved"].as_u64().unwrap() >= 1);
}

#[test]
fn an_unreadable_or_unlike_earlier_report_is_refused_in_words() {
    let report = example(false);
    let e = progress(&report, "not json").unwrap_err();
    assert!(e.contains("--format json"), "{e}");
    let e = progress(&report, r#"{"schemaVersion": 3}"#).unwrap_err();
    assert!(e.contains("schema version 3"), "{e}");
    let pseudonymised = render(&example(true), Format::Json);
    let e = progress(&report, &pseudonymised).unwrap_err();
    assert!(e.contains("pseudonymised"), "{e}");
    // A pseudonymised report compares with a pseudonymised one, and never takes names
    // from an earlier report with names.
    assert!(progress(&example(true), &pseudonymised).is_ok());
    let named = render(&report, Format::Json);
    assert!(progress(&example(true), &named).is_err());
}

/// Directory exports are named without their folders too, in findings and counts.
#[test]
fn directory_exports_are_named_without_their_folders() {
    use migration_preflight::directory::{Directories, Export};
    use migration_preflight::readiness::build_with_directories;
    let onprem = include_bytes!("fixtures/directory/onprem-badvalues.csv");
    let cloud = include_bytes!("fixtures/directory/cloud-mailusers.csv");
    let directories = Directories {
        onprem: vec![Export {
            name: "/home/jsmith/exports/onprem.csv",
            bytes: onprem,
        }],
        cloud: vec![Export {
            name: r"C:\Users\jsmith\Desktop\cloud.csv",
            bytes: cloud,
        }],
        mailbox_quota_gb: None,
    };
    let files = [CsvFile {
        name: "wave1.csv",
        bytes: EXAMPLE_CSV.as_bytes(),
    }];
    let report = build_with_directories(
        &files,
        &directories,
        &template(),
        &options(false, "2025-03-03T09:00:00+01:00"),
    );
    assert!(report.findings.iter().any(|f| f.code.starts_with("DIR")));
    for (format, name) in FORMATS {
        let out = render(&report, format);
        assert!(!out.contains("jsmith"), "{name}");
        assert!(!out.contains("Desktop"), "{name}");
    }
}

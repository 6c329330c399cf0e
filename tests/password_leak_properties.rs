//! No marker password reaches any output, wherever it sits in the CSV.
//!
//! Generated files (see `password_cases/planted.rs`) hold marker passwords in random
//! cells of random columns, under every delimiter, encoding, quoting and layout fault a
//! real file has. Every path of the library runs on each: the check (findings, text and
//! JSON), the corrected CSV (its changes, its refusal, its report), the split (its
//! report, batch names and file names, its refusal), the readiness report (HTML,
//! Markdown, text, JSON; pseudonymised or not) and the runbook. None may hold a marker,
//! its lowercase form, its escaped forms, the IDNA form of its domain part or its token.
//! The only outputs allowed to hold passwords are the corrected CSV and the batch files.

#![cfg(not(target_arch = "wasm32"))]

mod password_cases;

use std::collections::BTreeMap;

use migration_preflight::fix::fix_csv;
use migration_preflight::readiness::{self, Assessment, ReportOptions};
use migration_preflight::render::readiness::Format;
use migration_preflight::split::{SplitOptions, split};
use migration_preflight::{CsvFile, Options, Report, check_csv, check_files, render, runbook};
use password_cases::planted::{Planted, examples, planted};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Generated files per run: enough to hit every layout many times, a few seconds.
const CASES: u64 = 100;

const ASSESSMENT: &str = include_str!("fixtures/readiness/assessment.json");

/// Everything a path wrote that a user or a report reader sees: (what, text).
type Outputs = Vec<(String, String)>;

fn option_sets() -> Vec<Options> {
    vec![
        Options::default(),
        Options {
            domains: vec!["contoso.com".into()],
            banned_terms: vec!["sommer".into()],
            tenant_name: Some("Contoso".into()),
            ..Options::default()
        },
        Options {
            federated: true,
            ..Options::default()
        },
    ]
}

/// A report's findings one by one (so a leak names its code), then rendered.
fn report(out: &mut Outputs, what: &str, report: &Report) {
    for f in &report.findings {
        out.push((
            format!("{what}: finding {}", f.code),
            format!("{} {} {:?} {:?}", f.message, f.help, f.column, f.file),
        ));
    }
    out.push((format!("{what}: text"), render::text::render(report)));
    out.push((format!("{what}: JSON"), render::json::render(report)));
}

/// Runs every path on the file and returns what each wrote.
fn outputs(case: &Planted) -> Outputs {
    let mut out = Outputs::new();
    let file = CsvFile {
        name: "wave.csv",
        bytes: &case.bytes,
    };
    let other = CsvFile {
        name: "other.csv",
        bytes: b"EmailAddress,Password\r\nuser0@contoso.com,Kx8#qTz4!mWv\r\n",
    };
    for (i, options) in option_sets().iter().enumerate() {
        report(
            &mut out,
            &format!("check {i}"),
            &check_csv(&case.bytes, options),
        );
    }
    report(
        &mut out,
        "check of two files",
        &check_files(&[file, other], &Options::default()),
    );
    for generate in [false, true] {
        let options = Options {
            generate_passwords: generate,
            ..Options::default()
        };
        match fix_csv(&case.bytes, &options) {
            Ok(fixed) => {
                for change in &fixed.changes {
                    out.push(("fix: change".into(), change.description.clone()));
                }
                for group in &fixed.change_groups {
                    out.push(("fix: change group".into(), group.description.clone()));
                }
                report(&mut out, "fix: report", &fixed.report);
            }
            Err(f) => out.push((
                format!("fix: refusal {}", f.code),
                format!("{} {}", f.message, f.help),
            )),
        }
    }
    let options = SplitOptions {
        size: 2,
        prefix: "Wave".into(),
    };
    match split(&[file, other], &options, &Options::default()) {
        Ok(split) => {
            report(&mut out, "split: report", &split.report);
            for batch in &split.batches {
                out.push(("split: batch name".into(), batch.name.clone()));
                out.push(("split: batch file name".into(), batch.file_name.clone()));
            }
        }
        Err(e) => out.push(("split: refusal".into(), e.to_string())),
    }
    let now = OffsetDateTime::parse("2025-03-03T09:00:00+01:00", &Rfc3339).unwrap();
    // The assessment lists the tenant's verified domains: addresses in others are
    // findings too.
    let assessment = Assessment::from_json(ASSESSMENT).unwrap();
    for pseudonymise in [false, true] {
        let options = ReportOptions {
            pseudonymise,
            now: Some(now),
        };
        let built = readiness::build(&[file], &assessment, &options);
        for format in [Format::Html, Format::Markdown, Format::Text, Format::Json] {
            out.push((
                format!("report {format:?} (pseudonymised {pseudonymise})"),
                render::readiness::render(&built, format),
            ));
        }
    }
    let options = ReportOptions {
        pseudonymise: false,
        now: Some(now),
    };
    out.push((
        "runbook".into(),
        match runbook::runbook(&[file], &assessment, &options) {
            Ok(script) => script,
            Err(e) => e.to_string(),
        },
    ));
    out
}

/// The leaks of one case: (what, the form found).
fn leaks(case: &Planted) -> Vec<(String, String)> {
    outputs(case)
        .into_iter()
        .filter_map(|(what, text)| case.leak(&text).map(|form| (what, form)))
        .collect()
}

/// Fails with every leaking output of every case, grouped by where it leaked.
fn assert_no_leak(cases: impl IntoIterator<Item = Planted>) {
    let mut by_output: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut count = 0;
    for case in cases {
        count += 1;
        for (what, form) in leaks(&case) {
            let entry = by_output
                .entry(what)
                .or_insert_with(|| (0, format!("{form:?} in {}", case.description)));
            entry.0 += 1;
        }
    }
    assert!(count > 0);
    if !by_output.is_empty() {
        let lines: Vec<String> = by_output
            .iter()
            .map(|(what, (n, first))| format!("{what}: {n} times, first {first}"))
            .collect();
        panic!("markers leaked:\n{}", lines.join("\n"));
    }
}

#[test]
fn the_issue_examples_leak_nothing() {
    assert_no_leak(examples());
}

#[test]
fn planted_markers_leak_nowhere() {
    assert_no_leak((0..CASES).map(planted));
}

/// The cells of a file as the checker reads them.
fn cells(bytes: &[u8]) -> Vec<String> {
    let Ok(decoded) = migration_preflight::decode::decode(bytes) else {
        return Vec::new();
    };
    let text = decoded.text.as_ref();
    let delimiter = migration_preflight::dialect::detect_delimiter(text);
    let mut cells = Vec::new();
    migration_preflight::table::read(text, delimiter, |line| {
        if let migration_preflight::table::Line::Record { record, .. } = line {
            cells.extend(record.iter().map(str::to_string));
        }
    });
    cells
}

#[test]
fn fix_never_makes_a_formula() {
    // Every cell of a corrected CSV that Excel would run as a formula was written so
    // in the input: trimming " =HYPERLINK(…)" must not make one.
    let formula = |c: &String| c.starts_with(['=', '+', '-', '@', '\t', '\r']);
    for case in (0..CASES * 3).map(planted) {
        let Ok(fixed) = fix_csv(&case.bytes, &Options::default()) else {
            continue;
        };
        let before = cells(&case.bytes);
        for cell in cells(fixed.csv.as_bytes()).iter().filter(|c| formula(c)) {
            assert!(
                before.contains(cell),
                "{cell:?} made by fix: {}",
                case.description
            );
        }
    }
}

#[test]
fn the_generator_plants_where_the_checks_look() {
    // The cases must reach the findings that once quoted cells: markers in the
    // address column, non-ASCII in Windows-1252 files, headers written otherwise.
    let mut codes: Vec<&str> = Vec::new();
    let mut legacy = 0;
    for case in (0..CASES).map(planted) {
        let report = check_csv(&case.bytes, &Options::default());
        codes.extend(report.findings.iter().map(|f| f.code));
        legacy += usize::from(case.description.contains("Windows-1252"));
        assert!(!case.markers.is_empty(), "{}", case.description);
    }
    codes.sort_unstable();
    codes.dedup();
    for code in [
        "CSV003", "CSV004", "CSV005", "CSV011", "CSV012", "CSV102", "CSV105", "CSV202", "CSV205",
        "CSV207", "CSV209", "CSV213", "PWD001", "PWD006",
    ] {
        assert!(codes.contains(&code), "no case gives {code}: {codes:?}");
    }
    assert!(legacy > 10, "{legacy} Windows-1252 files");
}

//! The readiness report, its renderers and the runbook, run in a browser through the
//! wasm build: dates (time crate) and the askama page work there, and no password
//! reaches any output.
#![cfg(target_arch = "wasm32")]

use migration_preflight::CsvFile;
use migration_preflight::readiness::{Assessment, ReportOptions, build};
use migration_preflight::render::readiness::{Format, render};
use migration_preflight::runbook::runbook;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const WAVE1: &[u8] = include_bytes!("fixtures/readiness/wave1.csv");
const WAVE2: &[u8] = include_bytes!("fixtures/readiness/wave2.csv");
const ASSESSMENT: &str = include_str!("fixtures/readiness/assessment.json");

fn files() -> [CsvFile<'static>; 2] {
    [
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

fn options(pseudonymise: bool) -> ReportOptions {
    ReportOptions {
        pseudonymise,
        now: Some(OffsetDateTime::parse("2025-03-03T09:00:00+01:00", &Rfc3339).unwrap()),
    }
}

#[wasm_bindgen_test]
fn report_dates_and_verdict() {
    let assessment = Assessment::from_json(ASSESSMENT).unwrap();
    let report = build(&files(), &assessment, &options(false));
    assert_eq!(report.verdict.as_str(), "blocked");
    let deadline = report.dates.licence_deadline.as_ref().unwrap();
    assert_eq!(
        deadline.at.format(&Rfc3339).unwrap(),
        "2025-04-02T08:00:00+01:00"
    );
    assert_eq!(report.checklist.len(), 20);
}

#[wasm_bindgen_test]
fn every_output_escapes_markup_and_holds_no_password() {
    let assessment = Assessment::from_json(ASSESSMENT).unwrap();
    for pseudonymise in [false, true] {
        let report = build(&files(), &assessment, &options(pseudonymise));
        for format in [Format::Html, Format::Markdown, Format::Json, Format::Text] {
            let out = render(&report, format);
            for fragment in ["Zq7", "Pw2", "Pw3", "Pw4", "Pw5", "pw1"] {
                assert!(!out.contains(fragment), "{format:?} holds {fragment}");
            }
        }
        let html = render(&report, Format::Html);
        assert!(!html.contains("<script") && !html.contains("<b>"));
    }
    let script = runbook(&files(), &assessment, &options(false)).unwrap();
    assert!(script.contains("New-MigrationBatch -Name 'wave1'"));
    assert!(!script.contains("Zq7") && !script.contains("Pw3"));
}

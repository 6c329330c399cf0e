//! The readiness report, its renderers and the runbook, run in a browser through the
//! wasm build: dates (time crate) and the askama page work there, and no password
//! reaches any output.
#![cfg(all(target_arch = "wasm32", not(feature = "check-only")))]

mod readiness_cases;

use migration_preflight::CsvFile;
use migration_preflight::readiness::{Assessment, ReportOptions, build};
use migration_preflight::render::readiness::{Format, render};
use migration_preflight::runbook::runbook;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use wasm_bindgen::{JsCast, JsValue};
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
    // The fixtures have errors: the runbook is refused, naming no password.
    let refused = runbook(&files(), &assessment, &options(false)).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("wave1.csv has 1 error (CSV207)")
    );
    assert!(!refused.to_string().contains("Zq7"));
    let batch = [CsvFile {
        name: "Wave1-01.csv",
        bytes: include_bytes!("fixtures/runbook/Wave1-01.csv"),
    }];
    let script = runbook(&batch, &assessment, &options(false)).unwrap();
    assert!(script.contains("[pscustomobject]@{ Name = 'Wave1-01'; File = 'Wave1-01.csv' }"));
    assert!(!script.contains("Rk7") && !script.contains("Qx3"));
}

/// Hostile calls to every export, hundreds of times on one page, then a normal call.
///
/// A panic in WebAssembly traps without unwinding (`catch_unwind` cannot catch it on
/// wasm32-unknown-unknown), so the module's stack pointer and allocator state are left
/// as they were: each panic leaked memory and after a few hundred every call failed.
/// The exports must therefore never panic; here a panic fails the test at once, and
/// the last call shows the module still works after all the errors it returned.
/// Lets the browser breathe (and the test runner read the page) between rounds.
async fn pause() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout = js_sys::Reflect::get(&global, &"setTimeout".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match set_timeout {
            Some(f) => drop(f.call2(&global, &resolve, &0.into())),
            None => drop(resolve.call0(&JsValue::UNDEFINED)),
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn hundreds_of_bad_calls_to_every_export_then_a_good_one() {
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use migration_preflight::wasm;

    fn object(pairs: &[(&str, JsValue)]) -> JsValue {
        let o = Object::new();
        for (key, value) in pairs {
            Reflect::set(&o, &(*key).into(), value).unwrap();
        }
        o.into()
    }
    fn file(name: &str, bytes: &[u8]) -> JsValue {
        object(&[
            ("name", name.into()),
            ("bytes", Uint8Array::from(bytes).into()),
        ])
    }
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let wrong_types: Vec<JsValue> = vec![
        JsValue::from(42),
        JsValue::from("text"),
        JsValue::TRUE,
        Array::new().into(),
        object(&[("pseudonymise", "yes".into())]),
        object(&[("now", 7.into())]),
        object(&[("unknownField", 1.into())]),
        object(&[("domains", JsValue::from(3))]),
        object(&[("size", JsValue::from(-1))]),
        JsValue::NULL,
        JsValue::UNDEFINED,
    ];
    let dates = [
        "9999-12-31T23:59:59-23:59",
        "0000-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59+23:59",
        "1989-12-31T23:59:59Z",
        "not a date",
    ];
    let started = js_sys::Date::now();
    for round in 0..200_usize {
        if round % 10 == 0 {
            pause().await;
        }
        let len = (next() % 200) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        if round % 3 == 0 {
            // Mostly a CSV, with hostile cells.
            bytes.splice(
                0..0,
                b"EmailAddress,Password,ForceChangePassword\n\xc4\xb0@"
                    .iter()
                    .copied(),
            );
        }
        let wrong = wrong_types[round % wrong_types.len()].clone();
        let date = dates[round % dates.len()];
        let assessment = match round % 6 {
            0 => format!(
                r#"{{"schedule":{{"plannedStart":"{date}","plannedMxChange":"{date}","usersCreatedAt":"{date}"}},"dns":{{"mxTtlSeconds":4294967295,"mxChangedAt":"{date}","mxTtlLoweredAt":"{date}","previousMxTtlSeconds":4294967295}},"assessedAt":"{date}"}}"#
            ),
            1 => "[".repeat(10_000),
            2 => r#"{"schemaVersion":99}"#.to_string(),
            3 => r#"{"tenant":{"verifiedDomains":["contoso.com","İİ.K.example","..",""]}}"#
                .to_string(),
            4 => String::from_utf8_lossy(&bytes).into_owned(),
            _ => r#"{"source":{"exchangeVersion":2007}}"#.to_string(),
        };
        let options = object(&[
            ("pseudonymise", JsValue::from(round % 2 == 0)),
            ("now", date.into()),
        ]);
        let files = || vec![file("wave.csv", &bytes), file("İİ\u{212A}.csv", &bytes)];
        let _ = wasm::check_csv(&bytes, wrong.clone());
        let _ = wasm::check_csv(&bytes, JsValue::UNDEFINED);
        let _ = wasm::check_files(vec![wrong.clone(), file("a.csv", &bytes)], JsValue::NULL);
        let _ = wasm::check_files(files(), wrong.clone());
        let _ = wasm::fix_csv(&bytes, wrong.clone());
        let _ = wasm::fix_csv(&bytes, JsValue::UNDEFINED);
        let _ = wasm::split_csv(files(), wrong.clone(), JsValue::UNDEFINED);
        let _ = wasm::split_csv(files(), object(&[("size", 1.into())]), JsValue::UNDEFINED);
        let format = ["html", "md", "json", "text", "pdf"][round % 5];
        let _ = wasm::render_report(files(), &assessment, format, Some(options.clone()));
        let _ = wasm::render_report(files(), &assessment, "json", Some(wrong.clone()));
        let _ = wasm::readiness_report(files(), &assessment, Some(options.clone()));
        let _ = wasm::readiness_report(vec![wrong.clone()], &assessment, None);
        let _ = wasm::runbook(files(), &assessment, Some(options.clone()));
        let _ = wasm::runbook(files(), &assessment, Some(wrong.clone()));
        let _ = wasm::runbook_files(files());
        let _ = wasm::runbook_files(vec![wrong.clone()]);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let probe = object(&[("probe", text.as_str().into())]);
        let _ = wasm::readiness_report(files(), &assessment, Some(probe));
        let dns = object(&[(
            "domains",
            Array::of1(&object(&[("name", text.as_str().into())])).into(),
        )]);
        let _ = wasm::dns_plan(wrong.clone());
        let _ = wasm::dns_plan(dns.clone());
        let _ = wasm::dns_render(dns.clone(), "zone");
        let _ = wasm::dns_render(wrong.clone(), "nonsense");
        let _ = wasm::dns_compare(dns.clone(), &text);
        let _ = wasm::dns_lookup_questions(wrong.clone());
        let _ = wasm::dns_query(&text, "MX");
        let _ = wasm::dns_query("contoso.com", &text);
        let _ = wasm::dns_parse_response(&bytes);
        let answer = object(&[
            ("name", "contoso.com".into()),
            ("type", "MX".into()),
            ("bytes", Uint8Array::from(&bytes[..]).into()),
        ]);
        let _ = wasm::dns_compare_answers(dns.clone(), vec![answer, wrong.clone()], &text);
        let _ = wasm::catalogue();
        let _ = wasm::generate_password();
    }
    console_log!(
        "200 rounds of bad calls: {:.0} ms",
        js_sys::Date::now() - started
    );
    // Still works.
    let report = wasm::readiness_report(
        vec![file("wave1.csv", WAVE1), file("wave2.csv", WAVE2)],
        ASSESSMENT,
        Some(object(&[("now", "2025-03-03T09:00:00+01:00".into())])),
    )
    .unwrap();
    let verdict = Reflect::get(&report, &"verdict".into()).unwrap();
    assert_eq!(verdict.as_string().as_deref(), Some("blocked"));
    assert!(wasm::check_csv(b"EmailAddress\n", JsValue::UNDEFINED).is_ok());
    assert!(!wasm::assessment_template().is_empty() && !wasm::version().is_empty());
    assert!(!wasm::example_csv().is_empty());
}

#[wasm_bindgen_test]
fn env007_mrs_proxy_off_never_blocks_a_2003_or_2007_source() {
    readiness_cases::env007_mrs_proxy_off_never_blocks_a_2003_or_2007_source();
}

#[wasm_bindgen_test]
fn env034_out_of_range_dates_are_findings_not_panics() {
    readiness_cases::env034_out_of_range_dates_are_findings_not_panics();
}

#[wasm_bindgen_test]
fn spf_known_record_is_merged_in_the_report() {
    readiness_cases::spf_known_record_is_merged_in_the_report();
}

#[wasm_bindgen_test]
fn spf_unknown_record_is_advice_in_every_format() {
    readiness_cases::spf_unknown_record_is_advice_in_every_format();
}

#[wasm_bindgen_test]
fn mx_change_follows_the_migration_not_its_start() {
    readiness_cases::mx_change_follows_the_migration_not_its_start();
}

#[wasm_bindgen_test]
fn mailbox_count_comes_from_the_csv() {
    readiness_cases::mailbox_count_comes_from_the_csv();
}

#[wasm_bindgen_test]
fn assessment_dates_in_both_forms_and_the_example_from_now() {
    readiness_cases::assessment_dates_in_both_forms_and_the_example_from_now();
}

/// The page's "Example answers": dated from the browser's clock, so the first batch is
/// about a week ahead and nothing is overdue.
#[wasm_bindgen_test]
fn the_example_answers_are_dated_from_the_browsers_clock() {
    let example = migration_preflight::wasm::assessment_template();
    let a = Assessment::from_json(&example).unwrap();
    let now = OffsetDateTime::from_unix_timestamp((js_sys::Date::now() / 1000.0) as i64).unwrap();
    let start = a.schedule.planned_start.unwrap();
    assert!(start > now + time::Duration::days(6), "{example}");
    assert!(start < now + time::Duration::days(8), "{example}");
    assert!(a.schedule.planned_mx_change.unwrap() > a.schedule.planned_last_batch.unwrap());
}

/// The options' `now` takes the same two forms as every other date.
#[wasm_bindgen_test]
fn now_takes_both_date_forms() {
    use js_sys::{Object, Reflect, Uint8Array};
    use migration_preflight::wasm;
    let file = |name: &str, bytes: &[u8]| -> JsValue {
        let o = Object::new();
        Reflect::set(&o, &"name".into(), &name.into()).unwrap();
        Reflect::set(&o, &"bytes".into(), &Uint8Array::from(bytes).into()).unwrap();
        o.into()
    };
    let as_of = |now: &str| {
        let options = Object::new();
        Reflect::set(&options, &"now".into(), &now.into()).unwrap();
        let report = wasm::readiness_report(
            vec![file("wave1.csv", WAVE1)],
            ASSESSMENT,
            Some(options.into()),
        )
        .unwrap();
        Reflect::get(&report, &"asOf".into()).unwrap().as_string()
    };
    let rfc = as_of("2025-03-03T09:00:00+01:00");
    assert_eq!(rfc.as_deref(), Some("2025-03-03T09:00:00+01:00"));
    assert_eq!(as_of("2025-03-03 09:00 +01:00"), rfc);
    assert_eq!(as_of("2025-03-03 08:00 UTC"), rfc);
}

/// The `probe` option (a probe JSON file's text) decides the certificate task, takes
/// severities from the catalogue, and refuses what is not a probe file.
#[wasm_bindgen_test]
fn a_probe_file_decides_the_certificate_task() {
    use js_sys::{Object, Reflect, Uint8Array};
    use migration_preflight::wasm;
    let options = |probe: &str| {
        let o = Object::new();
        Reflect::set(&o, &"probe".into(), &probe.into()).unwrap();
        Reflect::set(&o, &"now".into(), &"2025-03-03T09:00:00+01:00".into()).unwrap();
        Some(JsValue::from(o))
    };
    let files = || {
        let o = Object::new();
        Reflect::set(&o, &"name".into(), &"wave1.csv".into()).unwrap();
        Reflect::set(&o, &"bytes".into(), &Uint8Array::from(WAVE1).into()).unwrap();
        vec![JsValue::from(o)]
    };
    let probe = r#"{"schemaVersion":1,"kind":"migration-preflight probe","host":"mail.contoso.com","probedAt":"2025-03-03T08:00:00Z","findings":[{"code":"SRC008","severity":"info","message":"mail.contoso.com's certificate is self-signed.","help":""}]}"#;
    let report = wasm::readiness_report(files(), ASSESSMENT, options(probe)).unwrap();
    let checklist: js_sys::Array = Reflect::get(&report, &"checklist".into()).unwrap().into();
    let certificate = checklist
        .iter()
        .find(|t| {
            Reflect::get(t, &"id".into())
                .unwrap()
                .as_string()
                .as_deref()
                == Some("certificate")
        })
        .unwrap();
    let status = Reflect::get(&certificate, &"status".into()).unwrap();
    assert_eq!(status.as_string().as_deref(), Some("blocked"));
    let html = wasm::render_report(files(), ASSESSMENT, "html", options(probe)).unwrap();
    assert!(html.contains("SRC008"));
    assert!(wasm::readiness_report(files(), ASSESSMENT, options("{}")).is_err());
    // The runbook reads the probe option; it is written only for files without errors.
    let clean = {
        let o = Object::new();
        Reflect::set(&o, &"name".into(), &"Wave1-01.csv".into()).unwrap();
        let bytes = include_bytes!("fixtures/runbook/Wave1-01.csv");
        Reflect::set(&o, &"bytes".into(), &Uint8Array::from(&bytes[..]).into()).unwrap();
        vec![JsValue::from(o)]
    };
    assert!(wasm::runbook(clean, ASSESSMENT, options(probe)).is_ok());
}

#[wasm_bindgen_test]
fn the_since_option_compares_with_an_earlier_json_report() {
    use js_sys::{Object, Reflect, Uint8Array};
    use migration_preflight::wasm;

    let files = || -> Vec<JsValue> {
        [("wave1.csv", WAVE1), ("wave2.csv", WAVE2)]
            .iter()
            .map(|(name, bytes)| {
                let o = Object::new();
                Reflect::set(&o, &"name".into(), &(*name).into()).unwrap();
                Reflect::set(&o, &"bytes".into(), &Uint8Array::from(*bytes).into()).unwrap();
                o.into()
            })
            .collect()
    };
    let options = |since: Option<&str>| {
        let o = Object::new();
        Reflect::set(&o, &"now".into(), &"2025-03-03T09:00:00+01:00".into()).unwrap();
        if let Some(text) = since {
            Reflect::set(&o, &"since".into(), &text.into()).unwrap();
        }
        JsValue::from(o)
    };
    let previous = wasm::render_report(files(), ASSESSMENT, "json", Some(options(None))).unwrap();
    let report =
        wasm::readiness_report(files(), ASSESSMENT, Some(options(Some(&previous)))).unwrap();
    let since = Reflect::get(&report, &"since".into()).unwrap();
    let counts = Reflect::get(&since, &"counts".into()).unwrap();
    let open = Reflect::get(&counts, &"stillOpen".into()).unwrap().as_f64();
    let findings = js_sys::Array::from(&Reflect::get(&report, &"findings".into()).unwrap());
    assert_eq!(open, Some(f64::from(findings.length())));
    let groups = js_sys::Array::from(&Reflect::get(&report, &"groups".into()).unwrap());
    assert!(groups.length() > 0);
    let html =
        wasm::render_report(files(), ASSESSMENT, "html", Some(options(Some(&previous)))).unwrap();
    assert!(html.contains("<h2>Progress</h2>"));
    assert!(wasm::readiness_report(files(), ASSESSMENT, Some(options(Some("{")))).is_err());
}

//! The directory cases (DIR001–DIR020) through the WebAssembly adapter, in headless
//! Chromium: `checkFiles(files, { onprem, cloud })` as JavaScript calls it, one test
//! per code, named after it, on the fixtures of `tests/directory.rs`.

#![cfg(all(target_arch = "wasm32", not(feature = "check-only")))]

#[path = "fixtures/directory/cases.rs"]
mod cases;

mod common;

use cases::{ADDRESS_WORDS, CASES, MIGRATION, ONPREM};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use common::js::get;

wasm_bindgen_test_configure!(run_in_browser);

fn set(object: &Object, key: &str, value: &JsValue) {
    Reflect::set(object, &key.into(), value).unwrap();
}

fn file(&(name, bytes): &cases::File) -> JsValue {
    let object = Object::new();
    set(&object, "name", &name.into());
    set(&object, "bytes", &Uint8Array::from(bytes).into());
    object.into()
}

fn files(list: &[cases::File]) -> Array {
    list.iter().map(file).collect()
}

fn check(code: &str) {
    let case = CASES.iter().find(|c| c.code == code).expect("a case");
    let options = Object::new();
    set(&options, "onprem", &files(case.onprem));
    set(&options, "cloud", &files(case.cloud));
    let domains: Array = case.domains.iter().map(|d| JsValue::from_str(d)).collect();
    set(&options, "domains", &domains);
    let report =
        migration_preflight::wasm::check_files(files(case.csv).iter().collect(), options.into())
            .unwrap_or_else(|_| panic!("checkFiles threw for {code}"));
    let findings = Array::from(&get(&report, "findings"));
    let mut found: Vec<(String, u32)> = findings
        .iter()
        .filter(|f| get(f, "code").as_string().as_deref() == Some(code))
        .map(|f| {
            (
                get(&f, "file").as_string().unwrap_or_default(),
                get(&f, "row").as_f64().map_or(0, |r| r as u32),
            )
        })
        .collect();
    let mut expected: Vec<(String, u32)> = case
        .expected
        .iter()
        .map(|&(file, row)| (file.to_string(), row))
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected, "{code}");
    for f in findings.iter() {
        let code = get(&f, "code").as_string().unwrap();
        if !code.starts_with("DIR") {
            continue;
        }
        let message = get(&f, "message").as_string().unwrap();
        assert!(!message.contains('@'), "{code}: {message}");
        for word in ADDRESS_WORDS {
            assert!(
                !message.to_lowercase().contains(&word.to_lowercase()),
                "{code}: {message}"
            );
        }
        let keys: Vec<String> = Object::keys(f.unchecked_ref::<Object>())
            .iter()
            .filter_map(|k| k.as_string())
            .collect();
        assert!(!keys.iter().any(|k| k.contains("local")), "{keys:?}");
    }
}

macro_rules! cases {
    ($($name:ident => $code:literal),* $(,)?) => {
        $(#[wasm_bindgen_test] fn $name() { check($code); })*
    };
}

cases! {
    dir001_not_an_on_premises_address => "DIR001",
    dir002_secondary_address => "DIR002",
    dir003_not_a_mailbox => "DIR003",
    dir004_hidden_from_address_lists => "DIR004",
    dir005_um_enabled => "DIR005",
    dir006_no_mail_user_in_the_cloud => "DIR006",
    dir007_only_a_secondary_address_in_the_cloud => "DIR007",
    dir008_already_a_cloud_mailbox => "DIR008",
    dir009_already_in_a_batch => "DIR009",
    dir010_over_the_quota => "DIR010",
    dir011_unverified_domains => "DIR011",
    dir012_windows_address_differs => "DIR012",
    dir013_left_behind => "DIR013",
    dir014_address_on_two_recipients => "DIR014",
    dir015_not_an_export => "DIR015",
    dir016_missing_column => "DIR016",
    dir017_type_name => "DIR017",
    dir018_past_the_cap => "DIR018",
    dir019_unreadable_value => "DIR019",
    dir020_what_domains_were_compared_with => "DIR020",
}

#[wasm_bindgen_test]
fn a_single_export_object_and_the_quota_are_read_and_counted() {
    let options = Object::new();
    set(&options, "onprem", &file(&ONPREM));
    set(&options, "mailboxQuotaGb", &JsValue::from(100));
    let report = migration_preflight::wasm::check_files(
        files(&[MIGRATION]).iter().collect(),
        options.into(),
    )
    .unwrap();
    let directory = get(&report, "directory");
    assert_eq!(get(&directory, "mailboxQuotaGb").as_f64(), Some(100.0));
    assert_eq!(get(&directory, "rowsCompared").as_f64(), Some(14.0));
    assert_eq!(get(&directory, "overQuota").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn without_exports_the_report_has_no_directory_and_bad_options_throw() {
    let report = migration_preflight::wasm::check_files(
        files(&[MIGRATION]).iter().collect(),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert!(get(&report, "directory").is_undefined());
    let bad = Object::new();
    set(&bad, "onprem", &JsValue::from_str("mailboxes.csv"));
    assert!(
        migration_preflight::wasm::check_files(files(&[MIGRATION]).iter().collect(), bad.into())
            .is_err()
    );
    let quota = Object::new();
    set(&quota, "mailboxQuotaGb", &JsValue::from(-1));
    assert!(
        migration_preflight::wasm::check_files(files(&[MIGRATION]).iter().collect(), quota.into())
            .is_err()
    );
}

#[wasm_bindgen_test]
fn the_readiness_report_has_the_directory_section() {
    let options = Object::new();
    set(&options, "onprem", &file(&ONPREM));
    set(&options, "now", &JsValue::from_str("2025-03-01T09:00:00Z"));
    set(&options, "pseudonymise", &JsValue::TRUE);
    let text = migration_preflight::wasm::render_report(
        files(&[MIGRATION]).iter().collect(),
        "",
        "md",
        Some(options.into()),
    )
    .unwrap();
    assert!(text.contains("## Directories"), "{text}");
    assert!(!text.contains("onprem.csv"));
}

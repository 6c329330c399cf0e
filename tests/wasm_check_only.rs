//! The page's first module (feature `check-only`, pkg/migration_preflight.js) in headless
//! Chromium: it checks as the full build does, groups with the catalogue's titles, and
//! refuses directory exports saying which module compares them.
//!
//! `cargo test --target wasm32-unknown-unknown --features check-only --test wasm_check_only`
//! (the other wasm tests run against the default build, the plan module).

#![cfg(all(target_arch = "wasm32", feature = "check-only"))]

mod common;

use js_sys::{Array, Object, Reflect, Uint8Array};
use migration_preflight::wasm::{check_csv, check_files};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use common::js::{get, options};

wasm_bindgen_test_configure!(run_in_browser);

fn file(name: &str, bytes: &[u8]) -> JsValue {
    let file = Object::new();
    Reflect::set(&file, &"name".into(), &name.into()).unwrap();
    Reflect::set(&file, &"bytes".into(), &Uint8Array::from(bytes)).unwrap();
    file.into()
}

#[wasm_bindgen_test]
fn every_fixture_reports_exactly_its_csv_findings() {
    for case in common::CASES {
        let report = check_csv(case.bytes, options(case.domains))
            .unwrap_or_else(|_| panic!("checkCsv threw for {}", case.file));
        let findings: Array = get(&report, "findings").into();
        let actual = common::sorted(
            findings
                .iter()
                .map(|f| {
                    (
                        get(&f, "code").as_string().unwrap(),
                        get(&f, "severity").as_string().unwrap(),
                        get(&f, "row").as_f64().map(|r| r as u32),
                    )
                })
                .filter(|(code, _, _)| code.starts_with("CSV"))
                .collect(),
        );
        assert_eq!(actual, common::expected(case), "{}", case.file);
    }
}

#[wasm_bindgen_test]
fn every_group_has_its_catalogue_title() {
    let csv = b"EmailAddress,Password,ForceChangePassword\nnot-an-address,short,Maybe\npilarp@contoso.com,Pa$$w0rd,False\n";
    let report = check_csv(csv, JsValue::UNDEFINED).unwrap();
    let groups: Array = get(&report, "groups").into();
    assert!(groups.length() >= 3, "{}", groups.length());
    for group in groups.iter() {
        let code = get(&group, "code").as_string().unwrap();
        let expected = migration_preflight::catalogue::rule(&code).map(|r| r.title);
        assert!(expected.is_some(), "{code} is not among the check's rules");
        assert_eq!(
            get(&group, "title").as_string().as_deref(),
            expected,
            "{code}"
        );
    }
}

#[wasm_bindgen_test]
fn directory_exports_are_refused_with_the_module_that_compares_them() {
    let options = Object::new();
    Reflect::set(
        &options,
        &"onprem".into(),
        &file("mailboxes.csv", b"PrimarySmtpAddress\n"),
    )
    .unwrap();
    let error = check_files(
        vec![file("a.csv", b"EmailAddress\na@contoso.com\n")],
        options.into(),
    )
    .err()
    .map(JsValue::from)
    .expect("onprem is refused");
    let message = get(&error, "message").as_string().unwrap();
    assert!(
        message.contains("onprem") && message.contains("plan"),
        "{message}"
    );

    // Not given (null) is no export: the check runs.
    let options = Object::new();
    Reflect::set(&options, &"cloud".into(), &JsValue::NULL).unwrap();
    let report = check_files(
        vec![file("a.csv", b"EmailAddress\na@contoso.com\n")],
        options.into(),
    )
    .unwrap();
    assert_eq!(
        get(&get(&report, "summary"), "mailboxes").as_f64(),
        Some(1.0)
    );
}

//! The password cases through the WebAssembly adapter, in headless Chromium: every
//! fixture with its options as a JS object, Microsoft's worked examples, passwords
//! generated from `crypto.getRandomValues`, and no password in what JavaScript gets.

#![cfg(all(target_arch = "wasm32", not(feature = "check-only")))]

mod password_cases;

mod common;

use js_sys::{Array, JSON, Object, Reflect};
use password_cases::leak::{assert_no_password, csv};
use password_cases::{CASES, Case, Seen};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use common::js::get;

wasm_bindgen_test_configure!(run_in_browser);

fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    Reflect::set(object, &key.into(), &value.into()).unwrap();
}

/// The options of a case as the page would pass them.
fn options(case: &Case) -> JsValue {
    let options = Object::new();
    set(&options, "federated", case.federated);
    let terms: Array = case
        .banned_terms
        .iter()
        .map(|t| JsValue::from_str(t))
        .collect();
    set(&options, "bannedTerms", terms);
    if let Some(name) = case.tenant_name {
        set(&options, "tenantName", name);
    }
    options.into()
}

fn password_findings(report: &JsValue) -> Vec<Seen> {
    Array::from(&get(report, "findings"))
        .iter()
        .map(|f| {
            (
                get(&f, "code").as_string().unwrap(),
                get(&f, "severity").as_string().unwrap(),
                get(&f, "row").as_f64().map(|r| r as u32),
            )
        })
        .filter(|(code, _, _)| code.starts_with("PWD"))
        .collect()
}

#[wasm_bindgen_test]
fn every_password_fixture_reports_exactly_its_findings_in_the_browser() {
    for case in CASES {
        let report = migration_preflight::wasm::check_csv(case.bytes, options(case))
            .unwrap_or_else(|_| panic!("checkCsv threw for {}", case.file));
        assert_eq!(
            password_cases::sorted(password_findings(&report)),
            password_cases::expected(case),
            "{}",
            case.file
        );
    }
}

#[wasm_bindgen_test]
fn microsoft_worked_examples_in_the_browser() {
    let options = Object::new();
    set(&options, "bannedTerms", Array::of1(&"blank".into()));
    let csv = b"EmailAddress,Password\r\npilarp@contoso.com,C0ntos0Blank12\r\ntobyn@contoso.com,ContoS0Bl@nkf9!\r\n";
    let report = migration_preflight::wasm::check_csv(csv, options.into()).unwrap();
    assert_eq!(
        password_findings(&report),
        [("PWD005".to_string(), "warning".to_string(), Some(2))]
    );
    // Microsoft's other example: the user Poll and p0LL23fb (5 points, but the name).
    let poll = b"EmailAddress,Password\r\npoll@contoso.com,p0LL23fb\r\n";
    let report = migration_preflight::wasm::check_csv(poll, Object::new().into()).unwrap();
    assert_eq!(
        password_findings(&report),
        [("PWD005".to_string(), "warning".to_string(), Some(2))]
    );
}

#[wasm_bindgen_test]
fn password_options_are_known_and_misspelt_ones_refused() {
    let csv = b"EmailAddress,Password\r\npilarp@contoso.com,Kq7#vZ2m!Lp9\r\n";
    let options = Object::new();
    set(&options, "bannedTerms", Array::of1(&"fabrikam".into()));
    set(&options, "tenantName", "Fabrikam");
    set(&options, "generatePasswords", false);
    assert!(migration_preflight::wasm::check_csv(csv, options.into()).is_ok());
    let misspelt = Object::new();
    set(&misspelt, "bannedTerm", Array::of1(&"fabrikam".into()));
    assert!(migration_preflight::wasm::check_csv(csv, misspelt.into()).is_err());
}

#[wasm_bindgen_test]
fn generated_passwords_are_strong_and_differ() {
    let a = migration_preflight::wasm::generate_password().unwrap();
    let b = migration_preflight::wasm::generate_password().unwrap();
    assert_eq!(a.chars().count(), 16);
    assert_ne!(a, b);
    let csv =
        format!("EmailAddress,Password\r\npilarp@contoso.com,{a}\r\ntobyn@contoso.com,{b}\r\n");
    let report = migration_preflight::wasm::check_csv(csv.as_bytes(), JsValue::UNDEFINED).unwrap();
    assert!(password_findings(&report).is_empty());
}

#[wasm_bindgen_test]
fn fix_generates_passwords_when_asked() {
    let options = Object::new();
    set(&options, "generatePasswords", true);
    let csv = b"EmailAddress,Password\r\npilarp@contoso.com,\r\ntobyn@contoso.com,Pa$$w0rd\r\n";
    let fixed = migration_preflight::wasm::fix_csv(csv, options.into()).unwrap();
    let text = get(&fixed, "csv").as_string().unwrap();
    assert!(!text.contains("Pa$$w0rd"), "{text}");
    assert_eq!(Array::from(&get(&fixed, "changes")).length(), 2);
}

#[wasm_bindgen_test]
fn no_password_reaches_javascript() {
    let text = csv();
    for federated in [false, true] {
        let options = Object::new();
        set(&options, "federated", federated);
        set(&options, "bannedTerms", Array::of1(&"script".into()));
        let report = migration_preflight::wasm::check_csv(text.as_bytes(), options.into()).unwrap();
        let json: String = JSON::stringify(&report).unwrap().into();
        assert!(json.contains("PWD"), "{json}");
        assert_no_password(&json, "checkCsv's report");
        let fixed =
            migration_preflight::wasm::fix_csv(text.as_bytes(), JsValue::UNDEFINED).unwrap();
        let changes: String = JSON::stringify(&get(&fixed, "changes")).unwrap().into();
        let report: String = JSON::stringify(&get(&fixed, "report")).unwrap().into();
        assert_no_password(&changes, "fixCsv's changes");
        let groups: String = JSON::stringify(&get(&fixed, "changeGroups"))
            .unwrap()
            .into();
        assert!(groups.starts_with("[{\"description\""), "{groups}");
        assert_no_password(&groups, "fixCsv's change groups");
        assert_no_password(&report, "fixCsv's report");
    }
}

/// The text of what an export returned or threw.
fn text_of(result: Result<JsValue, wasm_bindgen::JsError>) -> String {
    match result {
        Ok(value) if value.is_string() => value.as_string().unwrap(),
        Ok(value) => JSON::stringify(&value).unwrap().into(),
        Err(e) => {
            let e = JsValue::from(e);
            get(&e, "message").as_string().unwrap_or_default()
        }
    }
}

/// `[{ name, bytes }]` as the page passes files.
fn files(bytes: &[u8]) -> Vec<JsValue> {
    let file = Object::new();
    set(&file, "name", "wave.csv");
    set(&file, "bytes", js_sys::Uint8Array::from(bytes));
    vec![file.into()]
}

#[wasm_bindgen_test]
fn planted_markers_reach_no_export() {
    use migration_preflight::wasm;
    let assessment = include_str!("fixtures/readiness/assessment.json");
    let cases = password_cases::planted::examples()
        .into_iter()
        .chain((0..24).map(password_cases::planted::planted));
    let mut leaks = Vec::new();
    for case in cases {
        let bytes = case.bytes.as_slice();
        let domains = Object::new();
        set(&domains, "domains", Array::of1(&"contoso.com".into()));
        let pseudonymised = Object::new();
        set(&pseudonymised, "pseudonymise", true);
        let mut out = vec![
            (
                "checkCsv",
                text_of(wasm::check_csv(bytes, JsValue::UNDEFINED)),
            ),
            (
                "checkCsv domains",
                text_of(wasm::check_csv(bytes, domains.clone().into())),
            ),
            (
                "checkFiles",
                text_of(wasm::check_files(files(bytes), domains.into())),
            ),
            ("fixCsv", {
                let fixed = wasm::fix_csv(bytes, JsValue::UNDEFINED);
                match fixed {
                    // The corrected CSV may hold the passwords; nothing else may.
                    Ok(fixed) => {
                        Reflect::delete_property(fixed.unchecked_ref::<Object>(), &"csv".into())
                            .unwrap();
                        text_of(Ok(fixed))
                    }
                    Err(e) => text_of(Err(e)),
                }
            }),
            ("splitCsv", {
                match wasm::split_csv(files(bytes), JsValue::UNDEFINED, JsValue::UNDEFINED) {
                    Ok(split) => {
                        let batches = Array::from(&get(&split, "batches"));
                        for batch in batches.iter() {
                            Reflect::delete_property(
                                batch.unchecked_ref::<Object>(),
                                &"csv".into(),
                            )
                            .unwrap();
                        }
                        text_of(Ok(split))
                    }
                    Err(e) => text_of(Err(e)),
                }
            }),
            (
                "readinessReport",
                text_of(wasm::readiness_report(files(bytes), assessment, None)),
            ),
            (
                "runbook",
                text_of(wasm::runbook(files(bytes), assessment, None).map(JsValue::from)),
            ),
        ];
        for format in ["html", "md", "json", "text"] {
            for options in [None, Some(JsValue::from(pseudonymised.clone()))] {
                let what = if options.is_some() {
                    "renderReport pseudonymised"
                } else {
                    "renderReport"
                };
                let text = wasm::render_report(files(bytes), assessment, format, options);
                out.push((what, text_of(text.map(JsValue::from))));
            }
        }
        for (what, text) in out {
            assert!(!text.is_empty(), "{what} returned nothing");
            if let Some(form) = case.leak(&text) {
                leaks.push(format!("{what}: {form:?} in {}", case.description));
            }
        }
    }
    assert!(leaks.is_empty(), "markers leaked:\n{}", leaks.join("\n"));
}

#[wasm_bindgen_test]
fn local_values_only_when_asked_and_never_in_reports() {
    use migration_preflight::wasm;
    let csv = b" emailaddress,Password\r\npilarp@contoso.com,=Zq9!secret\r\n";
    let json = |value: JsValue| -> String { JSON::stringify(&value).unwrap().into() };
    let off = json(wasm::check_csv(csv, JsValue::UNDEFINED).unwrap());
    assert!(
        !off.contains("localValue") && !off.contains(" emailaddress"),
        "{off}"
    );
    let on = Object::new();
    set(&on, "localValues", true);
    let report = wasm::check_csv(csv, on.clone().into()).unwrap();
    let first = Array::from(&get(&report, "findings")).get(0);
    assert_eq!(get(&first, "code").as_string().unwrap(), "CSV105");
    assert_eq!(
        get(&first, "localValue").as_string().unwrap(),
        " emailaddress"
    );
    let fixed = wasm::fix_csv(csv, on.clone().into()).unwrap();
    assert!(!json(get(&fixed, "changes")).contains("emailaddress"));
    let split = wasm::split_csv(files(csv), JsValue::UNDEFINED, on.clone().into()).unwrap();
    assert!(json(get(&split, "report")).contains("\"localValue\":\" emailaddress\""));
    let bad = Object::new();
    set(&bad, "localValues", "yes");
    assert!(wasm::check_csv(csv, bad.into()).is_err());
    // The readiness report never carries them: a report is for sharing.
    if let Ok(report) = wasm::readiness_report(files(csv), "", Some(on.into())) {
        assert!(!json(report).contains("localValue"));
    }
}

//! The CSV cases through the WebAssembly adapter, in headless Chromium.
//!
//! Calls the exported `checkCsv` function (src/wasm.rs) and reads the plain JS object
//! it returns, so the adapter's output shape is tested as JavaScript sees it.

#![cfg(all(target_arch = "wasm32", not(feature = "check-only")))]

mod common;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use common::js::{get, options};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_fixture_reports_exactly_its_csv_findings_in_the_browser() {
    for case in common::CASES {
        let report = migration_preflight::wasm::check_csv(case.bytes, options(case.domains))
            .unwrap_or_else(|_| panic!("checkCsv threw for {}", case.file));
        let findings: Array = get(&report, "findings").into();
        let actual = common::sorted(
            findings
                .iter()
                .map(|f| {
                    let row = get(&f, "row").as_f64().map(|r| r as u32);
                    (
                        get(&f, "code").as_string().unwrap(),
                        get(&f, "severity").as_string().unwrap(),
                        row,
                    )
                })
                .filter(|(code, _, _)| code.starts_with("CSV"))
                .collect(),
        );
        assert_eq!(actual, common::expected(case), "{}", case.file);
    }
}

#[wasm_bindgen_test]
fn report_is_a_plain_object_with_the_declared_fields() {
    let report =
        migration_preflight::wasm::check_csv(b"EmailAddress\nnot-an-address\n", JsValue::UNDEFINED)
            .unwrap();
    assert_eq!(
        get(&report, "verdict").as_string().as_deref(),
        Some("blocked")
    );
    let finding = Array::from(&get(&report, "findings")).get(0);
    for key in ["code", "severity", "row", "column", "message", "help"] {
        assert!(
            Reflect::has(&finding, &key.into()).unwrap(),
            "finding lacks {key}"
        );
    }
    assert_eq!(
        get(&finding, "column").as_string().as_deref(),
        Some("EmailAddress")
    );
    let summary = get(&report, "summary");
    for key in [
        "files",
        "mailboxes",
        "uniqueAddresses",
        "batchesNeeded",
        "errors",
        "warnings",
        "infos",
    ] {
        assert!(get(&summary, key).as_f64().is_some(), "summary lacks {key}");
    }
    // A plain object, not a Map: JSON.stringify sees its fields.
    let json = js_sys::JSON::stringify(&report)
        .unwrap()
        .as_string()
        .unwrap();
    assert!(json.contains("\"verdict\":\"blocked\""), "{json}");
}

#[wasm_bindgen_test]
fn bad_options_throw_and_bad_bytes_do_not() {
    let bad = Object::new();
    Reflect::set(&bad, &"domains".into(), &JsValue::from_f64(3.0)).unwrap();
    assert!(migration_preflight::wasm::check_csv(b"EmailAddress\n", bad.into()).is_err());
    // A misspelt option is an error, not silently ignored.
    let misspelt = Object::new();
    Reflect::set(&misspelt, &"federeated".into(), &JsValue::TRUE).unwrap();
    assert!(migration_preflight::wasm::check_csv(b"EmailAddress\n", misspelt.into()).is_err());
    let report =
        migration_preflight::wasm::check_csv(&[0xff, 0x00, 0xfe, 0x80], JsValue::NULL).unwrap();
    assert_eq!(
        get(&report, "verdict").as_string().as_deref(),
        Some("blocked")
    );
}

#[wasm_bindgen_test]
fn several_files_are_one_migration() {
    let file = |name: &str, text: &str| {
        let o = Object::new();
        Reflect::set(&o, &"name".into(), &name.into()).unwrap();
        Reflect::set(
            &o,
            &"bytes".into(),
            &js_sys::Uint8Array::from(text.as_bytes()),
        )
        .unwrap();
        JsValue::from(o)
    };
    let files = vec![
        file("a.csv", "EmailAddress\na@contoso.com\n"),
        file("b.csv", "EmailAddress\nA@contoso.com\n"),
    ];
    let report = migration_preflight::wasm::check_files(files, JsValue::UNDEFINED).unwrap();
    let finding = Array::from(&get(&report, "findings")).get(0);
    assert_eq!(get(&finding, "code").as_string().as_deref(), Some("CSV207"));
    assert_eq!(get(&finding, "file").as_string().as_deref(), Some("b.csv"));
}

#[wasm_bindgen_test]
fn fix_returns_the_corrected_text_and_what_changed() {
    let fixed = migration_preflight::wasm::fix_csv(
        b"emailaddress;Password\r\n a@contoso.com ;Kq7#vZ2m!Lp9\r\n",
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(
        get(&fixed, "csv").as_string().as_deref(),
        Some("EmailAddress,Password\r\na@contoso.com,Kq7#vZ2m!Lp9\r\n")
    );
    assert!(Array::from(&get(&fixed, "changes")).length() >= 3);
    let group = Array::from(&get(&fixed, "changeGroups")).get(0);
    assert_eq!(
        get(&group, "description").as_string().as_deref(),
        Some("semicolons → commas between columns")
    );
    assert_eq!(get(&group, "count").as_f64(), Some(1.0));
    assert_eq!(
        get(&get(&fixed, "report"), "verdict")
            .as_string()
            .as_deref(),
        Some("ready")
    );
    assert!(migration_preflight::wasm::fix_csv(b"", JsValue::UNDEFINED).is_err());
}

#[wasm_bindgen_test]
fn split_returns_named_batches() {
    let mut text = String::from("EmailAddress\r\n");
    for i in 0..5 {
        text.push_str(&format!("u{i}@contoso.com\r\n"));
    }
    let file = Object::new();
    Reflect::set(&file, &"name".into(), &"all.csv".into()).unwrap();
    Reflect::set(
        &file,
        &"bytes".into(),
        &js_sys::Uint8Array::from(text.as_bytes()),
    )
    .unwrap();
    let opts = Object::new();
    Reflect::set(&opts, &"size".into(), &JsValue::from_f64(2.0)).unwrap();
    Reflect::set(&opts, &"prefix".into(), &"Wave 1".into()).unwrap();
    let split =
        migration_preflight::wasm::split_csv(vec![file.into()], opts.into(), JsValue::UNDEFINED)
            .unwrap();
    let batches = Array::from(&get(&split, "batches"));
    assert_eq!(batches.length(), 3);
    assert_eq!(
        get(&batches.get(2), "fileName").as_string().as_deref(),
        Some("Wave-1-03.csv")
    );
    assert_eq!(get(&batches.get(2), "mailboxes").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn a_password_in_the_address_column_leaves_no_trace_in_the_browser() {
    // Swapped columns, a semicolon row under a comma header, and address faults built
    // around a marker password: the report JavaScript sees holds none of it.
    let marker = "Sommer2024";
    let text = format!(
        "Password,EmailAddress\r\n\
         pilarp@contoso.com,{marker}!@firma.de\r\n\
         tobyn@contoso.com,{marker}!@firma.de\r\n\
         briant@contoso.com,pilarp@contoso.com;{marker}ä!;True\r\n\
         zoek@contoso.com,{marker}+x@{marker}.local\r\n\
         rene@contoso.com,{marker}@{marker}.onmicrosoft.com\r\n\
         anna@contoso.com,{marker}\u{200b}@b{marker}ücher.de\r\n"
    );
    let report =
        migration_preflight::wasm::check_csv(text.as_bytes(), options(&["contoso.com"])).unwrap();
    let findings: Array = get(&report, "findings").into();
    let rows: Vec<u32> = findings
        .iter()
        .filter(|f| {
            get(f, "code")
                .as_string()
                .is_some_and(|c| c.starts_with("CSV2"))
        })
        .filter_map(|f| get(&f, "row").as_f64().map(|r| r as u32))
        .collect();
    for row in 2..=7 {
        assert!(
            rows.contains(&row),
            "no address finding at row {row}: {rows:?}"
        );
    }
    let json = js_sys::JSON::stringify(&report)
        .unwrap()
        .as_string()
        .unwrap()
        .to_lowercase();
    let punycode = idna::domain_to_ascii(&format!("b{marker}ücher.de")).unwrap();
    for form in [marker.to_lowercase(), punycode] {
        assert!(!json.contains(&form), "{form} in {json}");
    }
}

#[wasm_bindgen_test]
fn check_csv_groups_the_findings_by_code() {
    let report = migration_preflight::wasm::check_csv(
        b"EmailAddress\nbad-1\nbad-2\nbad-3\n",
        JsValue::UNDEFINED,
    )
    .unwrap();
    let groups = Array::from(&get(&report, "groups"));
    assert_eq!(groups.length(), 1);
    let group = groups.get(0);
    assert_eq!(get(&group, "code").as_string().as_deref(), Some("CSV202"));
    assert_eq!(get(&group, "count").as_f64(), Some(3.0));
    assert_eq!(get(&group, "rows").as_string().as_deref(), Some("2–4"));
    assert_eq!(
        Array::from(&get(&group, "columns"))
            .get(0)
            .as_string()
            .as_deref(),
        Some("EmailAddress")
    );
}

/// Calls `check` with an `onProgress` function and returns the report, its findings as
/// JSON text and the (rowsRead, rowsTotal) pairs the function was called with.
fn with_progress(
    check: impl FnOnce(Option<js_sys::Function>) -> JsValue,
) -> (JsValue, Vec<(f64, f64)>) {
    use std::{cell::RefCell, rc::Rc};
    use wasm_bindgen::{JsCast, closure::Closure};
    let seen = Rc::new(RefCell::new(Vec::new()));
    let record = seen.clone();
    let hook = Closure::<dyn FnMut(f64, f64)>::new(move |read, total| {
        record.borrow_mut().push((read, total));
    });
    let report = check(Some(
        hook.as_ref().unchecked_ref::<js_sys::Function>().clone(),
    ));
    let seen = seen.borrow().clone();
    (report, seen)
}

fn json(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn check_csv_and_check_files_call_on_progress_up_to_every_row() {
    let mut csv = String::from("EmailAddress,Password,ForceChangePassword\r\n");
    for i in 0..40_000 {
        let at = if i % 1000 == 7 { "" } else { "@" };
        csv.push_str(&format!("user{i}{at}contoso.com,Kq{i}#vZ!mLp,False\r\n"));
    }
    let rows = 40_001.0;
    let (report, seen) = with_progress(|hook| {
        migration_preflight::wasm::check_csv_with_progress(csv.as_bytes(), JsValue::UNDEFINED, hook)
            .unwrap()
    });
    assert!(seen.len() >= 3, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
    assert!(
        seen.iter()
            .all(|&(read, total)| total == rows && read <= rows)
    );
    assert_eq!(seen.last(), Some(&(rows, rows)));
    let plain = migration_preflight::wasm::check_csv(csv.as_bytes(), JsValue::UNDEFINED).unwrap();
    assert_eq!(json(&report), json(&plain));
    assert!(Array::from(&get(&report, "findings")).length() >= 40);

    let file = Object::new();
    Reflect::set(&file, &"name".into(), &"a.csv".into()).unwrap();
    let bytes = js_sys::Uint8Array::from(csv.as_bytes());
    Reflect::set(&file, &"bytes".into(), &bytes).unwrap();
    let (report, seen) = with_progress(|hook| {
        migration_preflight::wasm::check_files_with_progress(
            vec![file.clone().into()],
            JsValue::UNDEFINED,
            hook,
        )
        .unwrap()
    });
    assert_eq!(seen.last(), Some(&(rows, rows)));
    assert_eq!(
        get(&get(&report, "summary"), "mailboxes").as_f64(),
        Some(40_000.0)
    );
}

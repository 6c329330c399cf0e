//! The DNS functions through the WebAssembly adapter, in headless Chromium: the plan,
//! the wire messages, and a real DNS-over-HTTPS look-up with the browser's fetch.
//!
//! The look-up test needs `DNS_TEST_DOH_URL` at build time (from
//! `scripts/dns-test-servers.sh env`: dnsdist's DNS-over-HTTP endpoint on loopback in
//! front of Knot serving tests/fixtures/dns/contoso-before.zone). Without it that test
//! logs that it was skipped.

#![cfg(all(target_arch = "wasm32", not(feature = "check-only")))]

mod common;

use js_sys::{Array, Function, JSON, Object, Promise, Reflect, Uint8Array};
use migration_preflight::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use common::js::get;

wasm_bindgen_test_configure!(run_in_browser);

const DOH_URL: Option<&str> = option_env!("DNS_TEST_DOH_URL");
const BEFORE: &str = include_str!("fixtures/dns/contoso-before.zone");

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("valid JSON")
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).expect("serialisable").into()
}

fn input() -> JsValue {
    json(
        r#"{"domains":[{"name":"contoso.com","verification":"MS=ms12345678"}],"initialDomain":"contoso"}"#,
    )
}

fn codes(findings: &JsValue) -> Vec<String> {
    Array::from(findings)
        .iter()
        .map(|f| get(&f, "code").as_string().unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn the_plan_in_the_browser() {
    let plan = wasm::dns_plan(input()).unwrap();
    let records = Array::from(&get(&plan, "records"));
    let mx = records
        .iter()
        .find(|r| get(r, "role").as_string().as_deref() == Some("mx"))
        .expect("an MX record");
    assert_eq!(
        stringify(&mx).split("\"purpose\"").next().unwrap(),
        r#"{"zone":"contoso.com","name":"contoso.com","type":"MX","value":"contoso-com.mail.protection.outlook.com","ttl":3600,"priority":0,"phase":"at-cutover","role":"mx","#
    );
    let zone = wasm::dns_render(input(), "zone").unwrap();
    assert!(
        zone.contains("IN MX    0 contoso-com.mail.protection.outlook.com."),
        "{zone}"
    );
    let ps = wasm::dns_render(input(), "powershell").unwrap();
    assert!(ps.contains("-DescriptiveText 'MS=ms12345678'"), "{ps}");
    assert!(wasm::dns_render(input(), "html").is_err());

    let bad = wasm::dns_plan(json(r#"{"domains":[{"name":"contoso_mail.com"}]}"#)).unwrap();
    assert_eq!(codes(&get(&bad, "findings")), ["DNS002"]);
    assert!(
        wasm::dns_plan(json(r#"{"domain":"contoso.com"}"#)).is_err(),
        "unknown field"
    );
    let misspelt = json(r#"{"domains":[{"name":"contoso.com","verfication":"MS=ms12345678"}]}"#);
    assert!(
        wasm::dns_plan(misspelt).is_err(),
        "unknown field in a domain"
    );
}

#[wasm_bindgen_test]
fn a_sender_with_spf_syntax_is_refused_in_the_browser() {
    let input = json(
        r#"{"domains":[{"name":"contoso.com","verification":"ms12345678.msv1.invalid"}],"onPremisesSenders":["include:evil.example +all","203.0.113.10"]}"#,
    );
    let plan = wasm::dns_plan(input).unwrap();
    assert_eq!(codes(&get(&plan, "findings")), ["DNS016"]);
    let records = Array::from(&get(&plan, "records"));
    let value = |role: &str| {
        records
            .iter()
            .find(|r| get(r, "role").as_string().as_deref() == Some(role))
            .map(|r| stringify(&r))
            .expect("the record")
    };
    assert!(!value("spf").contains("+all"), "{}", value("spf"));
    assert!(
        value("verification-mx").contains(r#""priority":32767"#),
        "{}",
        value("verification-mx")
    );
}

#[wasm_bindgen_test]
fn queries_are_rfc8484_wire_messages() {
    let query = wasm::dns_query("contoso.com", "MX").unwrap();
    assert_eq!(&query[..2], &[0, 0], "message ID 0");
    assert!(wasm::dns_query("", "MX").is_err());
    assert!(wasm::dns_query("contoso.com", "NOPE").is_err());
    assert!(wasm::dns_parse_response(&[1, 2, 3]).is_err());
    let questions = Array::from(&wasm::dns_lookup_questions(input()).unwrap());
    assert_eq!(
        stringify(&questions.get(0)),
        r#"{"name":"contoso.com","type":"MX"}"#
    );
}

#[wasm_bindgen_test]
fn failed_requests_are_findings() {
    let answers: Vec<JsValue> = vec![
        json(r#"{"name":"contoso.com","type":"MX","error":"timeout"}"#),
        json(r#"{"name":"contoso.com","type":"TXT","error":"HTTP 502 Bad Gateway"}"#),
    ];
    let comparison =
        wasm::dns_compare_answers(input(), answers, "https://resolver.example/dns-query").unwrap();
    let found = codes(&get(&comparison, "findings"));
    assert_eq!(&found[..2], ["DNS040", "DNS045"], "{found:?}");
    assert!(
        wasm::dns_compare_answers(input(), vec![json(r#"{"name":"contoso.com"}"#)], "x").is_err()
    );
}

/// GET `url?dns=<base64url query>` with the browser's fetch; the response bytes.
async fn fetch_answer(url: &str, query: &[u8]) -> Uint8Array {
    let global = js_sys::global();
    let fetch: Function = get(&global, "fetch").dyn_into().unwrap();
    let headers = Object::new();
    Reflect::set(
        &headers,
        &"accept".into(),
        &"application/dns-message".into(),
    )
    .unwrap();
    let init = Object::new();
    Reflect::set(&init, &"headers".into(), &headers).unwrap();
    let request = format!("{url}?dns={}", base64url(query));
    let promise: Promise = fetch
        .call2(&global, &request.into(), &init)
        .unwrap()
        .dyn_into()
        .unwrap();
    let response = JsFuture::from(promise)
        .await
        .expect("the DoH endpoint answers");
    assert_eq!(get(&response, "status").as_f64(), Some(200.0));
    let array_buffer: Function = get(&response, "arrayBuffer").dyn_into().unwrap();
    let promise: Promise = array_buffer.call0(&response).unwrap().dyn_into().unwrap();
    Uint8Array::new(&JsFuture::from(promise).await.unwrap())
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[wasm_bindgen_test]
async fn doh_look_ups_return_what_the_zone_holds() {
    let Some(url) = DOH_URL else {
        console_log!("DNS_TEST_DOH_URL was not set at build time: DoH look-up test skipped");
        return;
    };
    let questions = Array::from(&wasm::dns_lookup_questions(input()).unwrap());
    let mut answers = Vec::new();
    for question in questions.iter() {
        let name = get(&question, "name").as_string().unwrap();
        let r#type = get(&question, "type").as_string().unwrap();
        let bytes = fetch_answer(url, &wasm::dns_query(&name, &r#type).unwrap()).await;
        if (name.as_str(), r#type.as_str()) == ("contoso.com", "MX") {
            let response = wasm::dns_parse_response(&bytes.to_vec()).unwrap();
            assert_eq!(
                get(&response, "rcode").as_string().as_deref(),
                Some("NOERROR")
            );
            let mx: Vec<String> = Array::from(&get(&response, "answers"))
                .iter()
                .map(|a| {
                    format!(
                        "{} {} {}",
                        get(&a, "priority").as_f64().unwrap(),
                        get(&a, "value").as_string().unwrap(),
                        get(&a, "ttl").as_f64().unwrap()
                    )
                })
                .collect();
            assert_eq!(
                mx,
                [
                    "0 ms12345678.msv1.invalid 86400",
                    "10 mail.contoso.com 86400",
                    "20 backup-mx.contoso.com 86400"
                ]
            );
        }
        let answer = Object::new();
        Reflect::set(&answer, &"name".into(), &name.into()).unwrap();
        Reflect::set(&answer, &"type".into(), &r#type.into()).unwrap();
        Reflect::set(&answer, &"bytes".into(), &bytes).unwrap();
        answers.push(answer.into());
    }
    let live = wasm::dns_compare_answers(input(), answers, url).unwrap();
    let from_zone = wasm::dns_compare(input(), BEFORE).unwrap();
    assert_eq!(
        stringify(&get(&live, "changes")),
        stringify(&get(&from_zone, "changes"))
    );
    assert_eq!(
        stringify(&get(&live, "findings")),
        stringify(&get(&from_zone, "findings"))
    );
    assert!(Array::from(&get(&live, "changes")).length() > 10);
}

/// The page builds the DNS input from the saved assessment, sets its own fields over it,
/// and plans from it; a Windows zone export is compared line by line (issue 17).
#[wasm_bindgen_test]
fn the_assessment_feeds_the_plan_and_windows_exports_are_read() {
    let input = wasm::dns_plan_input_from_assessment(
        r#"{"tenant":{"verifiedDomains":["contoso.com"],"initialDomain":"contoso.onmicrosoft.com"},
            "dns":{"verificationValue":"MS=ms12345678","publishedSpf":"v=spf1 mx -all"},
            "schedule":{"plannedMxChange":"2026-12-07T18:00:00+01:00"}}"#,
    )
    .unwrap();
    assert_eq!(
        get(&Array::from(&get(&input, "domains")).get(0), "name")
            .as_string()
            .as_deref(),
        Some("contoso.com")
    );
    let plan = wasm::dns_plan(input.clone()).unwrap();
    let spf = Array::from(&get(&plan, "records"))
        .iter()
        .find(|r| get(r, "role").as_string().as_deref() == Some("spf"))
        .expect("an SPF record");
    assert_eq!(
        get(&spf, "value").as_string().as_deref(),
        Some("v=spf1 mx include:spf.protection.outlook.com -all")
    );
    let ps = wasm::dns_render(input.clone(), "powershell").unwrap();
    assert!(ps.contains("[string] $Step = 'Show'"), "{ps}");
    assert!(wasm::dns_plan_input_from_assessment("{\"tenant\": 1}").is_err());

    let zone = include_str!("fixtures/dns/windows-export.zone").replace(
        "mail                    A\t203.0.113.10",
        "mail                    A\tnot-an-address",
    );
    let comparison = wasm::dns_compare(input, &zone).unwrap();
    let findings = Array::from(&get(&comparison, "findings"));
    let bad: Vec<String> = findings
        .iter()
        .filter(|f| get(f, "code").as_string().as_deref() == Some("DNS039"))
        .map(|f| get(&f, "message").as_string().unwrap())
        .collect();
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].starts_with("Line 36 of the zone file"), "{bad:?}");
}

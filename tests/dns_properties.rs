//! The DNS code never panics, whatever the admin types or a server sends (a panic would
//! kill the WebAssembly module), and what it renders reads back the same.

#![cfg(not(target_arch = "wasm32"))]

use migration_preflight::dns::compare::compare_zone;
use migration_preflight::dns::input::{DomainInput, PlanInput};
use migration_preflight::dns::live::{Answer, compare_answers};
use migration_preflight::dns::plan::plan;
use migration_preflight::dns::published::parse_zone;
use migration_preflight::dns::query::{Question, parse_response, query_message};
use migration_preflight::dns::{powershell, table, zone};
use proptest::prelude::*;

/// Text made of what matters to names, SPF, dates and zone files, and some that hides.
fn dnsish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just(".".to_string()),
            Just("-".to_string()),
            Just("_".to_string()),
            Just(" ".to_string()),
            Just("\"".to_string()),
            Just("\\".to_string()),
            Just("'".to_string()),
            Just("\u{2019}".to_string()),
            Just("\n".to_string()),
            Just("(".to_string()),
            Just(";".to_string()),
            Just("@".to_string()),
            Just("$ORIGIN ".to_string()),
            Just("$TTL ".to_string()),
            Just(" IN ".to_string()),
            Just(" MX ".to_string()),
            Just(" TXT ".to_string()),
            Just(" CNAME ".to_string()),
            Just("v=spf1 ".to_string()),
            Just("MS=ms".to_string()),
            Just("xn--".to_string()),
            Just("ü".to_string()),
            Just("\u{200b}".to_string()),
            Just(":".to_string()),
            Just("/".to_string()),
            Just("+01:00".to_string()),
            Just("2025-03-03".to_string()),
            "[a-z0-9]{1,8}",
            "[0-9]{1,6}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn input(fields: Vec<String>) -> PlanInput {
    let f = |i: usize| Some(fields[i].clone());
    PlanInput {
        domains: vec![DomainInput {
            name: fields[0].clone(),
            verification: f(1),
            autodiscover_namespace: f(2),
            dnssec_mx: f(3),
            dkim_selector1: f(4),
            dkim_selector2: f(5),
            existing_spf: f(6),
            mx_ttl: Some(86_400),
        }],
        initial_domain: f(7),
        on_premises_senders: vec![fields[8].clone()],
        first_batch: f(9),
        cutover: f(10),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_input_plans_and_renders(fields in proptest::collection::vec(dnsish(), 11)) {
        let input = input(fields);
        let plan = plan(&input);
        let _ = table::render(&plan);
        let _ = powershell::render(&plan);
        let text = zone::render(&plan);
        // Whatever was typed, the fragment reads back as exactly the planned records.
        if let Some(domain) = plan.domains.first() {
            let read = parse_zone(&text, &domain.ascii).expect("the fragment parses");
            prop_assert_eq!(read.records.len(), plan.records.len());
        }
    }

    #[test]
    fn any_zone_text_compares(fields in proptest::collection::vec(dnsish(), 11), zone_text in dnsish()) {
        let _ = compare_zone(&input(fields), &zone_text);
    }

    #[test]
    fn any_bytes_are_read_as_an_answer_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = parse_response(&bytes);
        let answer = Answer::from_bytes(Question::new("contoso.com", "MX"), &bytes);
        let plan_input = input(vec!["contoso.com".to_string(); 11]);
        let _ = compare_answers(&plan_input, &[answer], "test");
    }

    #[test]
    fn a_mangled_real_response_never_panics(flips in proptest::collection::vec((0usize..200, any::<u8>()), 1..8)) {
        let mut bytes = query_message("contoso.com", "TXT", 7).unwrap();
        bytes[2] |= 0x80; // make it a response
        bytes.extend_from_slice(&[0xc0, 0x0c, 0, 16, 0, 1, 0, 0, 14, 16, 0, 6, 5, b'v', b'=', b's', b'p', b'f']);
        for (at, value) in flips {
            let i = at % bytes.len();
            bytes[i] = value;
        }
        let _ = parse_response(&bytes);
    }
}

//! Fuzz target: text and bytes from outside the page's control in the DNS check: a
//! pasted zone (compared with the plan), and DNS-over-HTTPS answers (the core of
//! `dnsParseResponse`, and the comparison with live answers). Nothing may panic. Run
//! from the crate root:
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir tests/fuzz dns_text -- -max_total_time=600`

#![no_main]

use libfuzzer_sys::fuzz_target;
use migration_preflight::dns::compare::compare_zone;
use migration_preflight::dns::input::{DomainInput, PlanInput};
use migration_preflight::dns::live::{Answer, compare_answers};
use migration_preflight::dns::query::{Question, parse_response};

fuzz_target!(|data: &[u8]| {
    let input = PlanInput {
        domains: vec![DomainInput {
            existing_spf: Some("v=spf1 mx include:spf.protection.outlook.com -all".into()),
            mx_ttl: Some(86_400),
            ..DomainInput::new("contoso.com")
        }],
        initial_domain: Some("contoso.onmicrosoft.com".into()),
        on_premises_senders: vec!["203.0.113.10".into()],
        first_batch: Some("2025-03-10 18:00 +01:00".into()),
        cutover: Some("2025-03-21 18:00 +01:00".into()),
    };
    let zone = String::from_utf8_lossy(data);
    let _ = compare_zone(&input, &zone);
    let _ = parse_response(data);
    let answers: Vec<Answer> = ["MX", "TXT", "CNAME"]
        .into_iter()
        .map(|t| Answer::from_bytes(Question::new("contoso.com", t), data))
        .collect();
    let _ = compare_answers(&input, &answers, "https://resolver.example/dns-query");
});

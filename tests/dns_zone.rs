//! The generated zone fragment passes BIND's own checker, `named-checkzone` (Debian
//! package `bind9-utils`). Without the tool the test says so and passes, unless
//! `DNS_REQUIRE_TOOLS=1` (set by the test script, which installs it).

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use migration_preflight::dns::input::{DomainInput, PlanInput};
use migration_preflight::dns::plan::plan;
use migration_preflight::dns::zone;

/// A minimal zone around the fragment: SOA, NS and the name server's address.
fn zone_file(origin: &str, fragment: &str) -> String {
    format!(
        "$TTL 3600\n\
         {origin}. IN SOA ns1.{origin}. hostmaster.{origin}. 2025030101 7200 3600 1209600 3600\n\
         {origin}. IN NS ns1.{origin}.\n\
         ns1.{origin}. IN A 192.0.2.53\n\
         {fragment}"
    )
}

/// Runs `named-checkzone ORIGIN FILE`; `None` when the tool is not installed.
fn named_checkzone(origin: &str, text: &str) -> Option<(bool, String)> {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("mp-dns-zone-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("zone");
    std::fs::write(&path, text).unwrap();
    let output = match Command::new("named-checkzone")
        .arg(origin)
        .arg(&path)
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var_os("DNS_REQUIRE_TOOLS").is_none(),
                "named-checkzone is required (apt-get install bind9-utils)"
            );
            eprintln!(
                "named-checkzone not installed: apt-get install bind9-utils to run this check"
            );
            return None;
        }
        Err(e) => panic!("named-checkzone: {e}"),
    };
    let _ = std::fs::remove_dir_all(&dir);
    let log = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    Some((output.status.success(), log))
}

fn full_input(domain: &str) -> PlanInput {
    PlanInput {
        domains: vec![DomainInput {
            verification: Some("MS=ms12345678".into()),
            autodiscover_namespace: Some(format!("cloud.{domain}")),
            existing_spf: Some(format!(
                "v=spf1 mx a:mail.{domain} ip4:203.0.113.0/28 ip6:2001:db8::/48 include:_spf.example.net redirect=_spf.{domain}"
            )),
            mx_ttl: Some(86_400),
            ..DomainInput::new(domain)
        }],
        initial_domain: Some("contoso.onmicrosoft.com".into()),
        on_premises_senders: (1..=40).map(|i| format!("198.51.100.{i}")).collect(),
        first_batch: Some("2025-03-03 09:00 +01:00".into()),
        cutover: Some("2025-03-31 18:00 +02:00".into()),
    }
}

#[test]
fn the_contoso_zone_passes_named_checkzone() {
    let plan = plan(&full_input("contoso.com"));
    // The SPF record is long enough to need several strings.
    let spf = plan
        .records
        .iter()
        .find(|r| r.value.starts_with("v=spf1"))
        .unwrap();
    assert!(spf.value.len() > 255, "{}", spf.value.len());
    let fragment = zone::render(&plan);
    let Some((ok, log)) = named_checkzone("contoso.com", &zone_file("contoso.com", &fragment))
    else {
        return;
    };
    assert!(ok, "named-checkzone refused the zone:\n{log}\n{fragment}");
    assert!(log.contains("OK"), "{log}");
}

#[test]
fn an_internationalised_domain_passes_too() {
    let plan = plan(&PlanInput {
        domains: vec![DomainInput {
            verification: Some("ms87654321.msv1.invalid".into()),
            ..DomainInput::new("bücher.example")
        }],
        ..PlanInput::default()
    });
    assert_eq!(plan.domains[0].ascii, "xn--bcher-kva.example");
    let fragment = zone::render(&plan);
    if let Some((ok, log)) = named_checkzone(
        "xn--bcher-kva.example",
        &zone_file("xn--bcher-kva.example", &fragment),
    ) {
        assert!(ok, "{log}\n{fragment}");
    }
}

#[test]
fn named_checkzone_notices_a_broken_zone() {
    // Proves the check can fail: two CNAMEs where one is allowed.
    let broken = "autodiscover.contoso.com. 3600 IN CNAME a.example.\nautodiscover.contoso.com. 3600 IN CNAME b.example.\n";
    if let Some((ok, log)) = named_checkzone("contoso.com", &zone_file("contoso.com", broken)) {
        assert!(!ok, "{log}");
    }
}

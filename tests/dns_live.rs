//! Live look-ups against real DNS servers on loopback, started by
//! `scripts/dns-test-servers.sh start`: Knot (authoritative for the fixtures) at
//! `DNS_TEST_SERVER` and dnsdist in front of it at `DNS_TEST_DNSDIST`.
//!
//! Without those variables the tests say so and pass, unless `DNS_REQUIRE_SERVERS=1`.
#![cfg(feature = "live")]

use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use migration_preflight::dns::compare::compare_zone;
use migration_preflight::dns::input::{DomainInput, PlanInput};
use migration_preflight::dns::live::{self, Answer, Outcome};
use migration_preflight::dns::published::{PublishedRecord, parse_zone};
use migration_preflight::dns::query::Question;
use migration_preflight::dns::transport::Resolver;

/// The server named by `var`, or `None` (and a note) when the servers are not running.
fn server(var: &str, timeout_ms: u64) -> Option<Resolver> {
    match std::env::var(var) {
        Ok(address) => Some(Resolver::parse(&address, Duration::from_millis(timeout_ms)).unwrap()),
        Err(_) => {
            assert!(
                std::env::var_os("DNS_REQUIRE_SERVERS").is_none(),
                "{var} is not set: run scripts/dns-test-servers.sh start and export what it prints"
            );
            eprintln!("{var} not set: live DNS test skipped (scripts/dns-test-servers.sh start)");
            None
        }
    }
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/dns/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn contoso() -> PlanInput {
    PlanInput {
        domains: vec![DomainInput {
            verification: Some("MS=ms12345678".into()),
            ..DomainInput::new("contoso.com")
        }],
        initial_domain: Some("contoso.onmicrosoft.com".into()),
        ..PlanInput::default()
    }
}

fn domain(name: &str) -> PlanInput {
    PlanInput {
        domains: vec![DomainInput::new(name)],
        ..PlanInput::default()
    }
}

fn sorted(mut records: Vec<PublishedRecord>) -> Vec<PublishedRecord> {
    records.sort_by(|a, b| {
        (&a.name, &a.r#type, &a.value, a.priority).cmp(&(&b.name, &b.r#type, &b.value, b.priority))
    });
    records
}

#[test]
fn look_ups_return_what_the_zone_holds() {
    let Some(knot) = server("DNS_TEST_SERVER", 2000) else {
        return;
    };
    let zone = parse_zone(&fixture("contoso-before.zone"), "contoso.com").unwrap();
    let mut questions = live::questions_for(&contoso());
    questions.extend([
        Question::new("contoso.com", "NS"),
        Question::new("mail.contoso.com", "A"),
        Question::new("selector1._domainkey.contoso.com", "TXT"),
    ]);
    for question in &questions {
        let answer = knot.ask(question);
        let held: Vec<PublishedRecord> = zone
            .records
            .iter()
            .filter(|r| {
                r.name == question.name && (r.r#type == question.r#type || r.r#type == "CNAME")
            })
            .cloned()
            .collect();
        // A name that holds nothing at all does not exist.
        let exists = zone.records.iter().any(|r| r.name == question.name);
        let expected = if exists {
            Outcome::Answered
        } else {
            Outcome::NxDomain
        };
        assert_eq!(answer.outcome, expected, "{question:?}: {answer:?}");
        assert_eq!(sorted(answer.records), sorted(held), "{question:?}");
    }
}

#[test]
fn a_live_comparison_equals_the_zone_comparison() {
    for var in ["DNS_TEST_SERVER", "DNS_TEST_DNSDIST"] {
        let Some(resolver) = server(var, 2000) else {
            return;
        };
        let input = contoso();
        let answers = resolver.ask_all(&live::questions_for(&input));
        let live = live::compare_answers(&input, &answers, &resolver.address.to_string());
        let from_zone = compare_zone(&input, &fixture("contoso-before.zone"));
        assert_eq!(live.changes, from_zone.changes, "via {var}");
        assert_eq!(live.findings, from_zone.findings, "via {var}");
    }
}

fn codes(input: &PlanInput, answers: &[Answer]) -> Vec<&'static str> {
    live::compare_answers(input, answers, "test")
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn servfail_nxdomain_and_refused_are_findings() {
    let Some(knot) = server("DNS_TEST_SERVER", 2000) else {
        return;
    };
    for (name, outcome, code) in [
        ("broken.test", Outcome::ServFail, "DNS041"),
        ("nosuch.contoso.com", Outcome::NxDomain, "DNS042"),
        ("fabrikam.com", Outcome::Refused, "DNS044"),
    ] {
        let input = domain(name);
        let answers = knot.ask_all(&live::questions_for(&input));
        let mx = answers.iter().find(|a| a.question.r#type == "MX").unwrap();
        assert_eq!(mx.outcome, outcome, "{name}: {mx:?}");
        let found = codes(&input, &answers);
        assert_eq!(found.first(), Some(&code), "{name}: {found:?}");
    }
}

#[test]
fn a_dropped_query_times_out() {
    // dnsdist drops every query for timeout.test.
    let Some(dnsdist) = server("DNS_TEST_DNSDIST", 300) else {
        return;
    };
    let input = domain("timeout.test");
    let answers = dnsdist.ask_all(&live::questions_for(&input));
    assert!(
        answers.iter().all(|a| a.outcome == Outcome::Timeout),
        "{answers:?}"
    );
    let comparison = live::compare_answers(&input, &answers, "127.0.0.1");
    let finding = &comparison.findings[0];
    assert_eq!(finding.code, "DNS040");
    assert!(
        finding.message.contains("timeout.test MX"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("waited 300 ms over UDP"),
        "{}",
        finding.message
    );
}

#[test]
fn a_closed_port_is_unreachable() {
    if server("DNS_TEST_SERVER", 1).is_none() {
        return;
    }
    let port = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let closed = Resolver::parse(&format!("127.0.0.1:{port}"), Duration::from_millis(500)).unwrap();
    let input = domain("contoso.com");
    let answers = closed.ask_all(&live::questions_for(&input));
    assert!(
        answers.iter().all(|a| a.outcome == Outcome::Unreachable),
        "{answers:?}"
    );
    assert_eq!(codes(&input, &answers).first(), Some(&"DNS045"));
}

#[test]
fn a_truncated_answer_is_fetched_over_tcp() {
    let Some(knot) = server("DNS_TEST_SERVER", 2000) else {
        return;
    };
    let zone = parse_zone(&fixture("large.test.zone"), "large.test").unwrap();
    let txt = Question::new("large.test", "TXT");
    let answer = knot.ask(&txt);
    assert_eq!(answer.outcome, Outcome::Answered, "{answer:?}");
    let held: Vec<_> = zone
        .records
        .iter()
        .filter(|r| r.r#type == "TXT")
        .cloned()
        .collect();
    assert_eq!(held.len(), 8);
    assert_eq!(sorted(answer.records), sorted(held));
}

#[test]
fn a_truncated_answer_without_tcp_is_a_finding() {
    let Some(knot) = server("DNS_TEST_SERVER", 2000) else {
        return;
    };
    // A UDP relay to Knot with nothing listening on TCP at its port.
    let relay = UdpSocket::bind("127.0.0.1:0").unwrap();
    let relay_address = relay.local_addr().unwrap();
    let upstream: SocketAddr = knot.address;
    std::thread::spawn(move || {
        let out = UdpSocket::bind("127.0.0.1:0").unwrap();
        out.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        relay
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut buffer = [0u8; 65_535];
        while let Ok((n, client)) = relay.recv_from(&mut buffer) {
            out.send_to(&buffer[..n], upstream).unwrap();
            if let Ok(m) = out.recv(&mut buffer) {
                relay.send_to(&buffer[..m], client).unwrap();
            }
        }
    });
    let resolver = Resolver {
        address: relay_address,
        timeout: Duration::from_millis(1000),
    };
    let answer = resolver.ask(&Question::new("large.test", "TXT"));
    assert_eq!(answer.outcome, Outcome::Truncated, "{answer:?}");
    assert!(
        answer.detail.as_deref().unwrap_or("").contains("TCP"),
        "{answer:?}"
    );
    let input = domain("large.test");
    let comparison = live::compare_answers(&input, &[answer], &relay_address.to_string());
    assert_eq!(comparison.findings[0].code, "DNS043");
    assert!(comparison.findings[0].message.contains("large.test TXT"));
}

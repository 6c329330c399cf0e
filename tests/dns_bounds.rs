//! The DNS planner's bounds and guards: the verification MX after every live MX, sender
//! values that are one server, and caps on SPF records, zones and answers (each a
//! finding, never a silent cut).

use migration_preflight::dns::compare::{
    Action, MAX_ANSWER_RECORDS, compare_published, compare_zone,
};
use migration_preflight::dns::input::{DomainInput, PlanInput};
use migration_preflight::dns::live::{Answer, Outcome, compare_answers};
use migration_preflight::dns::plan::{Plan, PlannedRecord, Role, plan};
use migration_preflight::dns::published::{MAX_ZONE_LINES, PublishedRecord};
use migration_preflight::dns::query::Question;
use migration_preflight::dns::spf::MAX_RECORD;

fn input() -> PlanInput {
    PlanInput {
        domains: vec![DomainInput {
            verification: Some("ms12345678.msv1.invalid".into()),
            ..DomainInput::new("contoso.com")
        }],
        ..PlanInput::default()
    }
}

fn verification_mx(plan: &Plan) -> &PlannedRecord {
    plan.records
        .iter()
        .find(|r| r.role == Role::VerificationMx)
        .expect("a verification MX is planned")
}

fn codes<'a>(
    findings: impl IntoIterator<Item = &'a migration_preflight::Finding>,
) -> Vec<&'static str> {
    findings.into_iter().map(|f| f.code).collect()
}

#[test]
fn the_verification_mx_comes_after_every_mx_by_default() {
    let plan = plan(&input());
    let mx = verification_mx(&plan);
    assert_eq!(mx.priority, Some(32_767));
    assert!(mx.purpose.contains("32767"), "{}", mx.purpose);
    assert!(
        mx.purpose.contains("lower priority than every existing MX"),
        "{}",
        mx.purpose
    );
    // The Exchange Online MX at cutover keeps priority 0: it replaces every other MX.
    let cutover = plan
        .records
        .iter()
        .find(|r| r.role == Role::Mx)
        .expect("an MX");
    assert_eq!(cutover.priority, Some(0));
}

#[test]
fn the_verification_mx_comes_after_the_zones_highest_mx() {
    let zone = "$TTL 3600\n@ IN MX 10 mail\n@ IN MX 40000 backup.example.net.\n@ IN MX 0 ms99999999.msv1.invalid.\n";
    let comparison = compare_zone(&input(), zone);
    let mx = verification_mx(&comparison.plan);
    assert_eq!(mx.priority, Some(40_001));
    assert!(mx.purpose.contains("(40000)"), "{}", mx.purpose);
    let add = comparison
        .changes
        .iter()
        .find(|c| {
            c.action == Action::Add
                && c.r#type == "MX"
                && c.wanted
                    .as_ref()
                    .is_some_and(|w| w.value.ends_with(".msv1.invalid"))
        })
        .expect("the verification MX is to be added");
    assert_eq!(add.wanted.as_ref().and_then(|w| w.priority), Some(40_001));
    // A low published MX leaves the default in place, and says what it compared with.
    let low = compare_zone(&input(), "$TTL 3600\n@ IN MX 10 mail\n");
    let mx = verification_mx(&low.plan);
    assert_eq!(mx.priority, Some(32_767));
    assert!(mx.purpose.contains("(10)"), "{}", mx.purpose);
}

#[test]
fn the_verification_mx_comes_after_the_live_answers_highest_mx() {
    let answer = |priority: u16| Answer {
        question: Question::new("contoso.com", "MX"),
        outcome: Outcome::Answered,
        records: vec![PublishedRecord {
            name: "contoso.com".into(),
            r#type: "MX".into(),
            value: "mail.contoso.com".into(),
            ttl: 3600,
            priority: Some(priority),
        }],
        detail: None,
    };
    let comparison = compare_answers(&input(), &[answer(65_000)], "192.0.2.53");
    assert_eq!(verification_mx(&comparison.plan).priority, Some(65_001));
    // Nothing can come after 65535: the note says what to do.
    let top = compare_answers(&input(), &[answer(u16::MAX)], "192.0.2.53");
    let mx = verification_mx(&top.plan);
    assert_eq!(mx.priority, Some(u16::MAX));
    assert!(
        mx.purpose.contains("lower that record's number"),
        "{}",
        mx.purpose
    );
}

#[test]
fn a_sender_value_is_one_server_never_spf_syntax() {
    for value in [
        "include:evil.example +all",
        "+all",
        "include:_spf.example.net",
        "redirect=evil.example",
        "mx",
    ] {
        let input = PlanInput {
            on_premises_senders: vec![value.into(), "203.0.113.10".into()],
            ..input()
        };
        let plan = plan(&input);
        assert!(
            codes(&plan.findings).contains(&"DNS016"),
            "{value}: {:?}",
            codes(&plan.findings)
        );
        let spf = plan
            .records
            .iter()
            .find(|r| r.role == Role::Spf)
            .expect("an SPF record");
        assert!(
            !spf.value.contains("all ") && !spf.value.contains("+all"),
            "{value}: {}",
            spf.value
        );
        assert!(!spf.value.contains("evil"), "{}", spf.value);
        assert!(spf.value.contains("ip4:203.0.113.10"), "{}", spf.value);
    }
    let fine = PlanInput {
        on_premises_senders: vec!["mail.contoso.com".into(), "ip4:198.51.100.0/28".into()],
        ..input()
    };
    let plan = plan(&fine);
    assert!(!codes(&plan.findings).contains(&"DNS016"));
    let spf = plan
        .records
        .iter()
        .find(|r| r.role == Role::Spf)
        .expect("an SPF record");
    assert!(
        spf.value.contains("a:mail.contoso.com ip4:198.51.100.0/28"),
        "{}",
        spf.value
    );
}

#[test]
fn an_spf_record_past_the_cap_is_reported_not_read() {
    let terms: Vec<String> = (0..600)
        .map(|i| format!("ip4:10.0.{}.{}", i / 256, i % 256))
        .collect();
    let long = format!("v=spf1 {} -all", terms.join(" "));
    assert!(long.len() > MAX_RECORD);
    let input = PlanInput {
        domains: vec![DomainInput {
            existing_spf: Some(long.clone()),
            ..DomainInput::new("contoso.com")
        }],
        ..PlanInput::default()
    };
    let plan = plan(&input);
    assert_eq!(codes(&plan.findings), ["DNS015"]);
    assert!(plan.records.iter().all(|r| r.role != Role::Spf));
    // The same record published in a zone.
    let strings: Vec<String> = long
        .as_bytes()
        .chunks(250)
        .map(|c| format!("\"{}\"", String::from_utf8_lossy(c)))
        .collect();
    let zone = format!("$TTL 3600\n@ IN TXT {}\n", strings.join(" "));
    let comparison = compare_zone(
        &PlanInput {
            domains: vec![DomainInput::new("contoso.com")],
            ..PlanInput::default()
        },
        &zone,
    );
    assert!(
        codes(comparison.all_findings()).contains(&"DNS015"),
        "{:?}",
        codes(comparison.all_findings())
    );
}

#[test]
fn zone_lines_past_the_cap_are_a_finding() {
    let mut zone = String::from("$TTL 3600\n@ IN MX 10 mail\n");
    for i in 0..MAX_ZONE_LINES {
        zone.push_str(&format!("h{i} IN A 192.0.2.1\n"));
    }
    let comparison = compare_zone(&input(), &zone);
    let found = codes(&comparison.findings);
    assert!(found.contains(&"DNS038"), "{found:?}");
    let small = compare_zone(&input(), "$TTL 3600\n@ IN MX 10 mail\n");
    assert!(!codes(&small.findings).contains(&"DNS038"));
}

#[test]
fn answer_records_past_the_cap_are_a_finding_and_repeats_count_once() {
    let records = |n: usize| -> Vec<PublishedRecord> {
        (0..n)
            .map(|i| PublishedRecord {
                name: "contoso.com".into(),
                r#type: "TXT".into(),
                value: format!("token-{}", i % 700),
                ttl: 3600,
                priority: None,
            })
            .collect()
    };
    let answer = |n: usize| Answer {
        question: Question::new("contoso.com", "TXT"),
        outcome: Outcome::Answered,
        records: records(n),
        detail: None,
    };
    let big = compare_answers(&input(), &[answer(MAX_ANSWER_RECORDS + 1)], "192.0.2.53");
    assert!(
        codes(&big.findings).contains(&"DNS038"),
        "{:?}",
        codes(&big.findings)
    );
    let fits = compare_answers(
        &input(),
        &[answer(MAX_ANSWER_RECORDS), answer(10)],
        "192.0.2.53",
    );
    assert!(!codes(&fits.findings).contains(&"DNS038"));
    // The same comparison as from the distinct records alone.
    let distinct = migration_preflight::dns::compare::Published {
        records: records(700),
        ..Default::default()
    };
    assert_eq!(fits.changes, compare_published(&input(), &distinct).changes);
}

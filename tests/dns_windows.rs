//! Windows DNS zone exports (`dnscmd /ZoneExport`, the DNS Manager's export): the
//! parenthesised TXT form, `[AGE:…]` stamps, WINS records, records without a TTL; and
//! a line that cannot be read is a finding with its line number while the others are
//! still compared (issue 17).

use migration_preflight::dns::compare::{Action, compare_zone};
use migration_preflight::dns::input::{DomainInput, PlanInput};
use migration_preflight::dns::published::parse_zone;

fn input() -> PlanInput {
    PlanInput {
        domains: vec![DomainInput {
            verification: Some("MS=ms12345678".into()),
            ..DomainInput::new("contoso.com")
        }],
        ..PlanInput::default()
    }
}

fn fixture() -> String {
    let path = format!(
        "{}/tests/fixtures/dns/windows-export.zone",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fixture with line `number` (1-based) replaced by `text`.
fn with_line(number: usize, text: &str) -> String {
    replace(&fixture(), number, text)
}

/// `zone` with line `number` (1-based) replaced by `text`.
fn replace(zone: &str, number: usize, text: &str) -> String {
    zone.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == number { text } else { l })
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[test]
fn every_record_of_the_export_is_read() {
    let zone = parse_zone(&fixture(), "contoso.com").expect("the export reads");
    assert!(zone.unreadable.is_empty(), "{:?}", zone.unreadable);
    let find = |name: &str, t: &str| {
        zone.records
            .iter()
            .filter(|r| r.name == name && r.r#type == t)
            .collect::<Vec<_>>()
    };
    let spf = find("contoso.com", "TXT");
    assert_eq!(spf.len(), 1, "{:?}", zone.records);
    assert_eq!(spf[0].value, "v=spf1 mx -all");
    // No TTL and no $TTL: the SOA's default TTL, as Windows DNS and BIND use it.
    assert_eq!(spf[0].ttl, 3600);
    let mx = find("contoso.com", "MX");
    assert_eq!(
        (mx[0].value.as_str(), mx[0].priority, mx[0].ttl),
        ("mail.contoso.com", Some(10), 86_400)
    );
    // Aged (dynamically registered) records are normal records.
    assert_eq!(find("contoso.com", "A")[0].ttl, 600);
    assert_eq!(find("dc1.contoso.com", "A")[0].value, "192.0.2.5");
    assert_eq!(find("gc._msdcs.contoso.com", "A")[0].value, "192.0.2.5");
    assert_eq!(
        find("legacy.contoso.com", "TXT")[0].value,
        "first line of a long note second line"
    );
    assert_eq!(
        find("www.contoso.com", "CNAME")[0].value,
        "webhost.example.net"
    );
    assert_eq!(find("mail.contoso.com", "A")[0].ttl, 3600);
    assert_eq!(find("contoso.com", "SOA").len(), 1);
    assert_eq!(find("contoso.com", "NS").len(), 1);
}

#[test]
fn the_merge_keeps_the_published_mx_term() {
    let c = compare_zone(&input(), &fixture());
    assert!(
        c.findings
            .iter()
            .all(|f| f.code != "DNS039" && f.code != "DNS030"),
        "{:?}",
        c.findings
    );
    let spf: Vec<_> = c
        .changes
        .iter()
        .filter(|ch| {
            ch.r#type == "TXT"
                && ch
                    .wanted
                    .as_ref()
                    .or(ch.current.as_ref())
                    .is_some_and(|r| r.value.starts_with("v=spf1"))
        })
        .collect();
    assert_eq!(spf.len(), 1, "one SPF record, changed: {spf:?}");
    assert_eq!(spf[0].action, Action::Change);
    let wanted = &spf[0].wanted.as_ref().unwrap().value;
    assert!(wanted.contains(" mx "), "{wanted}");
    assert!(
        wanted.contains("include:spf.protection.outlook.com"),
        "{wanted}"
    );
    // The published MX TTL of a day is picked up for the TTL step.
    assert!(
        c.plan
            .steps
            .iter()
            .any(|s| s.text.contains("from 86,400 s")),
        "{:?}",
        c.plan.steps
    );
}

#[test]
fn an_unreadable_line_is_a_finding_with_its_number_and_the_rest_is_compared() {
    for (line, text, why) in [
        (36, "mail                    A\tnot-an-address", "A record"),
        (
            37,
            "www                     BOGUS\twebhost.example.net.",
            "record type",
        ),
        (
            33,
            "dc1                     [AGE:x] 1200\tA\t192.0.2.5",
            "record",
        ),
        (
            36,
            "mail                    MX\tten mail.contoso.com.",
            "MX record",
        ),
        (36, "$INCLUDE other.zone", "$INCLUDE"),
        (36, "mail                    TXT\t\"unterminated", "quote"),
    ] {
        let c = compare_zone(&input(), &with_line(line, text));
        let bad: Vec<_> = c.findings.iter().filter(|f| f.code == "DNS039").collect();
        assert_eq!(bad.len(), 1, "{text}: {:?}", c.findings);
        let message = &bad[0].message;
        assert!(
            message.starts_with(&format!("Line {line} of the zone file")),
            "{text}: {message}"
        );
        assert!(message.contains(why), "{text}: {message}");
        for internal in ["proto error", "hickory", "decoding error", "ParseError"] {
            assert!(!message.contains(internal), "{message}");
        }
        // The MX and the SPF record were still read and compared.
        assert!(
            c.changes
                .iter()
                .any(|ch| ch.r#type == "MX" && ch.action == Action::Remove),
            "{text}: {:?}",
            c.changes
        );
        assert!(
            c.changes
                .iter()
                .any(|ch| ch.r#type == "TXT" && ch.action == Action::Change),
            "{text}"
        );
    }
}

#[test]
fn a_parenthesis_never_closed_is_found_on_its_line() {
    // The next line starts a record in the first column: the parenthesis ends there.
    let zone = with_line(34, "legacy                  TXT\t( \"never closed\"");
    let zone = replace(&zone, 35, "mail2                   A\t192.0.2.7");
    let c = compare_zone(&input(), &zone);
    let bad: Vec<_> = c.findings.iter().filter(|f| f.code == "DNS039").collect();
    assert_eq!(bad.len(), 1, "{:?}", c.findings);
    assert!(
        bad[0].message.starts_with("Line 34 of the zone file"),
        "{}",
        bad[0].message
    );
    // Records before it were read.
    assert!(c.changes.iter().any(|ch| ch.r#type == "MX"));
    // At the end of the text.
    let zone = fixture() + "legacy2 TXT ( \"never closed\"\r\n";
    let c = compare_zone(&input(), &zone);
    let bad: Vec<_> = c.findings.iter().filter(|f| f.code == "DNS039").collect();
    assert_eq!(bad.len(), 1, "{:?}", c.findings);
    assert!(
        bad[0].message.starts_with("Line 40 of the zone file"),
        "{}",
        bad[0].message
    );
}

//! The comparison against a prepared "before" zone lists exactly the expected changes.

use migration_preflight::dns::compare::{Action, compare_zone};
use migration_preflight::dns::input::{DomainInput, PlanInput};

fn input() -> PlanInput {
    PlanInput {
        domains: vec![DomainInput {
            verification: Some("MS=ms12345678".into()),
            ..DomainInput::new("contoso.com")
        }],
        initial_domain: Some("contoso.onmicrosoft.com".into()),
        ..PlanInput::default()
    }
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/dns/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_before_zone_needs_exactly_the_expected_changes() {
    let comparison = compare_zone(&input(), &fixture("contoso-before.zone"));
    let actual: Vec<String> = comparison
        .changes
        .iter()
        .map(|c| {
            let r = c.wanted.as_ref().or(c.current.as_ref()).expect("a record");
            let priority = r.priority.map(|p| format!("{p} ")).unwrap_or_default();
            format!(
                "{} {} {} {} {priority}{} {}",
                c.action.as_str(),
                c.phase.as_str(),
                c.name,
                c.r#type,
                r.value,
                r.ttl
            )
        })
        .collect();
    let expected: Vec<String> = fixture("contoso-before.expected")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    assert_eq!(actual, expected);

    let mut codes: Vec<&str> = comparison.findings.iter().map(|f| f.code).collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["DNS031", "DNS031", "DNS032", "DNS033", "DNS034", "DNS036"]
    );
    // The change of the SPF record shows what is published now.
    let spf = comparison
        .changes
        .iter()
        .find(|c| c.action == Action::Change && c.r#type == "TXT")
        .unwrap();
    assert_eq!(
        spf.current.as_ref().unwrap().value,
        "v=spf1 include:_spf.example.net ~all"
    );
}

#[test]
fn after_the_changes_the_zone_needs_nothing_more() {
    // Apply the diff to the zone text by hand: what the admin would publish.
    let before = fixture("contoso-before.zone");
    let plan = migration_preflight::dns::plan::plan(&input());
    let kept: String = before
        .lines()
        .filter(|l| {
            !(l.contains(" MX ")
                || l.contains("v=spf1")
                || l.starts_with("autodiscover")
                || l.starts_with("_autodiscover")
                || l.starts_with("selector1"))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let added: String = plan
        .records
        .iter()
        .map(|r| format!("{}\n", migration_preflight::dns::zone::line(r)))
        .collect();
    let comparison = compare_zone(&input(), &(kept + &added));
    let not_kept: Vec<_> = comparison
        .changes
        .iter()
        .filter(|c| c.action != Action::Keep)
        .collect();
    assert!(not_kept.is_empty(), "{not_kept:#?}");
    assert!(comparison.findings.is_empty(), "{:?}", comparison.findings);
}

//! Unit tests of [`super`] (a file of their own to keep the module short).

use super::*;
use crate::readiness::assessment::{ExchangeVersion, TEMPLATE};
use crate::readiness::dates::key_dates;
use time::macros::datetime;

fn codes(
    assessment: &Assessment,
    mailboxes: u32,
    now: Option<OffsetDateTime>,
) -> Vec<&'static str> {
    let summary = Summary {
        files: 1,
        mailboxes,
        ..Summary::default()
    };
    let dates = key_dates(assessment, now);
    findings(&Inputs {
        assessment,
        summary: &summary,
        dates: &dates,
        now,
    })
    .into_iter()
    .map(|f| f.code)
    .collect()
}

#[test]
fn unknown_answers_are_open_items_never_passes() {
    let found = codes(&Assessment::default(), 3, None);
    for code in [
        "ENV002", "ENV004", "ENV006", "ENV010", "ENV012", "ENV014", "ENV016", "ENV017", "ENV019",
        "ENV023", "ENV026", "ENV028", "ENV029",
    ] {
        assert!(found.contains(&code), "{code} missing from {found:?}");
        assert_eq!(
            crate::catalogue::rule(code).unwrap().severity,
            Severity::Warning
        );
    }
}

#[test]
fn wrong_answers_block() {
    let mut a = Assessment::from_json(TEMPLATE).unwrap();
    a.source.exchange_version = ExchangeVersion::Exchange2010;
    a.source.certificate = Certificate::SelfSigned;
    a.source.outlook_anywhere_enabled = Answer::No;
    a.tenant.directory_sync = Answer::No;
    let found = codes(&a, 3, None);
    for code in ["ENV001", "ENV003", "ENV005", "ENV015"] {
        assert!(found.contains(&code), "{code} missing from {found:?}");
    }
    let unsupported = findings(&Inputs {
        assessment: &a,
        summary: &Summary::default(),
        dates: &KeyDates::default(),
        now: None,
    });
    let first = unsupported.iter().find(|f| f.code == "ENV001").unwrap();
    assert!(first.help.contains("cutover") && first.help.contains("hybrid"));
    assert_eq!(first.severity, Severity::Error);
}

#[test]
fn the_csv_answers_the_mailbox_count() {
    let a = Assessment::default();
    // With a CSV, its count is the answer: nothing to ask.
    assert!(!codes(&a, 3, None).contains(&"ENV021"));
    // Without one, the count is asked for.
    let summary = Summary::default();
    let dates = key_dates(&a, None);
    let without = findings(&Inputs {
        assessment: &a,
        summary: &summary,
        dates: &dates,
        now: None,
    });
    assert!(without.iter().any(|f| f.code == "ENV021"));
    // Licences are counted against the CSV's mailboxes, not a larger plan.
    let mut planned = Assessment::default();
    planned.tenant.mailbox_count = Some(500);
    planned.tenant.licences_available = Some(5);
    let found = codes(&planned, 5, None);
    assert!(
        found.contains(&"ENV020") && !found.contains(&"ENV022"),
        "{found:?}"
    );
}

#[test]
fn spf_and_batch_order_findings() {
    let mut a = Assessment::from_json(TEMPLATE).unwrap();
    assert!(!codes(&a, 3, None).contains(&"ENV035")); // the template gives the record
    a.dns.published_spf = None;
    assert!(codes(&a, 3, None).contains(&"ENV035"));
    a.tenant.verified_domains = None; // no domain, no DNS plan to ask for
    assert!(!codes(&a, 3, None).contains(&"ENV035"));
    assert!(!codes(&a, 3, None).contains(&"ENV036"));
    a.schedule.planned_last_batch = Some(datetime!(2025-03-09 18:00 +1));
    assert!(codes(&a, 3, None).contains(&"ENV036"));
}

#[test]
fn counts_licences_and_batches() {
    let mut a = Assessment::from_json(TEMPLATE).unwrap();
    let found = codes(&a, 5, None);
    assert!(found.contains(&"ENV020"), "{found:?}"); // 3 planned, 5 in the CSV
    assert!(found.contains(&"ENV022"), "{found:?}"); // 3 licences for 5
    // Without a CSV, the planned count decides how many batches are needed.
    a.tenant.mailbox_count = Some(250_000);
    a.tenant.licences_available = Some(250_000);
    let summary = Summary::default();
    let dates = key_dates(&a, None);
    let found = findings(&Inputs {
        assessment: &a,
        summary: &summary,
        dates: &dates,
        now: None,
    });
    assert!(found.iter().any(|f| f.code == "ENV024"), "{found:?}");
}

#[test]
fn dated_findings() {
    let mut a = Assessment::from_json(TEMPLATE).unwrap();
    // The template plans the MX change 18 days after "now" with a day-long TTL.
    let now = datetime!(2025-03-03 09:00 +1);
    let found = codes(&a, 3, Some(now));
    assert!(
        found.contains(&"ENV025") && !found.contains(&"ENV027"),
        "{found:?}"
    );
    // A change planned before the migration starts.
    a.schedule.planned_mx_change = Some(datetime!(2025-03-05 09:00 +1));
    assert!(codes(&a, 3, Some(now)).contains(&"ENV027"));
    // Licences: created 2025-03-03, due 2025-04-02.
    assert!(codes(&a, 3, Some(datetime!(2025-03-28 09:00 +1))).contains(&"ENV031"));
    assert!(codes(&a, 3, Some(datetime!(2025-04-02 08:00 +1))).contains(&"ENV030"));
    a.progress.licences_assigned = Answer::Yes;
    assert!(!codes(&a, 3, Some(datetime!(2025-04-09 08:00 +1))).contains(&"ENV030"));
    // Last sync must be later than the MX change.
    a.dns.mx_changed_at = Some(datetime!(2025-03-21 18:00 +1));
    a.schedule.last_sync_at = Some(datetime!(2025-03-21 17:00 +1));
    assert!(codes(&a, 3, Some(now)).contains(&"ENV032"));
    a.schedule.last_sync_at = Some(datetime!(2025-03-22 17:00 +1));
    assert!(!codes(&a, 3, Some(now)).contains(&"ENV032"));
}

#[test]
fn mrs_proxy_never_blocks_a_2003_or_2007_source() {
    let mut a = Assessment::from_json(TEMPLATE).unwrap();
    for version in [ExchangeVersion::Exchange2003, ExchangeVersion::Exchange2007] {
        a.source.exchange_version = version;
        a.source.mrs_proxy_enabled = Answer::No;
        let summary = Summary::default();
        let found = findings(&Inputs {
            assessment: &a,
            summary: &summary,
            dates: &KeyDates::default(),
            now: None,
        });
        let mrs = found.iter().find(|f| f.code == "ENV007").unwrap();
        assert_eq!(mrs.severity, Severity::Info);
        assert!(mrs.help.contains("Exchange 2010"), "{}", mrs.help);
        assert!(
            !found.iter().any(|f| f.severity == Severity::Error),
            "{found:?}"
        );
        // Not answered: not an open item either.
        a.source.mrs_proxy_enabled = Answer::Unknown;
        assert!(
            !codes(&a, 3, None)
                .iter()
                .any(|c| *c == "ENV007" || *c == "ENV008")
        );
    }
}

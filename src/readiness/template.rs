//! The example assessment: every field with a realistic answer, for
//! `assessment --template` and the page's "Example answers".
//!
//! [`TEMPLATE`] has fixed dates (March 2025), for tests and snapshots. [`template`]
//! gives the same answers with dates relative to a given "now" (the core has no clock:
//! the CLI passes the system time, the page the browser's), so the example is never
//! overdue on arrival: the first batch in 7 days, the last in 14, the MX change in 21.

use time::{Duration, OffsetDateTime, Time};

use super::assessment::Assessment;

/// An example assessment with every field, for `assessment --template` and the page.
pub const TEMPLATE: &str = r#"{
  "schemaVersion": 2,
  "organisation": "Contoso Ltd",
  "assessedAt": "2025-03-03T09:00:00+01:00",
  "utcOffset": "+01:00",
  "source": {
    "exchangeVersion": "2007",
    "outlookAnywhereEnabled": "yes",
    "certificate": "trusted",
    "mrsProxyEnabled": "unknown",
    "permissions": {
      "fullAccess": "yes",
      "receiveAs": "no",
      "writeTargetAddress": "yes"
    },
    "unifiedMessagingDisabled": "yes",
    "exchangeServer": "EXCH-SRV-01.corp.contoso.com",
    "rpcProxyServer": "mail.contoso.com",
    "migrationAdmin": "CONTOSO\\migadmin",
    "testMailbox": "pilarp@contoso.com"
  },
  "tenant": {
    "domainVerified": "yes",
    "verifiedDomains": ["contoso.com"],
    "directorySync": "yes",
    "federatedSso": "no",
    "mailboxCount": 3,
    "licencesAvailable": 3,
    "initialDomain": "contoso.onmicrosoft.com",
    "customBannedPasswords": ["contoso", "redmond"]
  },
  "dns": {
    "mxTtlSeconds": 86400,
    "mxTtlLoweredAt": null,
    "previousMxTtlSeconds": null,
    "mxChangedAt": null,
    "verificationValue": null,
    "autodiscoverHost": null,
    "publishedSpf": "v=spf1 mx -all",
    "onPremisesSenders": ["mail.contoso.com"]
  },
  "schedule": {
    "plannedStart": "2025-03-10T18:00:00+01:00",
    "plannedMxChange": "2025-03-21T18:00:00+01:00",
    "usersCreatedAt": "2025-03-03T08:00:00+01:00",
    "lastSyncAt": null,
    "plannedLastBatch": "2025-03-14T18:00:00+01:00"
  },
  "progress": {
    "endpointCreated": "no",
    "batchesCreated": "no",
    "batchesStarted": "no",
    "mailboxesConverted": "no",
    "batchesDeleted": "no",
    "licencesAssigned": "no",
    "autodiscoverCname": "no",
    "decommissioned": "no"
  },
  "report": {
    "preparedBy": "Jane Doe, Fabrikam IT",
    "preparedFor": "Contoso Ltd, IT department",
    "documentVersion": "1.0"
  }
}
"#;

/// Days from "now" to the first batch, the last batch and the MX change in [`template`].
pub const EXAMPLE_DAYS: [i64; 3] = [7, 14, 21];

/// [`TEMPLATE`] with its dates moved relative to `now`, shown in `now`'s offset: assessed
/// now, users created a day ago, the first batch in 7 days, the last in 14 and the MX
/// change in 21, each at 18:00 (after working hours).
pub fn template(now: OffsetDateTime) -> String {
    // The fixed template always reads; the fallback only keeps this total.
    let mut a = Assessment::from_json(TEMPLATE).unwrap_or_default();
    let offset = now.offset();
    let evening = |days: i64| {
        now.date().checked_add(Duration::days(days)).map(|d| {
            d.with_time(Time::from_hms(18, 0, 0).unwrap_or(Time::MIDNIGHT))
                .assume_offset(offset)
        })
    };
    let minute = now
        .replace_second(0)
        .and_then(|t| t.replace_nanosecond(0))
        .unwrap_or(now);
    a.assessed_at = Some(minute);
    a.utc_offset = Some(offset);
    a.schedule.users_created_at = minute
        .checked_sub(Duration::days(1))
        .and_then(|t| t.replace_minute(0).ok());
    let [first, last, mx] = EXAMPLE_DAYS;
    a.schedule.planned_start = evening(first);
    a.schedule.planned_last_batch = evening(last);
    a.schedule.planned_mx_change = evening(mx);
    a.to_json() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::{ReportOptions, build};
    use time::macros::datetime;

    #[test]
    fn example_dates_follow_now_and_nothing_is_overdue() {
        for now in [
            datetime!(2026-11-27 21:05 UTC),
            datetime!(2031-02-26 23:59:59.5 -05:00),
        ] {
            let a = Assessment::from_json(&template(now)).unwrap();
            let start = a.schedule.planned_start.unwrap();
            assert!(start > now + Duration::days(6), "{start}");
            assert!(start < now + Duration::days(8), "{start}");
            assert!(a.schedule.planned_last_batch.unwrap() > start);
            assert!(a.schedule.planned_mx_change.unwrap() > a.schedule.planned_last_batch.unwrap());
            assert!(a.schedule.users_created_at.unwrap() < now);
            assert_eq!(a.display_offset(), now.offset());
            let report = build(
                &[],
                &a,
                &ReportOptions {
                    pseudonymise: false,
                    now: Some(now),
                },
            );
            let d = &report.dates;
            for dated in [&d.lower_ttl_by, &d.earliest_mx_change, &d.licence_deadline]
                .into_iter()
                .flatten()
            {
                assert!(!dated.overdue, "{dated:?}");
                assert!(dated.at > now, "{dated:?}");
            }
        }
    }

    #[test]
    fn the_fixed_template_has_the_current_schema() {
        let a = Assessment::from_json(TEMPLATE).unwrap();
        assert_eq!(a.schema_version, super::super::assessment::SCHEMA_VERSION);
        assert!(TEMPLATE.contains("\"schemaVersion\": 2"));
    }
}

//! The dates the report can work with.
//!
//! A date of the assessment, or the time the report is made for, outside the years
//! 1990 to 2999 is a typo: no staged migration happens then. Such a date is left out
//! with an ENV034 warning (so the dates that depend on it are "not known"), and the
//! report still renders. Keeping every input in these years also keeps every computed
//! date (an input plus at most a `u32` TTL, 72 hours or 30 days, shown in any offset)
//! inside the years 0000 to 9999 that RFC 3339, and so the JSON report, can write.

use time::{OffsetDateTime, UtcOffset};

use super::assessment::Assessment;
use super::environment::DATE_OUT_OF_RANGE;
use crate::finding::Finding;

/// The first year a date may fall in.
pub const FIRST_YEAR: i32 = 1990;
/// The last year a date may fall in.
pub const LAST_YEAR: i32 = 2999;

/// Whether a date falls in the years [`FIRST_YEAR`] to [`LAST_YEAR`] (in its own offset).
pub fn in_range(at: OffsetDateTime) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&at.year())
}

/// What the report is made from once the dates are in range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InRange {
    /// The assessment without the dates that are out of range.
    pub assessment: Assessment,
    /// The time the report is made for: the given one, else the assessment's
    /// `assessedAt`, each only when in range.
    pub now: Option<OffsetDateTime>,
    /// One ENV034 per date left out.
    pub findings: Vec<Finding>,
}

/// Leaves out every date outside the years [`FIRST_YEAR`] to [`LAST_YEAR`], with a
/// finding for each. `now` is the time given for the report (`--as-of`, the page's
/// clock), if any.
pub fn in_range_only(assessment: &Assessment, now: Option<OffsetDateTime>) -> InRange {
    let mut findings = Vec::new();
    let mut keep = |date: &mut Option<OffsetDateTime>, field: &str| {
        *date = date.and_then(|at| at.checked_to_offset(whole_minutes(at.offset())));
        if date.is_some_and(|at| !in_range(at)) {
            *date = None;
            findings.push(DATE_OUT_OF_RANGE.finding(format!(
                "{field} is outside the years {FIRST_YEAR} to {LAST_YEAR}: it is left out, so the dates that depend on it are not computed."
            )));
        }
    };
    let mut a = assessment.clone();
    a.utc_offset = a.utc_offset.map(whole_minutes);
    let mut now = now;
    keep(
        &mut now,
        "The time the report is made for (--as-of, or the page's clock)",
    );
    keep(&mut a.assessed_at, "assessedAt");
    keep(&mut a.dns.mx_ttl_lowered_at, "dns.mxTtlLoweredAt");
    keep(&mut a.dns.mx_changed_at, "dns.mxChangedAt");
    keep(&mut a.schedule.planned_start, "schedule.plannedStart");
    keep(
        &mut a.schedule.planned_mx_change,
        "schedule.plannedMxChange",
    );
    keep(&mut a.schedule.users_created_at, "schedule.usersCreatedAt");
    keep(&mut a.schedule.last_sync_at, "schedule.lastSyncAt");
    keep(
        &mut a.schedule.planned_last_batch,
        "schedule.plannedLastBatch",
    );
    InRange {
        now: now.or(a.assessed_at),
        assessment: a,
        findings,
    }
}

/// The offset as RFC 3339, and so the JSON report, can write it: whole minutes, at most
/// 23:59 either way. Every offset the inputs can spell is one already; only an offset
/// built in code (as the fuzz target does) has seconds or more hours. The instant is
/// kept; only the offset it is shown in changes.
fn whole_minutes(offset: UtcOffset) -> UtcOffset {
    const MOST: i32 = 23 * 60 + 59;
    let minutes = i32::from(offset.whole_minutes()).clamp(-MOST, MOST);
    UtcOffset::from_whole_seconds(minutes * 60).unwrap_or(UtcOffset::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_outside_the_years_are_left_out_with_a_finding() {
        let mut a = Assessment::default();
        a.schedule.planned_start = Some(datetime!(9999-12-31 23:59 -23:59));
        a.schedule.planned_mx_change = Some(datetime!(2025-03-21 18:00 +1));
        a.dns.mx_changed_at = Some(datetime!(0000-01-01 00:00 +23:59));
        let out = in_range_only(&a, Some(datetime!(2999-12-31 23:59 -23:59)));
        assert_eq!(out.assessment.schedule.planned_start, None);
        assert_eq!(out.assessment.dns.mx_changed_at, None);
        assert_eq!(
            out.assessment.schedule.planned_mx_change,
            a.schedule.planned_mx_change
        );
        assert!(out.now.is_some());
        let fields: Vec<&str> = out.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(out.findings.len(), 2, "{fields:?}");
        assert!(out.findings.iter().all(|f| f.code == "ENV034"));
        assert!(fields[0].starts_with("dns.mxChangedAt"), "{fields:?}");
        assert!(fields[1].starts_with("schedule.plannedStart"), "{fields:?}");
        // A report time out of range falls back to assessedAt, when that is in range.
        a.assessed_at = Some(datetime!(2025-03-03 09:00 +1));
        let out = in_range_only(&a, Some(datetime!(1989-12-31 23:59 UTC)));
        assert_eq!(out.now, a.assessed_at);
        assert!(out.findings[0].message.contains("--as-of"));
    }

    /// Found by fuzzing: an offset with seconds or over 23:59 made the JSON report
    /// empty, as RFC 3339 cannot write it.
    #[test]
    fn offsets_with_seconds_become_whole_minutes_and_the_json_reads_back() {
        use crate::render::readiness::{Format, render};
        let odd = UtcOffset::from_hms(-25, -59, -30).unwrap();
        assert_eq!(
            whole_minutes(odd),
            UtcOffset::from_hms(-23, -59, 0).unwrap()
        );
        let mut a = Assessment {
            utc_offset: Some(UtcOffset::from_hms(1, 0, 30).unwrap()),
            ..Assessment::default()
        };
        a.schedule.planned_start = Some(datetime!(2025-03-10 18:00 UTC).to_offset(odd));
        let now = Some(datetime!(2025-03-03 09:00 UTC).to_offset(odd));
        let out = in_range_only(&a, now);
        assert_eq!(out.assessment.utc_offset.unwrap().seconds_past_minute(), 0);
        a.utc_offset = Some(odd);
        let start = out.assessment.schedule.planned_start.unwrap();
        assert_eq!(start.offset().seconds_past_minute(), 0);
        assert_eq!(start, datetime!(2025-03-10 18:00 UTC));
        let options = crate::readiness::ReportOptions {
            pseudonymise: false,
            now,
        };
        let report = crate::readiness::build(&[], &a, &options);
        let json: serde_json::Value = serde_json::from_str(&render(&report, Format::Json)).unwrap();
        assert_eq!(json["verdict"], report.verdict.as_str());
    }
}

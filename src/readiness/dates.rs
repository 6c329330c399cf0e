//! The dates of the checklist, computed from the assessment.
//!
//! Every date keeps an explicit UTC offset and every printed date names it
//! (`2025-03-21 18:00 UTC+01:00`). The rules come from Microsoft's staged-migration
//! procedure: the MX TTL should be 3,600 s or less before the migration starts and the
//! old TTL must have run out before the MX change; batches are deleted no earlier than
//! 72 hours after the MX change; licences are due 30 days after the users are created.

use serde::Serialize;
use time::{Duration, OffsetDateTime, UtcOffset};

use super::assessment::Assessment;

/// The MX TTL Microsoft recommends before the migration, in seconds.
pub const TTL_TARGET_SECONDS: u32 = 3600;
/// How long to wait after the MX change before deleting the batches.
pub const MX_WAIT: Duration = Duration::hours(72);
/// How long after the users are created their licences are due.
pub const LICENCE_GRACE: Duration = Duration::days(30);

/// A computed date and how it was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dated {
    /// The date, RFC 3339 with the report's offset.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// How it follows from the inputs, with the input dates.
    pub basis: String,
}

/// The four dates the checklist is planned around. `None` where an input is missing
/// (the assessment findings say which).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyDates {
    /// Lower the MX TTL to 3,600 s or less no later than this.
    pub lower_ttl_by: Option<Dated>,
    /// Point MX to Exchange Online no earlier than this.
    pub earliest_mx_change: Option<Dated>,
    /// Delete the migration batches no earlier than this.
    pub earliest_batch_deletion: Option<Dated>,
    /// Assign licences no later than this.
    pub licence_deadline: Option<Dated>,
}

/// Computes the key dates, shown in the assessment's display offset.
pub fn key_dates(assessment: &Assessment, now: Option<OffsetDateTime>) -> KeyDates {
    let offset = assessment.display_offset();
    let schedule = &assessment.schedule;
    let dns = &assessment.dns;
    KeyDates {
        lower_ttl_by: dns.mx_ttl_seconds.and_then(|ttl| {
            lower_ttl_by(
                ttl,
                schedule.planned_start,
                schedule.planned_mx_change,
                offset,
            )
        }),
        earliest_mx_change: earliest_mx_change(assessment, now, offset),
        earliest_batch_deletion: earliest_batch_deletion(
            dns.mx_changed_at,
            schedule.planned_mx_change,
            offset,
        ),
        licence_deadline: schedule
            .users_created_at
            .map(|created| licence_deadline(created, offset)),
    }
}

/// When to have lowered the MX TTL: before the migration starts (Microsoft's advice)
/// and at least one old TTL before the MX change, whichever is earlier. `None` when the
/// TTL is already 3,600 s or less, or neither date is planned.
pub fn lower_ttl_by(
    ttl_seconds: u32,
    planned_start: Option<OffsetDateTime>,
    planned_mx_change: Option<OffsetDateTime>,
    offset: UtcOffset,
) -> Option<Dated> {
    if ttl_seconds <= TTL_TARGET_SECONDS {
        return None;
    }
    let ttl = Duration::seconds(i64::from(ttl_seconds));
    let before_change = planned_mx_change.and_then(|change| change.checked_sub(ttl));
    let (at, basis) = match (planned_start, before_change) {
        (Some(start), Some(latest)) if latest < start => (
            latest,
            format!(
                "planned MX change ({}) minus the current TTL ({}), which is earlier than the planned start",
                show(planned_mx_change?, offset),
                seconds(ttl_seconds)
            ),
        ),
        (Some(start), _) => (
            start,
            format!(
                "before the migration starts ({}), as Microsoft recommends",
                show(start, offset)
            ),
        ),
        (None, Some(latest)) => (
            latest,
            format!(
                "planned MX change ({}) minus the current TTL ({})",
                show(planned_mx_change?, offset),
                seconds(ttl_seconds)
            ),
        ),
        (None, None) => return None,
    };
    Some(Dated {
        at: at.to_offset(offset),
        basis,
    })
}

/// The earliest MX change: not before the old TTL has run out since it was lowered (or,
/// if it is still above 3,600 s, one current TTL after now), and not before the
/// migration starts. `None` when nothing constrains it or an input is missing.
pub fn earliest_mx_change(
    assessment: &Assessment,
    now: Option<OffsetDateTime>,
    offset: UtcOffset,
) -> Option<Dated> {
    let dns = &assessment.dns;
    let mut constraints: Vec<(OffsetDateTime, String)> = Vec::new();
    match dns.mx_ttl_seconds {
        Some(ttl) if ttl > TTL_TARGET_SECONDS => {
            if let Some(now) = now {
                let at = now.checked_add(Duration::seconds(i64::from(ttl)))?;
                constraints.push((
                    at,
                    format!(
                        "the TTL is still {}: if it is lowered now ({}), the old value runs out at this time",
                        seconds(ttl),
                        show(now, offset)
                    ),
                ));
            }
        }
        Some(_) => {
            if let (Some(lowered), Some(previous)) =
                (dns.mx_ttl_lowered_at, dns.previous_mx_ttl_seconds)
            {
                let at = lowered.checked_add(Duration::seconds(i64::from(previous)))?;
                constraints.push((
                    at,
                    format!(
                        "the TTL was lowered at {} from {}, which runs out at this time",
                        show(lowered, offset),
                        seconds(previous)
                    ),
                ));
            }
        }
        None => {}
    }
    if let Some(start) = assessment.schedule.planned_start {
        constraints.push((
            start,
            format!(
                "not before the first batch starts ({})",
                show(start, offset)
            ),
        ));
    }
    let latest = constraints.iter().map(|(at, _)| *at).max()?;
    let basis = constraints
        .into_iter()
        .filter(|(at, _)| *at == latest)
        .map(|(_, why)| why)
        .collect::<Vec<_>>()
        .join("; ");
    Some(Dated {
        at: latest.to_offset(offset),
        basis,
    })
}

/// The earliest batch deletion: 72 hours after the MX change (done, else planned).
pub fn earliest_batch_deletion(
    mx_changed_at: Option<OffsetDateTime>,
    planned_mx_change: Option<OffsetDateTime>,
    offset: UtcOffset,
) -> Option<Dated> {
    let (change, which) = match (mx_changed_at, planned_mx_change) {
        (Some(done), _) => (done, "MX change"),
        (None, Some(planned)) => (planned, "planned MX change"),
        (None, None) => return None,
    };
    Some(Dated {
        at: change.checked_add(MX_WAIT)?.to_offset(offset),
        basis: format!(
            "72 hours after the {which} ({}), and only once every batch's last sync is later than the MX change",
            show(change, offset)
        ),
    })
}

/// The licence deadline: 30 days after the users were created.
pub fn licence_deadline(users_created_at: OffsetDateTime, offset: UtcOffset) -> Dated {
    Dated {
        at: users_created_at
            .checked_add(LICENCE_GRACE)
            .unwrap_or(users_created_at)
            .to_offset(offset),
        basis: format!(
            "30 days after directory synchronisation created the users ({}); unlicensed mailboxes are disabled then",
            show(users_created_at, offset)
        ),
    }
}

/// A date for people: `2025-03-21 18:00 UTC+01:00`, in the given offset.
pub fn show(at: OffsetDateTime, offset: UtcOffset) -> String {
    let at = at.to_offset(offset);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        offset_label(offset)
    )
}

/// An offset for people: `UTC+01:00`, `UTC-05:30`, `UTC+00:00`.
pub fn offset_label(offset: UtcOffset) -> String {
    let (h, m, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!("UTC{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
}

/// A TTL for people: `86,400 s (24 h)`.
fn seconds(value: u32) -> String {
    let digits = value.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if value >= 3600 && value % 3600 == 0 {
        format!("{grouped} s ({} h)", value / 3600)
    } else {
        format!("{grouped} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    const PLUS1: UtcOffset = offset!(+1);

    #[test]
    fn lower_ttl_before_the_start_or_one_ttl_before_the_change() {
        let start = datetime!(2025-03-10 18:00 +1);
        let change = datetime!(2025-03-21 18:00 +1);
        // A day-long TTL: the start comes first.
        let by = lower_ttl_by(86_400, Some(start), Some(change), PLUS1).unwrap();
        assert_eq!(by.at, start);
        // A TTL longer than start-to-change: one TTL before the change is earlier.
        let by = lower_ttl_by(14 * 86_400, Some(start), Some(change), PLUS1).unwrap();
        assert_eq!(by.at, datetime!(2025-03-07 18:00 +1));
        assert!(by.basis.contains("1,209,600 s"), "{}", by.basis);
        // Only the change planned.
        let by = lower_ttl_by(7200, None, Some(change), PLUS1).unwrap();
        assert_eq!(by.at, datetime!(2025-03-21 16:00 +1));
        // Already low enough, or nothing planned: nothing to compute.
        assert_eq!(lower_ttl_by(3600, Some(start), Some(change), PLUS1), None);
        assert_eq!(lower_ttl_by(86_400, None, None, PLUS1), None);
    }

    #[test]
    fn earliest_mx_change_waits_for_the_old_ttl_and_the_start() {
        let mut a = Assessment::default();
        let now = datetime!(2025-03-03 09:00 +1);
        // TTL still high: one TTL from now.
        a.dns.mx_ttl_seconds = Some(86_400);
        let at = earliest_mx_change(&a, Some(now), PLUS1).unwrap();
        assert_eq!(at.at, datetime!(2025-03-04 09:00 +1));
        // Without a "now" it cannot be computed.
        assert_eq!(earliest_mx_change(&a, None, PLUS1), None);
        // Lowered from two days at a known time: that old TTL must run out.
        a.dns.mx_ttl_seconds = Some(300);
        a.dns.mx_ttl_lowered_at = Some(datetime!(2025-03-01 12:00 UTC));
        a.dns.previous_mx_ttl_seconds = Some(172_800);
        let at = earliest_mx_change(&a, Some(now), PLUS1).unwrap();
        assert_eq!(at.at, datetime!(2025-03-03 13:00 +1));
        assert_eq!(at.at.offset(), PLUS1);
        // A later planned start wins.
        a.schedule.planned_start = Some(datetime!(2025-03-10 18:00 +1));
        let at = earliest_mx_change(&a, Some(now), PLUS1).unwrap();
        assert_eq!(at.at, datetime!(2025-03-10 18:00 +1));
        assert!(at.basis.contains("first batch"), "{}", at.basis);
    }

    #[test]
    fn batches_are_deleted_72_hours_after_the_mx_change() {
        let planned = datetime!(2025-03-21 18:00 +1);
        let done = datetime!(2025-03-22 08:30 UTC);
        let at = earliest_batch_deletion(None, Some(planned), PLUS1).unwrap();
        assert_eq!(at.at, datetime!(2025-03-24 18:00 +1));
        assert!(at.basis.contains("planned MX change"));
        // The recorded change wins over the plan.
        let at = earliest_batch_deletion(Some(done), Some(planned), PLUS1).unwrap();
        assert_eq!(at.at, datetime!(2025-03-25 09:30 +1));
        assert_eq!(earliest_batch_deletion(None, None, PLUS1), None);
    }

    #[test]
    fn licences_are_due_30_days_after_user_creation() {
        let created = datetime!(2025-03-03 08:00 +1);
        let due = licence_deadline(created, offset!(-5));
        assert_eq!(due.at, datetime!(2025-04-02 02:00 -5));
        assert_eq!(due.at.offset(), offset!(-5));
        assert!(
            due.basis.contains("2025-03-03 02:00 UTC-05:00"),
            "{}",
            due.basis
        );
    }

    #[test]
    fn printed_dates_name_their_offset() {
        let at = datetime!(2025-03-21 17:00 UTC);
        assert_eq!(show(at, PLUS1), "2025-03-21 18:00 UTC+01:00");
        assert_eq!(show(at, UtcOffset::UTC), "2025-03-21 17:00 UTC+00:00");
        assert_eq!(show(at, offset!(-3:30)), "2025-03-21 13:30 UTC-03:30");
    }
}

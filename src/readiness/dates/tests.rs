//! Unit tests of [`super`] (a file of their own to keep the module short).

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

/// The realistic answers: first batch 2026-12-07 18:00, MX TTL one day,
/// report made ten days before. The TTL must be lowered by the start, and the MX
/// change waits for the migration (and one old TTL), never "the first batch starts".
fn realistic() -> (Assessment, OffsetDateTime) {
    let mut a = Assessment::default();
    a.dns.mx_ttl_seconds = Some(86_400);
    a.schedule.planned_start = Some(datetime!(2026-12-07 18:00 +1));
    a.schedule.planned_mx_change = Some(datetime!(2026-12-21 18:00 +1));
    (a, datetime!(2026-11-27 10:00 +1))
}

#[test]
fn the_mx_change_follows_the_last_batch_not_the_first() {
    let (mut a, now) = realistic();
    a.schedule.planned_last_batch = Some(datetime!(2026-12-14 18:00 +1));
    let dates = key_dates(&a, Some(now));
    let lower = dates.lower_ttl_by.unwrap();
    let mx = dates.earliest_mx_change.unwrap();
    assert_eq!(lower.at, datetime!(2026-12-07 18:00 +1));
    assert_eq!(mx.at, datetime!(2026-12-14 18:00 +1));
    assert!(mx.basis.contains("last batch"), "{}", mx.basis);
    assert!(!mx.basis.contains("first batch starts"), "{}", mx.basis);
}

#[test]
fn the_mx_change_waits_one_old_ttl_after_the_lowering_deadline() {
    // Only the first batch known: the MX change is still not the same moment as
    // the lowering deadline, but one old TTL later.
    let (a, now) = realistic();
    let dates = key_dates(&a, Some(now));
    let lower = dates.lower_ttl_by.unwrap();
    let mx = dates.earliest_mx_change.unwrap();
    assert_eq!(mx.at, lower.at + Duration::days(1));
    assert!(mx.basis.contains("one old TTL"), "{}", mx.basis);
    assert!(
        !mx.basis.contains("not before the first batch starts"),
        "{}",
        mx.basis
    );
    // A TTL longer than start-to-change: lowered one TTL before the change, which
    // is then the earliest MX change.
    let mut long = a.clone();
    long.dns.mx_ttl_seconds = Some(21 * 86_400);
    let dates = key_dates(&long, Some(now));
    assert_eq!(
        dates.lower_ttl_by.unwrap().at,
        datetime!(2026-11-30 18:00 +1)
    );
    assert_eq!(
        dates.earliest_mx_change.unwrap().at,
        datetime!(2026-12-21 18:00 +1)
    );
}

#[test]
fn batches_are_deleted_72_hours_after_the_mx_change() {
    let planned = datetime!(2025-03-21 18:00 +1);
    let done = datetime!(2025-03-22 08:30 UTC);
    let base = mx_change_base(None, Some(planned), None, None, PLUS1).unwrap();
    let at = earliest_batch_deletion(&base, PLUS1).unwrap();
    assert_eq!(at.at, datetime!(2025-03-24 18:00 +1));
    assert!(at.basis.contains("planned MX change"));
    // The recorded change wins over the plan.
    let base = mx_change_base(Some(done), Some(planned), None, None, PLUS1).unwrap();
    let at = earliest_batch_deletion(&base, PLUS1).unwrap();
    assert_eq!(at.at, datetime!(2025-03-25 09:30 +1));
    assert_eq!(mx_change_base(None, None, None, None, PLUS1), None);
}

#[test]
fn licences_are_due_30_days_after_user_creation() {
    let created = datetime!(2025-03-03 08:00 +1);
    let due = licence_deadline(created, offset!(-5)).unwrap();
    assert_eq!(due.at, datetime!(2025-04-02 02:00 -5));
    assert_eq!(due.at.offset(), offset!(-5));
    assert!(
        due.basis.contains("2025-03-03 02:00 UTC-05:00"),
        "{}",
        due.basis
    );
}

/// The template's plan: start 2025-03-10 18:00, MX change 2025-03-21 18:00, users
/// created 2025-03-03 08:00 (all +01:00), MX TTL one day, nothing done.
fn planned() -> Assessment {
    Assessment::from_json(crate::readiness::assessment::TEMPLATE).unwrap()
}

/// No two key dates contradict each other: the MX change comes after the TTL is
/// lowered, the deletion 72 hours after the MX change, and a date still to come is
/// not earlier than now unless it is marked overdue.
fn assert_consistent(dates: &KeyDates, now: OffsetDateTime) {
    let mx = dates.earliest_mx_change.as_ref().unwrap();
    let delete = dates.earliest_batch_deletion.as_ref().unwrap();
    assert!(delete.at >= mx.at + MX_WAIT, "{dates:#?}");
    assert!(delete.at >= now + MX_WAIT, "{dates:#?}");
    if let Some(lower) = &dates.lower_ttl_by {
        assert!(lower.at <= mx.at, "{dates:#?}");
        assert_eq!(lower.overdue, lower.at < now, "{dates:#?}");
    }
    let licences = dates.licence_deadline.as_ref().unwrap();
    assert_eq!(licences.overdue, licences.at < now, "{dates:#?}");
    assert!(!mx.overdue && !delete.overdue);
}

#[test]
fn dates_before_between_and_after_the_plan_agree() {
    let a = planned();
    // Before the start: the plan stands.
    let before = datetime!(2025-03-03 09:00 +1);
    let dates = key_dates(&a, Some(before));
    assert_consistent(&dates, before);
    assert_eq!(
        dates.earliest_batch_deletion.as_ref().unwrap().at,
        datetime!(2025-03-24 18:00 +1)
    );
    assert!(!dates.lower_ttl_by.as_ref().unwrap().overdue);
    // Between the start and the planned MX change, TTL still high: lowering is
    // overdue and the MX change waits one TTL from now.
    let between = datetime!(2025-03-20 12:00 +1);
    let dates = key_dates(&a, Some(between));
    assert_consistent(&dates, between);
    assert!(dates.lower_ttl_by.as_ref().unwrap().overdue);
    assert_eq!(
        dates.earliest_batch_deletion.as_ref().unwrap().at,
        datetime!(2025-03-24 18:00 +1)
    );
    // Long after every planned date (the report): the deletion counts from
    // the MX change still to come, not from the plan that has passed.
    let after = datetime!(2026-11-27 10:00 +1);
    let dates = key_dates(&a, Some(after));
    assert_consistent(&dates, after);
    let mx = dates.earliest_mx_change.as_ref().unwrap();
    assert_eq!(mx.at, datetime!(2026-11-28 10:00 +1));
    let delete = dates.earliest_batch_deletion.as_ref().unwrap();
    assert_eq!(delete.at, datetime!(2026-12-01 10:00 +1));
    assert!(
        delete.basis.contains("earliest MX change"),
        "{}",
        delete.basis
    );
    assert!(dates.licence_deadline.as_ref().unwrap().overdue);
    // Done tasks are never overdue.
    let mut done = planned();
    done.progress.licences_assigned = crate::readiness::Answer::Yes;
    assert!(
        !key_dates(&done, Some(after))
            .licence_deadline
            .unwrap()
            .overdue
    );
    // A planned change that has passed with the TTL already low: the deletion
    // counts from now.
    let mut low = planned();
    low.dns.mx_ttl_seconds = Some(300);
    let dates = key_dates(&low, Some(after));
    assert_consistent(&dates, after);
    assert_eq!(
        dates.earliest_batch_deletion.as_ref().unwrap().at,
        after + MX_WAIT
    );
}

#[test]
fn no_panic_at_the_ends_of_the_calendar() {
    let ends = [
        datetime!(9999-12-31 23:59:59 -23:59),
        datetime!(9999-12-31 23:59:59 +23:59),
        datetime!(0000-01-01 00:00 +23:59),
        datetime!(0000-01-01 00:00 -23:59),
        datetime!(-9999-01-01 00:00 UTC),
    ];
    for at in ends {
        for offset in [offset!(+23:59), offset!(-23:59), UtcOffset::UTC] {
            let mut a = Assessment {
                utc_offset: Some(offset),
                ..Assessment::default()
            };
            a.dns.mx_ttl_seconds = Some(u32::MAX);
            a.dns.mx_ttl_lowered_at = Some(at);
            a.dns.previous_mx_ttl_seconds = Some(u32::MAX);
            a.schedule.planned_start = Some(at);
            a.schedule.planned_mx_change = Some(at);
            a.schedule.users_created_at = Some(at);
            let _ = key_dates(&a, Some(at));
            a.dns.mx_ttl_seconds = Some(60);
            a.dns.mx_changed_at = Some(at);
            let _ = key_dates(&a, Some(at));
            assert!(show(at, offset).contains("UTC"));
        }
    }
}

#[test]
fn printed_dates_name_their_offset() {
    let at = datetime!(2025-03-21 17:00 UTC);
    assert_eq!(show(at, PLUS1), "2025-03-21 18:00 UTC+01:00");
    assert_eq!(show(at, UtcOffset::UTC), "2025-03-21 17:00 UTC+00:00");
    assert_eq!(show(at, offset!(-3:30)), "2025-03-21 13:30 UTC-03:30");
}

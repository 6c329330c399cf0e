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
    /// A deadline that has passed (at the report's time) while its task is not done.
    pub overdue: bool,
}

impl Dated {
    /// A date shown in `offset` (in its own offset if it cannot be shown there), not overdue.
    pub fn new(at: OffsetDateTime, offset: UtcOffset, basis: String) -> Dated {
        Dated {
            at: in_offset(at, offset),
            basis,
            overdue: false,
        }
    }
}

/// The dates the checklist is planned around. `None` where an input is missing
/// (the assessment findings say which).
///
/// The later dates count from one MX change: the recorded one, else the later of the
/// planned one, the earliest possible one and (when neither is done) the report's time,
/// so that no two dates contradict each other.
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
    /// The MX change the later dates count from (see [`mx_change_base`]).
    pub mx_change: Option<Dated>,
}

/// Computes the key dates, shown in the assessment's display offset, with the
/// deadlines that have passed at `now` (and are not done) marked overdue.
pub fn key_dates(assessment: &Assessment, now: Option<OffsetDateTime>) -> KeyDates {
    let offset = assessment.display_offset();
    let schedule = &assessment.schedule;
    let dns = &assessment.dns;
    let passed = |d: Dated, todo: bool| Dated {
        overdue: todo && now.is_some_and(|now| now > d.at),
        ..d
    };
    let earliest = earliest_mx_change(assessment, now, offset);
    let base = mx_change_base(
        dns.mx_changed_at,
        schedule.planned_mx_change,
        earliest.as_ref(),
        now,
        offset,
    );
    KeyDates {
        lower_ttl_by: dns
            .mx_ttl_seconds
            .and_then(|ttl| {
                lower_ttl_by(
                    ttl,
                    schedule.planned_start,
                    schedule.planned_mx_change,
                    offset,
                )
            })
            .map(|d| passed(d, dns.mx_changed_at.is_none())),
        earliest_mx_change: earliest,
        earliest_batch_deletion: base
            .as_ref()
            .and_then(|base| earliest_batch_deletion(base, offset)),
        licence_deadline: schedule
            .users_created_at
            .and_then(|created| licence_deadline(created, offset))
            .map(|d| passed(d, !assessment.progress.licences_assigned.is_yes())),
        mx_change: base,
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
    Some(Dated::new(at, offset, basis))
}

/// The earliest MX change. In a staged migration the MX records move after the
/// migration, not at its start: once every batch has synced and the mailboxes are
/// converted to mail-enabled users. So the MX change is not before the last batch
/// (`schedule.plannedLastBatch`, else the first, `schedule.plannedStart`), and not before
/// the old TTL has run out since the TTL was lowered: one old TTL after the recorded
/// lowering, after the lowering deadline, or (when the TTL is still above 3,600 s and
/// the report has a time) after now. `None` when nothing constrains it.
pub fn earliest_mx_change(
    assessment: &Assessment,
    now: Option<OffsetDateTime>,
    offset: UtcOffset,
) -> Option<Dated> {
    let dns = &assessment.dns;
    let schedule = &assessment.schedule;
    let mut constraints: Vec<(OffsetDateTime, String)> = Vec::new();
    match dns.mx_ttl_seconds {
        Some(ttl) if ttl > TTL_TARGET_SECONDS => {
            let old = Duration::seconds(i64::from(ttl));
            if let Some(now) = now {
                constraints.push((
                    now.checked_add(old)?,
                    format!(
                        "the TTL is still {}: if it is lowered now ({}), the old value runs out at this time",
                        seconds(ttl),
                        show(now, offset)
                    ),
                ));
            }
            let by = lower_ttl_by(
                ttl,
                schedule.planned_start,
                schedule.planned_mx_change,
                offset,
            );
            if let Some(by) = by {
                constraints.push((
                    by.at.checked_add(old)?,
                    format!(
                        "one old TTL, {}, after the TTL is lowered (at the latest {}): until then senders may still use the cached MX record",
                        seconds(ttl),
                        show(by.at, offset)
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
    let batches = match (schedule.planned_last_batch, schedule.planned_start) {
        (Some(last), _) => Some((
            last,
            format!(
                "the MX change follows the migration: not before the last batch, which starts at {}, has synced and its mailboxes are converted",
                show(last, offset)
            ),
        )),
        (None, Some(first)) => Some((
            first,
            format!(
                "the MX change follows the migration, once every batch has synced; only the first batch's start ({}) is known (set schedule.plannedLastBatch)",
                show(first, offset)
            ),
        )),
        (None, None) => None,
    };
    constraints.extend(batches);
    let latest = constraints.iter().map(|(at, _)| *at).max()?;
    let basis = constraints
        .into_iter()
        .filter(|(at, _)| *at == latest)
        .map(|(_, why)| why)
        .collect::<Vec<_>>()
        .join("; ");
    Some(Dated::new(latest, offset, basis))
}

/// The MX change the later dates count from: the recorded one; else the latest of the
/// planned one, the earliest possible one and, once one of them has passed, the
/// report's time (a change not recorded as done cannot happen in the past). `None`
/// when neither a recorded, a planned nor an earliest MX change is known.
pub fn mx_change_base(
    mx_changed_at: Option<OffsetDateTime>,
    planned_mx_change: Option<OffsetDateTime>,
    earliest: Option<&Dated>,
    now: Option<OffsetDateTime>,
    offset: UtcOffset,
) -> Option<Dated> {
    if let Some(done) = mx_changed_at {
        return Some(Dated::new(
            done,
            offset,
            format!("the MX change ({})", show(done, offset)),
        ));
    }
    let mut candidates: Vec<(OffsetDateTime, String)> = Vec::new();
    if let Some(planned) = planned_mx_change {
        candidates.push((
            planned,
            format!("the planned MX change ({})", show(planned, offset)),
        ));
    }
    if let Some(earliest) = earliest {
        candidates.push((
            earliest.at,
            format!("the earliest MX change ({})", show(earliest.at, offset)),
        ));
    }
    let (mut at, mut basis) = candidates.into_iter().max_by_key(|(at, _)| *at)?;
    if let Some(now) = now.filter(|now| *now > at) {
        basis = format!(
            "the MX change, not recorded as done: {basis} has passed, so at the earliest now ({})",
            show(now, offset)
        );
        at = now;
    }
    Some(Dated::new(at, offset, basis))
}

/// The earliest batch deletion: 72 hours after the MX change the dates count from (see
/// [`mx_change_base`]).
pub fn earliest_batch_deletion(mx_change: &Dated, offset: UtcOffset) -> Option<Dated> {
    Some(Dated::new(
        mx_change.at.checked_add(MX_WAIT)?,
        offset,
        format!(
            "72 hours after {}, and only once every batch's last sync is later than the MX change",
            mx_change.basis
        ),
    ))
}

/// The licence deadline: 30 days after the users were created.
pub fn licence_deadline(users_created_at: OffsetDateTime, offset: UtcOffset) -> Option<Dated> {
    Some(Dated::new(
        users_created_at.checked_add(LICENCE_GRACE)?,
        offset,
        format!(
            "30 days after directory synchronisation created the users ({}); unlicensed mailboxes are disabled then",
            show(users_created_at, offset)
        ),
    ))
}

/// `at` in `offset`, or in its own offset where the other would leave the dates the
/// `time` crate can hold (near the years -9999 and 9999).
pub fn in_offset(at: OffsetDateTime, offset: UtcOffset) -> OffsetDateTime {
    at.checked_to_offset(offset).unwrap_or(at)
}

/// A date for people: `2025-03-21 18:00 UTC+01:00`, in the given offset.
pub fn show(at: OffsetDateTime, offset: UtcOffset) -> String {
    let at = in_offset(at, offset);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        offset_label(at.offset())
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
mod tests;

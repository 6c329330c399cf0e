//! The migration's timeline: the dated milestones of the report, in time order, for the
//! timeline picture and its text alternative. Only dates the inputs give are listed.

use serde::Serialize;
use time::OffsetDateTime;

use super::assessment::Assessment;
use super::checklist::{Status, Task};
use super::dates::{KeyDates, in_offset};

/// One dated milestone (or, with `until`, a span such as the 72-hour wait).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Milestone {
    /// Stable name: `mxTtlLowered`, `batchesStart`, `lastBatch`, `mxChange`, `wait72h`,
    /// `deleteBatches`, `licenceDeadline`.
    pub key: &'static str,
    /// Words for people.
    pub label: &'static str,
    /// When (the start, for a span).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The end of a span.
    #[serde(with = "time::serde::rfc3339::option")]
    pub until: Option<OffsetDateTime>,
    /// Carried out (the assessment records it, or its task is done).
    pub done: bool,
    /// A deadline that has passed while its task is not done.
    pub overdue: bool,
}

/// The milestones, in time order (the order given here for equal times).
pub fn milestones(a: &Assessment, dates: &KeyDates, checklist: &[Task]) -> Vec<Milestone> {
    let offset = a.display_offset();
    let done = |id: &str| {
        checklist
            .iter()
            .any(|t| t.id == id && t.status == Status::Done)
    };
    let mut out = Vec::new();
    let mut push =
        |key, label, at: OffsetDateTime, until: Option<OffsetDateTime>, done, overdue| {
            out.push(Milestone {
                key,
                label,
                at: in_offset(at, offset),
                until: until.map(|u| in_offset(u, offset)),
                done,
                overdue,
            })
        };
    match (a.dns.mx_ttl_lowered_at, &dates.lower_ttl_by) {
        (Some(at), _) => push("mxTtlLowered", "MX TTL lowered", at, None, true, false),
        (None, Some(by)) => push(
            "mxTtlLowered",
            "Lower the MX TTL by",
            by.at,
            None,
            done("lower-mx-ttl"),
            by.overdue,
        ),
        _ => {}
    }
    if let Some(start) = a.schedule.planned_start {
        push(
            "batchesStart",
            "Batches start",
            start,
            a.schedule.planned_last_batch.filter(|last| *last > start),
            done("start"),
            false,
        );
    }
    if let Some(last) = a.schedule.planned_last_batch {
        push("lastBatch", "Last batch", last, None, done("start"), false);
    }
    let mx = dates
        .mx_change
        .as_ref()
        .or(dates.earliest_mx_change.as_ref());
    if let Some(mx) = mx {
        push(
            "mxChange",
            "MX points to Exchange Online",
            mx.at,
            None,
            a.dns.mx_changed_at.is_some(),
            mx.overdue,
        );
    }
    if let Some(delete) = &dates.earliest_batch_deletion {
        if let Some(mx) = mx.filter(|mx| mx.at < delete.at) {
            push(
                "wait72h",
                "72-hour wait",
                mx.at,
                Some(delete.at),
                done("wait-72h"),
                false,
            );
        }
        push(
            "deleteBatches",
            "Delete the batches",
            delete.at,
            None,
            done("delete-batches"),
            delete.overdue,
        );
    }
    if let Some(licences) = &dates.licence_deadline {
        push(
            "licenceDeadline",
            "Licence deadline",
            licences.at,
            None,
            done("licences"),
            licences.overdue,
        );
    }
    out.sort_by_key(|m| m.at);
    out
}

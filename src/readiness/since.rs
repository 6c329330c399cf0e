//! Progress since an earlier report (`report --since previous.json`): findings resolved,
//! new and still open, checklist tasks done since, and key dates that moved.
//!
//! The earlier report is read from its JSON form, schema version 1 or 2 (see
//! [`super::report::REPORT_SCHEMA_VERSION`]); only the fields compared are read, so
//! fields added later do not matter. A finding is the same finding when its code, file
//! name, row and column are the same. Work is linear in the size of both reports.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::checklist::Status;
use super::report::ReadinessReport;
use crate::finding::Finding;
use crate::group::{FindingGroup, file_name, group_by_code};

/// The largest earlier report read, in bytes: a report of the largest CSV the check
/// reads is far smaller.
pub const MAX_PREVIOUS_BYTES: usize = 512 * 1024 * 1024;

/// The key dates compared: (JSON name, label).
const DATES: [(&str, &str); 5] = [
    ("lowerTtlBy", "Lower the MX TTL by"),
    ("earliestMxChange", "Point MX to Exchange Online not before"),
    ("earliestBatchDeletion", "Delete the batches not before"),
    ("licenceDeadline", "Assign licences by"),
    ("mxChange", "MX change"),
];

/// What changed since the earlier report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The earlier report's time.
    #[serde(with = "time::serde::rfc3339::option")]
    pub previous_as_of: Option<OffsetDateTime>,
    /// The earlier report's schema version (1 or 2).
    pub previous_schema_version: u32,
    /// Findings of the earlier report that are gone, grouped by code.
    pub resolved: Vec<FindingGroup>,
    /// Findings that the earlier report did not have, grouped by code.
    pub new: Vec<FindingGroup>,
    /// Findings in both reports, grouped by code.
    pub still_open: Vec<FindingGroup>,
    /// Findings resolved, new and still open.
    pub counts: ProgressCounts,
    /// Checklist tasks done now that were not done in the earlier report.
    pub tasks_done: Vec<TaskDone>,
    /// Key dates that differ from the earlier report's.
    pub dates_moved: Vec<DateMoved>,
}

/// Findings resolved, new and still open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressCounts {
    /// Gone since the earlier report.
    pub resolved: u32,
    /// Not in the earlier report.
    pub new: u32,
    /// In both.
    pub still_open: u32,
}

/// A checklist task done since the earlier report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskDone {
    /// The task's stable id.
    pub id: &'static str,
    /// What it was.
    pub title: &'static str,
}

/// A key date that moved (or appeared, or is no longer known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DateMoved {
    /// The JSON name of the date in `dates`, e.g. `earliestMxChange`.
    pub key: &'static str,
    /// What the date is for.
    pub what: &'static str,
    /// The earlier date, if it was known.
    #[serde(with = "time::serde::rfc3339::option")]
    pub from: Option<OffsetDateTime>,
    /// The date now, if known.
    #[serde(with = "time::serde::rfc3339::option")]
    pub to: Option<OffsetDateTime>,
}

/// The parts of an earlier report that are compared.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Previous {
    schema_version: u32,
    #[serde(default, with = "time::serde::rfc3339::option")]
    as_of: Option<OffsetDateTime>,
    #[serde(default)]
    pseudonymised: bool,
    #[serde(default)]
    findings: Vec<PreviousFinding>,
    #[serde(default)]
    checklist: Vec<PreviousTask>,
    #[serde(default)]
    dates: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct PreviousFinding {
    code: String,
    #[serde(default)]
    row: Option<u32>,
    #[serde(default)]
    column: Option<String>,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    message: String,
    #[serde(default)]
    help: String,
}

#[derive(Deserialize)]
struct PreviousTask {
    id: String,
    status: String,
}

/// Identity of a finding across reports: code, file name, row, column.
type Key<'a> = (&'a str, Option<&'a str>, Option<u32>, Option<&'a str>);

fn key(f: &Finding) -> Key<'_> {
    (
        f.code,
        f.file.as_deref().map(file_name),
        f.row,
        f.column.as_deref(),
    )
}

/// Compares `report` with an earlier report given as its JSON text. Fails, in the
/// admin's words, when the text is not a report this version can read, or when one of
/// the two is pseudonymised and the other is not (they could not be compared, and the
/// earlier names must not reach a pseudonymised report).
pub fn progress(report: &ReadinessReport, previous_json: &str) -> Result<Progress, String> {
    if previous_json.len() > MAX_PREVIOUS_BYTES {
        return Err(format!(
            "the earlier report is larger than {} MB; no report of a real migration is",
            MAX_PREVIOUS_BYTES / 1024 / 1024
        ));
    }
    let previous: Previous = serde_json::from_str(previous_json).map_err(|e| {
        format!("the earlier report is not a readiness report in JSON (line {}): make it with --format json", e.line())
    })?;
    if !(1..=super::report::REPORT_SCHEMA_VERSION).contains(&previous.schema_version) {
        return Err(format!(
            "the earlier report has schema version {}; this version reads 1 to {}",
            previous.schema_version,
            super::report::REPORT_SCHEMA_VERSION
        ));
    }
    if previous.pseudonymised != report.pseudonymised {
        return Err(if report.pseudonymised {
            "the earlier report is not pseudonymised: compare a pseudonymised report with a pseudonymised one".to_string()
        } else {
            "the earlier report is pseudonymised: compare a report with names with one with names"
                .to_string()
        });
    }
    let earlier: Vec<Finding> = previous
        .findings
        .iter()
        .filter_map(|p| {
            // A code this version does not know (from a newer one) cannot be grouped.
            let rule = crate::catalogue::rule(&p.code)?;
            let mut f = rule.finding(p.message.clone()).with_help(p.help.clone());
            f.row = p.row;
            f.column = p.column.clone();
            f.file = p.file.as_deref().map(|n| file_name(n).to_string());
            Some(f)
        })
        .collect();
    let before: FxHashSet<Key<'_>> = earlier.iter().map(key).collect();
    let now: FxHashSet<Key<'_>> = report.findings.iter().map(key).collect();
    let (open, new): (Vec<&Finding>, Vec<&Finding>) = report
        .findings
        .iter()
        .partition(|f| before.contains(&key(f)));
    let resolved: Vec<Finding> = earlier
        .iter()
        .filter(|f| !now.contains(&key(f)))
        .cloned()
        .collect();
    let new: Vec<Finding> = new.into_iter().cloned().collect();
    let open: Vec<Finding> = open.into_iter().cloned().collect();
    let was_done: FxHashSet<&str> = previous
        .checklist
        .iter()
        .filter(|t| t.status == "done")
        .map(|t| t.id.as_str())
        .collect();
    let tasks_done = report
        .checklist
        .iter()
        .filter(|t| t.status == Status::Done && !was_done.contains(t.id))
        .map(|t| TaskDone {
            id: t.id,
            title: t.title,
        })
        .collect();
    let current = serde_json::to_value(&report.dates).unwrap_or_default();
    let at = |dates: Option<&serde_json::Value>| {
        dates
            .and_then(|d| d.get("at"))
            .and_then(|a| a.as_str())
            .and_then(|a| {
                OffsetDateTime::parse(a, &time::format_description::well_known::Rfc3339).ok()
            })
    };
    let dates_moved = DATES
        .iter()
        .filter_map(|&(key, what)| {
            let from = at(previous.dates.get(key));
            let to = at(current.get(key));
            (from != to).then_some(DateMoved {
                key,
                what,
                from,
                to,
            })
        })
        .collect();
    Ok(Progress {
        previous_as_of: previous.as_of,
        previous_schema_version: previous.schema_version,
        counts: ProgressCounts {
            resolved: len(&resolved),
            new: len(&new),
            still_open: len(&open),
        },
        resolved: group_by_code(&resolved),
        new: group_by_code(&new),
        still_open: group_by_code(&open),
        tasks_done,
        dates_moved,
    })
}

fn len(findings: &[Finding]) -> u32 {
    u32::try_from(findings.len()).unwrap_or(u32::MAX)
}

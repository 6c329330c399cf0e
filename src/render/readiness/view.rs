//! The readiness report as rows of text, shared by the Markdown, text and HTML
//! renderers so they say the same things. Nothing here escapes: each renderer escapes
//! for its own format.

use crate::finding::Finding;
use crate::readiness::ReadinessReport;
use crate::readiness::checklist::{DateKind, Status, Task};
use crate::readiness::dates::{Dated, show};
use time::OffsetDateTime;

/// The report, ready to be laid out.
pub struct View {
    /// `Staged migration readiness: Contoso Ltd`.
    pub title: String,
    /// `As of … · dates in UTC+01:00 · pseudonymised`.
    pub subtitle: String,
    /// `ready`, `warnings` or `blocked`.
    pub verdict: &'static str,
    /// Why.
    pub reasons: Vec<String>,
    /// `3 mailboxes in 1 file; 1 batch needed.`
    pub summary: String,
    /// (label, count) by severity.
    pub by_severity: Vec<(&'static str, u32)>,
    /// (label, count) by area.
    pub by_area: Vec<(&'static str, u32)>,
    /// Key dates: what, when, basis.
    pub dates: Vec<DateRow>,
    /// The checklist.
    pub tasks: Vec<TaskRow>,
    /// The findings.
    pub findings: Vec<FindingRow>,
    /// The DNS plan rows, if the plan is part of the report.
    pub dns: Option<Vec<DnsRow>>,
    /// Remarks about the DNS plan.
    pub dns_notes: Vec<String>,
    /// The directory check's counts, when exports were given.
    pub directory: Option<Vec<(&'static str, u32)>>,
}

/// One key date.
pub struct DateRow {
    /// What to do.
    pub what: &'static str,
    /// When, with its offset (`overdue since …` for a deadline that has passed,
    /// `possible since …` for an earliest date that has passed), or `not known`.
    pub when: String,
    /// How it was computed, or which input is missing.
    pub basis: String,
}

/// One task of the checklist.
pub struct TaskRow {
    /// 1-based position.
    pub number: usize,
    /// Stable id.
    pub id: &'static str,
    /// What to do.
    pub title: &'static str,
    /// `done`, `todo`, `blocked` or `na` (for styling).
    pub status_class: &'static str,
    /// `done`, `to do`, `blocked by ENV005` (+ open items).
    pub status: String,
    /// Admin center path and/or cmdlet.
    pub place: String,
    /// Admin center path, or empty.
    pub admin_center: &'static str,
    /// Cmdlet, or empty.
    pub cmdlet: &'static str,
    /// Ids of the tasks it depends on, comma-separated.
    pub depends_on: String,
    /// `not before …` / `by …` / `overdue since …` / `possible since …`, or empty.
    pub date: String,
    /// A remark, or empty.
    pub note: String,
}

/// One finding.
pub struct FindingRow {
    /// `error`, `warning`, `info`.
    pub severity: &'static str,
    /// The code.
    pub code: &'static str,
    /// `file.csv, row 3, EmailAddress`, or empty.
    pub place: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// One DNS record of the plan.
pub struct DnsRow {
    /// When.
    pub step: String,
    /// Add, change, remove.
    pub action: String,
    /// Owner name.
    pub name: String,
    /// Record type.
    pub record_type: String,
    /// Value.
    pub value: String,
    /// TTL, or empty.
    pub ttl: String,
    /// Remark.
    pub note: String,
}

/// Lays the report out as rows of text.
pub fn view(report: &ReadinessReport) -> View {
    let title = match &report.organisation {
        Some(name) => format!("Staged migration readiness: {name}"),
        None => "Staged migration readiness".to_string(),
    };
    let mut subtitle = Vec::new();
    if let Some(at) = report.as_of {
        subtitle.push(format!("As of {}", show(at, at.offset())));
    }
    subtitle.push(format!("dates in {}", report.utc_offset));
    if report.pseudonymised {
        subtitle.push("addresses, domains and file names pseudonymised".to_string());
    }
    let s = &report.summary;
    let summary = format!(
        "{} mailbox{} in {} file{}; {}.",
        s.mailboxes,
        if s.mailboxes == 1 { "" } else { "es" },
        s.files,
        if s.files == 1 { "" } else { "s" },
        crate::csv::split::batches_text(s.batches_needed)
    );
    let c = &report.counts;
    View {
        title,
        subtitle: subtitle.join(" · "),
        verdict: report.verdict.as_str(),
        reasons: report.reasons.clone(),
        summary,
        by_severity: vec![
            ("error", c.by_severity.error),
            ("warning", c.by_severity.warning),
            ("info", c.by_severity.info),
        ],
        by_area: vec![
            ("csv", c.by_area.csv),
            ("passwords", c.by_area.passwords),
            ("dns", c.by_area.dns),
            ("environment", c.by_area.environment),
        ],
        dates: dates(report),
        tasks: report
            .checklist
            .iter()
            .enumerate()
            .map(|(i, t)| task(i + 1, t, report.as_of))
            .collect(),
        findings: report.findings.iter().map(finding).collect(),
        dns: report.dns.as_ref().map(|d| {
            d.records
                .iter()
                .map(|r| DnsRow {
                    step: r.step.clone(),
                    action: r.action.clone(),
                    name: r.name.clone(),
                    record_type: r.record_type.clone(),
                    value: r.value.clone(),
                    ttl: r.ttl.map(|t| t.to_string()).unwrap_or_default(),
                    note: r.note.clone(),
                })
                .collect()
        }),
        dns_notes: report
            .dns
            .as_ref()
            .map(|d| d.notes.clone())
            .unwrap_or_default(),
        directory: report.directory.as_ref().map(super::directory::rows),
    }
}

/// A date for people: `overdue since …` for a deadline that has passed, `possible
/// since …` for an earliest date that has passed (`start` dates), else the date.
fn when(dated: &Dated, start: bool, as_of: Option<OffsetDateTime>) -> String {
    let at = show(dated.at, dated.at.offset());
    if dated.overdue {
        format!("overdue since {at}")
    } else if start && as_of.is_some_and(|now| now >= dated.at) {
        format!("possible since {at}")
    } else {
        at
    }
}

fn dates(report: &ReadinessReport) -> Vec<DateRow> {
    let d = &report.dates;
    let row = |what, dated: &Option<Dated>, missing: &str| match dated {
        Some(dated) => DateRow {
            what,
            when: when(dated, what.ends_with("not before"), report.as_of),
            basis: dated.basis.clone(),
        },
        None => DateRow {
            what,
            when: "not known".to_string(),
            basis: missing.to_string(),
        },
    };
    vec![
        row(
            "Lower the MX TTL to 3,600 s or less by",
            &d.lower_ttl_by,
            "Needs dns.mxTtlSeconds above 3,600 and a planned start or MX change; nothing to do if the TTL is already 3,600 s or less.",
        ),
        row(
            "Point MX to Exchange Online not before",
            &d.earliest_mx_change,
            "Needs dns.mxTtlSeconds (and the time of the report) or schedule.plannedStart.",
        ),
        row(
            "Delete the batches not before",
            &d.earliest_batch_deletion,
            "Needs dns.mxChangedAt or schedule.plannedMxChange.",
        ),
        row(
            "Assign licences by",
            &d.licence_deadline,
            "Needs schedule.usersCreatedAt.",
        ),
    ]
}

fn task(number: usize, t: &Task, as_of: Option<OffsetDateTime>) -> TaskRow {
    let mut status = match t.status {
        Status::Blocked => format!("blocked by {}", t.blocked_by.join(", ")),
        other => other.label().to_string(),
    };
    if !t.open_items.is_empty() {
        status.push_str(&format!("; open: {}", t.open_items.join(", ")));
    }
    let place = [t.admin_center, t.cmdlet]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ");
    let date = t
        .date
        .as_ref()
        .map(|d| {
            let start = d.kind == DateKind::NotBefore && t.status != Status::Done;
            let at = when(&d.dated, start, as_of);
            if at.contains(" since ") {
                at
            } else {
                match d.kind {
                    DateKind::NotLaterThan => format!("by {at}"),
                    DateKind::NotBefore => format!("not before {at}"),
                }
            }
        })
        .unwrap_or_default();
    TaskRow {
        number,
        id: t.id,
        title: t.title,
        status_class: match t.status {
            Status::Done => "done",
            Status::Todo => "todo",
            Status::Blocked => "blocked",
            Status::NotApplicable => "na",
        },
        status,
        place,
        admin_center: t.admin_center.unwrap_or_default(),
        cmdlet: t.cmdlet.unwrap_or_default(),
        depends_on: t.depends_on.join(", "),
        date,
        note: t.note.clone().unwrap_or_default(),
    }
}

/// Where a finding is: file, Excel row and column, as far as known.
pub fn place(f: &Finding) -> String {
    let mut parts = Vec::new();
    if let Some(file) = &f.file {
        parts.push(file.clone());
    }
    if let Some(row) = f.row {
        parts.push(format!("row {row}"));
    }
    if let Some(column) = &f.column {
        parts.push(column.clone());
    }
    parts.join(", ")
}

fn finding(f: &Finding) -> FindingRow {
    FindingRow {
        severity: f.severity.as_str(),
        code: f.code,
        place: place(f),
        message: f.message.clone(),
        help: f.help.clone(),
    }
}

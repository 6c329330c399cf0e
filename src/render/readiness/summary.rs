//! The parts of the report's view written for a reader in a hurry: the cover block,
//! the executive summary, the grouped findings, the per-row appendix, the progress since
//! an earlier report, and the pictures with their text alternatives.

use crate::finding::Severity;
use crate::group::FindingGroup;
use crate::readiness::ReadinessReport;
use crate::readiness::checklist::Status;
use crate::readiness::dates::show;
use crate::readiness::report::area;
use crate::readiness::since::Progress;
use crate::render::count::count;

use super::svg::bars::{Fill, Kind, stacked};
use super::view::{DateRow, TaskRow, place};

/// Per-row findings listed in the appendix of the HTML, Markdown and text reports; the
/// JSON report always holds all of them.
pub const MAX_APPENDIX_ROWS: usize = 5_000;

/// The executive summary.
pub struct Executive {
    /// The verdict in one sentence.
    pub sentence: String,
    /// The blockers (error codes) in plain words with their counts.
    pub blockers: Vec<String>,
    /// The next three actions, with their dates where known.
    pub next: Vec<String>,
    /// What is still unknown.
    pub unknown: Vec<String>,
}

/// One code's findings.
pub struct GroupRow {
    /// `error`, `warning`, `info`.
    pub severity: &'static str,
    /// The code.
    pub code: &'static str,
    /// The catalogue's title.
    pub title: &'static str,
    /// `3 findings`.
    pub count: String,
    /// `wave1.csv; rows 2–4; EmailAddress`.
    pub place: String,
    /// The message when the code has one finding, else empty.
    pub message: String,
    /// How to fix it, once.
    pub help: String,
}

/// One row of the appendix.
pub struct AppendixRow {
    /// `error`, `warning`, `info`.
    pub severity: &'static str,
    /// The code.
    pub code: &'static str,
    /// File name, row, column.
    pub place: String,
    /// What is wrong.
    pub message: String,
    /// The help, only where it differs from its code's (given once in the groups).
    pub help: String,
}

/// The progress section.
pub struct SinceView {
    /// `Since the report of 2025-02-24 09:00 UTC+01:00: 3 findings resolved, …`.
    pub headline: String,
    /// (`resolved`/`new`/`still open`, groups).
    pub sections: Vec<(&'static str, Vec<GroupRow>)>,
    /// Tasks done since: `Create the migration endpoint (endpoint)`.
    pub tasks_done: Vec<String>,
    /// `Point MX to Exchange Online not before: 2025-03-21 18:00 → 2025-03-24 18:00`.
    pub dates_moved: Vec<String>,
}

/// `Prepared by`, `Prepared for`, `Date`, `Document version`, `Made with` rows.
pub fn cover(report: &ReadinessReport) -> Vec<(&'static str, String)> {
    let c = &report.cover;
    let mut rows = Vec::new();
    if let Some(by) = &c.prepared_by {
        rows.push(("Prepared by", by.clone()));
    }
    if let Some(to) = &c.prepared_for {
        rows.push(("Prepared for", to.clone()));
    }
    if let Some(at) = report.as_of {
        rows.push(("Date", show(at, at.offset())));
    }
    if let Some(v) = &c.document_version {
        rows.push(("Document version", v.clone()));
    }
    rows.push((
        "Made with",
        format!("migration-preflight {}", c.tool_version),
    ));
    rows
}

/// The grouped findings as rows.
pub fn group_rows(groups: &[FindingGroup]) -> Vec<GroupRow> {
    groups
        .iter()
        .map(|g| GroupRow {
            severity: g.severity.as_str(),
            code: g.code,
            title: g.title,
            count: count(u64::from(g.count), "finding", "findings"),
            place: g.place(),
            message: if g.count == 1 {
                g.message.clone()
            } else {
                String::new()
            },
            help: g.help.clone(),
        })
        .collect()
}

/// The appendix: every finding (up to [`MAX_APPENDIX_ROWS`]) and how many more.
pub fn appendix(report: &ReadinessReport) -> (Vec<AppendixRow>, usize) {
    let help_of = |code: &str| {
        report
            .groups
            .iter()
            .find(|g| g.code == code)
            .map_or("", |g| g.help.as_str())
    };
    let rows = report
        .findings
        .iter()
        .take(MAX_APPENDIX_ROWS)
        .map(|f| AppendixRow {
            severity: f.severity.as_str(),
            code: f.code,
            place: place(f),
            message: f.message.clone(),
            help: if f.help == help_of(f.code) {
                String::new()
            } else {
                f.help.clone()
            },
        })
        .collect();
    (
        rows,
        report.findings.len().saturating_sub(MAX_APPENDIX_ROWS),
    )
}

/// The executive summary from the report and its already laid-out dates and tasks.
pub fn executive(report: &ReadinessReport, dates: &[DateRow], tasks: &[TaskRow]) -> Executive {
    let s = &report.summary;
    let c = &report.counts.by_severity;
    let scope = format!(
        "{} in {}, {} needed",
        count(u64::from(s.mailboxes), "mailbox", "mailboxes"),
        count(u64::from(s.files), "CSV file", "CSV files"),
        count(u64::from(s.batches_needed), "batch", "batches")
    );
    let sentence = match report.verdict.as_str() {
        "blocked" => format!(
            "Not ready: {} must be fixed before the migration can start ({scope}).",
            count(u64::from(c.error), "error", "errors")
        ),
        "warnings" => format!(
            "Ready once {} are reviewed: nothing blocks the migration ({scope}).",
            count(u64::from(c.warning), "warning", "warnings")
        ),
        _ => format!("Ready for a staged migration ({scope})."),
    };
    let blockers = report
        .groups
        .iter()
        .filter(|g| g.severity == Severity::Error)
        .map(|g| {
            format!(
                "{} ({}, {})",
                g.title,
                count(u64::from(g.count), "finding", "findings"),
                g.code
            )
        })
        .collect();
    let next = tasks
        .iter()
        .filter(|t| matches!(t.status_class, "todo" | "blocked"))
        .take(3)
        .map(|t| {
            let mut line = t.title.to_string();
            if !t.date.is_empty() {
                line.push_str(&format!(": {}", t.date));
            }
            if t.status_class == "blocked" {
                line.push_str(&format!(" ({})", t.status));
            }
            line
        })
        .collect();
    let mut unknown: Vec<String> = dates
        .iter()
        .filter(|d| d.when == "not known")
        .map(|d| format!("{} — {}", d.what, d.basis))
        .collect();
    // The assessment's unanswered questions: the ENV rules titled "… is not known".
    unknown.extend(
        report
            .groups
            .iter()
            .filter(|g| area(g.code) == "environment" && g.title.contains("not known"))
            .map(|g| format!("{} ({})", g.title, g.code)),
    );
    Executive {
        sentence,
        blockers,
        next,
        unknown,
    }
}

/// The progress section, if the report has one.
pub fn since(p: &Progress) -> SinceView {
    let when = p
        .previous_as_of
        .map(|at| format!("the report of {}", show(at, at.offset())))
        .unwrap_or_else(|| "the earlier report".to_string());
    let headline = format!(
        "Since {when}: {}, {}, {}; {} done; {} moved.",
        count(
            u64::from(p.counts.resolved),
            "finding resolved",
            "findings resolved"
        ),
        count(u64::from(p.counts.new), "new finding", "new findings"),
        count(
            u64::from(p.counts.still_open),
            "finding still open",
            "findings still open"
        ),
        count(p.tasks_done.len() as u64, "task", "tasks"),
        count(p.dates_moved.len() as u64, "date", "dates")
    );
    let shown = |at: Option<time::OffsetDateTime>| {
        at.map_or("not known".to_string(), |at| show(at, at.offset()))
    };
    SinceView {
        headline,
        sections: vec![
            ("Resolved", group_rows(&p.resolved)),
            ("New", group_rows(&p.new)),
            ("Still open", group_rows(&p.still_open)),
        ],
        tasks_done: p
            .tasks_done
            .iter()
            .map(|t| format!("{} ({})", t.title, t.id))
            .collect(),
        dates_moved: p
            .dates_moved
            .iter()
            .map(|d| format!("{}: {} → {}", d.what, shown(d.from), shown(d.to)))
            .collect(),
    }
}

/// `3 errors`, `1 warning`, `2 done`.
fn plural(label: &str, n: u32) -> String {
    let many = match label {
        "error" | "warning" => format!("{label}s"),
        _ => label.to_string(),
    };
    count(u64::from(n), label, &many)
}

/// Findings by area and severity: the picture and its rows in words.
pub fn findings_picture(report: &ReadinessReport) -> (String, Vec<String>) {
    let areas = ["csv", "passwords", "dns", "environment"];
    let mut counts = [[0u32; 3]; 4];
    for g in &report.groups {
        let a = areas.iter().position(|a| *a == area(g.code)).unwrap_or(0);
        let s = match g.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        counts[a][s] = counts[a][s].saturating_add(g.count);
    }
    let kinds = [
        Kind {
            label: "error",
            fill: Fill::Solid,
        },
        Kind {
            label: "warning",
            fill: Fill::Hatch,
        },
        Kind {
            label: "info",
            fill: Fill::Hollow,
        },
    ];
    let names = ["CSV files", "Passwords", "DNS", "Environment"];
    let bars: Vec<(&str, Vec<u32>)> = names
        .iter()
        .zip(counts)
        .map(|(n, c)| (*n, c.to_vec()))
        .collect();
    let svg = stacked(
        "by-area",
        "Findings by area and severity",
        &kinds,
        &bars,
        &plural,
    );
    let words = bars
        .iter()
        .map(|(n, c)| {
            let parts: Vec<String> = kinds
                .iter()
                .zip(c)
                .filter(|(_, n)| **n > 0)
                .map(|(k, &n)| plural(k.label, n))
                .collect();
            format!(
                "{n}: {}",
                if parts.is_empty() {
                    "none".into()
                } else {
                    parts.join(", ")
                }
            )
        })
        .collect();
    (svg, words)
}

/// Checklist progress: the picture and its line in words.
pub fn checklist_picture(report: &ReadinessReport) -> (String, String) {
    let mut c = [0u32; 4];
    for t in &report.checklist {
        let i = match t.status {
            Status::Done => 0,
            Status::Todo => 1,
            Status::Blocked => 2,
            Status::NotApplicable => 3,
        };
        c[i] += 1;
    }
    let kinds = [
        Kind {
            label: "done",
            fill: Fill::Solid,
        },
        Kind {
            label: "to do",
            fill: Fill::Hollow,
        },
        Kind {
            label: "blocked",
            fill: Fill::Hatch,
        },
        Kind {
            label: "not applicable",
            fill: Fill::Dotted,
        },
    ];
    let bars = [("Tasks", c.to_vec())];
    let svg = stacked("progress", "Checklist progress", &kinds, &bars, &plural);
    let words = format!(
        "{} of {} done, {} to do, {} blocked, {} not applicable.",
        c[0],
        count(report.checklist.len() as u64, "task", "tasks"),
        c[1],
        c[2],
        c[3]
    );
    (svg, words)
}

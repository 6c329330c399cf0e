//! The readiness report as plain text for the terminal.
//!
//! Control characters from the inputs (an escape sequence in an address, say) are
//! shown as `\u{…}` so they cannot act on the terminal.

use std::fmt::Write;

use super::view::view;
use crate::readiness::ReadinessReport;
use crate::render::terminal::escape as clean;

/// The report as plain text.
pub fn render(report: &ReadinessReport) -> String {
    let v = view(report);
    let mut out = String::new();
    let mut w = |text: String| {
        let _ = writeln!(out, "{}", clean(&text));
    };
    w(v.title.clone());
    w(v.subtitle.clone());
    w(String::new());
    for (label, value) in &v.cover {
        w(format!("{label}: {value}"));
    }
    w(String::new());
    w(format!("EXECUTIVE SUMMARY: {}", v.verdict));
    w(format!("  {}", v.executive.sentence));
    let list = |w: &mut dyn FnMut(String), heading: &str, items: &[String]| {
        if items.is_empty() {
            return;
        }
        w(format!("  {heading}:"));
        for item in items {
            w(format!("    - {item}"));
        }
    };
    list(&mut w, "What blocks the migration", &v.executive.blockers);
    list(&mut w, "Next actions", &v.executive.next);
    list(&mut w, "Still unknown", &v.executive.unknown);
    w(format!("  {}", v.summary));
    w(String::new());
    if let Some(p) = &v.since {
        w("PROGRESS".to_string());
        w(format!("  {}", p.headline));
        for (name, rows) in &p.sections {
            if rows.is_empty() {
                continue;
            }
            w(format!("  {name}:"));
            for g in rows {
                let place = if g.place.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", g.place)
                };
                w(format!(
                    "    {} {}{place}: {} ({})",
                    g.severity, g.code, g.title, g.count
                ));
            }
        }
        list(&mut w, "Tasks done since", &p.tasks_done);
        list(&mut w, "Dates that moved", &p.dates_moved);
        w(String::new());
    }
    w("TIMELINE".to_string());
    if v.timeline.is_empty() {
        w(
            "  No date is known yet: give the schedule and the MX TTL in the assessment."
                .to_string(),
        );
    }
    for line in &v.timeline {
        w(format!("  {line}"));
    }
    w(String::new());
    w("FINDINGS BY CODE".to_string());
    for line in &v.findings_words {
        w(format!("  {line}"));
    }
    if v.groups.is_empty() {
        w("  none".to_string());
    }
    for g in &v.groups {
        let place = if g.place.is_empty() {
            String::new()
        } else {
            format!(" [{}]", g.place)
        };
        let what = if g.message.is_empty() {
            format!("{} ({})", g.title, g.count)
        } else {
            g.message.clone()
        };
        w(format!("  {} {}{place}: {what}", g.severity, g.code));
        w(format!("    fix: {}", g.help));
    }
    w(String::new());
    w("KEY DATES".to_string());
    for d in &v.dates {
        w(format!("  {}: {}", d.what, d.when));
        w(format!("    {}", d.basis));
    }
    w(String::new());
    w("CHECKLIST".to_string());
    w(format!("  {}", v.checklist_words));
    for t in &v.tasks {
        w(format!("  {:>2}. [{}] {}", t.number, t.status, t.title));
        if !t.date.is_empty() {
            w(format!("      when: {}", t.date));
        }
        if !t.place.is_empty() {
            w(format!("      where: {}", t.place));
        }
        if !t.depends_on.is_empty() {
            w(format!("      after: {}", t.depends_on));
        }
        if !t.note.is_empty() {
            w(format!("      note: {}", t.note));
        }
    }
    if let Some(rows) = &v.directory {
        w(String::new());
        w("DIRECTORIES (the CSV compared with the exports)".to_string());
        for (what, n) in rows {
            w(format!("  {what}: {n}"));
        }
    }
    w(String::new());
    w("DNS PLAN".to_string());
    match &v.dns {
        None => w("  Not part of this report.".to_string()),
        Some(rows) => {
            for r in rows {
                let ttl = if r.ttl.is_empty() {
                    String::new()
                } else {
                    format!(" TTL {}", r.ttl)
                };
                w(format!(
                    "  {}: {} {} {} {}{ttl}",
                    r.step, r.action, r.name, r.record_type, r.value
                ));
                if !r.note.is_empty() {
                    w(format!("    {}", r.note));
                }
            }
            for note in &v.dns_notes {
                w(format!("  {note}"));
            }
        }
    }
    w(String::new());
    w("APPENDIX: EVERY FINDING".to_string());
    if v.findings.is_empty() {
        w("  none".to_string());
    }
    for f in &v.findings {
        let place = if f.place.is_empty() {
            String::new()
        } else {
            format!(" [{}]", f.place)
        };
        w(format!("  {} {}{place}: {}", f.severity, f.code, f.message));
        if !f.help.is_empty() {
            w(format!("    fix: {}", f.help));
        }
    }
    if !v.findings_more.is_empty() {
        w(format!(
            "  … and {}: the JSON report lists every one.",
            v.findings_more
        ));
    }
    out
}

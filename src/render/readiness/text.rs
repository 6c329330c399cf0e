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
    w(format!("VERDICT: {}", v.verdict));
    for reason in &v.reasons {
        w(format!("  - {reason}"));
    }
    w(v.summary.clone());
    let counts = |pairs: &[(&str, u32)]| {
        pairs
            .iter()
            .map(|(label, n)| format!("{n} {label}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    w(format!("Findings by severity: {}", counts(&v.by_severity)));
    w(format!("Findings by area: {}", counts(&v.by_area)));
    w(String::new());
    w("KEY DATES".to_string());
    for d in &v.dates {
        w(format!("  {}: {}", d.what, d.when));
        w(format!("    {}", d.basis));
    }
    w(String::new());
    w("CHECKLIST".to_string());
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
    w("FINDINGS".to_string());
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
        w(format!("    fix: {}", f.help));
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
    out
}

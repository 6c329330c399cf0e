//! The readiness report as Markdown (CommonMark with GitHub-style tables).
//!
//! Every value is escaped: `|` cannot end a table cell, line breaks cannot end a row,
//! `<`, `>` and `&` become entities (so no markup reaches a Markdown viewer that allows
//! HTML), and the characters that start emphasis, links or code are backslash-escaped.

use std::fmt::Write;

use super::view::view;
use crate::readiness::ReadinessReport;

/// The report as Markdown.
pub fn render(report: &ReadinessReport) -> String {
    let v = view(report);
    let mut out = String::new();
    let mut w = |line: &str| {
        let _ = writeln!(out, "{line}");
    };
    w(&format!("# {}", esc(&v.title)));
    w("");
    w(&format!("*{}*", esc(&v.subtitle)));
    w("");
    for (label, value) in &v.cover {
        w(&format!("**{label}:** {}  ", esc(value)));
    }
    w("");
    w(&format!("## Executive summary: {}", v.verdict));
    w("");
    w(&format!("**{}**", esc(&v.executive.sentence)));
    w("");
    let list = |w: &mut dyn FnMut(&str), heading: &str, items: &[String], numbered: bool| {
        if items.is_empty() {
            return;
        }
        w(&format!("### {heading}"));
        w("");
        for (i, item) in items.iter().enumerate() {
            if numbered {
                w(&format!("{}. {}", i + 1, esc(item)));
            } else {
                w(&format!("- {}", esc(item)));
            }
        }
        w("");
    };
    list(
        &mut w,
        "What blocks the migration",
        &v.executive.blockers,
        false,
    );
    list(&mut w, "Next actions", &v.executive.next, true);
    list(&mut w, "Still unknown", &v.executive.unknown, false);
    w(&esc(&v.summary));
    w("");
    if let Some(p) = &v.since {
        w("## Progress");
        w("");
        w(&esc(&p.headline));
        w("");
        for (name, rows) in &p.sections {
            if rows.is_empty() {
                continue;
            }
            w(&format!("### {name}"));
            w("");
            w("| Severity | Code | Findings | Where |");
            w("| --- | --- | --- | --- |");
            for g in rows {
                w(&row(&[
                    g.severity,
                    g.code,
                    &format!("{} ({})", g.title, g.count),
                    &g.place,
                ]));
            }
            w("");
        }
        list(&mut w, "Tasks done since", &p.tasks_done, false);
        list(&mut w, "Dates that moved", &p.dates_moved, false);
    }
    w("## Timeline");
    w("");
    if v.timeline.is_empty() {
        w("No date is known yet: give the schedule and the MX TTL in the assessment.");
    }
    for line in &v.timeline {
        w(&format!("- {}", esc(line)));
    }
    w("");
    w("## Findings by code");
    w("");
    for line in &v.findings_words {
        w(&format!("- {}", esc(line)));
    }
    w("");
    if v.groups.is_empty() {
        w("None.");
    } else {
        w("| Severity | Code | What and where | Fix |");
        w("| --- | --- | --- | --- |");
        for g in &v.groups {
            let mut what = format!("{} ({})", g.title, g.count);
            if !g.place.is_empty() {
                what.push_str(&format!("; {}", g.place));
            }
            if !g.message.is_empty() {
                what.push_str(&format!(": {}", g.message));
            }
            w(&row(&[g.severity, g.code, &what, &g.help]));
        }
        w("");
        w("Every finding, row by row, is listed in the appendix.");
    }
    w("");
    w("## Key dates");
    w("");
    w("| What | When | Basis |");
    w("| --- | --- | --- |");
    for d in &v.dates {
        w(&row(&[d.what, &d.when, &d.basis]));
    }
    w("");
    w("## Checklist");
    w("");
    w(&esc(&v.checklist_words));
    w("");
    w("| # | Task | Status | When | Where | After | Note |");
    w("| ---: | --- | --- | --- | --- | --- | --- |");
    for t in &v.tasks {
        w(&row(&[
            &t.number.to_string(),
            &format!("{} ({})", t.title, t.id),
            &t.status,
            &t.date,
            &t.place,
            &t.depends_on,
            &t.note,
        ]));
    }
    if let Some(rows) = &v.directory {
        w("");
        w("## Directories");
        w("");
        w("| The CSV compared with the exports | Count |");
        w("| --- | ---: |");
        for (what, n) in rows {
            w(&row(&[what, &n.to_string()]));
        }
    }
    w("");
    w("## DNS plan");
    w("");
    match &v.dns {
        None => w("Not part of this report."),
        Some(rows) => {
            w("| When | Action | Name | Type | Value | TTL | Note |");
            w("| --- | --- | --- | --- | --- | ---: | --- |");
            for r in rows {
                w(&row(&[
                    &r.step,
                    &r.action,
                    &r.name,
                    &r.record_type,
                    &r.value,
                    &r.ttl,
                    &r.note,
                ]));
            }
            for note in &v.dns_notes {
                w("");
                w(&esc(note));
            }
        }
    }
    w("");
    w("## Appendix: every finding");
    w("");
    if v.findings.is_empty() {
        w("None.");
    } else {
        w("| Severity | Code | Where | Message |");
        w("| --- | --- | --- | --- |");
        for f in &v.findings {
            let mut message = f.message.clone();
            if !f.help.is_empty() {
                message.push_str(&format!(" Fix: {}", f.help));
            }
            w(&row(&[f.severity, f.code, &f.place, &message]));
        }
        if !v.findings_more.is_empty() {
            w("");
            w(&format!(
                "… and {}: the JSON report lists every one.",
                v.findings_more
            ));
        }
    }
    out
}

/// A table row of escaped cells.
fn row(cells: &[&str]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| esc(c)).collect();
    format!("| {} |", cells.join(" | "))
}

/// Escapes text for a Markdown paragraph or table cell.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_pipes_and_line_breaks() {
        assert_eq!(
            esc("<script>a|b</script>\n\"x\" & 'y' `z` *w*"),
            "&lt;script&gt;a\\|b&lt;/script&gt; \"x\" &amp; 'y' \\`z\\` \\*w\\*"
        );
        assert_eq!(row(&["a|b", "c\r\nd"]), "| a\\|b | c  d |");
    }
}

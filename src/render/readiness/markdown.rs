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
    w(&format!("## Verdict: {}", v.verdict));
    w("");
    for reason in &v.reasons {
        w(&format!("- {}", esc(reason)));
    }
    w("");
    w(&esc(&v.summary));
    w("");
    w("| Findings | error | warning | info | csv | passwords | dns | environment |");
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let numbers: Vec<String> = v
        .by_severity
        .iter()
        .chain(&v.by_area)
        .map(|(_, n)| n.to_string())
        .collect();
    w(&format!("| count | {} |", numbers.join(" | ")));
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
    w("## Findings");
    w("");
    if v.findings.is_empty() {
        w("None.");
    } else {
        w("| Severity | Code | Where | Message | Fix |");
        w("| --- | --- | --- | --- | --- |");
        for f in &v.findings {
            w(&row(&[f.severity, f.code, &f.place, &f.message, &f.help]));
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

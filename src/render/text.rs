//! Plain text for the terminal: one finding per paragraph, then the counts.

use std::fmt::Write;

use crate::report::Report;

/// The report as plain text.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let mut place = String::new();
        if let Some(file) = &f.file {
            place.push_str(file);
        }
        if let Some(row) = f.row {
            let _ = write!(
                place,
                "{}row {row}",
                if place.is_empty() { "" } else { " " }
            );
        }
        if let Some(column) = &f.column {
            let _ = write!(
                place,
                "{}{column}",
                if place.is_empty() { "" } else { ", " }
            );
        }
        let place = if place.is_empty() {
            String::new()
        } else {
            format!(" [{place}]")
        };
        let _ = writeln!(
            out,
            "{} {}{place}: {}",
            f.severity.as_str(),
            f.code,
            f.message
        );
        let _ = writeln!(out, "  fix: {}", f.help);
    }
    if let Some(d) = &report.directory {
        let _ = writeln!(
            out,
            "{}directories: {} CSV rows compared, {} matched on premises, {} missing on premises, {} missing in Exchange Online, {} on-premises mailboxes in no CSV",
            if report.findings.is_empty() { "" } else { "\n" },
            d.rows_compared,
            d.matched,
            d.missing_on_premises,
            d.missing_in_cloud,
            d.left_behind
        );
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{}verdict: {} ({} mailboxes in {} file{}; {} errors, {} warnings, {} info)",
        if report.findings.is_empty() { "" } else { "\n" },
        report.verdict.as_str(),
        s.mailboxes,
        s.files,
        if s.files == 1 { "" } else { "s" },
        s.errors,
        s.warnings,
        s.infos
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, check_csv};

    #[test]
    fn shows_code_row_column_and_fix() {
        let report = check_csv(b"EmailAddress\nnot-an-address\n", &Options::default());
        let text = render(&report);
        assert!(
            text.contains("error CSV202 [row 2, EmailAddress]: "),
            "{text}"
        );
        assert!(text.contains("  fix: "), "{text}");
        assert!(
            text.ends_with(
                "verdict: blocked (1 mailboxes in 1 file; 1 errors, 0 warnings, 0 info)\n"
            ),
            "{text}"
        );
    }
}

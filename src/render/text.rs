//! Plain text for the terminal: one finding per paragraph, then the counts.
//!
//! Every text is escaped (see [`super::terminal::escape`]): a file name or a message
//! cannot send control sequences to the terminal.

use std::fmt::Write;

use super::terminal::escape;
use crate::report::Report;

/// The report as plain text. Never holds a finding's local value.
pub fn render(report: &Report) -> String {
    render_report(report, false)
}

/// The report as plain text with each finding's local value (the offending cell, see
/// [`crate::Finding::local_value`]) on a line of its own. Only for the admin's own
/// screen: the output may then hold passwords from shifted or swapped columns.
pub fn render_with_values(report: &Report) -> String {
    render_report(report, true)
}

fn render_report(report: &Report, values: bool) -> String {
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
            "{} {}{}: {}",
            f.severity.as_str(),
            f.code,
            escape(&place),
            escape(&f.message)
        );
        if let Some(value) = f.local_value.as_deref().filter(|_| values) {
            let _ = writeln!(out, "  value: {}", escape(value));
        }
        let _ = writeln!(out, "  fix: {}", escape(&f.help));
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
    if s.batches_needed > crate::csv::split::MAX_BATCHES {
        let _ = writeln!(
            out,
            "{}.",
            crate::csv::split::batches_text(s.batches_needed)
        );
    }
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

    #[test]
    fn escapes_control_characters_and_shows_values_only_when_asked() {
        let mut report = check_csv(b"EmailAddress\nnot-an-address\n", &Options::default());
        report.findings[0].file = Some("\u{1b}]0;title\u{7}a.csv".into());
        report.findings[0].message.push_str("\r\u{1b}[2J");
        report.findings[0].local_value = Some("Secret\u{1b}[1m".into());
        let text = render(&report);
        assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text:?}");
        assert!(text.contains("\\u{1b}]0;title\\u{7}a.csv row 2"), "{text}");
        assert!(!text.contains("Secret"), "{text}");
        let shown = render_with_values(&report);
        assert!(shown.contains("  value: Secret\\u{1b}[1m\n"), "{shown}");
    }
}

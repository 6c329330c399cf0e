//! Plain text for the terminal: one paragraph per finding code (its rows compressed,
//! the fix once), then the counts.
//!
//! Every text is escaped (see [`super::terminal::escape`]): a file name or a message
//! cannot send control sequences to the terminal.

use std::fmt::Write;

use super::count::{count, thousands};
use super::terminal::escape;
use crate::group::group_by_code;
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
    let groups = group_by_code(&report.findings);
    for g in &groups {
        let place = g.place();
        let place = if place.is_empty() {
            String::new()
        } else {
            format!(" [{place}]")
        };
        let what = if g.count == 1 {
            g.message.clone()
        } else {
            format!(
                "{}: {}",
                count(u64::from(g.count), "finding", "findings"),
                g.title
            )
        };
        let _ = writeln!(
            out,
            "{} {}{}: {}",
            g.severity.as_str(),
            g.code,
            escape(&place),
            escape(&what)
        );
        if values {
            for f in report.findings.iter().filter(|f| f.code == g.code) {
                if let Some(value) = &f.local_value {
                    let _ = writeln!(
                        out,
                        "  value [{}]: {}",
                        escape(&super::readiness::view::place(f)),
                        escape(value)
                    );
                }
            }
        }
        let _ = writeln!(out, "  fix: {}", escape(&g.help));
    }
    if let Some(d) = &report.directory {
        let _ = writeln!(
            out,
            "{}directories: {} compared, {} matched on premises, {} missing on premises, {} missing in Exchange Online, {} on-premises {} in no CSV",
            if report.findings.is_empty() { "" } else { "\n" },
            count(u64::from(d.rows_compared), "CSV row", "CSV rows"),
            thousands(u64::from(d.matched)),
            thousands(u64::from(d.missing_on_premises)),
            thousands(u64::from(d.missing_in_cloud)),
            thousands(u64::from(d.left_behind)),
            if d.left_behind == 1 {
                "mailbox"
            } else {
                "mailboxes"
            }
        );
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{}verdict: {} ({} in {}; {}, {}, {} info)",
        if report.findings.is_empty() { "" } else { "\n" },
        report.verdict.as_str(),
        count(u64::from(s.mailboxes), "mailbox", "mailboxes"),
        count(u64::from(s.files), "file", "files"),
        count(u64::from(s.errors), "error", "errors"),
        count(u64::from(s.warnings), "warning", "warnings"),
        thousands(u64::from(s.infos)),
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
            text.contains("error CSV202 [row 2; EmailAddress]: "),
            "{text}"
        );
        assert!(text.contains("  fix: "), "{text}");
        assert!(
            text.ends_with("verdict: blocked (1 mailbox in 1 file; 1 error, 0 warnings, 0 info)\n"),
            "{text}"
        );
    }

    #[test]
    fn one_block_per_code_with_the_rows_compressed_and_the_fix_once() {
        let csv = b"EmailAddress\nbad-1\nbad-2\nbad-3\nok@contoso.com\nbad-5\n";
        let text = render(&check_csv(csv, &Options::default()));
        assert!(
            text.starts_with("error CSV202 [rows 2–4, 6; EmailAddress]: 4 findings: "),
            "{text}"
        );
        assert_eq!(text.matches("  fix: ").count(), 1, "{text}");
        assert!(
            text.contains("(5 mailboxes in 1 file; 4 errors, 0 warnings, "),
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
        assert!(text.contains("\\u{1b}]0;title\\u{7}a.csv; row 2"), "{text}");
        assert!(!text.contains("Secret"), "{text}");
        let shown = render_with_values(&report);
        assert!(
            shown.contains(
                "  value [\\u{1b}]0;title\\u{7}a.csv, row 2, EmailAddress]: Secret\\u{1b}[1m\n"
            ),
            "{shown}"
        );
    }
}

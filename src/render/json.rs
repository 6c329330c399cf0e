//! The JSON form of a report: the same field names as the Rust types.

use serde::Serialize;

use crate::group::{FindingGroup, group_by_code};
use crate::report::Report;

/// The report with its findings grouped by code (see [`crate::group`]).
#[derive(Serialize)]
struct Grouped<'a> {
    #[serde(flatten)]
    report: &'a Report,
    groups: Vec<FindingGroup>,
}

/// The report as pretty-printed JSON: `{"verdict", "findings", "summary", "groups"}`
/// (`groups`: the findings grouped by code). Never holds a finding's local value.
pub fn render(report: &Report) -> String {
    let grouped = Grouped {
        report,
        groups: group_by_code(&report.findings),
    };
    // Serialising plain data with string keys cannot fail.
    escape_controls(serde_json::to_string_pretty(&grouped).unwrap_or_default())
}

/// [`render`] with `localValue` (the offending cell, see
/// [`crate::Finding::local_value`]) in each finding that has one. Only for the admin's
/// own use: the output may then hold passwords from shifted or swapped columns.
pub fn render_with_values(report: &Report) -> String {
    let grouped = Grouped {
        report,
        groups: group_by_code(&report.findings),
    };
    let mut value = serde_json::to_value(&grouped).unwrap_or_default();
    if let Some(findings) = value.get_mut("findings").and_then(|f| f.as_array_mut()) {
        for (json, finding) in findings.iter_mut().zip(&report.findings) {
            if let (Some(object), Some(local)) = (json.as_object_mut(), &finding.local_value) {
                object.insert("localValue".into(), local.clone().into());
            }
        }
    }
    escape_controls(serde_json::to_string_pretty(&value).unwrap_or_default())
}

/// JSON escapes for the control characters serde_json writes as they are (DEL, the C1
/// controls such as U+009B, which some terminals read as an escape sequence, and the
/// line separators): printed to a terminal, the JSON cannot act on it. They occur only
/// inside strings, where `\uXXXX` means the same.
fn escape_controls(json: String) -> String {
    let raw = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !json.contains(raw) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) && !matches!(c, '\n' | ' ') {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, check_csv};

    #[test]
    fn has_the_documented_shape() {
        let report = check_csv(b"EmailAddress\nnot-an-address\n", &Options::default());
        let value: serde_json::Value = serde_json::from_str(&render(&report)).unwrap();
        assert_eq!(value["verdict"], "blocked");
        let finding = &value["findings"][0];
        for key in ["code", "severity", "row", "column", "message", "help"] {
            assert!(finding.get(key).is_some(), "missing {key}");
        }
        assert_eq!(finding["row"], 2);
        assert_eq!(value["summary"]["mailboxes"], 1);
        let group = &value["groups"][0];
        assert_eq!(group["code"], finding["code"]);
        assert_eq!(group["count"], 1);
        assert_eq!(group["rows"], "2");
        assert_eq!(group["help"], finding["help"]);
    }

    #[test]
    fn no_raw_control_character_reaches_the_terminal() {
        let mut report = check_csv(b"EmailAddress\nnot-an-address\n", &Options::default());
        report.findings[0].file = Some("a\u{9b}2J\u{7f}\u{1b}]0;x\u{7}.csv".into());
        let json = render(&report);
        assert!(
            !json.contains(|c: char| c.is_control() && c != '\n'),
            "{json:?}"
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value["findings"][0]["file"],
            "a\u{9b}2J\u{7f}\u{1b}]0;x\u{7}.csv"
        );
    }

    #[test]
    fn local_values_only_when_asked() {
        let mut report = check_csv(
            b"EmailAddress\nnot-an-address\nb@contoso.com\n",
            &Options::default(),
        );
        report.findings[0].local_value = Some("Secret-42".into());
        assert!(!render(&report).contains("Secret-42"));
        let value: serde_json::Value = serde_json::from_str(&render_with_values(&report)).unwrap();
        assert_eq!(value["findings"][0]["localValue"], "Secret-42");
        assert_eq!(render_with_values(&report).matches("localValue").count(), 1);
    }
}

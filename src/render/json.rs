//! The JSON form of a report: the same field names as the Rust types.

use crate::report::Report;

/// The report as pretty-printed JSON: `{"verdict", "findings", "summary"}`.
pub fn render(report: &Report) -> String {
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_default()
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
    }
}

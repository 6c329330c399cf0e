//! The readiness report as JSON.
//!
//! The field names and order are those of [`ReadinessReport`] (camelCase), starting with
//! `schemaVersion`; lists keep the report's order (findings by file and row, then
//! environment findings by code; the checklist in procedure order), so the same inputs
//! give byte-identical JSON. Dates are RFC 3339 with the report's UTC offset.

use crate::readiness::ReadinessReport;

/// The report as pretty-printed JSON, ending with a newline.
pub fn render(report: &ReadinessReport) -> String {
    // Plain data with string keys: serialising cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

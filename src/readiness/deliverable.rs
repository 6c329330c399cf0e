//! The report's cover: who prepared it, for whom, and which version of the document it
//! is. Read from the assessment's `report` section; shown in the "prepared by / prepared
//! for" block of every format, with the date and the tool's version.

use serde::{Deserialize, Serialize};

/// The assessment's `report` section. Every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Deliverable {
    /// The consultant or team who prepared the report, e.g. `Jane Doe, Fabrikam IT`.
    pub prepared_by: Option<String>,
    /// The customer it is for, e.g. `Contoso Ltd, IT department`.
    pub prepared_for: Option<String>,
    /// The document's version, e.g. `1.2`.
    pub document_version: Option<String>,
}

/// The cover block of a report, as the JSON report holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cover {
    /// From `report.preparedBy` (withheld when pseudonymised).
    pub prepared_by: Option<String>,
    /// From `report.preparedFor` (withheld when pseudonymised).
    pub prepared_for: Option<String>,
    /// From `report.documentVersion`.
    pub document_version: Option<String>,
    /// The version of migration-preflight that made the report.
    pub tool_version: &'static str,
}

/// The tool's version, from Cargo.toml.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

impl Cover {
    /// The cover of a report from the assessment's `report` section. Names of people and
    /// organisations are left out of a pseudonymised report.
    pub fn new(deliverable: &Deliverable, pseudonymise: bool) -> Cover {
        let clean = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        Cover {
            prepared_by: clean(&deliverable.prepared_by).filter(|_| !pseudonymise),
            prepared_for: clean(&deliverable.prepared_for).filter(|_| !pseudonymise),
            document_version: clean(&deliverable.document_version),
            tool_version: TOOL_VERSION,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_withheld_when_pseudonymised_and_blanks_are_absent() {
        let d = Deliverable {
            prepared_by: Some("Jane Doe".into()),
            prepared_for: Some("  ".into()),
            document_version: Some("1.2".into()),
        };
        let cover = Cover::new(&d, false);
        assert_eq!(cover.prepared_by.as_deref(), Some("Jane Doe"));
        assert_eq!(cover.prepared_for, None);
        assert_eq!(cover.tool_version, env!("CARGO_PKG_VERSION"));
        let hidden = Cover::new(&d, true);
        assert_eq!(hidden.prepared_by, None);
        assert_eq!(hidden.document_version.as_deref(), Some("1.2"));
    }
}

//! The DNS plan section of the readiness report.
//!
//! LEAD-MERGE: the DNS helper builds `dns::plan::Plan` on its own branch. When merging,
//! add `impl From<&crate::dns::plan::Plan> for DnsSection` here (one row per record to
//! add, change or remove) and set `ReadinessReport::dns` from it in
//! `readiness::report::build` (marked there too). The renderers only know this type.

use serde::Serialize;

/// The DNS changes of the migration, as the report shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsSection {
    /// One row per record, in the order they are to be changed.
    pub records: Vec<DnsRecord>,
    /// Remarks about the plan as a whole.
    pub notes: Vec<String>,
}

/// One DNS record to add, change or remove.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsRecord {
    /// When in the migration: e.g. `before the migration`, `at cutover`, `after`.
    pub step: String,
    /// `add`, `change` or `remove`.
    pub action: String,
    /// Owner name, e.g. `contoso.com` or `autodiscover.contoso.com`.
    pub name: String,
    /// Record type, e.g. `MX`.
    pub record_type: String,
    /// Value, e.g. `0 contoso-com.mail.protection.outlook.com`.
    pub value: String,
    /// TTL in seconds, if the plan sets one.
    pub ttl: Option<u32>,
    /// Why, or what to check.
    pub note: String,
}

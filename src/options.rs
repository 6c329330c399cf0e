//! What the admin tells the checker about the tenant.

use serde::{Deserialize, Serialize};

/// Settings for a check. All optional; the defaults check the CSV on its own.
///
/// In JavaScript the same fields are camelCase: `{ domains: [...], federated: true }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Options {
    /// The tenant's verified domains. When given, an address in any other domain is an
    /// error. Compared case-insensitively.
    pub domains: Vec<String>,
    /// AD FS (or other federated) single sign-on is deployed, so Microsoft ignores
    /// passwords and refuses `ForceChangePassword=True`.
    pub federated: bool,
    /// The organisation's own banned password terms, like Microsoft Entra Password
    /// Protection's custom banned list (4 to 16 characters each). Passwords built
    /// mostly from them are reported as likely rejected.
    pub banned_terms: Vec<String>,
    /// The organisation's (tenant's) name, a banned password term. When absent, the
    /// first label of each address's domain is used (`contoso` for `contoso.com`).
    pub tenant_name: Option<String>,
    /// For the corrected CSV only: replace empty passwords and those Microsoft would
    /// refuse with generated ones (16 random characters, all four kinds). Ignored with
    /// `federated`, where Microsoft does not use the passwords.
    pub generate_passwords: bool,
    /// Native builds only: how many threads check a large file (0: one per processor
    /// core, at most four). The browser always checks on one. Not a JavaScript option.
    #[serde(skip)]
    pub threads: usize,
}

impl Options {
    /// The field names as JavaScript writes them, for adapters that must reject unknown
    /// keys themselves (serde-wasm-bindgen reads only the keys it knows).
    pub const FIELDS: &'static [&'static str] = &[
        "domains",
        "federated",
        "bannedTerms",
        "tenantName",
        "generatePasswords",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_lists_exactly_the_serialised_names() {
        let value = serde_json::to_value(Options::default()).unwrap();
        let mut names: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut listed = Options::FIELDS.to_vec();
        names.sort();
        listed.sort();
        assert_eq!(names, listed);
    }
}

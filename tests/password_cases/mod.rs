//! Password cases shared by the native tests (`password_fixtures.rs`) and the same tests
//! in headless Chromium (`wasm_password.rs`).
//!
//! Each fixture under `tests/fixtures/password/` is named after the finding it shows. A
//! case lists the password findings (code prefix `PWD`) checking it must produce,
//! exactly, with severity and row; findings of other areas are checked elsewhere.

#![allow(dead_code)]

pub mod leak;
pub mod planted;

/// One fixture, the options to check it with, and what the check must report.
pub struct Case {
    /// File name under tests/fixtures/password.
    pub file: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
    /// AD FS single sign-on.
    pub federated: bool,
    /// The organisation's banned terms.
    pub banned_terms: &'static [&'static str],
    /// The organisation's name, if given.
    pub tenant_name: Option<&'static str>,
    /// Expected PWD findings: (code, severity, row).
    pub expect: &'static [(&'static str, &'static str, Option<u32>)],
}

macro_rules! case {
    ($file:literal, federated: $fed:expr, banned: $banned:expr, tenant: $tenant:expr,
     [$(($code:literal, $sev:literal, $row:expr)),* $(,)?]) => {
        Case {
            file: $file,
            bytes: include_bytes!(concat!("../fixtures/password/", $file)),
            federated: $fed,
            banned_terms: $banned,
            tenant_name: $tenant,
            expect: &[$(($code, $sev, $row)),*],
        }
    };
    ($file:literal, [$($rest:tt)*]) => {
        case!($file, federated: false, banned: &[], tenant: None, [$($rest)*])
    };
}

/// Every password fixture with its expected findings.
pub const CASES: &[Case] = &[
    case!("ok-passwords.csv", []),
    case!("PWD001-too-short.csv", [("PWD001", "error", Some(3))]),
    case!("PWD002-too-long.csv", [("PWD002", "error", Some(2))]),
    case!(
        "PWD003-characters.csv",
        [("PWD003", "error", Some(3)), ("PWD003", "error", Some(4))]
    ),
    case!("PWD004-kinds.csv", [("PWD004", "error", Some(2))]),
    // Microsoft's worked examples (custom banned term "blank", tenant contoso): row 2
    // is rejected, row 3 accepted; then a common password and the user's own name.
    case!(
        "PWD005-likely-rejected.csv",
        federated: false,
        banned: &["blank"],
        tenant: None,
        [("PWD005", "warning", Some(2)), ("PWD005", "warning", Some(4)), ("PWD005", "warning", Some(5))]
    ),
    case!(
        "PWD005-tenant-name.csv",
        federated: false,
        banned: &[],
        tenant: Some("Fabrikam"),
        [("PWD005", "warning", Some(2))]
    ),
    // Microsoft's other worked example: the user Poll cannot set p0LL23fb, although it
    // scores 5; the same password for another user passes.
    case!("PWD005-user-name.csv", [("PWD005", "warning", Some(2))]),
    case!("PWD006-shared.csv", [("PWD006", "warning", Some(2))]),
    case!(
        "PWD007-spaces.csv",
        [
            ("PWD007", "warning", Some(2)),
            ("PWD007", "warning", Some(3))
        ]
    ),
    // True and False with spaces around them: a warning, which fix corrects.
    case!(
        "PWD007-force-change-spaces.csv",
        [
            ("PWD007", "warning", Some(2)),
            ("PWD007", "warning", Some(3))
        ]
    ),
    case!(
        "PWD008-formula.csv",
        [
            ("PWD008", "warning", Some(2)),
            ("PWD008", "warning", Some(3)),
            ("PWD008", "warning", Some(4)),
            ("PWD008", "warning", Some(5))
        ]
    ),
    case!(
        "PWD009-force-change.csv",
        [
            ("PWD009", "error", Some(2)),
            ("PWD009", "error", Some(3)),
            ("PWD009", "error", Some(4))
        ]
    ),
    // Federated: True fails (rows 3 and 4), the weak shared passwords are not checked,
    // and the note that passwords are ignored comes once.
    case!(
        "PWD010-PWD011-federated.csv",
        federated: true,
        banned: &[],
        tenant: None,
        [("PWD010", "error", Some(3)), ("PWD010", "error", Some(4)), ("PWD011", "info", None)]
    ),
    // Scientific notation (row 3) and dates among other passwords (rows 4 and 6, which
    // also lack kinds of characters).
    case!(
        "PWD013-excel.csv",
        [
            ("PWD013", "warning", Some(3)),
            ("PWD004", "error", Some(4)),
            ("PWD013", "warning", Some(4)),
            ("PWD004", "error", Some(6)),
            ("PWD013", "warning", Some(6))
        ]
    ),
    case!(
        "ok-passwords.csv",
        federated: false,
        banned: &["ab", "blank"],
        tenant: None,
        [("PWD012", "info", None)]
    ),
];

/// A finding as compared: code, severity, row.
pub type Seen = (String, String, Option<u32>);

/// The expected findings of a case, sorted.
pub fn expected(case: &Case) -> Vec<Seen> {
    sorted(
        case.expect
            .iter()
            .map(|&(code, severity, row)| (code.to_string(), severity.to_string(), row))
            .collect(),
    )
}

/// Findings sorted by code, then row.
pub fn sorted(mut findings: Vec<Seen>) -> Vec<Seen> {
    findings.sort();
    findings
}

//! CSV cases shared by the native tests and the same tests in headless Chromium.
//!
//! Each fixture file under `tests/fixtures/csv/` is named after the finding it shows.
//! A case lists the CSV findings (code prefix `CSV`) the file must produce, exactly,
//! with their rows; findings of other areas (passwords) are checked elsewhere.

#![allow(dead_code)]

/// Reading and building JavaScript values (wasm tests only).
#[cfg(target_arch = "wasm32")]
pub mod js;

/// The Exchange Online simulator harness (native tests only).
#[cfg(not(target_arch = "wasm32"))]
pub mod simulator;

/// One fixture and what checking it must report.
pub struct Case {
    /// File name under tests/fixtures/csv.
    pub file: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
    /// Verified domains to pass as options.
    pub domains: &'static [&'static str],
    /// Expected CSV findings: (code, severity, row).
    pub expect: &'static [(&'static str, &'static str, Option<u32>)],
}

macro_rules! case {
    ($file:literal, $domains:expr, [$(($code:literal, $sev:literal, $row:expr)),* $(,)?]) => {
        Case {
            file: $file,
            bytes: include_bytes!(concat!("../fixtures/csv/", $file)),
            domains: $domains,
            expect: &[$(($code, $sev, $row)),*],
        }
    };
}

/// Every CSV fixture with its expected findings.
pub const CASES: &[Case] = &[
    case!("ok-example.csv", &[], []),
    case!("CSV001-empty.csv", &[], [("CSV001", "error", None)]),
    case!("CSV002-xlsx.csv", &[], [("CSV002", "error", None)]),
    case!(
        "CSV003-ansi.csv",
        &[],
        [
            ("CSV003", "error", None),
            ("CSV202", "error", Some(2)),
            ("CSV202", "error", Some(3))
        ]
    ),
    case!("CSV004-utf16.csv", &[], [("CSV004", "info", None)]),
    case!("CSV005-semicolons.csv", &[], [("CSV005", "error", Some(1))]),
    case!(
        "CSV006-unterminated-quote.csv",
        &[],
        [("CSV006", "error", Some(3))]
    ),
    case!(
        "CSV007-stray-quote.csv",
        &[],
        [("CSV007", "error", Some(3)), ("CSV202", "error", Some(3))]
    ),
    case!(
        "CSV008-blank-line.csv",
        &[],
        [("CSV008", "warning", Some(3))]
    ),
    case!(
        "CSV009-too-many-rows.csv",
        &[],
        [("CSV009", "error", None), ("CSV009", "error", Some(2002))]
    ),
    case!("CSV010-header-only.csv", &[], [("CSV010", "error", None)]),
    case!("CSV011-no-header.csv", &[], [("CSV011", "error", Some(1))]),
    case!(
        "CSV012-column-count.csv",
        &[],
        [("CSV012", "error", Some(3))]
    ),
    // Two exports pasted together: the header again in rows 4 and 6 (in another case
    // and with spaces), not mailboxes, with no address or password findings.
    case!(
        "CSV015-repeated-header.csv",
        &[],
        [("CSV015", "error", Some(4)), ("CSV015", "error", Some(6))]
    ),
    case!(
        "CSV013-too-many-columns.csv",
        &[],
        [("CSV011", "error", Some(1)), ("CSV013", "error", Some(1))]
    ),
    case!(
        "CSV014-cell-too-long.csv",
        &[],
        [("CSV014", "error", Some(2))]
    ),
    case!(
        "CSV101-no-email-column.csv",
        &[],
        [("CSV102", "error", Some(1)), ("CSV101", "error", Some(1))]
    ),
    case!(
        "CSV102-unknown-column.csv",
        &[],
        [("CSV102", "error", Some(1))]
    ),
    case!(
        "CSV103-duplicate-column.csv",
        &[],
        [("CSV103", "error", Some(1))]
    ),
    case!(
        "CSV104-blank-column.csv",
        &[],
        [("CSV104", "error", Some(1))]
    ),
    case!(
        "CSV105-name-case.csv",
        &[],
        [("CSV105", "warning", Some(1))]
    ),
    case!("CSV106-imap.csv", &[], [("CSV106", "error", Some(1))]),
    case!(
        "CSV201-empty-address.csv",
        &[],
        [("CSV201", "error", Some(3))]
    ),
    case!("CSV202-bad-syntax.csv", &[], [("CSV202", "error", Some(3))]),
    case!("CSV203-too-long.csv", &[], [("CSV203", "error", Some(3))]),
    case!("CSV204-bad-domain.csv", &[], [("CSV204", "error", Some(3))]),
    case!(
        "CSV205-hidden-character.csv",
        &[],
        [("CSV205", "error", Some(3))]
    ),
    case!(
        "CSV206-surrounding-space.csv",
        &[],
        [("CSV206", "warning", Some(3))]
    ),
    case!("CSV207-duplicate.csv", &[], [("CSV207", "error", Some(4))]),
    case!(
        "CSV208-unverified-domain.csv",
        &["contoso.com"],
        [("CSV208", "error", Some(3))]
    ),
    case!(
        "CSV209-onmicrosoft.csv",
        &[],
        [("CSV209", "error", Some(3))]
    ),
    case!(
        "CSV210-unicode-domain.csv",
        &[],
        [("CSV210", "error", Some(3))]
    ),
    case!(
        "CSV202-smtp-rules.csv",
        &[],
        [
            ("CSV211", "info", Some(2)),
            ("CSV202", "error", Some(3)),
            ("CSV211", "info", Some(4)),
            ("CSV202", "error", Some(5))
        ]
    ),
    case!(
        "CSV211-upn-only.csv",
        &[],
        [("CSV211", "info", Some(3)), ("CSV211", "info", Some(4))]
    ),
    case!(
        "CSV212-non-routable.csv",
        &["contoso.com"],
        [
            ("CSV212", "error", Some(3)),
            ("CSV212", "error", Some(4)),
            ("CSV212", "error", Some(5))
        ]
    ),
    case!(
        "CSV213-formula-cell.csv",
        &[],
        [("CSV213", "warning", Some(3))]
    ),
    // Rows of only delimiters (Excel leaves them behind): not mailboxes, anywhere.
    case!(
        "CSV216-delimiter-rows.csv",
        &[],
        [
            ("CSV216", "warning", Some(3)),
            ("CSV216", "warning", Some(5)),
            ("CSV216", "warning", Some(6))
        ]
    ),
    // ...and above the header, which must be the first row: an error each.
    case!(
        "CSV217-delimiter-rows-above-header.csv",
        &[],
        [
            ("CSV217", "error", Some(1)),
            ("CSV217", "error", Some(2)),
            ("CSV008", "warning", Some(3)),
            ("CSV216", "warning", Some(7))
        ]
    ),
];

/// Sorted (code, severity, row) triples, for comparing expected with actual.
pub fn sorted(mut v: Vec<(String, String, Option<u32>)>) -> Vec<(String, String, Option<u32>)> {
    v.sort();
    v
}

/// The expected triples of a case, owned and sorted.
pub fn expected(case: &Case) -> Vec<(String, String, Option<u32>)> {
    sorted(
        case.expect
            .iter()
            .map(|(c, s, r)| (c.to_string(), s.to_string(), *r))
            .collect(),
    )
}

//! A password in the address column never comes out of an address finding.
//!
//! A cell's column cannot be trusted: swapped columns, shifted cells, semicolon rows
//! under a comma header put a password where the address belongs, and it may look like
//! an address. Marker passwords are planted in the EmailAddress column, inside every
//! kind of address fault, in random files (delimiters, quoting, encodings, header or
//! none); no message, help or rendered report may hold a marker, its lowercase form or
//! the IDNA (`xn--`) form of a domain made from it, and every address finding keeps
//! the cell as its local value.

#![cfg(not(target_arch = "wasm32"))]

use migration_preflight::{CsvFile, Finding, Options, Report, check_files, render};
use proptest::prelude::*;

/// Marker passwords: letters, digits and symbols a password has, two with umlauts.
const MARKERS: &[&str] = &[
    "Sommer2024ä!",
    "Kq7#vZmLp",
    "Winter+Geheim9",
    "Zq7!xWqPl",
    "Pässwort2025",
];

/// Ways a password ends up in the address column, each around one kind of fault (or
/// none): `{m}` is the marker, `{M}` the marker with only letters and digits.
const SHAPES: &[&str] = &[
    "{m}",
    "{M}@firma.de",
    "{m}@firma.de",
    "pilarp@contoso.com;{m};True",
    "contoso.com;{m};True",
    "{M}@{M}.local",
    "{M}@{M}",
    "{M}@{M}.onmicrosoft.com",
    "{M}@{M}ä.de",
    "{M}@b{M}.example",
    "{M}\u{200b}@contoso.com",
    "{M}\u{0430}@contoso.com",
    " {M}+x@contoso.com ",
    "{M}{M}{M}{M}{M}{M}{M}{M}@contoso.com",
    "{M}@{M}{M}{M}{M}{M}{M}.com",
    "\"{m} x\"@contoso.com",
    "{m} x@contoso.com",
    "{M}@-{M}.com",
    "{M}..x@contoso.com",
    "{M}@fabrikam.com",
];

/// The forms of a marker that must not appear: itself, lowercased, its letters and
/// digits, and the IDNA forms of domains built from it.
fn forbidden(marker: &str) -> Vec<String> {
    let plain = alnum(marker);
    let mut forms = vec![marker.to_lowercase(), plain.to_lowercase()];
    for domain in [format!("{plain}ä.de"), format!("{plain}.de")] {
        if let Ok(ascii) = idna::domain_to_ascii(&domain) {
            forms.push(ascii.to_lowercase());
        }
    }
    forms
}

fn alnum(marker: &str) -> String {
    marker.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// One planted cell: a shape filled with a marker.
fn cell(shape: &str, marker: &str) -> String {
    shape.replace("{m}", marker).replace("{M}", &alnum(marker))
}

/// A file's rows as text, with the address cells given, in one of several layouts.
fn file_text(cells: &[String], layout: u8, delimiter: char) -> String {
    let d = delimiter;
    let quote = |c: &str| {
        if c.contains([d, '"', '\n', '\r']) || layout % 2 == 1 {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.to_string()
        }
    };
    let mut text = match layout % 3 {
        0 => format!("EmailAddress{d}Password{d}ForceChangePassword\r\n"),
        1 => format!("Password{d}EmailAddress\r\n"),
        _ => String::new(),
    };
    for (i, c) in cells.iter().enumerate() {
        let row = match layout % 3 {
            0 => format!("{}{d}Kx8#qTz4!mWv{d}False", quote(c)),
            1 => format!("pilar{i}@contoso.com{d}{}", quote(c)),
            _ => format!("{}{d}Kx8#qTz4!mWv", quote(c)),
        };
        text.push_str(&row);
        text.push_str("\r\n");
    }
    text
}

/// The text in one of four encodings; `None` when Windows-1252 cannot hold it.
fn encode(text: &str, encoding: u8) -> Option<Vec<u8>> {
    match encoding % 4 {
        0 => Some(text.as_bytes().to_vec()),
        1 => Some([b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat()),
        2 => Some(
            [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
        ),
        _ => text
            .chars()
            .map(|c| match c {
                '\u{0}'..='\u{7f}' | '\u{a0}'..='\u{ff}' => Some(c as u8),
                _ => None,
            })
            .collect(),
    }
}

fn is_address_finding(f: &Finding) -> bool {
    f.code.starts_with("CSV2") && f.row.is_some()
}

/// Asserts that nothing the core writes holds a marker, and that every address
/// finding at a row keeps its cell.
fn assert_clean(report: &Report, markers: &[&str]) -> Result<(), TestCaseError> {
    // Findings of other areas (decoding, header) have their own leak tests; the
    // reports rendered here hold the address findings only.
    let mut only = report.clone();
    only.findings.retain(is_address_finding);
    let outputs = [
        render::text::render(&only),
        render::json::render(&only),
        serde_json::to_string(&only.findings).unwrap(),
    ];
    for marker in markers {
        for form in forbidden(marker) {
            for f in &only.findings {
                let words = format!("{} {}", f.message, f.help).to_lowercase();
                prop_assert!(
                    !words.contains(&form),
                    "{} says {form:?}: {}",
                    f.code,
                    f.message
                );
            }
            for out in &outputs {
                prop_assert!(!out.to_lowercase().contains(&form), "{form:?} in {out}");
            }
        }
    }
    for f in &only.findings {
        // A row without an address cell at all (a short row) has nothing to keep.
        if !f.message.contains("no EmailAddress cell") {
            prop_assert!(
                f.local_value.is_some(),
                "{} lacks its cell: {}",
                f.code,
                f.message
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_marker_leaves_an_address_finding(
        picks in proptest::collection::vec((0..SHAPES.len(), 0..MARKERS.len()), 1..12),
        layout in 0u8..6,
        delimiter in prop_oneof![Just(','), Just(';'), Just('\t')],
        encoding in 0u8..4,
        twice in any::<bool>(),
    ) {
        let mut cells: Vec<String> =
            picks.iter().map(|&(s, m)| cell(SHAPES[s], MARKERS[m])).collect();
        if twice {
            cells.push(cells[0].clone());
        }
        let markers: Vec<&str> = picks.iter().map(|&(_, m)| MARKERS[m]).collect();
        let text = file_text(&cells, layout, delimiter);
        let Some(bytes) = encode(&text, encoding) else { return Ok(()) };
        let files = [CsvFile { name: "wave.csv", bytes: &bytes }];
        for domains in [vec![], vec!["contoso.com".to_string()]] {
            let report = check_files(&files, &Options { domains, ..Options::default() });
            assert_clean(&report, &markers)?;
        }
    }
}

#[test]
fn every_shape_gives_address_findings_that_keep_the_cell() {
    let cells: Vec<String> = SHAPES.iter().map(|s| cell(s, MARKERS[0])).collect();
    let text = file_text(&cells, 0, ',');
    let options = Options {
        domains: vec!["contoso.com".into()],
        ..Options::default()
    };
    let report = check_files(
        &[CsvFile {
            name: "wave.csv",
            bytes: text.as_bytes(),
        }],
        &options,
    );
    // Every shape is some fault: each row has an address finding, and it keeps the
    // cell it is about.
    for (i, c) in cells.iter().enumerate() {
        let row = i as u32 + 2;
        let found: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| is_address_finding(f) && f.row == Some(row))
            .collect();
        assert!(
            !found.is_empty(),
            "row {row} ({c:?}) has no address finding"
        );
        for f in found {
            assert!(
                f.message.contains(&format!("row {row}")),
                "{}: {}",
                f.code,
                f.message
            );
            let kept = f.local_value.as_deref().unwrap_or_default();
            assert!(kept.contains(c.trim()), "{}: {kept:?}", f.code);
        }
    }
    assert_clean(&report, &MARKERS[..1]).unwrap();
}

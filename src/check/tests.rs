//! Tests of the check across files.

use super::*;

#[test]
fn a_duplicate_is_reported_before_the_rows_other_findings() {
    let csv = "EmailAddress,Password\r\npilarp@contoso.com,kT7#vQ9!mZ2xwR4x\r\nPilarP@contoso.com,short\r\n";
    let report = check_csv(csv.as_bytes(), &Options::default());
    let row3: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.row == Some(3))
        .map(|f| f.code)
        .collect();
    assert_eq!(
        row3.first(),
        Some(&crate::address::DUPLICATE.code),
        "{row3:?}"
    );
    assert!(row3.contains(&"PWD001"), "{row3:?}");
}

#[test]
fn findings_past_the_limit_are_counted_and_none_is_left_without_words() {
    let mut csv = String::from("EmailAddress,Password,ForceChangePassword\r\n");
    for _ in 0..600 {
        csv.push_str(" pilarp@contoso.com ,Pa$$w0rd,Yes,x\r\n");
    }
    let report = check_csv(csv.as_bytes(), &Options::default());
    for (code, rows) in [
        ("CSV012", 600),
        ("CSV206", 600),
        ("CSV207", 599),
        ("PWD005", 600),
        ("PWD009", 600),
    ] {
        let of_code: Vec<_> = report.findings.iter().filter(|f| f.code == code).collect();
        let listed = of_code.iter().filter(|f| f.row.is_some()).count();
        assert_eq!(listed, crate::csv::limit::PER_CODE as usize, "{code}");
        let summary = of_code.iter().find(|f| f.row.is_none()).expect("a summary");
        assert!(
            summary
                .message
                .starts_with(&format!("{} more rows", rows - listed)),
            "{code}: {}",
            summary.message
        );
    }
    assert!(report.findings.iter().all(|f| !f.message.is_empty()));
}

/// Checks `files` as one migration, reading with `plan`.
fn check_with(files: &[&[u8]], plan: Plan) -> Report {
    let mut migration = Migration::new(&Options::default());
    migration.plan = plan;
    for (i, bytes) in files.iter().enumerate() {
        migration.add(Some(&format!("{i}.csv")), bytes, None);
    }
    migration.finish()
}

/// A quote-free CSV with every kind of row problem, from `state`.
fn random_csv(state: &mut u64, rows: usize) -> Vec<u8> {
    let mut next = |n: usize| (crate::testing::xorshift(state) % n as u64) as usize;
    let ends = ["\r\n", "\n", "\r"];
    let end = ends[next(3)];
    let mut text: Vec<u8> = Vec::new();
    match next(5) {
        0 => {} // headerless: the first row is a mailbox
        1 => text.extend_from_slice(b"EmailAddress;Password\r\n\r\n"),
        // Excel's empty rows above the header (CSV217), blank lines among them.
        2 => {
            text.extend_from_slice(b", ,\r\n\r\n,,\nEmailAddress,Password,ForceChangePassword\r\n")
        }
        _ => text.extend_from_slice(b"\n\nEmailAddress,Password,ForceChangePassword\r\n"),
    }
    let addresses = [
        "pilarp@contoso.com",
        " tobyn@contoso.com",
        "PilarP@Contoso.com",
        "bad@",
        "",
        "a@fabrikam.onmicrosoft.com",
    ];
    let passwords = [
        "kT7#vQ9!mZ2xwR4x",
        "Pa$$w0rd",
        "short",
        "",
        " spaced1A!x",
        "=Sum(A1)x9",
    ];
    let flags = ["True", "False", "yes", ""];
    for i in 0..rows {
        match next(12) {
            0 => text.extend_from_slice(end.as_bytes()),
            1 => text.extend_from_slice(format!("user{}@contoso.com{end}", next(50)).as_bytes()),
            2 => text.extend_from_slice(b"caf\xe9@contoso.com,x\xffy,False,\n"),
            _ => {
                let address = if next(3) == 0 {
                    addresses[next(addresses.len())].to_string()
                } else {
                    format!("user{}@contoso.com", next(rows.max(1) * 2))
                };
                let password = if next(2) == 0 {
                    passwords[next(passwords.len())].to_string()
                } else {
                    format!("Kq{}#vZ{i}m!Lp", next(40))
                };
                let line = format!("{address},{password},{}{end}", flags[next(flags.len())]);
                text.extend_from_slice(line.as_bytes());
            }
        }
    }
    text
}

#[test]
fn reading_in_pieces_on_several_threads_finds_what_one_reading_finds() {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    for case in 0..120 {
        let rows = if case % 40 == 0 { 2_600 } else { case * 3 };
        let files = [
            random_csv(&mut state, rows),
            random_csv(&mut state, rows / 2),
        ];
        let files: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
        let whole = check_with(
            &files,
            Plan {
                threads: 1,
                piece: 0,
            },
        );
        for (threads, piece) in [(2, 1), (3, 37), (2, 600), (4, 5_000)] {
            let in_pieces = check_with(&files, Plan { threads, piece });
            let context = format!("case {case}, {threads} threads, pieces of {piece}");
            let pairs = in_pieces.findings.iter().zip(&whole.findings);
            if let Some((got, expected)) = pairs.into_iter().find(|(a, b)| a != b) {
                panic!("{context}: first difference\n{got:?}\n{expected:?}");
            }
            assert_eq!(in_pieces.summary, whole.summary, "{context}");
            assert_eq!(in_pieces.findings.len(), whole.findings.len(), "{context}");
        }
    }
}

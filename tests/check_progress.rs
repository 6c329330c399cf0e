//! The check's progress hook: called as rows are read, ending with every row, and
//! without changing the report.

use migration_preflight::check::{Progress, check_csv_with_progress, check_files_with_progress};
use migration_preflight::{CsvFile, Options, check_csv, check_files};

/// A CSV of `rows` mailboxes with a few faults (a missing `@`, a duplicate, a short
/// password, `Yes` in ForceChangePassword) and a blank line.
fn csv(rows: usize, domain: &str) -> Vec<u8> {
    let mut out = String::from("EmailAddress,Password,ForceChangePassword\r\n");
    for i in 0..rows {
        let address = match i % 997 {
            5 => format!("user{i}{domain}"),
            7 => format!("user{}@{domain}", i - 1),
            _ => format!("user{i}@{domain}"),
        };
        let password = if i % 1009 == 3 {
            "short".to_string()
        } else {
            format!("Kq{i}#vZ!mLp")
        };
        let force = if i % 1013 == 9 { "Yes" } else { "False" };
        out.push_str(&format!("{address},{password},{force}\r\n"));
        if i == rows / 2 {
            out.push_str("\r\n");
        }
    }
    out.into_bytes()
}

/// The rows of a file: its line ends (every line here ends with one).
fn lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

fn assert_progress(seen: &[Progress], total: u64) {
    assert!(seen.len() >= 2, "{seen:?}");
    assert!(
        seen.windows(2).all(|w| w[0].rows_read < w[1].rows_read),
        "rows_read does not increase: {seen:?}"
    );
    assert!(
        seen.iter()
            .all(|p| p.rows_total == total && p.rows_read <= total)
    );
    let last = seen.last().unwrap();
    assert_eq!((last.rows_read, last.rows_total), (total, total));
    // About every 16,384 rows: no gap much larger (rows are handed over in runs of a
    // few thousand at most), no reports closer.
    for w in seen.windows(2) {
        let gap = w[1].rows_read - w[0].rows_read;
        assert!(gap <= 16_384 + 4_096, "{seen:?}");
    }
    assert!(seen.len() as u64 <= total / 16_384 + 1, "{seen:?}");
}

#[test]
fn one_file_reports_progress_to_its_last_row_and_the_same_report() {
    for threads in [1, 4] {
        let options = Options {
            threads,
            domains: vec!["contoso.com".into()],
            ..Options::default()
        };
        let bytes = csv(100_000, "contoso.com");
        let mut seen = Vec::new();
        let report = check_csv_with_progress(&bytes, &options, &mut |p| seen.push(p));
        assert_progress(&seen, lines(&bytes));
        assert_eq!(report, check_csv(&bytes, &options), "{threads} threads");
        assert!(report.findings.len() > 100, "the faults are found");
    }
}

#[test]
fn several_files_report_progress_over_all_their_rows_and_the_same_report() {
    let options = Options::default();
    let (a, b) = (csv(30_000, "contoso.com"), csv(40_000, "fabrikam.com"));
    let files = [
        CsvFile {
            name: "a.csv",
            bytes: &a,
        },
        CsvFile {
            name: "b.csv",
            bytes: &b,
        },
    ];
    let mut seen = Vec::new();
    let report = check_files_with_progress(&files, &options, &mut |p| seen.push(p));
    assert_progress(&seen, lines(&a) + lines(&b));
    assert!(seen.iter().any(|p| p.rows_read > lines(&a)), "{seen:?}");
    assert_eq!(report, check_files(&files, &options));
}

#[test]
fn a_small_file_reports_once_at_the_end() {
    let bytes = b"EmailAddress,Password\r\npilarp@contoso.com,kT7#vQ9!mZ2xwR4x\r\nbad,short";
    let mut seen = Vec::new();
    check_csv_with_progress(bytes, &Options::default(), &mut |p| seen.push(p));
    assert_eq!(
        seen,
        [Progress {
            rows_read: 3,
            rows_total: 3
        }]
    );
}

#[test]
fn a_file_that_is_not_text_still_ends_its_progress() {
    let bytes = [0xff, 0x00, 0xfe, 0x80, b'\n'];
    let mut seen = Vec::new();
    let report = check_csv_with_progress(&bytes, &Options::default(), &mut |p| seen.push(p));
    assert_eq!(report, check_csv(&bytes, &Options::default()));
    assert_eq!(seen.last().map(|p| p.rows_read == p.rows_total), Some(true));
}

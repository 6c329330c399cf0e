//! Fuzz target: any bytes through check_csv, fix_csv and split must never panic, and
//! every finding must be well formed. Inputs starting with `P` are also repeated past
//! 64 KB and checked in pieces on two threads and in one go: the reports must be equal. Run from the crate root:
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir tests/fuzz check_csv -- -max_total_time=600`

#![no_main]

use libfuzzer_sys::fuzz_target;
use migration_preflight::check::CsvFile;
use migration_preflight::{Options, check_csv, fix::fix_csv, split};

fuzz_target!(|data: &[u8]| {
    let options = Options {
        domains: vec!["contoso.com".into()],
        federated: data.first() == Some(&b'F'),
        banned_terms: vec!["contoso".into(), "hockey".into()],
        generate_passwords: data.first() == Some(&b'G'),
        ..Options::default()
    };
    let report = check_csv(data, &options);
    for f in &report.findings {
        assert!(!f.message.is_empty() && !f.help.is_empty());
        assert!(f.row.is_none_or(|r| r >= 1));
    }
    if let Ok(fixed) = fix_csv(data, &options) {
        assert!(std::str::from_utf8(fixed.csv.as_bytes()).is_ok());
    }
    if data.first() == Some(&b'P') {
        let big = data.repeat((64 << 10) / data.len() + 1);
        let one = Options { threads: 1, ..options.clone() };
        let two = Options { threads: 2, ..options.clone() };
        assert_eq!(check_csv(&big, &one), check_csv(&big, &two));
    }
    let file = CsvFile { name: "fuzz.csv", bytes: data };
    let _ = split::split(&[file], &split::SplitOptions { size: 3, prefix: "F".into() }, &options);
});

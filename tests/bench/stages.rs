//! Where a check's time goes, natively, on real-shaped data (issue 14): each stage of
//! the row pipeline run on its own over the same file, one thread.
//!
//! Run: `cargo bench --bench stages` (add row counts to run only those:
//! `cargo bench --bench stages -- 1000000`).
//!
//! The stages, each timed from the file's bytes:
//! - `read`: decoding and splitting the rows into cells (`table::read`), nothing else;
//! - `read+address`: and the EmailAddress rules (`AddressRules::validate`);
//! - `read+password`: and the Password rules that cost (`policy::check` and the
//!   Password Protection prediction, `Protection::assess_unless_passing`);
//! - `check_csv`: the whole check, with duplicates, shared passwords and findings.
//!
//! Each stage's time less `read` is what its rules cost. They are the floor under
//! the whole check: a check cannot be faster than reading plus its rules. A benchmark,
//! not a test: figures depend on the machine and are reported, not asserted.

use std::hint::black_box;
use std::time::{Duration, Instant};

use migration_preflight::address::{AddressRules, DomainMemo};
use migration_preflight::password::policy;
use migration_preflight::password::protection::{Protection, Scratch};
use migration_preflight::table::{self, Line};
use migration_preflight::{Options, check_csv, decode};

#[path = "real_shaped.rs"]
mod real_shaped;

/// The median of `runs` timings of `f`, after one warm-up call.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Calls `each` with the EmailAddress and Password cells of every row after the
/// header (the real-shaped files have them in columns 1 and 2).
fn rows(bytes: &[u8], mut each: impl FnMut(u32, &str, &str)) {
    let Ok(decoded) = decode::decode(bytes) else {
        return;
    };
    table::read(&decoded.text, b',', |line| {
        if let Line::Record { row, record, .. } = line {
            if row > 1 {
                each(
                    row,
                    record.get(0).unwrap_or(""),
                    record.get(1).unwrap_or(""),
                );
            }
        }
    });
}

fn main() {
    let only: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let options = Options {
        threads: 1,
        ..Options::default()
    };
    let address_rules = AddressRules::new(&[]);
    let protection = Protection::new(&options);
    println!(
        "Real-shaped data (tests/bench/real_shaped.rs, seed 1), native, one thread, median ms per call:"
    );
    println!("rows        read  read+address  read+password  check_csv");
    for rows_wanted in [100_000usize, 1_000_000] {
        if !only.is_empty() && !only.contains(&rows_wanted) {
            continue;
        }
        let data = real_shaped::real_shaped_csv(rows_wanted, 1).into_bytes();
        let runs = if rows_wanted >= 1_000_000 { 7 } else { 11 };
        let read = median(runs, || {
            let mut cells = 0usize;
            rows(&data, |_, email, password| {
                cells += email.len() + password.len();
            });
            black_box(cells);
        });
        let address = median(runs, || {
            let (mut memo, mut findings) = (DomainMemo::default(), Vec::new());
            let mut kept = 0usize;
            rows(&data, |row, email, _| {
                let pending = address_rules.validate(row, email, &[], &mut memo, &mut findings);
                kept += usize::from(pending.is_some());
            });
            black_box((kept, findings.len()));
        });
        let password = median(runs, || {
            let (mut scratch, mut findings) = (Scratch::default(), Vec::new());
            let mut assessed = 0usize;
            rows(&data, |row, email, password| {
                policy::check(row, password, &[], &mut findings);
                let assessment =
                    protection.assess_unless_passing(password, Some(email), &mut scratch);
                assessed += usize::from(assessment.is_some());
            });
            black_box((assessed, findings.len()));
        });
        let whole = median(runs, || {
            black_box(check_csv(black_box(&data), &options));
        });
        let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1e3);
        println!(
            "{rows_wanted:<10} {:>5} {:>13} {:>14} {:>10}",
            ms(read),
            ms(address),
            ms(password),
            ms(whole)
        );
    }
}

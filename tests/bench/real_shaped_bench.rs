//! Check speed on real-shaped data (issue 14), natively: the same files as the Chromium
//! benchmark (`tests/e2e/bench.mjs`), from the same generator.
//!
//! Run: `cargo bench --bench real_shaped` (add row counts to run only those:
//! `cargo bench --bench real_shaped -- 200 1000000`).
//! Prints the median (and the fastest) time per call of `check_csv` on one thread, as in
//! the browser, and as shipped natively (one thread per core, at most four), and of
//! `check_files` with one file. A benchmark, not a test: figures depend on the machine
//! and are reported, not asserted.

use std::hint::black_box;
use std::time::{Duration, Instant};

use migration_preflight::{CsvFile, Options, check_csv, check_files};

#[path = "real_shaped.rs"]
mod real_shaped;

/// The median and the fastest of `runs` timings of `f` after `warm` warm-up calls,
/// timing `group` calls at once.
fn time(runs: usize, warm: usize, group: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..warm {
        f();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..group {
                f();
            }
            start.elapsed() / group as u32
        })
        .collect();
    times.sort();
    (times[times.len() / 2], times[0])
}

fn ms((median, min): (Duration, Duration)) -> String {
    let (median, min) = (median.as_secs_f64() * 1e3, min.as_secs_f64() * 1e3);
    format!("{median:.3} ({min:.3})")
}

fn main() {
    let only: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let one_thread = Options {
        threads: 1,
        ..Options::default()
    };
    let shipped = Options::default();
    println!("Real-shaped data (tests/bench/real_shaped.rs, seed 1), native, per call:");
    println!(
        "rows        size_MB  1_thread_ms (min)   shipped_ms (min)    check_files_ms (min)  findings"
    );
    for rows in [200usize, 2_000, 100_000, 1_000_000] {
        if !only.is_empty() && !only.contains(&rows) {
            continue;
        }
        let data = real_shaped::real_shaped_csv(rows, 1).into_bytes();
        let files = [CsvFile {
            name: "real-shaped.csv",
            bytes: &data,
        }];
        let (runs, warm, group) = match rows {
            0..=200 => (21, 3, 50),
            201..=2_000 => (21, 3, 10),
            2_001..=100_000 => (11, 2, 1),
            _ => (7, 1, 1),
        };
        let findings = check_csv(&data, &one_thread).findings.len();
        let single = time(runs, warm, group, || {
            black_box(check_csv(black_box(&data), &one_thread));
        });
        let threads = time(runs, warm, group, || {
            black_box(check_csv(black_box(&data), &shipped));
        });
        let many = time(runs, warm, group, || {
            black_box(check_files(black_box(&files), &one_thread));
        });
        println!(
            "{rows:<10} {:>8.2}  {:>18}  {:>18}  {:>20}  {findings:>8}",
            data.len() as f64 / 1e6,
            ms(single),
            ms(threads),
            ms(many)
        );
    }
}

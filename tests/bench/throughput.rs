//! Validation throughput against the `csv` crate's raw record reading, in one run.
//!
//! Run: `cargo bench --bench throughput` (add `-- 1000000` for one size only).
//! Prints MB/s for full validation (as shipped: natively on one thread per core, at most
//! four; and on one thread, as in the browser) and for raw `csv` reading (one thread) of
//! the same generated files (2,000, 100,000 and 1,000,000 rows), the ratio between full
//! validation and raw reading, and the heap the check used beyond the input, for unique
//! and for repeated addresses.
//! A benchmark, not a test: figures depend on the machine and are reported, not asserted.

use std::hint::black_box;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use migration_preflight::{Options, check_csv};

#[path = "heap.rs"]
mod heap;
use heap::{LIVE, PEAK};

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

/// A staged-migration CSV with `rows` mailboxes, of which `unique` distinct addresses.
fn generate(rows: usize, unique: usize) -> Vec<u8> {
    let mut out = String::with_capacity(rows * 60);
    out.push_str("EmailAddress,Password,ForceChangePassword\r\n");
    for i in 0..rows {
        let n = i % unique;
        out.push_str(&format!(
            "user{n:07}.mailbox@contoso.com,Kq{}#vZ{}m!Lp,{}\r\n",
            (n * 7919) % 10007,
            n % 97,
            if n % 3 == 0 { "True" } else { "False" }
        ));
    }
    out.into_bytes()
}

/// Best time of several runs.
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn raw_csv_records(bytes: &[u8]) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        n += 1;
    }
    n
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn main() {
    let only: Option<usize> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    let options = Options::default();
    let one_thread = Options {
        threads: 1,
        ..Options::default()
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{cores} processor cores; validation on up to 4 threads, and on 1");
    println!("rows       size_MB  validate_MB/s  1_thread_MB/s  csv_raw_MB/s  ratio  findings");
    for rows in [2_000usize, 100_000, 1_000_000] {
        if only.is_some_and(|o| o != rows) {
            continue;
        }
        let data = generate(rows, rows);
        let runs = if rows > 100_000 { 5 } else { 20 };
        let raw = best(runs, || {
            black_box(raw_csv_records(black_box(&data)));
        });
        let mut findings = 0;
        let validate = best(runs, || {
            findings = black_box(check_csv(black_box(&data), &options))
                .findings
                .len();
        });
        let single = best(runs, || {
            black_box(check_csv(black_box(&data), &one_thread));
        });
        let (v, r) = (mb_per_s(data.len(), validate), mb_per_s(data.len(), raw));
        let one = mb_per_s(data.len(), single);
        println!(
            "{rows:<10} {:>7.1}  {v:>13.0}  {one:>13.0}  {r:>12.0}  {:>5.2}  {findings}",
            data.len() as f64 / 1e6,
            v / r
        );
    }

    if only.is_some() {
        return;
    }
    println!("\nheap used by one check beyond the input (1,000,000 rows):");
    for unique in [1_000_000usize, 1_000] {
        let data = generate(1_000_000, unique);
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let report = check_csv(&data, &options);
        let peak = PEAK.load(Ordering::Relaxed) - before;
        println!(
            "  {unique:>9} unique addresses: peak {:>6.1} MB for a {:.1} MB input ({} findings)",
            peak as f64 / 1e6,
            data.len() as f64 / 1e6,
            report.findings.len()
        );
    }
}

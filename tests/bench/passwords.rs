//! Times `check_csv` on a generated CSV (1,000,000 rows unless told) with a password on
//! every row, and on the same file with the Password column renamed so that no password
//! is checked: the difference is what the password rules cost.
//!
//! Run with `cargo bench --bench passwords [-- ROWS]`. Timed on one thread, plus the
//! shipped native check (one thread per core) with the passwords checked. The file is built in
//! memory from a fixed seed: addresses `first.last<n>@contoso.com`, passwords of 10 to
//! 16 random printable characters, of which one in twenty is instead a common word with
//! digits (so Password Protection finds banned terms and reports them), and
//! ForceChangePassword alternating True and False.

use std::time::Instant;

use migration_preflight::{Options, Report, check_csv};

/// Words for addresses and for the weak passwords.
const WORDS: [&str; 12] = [
    "pilar", "toby", "brian", "summer", "monkey", "dragon", "contoso", "welcome", "sunshine",
    "football", "princess", "charlie",
];

/// The printable characters a generated password uses (letters first).
const ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&*+-./:;<=>?@^_~";

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let with = generate(rows);
    // Same length, so the same bytes are parsed; an unknown column is not read.
    let without = String::from_utf8_lossy(&with)
        .replacen("EmailAddress,Password,", "EmailAddress,Passwort,", 1)
        .into_bytes();
    // The cost per row is measured on one thread (CPU time is that thread's); the
    // shipped native check, on one thread per core, is timed too.
    let options = Options {
        threads: 1,
        ..Options::default()
    };
    // One untimed run builds the banned-term matcher and warms caches.
    let _ = check_csv(&with[..with.len().min(1 << 16)], &options);
    let megabytes = with.len() as f64 / 1e6;
    println!("{rows} rows, {megabytes:.1} MB");
    let (on, report) = time(&with, &options);
    let (off, _) = time(&without, &options);
    for (label, (wall, cpu)) in [("passwords checked", on), ("passwords not read", off)] {
        println!(
            "{label}: {wall:.3} s, {:.0} MB/s ({:.0} MB/s of CPU time: {cpu:.3} s on a CPU)",
            megabytes / wall,
            megabytes / cpu.max(1e-9),
        );
    }
    println!(
        "password rules: {:.0} ns of CPU time per row",
        (on.1 - off.1) * 1e9 / rows as f64
    );
    let ((all_cores, _), _) = time(&with, &Options::default());
    println!(
        "passwords checked on all cores: {all_cores:.3} s, {:.0} MB/s",
        megabytes / all_cores
    );
    let mut codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    codes.sort_unstable();
    let counts: Vec<String> = codes
        .chunk_by(|a, b| a == b)
        .map(|c| format!("{} {}", c[0], c.len()))
        .collect();
    println!("findings by code: {}", counts.join(", "));
}

/// Checks `csv`, returning (wall seconds, CPU seconds) and the report.
fn time(csv: &[u8], options: &Options) -> ((f64, f64), Report) {
    let start = Instant::now();
    let cpu = cpu_seconds();
    let report = check_csv(csv, options);
    ((start.elapsed().as_secs_f64(), cpu_seconds() - cpu), report)
}

/// Seconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`), so that
/// other work on a shared machine does not count; falls back to 0.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// A CSV of `rows` mailboxes with a password on every row.
fn generate(rows: usize) -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        // xorshift64*: fast, fixed, good enough for test data.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut csv = b"EmailAddress,Password,ForceChangePassword\r\n".to_vec();
    for i in 0..rows {
        let first = WORDS[(next() % 3) as usize];
        let last = WORDS[(next() % WORDS.len() as u64) as usize];
        csv.extend_from_slice(format!("{first}.{last}{i}@contoso.com,").as_bytes());
        if next() % 20 == 0 {
            let word = WORDS[3 + (next() % 9) as usize];
            csv.extend_from_slice(format!("{}{}!", capitalise(word), next() % 100).as_bytes());
        } else {
            let len = 10 + (next() % 7) as usize;
            csv.push(ALPHABET[(next() % 52) as usize]);
            for _ in 1..len {
                csv.push(ALPHABET[(next() % ALPHABET.len() as u64) as usize]);
            }
        }
        csv.extend_from_slice(if i % 2 == 0 {
            b",False\r\n"
        } else {
            b",True\r\n"
        });
    }
    csv
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

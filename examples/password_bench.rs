//! Times `check_csv` on a generated 1,000,000-row CSV with a password on every row.
//!
//! Run with `cargo run --release --example password_bench [ROWS]`. The file is built in
//! memory from a fixed seed: addresses `first.last<n>@contoso.com`, passwords of 10 to
//! 16 characters of which about one in twenty is a common word with digits (so the
//! Password Protection path that finds banned terms is exercised, and reported).

use std::time::Instant;

use migration_preflight::{Options, check_csv};

/// Words for addresses and for the weak passwords.
const WORDS: [&str; 12] = [
    "pilar", "toby", "brian", "summer", "monkey", "dragon", "contoso", "welcome", "sunshine",
    "football", "princess", "charlie",
];

/// The printable characters a generated password uses.
const ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&*+-./:;<=>?@^_~";

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let csv = generate(rows);
    let options = Options::default();
    // One untimed run warms caches (and builds the banned-term matcher once).
    let _ = check_csv(&csv[..csv.len().min(1 << 16)], &options);
    let start = Instant::now();
    let report = check_csv(&csv, &options);
    let seconds = start.elapsed().as_secs_f64();
    let megabytes = csv.len() as f64 / 1e6;
    println!(
        "{rows} rows, {megabytes:.1} MB in {seconds:.3} s: {:.0} MB/s, {:.0} rows/s; {} findings",
        megabytes / seconds,
        rows as f64 / seconds,
        report.findings.len()
    );
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
            for _ in 0..len {
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

//! Hostile inputs that once took seconds to minutes, or gigabytes: each case's time and
//! peak heap, at a size where the old code showed the blow-up (issue 11, section 4).
//!
//! Run: `cargo bench --bench bounds` (add a case name, e.g. `-- spf`, for one case only).
//! A benchmark, not a test: figures depend on the machine and are reported, not asserted.
//! The README's "Limits" section gives the figures before and after the fixes.

use std::hash::{BuildHasher, Hasher};
use std::hint::black_box;
use std::sync::atomic::Ordering;
use std::time::Instant;

use foldhash::fast::FixedState;
use migration_preflight::dns::compare::compare_zone;
use migration_preflight::dns::input::{DomainInput, PlanInput};
use migration_preflight::dns::live::{Answer, Outcome, compare_answers};
use migration_preflight::dns::published::PublishedRecord;
use migration_preflight::dns::query::Question;
use migration_preflight::password::protection::{Protection, Scratch};
use migration_preflight::{Options, check_csv};

#[path = "heap.rs"]
mod heap;
use heap::{LIVE, PEAK};

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

/// Runs `f` once, printing its time and the heap it used at its peak.
fn measure<T>(case: &str, size: &str, f: impl FnOnce() -> T) -> T {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let start = Instant::now();
    let out = black_box(f());
    let time = start.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    println!(
        "{case:<18} {size:<34} {:>10.3} s {:>10.1} MB peak",
        time.as_secs_f64(),
        peak as f64 / 1e6
    );
    out
}

/// An address cell of many four-letter name parts (`aaaa.aaaa.…@contoso.com`) of about
/// `bytes` bytes, with a password made of the same letter.
fn name_parts(bytes: usize) {
    let email = format!("{}@contoso.com", "aaaa.".repeat(bytes / 5));
    let password = "a".repeat(1000);
    let protection = Protection::new(&Options::default());
    measure(
        "name-in-password",
        &format!("{} KB address cell", bytes / 1000),
        || {
            protection
                .assess(&password, Some(&email), &mut Scratch::default())
                .score
        },
    );
    let csv = format!("EmailAddress,Password\r\n{email},{password}\r\n");
    measure(
        "name-in-password",
        &format!("{} KB cell, whole check", bytes / 1000),
        || {
            check_csv(csv.as_bytes(), &Options::default())
                .findings
                .len()
        },
    );
}

/// The address hash of versions before the per-run seed: foldhash with the fixed seed
/// 0x5EED over the lower-case bytes, eight at a time, the last word carrying the length.
fn fixed_seed_hash(bytes: &[u8]) -> u32 {
    let mut hasher = FixedState::with_seed(0x5EED).build_hasher();
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        hasher.write_u64(u64::from_le_bytes(word.try_into().unwrap_or_default()));
    }
    let mut last = [0u8; 8];
    let remainder = words.remainder();
    last[..remainder.len()].copy_from_slice(remainder);
    hasher.write_u64(u64::from_le_bytes(last) ^ (bytes.len() as u64) << 56);
    hasher.finish() as u32
}

/// `rows` addresses whose fixed-seed hash lands in the first 1/256 of any table size
/// (the top 8 bits of the slot spread are 0), so that they all pile up in one run of
/// slots; or plain ones.
fn addresses(rows: usize, crafted: bool) -> Vec<u8> {
    let mut out = String::from("EmailAddress,Password,ForceChangePassword\r\n");
    let mut n = 0u64;
    for _ in 0..rows {
        loop {
            n += 1;
            let address = format!("u{n}@contoso.com");
            let spread =
                u64::from(fixed_seed_hash(address.as_bytes())).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            if !crafted || spread >> 56 == 0 {
                out.push_str(&address);
                out.push_str(",Kq7#vZm!Lp2x,False\r\n");
                break;
            }
        }
    }
    out.into_bytes()
}

fn address_hash(rows: usize) {
    for crafted in [false, true] {
        let csv = addresses(rows, crafted);
        let what = if crafted { "crafted" } else { "plain" };
        measure(
            "address-set",
            &format!("{rows} rows, {what} addresses"),
            || check_csv(&csv, &Options::default()).findings.len(),
        );
    }
}

fn contoso() -> PlanInput {
    PlanInput {
        domains: vec![DomainInput::new("contoso.com")],
        ..PlanInput::default()
    }
}

/// A zone whose apex SPF record has `terms` terms, in strings of at most 255 characters.
fn spf_zone(terms: usize) -> String {
    let mut strings = vec![String::from("v=spf1")];
    for i in 0..terms {
        let term = format!(" ip4:10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255);
        if strings.last().is_some_and(|s| s.len() + term.len() > 255) {
            strings.push(String::new());
        }
        if let Some(last) = strings.last_mut() {
            last.push_str(&term);
        }
    }
    let quoted: Vec<String> = strings.iter().map(|s| format!("\"{s}\"")).collect();
    format!("$TTL 3600\n@ IN TXT {} \" -all\"\n", quoted.join(" "))
}

fn spf(terms: usize) {
    let zone = spf_zone(terms);
    measure(
        "spf",
        &format!("{terms} terms ({} KB zone)", zone.len() / 1000),
        || compare_zone(&contoso(), &zone).changes.len(),
    );
}

/// A zone of `lines` TXT records of 250 characters each and an error on its last line.
fn zone_error(lines: usize) {
    let mut zone = String::from("$TTL 3600\n");
    for i in 0..lines - 2 {
        zone.push_str(&format!("h{i} IN TXT \"{}\"\n", "x".repeat(250)));
    }
    zone.push_str("www IN BOGUS 192.0.2.1\n");
    measure(
        "zone-error",
        &format!("{lines} lines ({} KB), last one bad", zone.len() / 1000),
        || compare_zone(&contoso(), &zone).findings.len(),
    );
}

/// A zone of `lines` TXT records all at the domain itself, and an error on its last
/// line (the whole-zone parser used to compare each record with the others of its name
/// and type; each record is now read alone).
fn zone_rrset(lines: usize) {
    let mut zone = String::from("$TTL 3600\n");
    for i in 0..lines - 2 {
        zone.push_str(&format!("@ IN TXT \"token-{i}\"\n"));
    }
    zone.push_str("www IN BOGUS 192.0.2.1\n");
    measure(
        "zone-rrset",
        &format!("{lines} TXT at one name, last line bad"),
        || compare_zone(&contoso(), &zone).findings.len(),
    );
}

/// A Windows DNS export of `lines` lines, every record in parentheses with an aging stamp,
/// and every other line unreadable: one DNS039 per bad line up to the cap, the rest
/// counted (issue 17).
fn zone_windows(lines: usize) {
    let mut zone = String::from("@ IN SOA ns1 hostmaster ( 1 900 600 86400 3600 )\r\n");
    for i in 0..(lines - 1) / 2 {
        zone.push_str(&format!(
            "h{i} [AGE:3623456] 600 TXT ( \"{}\" )\r\n",
            "x".repeat(200)
        ));
        zone.push_str(&format!("b{i} 600 MX ten mail\r\n"));
    }
    measure(
        "zone-windows",
        &format!("{lines} lines ({} KB), half bad", zone.len() / 1000),
        || compare_zone(&contoso(), &zone).findings.len(),
    );
}

/// Live answers to the TXT question at the domain, each with `records` distinct records.
fn answers(count: usize, records: usize) {
    let answers: Vec<Answer> = (0..count)
        .map(|a| Answer {
            question: Question::new("contoso.com", "TXT"),
            outcome: Outcome::Answered,
            records: (0..records)
                .map(|i| PublishedRecord {
                    name: "contoso.com".into(),
                    r#type: "TXT".into(),
                    value: format!("token-{a}-{i}"),
                    ttl: 3600,
                    priority: None,
                })
                .collect(),
            detail: None,
        })
        .collect();
    measure(
        "answers",
        &format!("{count} answers of {records} records"),
        || {
            compare_answers(&contoso(), &answers, "https://resolver.example/dns-query")
                .changes
                .len()
        },
    );
}

fn wide_header(columns: usize) {
    let mut csv = "x,".repeat(columns - 1);
    csv.push_str("EmailAddress\r\npilarp@contoso.com\r\n");
    measure(
        "wide-header",
        &format!("{columns} columns ({} MB)", csv.len() / 1_000_000),
        || {
            check_csv(csv.as_bytes(), &Options::default())
                .findings
                .len()
        },
    );
}

fn main() {
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |case: &str| only.as_deref().is_none_or(|o| o == case);
    println!("case               input                                    time         heap");
    if run("name") {
        name_parts(200_000);
        name_parts(900_000);
    }
    if run("address") {
        address_hash(200_000);
    }
    if run("spf") {
        spf(20_000);
    }
    if run("zone") {
        zone_error(2_000);
        zone_rrset(5_000);
        zone_rrset(40_000);
        zone_windows(5_000);
    }
    if run("answers") {
        answers(3, 20_000);
    }
    if run("header") {
        wide_header(2_000_000);
    }
}

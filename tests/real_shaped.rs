//! The benchmarks' real-shaped data is the same in Rust and in JavaScript: the native
//! and the Chromium figures are measured on the same files.

#[path = "bench/real_shaped.rs"]
mod real_shaped;

use std::collections::BTreeSet;
use std::process::Command;

use migration_preflight::{Options, check_csv};

fn node(rows: usize, seed: u32) -> Option<String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/data.mjs");
    let out = Command::new("node")
        .args([script, &rows.to_string(), &seed.to_string()])
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("UTF-8"))
}

#[test]
fn rust_and_javascript_generate_the_same_csv() {
    for (rows, seed) in [(5_000, 1), (3_000, 0xdead_beef)] {
        let Some(js) = node(rows, seed) else {
            eprintln!("node is not installed: skipped");
            return;
        };
        let rust = real_shaped::real_shaped_csv(rows, seed);
        assert_eq!(rust.lines().count(), rows + 1);
        if let Some((i, (r, j))) = rust
            .lines()
            .zip(js.lines())
            .enumerate()
            .find(|(_, (r, j))| r != j)
        {
            panic!("line {} differs: {r:?} (Rust) vs {j:?} (JavaScript)", i + 1);
        }
        assert_eq!(rust, js);
    }
}

#[test]
fn about_one_row_in_a_hundred_has_a_fault_and_every_kind_is_found() {
    let rows = 100_000;
    let csv = real_shaped::real_shaped_csv(rows, 7);
    let report = check_csv(csv.as_bytes(), &Options::default());
    let faulty: BTreeSet<u32> = report.findings.iter().filter_map(|f| f.row).collect();
    // 1% of the rows, give or take the randomness.
    assert!(
        (800..1_200).contains(&faulty.len()),
        "{} rows with findings: {:?}",
        faulty.len(),
        crate::counts(&report)
    );
    let codes: BTreeSet<&str> = report.findings.iter().map(|f| f.code).collect();
    // No @, a duplicate, a weak password (too short, or of one kind), a common one, Yes.
    for code in ["CSV202", "CSV207", "PWD005", "PWD009"] {
        assert!(codes.contains(code), "{code} missing from {codes:?}");
    }
    assert!(
        codes.contains("PWD001") || codes.contains("PWD002"),
        "{codes:?}"
    );
}

/// How many findings of each code.
fn counts(report: &migration_preflight::Report) -> std::collections::BTreeMap<&str, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for f in &report.findings {
        *counts.entry(f.code).or_insert(0) += 1;
    }
    counts
}

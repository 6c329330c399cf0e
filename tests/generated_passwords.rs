//! Generated passwords, many of them, through the corrected CSV: each survives any
//! Excel locale (no `,` `;` tab or quote), meets Microsoft's complexity rule (three of
//! the four kinds) and passes the tool's own password checks with no finding.

#![cfg(not(target_arch = "wasm32"))]

use migration_preflight::fix::fix_csv;
use migration_preflight::password::generate::NEVER;
use migration_preflight::{Options, check_csv};
use proptest::prelude::*;

/// How many of the four kinds (lower, upper, digit, symbol) `password` holds.
fn kinds(password: &str) -> usize {
    [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| c.is_ascii_punctuation()),
    ]
    .into_iter()
    .filter(|&k| k)
    .count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Users' names, the organisation's name and its banned terms vary; 400 rows each.
    #[test]
    fn generated_passwords_split_no_cell_and_pass_every_check(
        names in proptest::collection::vec("[a-z]{3,9}(\\.[a-z]{3,9})?", 1..5),
        banned in proptest::collection::vec("[a-z]{4,9}", 0..3),
        tenant in "[a-z]{4,9}",
    ) {
        let options = Options {
            banned_terms: banned,
            tenant_name: Some(tenant.clone()),
            generate_passwords: true,
            ..Options::default()
        };
        let mut csv = String::from("EmailAddress;Password;ForceChangePassword\r\n");
        for i in 0..400 {
            let name = &names[i % names.len()];
            csv.push_str(&format!("{name}{i}@{tenant}.com;;True\r\n"));
        }
        let fixed = fix_csv(csv.as_bytes(), &options).unwrap();
        let passwords: Vec<&str> = fixed
            .csv
            .lines()
            .skip(1)
            .map(|line| line.split(',').nth(1).unwrap())
            .collect();
        prop_assert_eq!(passwords.len(), 400);
        for password in &passwords {
            prop_assert_eq!(password.len(), 16);
            prop_assert!(!password.contains(NEVER), "{:?}", password);
            prop_assert!(kinds(password) >= 3, "{:?}", password);
        }
        // Read back as the admin center would: every row three cells, nothing to report.
        let report = check_csv(fixed.csv.as_bytes(), &Options { generate_passwords: false, ..options });
        let found: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.code, f.row))
            .collect();
        prop_assert!(found.is_empty(), "{:?}", found);
        prop_assert_eq!(report.summary.mailboxes, 400);
    }
}

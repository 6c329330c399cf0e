//! Properties that must hold for any input: no panic, nothing lost when splitting.

#![cfg(not(target_arch = "wasm32"))]

use migration_preflight::check::CsvFile;
use migration_preflight::fix::fix_csv;
use migration_preflight::split::{SplitOptions, split};
use migration_preflight::{Options, check_csv, check_files};
use proptest::prelude::*;

/// Text made of the characters that matter to a CSV reader, and some that hide.
fn csvish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just(",".to_string()),
            Just(";".to_string()),
            Just("\"".to_string()),
            Just("\r\n".to_string()),
            Just("\n".to_string()),
            Just("\r".to_string()),
            Just("@".to_string()),
            Just(".".to_string()),
            Just(" ".to_string()),
            Just("\u{200b}".to_string()),
            Just("\u{feff}".to_string()),
            Just("EmailAddress".to_string()),
            Just("Password".to_string()),
            Just("ForceChangePassword".to_string()),
            Just("True".to_string()),
            "[a-zA-Z0-9é]{1,6}",
        ],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let report = check_csv(&bytes, &Options::default());
        prop_assert!(report.findings.iter().all(|f| !f.message.is_empty() && !f.help.is_empty()));
        let _ = fix_csv(&bytes, &Options::default());
        let _ = split(&[CsvFile { name: "x.csv", bytes: &bytes }], &SplitOptions::default(), &Options::default());
    }

    #[test]
    fn csv_like_text_never_panics_and_rows_are_in_range(text in csvish()) {
        let report = check_csv(text.as_bytes(), &Options { domains: vec!["contoso.com".into()], federated: true });
        let lines = text.matches(['\n', '\r']).count() as u32 + 1;
        for f in &report.findings {
            if let Some(row) = f.row {
                prop_assert!(row >= 1 && row <= lines, "row {} of {} lines: {:?}", row, lines, f);
            }
        }
        let _ = fix_csv(text.as_bytes(), &Options::default());
    }

    #[test]
    fn fixing_twice_changes_nothing_more(text in csvish()) {
        if let Ok(once) = fix_csv(text.as_bytes(), &Options::default()) {
            match fix_csv(once.csv.as_bytes(), &Options::default()) {
                Ok(twice) => {
                    prop_assert_eq!(&twice.csv, &once.csv);
                    prop_assert!(twice.changes.is_empty(), "{:?}", twice.changes);
                }
                // Only a file with nothing in it can be refused after a fix, and the
                // first fix's report says so.
                Err(refused) => prop_assert!(once.report.findings.iter().any(|f| f.code == refused.code)),
            }
        }
    }

    #[test]
    fn split_batches_concatenate_back_to_the_input_rows(
        addresses in proptest::collection::vec("[a-z]{1,8}@[a-z]{1,8}\\.(com|net)", 0..300),
        size in 1u32..50,
    ) {
        let mut text = String::from("EmailAddress,Password\r\n");
        for (i, a) in addresses.iter().enumerate() {
            text.push_str(&format!("{a},\"p,{i}\"\r\n"));
        }
        let split = split(&[CsvFile { name: "in.csv", bytes: text.as_bytes() }], &SplitOptions { size, prefix: "P".into() }, &Options::default()).unwrap();
        let mut rows = Vec::new();
        for batch in &split.batches {
            prop_assert!(batch.mailboxes <= size && batch.mailboxes > 0);
            let mut reader = csv::Reader::from_reader(batch.csv.as_bytes());
            for record in reader.records() {
                let record = record.unwrap();
                rows.push((record[0].to_string(), record[1].to_string()));
            }
        }
        let expected: Vec<(String, String)> = addresses.iter().enumerate().map(|(i, a)| (a.clone(), format!("p,{i}"))).collect();
        prop_assert_eq!(rows, expected);
        let names: std::collections::HashSet<&str> = split.batches.iter().map(|b| b.name.as_str()).collect();
        prop_assert_eq!(names.len(), split.batches.len());
        // Duplicates in the input are still reported by the split's check.
        let dups = check_files(&[CsvFile { name: "in.csv", bytes: text.as_bytes() }], &Options::default()).findings.iter().filter(|f| f.code == "CSV207").count();
        prop_assert_eq!(split.report.findings.iter().filter(|f| f.code == "CSV207").count(), dups);
    }
}

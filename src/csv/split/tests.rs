//! Tests of splitting a migration into batch files.

use super::*;

#[test]
fn a_repeated_header_row_is_no_mailbox_of_any_batch() {
    let text = "EmailAddress,Password\r\na@contoso.com,Pw1x!Long\r\nEmailAddress,Password\r\nb@contoso.com,Pw2x!Long\r\n";
    let files = [CsvFile {
        name: "pasted.csv",
        bytes: text.as_bytes(),
    }];
    let split = split(&files, &SplitOptions::default(), &Options::default()).unwrap();
    assert_eq!(split.batches.len(), 1);
    assert_eq!(split.batches[0].mailboxes, 2);
    assert!(
        !split.batches[0].csv[10..].contains("EmailAddress"),
        "{}",
        split.batches[0].csv
    );
    assert!(split.report.findings.iter().any(|f| f.code == "CSV015"));
}

fn list(rows: usize) -> String {
    let mut text = "EmailAddress,Password,ForceChangePassword\r\n".to_string();
    for i in 0..rows {
        text.push_str(&format!("user{i}@contoso.com,Pw{i}x!Long,False\r\n"));
    }
    text
}

#[test]
fn splits_into_batches_of_the_given_size() {
    let text = list(4_500);
    let file = CsvFile {
        name: "all.csv",
        bytes: text.as_bytes(),
    };
    let split = split(&[file], &SplitOptions::default(), &Options::default()).unwrap();
    let sizes: Vec<u32> = split.batches.iter().map(|b| b.mailboxes).collect();
    assert_eq!(sizes, vec![2000, 2000, 500]);
    assert_eq!(split.batches[2].name, "Batch-03");
    assert!(
        split.report.findings.is_empty(),
        "the row limit is what splitting resolves"
    );
    assert!(
        split.batches[1]
            .csv
            .starts_with("EmailAddress,Password,ForceChangePassword\r\nuser2000@")
    );
    for b in &split.batches {
        assert!(
            check_files(
                &[CsvFile {
                    name: &b.file_name,
                    bytes: b.csv.as_bytes()
                }],
                &Options::default()
            )
            .findings
            .iter()
            .all(|f| !f.code.starts_with("CSV"))
        );
    }
}

#[test]
fn duplicates_across_inputs_are_still_reported() {
    let a = "EmailAddress\r\na@contoso.com\r\n";
    let b = "EmailAddress\r\nb@contoso.com\r\nA@contoso.com\r\n";
    let files = [
        CsvFile {
            name: "a.csv",
            bytes: a.as_bytes(),
        },
        CsvFile {
            name: "b.csv",
            bytes: b.as_bytes(),
        },
    ];
    let split = split(
        &files,
        &SplitOptions {
            size: 2,
            prefix: "Wave 1".into(),
        },
        &Options::default(),
    )
    .unwrap();
    assert_eq!(split.batches.len(), 2);
    assert_eq!(split.batches[0].name, "Wave-1-01");
    assert_eq!(
        split.batches[0].csv,
        "EmailAddress\r\na@contoso.com\r\nb@contoso.com\r\n"
    );
    assert!(
        split
            .report
            .findings
            .iter()
            .any(|f| f.code == "CSV207" && f.file.as_deref() == Some("b.csv"))
    );
}

#[test]
fn refuses_bad_sizes_and_headers_that_need_fixing() {
    let text = list(3);
    let file = [CsvFile {
        name: "x.csv",
        bytes: text.as_bytes(),
    }];
    assert_eq!(
        split(
            &file,
            &SplitOptions {
                size: 0,
                ..Default::default()
            },
            &Options::default()
        )
        .unwrap_err(),
        SplitError::Size(0)
    );
    assert!(
        split(
            &file,
            &SplitOptions {
                size: 2001,
                ..Default::default()
            },
            &Options::default()
        )
        .is_err()
    );
    let bad = [CsvFile {
        name: "y.csv",
        bytes: b"EmailAddress,Pasword\r\na@contoso.com,x\r\n",
    }];
    let err = split(&bad, &SplitOptions::default(), &Options::default()).unwrap_err();
    assert!(matches!(err, SplitError::File(f) if f.code == "CSV102"));
}

#[test]
fn refuses_rows_that_do_not_match_the_header_and_names_no_cell() {
    let text = "EmailAddress,Password,ForceChangePassword\r\n\
                a@contoso.com,Kq7#vZm,Lp2x!,False\r\n\
                b@contoso.com,Wm4$kR2q,False\r\n\
                c@contoso.com,Ty8%pL\r\n";
    let file = [CsvFile {
        name: "wave.csv",
        bytes: text.as_bytes(),
    }];
    let err = split(&file, &SplitOptions::default(), &Options::default()).unwrap_err();
    assert_eq!(
        err,
        SplitError::Rows {
            file: "wave.csv".into(),
            rows: vec![2, 4],
            count: 2
        }
    );
    let message = err.to_string();
    assert!(message.starts_with("wave.csv: rows 2, 4 have more or fewer cells"));
    for cell in ["Kq7", "Lp2x", "False", "Ty8", "contoso"] {
        assert!(!message.contains(cell), "{message}");
    }
    // Many such rows: the first ten are named, the rest counted.
    let mut many = "EmailAddress,Password\r\n".to_string();
    for i in 0..25 {
        many.push_str(&format!("u{i}@contoso.com,a,b\r\n"));
    }
    let file = [CsvFile {
        name: "many.csv",
        bytes: many.as_bytes(),
    }];
    let err = split(&file, &SplitOptions::default(), &Options::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("many.csv: rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 15 more have"),
        "{err}"
    );
}

#[test]
fn batch_names_are_valid() {
    let names = batch_names("  Contoso HQ / Wave #2 ", 12);
    assert_eq!(names[0], "Contoso-HQ---Wave--2-01");
    let long = batch_names(&"x".repeat(100), 150);
    assert!(long.iter().all(|n| {
        n.len() <= MAX_NAME
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }));
    assert_eq!(long[149], format!("{}-150", "x".repeat(60)));
    assert_eq!(batch_names("%%%", 1), vec!["Batch-01".to_string()]);
}

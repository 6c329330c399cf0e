//! From CSV files to the batches a run creates: the pre-flight check first (a run never
//! starts while it reports an error), then one batch per file, a file over 2,000 rows
//! split into several (or refused with `--no-split`), each with a valid, unique name.

use crate::check::{CsvFile, MAX_ROWS, TOO_MANY_ROWS};
use crate::directory::Directories;
use crate::options::Options;
use crate::render::count::count;
use crate::report::Report;
use crate::split::{MAX_BATCHES, MAX_NAME, SplitOptions, batches_text, clean_batch_name, split};

/// How files over 2,000 rows are handled and how batches are named.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Refuse files over 2,000 rows instead of splitting them.
    pub no_split: bool,
    /// Put before every batch name (`<prefix>-<file name>`).
    pub prefix: Option<String>,
}

/// One batch to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The batch name.
    pub name: String,
    /// The CSV file its rows come from.
    pub file: String,
    /// Mailbox rows in it.
    pub mailboxes: u32,
    /// The CSV bytes sent as `CSVData`: the file as it is, or one part of a split file.
    pub csv: Vec<u8>,
}

/// The batches, the check's report, and what was decided (splits) in words.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Batches in order.
    pub batches: Vec<Planned>,
    /// The pre-flight check of all files as one migration.
    pub report: Report,
    /// One sentence per split file.
    pub notes: Vec<String>,
}

/// Why no batch can be created.
#[derive(Debug, Clone)]
pub enum PlanError {
    /// The check reports errors: print the report and stop.
    Blocked(Box<Report>),
    /// A file or a name cannot be used; the text says which and why.
    Refused(String),
}

/// Plans the batches of `files` (see the module documentation).
pub fn plan(
    files: &[CsvFile<'_>],
    directories: &Directories<'_>,
    options: &Options,
    how: &PlanOptions,
) -> Result<Plan, PlanError> {
    let report = crate::directory::check_files(files, directories, options);
    let blocking = |f: &&crate::Finding| {
        f.severity == crate::Severity::Error && (how.no_split || f.code != TOO_MANY_ROWS.code)
    };
    if report.findings.iter().any(|f| blocking(&f)) {
        return Err(PlanError::Blocked(Box::new(report)));
    }
    let mut batches = Vec::new();
    let mut notes = Vec::new();
    for file in files {
        let base = match &how.prefix {
            Some(prefix) => format!("{prefix}-{}", stem(file.name)),
            None => stem(file.name),
        };
        let parts = split(
            &[*file],
            &SplitOptions {
                size: MAX_ROWS,
                prefix: base.clone(),
            },
            options,
        )
        .map_err(|e| PlanError::Refused(format!("cannot read {}: {e}", file.name)))?;
        if parts.batches.len() <= 1 {
            let mailboxes = parts.batches.first().map_or(0, |b| b.mailboxes);
            batches.push(Planned {
                name: clean_name(&base),
                file: file.name.to_string(),
                mailboxes,
                csv: file.bytes.to_vec(),
            });
            continue;
        }
        let total: u32 = parts.batches.iter().map(|b| b.mailboxes).sum();
        let first = &parts.batches[0].name;
        let last = &parts.batches[parts.batches.len() - 1].name;
        notes.push(format!(
            "{}: {}, more than the {} a batch takes: split into {} ({first} to {last}); \
             --no-split refuses such a file instead",
            file.name,
            count(total.into(), "mailbox", "mailboxes"),
            count(MAX_ROWS.into(), "mailbox", "mailboxes"),
            count(parts.batches.len() as u64, "batch", "batches"),
        ));
        for part in parts.batches {
            batches.push(Planned {
                name: part.name,
                file: file.name.to_string(),
                mailboxes: part.mailboxes,
                csv: part.csv.into_bytes(),
            });
        }
    }
    for (i, batch) in batches.iter().enumerate() {
        if let Some(other) = batches[..i]
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(&batch.name))
        {
            return Err(PlanError::Refused(format!(
                "{} and {} would both be batch {}: batch names must be unique; rename one file or give --prefix",
                other.file, batch.file, batch.name
            )));
        }
    }
    Ok(Plan {
        batches,
        report,
        notes,
    })
}

/// Refuses when the batches already there plus the new ones pass Exchange Online's
/// limit of 100 batches in existence.
pub fn check_limit(existing: usize, new: usize) -> Result<(), String> {
    let total = existing.saturating_add(new);
    if total > MAX_BATCHES as usize {
        return Err(format!(
            "{} already exist and this run would create {}: {}. Nothing was created; remove \
             finished batches (the remove command) or run fewer files at once",
            count(existing as u64, "batch", "batches"),
            count(new as u64, "batch", "batches"),
            batches_text(u32::try_from(total).unwrap_or(u32::MAX))
        ));
    }
    Ok(())
}

/// The file name without folder and extension.
fn stem(name: &str) -> String {
    let stem = std::path::Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem.is_empty() || name == "-" {
        "Batch".to_string()
    } else {
        stem
    }
}

/// A valid batch name: letters, digits, `-` and `_` (other characters become `-`), at
/// most 64 characters, never empty.
pub fn clean_name(name: &str) -> String {
    let mut clean = clean_batch_name(name);
    clean.truncate(MAX_NAME);
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(rows: usize) -> Vec<u8> {
        let mut text = "EmailAddress,Password,ForceChangePassword\r\n".to_string();
        for i in 0..rows {
            text.push_str(&format!(
                "user{rows}-{i}@contoso.com,Pw{rows}-{i}x!Long,False\r\n"
            ));
        }
        text.into_bytes()
    }

    fn run(files: &[(&str, &[u8])], how: &PlanOptions) -> Result<Plan, PlanError> {
        let files: Vec<CsvFile<'_>> = files
            .iter()
            .map(|(name, bytes)| CsvFile { name, bytes })
            .collect();
        plan(&files, &Directories::default(), &Options::default(), how)
    }

    #[test]
    fn one_batch_per_file_named_after_it_and_large_files_split() {
        let (small, large) = (list(3), list(4_500));
        let plan = run(
            &[("waves/wave 1.csv", &small), ("big.csv", &large)],
            &PlanOptions::default(),
        )
        .unwrap();
        let names: Vec<&str> = plan.batches.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["wave-1", "big-01", "big-02", "big-03"]);
        assert_eq!(plan.batches[0].csv, small, "a small file is sent as it is");
        assert_eq!(plan.batches[3].mailboxes, 500);
        assert_eq!(plan.notes.len(), 1);
        assert!(
            plan.notes[0].contains("4,500 mailboxes"),
            "{}",
            plan.notes[0]
        );
        assert!(
            plan.notes[0].contains("big-01 to big-03"),
            "{}",
            plan.notes[0]
        );
    }

    #[test]
    fn no_split_refuses_a_large_file_with_the_check_report() {
        let large = list(2_001);
        match run(
            &[("big.csv", &large)],
            &PlanOptions {
                no_split: true,
                prefix: None,
            },
        ) {
            Err(PlanError::Blocked(report)) => {
                assert!(report.findings.iter().any(|f| f.code == "CSV009"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_of_the_check_block_the_run() {
        match run(
            &[(
                "a.csv",
                b"EmailAddress,Password\r\nnot-an-address,short\r\n",
            )],
            &PlanOptions::default(),
        ) {
            Err(PlanError::Blocked(report)) => assert!(report.has_errors()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn two_files_with_one_name_are_refused_and_a_prefix_is_used() {
        let (a, b) = (list(1), b"EmailAddress\r\nother@contoso.com\r\n".to_vec());
        match run(
            &[("x/wave.csv", &a), ("y/wave.csv", &b)],
            &PlanOptions::default(),
        ) {
            Err(PlanError::Refused(text)) => {
                assert!(
                    text.contains("x/wave.csv") && text.contains("y/wave.csv"),
                    "{text}"
                )
            }
            other => panic!("{other:?}"),
        }
        let plan = run(
            &[("wave.csv", &a)],
            &PlanOptions {
                no_split: false,
                prefix: Some("Contoso 2026".into()),
            },
        )
        .unwrap();
        assert_eq!(plan.batches[0].name, "Contoso-2026-wave");
    }

    #[test]
    fn names_are_valid_and_at_most_64_characters() {
        assert_eq!(clean_name("  ***  "), "Batch");
        assert_eq!(clean_name(&"x".repeat(100)).len(), 64);
        assert_eq!(clean_name("Wave#1 (HR)"), "Wave-1--HR");
    }

    #[test]
    fn the_limit_counts_the_batches_already_there() {
        assert!(check_limit(98, 2).is_ok());
        let text = check_limit(98, 3).unwrap_err();
        assert!(text.contains("98 batches already exist"), "{text}");
        assert!(text.contains("only 100 batches can exist"), "{text}");
    }
}

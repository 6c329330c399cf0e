//! Why the runbook cannot be written, in the words of the CLI or of the page.

use super::powershell::UnsafeValue;
use crate::render::count::count;

/// Where a refusal is read: it names the tool that fixes and splits the files there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    /// The command line: `migration-preflight fix`, `migration-preflight split`.
    Cli,
    /// The page (and the npm package): its Fix and Split steps.
    Page,
}

/// A file the runbook would upload that has errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockedFile {
    /// The input file's name, or `None` for pasted text.
    pub file: Option<String>,
    /// Its findings of severity error.
    pub errors: u32,
    /// Their codes, each once, in the order of the check (`CSV009` when it has more
    /// than 2,000 mailboxes).
    pub codes: Vec<&'static str>,
}

/// Why the runbook cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunbookError {
    /// A value cannot be put into the script (it has a control character).
    Unsafe(UnsafeValue),
    /// Two input files have the same name, folders and letter case aside: the script
    /// reads every batch's file from its own folder, where the two cannot both be.
    SameFileName {
        /// The file name, as the first of the two files has it.
        name: String,
        /// Their places in the list of files, counted from 1.
        files: (usize, usize),
    },
    /// Files the script would upload have errors (more than 2,000 mailboxes among
    /// them, CSV009): the batches would fail, so no runbook is written for them.
    Blocked(Vec<BlockedFile>),
}

impl RunbookError {
    /// The reason and what to do, naming the CLI's commands or the page's steps.
    pub fn message(&self, wording: Wording) -> String {
        match self {
            RunbookError::Unsafe(e) => e.to_string(),
            RunbookError::SameFileName { name, files } => format!(
                "files {} and {} are both named {name}; the runbook reads each batch's CSV file \
                 from the script's folder, where two files cannot have the same name: rename \
                 one of them (e.g. with -2 before .csv) and make the runbook again",
                files.0, files.1
            ),
            RunbookError::Blocked(files) => blocked(files, wording),
        }
    }
}

/// `Wave.csv has 3 errors (CSV101, CSV205): fix them (…) and split it (…) first, …`.
fn blocked(files: &[BlockedFile], wording: Wording) -> String {
    let each: Vec<String> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = match &f.file {
                Some(name) => name.clone(),
                None if i == 0 => "The pasted list".to_string(),
                None => "the pasted list".to_string(),
            };
            format!(
                "{name} has {} ({})",
                count(f.errors.into(), "error", "errors"),
                f.codes.join(", ")
            )
        })
        .collect();
    let (fix, split) = match wording {
        Wording::Cli => ("migration-preflight fix", "migration-preflight split"),
        Wording::Page => ("Fix", "Split"),
    };
    let it = if files.len() == 1 { "it" } else { "them" };
    let text = each.join("; ");
    format!(
        "{text}: fix them ({fix}) and split {it} ({split}) first, then make the runbook from \
         the files you will upload"
    )
}

impl std::fmt::Display for RunbookError {
    /// The page's wording ([`RunbookError::message`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Wording::Page))
    }
}

impl std::error::Error for RunbookError {}

impl From<UnsafeValue> for RunbookError {
    fn from(e: UnsafeValue) -> Self {
        RunbookError::Unsafe(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_files_their_codes_and_the_tools() {
        let lower = RunbookError::Blocked(vec![BlockedFile {
            file: Some("wave.csv".into()),
            errors: 1,
            codes: vec!["CSV207"],
        }]);
        assert!(
            lower
                .to_string()
                .starts_with("wave.csv has 1 error (CSV207): ")
        );
        let one = RunbookError::Blocked(vec![BlockedFile {
            file: Some("Wave.csv".into()),
            errors: 3,
            codes: vec!["CSV101", "CSV205"],
        }]);
        assert_eq!(
            one.message(Wording::Cli),
            "Wave.csv has 3 errors (CSV101, CSV205): fix them (migration-preflight fix) and \
             split it (migration-preflight split) first, then make the runbook from the files \
             you will upload"
        );
        assert!(
            one.to_string()
                .contains("fix them (Fix) and split it (Split)")
        );
        let two = RunbookError::Blocked(vec![
            BlockedFile {
                file: None,
                errors: 1,
                codes: vec!["CSV009"],
            },
            BlockedFile {
                file: Some("b.csv".into()),
                errors: 2,
                codes: vec!["PWD001"],
            },
        ]);
        assert!(
            two.to_string()
                .starts_with("The pasted list has 1 error (CSV009); b.csv has 2 errors (PWD001): fix them (Fix) and split them (Split)"),
            "{two}"
        );
    }
}

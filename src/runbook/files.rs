//! The files the script reads and the batches it makes of them: one batch per file,
//! named after it; pasted text (a file without a name) gets a name to be saved under.

use serde::Serialize;

use super::error::{BlockedFile, RunbookError};
use super::powershell::batch_name;
use crate::check::CsvFile;
use crate::finding::{Finding, Severity};

/// The name pasted text is saved under beside the script (`mailboxes-2.csv` and so on
/// when taken).
pub const PASTED_NAME: &str = "mailboxes.csv";

/// Where a file the script reads comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// An input file: put it beside the script under its own name.
    File,
    /// Pasted text, which has no file: save the input's bytes under the given name
    /// beside the script (the page offers that file with the runbook).
    Pasted,
}

/// One file the script reads from its folder, and the batch it becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptFile {
    /// The file name the script reads (no folders).
    pub name: String,
    /// The migration batch made of it: ASCII letters, digits, `-` and `_`, at most 64
    /// characters.
    pub batch: String,
    /// Its place among the input files, counted from 0.
    pub input: usize,
    /// An input file, or pasted text to be saved as `name`.
    pub source: Source,
}

/// The file name without its folders, as the script looks for it.
pub(super) fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Whether an input has no file name: pasted text.
fn pasted(file: &CsvFile<'_>) -> bool {
    base_name(file.name).trim().is_empty()
}

/// The files the script reads, one per input, in input order: named as the input file
/// is without its folders, or [`PASTED_NAME`] (made unique) for pasted text. `Err` when
/// two inputs have the same name, folders and letter case aside (as Windows compares
/// names): the script's folder cannot hold both.
pub fn script_files(files: &[CsvFile<'_>]) -> Result<Vec<ScriptFile>, RunbookError> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, file) in files.iter().enumerate().filter(|(_, f)| !pasted(f)) {
        let name = base_name(file.name);
        if let Some(&first) = seen.get(&name.to_lowercase()) {
            return Err(RunbookError::SameFileName {
                name: base_name(files[first].name).to_string(),
                files: (first + 1, i + 1),
            });
        }
        seen.insert(name.to_lowercase(), i);
    }
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (input, file) in files.iter().enumerate() {
        let (name, source) = if pasted(file) {
            let mut n = 1;
            let mut name = PASTED_NAME.to_string();
            while seen.contains_key(&name.to_lowercase()) {
                n += 1;
                name = format!("mailboxes-{n}.csv");
            }
            seen.insert(name.clone(), input);
            (name, Source::Pasted)
        } else {
            (base_name(file.name).to_string(), Source::File)
        };
        let batch = batch_name(&name, &taken);
        taken.push(batch.clone());
        out.push(ScriptFile {
            name,
            batch,
            input,
            source,
        });
    }
    Ok(out)
}

/// Refuses the files that have errors among `findings` (a check of the files under
/// their script names, so each finding's `file` is one of them).
pub(super) fn refuse_blocked(
    files: &[CsvFile<'_>],
    script: &[ScriptFile],
    findings: &[Finding],
) -> Result<(), RunbookError> {
    let mut blocked = Vec::new();
    for f in script {
        let mut found = BlockedFile {
            file: (f.source == Source::File).then(|| files[f.input].name.to_string()),
            errors: 0,
            codes: Vec::new(),
        };
        let errors = findings
            .iter()
            .filter(|x| x.severity == Severity::Error && x.file.as_deref() == Some(&f.name));
        for e in errors {
            found.errors += 1;
            if !found.codes.contains(&e.code) {
                found.codes.push(e.code);
            }
        }
        if found.errors > 0 {
            blocked.push(found);
        }
    }
    if blocked.is_empty() {
        Ok(())
    } else {
        Err(RunbookError::Blocked(blocked))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> CsvFile<'_> {
        CsvFile { name, bytes: b"" }
    }

    #[test]
    fn pasted_text_gets_a_name_no_other_file_has() {
        let files = [
            file(""),
            file("C:\\x\\Mailboxes.CSV"),
            file(" "),
            file("w/Wave1-01.csv"),
        ];
        let script = script_files(&files).unwrap();
        let names: Vec<(&str, &str, Source)> = script
            .iter()
            .map(|f| (f.name.as_str(), f.batch.as_str(), f.source))
            .collect();
        assert_eq!(
            names,
            [
                ("mailboxes-2.csv", "mailboxes-2", Source::Pasted),
                ("Mailboxes.CSV", "Mailboxes", Source::File),
                ("mailboxes-3.csv", "mailboxes-3", Source::Pasted),
                ("Wave1-01.csv", "Wave1-01", Source::File),
            ]
        );
        assert_eq!(script[2].input, 2);
    }
}

//! The `runbook` command: writes the PowerShell runbook of the staged migration.

use std::process::ExitCode;

use migration_preflight::render::terminal::escape;
use migration_preflight::{CsvFile, runbook};

use super::args::Inputs;
use super::output::Output;
use super::{csv_files, read_inputs, write_output};

/// The runbook's inputs and output file.
#[derive(clap::Args)]
pub(crate) struct RunbookArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Output file (e.g. staged-migration.ps1); `-` writes to standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT", default_value = "-")]
    output: String,
}

/// Writes the runbook; exit 1 when the check blocks it.
pub(crate) fn run_runbook(args: &RunbookArgs, out: &Output) -> Result<ExitCode, String> {
    let files = read_inputs(&args.inputs.csv)?;
    let (assessment, options) = args.inputs.context()?;
    // Standard input has no file name: the core names it (mailboxes.csv).
    let named: Vec<CsvFile<'_>> = csv_files(&files)
        .into_iter()
        .map(|f| CsvFile {
            name: if f.name == "-" { "" } else { f.name },
            ..f
        })
        .collect();
    let book = match runbook::build(&named, &assessment, &options) {
        Ok(book) => book,
        Err(e @ runbook::RunbookError::Blocked(_)) => {
            eprintln!(
                "cannot write the runbook: {}",
                escape(&e.message(runbook::Wording::Cli))
            );
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(format!("cannot write the runbook: {e}")),
    };
    write_output(&args.output, book.script.as_bytes())?;
    for f in book
        .files
        .iter()
        .filter(|f| f.source == runbook::Source::Pasted)
    {
        out.note(&format!(
            "The runbook reads standard input's list from {}: save that list under this name beside the script.",
            f.name
        ));
    }
    Ok(ExitCode::SUCCESS)
}

//! The `check` command: checks CSV files as one migration, with the directory exports if
//! given, and prints the findings as text or JSON.

use std::process::ExitCode;

use clap::ValueEnum;
use migration_preflight::render;

use super::args::{DirectoryArgs, ShowValues, Tenant, directories};
use super::output::Output;
use super::{csv_files, exit_code, read_inputs};

/// The files to check, and how to print the findings.
#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// CSV files to check; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    values: ShowValues,
    #[command(flatten)]
    tenant: Tenant,
    #[command(flatten)]
    directory: DirectoryArgs,
}

/// The findings' output format.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Checks the files and prints the findings; exit 1 when there is an error among them.
pub(crate) fn run_check(args: &CheckArgs, out: &Output) -> Result<ExitCode, String> {
    let inputs = read_inputs(&args.files)?;
    let exports = args.directory.read()?;
    let exports = directories(&exports, args.directory.mailbox_quota);
    let mut report = migration_preflight::directory::check_files(
        &csv_files(&inputs),
        &exports,
        &args.tenant.options(),
    );
    if inputs.len() == 1 {
        // One CSV: its name goes without saying (export findings keep theirs).
        let only = inputs[0].0;
        report
            .findings
            .iter_mut()
            .filter(|f| f.file.as_deref() == Some(only))
            .for_each(|f| f.file = None);
    }
    print!(
        "{}",
        match (args.format, args.values.show_values) {
            (Format::Text, false) => out.findings(&render::text::render(&report)),
            (Format::Text, true) => {
                out.findings(&render::text::render_with_values(&report))
            }
            (Format::Json, false) => render::json::render(&report) + "\n",
            (Format::Json, true) => render::json::render_with_values(&report) + "\n",
        }
    );
    Ok(exit_code(&report))
}

//! The `split` command: splits mailbox lists into batch files and prints one line per
//! batch; the findings go to standard error.

use std::process::ExitCode;

use migration_preflight::render;
use migration_preflight::render::terminal::escape;
use migration_preflight::split::{SplitOptions, split};

use super::args::Tenant;
use super::output::Output;
use super::{csv_files, exit_code, read_inputs};

/// The lists to split, the batches' size and names, and where to write them.
#[derive(clap::Args)]
pub(crate) struct SplitArgs {
    /// CSV files, read as one list; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
    /// Mailboxes per batch (1 to 2,000).
    #[arg(long, default_value_t = 2000)]
    size: u32,
    /// Start of the batch names (e.g. Wave1 gives Wave1-01, Wave1-02, …).
    #[arg(long, default_value = "Batch")]
    prefix: String,
    /// Folder to write the batch files into (created if missing).
    #[arg(short, long)]
    output: String,
    #[command(flatten)]
    tenant: Tenant,
}

/// Writes the batch files; exit 1 when the lists have an error.
pub(crate) fn run_split(args: &SplitArgs, out: &Output) -> Result<ExitCode, String> {
    let inputs = read_inputs(&args.files)?;
    let split = split(
        &csv_files(&inputs),
        &SplitOptions {
            size: args.size,
            prefix: args.prefix.clone(),
        },
        &args.tenant.options(),
    )
    .map_err(|e| format!("cannot split: {e}"))?;
    let output = &args.output;
    let dir = std::path::Path::new(output);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {output}: {e}"))?;
    for batch in &split.batches {
        let path = dir.join(&batch.file_name);
        std::fs::write(&path, &batch.csv)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!(
            "{}\t{}\t{}",
            escape(&batch.name),
            render::count::count(u64::from(batch.mailboxes), "mailbox", "mailboxes"),
            escape(&path.display().to_string())
        );
    }
    eprint!("{}", out.findings(&render::text::render(&split.report)));
    Ok(exit_code(&split.report))
}

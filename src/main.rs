//! The `migration-preflight` command: parses arguments, calls the library, prints.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use migration_preflight::readiness;
use migration_preflight::render::terminal::escape;
use migration_preflight::{CsvFile, Report};
use time::OffsetDateTime;

#[path = "cli/dns.rs"]
mod dns_command;
use dns_command::{DnsArgs, run_dns};
#[path = "cli/probe.rs"]
mod probe_command;
use probe_command::{ProbeArgs, run_probe};
#[path = "cli/fix.rs"]
mod fix_command;
use fix_command::{FixArgs, run_fix_command};
#[path = "cli/args.rs"]
mod args;
#[cfg(feature = "exchange")]
use args::Tenant;
#[path = "cli/check.rs"]
mod check_command;
use check_command::{CheckArgs, run_check};
#[path = "cli/split.rs"]
mod split_command;
use split_command::{SplitArgs, run_split};
#[path = "cli/report.rs"]
mod report_command;
use report_command::{ReportArgs, run_report};
#[path = "cli/runbook.rs"]
mod runbook_command;
use runbook_command::{RunbookArgs, run_runbook};
#[cfg(feature = "exchange")]
#[path = "cli/exchange.rs"]
mod exchange_command;
#[path = "cli/output.rs"]
mod output;
#[cfg(feature = "exchange")]
#[path = "cli/sign_in.rs"]
mod sign_in;
use output::{Output, OutputArgs};
#[path = "cli/completions.rs"]
mod completions;
#[path = "cli/exit_code.rs"]
mod exit_code;
use completions::{CompletionsArgs, run_completions};

/// Pre-flight checks for Exchange 2003/2007 staged migrations to Exchange Online.
#[derive(Parser)]
#[command(name = "migration-preflight", version, about, after_help = exit_code::SUMMARY)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Check migration CSV files; several files are checked as one migration.
    #[command(after_help = exit_code::help("check"))]
    Check(CheckArgs),
    /// Write corrected CSV files: only fixes that cannot change meaning; the rest is
    /// reported.
    ///
    /// Prints what was changed in each file, grouped (258 × TRUE → True in
    /// ForceChangePassword), and what is still wrong. An input is never overwritten.
    #[command(after_help = exit_code::help("fix"))]
    Fix(FixArgs),
    /// Split mailbox lists into batch files of at most 2,000 rows with valid batch names.
    #[command(after_help = exit_code::help("split"))]
    Split(SplitArgs),
    /// Write the readiness report: verdict, findings, dated checklist.
    #[command(after_help = exit_code::help("report"))]
    Report(ReportArgs),
    /// Write the PowerShell runbook for the staged migration.
    #[command(after_help = exit_code::help("runbook"))]
    Runbook(RunbookArgs),
    /// Work with assessment files.
    #[command(after_help = exit_code::help("assessment"))]
    Assessment {
        /// Print an example assessment with every field, its dates relative to now (the
        /// first batch in 7 days, the last in 14, the MX change in 21).
        #[arg(long, required = true)]
        template: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = exit_code::help("completions"), display_order = 50)]
    Completions(CompletionsArgs),
    /// Plan the DNS records for moving a domain to Exchange Online, compare them with a
    /// zone file, or look up what is published.
    #[command(after_help = exit_code::help("dns"))]
    Dns(Box<DnsArgs>),
    /// Check the source from this network: Outlook Anywhere, its certificate and
    /// Autodiscover (sends HTTPS requests to the named hosts only; see the README).
    #[command(after_help = exit_code::help("probe"))]
    Probe(Box<ProbeArgs>),
    /// Create, start and watch staged migration batches in Exchange Online, one per CSV
    /// file, after the pre-flight check (feature `exchange`; resumable: see the README).
    #[cfg(feature = "exchange")]
    #[command(after_help = exit_code::help("run"))]
    Run(Box<exchange_command::RunArgs>),
    /// Show the batches of a run (or named ones): status, counts, failed users. Read-only.
    #[cfg(feature = "exchange")]
    #[command(after_help = exit_code::help("status"))]
    Status(Box<exchange_command::StatusArgs>),
    /// Remove batches after the MX change, with the procedure's safety checks.
    #[cfg(feature = "exchange")]
    #[command(after_help = exit_code::help("remove"))]
    Remove(Box<exchange_command::RemoveArgs>),
    /// The migration endpoint (Outlook Anywhere) [inferred].
    #[cfg(feature = "exchange")]
    Endpoint(Box<exchange_command::EndpointArgs>),
}

fn main() -> ExitCode {
    // clap's own help and errors follow --color too, so it is read before parsing.
    let color = output::clap_color(std::env::args_os());
    let matches = Cli::command().color(color).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let out = Output::new(&cli.output);
    match run(cli, &out) {
        Ok(code) => code,
        Err(reason) => {
            eprintln!("migration-preflight: {}", escape(&reason));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli, out: &Output) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) => run_check(&args, out),
        Command::Fix(args) => run_fix_command(&args, out),
        Command::Split(args) => run_split(&args, out),
        Command::Report(args) => run_report(&args, out),
        Command::Runbook(args) => run_runbook(&args, out),
        Command::Assessment { template: _ } => {
            // Dates relative to now, so the example is not overdue on arrival.
            print!(
                "{}",
                readiness::assessment::template(OffsetDateTime::now_utc())
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions(args) => run_completions::<Cli>(&args),
        Command::Dns(args) => run_dns(&args, out),
        Command::Probe(args) => run_probe(&args, out),
        #[cfg(feature = "exchange")]
        Command::Run(args) => exchange_command::run_run(&args, out),
        #[cfg(feature = "exchange")]
        Command::Status(args) => exchange_command::run_status(&args, out),
        #[cfg(feature = "exchange")]
        Command::Remove(args) => exchange_command::run_remove(&args, out),
        #[cfg(feature = "exchange")]
        Command::Endpoint(args) => exchange_command::run_endpoint(&args, out),
    }
}

fn exit_code(report: &Report) -> ExitCode {
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn read_inputs(files: &[String]) -> Result<Vec<(&str, Vec<u8>)>, String> {
    files
        .iter()
        .map(|f| read_input(f).map(|bytes| (f.as_str(), bytes)))
        .collect()
}

fn csv_files<'a>(inputs: &'a [(&'a str, Vec<u8>)]) -> Vec<CsvFile<'a>> {
    inputs
        .iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect()
}

/// Writes a file, or standard output for `-`.
fn write_output(path: &str, bytes: &[u8]) -> Result<(), String> {
    if path == "-" {
        std::io::stdout()
            .write_all(bytes)
            .map_err(|e| format!("cannot write standard output: {e}"))
    } else {
        std::fs::write(path, bytes).map_err(|e| format!("cannot write {path}: {e}"))
    }
}

/// Reads a file, or standard input for `-`.
fn read_input(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(bytes)
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| format!("cannot write JSON: {e}"))
}

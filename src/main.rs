//! The `migration-preflight` command: parses arguments, calls the library, prints.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use migration_preflight::directory::{Directories, Export};
use migration_preflight::readiness::when::parse_when;
use migration_preflight::readiness::{self, Assessment, ReportOptions};
use migration_preflight::render::readiness::Format as ReportFormat;
use migration_preflight::render::terminal::escape;
use migration_preflight::split::{SplitOptions, split};
use migration_preflight::{CsvFile, Options, Report, Verdict, render, runbook};
use time::OffsetDateTime;

#[path = "cli/dns.rs"]
mod dns_command;
use dns_command::{DnsArgs, run_dns};
#[path = "cli/probe.rs"]
mod probe_command;
use probe_command::{ProbeArgs, run_probe};
#[path = "cli/fix.rs"]
mod fix_command;
use fix_command::run_fix;
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
    Check {
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
    },
    /// Write corrected CSV files: only fixes that cannot change meaning; the rest is
    /// reported.
    ///
    /// Prints what was changed in each file, grouped (258 × TRUE → True in
    /// ForceChangePassword), and what is still wrong. An input is never overwritten.
    #[command(after_help = exit_code::help("fix"))]
    Fix {
        /// The CSV files to correct; `-` reads standard input (one file only).
        #[arg(required = true)]
        files: Vec<String>,
        /// Where to write: for one file, the corrected file (`-` for standard output) or
        /// a folder; for several, a folder (created if missing) where each corrected
        /// file keeps its name.
        #[arg(short, long)]
        output: String,
        /// Replace empty passwords and those Microsoft would refuse with generated ones
        /// (written only into the corrected CSV).
        #[arg(long)]
        generate_passwords: bool,
        #[command(flatten)]
        values: ShowValues,
        #[command(flatten)]
        tenant: Tenant,
    },
    /// Split mailbox lists into batch files of at most 2,000 rows with valid batch names.
    #[command(after_help = exit_code::help("split"))]
    Split {
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
    },
    /// Write the readiness report: verdict, findings, dated checklist.
    #[command(after_help = exit_code::help("report"))]
    Report {
        #[command(flatten)]
        inputs: Inputs,
        /// Output format [default: from the output file's extension (.html, .md, .json,
        /// .txt); on a terminal, text; otherwise html].
        #[arg(long, value_enum)]
        format: Option<Shape>,
        /// Replace addresses, domains and file names by aliases (user-0001@domain-01.example),
        /// for reports shared outside the organisation.
        #[arg(long, alias = "pseudonymize")]
        pseudonymise: bool,
        /// Output file; `-` writes to standard output.
        #[arg(short = 'o', long = "output", value_name = "OUT", default_value = "-")]
        output: String,
        #[command(flatten)]
        directory: DirectoryArgs,
        /// A probe's JSON (`probe --format json`): its findings decide the Outlook
        /// Anywhere and certificate tasks.
        #[arg(long, value_name = "FILE")]
        probe: Option<String>,
        /// An earlier report in JSON (`--format json`): adds what changed since then
        /// (findings resolved, new and still open; tasks done; dates that moved).
        #[arg(long, value_name = "PREVIOUS.json")]
        since: Option<String>,
    },
    /// Write the PowerShell runbook for the staged migration.
    #[command(after_help = exit_code::help("runbook"))]
    Runbook {
        #[command(flatten)]
        inputs: Inputs,
        /// Output file (e.g. staged-migration.ps1); `-` writes to standard output.
        #[arg(short = 'o', long = "output", value_name = "OUT", default_value = "-")]
        output: String,
    },
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

/// The unsafe opt-in to see the offending cells.
#[derive(clap::Args)]
struct ShowValues {
    /// Also print the offending cell beside each finding that has one (an invalid
    /// address, a header name). UNSAFE TO SHARE: a cell's column cannot be trusted, so
    /// the output may then hold passwords. For your own screen only.
    #[arg(long)]
    show_values: bool,
}

/// What the admin knows about the tenant.
#[derive(clap::Args)]
struct Tenant {
    /// A verified domain of the tenant (repeat for several); other domains are errors.
    #[arg(long = "domain", value_name = "DOMAIN")]
    domains: Vec<String>,
    /// AD FS (federated) single sign-on is deployed.
    #[arg(long)]
    federated: bool,
    /// A term of the organisation's banned password list, 4 to 16 characters (repeat
    /// for several); passwords built mostly from it are reported.
    #[arg(long = "banned-term", value_name = "TERM")]
    banned_terms: Vec<String>,
    /// The organisation's name, a banned password term [default: the first label of
    /// each address's domain].
    #[arg(long, value_name = "NAME")]
    tenant_name: Option<String>,
}

impl Tenant {
    fn options(&self) -> Options {
        Options {
            domains: self.domains.clone(),
            federated: self.federated,
            banned_terms: self.banned_terms.clone(),
            tenant_name: self.tenant_name.clone(),
            generate_passwords: false,
            ..Options::default()
        }
    }
}

/// The directory exports the CSV is compared with (see the README for the commands).
#[derive(clap::Args)]
struct DirectoryArgs {
    /// An on-premises export: Get-Mailbox ... | Export-Csv (Exchange 2007) or csvde
    /// (Exchange 2003); repeat for several.
    #[arg(long = "onprem", value_name = "FILE")]
    onprem: Vec<String>,
    /// An Exchange Online export: Get-MailUser, Get-Mailbox or Get-MigrationUser ... |
    /// Export-Csv, each recognised by its columns; repeat for several.
    #[arg(long = "cloud", value_name = "FILE")]
    cloud: Vec<String>,
    /// The licence's mailbox quota in GB [default: 50, Exchange Online Plan 1 and the
    /// Business plans; 100 for Plan 2 and Microsoft 365 E3/E5].
    #[arg(long, value_name = "GB")]
    mailbox_quota: Option<u32>,
}

impl DirectoryArgs {
    /// Reads the export files: (on-premises, cloud).
    fn read(&self) -> Result<DirectoryFiles<'_>, String> {
        Ok((read_inputs(&self.onprem)?, read_inputs(&self.cloud)?))
    }
}

/// The export files read: (on-premises, cloud), each (name, bytes).
type DirectoryFiles<'a> = (Vec<(&'a str, Vec<u8>)>, Vec<(&'a str, Vec<u8>)>);

/// The exports as the library takes them.
fn directories<'a>(files: &'a DirectoryFiles<'a>, quota: Option<u32>) -> Directories<'a> {
    let exports = |list: &'a [(&'a str, Vec<u8>)]| {
        list.iter()
            .map(|(name, bytes)| Export { name, bytes })
            .collect()
    };
    Directories {
        onprem: exports(&files.0),
        cloud: exports(&files.1),
        mailbox_quota_gb: quota,
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The inputs of the readiness report and the runbook.
#[derive(clap::Args)]
struct Inputs {
    /// Migration CSV files, one batch each (repeat or list several).
    #[arg(long = "csv", value_name = "FILE", num_args = 1.., required = true)]
    csv: Vec<String>,
    /// The assessment JSON (see `assessment --template`); without it every answer is unknown.
    #[arg(long, value_name = "FILE")]
    assessment: Option<String>,
    /// The time the report is made for, with its offset: 2025-03-03 09:00 +01:00 or
    /// RFC 3339 (2025-03-03T08:00:00Z); default: now.
    #[arg(long, value_name = "TIME")]
    as_of: Option<String>,
    /// The tenant's answers for the CSV check; they win over the assessment's.
    #[command(flatten)]
    tenant: Tenant,
}

impl Inputs {
    /// Reads the assessment and the report time (the CSV files are read by `read_inputs`).
    fn context(&self) -> Result<(Assessment, ReportOptions), String> {
        let assessment = match &self.assessment {
            Some(path) => {
                let bytes = read_input(path)?;
                let text =
                    String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
                Assessment::from_json(&text).map_err(|e| format!("{path}: {e}"))?
            }
            None => Assessment::default(),
        };
        let assessment = self.with_flags(assessment);
        let now = match &self.as_of {
            Some(text) => parse_when(text).map_err(|e| format!("--as-of {text:?}: {e}"))?,
            None => OffsetDateTime::now_utc(),
        };
        let options = ReportOptions {
            pseudonymise: false,
            now: Some(now),
        };
        Ok((assessment, options))
    }

    /// The assessment with the tenant flags applied: `--domain`, `--federated`,
    /// `--banned-term` and `--tenant-name` win over its answers, so the CSV check of
    /// `report` and `runbook` is the one `check` makes with the same flags.
    fn with_flags(&self, mut assessment: Assessment) -> Assessment {
        let flags = &self.tenant;
        if !flags.domains.is_empty() {
            assessment.tenant.verified_domains = Some(flags.domains.clone());
        }
        if flags.federated {
            assessment.tenant.federated_sso = readiness::Answer::Yes;
        }
        if !flags.banned_terms.is_empty() {
            assessment.tenant.custom_banned_passwords = Some(flags.banned_terms.clone());
        }
        if let Some(name) = &flags.tenant_name {
            assessment.organisation = Some(name.clone());
        }
        assessment
    }
}

/// The report's format: `--format`; else, for an output file, its extension (.html,
/// .md, .json, .txt; others html); else text on a terminal and html otherwise.
fn report_shape(format: Option<Shape>, output: &str, terminal: bool) -> Shape {
    if let Some(format) = format {
        return format;
    }
    if output == "-" {
        return if terminal { Shape::Text } else { Shape::Html };
    }
    let extension = std::path::Path::new(output)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("md" | "markdown") => Shape::Md,
        Some("json") => Shape::Json,
        Some("txt" | "text") => Shape::Text,
        _ => Shape::Html,
    }
}

/// Formats of the readiness report.
#[derive(Clone, Copy, ValueEnum)]
enum Shape {
    Html,
    Md,
    Json,
    Text,
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
        Command::Check {
            files,
            format,
            values,
            tenant,
            directory,
        } => {
            let inputs = read_inputs(&files)?;
            let exports = directory.read()?;
            let exports = directories(&exports, directory.mailbox_quota);
            let mut report = migration_preflight::directory::check_files(
                &csv_files(&inputs),
                &exports,
                &tenant.options(),
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
                match (format, values.show_values) {
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
        Command::Fix {
            files,
            output,
            generate_passwords,
            values,
            tenant,
        } => {
            let options = Options {
                generate_passwords,
                ..tenant.options()
            };
            run_fix(&files, &output, &options, values.show_values, out)
        }
        Command::Split {
            files,
            size,
            prefix,
            output,
            tenant,
        } => {
            let inputs = read_inputs(&files)?;
            let split = split(
                &csv_files(&inputs),
                &SplitOptions { size, prefix },
                &tenant.options(),
            )
            .map_err(|e| format!("cannot split: {e}"))?;
            let dir = std::path::Path::new(&output);
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
        Command::Report {
            inputs,
            format,
            pseudonymise,
            output,
            directory,
            probe,
            since,
        } => {
            let probe = probe_command::read_evidence(probe.as_deref())?;
            let files = read_inputs(&inputs.csv)?;
            let (assessment, options) = inputs.context()?;
            let options = ReportOptions {
                pseudonymise,
                ..options
            };
            let exports = directory.read()?;
            let exports = directories(&exports, directory.mailbox_quota);
            let mut report = readiness::build_with_probe(
                &csv_files(&files),
                &exports,
                &assessment,
                &options,
                probe.as_ref(),
            );
            if let Some(path) = since {
                let bytes = read_input(&path)?;
                let text =
                    String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
                report.since = Some(
                    readiness::since::progress(&report, &text)
                        .map_err(|e| format!("--since {path}: {e}"))?,
                );
            }
            let terminal = std::io::stdout().is_terminal();
            let format = match report_shape(format, &output, terminal) {
                Shape::Html => ReportFormat::Html,
                Shape::Md => ReportFormat::Markdown,
                Shape::Json => ReportFormat::Json,
                Shape::Text => ReportFormat::Text,
            };
            let mut text = render::readiness::render(&report, format);
            if format == ReportFormat::Text && output == "-" {
                text = out.findings(&text);
            }
            write_output(&output, text.as_bytes())?;
            Ok(if report.verdict == Verdict::Blocked {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Runbook { inputs, output } => {
            let files = read_inputs(&inputs.csv)?;
            let (assessment, options) = inputs.context()?;
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
            write_output(&output, book.script.as_bytes())?;
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

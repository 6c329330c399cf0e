//! The `migration-preflight` command: parses arguments, calls the library, prints.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use migration_preflight::fix::fix_csv;
use migration_preflight::split::{SplitOptions, split};
use migration_preflight::{CsvFile, Options, Report, check_files, render};

/// Pre-flight checks for Exchange 2003/2007 staged migrations to Exchange Online.
#[derive(Parser)]
#[command(name = "migration-preflight", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check migration CSV files; several files are checked as one migration.
    Check {
        /// CSV files to check; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        tenant: Tenant,
    },
    /// Write a corrected CSV: only fixes that cannot change meaning; the rest is reported.
    Fix {
        /// The CSV file to correct; `-` reads standard input.
        file: String,
        /// Where to write the corrected CSV; `-` writes it to standard output.
        #[arg(short, long)]
        output: String,
        /// Replace empty passwords and those Microsoft would refuse with generated ones
        /// (written only into the corrected CSV).
        #[arg(long)]
        generate_passwords: bool,
        #[command(flatten)]
        tenant: Tenant,
    },
    /// Split mailbox lists into batch files of at most 2,000 rows with valid batch names.
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
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(reason) => {
            eprintln!("migration-preflight: {reason}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check {
            files,
            format,
            tenant,
        } => {
            let inputs = read_inputs(&files)?;
            let mut report = check_files(&csv_files(&inputs), &tenant.options());
            if inputs.len() == 1 {
                report.findings.iter_mut().for_each(|f| f.file = None);
            }
            print!(
                "{}",
                match format {
                    Format::Text => render::text::render(&report),
                    Format::Json => render::json::render(&report) + "\n",
                }
            );
            Ok(exit_code(&report))
        }
        Command::Fix {
            file,
            output,
            generate_passwords,
            tenant,
        } => {
            let bytes = read_input(&file)?;
            let options = Options {
                generate_passwords,
                ..tenant.options()
            };
            let fixed = fix_csv(&bytes, &options)
                .map_err(|f| format!("cannot correct {file}: {} {}", f.message, f.help))?;
            write_output(&output, fixed.csv.as_bytes())?;
            for change in &fixed.changes {
                let row = change.row.map(|r| format!("row {r}: ")).unwrap_or_default();
                eprintln!("fixed: {row}{}", change.description);
            }
            eprint!("{}", render::text::render(&fixed.report));
            Ok(exit_code(&fixed.report))
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
                    "{}\t{} mailboxes\t{}",
                    batch.name,
                    batch.mailboxes,
                    path.display()
                );
            }
            eprint!("{}", render::text::render(&split.report));
            Ok(exit_code(&split.report))
        }
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

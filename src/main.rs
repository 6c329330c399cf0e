//! The `migration-preflight` command: parses arguments, calls the library, prints.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use migration_preflight::{CsvFile, Options, check_files, render};

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
            let inputs = files
                .iter()
                .map(|f| read_input(f).map(|bytes| (f.as_str(), bytes)))
                .collect::<Result<Vec<_>, _>>()?;
            let csv_files: Vec<CsvFile<'_>> = inputs
                .iter()
                .map(|(name, bytes)| CsvFile { name, bytes })
                .collect();
            let mut report = check_files(&csv_files, &tenant.options());
            if csv_files.len() == 1 {
                report.findings.iter_mut().for_each(|f| f.file = None);
            }
            print!(
                "{}",
                match format {
                    Format::Text => render::text::render(&report),
                    Format::Json => render::json::render(&report) + "\n",
                }
            );
            Ok(if report.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
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

//! The `migration-preflight` command: parses arguments, calls the library, prints.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use migration_preflight::readiness::{self, Assessment, ReportOptions};
use migration_preflight::render::readiness::Format as ReportFormat;
use migration_preflight::{CsvFile, Options, check_files, render, runbook};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

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
    /// Write the readiness report: verdict, findings, dated checklist.
    ///
    /// Exits with 1 when the verdict is `blocked`, 2 when an input cannot be read.
    Report {
        #[command(flatten)]
        inputs: Inputs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Shape::Html)]
        format: Shape,
        /// Replace addresses, domains and file names by aliases (user-0001@domain-01.example),
        /// for reports shared outside the organisation.
        #[arg(long, alias = "pseudonymize")]
        pseudonymise: bool,
        /// Output file; `-` or none writes to standard output.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<String>,
    },
    /// Write the PowerShell runbook for the staged migration.
    Runbook {
        #[command(flatten)]
        inputs: Inputs,
        /// Output file (e.g. staged-migration.ps1); `-` or none writes to standard output.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<String>,
    },
    /// Work with assessment files.
    Assessment {
        /// Print an example assessment with every field.
        #[arg(long, required = true)]
        template: bool,
    },
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
    /// The time the report is made for, RFC 3339 with offset (e.g. 2025-03-03T09:00:00+01:00);
    /// default: now.
    #[arg(long, value_name = "TIME")]
    as_of: Option<String>,
}

/// The inputs, read.
struct Loaded {
    files: Vec<(String, Vec<u8>)>,
    assessment: Assessment,
    now: Option<OffsetDateTime>,
}

impl Inputs {
    /// Reads the CSV files and the assessment.
    fn read(&self) -> Result<Loaded, String> {
        let files = self
            .csv
            .iter()
            .map(|f| read_input(f).map(|bytes| (f.clone(), bytes)))
            .collect::<Result<Vec<_>, _>>()?;
        let assessment = match &self.assessment {
            Some(path) => {
                let bytes = read_input(path)?;
                let text =
                    String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
                Assessment::from_json(&text).map_err(|e| format!("{path}: {e}"))?
            }
            None => Assessment::default(),
        };
        let now = match &self.as_of {
            Some(text) => OffsetDateTime::parse(text, &Rfc3339).map_err(|e| {
                format!("--as-of {text:?} is not an RFC 3339 time with offset: {e}")
            })?,
            None => OffsetDateTime::now_utc(),
        };
        Ok(Loaded {
            files,
            assessment,
            now: Some(now),
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Shape {
    Html,
    Md,
    Json,
    Text,
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
}

impl Tenant {
    fn options(&self) -> Options {
        Options {
            domains: self.domains.clone(),
            federated: self.federated,
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
        Command::Report {
            inputs,
            format,
            pseudonymise,
            output,
        } => {
            let Loaded {
                files,
                assessment,
                now,
            } = inputs.read()?;
            let report = readiness::build(
                &csv_files(&files),
                &assessment,
                &ReportOptions { pseudonymise, now },
            );
            let format = match format {
                Shape::Html => ReportFormat::Html,
                Shape::Md => ReportFormat::Markdown,
                Shape::Json => ReportFormat::Json,
                Shape::Text => ReportFormat::Text,
            };
            write_output(
                output.as_deref(),
                &render::readiness::render(&report, format),
            )?;
            Ok(if report.verdict == migration_preflight::Verdict::Blocked {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Runbook { inputs, output } => {
            let Loaded {
                files,
                assessment,
                now,
            } = inputs.read()?;
            let script = runbook::runbook(
                &csv_files(&files),
                &assessment,
                &ReportOptions {
                    pseudonymise: false,
                    now,
                },
            )
            .map_err(|e| format!("cannot write the runbook: {e}"))?;
            write_output(output.as_deref(), &script)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Assessment { template: _ } => {
            print!("{}", readiness::assessment::TEMPLATE);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn csv_files(files: &[(String, Vec<u8>)]) -> Vec<CsvFile<'_>> {
    files
        .iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect()
}

/// Writes to a file, or standard output for `-` or no file.
fn write_output(path: Option<&str>, text: &str) -> Result<(), String> {
    match path {
        None | Some("-") => {
            print!("{text}");
            Ok(())
        }
        Some(path) => std::fs::write(path, text).map_err(|e| format!("cannot write {path}: {e}")),
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

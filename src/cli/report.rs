//! The `report` command: builds the readiness report (with the directory exports, a
//! probe's findings and an earlier report if given) and writes it in the chosen format.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::ValueEnum;
use migration_preflight::readiness::{self, ReportOptions};
use migration_preflight::render::readiness::Format as ReportFormat;
use migration_preflight::{Verdict, render};

use super::args::{DirectoryArgs, Inputs, directories};
use super::output::Output;
use super::{csv_files, probe_command, read_input, read_inputs, write_output};

/// The report's inputs, format and output file.
#[derive(clap::Args)]
pub(crate) struct ReportArgs {
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
}

/// Writes the report; exit 1 when its verdict is blocked.
pub(crate) fn run_report(args: &ReportArgs, out: &Output) -> Result<ExitCode, String> {
    let probe = probe_command::read_evidence(args.probe.as_deref())?;
    let files = read_inputs(&args.inputs.csv)?;
    let (assessment, options) = args.inputs.context()?;
    let options = ReportOptions {
        pseudonymise: args.pseudonymise,
        ..options
    };
    let exports = args.directory.read()?;
    let exports = directories(&exports, args.directory.mailbox_quota);
    let mut report = readiness::build_with_probe(
        &csv_files(&files),
        &exports,
        &assessment,
        &options,
        probe.as_ref(),
    );
    if let Some(path) = &args.since {
        let bytes = read_input(path)?;
        let text = String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
        report.since = Some(
            readiness::since::progress(&report, &text)
                .map_err(|e| format!("--since {path}: {e}"))?,
        );
    }
    let output = &args.output;
    let terminal = std::io::stdout().is_terminal();
    let format = match report_shape(args.format, output, terminal) {
        Shape::Html => ReportFormat::Html,
        Shape::Md => ReportFormat::Markdown,
        Shape::Json => ReportFormat::Json,
        Shape::Text => ReportFormat::Text,
    };
    let mut text = render::readiness::render(&report, format);
    if format == ReportFormat::Text && output == "-" {
        text = out.findings(&text);
    }
    write_output(output, text.as_bytes())?;
    Ok(if report.verdict == Verdict::Blocked {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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

//! The `fix` command: corrects one file or several, writes them, prints what changed.
//!
//! One file: `-o` names the corrected file (`-` for standard output) or an existing
//! folder. Several files: `-o` is a folder (created if missing) and each corrected file
//! keeps its own name there. Nothing is written when an output would overwrite an input
//! or two inputs have the same name.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use migration_preflight::fix::{Fixed, fix_csv};
use migration_preflight::render::count::{count, thousands};
use migration_preflight::render::terminal::escape;
use migration_preflight::{Options, render};

use super::args::{ShowValues, Tenant};
use super::output::Output;
use super::{read_input, write_output};

/// The files to correct, where to write them, and the tenant's answers.
#[derive(clap::Args)]
pub(crate) struct FixArgs {
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
}

/// Corrects the files `args` names, with its options.
pub(crate) fn run_fix_command(args: &FixArgs, screen: &Output) -> Result<ExitCode, String> {
    let options = Options {
        generate_passwords: args.generate_passwords,
        ..args.tenant.options()
    };
    run_fix(
        &args.files,
        &args.output,
        &options,
        args.values.show_values,
        screen,
    )
}

/// Where each input's corrected file goes.
enum Target {
    /// A file, or standard output for `-`.
    File(String),
    /// A folder; the file keeps its name.
    Folder(PathBuf),
}

/// Corrects `files` into `output`. `Err` (exit 2) when nothing could be done; a file
/// that cannot be corrected among several is reported and the others are written.
fn run_fix(
    files: &[String],
    output: &str,
    options: &Options,
    show_values: bool,
    screen: &Output,
) -> Result<ExitCode, String> {
    let target = target(files, output)?;
    let outputs = outputs(files, &target)?;
    let inputs = files
        .iter()
        .map(|f| read_input(f))
        .collect::<Result<Vec<_>, _>>()?;
    if let Target::Folder(dir) = &target {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let several = files.len() > 1;
    let (mut errors, mut failed) = (false, false);
    for ((file, bytes), out) in files.iter().zip(&inputs).zip(&outputs) {
        if several {
            eprintln!();
        }
        let fixed = match fix_csv(bytes, options) {
            Ok(fixed) => fixed,
            Err(f) if several => {
                failed = true;
                eprintln!(
                    "{}",
                    escape(&format!("cannot correct {file}: {} {}", f.message, f.help))
                );
                continue;
            }
            Err(f) => return Err(format!("cannot correct {file}: {} {}", f.message, f.help)),
        };
        write_output(out, fixed.csv.as_bytes())?;
        eprint!("{}", changes(file, out, &fixed));
        eprint!(
            "{}",
            screen.findings(&if show_values {
                render::text::render_with_values(&fixed.report)
            } else {
                render::text::render(&fixed.report)
            })
        );
        errors |= fixed.report.has_errors();
    }
    Ok(if failed {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether `-o` is a folder: always with several files, or an existing folder.
fn target(files: &[String], output: &str) -> Result<Target, String> {
    let several = files.len() > 1;
    if several && output == "-" {
        return Err("several files need a folder for -o, not standard output (-)".into());
    }
    if several || (output != "-" && Path::new(output).is_dir()) {
        if files.iter().any(|f| f == "-") {
            return Err(
                "standard input (-) has no name to write it under in a folder: give -o a file name, or give the file itself"
                    .into(),
            );
        }
        return Ok(Target::Folder(PathBuf::from(output)));
    }
    Ok(Target::File(output.to_string()))
}

/// The output path of each input; refuses two inputs with one name and any output that
/// is an input.
fn outputs(files: &[String], target: &Target) -> Result<Vec<String>, String> {
    let outs = match target {
        Target::File(path) => vec![path.clone()],
        Target::Folder(dir) => {
            let mut seen: Vec<(String, &str)> = Vec::new();
            let mut outs = Vec::new();
            for file in files {
                let name = Path::new(file)
                    .file_name()
                    .ok_or_else(|| format!("{file} names no file"))?;
                // Names that differ only in case are one file on Windows and macOS.
                let lower = name.to_string_lossy().to_lowercase();
                if let Some((_, other)) = seen.iter().find(|(n, _)| *n == lower) {
                    return Err(format!(
                        "{other} and {file} have the same name: their corrected files would overwrite each other in {}. Rename one, or correct them into different folders",
                        dir.display()
                    ));
                }
                seen.push((lower, file));
                outs.push(dir.join(name).to_string_lossy().into_owned());
            }
            outs
        }
    };
    for out in &outs {
        if let Some(input) = files.iter().find(|f| same_file(f, out)) {
            return Err(format!(
                "{out} is an input: the corrected file would overwrite {input}. Write it elsewhere (-o)"
            ));
        }
    }
    Ok(outs)
}

/// Whether the paths `a` and `b` name one existing file.
fn same_file(a: &str, b: &str) -> bool {
    if a == "-" || b == "-" {
        return false;
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// What was changed in one file, grouped: `258 × TRUE → True in ForceChangePassword`.
fn changes(file: &str, out: &str, fixed: &Fixed) -> String {
    let to = if out == "-" { "standard output" } else { out };
    let total: u64 = fixed.change_groups.iter().map(|g| u64::from(g.count)).sum();
    let made = if total == 0 {
        "no changes needed".to_string()
    } else {
        count(total, "change", "changes")
    };
    let mut text = format!("{} → {}: {made}\n", escape(file), escape(to));
    for group in &fixed.change_groups {
        text.push_str(&format!(
            "  {} × {}\n",
            thousands(u64::from(group.count)),
            escape(&group.description)
        ));
    }
    text
}

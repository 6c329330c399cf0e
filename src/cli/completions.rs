//! The `completions` command: a shell's completion script for every command and flag,
//! generated from the same clap definition the arguments are parsed with.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

/// Which shell to complete for.
#[derive(clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell; load the script with, for example, `source <(migration-preflight
    /// completions bash)` or save it where the shell looks for completions.
    #[arg(value_enum)]
    shell: Shell,
}

/// Prints the completion script of `Cli` for the shell to standard output. The script
/// is made in memory first: clap_complete panics when its writer fails (a closed pipe).
pub(crate) fn run_completions<Cli: CommandFactory>(
    args: &CompletionsArgs,
) -> Result<ExitCode, String> {
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, name, &mut script);
    std::io::stdout()
        .write_all(&script)
        .map_err(|e| format!("cannot write standard output: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

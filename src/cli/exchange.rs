//! The runner's commands (feature `exchange`): `run`, `status`, `remove` and
//! `endpoint create`. Arguments are parsed here; the work is in the library's
//! `exchange` module.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use migration_preflight::directory::Directories;
use migration_preflight::exchange::api::Exchange;
use migration_preflight::exchange::endpoint::{self, EndpointSpec, Source};
use migration_preflight::exchange::lock::{Lock, LockError};
use migration_preflight::exchange::plan::{PlanError, PlanOptions, plan};
use migration_preflight::exchange::progress::{Bars, Lines};
use migration_preflight::exchange::remove;
use migration_preflight::exchange::run::{RunError, Settings, execute, prepare};
use migration_preflight::exchange::state::{self, State};
use migration_preflight::exchange::status::{self, BatchStatus, Wanted};
use migration_preflight::exchange::watch::{Poll, View, watch};
use migration_preflight::readiness::when::parse_when;
use migration_preflight::render;
use migration_preflight::render::terminal::escape;

use crate::output::Output;
use crate::sign_in::{SignInArgs, endpoint_credential};
use crate::{Tenant, csv_files, read_inputs};

/// The environment variable the on-premises password of `endpoint create` is read from.
pub const SOURCE_PASSWORD: &str = "MIGRATION_PREFLIGHT_SOURCE_PASSWORD";

/// `run`: create, start and watch one staged batch per CSV file.
#[derive(clap::Args)]
pub struct RunArgs {
    /// Migration CSV files, one batch each (a file over 2,000 rows is split).
    #[arg(required = true)]
    files: Vec<String>,
    #[command(flatten)]
    sign_in: SignInArgs,
    /// The migration endpoint (Outlook Anywhere) the batches use.
    #[arg(long, value_name = "NAME")]
    endpoint: String,
    /// Start each batch after creating it (Start-MigrationBatch, recorded as its own step).
    #[arg(long)]
    start: bool,
    /// Who gets Microsoft's notification mails (-NotificationEmails); repeat for several.
    #[arg(long, value_name = "EMAIL")]
    notify: Vec<String>,
    /// The state file [default: migration-run.json beside the first CSV].
    #[arg(long, value_name = "FILE")]
    state: Option<String>,
    /// Print every request instead of sending it (tokens as ***, the CSV as its size and
    /// SHA-256); no state file is written.
    #[arg(long)]
    dry_run: bool,
    /// Refuse files over 2,000 rows instead of splitting them.
    #[arg(long)]
    no_split: bool,
    /// Put before every batch name (<PREFIX>-<file name>).
    #[arg(long, value_name = "PREFIX")]
    prefix: Option<String>,
    /// Return after creating (and starting) the batches instead of watching them.
    #[arg(long)]
    no_watch: bool,
    /// Seconds between polls while watching (at least 1); grows ×1.5 while nothing
    /// changes, up to 10 minutes.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    poll_seconds: u64,
    /// Milliseconds between polls (tests).
    #[arg(long, hide = true)]
    poll_ms: Option<u64>,
    #[command(flatten)]
    tenant: Tenant,
}

/// `status`: read-only.
#[derive(clap::Args)]
#[command(
    after_help = "Exit codes: 0 no failure; 2 usage or input error; 3 some users \
failed; 4 a batch failed or was stopped by the service; 5 sign-in failed or the service refused."
)]
pub struct StatusArgs {
    /// The run's state file (its batches, and their CSV files for the rows of failed users).
    #[arg(long, value_name = "FILE", required_unless_present = "batch")]
    state: Option<String>,
    /// A batch to show (repeat for several); works without a state file.
    #[arg(long, value_name = "NAME")]
    batch: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    format: StatusFormat,
    #[command(flatten)]
    sign_in: SignInArgs,
}

/// Formats of `status`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum StatusFormat {
    Text,
    Json,
}

/// `remove`: the procedure's last step, with its safety checks.
#[derive(clap::Args)]
#[command(
    after_help = "Exit codes: 0 removed; 2 refused by a safety check or usage error; \
5 sign-in failed or the service refused."
)]
pub struct RemoveArgs {
    /// The batches to remove.
    #[arg(required = true)]
    batches: Vec<String>,
    /// When the MX record was changed to Exchange Online, with its offset
    /// (2026-03-03 09:00 +01:00 or RFC 3339).
    #[arg(long, value_name = "TIME")]
    mx_changed_at: String,
    /// Skip the checks (72 hours since the MX change; a sync after it).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    sign_in: SignInArgs,
}

/// `endpoint`: the migration endpoint.
#[derive(clap::Args)]
pub struct EndpointArgs {
    #[command(subcommand)]
    command: EndpointCommand,
}

#[derive(clap::Subcommand)]
enum EndpointCommand {
    /// Create the Outlook Anywhere endpoint of a staged migration [inferred: the
    /// credential's encrypted wire form comes from public clients and was not tried on a
    /// live tenant; if it fails, use Exchange admin center → Migration → Endpoints → Add].
    ///
    /// The on-premises password is read from MIGRATION_PREFLIGHT_SOURCE_PASSWORD or
    /// asked for without echo; never from the command line.
    #[command(after_help = crate::exit_code::help("endpoint create"))]
    Create(Box<EndpointCreateArgs>),
}

/// `endpoint create`.
#[derive(clap::Args)]
pub struct EndpointCreateArgs {
    /// The endpoint's name.
    #[arg(long)]
    name: String,
    /// An on-premises mailbox address: the service finds the servers by Autodiscover.
    #[arg(long, value_name = "EMAIL", conflicts_with_all = ["exchange_server", "rpc_proxy"], required_unless_present = "exchange_server")]
    autodiscover: Option<String>,
    /// The Exchange server's name (without Autodiscover).
    #[arg(long, value_name = "HOST", requires = "rpc_proxy")]
    exchange_server: Option<String>,
    /// The Outlook Anywhere host (without Autodiscover).
    #[arg(long, value_name = "HOST", requires = "exchange_server")]
    rpc_proxy: Option<String>,
    /// An on-premises mailbox address, with --exchange-server.
    #[arg(long, value_name = "EMAIL", requires = "exchange_server")]
    email: Option<String>,
    /// The migration administrator: DOMAIN\user.
    #[arg(long, value_name = "DOMAIN\\USER")]
    admin: String,
    #[command(flatten)]
    sign_in: SignInArgs,
}

/// Runs `run`.
pub fn run_run(args: &RunArgs, out: &Output) -> Result<ExitCode, String> {
    let inputs = read_inputs(&args.files)?;
    // The directory exports are `check`'s (`--cloud` here is the sign-in's cloud).
    let exports = Directories::default();
    let how = PlanOptions {
        no_split: args.no_split,
        prefix: args.prefix.clone(),
    };
    let planned = match plan(&csv_files(&inputs), &exports, &args.tenant.options(), &how) {
        Ok(planned) => planned,
        Err(PlanError::Blocked(report)) => {
            print!("{}", out.findings(&render::text::render(&report)));
            let why = if args.no_split && report.findings.iter().any(|f| f.code == "CSV009") {
                " (--no-split: files over 2,000 rows are refused, not split)"
            } else {
                ""
            };
            eprintln!(
                "migration-preflight: nothing was created: the pre-flight check reports errors{why}; fix them (`fix` corrects what it can) and run again"
            );
            return Ok(ExitCode::from(1));
        }
        Err(PlanError::Refused(text)) => return Err(text),
    };
    let stdout = std::io::stdout();
    let mut lines = stdout.lock();
    for note in &planned.notes {
        let _ = writeln!(lines, "{}", escape(note));
    }
    let settings = Settings {
        tenant: args.sign_in.tenant.clone(),
        endpoint: args.endpoint.clone(),
        notify: args.notify.clone(),
        start: args.start,
    };
    if args.dry_run {
        let mut service = args.sign_in.dry_run(Box::new(std::io::stdout()));
        let mut state = prepare(&planned.batches, None, &settings).map_err(|e| e.to_string())?;
        let result = execute(
            service.as_mut(),
            &mut state,
            &planned.batches,
            &settings,
            &mut |_| Ok(()),
            &mut lines,
        );
        let _ = writeln!(
            lines,
            "dry run: nothing was sent and no state file was written"
        );
        return Ok(finish(result.map(|_| ExitCode::SUCCESS)));
    }
    let path = args
        .state
        .as_ref()
        .map(PathBuf::from)
        .unwrap_or_else(|| state::default_path(&args.files[0]));
    let _lock = match Lock::take(&path, &mut |m| out.note(&escape(&m))) {
        Ok(lock) => lock,
        Err(e @ LockError::Held { .. }) | Err(e @ LockError::Io(_)) => return Err(e.to_string()),
    };
    let saved = state::load(&path)?;
    let mut state = match prepare(&planned.batches, saved, &settings) {
        Ok(state) => state,
        Err(e) => return Ok(finish(Err(e))),
    };
    let mut service = match args.sign_in.connect(&mut std::io::stderr()) {
        Ok(service) => service,
        Err(e) => return Ok(finish(Err(RunError::Service(e)))),
    };
    let mut save = |s: &State| state::save(&path, s);
    let result = execute(
        service.as_mut(),
        &mut state,
        &planned.batches,
        &settings,
        &mut save,
        &mut lines,
    );
    if let Err(e) = result {
        return Ok(finish(Err(e)));
    }
    let started = state.batches.iter().all(|b| b.start == state::Step::Done);
    if args.no_watch || !started {
        if !started {
            let _ = writeln!(
                lines,
                "the batches are created, not started: run again with --start (nothing is created twice), or start them in the admin center"
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let names: Vec<String> = state.batches.iter().map(|b| b.name.clone()).collect();
    let every = args
        .poll_ms
        .map(Duration::from_millis)
        .unwrap_or(Duration::from_secs(args.poll_seconds));
    let poll = Poll {
        every,
        max: Duration::from_secs(600).max(every),
    };
    let mut view: Box<dyn View> = if out.progress() {
        Box::new(Bars::new())
    } else {
        Box::new(Lines::new(std::io::stdout()))
    };
    drop(lines);
    if let Err(e) = watch(service.as_mut(), &names, &poll, view.as_mut(), &mut |d| {
        std::thread::sleep(d)
    }) {
        return Ok(finish(Err(e.into())));
    }
    drop(view);
    let wanted = wanted_of(&state, &inputs);
    report(service.as_mut(), &wanted, false)
}

/// Runs `status`.
pub fn run_status(args: &StatusArgs, _out: &Output) -> Result<ExitCode, String> {
    let mut wanted = Vec::new();
    if let Some(path) = &args.state {
        let state = state::load(&PathBuf::from(path))?
            .ok_or_else(|| format!("there is no state file {path}"))?;
        let names: Vec<String> = state.batches.iter().map(|b| b.file.clone()).collect();
        let inputs: Vec<(&str, Vec<u8>)> = names
            .iter()
            .filter_map(|n| std::fs::read(n).ok().map(|b| (n.as_str(), b)))
            .collect();
        wanted = wanted_of(&state, &inputs);
    }
    for name in &args.batch {
        if !wanted.iter().any(|w| w.name.eq_ignore_ascii_case(name)) {
            wanted.push(Wanted {
                name: name.clone(),
                file: None,
            });
        }
    }
    let mut service = match args.sign_in.connect(&mut std::io::stderr()) {
        Ok(service) => service,
        Err(e) => return Ok(finish(Err(RunError::Service(e)))),
    };
    report(
        service.as_mut(),
        &wanted,
        matches!(args.format, StatusFormat::Json),
    )
}

/// Runs `remove`.
pub fn run_remove(args: &RemoveArgs, out: &Output) -> Result<ExitCode, String> {
    let mx = parse_when(&args.mx_changed_at)
        .map_err(|e| format!("--mx-changed-at {:?}: {e}", args.mx_changed_at))?;
    if args.force {
        // Said even with --quiet: a skipped safety check is never silent.
        eprintln!(
            "migration-preflight: --force: the 72-hour wait after the MX change and the check for a sync after it are skipped"
        );
    }
    let _ = out;
    let mut service = match args.sign_in.connect(&mut std::io::stderr()) {
        Ok(service) => service,
        Err(e) => return Ok(finish(Err(RunError::Service(e)))),
    };
    let now = time::OffsetDateTime::now_utc();
    match remove::remove(service.as_mut(), &args.batches, mx, now, args.force) {
        Ok(removed) => {
            for name in removed {
                println!("removed batch {}", escape(&name));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(finish(Err(e))),
    }
}

/// Runs `endpoint create`.
pub fn run_endpoint(args: &EndpointArgs, _out: &Output) -> Result<ExitCode, String> {
    let EndpointCommand::Create(args) = &args.command;
    let source = match (&args.autodiscover, &args.exchange_server, &args.rpc_proxy) {
        (Some(email), _, _) => Source::Autodiscover {
            email: email.clone(),
        },
        (None, Some(server), Some(proxy)) => Source::Servers {
            exchange_server: server.clone(),
            rpc_proxy: proxy.clone(),
            email: args.email.clone(),
        },
        _ => return Err("give --autodiscover EMAIL, or --exchange-server and --rpc-proxy".into()),
    };
    let spec = EndpointSpec {
        name: args.name.clone(),
        source,
    };
    let password = match std::env::var(SOURCE_PASSWORD) {
        Ok(p) if !p.is_empty() => p,
        _ => rpassword::prompt_password(format!("Password of {}: ", escape(&args.admin)))
            .map_err(|e| format!("cannot read the password: {e}"))?,
    };
    let mut service = match args.sign_in.connect(&mut std::io::stderr()) {
        Ok(service) => service,
        Err(e) => return Ok(finish(Err(RunError::Service(e)))),
    };
    let credentials = match endpoint_credential(service.as_mut(), &args.admin, &password) {
        Ok(c) => c,
        Err(e) => return Ok(finish(Err(RunError::Service(e)))),
    };
    drop(password);
    match endpoint::create(service.as_mut(), &spec, &credentials) {
        Ok(()) => {
            println!(
                "created migration endpoint {}; it passed Test-MigrationServerAvailability",
                escape(&spec.name)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(finish(Err(e))),
    }
}

/// The batches of a state file, each with its CSV file when it was read.
fn wanted_of(state: &State, inputs: &[(&str, Vec<u8>)]) -> Vec<Wanted> {
    state
        .batches
        .iter()
        .map(|b| Wanted {
            name: b.name.clone(),
            file: inputs
                .iter()
                .find(|(n, _)| *n == b.file)
                .map(|(n, bytes)| (n.to_string(), bytes.clone())),
        })
        .collect()
}

/// Prints the batches and their failed users; the exit code says the worst.
fn report(service: &mut dyn Exchange, wanted: &[Wanted], json: bool) -> Result<ExitCode, String> {
    let batches = match status::status(service, wanted) {
        Ok(b) => b,
        Err(e) => return Ok(finish(Err(e.into()))),
    };
    if json {
        println!("{}", status::render_json(&batches));
    } else {
        print!("{}", status::render_text(&batches));
    }
    Ok(ExitCode::from(worst(&batches)))
}

/// 4 when a batch failed or was stopped, 3 when users failed, else 0.
fn worst(batches: &[BatchStatus]) -> u8 {
    let stopped = batches
        .iter()
        .any(|b| matches!(b.status.as_str(), "Failed" | "Stopped" | "Corrupted"));
    if stopped {
        4
    } else if batches
        .iter()
        .any(|b| !b.failed_users.is_empty() || b.failed > 0)
    {
        3
    } else {
        0
    }
}

/// Prints a run error and gives its exit code.
fn finish(result: Result<ExitCode, RunError>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("migration-preflight: {}", escape(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_runner_commands_parse_without_clashing_flags() {
        crate::Cli::command().debug_assert();
        let run = <crate::Cli as clap::Parser>::try_parse_from([
            "migration-preflight",
            "run",
            "a.csv",
            "--tenant",
            "t",
            "--endpoint",
            "E",
            "--poll-seconds",
            "0",
        ]);
        assert!(run.is_err(), "--poll-seconds 0 is refused");
    }
}

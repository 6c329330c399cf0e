//! The run: the endpoint checked, the state reconciled with the service, the 100-batch
//! limit kept, then each batch created and (with `--start`) started, every write
//! recorded as an intent before the call and as done after it.
//!
//! A write that fails is never sent again blindly: the runner reads `Get-MigrationBatch`
//! and lets [`super::reconcile`] decide whether it happened.

use std::io::Write;

use super::api::{ApiError, Cmdlet, Exchange, Kind};
use super::model::Batch;
use super::plan::{Planned, check_limit};
use super::reconcile::reconcile;
use super::state::{BatchState, SCHEMA_VERSION, State, Step, sha256};
use crate::render::count::count;
use crate::render::terminal::escape;

/// What the run does besides creating.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The tenant (recorded in the state file).
    pub tenant: String,
    /// The migration endpoint's name.
    pub endpoint: String,
    /// `-NotificationEmails`.
    pub notify: Vec<String>,
    /// Start each batch after creating it.
    pub start: bool,
}

/// Why a run stopped before its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// Input, state file or usage: exit code 2.
    Input(String),
    /// Sign-in, a refusal or an answer of the service: exit code 5.
    Service(String),
}

impl RunError {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Input(_) => 2,
            RunError::Service(_) => 5,
        }
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Input(m) | RunError::Service(m) => f.write_str(m),
        }
    }
}

impl From<ApiError> for RunError {
    fn from(error: ApiError) -> Self {
        RunError::Service(error.to_string())
    }
}

/// The state for `plan`: a new one, or the saved one checked against the files (a batch
/// already created must come from the same bytes).
pub fn prepare(
    plan: &[Planned],
    saved: Option<State>,
    settings: &Settings,
) -> Result<State, RunError> {
    let mut state = saved.unwrap_or_else(|| State {
        schema_version: SCHEMA_VERSION,
        tenant: settings.tenant.clone(),
        endpoint: settings.endpoint.clone(),
        batches: Vec::new(),
    });
    for (what, saved, given) in [
        ("tenant", &state.tenant, &settings.tenant),
        ("endpoint", &state.endpoint, &settings.endpoint),
    ] {
        if !saved.eq_ignore_ascii_case(given) {
            return Err(RunError::Input(format!(
                "the state file is for {what} {saved}, not {given}: give the same {what} or another --state file"
            )));
        }
    }
    for batch in plan {
        let digest = sha256(&batch.csv);
        match state.batch_mut(&batch.name) {
            Some(saved) if saved.create != Step::No && saved.sha256 != digest => {
                return Err(RunError::Input(format!(
                    "{} changed since batch {} was created from it; the batch keeps its first list. \
                     Put the new rows in another file, or use another --state file",
                    batch.file, batch.name
                )));
            }
            Some(saved) => saved.sha256 = digest,
            None => state.batches.push(BatchState {
                name: batch.name.clone(),
                file: batch.file.clone(),
                mailboxes: batch.mailboxes,
                sha256: digest,
                create: Step::No,
                start: Step::No,
            }),
        }
    }
    if let Some(lost) = state
        .batches
        .iter()
        .find(|b| b.create != Step::Done && !plan.iter().any(|p| p.name == b.name))
    {
        return Err(RunError::Input(format!(
            "the state file has batch {} from {}, not created yet: give that file too",
            lost.name, lost.file
        )));
    }
    Ok(state)
}

/// Every batch the service has.
pub fn batches(service: &mut dyn Exchange) -> Result<Vec<Batch>, ApiError> {
    let objects = service.invoke(&Cmdlet::new("Get-MigrationBatch"), Kind::Read)?;
    Ok(objects.iter().filter_map(Batch::read).collect())
}

/// `Get-MigrationEndpoint` and `Test-MigrationServerAvailability`: stops with
/// Microsoft's message when either fails.
pub fn check_endpoint(service: &mut dyn Exchange, name: &str) -> Result<(), RunError> {
    let get = Cmdlet::new("Get-MigrationEndpoint").param("Identity", name);
    match service.invoke(&get, Kind::Read) {
        Ok(_) => {}
        Err(ApiError::NotFound { message }) => {
            return Err(RunError::Service(format!(
                "the migration endpoint {name} does not exist ({message}); create it \
                 (endpoint create, or Exchange admin center → Migration → Endpoints) or give its name"
            )));
        }
        Err(e) => return Err(e.into()),
    }
    let test = Cmdlet::new("Test-MigrationServerAvailability").param("Endpoint", name);
    let answers = service.invoke(&test, Kind::Read)?;
    for answer in &answers {
        let result = super::model::text(answer, "Result").unwrap_or_default();
        if result.eq_ignore_ascii_case("Failed") {
            let message = super::model::text(answer, "Message")
                .or_else(|| super::model::text(answer, "ErrorDetail"))
                .unwrap_or_else(|| "no message".into());
            return Err(RunError::Service(format!(
                "the migration endpoint {name} failed its test: {message}"
            )));
        }
    }
    Ok(())
}

/// Runs the steps (see the module documentation). `save` writes the state file (a dry
/// run's does nothing); `out` gets one line per step.
pub fn execute(
    service: &mut dyn Exchange,
    state: &mut State,
    plan: &[Planned],
    settings: &Settings,
    save: &mut dyn FnMut(&State) -> Result<(), String>,
    out: &mut dyn Write,
) -> Result<(), RunError> {
    check_endpoint(service, &settings.endpoint)?;
    let there = batches(service)?;
    sync(state, &there, save, out)?;
    let new = state
        .batches
        .iter()
        .filter(|b| b.create != Step::Done)
        .count();
    check_limit(there.len(), new).map_err(RunError::Input)?;
    for i in 0..state.batches.len() {
        if state.batches[i].create == Step::Done {
            continue;
        }
        let name = state.batches[i].name.clone();
        let Some(planned) = plan.iter().find(|p| p.name == name) else {
            continue;
        };
        let mut cmdlet = Cmdlet::new("New-MigrationBatch")
            .param("Name", name.as_str())
            .param("SourceEndpoint", settings.endpoint.as_str())
            .bytes("CSVData", &planned.csv);
        if !settings.notify.is_empty() {
            cmdlet = cmdlet.param("NotificationEmails", settings.notify.clone());
        }
        step(service, state, i, &cmdlet, |b| &mut b.create, save, out)?;
        let _ = writeln!(
            out,
            "created batch {} from {} ({})",
            escape(&name),
            escape(&planned.file),
            count(planned.mailboxes.into(), "mailbox", "mailboxes")
        );
    }
    if settings.start {
        for i in 0..state.batches.len() {
            if state.batches[i].start == Step::Done {
                continue;
            }
            let name = state.batches[i].name.clone();
            let cmdlet = Cmdlet::new("Start-MigrationBatch").param("Identity", name.as_str());
            step(service, state, i, &cmdlet, |b| &mut b.start, save, out)?;
            let _ = writeln!(out, "started batch {}", escape(&name));
        }
    }
    Ok(())
}

/// Reconciles and saves, printing what was learnt.
fn sync(
    state: &mut State,
    there: &[Batch],
    save: &mut dyn FnMut(&State) -> Result<(), String>,
    out: &mut dyn Write,
) -> Result<(), RunError> {
    for note in reconcile(state, there).map_err(RunError::Input)? {
        let _ = writeln!(out, "{}", escape(&note));
    }
    save(state).map_err(RunError::Input)
}

/// One write step: intent saved, the call, done saved; after a failure the service is
/// read when its outcome is unknown, and the step is taken again only when it did not
/// happen (at most 3 times). An answer of the service (an error it sent) means nothing
/// happened.
fn step(
    service: &mut dyn Exchange,
    state: &mut State,
    i: usize,
    cmdlet: &Cmdlet,
    field: fn(&mut BatchState) -> &mut Step,
    save: &mut dyn FnMut(&State) -> Result<(), String>,
    out: &mut dyn Write,
) -> Result<(), RunError> {
    for _ in 0..3 {
        *field(&mut state.batches[i]) = Step::Intent;
        save(state).map_err(RunError::Input)?;
        let error = match service.invoke(cmdlet, Kind::Write) {
            Ok(_) => {
                *field(&mut state.batches[i]) = Step::Done;
                return save(state).map_err(RunError::Input);
            }
            Err(
                error @ (ApiError::Uncertain { .. }
                | ApiError::Transport { .. }
                | ApiError::GaveUp { .. }),
            ) => error,
            // The service answered: the write did not happen.
            Err(error) => {
                *field(&mut state.batches[i]) = Step::No;
                save(state).map_err(RunError::Input)?;
                return Err(error.into());
            }
        };
        let _ = writeln!(
            out,
            "{} for batch {}: {}; reading the batches to see whether it happened",
            cmdlet.name,
            escape(&state.batches[i].name),
            escape(&error.to_string())
        );
        let there = batches(service)?;
        sync(state, &there, save, out)?;
        if *field(&mut state.batches[i]) == Step::Done {
            return Ok(());
        }
        if !matches!(error, ApiError::Uncertain { .. }) {
            save(state).map_err(RunError::Input)?;
            return Err(error.into());
        }
    }
    Err(RunError::Service(format!(
        "{} for batch {} kept failing without an answer",
        cmdlet.name, state.batches[i].name
    )))
}

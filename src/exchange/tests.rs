//! The run's steps against the in-memory fake: created and started once each, whatever
//! answer is lost.

use super::api::ApiError;
use super::fake::{Fake, Fault};
use super::plan::Planned;
use super::run::{RunError, Settings, execute, prepare};
use super::state::{State, Step};

fn plan(names: &[&str]) -> Vec<Planned> {
    names
        .iter()
        .map(|n| Planned {
            name: n.to_string(),
            file: format!("{n}.csv"),
            mailboxes: 2,
            csv: format!("EmailAddress\r\n{n}-a@contoso.com\r\n{n}-fail@contoso.com\r\n")
                .into_bytes(),
        })
        .collect()
}

fn settings(start: bool) -> Settings {
    Settings {
        tenant: "contoso.onmicrosoft.com".into(),
        endpoint: "StagedEndpoint".into(),
        notify: vec!["admin@contoso.com".into()],
        start,
    }
}

fn go(
    fake: &mut Fake,
    plan: &[Planned],
    saved: Option<State>,
    start: bool,
) -> (Result<(), RunError>, State, Vec<State>, String) {
    let mut state = prepare(plan, saved, &settings(start)).unwrap();
    let mut saves = Vec::new();
    let mut out = Vec::new();
    let result = execute(
        fake,
        &mut state,
        plan,
        &settings(start),
        &mut |s| {
            saves.push(s.clone());
            Ok(())
        },
        &mut out,
    );
    (result, state, saves, String::from_utf8(out).unwrap())
}

#[test]
fn creates_and_starts_each_batch_once_with_intent_saved_before_the_call() {
    let mut fake = Fake::new();
    let plan = plan(&["wave1", "wave2"]);
    let (result, state, saves, out) = go(&mut fake, &plan, None, true);
    result.unwrap();
    assert_eq!(fake.creates.values().sum::<u32>(), 2);
    assert_eq!(fake.starts.values().sum::<u32>(), 2);
    assert!(
        state
            .batches
            .iter()
            .all(|b| b.create == Step::Done && b.start == Step::Done)
    );
    // Every write call was preceded by a save with its intent.
    let intents = saves
        .iter()
        .filter(|s| {
            s.batches
                .iter()
                .any(|b| b.create == Step::Intent || b.start == Step::Intent)
        })
        .count();
    assert_eq!(intents, 4, "{saves:#?}");
    assert!(
        out.contains("created batch wave1 from wave1.csv (2 mailboxes)"),
        "{out}"
    );
    assert_eq!(
        fake.calls[..3],
        [
            "Get-MigrationEndpoint",
            "Test-MigrationServerAvailability",
            "Get-MigrationBatch"
        ]
    );
}

#[test]
fn a_lost_answer_is_reconciled_never_replayed() {
    for call in 4..=7 {
        let mut fake = Fake::new();
        fake.faults.insert(call, Fault::LoseAnswer);
        let plan = plan(&["wave1", "wave2"]);
        let (result, _, _, _) = go(&mut fake, &plan, None, true);
        result.unwrap();
        assert!(
            fake.creates.values().all(|&n| n == 1),
            "call {call}: {:?}",
            fake.creates
        );
        assert!(
            fake.starts.values().all(|&n| n == 1),
            "call {call}: {:?}",
            fake.starts
        );
        assert_eq!(fake.starts.len(), 2);
    }
}

#[test]
fn a_run_killed_at_any_save_resumes_without_creating_or_starting_twice() {
    let plan = plan(&["wave1", "wave2"]);
    let (_, _, all, _) = go(&mut Fake::new(), &plan, None, true);
    // Killed at save k: either the state was written and the process died before the next
    // call, or the write never happened and the state on disk is the one before.
    for k in 0..all.len() {
        for written in [false, true] {
            let mut fake = Fake::new();
            let mut state = prepare(&plan, None, &settings(true)).unwrap();
            let mut disk: Option<State> = None;
            let mut n = 0;
            let result = execute(
                &mut fake,
                &mut state,
                &plan,
                &settings(true),
                &mut |s| {
                    n += 1;
                    if n <= k || (written && n == k + 1) {
                        disk = Some(s.clone());
                    }
                    if n > k { Err("killed".into()) } else { Ok(()) }
                },
                &mut Vec::new(),
            );
            assert!(result.is_err());
            let (result, state, _, _) = go(&mut fake, &plan, disk, true);
            result.unwrap();
            let case = format!("killed at save {k}, written {written}");
            assert!(
                fake.creates.values().all(|&n| n == 1),
                "{case}: {:?}",
                fake.creates
            );
            assert!(
                fake.starts.values().all(|&n| n == 1),
                "{case}: {:?}",
                fake.starts
            );
            assert_eq!((fake.creates.len(), fake.starts.len()), (2, 2), "{case}");
            assert!(
                state
                    .batches
                    .iter()
                    .all(|b| b.create == Step::Done && b.start == Step::Done)
            );
        }
    }
}

#[test]
fn someone_elses_batch_of_that_name_is_refused_before_creating_anything() {
    let mut fake = Fake::new().with_batch("wave2", "Synced");
    let (result, _, _, _) = go(&mut fake, &plan(&["wave1", "wave2"]), None, false);
    let err = result.unwrap_err();
    assert!(err.to_string().contains("wave2"), "{err}");
    assert!(fake.creates.is_empty());
}

#[test]
fn the_hundred_batch_limit_counts_existing_batches() {
    let mut fake = Fake::new();
    for i in 0..99 {
        fake = fake.with_batch(&format!("old{i}"), "Synced");
    }
    let (result, _, _, _) = go(&mut fake, &plan(&["wave1", "wave2"]), None, false);
    match result {
        Err(RunError::Input(text)) => assert!(text.contains("99 batches already exist"), "{text}"),
        other => panic!("{other:?}"),
    }
    assert!(fake.creates.is_empty());
}

#[test]
fn a_missing_or_failing_endpoint_stops_with_microsofts_message() {
    let mut fake = Fake::new();
    fake.endpoints.clear();
    let (result, _, _, _) = go(&mut fake, &plan(&["wave1"]), None, false);
    assert!(
        matches!(result, Err(RunError::Service(ref m)) if m.contains("couldn't be found")),
        "{result:?}"
    );
    let mut fake = Fake::new();
    fake.endpoint_test =
        Some("The connection to the server mail.contoso.com couldn't be completed.".into());
    let (result, _, _, _) = go(&mut fake, &plan(&["wave1"]), None, false);
    assert!(
        matches!(result, Err(RunError::Service(ref m)) if m.contains("couldn't be completed")),
        "{result:?}"
    );
    assert!(fake.creates.is_empty());
}

#[test]
fn a_refusal_of_the_service_is_not_retried_and_the_intent_is_cleared() {
    let mut fake = Fake::new();
    fake.faults.insert(
        4,
        Fault::Fail(ApiError::Forbidden {
            reason: "role missing".into(),
        }),
    );
    let (result, state, _, _) = go(&mut fake, &plan(&["wave1"]), None, false);
    assert_eq!(result.unwrap_err().exit_code(), 5);
    assert_eq!(state.batches[0].create, Step::No);
    assert_eq!(
        fake.calls
            .iter()
            .filter(|c| *c == "New-MigrationBatch")
            .count(),
        1
    );
}

#[test]
fn a_changed_file_of_a_created_batch_is_refused() {
    let mut fake = Fake::new();
    let p = plan(&["wave1"]);
    let (_, state, _, _) = go(&mut fake, &p, None, false);
    let mut changed = p.clone();
    changed[0].csv.extend_from_slice(b"new@contoso.com\r\n");
    let err = prepare(&changed, Some(state), &settings(false)).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("wave1.csv changed"), "{err}");
}

//! Matching the state file with what the service has (`Get-MigrationBatch`), on start
//! and after any write whose outcome is unknown.
//!
//! A create intent whose batch exists is done; one whose batch is missing is taken
//! again. A start intent whose batch is past `Created` is done. A batch name the service
//! has that this run never tried to create is someone else's: refused, by name. So a
//! batch is never created twice and never started twice.

use super::model::Batch;
use super::state::{State, Step};

/// Brings `state` in line with `service` (every batch the service has); returns what
/// was learnt, one sentence each, or why the run cannot go on.
pub fn reconcile(state: &mut State, service: &[Batch]) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    for batch in &mut state.batches {
        let found = service
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(&batch.name));
        match (batch.create, found) {
            (Step::Intent, Some(_)) => {
                batch.create = Step::Done;
                notes.push(format!(
                    "batch {} was created before the last run stopped",
                    batch.name
                ));
            }
            (Step::Intent, None) => batch.create = Step::No,
            (Step::Done, None) => {
                return Err(format!(
                    "batch {} was created by this run but Exchange Online no longer has it \
                     (removed?); start a new run with another --state file",
                    batch.name
                ));
            }
            (Step::No, Some(_)) => {
                return Err(format!(
                    "a batch named {} already exists and this run did not create it; rename \
                     the file, give --prefix, or remove that batch first",
                    batch.name
                ));
            }
            (Step::Done | Step::No, _) => {}
        }
        if batch.start == Step::Intent {
            match found {
                Some(b) if b.started() => {
                    batch.start = Step::Done;
                    notes.push(format!(
                        "batch {} was started before the last run stopped",
                        batch.name
                    ));
                }
                _ => batch.start = Step::No,
            }
        }
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::state::{BatchState, SCHEMA_VERSION};

    fn state(create: Step, start: Step) -> State {
        State {
            schema_version: SCHEMA_VERSION,
            tenant: "t".into(),
            endpoint: "e".into(),
            batches: vec![BatchState {
                name: "wave1".into(),
                file: "wave1.csv".into(),
                mailboxes: 1,
                sha256: String::new(),
                create,
                start,
            }],
        }
    }

    fn there(status: &str) -> Vec<Batch> {
        vec![Batch {
            name: "Wave1".into(),
            status: status.into(),
            total: 1,
            synced: 0,
            failed: 0,
            last_synced: None,
            message: None,
        }]
    }

    #[test]
    fn intents_become_done_when_the_service_shows_them() {
        let mut s = state(Step::Intent, Step::Intent);
        let notes = reconcile(&mut s, &there("Syncing")).unwrap();
        assert_eq!(
            (s.batches[0].create, s.batches[0].start),
            (Step::Done, Step::Done)
        );
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn intents_not_taken_are_taken_again() {
        let mut s = state(Step::Intent, Step::No);
        reconcile(&mut s, &[]).unwrap();
        assert_eq!(s.batches[0].create, Step::No);
        let mut s = state(Step::Done, Step::Intent);
        reconcile(&mut s, &there("Created")).unwrap();
        assert_eq!(s.batches[0].start, Step::No);
    }

    #[test]
    fn someone_elses_batch_and_a_vanished_one_are_refused_by_name() {
        let err = reconcile(&mut state(Step::No, Step::No), &there("Created")).unwrap_err();
        assert!(
            err.contains("wave1") && err.contains("did not create"),
            "{err}"
        );
        let err = reconcile(&mut state(Step::Done, Step::No), &[]).unwrap_err();
        assert!(err.contains("no longer has it"), "{err}");
    }
}

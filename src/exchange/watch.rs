//! Watching the batches until each has settled (Synced, SyncedWithErrors, Failed,
//! Stopped, Completed…): one `Get-MigrationBatch` per poll, whose counts drive the
//! progress; the users (`Get-MigrationUser -ResultSize Unlimited`, all pages) are read
//! once per batch at the end, for the failed ones. The interval grows ×1.5 while nothing
//! changes, up to a ceiling, and returns to the start after a change.

use std::time::Duration;

use super::api::{ApiError, Cmdlet, Exchange, Kind};
use super::model::{Batch, User};
use super::run::batches;

/// How often to poll.
#[derive(Debug, Clone, Copy)]
pub struct Poll {
    /// The first interval, and the one after every change.
    pub every: Duration,
    /// The longest interval.
    pub max: Duration,
}

impl Default for Poll {
    fn default() -> Self {
        Poll {
            every: Duration::from_secs(60),
            max: Duration::from_secs(600),
        }
    }
}

impl Poll {
    /// The interval after `current` when nothing changed.
    pub fn back_off(&self, current: Duration) -> Duration {
        current
            .mul_f64(1.5)
            .min(self.max)
            .max(self.every.min(self.max))
    }
}

/// Where the watch shows the batches: progress bars or lines.
pub trait View {
    /// A batch changed (or is seen for the first time).
    fn show(&mut self, batch: &Batch);
    /// Every batch has settled.
    fn finish(&mut self);
}

/// Polls until every batch of `names` has settled; returns them as last seen. A batch
/// the service no longer has is returned with the status `Missing`.
pub fn watch(
    service: &mut dyn Exchange,
    names: &[String],
    poll: &Poll,
    view: &mut dyn View,
    sleep: &mut dyn FnMut(Duration),
) -> Result<Vec<Batch>, ApiError> {
    let mut last: Vec<Option<Batch>> = vec![None; names.len()];
    let mut interval = poll.every;
    loop {
        let there = batches(service)?;
        let mut changed = false;
        for (name, seen) in names.iter().zip(last.iter_mut()) {
            let now = there
                .iter()
                .find(|b| b.name.eq_ignore_ascii_case(name))
                .cloned()
                .unwrap_or_else(|| missing(name));
            if seen.as_ref() != Some(&now) {
                view.show(&now);
                *seen = Some(now);
                changed = true;
            }
        }
        let current: Vec<Batch> = last.iter().flatten().cloned().collect();
        if current.iter().all(|b| b.settled() || b.status == "Missing") {
            view.finish();
            return Ok(current);
        }
        interval = if changed {
            poll.every
        } else {
            poll.back_off(interval)
        };
        sleep(interval);
    }
}

/// The users of a batch, all pages.
pub fn users(service: &mut dyn Exchange, batch: &str) -> Result<Vec<User>, ApiError> {
    let cmdlet = Cmdlet::new("Get-MigrationUser")
        .param("BatchId", batch)
        .param("ResultSize", "Unlimited");
    let objects = service.invoke(&cmdlet, Kind::Read)?;
    Ok(objects.iter().filter_map(User::read).collect())
}

fn missing(name: &str) -> Batch {
    Batch {
        name: name.to_string(),
        status: "Missing".into(),
        total: 0,
        synced: 0,
        failed: 0,
        last_synced: None,
        message: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::fake::Fake;

    struct Seen(Vec<String>, bool);
    impl View for Seen {
        fn show(&mut self, batch: &Batch) {
            self.0.push(format!("{} {}", batch.name, batch.status));
        }
        fn finish(&mut self) {
            self.1 = true;
        }
    }

    #[test]
    fn polls_until_settled_and_backs_off_while_nothing_changes() {
        let mut fake = Fake::new()
            .with_batch("A", "Syncing")
            .with_batch("B", "Syncing");
        fake.polls_to_sync = 4;
        let poll = Poll {
            every: Duration::from_secs(10),
            max: Duration::from_secs(20),
        };
        let mut slept = Vec::new();
        let mut seen = Seen(vec![], false);
        let names = ["A".to_string(), "B".to_string()];
        let end = watch(&mut fake, &names, &poll, &mut seen, &mut |d| slept.push(d)).unwrap();
        assert!(end.iter().all(|b| b.status == "Synced"), "{end:?}");
        assert_eq!(seen.0, ["A Syncing", "B Syncing", "A Synced", "B Synced"]);
        assert!(seen.1);
        let secs: Vec<u64> = slept.iter().map(Duration::as_secs).collect();
        assert_eq!(
            secs,
            [10, 15, 20],
            "×1.5 while nothing changes, up to the ceiling"
        );
    }

    #[test]
    fn a_removed_batch_ends_the_watch_as_missing() {
        let mut fake = Fake::new();
        let mut seen = Seen(vec![], false);
        let end = watch(
            &mut fake,
            &["Gone".to_string()],
            &Poll::default(),
            &mut seen,
            &mut |_| panic!("no sleep"),
        )
        .unwrap();
        assert_eq!(end[0].status, "Missing");
    }
}

//! Removing batches after the MX change, with the procedure's safety checks first
//! [doc]: at least 72 hours since the MX record was changed, and each batch synced at
//! least once after it (`LastSyncedDateTime` later than the change). `--force` skips
//! both; the caller says so on standard error.

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::api::{Cmdlet, Exchange, Kind};
use super::run::{RunError, batches};

/// How long to wait after the MX change [doc].
pub const WAIT: Duration = Duration::hours(72);

fn shown(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

/// Checks every batch, then removes them all (`Remove-MigrationBatch -Confirm:$false`);
/// nothing is removed when one check fails. Returns the names removed.
pub fn remove(
    service: &mut dyn Exchange,
    names: &[String],
    mx_changed_at: OffsetDateTime,
    now: OffsetDateTime,
    force: bool,
) -> Result<Vec<String>, RunError> {
    let there = batches(service)?;
    let mut found = Vec::new();
    for name in names {
        let batch = there
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| RunError::Input(format!("Exchange Online has no batch named {name}")))?;
        found.push(batch.clone());
    }
    if !force {
        let ready = mx_changed_at + WAIT;
        if now < ready {
            return Err(RunError::Input(format!(
                "the MX record changed at {}, less than 72 hours ago: mail from servers that \
                 still use the old record may reach the on-premises mailboxes. Wait until {}; \
                 nothing was removed",
                shown(mx_changed_at),
                shown(ready)
            )));
        }
        for batch in &found {
            match batch.last_synced {
                Some(last) if last > mx_changed_at => {}
                last => {
                    return Err(RunError::Input(format!(
                        "batch {} last synced {}, not after the MX change at {}: mail that \
                         reached the on-premises mailboxes since then is not in Exchange Online \
                         yet. Start the batch again (Start-MigrationBatch) and wait for a sync; \
                         nothing was removed",
                        batch.name,
                        last.map(shown).unwrap_or_else(|| "never".into()),
                        shown(mx_changed_at)
                    )));
                }
            }
        }
    }
    let mut removed = Vec::new();
    for batch in found {
        let cmdlet = Cmdlet::new("Remove-MigrationBatch")
            .param("Identity", batch.name.as_str())
            .param("Confirm", false);
        service.invoke(&cmdlet, Kind::Write)?;
        removed.push(batch.name);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::fake::Fake;
    use crate::readiness::when::parse_when;

    fn fake() -> Fake {
        let mut fake = Fake::new().with_batch("wave1", "Synced");
        fake.batches.get_mut("wave1").unwrap().last_synced = Some("2026-03-10T08:00:00Z".into());
        fake
    }

    #[test]
    fn refuses_before_72_hours_and_before_a_sync_after_the_change() {
        let names = ["wave1".to_string()];
        let mx = parse_when("2026-03-09T08:00:00Z").unwrap();
        let mut f = fake();
        let early = remove(&mut f, &names, mx, mx + Duration::hours(71), false).unwrap_err();
        assert!(
            early.to_string().contains("2026-03-12T08:00:00Z"),
            "{early}"
        );
        assert!(f.removes.is_empty());
        let late_mx = parse_when("2026-03-10T09:00:00Z").unwrap();
        let stale = remove(&mut f, &names, late_mx, late_mx + WAIT, false).unwrap_err();
        let text = stale.to_string();
        assert!(
            text.contains("wave1") && text.contains("2026-03-10T08:00:00Z"),
            "{text}"
        );
        assert!(f.removes.is_empty());
        assert_eq!(remove(&mut f, &names, mx, mx + WAIT, false).unwrap(), names);
        assert_eq!(f.removes["wave1"], 1);
    }

    #[test]
    fn force_skips_the_checks_and_an_unknown_batch_is_refused() {
        let mx = parse_when("2026-03-10T07:00:00Z").unwrap();
        let mut f = fake();
        let err = remove(&mut f, &["nope".to_string()], mx, mx, true).unwrap_err();
        assert!(err.to_string().contains("nope"));
        remove(&mut f, &["wave1".to_string()], mx, mx, true).unwrap();
        assert_eq!(f.removes.len(), 1);
    }
}

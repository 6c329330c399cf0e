//! The runbook's DNS steps, as comments naming the phases of `dns-records.ps1` (`-Step
//! LowerTtl` and so on), so the two scripts agree. This script changes no DNS.

use super::line;
use super::powershell::{UnsafeValue, comment_text};
use crate::readiness::ReadinessReport;

/// The DNS steps, in the order of the migration, with their dates.
pub(super) fn steps(
    s: &mut String,
    report: &ReadinessReport,
    show: &dyn Fn(time::OffsetDateTime) -> String,
) -> Result<(), UnsafeValue> {
    let at = |d: Option<&crate::readiness::dates::Dated>, word: &str| {
        d.map(|d| format!(", {word} {}", show(d.at)))
            .unwrap_or_default()
    };
    let lower = at(report.dates.lower_ttl_by.as_ref(), "by");
    let earliest = at(report.dates.earliest_mx_change.as_ref(), "not before");
    let wait = report
        .dates
        .earliest_batch_deletion
        .as_ref()
        .map(|d| format!(" (until {})", show(d.at)))
        .unwrap_or_default();
    for text in [
        "# DNS steps. This script changes no DNS: dns-records.ps1 (the DNS records download of the page, or",
        "# migration-preflight dns --format powershell) makes each change on a Windows DNS server, a phase at a",
        "# time; with another DNS host, make the same change there.",
        "#  1. .\\dns-records.ps1 -Step Show           lists the planned records (changes nothing).",
        "#  2. .\\dns-records.ps1 -Step Verify         the domain verification record, before the batches.",
        &format!(
            "#  3. .\\dns-records.ps1 -Step LowerTtl       lower the TTL of every MX record to 3,600 seconds or less{lower}."
        ),
        "#  4. .\\dns-records.ps1 -Step Spf            add include:spf.protection.outlook.com to the SPF record, before the first batch.",
        &format!(
            "#  5. .\\dns-records.ps1 -Step Mx             when every batch is synced and the mailboxes are converted to mail-enabled users, point MX to Exchange Online{earliest}."
        ),
        &format!(
            "#  6. Wait at least 72 hours{wait}; then run .\\staged-migration.ps1 -Step Remove, which deletes a batch only if it synced after the MX change."
        ),
        "#  7. .\\dns-records.ps1 -Step Autodiscover   after all mailboxes are migrated: CNAME autodiscover -> autodiscover.outlook.com.",
        "#  8. .\\dns-records.ps1 -Step Dkim           the DKIM records, when Exchange Online sends the domain's mail.",
    ] {
        line(s, text);
    }
    if let Some(dns) = &report.dns {
        line(
            s,
            "# The records (values also in the Microsoft 365 admin center: Settings > Domains > (domain) > DNS records):",
        );
        for r in &dns.records {
            let text = format!(
                "#     {} {} {} {} {}",
                comment_text(&r.action, "DNS action")?,
                comment_text(&r.name, "DNS name")?,
                comment_text(&r.record_type, "DNS record type")?,
                comment_text(&r.value, "DNS value")?,
                r.ttl.map(|t| format!("TTL {t}")).unwrap_or_default()
            );
            line(s, text.trim_end());
        }
    }
    Ok(())
}

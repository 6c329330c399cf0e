//! ENV findings: every wrong or unknown answer of the assessment.
//!
//! A wrong answer that stops the staged migration is an error; an unknown answer is a
//! warning (an open item: nobody has confirmed it, so it is not a pass).

use time::{Duration, OffsetDateTime};

use super::assessment::{Answer, Assessment, Certificate};
use super::dates::{self, KeyDates, TTL_TARGET_SECONDS};
use crate::csv::split;
use crate::finding::{Finding, Rule, Severity};
use crate::render::count::{count, thousands};
use crate::report::Summary;

/// At most this many migration batches can exist at once.
pub const MAX_BATCHES: u32 = 100;

macro_rules! rules {
    ($($name:ident $code:literal $severity:ident $title:literal $help:literal;)*) => {
        $(
            #[doc = concat!($code, ": ", $title, ".")]
            pub static $name: Rule = Rule {
                code: $code,
                severity: Severity::$severity,
                title: $title,
                help: $help,
            };
        )*
        /// The rules of this module, for the catalogue.
        pub(crate) static RULES: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    VERSION_UNSUPPORTED "ENV001" Error "The source is Exchange 2010 or later"
        "Staged migration supports only Exchange 2003 and 2007. Use a cutover migration (up to 2,000 mailboxes) or a hybrid deployment instead.";
    VERSION_UNKNOWN "ENV002" Warning "The source Exchange version is not known"
        "Find it on the server (Exchange Management Shell: Get-ExchangeServer | Format-Table Name, AdminDisplayVersion; 6.5 is 2003, 8.x is 2007) and set source.exchangeVersion.";
    OUTLOOK_ANYWHERE_OFF "ENV003" Error "Outlook Anywhere is not enabled"
        "Enable Outlook Anywhere (RPC over HTTP) on the on-premises server: Exchange 2007: Enable-OutlookAnywhere or the Exchange Management Console (Server Configuration > Client Access); Exchange 2003: RPC over HTTP on the front-end server.";
    OUTLOOK_ANYWHERE_UNKNOWN "ENV004" Warning "Whether Outlook Anywhere is enabled is not known"
        "Check with Get-OutlookAnywhere (Exchange 2007) or the Microsoft Remote Connectivity Analyzer's Outlook Anywhere test, then set source.outlookAnywhereEnabled.";
    CERTIFICATE_SELF_SIGNED "ENV005" Error "Outlook Anywhere uses a self-signed certificate"
        "Microsoft 365 cannot connect with a self-signed certificate. Install a certificate from a trusted certification authority for the Outlook Anywhere host name and enable it for IIS.";
    CERTIFICATE_UNKNOWN "ENV006" Warning "Who issued the Outlook Anywhere certificate is not known"
        "Open the Outlook Anywhere URL in a browser outside the network or run the Remote Connectivity Analyzer; set source.certificate to trusted or selfSigned.";
    MRS_PROXY_OFF "ENV007" Info "MRS Proxy is not enabled: not needed for a staged migration"
        "Nothing to do. Microsoft's staged-migration procedure says to enable MRS Proxy, but the MRS Proxy endpoint exists only from Exchange 2010 on (it serves remote moves); a staged migration from Exchange 2003/2007 connects through Outlook Anywhere. The line was probably copied from Microsoft's remote-move article.";
    MRS_PROXY_UNKNOWN "ENV008" Info "Whether MRS Proxy is enabled is not known (no longer reported)"
        "Not reported any more: MRS Proxy does not apply to a staged migration from Exchange 2003/2007 (see ENV007), so the answer is not needed. The code is kept so that it is never reused.";
    PERMISSIONS_MISSING "ENV009" Error "The migration administrator lacks the required permissions"
        "Give the account FullAccess on each mailbox (Add-MailboxPermission -AccessRights FullAccess) or Receive As on the mailbox database (Add-ADPermission -ExtendedRights Receive-As), and WriteProperty on TargetAddress (Add-ADPermission -AccessRights WriteProperty -Properties TargetAddress).";
    PERMISSIONS_UNKNOWN "ENV010" Warning "The migration administrator's permissions are not known"
        "Check with Get-MailboxPermission / Get-ADPermission for the account and set source.permissions (fullAccess or receiveAs, and writeTargetAddress).";
    UNIFIED_MESSAGING_ON "ENV011" Error "Unified Messaging is on for mailboxes to migrate"
        "Turn Unified Messaging off for the mailboxes before migrating them (Disable-UMMailbox) and turn it on again after the migration.";
    UNIFIED_MESSAGING_UNKNOWN "ENV012" Warning "Whether Unified Messaging is off is not known"
        "List UM-enabled mailboxes (Get-UMMailbox) and set source.unifiedMessagingDisabled; answer yes if UM is not deployed.";
    DOMAIN_NOT_VERIFIED "ENV013" Error "The on-premises domain is not verified in Microsoft 365"
        "Add and verify the domain in the Microsoft 365 admin center (Settings > Domains > Add domain), usually with a TXT record, before migrating.";
    DOMAIN_UNKNOWN "ENV014" Warning "Whether the domain is verified is not known"
        "Look in the Microsoft 365 admin center (Settings > Domains) and set tenant.domainVerified.";
    NO_DIRECTORY_SYNC "ENV015" Error "Directory synchronisation is not in place"
        "A staged migration uses directory synchronisation to create the users in Microsoft 365. Install and run Microsoft Entra Connect before creating batches.";
    DIRECTORY_SYNC_UNKNOWN "ENV016" Warning "Whether directory synchronisation is in place is not known"
        "Check the Microsoft 365 admin center home page (directory sync status) and set tenant.directorySync.";
    SSO_UNKNOWN "ENV017" Warning "Whether AD FS single sign-on is deployed is not known"
        "With AD FS (federated) sign-in, ForceChangePassword must be False and CSV passwords are not used. Check Settings > Domains (federated domains) and set tenant.federatedSso.";
    SSO_FEDERATED "ENV018" Info "AD FS single sign-on is deployed"
        "Users keep signing in with their on-premises password: ForceChangePassword must be False in every row, and the CSV needs no passwords.";
    DOMAINS_UNKNOWN "ENV019" Warning "The tenant's verified domains are not listed"
        "List them in tenant.verifiedDomains so every address's domain can be checked (Microsoft 365 admin center, Settings > Domains).";
    MAILBOX_COUNT_DIFFERS "ENV020" Warning "The CSV files do not list as many mailboxes as planned"
        "Compare the CSV files with the list of mailboxes to migrate (Get-Mailbox -ResultSize Unlimited); add the missing mailboxes or correct tenant.mailboxCount.";
    MAILBOX_COUNT_UNKNOWN "ENV021" Warning "The number of mailboxes to migrate is not known"
        "Add the migration CSV files (the count then comes from them), or count the mailboxes on premises (Get-Mailbox -ResultSize Unlimited | Measure-Object) and set tenant.mailboxCount.";
    LICENCES_SHORT "ENV022" Warning "Fewer licences than mailboxes"
        "Every migrated user needs an Exchange Online licence within 30 days of being created, or the mailbox is disabled. Buy the missing licences before the licence deadline.";
    LICENCES_UNKNOWN "ENV023" Warning "The number of available licences is not known"
        "Look in the Microsoft 365 admin center (Billing > Licenses) and set tenant.licencesAvailable.";
    TOO_MANY_BATCHES "ENV024" Warning "More than 100 migration batches would be needed at once"
        "At most 100 migration batches can exist at the same time. Run the migration in waves: delete finished batches before creating more.";
    TTL_HIGH "ENV025" Warning "The MX TTL is above 3,600 seconds"
        "Lower the TTL of every MX record to 3,600 seconds or less at your DNS host by the date in the checklist, so the MX change takes effect quickly.";
    TTL_UNKNOWN "ENV026" Warning "The current MX TTL is not known"
        "Look it up (nslookup -type=mx -debug yourdomain, or your DNS host's panel) and set dns.mxTtlSeconds.";
    MX_CHANGE_TOO_EARLY "ENV027" Warning "The planned MX change comes too early"
        "Move the MX change to the earliest date in the checklist or later: before then, senders still use the old MX record (mail is delayed) or the batches have not all synced (the MX change follows the last batch).";
    DATES_MISSING "ENV028" Warning "Planned dates are missing"
        "Set schedule.plannedStart and schedule.plannedMxChange so the checklist can give dates.";
    USERS_CREATED_UNKNOWN "ENV029" Warning "When the users were created is not known"
        "The licence deadline is 30 days after directory synchronisation creates the users. Set schedule.usersCreatedAt (the WhenCreated of the cloud users).";
    LICENCE_DEADLINE_PASSED "ENV030" Error "The licence deadline has passed"
        "Assign licences now (Microsoft 365 admin center, Users > Active users > Manage product licenses): unlicensed mailboxes are disabled after 30 days.";
    LICENCE_DEADLINE_NEAR "ENV031" Warning "The licence deadline is less than 7 days away"
        "Assign the licences this week (Microsoft 365 admin center, Users > Active users > Manage product licenses).";
    LAST_SYNC_TOO_OLD "ENV032" Warning "The batches have not synced since the MX change"
        "Do not delete the batches yet: wait until every batch's Last Synced Time (Get-MigrationBatch) is later than the MX change, or mail delivered on premises in between is lost to the cloud mailboxes.";
    NO_CSV "ENV033" Warning "No migration CSV was checked"
        "Add the CSV files the batches will be created from, so the report can check them.";
    DATE_OUT_OF_RANGE "ENV034" Warning "A date is outside the years 1990 to 2999"
        "No staged migration happens then: the date is a typo. Correct it in the assessment (with its offset, e.g. 2025-03-10 18:00 +01:00 or 2025-03-10T18:00:00+01:00) or in --as-of; until then the dates that depend on it are not computed.";
    SPF_UNKNOWN "ENV035" Warning "The SPF record published now is not known"
        "Look it up (nslookup -type=txt yourdomain, or the DNS panel's look-up) and set dns.publishedSpf. Until then the report only says which terms to add to the existing record: a new record would drop the on-premises server while it still sends mail.";
    LAST_BATCH_FIRST "ENV036" Warning "The last batch is planned before the first"
        "Check schedule.plannedStart (the first batch) and schedule.plannedLastBatch (the last) and their offsets: the MX change is dated from the last batch.";
}

/// Everything the ENV checks look at.
pub struct Inputs<'a> {
    /// The assessment.
    pub assessment: &'a Assessment,
    /// Counts from the CSV check.
    pub summary: &'a Summary,
    /// The key dates computed from the assessment.
    pub dates: &'a KeyDates,
    /// The time the report is made for, if known.
    pub now: Option<OffsetDateTime>,
}

/// The ENV findings for an assessment, in code order.
pub fn findings(inputs: &Inputs<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    source(inputs.assessment, &mut out);
    tenant(inputs, &mut out);
    schedule(inputs, &mut out);
    out.sort_by_key(|f| f.code);
    out
}

/// Pushes the finding for a yes/no answer where yes is what the migration needs.
fn answer(
    value: Answer,
    field: &str,
    no: &'static Rule,
    unknown: &'static Rule,
    out: &mut Vec<Finding>,
) {
    match value {
        Answer::Yes => {}
        Answer::No => out.push(no.finding(format!("{field} is \"no\"."))),
        Answer::Unknown => out.push(unknown.finding(format!("{field} is not answered."))),
    }
}

fn source(a: &Assessment, out: &mut Vec<Finding>) {
    let s = &a.source;
    match s.exchange_version.supports_staged() {
        Answer::Yes => {}
        Answer::No => out.push(VERSION_UNSUPPORTED.finding(format!(
            "source.exchangeVersion is {}: staged migration moves mailboxes from Exchange 2003 and 2007 only.",
            s.exchange_version.as_str()
        ))),
        Answer::Unknown => out.push(
            VERSION_UNKNOWN.finding("source.exchangeVersion is not answered.".to_string()),
        ),
    }
    answer(
        s.outlook_anywhere_enabled,
        "source.outlookAnywhereEnabled",
        &OUTLOOK_ANYWHERE_OFF,
        &OUTLOOK_ANYWHERE_UNKNOWN,
        out,
    );
    match s.certificate {
        Certificate::Trusted => {}
        Certificate::SelfSigned => out.push(
            CERTIFICATE_SELF_SIGNED.finding("source.certificate is \"selfSigned\".".to_string()),
        ),
        Certificate::Unknown => {
            out.push(CERTIFICATE_UNKNOWN.finding("source.certificate is not answered.".to_string()))
        }
    }
    // MRS Proxy exists from Exchange 2010 on: for a staged migration it is never
    // needed, so "no" is only explained and "unknown" is not an open item.
    if s.mrs_proxy_enabled == Answer::No {
        out.push(MRS_PROXY_OFF.finding(
            "source.mrsProxyEnabled is \"no\": MRS Proxy does not apply to a staged migration from Exchange 2003/2007, so this blocks nothing.",
        ));
    }
    let p = s.permissions;
    match p.sufficient() {
        Answer::Yes => {}
        Answer::No => out.push(PERMISSIONS_MISSING.finding(format!(
            "source.permissions: fullAccess {}, receiveAs {}, writeTargetAddress {}; the account needs FullAccess or Receive As, and WriteProperty on TargetAddress.",
            p.full_access.as_str(),
            p.receive_as.as_str(),
            p.write_target_address.as_str()
        ))),
        Answer::Unknown => out.push(PERMISSIONS_UNKNOWN.finding(format!(
            "source.permissions: fullAccess {}, receiveAs {}, writeTargetAddress {}.",
            p.full_access.as_str(),
            p.receive_as.as_str(),
            p.write_target_address.as_str()
        ))),
    }
    answer(
        s.unified_messaging_disabled,
        "source.unifiedMessagingDisabled",
        &UNIFIED_MESSAGING_ON,
        &UNIFIED_MESSAGING_UNKNOWN,
        out,
    );
}

fn tenant(inputs: &Inputs<'_>, out: &mut Vec<Finding>) {
    let t = &inputs.assessment.tenant;
    let mailboxes = inputs.summary.mailboxes;
    answer(
        t.domain_verified,
        "tenant.domainVerified",
        &DOMAIN_NOT_VERIFIED,
        &DOMAIN_UNKNOWN,
        out,
    );
    answer(
        t.directory_sync,
        "tenant.directorySync",
        &NO_DIRECTORY_SYNC,
        &DIRECTORY_SYNC_UNKNOWN,
        out,
    );
    match t.federated_sso {
        Answer::Yes => out.push(SSO_FEDERATED.finding(
            "tenant.federatedSso is \"yes\": the CSV is checked for ForceChangePassword=False.",
        )),
        Answer::No => {}
        Answer::Unknown => out.push(SSO_UNKNOWN.finding("tenant.federatedSso is not answered.")),
    }
    if t.verified_domains.as_ref().is_none_or(Vec::is_empty) {
        out.push(DOMAINS_UNKNOWN.finding(
            "tenant.verifiedDomains is empty: the domains of the addresses were not checked.",
        ));
    }
    if inputs.summary.files == 0 {
        out.push(NO_CSV.finding("The report covers the assessment only."));
    }
    // With CSV files, the mailbox count comes from them: tenant.mailboxCount is only
    // compared when given, and only needed without a CSV.
    let with_csv = inputs.summary.files > 0;
    match t.mailbox_count {
        Some(planned) if with_csv && planned != mailboxes => {
            out.push(MAILBOX_COUNT_DIFFERS.finding(format!(
                "tenant.mailboxCount is {}; the CSV files list {}.",
                thousands(u64::from(planned)),
                thousands(u64::from(mailboxes))
            )))
        }
        Some(_) => {}
        None if with_csv => {}
        None => out.push(
            MAILBOX_COUNT_UNKNOWN
                .finding("No CSV was given and tenant.mailboxCount is not answered."),
        ),
    }
    let needed = if with_csv {
        mailboxes
    } else {
        t.mailbox_count.unwrap_or(0)
    };
    match t.licences_available {
        Some(available) if available < needed => out.push(LICENCES_SHORT.finding(format!(
            "tenant.licencesAvailable is {} for {}: {} short.",
            thousands(u64::from(available)),
            count(u64::from(needed), "mailbox", "mailboxes"),
            thousands(u64::from(needed - available))
        ))),
        Some(_) => {}
        None if inputs.assessment.progress.licences_assigned.is_yes() => {}
        None => out.push(LICENCES_UNKNOWN.finding("tenant.licencesAvailable is not answered.")),
    }
    let batches = inputs
        .summary
        .batches_needed
        .saturating_add(split::batches_needed(&[needed - mailboxes]));
    if batches > MAX_BATCHES {
        out.push(TOO_MANY_BATCHES.finding(format!(
            "{} need {} of at most 2,000; at most 100 can exist at once.",
            count(u64::from(needed), "mailbox", "mailboxes"),
            count(u64::from(batches), "batch", "batches")
        )));
    }
}

fn schedule(inputs: &Inputs<'_>, out: &mut Vec<Finding>) {
    let a = inputs.assessment;
    let offset = a.display_offset();
    let show = |at| dates::show(at, offset);
    match a.dns.mx_ttl_seconds {
        Some(ttl) if ttl > TTL_TARGET_SECONDS && a.dns.mx_changed_at.is_none() => {
            let by = inputs
                .dates
                .lower_ttl_by
                .as_ref()
                .map(|d| {
                    if d.overdue {
                        format!(
                            " Lowering it is overdue since {}: lower it now.",
                            show(d.at)
                        )
                    } else {
                        format!(" Lower it by {}.", show(d.at))
                    }
                })
                .unwrap_or_default();
            out.push(TTL_HIGH.finding(format!(
                "dns.mxTtlSeconds is {ttl}; Microsoft recommends 3,600 or less before the migration.{by}"
            )));
        }
        Some(_) => {}
        None if a.dns.mx_changed_at.is_some() => {}
        None => out.push(TTL_UNKNOWN.finding("dns.mxTtlSeconds is not answered.")),
    }
    let order = a.schedule.planned_start.zip(a.schedule.planned_last_batch);
    if let Some((first, last)) = order.filter(|(first, last)| last < first) {
        out.push(LAST_BATCH_FIRST.finding(format!(
            "schedule.plannedLastBatch ({}) is before schedule.plannedStart ({}).",
            show(last),
            show(first)
        )));
    }
    let domains_known = a
        .tenant
        .verified_domains
        .as_ref()
        .is_some_and(|d| !d.is_empty());
    if domains_known && a.dns.published_spf.is_none() && a.dns.mx_changed_at.is_none() {
        out.push(SPF_UNKNOWN.finding(
            "dns.publishedSpf is not answered: the DNS plan says what to add to the existing SPF record instead of giving the record.",
        ));
    }
    let mut missing = Vec::new();
    if a.schedule.planned_start.is_none() && !a.progress.batches_started.is_yes() {
        missing.push("schedule.plannedStart");
    }
    if a.schedule.planned_mx_change.is_none() && a.dns.mx_changed_at.is_none() {
        missing.push("schedule.plannedMxChange");
    }
    if !missing.is_empty() {
        out.push(DATES_MISSING.finding(format!("{} not answered.", missing.join(" and "))));
    }
    let too_early = match (
        a.schedule.planned_mx_change,
        &inputs.dates.earliest_mx_change,
        a.dns.mx_changed_at,
    ) {
        (Some(planned), Some(earliest), None) if planned < earliest.at => Some((planned, earliest)),
        _ => None,
    };
    if let Some((planned, earliest)) = too_early {
        let passed = if inputs.now.is_some_and(|now| now > planned) {
            " and has passed, but dns.mxChangedAt does not record the change"
        } else {
            ""
        };
        out.push(MX_CHANGE_TOO_EARLY.finding(format!(
            "schedule.plannedMxChange is {}{passed}; the earliest is {} ({}).",
            show(planned),
            show(earliest.at),
            earliest.basis
        )));
    }
    licences(inputs, out);
    let changed = a
        .dns
        .mx_changed_at
        .filter(|_| !a.progress.batches_deleted.is_yes());
    if let Some(changed) = changed {
        match a.schedule.last_sync_at {
            Some(synced) if synced > changed => {}
            Some(synced) => out.push(LAST_SYNC_TOO_OLD.finding(format!(
                "schedule.lastSyncAt ({}) is not later than dns.mxChangedAt ({}).",
                show(synced),
                show(changed)
            ))),
            None => out.push(LAST_SYNC_TOO_OLD.finding(format!(
                "schedule.lastSyncAt is not answered; the MX records were changed at {}.",
                show(changed)
            ))),
        }
    }
}

fn licences(inputs: &Inputs<'_>, out: &mut Vec<Finding>) {
    let a = inputs.assessment;
    if a.progress.licences_assigned.is_yes() {
        return;
    }
    let Some(deadline) = &inputs.dates.licence_deadline else {
        out.push(USERS_CREATED_UNKNOWN.finding("schedule.usersCreatedAt is not answered."));
        return;
    };
    let Some(now) = inputs.now else { return };
    let due = dates::show(deadline.at, a.display_offset());
    if now >= deadline.at {
        out.push(LICENCE_DEADLINE_PASSED.finding(format!(
            "The licences were due by {due} and progress.licencesAssigned is not \"yes\"."
        )));
    } else if deadline.at - now < Duration::days(7) {
        out.push(LICENCE_DEADLINE_NEAR.finding(format!("The licences are due by {due}.")));
    }
}

#[cfg(test)]
mod tests;

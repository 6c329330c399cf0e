//! The assessment: what the admin knows about the source organisation, the tenant, DNS
//! and the schedule, saved and loaded as JSON (schema version 2; version 1 files, which
//! lack the newer fields, are read too).
//!
//! Every field is optional. A missing yes/no answer is `"unknown"`, which the report
//! shows as an open item, never as a pass. Dates are read by
//! [`super::when::parse_when`], as everywhere: RFC 3339 (`2025-03-01T09:00:00+01:00`,
//! `…Z`) or `2025-03-01 09:00 +01:00`; a time without an offset is refused, so no date
//! is ever read in a guessed time zone. Errors name the field and what to write. Unknown field names are refused too,
//! which catches spelling mistakes in hand-written files.

use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, UtcOffset};

pub use super::answer::Answer;

/// The assessment schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 2;

/// The oldest schema version this build still reads.
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// Everything the admin tells the checker besides the CSV files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Assessment {
    /// [`SCHEMA_VERSION`] when written; 1 and 2 are read, a missing version is read as
    /// the current one.
    pub schema_version: u32,
    /// Name of the organisation, for the report's title (also read as `organization`).
    #[serde(alias = "organization")]
    pub organisation: Option<String>,
    /// When the answers were collected; used as "now" when the report is made without
    /// an explicit time.
    #[serde(with = "super::when::option")]
    pub assessed_at: Option<OffsetDateTime>,
    /// UTC offset every date of the report is shown in, e.g. `"+01:00"` or `"Z"`. Without
    /// it, the offset of the first date given is used, or UTC.
    #[serde(with = "offset_text")]
    pub utc_offset: Option<UtcOffset>,
    /// The on-premises Exchange organisation.
    pub source: Source,
    /// The Microsoft 365 tenant.
    pub tenant: Tenant,
    /// The public MX records.
    pub dns: Dns,
    /// Planned and recorded dates of the migration.
    pub schedule: Schedule,
    /// Migration tasks already carried out.
    pub progress: Progress,
    /// The report's cover: prepared by, prepared for, document version.
    pub report: super::deliverable::Deliverable,
}

/// The on-premises Exchange organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Source {
    /// Exchange version of the server holding the mailboxes.
    pub exchange_version: ExchangeVersion,
    /// Outlook Anywhere (RPC over HTTP) is enabled and reachable from the internet.
    pub outlook_anywhere_enabled: Answer,
    /// The certificate Outlook Anywhere uses.
    pub certificate: Certificate,
    /// The MRS Proxy endpoint is enabled.
    pub mrs_proxy_enabled: Answer,
    /// What the migration administrator account may do.
    pub permissions: Permissions,
    /// Unified Messaging is turned off for the mailboxes to migrate (or not deployed).
    pub unified_messaging_disabled: Answer,
    /// FQDN of the Exchange mailbox server, e.g. `EXCH-SRV-01.corp.contoso.com`; used by
    /// the runbook when Autodiscover does not find the server.
    pub exchange_server: Option<String>,
    /// FQDN of the Outlook Anywhere (RPC proxy) server, e.g. `mail.contoso.com`.
    pub rpc_proxy_server: Option<String>,
    /// The migration administrator, `DOMAIN\user` or an address. Never a password.
    pub migration_admin: Option<String>,
    /// A mailbox to migrate that Microsoft 365 uses to test the connection.
    pub test_mailbox: Option<String>,
}

/// Exchange version of the source organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ExchangeVersion {
    /// Exchange Server 2003.
    #[serde(rename = "2003")]
    Exchange2003,
    /// Exchange Server 2007.
    #[serde(rename = "2007")]
    Exchange2007,
    /// Exchange Server 2010.
    #[serde(rename = "2010")]
    Exchange2010,
    /// Exchange Server 2013.
    #[serde(rename = "2013")]
    Exchange2013,
    /// Exchange Server 2016.
    #[serde(rename = "2016")]
    Exchange2016,
    /// Exchange Server 2019.
    #[serde(rename = "2019")]
    Exchange2019,
    /// Exchange Server Subscription Edition.
    #[serde(rename = "subscriptionEdition")]
    SubscriptionEdition,
    /// Not known yet.
    #[default]
    #[serde(rename = "unknown")]
    Unknown,
}

impl ExchangeVersion {
    /// Whether staged migration supports this version (2003 and 2007 only).
    pub fn supports_staged(self) -> Answer {
        match self {
            ExchangeVersion::Exchange2003 | ExchangeVersion::Exchange2007 => Answer::Yes,
            ExchangeVersion::Unknown => Answer::Unknown,
            _ => Answer::No,
        }
    }

    /// The name as written in the assessment, e.g. `2007`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExchangeVersion::Exchange2003 => "2003",
            ExchangeVersion::Exchange2007 => "2007",
            ExchangeVersion::Exchange2010 => "2010",
            ExchangeVersion::Exchange2013 => "2013",
            ExchangeVersion::Exchange2016 => "2016",
            ExchangeVersion::Exchange2019 => "2019",
            ExchangeVersion::SubscriptionEdition => "subscriptionEdition",
            ExchangeVersion::Unknown => "unknown",
        }
    }
}

/// Who issued the Outlook Anywhere certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Certificate {
    /// Issued by a certification authority Microsoft 365 trusts.
    Trusted,
    /// Self-signed: Outlook Anywhere cannot be used for migration with it.
    SelfSigned,
    /// Not known yet.
    #[default]
    Unknown,
}

/// The migration administrator's permissions. Either FullAccess on every mailbox or
/// Receive As on the mailbox database, plus WriteProperty on TargetAddress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Permissions {
    /// FullAccess on each mailbox to migrate.
    pub full_access: Answer,
    /// Receive As on the mailbox database(s) holding them.
    pub receive_as: Answer,
    /// WriteProperty on the TargetAddress attribute of the user accounts.
    pub write_target_address: Answer,
}

impl Permissions {
    /// Whether one of the two documented permission sets is complete.
    pub fn sufficient(self) -> Answer {
        let mailbox_access = match (self.full_access, self.receive_as) {
            (Answer::Yes, _) | (_, Answer::Yes) => Answer::Yes,
            (Answer::No, Answer::No) => Answer::No,
            _ => Answer::Unknown,
        };
        match (mailbox_access, self.write_target_address) {
            (Answer::Yes, Answer::Yes) => Answer::Yes,
            (Answer::No, _) | (_, Answer::No) => Answer::No,
            _ => Answer::Unknown,
        }
    }
}

/// The Microsoft 365 tenant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Tenant {
    /// The on-premises email domain is verified in the tenant.
    pub domain_verified: Answer,
    /// The tenant's verified domains; addresses in other domains are errors. `null` or
    /// missing: not known, the CSV domains are not checked.
    pub verified_domains: Option<Vec<String>>,
    /// Directory synchronisation (Microsoft Entra Connect) creates the users.
    pub directory_sync: Answer,
    /// AD FS (or other federated) single sign-on is deployed.
    pub federated_sso: Answer,
    /// Mailboxes the organisation intends to migrate, to compare with the CSV files.
    pub mailbox_count: Option<u32>,
    /// Exchange Online licences available to assign (also read as `licensesAvailable`).
    #[serde(alias = "licensesAvailable")]
    pub licences_available: Option<u32>,
    /// The tenant's initial domain (`contoso.onmicrosoft.com`), for the DKIM records.
    pub initial_domain: Option<String>,
    /// The tenant's own banned password terms (Microsoft Entra custom banned password
    /// list), used by the CSV check's password predictions.
    pub custom_banned_passwords: Option<Vec<String>>,
}

/// The public MX records of the migrated domain(s).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Dns {
    /// The TTL the MX records have now, in seconds (the largest, if they differ).
    pub mx_ttl_seconds: Option<u32>,
    /// When the TTL was lowered to its current value, if it was.
    #[serde(with = "super::when::option")]
    pub mx_ttl_lowered_at: Option<OffsetDateTime>,
    /// The TTL before it was lowered, in seconds.
    pub previous_mx_ttl_seconds: Option<u32>,
    /// When the MX records were pointed at Exchange Online, once done.
    #[serde(with = "super::when::option")]
    pub mx_changed_at: Option<OffsetDateTime>,
    /// The domain verification value Microsoft 365 shows (`MS=ms12345678`).
    pub verification_value: Option<String>,
    /// The Autodiscover namespace, when it is not `autodiscover.DOMAIN`.
    pub autodiscover_host: Option<String>,
    /// The SPF TXT record published now. Missing: not known, so the plan says to add
    /// Exchange Online to the existing record rather than publish a new one.
    pub published_spf: Option<String>,
    /// Servers (IP addresses or host names) that send mail on premises.
    pub on_premises_senders: Option<Vec<String>>,
}

/// Planned and recorded dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Schedule {
    /// When the first batch is planned to start.
    #[serde(with = "super::when::option")]
    pub planned_start: Option<OffsetDateTime>,
    /// When the MX records are planned to be pointed at Exchange Online.
    #[serde(with = "super::when::option")]
    pub planned_mx_change: Option<OffsetDateTime>,
    /// When directory synchronisation created the users in Microsoft 365 (the 30-day
    /// licence grace period starts then).
    #[serde(with = "super::when::option")]
    pub users_created_at: Option<OffsetDateTime>,
    /// The oldest "Last Synced Time" among the migration batches.
    #[serde(with = "super::when::option")]
    pub last_sync_at: Option<OffsetDateTime>,
    /// When the last batch is planned to start; the MX change follows its sync.
    #[serde(with = "super::when::option")]
    pub planned_last_batch: Option<OffsetDateTime>,
}

/// Migration tasks already carried out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Progress {
    /// The Outlook Anywhere migration endpoint exists.
    pub endpoint_created: Answer,
    /// A migration batch exists for every CSV file.
    pub batches_created: Answer,
    /// The batches are started.
    pub batches_started: Answer,
    /// Migrated on-premises mailboxes are converted to mail-enabled users.
    pub mailboxes_converted: Answer,
    /// The migration batches are deleted.
    pub batches_deleted: Answer,
    /// Every migrated user has a licence (also read as `licensesAssigned`).
    #[serde(alias = "licensesAssigned")]
    pub licences_assigned: Answer,
    /// The Autodiscover CNAME points to autodiscover.outlook.com.
    pub autodiscover_cname: Answer,
    /// The on-premises Exchange servers are decommissioned.
    pub decommissioned: Answer,
}

/// Why an assessment could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentError {
    /// What is wrong, with the line and column in the JSON.
    pub message: String,
}

impl std::fmt::Display for AssessmentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid assessment: {}", self.message)
    }
}

impl std::error::Error for AssessmentError {}

impl Assessment {
    /// Reads an assessment from JSON. An empty text is an empty (all unknown) assessment.
    pub fn from_json(text: &str) -> Result<Assessment, AssessmentError> {
        if text.trim().is_empty() {
            return Ok(Assessment::default());
        }
        let mut assessment: Assessment =
            serde_json::from_str(text).map_err(|e| AssessmentError {
                message: super::read_error::message(text, &e),
            })?;
        match assessment.schema_version {
            0 | OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION => {
                assessment.schema_version = SCHEMA_VERSION
            }
            other => {
                return Err(AssessmentError {
                    message: format!(
                        "schemaVersion: {other} is not a version this tool reads; write {SCHEMA_VERSION} (versions {OLDEST_SCHEMA_VERSION} to {SCHEMA_VERSION} are read), or use a newer version of the tool"
                    ),
                });
            }
        }
        Ok(assessment)
    }

    /// The assessment as pretty-printed JSON, every field present.
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The offset dates are shown in: `utcOffset`, else that of the first date given,
    /// else UTC.
    pub fn display_offset(&self) -> UtcOffset {
        self.utc_offset
            .or_else(|| self.dates().next().map(|d| d.offset()))
            .unwrap_or(UtcOffset::UTC)
    }

    /// Every date given, in field order.
    fn dates(&self) -> impl Iterator<Item = OffsetDateTime> {
        [
            self.assessed_at,
            self.schedule.planned_start,
            self.schedule.planned_mx_change,
            self.schedule.users_created_at,
            self.schedule.last_sync_at,
            self.dns.mx_ttl_lowered_at,
            self.dns.mx_changed_at,
            self.schedule.planned_last_batch,
        ]
        .into_iter()
        .flatten()
    }
}

pub use super::template::{TEMPLATE, template};

/// Serde support for a UTC offset written as `+01:00`, `-05:30` or `Z`.
mod offset_text {
    use std::fmt;

    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};
    use time::UtcOffset;
    use time::macros::format_description;

    pub fn serialize<S: Serializer>(value: &Option<UtcOffset>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(offset) => s.serialize_str(&super::super::dates::offset_label(*offset)[3..]),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<UtcOffset>, D::Error> {
        d.deserialize_option(OptionalOffset)
    }

    /// Reads inside the visitor, so the JSON reader reports an error at its own line.
    struct OptionalOffset;

    impl<'de> Visitor<'de> for OptionalOffset {
        type Value = Option<UtcOffset>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an offset like \"+01:00\", \"-05:30\" or \"Z\", or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            let text = text.trim();
            if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
                return Ok(Some(UtcOffset::UTC));
            }
            let format = format_description!("[offset_hour sign:mandatory]:[offset_minute]");
            UtcOffset::parse(text, format).map(Some).map_err(|_| {
                E::custom(format!(
                    "\"{text}\" is not an offset: write the offset from UTC like \"+01:00\" or \"-05:30\", or \"Z\" for UTC"
                ))
            })
        }
    }
}

#[cfg(test)]
mod tests;

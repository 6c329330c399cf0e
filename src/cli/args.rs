//! Arguments several commands share: the unsafe `--show-values`, the tenant's answers,
//! the directory exports, and the inputs of the readiness report and the runbook.

use migration_preflight::Options;
use migration_preflight::directory::{Directories, Export};
use migration_preflight::readiness::when::parse_when;
use migration_preflight::readiness::{self, Assessment, ReportOptions};
use time::OffsetDateTime;

use super::{read_input, read_inputs};

/// The unsafe opt-in to see the offending cells.
#[derive(clap::Args)]
pub(crate) struct ShowValues {
    /// Also print the offending cell beside each finding that has one (an invalid
    /// address, a header name). UNSAFE TO SHARE: a cell's column cannot be trusted, so
    /// the output may then hold passwords. For your own screen only.
    #[arg(long)]
    pub(crate) show_values: bool,
}

/// What the admin knows about the tenant.
#[derive(clap::Args)]
pub(crate) struct Tenant {
    /// A verified domain of the tenant (repeat for several); other domains are errors.
    #[arg(long = "domain", value_name = "DOMAIN")]
    domains: Vec<String>,
    /// AD FS (federated) single sign-on is deployed.
    #[arg(long)]
    federated: bool,
    /// A term of the organisation's banned password list, 4 to 16 characters (repeat
    /// for several); passwords built mostly from it are reported.
    #[arg(long = "banned-term", value_name = "TERM")]
    banned_terms: Vec<String>,
    /// The organisation's name, a banned password term [default: the first label of
    /// each address's domain].
    #[arg(long, value_name = "NAME")]
    tenant_name: Option<String>,
}

impl Tenant {
    pub(crate) fn options(&self) -> Options {
        Options {
            domains: self.domains.clone(),
            federated: self.federated,
            banned_terms: self.banned_terms.clone(),
            tenant_name: self.tenant_name.clone(),
            generate_passwords: false,
            ..Options::default()
        }
    }
}

/// The directory exports the CSV is compared with (see the README for the commands).
#[derive(clap::Args)]
pub(crate) struct DirectoryArgs {
    /// An on-premises export: Get-Mailbox ... | Export-Csv (Exchange 2007) or csvde
    /// (Exchange 2003); repeat for several.
    #[arg(long = "onprem", value_name = "FILE")]
    onprem: Vec<String>,
    /// An Exchange Online export: Get-MailUser, Get-Mailbox or Get-MigrationUser ... |
    /// Export-Csv, each recognised by its columns; repeat for several.
    #[arg(long = "cloud", value_name = "FILE")]
    cloud: Vec<String>,
    /// The licence's mailbox quota in GB [default: 50, Exchange Online Plan 1 and the
    /// Business plans; 100 for Plan 2 and Microsoft 365 E3/E5].
    #[arg(long, value_name = "GB")]
    pub(crate) mailbox_quota: Option<u32>,
}

impl DirectoryArgs {
    /// Reads the export files: (on-premises, cloud).
    pub(crate) fn read(&self) -> Result<DirectoryFiles<'_>, String> {
        Ok((read_inputs(&self.onprem)?, read_inputs(&self.cloud)?))
    }
}

/// The export files read: (on-premises, cloud), each (name, bytes).
pub(crate) type DirectoryFiles<'a> = (Vec<(&'a str, Vec<u8>)>, Vec<(&'a str, Vec<u8>)>);

/// The exports as the library takes them.
pub(crate) fn directories<'a>(
    files: &'a DirectoryFiles<'a>,
    quota: Option<u32>,
) -> Directories<'a> {
    let exports = |list: &'a [(&'a str, Vec<u8>)]| {
        list.iter()
            .map(|(name, bytes)| Export { name, bytes })
            .collect()
    };
    Directories {
        onprem: exports(&files.0),
        cloud: exports(&files.1),
        mailbox_quota_gb: quota,
    }
}

/// The inputs of the readiness report and the runbook.
#[derive(clap::Args)]
pub(crate) struct Inputs {
    /// Migration CSV files, one batch each (repeat or list several).
    #[arg(long = "csv", value_name = "FILE", num_args = 1.., required = true)]
    pub(crate) csv: Vec<String>,
    /// The assessment JSON (see `assessment --template`); without it every answer is unknown.
    #[arg(long, value_name = "FILE")]
    assessment: Option<String>,
    /// The time the report is made for, with its offset: 2025-03-03 09:00 +01:00 or
    /// RFC 3339 (2025-03-03T08:00:00Z); default: now.
    #[arg(long, value_name = "TIME")]
    as_of: Option<String>,
    /// The tenant's answers for the CSV check; they win over the assessment's.
    #[command(flatten)]
    tenant: Tenant,
}

impl Inputs {
    /// Reads the assessment and the report time (the CSV files are read by `read_inputs`).
    pub(crate) fn context(&self) -> Result<(Assessment, ReportOptions), String> {
        let assessment = match &self.assessment {
            Some(path) => {
                let bytes = read_input(path)?;
                let text =
                    String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
                Assessment::from_json(&text).map_err(|e| format!("{path}: {e}"))?
            }
            None => Assessment::default(),
        };
        let assessment = self.with_flags(assessment);
        let now = match &self.as_of {
            Some(text) => parse_when(text).map_err(|e| format!("--as-of {text:?}: {e}"))?,
            None => OffsetDateTime::now_utc(),
        };
        let options = ReportOptions {
            pseudonymise: false,
            now: Some(now),
        };
        Ok((assessment, options))
    }

    /// The assessment with the tenant flags applied: `--domain`, `--federated`,
    /// `--banned-term` and `--tenant-name` win over its answers, so the CSV check of
    /// `report` and `runbook` is the one `check` makes with the same flags.
    fn with_flags(&self, mut assessment: Assessment) -> Assessment {
        let flags = &self.tenant;
        if !flags.domains.is_empty() {
            assessment.tenant.verified_domains = Some(flags.domains.clone());
        }
        if flags.federated {
            assessment.tenant.federated_sso = readiness::Answer::Yes;
        }
        if !flags.banned_terms.is_empty() {
            assessment.tenant.custom_banned_passwords = Some(flags.banned_terms.clone());
        }
        if let Some(name) = &flags.tenant_name {
            assessment.organisation = Some(name.clone());
        }
        assessment
    }
}

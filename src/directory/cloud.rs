//! The Exchange Online side: mail users and mailboxes (`Get-MailUser`, `Get-Mailbox`)
//! and users already in migration batches (`Get-MigrationUser`). Each `--cloud` file
//! is recognised by its columns.

use rustc_hash::FxHashSet;

use super::export::{self, Export, InFile, Sheet, column};
use super::index::Index;
use super::onprem::Kind;
use super::rules::{MISSING_COLUMN, UNREADABLE_VALUE};
use super::value;
use crate::csv::limit::Limiter;
use crate::csv::table::Record;
use crate::finding::Finding;

/// An address of Exchange Online: the export row that has it and whether it is that
/// recipient's primary address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    /// The export it is in (index into the cloud exports).
    pub file: usize,
    /// Its Excel row there.
    pub row: u32,
    /// Whether the address is the recipient's primary SMTP address.
    pub primary: bool,
}

/// What the Exchange Online exports hold.
#[derive(Debug, Default)]
pub struct Cloud {
    /// Address → the mail user that has it.
    pub mail_users: Index<Holder>,
    /// Address → the mailbox that has it.
    pub mailboxes: Index<Holder>,
    /// Address → the migration user row.
    pub migration_users: Index<Holder>,
    /// Mail users, mailboxes and migration users read (rows).
    pub counts: (u32, u32, u32),
    /// Whether a recipient export (mail users or mailboxes) was read: without one,
    /// DIR006 cannot be checked.
    pub has_recipients: bool,
    /// Every domain of a cloud address: the verified domains, as Exchange Online
    /// keeps only addresses in verified domains.
    pub domains: FxHashSet<String>,
    /// Export files read.
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum Shape {
    /// Get-MailUser / Get-Mailbox / Get-Recipient.
    Recipients {
        primary: Option<usize>,
        addresses: Option<usize>,
        kind: Option<usize>,
        /// Without RecipientTypeDetails: the kind every row is taken as.
        assumed: Kind,
    },
    /// Get-MigrationUser.
    MigrationUsers { address: usize },
}

struct CloudSheet<'d> {
    cloud: &'d mut Cloud,
    file: usize,
    shape: Option<Shape>,
    findings: Vec<Finding>,
    limiter: Limiter,
}

impl Cloud {
    /// Reads the exports; problems with them go to `out`.
    pub fn read(exports: &[Export<'_>], out: &mut Vec<Finding>) -> Cloud {
        let mut cloud = Cloud::default();
        for (file, export) in exports.iter().enumerate() {
            cloud.files.push(export.name.to_string());
            let mut sheet = CloudSheet {
                cloud: &mut cloud,
                file,
                shape: None,
                findings: Vec::new(),
                limiter: Limiter::default(),
            };
            export::read(export, "Exchange Online export", &mut sheet, out);
            let mut findings = std::mem::take(&mut sheet.findings);
            sheet.limiter.finish(&mut findings);
            out.extend(findings.into_iter().map(|f| f.in_file(export.name)));
        }
        cloud
    }
}

impl Sheet for CloudSheet<'_> {
    fn header(&mut self, row: u32, names: &[&str]) -> Result<(), String> {
        if column(names, "BatchId").is_some() {
            let address = column(names, "MailboxEmailAddress")
                .or(column(names, "EmailAddress"))
                .or(column(names, "Identity"))
                .ok_or("it has a BatchId column (Get-MigrationUser) but no Identity column.")?;
            self.shape = Some(Shape::MigrationUsers { address });
            return Ok(());
        }
        let primary = column(names, "PrimarySmtpAddress");
        let addresses = column(names, "EmailAddresses");
        if primary.is_none() && addresses.is_none() {
            return Err(
                "none of its columns is PrimarySmtpAddress, EmailAddresses or BatchId.".into(),
            );
        }
        let kind = column(names, "RecipientTypeDetails");
        let assumed = if column(names, "ExternalEmailAddress").is_some() {
            Kind::MailUser
        } else {
            Kind::Mailbox
        };
        if kind.is_none() {
            self.findings.push(
                MISSING_COLUMN
                    .finding(format!(
                        "The Exchange Online export has no column RecipientTypeDetails; every row was taken as {} because the file {} an ExternalEmailAddress column.",
                        if assumed == Kind::MailUser { "a mail user" } else { "a mailbox" },
                        if assumed == Kind::MailUser { "has" } else { "has no" },
                    ))
                    .at_row(row),
            );
        }
        if addresses.is_none() {
            self.findings.push(
                MISSING_COLUMN
                    .finding("The Exchange Online export has no column EmailAddresses; only primary addresses were compared (DIR007 not checked).")
                    .at_row(row),
            );
        }
        self.cloud.has_recipients = true;
        self.shape = Some(Shape::Recipients {
            primary,
            addresses,
            kind,
            assumed,
        });
        Ok(())
    }

    fn row(&mut self, row: u32, record: &Record<'_>) {
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        let file = self.file;
        match self.shape {
            None => {}
            Some(Shape::MigrationUsers { address }) => {
                let address = cell(Some(address));
                if address.contains('@') {
                    self.cloud.counts.2 += 1;
                    let holder = Holder {
                        file,
                        row,
                        primary: true,
                    };
                    let _ = self.cloud.migration_users.insert(address, holder);
                }
            }
            Some(Shape::Recipients {
                primary,
                addresses,
                kind,
                assumed,
            }) => {
                let kind = match kind {
                    None => assumed,
                    Some(i) => match Kind::from_type(cell(Some(i))) {
                        Some(Kind::Unknown) => assumed,
                        Some(kind) => kind,
                        None => {
                            self.findings.push(
                                UNREADABLE_VALUE
                                    .finding("The RecipientTypeDetails value of this row cannot be read; the row was taken as a mailbox.")
                                    .at_row(row)
                                    .in_column("RecipientTypeDetails"),
                            );
                            self.limiter.apply(&mut self.findings);
                            Kind::Mailbox
                        }
                    },
                };
                let first = cell(primary).trim();
                let index = match kind {
                    Kind::MailUser => {
                        self.cloud.counts.0 += 1;
                        &mut self.cloud.mail_users
                    }
                    Kind::Mailbox | Kind::Unknown => {
                        self.cloud.counts.1 += 1;
                        &mut self.cloud.mailboxes
                    }
                    Kind::Contact | Kind::Group => return,
                };
                let domains = &mut self.cloud.domains;
                let mut add = |address: &str, primary: bool| {
                    if let Ok(id) = index.insert(address, Holder { file, row, primary }) {
                        if let Some(domain) = value::domain(index.key(id)) {
                            if !domains.contains(domain) {
                                domains.insert(domain.to_string());
                            }
                        }
                    }
                };
                if !first.is_empty() {
                    add(first, true);
                }
                value::smtp_addresses(cell(addresses), |is_primary, address| {
                    add(address, is_primary && first.is_empty());
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_their_columns() {
        let users = b"#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.MailUser\n\"PrimarySmtpAddress\",\"ExternalEmailAddress\",\"EmailAddresses\",\"UserPrincipalName\",\"RecipientTypeDetails\"\n\"pilarp@contoso.onmicrosoft.com\",\"SMTP:pilarp@contoso.com\",\"SMTP:pilarp@contoso.onmicrosoft.com smtp:pilarp@contoso.com\",\"pilarp@contoso.com\",\"MailUser\"\n\"boxed@contoso.com\",\"\",\"SMTP:boxed@contoso.com\",\"boxed@contoso.com\",\"UserMailbox\"\n";
        let batches = b"Identity,BatchId,Status\ntobyn@contoso.com,Wave1,Synced\n";
        let mut out = Vec::new();
        let cloud = Cloud::read(
            &[
                Export {
                    name: "u.csv",
                    bytes: users,
                },
                Export {
                    name: "b.csv",
                    bytes: batches,
                },
            ],
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(cloud.counts, (1, 1, 1));
        assert_eq!(
            cloud.mail_users.get("pilarp@contoso.com").unwrap().1,
            Holder {
                file: 0,
                row: 3,
                primary: false
            }
        );
        let onmicrosoft = cloud.mail_users.get("pilarp@contoso.onmicrosoft.com");
        assert!(onmicrosoft.unwrap().1.primary);
        assert!(cloud.mailboxes.get("boxed@contoso.com").is_some());
        assert_eq!(
            cloud
                .migration_users
                .get("tobyn@contoso.com")
                .unwrap()
                .1
                .file,
            1
        );
        assert!(cloud.domains.contains("contoso.com"));
    }
}

//! The on-premises side: recipients from `Get-Mailbox` / `Get-Recipient` exports
//! (Exchange 2007) or a csvde export of Active Directory (Exchange 2003).

use super::export::{self, Export, InFile, Sheet, column};
use super::index::Index;
use super::rules::{ADDRESS_TWICE, MISSING_COLUMN, TYPE_NAME, UNREADABLE_VALUE};
use super::value;
use crate::csv::limit::Limiter;
use crate::csv::table::Record;
use crate::finding::Finding;

/// What kind of recipient a row of an export is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A mailbox (user, legacy, linked, shared, room, equipment).
    Mailbox,
    /// A mail contact.
    Contact,
    /// A distribution or security group, dynamic or not.
    Group,
    /// A mail user (an account with an external address, no mailbox here).
    MailUser,
    /// Not said, or not a type this check knows: taken as a mailbox.
    Unknown,
}

impl Kind {
    /// Reads a RecipientTypeDetails (or RecipientType) value.
    pub fn from_type(value: &str) -> Option<Kind> {
        let v = value.trim().to_ascii_lowercase();
        Some(if v.is_empty() {
            Kind::Unknown
        } else if v.contains("contact") {
            Kind::Contact
        } else if v.contains("group") || v == "roomlist" {
            Kind::Group
        } else if v.starts_with("remote") || v.contains("mailuser") {
            Kind::MailUser
        } else if v.ends_with("mailbox") {
            Kind::Mailbox
        } else {
            return None;
        })
    }

    /// Words for a message: "a mail contact" (a fixed text, never a cell's content).
    pub fn words(self) -> &'static str {
        match self {
            Kind::Mailbox | Kind::Unknown => "a mailbox",
            Kind::Contact => "a mail contact",
            Kind::Group => "a group",
            Kind::MailUser => "a mail user (no mailbox on premises)",
        }
    }

    /// Whether a row of this kind can be migrated.
    pub fn is_mailbox(self) -> bool {
        matches!(self, Kind::Mailbox | Kind::Unknown)
    }
}

/// One on-premises recipient.
#[derive(Debug, Clone)]
pub struct Recipient {
    /// The export it is in (index into the on-premises exports).
    pub file: usize,
    /// Its Excel row in that export.
    pub row: u32,
    /// What it is.
    pub kind: Kind,
    /// The primary SMTP address (an entry of [`OnPremises::index`]).
    pub primary: Option<u32>,
    /// WindowsEmailAddress (csvde: `mail`), an entry of the index.
    pub windows: Option<u32>,
    /// Every SMTP address, primary included, as entries of the index.
    pub addresses: Vec<u32>,
    /// HiddenFromAddressListsEnabled (csvde: msExchHideFromAddressLists).
    pub hidden: Option<bool>,
    /// UMEnabled.
    pub um: Option<bool>,
    /// TotalItemSize in bytes.
    pub size: Option<u64>,
    /// Whether a CSV row names it.
    pub in_csv: bool,
}

/// How a CSV address matched an on-premises recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Its primary SMTP address.
    Primary,
    /// Its WindowsEmailAddress, which is not its primary address.
    Windows,
    /// A secondary (proxy) address.
    Secondary,
}

/// Every on-premises recipient, found by any of its addresses.
#[derive(Debug, Default)]
pub struct OnPremises {
    /// The recipients, in export order.
    pub recipients: Vec<Recipient>,
    /// Every address → (recipient, how it has the address).
    pub index: Index<(u32, How)>,
    /// Export files read.
    pub files: Vec<String>,
    /// Rows whose address another recipient already had: (first row, this row).
    collisions: (u32, Vec<(u32, u32)>),
}

/// Columns of an on-premises export.
#[derive(Debug, Default, Clone, Copy)]
struct Columns {
    primary: Option<usize>,
    windows: Option<usize>,
    addresses: Option<usize>,
    kind: Option<usize>,
    hidden: Option<usize>,
    um: Option<usize>,
    size: Option<usize>,
    home_mdb: Option<usize>,
    object_class: Option<usize>,
}

/// Reads one on-premises export into the directory.
struct OnPremSheet<'d> {
    directory: &'d mut OnPremises,
    file: usize,
    columns: Columns,
    findings: Vec<Finding>,
    limiter: Limiter,
    type_name_row: Option<u32>,
    /// Missing columns every row needs, and those only mailboxes need (reported only
    /// when the file has mailboxes: a Get-Recipient export of contacts lacks them).
    missing: (Vec<&'static str>, Vec<&'static str>),
    has_mailboxes: bool,
    header_row: u32,
}

impl OnPremises {
    /// Reads the exports; problems with them go to `out`.
    pub fn read(exports: &[Export<'_>], out: &mut Vec<Finding>) -> OnPremises {
        let mut directory = OnPremises::default();
        for (file, export) in exports.iter().enumerate() {
            directory.files.push(export.name.to_string());
            let mut sheet = OnPremSheet {
                directory: &mut directory,
                file,
                columns: Columns::default(),
                findings: Vec::new(),
                limiter: Limiter::default(),
                type_name_row: None,
                missing: Default::default(),
                has_mailboxes: false,
                header_row: 1,
            };
            export::read(export, "on-premises export", &mut sheet, out);
            let mut findings = std::mem::take(&mut sheet.findings);
            let (mut missing, for_mailboxes) = std::mem::take(&mut sheet.missing);
            if sheet.has_mailboxes {
                missing.extend(for_mailboxes);
            }
            if !missing.is_empty() {
                findings.insert(
                    0,
                    MISSING_COLUMN
                        .finding(format!(
                            "The on-premises export has no column {}.",
                            missing.join("; no column ")
                        ))
                        .at_row(sheet.header_row),
                );
            }
            if let Some(row) = sheet.type_name_row {
                findings.push(TYPE_NAME.finding("The EmailAddresses column holds a type name instead of the addresses (first at this row), so secondary addresses were not compared.").at_row(row));
            }
            sheet.limiter.finish(&mut findings);
            let (count, listed) = std::mem::take(&mut directory.collisions);
            if count > 0 {
                findings.push(ADDRESS_TWICE.finding(format!(
                    "{count} addresses of the on-premises exports are on two recipients, e.g. {}.",
                    pairs(&listed)
                )));
            }
            out.extend(findings.into_iter().map(|f| f.in_file(export.name)));
        }
        directory
    }

    /// The on-premises mailboxes (rows that can be migrated).
    pub fn mailboxes(&self) -> usize {
        self.recipients
            .iter()
            .filter(|r| r.kind.is_mailbox())
            .count()
    }

    /// Adds the recipient on export row `row`, or merges it into the one listed
    /// before with the same primary address. Addresses are given as written.
    fn add(&mut self, row: u32, new: NewRecipient<'_>, addresses: &[&str]) {
        let at = match new.primary.and_then(|p| {
            let mut key = String::new();
            super::index::push_key(&mut key, p);
            self.index.get(&key)
        }) {
            Some((_, (at, How::Primary))) => {
                let known = &mut self.recipients[at as usize];
                if known.kind == Kind::Unknown {
                    known.kind = new.kind;
                }
                known.hidden = known.hidden.or(new.hidden);
                known.um = known.um.or(new.um);
                known.size = known.size.or(new.size);
                at
            }
            _ => {
                let at = self.recipients.len() as u32;
                self.recipients.push(Recipient {
                    file: new.file,
                    row,
                    kind: new.kind,
                    primary: None,
                    windows: None,
                    addresses: Vec::new(),
                    hidden: new.hidden,
                    um: new.um,
                    size: new.size,
                    in_csv: false,
                });
                at
            }
        };
        if let Some(primary) = new.primary {
            let id = self.index_address(at, row, primary, How::Primary);
            self.recipients[at as usize].primary.get_or_insert(id);
        }
        if let Some(windows) = new.windows {
            let id = self.index_address(at, row, windows, How::Windows);
            self.recipients[at as usize].windows.get_or_insert(id);
        }
        for address in addresses {
            let id = self.index_address(at, row, address, How::Secondary);
            let known = &mut self.recipients[at as usize].addresses;
            if !known.contains(&id) {
                known.push(id);
            }
        }
    }

    /// Finds `address` at recipient `at` (export row `row`), unless another recipient
    /// has it already: that is counted as a collision. Returns the address's entry.
    fn index_address(&mut self, at: u32, row: u32, address: &str, how: How) -> u32 {
        match self.index.insert(address, (at, how)) {
            Ok(id) => id,
            Err((id, (other, _))) => {
                if other != at {
                    let first = self.recipients[other as usize].row;
                    self.collisions.0 += 1;
                    if self.collisions.1.len() < 10 {
                        self.collisions.1.push((first, row));
                    }
                }
                id
            }
        }
    }
}

/// A recipient row as read, before it joins the directory.
struct NewRecipient<'r> {
    file: usize,
    kind: Kind,
    primary: Option<&'r str>,
    windows: Option<&'r str>,
    hidden: Option<bool>,
    um: Option<bool>,
    size: Option<u64>,
}

/// A cell without surrounding spaces, unless it is empty.
fn non_empty(cell: &str) -> Option<&str> {
    let cell = cell.trim();
    (!cell.is_empty()).then_some(cell)
}

/// "rows 4 and 9, rows 12 and 30".
fn pairs(listed: &[(u32, u32)]) -> String {
    listed
        .iter()
        .map(|(a, b)| format!("rows {a} and {b}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Sheet for OnPremSheet<'_> {
    fn header(&mut self, row: u32, names: &[&str]) -> Result<(), String> {
        self.header_row = row;
        let c = Columns {
            primary: column(names, "PrimarySmtpAddress"),
            windows: column(names, "WindowsEmailAddress").or(column(names, "mail")),
            addresses: column(names, "EmailAddresses").or(column(names, "proxyAddresses")),
            kind: column(names, "RecipientTypeDetails").or(column(names, "RecipientType")),
            hidden: column(names, "HiddenFromAddressListsEnabled")
                .or(column(names, "msExchHideFromAddressLists")),
            um: column(names, "UMEnabled"),
            size: column(names, "TotalItemSize"),
            home_mdb: column(names, "homeMDB"),
            object_class: column(names, "objectClass"),
        };
        if c.primary.is_none() && c.addresses.is_none() && c.windows.is_none() {
            return Err("none of its columns is PrimarySmtpAddress, EmailAddresses, WindowsEmailAddress, proxyAddresses or mail.".into());
        }
        let csvde = c.home_mdb.is_some() || column(names, "DN").is_some();
        let mut missing: Vec<&str> = Vec::new();
        if c.primary.is_none() && c.addresses.is_none() {
            missing.push(
                "PrimarySmtpAddress (the primary address was taken from WindowsEmailAddress)",
            );
        }
        if c.addresses.is_none() {
            missing.push("EmailAddresses (secondary addresses and DIR011 not checked)");
        }
        if c.kind.is_none() && c.home_mdb.is_none() && c.object_class.is_none() {
            missing.push("RecipientTypeDetails (every row taken as a mailbox; DIR003 not checked)");
        }
        let mut for_mailboxes: Vec<&str> = Vec::new();
        if c.hidden.is_none() {
            for_mailboxes.push("HiddenFromAddressListsEnabled (DIR004 not checked)");
        }
        if c.um.is_none() && !csvde {
            for_mailboxes.push("UMEnabled (DIR005 not checked)");
        }
        if c.size.is_none() && !csvde {
            for_mailboxes.push("TotalItemSize (DIR010 not checked)");
        }
        self.missing = (missing, for_mailboxes);
        self.columns = c;
        Ok(())
    }

    fn row(&mut self, row: u32, record: &Record<'_>) {
        let c = self.columns;
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        let mut listed: Vec<&str> = Vec::new();
        let mut listed_primary = None;
        let scan = value::smtp_addresses(cell(c.addresses), |primary, address| {
            if primary {
                listed_primary = Some(address);
            }
            listed.push(address);
        });
        if scan.type_name && self.type_name_row.is_none() {
            self.type_name_row = Some(row);
        }
        if scan.capped {
            self.findings.push(
                super::rules::EXPORT_CAP
                    .finding(format!(
                        "The row lists more than {} SMTP addresses; the rest were not read.",
                        value::MAX_ADDRESSES_PER_CELL
                    ))
                    .at_row(row)
                    .in_column("EmailAddresses"),
            );
        }
        let windows = non_empty(cell(c.windows));
        let primary = non_empty(cell(c.primary)).or(listed_primary).or(windows);
        let unreadable = |column: &'static str| {
            UNREADABLE_VALUE
                .finding(format!(
                    "The {column} value of this row cannot be read; it was left out of the checks."
                ))
                .at_row(row)
                .in_column(column)
        };
        let kind = if let Some(i) = c.home_mdb {
            if !cell(Some(i)).trim().is_empty() {
                Kind::Mailbox
            } else {
                let class = cell(c.object_class).to_ascii_lowercase();
                if class.contains("contact") {
                    Kind::Contact
                } else if class.contains("group") {
                    Kind::Group
                } else {
                    Kind::MailUser
                }
            }
        } else {
            match Kind::from_type(cell(c.kind)) {
                Some(kind) => kind,
                None => {
                    self.findings.push(unreadable("RecipientTypeDetails"));
                    Kind::Unknown
                }
            }
        };
        let hidden = value::flag(cell(c.hidden)).unwrap_or_else(|()| {
            self.findings
                .push(unreadable("HiddenFromAddressListsEnabled"));
            None
        });
        let um = value::flag(cell(c.um)).unwrap_or_else(|()| {
            self.findings.push(unreadable("UMEnabled"));
            None
        });
        let size = value::size(cell(c.size)).unwrap_or_else(|()| {
            self.findings.push(unreadable("TotalItemSize"));
            None
        });
        self.limiter.apply(&mut self.findings);
        if primary.is_some() || !listed.is_empty() {
            self.has_mailboxes |= kind.is_mailbox();
            let new = NewRecipient {
                file: self.file,
                kind,
                primary,
                windows,
                hidden,
                um,
                size,
            };
            self.directory.add(row, new, &listed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_recipient_type_details() {
        for (value, kind) in [
            ("UserMailbox", Kind::Mailbox),
            ("LegacyMailbox", Kind::Mailbox),
            ("SharedMailbox", Kind::Mailbox),
            ("MailContact", Kind::Contact),
            ("MailUniversalDistributionGroup", Kind::Group),
            ("DynamicDistributionGroup", Kind::Group),
            ("MailUser", Kind::MailUser),
            ("RemoteUserMailbox", Kind::MailUser),
            ("", Kind::Unknown),
        ] {
            assert_eq!(Kind::from_type(value), Some(kind), "{value}");
        }
        assert_eq!(Kind::from_type("Secret-Pass-1"), None);
    }

    #[test]
    fn a_recipient_listed_in_two_exports_is_merged_not_a_collision() {
        let mailboxes = b"PrimarySmtpAddress,EmailAddresses,UMEnabled\na@contoso.com,SMTP:a@contoso.com smtp:x@contoso.com,True\n";
        let recipients = b"PrimarySmtpAddress,EmailAddresses,RecipientTypeDetails\na@contoso.com,SMTP:a@contoso.com smtp:y@contoso.com,UserMailbox\nc@contoso.com,SMTP:c@contoso.com smtp:x@contoso.com,MailContact\n";
        let mut out = Vec::new();
        let d = OnPremises::read(
            &[
                Export {
                    name: "m.csv",
                    bytes: mailboxes,
                },
                Export {
                    name: "r.csv",
                    bytes: recipients,
                },
            ],
            &mut out,
        );
        assert_eq!(d.recipients.len(), 2);
        assert_eq!(d.recipients[0].kind, Kind::Mailbox);
        assert_eq!(d.recipients[0].um, Some(true));
        assert_eq!(d.index.get("y@contoso.com").unwrap().1, (0, How::Secondary));
        assert_eq!(d.index.get("x@contoso.com").unwrap().1, (0, How::Secondary));
        let twice: Vec<_> = out.iter().filter(|f| f.code == "DIR014").collect();
        assert_eq!(twice.len(), 1, "{out:?}");
        assert_eq!(twice[0].file.as_deref(), Some("r.csv"));
    }
}

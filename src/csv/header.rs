//! The header row: which columns there are, and what is wrong with their names.
//!
//! Names are matched after trimming spaces and ignoring case: `emailaddress` and
//! ` EmailAddress ` are read as `EmailAddress`, with a warning (CSV105), and the
//! corrected CSV writes the documented spelling. Any other name is unknown: Exchange
//! rejects unknown columns unless the batch is created with `-AllowUnknownColumnsInCsv`.

use crate::finding::{Finding, Rule, Severity};

/// The required column.
pub const EMAIL: &str = "EmailAddress";
/// The optional password column.
pub const PASSWORD: &str = "Password";
/// The optional column saying whether users must change the password.
pub const FORCE_CHANGE: &str = "ForceChangePassword";
/// The columns a staged-migration CSV may have, in Microsoft's order.
pub const KNOWN: [&str; 3] = [EMAIL, PASSWORD, FORCE_CHANGE];

/// CSV101: no EmailAddress column.
pub static MISSING_EMAIL: Rule = Rule {
    code: "CSV101",
    severity: Severity::Error,
    title: "The header has no EmailAddress column",
    help: "The first row must name the columns, and one must be EmailAddress (one word). Example: EmailAddress,Password,ForceChangePassword.",
};

/// CSV102: a column Exchange does not know.
pub static UNKNOWN_COLUMN: Rule = Rule {
    code: "CSV102",
    severity: Severity::Error,
    title: "Unknown column name",
    help: "A staged-migration CSV may only have the columns EmailAddress, Password and ForceChangePassword. Rename or delete the column in Excel; Exchange fails the batch on unknown columns.",
};

/// CSV103: the same column twice.
pub static DUPLICATE_COLUMN: Rule = Rule {
    code: "CSV103",
    severity: Severity::Error,
    title: "A column name appears twice",
    help: "Delete one of the two columns in Excel, keeping the one with the right values.",
};

/// CSV104: a header cell with no name.
pub static BLANK_COLUMN: Rule = Rule {
    code: "CSV104",
    severity: Severity::Error,
    title: "A column has no name",
    help: "Delete the column in Excel (select it, right-click, Delete) or give it one of the names EmailAddress, Password, ForceChangePassword. Empty columns at the end are dropped by the corrected CSV.",
};

/// CSV105: a known name written in another case or with spaces around it.
pub static NAME_SPELLING: Rule = Rule {
    code: "CSV105",
    severity: Severity::Warning,
    title: "Column name differs from the documented spelling",
    help: "Write the name exactly as documented (EmailAddress, Password, ForceChangePassword), without spaces around it. The corrected CSV does this.",
};

/// CSV106: the file was made for another kind of migration.
pub static OTHER_MIGRATION: Rule = Rule {
    code: "CSV106",
    severity: Severity::Error,
    title: "This CSV is made for another kind of migration",
    help: "A staged migration (Exchange 2003/2007) needs EmailAddress and optionally Password and ForceChangePassword. Make the list again for a staged migration, or choose the migration type this file was made for.",
};

/// CSV011: the first row is data, not a header.
pub static NO_HEADER: Rule = Rule {
    code: "CSV011",
    severity: Severity::Error,
    title: "The header row is missing",
    help: "Insert a first row that names the columns: EmailAddress,Password,ForceChangePassword (only those your file has, in its order).",
};

/// The rules of this module, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[
    &NO_HEADER,
    &MISSING_EMAIL,
    &UNKNOWN_COLUMN,
    &DUPLICATE_COLUMN,
    &BLANK_COLUMN,
    &NAME_SPELLING,
    &OTHER_MIGRATION,
];

/// Where the known columns are, by position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// Position of EmailAddress.
    pub email: Option<usize>,
    /// Position of Password.
    pub password: Option<usize>,
    /// Position of ForceChangePassword.
    pub force_change: Option<usize>,
    /// Number of columns in the header.
    pub width: usize,
    /// Whether the first row is a mailbox rather than a header.
    pub headerless: bool,
}

/// Reads the header's names and reports what is wrong with them.
pub fn analyse(names: &[&str], out: &mut Vec<Finding>) -> Columns {
    let mut columns = Columns {
        width: names.len(),
        ..Columns::default()
    };
    if let Some(kind) = other_migration(names) {
        out.push(
            OTHER_MIGRATION
                .finding(format!("The columns look like {kind}."))
                .at_row(1),
        );
        columns.email = names.iter().position(|n| canonical(n) == Some(EMAIL));
        return columns;
    }
    if names.len() == 2 && names.iter().all(|n| n.contains('@')) {
        out.push(OTHER_MIGRATION.finding("Row 1 holds two addresses and no column names: this looks like a Google Workspace mapping list (source and target address, no header).").at_row(1));
        return Columns {
            email: Some(0),
            width: 2,
            headerless: true,
            ..Columns::default()
        };
    }
    if names.iter().any(|n| n.contains('@')) && !names.iter().any(|n| canonical(n).is_some()) {
        out.push(
            NO_HEADER
                .finding("Row 1 holds an address, not column names, so the file has no header row. It was checked as if the columns were EmailAddress, Password, ForceChangePassword in that order.")
                .at_row(1),
        );
        return Columns {
            email: Some(0),
            password: (names.len() > 1).then_some(1),
            force_change: (names.len() > 2).then_some(2),
            width: names.len(),
            headerless: true,
        };
    }
    for (i, raw) in names.iter().enumerate() {
        let name = trim_name(raw);
        if name.is_empty() {
            out.push(
                BLANK_COLUMN
                    .finding(format!("Column {} of the header has no name.", i + 1))
                    .at_row(1),
            );
            continue;
        }
        let Some(known) = canonical(name) else {
            // The name is not repeated: when the header row is missing, row 1 may hold
            // a password.
            let finding = UNKNOWN_COLUMN
                .finding(format!(
                    "Column {} of the header has a name Exchange does not know.",
                    i + 1
                ))
                .at_row(1);
            out.push(match suggestion(name) {
                Some(s) => finding.with_help(format!("Did you mean {s}? Rename the column to {s} in Excel; Exchange fails the batch on unknown columns.")),
                None => finding,
            });
            continue;
        };
        let slot = match known {
            EMAIL => &mut columns.email,
            PASSWORD => &mut columns.password,
            _ => &mut columns.force_change,
        };
        if let Some(first) = *slot {
            out.push(
                DUPLICATE_COLUMN
                    .finding(format!(
                        "{known} appears twice: columns {} and {}.",
                        first + 1,
                        i + 1
                    ))
                    .at_row(1)
                    .in_column(known),
            );
            continue;
        }
        *slot = Some(i);
        if *raw != known {
            out.push(
                NAME_SPELLING
                    .finding(format!(
                        "The header writes column {} in another case or with spaces around it; it was read as {known}.",
                        i + 1
                    ))
                    .at_row(1)
                    .in_column(known)
                    .with_local_value(*raw),
            );
        }
    }
    if columns.email.is_none() {
        out.push(
            MISSING_EMAIL
                .finding(format!(
                    "None of the header's {} columns is EmailAddress.",
                    names.len()
                ))
                .at_row(1),
        );
    }
    columns
}

/// A header name without surrounding spaces or byte-order marks (a BOM is never part
/// of a name, even where a blank line before the header hid it from the decoder).
fn trim_name(name: &str) -> &str {
    name.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// The documented name that `name` means, ignoring case and surrounding spaces.
pub fn canonical(name: &str) -> Option<&'static str> {
    let name = trim_name(name);
    KNOWN.into_iter().find(|k| k.eq_ignore_ascii_case(name))
}

/// A known name close to a misspelt one: the same letters without spaces, dashes or
/// underscores, a common alias, or within a small edit distance.
///
/// Only names of letters and spaces, dots, dashes or underscores get one: a name with
/// digits or other symbols is more likely a password in row 1 of a file without a
/// header, and "Did you mean Password?" would tell how close it is to "Password".
fn suggestion(name: &str) -> Option<&'static str> {
    let wordlike = |c: char| c.is_ascii_alphabetic() || matches!(c, ' ' | '.' | '-' | '_');
    // No name near a known one (ForceChangePassword has 19 letters) is this long, and the
    // edit distance costs time in proportion to the name's length: a 1 MB header cell
    // found by fuzzing took seconds.
    const LONGEST_SUGGESTED: usize = 64;
    if name.len() > LONGEST_SUGGESTED || !name.chars().all(wordlike) {
        return None;
    }
    let squashed = squash(name);
    const ALIASES: [(&str, &str); 8] = [
        ("email", EMAIL),
        ("mail", EMAIL),
        ("emailaddresses", EMAIL),
        ("primarysmtpaddress", EMAIL),
        ("smtpaddress", EMAIL),
        ("pwd", PASSWORD),
        ("forcepasswordchange", FORCE_CHANGE),
        ("changepassword", FORCE_CHANGE),
    ];
    if let Some((_, known)) = ALIASES.iter().find(|(alias, _)| *alias == squashed) {
        return Some(known);
    }
    KNOWN
        .into_iter()
        .map(|k| {
            (
                strsim::damerau_levenshtein(&squashed, &k.to_ascii_lowercase()),
                k,
            )
        })
        .filter(|&(distance, k)| distance <= 2.max(k.len() / 5))
        .min()
        .map(|(_, k)| k)
}

/// A name lower-cased without spaces, dashes, underscores or other punctuation.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Names the migration type a header was made for, if it is not a staged migration.
fn other_migration(names: &[&str]) -> Option<&'static str> {
    let squashed: Vec<String> = names.iter().map(|n| squash(n)).collect();
    let has = |wanted: &str| squashed.iter().any(|n| n == wanted);
    if has("userroot") || (has("username") && has("password")) {
        Some("an IMAP migration CSV (EmailAddress, UserName, Password)")
    } else if has("username") {
        Some("a Google Workspace migration CSV (EmailAddress, UserName)")
    } else if [
        "baditemlimit",
        "largeitemlimit",
        "mailboxtype",
        "targetdatabase",
        "targetarchivedatabase",
    ]
    .iter()
    .any(|w| has(w))
    {
        Some(
            "a remote move (hybrid) migration CSV (BadItemLimit, LargeItemLimit, MailboxType, TargetDatabase)",
        )
    } else if has("sourceemail") && has("destinationemail") {
        Some("a BitTitan MigrationWiz bulk-add list (Source Email, Destination Email)")
    } else if [
        "sourcemailbox",
        "sourceupn",
        "sourceaddress",
        "sourceemailaddress",
    ]
    .iter()
    .any(|w| has(w))
        && [
            "targetmailbox",
            "targetupn",
            "targetaddress",
            "targetemailaddress",
        ]
        .iter()
        .any(|w| has(w))
    {
        Some("a cross-tenant mapping file (source and target addresses)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(names: &[&str]) -> Vec<&'static str> {
        let mut out = Vec::new();
        analyse(names, &mut out);
        out.into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn documented_header_is_clean() {
        let mut out = Vec::new();
        let c = analyse(
            &["EmailAddress", "Password", "ForceChangePassword"],
            &mut out,
        );
        assert!(out.is_empty());
        assert_eq!(
            (c.email, c.password, c.force_change, c.width),
            (Some(0), Some(1), Some(2), 3)
        );
    }

    #[test]
    fn case_and_spaces_are_read_with_a_warning() {
        assert_eq!(
            codes(&[" emailaddress", "PASSWORD"]),
            vec!["CSV105", "CSV105"]
        );
    }

    #[test]
    fn no_header_text_is_repeated_in_a_message() {
        // A header-less file's row 1 may hold a password in any column.
        let names = [" pAsSwOrD\u{a0}", "\u{feff}EMAILADDRESS", "Zq9!Secret"];
        let mut out = Vec::new();
        analyse(&names, &mut out);
        assert!(!out.is_empty());
        for f in &out {
            for name in names {
                let name = name.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
                assert!(!f.message.contains(name), "{}", f.message);
                assert!(!f.message.contains(&name.to_lowercase()), "{}", f.message);
            }
        }
        let spelling: Vec<_> = out.iter().filter(|f| f.code == "CSV105").collect();
        assert_eq!(spelling[0].local_value.as_deref(), Some(names[0]));
    }

    #[test]
    fn unknown_duplicate_blank_and_missing() {
        assert_eq!(codes(&["EmailAddress", "Pasword"]), vec!["CSV102"]);
        assert_eq!(codes(&["EmailAddress", "EmailAddress"]), vec!["CSV103"]);
        assert_eq!(codes(&["EmailAddress", ""]), vec!["CSV104"]);
        assert_eq!(codes(&["Mail"]), vec!["CSV102", "CSV101"]);
    }

    #[test]
    fn suggests_the_likely_name() {
        let mut out = Vec::new();
        analyse(&["Email Address"], &mut out);
        assert!(
            out[0].help.contains("Did you mean EmailAddress?"),
            "{}",
            out[0].help
        );
        assert_eq!(suggestion("ForcePasswordChange"), Some(FORCE_CHANGE));
        assert_eq!(suggestion("Department"), None);
        // A password in row 1 gets no hint of what it resembles.
        assert_eq!(suggestion("Passw0rd!"), None);
        assert_eq!(suggestion("E-mail_Address"), Some(EMAIL));
        // A name far longer than any known one gets no distance computed (bounded work).
        assert_eq!(suggestion(&"Px".repeat(524_288)), None);
        assert_eq!(suggestion(&format!("{}Email", " ".repeat(60))), None);
    }

    #[test]
    fn recognises_other_migration_types() {
        assert_eq!(
            codes(&["EmailAddress", "UserName", "Password"]),
            vec!["CSV106"]
        );
        assert_eq!(
            codes(&["EmailAddress", "BadItemLimit", "MailboxType"]),
            vec!["CSV106"]
        );
        assert_eq!(
            codes(&["Source Email", "Destination Email"]),
            vec!["CSV106"]
        );
        assert_eq!(codes(&["SourceMailbox", "TargetMailbox"]), vec!["CSV106"]);
        assert_eq!(codes(&["a@contoso.com", "a@fabrikam.com"]), vec!["CSV106"]);
    }

    #[test]
    fn an_address_in_row_one_means_no_header() {
        let mut out = Vec::new();
        let c = analyse(&["pilarp@contoso.com", "Pa$$w0rd"], &mut out);
        assert_eq!(out[0].code, "CSV011");
        assert!(c.headerless && c.password == Some(1));
    }
}

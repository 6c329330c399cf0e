//! The corrected CSV: only fixes that cannot change what the file means.
//!
//! Fixed: the encoding (written as UTF-8 without byte-order mark), the delimiter (commas),
//! header names written in another case or with spaces, blank lines and rows of only
//! delimiters (`;;`, which Excel leaves behind), repeated header rows (two lists pasted
//! together), spaces around addresses, ForceChangePassword values whose meaning is beyond
//! doubt (`True`/`False` in any case or with spaces, `Yes`/`No`, `Y`/`N`, `1`/`0`)
//! written as `True` or `False`, empty cells after the last column, and empty columns
//! without a name at the end. Everything else is left as it is and stays a finding in
//! the report of the corrected file. Passwords are copied unchanged, unless
//! `Options::generate_passwords` asks for new ones where a password is empty or would be
//! refused (see [`crate::password::PasswordRules::needs_replacement`]); the generated
//! passwords are written only into the corrected CSV, never into a change or a finding.
//!
//! Every change is listed (`changes`, with its row) and counted in groups
//! (`change_groups`, see [`change`]).

pub mod change;
mod password;
mod plan;

use csv::{QuoteStyle, Terminator, WriterBuilder};
use serde::Serialize;

use crate::check::{check_csv, repeats_header};
use crate::csv::decode::{self, Encoding};
use crate::csv::dialect;
use crate::csv::header;
use crate::csv::table::{self, Line};
use crate::finding::Finding;
use crate::options::Options;
use crate::password::PasswordRules;
use crate::report::Report;

use change::Changes;
pub use change::{Change, ChangeGroup};
use plan::Plan;

/// The group of the blank rows and the rows of only delimiters.
const EMPTY_ROW: &str = "empty row removed";

/// The corrected file, what was changed, and what is still wrong with it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fixed {
    /// The corrected CSV text (UTF-8, commas, CRLF line ends).
    pub csv: String,
    /// Every change, in file order.
    pub changes: Vec<Change>,
    /// The changes grouped by kind, in the order each kind first appears (JSON
    /// `changeGroups`).
    pub change_groups: Vec<ChangeGroup>,
    /// The check of the corrected file: the findings a fix cannot safely resolve.
    pub report: Report,
}

/// The name of a delimiter the fix replaces, for the change list.
fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b';' => "semicolons",
        b'\t' => "tabs",
        b'|' => "vertical bars",
        _ => "another character",
    }
}

/// Corrects what can be corrected safely. `Err` when the file cannot be read as CSV at
/// all (not text, empty, or a quote that is never closed), with the finding saying why.
pub fn fix_csv(bytes: &[u8], options: &Options) -> Result<Fixed, Box<Finding>> {
    let decoded = decode::decode(bytes)?;
    let mut changes = Changes::default();
    let mut file_level = |description: &str, group: &str| {
        changes.push(None, description.to_string(), group);
    };
    match decoded.encoding {
        Encoding::Windows1252 => file_level(
            "Converted from Windows-1252 (ANSI) to UTF-8.",
            "file converted from Windows-1252 (ANSI) to UTF-8",
        ),
        Encoding::Utf16Le | Encoding::Utf16Be => file_level(
            "Converted from UTF-16 to UTF-8.",
            "file converted from UTF-16 to UTF-8",
        ),
        Encoding::Utf8 if bytes.starts_with(b"\xEF\xBB\xBF") => file_level(
            "Removed the byte-order mark.",
            "byte-order mark removed from the file",
        ),
        Encoding::Utf8 => {}
    }
    let text = decoded.text.as_ref();
    let delimiter = dialect::detect_delimiter(text);
    if delimiter != b',' {
        file_level(
            "Separated the columns with commas.",
            &format!("{} → commas between columns", delimiter_name(delimiter)),
        );
    }
    let plan = Plan::read(text, delimiter)?;
    let passwords = options
        .generate_passwords
        .then(|| PasswordRules::new(options));

    let mut writer = WriterBuilder::new()
        .flexible(true)
        .quote_style(QuoteStyle::Necessary)
        .terminator(Terminator::CRLF)
        .from_writer(Vec::with_capacity(text.len() + 64));
    let mut header: Option<Vec<String>> = None;
    let mut quoted_header = String::new();
    let mut cells: Vec<String> = Vec::new();
    table::read(text, delimiter, |line| {
        let (row, record) = match line {
            Line::Blank { row } => {
                changes.push(Some(row), "Removed the blank row.".into(), EMPTY_ROW);
                return;
            }
            Line::Record { row, record, .. } => (row, record),
        };
        if record.only_delimiters() {
            // Not a mailbox (CSV216), nor the header above the header (CSV217): no
            // password is generated for it.
            changes.push(
                Some(row),
                "Removed a row of only delimiters (an empty row).".into(),
                EMPTY_ROW,
            );
            return;
        }
        cells.clear();
        cells.extend(record.iter().map(str::to_string));
        match &header {
            None => {
                plan.fix_header(&mut cells, &mut changes);
                header = Some(cells.clone());
                // A header without commas that holds another delimiter would be read with
                // that delimiter next time: quote every name to keep it one column.
                // A name still starting with a byte-order mark (kept before a formula
                // character, see `fix_header`) is quoted too, so the file does not
                // start with a mark Excel would drop.
                let one_column = cells.len() == 1 && cells[0].contains([';', '\t', '|']);
                if one_column || cells.first().is_some_and(|c| c.starts_with('\u{feff}')) {
                    let quoted: Vec<String> = cells
                        .iter()
                        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                        .collect();
                    quoted_header = quoted.join(",") + "\r\n";
                    return;
                }
            }
            Some(names) => {
                let email = names.iter().position(|n| n == header::EMAIL);
                if email
                    .and_then(|i| cells.get(i))
                    .is_some_and(|c| repeats_header(c))
                {
                    changes.push(
                        Some(row),
                        "Removed a repeated header row (two lists pasted together?).".into(),
                        "repeated header row removed",
                    );
                    return;
                }
                plan.fix_row(row, names, &mut cells, &mut changes);
                if let Some(rules) = &passwords {
                    password::replace_password(rules, row, names, &mut cells, &mut changes);
                }
            }
        }
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&cells);
    });
    let written = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
    let csv = quoted_header + &written;
    let report = check_csv(csv.as_bytes(), options);
    Ok(Fixed {
        csv,
        changes: changes.list,
        change_groups: changes.groups,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &[u8]) -> Fixed {
        fix_csv(text, &Options::default()).unwrap()
    }

    #[test]
    fn a_clean_file_is_unchanged() {
        let text = "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,\"Pa,ss\"\"w\",False\r\n";
        let fixed = fix(text.as_bytes());
        assert_eq!(fixed.csv, text);
        assert!(fixed.changes.is_empty());
    }

    #[test]
    fn fixes_encoding_delimiter_spaces_case_blank_rows_and_trailing_cells() {
        let ansi = b"\xEF\xBB\xBFemailaddress ;Password;forcechangepassword;;\r\n pilarp@contoso.com ;P\xe4ss;true;;\r\n\r\ntobyn@contoso.com;x; FALSE ;;\r\n";
        let fixed = fix(ansi);
        assert_eq!(
            fixed.csv,
            "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,Päss,True\r\ntobyn@contoso.com,x,False\r\n"
        );
        let rows: Vec<Option<u32>> = fixed.changes.iter().map(|c| c.row).collect();
        assert!(
            rows.contains(&Some(3)),
            "blank row 3 removed: {:?}",
            fixed.changes
        );
        assert!(
            fixed
                .report
                .findings
                .iter()
                .all(|f| !f.code.starts_with("CSV")),
            "{:?}",
            fixed.report.findings
        );
    }

    #[test]
    fn leaves_what_would_change_meaning() {
        let text = "EmailAddress,Password\r\nnot-an-address,  spaced password  \r\na@contoso.com,x\r\nA@contoso.com,y\r\n";
        let fixed = fix(text.as_bytes());
        assert!(
            fixed.csv.contains(",  spaced password  \r\n"),
            "passwords are never trimmed"
        );
        let codes: Vec<&str> = fixed.report.findings.iter().map(|f| f.code).collect();
        assert!(
            codes.contains(&"CSV202") && codes.contains(&"CSV207"),
            "{codes:?}"
        );
    }

    #[test]
    fn refuses_a_file_with_an_unclosed_quote() {
        let err = fix_csv(
            b"EmailAddress\r\n\"a@contoso.com\r\nb@contoso.com\r\n",
            &Options::default(),
        )
        .unwrap_err();
        assert_eq!((err.code, err.row), ("CSV006", Some(2)));
    }

    #[test]
    fn generates_passwords_only_where_asked_and_needed() {
        let text = b"EmailAddress,Password,ForceChangePassword\r\na@contoso.com,,True\r\nb@contoso.com,Pa$$w0rd,True\r\nc@contoso.com,kT7#vQ9!mZ2xwR4x,True\r\n";
        let generate = Options {
            generate_passwords: true,
            ..Options::default()
        };
        let fixed = fix_csv(text, &generate).unwrap();
        let rows: Vec<Vec<&str>> = fixed.csv.lines().map(|l| l.split(',').collect()).collect();
        assert_eq!(rows[1][1].len(), crate::password::generate::LENGTH);
        assert_ne!(rows[2][1], "Pa$$w0rd");
        assert_eq!(rows[3][1], "kT7#vQ9!mZ2xwR4x", "a good password is kept");
        let described: Vec<(Option<u32>, &str)> = fixed
            .changes
            .iter()
            .map(|c| (c.row, c.description.as_str()))
            .collect();
        assert_eq!(
            described,
            [
                (Some(2), "Generated a new password (it was empty)."),
                (
                    Some(3),
                    "Generated a new password (Password Protection would likely refuse the old one)."
                ),
            ]
        );
        assert!(
            fixed
                .report
                .findings
                .iter()
                .all(|f| !f.code.starts_with("PWD")),
            "{:?}",
            fixed.report.findings
        );
        assert_eq!(
            fix(text).csv,
            String::from_utf8_lossy(text),
            "off by default"
        );
        let federated = Options {
            federated: true,
            ..generate
        };
        assert!(fix_csv(text, &federated).unwrap().changes.is_empty());
    }

    #[test]
    fn never_trims_a_cell_into_a_formula() {
        let text = "EmailAddress,Password\r\n =HYPERLINK(\"http://x\"),x\r\n\t+1,y\r\n  a@contoso.com ,z\r\n";
        let fixed = fix(text.as_bytes());
        for line in fixed.csv.lines() {
            assert!(!line.starts_with(['=', '+', '-', '@']), "{line:?}");
        }
        assert!(
            fixed.csv.contains("\r\na@contoso.com,z\r\n"),
            "{}",
            fixed.csv
        );
        let trimmed: Vec<_> = fixed.changes.iter().filter_map(|c| c.row).collect();
        assert_eq!(trimmed, [4], "{:?}", fixed.changes);
        // A second byte-order mark before a formula stays, quoted so that the file
        // does not start with a mark Excel drops.
        let fixed = fix("\u{feff}\u{feff}=cmd,Password\r\na@contoso.com,z\r\n".as_bytes());
        assert!(fixed.csv.starts_with("\"\u{feff}=cmd\","), "{}", fixed.csv);
    }

    #[test]
    fn changes_never_hold_passwords() {
        let fixed = fix(
            b"emailaddress,Password,ForceChangePassword\r\n a@contoso.com ,S3cr3t<&>\"pw, Yes \r\nb@contoso.com,x,S3cr3t\r\n",
        );
        let all = format!("{:?} {:?}", fixed.changes, fixed.change_groups);
        assert!(!all.contains("S3cr3t"), "{all}");
        assert!(all.contains("Yes with spaces around it → True"), "{all}");
        // Without a header row, a renamed "column name" may be a password.
        let fixed = fix(b"EmailAddress, passWORD ,Zq!1\r\na@contoso.com,x,y\r\n");
        let all = format!("{:?}", fixed.changes);
        assert!(all.contains("Renamed column 2 to Password."), "{all}");
        assert!(!all.contains("passWORD"), "{all}");
    }

    fn groups(fixed: &Fixed) -> Vec<(&str, u32)> {
        fixed
            .change_groups
            .iter()
            .map(|g| (g.description.as_str(), g.count))
            .collect()
    }

    #[test]
    fn changes_are_grouped_in_order_of_first_appearance() {
        let text = "EmailAddress;Password;ForceChangePassword\r\na@contoso.com;x;TRUE\r\n\r\nb@contoso.com;y;Yes\r\nc@contoso.com;z;TRUE\r\n d@contoso.com;w; no \r\n";
        let fixed = fix(text.as_bytes());
        assert_eq!(
            groups(&fixed),
            [
                ("semicolons → commas between columns", 1),
                ("TRUE → True in ForceChangePassword", 2),
                ("empty row removed", 1),
                ("Yes → True in ForceChangePassword", 1),
                ("spaces trimmed around EmailAddress", 1),
                ("no with spaces around it → False in ForceChangePassword", 1),
            ]
        );
        let counted: u32 = fixed.change_groups.iter().map(|g| g.count).sum();
        assert_eq!(counted as usize, fixed.changes.len());
    }

    #[test]
    fn unambiguous_sign_in_values_become_true_or_false_and_pass_the_check() {
        let text = "EmailAddress,Password,ForceChangePassword\r\na@contoso.com,kT7#vQ9!mZ2xwR4x,Yes\r\nb@contoso.com,kT7#vQ9!mZ2xwR4y,n\r\nc@contoso.com,kT7#vQ9!mZ2xwR4z,1\r\nd@contoso.com,kT7#vQ9!mZ2xwR4w,0\r\ne@contoso.com,kT7#vQ9!mZ2xwR4v,On\r\n";
        let before = check_csv(text.as_bytes(), &Options::default());
        let pwd009 = |r: &Report| r.findings.iter().filter(|f| f.code == "PWD009").count();
        assert_eq!(pwd009(&before), 5, "{:?}", before.findings);
        let fixed = fix(text.as_bytes());
        let values: Vec<&str> = fixed
            .csv
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap())
            .collect();
        assert_eq!(values, ["True", "False", "True", "False", "On"]);
        assert_eq!(pwd009(&fixed.report), 1, "On is left to the admin");
        assert!(fixed.changes[0].description.contains("it said Yes"));
    }

    #[test]
    fn rows_of_only_delimiters_are_dropped_and_get_no_password() {
        let text = b"EmailAddress;Password;ForceChangePassword\r\na@contoso.com;;True\r\n;;\r\nb@contoso.com;;True\r\n;;\r\n";
        let generate = Options {
            generate_passwords: true,
            ..Options::default()
        };
        let fixed = fix_csv(text, &generate).unwrap();
        let lines: Vec<&str> = fixed.csv.lines().collect();
        assert_eq!(lines.len(), 3, "{}", fixed.csv);
        assert!(lines[1].starts_with("a@contoso.com,") && lines[2].starts_with("b@contoso.com,"));
        assert_eq!(
            groups(&fixed),
            [
                ("semicolons → commas between columns", 1),
                ("password generated (it was empty)", 2),
                ("empty row removed", 2),
            ]
        );
        assert_eq!(fixed.report.summary.mailboxes, 2);
    }
}

//! The corrected CSV: only fixes that cannot change what the file means.
//!
//! Fixed: the encoding (written as UTF-8 without byte-order mark), the delimiter (commas),
//! header names written in another case or with spaces, blank lines, repeated header
//! rows (two lists pasted together), spaces around
//! addresses, `True`/`False` in any case or with spaces, empty cells after the last column,
//! and empty columns without a name at the end. Everything else is left as it is and
//! stays a finding in the report of the corrected file. Passwords are copied unchanged,
//! unless `Options::generate_passwords` asks for new ones where a password is empty or
//! would be refused (see [`crate::password::PasswordRules::needs_replacement`]); the
//! generated passwords are written only into the corrected CSV, never into a change or
//! a finding.

use csv::{QuoteStyle, Terminator, WriterBuilder};
use serde::Serialize;

use crate::check::{check_csv, repeats_header};
use crate::csv::decode::{self, Encoding};
use crate::csv::dialect::{self, UNTERMINATED_QUOTE};
use crate::csv::header::{self, FORCE_CHANGE, PASSWORD};
use crate::csv::table::{self, Line};
use crate::finding::Finding;
use crate::options::Options;
use crate::password::PasswordRules;
use crate::report::Report;

/// One change the fix made. Never holds a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Excel row in the original file, if the change is about one row.
    pub row: Option<u32>,
    /// What was changed.
    pub description: String,
}

/// The corrected file, what was changed, and what is still wrong with it.
#[derive(Debug, Clone, Serialize)]
pub struct Fixed {
    /// The corrected CSV text (UTF-8, commas, CRLF line ends).
    pub csv: String,
    /// Every change, in file order.
    pub changes: Vec<Change>,
    /// The check of the corrected file: the findings a fix cannot safely resolve.
    pub report: Report,
}

/// Corrects what can be corrected safely. `Err` when the file cannot be read as CSV at
/// all (not text, empty, or a quote that is never closed), with the finding saying why.
pub fn fix_csv(bytes: &[u8], options: &Options) -> Result<Fixed, Box<Finding>> {
    let decoded = decode::decode(bytes)?;
    let mut changes = Vec::new();
    let file_level = |description: &str| Change {
        row: None,
        description: description.to_string(),
    };
    match decoded.encoding {
        Encoding::Windows1252 => {
            changes.push(file_level("Converted from Windows-1252 (ANSI) to UTF-8."))
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            changes.push(file_level("Converted from UTF-16 to UTF-8."))
        }
        Encoding::Utf8 if bytes.starts_with(b"\xEF\xBB\xBF") => {
            changes.push(file_level("Removed the byte-order mark."))
        }
        Encoding::Utf8 => {}
    }
    let text = decoded.text.as_ref();
    let delimiter = dialect::detect_delimiter(text);
    if delimiter != b',' {
        changes.push(file_level("Separated the columns with commas."));
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
                changes.push(Change {
                    row: Some(row),
                    description: "Removed the blank row.".into(),
                });
                return;
            }
            Line::Record { row, record, .. } => (row, record),
        };
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
                    changes.push(Change {
                        row: Some(row),
                        description: "Removed a repeated header row (two lists pasted together?)."
                            .into(),
                    });
                    return;
                }
                plan.fix_row(row, names, &mut cells, &mut changes);
                if let Some(rules) = &passwords {
                    replace_password(rules, row, names, &mut cells, &mut changes);
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
        changes,
        report,
    })
}

/// Writes a generated password into the row's Password cell when it is empty or would
/// be refused. The change says why, never what the old or the new password is.
fn replace_password(
    rules: &PasswordRules,
    row: u32,
    header: &[String],
    cells: &mut [String],
    changes: &mut Vec<Change>,
) {
    let column = |name: &str| header.iter().position(|h| h == name);
    let Some(at) = column(PASSWORD).filter(|&i| i < cells.len()) else {
        return;
    };
    let email = column(header::EMAIL).and_then(|i| cells.get(i)).cloned();
    let password = &cells[at];
    if !rules.needs_replacement(password, email.as_deref()) {
        return;
    }
    let why = if password.is_empty() {
        "it was empty"
    } else if crate::password::policy::complies(password) {
        // Only Password Protection's prediction (PWD005) is against it.
        "Password Protection would likely refuse the old one"
    } else {
        "Microsoft would refuse the old one"
    };
    let description = match rules.generate_for(email.as_deref()) {
        Ok(new) => {
            cells[at] = new;
            format!("Generated a new password ({why}).")
        }
        Err(e) => format!("Could not generate a password: {e}."),
    };
    changes.push(Change {
        row: Some(row),
        description,
    });
}

/// Whether Excel would read a cell starting like this as a formula (see
/// [`crate::check::FORMULA_CELL`]). A fix never makes such a cell from one that is not.
fn starts_formula(cell: &str) -> bool {
    cell.starts_with(crate::check::FORMULA_START)
}

/// What the first pass learnt: how many columns to keep.
struct Plan {
    /// Columns kept: the header's columns without empty unnamed ones at the end.
    keep: usize,
    /// Header width as written.
    width: usize,
}

impl Plan {
    /// First pass: refuses files with an unclosed quote and finds droppable columns.
    fn read(text: &str, delimiter: u8) -> Result<Plan, Box<Finding>> {
        let mut names: Option<Vec<bool>> = None; // per column: has a name
        let mut used: Vec<bool> = Vec::new(); // per column: some row has a value
        let mut unclosed = None;
        table::read(text, delimiter, |line| {
            let Line::Record {
                row,
                record,
                raw,
                at_end,
                quoted,
            } = line
            else {
                return;
            };
            if quoted {
                if let Some(f) = dialect::quote_finding(raw, delimiter, row, at_end) {
                    if f.code == UNTERMINATED_QUOTE.code {
                        unclosed = Some(f);
                    }
                }
            }
            match &names {
                None => {
                    names = Some(
                        record
                            .iter()
                            .map(|n| !n.bytes().all(|b| b.is_ascii_whitespace()))
                            .collect(),
                    );
                    used = vec![false; record.len()];
                }
                Some(_) => {
                    for (i, cell) in record.iter().enumerate().take(used.len()) {
                        used[i] |= !cell.is_empty();
                    }
                }
            }
        });
        if let Some(finding) = unclosed {
            return Err(Box::new(finding.with_help(
                "Close the quote first (see the finding's row): the file cannot be corrected automatically while a quote swallows the rest of it.",
            )));
        }
        let names = names.unwrap_or_default();
        let mut keep = names.len();
        while keep > 1 && !names[keep - 1] && !used[keep - 1] {
            keep -= 1;
        }
        Ok(Plan {
            keep,
            width: names.len(),
        })
    }

    fn fix_header(&self, cells: &mut Vec<String>, changes: &mut Vec<Change>) {
        if self.keep < self.width {
            changes.push(Change {
                row: Some(1),
                description: format!(
                    "Removed {} empty unnamed column(s) at the end.",
                    self.width - self.keep
                ),
            });
            cells.truncate(self.keep);
        }
        if let Some(first) = cells
            .first_mut()
            .filter(|c| c.starts_with('\u{feff}'))
            .filter(|c| !starts_formula(c.trim_start_matches('\u{feff}')))
        {
            *first = first.trim_start_matches('\u{feff}').to_string();
            changes.push(Change {
                row: Some(1),
                description: "Removed a byte-order mark from the first column name.".into(),
            });
        }
        for (i, cell) in cells.iter_mut().enumerate() {
            if let Some(known) = header::canonical(cell) {
                if cell != known {
                    // The old name is not repeated: in a file without a header row, row 1
                    // may hold a password.
                    changes.push(Change {
                        row: Some(1),
                        description: format!("Renamed column {} to {known}.", i + 1),
                    });
                    *cell = known.to_string();
                }
            }
        }
    }

    fn fix_row(
        &self,
        row: u32,
        header: &[String],
        cells: &mut Vec<String>,
        changes: &mut Vec<Change>,
    ) {
        if cells.len() > self.keep && cells[self.keep..].iter().all(String::is_empty) {
            if cells.len() > self.width {
                changes.push(Change {
                    row: Some(row),
                    description: "Removed empty cells after the last column.".into(),
                });
            }
            cells.truncate(self.keep);
        }
        for (cell, name) in cells.iter_mut().zip(header) {
            match name.as_str() {
                header::EMAIL => {
                    let trimmed = cell.trim_matches([' ', '\t']);
                    // Trimming " =HYPERLINK(…)" would make a live formula (CSV213).
                    if trimmed.len() != cell.len() && !starts_formula(trimmed) {
                        changes.push(Change {
                            row: Some(row),
                            description: "Trimmed spaces around EmailAddress.".into(),
                        });
                        *cell = trimmed.to_string();
                    }
                }
                FORCE_CHANGE => {
                    let value = cell.trim();
                    let normal = if value.eq_ignore_ascii_case("true") {
                        "True"
                    } else if value.eq_ignore_ascii_case("false") {
                        "False"
                    } else {
                        continue;
                    };
                    if cell != normal {
                        changes.push(Change {
                            row: Some(row),
                            description: format!("Wrote ForceChangePassword as {normal}."),
                        });
                        *cell = normal.to_string();
                    }
                }
                _ => {}
            }
        }
    }
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
        let fixed = fix(b"emailaddress,Password\r\n a@contoso.com ,S3cr3t<&>\"pw\r\n");
        let all = format!("{:?}", fixed.changes);
        assert!(!all.contains("S3cr3t"), "{all}");
        // Without a header row, a renamed "column name" may be a password.
        let fixed = fix(b"EmailAddress, passWORD ,Zq!1\r\na@contoso.com,x,y\r\n");
        let all = format!("{:?}", fixed.changes);
        assert!(all.contains("Renamed column 2 to Password."), "{all}");
        assert!(!all.contains("passWORD"), "{all}");
    }
}

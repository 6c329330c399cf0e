//! The fixes to the header and to each row: columns to drop, names to correct, cells to
//! trim, sign-in values to write as `True` or `False`.

use super::change::Changes;
use crate::csv::dialect::{self, UNTERMINATED_QUOTE};
use crate::csv::header::{self, FORCE_CHANGE};
use crate::csv::table::{self, Line};
use crate::finding::Finding;

/// `True` or `False` for a ForceChangePassword cell whose meaning is beyond doubt
/// ([`crate::password::sign_in::MEANING`]: `On`, `Off` and `-1` are left to the admin,
/// PWD009 says what to write), with the value as written without its spaces (one of
/// those words, in its case: no other cell content, see [`super::change`]).
pub(super) fn sign_in_value(cell: &str) -> Option<(&str, &'static str)> {
    let value = cell.trim();
    crate::password::sign_in::meaning(value)
        .map(|(_, yes)| (value, if yes { "True" } else { "False" }))
}

/// Whether Excel would read a cell starting like this as a formula (see
/// [`crate::check::FORMULA_CELL`]). A fix never makes such a cell from one that is not.
pub(super) fn starts_formula(cell: &str) -> bool {
    cell.starts_with(crate::check::FORMULA_START)
}

/// What the first pass learnt: how many columns to keep.
pub(super) struct Plan {
    /// Columns kept: the header's columns without empty unnamed ones at the end.
    keep: usize,
    /// Header width as written.
    width: usize,
}

impl Plan {
    /// First pass: refuses files with an unclosed quote and finds droppable columns.
    pub(super) fn read(text: &str, delimiter: u8) -> Result<Plan, Box<Finding>> {
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
                // Rows of only delimiters are dropped, above the header (CSV217) too.
                None if record.only_delimiters() => {}
                None => {
                    names = Some(
                        record
                            .iter()
                            .map(|n| !n.bytes().all(|b| b.is_ascii_whitespace()))
                            .collect(),
                    );
                    used = vec![false; record.len()];
                }
                // A row of only delimiters is dropped by the fix: its spaces do not make
                // a column used (else the second fix would drop the column the first kept).
                Some(_) if record.only_delimiters() => {}
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

    pub(super) fn fix_header(&self, cells: &mut Vec<String>, changes: &mut Changes) {
        if self.keep < self.width {
            let dropped = self.width - self.keep;
            changes.push_counted(
                Some(1),
                format!(
                    "Removed {} at the end.",
                    crate::render::count::count(
                        dropped as u64,
                        "empty unnamed column",
                        "empty unnamed columns"
                    )
                ),
                "empty unnamed column at the end removed",
                u32::try_from(dropped).unwrap_or(u32::MAX),
            );
            cells.truncate(self.keep);
        }
        if let Some(first) = cells
            .first_mut()
            .filter(|c| c.starts_with('\u{feff}'))
            .filter(|c| !starts_formula(c.trim_start_matches('\u{feff}')))
        {
            *first = first.trim_start_matches('\u{feff}').to_string();
            changes.push(
                Some(1),
                "Removed a byte-order mark from the first column name.".into(),
                "byte-order mark removed from the first column name",
            );
        }
        for (i, cell) in cells.iter_mut().enumerate() {
            if let Some(known) = header::canonical(cell) {
                if cell != known {
                    // The old name is not repeated: in a file without a header row, row 1
                    // may hold a password.
                    changes.push(
                        Some(1),
                        format!("Renamed column {} to {known}.", i + 1),
                        &format!("column name corrected to {known}"),
                    );
                    *cell = known.to_string();
                }
            }
        }
    }

    pub(super) fn fix_row(
        &self,
        row: u32,
        header: &[String],
        cells: &mut Vec<String>,
        changes: &mut Changes,
    ) {
        if cells.len() > self.keep && cells[self.keep..].iter().all(String::is_empty) {
            if cells.len() > self.width {
                changes.push(
                    Some(row),
                    "Removed empty cells after the last column.".into(),
                    "row's empty cells after the last column removed",
                );
            }
            cells.truncate(self.keep);
        }
        for (cell, name) in cells.iter_mut().zip(header) {
            match name.as_str() {
                header::EMAIL => {
                    let trimmed = cell.trim_matches([' ', '\t']);
                    // Trimming " =HYPERLINK(…)" would make a live formula (CSV213).
                    if trimmed.len() != cell.len() && !starts_formula(trimmed) {
                        changes.push(
                            Some(row),
                            "Trimmed spaces around EmailAddress.".into(),
                            "spaces trimmed around EmailAddress",
                        );
                        *cell = trimmed.to_string();
                    }
                }
                FORCE_CHANGE => {
                    let Some((written, normal)) = sign_in_value(cell) else {
                        continue;
                    };
                    if cell != normal {
                        let spaced = if written.len() != cell.len() {
                            " with spaces around it"
                        } else {
                            ""
                        };
                        changes.push(
                            Some(row),
                            format!(
                                "Wrote ForceChangePassword as {normal} (it said {written}{spaced})."
                            ),
                            &format!("{written}{spaced} → {normal} in ForceChangePassword"),
                        );
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

    #[test]
    fn sign_in_values_beyond_doubt_become_true_or_false() {
        for (cell, written, normal) in [
            ("Yes", "Yes", "True"),
            (" y ", "y", "True"),
            ("1", "1", "True"),
            ("TRUE", "TRUE", "True"),
            ("no", "no", "False"),
            ("N", "N", "False"),
            ("\t0", "0", "False"),
            ("fAlSe", "fAlSe", "False"),
            ("WAHR", "WAHR", "True"),
            ("Falsch", "Falsch", "False"),
            ("VRAI", "VRAI", "True"),
            ("ONWAAR", "ONWAAR", "False"),
        ] {
            assert_eq!(sign_in_value(cell), Some((written, normal)), "{cell:?}");
        }
        for cell in ["On", "off", "-1", "", "  ", "yes!", "2", "Nein!", "s3cr3t"] {
            assert_eq!(sign_in_value(cell), None, "{cell:?}");
        }
    }
}

//! Caps on what no real migration CSV comes near: the header's width and a cell's
//! length. Each is a finding, never a silent cut; what lies past a cap is not checked.

use crate::csv::header::{self, Columns};
use crate::csv::table::Record;
use crate::finding::{Finding, Rule, Severity};

/// The most header columns read: Excel's own limit (16,384 columns, A to XFD), so no
/// sheet saved from Excel has more. A staged-migration CSV needs three.
pub const MAX_COLUMNS: usize = 16_384;

/// The most bytes a cell may hold and still be checked: four times 256, the longest
/// value a staged-migration CSV can hold (a password of 256 characters, Microsoft
/// Entra's limit; an address is at most 254), each character taking at most four bytes
/// in UTF-8.
pub const MAX_CELL: usize = 1_024;

/// CSV013: a header wider than Excel allows.
pub static TOO_MANY_COLUMNS: Rule = Rule {
    code: "CSV013",
    severity: Severity::Error,
    title: "The header has more columns than Excel allows",
    help: "A staged-migration CSV has at most three columns: EmailAddress, Password and ForceChangePassword. The file is most likely not a CSV saved from Excel, or its delimiter is wrong; export the list again as CSV UTF-8.",
};

/// CSV014: a cell longer than any valid value.
pub static CELL_TOO_LONG: Rule = Rule {
    code: "CSV014",
    severity: Severity::Error,
    title: "A cell is far longer than any valid value",
    help: "No value of a staged-migration CSV is longer than 256 characters (passwords) or 254 (addresses). Such a cell usually holds several cells run together (an unclosed quote, a wrong delimiter) or pasted text; correct the row in Excel.",
};

/// The cap findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[&TOO_MANY_COLUMNS, &CELL_TOO_LONG];

/// The CSV013 finding for a header of `width` columns, if it is wider than the cap.
pub(crate) fn too_many_columns(row: u32, width: usize) -> Option<Finding> {
    (width > MAX_COLUMNS).then(|| {
        TOO_MANY_COLUMNS
            .finding(format!(
                "Row {row}, the header, has more than {MAX_COLUMNS} columns (Excel's limit); only the first {MAX_COLUMNS} were read as column names."
            ))
            .at_row(row)
    })
}

/// Whether a cell is short enough to be checked.
#[inline]
pub(crate) fn within(cell: &&str) -> bool {
    cell.len() <= MAX_CELL
}

/// A CSV014 finding for every cell of the row longer than the cap, naming its column
/// (never its content, which may be a password in any column).
pub(crate) fn long_cells(
    row: u32,
    record: &Record<'_>,
    columns: &Columns,
    counted_only: &[&'static str],
    out: &mut Vec<Finding>,
) {
    if !record.any_longer_than(MAX_CELL) {
        return;
    }
    for (i, cell) in record.iter().enumerate() {
        if cell.len() <= MAX_CELL {
            continue;
        }
        let known = [
            (columns.email, header::EMAIL),
            (columns.password, header::PASSWORD),
            (columns.force_change, header::FORCE_CHANGE),
        ]
        .into_iter()
        .find_map(|(at, name)| (at == Some(i)).then_some(name));
        let column = known.map_or_else(|| format!("column {}", i + 1), str::to_string);
        let finding = CELL_TOO_LONG.finding_unless_counted(counted_only, || {
            format!(
                "Row {row}: the {column} cell is longer than {MAX_CELL} bytes, four times the longest valid value; it was not checked further."
            )
        });
        out.push(match known {
            Some(name) => finding.at_row(row).in_column(name),
            None => finding.at_row(row),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    fn codes(csv: &str) -> Vec<(&'static str, Option<u32>, Option<String>)> {
        crate::check_csv(csv.as_bytes(), &Options::default())
            .findings
            .into_iter()
            .filter(|f| f.code == "CSV013" || f.code == "CSV014")
            .map(|f| (f.code, f.row, f.column))
            .collect()
    }

    #[test]
    fn a_header_wider_than_excel_allows_is_reported_once() {
        let mut csv = "x,".repeat(MAX_COLUMNS);
        csv.push_str("EmailAddress\npilarp@contoso.com\n");
        assert_eq!(codes(&csv), [("CSV013", Some(1), None)]);
        let report = crate::check_csv(csv.as_bytes(), &Options::default());
        // The unknown columns past the cap are not named one by one.
        let unknown = report.findings.iter().filter(|f| f.code == "CSV102");
        assert!(unknown.count() <= crate::csv::limit::PER_CODE as usize + 1);
        let fits = format!("{}EmailAddress\npilarp@contoso.com\n", "x,".repeat(10));
        assert!(codes(&fits).is_empty());
    }

    #[test]
    fn an_overlong_cell_is_named_by_column_and_not_checked() {
        let secret = format!("Sommer{}", "9".repeat(MAX_CELL));
        let csv = format!(
            "EmailAddress,Password,ForceChangePassword\npilarp@contoso.com,{secret},True\n{secret}@contoso.com,Kq7#vZm!Lp2x,False\n"
        );
        let report = crate::check_csv(csv.as_bytes(), &Options::default());
        let found = codes(&csv);
        assert_eq!(
            found,
            [
                ("CSV014", Some(2), Some("Password".to_string())),
                ("CSV014", Some(3), Some("EmailAddress".to_string())),
            ]
        );
        for f in &report.findings {
            assert!(!f.message.contains("Sommer"), "{}", f.message);
            // The long cells are not checked further: no password or address findings
            // about them, and no "empty address" either.
            if f.row == Some(2) {
                assert!(!f.code.starts_with("PWD00"), "{f:?}");
            }
            if f.row == Some(3) {
                assert!(!f.code.starts_with("CSV2"), "{f:?}");
            }
        }
        let short = "EmailAddress,Password\npilarp@contoso.com,Kq7#vZm!Lp2x\n";
        assert!(codes(short).is_empty());
    }
}

//! The CSV dialect: which delimiter the file really uses, and quoting faults.

use crate::finding::{Finding, Rule, Severity};

/// CSV005: semicolons, tabs or pipes instead of commas.
pub static WRONG_DELIMITER: Rule = Rule {
    code: "CSV005",
    severity: Severity::Error,
    title: "Columns are not separated by commas",
    help: "The admin center accepts only commas. In Excel choose File > Save As > \"CSV UTF-8 (Comma delimited)\"; if Excel still writes semicolons, set Windows' list separator to a comma (Region > Additional settings) or use the corrected CSV (the page offers it; on the command line the fix command writes it).",
};

/// CSV006: a quote that is never closed swallows the rest of the file.
pub static UNTERMINATED_QUOTE: Rule = Rule {
    code: "CSV006",
    severity: Severity::Error,
    title: "A quoted value is never closed",
    help: "A value that starts with \" must end with \". Find the row in a text editor and add the closing quote, or remove the opening one. Everything after it was read as one value.",
};

/// CSV007: a quote inside a value that does not start with one.
pub static STRAY_QUOTE: Rule = Rule {
    code: "CSV007",
    severity: Severity::Error,
    title: "A quote character inside an unquoted value",
    help: "A \" inside a value is only allowed when the whole value is in quotes and the inner quote is doubled (\"Pa\"\"ss\"). Excel writes this correctly when you save from Excel; fix the row in a text editor.",
};

/// The rules of this module, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[&WRONG_DELIMITER, &UNTERMINATED_QUOTE, &STRAY_QUOTE];

/// The delimiters people actually save CSVs with, by how likely they are.
const CANDIDATES: [(u8, &str); 4] = [
    (b',', "commas"),
    (b';', "semicolons"),
    (b'\t', "tabs"),
    (b'|', "pipes"),
];

/// Picks the delimiter from the first non-empty line (the header): a comma if there is one, else the
/// most frequent other candidate outside quotes, else a comma (one column).
pub fn detect_delimiter(text: &str) -> u8 {
    let line = text
        .split(['\n', '\r'])
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = CANDIDATES.iter().position(|&(d, _)| d == b) {
                counts[i] += 1;
            }
        }
    }
    if counts[0] > 0 {
        return b',';
    }
    let best = (1..4)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] > 0 {
        CANDIDATES[best].0
    } else {
        b','
    }
}

/// The finding for a file separated by something other than commas.
pub fn delimiter_finding(delimiter: u8) -> Option<Finding> {
    let (_, name) = CANDIDATES.iter().find(|&&(d, _)| d == delimiter)?;
    (delimiter != b',').then(|| {
        WRONG_DELIMITER
            .finding(format!(
                "The columns are separated by {name}. Exchange requires commas; the file was read with {name} so the rest can be checked."
            ))
            .at_row(1)
    })
}

/// Quoting faults in one raw record (its bytes as written, terminator included).
///
/// Called only for records that contain a quote character. `at_end` says the record
/// runs to the end of the file, where an unclosed quote ends up.
pub fn quote_finding(raw: &[u8], delimiter: u8, row: u32, at_end: bool) -> Option<Finding> {
    let mut field_start = true;
    let mut quoted = false;
    let mut field = 1;
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if quoted {
            if b == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' {
            if !field_start {
                // The value's position, not the character's: where the quote is within
                // the row would tell how long the values before it are.
                return Some(STRAY_QUOTE.finding(format!(
                    "Row {row} has a \" inside value {field} of the row, which does not start with one."
                )).at_row(row));
            }
            quoted = true;
        } else if b == delimiter || b == b'\n' || b == b'\r' {
            field += usize::from(b == delimiter);
            field_start = true;
            i += 1;
            continue;
        }
        field_start = false;
        i += 1;
    }
    (quoted && at_end).then(|| {
        UNTERMINATED_QUOTE
            .finding(format!(
                "The quote opened in row {row} is never closed, so everything from there to the end of the file was read as one value."
            ))
            .at_row(row)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_delimiters() {
        assert_eq!(detect_delimiter("EmailAddress,Password\n"), b',');
        assert_eq!(
            detect_delimiter("\n\nEmailAddress;Password;ForceChangePassword\n"),
            b';'
        );
        assert_eq!(detect_delimiter("EmailAddress\tPassword\n"), b'\t');
        assert_eq!(detect_delimiter("EmailAddress|Password\n"), b'|');
        assert_eq!(detect_delimiter("EmailAddress\n"), b',');
        assert_eq!(detect_delimiter("\"a;b\",c\n"), b',');
        assert!(
            delimiter_finding(b';')
                .unwrap()
                .message
                .contains("semicolons")
        );
        assert!(delimiter_finding(b',').is_none());
    }

    #[test]
    fn finds_quote_faults() {
        assert!(quote_finding(b"\"a\"\"b\",c\n", b',', 2, false).is_none());
        assert_eq!(
            quote_finding(b"ab\"c,d\n", b',', 3, false).unwrap().code,
            "CSV007"
        );
        let stray = quote_finding(b"Secret1,a\"b,c\n", b',', 2, false).unwrap();
        assert!(
            stray.message.contains("value 2 of the row"),
            "{}",
            stray.message
        );
        let open = quote_finding(b"\"abc,d\nrest\n", b',', 4, true).unwrap();
        assert_eq!((open.code, open.row), ("CSV006", Some(4)));
        assert!(quote_finding(b"x,\"multi\nline\"\n", b',', 2, true).is_none());
    }
}

//! Microsoft Entra ID's password policy for cloud accounts, and cells Excel would spoil.
//!
//! The policy [doc: concept-sspr-policy]: 8 to 256 characters; only `A-Z a-z 0-9`, the
//! symbols ``@ # $ % ^ & * - _ ! + = [ ] { } | \ : ' , . ? / ` ~ " ( ) ; < >`` and the
//! blank space (together: every printable ASCII character); no Unicode; three of the
//! four kinds lowercase, uppercase, digits and symbols. The blank space counts as a
//! symbol [inferred: Microsoft lists it with the symbols].
//!
//! Messages name the rule that failed and never quote the password.

use crate::csv::header::PASSWORD;
use crate::finding::{Finding, Rule, Severity};

/// Fewest characters Microsoft accepts.
pub const MIN_LENGTH: usize = 8;
/// Most characters Microsoft accepts.
pub const MAX_LENGTH: usize = 256;

/// PWD001: fewer than 8 characters.
pub static TOO_SHORT: Rule = Rule {
    code: "PWD001",
    severity: Severity::Error,
    title: "Password shorter than 8 characters",
    help: "Microsoft Entra ID requires at least 8 characters. Lengthen the password in Excel, or let the corrected CSV generate one.",
};

/// PWD002: more than 256 characters.
pub static TOO_LONG: Rule = Rule {
    code: "PWD002",
    severity: Severity::Error,
    title: "Password longer than 256 characters",
    help: "Microsoft Entra ID accepts at most 256 characters. Shorten the password; a cell this long is often two cells run together by a missing quote or comma.",
};

/// PWD003: characters outside printable ASCII.
pub static CHARACTERS: Rule = Rule {
    code: "PWD003",
    severity: Severity::Error,
    title: "Password contains characters Microsoft does not allow",
    help: "Only A-Z, a-z, 0-9, the blank space and the symbols @ # $ % ^ & * - _ ! + = [ ] { } | \\ : ' , . ? / ` ~ \" ( ) ; < > are allowed; letters with accents, other Unicode characters, tabs and line breaks are not. Retype the password in Excel without them (Word and Outlook turn quotes and dashes into typographic ones), or let the corrected CSV generate one.",
};

/// PWD004: fewer than three of the four kinds of characters.
pub static KINDS: Rule = Rule {
    code: "PWD004",
    severity: Severity::Error,
    title: "Password uses fewer than three kinds of characters",
    help: "Microsoft Entra ID requires three of these four: lowercase letters, uppercase letters, digits, symbols. Add the missing kinds, or let the corrected CSV generate a password.",
};

/// PWD007: spaces at the start or end, which copy and paste and Excel lose; also
/// around True or False in ForceChangePassword (see [`super::sign_in`]).
pub static SURROUNDING_SPACE: Rule = Rule {
    code: "PWD007",
    severity: Severity::Warning,
    title: "Password (or ForceChangePassword's True/False) starts or ends with a space",
    help: "Spaces at the ends of a cell are easily lost: Excel's TRIM, copy and paste and the user typing the password all drop them, and the user cannot sign in. Remove them, or use spaces only inside the password. Around True or False in ForceChangePassword, remove them: that Exchange ignores them is not documented; the corrected CSV removes them there.",
};

/// PWD008: a leading character that makes Excel read the cell as a formula.
pub static FORMULA: Rule = Rule {
    code: "PWD008",
    severity: Severity::Warning,
    title: "Password starts with = + - or @ (Excel reads it as a formula)",
    help: "When the CSV is opened in Excel, a cell starting with = + - or @ becomes a formula: the password is changed or shows an error, and saving writes the changed value. Start the password with another character, or edit the CSV in a text editor only.",
};

/// The kinds of characters, in Microsoft's order.
const KIND_NAMES: [&str; 4] = [
    "lowercase letters",
    "uppercase letters",
    "digits",
    "symbols",
];

/// Checks `password` (not empty) at `row`, adding a finding for each rule it fails.
/// Returns whether any rule with severity error failed.
pub fn check(
    row: u32,
    password: &str,
    counted_only: &[&'static str],
    out: &mut Vec<Finding>,
) -> bool {
    let at = |rule: &'static Rule, message: &dyn Fn() -> String| {
        rule.finding_unless_counted(counted_only, message)
            .at_row(row)
            .in_column(PASSWORD)
    };
    let before = out.len();
    let (length, kinds, all_allowed) = scan(password);
    if length < MIN_LENGTH {
        out.push(at(&TOO_SHORT, &|| {
            format!("The password in row {row} is shorter than {MIN_LENGTH} characters.")
        }));
    } else if length > MAX_LENGTH {
        out.push(at(&TOO_LONG, &|| {
            format!("The password in row {row} is longer than {MAX_LENGTH} characters.")
        }));
    }
    if let Some(description) = (!all_allowed)
        .then(|| describe_disallowed(password))
        .flatten()
    {
        out.push(at(&CHARACTERS, &|| {
            format!("The password in row {row} contains {description}.")
        }));
    }
    if kinds.iter().filter(|&&k| k).count() < 3 {
        let missing: Vec<&str> = kinds
            .iter()
            .zip(KIND_NAMES)
            .filter(|(present, _)| !**present)
            .map(|(_, name)| name)
            .collect();
        out.push(at(
            &KINDS,
            &|| format!(
                "The password in row {row} has no {}; it needs three of the four kinds lowercase letters, uppercase letters, digits and symbols.",
                join_or(&missing)
            ),
        ));
    }
    let failed = out.len() > before;
    if password.starts_with(' ') || password.ends_with(' ') {
        let place = match (password.starts_with(' '), password.ends_with(' ')) {
            (true, true) => "starts and ends",
            (true, false) => "starts",
            _ => "ends",
        };
        out.push(at(&SURROUNDING_SPACE, &|| {
            format!("The password in row {row} {place} with a space.")
        }));
    }
    if password.starts_with(['=', '+', '-', '@']) {
        out.push(at(
            &FORMULA,
            &|| format!("The password in row {row} starts with one of = + - @, so Excel reads it as a formula."),
        ));
    }
    failed
}

/// Whether `password` meets the policy: length, characters and kinds.
pub fn complies(password: &str) -> bool {
    let (length, kinds, all_allowed) = scan(password);
    (MIN_LENGTH..=MAX_LENGTH).contains(&length)
        && all_allowed
        && kinds.iter().filter(|&&k| k).count() >= 3
}

/// One pass over the password: its length in characters, which of lowercase,
/// uppercase, digits and symbols (space included) it has, and whether every character
/// is allowed (printable ASCII). This runs on every row.
fn scan(password: &str) -> (usize, [bool; 4], bool) {
    let (bits, all_allowed) = password.bytes().fold((0u8, true), |(bits, ok), b| {
        let kind = KIND_BITS[usize::from(b)];
        (bits | kind, ok && kind != 0)
    });
    let length = if all_allowed {
        password.len()
    } else {
        password.chars().count()
    };
    let kinds = [bits & 1 != 0, bits & 2 != 0, bits & 4 != 0, bits & 8 != 0];
    (length, kinds, all_allowed)
}

/// Kind bits of each byte: 1 lowercase, 2 uppercase, 4 digit, 8 symbol (space
/// included); 0 for bytes that are not printable ASCII.
const KIND_BITS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = b' ';
    while b <= b'~' {
        table[b as usize] = match b {
            b'a'..=b'z' => 1,
            b'A'..=b'Z' => 2,
            b'0'..=b'9' => 4,
            _ => 8,
        };
        b += 1;
    }
    table
};

/// Describes the characters outside printable ASCII by kind, never by value: "2
/// characters that are not allowed: a typographic quote or dash and a tab".
fn describe_disallowed(password: &str) -> Option<String> {
    if password.bytes().all(|b| KIND_BITS[usize::from(b)] != 0) {
        return None;
    }
    let mut count = 0;
    let mut seen = [false; 6];
    for c in password.chars() {
        let kind = match c {
            ' '..='~' => continue,
            '\t' => 0,
            '\r' | '\n' => 1,
            '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2013}' | '\u{2014}' => 2,
            '\u{00A0}' | '\u{2000}'..='\u{200F}' | '\u{2028}'..='\u{202F}' | '\u{FEFF}' => 3,
            c if c.is_alphabetic() => 4,
            _ => 5,
        };
        count += 1;
        seen[kind] = true;
    }
    const NAMES: [&str; 6] = [
        "a tab",
        "a line break",
        "a typographic quote or dash (as Word and Outlook write them)",
        "an invisible or non-breaking space",
        "a letter outside A-Z (such as an accented letter)",
        "a non-ASCII symbol (such as € or §)",
    ];
    let kinds: Vec<&str> = seen
        .iter()
        .zip(NAMES)
        .filter(|(s, _)| **s)
        .map(|(_, n)| n)
        .collect();
    Some(format!(
        "{count} character{} that {} not allowed: {}",
        if count == 1 { "" } else { "s" },
        if count == 1 { "is" } else { "are" },
        join(&kinds, "and")
    ))
}

/// "a", "a or b", "a, b or c".
fn join_or(items: &[&str]) -> String {
    join(items, "or")
}

fn join(items: &[&str], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(password: &str) -> Vec<&'static str> {
        let mut out = Vec::new();
        check(2, password, &[], &mut out);
        out.into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn each_rule_on_its_own() {
        assert!(codes("Str0ng!pw").is_empty());
        assert_eq!(codes("Ab1!"), ["PWD001"]);
        assert_eq!(codes(&format!("Ab1!{}", "x".repeat(253))), ["PWD002"]);
        assert_eq!(codes("Pässw0rd!"), ["PWD003"]);
        assert_eq!(codes("alllowercase1"), ["PWD004"]);
        assert_eq!(codes(" Str0ng!pw"), ["PWD007"]);
        assert_eq!(codes("=Str0ng!pw"), ["PWD008"]);
    }

    #[test]
    fn the_limits_themselves_pass() {
        assert!(complies("Abcdef1!"));
        assert!(complies(&format!("Ab1{}", "x".repeat(253))));
        assert!(!complies(&format!("Ab1{}", "x".repeat(254))));
        assert!(complies("abc def 1"), "a space counts as a symbol");
    }

    #[test]
    fn messages_name_the_rule_not_the_password() {
        let mut out = Vec::new();
        assert!(check(7, "pässword\u{2019}\t", &[], &mut out));
        let text: Vec<&str> = out.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            text,
            [
                "The password in row 7 contains 3 characters that are not allowed: a tab, a typographic quote or dash (as Word and Outlook write them) and a letter outside A-Z (such as an accented letter).",
                "The password in row 7 has no uppercase letters, digits or symbols; it needs three of the four kinds lowercase letters, uppercase letters, digits and symbols.",
            ]
        );
        assert!(
            out.iter()
                .all(|f| f.row == Some(7) && f.column.as_deref() == Some(PASSWORD))
        );
    }

    #[test]
    fn warnings_do_not_count_as_failure() {
        let mut out = Vec::new();
        assert!(!check(2, "@Str0ng!pw ", &[], &mut out));
        assert_eq!(out.len(), 2);
    }
}

//! The ForceChangePassword column, and what AD FS single sign-on changes.
//!
//! The column takes `True` or `False` (any case); an empty cell uses the batch's setting
//! [doc]. With AD FS (or other federated) single sign-on, `True` fails the user with
//! "This action is currently blocked for the API" (0x80048210), and the passwords in
//! the CSV are not used, because users sign in with their on-premises password
//! [doc, KB 2845956].
//!
//! `True` or `False` with spaces around it is a warning (PWD007), not an error: that
//! Exchange refuses it is not documented, the header names' spaces are only a warning
//! too (CSV105), and the corrected CSV removes both. Were it read by .NET's
//! `Boolean.Parse`, which ignores surrounding white space, it would be accepted
//! [inferred].
//!
//! Values are never quoted in messages: in a row whose cells have shifted (an unquoted
//! comma in a password), this column may hold part of a password.

use super::policy::SURROUNDING_SPACE;
use crate::csv::header::{FORCE_CHANGE, PASSWORD};
use crate::finding::{Finding, Rule, Severity};

/// The ForceChangePassword words whose meaning is beyond doubt, compared in any case:
/// True and False, yes/no, y/n, 1/0, and the words a localised Excel writes for TRUE and
/// FALSE (German WAHR/FALSCH, French VRAI/FAUX, Spanish VERDADERO/FALSO, Portuguese
/// VERDADEIRO/FALSO, Italian VERO/FALSO, Dutch WAAR/ONWAAR). The corrected CSV writes
/// them as `True` or `False`; `On`, `Off` and `-1` are left to the admin.
pub(crate) const MEANING: [(&str, bool); 18] = [
    ("true", true),
    ("false", false),
    ("yes", true),
    ("y", true),
    ("1", true),
    ("no", false),
    ("n", false),
    ("0", false),
    ("wahr", true),
    ("falsch", false),
    ("vrai", true),
    ("faux", false),
    ("verdadero", true),
    ("verdadeiro", true),
    ("vero", true),
    ("falso", false),
    ("waar", true),
    ("onwaar", false),
];

/// What a ForceChangePassword cell means, when that is beyond doubt ([`MEANING`]), with
/// the word as the table writes it (lower case: no other cell content leaves here).
pub(crate) fn meaning(cell: &str) -> Option<(&'static str, bool)> {
    let value = cell.trim();
    MEANING
        .iter()
        .find(|(word, _)| value.eq_ignore_ascii_case(word))
        .copied()
}

/// PWD009: not True or False.
pub static NOT_BOOLEAN: Rule = Rule {
    code: "PWD009",
    severity: Severity::Error,
    title: "ForceChangePassword is not True or False",
    help: "Write True (the user must choose a new password at first sign-in) or False, or leave the cell empty to use the batch's setting. Yes, No, 1, 0, a localised Excel's WAHR/FALSCH or VRAI/FAUX, and cells holding only spaces are not accepted (True or False with spaces around it is only a warning, PWD007). The corrected CSV writes Yes, Y, 1 and a localised Excel's TRUE (WAHR, VRAI, VERDADERO, VERO, WAAR) as True, and No, N, 0 and its FALSE (FALSCH, FAUX, FALSO, ONWAAR) as False.",
};

/// PWD010: True with federated sign-in.
pub static FEDERATED_TRUE: Rule = Rule {
    code: "PWD010",
    severity: Severity::Error,
    title: "ForceChangePassword is True with AD FS single sign-on",
    help: "With AD FS (federated) single sign-on, Microsoft cannot make users change a password they sign in with on premises: the user fails with \"This action is currently blocked for the API\" (0x80048210, KB 2845956). Set ForceChangePassword to False (or leave it empty with the batch set to not force a change).",
};

/// PWD011: federated sign-in, so the passwords are not used.
pub static FEDERATED_PASSWORDS: Rule = Rule {
    code: "PWD011",
    severity: Severity::Info,
    title: "Passwords are ignored with AD FS single sign-on",
    help: "Users of a federated domain sign in with their on-premises password, so the Password column has no effect and its values were not checked. You may delete the column; keep the file as safe as any file of passwords either way.",
};

/// Checks one ForceChangePassword cell at `row`.
pub fn check(
    row: u32,
    value: &str,
    federated: bool,
    counted_only: &[&'static str],
    out: &mut Vec<Finding>,
) {
    if value.is_empty() || value.eq_ignore_ascii_case("false") {
        return;
    }
    let at = |rule: &'static Rule, message: &dyn Fn() -> String| {
        rule.finding_unless_counted(counted_only, message)
            .at_row(row)
            .in_column(FORCE_CHANGE)
    };
    let trimmed = value.trim();
    let spaced = trimmed.len() != value.len()
        && (trimmed.eq_ignore_ascii_case("true") || trimmed.eq_ignore_ascii_case("false"));
    if spaced {
        out.push(at(&SURROUNDING_SPACE, &|| {
            format!("ForceChangePassword in row {row} has spaces around its value; that Exchange ignores them is not documented. Remove them (the corrected CSV does).")
        }));
    }
    if trimmed.eq_ignore_ascii_case("true") {
        if federated {
            out.push(at(
                &FEDERATED_TRUE,
                &|| format!("Row {row} sets ForceChangePassword to True, which fails with AD FS single sign-on (0x80048210)."),
            ));
        }
        return;
    }
    if !spaced {
        out.push(at(&NOT_BOOLEAN, &|| not_boolean(row, value)));
    }
}

/// The PWD009 message for a ForceChangePassword cell that is not True or False.
fn not_boolean(row: u32, value: &str) -> String {
    let trimmed = value.trim();
    let described = if trimmed.is_empty() {
        "holds only spaces".to_string()
    } else if let Some((word, _)) = meaning(trimmed) {
        format!("says {word}")
    } else if let Some(known) = ["on", "off", "-1"]
        .into_iter()
        .find(|k| trimmed.eq_ignore_ascii_case(k))
    {
        format!("says {known}")
    } else {
        "holds something else (not shown, as it may be part of a password)".to_string()
    };
    // The corrected CSV converts the values beyond doubt (see `csv::fix`), not On, Off, -1.
    let fix = match meaning(trimmed) {
        Some((_, true)) => " Write True instead (the corrected CSV does).",
        Some((_, false)) => " Write False instead (the corrected CSV does).",
        None if trimmed.eq_ignore_ascii_case("on") || trimmed == "-1" => " Write True instead.",
        None if trimmed.eq_ignore_ascii_case("off") => " Write False instead.",
        None => "",
    };
    format!("ForceChangePassword in row {row} {described}; it must be True or False.{fix}")
}

/// The one note for a federated migration whose CSV sets passwords.
pub fn federated_note() -> Finding {
    FEDERATED_PASSWORDS
        .finding("AD FS single sign-on is in use: Microsoft ignores the passwords in the CSV, so they were not checked.")
        .in_column(PASSWORD)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(value: &str, federated: bool) -> Vec<String> {
        let mut out = Vec::new();
        check(4, value, federated, &[], &mut out);
        out.into_iter()
            .map(|f| format!("{} {}", f.code, f.message))
            .collect()
    }

    #[test]
    fn true_and_false_in_any_case_pass() {
        for value in ["True", "false", "TRUE", "fAlSe", ""] {
            assert!(messages(value, false).is_empty(), "{value}");
        }
    }

    #[test]
    fn anything_else_is_an_error_with_the_fix() {
        assert_eq!(
            messages("Yes", false),
            [
                "PWD009 ForceChangePassword in row 4 says yes; it must be True or False. Write True instead (the corrected CSV does)."
            ]
        );
        assert_eq!(
            messages("0", false),
            [
                "PWD009 ForceChangePassword in row 4 says 0; it must be True or False. Write False instead (the corrected CSV does)."
            ]
        );
        assert_eq!(
            messages(" ", false),
            ["PWD009 ForceChangePassword in row 4 holds only spaces; it must be True or False."]
        );
        assert!(messages("on", false)[0].ends_with("Write True instead."));
        // A German or French Excel writes its own words for TRUE and FALSE.
        assert_eq!(
            messages("WAHR", false),
            [
                "PWD009 ForceChangePassword in row 4 says wahr; it must be True or False. Write True instead (the corrected CSV does)."
            ]
        );
        assert!(
            messages(" Faux", false)[0].ends_with("Write False instead (the corrected CSV does).")
        );
        let other = messages("s3cr3t", false);
        assert!(other[0].contains("not shown") && !other[0].contains("s3cr3t"));
    }

    #[test]
    fn spaces_around_true_or_false_are_a_warning() {
        for value in [" True", "false ", " TRUE\t"] {
            let found = messages(value, false);
            assert_eq!(found.len(), 1, "{value:?}");
            assert!(found[0].starts_with("PWD007 ForceChangePassword in row 4 has spaces"));
        }
        let mut out = Vec::new();
        check(4, " True ", false, &[], &mut out);
        assert_eq!(out[0].severity, Severity::Warning);
        assert_eq!(out[0].column.as_deref(), Some(FORCE_CHANGE));
        // With AD FS, True is still True: the warning and the failure.
        let federated = messages(" True", true);
        assert_eq!(federated.len(), 2);
        assert!(federated[1].starts_with("PWD010 "));
        assert!(messages(" False", true)[0].starts_with("PWD007 "));
    }

    #[test]
    fn federated_refuses_true_only() {
        assert_eq!(messages("true", true).len(), 1);
        assert!(messages("true", true)[0].starts_with("PWD010 "));
        assert!(messages("False", true).is_empty());
    }
}

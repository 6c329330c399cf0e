//! Passwords Excel has visibly changed (PWD013).
//!
//! When Excel opens a CSV it reads every cell it can as a number or a date, and saving
//! writes what it shows: a long run of digits becomes `1.23457E+11` (and loses digits),
//! date-like text such as `1-3-24` becomes a date in Excel's own format (`2024-03-01`,
//! `01/03/2024`, `3/1/2024`, `01.03.2024`). Microsoft accepts such a text as a password
//! (or refuses it for other reasons), but it is not the password the user was given.
//!
//! Scientific notation is never a chosen password, so every such cell is reported. A
//! date could be, so a date-like password is reported only when the file's Password
//! column also holds passwords that are not dates: the pattern of Excel having changed
//! some cells, not of someone choosing dates on purpose [inferred].
//!
//! Lost leading zeros cannot be seen: `0123456789` saved as `123456789` is just digits.

use crate::csv::header::PASSWORD;
use crate::finding::{Finding, Rule, Severity};

/// PWD013: a password Excel has visibly changed.
pub static MANGLED: Rule = Rule {
    code: "PWD013",
    severity: Severity::Warning,
    title: "Password looks changed by Excel (scientific notation, or a date among other passwords)",
    help: "Excel turns cells it reads as numbers or dates into its own format when it opens a CSV, and saving writes the changed text: long digit strings become 1.23E+11 and lose digits, date-like text becomes a date. The user would get that text as the password, not the one you gave them. Retype the passwords in a text editor, or open the CSV in Excel through Data > From Text/CSV with the Password column set to Text; or empty those cells and let the corrected CSV generate passwords (it fills empty cells). Lost leading zeros (0123 saved as 123) cannot be detected: check all-digit passwords yourself.",
};

/// What a password looks like, as far as Excel's changes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Look {
    /// Nothing Excel would write.
    Plain,
    /// A number in Excel's scientific notation: `1.23E+11`.
    Scientific,
    /// A date as Excel writes one: `2024-03-01`, `01/03/2024`, `3/1/2024`, `1.3.24`.
    Date,
}

/// What `password` looks like.
pub(crate) fn look(password: &str) -> Look {
    let bytes = password.as_bytes();
    if bytes.len() > 24 {
        Look::Plain
    } else if is_scientific(bytes) {
        Look::Scientific
    } else if is_date(bytes) {
        Look::Date
    } else {
        Look::Plain
    }
}

/// The per-row finding for a password in scientific notation.
pub(crate) fn scientific(row: u32, counted_only: &[&'static str]) -> Finding {
    MANGLED
        .finding_unless_counted(counted_only, || format!(
            "The password in row {row} looks like a number Excel wrote in scientific notation: the user would get that text as the password, not the digits you typed."
        ))
        .at_row(row)
        .in_column(PASSWORD)
}

/// The finding for a date-like password among other passwords.
pub(crate) fn date(row: u32) -> Finding {
    MANGLED
        .finding(format!(
            "The password in row {row} looks like a date while the other passwords of the file do not: Excel turns date-like text into a date in its own format, so the user would not get the password you gave them."
        ))
        .at_row(row)
        .in_column(PASSWORD)
}

/// `[+-]digits[.digits]E[+-]digits`, as Excel's General format writes large numbers.
fn is_scientific(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let Some(e) = bytes.iter().position(|&b| b == b'E' || b == b'e') else {
        return false;
    };
    let (mantissa, exponent) = (&bytes[..e], &bytes[e + 1..]);
    let (whole, fraction) = match mantissa.iter().position(|&b| b == b'.') {
        Some(dot) => (&mantissa[..dot], Some(&mantissa[dot + 1..])),
        None => (mantissa, None),
    };
    let digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
    digits(whole)
        && fraction.is_none_or(digits)
        && matches!(exponent.first(), Some(b'+' | b'-'))
        && exponent.len() <= 4
        && digits(&exponent[1..])
}

/// A date: `yyyy-m-d` or `yyyy/m/d`, or `d/m/y`, `m/d/y`, `d.m.y`, `d-m-y` with a year
/// of two or four digits.
fn is_date(bytes: &[u8]) -> bool {
    let Some(&separator) = bytes.iter().find(|b| matches!(b, b'-' | b'/' | b'.')) else {
        return false;
    };
    let mut parts = bytes.split(|&b| b == separator);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let number = |part: &[u8], min: usize, max: usize| {
        (min..=max).contains(&part.len()) && part.iter().all(u8::is_ascii_digit)
    };
    let value = |part: &[u8]| part.iter().fold(0u32, |v, &d| v * 10 + u32::from(d - b'0'));
    let day_month = |first: &[u8], second: &[u8]| {
        number(first, 1, 2) && number(second, 1, 2) && {
            let (x, y) = (value(first), value(second));
            (1..=31).contains(&x) && (1..=31).contains(&y) && (x <= 12 || y <= 12)
        }
    };
    if number(a, 4, 4) && separator != b'.' {
        // Year first: month, then day.
        number(b, 1, 2)
            && number(c, 1, 2)
            && (1..=12).contains(&value(b))
            && (1..=31).contains(&value(c))
    } else {
        day_month(a, b) && (number(c, 2, 2) || number(c, 4, 4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_notation_as_excel_writes_it() {
        for text in ["1.23E+11", "1.23457E+11", "-4.5E-07", "7E+15", "1.2e+10"] {
            assert_eq!(look(text), Look::Scientific, "{text}");
        }
        for text in [
            "1.23E11", "E+11", "1.E+11", "Kq7#E+1x", "1.23E+", "12345678", "1.2.3E+4",
        ] {
            assert_ne!(look(text), Look::Scientific, "{text}");
        }
    }

    #[test]
    fn dates_in_excels_formats() {
        for text in [
            "2024-03-01",
            "2024/3/1",
            "01/03/2024",
            "3/1/2024",
            "31/12/2024",
            "12/31/24",
            "01.03.2024",
            "1-3-24",
        ] {
            assert_eq!(look(text), Look::Date, "{text}");
        }
        for text in [
            "2024-13-01",
            "32/01/2024",
            "13/13/2024",
            "1/3/202",
            "2024.03.01",
            "a1/3/2024",
            "1/3/2024/5",
            "Kq7#vZ2m!Lp9",
            "Pa$$w0rd",
            "1/3",
        ] {
            assert_eq!(look(text), Look::Plain, "{text}");
        }
    }

    #[test]
    fn messages_never_hold_the_password() {
        let finding = scientific(7, &[]);
        assert!(!finding.message.contains("1.23457E+11"));
        assert_eq!((finding.row, finding.code), (Some(7), "PWD013"));
        assert!(date(9).message.contains("row 9"));
    }
}

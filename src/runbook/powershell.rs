//! Putting values into a PowerShell script safely.
//!
//! Every value goes into a single-quoted string, where PowerShell expands nothing
//! (`$(...)`, `$var` and backticks stay text). The only special characters there are the
//! single quotes: PowerShell treats `'` and the typographic quotes U+2018–U+201B alike,
//! and a quote is written by doubling it. Control characters (line breaks included) are
//! refused: no file name, address or host name needs them, and in a comment a line
//! break would end the comment.

/// Why a value cannot be put into the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeValue {
    /// What the value is, e.g. `file name`.
    pub what: String,
    /// The offending character as a code point, e.g. `U+000A`.
    pub character: String,
}

impl std::fmt::Display for UnsafeValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the {} contains the control character {}; remove it and try again",
            self.what, self.character
        )
    }
}

impl std::error::Error for UnsafeValue {}

/// Characters PowerShell reads as a single quote.
fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// Characters that may not appear in any value: C0 and C1 controls, DEL, and the
/// Unicode line and paragraph separators.
fn is_forbidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Checks that a value has no control characters.
pub fn check(value: &str, what: &str) -> Result<(), UnsafeValue> {
    match value.chars().find(|c| is_forbidden(*c)) {
        Some(c) => Err(UnsafeValue {
            what: what.to_string(),
            character: format!("U+{:04X}", u32::from(c)),
        }),
        None => Ok(()),
    }
}

/// The value as a single-quoted PowerShell string literal.
pub fn quote(value: &str, what: &str) -> Result<String, UnsafeValue> {
    check(value, what)?;
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if is_single_quote(c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    Ok(out)
}

/// The value for a `#` comment (checked for line breaks; nothing else can end one).
pub fn comment_text<'a>(value: &'a str, what: &str) -> Result<&'a str, UnsafeValue> {
    check(value, what)?;
    Ok(value)
}

/// A migration batch name from a file name: ASCII letters, digits and hyphens only
/// (the admin center refuses spaces and special characters), at most 64 characters
/// (the PowerShell limit), unique among `taken`.
pub fn batch_name(file_name: &str, taken: &[String]) -> String {
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = match stem.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => stem,
    };
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let mut name = name.trim_end_matches('-').to_string();
    if name.is_empty() {
        name = "Batch".to_string();
    }
    name.truncate(64);
    let base = name.trim_end_matches('-').to_string();
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        let suffix = format!("-{n}");
        let mut head = base.clone();
        head.truncate(64 - suffix.len());
        candidate = format!("{}{suffix}", head.trim_end_matches('-'));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_by_doubling_every_kind_of_single_quote() {
        assert_eq!(quote("o'brien", "x").unwrap(), "'o''brien'");
        assert_eq!(quote("a\u{2019}b", "x").unwrap(), "'a\u{2019}\u{2019}b'");
        assert_eq!(quote("$(Get-Date) `n", "x").unwrap(), "'$(Get-Date) `n'");
        assert_eq!(quote("", "x").unwrap(), "''");
    }

    #[test]
    fn refuses_line_breaks_and_other_controls() {
        for bad in [
            "a\nb",
            "a\rb",
            "a\u{0}b",
            "a\u{85}b",
            "a\u{2028}b",
            "a\u{1b}[2J",
        ] {
            let err = quote(bad, "file name").unwrap_err();
            assert_eq!(err.what, "file name");
            assert!(err.to_string().contains("U+"), "{err}");
            assert!(comment_text(bad, "x").is_err());
        }
    }

    #[test]
    fn batch_names_are_plain_short_and_unique() {
        assert_eq!(
            batch_name("C:\\mig\\Wave 1 (Sales).csv", &[]),
            "Wave-1-Sales"
        );
        // The part after the last path separator is the file name.
        assert_eq!(
            batch_name("'; Remove-Item C:\\ -Recurse #.csv", &[]),
            "Recurse"
        );
        assert_eq!(
            batch_name("'; Remove-Item -Recurse #.csv", &[]),
            "Remove-Item-Recurse"
        );
        assert_eq!(batch_name("ééé.csv", &[]), "Batch");
        let long = "x".repeat(100) + ".csv";
        assert_eq!(batch_name(&long, &[]).len(), 64);
        let taken = vec!["x".repeat(64)];
        let second = batch_name(&long, &taken);
        assert_eq!(second.len(), 64);
        assert!(second.ends_with("-2"));
        assert_eq!(batch_name("a.csv", &["A".to_string()]), "a-2");
    }
}

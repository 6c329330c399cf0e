//! Putting values into a PowerShell script safely, in Windows PowerShell 5.1 as in 7.
//!
//! The scripts are plain ASCII. Windows PowerShell 5.1 reads a file without a byte-order
//! mark in the ANSI code page: there the UTF-8 bytes of `Ñ` (C3 91) read as `Ã‘`, and
//! PowerShell takes `‘` for a quote. ASCII reads the same in every code page and
//! survives any save, copy or download path, which a byte-order mark may not.
//!
//! Every value goes into a single-quoted string, where PowerShell expands nothing
//! (`$(...)`, `$var` and backticks stay text); a `'` in it is doubled. A value with
//! characters other than printable ASCII becomes a parenthesised concatenation of such
//! strings and `[char]` codes (UTF-16 units): `Migración` is
//! `('Migraci' + [char]0x00F3 + 'n')`. The typographic quotes U+2018–U+201B, which
//! PowerShell also reads as single quotes, are written that way too, so no quote but
//! `'` is ever in the script. Comments hold printable ASCII only: any other character
//! is written as `<U+00F3>`.
//!
//! The runbook refuses control characters (line breaks included) in its values: no file
//! name, address or host name needs them ([`check`]).

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

/// The value as an ASCII PowerShell string expression ([`literal`]), after [`check`].
pub fn quote(value: &str, what: &str) -> Result<String, UnsafeValue> {
    check(value, what)?;
    Ok(literal(value))
}

/// Whether `c` is written as itself: printable ASCII.
fn plain(c: char) -> bool {
    c == ' ' || c.is_ascii_graphic()
}

/// Any value as an ASCII PowerShell expression that evaluates to it: `'text'` with `'`
/// doubled, or `('text' + [char]0x00F3 + 'text')` when it has characters other than
/// printable ASCII (control characters too, so nothing is lost). Either form can stand
/// as a command argument, an array element or the right side of an assignment.
pub fn literal(value: &str) -> String {
    if value.chars().all(plain) {
        return single_quoted(value);
    }
    let mut parts: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in value.chars() {
        if plain(c) {
            run.push(c);
            continue;
        }
        // The first part is a string, so `+` joins strings, not numbers or chars.
        if !run.is_empty() || parts.is_empty() {
            parts.push(single_quoted(&run));
            run.clear();
        }
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            parts.push(format!("[char]0x{unit:04X}"));
        }
    }
    if !run.is_empty() {
        parts.push(single_quoted(&run));
    }
    format!("({})", parts.join(" + "))
}

/// Printable ASCII in single quotes, `'` doubled.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The value for a `#` comment ([`ascii_comment`]), after [`check`].
pub fn comment_text(value: &str, what: &str) -> Result<String, UnsafeValue> {
    check(value, what)?;
    Ok(ascii_comment(value))
}

/// Text for a `#` comment: printable ASCII as it is, any other character as `<U+00F3>`,
/// so the comment reads the same in every code page and no character can end it.
pub fn ascii_comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if plain(c) {
            out.push(c);
        } else {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        }
    }
    out
}

/// A migration batch name from a file name: ASCII letters, digits, hyphens and
/// underscores only (the admin center refuses spaces and special characters; `split`
/// names batches with the same characters, so `Wave_1-01.csv` is batch `Wave_1-01`), at
/// most 64 characters (the PowerShell limit), unique among `taken`.
pub fn batch_name(file_name: &str, taken: &[String]) -> String {
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = match stem.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => stem,
    };
    // A stem that is a batch name already (a split batch file, `Wave1-01.csv`) is kept
    // as it is, so the runbook's batch is the split's.
    let valid = stem.len() <= 64
        && !stem.starts_with('-')
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || (valid && c == '-') {
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
    fn quotes_in_ascii_with_char_codes_for_everything_else() {
        assert_eq!(quote("o'brien", "x").unwrap(), "'o''brien'");
        assert_eq!(quote("$(Get-Date) `n", "x").unwrap(), "'$(Get-Date) `n'");
        assert_eq!(quote("", "x").unwrap(), "''");
        assert_eq!(
            quote("Migración ESPAÑA.csv", "x").unwrap(),
            "('Migraci' + [char]0x00F3 + 'n ESPA' + [char]0x00D1 + 'A.csv')"
        );
        // A typographic quote becomes a code, never a quote in the script.
        assert_eq!(
            quote("a\u{2019}b", "x").unwrap(),
            "('a' + [char]0x2019 + 'b')"
        );
        // The first part is always a string; a character beyond U+FFFF is two units.
        assert_eq!(
            literal("\u{1F600}'"),
            "('' + [char]0xD83D + [char]0xDE00 + '''')"
        );
        assert_eq!(literal("a\nb"), "('a' + [char]0x000A + 'b')");
        assert_eq!(
            ascii_comment("España #> \u{1F600}"),
            "Espa<U+00F1>a #> <U+1F600>"
        );
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
        assert_eq!(batch_name("Wave_1-01.csv", &[]), "Wave_1-01");
        assert_eq!(
            batch_name("Contoso-HQ---Wave--2-01.csv", &[]),
            "Contoso-HQ---Wave--2-01"
        );
    }
}

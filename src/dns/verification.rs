//! The value that proves the domain to Microsoft 365: `MS=ms` and 8 digits for a TXT
//! record, or `msNNNNNNNN.msv1.invalid` for an MX record (that form is our reading of
//! the admin center's examples).

/// How the domain is proved to Microsoft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// A TXT record at the domain, `MS=ms12345678`.
    Txt(String),
    /// An MX record at the domain pointing at `ms12345678.msv1.invalid`.
    Mx(String),
}

/// Reads a verification value: `MS=ms` and 8 digits, or `msNNNNNNNN.msv1.invalid`.
pub fn parse_verification(text: &str) -> Result<Verification, String> {
    let trimmed = text.trim();
    let value = trimmed
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(trimmed)
        .trim();
    let digits = |s: &str| s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit());
    if value
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("ms="))
    {
        let code = &value[3..];
        if let Some(number) = code.strip_prefix("ms") {
            if digits(number) && value.starts_with("MS=") {
                return Ok(Verification::Txt(value.to_string()));
            }
            if digits(number) {
                return Err(format!(
                    "write it exactly as the admin center shows it, MS=ms{number}"
                ));
            }
            let count = number.chars().filter(char::is_ascii_digit).count();
            return Err(if number.chars().all(|c| c.is_ascii_digit()) {
                format!("\"{value}\" has {count} digits after MS=ms; the admin center shows 8")
            } else {
                format!("\"{value}\" has characters other than digits after MS=ms")
            });
        }
        return Err(format!(
            "\"{value}\" does not continue with ms after MS= (the value looks like MS=ms12345678)"
        ));
    }
    let lower = value.to_ascii_lowercase();
    if let Some(code) = lower.strip_suffix(".msv1.invalid") {
        return match code.strip_prefix("ms") {
            Some(number) if digits(number) => Ok(Verification::Mx(lower)),
            _ => Err(format!(
                "\"{value}\" is not an MX verification value (ms followed by 8 digits, then .msv1.invalid)"
            )),
        };
    }
    if let Some(number) = lower.strip_prefix("ms").filter(|n| digits(n)) {
        return Err(format!(
            "\"{value}\" is the code alone: the TXT value is MS=ms{number}, the MX value ms{number}.msv1.invalid"
        ));
    }
    Err(format!(
        "\"{value}\" is neither a TXT value (MS=ms followed by 8 digits) nor an MX value (msNNNNNNNN.msv1.invalid)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_values() {
        assert_eq!(
            parse_verification(" \"MS=ms12345678\" "),
            Ok(Verification::Txt("MS=ms12345678".into()))
        );
        assert_eq!(
            parse_verification("MS12345678.msv1.invalid"),
            Ok(Verification::Mx("ms12345678.msv1.invalid".into()))
        );
        for (bad, says) in [
            ("MS=ms1234567", "7 digits"),
            ("MS=ms123456789", "9 digits"),
            ("ms=ms12345678", "exactly"),
            ("MS=ms1234567a", "other than digits"),
            ("MS=12345678", "does not continue"),
            ("ms12345678", "the code alone"),
            ("ms1234.msv1.invalid", "not an MX verification value"),
            ("v=spf1 -all", "neither"),
        ] {
            let error = parse_verification(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }
}

//! Domain names typed by an admin: checked, converted to their ASCII form, shown both ways.
//!
//! DNS holds internationalised names (IDN) in their ASCII form (`xn--mller-kva.de` for
//! `müller.de`); records are always written that way and the Unicode form is shown
//! beside it so the admin recognises the domain.

use serde::Serialize;

/// A checked domain name: lower-case ASCII, no trailing dot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainName {
    /// The form DNS uses, e.g. `xn--mller-kva.de`.
    pub ascii: String,
    /// The form people read, e.g. `müller.de`; absent when it is the same as `ascii`.
    pub unicode: Option<String>,
}

impl DomainName {
    /// `müller.de (xn--mller-kva.de)` for an IDN, otherwise the ASCII name.
    pub fn both_ways(&self) -> String {
        match &self.unicode {
            Some(unicode) => format!("{unicode} ({})", self.ascii),
            None => self.ascii.clone(),
        }
    }

    /// The name with dots replaced by hyphens, as Microsoft builds MX and DKIM names
    /// (`contoso.com` → `contoso-com`).
    pub fn hyphenated(&self) -> String {
        self.ascii.replace('.', "-")
    }

    /// Whether `other` is this name or a name under it.
    pub fn contains(&self, other: &str) -> bool {
        let other = other.trim_end_matches('.').to_ascii_lowercase();
        other == self.ascii || other.ends_with(&format!(".{}", self.ascii))
    }
}

/// Which characters a name may hold besides letters, digits and hyphens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allow {
    /// Host names: letters, digits and hyphens only (domains, mail servers).
    Hostname,
    /// Owner names of service records, which may have labels like `_domainkey`.
    Underscore,
}

/// Checks a domain name as typed (Unicode or ASCII, with or without a trailing dot).
///
/// The error is a sentence fragment naming the problem, e.g. `the part "contoso_mail"
/// has '_', which host names do not allow`.
pub fn parse(text: &str, allow: Allow) -> Result<DomainName, String> {
    let trimmed = text.trim();
    let name = trimmed.strip_suffix('.').unwrap_or(trimmed);
    if name.is_empty() {
        return Err("it is empty".into());
    }
    if let Some((i, c)) = name
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_whitespace() || c.is_control() || is_invisible(*c))
    {
        return Err(format!(
            "it has a space or an invisible character (U+{:04X}) at character {}",
            c as u32,
            i + 1
        ));
    }
    if name.contains("://") || name.contains('/') {
        return Err("it looks like a web address: give only the domain name".into());
    }
    if name.contains('@') {
        return Err("it looks like an e-mail address: give only the part after @".into());
    }
    let ascii = if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii(name)
            .map_err(|_| "it is not a valid internationalised domain name".to_string())?
    };
    check_ascii(&ascii, allow)?;
    let unicode = if ascii.split('.').any(|l| l.starts_with("xn--")) {
        let (unicode, result) = idna::domain_to_unicode(&ascii);
        if result.is_err() {
            return Err(format!(
                "{ascii} has an xn-- part that is not valid punycode"
            ));
        }
        Some(unicode).filter(|u| *u != ascii)
    } else {
        None
    };
    Ok(DomainName { ascii, unicode })
}

/// Checks an ASCII name: lengths, characters, hyphens, at least two labels.
fn check_ascii(name: &str, allow: Allow) -> Result<(), String> {
    if name.len() > 253 {
        return Err(format!(
            "the name has {} characters in its ASCII form (at most 253)",
            name.len()
        ));
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 {
        return Err(format!(
            "{name} has no dot: give the full name, e.g. contoso.com"
        ));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(format!(
                "{name} has an empty part (two dots in a row, or a dot at the start)"
            ));
        }
        if label.len() > 63 {
            return Err(format!(
                "the part \"{}…\" has {} characters (at most 63 between dots)",
                &label[..20],
                label.len()
            ));
        }
        let allowed = |c: char| {
            c.is_ascii_alphanumeric() || c == '-' || (c == '_' && allow == Allow::Underscore)
        };
        if let Some(c) = label.chars().find(|c| !allowed(*c)) {
            return Err(format!(
                "the part \"{label}\" has '{c}', which {} do not allow",
                match allow {
                    Allow::Hostname => "host names",
                    Allow::Underscore => "DNS names",
                }
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("the part \"{label}\" starts or ends with a hyphen"));
        }
    }
    if labels[labels.len() - 1].bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{name} ends in a number: an IP address is not a domain name"
        ));
    }
    Ok(())
}

/// Characters that are invisible but not whitespace or control characters.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// An owner name relative to its zone, as zone editors and registrar forms want it:
/// `@` for the zone itself, else the name without the zone.
pub fn relative(name: &str, zone: &str) -> String {
    if name == zone {
        "@".into()
    } else {
        name.strip_suffix(&format!(".{zone}"))
            .unwrap_or(name)
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ascii(text: &str) -> String {
        parse(text, Allow::Hostname).unwrap().ascii
    }

    fn error(text: &str) -> String {
        parse(text, Allow::Hostname).unwrap_err()
    }

    #[test]
    fn accepts_and_normalises() {
        assert_eq!(ascii(" Contoso.COM. "), "contoso.com");
        assert_eq!(
            ascii("mail.cloud.contoso.co.uk"),
            "mail.cloud.contoso.co.uk"
        );
        assert_eq!(parse("contoso.com", Allow::Hostname).unwrap().unicode, None);
    }

    #[test]
    fn idn_is_shown_both_ways() {
        let name = parse("Müller.de", Allow::Hostname).unwrap();
        assert_eq!(name.ascii, "xn--mller-kva.de");
        assert_eq!(name.unicode.as_deref(), Some("müller.de"));
        assert_eq!(name.both_ways(), "müller.de (xn--mller-kva.de)");
        // The ASCII form typed directly is recognised too.
        let same = parse("xn--mller-kva.de", Allow::Hostname).unwrap();
        assert_eq!(same, name);
        assert!(
            error("xn--a.de").contains("punycode"),
            "{}",
            error("xn--a.de")
        );
    }

    #[test]
    fn says_what_is_wrong() {
        assert!(error("").contains("empty"));
        assert!(error("contoso").contains("no dot"));
        assert!(error("contoso..com").contains("empty part"));
        assert!(error("contoso_mail.com").contains("'_'"));
        assert!(error("-contoso.com").contains("hyphen"));
        assert!(error("10.0.0.1").contains("IP address"));
        assert!(error("contoso .com").contains("U+0020"));
        assert!(error("contoso\u{200B}.com").contains("U+200B"));
        assert!(error("https://contoso.com").contains("web address"));
        assert!(error("admin@contoso.com").contains("after @"));
        let long_label = format!("{}.com", "a".repeat(64));
        assert!(
            error(&long_label).contains("64 characters"),
            "{}",
            error(&long_label)
        );
        let long_name = format!("{}.com", vec!["a".repeat(60); 5].join("."));
        assert!(
            error(&long_name).contains("at most 253"),
            "{}",
            error(&long_name)
        );
    }

    #[test]
    fn underscores_only_where_allowed() {
        let owner = "selector1-contoso-com._domainkey.contoso.onmicrosoft.com";
        assert!(parse(owner, Allow::Underscore).is_ok());
        assert!(parse(owner, Allow::Hostname).is_err());
    }

    #[test]
    fn hyphenates_and_contains() {
        let name = parse("contoso.co.uk", Allow::Hostname).unwrap();
        assert_eq!(name.hyphenated(), "contoso-co-uk");
        assert!(name.contains("autodiscover.contoso.co.uk."));
        assert!(name.contains("CONTOSO.co.uk"));
        assert!(!name.contains("notcontoso.co.uk"));
    }
}

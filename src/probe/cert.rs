//! What the report says about a certificate: issuer, names, validity.

use serde::Serialize;
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate, X509Name};

/// The facts read from the server's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateFacts {
    /// The subject, e.g. `CN=mail.contoso.com`.
    pub subject: String,
    /// Who issued it: the issuer's organisation and common name.
    pub issuer: String,
    /// Issuer and subject are the same name.
    pub self_issued: bool,
    /// Start of validity, seconds since 1970 (UTC).
    pub not_before: i64,
    /// End of validity, seconds since 1970 (UTC).
    pub not_after: i64,
    /// The DNS names it covers: the Subject Alternative Names, else the common name.
    pub names: Vec<String>,
}

/// Reads the certificate; `None` if it is not a readable X.509 certificate.
pub fn read(der: &[u8]) -> Option<CertificateFacts> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let mut names: Vec<String> = match cert.subject_alternative_name() {
        Ok(Some(san)) => san
            .value
            .general_names
            .iter()
            .filter_map(|n| match n {
                GeneralName::DNSName(name) => Some(name.to_ascii_lowercase()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    if names.is_empty() {
        names.extend(common_name(cert.subject()).map(|n| n.to_ascii_lowercase()));
    }
    names.truncate(100);
    Some(CertificateFacts {
        subject: clean(&cert.subject().to_string()),
        issuer: clean(&issuer(cert.issuer())),
        self_issued: cert.subject().as_raw() == cert.issuer().as_raw(),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        names: names.iter().map(|n| clean(n)).collect(),
    })
}

impl CertificateFacts {
    /// Whether one of the names covers `host` (a wildcard covers one left-most label).
    pub fn covers(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.names.iter().any(|name| {
            if let Some(rest) = name.strip_prefix("*.") {
                host.split_once('.')
                    .is_some_and(|(first, tail)| !first.is_empty() && tail == rest)
            } else {
                *name == host
            }
        })
    }
}

fn common_name(name: &X509Name<'_>) -> Option<String> {
    name.iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(str::to_string)
}

fn issuer(name: &X509Name<'_>) -> String {
    let organisation = name
        .iter_organization()
        .next()
        .and_then(|o| o.as_str().ok())
        .map(str::to_string);
    match (organisation, common_name(name)) {
        (Some(o), Some(cn)) if o != cn => format!("{cn} ({o})"),
        (_, Some(cn)) => cn,
        (Some(o), None) => o,
        (None, None) => name.to_string(),
    }
}

/// Server-supplied text for a message: printable ASCII only, at most 200 characters.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(names: &[&str]) -> CertificateFacts {
        CertificateFacts {
            subject: String::new(),
            issuer: String::new(),
            self_issued: false,
            not_before: 0,
            not_after: 0,
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn wildcards_cover_one_label_only() {
        let f = facts(&["*.contoso.com", "contoso.com"]);
        assert!(f.covers("mail.contoso.com"));
        assert!(f.covers("MAIL.contoso.com."));
        assert!(f.covers("contoso.com"));
        assert!(!f.covers("a.mail.contoso.com"));
        assert!(!f.covers("mail.fabrikam.com"));
    }

    #[test]
    fn server_text_loses_control_characters() {
        assert_eq!(clean("a\u{1b}[31mb\n"), "a[31mb");
        assert_eq!(clean(&"x".repeat(500)).len(), 200);
    }
}

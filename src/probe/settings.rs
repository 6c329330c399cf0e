//! The optional credentialed check: a minimal Autodiscover POST with Basic
//! authentication, and the Outlook Anywhere settings of its answer compared with what
//! the probe found. The password goes only into the request's Authorization header.

use std::time::Instant;

use serde::Serialize;

use super::autodiscover::{Attempt, PATH};
use super::http;
use super::outlook::RpcAnswer;
use super::rules::*;
use super::run::{Credentials, ProbeOptions, clean};
use super::tls::{self, Roots};
use crate::finding::Finding;

/// The Outlook Anywhere settings Autodiscover returned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The URL asked.
    pub url: String,
    /// `EXPR` Server: the Outlook Anywhere (RPC proxy) host name.
    pub external_host: Option<String>,
    /// `EXPR` AuthPackage: Basic, Ntlm, Negotiate.
    pub authentication: Option<String>,
    /// `EXCH` Server: the Exchange server's name.
    pub exchange_server: Option<String>,
}

/// Posts the request to the first working address and adds the findings.
pub fn check(
    roots: &Roots,
    options: &ProbeOptions,
    working: Option<&Attempt>,
    credentials: &Credentials,
    host: &str,
    rpc: Option<&RpcAnswer>,
    findings: &mut Vec<Finding>,
) -> Option<Settings> {
    let Some(at) = working else {
        findings.push(
            SETTINGS_UNREADABLE
                .finding("The credentialed check was not made: no Autodiscover address works."),
        );
        return None;
    };
    let deadline = Instant::now() + options.timeout;
    let answer = tls::connect(roots, &options.resolution, &at.host, at.port, deadline)
        .map_err(|_| ())
        .and_then(|(mut session, _)| {
            let authorization = format!(
                "Basic {}",
                base64(format!("{}:{}", credentials.user, credentials.password).as_bytes())
            );
            http::exchange(
                &mut session,
                "POST",
                &at.host,
                PATH,
                &[
                    ("Authorization", &authorization),
                    ("Content-Type", "text/xml; charset=utf-8"),
                ],
                request(&credentials.mailbox).as_bytes(),
            )
            .map_err(|_| ())
        });
    let url = &at.url;
    let answer = match answer {
        Ok(a) => a,
        Err(()) => {
            findings.push(
                SETTINGS_UNREADABLE
                    .finding(format!("{url} gave no answer to the credentialed request.")),
            );
            return None;
        }
    };
    if answer.status == 401 || answer.status == 403 {
        findings.push(CREDENTIALS_REFUSED.finding(format!(
            "{url} answered {} to the credentialed request.",
            answer.status
        )));
        return None;
    }
    let text = String::from_utf8_lossy(&answer.body);
    if answer.status != 200 || !text.contains("<Autodiscover") {
        findings.push(SETTINGS_UNREADABLE.finding(format!(
            "{url} answered {} without an Autodiscover response.",
            answer.status
        )));
        return None;
    }
    if let Some(code) = value(&text, "ErrorCode") {
        findings.push(SETTINGS_UNREADABLE.finding(format!(
            "{url} answered with Autodiscover error {}.",
            clean(code)
        )));
        return None;
    }
    let protocol = |kind: &str| {
        blocks(&text, "Protocol").find(|b| value(b, "Type").is_some_and(|t| t.trim() == kind))
    };
    let settings = Settings {
        url: url.clone(),
        external_host: protocol("EXPR")
            .and_then(|b| value(b, "Server"))
            .map(|s| clean(s.trim())),
        authentication: protocol("EXPR")
            .and_then(|b| value(b, "AuthPackage"))
            .map(|s| clean(s.trim())),
        exchange_server: protocol("EXCH")
            .and_then(|b| value(b, "Server"))
            .map(|s| clean(s.trim())),
    };
    let exchange = settings
        .exchange_server
        .as_deref()
        .map_or(String::new(), |s| format!(" The Exchange server is {s}."));
    match &settings.external_host {
        None => findings.push(NO_OUTLOOK_ANYWHERE.finding(format!(
            "{url} returns no Outlook Anywhere (EXPR) settings.{exchange}"
        ))),
        Some(external) => {
            let authentication = settings
                .authentication
                .clone()
                .unwrap_or_else(|| "Basic".into());
            findings.push(SETTINGS.finding(format!(
                "Autodiscover names {external} as the Outlook Anywhere host, with {authentication} authentication.{exchange}"
            )));
            if !external.eq_ignore_ascii_case(host) {
                findings.push(SETTINGS_HOST_DIFFERS.finding(format!(
                    "Autodiscover names {external}; the probe checked {host}."
                )));
            }
            let offered = rpc.map(|r| r.schemes.clone()).unwrap_or_default();
            let usable = matches!(
                authentication.to_ascii_lowercase().as_str(),
                "basic" | "ntlm"
            );
            let matches_probe = offered.is_empty()
                || offered
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(&authentication));
            if !usable || !matches_probe {
                findings.push(SETTINGS_AUTH.finding(format!(
                    "Autodiscover gives {authentication} authentication for Outlook Anywhere{}.",
                    if offered.is_empty() {
                        String::new()
                    } else {
                        format!("; /rpc/rpcproxy.dll offers {}", offered.join(", "))
                    }
                )));
            }
        }
    }
    Some(settings)
}

/// The minimal Exchange 2007 (Outlook schema) Autodiscover request.
fn request(mailbox: &str) -> String {
    let mailbox: String = mailbox
        .chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">\r\n<Request>\r\n<EMailAddress>{mailbox}</EMailAddress>\r\n<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>\r\n</Request>\r\n</Autodiscover>\r\n"
    )
}

/// The contents of every `<tag>…</tag>` element.
fn blocks<'a>(text: &'a str, tag: &str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find(&open)? + open.len();
        let end = rest[start..].find(&close)? + start;
        let found = &rest[start..end];
        rest = &rest[end + close.len()..];
        Some(found)
    })
}

/// The contents of the first `<tag>…</tag>`.
fn value<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    blocks(text, tag).next()
}

/// Base64 (RFC 4648, with padding), for the Basic Authorization header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(b"CONTOSO\\admin:P@ss"), "Q09OVE9TT1xhZG1pbjpQQHNz");
    }

    #[test]
    fn protocols_are_read_by_type() {
        let xml = "<Protocol><Type>EXCH</Type><Server>EXCH01.corp</Server></Protocol><Protocol><Type>EXPR</Type><Server>mail.contoso.com</Server><AuthPackage>Ntlm</AuthPackage></Protocol>";
        let expr = blocks(xml, "Protocol")
            .find(|b| value(b, "Type") == Some("EXPR"))
            .unwrap();
        assert_eq!(value(expr, "Server"), Some("mail.contoso.com"));
        assert_eq!(value(expr, "AuthPackage"), Some("Ntlm"));
        assert!(request("a<b@c").contains("a&lt;b@c"));
    }
}

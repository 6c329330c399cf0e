//! Autodiscover (Exchange 2007): the addresses the migration service tries, in its
//! order — `https://DOMAIN/…`, `https://autodiscover.DOMAIN/…`, the redirect on port
//! 80 of `autodiscover.DOMAIN`, the `_autodiscover._tcp` SRV record — each checked
//! for an address, a certificate valid for its name, and a 401 or 200 at the path.

use std::time::Instant;

use serde::Serialize;
use time::OffsetDateTime;

use super::http::{self, HttpFailure};
use super::net::{self, Failure};
use super::outlook::port_suffix;
use super::rules::*;
use super::run::{ProbeOptions, certificate_findings, clean, seconds};
use super::tls::{self, Roots, TlsFailure};
use crate::finding::Finding;

/// The Autodiscover path.
pub const PATH: &str = "/autodiscover/autodiscover.xml";

/// At most this many SRV targets are tried.
const MAX_SRV: usize = 3;

/// One address tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    /// How it was found: `domain`, `autodiscover`, `redirect`, `srv`.
    pub method: &'static str,
    /// The URL tried.
    pub url: String,
    /// The host name and port, for the credentialed check.
    #[serde(skip)]
    pub host: String,
    /// The port.
    #[serde(skip)]
    pub port: u16,
    /// The status it answered (0: none).
    pub status: u16,
    /// It answers Autodiscover with a valid certificate.
    pub works: bool,
}

/// Tries every address and adds the findings; SRC030 if none works.
pub fn try_all(
    roots: &Roots,
    options: &ProbeOptions,
    domain: &str,
    now: OffsetDateTime,
    findings: &mut Vec<Finding>,
) -> Vec<Attempt> {
    let port = options.https_port;
    let mut attempts = vec![
        https(roots, options, "domain", domain, port, now, findings),
        https(
            roots,
            options,
            "autodiscover",
            &format!("autodiscover.{domain}"),
            port,
            now,
            findings,
        ),
        redirect(options, &format!("autodiscover.{domain}"), findings),
    ];
    let srv_name = format!("_autodiscover._tcp.{domain}");
    match options
        .resolution
        .srv(&srv_name, Instant::now() + options.timeout)
    {
        Ok(targets) if targets.is_empty() => findings
            .push(AUTODISCOVER_UNREACHABLE.finding(format!("{srv_name} has no SRV record."))),
        Ok(targets) => {
            for (target, target_port) in targets.into_iter().take(MAX_SRV) {
                let target = clean(&target).to_ascii_lowercase();
                findings.push(
                    AUTODISCOVER_SRV
                        .finding(format!("{srv_name} names {target}, port {target_port}.")),
                );
                attempts.push(https(
                    roots,
                    options,
                    "srv",
                    &target,
                    target_port,
                    now,
                    findings,
                ));
            }
        }
        Err(failure) => findings.push(AUTODISCOVER_UNREACHABLE.finding(format!(
            "The SRV record {srv_name} could not be looked up: {}.",
            failure_text(&failure, options)
        ))),
    }
    if !attempts.iter().any(|a| a.works) {
        findings.push(AUTODISCOVER_NONE.finding(format!(
            "None of the Autodiscover addresses of {domain} answers with a valid certificate."
        )));
    }
    attempts
}

fn failure_text(failure: &Failure, options: &ProbeOptions) -> String {
    match failure {
        Failure::NoAddress(why) => format!("no address ({})", clean(why)),
        Failure::Refused => "connection refused".into(),
        Failure::Timeout => format!("no answer within {}", seconds(options.timeout)),
        Failure::Other(why) => clean(why),
    }
}

/// One HTTPS address: TLS, certificate for the name, GET at the path.
fn https(
    roots: &Roots,
    options: &ProbeOptions,
    method: &'static str,
    host: &str,
    port: u16,
    now: OffsetDateTime,
    findings: &mut Vec<Finding>,
) -> Attempt {
    let url = format!("https://{host}{}{PATH}", port_suffix(port, 443));
    let mut attempt = Attempt {
        method,
        url: url.clone(),
        host: host.to_string(),
        port,
        status: 0,
        works: false,
    };
    let deadline = Instant::now() + options.timeout;
    let (mut session, facts) = match tls::connect(roots, &options.resolution, host, port, deadline)
    {
        Ok(s) => s,
        Err(failure) => {
            let why = match &failure {
                TlsFailure::Net(f) => failure_text(f, options),
                TlsFailure::OldProtocol(_) => "it speaks only TLS 1.0 or 1.1".into(),
                TlsFailure::Handshake(why) => format!("TLS handshake failed: {}", clean(why)),
            };
            findings.push(AUTODISCOVER_UNREACHABLE.finding(format!("{url}: {why}.")));
            return attempt;
        }
    };
    let faults: Vec<String> = certificate_findings(&facts, host, now)
        .into_iter()
        .filter(|f| f.severity == crate::Severity::Error)
        .map(|f| f.message)
        .collect();
    let answer = http::exchange(&mut session, "GET", host, PATH, &[], b"");
    attempt.status = answer.as_ref().map_or(0, |a| a.status);
    if !faults.is_empty() {
        findings.push(AUTODISCOVER_CERTIFICATE.finding(format!("{url}: {}", faults.join(" "))));
        return attempt;
    }
    match answer {
        Ok(a) if a.status == 401 || a.status == 200 => {
            attempt.works = true;
            findings.push(AUTODISCOVER_FOUND.finding(format!(
                "{url} answers {} with a valid certificate.",
                a.status
            )));
        }
        Ok(a) => findings.push(AUTODISCOVER_ANSWER.finding(format!(
            "{url} answers {} (Autodiscover answers 401 without credentials).",
            a.status
        ))),
        Err(HttpFailure::Io(..)) => findings.push(AUTODISCOVER_UNREACHABLE.finding(format!(
            "{url}: no answer to the request within {}.",
            seconds(options.timeout)
        ))),
        Err(HttpFailure::NotHttp(why)) => {
            findings.push(AUTODISCOVER_ANSWER.finding(format!("{url}: {}.", clean(&why))))
        }
    }
    attempt
}

/// The redirect on port 80: `GET http://autodiscover.DOMAIN/autodiscover/autodiscover.xml`.
fn redirect(options: &ProbeOptions, host: &str, findings: &mut Vec<Finding>) -> Attempt {
    let port = options.http_port;
    let url = format!("http://{host}{}{PATH}", port_suffix(port, 80));
    let mut attempt = Attempt {
        method: "redirect",
        url: url.clone(),
        host: host.to_string(),
        port,
        status: 0,
        works: false,
    };
    let deadline = Instant::now() + options.timeout;
    let answer = net::connect(&options.resolution, host, port, deadline)
        .map_err(|f| failure_text(&f, options))
        .and_then(|mut tcp| {
            http::exchange(&mut tcp, "GET", host, PATH, &[], b"").map_err(|f| match f {
                HttpFailure::Io(..) => format!("no answer within {}", seconds(options.timeout)),
                HttpFailure::NotHttp(why) => clean(&why),
            })
        });
    match answer {
        Ok(a) if (300..400).contains(&a.status) => {
            attempt.status = a.status;
            let location = a.header("location").map(clean).unwrap_or_default();
            findings.push(AUTODISCOVER_REDIRECT.finding(format!(
                "{url} redirects ({}) to \"{location}\"{}.",
                a.status,
                if location.starts_with("https://") {
                    ""
                } else {
                    ", which is not an https:// address: the redirect cannot be used"
                }
            )));
        }
        Ok(a) => {
            attempt.status = a.status;
            findings.push(AUTODISCOVER_ANSWER.finding(format!(
                "{url} answers {} instead of redirecting to https://.",
                a.status
            )));
        }
        Err(why) => findings.push(AUTODISCOVER_UNREACHABLE.finding(format!("{url}: {why}."))),
    }
    attempt
}

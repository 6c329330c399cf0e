//! The probe's run: options, the report it returns, and the certificate's findings.

use std::time::{Duration, Instant};

use rustls::pki_types::CertificateDer;
use serde::Serialize;
use time::OffsetDateTime;

use super::autodiscover::{self, Attempt};
use super::net::{Failure, Resolution};
use super::outlook::{self, RpcAnswer};
use super::rules::*;
use super::settings::{self, Settings};
use super::tls::{self, Roots, TlsFacts, TlsFailure, Trust};
use crate::finding::Finding;
use crate::render::count::count;

/// The version of the probe's JSON form (what `report --probe` reads).
pub const PROBE_SCHEMA_VERSION: u32 = 1;

/// An account for the optional credentialed Autodiscover check.
#[derive(Clone)]
pub struct Credentials {
    /// `DOMAIN\user` or `user@domain`.
    pub user: String,
    /// Never printed, never written: it goes only into the request's Authorization.
    pub password: String,
    /// The mailbox Autodiscover is asked about.
    pub mailbox: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("mailbox", &self.mailbox)
            .finish_non_exhaustive()
    }
}

/// What to probe and how.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// The Outlook Anywhere host (the RPC proxy server), e.g. mail.contoso.com.
    pub host: String,
    /// The e-mail domain whose Autodiscover is tried; `None`: Autodiscover not checked.
    pub autodiscover: Option<String>,
    /// The source is Exchange 2003: no Autodiscover exists.
    pub exchange_2003: bool,
    /// The HTTPS port (443; tests use others).
    pub https_port: u16,
    /// The HTTP port of the Autodiscover redirect (80; tests use others).
    pub http_port: u16,
    /// How names become addresses.
    pub resolution: Resolution,
    /// Extra roots (`--trust-root`): a chain that leads only to them is reported as such.
    pub trust_roots: Vec<CertificateDer<'static>>,
    /// The time limit per host contacted.
    pub timeout: Duration,
    /// The optional credentialed check.
    pub credentials: Option<Credentials>,
}

/// What the probe found.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeReport {
    /// [`PROBE_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always `migration-preflight probe`: lets the report recognise the file.
    pub kind: &'static str,
    /// When the probe ran (RFC 3339, UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub probed_at: OffsetDateTime,
    /// The Outlook Anywhere host.
    pub host: String,
    /// The HTTPS port used.
    pub https_port: u16,
    /// The domain whose Autodiscover was tried.
    pub autodiscover_domain: Option<String>,
    /// The TLS session with the host, if one came about.
    pub tls: Option<TlsFacts>,
    /// What /rpc/rpcproxy.dll answered.
    pub outlook_anywhere: Option<RpcAnswer>,
    /// Every Autodiscover address tried.
    pub autodiscover: Vec<Attempt>,
    /// What the credentialed Autodiscover request returned.
    pub settings: Option<Settings>,
    /// The findings, in the order of the checks.
    pub findings: Vec<Finding>,
}

impl ProbeReport {
    /// Whether a finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == crate::Severity::Error)
    }
}

/// Probes the host (and the Autodiscover addresses of the domain, if given).
pub fn probe(options: &ProbeOptions) -> Result<ProbeReport, String> {
    let roots = Roots::new(&options.trust_roots)?;
    let now = OffsetDateTime::now_utc();
    let host = options
        .host
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let mut findings = Vec::new();
    let deadline = Instant::now() + options.timeout;
    let (tls, outlook_anywhere) = match tls::connect(
        &roots,
        &options.resolution,
        &host,
        options.https_port,
        deadline,
    ) {
        Ok((session, facts)) => {
            drop(session);
            findings.push(TLS_VERSION.finding(format!(
                "{host}:{} speaks {} with {}.",
                options.https_port,
                version_name(&facts.version),
                facts.cipher
            )));
            findings.extend(certificate_findings(&facts, &host, now));
            let answer = outlook::check(
                &roots,
                &options.resolution,
                &host,
                options.https_port,
                deadline,
                options.timeout,
                &mut findings,
            );
            (Some(facts), answer)
        }
        Err(failure) => {
            findings.push(host_failure(
                &failure,
                &host,
                options.https_port,
                options.timeout,
            ));
            (None, None)
        }
    };
    let mut attempts = Vec::new();
    let mut settings_found = None;
    if options.exchange_2003 {
        findings.push(EXCHANGE_2003.finding(format!(
            "Exchange 2003 has no Autodiscover: when you create the migration endpoint, enter the Exchange server's name and {host} as the RPC proxy server."
        )));
    } else if let Some(domain) = &options.autodiscover {
        let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
        attempts = autodiscover::try_all(&roots, options, &domain, now, &mut findings);
        if let Some(credentials) = &options.credentials {
            let working = attempts.iter().find(|a| a.works);
            settings_found = settings::check(
                &roots,
                options,
                working,
                credentials,
                &host,
                outlook_anywhere.as_ref(),
                &mut findings,
            );
        }
    }
    Ok(ProbeReport {
        schema_version: PROBE_SCHEMA_VERSION,
        kind: "migration-preflight probe",
        probed_at: now,
        host,
        https_port: options.https_port,
        autodiscover_domain: options.autodiscover.clone(),
        tls,
        outlook_anywhere,
        autodiscover: attempts,
        settings: settings_found,
        findings,
    })
}

/// `TLSv1_3` → `TLS 1.3`.
fn version_name(debug: &str) -> String {
    debug.replace("TLSv1_", "TLS 1.").replace("TLSv", "TLS ")
}

/// The finding for a host that could not be reached over TLS.
pub(super) fn host_failure(
    failure: &TlsFailure,
    host: &str,
    port: u16,
    timeout: Duration,
) -> Finding {
    match failure {
        TlsFailure::Net(Failure::NoAddress(why)) => {
            NO_ADDRESS.finding(format!("{host} does not resolve ({why})."))
        }
        TlsFailure::Net(Failure::Refused) => {
            REFUSED.finding(format!("{host}:{port} refused the connection."))
        }
        TlsFailure::Net(Failure::Timeout) => TIMEOUT.finding(format!(
            "{host}:{port} gave no answer within {}.",
            seconds(timeout)
        )),
        TlsFailure::Net(Failure::Other(why)) => {
            REFUSED.finding(format!("{host}:{port} cannot be reached: {}.", clean(why)))
        }
        TlsFailure::OldProtocol(why) => OLD_TLS.finding(format!(
            "{host}:{port} refused TLS 1.2 and 1.3 ({}): it speaks only an older protocol (TLS 1.0 or 1.1, detected from its refusal; the probe cannot speak them).",
            clean(why)
        )),
        TlsFailure::Handshake(why) => HANDSHAKE.finding(format!(
            "The TLS handshake with {host}:{port} failed: {}.",
            clean(why)
        )),
    }
}

/// "5 seconds", "1.5 seconds".
pub(super) fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 && s <= u32::MAX as f64 {
        count(s as u64, "second", "seconds")
    } else {
        format!("{s:.1} seconds")
    }
}

/// Server-supplied text, made safe for a message.
pub(super) fn clean(text: &str) -> String {
    super::cert::clean(text)
}

/// A date as YYYY-MM-DD (UTC).
pub(super) fn day(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!("[year]-[month]-[day]"))
                .ok()
        })
        .unwrap_or_else(|| "an unreadable date".into())
}

/// The certificate's findings for `host`: trust, dates, names; SRC007 when none is an
/// error.
pub(super) fn certificate_findings(
    facts: &TlsFacts,
    host: &str,
    now: OffsetDateTime,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let Some(cert) = &facts.certificate else {
        found.push(UNTRUSTED.finding(format!("{host} sent a certificate the probe cannot read.")));
        return found;
    };
    match &facts.trust {
        Trust::Public => {}
        Trust::PrivateRoot => found.push(PRIVATE_ROOT.finding(format!(
            "{host}'s certificate (issued by {}) leads to the root given with --trust-root, not to a public root.",
            cert.issuer
        ))),
        Trust::Untrusted(_) if cert.self_issued && facts.chain_length == 1 => {
            found.push(SELF_SIGNED.finding(format!(
                "{host}'s certificate is self-signed ({}).",
                cert.subject
            )))
        }
        Trust::Untrusted(why) => found.push(UNTRUSTED.finding(format!(
            "{host}'s certificate, issued by {}, does not lead to a public root: {}.",
            cert.issuer,
            clean(why)
        ))),
    }
    let now = now.unix_timestamp();
    if now > cert.not_after {
        found.push(EXPIRED.finding(format!(
            "{host}'s certificate expired on {}.",
            day(cert.not_after)
        )));
    } else if now < cert.not_before {
        found.push(EXPIRED.finding(format!(
            "{host}'s certificate is valid only from {}.",
            day(cert.not_before)
        )));
    } else if cert.not_after - now < 30 * 86_400 {
        found.push(EXPIRES_SOON.finding(format!(
            "{host}'s certificate expires on {}, in {}.",
            day(cert.not_after),
            count(((cert.not_after - now) / 86_400) as u64, "day", "days")
        )));
    }
    if !cert.covers(host) {
        found.push(WRONG_NAME.finding(format!(
            "{host}'s certificate does not cover {host}: it names {}.",
            names(&cert.names)
        )));
    }
    if !found.iter().any(|f| f.severity == crate::Severity::Error) {
        found.insert(
            0,
            CERTIFICATE_VALID.finding(format!(
                "{host}'s certificate is valid: issued by {}, for {}, until {}.",
                cert.issuer,
                names(&cert.names),
                day(cert.not_after)
            )),
        );
    }
    found
}

/// At most five names, then how many more.
fn names(all: &[String]) -> String {
    if all.is_empty() {
        return "no name".into();
    }
    let mut text = all.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if all.len() > 5 {
        text.push_str(&format!(
            " and {} more",
            count((all.len() - 5) as u64, "name", "names")
        ));
    }
    text
}

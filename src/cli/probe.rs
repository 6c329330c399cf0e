//! The `probe` command: its arguments, the password (never from the command line), and
//! printing the probe's findings.

use std::collections::HashMap;
use std::net::IpAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::ValueEnum;
use migration_preflight::probe::{self, Credentials, ProbeOptions, ProbeReport, net::Resolution};
use migration_preflight::render::terminal::escape;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use super::output::Output;
use super::{read_input, to_json, write_output};

/// The environment variable the credentialed check's password can come from.
pub(crate) const PASSWORD_VARIABLE: &str = "MIGRATION_PREFLIGHT_PASSWORD";

/// What to probe.
#[derive(clap::Args)]
pub(crate) struct ProbeArgs {
    /// The Outlook Anywhere host (the RPC proxy server), e.g. mail.contoso.com.
    host: String,
    /// The e-mail domain whose Autodiscover addresses are tried (Exchange 2007), e.g.
    /// contoso.com.
    #[arg(long, value_name = "DOMAIN")]
    autodiscover: Option<String>,
    /// The source's Exchange version; 2003 has no Autodiscover.
    #[arg(long, value_enum, value_name = "VERSION")]
    exchange: Option<Version>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ProbeFormat::Text)]
    format: ProbeFormat,
    /// Output file; `-` writes to standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT", default_value = "-")]
    output: String,
    /// Seconds allowed for each host contacted.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    timeout: f64,
    /// Also accept chains leading to this root certificate (PEM): a private CA,
    /// reported as such (Microsoft's service trusts public roots only).
    #[arg(long, value_name = "FILE")]
    trust_root: Vec<String>,
    /// The migration administrator (DOMAIN\user or user@domain) for the credentialed
    /// Autodiscover check. The password is read from the environment variable
    /// MIGRATION_PREFLIGHT_PASSWORD or asked for; it is never printed.
    #[arg(long, value_name = "USER", requires = "autodiscover")]
    user: Option<String>,
    /// The mailbox Autodiscover is asked about [default: --user, if it is an address].
    #[arg(long, value_name = "ADDRESS", requires = "user")]
    mailbox: Option<String>,
    /// HTTPS port (tests).
    #[arg(long, hide = true, default_value_t = 443)]
    https_port: u16,
    /// HTTP port of the Autodiscover redirect (tests).
    #[arg(long, hide = true, default_value_t = 80)]
    http_port: u16,
    /// NAME:IP, like curl's --resolve (tests).
    #[arg(long, hide = true, value_name = "NAME:IP")]
    resolve: Vec<String>,
    /// The DNS server for addresses and the SRV record, IP[:PORT] (tests).
    #[arg(long, hide = true, value_name = "IP[:PORT]")]
    resolver: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Version {
    #[value(name = "2003")]
    V2003,
    #[value(name = "2007")]
    V2007,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ProbeFormat {
    Text,
    Json,
}

impl ProbeArgs {
    fn options(&self) -> Result<ProbeOptions, String> {
        let timeout = Duration::try_from_secs_f64(self.timeout)
            .ok()
            .filter(|t| !t.is_zero() && t.as_secs() <= 600)
            .ok_or_else(|| {
                format!(
                    "--timeout {} is not a number of seconds from 0 to 600",
                    self.timeout
                )
            })?;
        let mut fixed = HashMap::new();
        for entry in &self.resolve {
            let (name, ip) = entry
                .split_once(':')
                .and_then(|(n, ip)| Some((n, ip.trim_matches(['[', ']']).parse::<IpAddr>().ok()?)))
                .ok_or_else(|| format!("--resolve {entry:?} is not NAME:IP"))?;
            fixed.insert(name.trim_end_matches('.').to_ascii_lowercase(), ip);
        }
        let resolver = match &self.resolver {
            Some(text) => {
                Some(migration_preflight::dns::transport::Resolver::parse(text, timeout)?.address)
            }
            None => None,
        };
        let mut trust_roots = Vec::new();
        for path in &self.trust_root {
            let found: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
                .and_then(|all| all.collect())
                .map_err(|e| format!("--trust-root {path}: {e}"))?;
            if found.is_empty() {
                return Err(format!(
                    "--trust-root {path}: no PEM certificate in the file"
                ));
            }
            trust_roots.extend(found);
        }
        let credentials = match &self.user {
            Some(user) => {
                let mailbox = match (&self.mailbox, user.contains('@')) {
                    (Some(m), _) => m.clone(),
                    (None, true) => user.clone(),
                    (None, false) => {
                        return Err("--user needs --mailbox ADDRESS (the mailbox Autodiscover is asked about) unless the user name is an address".into());
                    }
                };
                Some(Credentials {
                    user: user.clone(),
                    password: password(user)?,
                    mailbox,
                })
            }
            None => None,
        };
        Ok(ProbeOptions {
            host: self.host.clone(),
            autodiscover: self.autodiscover.clone(),
            exchange_2003: self.exchange == Some(Version::V2003),
            https_port: self.https_port,
            http_port: self.http_port,
            resolution: Resolution { fixed, resolver },
            trust_roots,
            timeout,
            credentials,
        })
    }
}

/// The password: from the environment variable, else asked for without echo.
fn password(user: &str) -> Result<String, String> {
    match std::env::var(PASSWORD_VARIABLE) {
        Ok(p) if !p.is_empty() => Ok(p),
        _ => rpassword::prompt_password(format!("Password for {}: ", escape(user))).map_err(|e| {
            format!("cannot read the password (set {PASSWORD_VARIABLE} or run in a terminal): {e}")
        }),
    }
}

pub(crate) fn run_probe(args: &ProbeArgs, out: &Output) -> Result<ExitCode, String> {
    let options = args.options()?;
    out.note(&escape(&announce(&options)));
    let report = probe::probe(&options)?;
    let text = match args.format {
        ProbeFormat::Json => to_json(&report)? + "\n",
        // Colour only on standard output, never into a file.
        ProbeFormat::Text if args.output == "-" => out.findings(&text(&report)),
        ProbeFormat::Text => text(&report),
    };
    write_output(&args.output, text.as_bytes())?;
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Which hosts are about to be contacted.
fn announce(options: &ProbeOptions) -> String {
    let mut hosts = vec![options.host.clone()];
    if let Some(d) = options
        .autodiscover
        .as_ref()
        .filter(|_| !options.exchange_2003)
    {
        hosts.push(d.clone());
        hosts.push(format!("autodiscover.{d}"));
        hosts.push(format!("_autodiscover._tcp.{d} (SRV)"));
    }
    format!(
        "Probing {} (at most {:.0} seconds each)...",
        hosts.join(", "),
        options.timeout.as_secs_f64()
    )
}

/// The findings as text, one per line with its fix.
fn text(report: &ProbeReport) -> String {
    let mut out = format!(
        "Probe of {} (port {})\n",
        escape(&report.host),
        report.https_port
    );
    for f in &report.findings {
        out.push_str(&format!(
            "{} {}: {}\n  fix: {}\n",
            f.severity.as_str(),
            f.code,
            escape(&f.message),
            f.help
        ));
    }
    out
}

/// Reads `report --probe FILE`.
pub(crate) fn read_evidence(
    path: Option<&str>,
) -> Result<Option<migration_preflight::readiness::Evidence>, String> {
    let Some(path) = path else { return Ok(None) };
    let bytes = read_input(path)?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
    migration_preflight::readiness::Evidence::from_json(&text)
        .map(Some)
        .map_err(|e| format!("{path}: {e}"))
}

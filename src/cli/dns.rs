//! The `dns` command: its arguments, and planning, comparing or looking up the records.

use std::process::ExitCode;

use clap::ValueEnum;
use migration_preflight::Severity;
use migration_preflight::dns::{self, input::DomainInput, input::PlanInput};
use migration_preflight::readiness::Assessment;
use migration_preflight::render::count::count;
use migration_preflight::render::terminal::escape;

use super::output::Output;
use super::{read_input, to_json};

/// What the admin knows about the domain, and what to do with the plan.
#[derive(clap::Args)]
pub(crate) struct DnsArgs {
    /// The e-mail domain, e.g. contoso.com (Unicode or ASCII form); with --assessment,
    /// the tenant's verified domains are used when it is not given.
    domain: Option<String>,
    /// The assessment JSON (see `assessment --template`): its domains, initial domain,
    /// verification value, Autodiscover host, published SPF, on-premises senders, MX TTL,
    /// planned start and planned MX change. A flag given here wins over the file.
    #[arg(long, value_name = "FILE")]
    assessment: Option<String>,
    /// The verification value from the admin center: MS=ms12345678 (TXT) or
    /// ms12345678.msv1.invalid (MX).
    #[arg(long, value_name = "VALUE")]
    verification: Option<String>,
    /// The namespace for Autodiscover if not the domain itself, e.g. cloud.contoso.com.
    #[arg(long, value_name = "NAMESPACE")]
    autodiscover_namespace: Option<String>,
    /// The tenant's initial domain (contoso.onmicrosoft.com); plans the DKIM CNAMEs.
    #[arg(long, value_name = "DOMAIN")]
    initial_domain: Option<String>,
    /// The MX value Microsoft gives for inbound DNSSEC/DANE (….mx.microsoft).
    #[arg(long, value_name = "VALUE")]
    dnssec_mx: Option<String>,
    /// The DKIM CNAME target for selector1, as the Defender portal shows it.
    #[arg(long, value_name = "TARGET", requires = "dkim_selector2")]
    dkim_selector1: Option<String>,
    /// The DKIM CNAME target for selector2.
    #[arg(long, value_name = "TARGET", requires = "dkim_selector1")]
    dkim_selector2: Option<String>,
    /// The SPF record published now, to merge into: "v=spf1 mx -all".
    #[arg(long, value_name = "RECORD")]
    existing_spf: Option<String>,
    /// An on-premises server that keeps sending mail (IP, range, host name or SPF
    /// term); repeat for several.
    #[arg(long = "sender", value_name = "SERVER")]
    senders: Vec<String>,
    /// The TTL in seconds of the MX records published now.
    #[arg(long, value_name = "SECONDS")]
    mx_ttl: Option<u32>,
    /// When the first batch starts: "2025-03-03 09:00 +01:00", 2025-03-03T08:00Z.
    #[arg(long, value_name = "DATE")]
    first_batch: Option<String>,
    /// When the MX records switch, in the same form.
    #[arg(long, value_name = "DATE")]
    cutover: Option<String>,
    /// Output format; with --compare or --lookup, table or json.
    #[arg(long, value_enum, default_value_t = DnsFormat::Table)]
    format: DnsFormat,
    /// Compare with this zone file (BIND format; - reads standard input).
    #[arg(long, value_name = "ZONEFILE", conflicts_with = "lookup")]
    compare: Option<String>,
    /// Look up what is published now (sends DNS queries to --resolver, or else to the
    /// system's resolver: on Unix the first nameserver of /etc/resolv.conf).
    #[arg(long)]
    lookup: bool,
    /// The DNS server to ask: IP or IP:PORT (a recursive resolver, or the domain's
    /// authoritative server).
    #[arg(long, value_name = "IP[:PORT]", requires = "lookup")]
    resolver: Option<String>,
    /// The resolv.conf to read the system's resolver from (for tests).
    #[arg(long, value_name = "FILE", hide = true, requires = "lookup")]
    resolv_conf: Option<std::path::PathBuf>,
    /// Seconds to wait for each answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 3.0)]
    timeout: f64,
}

impl DnsArgs {
    /// The planner's input: the assessment's answers, then the flags over them.
    fn input(&self) -> Result<PlanInput, String> {
        let mut input = match &self.assessment {
            Some(path) => {
                let bytes = read_input(path)?;
                let text =
                    String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
                let assessment =
                    Assessment::from_json(&text).map_err(|e| format!("{path}: {e}"))?;
                dns::from_assessment::plan_input(&assessment)
            }
            None => PlanInput::default(),
        };
        if let Some(name) = &self.domain {
            // The domain given replaces the file's; the answers about the first domain
            // go with it.
            let first = input.domains.drain(..).next().unwrap_or_default();
            input.domains = vec![DomainInput {
                name: name.clone(),
                ..first
            }];
        }
        let Some(first) = input.domains.first_mut() else {
            return Err(match &self.assessment {
                Some(path) => format!(
                    "{path} names no domain (tenant.verifiedDomains): give the domain, e.g. migration-preflight dns contoso.com --assessment {path}"
                ),
                None => "give the domain, e.g. migration-preflight dns contoso.com, or --assessment FILE".into(),
            });
        };
        let set = |field: &mut Option<String>, flag: &Option<String>| {
            if flag.is_some() {
                field.clone_from(flag);
            }
        };
        set(&mut first.verification, &self.verification);
        set(
            &mut first.autodiscover_namespace,
            &self.autodiscover_namespace,
        );
        set(&mut first.dnssec_mx, &self.dnssec_mx);
        set(&mut first.dkim_selector1, &self.dkim_selector1);
        set(&mut first.dkim_selector2, &self.dkim_selector2);
        set(&mut first.existing_spf, &self.existing_spf);
        if self.mx_ttl.is_some() {
            for domain in &mut input.domains {
                domain.mx_ttl = self.mx_ttl;
            }
        }
        set(&mut input.initial_domain, &self.initial_domain);
        if !self.senders.is_empty() {
            input.on_premises_senders.clone_from(&self.senders);
        }
        set(&mut input.first_batch, &self.first_batch);
        set(&mut input.cutover, &self.cutover);
        Ok(input)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DnsFormat {
    /// A BIND zone-file fragment.
    Zone,
    /// Windows DNS Server PowerShell commands.
    Powershell,
    /// A plain table, for registrar web forms.
    Table,
    /// JSON.
    Json,
}

/// The system's resolver and where it was found: on Unix the first `nameserver` of
/// /etc/resolv.conf (or of `path`); elsewhere only `path`, else an error asking for
/// `--resolver`.
fn system_resolver(path: Option<&std::path::Path>) -> Result<(String, String), String> {
    let ask = "give the DNS server to ask with --resolver IP (your DNS server, or the domain's name server)";
    let path = match path {
        Some(path) => path.to_path_buf(),
        None if cfg!(unix) => dns::transport::RESOLV_CONF.into(),
        None => {
            return Err(format!(
                "--lookup without --resolver reads the system's resolver from /etc/resolv.conf, which this system does not have: {ask}"
            ));
        }
    };
    let shown = escape(&path.display().to_string());
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the system's resolver from {shown} ({e}): {ask}"))?;
    let ip = dns::transport::first_nameserver(&text)
        .ok_or_else(|| format!("{shown} names no nameserver with an IP address: {ask}"))?;
    Ok((
        ip.to_string(),
        format!("the system resolver: the first nameserver of {shown}"),
    ))
}

pub(crate) fn run_dns(args: &DnsArgs, out: &Output) -> Result<ExitCode, String> {
    let input = args.input()?;
    let comparison = if let Some(path) = &args.compare {
        let bytes = read_input(path)?;
        let text = String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
        Some(dns::compare::compare_zone(&input, &text))
    } else if args.lookup {
        let timeout = std::time::Duration::try_from_secs_f64(args.timeout)
            .map_err(|_| format!("--timeout {} is not a number of seconds", args.timeout))?;
        let (resolver, which) = match &args.resolver {
            Some(given) => (given.clone(), "given with --resolver".to_string()),
            None => system_resolver(args.resolv_conf.as_deref())?,
        };
        let resolver = dns::transport::Resolver::parse(&resolver, timeout)?;
        let questions = dns::live::questions_for(&input);
        out.note(&format!(
            "Looking up {} at {} ({which}; DNS over UDP, TCP if truncated)...",
            count(questions.len() as u64, "name and type", "names and types"),
            resolver.address
        ));
        let answers = resolver.ask_all(&questions);
        Some(dns::live::compare_answers(
            &input,
            &answers,
            &resolver.address.to_string(),
        ))
    } else {
        None
    };
    let (text, errors) = match comparison {
        Some(c) => {
            let errors = c.all_findings().any(|f| f.severity == Severity::Error);
            let text = match args.format {
                DnsFormat::Table => out.dns_diff(&dns::table::render_comparison(&c)),
                DnsFormat::Json => to_json(&c)? + "\n",
                DnsFormat::Zone | DnsFormat::Powershell => {
                    return Err(
                        "--compare and --lookup show a diff: use --format table or json".into(),
                    );
                }
            };
            (text, errors)
        }
        None => {
            let plan = dns::plan::plan(&input);
            let text = match args.format {
                DnsFormat::Zone => dns::zone::render(&plan),
                DnsFormat::Powershell => dns::powershell::render(&plan),
                DnsFormat::Table => out.findings(&dns::table::render(&plan)),
                DnsFormat::Json => to_json(&plan)? + "\n",
            };
            if args.format != DnsFormat::Json && args.format != DnsFormat::Table {
                for f in &plan.findings {
                    let message = escape(&f.message);
                    eprintln!("{} {}: {message}", out.severity(f.severity), f.code);
                }
            }
            (text, plan.has_errors())
        }
    };
    print!("{text}");
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

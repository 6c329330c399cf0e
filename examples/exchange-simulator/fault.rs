//! `--fault N=KIND`: what goes wrong with the N-th InvokeCommand request.

/// A fault the simulator plays instead of (or around) a normal answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// 429 with `Retry-After` holding this text (decimal seconds); the cmdlet is not run.
    Throttle(String),
    /// 500, 503 or 504 with an error body; the cmdlet is not run.
    Status(u16),
    /// 403 with an empty body and this text in `x-ms-diagnostics`; the cmdlet is not run.
    Forbidden(String),
    /// 200 with `@adminapi.errors`; the cmdlet is not run.
    AdminApiError,
    /// 500 with `DCOverloadedException` in the details; the cmdlet is not run.
    Transient,
    /// The answer comes this many milliseconds late; the cmdlet is run.
    Slow(u64),
    /// The cmdlet is run, then the connection is closed without an answer.
    Drop,
    /// The answer carries an `@odata.nextLink` to another host.
    NextLinkForeign,
}

impl Fault {
    /// The name written to the log.
    pub fn name(&self) -> String {
        match self {
            Fault::Throttle(s) => format!("429:{s}"),
            Fault::Status(code) => code.to_string(),
            Fault::Forbidden(_) => "403".into(),
            Fault::AdminApiError => "adminapi-error".into(),
            Fault::Transient => "transient".into(),
            Fault::Slow(ms) => format!("slow:{ms}"),
            Fault::Drop => "drop".into(),
            Fault::NextLinkForeign => "nextlink-foreign".into(),
        }
    }

    /// Whether the cmdlet is run at all.
    pub fn runs_cmdlet(&self) -> bool {
        matches!(self, Fault::Slow(_) | Fault::Drop | Fault::NextLinkForeign)
    }
}

/// Parses `N=KIND` (clap value parser).
pub fn parse(text: &str) -> Result<(u64, Fault), String> {
    let (n, kind) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}': expected N=KIND, e.g. 3=429:1.5"))?;
    let n: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("'{n}': N is the request number, counted from 1"))?;
    if n == 0 {
        return Err("N is counted from 1".into());
    }
    let (name, arg) = match kind.split_once(':') {
        Some((name, arg)) => (name, Some(arg)),
        None => (kind, None),
    };
    let fault = match (name, arg) {
        ("429", Some(seconds)) => {
            let value: f64 = seconds
                .parse()
                .map_err(|_| format!("'{seconds}': Retry-After is decimal seconds"))?;
            if !(0.0..=3600.0).contains(&value) {
                return Err(format!("'{seconds}': Retry-After between 0 and 3600"));
            }
            Fault::Throttle(seconds.to_string())
        }
        ("500", None) => Fault::Status(500),
        ("503", None) => Fault::Status(503),
        ("504", None) => Fault::Status(504),
        ("403", Some(text)) => Fault::Forbidden(text.to_string()),
        ("adminapi-error", None) => Fault::AdminApiError,
        ("transient", None) => Fault::Transient,
        ("slow", Some(ms)) => Fault::Slow(
            ms.parse()
                .map_err(|_| format!("'{ms}': slow takes milliseconds"))?,
        ),
        ("drop", None) => Fault::Drop,
        ("nextlink-foreign", None) => Fault::NextLinkForeign,
        _ => {
            return Err(format!(
                "'{kind}': KIND is 429:SECONDS, 500, 503, 504, 403:TEXT, adminapi-error, \
                 transient, slow:MS, drop or nextlink-foreign"
            ));
        }
    };
    Ok((n, fault))
}

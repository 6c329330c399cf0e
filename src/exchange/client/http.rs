//! HTTP on ureq 3 with rustls (ring provider) and Mozilla's roots: one agent, status codes
//! returned as answers (never as errors), no redirects followed, bounded bodies.
//!
//! Only `https` URLs are accepted, and plain `http` for loopback hosts (the simulator).

use std::time::Duration;

use ureq::http::Uri;

/// Answers larger than this are refused (a page of 1,000 migration users is a few MB).
pub const MAX_BODY: u64 = 64 * 1024 * 1024;

/// One answer: status, headers (names lower-case) and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body as received.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no answer came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Nothing reached the service (the connection could not be made): safe to retry.
    NotSent(String),
    /// The request may have reached the service but no answer was read.
    Broken(String),
    /// The URL is refused (not https, or plain http to a host that is not loopback).
    BadUrl(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::NotSent(m) | SendError::Broken(m) | SendError::BadUrl(m) => f.write_str(m),
        }
    }
}

/// Whether a host name is this machine: `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

/// Parses a URL and checks its scheme: `https`, or `http` to a loopback host.
pub fn check_url(url: &str) -> Result<Uri, String> {
    let uri: Uri = url
        .parse()
        .map_err(|_| format!("not a URL: {}", shown(url)))?;
    let host = uri
        .host()
        .ok_or_else(|| format!("the URL has no host: {}", shown(url)))?;
    match uri.scheme_str() {
        Some("https") => Ok(uri),
        Some("http") if is_loopback(host) => Ok(uri),
        Some("http") => Err(format!(
            "plain http is accepted only for this machine (the simulator); use https: {}",
            shown(url)
        )),
        _ => Err(format!("only https URLs are accepted: {}", shown(url))),
    }
}

/// Whether two URLs name the same scheme, host and port (for `@odata.nextLink`).
pub fn same_origin(a: &Uri, b: &Uri) -> bool {
    let port = |u: &Uri| {
        u.port_u16().unwrap_or(if u.scheme_str() == Some("http") {
            80
        } else {
            443
        })
    };
    a.scheme_str() == b.scheme_str()
        && a.host().map(str::to_ascii_lowercase) == b.host().map(str::to_ascii_lowercase)
        && port(a) == port(b)
}

/// A URL for a message: without its query (where a link could carry a token) and short.
pub fn shown(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or("");
    url.chars().take(200).collect()
}

/// The HTTP agent shared by sign-in and the API.
#[derive(Clone)]
pub struct Http {
    agent: ureq::Agent,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Http")
    }
}

impl Http {
    /// An agent with a global timeout per request (the module uses 960 s at most).
    pub fn new(timeout: Duration) -> Self {
        let tls = ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::Rustls)
            .build();
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(timeout))
            .timeout_connect(Some(Duration::from_secs(30)))
            .tls_config(tls)
            .user_agent(concat!("migration-preflight/", env!("CARGO_PKG_VERSION")))
            .build();
        Http {
            agent: config.into(),
        }
    }

    /// POSTs a body. `url` must pass [`check_url`].
    pub fn post(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Response, SendError> {
        let uri = check_url(url).map_err(SendError::BadUrl)?;
        let mut request = self.agent.post(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        answer(request.send(body))
    }

    /// GETs a URL. `url` must pass [`check_url`].
    pub fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<Response, SendError> {
        let uri = check_url(url).map_err(SendError::BadUrl)?;
        let mut request = self.agent.get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        answer(request.call())
    }
}

fn answer(
    result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Response, SendError> {
    let mut response = result.map_err(send_error)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_BODY)
        .read_to_vec()
        .map_err(|e| SendError::Broken(format!("the answer could not be read: {e}")))?;
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn send_error(error: ureq::Error) -> SendError {
    match error {
        ureq::Error::HostNotFound => SendError::NotSent("the host name was not found".into()),
        ureq::Error::ConnectionFailed => SendError::NotSent("the connection failed".into()),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
            SendError::BadUrl("the URL was refused".into())
        }
        other => SendError::Broken(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_accepted_and_plain_http_only_on_loopback() {
        assert!(check_url("https://outlook.office365.com/adminapi").is_ok());
        assert!(check_url("http://127.0.0.1:8080/x").is_ok());
        assert!(check_url("http://localhost/x").is_ok());
        assert!(check_url("http://[::1]:9/x").is_ok());
        assert!(check_url("http://outlook.office365.com/x").is_err());
        assert!(check_url("http://10.0.0.1/x").is_err());
        assert!(check_url("ftp://127.0.0.1/x").is_err());
        assert!(check_url("not a url").is_err());
    }

    #[test]
    fn same_origin_compares_scheme_host_and_port() {
        let a: Uri = "https://outlook.office365.com/a".parse().unwrap();
        let b: Uri = "https://OUTLOOK.office365.com:443/b?x=1".parse().unwrap();
        let c: Uri = "https://evil.example/a".parse().unwrap();
        let d: Uri = "http://outlook.office365.com/a".parse().unwrap();
        assert!(same_origin(&a, &b));
        assert!(!same_origin(&a, &c));
        assert!(!same_origin(&a, &d));
    }

    #[test]
    fn a_shown_url_drops_its_query() {
        assert_eq!(shown("https://h/p?token=abc#f"), "https://h/p");
    }
}

//! Outlook Anywhere: `RPC_IN_DATA` and `GET` to /rpc/rpcproxy.dll without credentials,
//! and what answers: IIS's 401 with its methods, or a proxy's or firewall's page.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::http::{self, HttpFailure, Response};
use super::net::Resolution;
use super::rules::*;
use super::run::{clean, host_failure, seconds};
use super::tls::{self, Roots};
use crate::finding::Finding;

/// The path of the RPC proxy.
pub const RPC_PATH: &str = "/rpc/rpcproxy.dll";

/// What /rpc/rpcproxy.dll answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RpcAnswer {
    /// The status of `RPC_IN_DATA` (0: no answer).
    pub rpc_in_data_status: u16,
    /// The status of `GET` (0: no answer).
    pub get_status: u16,
    /// The authentication methods offered (`WWW-Authenticate`), in order.
    pub schemes: Vec<String>,
    /// The `Server` header.
    pub server: Option<String>,
    /// IIS answered (Server: Microsoft-IIS, or X-Powered-By: ASP.NET).
    pub iis: bool,
}

/// Sends the two requests and adds the findings; `None` if neither got an answer.
pub fn check(
    roots: &Roots,
    resolution: &Resolution,
    host: &str,
    port: u16,
    deadline: Instant,
    timeout: Duration,
    findings: &mut Vec<Finding>,
) -> Option<RpcAnswer> {
    let ask = |method: &str| -> Result<Response, Box<Finding>> {
        let (mut session, _) = tls::connect(roots, resolution, host, port, deadline)
            .map_err(|f| Box::new(host_failure(&f, host, port, timeout)))?;
        http::exchange(&mut session, method, host, RPC_PATH, &[], b"")
            .map_err(|f| Box::new(http_failure(&f, host, port, timeout)))
    };
    let rpc = ask("RPC_IN_DATA");
    let get = ask("GET");
    // A proxy that rejects the RPC method (400, 405, 501) still shows itself to GET.
    let main = match (&rpc, &get) {
        (Ok(r), Ok(g)) if matches!(r.status, 400 | 405 | 501) && g.status != r.status => g,
        (Ok(r), _) => r,
        (Err(_), Ok(g)) => g,
        (Err(f), Err(_)) => {
            findings.push(f.as_ref().clone());
            return None;
        }
    };
    let schemes = schemes(main);
    let server = main.header("server").map(clean);
    let iis = server
        .as_deref()
        .is_some_and(|s| s.contains("Microsoft-IIS"))
        || main.all("x-powered-by").any(|v| v.contains("ASP.NET"));
    let url = format!("https://{host}{}{RPC_PATH}", port_suffix(port, 443));
    findings.push(classify(main, &schemes, &url));
    if !iis {
        findings.push(NOT_IIS.finding(format!(
            "{url} is answered by {} rather than IIS.",
            server.as_deref().map_or(
                "a server that does not name itself".to_string(),
                |s| format!("\"{s}\"")
            )
        )));
    }
    if main.cut {
        findings.push(TOO_LARGE.finding(format!("The answer of {url} was cut at 64 KB.")));
    }
    Some(RpcAnswer {
        rpc_in_data_status: rpc.as_ref().map_or(0, |r| r.status),
        get_status: get.as_ref().map_or(0, |r| r.status),
        schemes,
        server,
        iis,
    })
}

/// `:8443` when the port is not the default one.
pub fn port_suffix(port: u16, default: u16) -> String {
    if port == default {
        String::new()
    } else {
        format!(":{port}")
    }
}

/// The finding for the status of the answer.
fn classify(answer: &Response, schemes: &[String], url: &str) -> Finding {
    let offered = schemes.join(", ");
    match answer.status {
        401 if schemes.iter().any(|s| s == "Basic" || s == "NTLM") => {
            RPC_OPEN.finding(format!("{url} answers 401 and offers {offered}."))
        }
        401 if schemes.is_empty() => NO_CHALLENGE.finding(format!(
            "{url} answers 401 but names no authentication method (no WWW-Authenticate header)."
        )),
        401 => NEGOTIATE_ONLY.finding(format!(
            "{url} offers only {offered}; Microsoft's service needs Basic or NTLM."
        )),
        404 => RPC_MISSING.finding(format!("{url} answers 404 Not Found.")),
        403 => FORBIDDEN.finding(format!(
            "{url} answers 403 Forbidden{}.",
            if is_html(answer) {
                " with a web page: a firewall or proxy rule blocks it"
            } else {
                ""
            }
        )),
        200..=299 => LOGIN_PAGE.finding(format!(
            "{url} answers {} with {} instead of asking for credentials (401).",
            answer.status,
            if is_html(answer) {
                "a web page"
            } else {
                "content"
            }
        )),
        300..=399 => REDIRECT.finding(format!(
            "{url} answers {} and redirects to {}.",
            answer.status,
            answer
                .header("location")
                .map_or("nowhere".into(), |l| format!("\"{}\"", clean(l)))
        )),
        status => UNEXPECTED.finding(format!("{url} answers {status}.")),
    }
}

fn is_html(answer: &Response) -> bool {
    answer
        .header("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("html"))
}

/// The methods named by the `WWW-Authenticate` headers, canonically spelt, each once.
pub fn schemes(answer: &Response) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for value in answer.all("www-authenticate") {
        for part in value.split(',') {
            let word = part.split_whitespace().next().unwrap_or("");
            let name = match word.to_ascii_lowercase().as_str() {
                "basic" => "Basic",
                "ntlm" => "NTLM",
                "negotiate" => "Negotiate",
                "digest" => "Digest",
                "kerberos" => "Kerberos",
                "bearer" => "Bearer",
                _ => continue,
            };
            if !found.iter().any(|f| f == name) {
                found.push(name.to_string());
            }
        }
    }
    found
}

/// The finding for a request that got no HTTP answer.
pub fn http_failure(failure: &HttpFailure, host: &str, port: u16, timeout: Duration) -> Finding {
    match failure {
        HttpFailure::Io(std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock, _) => {
            TIMEOUT.finding(format!(
                "{host}:{port} accepted the request but gave no answer within {}.",
                seconds(timeout)
            ))
        }
        HttpFailure::Io(_, why) => NOT_HTTP.finding(format!(
            "{host}:{port} closed the connection without an HTTP answer ({}).",
            clean(why)
        )),
        HttpFailure::NotHttp(why) => NOT_HTTP.finding(format!("{host}:{port}: {}.", clean(why))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, headers: &[(&str, &str)]) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            ..Response::default()
        }
    }

    #[test]
    fn schemes_are_read_from_separate_and_joined_headers() {
        let a = answer(
            401,
            &[
                ("www-authenticate", "Negotiate"),
                ("www-authenticate", "NTLM, basic realm=\"a,b\""),
                ("www-authenticate", "ntlm"),
            ],
        );
        assert_eq!(schemes(&a), ["Negotiate", "NTLM", "Basic"]);
    }

    #[test]
    fn each_status_has_its_finding() {
        let url = "https://h/rpc/rpcproxy.dll";
        let code = |a: &Response| classify(a, &schemes(a), url).code;
        assert_eq!(
            code(&answer(401, &[("www-authenticate", "Negotiate")])),
            "SRC015"
        );
        assert_eq!(
            code(&answer(401, &[("www-authenticate", "NTLM")])),
            "SRC014"
        );
        assert_eq!(code(&answer(401, &[])), "SRC016");
        assert_eq!(code(&answer(404, &[])), "SRC017");
        assert_eq!(code(&answer(403, &[])), "SRC018");
        assert_eq!(code(&answer(200, &[])), "SRC019");
        assert_eq!(
            code(&answer(302, &[("location", "https://x/\u{1b}")])),
            "SRC020"
        );
        assert_eq!(code(&answer(502, &[])), "SRC021");
    }
}

//! Names to addresses and TCP connections, each bounded by the host's time limit.

use std::collections::HashMap;
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::dns::live::Outcome;
use crate::dns::query::Question;
use crate::dns::transport::Resolver;

/// Why a host could not be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The name has no address (or the look-up failed); the text says why.
    NoAddress(String),
    /// The connection was refused.
    Refused,
    /// Nothing came back before the host's time limit.
    Timeout,
    /// Another network error.
    Other(String),
}

/// How names are turned into addresses.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Fixed addresses, like curl's `--resolve NAME:IP` (tests).
    pub fixed: HashMap<String, IpAddr>,
    /// A DNS server to ask (A records, and the SRV look-up); without it the system's
    /// resolver is used for addresses.
    pub resolver: Option<SocketAddr>,
}

impl Resolution {
    /// The address of `name`, within `deadline`.
    pub fn address(&self, name: &str, deadline: Instant) -> Result<IpAddr, Failure> {
        let key = name.trim_end_matches('.').to_ascii_lowercase();
        if let Some(ip) = self.fixed.get(&key) {
            return Ok(*ip);
        }
        if let Ok(ip) = key.parse::<IpAddr>() {
            return Ok(ip);
        }
        let left = remaining(deadline)?;
        match self.resolver {
            Some(address) => {
                let resolver = Resolver {
                    address,
                    timeout: left,
                };
                let answer = resolver.ask(&Question::new(key.as_str(), "A"));
                match answer.outcome {
                    Outcome::Answered => answer
                        .records
                        .iter()
                        .filter(|r| r.r#type == "A")
                        .find_map(|r| r.value.parse::<IpAddr>().ok())
                        .ok_or_else(|| Failure::NoAddress("no A record".into())),
                    Outcome::NxDomain => Err(Failure::NoAddress("the name does not exist".into())),
                    Outcome::Timeout => Err(Failure::Timeout),
                    other => Err(Failure::NoAddress(format!(
                        "the DNS server answered {other:?}"
                    ))),
                }
            }
            None => system_lookup(key, left),
        }
    }

    /// The SRV records of `name` as (target, port), lowest priority first.
    pub fn srv(&self, name: &str, deadline: Instant) -> Result<Vec<(String, u16)>, Failure> {
        let left = remaining(deadline)?;
        let address = match self.resolver {
            Some(a) => a,
            None => system_resolver()
                .ok_or_else(|| Failure::NoAddress("no DNS server in /etc/resolv.conf".into()))?,
        };
        let resolver = Resolver {
            address,
            timeout: left,
        };
        let answer = resolver.ask(&Question::new(name, "SRV"));
        match answer.outcome {
            Outcome::Answered => {
                let mut found: Vec<(u16, String, u16)> = answer
                    .records
                    .iter()
                    .filter(|r| r.r#type == "SRV")
                    .filter_map(|r| {
                        let mut parts = r.value.split(' ');
                        let priority = parts.next()?.parse().ok()?;
                        let _weight = parts.next()?;
                        let port = parts.next()?.parse().ok()?;
                        Some((priority, parts.next()?.to_string(), port))
                    })
                    .collect();
                found.sort();
                Ok(found.into_iter().map(|(_, t, p)| (t, p)).collect())
            }
            Outcome::NxDomain => Ok(Vec::new()),
            Outcome::Timeout => Err(Failure::Timeout),
            other => Err(Failure::NoAddress(format!(
                "the DNS server answered {other:?}"
            ))),
        }
    }
}

/// Connects to `name:port` within `deadline`.
pub fn connect(
    resolution: &Resolution,
    name: &str,
    port: u16,
    deadline: Instant,
) -> Result<TcpStream, Failure> {
    let ip = resolution.address(name, deadline)?;
    let left = remaining(deadline)?;
    let stream = TcpStream::connect_timeout(&SocketAddr::new(ip, port), left).map_err(io)?;
    let left = remaining(deadline)?;
    stream.set_read_timeout(Some(left)).map_err(io)?;
    stream.set_write_timeout(Some(left)).map_err(io)?;
    Ok(stream)
}

/// The time left before `deadline`, or a timeout.
pub fn remaining(deadline: Instant) -> Result<Duration, Failure> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left < Duration::from_millis(1) {
        Err(Failure::Timeout)
    } else {
        Ok(left)
    }
}

/// The failure an I/O error stands for.
pub fn io(e: std::io::Error) -> Failure {
    match e.kind() {
        ErrorKind::ConnectionRefused => Failure::Refused,
        ErrorKind::TimedOut | ErrorKind::WouldBlock => Failure::Timeout,
        _ => Failure::Other(e.to_string()),
    }
}

/// The system's resolver, in a thread, so that the time limit holds even when it hangs.
fn system_lookup(name: String, left: Duration) -> Result<IpAddr, Failure> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let result = (name.as_str(), 0u16)
            .to_socket_addrs()
            .map(|mut all| all.next().map(|a| a.ip()));
        let _ = send.send(result);
    });
    match receive.recv_timeout(left) {
        Ok(Ok(Some(ip))) => Ok(ip),
        Ok(Ok(None)) => Err(Failure::NoAddress("no address".into())),
        Ok(Err(e)) => Err(Failure::NoAddress(e.to_string())),
        Err(_) => Err(Failure::Timeout),
    }
}

/// The first name server of /etc/resolv.conf.
fn system_resolver() -> Option<SocketAddr> {
    let text = std::fs::read_to_string("/etc/resolv.conf").ok()?;
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("nameserver"))
        .find_map(|rest| rest.trim().parse::<IpAddr>().ok())
        .map(|ip| SocketAddr::new(ip, 53))
}

//! Native look-ups over UDP, with TCP when the answer is truncated (feature `live`).
//!
//! One query per question to one chosen resolver (recursive, or the domain's
//! authoritative server); nothing is sent unless the admin asks for a look-up.

use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use super::live::{Answer, Outcome};
use super::query::{self, Question};

/// Where to send queries, and how long to wait for each answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolver {
    /// The server's address and port.
    pub address: SocketAddr,
    /// How long to wait for one answer (UDP, and again for TCP).
    pub timeout: Duration,
}

/// Where Unix systems name their resolvers.
pub const RESOLV_CONF: &str = "/etc/resolv.conf";

/// The first `nameserver` of resolv.conf text that is an IP address (an IPv6 zone such
/// as `%eth0` is left out), or `None`.
pub fn first_nameserver(text: &str) -> Option<IpAddr> {
    text.lines().find_map(|line| {
        let line = line.split(['#', ';']).next().unwrap_or("");
        let mut words = line.split_whitespace();
        if words.next() != Some("nameserver") {
            return None;
        }
        let address = words.next()?;
        address.split('%').next()?.parse::<IpAddr>().ok()
    })
}

impl Resolver {
    /// Reads `IP`, `IP:PORT` or `[IPv6]:PORT`; the port defaults to 53.
    pub fn parse(text: &str, timeout: Duration) -> Result<Resolver, String> {
        let text = text.trim();
        let address = match text.parse::<IpAddr>() {
            Ok(ip) => SocketAddr::new(ip, 53),
            Err(_) => text.parse::<SocketAddr>().map_err(|_| {
                format!("\"{text}\" is not an IP address with an optional port (192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:53)")
            })?,
        };
        Ok(Resolver { address, timeout })
    }

    /// Asks one question: over UDP, then over TCP if the UDP answer was truncated.
    pub fn ask(&self, question: &Question) -> Answer {
        let id = random_id();
        let message = match query::query_message(&question.name, &question.r#type, id) {
            Ok(m) => m,
            Err(why) => return Answer::failed(question.clone(), Outcome::BadAnswer, why),
        };
        let bytes = match self.udp(&message, id) {
            Ok(bytes) => bytes,
            Err(failure) => return failure.answer(question, self, "UDP"),
        };
        let answer = Answer::from_bytes(question.clone(), &bytes);
        if answer.outcome != Outcome::Truncated {
            return answer;
        }
        match self.tcp(&message, id) {
            Ok(bytes) => Answer::from_bytes(question.clone(), &bytes),
            Err(failure) => {
                let mut answer = failure.answer(question, self, "TCP");
                answer.outcome = Outcome::Truncated;
                answer
            }
        }
    }

    /// Asks every question, one after the other.
    pub fn ask_all(&self, questions: &[Question]) -> Vec<Answer> {
        questions.iter().map(|q| self.ask(q)).collect()
    }

    fn udp(&self, message: &[u8], id: u16) -> Result<Vec<u8>, Failure> {
        let local = if self.address.is_ipv4() {
            SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0))
        } else {
            SocketAddr::from((Ipv6Addr::UNSPECIFIED, 0))
        };
        let socket = UdpSocket::bind(local).map_err(Failure::Io)?;
        socket.connect(self.address).map_err(Failure::Io)?;
        socket.send(message).map_err(Failure::Io)?;
        let deadline = Instant::now() + self.timeout;
        let mut buffer = vec![0u8; 65_535];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Failure::Timeout);
            }
            socket.set_read_timeout(Some(left)).map_err(Failure::Io)?;
            match socket.recv(&mut buffer) {
                // Ignore stray datagrams whose ID is not ours.
                Ok(n) if query::message_id(&buffer[..n]) == Some(id) => {
                    return Ok(buffer[..n].to_vec());
                }
                Ok(_) => continue,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(Failure::Timeout);
                }
                Err(e) => return Err(Failure::Io(e)),
            }
        }
    }

    fn tcp(&self, message: &[u8], id: u16) -> Result<Vec<u8>, Failure> {
        let mut stream =
            TcpStream::connect_timeout(&self.address, self.timeout).map_err(Failure::from_io)?;
        stream
            .set_read_timeout(Some(self.timeout))
            .map_err(Failure::Io)?;
        stream
            .set_write_timeout(Some(self.timeout))
            .map_err(Failure::Io)?;
        let length = u16::try_from(message.len())
            .map_err(|_| Failure::Io(ErrorKind::InvalidInput.into()))?;
        let mut framed = length.to_be_bytes().to_vec();
        framed.extend_from_slice(message);
        stream.write_all(&framed).map_err(Failure::from_io)?;
        let mut prefix = [0u8; 2];
        stream.read_exact(&mut prefix).map_err(Failure::from_io)?;
        let mut bytes = vec![0u8; usize::from(u16::from_be_bytes(prefix))];
        stream.read_exact(&mut bytes).map_err(Failure::from_io)?;
        if query::message_id(&bytes) != Some(id) {
            return Err(Failure::Io(std::io::Error::new(
                ErrorKind::InvalidData,
                "the TCP answer has another message ID",
            )));
        }
        Ok(bytes)
    }
}

/// Why no bytes came back.
#[derive(Debug)]
enum Failure {
    Timeout,
    Io(std::io::Error),
}

impl Failure {
    fn from_io(e: std::io::Error) -> Failure {
        if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) {
            Failure::Timeout
        } else {
            Failure::Io(e)
        }
    }

    fn answer(self, question: &Question, resolver: &Resolver, over: &str) -> Answer {
        match self {
            Failure::Timeout => Answer::failed(
                question.clone(),
                Outcome::Timeout,
                format!("waited {} ms over {over}", resolver.timeout.as_millis()),
            ),
            Failure::Io(e) if e.kind() == ErrorKind::ConnectionRefused => Answer::failed(
                question.clone(),
                Outcome::Unreachable,
                format!("nothing listens on {over} port {}", resolver.address.port()),
            ),
            Failure::Io(e) => Answer::failed(
                question.clone(),
                Outcome::Unreachable,
                format!("{over}: {e}"),
            ),
        }
    }
}

/// A random message ID, so that stray or forged answers are not taken for ours.
fn random_id() -> u16 {
    let mut bytes = [0u8; 2];
    // Without randomness the answer is still matched on its question; 0 is a fine ID.
    let _ = getrandom::fill(&mut bytes);
    u16::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_usable_nameserver_is_taken() {
        let text = "# comment\nsearch example.com\nnameserver bogus\n nameserver fe80::1%eth0 # link-local\nnameserver 192.0.2.53\n";
        assert_eq!(first_nameserver(text), "fe80::1".parse().ok());
        assert_eq!(
            first_nameserver("nameserver 192.0.2.53"),
            "192.0.2.53".parse().ok()
        );
        assert_eq!(
            first_nameserver("search example.com\n#nameserver 192.0.2.1\n"),
            None
        );
        assert_eq!(first_nameserver(""), None);
    }

    #[test]
    fn reads_resolver_addresses() {
        let t = Duration::from_secs(1);
        assert_eq!(
            Resolver::parse("192.0.2.53", t)
                .unwrap()
                .address
                .to_string(),
            "192.0.2.53:53"
        );
        assert_eq!(
            Resolver::parse("127.0.0.1:5353", t).unwrap().address.port(),
            5353
        );
        assert_eq!(
            Resolver::parse("[::1]:5353", t)
                .unwrap()
                .address
                .to_string(),
            "[::1]:5353"
        );
        assert!(
            Resolver::parse("dns.google", t)
                .unwrap_err()
                .contains("not an IP address")
        );
    }

    #[test]
    fn a_silent_server_times_out() {
        // A bound socket that never answers.
        let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
        let resolver = Resolver {
            address: silent.local_addr().unwrap(),
            timeout: Duration::from_millis(200),
        };
        let answer = resolver.ask(&Question::new("contoso.com", "MX"));
        assert_eq!(answer.outcome, Outcome::Timeout);
        assert!(answer.detail.unwrap().contains("200 ms over UDP"));
    }

    #[test]
    fn a_closed_port_is_unreachable() {
        let port = {
            let s = UdpSocket::bind("127.0.0.1:0").unwrap();
            s.local_addr().unwrap().port()
        };
        let resolver = Resolver {
            address: SocketAddr::from(([127, 0, 0, 1], port)),
            timeout: Duration::from_millis(500),
        };
        let answer = resolver.ask(&Question::new("contoso.com", "MX"));
        // Linux reports the ICMP port-unreachable on a connected UDP socket.
        assert!(
            matches!(answer.outcome, Outcome::Unreachable | Outcome::Timeout),
            "{answer:?}"
        );
    }
}

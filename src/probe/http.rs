//! One HTTP/1.1 request over a stream, and its response read with `httparse`.

use std::io::{ErrorKind, Read, Write};

/// The most of an answer the probe reads: real Outlook Anywhere and Autodiscover
/// answers are a few KB.
pub const MAX_ANSWER: usize = 64 * 1024;

/// A response: status, headers (names lower-case), the start of the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Every header, in order, the name lower-case.
    pub headers: Vec<(String, String)>,
    /// The body (chunked bodies decoded), at most [`MAX_ANSWER`] bytes.
    pub body: Vec<u8>,
    /// The answer was longer than [`MAX_ANSWER`] and was cut.
    pub cut: bool,
}

impl Response {
    /// Every value of the header `name` (lower-case).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of the header `name` (lower-case).
    pub fn header<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.all(name).next()
    }
}

/// Why no response was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpFailure {
    /// The connection failed (refused, timeout, reset).
    Io(std::io::ErrorKind, String),
    /// What came back is not an HTTP response.
    NotHttp(String),
}

/// Sends a request (`Connection: close`) and reads the response until the server closes
/// the connection, the body is complete, or [`MAX_ANSWER`] bytes came.
pub fn exchange<S: Read + Write>(
    stream: &mut S,
    method: &str,
    host: &str,
    path: &str,
    extra_headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Response, HttpFailure> {
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: migration-preflight/{} (source probe)\r\nAccept: */*\r\nContent-Length: {}\r\nConnection: close\r\n",
        env!("CARGO_PKG_VERSION"),
        body.len()
    );
    for (name, value) in extra_headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).map_err(io)?;
    stream.flush().map_err(io)?;
    read(stream)
}

fn io(e: std::io::Error) -> HttpFailure {
    HttpFailure::Io(e.kind(), e.to_string())
}

fn read<S: Read>(stream: &mut S) -> Result<Response, HttpFailure> {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let mut cut = false;
    let mut head: Option<(usize, Response, Option<usize>, bool)> = None;
    loop {
        if let Some((start, _, Some(length), false)) = &head
            && buffer.len() >= start + length
        {
            break;
        }
        if buffer.len() >= MAX_ANSWER {
            cut = true;
            break;
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            // A server that closes without TLS's close_notify: the answer is complete.
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => break,
            Err(e) if head.is_some() && buffer.len() > head.as_ref().map_or(0, |h| h.0) => {
                let _ = e;
                break;
            }
            Err(e) => return Err(io(e)),
        };
        let room = MAX_ANSWER - buffer.len();
        buffer.extend_from_slice(&chunk[..n.min(room)]);
        if head.is_none() {
            head = parse_head(&buffer)?;
        }
    }
    let Some((start, mut response, length, chunked)) = head else {
        return Err(if buffer.is_empty() {
            HttpFailure::Io(
                ErrorKind::UnexpectedEof,
                "the server closed the connection without answering".into(),
            )
        } else if cut {
            HttpFailure::NotHttp("no end of the headers within 64 KB".into())
        } else {
            HttpFailure::NotHttp("the answer is not an HTTP response".into())
        });
    };
    let raw = &buffer[start..];
    let raw = length.map_or(raw, |l| &raw[..l.min(raw.len())]);
    response.body = if chunked { dechunk(raw) } else { raw.to_vec() };
    response.cut = cut;
    Ok(response)
}

/// The response head once complete: (body start, response, Content-Length, chunked).
type Head = (usize, Response, Option<usize>, bool);

fn parse_head(buffer: &[u8]) -> Result<Option<Head>, HttpFailure> {
    let mut headers = [httparse::EMPTY_HEADER; 100];
    let mut parsed = httparse::Response::new(&mut headers);
    match parsed.parse(buffer) {
        Ok(httparse::Status::Complete(start)) => {
            let headers: Vec<(String, String)> = parsed
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_ascii_lowercase(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect();
            let response = Response {
                status: parsed.code.unwrap_or(0),
                headers,
                ..Response::default()
            };
            let chunked = response
                .header("transfer-encoding")
                .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
            let length = response
                .header("content-length")
                .and_then(|v| v.trim().parse::<usize>().ok())
                .filter(|_| !chunked);
            Ok(Some((start, response, length, chunked)))
        }
        Ok(httparse::Status::Partial) => Ok(None),
        Err(e) => Err(HttpFailure::NotHttp(format!(
            "the answer is not HTTP ({e})"
        ))),
    }
}

/// Decodes a chunked body, as far as it is complete.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..end])
            .ok()
            .and_then(|line| usize::from_str_radix(line.split(';').next()?.trim(), 16).ok());
        let Some(size) = size.filter(|s| *s > 0) else {
            break;
        };
        let data = &raw[end + 2..];
        let take = size.min(data.len());
        body.extend_from_slice(&data[..take]);
        raw = data.get(take + 2..).unwrap_or(&[]);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    struct Duplex(Cursor<Vec<u8>>, Vec<u8>);
    impl Read for Duplex {
        fn read(&mut self, b: &mut [u8]) -> std::io::Result<usize> {
            self.0.read(b)
        }
    }
    impl Write for Duplex {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.1.write(b)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn reads_headers_in_order_and_a_chunked_body() {
        let answer = b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\nWWW-Authenticate: NTLM\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        let mut s = Duplex(Cursor::new(answer.to_vec()), Vec::new());
        let r = exchange(
            &mut s,
            "RPC_IN_DATA",
            "mail.contoso.com",
            "/rpc/rpcproxy.dll",
            &[],
            b"",
        )
        .unwrap();
        assert_eq!(r.status, 401);
        assert_eq!(
            r.all("www-authenticate").collect::<Vec<_>>(),
            ["Negotiate", "NTLM"]
        );
        assert_eq!(r.body, b"abcde");
        assert!(
            String::from_utf8_lossy(&s.1).starts_with(
                "RPC_IN_DATA /rpc/rpcproxy.dll HTTP/1.1\r\nHost: mail.contoso.com\r\n"
            )
        );
    }

    #[test]
    fn an_endless_answer_is_cut_at_the_limit() {
        let mut answer = b"HTTP/1.1 200 OK\r\n\r\n".to_vec();
        answer.resize(MAX_ANSWER * 3, b'x');
        let mut s = Duplex(Cursor::new(answer), Vec::new());
        let r = exchange(&mut s, "GET", "h", "/", &[], b"").unwrap();
        assert!(r.cut);
        assert!(r.body.len() < MAX_ANSWER);
    }

    #[test]
    fn garbage_is_not_http() {
        let mut s = Duplex(
            Cursor::new(b"\x16\x03\x01 garbage\r\n\r\n".to_vec()),
            Vec::new(),
        );
        assert!(matches!(
            exchange(&mut s, "GET", "h", "/", &[], b""),
            Err(HttpFailure::NotHttp(_))
        ));
    }
}

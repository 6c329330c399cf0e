//! The Exchange Online simulator (`examples/exchange-simulator`) for the runner's tests:
//! `Simulator::start(&["--endpoint", "StagedEndpoint"])` builds it when missing or older
//! than its sources, starts it on a free loopback port, reads its URL from the first
//! stdout line, and kills it on drop. `.state()` and `.log()` read `GET /_sim/state`;
//! `.request()` is a tiny HTTP/1.1 client on `std::net` for tests that talk to it directly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde_json::Value;

/// A running simulator, killed on drop.
pub struct Simulator {
    child: Child,
    url: String,
}

/// The simulator's request log, the same file it is built from: `LogEntry` is its
/// `Entry`, one line of the log (see its `--help` for the fields), so the two cannot drift.
#[path = "../../examples/exchange-simulator/log.rs"]
mod log;
pub use log::Entry as LogEntry;

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Reply {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

impl Simulator {
    /// Starts the simulator with these extra arguments (`--listen 127.0.0.1:0` is added).
    pub fn start(args: &[&str]) -> Simulator {
        let binary = binary();
        let mut child = Command::new(&binary)
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout);
        let mut first = String::new();
        lines
            .read_line(&mut first)
            .expect("the simulator's first line");
        let url = first
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from the simulator: {first:?}"))
            .to_string();
        // Keep draining stdout so the simulator never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
        Simulator { child, url }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `GET /_sim/state`: batches (with `Users`), endpoints, `creates`/`starts`/`stops`/
    /// `removes` per batch name, `api_requests`, `log`.
    pub fn state(&self) -> Value {
        let reply = self
            .request("GET", "/_sim/state", &[], b"")
            .expect("the simulator's state");
        assert_eq!(reply.status, 200, "GET /_sim/state");
        reply.json()
    }

    /// The request log so far.
    pub fn log(&self) -> Vec<LogEntry> {
        let mut entries: Vec<LogEntry> =
            serde_json::from_value(self.state()["log"].clone()).expect("log entries");
        entries.sort_by_key(|e| e.n);
        entries
    }

    /// Moves the simulated clock forward (batches progress, dates move on).
    pub fn advance(&self, ms: u64) {
        let reply = self
            .request("POST", &format!("/_sim/advance?ms={ms}"), &[], b"")
            .expect("advance");
        assert_eq!(reply.status, 200, "POST /_sim/advance");
    }

    /// Sends one request to the simulator; `Err` when the connection closed without an
    /// answer.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Reply, String> {
        request(&self.url, method, path, headers, body)
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends one HTTP/1.1 request to `base` (`http://host:port`) with `Connection: close`.
pub fn request(
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Reply, String> {
    let host = base.strip_prefix("http://").ok_or("http:// only")?;
    let mut stream = TcpStream::connect(host).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    if raw.is_empty() {
        return Err("the connection closed without an answer".into());
    }
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or("no status line")?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Reply {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    })
}

/// The simulator's binary, built once per test process when missing or stale.
fn binary() -> PathBuf {
    static BUILT: Mutex<Option<PathBuf>> = Mutex::new(None);
    let mut built = BUILT.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(path) = built.as_ref() {
        return path.clone();
    }
    let profile = profile_dir();
    let path = profile.join("examples").join(format!(
        "exchange-simulator{}",
        std::env::consts::EXE_SUFFIX
    ));
    if stale(&path) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = Command::new(cargo);
        build.args([
            "build",
            "--example",
            "exchange-simulator",
            "--features",
            "exchange",
        ]);
        if let Some(target) = profile.parent() {
            build.arg("--target-dir").arg(target);
        }
        if profile.file_name().is_some_and(|name| name == "release") {
            build.arg("--release");
        }
        let status = build
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo build --example exchange-simulator");
        assert!(status.success(), "building the simulator failed");
    }
    *built = Some(path.clone());
    path
}

/// `target/debug` (or the profile this test was built in), from the test binary's path
/// (`…/debug/deps/test-hash`), else `CARGO_TARGET_DIR`/`target` + `debug`.
fn profile_dir() -> PathBuf {
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(Path::to_path_buf))
    {
        return dir;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("debug")
}

/// Missing, or older than a file of examples/exchange-simulator.
fn stale(binary: &Path) -> bool {
    let Ok(built) = binary.metadata().and_then(|m| m.modified()) else {
        return true;
    };
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/exchange-simulator");
    let newest = std::fs::read_dir(sources)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.metadata().and_then(|m| m.modified()).ok())
        .max()
        .unwrap_or(SystemTime::UNIX_EPOCH);
    newest > built
}

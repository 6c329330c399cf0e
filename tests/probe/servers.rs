//! The loopback servers the probe tests talk to: one nginx (Debian's package) with a
//! server per scenario on its own port, a DNS server for the SRV record, a server that
//! accepts and never answers, and a TLS server that answers no HTTP.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::pki::{self, Ca, Pem};

/// The migration administrator and password the Autodiscover servers accept.
pub const USER: &str = "CONTOSO\\migadmin";
pub const PASSWORD: &str = "Pr0be-Secret-7731";

/// Every name the tests resolve to 127.0.0.1 (others are unknown to the test DNS).
pub const NAMES: &[&str] = &[
    "mail.contoso.test",
    "contoso.test",
    "autodiscover.contoso.test",
    "srv.contoso.test",
    "fabrikam.test",
    "autodiscover.fabrikam.test",
    "autodiscover.wrong.test",
    "autodiscover.other.test",
    "autodiscover.noexpr.test",
    "autodiscover.err.test",
];

/// A free TCP port on loopback (bound, then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Where nginx is, or `None` (the caller skips unless PROBE_REQUIRE_NGINX=1).
pub fn nginx_binary() -> Option<PathBuf> {
    let found = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var("PROBE_REQUIRE_NGINX").as_deref() != Ok("1"),
            "nginx is missing and PROBE_REQUIRE_NGINX=1: install it (scripts/setup.sh --browser)"
        );
        eprintln!("SKIPPED: nginx is not installed (scripts/setup.sh --browser installs it)");
    }
    found
}

/// The test world: CA, nginx with its ports, the other servers.
pub struct World {
    pub dir: PathBuf,
    pub ca_file: PathBuf,
    /// Scenario name → HTTPS port.
    pub ports: BTreeMap<&'static str, u16>,
    /// The plain-HTTP port (the Autodiscover redirect).
    pub http_port: u16,
    /// The DNS server's port (SRV for _autodiscover._tcp.contoso.test).
    pub dns_port: u16,
    /// A port that accepts and never answers.
    pub hang_port: u16,
    /// A port where nothing listens.
    pub closed_port: u16,
    /// A TLS server that answers no HTTP.
    pub garbage_port: u16,
    /// TLS 1.1 works on the local OpenSSL (else the TLS 1.1 test says so and skips).
    pub tls11: bool,
    nginx: Child,
    /// One world at a time: the ports come from `free_port` (bound, then released), so
    /// two worlds started at once could take each other's ports (seen: the plain HTTP
    /// port answered with another world's TLS).
    _one_at_a_time: std::sync::MutexGuard<'static, ()>,
}

/// Held by the world that is running.
static WORLD: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Drop for World {
    fn drop(&mut self) {
        let _ = self.nginx.kill();
        let _ = self.nginx.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const IIS: &str = "add_header X-Powered-By ASP.NET always;";

fn rpc(headers: &[&str], status: u16) -> String {
    let mut s = String::from("location = /rpc/rpcproxy.dll { ");
    s.push_str(IIS);
    for h in headers {
        s.push_str(&format!(" add_header WWW-Authenticate '{h}' always;"));
    }
    s.push_str(&format!(" return {status}; }}\n"));
    s
}

const ALL_SCHEMES: &[&str] = &["Negotiate", "NTLM", "Basic realm=\"mail.contoso.test\""];

/// The Exchange 2007 Autodiscover answer for Pilar, with `expr` as the EXPR section.
fn autodiscover_response(expr: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\"><Response xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a\"><User><DisplayName>Pilar Pinilla</DisplayName><LegacyDN>/o=Contoso/ou=First Administrative Group/cn=Recipients/cn=pilarp</LegacyDN></User><Account><AccountType>email</AccountType><Action>settings</Action><Protocol><Type>EXCH</Type><Server>EXCH01.corp.contoso.test</Server><ServerVersion>7183807B</ServerVersion><AuthPackage>Ntlm</AuthPackage></Protocol>{expr}</Account></Response></Autodiscover>"
    )
}

fn autodiscover(body: &str) -> String {
    let token = base64(format!("{USER}:{PASSWORD}").as_bytes());
    format!(
        "location = /autodiscover/autodiscover.xml {{ {IIS} default_type text/xml; if ($http_authorization = \"Basic {token}\") {{ return 200 '{body}'; }} add_header WWW-Authenticate 'Basic realm=\"autodiscover\"' always; return 401; }}\n"
    )
}

fn expr(server: &str, auth: &str) -> String {
    format!(
        "<Protocol><Type>EXPR</Type><Server>{server}</Server><SSL>On</SSL><AuthPackage>{auth}</AuthPackage></Protocol>"
    )
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= c.len() {
                A[(n >> (18 - 6 * i)) as usize & 63] as char
            } else {
                '='
            });
        }
    }
    out
}

impl World {
    pub fn start() -> Option<World> {
        let nginx = nginx_binary()?;
        // A test that failed while holding it poisons it; the next world still runs.
        let one_at_a_time = WORLD
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // One folder per world: tests start worlds in parallel threads, and two clock
        // readings can be equal, so a counter tells them apart (two worlds once shared a
        // folder and one's key overwrote the other's).
        static WORLDS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "migration-preflight-probe-{}-{}-{}",
            std::process::id(),
            WORLDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(dir.join("logs")).unwrap();
        let ca = Ca::new("Probe Test Root");
        let ca_file = dir.join("ca.pem");
        std::fs::write(&ca_file, ca.pem()).unwrap();
        let other_ca = Ca::new("Unknown Test Root");
        let names: Vec<&str> = NAMES
            .iter()
            .copied()
            .filter(|n| *n != "autodiscover.wrong.test")
            .collect();
        let write = |name: &str, pem: &Pem| {
            std::fs::write(dir.join(format!("{name}.crt")), &pem.cert).unwrap();
            std::fs::write(dir.join(format!("{name}.key")), &pem.key).unwrap();
        };
        let good = ca.issue(&names, -1, 365);
        write("good", &good);
        write("soon", &ca.issue(&names, -300, 10));
        write("expired", &ca.issue(&names, -400, -10));
        write("wrongname", &ca.issue(&["other.example"], -1, 365));
        write("selfsigned", &pki::self_signed(&names));
        write("untrusted", &other_ca.issue(&names, -1, 365));
        std::fs::write(
            dir.join("big.html"),
            format!("<html>{}</html>", "x".repeat(100_000)),
        )
        .unwrap();

        let mut ports = BTreeMap::new();
        let mut servers = String::new();
        let mut site = |name: &'static str, cert: &str, extra: &str, body: String| {
            let port = free_port();
            ports.insert(name, port);
            servers.push_str(&format!(
                "server {{ listen 127.0.0.1:{port} ssl; server_name _; ssl_certificate {cert}.crt; ssl_certificate_key {cert}.key; {extra}\n{body} location / {{ return 404; }} }}\n"
            ));
            port
        };
        let good_sample = autodiscover(&autodiscover_response(&expr("mail.contoso.test", "Basic")));
        site("good", "good", "", rpc(ALL_SCHEMES, 401) + &good_sample);
        site("negotiate", "good", "", rpc(&["Negotiate"], 401));
        site("nochallenge", "good", "", rpc(&[], 401));
        site("missing", "good", "", String::new());
        site("waf", "good", "", "location = /rpc/rpcproxy.dll { default_type text/html; return 403 '<html><body><h1>Request blocked</h1><p>The request was blocked by the web application firewall. Support ID: 1234</p></body></html>'; }\n".into());
        site("login", "good", "", "location = /rpc/rpcproxy.dll { default_type text/html; return 200 '<html><body><form method=\"post\"><input name=\"username\"><input type=\"password\" name=\"password\"></form></body></html>'; }\n".into());
        site("redirect", "good", "", "location = /rpc/rpcproxy.dll { return 302 https://mail.contoso.test/owa/auth/logon.aspx; }\n".into());
        site(
            "broken",
            "good",
            "",
            format!("location = /rpc/rpcproxy.dll {{ {IIS} return 502; }}\n"),
        );
        site(
            "big",
            "good",
            "",
            "location = /rpc/rpcproxy.dll { default_type text/html; alias big.html; }\n".into(),
        );
        site("soon", "soon", "", rpc(ALL_SCHEMES, 401));
        site("expired", "expired", "", rpc(ALL_SCHEMES, 401));
        site("wrongname", "wrongname", "", rpc(ALL_SCHEMES, 401));
        site("selfsigned", "selfsigned", "", rpc(ALL_SCHEMES, 401));
        site("untrusted", "untrusted", "", rpc(ALL_SCHEMES, 401));
        site(
            "tls11",
            "good",
            "ssl_protocols TLSv1.1; ssl_ciphers DEFAULT:@SECLEVEL=0;",
            rpc(ALL_SCHEMES, 401),
        );
        // Plain HTTP where HTTPS is expected: the handshake fails.
        let plain = free_port();
        ports.insert("plain", plain);
        servers.push_str(&format!(
            "server {{ listen 127.0.0.1:{plain}; location / {{ return 400; }} }}\n"
        ));
        // Autodiscover scenarios, chosen by name on one port.
        let multi = free_port();
        ports.insert("multi", multi);
        let named = |names: &str, cert: &str, body: &str| {
            format!(
                "server {{ listen 127.0.0.1:{multi} ssl; server_name {names}; ssl_certificate {cert}.crt; ssl_certificate_key {cert}.key;\n{body} location / {{ return 404; }} }}\n"
            )
        };
        servers.push_str(&named(
            "mail.contoso.test contoso.test autodiscover.contoso.test srv.contoso.test",
            "good",
            &(rpc(ALL_SCHEMES, 401) + &good_sample),
        ));
        servers.push_str(&named(
            "fabrikam.test autodiscover.fabrikam.test",
            "good",
            "",
        ));
        servers.push_str(&named("autodiscover.wrong.test", "wrongname", &good_sample));
        servers.push_str(&named(
            "autodiscover.other.test",
            "good",
            &autodiscover(&autodiscover_response(&expr(
                "mail.elsewhere.test",
                "Negotiate",
            ))),
        ));
        servers.push_str(&named(
            "autodiscover.noexpr.test",
            "good",
            &autodiscover(&autodiscover_response("")),
        ));
        servers.push_str(&named("autodiscover.err.test", "good", &autodiscover("<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\"><Response><Error Time=\"10:00:00\" Id=\"1\"><ErrorCode>500</ErrorCode><Message>The e-mail address cannot be found.</Message></Error></Response></Autodiscover>")));
        let http_port = free_port();
        servers.push_str(&format!(
            "server {{ listen 127.0.0.1:{http_port}; server_name autodiscover.contoso.test; location / {{ return 302 https://autodiscover.contoso.test:{multi}/autodiscover/autodiscover.xml; }} }}\nserver {{ listen 127.0.0.1:{http_port} default_server; location / {{ return 404; }} }}\n"
        ));
        let conf = format!(
            "daemon off; master_process off; worker_processes 1; pid {d}/nginx.pid; error_log {d}/logs/error.log warn;\nevents {{ worker_connections 256; }}\nhttp {{ access_log off; server_tokens on; client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n{servers}}}\n",
            d = dir.display()
        );
        std::fs::write(dir.join("nginx.conf"), conf).unwrap();
        let child = Command::new(nginx)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-e")
            .arg(dir.join("logs/error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let mut world = World {
            ca_file,
            ports,
            http_port,
            dns_port: dns_server(multi),
            hang_port: hang_server(),
            closed_port: free_port(),
            garbage_port: garbage_server(&good),
            tls11: false,
            nginx: child,
            dir,
            _one_at_a_time: one_at_a_time,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        for port in world.ports.values().chain([&world.http_port]) {
            while TcpStream::connect(("127.0.0.1", *port)).is_err() {
                let log =
                    std::fs::read_to_string(world.dir.join("logs/error.log")).unwrap_or_default();
                assert!(Instant::now() < deadline, "nginx did not start: {log}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        world.tls11 = openssl_speaks_tls11(world.ports["tls11"], &world.dir);
        Some(world)
    }

    /// The probe's arguments to reach `scenario` as `host` (names resolved to loopback,
    /// the test DNS, the test root).
    pub fn args(&self, host: &str, port: u16) -> Vec<String> {
        let mut args = vec![
            "probe".to_string(),
            host.to_string(),
            "--https-port".into(),
            port.to_string(),
            "--http-port".into(),
            self.http_port.to_string(),
            "--resolver".into(),
            format!("127.0.0.1:{}", self.dns_port),
            "--trust-root".into(),
            self.ca_file.display().to_string(),
        ];
        for name in NAMES {
            args.push("--resolve".into());
            args.push(format!("{name}:127.0.0.1"));
        }
        args
    }
}

/// Whether OpenSSL's own client reaches the TLS 1.1 server with TLS 1.1.
fn openssl_speaks_tls11(port: u16, dir: &Path) -> bool {
    // Under coreutils' timeout: s_client has no handshake time limit, and a listener that
    // accepts and never answers (a port taken between choosing and binding) held it for good.
    let out = Command::new("timeout")
        .args([
            "10",
            "openssl",
            "s_client",
            "-connect",
            &format!("127.0.0.1:{port}"),
            "-tls1_1",
            "-cipher",
            "DEFAULT:@SECLEVEL=0",
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output();
    out.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("TLSv1.1"))
}

/// A DNS server on loopback: SRV for _autodiscover._tcp.contoso.test → srv.contoso.test
/// at `port`; NXDOMAIN for every other name.
fn dns_server(port: u16) -> u16 {
    use hickory_proto::op::{Message, MessageType, ResponseCode};
    use hickory_proto::rr::rdata::SRV;
    use hickory_proto::rr::{Name, RData, Record, RecordType};
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let dns_port = socket.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut buf = [0u8; 1500];
        loop {
            let Ok((n, from)) = socket.recv_from(&mut buf) else {
                return;
            };
            let Ok(query) = Message::from_vec(&buf[..n]) else {
                continue;
            };
            let mut answer = Message::new(
                query.metadata.id,
                MessageType::Response,
                query.metadata.op_code,
            );
            answer.metadata.recursion_desired = query.metadata.recursion_desired;
            answer.metadata.recursion_available = true;
            let mut found = false;
            for q in &query.queries {
                answer.add_query(q.clone());
                if q.name.to_ascii().to_lowercase() == "_autodiscover._tcp.contoso.test."
                    && q.query_type == RecordType::SRV
                {
                    let target = Name::from_ascii("srv.contoso.test.").unwrap();
                    answer.add_answer(Record::from_rdata(
                        q.name.clone(),
                        300,
                        RData::SRV(SRV::new(0, 0, port, target)),
                    ));
                    found = true;
                }
            }
            if !found {
                answer.metadata.response_code = ResponseCode::NXDomain;
            }
            let _ = socket.send_to(&answer.to_vec().unwrap(), from);
        }
    });
    dns_port
}

/// Accepts connections and never answers.
fn hang_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}

/// Completes the TLS handshake, then answers with bytes that are not HTTP.
fn garbage_server(pem: &Pem) -> u16 {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(pem.cert_der.clone())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pem.key_der.clone())),
        )
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let connection = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(connection, stream);
                let mut request = [0u8; 2048];
                let _ = tls.read(&mut request);
                let _ = tls.write_all(b"SSH-2.0-OpenSSH_9.2\r\n\r\n");
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.conn.complete_io(&mut tls.sock);
            });
        }
    });
    port
}

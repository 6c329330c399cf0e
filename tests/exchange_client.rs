//! The Exchange Online client against tiny loopback servers started by each test: paging,
//! throttling, retries and their limits, errors, the three sign-ins, the PSCredential and
//! that no token, secret or password shows in any error or in the dry run.
#![cfg(feature = "exchange")]

#[path = "exchange_client/canned.rs"]
mod canned;
#[path = "../src/cli/sign_in.rs"]
mod sign_in;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use canned::{Canned, Reply, Request};
use clap::Parser;
use migration_preflight::exchange::api::{ApiError, Cmdlet, Exchange, Kind};
use rsa::traits::PublicKeyParts;
use serde_json::json;
use sign_in::{SignInArgs, endpoint_credential};

const TOKEN: &str = "TOKEN-eyJhbGciOi-s3cr3t";
const SECRET: &str = "CLIENT-SECRET-v4lue";
const TENANT: &str = "contoso.onmicrosoft.com";
const SECRET_VAR: &str = "EXO_TEST_SECRET";

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    sign_in: SignInArgs,
}

fn args(server: &Canned, extra: &[&str]) -> SignInArgs {
    let mut all = vec![
        "migration-preflight",
        "--tenant",
        TENANT,
        "--api-base",
        &server.url,
        "--authority",
        &server.url,
        "--retry-base-ms",
        "50",
    ];
    all.extend_from_slice(extra);
    Cli::try_parse_from(all).unwrap().sign_in
}

fn env(name: &str) -> Option<String> {
    (name == SECRET_VAR).then(|| SECRET.to_string())
}

/// A server answering the token endpoint with [`TOKEN`] and the API with `api`, which
/// gets each API request and its number (0 for the first).
fn server(api: impl Fn(&Request, usize) -> Reply + Send + 'static) -> Canned {
    Canned::start(move |request, log| {
        if request.target.contains("/oauth2/v2.0/") {
            return Reply::json(200, json!({"access_token": TOKEN, "expires_in": 3600}));
        }
        let n = log
            .iter()
            .filter(|r| !r.target.contains("/oauth2/"))
            .count()
            - 1;
        api(request, n)
    })
}

fn connect_app(server: &Canned) -> Box<dyn Exchange> {
    args(
        server,
        &["--client-id", "app-id", "--client-secret-env", SECRET_VAR],
    )
    .connect_with(&mut Vec::new(), &env)
    .unwrap()
}

fn rows(n: usize) -> serde_json::Value {
    json!(
        (0..n)
            .map(|i| json!({"Identity": format!("user{i}")}))
            .collect::<Vec<_>>()
    )
}

fn get_users() -> Cmdlet {
    Cmdlet::new("Get-MigrationUser")
        .param("BatchId", "wave1")
        .param("ResultSize", "Unlimited")
}

#[test]
fn pages_are_followed_on_the_same_host_with_the_same_body_and_request_id() {
    let server = server(|request, n| {
        if n == 0 {
            let host = request.header("host").unwrap().to_string();
            let next = format!("http://{host}/adminapi/beta/{TENANT}/InvokeCommand?$skiptoken=2");
            Reply::json(200, json!({"value": rows(2), "@odata.nextLink": next}))
        } else {
            Reply::json(
                200,
                json!({"value": rows(1), "@adminapi.warnings": ["a warning"]}),
            )
        }
    });
    let mut client = connect_app(&server);
    let users = client.invoke(&get_users(), Kind::Read).unwrap();
    assert_eq!(users.len(), 3);
    assert_eq!(client.take_warnings(), vec!["a warning"]);
    let api = server.to("/InvokeCommand");
    assert_eq!(api.len(), 2);
    assert!(api[1].target.ends_with("?$skiptoken=2"));
    assert_eq!(api[0].body, api[1].body);
    let body: serde_json::Value = serde_json::from_str(&api[0].body).unwrap();
    assert_eq!(body["CmdletInput"]["CmdletName"], "Get-MigrationUser");
    assert_eq!(body["CmdletInput"]["Parameters"]["ResultSize"], "Unlimited");
    let id = api[0].header("client-request-id").unwrap();
    assert_eq!(api[1].header("client-request-id"), Some(id));
    for request in &api {
        assert_eq!(request.method, "POST");
        assert_eq!(
            request.header("authorization"),
            Some(&*format!("Bearer {TOKEN}"))
        );
        assert_eq!(request.header("prefer"), Some("odata.maxpagesize=1000"));
        assert_eq!(request.header("x-responseformat"), Some("json"));
        assert_eq!(
            request.header("x-anchormailbox"),
            Some(&*format!(
                "APP:SystemMailbox{{bb558c35-97f1-4cb9-8ff7-d53741dc928c}}@{TENANT}"
            ))
        );
    }
    // A second cmdlet gets its own request ID.
    client.invoke(&get_users(), Kind::Read).unwrap();
    let api = server.to("/InvokeCommand");
    assert_ne!(api[2].header("client-request-id"), Some(id));
}

#[test]
fn a_next_link_to_another_host_is_not_followed() {
    let server = server(|request, _| {
        let port = request
            .header("host")
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .to_string();
        // The same machine under another name: were it followed, this server would see it.
        let next = format!("http://localhost:{port}/adminapi/beta/{TENANT}/InvokeCommand?p=2");
        Reply::json(200, json!({"value": rows(1), "@odata.nextLink": next}))
    });
    let mut client = connect_app(&server);
    let error = client.invoke(&get_users(), Kind::Read).unwrap_err();
    assert!(
        matches!(&error, ApiError::Transport { message } if message.contains("another host")),
        "{error:?}"
    );
    assert_eq!(server.to("/InvokeCommand").len(), 1);
}

#[test]
fn throttling_waits_retry_after_even_for_a_write() {
    let server = server(|_, n| match n {
        0 => Reply::json(429, json!({"error": {"message": "Too many requests"}}))
            .header("Retry-After", "0.2"),
        _ => Reply::json(
            200,
            json!({"value": [{"Identity": "wave1", "Status": "Created"}]}),
        ),
    });
    let mut client = connect_app(&server);
    let created = client
        .invoke(
            &Cmdlet::new("New-MigrationBatch").param("Name", "wave1"),
            Kind::Write,
        )
        .unwrap();
    assert_eq!(created[0]["Status"], "Created");
    let api = server.to("/InvokeCommand");
    assert_eq!(api.len(), 2);
    let gap = api[1].at.duration_since(api[0].at);
    assert!(gap >= Duration::from_millis(200), "waited only {gap:?}");
}

#[test]
fn a_read_is_retried_after_503() {
    let server = server(|_, n| match n {
        0 => Reply::json(503, json!({})),
        _ => Reply::json(200, json!({"value": rows(1)})),
    });
    let mut client = connect_app(&server);
    assert_eq!(client.invoke(&get_users(), Kind::Read).unwrap().len(), 1);
    assert_eq!(server.to("/InvokeCommand").len(), 2);
}

#[test]
fn a_read_gives_up_after_five_retries() {
    let server = server(|_, _| Reply::json(503, json!({})));
    let mut client = connect_app(&server);
    let error = client.invoke(&get_users(), Kind::Read).unwrap_err();
    assert!(matches!(error, ApiError::GaveUp { .. }), "{error:?}");
    assert_eq!(server.to("/InvokeCommand").len(), 6);
}

#[test]
fn a_write_is_not_replayed_after_503_or_a_broken_connection() {
    for reply in [Reply::json(503, json!({})), Reply::hang_up()] {
        let server = server(move |_, _| reply.clone());
        let mut client = connect_app(&server);
        let error = client
            .invoke(
                &Cmdlet::new("Start-MigrationBatch").param("Identity", "wave1"),
                Kind::Write,
            )
            .unwrap_err();
        assert!(matches!(error, ApiError::Uncertain { .. }), "{error:?}");
        assert_eq!(server.to("/InvokeCommand").len(), 1);
    }
}

#[test]
fn admin_errors_in_a_200_are_a_failure() {
    let server = server(|_, _| {
        Reply::json(
            200,
            json!({"value": [], "@adminapi.errors": [
                "ex1|Microsoft.Exchange.Migration.MigrationPermanentException|A batch named wave1 already exists."
            ]}),
        )
    });
    let mut client = connect_app(&server);
    let error = client
        .invoke(
            &Cmdlet::new("New-MigrationBatch").param("Name", "wave1"),
            Kind::Write,
        )
        .unwrap_err();
    assert_eq!(
        error,
        ApiError::Service {
            status: 200,
            class: Some("MigrationPermanentException".into()),
            message: "A batch named wave1 already exists.".into()
        }
    );
}

#[test]
fn forbidden_gives_the_diagnostics_and_not_found_is_recognised() {
    let server = server(|_, n| match n {
        0 => Reply {
            status: 403,
            headers: vec![(
                "x-ms-diagnostics".into(),
                "2000003;reason=\"The user is not an Exchange administrator\"".into(),
            )],
            body: "\0\0".into(),
            hang_up: false,
        },
        _ => Reply::json(
            400,
            json!({"error": {"message": "Invalid Operation", "details": [{"message":
            "ex2|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'wave9' couldn't be found."}]}}),
        ),
    });
    let mut client = connect_app(&server);
    let error = client.invoke(&get_users(), Kind::Read).unwrap_err();
    assert!(
        matches!(&error, ApiError::Forbidden { reason } if reason.contains("not an Exchange administrator")),
        "{error:?}"
    );
    let error = client.invoke(&get_users(), Kind::Read).unwrap_err();
    assert!(
        matches!(&error, ApiError::NotFound { message } if message.contains("'wave9' couldn't be found")),
        "{error:?}"
    );
}

#[test]
fn a_401_gets_one_fresh_token_then_fails_as_sign_in() {
    let server = server(|_, n| match n {
        0 | 2 | 3 => Reply::json(401, json!({"error": {"message": "token expired"}})),
        _ => Reply::json(200, json!({"value": rows(1)})),
    });
    let mut client = connect_app(&server);
    assert_eq!(client.invoke(&get_users(), Kind::Read).unwrap().len(), 1);
    assert_eq!(server.to("/oauth2/v2.0/token").len(), 2);
    let error = client.invoke(&get_users(), Kind::Read).unwrap_err();
    assert!(matches!(error, ApiError::SignIn { .. }), "{error:?}");
    assert_eq!(server.to("/oauth2/v2.0/token").len(), 3);
}

#[test]
fn client_secret_sign_in_sends_the_secret_from_the_environment() {
    let server = server(|_, _| Reply::json(200, json!({"value": []})));
    let mut client = connect_app(&server);
    client.invoke(&get_users(), Kind::Read).unwrap();
    let token = server.to("/oauth2/v2.0/token");
    assert_eq!(token.len(), 1);
    assert!(
        token[0]
            .target
            .ends_with(&format!("/{TENANT}/oauth2/v2.0/token"))
    );
    assert_eq!(
        token[0].form("grant_type").as_deref(),
        Some("client_credentials")
    );
    assert_eq!(token[0].form("client_id").as_deref(), Some("app-id"));
    assert_eq!(token[0].form("client_secret").as_deref(), Some(SECRET));
    assert_eq!(
        token[0].form("scope"),
        Some(format!("{}/.default", server.url))
    );
}

fn jwt_with(claims: serde_json::Value) -> String {
    format!(
        "{}.{}.c2ln",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

#[test]
fn device_code_sign_in_waits_through_authorization_pending() {
    let access = jwt_with(json!({"upn": "admin@contoso.com"}));
    let server = Canned::start(move |request, log| {
        if request.target.contains("/devicecode") {
            return Reply::json(
                200,
                json!({
                    "device_code": "DEVICE-CODE-secret", "user_code": "ABCD-1234",
                    "verification_uri": "https://microsoft.com/devicelogin",
                    "interval": 1, "expires_in": 900,
                    "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD-1234 to authenticate."
                }),
            );
        }
        if request.target.contains("/token") {
            let polls = log.iter().filter(|r| r.target.contains("/token")).count();
            if polls == 1 {
                return Reply::json(
                    400,
                    json!({"error": "authorization_pending",
                    "error_description": "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending."}),
                );
            }
            return Reply::json(
                200,
                json!({"access_token": access, "expires_in": 3600, "refresh_token": "R"}),
            );
        }
        Reply::json(200, json!({"value": []}))
    });
    let mut prompt = Vec::new();
    let mut client = args(&server, &[]).connect_with(&mut prompt, &env).unwrap();
    let prompt = String::from_utf8(prompt).unwrap();
    assert!(prompt.contains("ABCD-1234"), "{prompt}");
    let code = server.to("/devicecode");
    assert_eq!(code.len(), 1);
    assert_eq!(
        code[0].form("client_id").as_deref(),
        Some("fb78d390-0c51-40cd-8e17-fdbfab77341b")
    );
    assert_eq!(
        code[0].form("scope"),
        Some(format!("{}/.default offline_access", server.url))
    );
    let polls = server.to("/token");
    assert_eq!(polls.len(), 2);
    assert!(polls[1].at.duration_since(polls[0].at) >= Duration::from_secs(1));
    assert_eq!(
        polls[1].form("grant_type").as_deref(),
        Some("urn:ietf:params:oauth:grant-type:device_code")
    );
    assert_eq!(
        polls[1].form("device_code").as_deref(),
        Some("DEVICE-CODE-secret")
    );
    client.invoke(&get_users(), Kind::Read).unwrap();
    let api = server.to("/InvokeCommand");
    assert_eq!(
        api[0].header("x-anchormailbox"),
        Some("UPN:admin@contoso.com")
    );
}

#[test]
fn device_code_sign_in_through_connect_reports_a_refusal() {
    let server = Canned::start(|request, _| {
        if request.target.contains("/devicecode") {
            return Reply::json(
                400,
                json!({"error": "invalid_request",
                "error_description": "AADSTS50059: No tenant-identifying information found.\r\nTrace ID: x"}),
            );
        }
        Reply::json(500, json!({}))
    });
    let error = args(&server, &[]).connect(&mut Vec::new()).err().unwrap();
    assert_eq!(
        error,
        "sign-in failed: AADSTS50059: No tenant-identifying information found."
    );
}

/// A 2,048-bit key, its certificate (DER) and the PEM with both.
fn certificate() -> &'static (rsa::RsaPrivateKey, Vec<u8>, String) {
    static CERT: OnceLock<(rsa::RsaPrivateKey, Vec<u8>, String)> = OnceLock::new();
    CERT.get_or_init(|| {
        use rsa::pkcs8::EncodePrivateKey;
        let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).unwrap();
        let pkcs8 = key.to_pkcs8_der().unwrap();
        let pair = rcgen::KeyPair::try_from(pkcs8.as_bytes()).unwrap();
        let cert = rcgen::CertificateParams::new(vec!["app".to_string()])
            .unwrap()
            .self_signed(&pair)
            .unwrap();
        let b64 = STANDARD.encode(pkcs8.as_bytes());
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        let pem = format!(
            "{}-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            cert.pem(),
            lines.join("\n")
        );
        (key, cert.der().to_vec(), pem)
    })
}

/// Checks a client assertion as the sign-in service would; `Err` says what is wrong.
fn check_assertion(jwt: &str, cert_der: &[u8], token_url: &str) -> Result<(), String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err("not three parts".into());
    };
    let decode = |p: &str| -> serde_json::Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
    };
    let (header, claims) = (decode(header), decode(claims));
    let thumbprint = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, cert_der);
    if header["alg"] != "RS256" || header["x5t"] != URL_SAFE_NO_PAD.encode(thumbprint.as_ref()) {
        return Err(format!("bad header {header}"));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let number = |k: &str| claims[k].as_u64().unwrap_or(0);
    if claims["aud"] != token_url
        || claims["iss"] != "app-id"
        || claims["sub"] != "app-id"
        || claims["jti"].as_str().is_none_or(str::is_empty)
        || number("nbf") > now + 5
        || number("exp") <= now
    {
        return Err(format!("bad claims {claims}"));
    }
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der).unwrap();
    let public = &cert.public_key().subject_public_key.data;
    let signed = format!("{}.{}", parts[0], parts[1]);
    ring::signature::UnparsedPublicKey::new(&ring::signature::RSA_PKCS1_2048_8192_SHA256, public)
        .verify(
            signed.as_bytes(),
            &URL_SAFE_NO_PAD.decode(signature).unwrap(),
        )
        .map_err(|_| "bad signature".to_string())
}

#[test]
fn certificate_sign_in_sends_a_signed_assertion() {
    let (_, cert_der, pem) = certificate();
    let path = std::env::temp_dir().join(format!("exo-client-{}.pem", std::process::id()));
    std::fs::write(&path, pem).unwrap();
    let checks = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&checks);
    let server = Canned::start(move |request, _| {
        if request.target.contains("/oauth2/v2.0/token") {
            let host = request.header("host").unwrap();
            let token_url = format!("http://{host}{}", request.target);
            let verdict = match (
                request.form("client_assertion_type").as_deref(),
                request.form("client_assertion"),
            ) {
                (Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), Some(jwt)) => {
                    check_assertion(&jwt, cert_der, &token_url)
                }
                _ => Err("no assertion".to_string()),
            };
            seen.lock().unwrap().push(verdict.clone());
            return match verdict {
                Ok(()) => Reply::json(200, json!({"access_token": TOKEN, "expires_in": 3600})),
                Err(e) => Reply::json(
                    401,
                    json!({"error": "invalid_client", "error_description": e}),
                ),
            };
        }
        Reply::json(200, json!({"value": []}))
    });
    let path_text = path.to_str().unwrap();
    let signed_in = args(
        &server,
        &["--client-id", "app-id", "--certificate", path_text],
    )
    .connect_with(&mut Vec::new(), &env);
    std::fs::remove_file(&path).unwrap();
    let mut client = signed_in.unwrap();
    assert_eq!(*checks.lock().unwrap(), vec![Ok(())]);
    assert!(
        server.to("/oauth2/v2.0/token")[0]
            .form("client_secret")
            .is_none()
    );
    client.invoke(&get_users(), Kind::Read).unwrap();
}

fn module_file(key: &rsa::RsaPublicKey) -> serde_json::Value {
    let xml = format!(
        "<RSAKeyValue><Modulus>{}</Modulus><Exponent>{}</Exponent></RSAKeyValue>",
        STANDARD.encode(key.n().to_bytes_be()),
        STANDARD.encode(key.e().to_bytes_be())
    );
    json!({"value": [{"fileContent": format!("# generated\n$PublicKey='{xml}'\n"), "exportedCmdlets": ""}]})
}

#[test]
fn the_credential_is_encrypted_with_the_module_files_key() {
    let (key, _, _) = certificate();
    let public = rsa::RsaPublicKey::from(key);
    let server = server(move |request, _| {
        if request.target.contains("EXOModuleFile") {
            return Reply::json(200, module_file(&public));
        }
        Reply::json(404, json!({}))
    });
    let mut client = connect_app(&server);
    let sealed = endpoint_credential(client.as_mut(), "CONTOSO\\admin", "0n-prem P@ss").unwrap();
    let plain = key
        .decrypt(rsa::Pkcs1v15Encrypt, &STANDARD.decode(&sealed).unwrap())
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&plain).unwrap(),
        json!({"UserName": "CONTOSO\\admin", "Password": "0n-prem P@ss"})
    );
    endpoint_credential(client.as_mut(), "CONTOSO\\admin", "again").unwrap();
    let fetched = server.to("EXOModuleFile");
    assert_eq!(fetched.len(), 1, "the key is fetched once");
    assert_eq!(fetched[0].method, "GET");
    assert_eq!(
        fetched[0].target,
        format!("/adminapi/v1.0/{TENANT}/EXOModuleFile?Version=3.9.2")
    );
}

/// A writer the test can read after handing it over.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn no_token_secret_or_password_in_errors_or_the_dry_run() {
    const PASSWORD: &str = "On-Prem-P4ssw0rd";
    let secrets = [TOKEN, SECRET, PASSWORD, "DEVICE-CODE-secret"];
    let mut shown = Vec::new();
    // Failures of every kind, each shown as the runner would (Display and Debug).
    let server = server(|request, n| match n {
        0 => Reply::json(429, json!({})).header("Retry-After", "0"),
        _ if request.target.contains("EXOModuleFile") => Reply::json(200, json!({"value": []})),
        _ => Reply::json(400, json!({"error": {"message": "Invalid Operation"}})),
    });
    let mut client = connect_app(&server);
    for kind in [Kind::Read, Kind::Write] {
        let error = client.invoke(&get_users(), kind).unwrap_err();
        shown.push(format!("{error} {error:?}"));
    }
    shown.push(endpoint_credential(client.as_mut(), "CONTOSO\\admin", PASSWORD).unwrap_err());
    let refused = Canned::start(|_, _| {
        Reply::json(
            401,
            json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}),
        )
    });
    let error = args(
        &refused,
        &["--client-id", "app-id", "--client-secret-env", SECRET_VAR],
    )
    .connect_with(&mut Vec::new(), &env)
    .err()
    .unwrap();
    shown.push(error);
    // What the client sent did carry them (so the search below can fail).
    assert!(server.requests().iter().any(|r| r.body.contains(SECRET)));
    // The dry run: CSV with a password, a credential.
    let out = Shared::default();
    let mut dry = args(&server, &["--upn", "admin@contoso.com"]).dry_run(Box::new(out.clone()));
    let csv = format!("EmailAddress,Password\r\npilarp@contoso.com,{PASSWORD}\r\n");
    dry.invoke(
        &Cmdlet::new("New-MigrationBatch")
            .param("Name", "wave1")
            .bytes("CSVData", csv.as_bytes()),
        Kind::Write,
    )
    .unwrap();
    let credential = endpoint_credential(dry.as_mut(), "CONTOSO\\admin", PASSWORD).unwrap();
    dry.invoke(
        &Cmdlet::new("New-MigrationEndpoint").param("Credentials", credential),
        Kind::Write,
    )
    .unwrap();
    let printed = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    assert!(
        printed.contains("Bearer ***") && printed.contains("sha256"),
        "{printed}"
    );
    assert!(printed.contains("X-AnchorMailbox: UPN:admin@contoso.com"));
    shown.push(printed);
    for text in &shown {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} shown in: {text}");
        }
    }
}

//! The Exchange Online client against tiny loopback servers started by each test: paging,
//! throttling, retries and their limits, errors, the three sign-ins, the PSCredential and
//! that no token, secret or password shows in any error or in the dry run.
#![cfg(feature = "exchange")]

#[path = "exchange_client/app_cert.rs"]
mod app_cert;
#[path = "exchange_client/canned.rs"]
mod canned;
#[path = "exchange_client/secrets.rs"]
mod secrets;
#[path = "../src/cli/sign_in.rs"]
mod sign_in;
#[path = "exchange_client/sign_ins.rs"]
mod sign_ins;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use app_cert::certificate;
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

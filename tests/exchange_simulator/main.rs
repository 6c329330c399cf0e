//! The Exchange Online simulator (examples/exchange-simulator), driven over HTTP: sign-in,
//! the cmdlets, the state machines, paging, faults and the log — what the runner's tests
//! rely on. Each test starts its own simulator on a free loopback port.

#![cfg(feature = "exchange")]

mod cmdlets;
#[path = "../common/mod.rs"]
mod common;
mod fault;
mod sign_in;

pub use common::simulator::{Reply, Simulator};
pub use serde_json::Value;
use serde_json::json;

pub(crate) const TENANT: &str = "contoso.onmicrosoft.com";
pub(crate) const SECRET: &str = "sim-secret-3f9a";
pub(crate) const SCOPE: &str = "https://outlook.office365.com/.default";

pub(crate) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(crate) fn post_form(sim: &Simulator, path: &str, fields: &[(&str, &str)]) -> Reply {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    sim.request(
        "POST",
        path,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.join("&").as_bytes(),
    )
    .expect("token endpoint answers")
}

pub(crate) fn token_path(tenant: &str) -> String {
    format!("/{tenant}/oauth2/v2.0/token")
}

pub(crate) fn secret_token(sim: &Simulator) -> String {
    let reply = post_form(
        sim,
        &token_path(TENANT),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "app-1"),
            ("client_secret", SECRET),
            ("scope", SCOPE),
        ],
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

pub(crate) fn invoke_at(
    sim: &Simulator,
    path: &str,
    token: &str,
    cmdlet: &str,
    parameters: Value,
) -> Reply {
    let body = json!({"CmdletInput": {"CmdletName": cmdlet, "Parameters": parameters}});
    let auth = format!("Bearer {token}");
    sim.request(
        "POST",
        path,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
            ("client-request-id", cmdlet),
        ],
        body.to_string().as_bytes(),
    )
    .expect("InvokeCommand answers")
}

pub(crate) fn invoke(sim: &Simulator, token: &str, cmdlet: &str, parameters: Value) -> Reply {
    let path = format!("/adminapi/beta/{TENANT}/InvokeCommand");
    invoke_at(sim, &path, token, cmdlet, parameters)
}

pub(crate) fn csv_data(text: &str) -> Value {
    json!({"@odata.type": "#Exchange.ByteArrayType", "Data": text.as_bytes()})
}

pub(crate) fn new_batch(sim: &Simulator, token: &str, name: &str, csv: &str) -> Reply {
    invoke(
        sim,
        token,
        "New-MigrationBatch",
        json!({"Name": name, "SourceEndpoint": "StagedEndpoint", "CSVData": csv_data(csv)}),
    )
}

/// `error.details[0].message`, the `<id>|<Class>|<text>` detail.
pub(crate) fn detail(reply: &Reply) -> String {
    reply.json()["error"]["details"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

pub(crate) fn batch(sim: &Simulator, token: &str, name: &str) -> Value {
    let reply = invoke(sim, token, "Get-MigrationBatch", json!({"Identity": name}));
    assert_eq!(reply.status, 200);
    reply.json()["value"][0].clone()
}

pub(crate) const FIVE: &str = "EmailAddress,Password,ForceChangePassword\n\
    ann@contoso.com,Secr3t!pass,False\n\
    failbob@contoso.com,Secr3t!pass,False\n\
    nosource.cy@contoso.com,Secr3t!pass,False\n\
    badpass.di@contoso.com,Secr3t!pass,False\n\
    eve@contoso.com,Secr3t!pass,False\n";

//! The Exchange Online simulator (examples/exchange-simulator), driven over HTTP: sign-in,
//! the cmdlets, the state machines, paging, faults and the log — what the runner's tests
//! rely on. Each test starts its own simulator on a free loopback port.

#![cfg(feature = "exchange")]

mod common;

use common::simulator::{Reply, Simulator};
use serde_json::{Value, json};

const TENANT: &str = "contoso.onmicrosoft.com";
const SECRET: &str = "sim-secret-3f9a";
const SCOPE: &str = "https://outlook.office365.com/.default";

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn post_form(sim: &Simulator, path: &str, fields: &[(&str, &str)]) -> Reply {
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

fn token_path(tenant: &str) -> String {
    format!("/{tenant}/oauth2/v2.0/token")
}

fn secret_token(sim: &Simulator) -> String {
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

fn invoke_at(sim: &Simulator, path: &str, token: &str, cmdlet: &str, parameters: Value) -> Reply {
    let body = json!({"CmdletInput": {"CmdletName": cmdlet, "Parameters": parameters}});
    let auth = format!("Bearer {token}");
    sim.request(
        "POST",
        path,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body.to_string().as_bytes(),
    )
    .expect("InvokeCommand answers")
}

fn invoke(sim: &Simulator, token: &str, cmdlet: &str, parameters: Value) -> Reply {
    let path = format!("/adminapi/beta/{TENANT}/InvokeCommand");
    invoke_at(sim, &path, token, cmdlet, parameters)
}

fn csv_data(text: &str) -> Value {
    json!({"@odata.type": "#Exchange.ByteArrayType", "Data": text.as_bytes()})
}

fn new_batch(sim: &Simulator, token: &str, name: &str, csv: &str) -> Reply {
    invoke(
        sim,
        token,
        "New-MigrationBatch",
        json!({"Name": name, "SourceEndpoint": "StagedEndpoint", "CSVData": csv_data(csv)}),
    )
}

/// `error.details[0].message`, the `<id>|<Class>|<text>` detail.
fn detail(reply: &Reply) -> String {
    reply.json()["error"]["details"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn batch(sim: &Simulator, token: &str, name: &str) -> Value {
    let reply = invoke(sim, token, "Get-MigrationBatch", json!({"Identity": name}));
    assert_eq!(reply.status, 200);
    reply.json()["value"][0].clone()
}

const FIVE: &str = "EmailAddress,Password,ForceChangePassword\n\
    ann@contoso.com,Secr3t!pass,False\n\
    failbob@contoso.com,Secr3t!pass,False\n\
    nosource.cy@contoso.com,Secr3t!pass,False\n\
    badpass.di@contoso.com,Secr3t!pass,False\n\
    eve@contoso.com,Secr3t!pass,False\n";

#[test]
fn device_code_is_pending_then_gives_tokens_and_refreshes() {
    let sim = Simulator::start(&["--device-pending", "2", "--device-interval", "0"]);
    let code = post_form(
        &sim,
        &format!("/{TENANT}/oauth2/v2.0/devicecode"),
        &[
            ("client_id", "fb78d390-0c51-40cd-8e17-fdbfab77341b"),
            ("scope", &format!("{SCOPE} offline_access")),
        ],
    );
    assert_eq!(code.status, 200);
    let code = code.json();
    let user_code = code["user_code"].as_str().unwrap();
    assert!(!user_code.is_empty());
    assert_eq!(code["interval"], 0);
    assert!(code["message"].as_str().unwrap().contains(user_code));
    assert!(
        code["verification_uri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let device_code = code["device_code"].as_str().unwrap();
    let poll = || {
        post_form(
            &sim,
            &token_path(TENANT),
            &[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", "fb78d390-0c51-40cd-8e17-fdbfab77341b"),
                ("device_code", device_code),
            ],
        )
    };
    for _ in 0..2 {
        let pending = poll();
        assert_eq!(pending.status, 400);
        assert_eq!(pending.json()["error"], "authorization_pending");
    }
    let tokens = poll().json();
    let access = tokens["access_token"].as_str().expect("access token");
    let refresh = tokens["refresh_token"].as_str().expect("refresh token");
    assert!(tokens["expires_in"].as_u64().unwrap() > 0);
    assert_eq!(
        invoke(&sim, access, "Get-MigrationBatch", json!({})).status,
        200
    );
    // The code is used up.
    assert_eq!(poll().json()["error"], "expired_token");
    let refreshed = post_form(
        &sim,
        &token_path(TENANT),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "fb78d390-0c51-40cd-8e17-fdbfab77341b"),
            ("refresh_token", refresh),
            ("scope", SCOPE),
        ],
    )
    .json();
    let second = refreshed["access_token"].as_str().expect("refreshed token");
    assert_ne!(second, access, "tokens are random");
    assert_eq!(
        invoke(&sim, second, "Get-MigrationBatch", json!({})).status,
        200
    );
    // /common is refused for device code.
    let common = post_form(
        &sim,
        "/common/oauth2/v2.0/devicecode",
        &[("client_id", "x"), ("scope", SCOPE)],
    );
    assert_eq!(common.status, 400);
    assert!(
        common.json()["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS90133")
    );
    let grants: Vec<_> = sim.log().into_iter().filter_map(|e| e.grant).collect();
    assert!(grants.iter().any(|g| g == "refresh_token"), "{grants:?}");
}

#[test]
fn client_secret_must_match_and_scope_must_end_in_default() {
    let sim = Simulator::start(&["--client-secret", SECRET]);
    let token = secret_token(&sim);
    assert_eq!(
        invoke(&sim, &token, "Get-MigrationBatch", json!({})).status,
        200
    );
    let wrong = post_form(
        &sim,
        &token_path(TENANT),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "app-1"),
            ("client_secret", "not-it"),
            ("scope", SCOPE),
        ],
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.json()["error"], "invalid_client");
    let scope = post_form(
        &sim,
        &token_path(TENANT),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "app-1"),
            ("client_secret", SECRET),
            (
                "scope",
                "https://outlook.office365.com/Exchange.ManageAsApp",
            ),
        ],
    );
    assert_eq!(scope.json()["error"], "invalid_scope");
    assert!(scope.json().get("refresh_token").is_none());
}

#[test]
fn invoke_command_needs_a_live_issued_token() {
    let sim = Simulator::start(&["--client-secret", SECRET, "--token-seconds", "0"]);
    let none = sim
        .request(
            "POST",
            &format!("/adminapi/beta/{TENANT}/InvokeCommand"),
            &[],
            b"{}",
        )
        .unwrap();
    assert_eq!(none.status, 401);
    assert!(
        none.header("www-authenticate")
            .unwrap()
            .starts_with("Bearer")
    );
    assert_eq!(
        invoke(&sim, "made-up", "Get-MigrationBatch", json!({})).status,
        401
    );
    // --token-seconds 0: the token is expired as soon as it is issued.
    let expired = secret_token(&sim);
    assert_eq!(
        invoke(&sim, &expired, "Get-MigrationBatch", json!({})).status,
        401
    );
    let module = sim
        .request(
            "GET",
            &format!("/adminapi/v1.0/{TENANT}/EXOModuleFile?Version=3.9.2"),
            &[],
            b"",
        )
        .unwrap();
    assert_eq!(module.status, 401);
}

#[test]
fn endpoint_cmdlets_find_test_and_report_not_found() {
    let sim = Simulator::start(&["--client-secret", SECRET, "--endpoint", "StagedEndpoint"]);
    let token = secret_token(&sim);
    let found = invoke(
        &sim,
        &token,
        "Get-MigrationEndpoint",
        json!({"Identity": "StagedEndpoint"}),
    );
    assert_eq!(found.json()["value"][0]["Identity"], "StagedEndpoint");
    let missing = invoke(
        &sim,
        &token,
        "Get-MigrationEndpoint",
        json!({"Identity": "Nope"}),
    );
    assert_eq!(missing.status, 400);
    let parts: Vec<String> = detail(&missing).split('|').map(str::to_string).collect();
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert!(parts[1].ends_with("ManagementObjectNotFoundException"));
    assert!(parts[2].contains("'Nope'"));
    let test = invoke(
        &sim,
        &token,
        "Test-MigrationServerAvailability",
        json!({"Endpoint": "StagedEndpoint"}),
    );
    assert_eq!(test.json()["value"][0]["Result"], "Success");

    let down = Simulator::start(&[
        "--client-secret",
        SECRET,
        "--endpoint",
        "StagedEndpoint",
        "--endpoint-unavailable",
    ]);
    let token = secret_token(&down);
    let test = invoke(
        &down,
        &token,
        "Test-MigrationServerAvailability",
        json!({"Endpoint": "StagedEndpoint"}),
    );
    let result = &test.json()["value"][0];
    assert_eq!(result["Result"], "Failed");
    assert!(
        result["Message"]
            .as_str()
            .unwrap()
            .contains("could not be completed")
    );
}

#[test]
fn a_batch_runs_created_syncing_then_synced_with_errors_and_microsofts_texts() {
    let sim = Simulator::start(&[
        "--client-secret",
        SECRET,
        "--endpoint",
        "StagedEndpoint",
        "--sync-ms",
        "60000",
        "--clock",
        "2026-01-05T09:00:00Z",
    ]);
    let token = secret_token(&sim);
    let created = new_batch(&sim, &token, "Wave1", FIVE);
    assert_eq!(
        created.status,
        200,
        "{}",
        String::from_utf8_lossy(&created.body)
    );
    let b = &created.json()["value"][0];
    assert_eq!(b["Status"], "Created");
    assert_eq!(b["TotalCount"], 5);
    assert_eq!(b["PendingCount"], 5);
    assert!(b["LastSyncedDateTime"].is_null());
    assert!(
        b["CreationDateTime"]
            .as_str()
            .unwrap()
            .starts_with("2026-01-05T09:0")
    );
    let start = invoke(
        &sim,
        &token,
        "Start-MigrationBatch",
        json!({"Identity": "Wave1"}),
    );
    assert_eq!(start.status, 200);
    assert_eq!(batch(&sim, &token, "Wave1")["Status"], "Syncing");
    let users = |sim: &Simulator| {
        invoke(
            sim,
            &token,
            "Get-MigrationUser",
            json!({"BatchId": "Wave1", "ResultSize": "Unlimited"}),
        )
        .json()["value"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert!(
        users(&sim)
            .iter()
            .all(|u| u["Status"] == "Queued" && u["StatusSummary"] == "Active")
    );
    sim.advance(60_000);
    assert!(users(&sim).iter().all(|u| u["Status"] == "Syncing"));
    assert_eq!(batch(&sim, &token, "Wave1")["ActiveCount"], 5);
    sim.advance(3 * 60_000);
    let done = batch(&sim, &token, "Wave1");
    assert_eq!(done["Status"], "SyncedWithErrors");
    assert_eq!(done["SyncedCount"], 2);
    assert_eq!(done["FailedCount"], 3);
    let last = done["LastSyncedDateTimeUTC"]
        .as_str()
        .expect("LastSyncedDateTime set");
    assert!(last.starts_with("2026-01-05T09:0"), "{last}");
    let users = users(&sim);
    let error = |address: &str| {
        users.iter().find(|u| u["EmailAddress"] == address).unwrap()["ErrorSummary"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(error("ann@contoso.com"), "");
    assert_eq!(
        error("failbob@contoso.com"),
        "A valid primary e-mail address couldn't be found in the cloud-based service."
    );
    assert_eq!(
        error("nosource.cy@contoso.com"),
        "A source e-mail address nosource.cy@contoso.com couldn't be found in the on-premises domain."
    );
    assert_eq!(
        error("badpass.di@contoso.com"),
        "Microsoft Exchange couldn't sign in to the user's on-premises account."
    );
    let ann = users
        .iter()
        .find(|u| u["EmailAddress"] == "ann@contoso.com")
        .unwrap();
    assert_eq!(ann["StatusSummary"], "Synced");
    assert!(ann["SyncedItemCount"].as_u64().unwrap() > 0);
    assert!(ann["LastSuccessfulSyncTime"].is_string());
    let state = sim.state();
    assert_eq!(state["creates"]["Wave1"], 1);
    assert_eq!(state["starts"]["Wave1"], 1);
    let text = state.to_string();
    assert!(
        !text.contains("Secr3t!pass"),
        "the CSV's passwords are not kept"
    );
}

#[test]
fn duplicate_names_the_100_batch_limit_and_bad_csv_data_are_refused() {
    let sim = Simulator::start(&[
        "--client-secret",
        SECRET,
        "--endpoint",
        "StagedEndpoint",
        "--existing-batches",
        "98",
    ]);
    let token = secret_token(&sim);
    assert_eq!(new_batch(&sim, &token, "Wave1", FIVE).status, 200);
    let twice = new_batch(&sim, &token, "Wave1", FIVE);
    assert_eq!(twice.status, 400);
    let d = detail(&twice);
    assert!(
        d.contains("|Microsoft.Exchange.Migration.MigrationBatch"),
        "{d}"
    );
    assert!(d.contains("'Wave1'"), "{d}");
    let long = "W".repeat(65);
    assert_eq!(new_batch(&sim, &token, &long, FIVE).status, 400);
    let base64 = invoke(
        &sim,
        &token,
        "New-MigrationBatch",
        json!({"Name": "B64", "SourceEndpoint": "StagedEndpoint", "CSVData": "RW1haWxBZGRyZXNz"}),
    );
    assert_eq!(base64.status, 400);
    assert!(detail(&base64).contains("CSVData"));
    let no_column = new_batch(&sim, &token, "NoColumn", "Mail\nann@contoso.com\n");
    assert!(detail(&no_column).contains("EmailAddress"));
    assert_eq!(
        new_batch(&sim, &token, "Wave2", FIVE).status,
        200,
        "the 100th batch"
    );
    let over = new_batch(&sim, &token, "Wave3", FIVE);
    assert_eq!(over.status, 400);
    assert!(detail(&over).contains("The maximum number of migration batches is already running"));
    let state = sim.state();
    assert_eq!(state["batches"].as_array().unwrap().len(), 100);
    assert_eq!(
        state["creates"]["Wave1"], 2,
        "refused creates are counted too"
    );
}

#[test]
fn stop_remove_need_confirm_and_remove_waits_until_not_syncing() {
    let sim = Simulator::start(&[
        "--client-secret",
        SECRET,
        "--endpoint",
        "StagedEndpoint",
        "--sync-ms",
        "60000",
    ]);
    let token = secret_token(&sim);
    let created = invoke(
        &sim,
        &token,
        "New-MigrationBatch",
        json!({"Name": "Wave1", "SourceEndpoint": "StagedEndpoint", "CSVData": csv_data(FIVE),
               "AutoStart": true, "NotificationEmails": ["admin@contoso.com"]}),
    );
    assert_eq!(
        created.json()["value"][0]["Status"],
        "Syncing",
        "AutoStart starts it"
    );
    assert_eq!(
        created.json()["value"][0]["NotificationEmails"][0],
        "admin@contoso.com"
    );
    let again = invoke(
        &sim,
        &token,
        "Start-MigrationBatch",
        json!({"Identity": "Wave1"}),
    );
    assert_eq!(again.status, 400, "already syncing");
    let unconfirmed = invoke(
        &sim,
        &token,
        "Remove-MigrationBatch",
        json!({"Identity": "Wave1"}),
    );
    assert_eq!(unconfirmed.status, 400);
    let early = invoke(
        &sim,
        &token,
        "Remove-MigrationBatch",
        json!({"Identity": "Wave1", "Confirm": false}),
    );
    assert_eq!(early.status, 400);
    assert!(detail(&early).contains("syncing"));
    let stop = invoke(
        &sim,
        &token,
        "Stop-MigrationBatch",
        json!({"Identity": "Wave1", "Confirm": false}),
    );
    assert_eq!(stop.status, 200);
    assert_eq!(batch(&sim, &token, "Wave1")["Status"], "Stopped");
    assert_eq!(batch(&sim, &token, "Wave1")["StoppedCount"], 5);
    let removed = invoke(
        &sim,
        &token,
        "Remove-MigrationBatch",
        json!({"Identity": "Wave1", "Confirm": false}),
    );
    assert_eq!(removed.status, 200);
    let gone = invoke(
        &sim,
        &token,
        "Get-MigrationBatch",
        json!({"Identity": "Wave1"}),
    );
    assert!(detail(&gone).contains("ManagementObjectNotFoundException"));
    let state = sim.state();
    assert_eq!(
        state["starts"]["Wave1"], 2,
        "AutoStart and the refused start"
    );
    assert_eq!(state["removes"]["Wave1"], 3);
    assert_eq!(state["stops"]["Wave1"], 1);
}

#[test]
fn batches_fail_as_a_whole_by_name_prefix() {
    let sim = Simulator::start(&[
        "--client-secret",
        SECRET,
        "--endpoint",
        "StagedEndpoint",
        "--sync-ms",
        "60000",
        "--fail-batches",
        "doomed",
    ]);
    let token = secret_token(&sim);
    new_batch(&sim, &token, "Doomed-1", FIVE);
    invoke(
        &sim,
        &token,
        "Start-MigrationBatch",
        json!({"Identity": "Doomed-1"}),
    );
    sim.advance(60_000);
    let b = batch(&sim, &token, "Doomed-1");
    assert_eq!(b["Status"], "Failed");
    assert!(!b["Message"].as_str().unwrap().is_empty());
}

#[test]
fn users_are_paged_with_a_next_link_on_the_same_host() {
    let sim = Simulator::start(&[
        "--client-secret",
        SECRET,
        "--endpoint",
        "StagedEndpoint",
        "--page-size",
        "2",
    ]);
    let token = secret_token(&sim);
    new_batch(&sim, &token, "Wave1", FIVE);
    let mut path = format!("/adminapi/beta/{TENANT}/InvokeCommand");
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let reply = invoke_at(
            &sim,
            &path,
            &token,
            "Get-MigrationUser",
            json!({"BatchId": "Wave1", "ResultSize": "Unlimited"}),
        );
        let body = reply.json();
        pages += 1;
        let page = body["value"].as_array().unwrap();
        assert!(page.len() <= 2);
        seen.extend(
            page.iter()
                .map(|u| u["EmailAddress"].as_str().unwrap().to_string()),
        );
        match body["@odata.nextLink"].as_str() {
            Some(link) => {
                let rest = link
                    .strip_prefix(sim.url())
                    .expect("a link on the same host");
                path = rest.to_string();
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 5);
    seen.dedup();
    assert_eq!(seen.len(), 5);
    assert_eq!(sim.log().iter().filter(|e| e.page).count(), 2);
    // Without -ResultSize Unlimited a list stops at 1000, with a warning.
    let many: String = std::iter::once("EmailAddress\n".to_string())
        .chain((0..1001).map(|i| format!("user{i}@contoso.com\n")))
        .collect();
    let big = Simulator::start(&["--client-secret", SECRET, "--endpoint", "StagedEndpoint"]);
    let token = secret_token(&big);
    assert_eq!(new_batch(&big, &token, "Big", &many).status, 200);
    let capped = invoke(&big, &token, "Get-MigrationUser", json!({"BatchId": "Big"})).json();
    assert_eq!(capped["value"].as_array().unwrap().len(), 1000);
    assert!(
        capped["@adminapi.warnings"][0]
            .as_str()
            .unwrap()
            .contains("more results")
    );
}

#[test]
fn unknown_cmdlets_and_parameters_are_400() {
    let sim = Simulator::start(&["--client-secret", SECRET]);
    let token = secret_token(&sim);
    let cmdlet = invoke(&sim, &token, "Get-Mailboxx", json!({}));
    assert_eq!(cmdlet.status, 400);
    assert!(detail(&cmdlet).contains("CommandNotFoundException"));
    let parameter = invoke(&sim, &token, "Get-MigrationBatch", json!({"Colour": "red"}));
    assert_eq!(parameter.status, 400);
    assert!(detail(&parameter).contains("'Colour'"));
}

//! The cmdlets and the state machines.

use serde_json::json;

use crate::*;

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
    // The clock saturates instead of overflowing: the simulator keeps answering.
    sim.advance(u64::MAX);
    sim.advance(u64::MAX);
    assert_eq!(batch(&sim, &token, "Doomed-1")["Status"], "Failed");
    assert!(sim.state()["now"].is_string());
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

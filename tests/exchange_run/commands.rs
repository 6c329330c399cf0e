//! `status`, `remove` and `endpoint create`.

use crate::*;

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[test]
fn remove_refuses_too_early_and_before_a_sync_after_the_mx_change_then_removes() {
    let now = time::OffsetDateTime::now_utc();
    // The simulated clock runs 100 hours behind: the batches last sync then.
    let clock = rfc3339(now - time::Duration::hours(100));
    let dir = folder("remove");
    let sim = simulator(&["--clock", &clock]);
    let output = command(&sim, &dir, &RUN).output().unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));

    let early = rfc3339(now - time::Duration::hours(1));
    let refused = command(&sim, &dir, &["remove", "wave2", "--mx-changed-at", &early])
        .output()
        .unwrap();
    let all = text(&refused);
    assert_eq!(refused.status.code(), Some(2), "{all}");
    assert!(all.contains("less than 72 hours"), "{all}");

    let before_sync = rfc3339(now - time::Duration::hours(99));
    let refused = command(
        &sim,
        &dir,
        &["remove", "wave2", "--mx-changed-at", &before_sync],
    )
    .output()
    .unwrap();
    let all = text(&refused);
    assert_eq!(refused.status.code(), Some(2), "{all}");
    assert!(
        all.contains("batch wave2 last synced") && all.contains("not after the MX change"),
        "{all}"
    );
    assert_eq!(counts(&sim, "removes"), serde_json::json!({}));

    let forced = command(
        &sim,
        &dir,
        &[
            "remove",
            "wave2",
            "--mx-changed-at",
            &before_sync,
            "--force",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced));
    assert!(String::from_utf8_lossy(&forced.stderr).contains("--force"));

    let after = rfc3339(now - time::Duration::hours(101));
    let removed = command(&sim, &dir, &["remove", "wave1", "--mx-changed-at", &after])
        .output()
        .unwrap();
    assert_eq!(removed.status.code(), Some(0), "{}", text(&removed));
    assert_eq!(
        counts(&sim, "removes"),
        serde_json::json!({"wave1": 1, "wave2": 1})
    );
}

#[test]
fn endpoint_create_sends_the_encrypted_credential_and_never_shows_the_password() {
    const SOURCE_PASSWORD: &str = "On-Prem-Pa55-never-shown";
    let dir = folder("endpoint");
    let sim = simulator(&["--admin-password", SOURCE_PASSWORD]);
    let create = |password: &str| {
        command(
            &sim,
            &dir,
            &[
                "endpoint",
                "create",
                "--name",
                "NewEndpoint",
                "--autodiscover",
                "admin@contoso.com",
                "--admin",
                "CONTOSO\\migadmin",
            ],
        )
        .env("MIGRATION_PREFLIGHT_SOURCE_PASSWORD", password)
        .output()
        .unwrap()
    };
    // A wrong password: the service cannot reach the source; Microsoft's message, exit 5.
    let wrong = create("not-the-password");
    let all = text(&wrong);
    assert_eq!(wrong.status.code(), Some(5), "{all}");
    assert!(!all.contains("not-the-password"), "{all}");
    let right = create(SOURCE_PASSWORD);
    let all = text(&right);
    assert_eq!(right.status.code(), Some(0), "{all}");
    assert!(
        all.contains("created migration endpoint NewEndpoint"),
        "{all}"
    );
    let endpoints = sim.state()["endpoints"].clone();
    let created = endpoints
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "NewEndpoint")
        .unwrap()
        .clone();
    assert_eq!(created["credential_matched"], true, "{endpoints}");
    assert!(!all.contains(SOURCE_PASSWORD));
    assert!(!sim.state().to_string().contains(SOURCE_PASSWORD));
    no_secret(&all, "endpoint create");
}

#[test]
fn status_works_without_a_state_file_given_batch_names() {
    let dir = folder("status");
    let sim = simulator(&["--existing-batches", "2"]);
    let output = command(
        &sim,
        &dir,
        &["status", "--batch", "Existing-002", "--batch", "Nope"],
    )
    .output()
    .unwrap();
    let all = text(&output);
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(all.contains("batch Existing-002: Synced"), "{all}");
    assert!(all.contains("batch Nope: Missing"), "{all}");
    let reads_only = sim
        .log()
        .iter()
        .filter_map(|e| e.cmdlet.clone())
        .all(|c| c.starts_with("Get-"));
    assert!(reads_only);
}

//! Faults by request number, the request log (state and file), and the PSCredential key.

use std::time::Instant;

use serde_json::json;

use crate::*;

#[test]
fn each_fault_plays_on_its_request_number_and_is_logged() {
    let log_file = std::env::temp_dir().join(format!("exo-sim-log-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&log_file);
    let sim = Simulator::start(&[
        "--client-secret",
        SECRET,
        "--endpoint",
        "StagedEndpoint",
        "--log",
        log_file.to_str().unwrap(),
        "--fault",
        "1=429:0.5",
        "--fault",
        "2=503",
        "--fault",
        "3=504",
        "--fault",
        "4=500",
        "--fault",
        "5=403:Reason: the app has no Exchange role",
        "--fault",
        "6=adminapi-error",
        "--fault",
        "7=transient",
        "--fault",
        "8=slow:300",
        "--fault",
        "9=drop",
        "--fault",
        "10=nextlink-foreign",
    ]);
    let token = secret_token(&sim);
    let get = || invoke(&sim, &token, "Get-MigrationBatch", json!({}));

    let throttled = new_batch(&sim, &token, "Wave1", FIVE);
    assert_eq!(throttled.status, 429);
    assert_eq!(throttled.header("retry-after"), Some("0.5"));
    assert!(
        sim.state()["batches"].as_array().unwrap().is_empty(),
        "a 429 runs nothing"
    );
    assert_eq!(get().status, 503);
    assert_eq!(get().status, 504);
    assert_eq!(get().status, 500);
    let forbidden = get();
    assert_eq!(forbidden.status, 403);
    assert!(forbidden.body.is_empty());
    assert_eq!(
        forbidden.header("x-ms-diagnostics"),
        Some("Reason: the app has no Exchange role")
    );
    let errors = get();
    assert_eq!(errors.status, 200);
    assert!(errors.json()["@adminapi.errors"][0]["message"].is_string());
    let transient = get();
    assert_eq!(transient.status, 500);
    assert!(detail(&transient).contains("DCOverloadedException"));
    let asked = Instant::now();
    assert_eq!(get().status, 200);
    assert!(
        asked.elapsed().as_millis() >= 300,
        "slow:300 answers at least 300 ms late"
    );
    let dropped = sim.request(
        "POST",
        &format!("/adminapi/beta/{TENANT}/InvokeCommand"),
        &[("Authorization", &format!("Bearer {token}"))],
        json!({"CmdletInput": {"CmdletName": "New-MigrationBatch", "Parameters":
            {"Name": "Wave1", "SourceEndpoint": "StagedEndpoint", "CSVData": csv_data(FIVE)}}})
        .to_string()
        .as_bytes(),
    );
    assert!(dropped.is_err(), "drop closes without answering");
    let state = sim.state();
    assert_eq!(
        state["batches"][0]["Identity"], "Wave1",
        "drop ran the cmdlet"
    );
    assert_eq!(state["creates"]["Wave1"], 1);
    let foreign = get().json();
    let link = foreign["@odata.nextLink"].as_str().unwrap();
    assert!(!link.starts_with(sim.url()), "{link}");
    assert!(link.contains("foreign.invalid"), "{link}");
    assert_eq!(get().status, 200, "no fault on request 11");

    let log = sim.log();
    let api: Vec<_> = log.iter().filter(|e| e.api.is_some()).collect();
    assert_eq!(api.len(), 11);
    let faults: Vec<Option<&str>> = api.iter().map(|e| e.fault.as_deref()).collect();
    assert_eq!(
        faults,
        [
            Some("429:0.5"),
            Some("503"),
            Some("504"),
            Some("500"),
            Some("403"),
            Some("adminapi-error"),
            Some("transient"),
            Some("slow:300"),
            Some("drop"),
            Some("nextlink-foreign"),
            None
        ]
    );
    assert_eq!(api[0].retry_after.as_deref(), Some("0.5"));
    assert_eq!(api[0].cmdlet.as_deref(), Some("New-MigrationBatch"));
    assert_eq!(api[0].target.as_deref(), Some("Wave1"));
    assert_eq!(api[0].request_id.as_deref(), Some("New-MigrationBatch"));
    assert_eq!(api[8].status, None, "the dropped request has no status");
    assert_eq!(api[10].status, Some(200));
    assert!(
        log.windows(2)
            .all(|w| w[0].ms <= w[1].ms || w[0].n > w[1].n)
    );

    let file = std::fs::read_to_string(&log_file).unwrap();
    let lines: Vec<Value> = file
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), log.len(), "one line per request");
    assert!(
        lines
            .iter()
            .all(|l| l["method"].is_string() && l["n"].is_u64())
    );
    for secret in [token.as_str(), SECRET, "Secr3t!pass"] {
        assert!(!file.contains(secret), "the log file holds no secret");
        assert!(
            !sim.state().to_string().contains(secret),
            "the state holds no secret"
        );
    }
    let _ = std::fs::remove_file(&log_file);
}

/// `getrandom` for rsa's encryption padding.
struct Random;

impl rsa::rand_core::RngCore for Random {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        getrandom::fill(dest).unwrap();
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rsa::rand_core::CryptoRng for Random {}

fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text.find(open).unwrap() + open.len();
    let end = text[start..].find(close).unwrap() + start;
    &text[start..end]
}

#[test]
fn module_file_key_decrypts_the_ps_credential_and_keeps_only_the_verdict() {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    const PASSWORD: &str = "OnPrem-Pa55-77!";
    let sim = Simulator::start(&["--client-secret", SECRET, "--admin-password", PASSWORD]);
    let token = secret_token(&sim);
    let module = sim
        .request(
            "GET",
            &format!("/adminapi/v1.0/{TENANT}/EXOModuleFile?Version=3.9.2"),
            &[("Authorization", &format!("Bearer {token}"))],
            b"",
        )
        .unwrap();
    assert_eq!(module.status, 200);
    let module = module.json();
    let content = module["value"][0]["fileContent"].as_str().unwrap();
    assert!(
        module["value"][0]["exportedCmdlets"]
            .as_str()
            .unwrap()
            .contains("New-MigrationBatch")
    );
    let key = between(content, "$PublicKey='", "'");
    let n = STANDARD
        .decode(between(key, "<Modulus>", "</Modulus>"))
        .unwrap();
    let e = STANDARD
        .decode(between(key, "<Exponent>", "</Exponent>"))
        .unwrap();
    assert_eq!(n.len(), 256, "a 2048-bit key");
    let public = rsa::RsaPublicKey::new(
        rsa::BigUint::from_bytes_be(&n),
        rsa::BigUint::from_bytes_be(&e),
    )
    .unwrap();
    let credential = |password: &str| {
        let plain = json!({"UserName": "CONTOSO\\admin", "Password": password}).to_string();
        STANDARD.encode(
            public
                .encrypt(&mut Random, rsa::Pkcs1v15Encrypt, plain.as_bytes())
                .unwrap(),
        )
    };
    let endpoint = |name: &str, credentials: String| {
        invoke(
            &sim,
            &token,
            "New-MigrationEndpoint",
            json!({"ExchangeOutlookAnywhere": true, "Name": name, "Autodiscover": true,
                   "EmailAddress": "admin@contoso.com", "Credentials": credentials}),
        )
    };
    let test = invoke(
        &sim,
        &token,
        "Test-MigrationServerAvailability",
        json!({"ExchangeOutlookAnywhere": true, "Autodiscover": true,
               "EmailAddress": "admin@contoso.com", "Credentials": credential(PASSWORD)}),
    );
    assert_eq!(test.json()["value"][0]["Result"], "Success");
    assert_eq!(endpoint("StagedEndpoint", credential(PASSWORD)).status, 200);
    let wrong = endpoint("Second", credential("not-the-password"));
    assert_eq!(wrong.status, 400);
    assert!(detail(&wrong).contains("could not be completed"));
    let garbage = endpoint("Third", STANDARD.encode(b"not encrypted"));
    assert!(detail(&garbage).contains("CryptographicException"));
    let state = sim.state();
    assert_eq!(state["endpoints"][0]["name"], "StagedEndpoint");
    assert_eq!(state["endpoints"][0]["credential_matched"], true);
    assert_eq!(state["endpoints"].as_array().unwrap().len(), 1);
    assert!(!state.to_string().contains(PASSWORD));
    let found = invoke(
        &sim,
        &token,
        "Get-MigrationEndpoint",
        json!({"Identity": "StagedEndpoint"}),
    );
    assert_eq!(found.status, 200);
}

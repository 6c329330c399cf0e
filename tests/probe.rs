//! The source probe against real servers on loopback: nginx (Debian's package) with
//! certificates made by a test CA at test time, a test DNS server for the SRV record, a
//! server that never answers, a closed port. Skips with a message when nginx is missing,
//! unless PROBE_REQUIRE_NGINX=1.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

#[path = "probe/pki.rs"]
mod pki;
#[path = "probe/servers.rs"]
mod servers;

use std::process::{Command, Output};

use serde_json::Value;
use servers::{PASSWORD, USER, World};

const BIN: &str = env!("CARGO_BIN_EXE_migration-preflight");

/// A probe run: its JSON, the codes found, and everything it printed.
struct Run {
    json: Value,
    codes: Vec<String>,
    printed: String,
    status: i32,
}

impl Run {
    fn has(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c == code)
    }
    fn message(&self, code: &str) -> String {
        self.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code)
            .map(|f| f["message"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no {code} in {:?}", self.codes))
    }
    fn count(&self, code: &str) -> usize {
        self.codes.iter().filter(|c| *c == code).count()
    }
}

fn run(world: &World, host: &str, port: u16, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let mut args = world.args(host, port);
    args.extend(extra.iter().map(|s| s.to_string()));
    // Generous: a debug build on a loaded 2-core machine took over 3 s for one host.
    if !extra.contains(&"--timeout") {
        args.extend(["--timeout".into(), "10".into()]);
    }
    args.extend(["--format".into(), "json".into()]);
    let output: Output = Command::new(BIN)
        .args(&args)
        .envs(env.iter().copied())
        .env_remove("MIGRATION_PREFLIGHT_PASSWORD_UNUSED")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let json: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}"));
    let codes = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    Run {
        json,
        codes,
        printed: stdout + &stderr,
        status: output.status.code().unwrap_or(-1),
    }
}

fn probe(world: &World, scenario: &str) -> Run {
    run(world, "mail.contoso.test", world.ports[scenario], &[], &[])
}

#[test]
fn a_trusted_server_with_basic_and_ntlm_passes() {
    let Some(world) = World::start() else { return };
    let r = probe(&world, "good");
    for code in ["SRC006", "SRC007", "SRC013", "SRC014"] {
        assert!(r.has(code), "{code} missing: {:?}", r.codes);
    }
    assert!(
        !r.has("SRC022"),
        "IIS-like answer taken for a proxy: {:?}",
        r.codes
    );
    assert_eq!(r.status, 0, "{}", r.printed);
    assert!(
        r.message("SRC007").contains("Probe Test Root"),
        "{}",
        r.message("SRC007")
    );
    let version = r.message("SRC006");
    assert!(
        version.contains("TLS 1.2 ") || version.contains("TLS 1.3 "),
        "{version}"
    );
    assert!(
        r.message("SRC014").contains("Negotiate, NTLM, Basic"),
        "{}",
        r.message("SRC014")
    );
    assert_eq!(r.json["outlookAnywhere"]["rpcInDataStatus"], 401);
    assert_eq!(r.json["outlookAnywhere"]["getStatus"], 401);
    assert_eq!(r.json["tls"]["trust"]["kind"], "privateRoot");
}

#[test]
fn certificate_faults_are_each_reported() {
    let Some(world) = World::start() else { return };
    let cases = [
        ("selfsigned", "SRC008"),
        ("untrusted", "SRC009"),
        ("expired", "SRC010"),
        ("wrongname", "SRC012"),
    ];
    for (scenario, code) in cases {
        let r = probe(&world, scenario);
        assert!(r.has(code), "{scenario}: {:?}", r.codes);
        assert!(!r.has("SRC007"), "{scenario}: valid despite {code}");
        assert_eq!(r.status, 1, "{scenario}");
        // The handshake went on: Outlook Anywhere was still checked.
        assert!(r.has("SRC014"), "{scenario}: {:?}", r.codes);
    }
    let soon = probe(&world, "soon");
    assert!(soon.has("SRC011") && soon.has("SRC007"), "{:?}", soon.codes);
    assert!(
        soon.message("SRC011").contains("in 9 days")
            || soon.message("SRC011").contains("in 10 days")
    );
    assert!(
        probe(&world, "wrongname")
            .message("SRC012")
            .contains("other.example")
    );
}

#[test]
fn a_tls_1_1_only_server_is_reported() {
    let Some(world) = World::start() else { return };
    if !world.tls11 {
        eprintln!(
            "SKIPPED: the local OpenSSL does not serve TLS 1.1 (even at SECLEVEL=0); SRC005 is then covered only by the unit test of the alert mapping (src/probe/tls.rs)"
        );
        return;
    }
    let r = probe(&world, "tls11");
    assert!(r.has("SRC005"), "{:?}", r.codes);
    assert!(!r.has("SRC006"));
}

#[test]
fn what_answers_instead_of_outlook_anywhere_is_named() {
    let Some(world) = World::start() else { return };
    let cases = [
        ("negotiate", "SRC015"),
        ("nochallenge", "SRC016"),
        ("missing", "SRC017"),
        ("waf", "SRC018"),
        ("login", "SRC019"),
        ("redirect", "SRC020"),
        ("broken", "SRC021"),
    ];
    for (scenario, code) in cases {
        let r = probe(&world, scenario);
        assert!(r.has(code), "{scenario}: {:?}", r.codes);
        assert!(!r.has("SRC014"), "{scenario}");
    }
    let missing = probe(&world, "missing");
    assert!(
        missing.has("SRC022"),
        "nginx taken for IIS: {:?}",
        missing.codes
    );
    assert!(missing.message("SRC022").contains("nginx"));
    assert!(probe(&world, "waf").message("SRC018").contains("web page"));
    assert!(
        probe(&world, "redirect")
            .message("SRC020")
            .contains("/owa/auth/logon.aspx")
    );
    let big = probe(&world, "big");
    assert!(big.has("SRC019") && big.has("SRC037"), "{:?}", big.codes);
}

#[test]
fn unreachable_hosts_give_findings_within_the_time_limit() {
    let Some(world) = World::start() else { return };
    let refused = run(&world, "mail.contoso.test", world.closed_port, &[], &[]);
    assert_eq!(refused.codes, ["SRC002"]);
    let started = std::time::Instant::now();
    let hang = run(
        &world,
        "mail.contoso.test",
        world.hang_port,
        &["--timeout", "1"],
        &[],
    );
    assert_eq!(hang.codes, ["SRC003"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let unknown = run(&world, "nowhere.test", world.ports["good"], &[], &[]);
    assert_eq!(unknown.codes, ["SRC001"]);
    assert!(unknown.message("SRC001").contains("does not exist"));
    let plain = probe(&world, "plain");
    assert_eq!(plain.codes, ["SRC004"]);
    let garbage = run(&world, "mail.contoso.test", world.garbage_port, &[], &[]);
    assert!(garbage.has("SRC023"), "{:?}", garbage.codes);
    assert_eq!(garbage.status, 1);
}

#[test]
fn autodiscover_is_found_at_every_address_the_service_tries() {
    let Some(world) = World::start() else { return };
    let multi = world.ports["multi"];
    let r = run(
        &world,
        "mail.contoso.test",
        multi,
        &["--autodiscover", "contoso.test"],
        &[],
    );
    // https://contoso.test, https://autodiscover.contoso.test, and the SRV target.
    assert_eq!(r.count("SRC024"), 3, "{:?}", r.codes);
    assert!(r.has("SRC028") && r.has("SRC029"), "{:?}", r.codes);
    assert!(
        r.message("SRC028")
            .contains("https://autodiscover.contoso.test")
    );
    assert!(r.message("SRC029").contains("srv.contoso.test"));
    assert!(!r.has("SRC030"));
    let methods: Vec<&str> = r.json["autodiscover"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["domain", "autodiscover", "redirect", "srv"]);

    let none = run(
        &world,
        "mail.contoso.test",
        multi,
        &["--autodiscover", "fabrikam.test"],
        &[],
    );
    assert_eq!(none.count("SRC027"), 3, "{:?}", none.codes);
    assert!(none.has("SRC025") && none.has("SRC030"), "{:?}", none.codes);
    assert_eq!(none.status, 0, "a missing Autodiscover blocks nothing");

    let wrong = run(
        &world,
        "mail.contoso.test",
        multi,
        &["--autodiscover", "wrong.test"],
        &[],
    );
    assert!(
        wrong.has("SRC026") && wrong.has("SRC030"),
        "{:?}",
        wrong.codes
    );
    assert!(wrong.message("SRC026").contains("autodiscover.wrong.test"));

    let old = run(
        &world,
        "mail.contoso.test",
        multi,
        &["--autodiscover", "contoso.test", "--exchange", "2003"],
        &[],
    );
    assert!(old.has("SRC031"));
    assert!(old.json["autodiscover"].as_array().unwrap().is_empty());
}

#[test]
fn the_credentialed_check_reads_the_settings_and_never_prints_the_password() {
    let Some(world) = World::start() else { return };
    let multi = world.ports["multi"];
    let with = |domain: &str, password: &str| {
        run(
            &world,
            "mail.contoso.test",
            multi,
            &[
                "--autodiscover",
                domain,
                "--user",
                USER,
                "--mailbox",
                "pilarp@contoso.test",
            ],
            &[("MIGRATION_PREFLIGHT_PASSWORD", password)],
        )
    };
    let good = with("contoso.test", PASSWORD);
    assert!(good.has("SRC032"), "{:?}", good.codes);
    assert!(good.message("SRC032").contains("mail.contoso.test"));
    assert!(good.message("SRC032").contains("EXCH01.corp.contoso.test"));
    assert!(
        !good.has("SRC033") && !good.has("SRC036"),
        "{:?}",
        good.codes
    );
    assert_eq!(good.json["settings"]["authentication"], "Basic");
    let refused = with("contoso.test", "not-the-password");
    assert!(refused.has("SRC034"), "{:?}", refused.codes);
    let other = with("other.test", PASSWORD);
    assert!(
        other.has("SRC033") && other.has("SRC036"),
        "{:?}",
        other.codes
    );
    assert!(with("noexpr.test", PASSWORD).has("SRC035"));
    assert!(with("err.test", PASSWORD).has("SRC038"));
    for r in [&good, &refused, &other] {
        assert!(!r.printed.contains(PASSWORD), "the password was printed");
    }
    // Text output too.
    let mut args = world.args("mail.contoso.test", multi);
    args.extend(
        [
            "--autodiscover",
            "contoso.test",
            "--user",
            USER,
            "--mailbox",
            "pilarp@contoso.test",
        ]
        .map(String::from),
    );
    let text = Command::new(BIN)
        .args(&args)
        .env("MIGRATION_PREFLIGHT_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    let all =
        String::from_utf8_lossy(&text.stdout).into_owned() + &String::from_utf8_lossy(&text.stderr);
    assert!(all.contains("info SRC032"), "{all}");
    assert!(!all.contains(PASSWORD));
    // The password cannot be given on the command line.
    let flag = Command::new(BIN)
        .args(["probe", "mail.contoso.test", "--password", PASSWORD])
        .output()
        .unwrap();
    assert_eq!(flag.status.code(), Some(2));
}

#[test]
fn the_report_takes_its_tasks_from_the_probe() {
    let Some(world) = World::start() else { return };
    let dir = world.dir.join("report");
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("batch.csv");
    std::fs::write(&csv, migration_preflight::EXAMPLE_CSV).unwrap();
    let report = |scenario: &str| -> Value {
        let probe = probe(&world, scenario);
        let file = dir.join(format!("{scenario}.json"));
        std::fs::write(&file, serde_json::to_string(&probe.json).unwrap()).unwrap();
        let out = Command::new(BIN)
            .args(["report", "--csv"])
            .arg(&csv)
            .arg("--probe")
            .arg(&file)
            .args(["--format", "json", "--as-of", "2026-01-05T09:00:00Z"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
    };
    let task = |r: &Value, id: &str| {
        r["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    let good = report("good");
    assert_eq!(task(&good, "outlook-anywhere")["status"], "done");
    // Valid, but only under the test root: not confirmed for Microsoft's service.
    assert_eq!(task(&good, "certificate")["status"], "todo");
    let open = task(&good, "certificate")["openItems"].clone();
    assert!(
        open.as_array().unwrap().iter().any(|c| c == "SRC013"),
        "{open}"
    );
    assert!(
        task(&good, "certificate")["note"]
            .as_str()
            .unwrap()
            .contains("SRC013")
    );
    assert!(
        good["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "SRC014")
    );
    // The probe answers what the assessment left open: no "not known" items for them.
    let codes = |r: &Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        !codes(&good).contains(&"ENV004".to_string()),
        "{:?}",
        codes(&good)
    );
    assert!(
        !codes(&good).contains(&"ENV006".to_string()),
        "{:?}",
        codes(&good)
    );
    let bad = report("selfsigned");
    assert_eq!(task(&bad, "certificate")["status"], "blocked");
    assert_eq!(
        task(&bad, "certificate")["blockedBy"],
        serde_json::json!(["SRC008"])
    );
    assert_eq!(task(&bad, "endpoint")["status"], "blocked");
    assert_eq!(bad["verdict"], "blocked");
    let waf = report("waf");
    assert_eq!(
        task(&waf, "outlook-anywhere")["blockedBy"],
        serde_json::json!(["SRC018"])
    );
}

#[test]
fn every_probe_code_has_a_test() {
    let tests = include_str!("probe.rs");
    for rule in migration_preflight::probe::RULES {
        assert!(
            tests.contains(&format!("\"{}\"", rule.code)),
            "no test for {}",
            rule.code
        );
    }
}

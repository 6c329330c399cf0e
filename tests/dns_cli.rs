//! The `dns` subcommand of the CLI: formats, exit codes, --compare and --lookup.
#![cfg(feature = "cli")]

use std::process::{Command, Output};

fn run(args: &[&str]) -> (Output, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_migration-preflight"))
        .arg("dns")
        .args(args)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8(output.stdout.clone()).expect("UTF-8 output");
    (output, stdout)
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/dns/{name}", env!("CARGO_MANIFEST_DIR"))
}

const CONTOSO: &[&str] = &[
    "contoso.com",
    "--verification",
    "MS=ms12345678",
    "--initial-domain",
    "contoso",
];

#[test]
fn every_format_of_the_plan() {
    let (out, zone) = run(&[CONTOSO, &["--format", "zone"]].concat());
    assert!(out.status.success());
    assert!(zone.contains("contoso.com.                               3600 IN MX    0 contoso-com.mail.protection.outlook.com."), "{zone}");
    let (out, ps) = run(&[CONTOSO, &["--format", "powershell"]].concat());
    assert!(out.status.success());
    assert!(ps.contains("Add-DnsServerResourceRecordCName -ZoneName 'contoso.com' -Name 'autodiscover' -HostNameAlias 'autodiscover.outlook.com' -TimeToLive 01:00:00"), "{ps}");
    let (out, table) = run(CONTOSO);
    assert!(out.status.success());
    assert!(table.starts_with("Zone contoso.com\n"), "{table}");
    let (out, json) = run(&[CONTOSO, &["--format", "json"]].concat());
    assert!(out.status.success());
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let record = &plan["records"][0];
    for key in [
        "zone", "name", "type", "value", "ttl", "priority", "phase", "role", "purpose",
    ] {
        assert!(record.get(key).is_some(), "{key} missing from {record}");
    }
    assert_eq!(record["phase"], "before-first-batch");
    assert!(plan["steps"][0].get("when").is_some());
}

#[test]
fn bad_input_is_an_error_finding_and_exit_1() {
    let (out, table) = run(&["contoso_mail.com", "--format", "table"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        table.contains("error DNS002: The domain \"contoso_mail.com\" is not valid"),
        "{table}"
    );
    let (out, _) = run(&[
        "contoso.com",
        "--verification",
        "MS=ms123",
        "--format",
        "zone",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error DNS004"), "{stderr}");
}

#[test]
fn a_sender_with_spf_syntax_is_refused_not_planned() {
    let (out, zone) = run(&[
        "contoso.com",
        "--sender",
        "include:evil.example +all",
        "--sender",
        "203.0.113.10",
        "--format",
        "zone",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error DNS016"), "{stderr}");
    assert!(!zone.contains("+all") && !zone.contains("evil"), "{zone}");
    assert!(
        zone.contains("\"v=spf1 ip4:203.0.113.10 include:spf.protection.outlook.com ~all\""),
        "{zone}"
    );
}

#[test]
fn compare_with_a_zone_file() {
    let zone = fixture("contoso-before.zone");
    let (out, table) = run(&[CONTOSO, &["--compare", &zone]].concat());
    // Two SPF records are an error.
    assert_eq!(out.status.code(), Some(1));
    assert!(
        table.contains("remove  at-cutover          contoso.com"),
        "{table}"
    );
    assert!(table.contains("error DNS032"), "{table}");
    let (out, _) = run(&[CONTOSO, &["--compare", &zone, "--format", "zone"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let (out, _) = run(&[CONTOSO, &["--compare", "/nonexistent/zone"]].concat());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn lookup_shows_the_same_diff_as_the_zone_file() {
    let Ok(server) = std::env::var("DNS_TEST_SERVER") else {
        assert!(
            std::env::var_os("DNS_REQUIRE_SERVERS").is_none(),
            "DNS_TEST_SERVER is not set"
        );
        eprintln!("DNS_TEST_SERVER not set: skipped (scripts/dns-test-servers.sh start)");
        return;
    };
    let (_, from_zone) = run(&[CONTOSO, &["--compare", &fixture("contoso-before.zone")]].concat());
    let (out, live) = run(&[CONTOSO, &["--lookup", "--resolver", &server]].concat());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("at {server}")),
        "the resolver is shown: {stderr}"
    );
    assert_eq!(live, from_zone);
}

/// A file named `resolv.conf` with this text in a temporary folder of its own.
fn resolv_conf(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("mp-dns-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("resolv.conf");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn lookup_without_resolver_uses_the_system_resolver_and_says_which() {
    // The loopback address: nothing leaves the machine, and nothing need answer.
    let conf = resolv_conf(
        "system",
        "# written by a test\nsearch contoso.com\nnameserver 127.0.0.1\nnameserver 192.0.2.53\n",
    );
    let (out, _) = run(&[
        CONTOSO,
        &["--lookup", "--resolv-conf", &conf, "--timeout", "0.2"],
    ]
    .concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("at 127.0.0.1:53 (the system resolver: the first nameserver of"),
        "{stderr}"
    );
    assert!(stderr.contains(&conf), "{stderr}");
    assert_ne!(out.status.code(), Some(2), "{stderr}");
    // --resolver still wins.
    let (out, _) = run(&[
        CONTOSO,
        &[
            "--lookup",
            "--resolver",
            "127.0.0.1:1",
            "--resolv-conf",
            &conf,
            "--timeout",
            "0.2",
        ],
    ]
    .concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("at 127.0.0.1:1 (given with --resolver"),
        "{stderr}"
    );
    // None to be found: say so and ask for --resolver.
    let empty = resolv_conf("empty", "search contoso.com\n# nameserver 192.0.2.1\n");
    let (out, _) = run(&[CONTOSO, &["--lookup", "--resolv-conf", &empty]].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("names no nameserver"), "{stderr}");
    assert!(stderr.contains("--resolver IP"), "{stderr}");
}

const ASSESSMENT: &str = r#"{
    "tenant": {
        "verifiedDomains": ["contoso.com"],
        "initialDomain": "contoso.onmicrosoft.com"
    },
    "dns": {
        "mxTtlSeconds": 86400,
        "verificationValue": "MS=ms12345678",
        "publishedSpf": "v=spf1 mx -all",
        "onPremisesSenders": ["203.0.113.10"]
    },
    "schedule": {
        "plannedStart": "2026-11-30T09:00:00+01:00",
        "plannedMxChange": "2026-12-07T18:00:00+01:00"
    }
}"#;

fn spf_of(plan: &serde_json::Value) -> String {
    plan["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "spf")
        .map(|r| r["value"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

#[test]
fn the_assessment_answers_flow_into_the_plan_and_flags_win() {
    let file = resolv_conf("assessment", ASSESSMENT);
    let (out, json) = run(&["--assessment", &file, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        spf_of(&plan),
        "v=spf1 mx ip4:203.0.113.10 include:spf.protection.outlook.com -all"
    );
    let records = plan["records"].as_array().unwrap();
    assert!(
        records.iter().any(|r| r["value"] == "MS=ms12345678"),
        "{json}"
    );
    assert!(records.iter().any(|r| r["role"] == "dkim"), "{json}");
    assert!(json.contains("from 86,400 s"), "{json}");
    assert!(json.contains("2026-12-07 18:00 +01:00"), "{json}");
    // The script refuses the MX step before the planned MX change.
    let (_, ps) = run(&["--assessment", &file, "--format", "powershell"]);
    assert!(
        ps.contains("[DateTimeOffset]::Parse('2026-12-07T18:00:00+01:00'"),
        "{ps}"
    );
    // A flag wins over the file; the domain given replaces the file's.
    let (out, json) = run(&[
        "fabrikam.com",
        "--assessment",
        &file,
        "--existing-spf",
        "v=spf1 a -all",
        "--sender",
        "198.51.100.7",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        spf_of(&plan),
        "v=spf1 a ip4:198.51.100.7 include:spf.protection.outlook.com -all"
    );
    assert_eq!(plan["domains"][0]["ascii"], "fabrikam.com", "{json}");
    // No domain anywhere: say how to give one.
    let empty = resolv_conf("assessment-empty", "{}");
    let (out, _) = run(&["--assessment", &empty]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tenant.verifiedDomains"));
}

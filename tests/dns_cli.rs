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

/// A resolv.conf in a temporary folder.
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

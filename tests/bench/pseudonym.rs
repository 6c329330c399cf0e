//! Times the readiness report over many domains, plain and pseudonymised: the difference
//! is what the pseudonymiser costs (issue 11 §4: 20,000 domains took 32 s).
//!
//! Run with `cargo bench --bench pseudonym [-- DOMAINS [text]]` (20,000 unless told;
//! `text`: the pseudonymiser alone, without the report). One CSV
//! holds one mailbox per domain, `user<n>@domain<n>.contoso-corp.com`, and the
//! assessment lists every domain as verified, so the DNS plan has records for each and
//! every record, note and finding passes through the pseudonymiser. Then the
//! pseudonymiser alone rewrites one text per domain.

use std::time::Instant;

use migration_preflight::CsvFile;
use migration_preflight::readiness::pseudonym::Pseudonymiser;
use migration_preflight::readiness::{Assessment, ReportOptions, build};

fn main() {
    let domains: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20_000);
    let mut csv = String::from("EmailAddress,Password,ForceChangePassword\r\n");
    let mut names = Vec::with_capacity(domains);
    for n in 0..domains {
        let domain = format!("domain{n}.contoso-corp.com");
        csv.push_str(&format!("user{n}@{domain},Kq7#vZm{n}x!,False\r\n"));
        names.push(domain);
    }
    let assessment = Assessment::from_json(
        &serde_json::json!({ "tenant": { "verifiedDomains": names } }).to_string(),
    )
    .expect("the generated assessment reads");
    let files = [CsvFile {
        name: "wave.csv",
        bytes: csv.as_bytes(),
    }];
    println!("{domains} domains, {} mailboxes", domains);
    let mut plain_seconds = 0.0;
    // `-- N text`: only the pseudonymiser alone (the DNS plan of the report is slow
    // on its own with many domains).
    let whole_report = !std::env::args().any(|a| a == "text");
    for pseudonymise in [false, true].into_iter().filter(|_| whole_report) {
        let options = ReportOptions {
            pseudonymise,
            now: None,
        };
        let started = Instant::now();
        let report = build(&files, &assessment, &options);
        let seconds = started.elapsed().as_secs_f64();
        let records = report.dns.as_ref().map_or(0, |d| d.records.len());
        if pseudonymise {
            println!(
                "report, pseudonymised: {seconds:.3} s ({records} DNS records, {} findings); the pseudonymiser: {:.3} s",
                report.findings.len(),
                seconds - plain_seconds
            );
        } else {
            plain_seconds = seconds;
            println!(
                "report, plain: {seconds:.3} s ({records} DNS records, {} findings)",
                report.findings.len()
            );
        }
    }
    // The pseudonymiser alone: every domain known, one text per domain.
    let mut p = Pseudonymiser::new();
    for name in &names {
        p.domain(name);
    }
    let started = Instant::now();
    let mut bytes = 0;
    for (n, name) in names.iter().enumerate() {
        bytes += p
            .text(&format!(
                "Row {n}: user{n}@{name} and {} in mail.{name}.",
                name.replace('.', "-")
            ))
            .len();
    }
    println!(
        "pseudonymiser alone, {domains} texts over {domains} domains: {:.3} s ({bytes} bytes out)",
        started.elapsed().as_secs_f64()
    );
}

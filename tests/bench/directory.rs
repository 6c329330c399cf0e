//! Times the directory check on real-shaped exports: an on-premises `Get-Mailbox`
//! export of 50,000 mailboxes (unless told), over five domains, each with three to six
//! SMTP addresses and an X400 address, in Windows PowerShell 2.0's shape (`#TYPE` line,
//! every field quoted, sizes as Exchange 2007 writes them); the Exchange Online
//! mail-user export of the same users (PowerShell 7's shape); and the migration CSV
//! files naming them, 2,000 rows each.
//!
//! Run with `cargo bench --bench directory [-- MAILBOXES]`. Prints the time to read
//! both exports and match every CSV row (`directory::compare`), the best of five runs,
//! (wall and CPU time), and the time of the whole check with the CSV's own rules (`directory::check_files`).

use std::time::Instant;

use migration_preflight::directory::{self, Directories, Export};
use migration_preflight::{CsvFile, Options};

const FIRST: [&str; 10] = [
    "pilar", "toby", "brian", "ana", "jonas", "mei", "olga", "sven", "amira", "li",
];
const LAST: [&str; 10] = [
    "pineda", "nixon", "taylor", "garcia", "berg", "wong", "ivanova", "lund", "haddad", "chen",
];
const DOMAINS: [&str; 5] = [
    "contoso.com",
    "fabrikam.com",
    "corp.contoso.com",
    "northwindtraders.com",
    "adventure-works.com",
];

fn main() {
    let mailboxes: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut onprem = String::from(
        "#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox\r\n\"PrimarySmtpAddress\",\"WindowsEmailAddress\",\"EmailAddresses\",\"RecipientTypeDetails\",\"HiddenFromAddressListsEnabled\",\"UMEnabled\",\"TotalItemSize\"\r\n",
    );
    let mut cloud = String::from(
        "\"PrimarySmtpAddress\",\"ExternalEmailAddress\",\"EmailAddresses\",\"UserPrincipalName\",\"RecipientTypeDetails\"\n",
    );
    let mut csv_rows: Vec<String> = Vec::with_capacity(mailboxes);
    for i in 0..mailboxes {
        let (first, last) = (FIRST[next(10)], LAST[next(10)]);
        let domain = DOMAINS[i % DOMAINS.len()];
        let primary = format!("{first}.{last}{i}@{domain}");
        let mut addresses = vec![format!("SMTP:{primary}")];
        for k in 0..(2 + next(4)) {
            let other = DOMAINS[(i + k + 1) % DOMAINS.len()];
            addresses.push(format!("smtp:{}{last}{i}@{other}", &first[..1]));
        }
        addresses.push(format!(
            "X400:c=US;a= ;p=Contoso;o=Exchange;s={last};g={first};i{i};"
        ));
        let size = format!("{}B", next(60_000_000_000));
        onprem.push_str(&format!(
            "\"{primary}\",\"{primary}\",\"{}\",\"UserMailbox\",\"{}\",\"False\",\"{size}\"\r\n",
            addresses.join(" "),
            if next(100) == 0 { "True" } else { "False" }
        ));
        if next(50) != 0 {
            let cloud_addresses: Vec<String> = addresses
                .iter()
                .filter(|a| a.to_ascii_lowercase().starts_with("smtp:"))
                .cloned()
                .collect();
            cloud.push_str(&format!(
                "\"{primary}\",\"SMTP:{primary}\",\"{}\",\"{primary}\",\"MailUser\"\n",
                cloud_addresses.join(" ")
            ));
        }
        if next(20) != 0 {
            csv_rows.push(format!("{primary},,False"));
        }
    }
    let files: Vec<(String, Vec<u8>)> = csv_rows
        .chunks(2000)
        .enumerate()
        .map(|(i, chunk)| {
            let text = format!(
                "EmailAddress,Password,ForceChangePassword\r\n{}\r\n",
                chunk.join("\r\n")
            );
            (format!("wave-{i:02}.csv"), text.into_bytes())
        })
        .collect();
    let csv: Vec<CsvFile> = files
        .iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect();
    let directories = Directories {
        onprem: vec![Export {
            name: "mailboxes.csv",
            bytes: onprem.as_bytes(),
        }],
        cloud: vec![Export {
            name: "mailusers.csv",
            bytes: cloud.as_bytes(),
        }],
        mailbox_quota_gb: None,
    };
    println!(
        "{mailboxes} mailboxes: on-premises export {:.1} MB, Exchange Online export {:.1} MB, {} CSV rows in {} files",
        onprem.len() as f64 / 1e6,
        cloud.len() as f64 / 1e6,
        csv_rows.len(),
        files.len()
    );
    let options = Options::default();
    let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut summary = None;
    for _ in 0..5 {
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let comparison = directory::compare(&csv, &directories, &options);
        best = best.min(start.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(cpu_seconds() - cpu);
        summary = Some(comparison.summary);
    }
    let s = summary.unwrap_or_default();
    println!(
        "read both exports and matched every CSV row: {best:.3} s, {best_cpu:.3} s of CPU time on one thread (best of 5; the CPU time leaves out other work on a shared machine); {} rows compared, {} matched, {} missing in Exchange Online, {} hidden, {} over quota, {} left behind",
        s.rows_compared, s.matched, s.missing_in_cloud, s.hidden, s.over_quota, s.left_behind
    );
    let start = Instant::now();
    let report = directory::check_files(&csv, &directories, &options);
    println!(
        "with the CSV's own checks (check_files): {:.3} s, {} findings",
        start.elapsed().as_secs_f64(),
        report.findings.len()
    );
}

/// Seconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`), so that
/// other work on a shared machine does not count; falls back to 0.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

//! Fuzz target: the readiness report and the runbook. The input is an assessment and a
//! CSV: before the first NUL byte the assessment JSON; if that is not a valid
//! assessment, the bytes choose every answer, number and date of one (dates anywhere in
//! the years the `time` crate holds, offsets up to ±25:59). The report is built plain
//! and pseudonymised and rendered in every format; nothing may panic, the JSON must
//! read back, and every rendering must say the verdict. Run from the crate root:
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir tests/fuzz readiness -- -max_total_time=600`

#![no_main]

use libfuzzer_sys::fuzz_target;
use migration_preflight::CsvFile;
use migration_preflight::readiness::{Answer, Assessment, ReportOptions, build};
use migration_preflight::render::readiness::{Format, render};
use migration_preflight::runbook::runbook;
use time::{OffsetDateTime, UtcOffset};

/// Reads the fuzzer's bytes as numbers, then as zeros once they run out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u64(&mut self) -> u64 {
        let mut out = [0u8; 8];
        let n = self.0.len().min(8);
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        u64::from_le_bytes(out)
    }
    fn answer(&mut self) -> Answer {
        match self.u64() % 3 {
            0 => Answer::Yes,
            1 => Answer::No,
            _ => Answer::Unknown,
        }
    }
    fn date(&mut self) -> Option<OffsetDateTime> {
        let raw = self.u64();
        if raw % 4 == 0 {
            return None;
        }
        // Seconds across the whole range `time` holds (years -9999 to 9999), with the
        // ends more likely, in any offset it allows.
        let span = 2 * 377_705_116_800_i64;
        let seconds = match raw % 5 {
            0 => 253_402_300_799 - (raw >> 8) as i64 % 200_000,
            1 => -62_167_219_200 + (raw >> 8) as i64 % 200_000,
            _ => ((raw >> 8) as i64).rem_euclid(span) - span / 2,
        };
        let offset = UtcOffset::from_whole_seconds((self.u64() % 187_199) as i32 - 93_599).ok()?;
        OffsetDateTime::from_unix_timestamp(seconds)
            .ok()?
            .checked_to_offset(offset)
    }
}

fn assessment(mut b: Bytes<'_>) -> Assessment {
    let mut a = Assessment::default();
    a.assessed_at = b.date();
    a.utc_offset = UtcOffset::from_whole_seconds((b.u64() % 187_199) as i32 - 93_599).ok();
    a.source.outlook_anywhere_enabled = b.answer();
    a.source.mrs_proxy_enabled = b.answer();
    a.source.unified_messaging_disabled = b.answer();
    a.source.permissions.full_access = b.answer();
    a.source.permissions.write_target_address = b.answer();
    a.tenant.domain_verified = b.answer();
    a.tenant.directory_sync = b.answer();
    a.tenant.federated_sso = b.answer();
    a.tenant.verified_domains = Some(vec!["contoso.com".into(), "İ\u{212A}.example".into()]);
    a.tenant.mailbox_count = Some(b.u64() as u32);
    a.tenant.licences_available = Some(b.u64() as u32);
    a.dns.mx_ttl_seconds = Some(b.u64() as u32);
    a.dns.mx_ttl_lowered_at = b.date();
    a.dns.previous_mx_ttl_seconds = Some(b.u64() as u32);
    a.dns.mx_changed_at = b.date();
    a.schedule.planned_start = b.date();
    a.schedule.planned_mx_change = b.date();
    a.schedule.users_created_at = b.date();
    a.schedule.last_sync_at = b.date();
    a.progress.licences_assigned = b.answer();
    a.progress.batches_deleted = b.answer();
    a
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let (head, csv) = (&data[..split], data.get(split + 1..).unwrap_or_default());
    let assessment = match std::str::from_utf8(head).map(Assessment::from_json) {
        Ok(Ok(a)) => a,
        _ => assessment(Bytes(head)),
    };
    let now = Bytes(csv.get(..16).unwrap_or(csv)).date();
    let files = [
        CsvFile { name: "wave.csv", bytes: csv },
        CsvFile { name: "İİ\u{212A} \u{307}.csv", bytes: csv },
    ];
    for pseudonymise in [false, true] {
        let options = ReportOptions { pseudonymise, now };
        let report = build(&files, &assessment, &options);
        for format in [Format::Html, Format::Markdown, Format::Json, Format::Text] {
            let out = render(&report, format);
            assert!(out.contains(report.verdict.as_str()), "{format:?}");
        }
        let json: serde_json::Value =
            serde_json::from_str(&render(&report, Format::Json)).expect("the JSON reads back");
        assert_eq!(json["schemaVersion"], 1);
        let _ = runbook(&files, &assessment, &options);
    }
});

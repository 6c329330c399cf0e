//! The readiness report: verdict, counts, findings, key dates, DNS plan and checklist.

use serde::Serialize;
use time::OffsetDateTime;

use super::assessment::Assessment;
use super::checklist::{self, Context, Task};
use super::dates::{self, KeyDates};
use super::deliverable::Cover;
use super::dns_section::{self, DnsSection};
use super::environment::{self, Inputs};
use super::pseudonym::Pseudonymiser;
use super::range;
use super::since::Progress;
use super::timeline::{Milestone, milestones};
use crate::check::{CsvFile, check_files};
use crate::directory::Directories;
use crate::finding::{Finding, Severity};
use crate::group::{FindingGroup, file_name, group_by_code};
use crate::options::Options;
use crate::report::{Summary, Verdict};

/// The version of the report's JSON form. Raised when a field changes meaning or is
/// removed; adding a field does not raise it. Version 2: file names without
/// directories, `cover`, `groups` and `since` added.
pub const REPORT_SCHEMA_VERSION: u32 = 2;

/// How to make the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Replace addresses, domains, file names and the organisation's name by aliases.
    pub pseudonymise: bool,
    /// The time the report is made for; without it, the assessment's `assessedAt`.
    pub now: Option<OffsetDateTime>,
}

/// Findings counted by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BySeverity {
    /// Errors.
    pub error: u32,
    /// Warnings.
    pub warning: u32,
    /// Info.
    pub info: u32,
}

/// Findings counted by area (the code's prefix).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ByArea {
    /// `CSV…`: the migration CSV files.
    pub csv: u32,
    /// `PWD…`: passwords and sign-in.
    pub passwords: u32,
    /// `DNS…`: DNS records.
    pub dns: u32,
    /// `ENV…`: the environment (the assessment).
    pub environment: u32,
}

/// Finding counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// By severity.
    pub by_severity: BySeverity,
    /// By area.
    pub by_area: ByArea,
}

/// The area of a finding code: `csv`, `passwords`, `dns` or `environment`.
pub fn area(code: &str) -> &'static str {
    match code.get(..3) {
        Some("PWD") => "passwords",
        Some("DNS") => "dns",
        Some("ENV") | Some("SRC") => "environment",
        _ => "csv",
    }
}

/// Is this organisation ready for a staged migration, what blocks it, what to do in
/// which order and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessReport {
    /// [`REPORT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The organisation's name, if given (withheld when pseudonymised).
    pub organisation: Option<String>,
    /// The time the report is made for.
    #[serde(with = "time::serde::rfc3339::option")]
    pub as_of: Option<OffsetDateTime>,
    /// The offset every date is shown in, e.g. `UTC+01:00`.
    pub utc_offset: String,
    /// Whether addresses, domains and file names are replaced by aliases.
    pub pseudonymised: bool,
    /// Prepared by, prepared for, document version and the tool's version.
    pub cover: Cover,
    /// `ready`, `warnings` or `blocked`.
    pub verdict: Verdict,
    /// Why: one line per distinct error (or, without errors, warning) code.
    pub reasons: Vec<String>,
    /// Finding counts by severity and area.
    pub counts: Counts,
    /// Counts from the CSV check (files, mailboxes, batches needed).
    pub summary: Summary,
    /// CSV findings (file order, then row), then environment findings (code order).
    /// Files are named without their directories.
    pub findings: Vec<Finding>,
    /// The findings grouped by code, in severity then code order (see [`crate::group`]).
    pub groups: Vec<FindingGroup>,
    /// The key dates of the checklist.
    pub dates: KeyDates,
    /// The DNS changes, when the DNS plan is part of the report.
    pub dns: Option<DnsSection>,
    /// Every task of the procedure.
    pub checklist: Vec<Task>,
    /// The dated milestones in time order (the timeline picture's data).
    pub timeline: Vec<Milestone>,
    /// The directory check's counts, when exports were given (left out otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory: Option<crate::directory::DirectorySummary>,
    /// Progress since an earlier report, when one was given (see [`super::since`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Progress>,
}

/// Builds the readiness report from the CSV files and the assessment.
pub fn build(
    files: &[CsvFile<'_>],
    assessment: &Assessment,
    options: &ReportOptions,
) -> ReadinessReport {
    build_with_directories(files, &Directories::default(), assessment, options)
}

/// [`build`], with the CSV also compared with the directory exports (see
/// [`crate::directory`]): their findings join the CSV findings, their counts are the
/// report's `directory` section.
pub fn build_with_directories(
    files: &[CsvFile<'_>],
    directories: &Directories<'_>,
    assessment: &Assessment,
    options: &ReportOptions,
) -> ReadinessReport {
    build_with_probe(files, directories, assessment, options, None)
}

/// [`build_with_directories`], with the findings of a source probe (see
/// [`super::evidence`]): they join the environment findings and decide the Outlook
/// Anywhere and certificate tasks.
pub fn build_with_probe(
    files: &[CsvFile<'_>],
    directories: &Directories<'_>,
    assessment: &Assessment,
    options: &ReportOptions,
    probe: Option<&super::evidence::Evidence>,
) -> ReadinessReport {
    // Dates outside the years 1990–2999 are left out (ENV034), so no date arithmetic
    // below can leave the calendar and every date can be written as RFC 3339.
    let in_range = range::in_range_only(assessment, options.now);
    let assessment = &in_range.assessment;
    let now = in_range.now;
    let check_options = Options {
        domains: assessment
            .tenant
            .verified_domains
            .clone()
            .unwrap_or_default(),
        federated: assessment.tenant.federated_sso.is_yes(),
        banned_terms: assessment
            .tenant
            .custom_banned_passwords
            .clone()
            .unwrap_or_default(),
        // The organisation's name is a banned password term, as Microsoft's tenant name.
        tenant_name: assessment.organisation.clone(),
        ..Options::default()
    };
    // A report shared outside names no directory, not even in a message ("the same
    // address as in row 2 of wave1.csv").
    let named: Vec<CsvFile<'_>> = files
        .iter()
        .map(|f| CsvFile {
            name: file_name(f.name),
            bytes: f.bytes,
        })
        .collect();
    let files = &named[..];
    let csv = check_files(files, &check_options);
    let key_dates = dates::key_dates(assessment, now);
    let mut findings = csv.findings;
    let directories = &Directories {
        onprem: named_exports(&directories.onprem),
        cloud: named_exports(&directories.cloud),
        mailbox_quota_gb: directories.mailbox_quota_gb,
    };
    let directory = (!directories.is_empty()).then(|| {
        let comparison = crate::directory::compare(files, directories, &check_options);
        findings.extend(comparison.findings);
        findings.sort_by(|a, b| {
            (a.file.as_deref(), a.row.unwrap_or(0)).cmp(&(b.file.as_deref(), b.row.unwrap_or(0)))
        });
        comparison.summary
    });
    let mut environment = environment::findings(&Inputs {
        assessment,
        summary: &csv.summary,
        dates: &key_dates,
        now,
    });
    environment.extend(in_range.findings);
    environment.sort_by_key(|f| f.code);
    let probed = probe.map_or_else(Vec::new, |p| p.findings(options.pseudonymise));
    // Where the probe gives evidence, the assessment's unanswered question about it is no
    // open item: the task is done or blocked from the evidence.
    for (task, unknown) in [("outlook-anywhere", "ENV004"), ("certificate", "ENV006")] {
        if super::evidence::done(task, &probed).is_some() {
            environment.retain(|f| f.code != unknown);
        }
    }
    findings.extend(environment);
    findings.extend(probed);
    // A report shared outside names no directory (`C:\\Users\\…`, `/tmp/…`).
    for f in &mut findings {
        if let Some(file) = &mut f.file {
            *file = file_name(file).to_string();
        }
    }
    let mut summary = csv.summary;
    let counts = count(&findings);
    summary.errors = counts.by_severity.error;
    summary.warnings = counts.by_severity.warning;
    summary.infos = counts.by_severity.info;
    let checklist = checklist::checklist(&Context {
        assessment,
        findings: &findings,
        dates: &key_dates,
        now,
    });
    let verdict = Verdict::of(&findings);
    let timeline = milestones(assessment, &key_dates, &checklist);
    let offset = assessment.display_offset();
    let dns = dns_section::section(
        assessment,
        key_dates.mx_change.as_ref().map(|d| d.at),
        &check_options.domains,
    );
    let mut report = ReadinessReport {
        schema_version: REPORT_SCHEMA_VERSION,
        organisation: assessment.organisation.clone(),
        as_of: now.map(|n| dates::in_offset(n, offset)),
        utc_offset: dates::offset_label(offset),
        pseudonymised: false,
        cover: Cover::new(&assessment.report, options.pseudonymise),
        verdict,
        reasons: reasons(verdict, &findings),
        counts,
        summary,
        findings,
        dates: key_dates,
        dns,
        checklist,
        timeline,
        directory,
        groups: Vec::new(),
        since: None,
    };
    if options.pseudonymise {
        let mut p = Pseudonymiser::new();
        let mut domains = check_options.domains;
        domains.sort();
        for domain in &domains {
            p.domain(domain);
        }
        for file in files {
            p.file(file.name);
            p.addresses_from_csv(file.bytes);
        }
        for export in directories.onprem.iter().chain(&directories.cloud) {
            p.file(file_name(export.name));
        }
        report.pseudonymise(&mut p);
    }
    report.groups = group_by_code(&report.findings);
    report
}

fn count(findings: &[Finding]) -> Counts {
    let mut counts = Counts::default();
    for f in findings {
        match f.severity {
            Severity::Error => counts.by_severity.error += 1,
            Severity::Warning => counts.by_severity.warning += 1,
            Severity::Info => counts.by_severity.info += 1,
        }
        match area(f.code) {
            "passwords" => counts.by_area.passwords += 1,
            "dns" => counts.by_area.dns += 1,
            "environment" => counts.by_area.environment += 1,
            _ => counts.by_area.csv += 1,
        }
    }
    counts
}

/// One line per distinct code of the severity that decides the verdict.
fn reasons(verdict: Verdict, findings: &[Finding]) -> Vec<String> {
    let severity = match verdict {
        Verdict::Blocked => Severity::Error,
        Verdict::Warnings => Severity::Warning,
        Verdict::Ready => {
            return vec![
                "No errors or warnings: the CSV files and the assessment are ready for a staged migration."
                    .to_string(),
            ];
        }
    };
    let mut codes: Vec<&'static str> = findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| f.code)
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
        .into_iter()
        .map(|code| {
            let n = findings.iter().filter(|f| f.code == code).count();
            let title = crate::catalogue::rule(code).map_or("", |r| r.title);
            if n == 1 {
                format!("{code}: {title}")
            } else {
                format!("{code}: {title} ({n} findings)")
            }
        })
        .collect()
}

impl ReadinessReport {
    /// Replaces addresses, domains, file names and the organisation's name by aliases,
    /// walking the report in order so aliases are numbered by first appearance.
    pub fn pseudonymise(&mut self, p: &mut Pseudonymiser) {
        self.pseudonymised = true;
        self.organisation = None;
        self.cover.prepared_by = None;
        self.cover.prepared_for = None;
        for f in &mut self.findings {
            if let Some(file) = &f.file {
                f.file = Some(p.file(file));
            }
            f.message = p.text(&f.message);
            f.help = p.text(&f.help);
            if let Some(column) = &f.column {
                f.column = Some(p.text(column));
            }
        }
        for reason in &mut self.reasons {
            *reason = p.text(reason);
        }
        for task in &mut self.checklist {
            if let Some(note) = &task.note {
                task.note = Some(p.text(note));
            }
        }
        if let Some(dns) = &mut self.dns {
            for r in &mut dns.records {
                r.name = p.text(&r.name);
                r.value = p.text(&r.value);
                r.note = p.text(&r.note);
            }
            for note in &mut dns.notes {
                *note = p.text(note);
            }
        }
        self.groups = group_by_code(&self.findings);
    }
}

/// The exports named without their directories, for a report shared outside.
fn named_exports<'a>(
    exports: &[crate::directory::Export<'a>],
) -> Vec<crate::directory::Export<'a>> {
    exports
        .iter()
        .map(|e| crate::directory::Export {
            name: file_name(e.name),
            bytes: e.bytes,
        })
        .collect()
}

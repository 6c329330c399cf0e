//! Evidence from the source probe (`migration-preflight probe --format json`): its
//! `SRC` findings join the report's, and make the Outlook Anywhere and certificate
//! tasks done or blocked from what the probe saw rather than from the assessment's
//! answers. Autodiscover findings are open items of the endpoint task: without
//! Autodiscover the endpoint needs the server names entered by hand, which blocks
//! nothing.

use serde::Deserialize;

use crate::finding::{Finding, Severity};

/// The most findings a probe file may hold; a real probe writes a few dozen.
pub const MAX_FINDINGS: usize = 500;

/// The longest message kept from a probe file.
const MAX_MESSAGE: usize = 2_000;

/// What a probe file says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The Outlook Anywhere host probed.
    pub host: String,
    /// When the probe ran (RFC 3339, as written).
    pub probed_at: String,
    /// The findings, severity and help from the catalogue, messages from the file.
    pub findings: Vec<Finding>,
}

/// Which probe findings concern which task, and which one shows it is done.
struct TaskEvidence {
    task: &'static str,
    codes: &'static [&'static str],
    passed: Option<&'static str>,
    /// Warnings that leave the task open even when it passed: the probe cannot
    /// confirm it for Microsoft's service (a private root).
    unconfirmed: &'static [&'static str],
}

const TASKS: &[TaskEvidence] = &[
    TaskEvidence {
        task: "outlook-anywhere",
        codes: &[
            "SRC001", "SRC002", "SRC003", "SRC004", "SRC005", "SRC014", "SRC015", "SRC016",
            "SRC017", "SRC018", "SRC019", "SRC020", "SRC021", "SRC022", "SRC023", "SRC033",
            "SRC035", "SRC036",
        ],
        passed: Some("SRC014"),
        unconfirmed: &[],
    },
    TaskEvidence {
        task: "certificate",
        codes: &[
            "SRC006", "SRC007", "SRC008", "SRC009", "SRC010", "SRC011", "SRC012", "SRC013",
        ],
        passed: Some("SRC007"),
        unconfirmed: &["SRC013"],
    },
    TaskEvidence {
        task: "endpoint",
        codes: &[
            "SRC024", "SRC025", "SRC026", "SRC027", "SRC028", "SRC029", "SRC030", "SRC031",
            "SRC032", "SRC034", "SRC037", "SRC038",
        ],
        passed: None,
        unconfirmed: &[],
    },
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    kind: String,
    #[serde(default)]
    host: String,
    #[serde(default)]
    probed_at: String,
    findings: Vec<RawFinding>,
}

#[derive(Deserialize)]
struct RawFinding {
    code: String,
    #[serde(default)]
    message: String,
}

impl Evidence {
    /// Reads a probe file; the error says, in the admin's words, why it cannot be used.
    pub fn from_json(text: &str) -> Result<Evidence, String> {
        let file: File = serde_json::from_str(text).map_err(|e| {
            format!("the probe file is not the JSON that `migration-preflight probe --format json` writes: {e}")
        })?;
        if file.kind != "migration-preflight probe" {
            return Err(
                "the file is not a probe file (its kind is not \"migration-preflight probe\")"
                    .into(),
            );
        }
        if file.findings.len() > MAX_FINDINGS {
            return Err(format!(
                "the probe file holds {} findings; a probe writes at most a few dozen",
                crate::render::count::thousands(file.findings.len() as u64)
            ));
        }
        let mut findings = Vec::with_capacity(file.findings.len());
        for raw in file.findings {
            let rule = crate::catalogue::rule(&raw.code)
                .filter(|r| r.code.starts_with("SRC"))
                .ok_or_else(|| {
                    format!(
                        "the probe file holds {:?}, which is not a probe finding",
                        clean(&raw.code, 20)
                    )
                })?;
            findings.push(rule.finding(clean(&raw.message, MAX_MESSAGE)));
        }
        Ok(Evidence {
            host: clean(&file.host, 253),
            probed_at: clean(&file.probed_at, 40),
            findings,
        })
    }

    /// The findings for the report; when it is pseudonymised, each message is the
    /// rule's title (the messages name hosts and certificate issuers).
    pub fn findings(&self, pseudonymise: bool) -> Vec<Finding> {
        self.findings
            .iter()
            .map(|f| {
                let mut f = f.clone();
                if pseudonymise {
                    f.message = crate::catalogue::rule(f.code)
                        .map_or_else(String::new, |r| format!("{}.", r.title));
                }
                f
            })
            .collect()
    }
}

/// Whether the finding `code` concerns the task `id`.
pub fn concerns(id: &str, code: &str) -> bool {
    TASKS
        .iter()
        .any(|t| t.task == id && t.codes.contains(&code))
}

/// The task's status from the probe's findings: `Some(true)` done (its passing finding,
/// no error and nothing unconfirmed such as a private root), `Some(false)` not done,
/// `None`
/// when the report holds no probe finding about it (the assessment decides).
pub fn done(id: &str, findings: &[Finding]) -> Option<bool> {
    let task = TASKS.iter().find(|t| t.task == id)?;
    let passed = task.passed?;
    let mut related = findings
        .iter()
        .filter(|f| task.codes.contains(&f.code))
        .peekable();
    related.peek()?;
    let mut seen = false;
    for f in related {
        if f.severity == Severity::Error || task.unconfirmed.contains(&f.code) {
            return Some(false);
        }
        seen |= f.code == passed;
    }
    Some(seen)
}

/// A note for the task from the probe: its passing finding, or why it is not done.
pub fn note(id: &str, findings: &[Finding]) -> Option<String> {
    let task = TASKS.iter().find(|t| t.task == id)?;
    let related: Vec<&Finding> = findings
        .iter()
        .filter(|f| task.codes.contains(&f.code))
        .collect();
    let pick = related
        .iter()
        .find(|f| f.severity == Severity::Error)
        .or_else(|| related.iter().find(|f| task.unconfirmed.contains(&f.code)))
        .or_else(|| related.iter().find(|f| Some(f.code) == task.passed))
        .or_else(|| {
            related
                .iter()
                .find(|f| matches!(f.code, "SRC030" | "SRC031" | "SRC032"))
        })?;
    Some(format!("From the probe ({}): {}", pick.code, pick.message))
}

/// Printable text only, at most `max` characters.
fn clean(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe_file(codes: &[&str]) -> String {
        let findings: Vec<String> = codes
            .iter()
            .map(|c| format!(r#"{{"code":"{c}","severity":"info","message":"m {c}","help":"h"}}"#))
            .collect();
        format!(
            r#"{{"schemaVersion":1,"kind":"migration-preflight probe","host":"mail.contoso.com","probedAt":"2026-11-27T21:00:00Z","findings":[{}]}}"#,
            findings.join(",")
        )
    }

    #[test]
    fn severity_comes_from_the_catalogue_not_the_file() {
        let e = Evidence::from_json(&probe_file(&["SRC008"])).unwrap();
        assert_eq!(e.findings[0].severity, Severity::Error);
        assert_eq!(done("certificate", &e.findings), Some(false));
        assert!(note("certificate", &e.findings).unwrap().contains("SRC008"));
    }

    #[test]
    fn a_passing_finding_without_errors_makes_the_task_done() {
        let e = Evidence::from_json(&probe_file(&[
            "SRC006", "SRC007", "SRC011", "SRC014", "SRC022",
        ]))
        .unwrap();
        assert_eq!(done("certificate", &e.findings), Some(true));
        assert_eq!(done("outlook-anywhere", &e.findings), Some(true));
        assert_eq!(done("endpoint", &e.findings), None);
        assert_eq!(done("csv", &e.findings), None);
        let e = Evidence::from_json(&probe_file(&["SRC016"])).unwrap();
        assert_eq!(done("outlook-anywhere", &e.findings), Some(false));
        assert_eq!(done("certificate", &e.findings), None);
        let e = Evidence::from_json(&probe_file(&["SRC007", "SRC013"])).unwrap();
        assert_eq!(done("certificate", &e.findings), Some(false));
        assert!(note("certificate", &e.findings).unwrap().contains("SRC013"));
    }

    #[test]
    fn other_files_and_codes_are_refused() {
        assert!(Evidence::from_json("{}").is_err());
        assert!(
            Evidence::from_json(&probe_file(&["CSV001"]))
                .unwrap_err()
                .contains("not a probe finding")
        );
        let many = vec!["SRC006"; MAX_FINDINGS + 1];
        assert!(
            Evidence::from_json(&probe_file(&many))
                .unwrap_err()
                .contains("501")
        );
        let other = probe_file(&[]).replace("migration-preflight probe", "report");
        assert!(Evidence::from_json(&other).is_err());
    }

    #[test]
    fn pseudonymised_messages_are_the_titles() {
        let e = Evidence::from_json(&probe_file(&["SRC007"])).unwrap();
        assert!(
            e.findings(true)[0]
                .message
                .starts_with("The certificate is valid")
        );
        assert_eq!(e.findings(false)[0].message, "m SRC007");
    }
}

//! The plan as one PowerShell script with a `-Step` switch, like the runbook's: each
//! step holds only its own records and runs only when asked for, in the order of the
//! staged-migration procedure. Without `-Step` the script shows what each step would do
//! and changes nothing. The MX and Autodiscover steps refuse to run before the planned
//! MX change (after every batch has synced) unless `-Force` is given.
//!
//! Values are single-quoted literals ([`super::powershell::quote`]); the only other
//! text is fixed by this module, so the script is plain ASCII and no value is code.

use std::fmt::Write;

use super::plan::{Plan, PlannedRecord, Role, TTL, seconds};
use super::powershell::{addition, commands, quote};
use crate::runbook::powershell::ascii_comment;

/// One step of the script, in the order they are run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptStep {
    /// Publish the verification record.
    Verify,
    /// Re-write the MX records published now with the low TTL.
    LowerTtl,
    /// Publish the merged SPF record.
    Spf,
    /// Point MX at Exchange Online, after every batch has synced.
    Mx,
    /// Point Autodiscover at Exchange Online, with the MX change.
    Autodiscover,
    /// Publish the DKIM CNAMEs.
    Dkim,
}

impl ScriptStep {
    /// Every step, in the order they are run.
    pub const ALL: [ScriptStep; 6] = [
        ScriptStep::Verify,
        ScriptStep::LowerTtl,
        ScriptStep::Spf,
        ScriptStep::Mx,
        ScriptStep::Autodiscover,
        ScriptStep::Dkim,
    ];

    /// The value of `-Step`: `Verify`, `LowerTtl`, `Spf`, `Mx`, `Autodiscover`, `Dkim`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScriptStep::Verify => "Verify",
            ScriptStep::LowerTtl => "LowerTtl",
            ScriptStep::Spf => "Spf",
            ScriptStep::Mx => "Mx",
            ScriptStep::Autodiscover => "Autodiscover",
            ScriptStep::Dkim => "Dkim",
        }
    }

    /// When to run it and what it does.
    fn summary(self) -> String {
        match self {
            ScriptStep::Verify => "before the first batch: add the verification record, then select Verify in the Microsoft 365 admin center".into(),
            ScriptStep::LowerTtl => format!("before the first batch, at least one old TTL before the MX change: re-write the MX records published now with a TTL of {}", seconds(TTL)),
            ScriptStep::Spf => "before the first batch: publish the SPF record that adds Exchange Online to the servers sending now".into(),
            ScriptStep::Mx => "only after every batch has synced and the mailboxes are converted: point MX at Exchange Online".into(),
            ScriptStep::Autodiscover => "with the MX change: point Autodiscover at Exchange Online".into(),
            ScriptStep::Dkim => "after the domain is verified: publish the DKIM CNAMEs, then enable DKIM in the Defender portal".into(),
        }
    }

    /// The step a planned record belongs to.
    pub fn of(record: &PlannedRecord) -> ScriptStep {
        match record.role {
            Role::Verification | Role::VerificationMx => ScriptStep::Verify,
            Role::Spf => ScriptStep::Spf,
            Role::Mx => ScriptStep::Mx,
            Role::Autodiscover => ScriptStep::Autodiscover,
            Role::Dkim => ScriptStep::Dkim,
        }
    }

    /// Whether the step waits for the planned MX change.
    fn at_mx_change(self) -> bool {
        matches!(self, ScriptStep::Mx | ScriptStep::Autodiscover)
    }
}

const INDENT: &str = "        ";

/// Comment lines of printable ASCII.
fn comment(text: &str, prefix: &str) -> String {
    super::zone::comment(&ascii_comment(text), prefix)
}

/// The script for every zone of the plan.
pub fn render(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# DNS records for the Exchange Online staged migration (migration-preflight {}).",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str(&comment(
        "Review this script, then run one step at a time, in this order, in an elevated PowerShell on the DNS server (or add -ComputerName to each command). Deletions ask for confirmation.",
        "# ",
    ));
    let _ = writeln!(
        out,
        "#   .\\dns-records.ps1                    show what each step does (changes nothing)"
    );
    for step in ScriptStep::ALL {
        let _ = writeln!(out, "#   .\\dns-records.ps1 -Step {}", step.as_str());
        out.push_str(&comment(&step.summary(), "#       "));
    }
    out.push_str("#\n# The plan, step by step:\n");
    for (zone, records) in plan.zones() {
        for (phase, _, steps) in plan.phases(zone, &records) {
            let _ = writeln!(
                out,
                "# {}, {}:",
                ascii_comment(&plan.zone_label(zone)),
                ascii_comment(&phase.title().to_lowercase())
            );
            for step in steps {
                let text = match &step.when {
                    Some(when) => format!("({when}) {}", step.text),
                    None => step.text.clone(),
                };
                out.push_str(&comment(&text, "#   "));
            }
        }
    }
    out.push_str(SETUP);
    let _ = match plan.mx_change {
        Some(when) => writeln!(
            out,
            "$mxChangeNotBefore = [DateTimeOffset]::Parse({}, [Globalization.CultureInfo]::InvariantCulture)",
            quote(&when.iso())
        ),
        None => writeln!(out, "$mxChangeNotBefore = $null"),
    };
    let _ = writeln!(out, "$lowTtl = [TimeSpan]::FromSeconds({TTL})");
    out.push_str(ASSERT);
    out.push_str("\nswitch ($Step) {\n    'Show' {\n");
    for step in ScriptStep::ALL {
        show(&mut out, plan, step);
    }
    out.push_str("    }\n");
    for step in ScriptStep::ALL {
        let _ = writeln!(out, "    '{}' {{", step.as_str());
        if step.at_mx_change() {
            let _ = writeln!(out, "{INDENT}Assert-MxChangeTime");
        }
        branch(&mut out, plan, step);
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

/// The records of one step, in plan order.
fn records_of(plan: &Plan, step: ScriptStep) -> Vec<&PlannedRecord> {
    plan.records
        .iter()
        .filter(|r| ScriptStep::of(r) == step)
        .collect()
}

/// The `Show` lines of one step: `Write-Output` of literals only.
fn show(out: &mut String, plan: &Plan, step: ScriptStep) {
    let mut say = |text: String| {
        let _ = writeln!(out, "{INDENT}Write-Output {}", quote(&ascii_comment(&text)));
    };
    say(format!("-Step {}: {}", step.as_str(), step.summary()));
    if step == ScriptStep::LowerTtl {
        for domain in &plan.domains {
            say(format!(
                "    set the TTL of each MX record of {} above {} to {}",
                domain.ascii,
                seconds(TTL),
                seconds(TTL)
            ));
        }
    }
    for record in records_of(plan, step) {
        let priority = record.priority.map(|p| format!("{p} ")).unwrap_or_default();
        say(format!(
            "    {} {} {priority}{} (TTL {})",
            record.name,
            record.r#type.as_str(),
            record.value,
            seconds(record.ttl)
        ));
    }
    if step.at_mx_change() {
        say(match plan.mx_change {
            Some(when) => format!(
                "    not before {} (the planned MX change) unless -Force",
                when.display()
            ),
            None => "    no MX change was planned: runs only with -Force".into(),
        });
    }
    if step != ScriptStep::LowerTtl && records_of(plan, step).is_empty() {
        say(format!("    nothing to do: {}", nothing(step)));
    }
}

/// Why a step has no records.
fn nothing(step: ScriptStep) -> &'static str {
    match step {
        ScriptStep::Verify => {
            "no verification value was given (the admin center shows it under Settings > Domains)"
        }
        ScriptStep::Dkim => "the tenant's initial domain was not given",
        _ => "no record of this kind is planned (see the plan's findings)",
    }
}

/// The commands of one step.
fn branch(out: &mut String, plan: &Plan, step: ScriptStep) {
    if step == ScriptStep::LowerTtl {
        for domain in &plan.domains {
            let z = quote(&domain.ascii);
            out.push_str(&comment(
                &format!(
                    "{}: every MX record with a TTL above {} gets that TTL; its other data stays.",
                    domain.ascii,
                    seconds(TTL)
                ),
                &format!("{INDENT}# "),
            ));
            let _ = writeln!(
                out,
                "{INDENT}foreach ($old in @(Get-DnsServerResourceRecord -ZoneName {z} -Name '@' -RRType Mx -ErrorAction SilentlyContinue | Where-Object {{ $_.TimeToLive -gt $lowTtl }})) {{"
            );
            let _ = writeln!(out, "{INDENT}    $new = $old.Clone()");
            let _ = writeln!(out, "{INDENT}    $new.TimeToLive = $lowTtl");
            let _ = writeln!(
                out,
                "{INDENT}    Set-DnsServerResourceRecord -ZoneName {z} -OldInputObject $old -NewInputObject $new"
            );
            let _ = writeln!(out, "{INDENT}}}");
        }
        return;
    }
    let records = records_of(plan, step);
    if records.is_empty() {
        let _ = writeln!(
            out,
            "{INDENT}Write-Output {}",
            quote(&format!("Nothing to do: {}.", nothing(step)))
        );
    }
    for record in records {
        out.push_str(&comment(&record.purpose, &format!("{INDENT}# ")));
        if record.role == Role::Spf && plan.spf_unknown.contains(&record.zone) {
            spf_if_none(out, record);
            continue;
        }
        for line in commands(&record.zone, record).lines() {
            let _ = writeln!(out, "{INDENT}{line}");
        }
    }
}

/// The SPF record of a zone whose published record was not known: added only when the
/// zone has none; an existing record is never replaced, the script says what it must gain.
fn spf_if_none(out: &mut String, record: &PlannedRecord) {
    let z = quote(&record.zone);
    let n = quote(&super::name::relative(&record.name, &record.zone));
    let _ = writeln!(
        out,
        "{INDENT}$spf = @(Get-DnsServerResourceRecord -ZoneName {z} -Name {n} -RRType Txt -ErrorAction SilentlyContinue | Where-Object {{ $_.RecordData.DescriptiveText -like 'v=spf1*' }})"
    );
    let _ = writeln!(out, "{INDENT}if ($spf.Count -gt 0) {{");
    let warning = format!(
        "{} already publishes an SPF record, which this plan did not know: add {} to it by hand, before its all term, and keep every term it has. Nothing was changed.",
        record.zone,
        super::spf::added_terms(&record.value)
    );
    let _ = writeln!(
        out,
        "{INDENT}    Write-Warning {}",
        quote(&ascii_comment(&warning))
    );
    let _ = writeln!(out, "{INDENT}}} else {{");
    for line in addition(&record.zone, record).lines() {
        let _ = writeln!(out, "{INDENT}    {line}");
    }
    let _ = writeln!(out, "{INDENT}}}");
}

const SETUP: &str = "\
#Requires -Version 5.1
[CmdletBinding()]
param(
    [ValidateSet('Show', 'Verify', 'LowerTtl', 'Spf', 'Mx', 'Autodiscover', 'Dkim')]
    [string] $Step = 'Show',
    # Run -Step Mx or Autodiscover before the planned MX change, or when none is planned.
    [switch] $Force
)

$ErrorActionPreference = 'Stop'
";

const ASSERT: &str = r#"
function Assert-MxChangeTime {
    if ($Force) { return }
    if ($null -eq $mxChangeNotBefore) {
        throw 'No MX change is planned. Run this step once every batch has synced and the mailboxes are converted, with -Force.'
    }
    if ([DateTimeOffset]::Now -lt $mxChangeNotBefore) {
        throw "The MX change is planned for $($mxChangeNotBefore): run this step then, once every batch has synced (or use -Force)."
    }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::input::{DomainInput, PlanInput};
    use crate::dns::plan::plan;

    fn contoso(cutover: Option<&str>) -> Plan {
        plan(&PlanInput {
            domains: vec![DomainInput {
                verification: Some("MS=ms12345678".into()),
                existing_spf: Some("v=spf1 mx -all".into()),
                ..DomainInput::new("contoso.com")
            }],
            initial_domain: Some("contoso.onmicrosoft.com".into()),
            cutover: cutover.map(str::to_string),
            ..PlanInput::default()
        })
    }

    /// The body of each `'Name' {` branch of the switch, by name.
    fn branches(script: &str) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        let body = script.split_once("switch ($Step) {\n").unwrap().1;
        for line in body.lines() {
            if let Some(name) = line
                .strip_prefix("    '")
                .and_then(|l| l.strip_suffix("' {"))
            {
                out.push((name.to_string(), Vec::new()));
            } else if line.starts_with(INDENT) {
                out.last_mut().unwrap().1.push(line.to_string());
            }
        }
        out
    }

    /// With the published SPF record not known, the Spf step never replaces a record:
    /// it adds the planned one only where the zone has none, and otherwise says which
    /// terms to add. With the record known, it replaces it with the merged one.
    #[test]
    fn an_unknown_spf_record_is_never_replaced() {
        let unknown = plan(&PlanInput {
            domains: vec![DomainInput::new("contoso.com")],
            on_premises_senders: vec!["203.0.113.10".into()],
            ..PlanInput::default()
        });
        assert_eq!(unknown.spf_unknown, ["contoso.com"]);
        let script = render(&unknown);
        let spf = branches(&script)
            .into_iter()
            .find(|(name, _)| name == "Spf")
            .unwrap()
            .1;
        let text = spf.join("\n");
        assert!(!text.contains("Remove-DnsServerResourceRecord"), "{text}");
        let check = spf
            .iter()
            .position(|l| l.contains("if ($spf.Count -gt 0)"))
            .unwrap();
        let add = spf
            .iter()
            .position(|l| l.contains("Add-DnsServerResourceRecord"))
            .unwrap();
        let otherwise = spf.iter().position(|l| l.contains("} else {")).unwrap();
        assert!(check < otherwise && otherwise < add, "{text}");
        assert!(
            text.contains("add ip4:203.0.113.10 include:spf.protection.outlook.com to it"),
            "{text}"
        );
        let step = unknown
            .steps
            .iter()
            .find(|s| s.text.contains("publishes now is not known"))
            .expect("a step says what to add to the existing record");
        assert!(step.text.contains("include:spf.protection.outlook.com"));

        let known = contoso(None);
        assert!(known.spf_unknown.is_empty());
        let script = render(&known);
        let spf = branches(&script)
            .into_iter()
            .find(|(name, _)| name == "Spf")
            .unwrap()
            .1
            .join("\n");
        assert!(spf.contains("Remove-DnsServerResourceRecord"), "{spf}");
        assert!(!spf.contains("$spf.Count"), "{spf}");
        assert!(
            !known
                .steps
                .iter()
                .any(|s| s.text.contains("publishes now is not known"))
        );
    }

    #[test]
    fn nothing_changes_outside_a_step_and_show_is_the_default() {
        let script = render(&contoso(Some("2026-12-07 18:00 +01:00")));
        assert!(script.contains("[string] $Step = 'Show'"), "{script}");
        let branches = branches(&script);
        let names: Vec<&str> = branches.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Show",
                "Verify",
                "LowerTtl",
                "Spf",
                "Mx",
                "Autodiscover",
                "Dkim"
            ]
        );
        let changes = |l: &str| {
            ["Add-DnsServer", "Set-DnsServer", "Remove-DnsServer"]
                .iter()
                .any(|c| l.contains(c))
        };
        let inside: usize = branches
            .iter()
            .map(|(_, lines)| lines.iter().filter(|l| changes(l)).count())
            .sum();
        assert_eq!(
            script.lines().filter(|l| changes(l)).count(),
            inside,
            "a change outside the steps:\n{script}"
        );
        assert!(!branches[0].1.iter().any(|l| changes(l)), "{script}");
        assert!(
            branches[0]
                .1
                .iter()
                .all(|l| l.starts_with("        Write-Output '"))
        );
    }

    #[test]
    fn each_step_holds_only_its_records() {
        let p = contoso(Some("2026-12-07 18:00 +01:00"));
        let script = render(&p);
        let branches = branches(&script);
        let body = |name: &str| {
            branches
                .iter()
                .find(|(n, _)| n == name)
                .unwrap()
                .1
                .join("\n")
        };
        for record in &p.records {
            let value = quote(&record.value);
            let step = ScriptStep::of(record).as_str();
            for (name, lines) in &branches[1..] {
                let holds = lines
                    .iter()
                    .any(|l| l.contains("Add-DnsServer") && l.contains(&value));
                assert_eq!(holds, name == step, "{value} in {name}:\n{script}");
            }
        }
        assert!(body("Verify").contains("'MS=ms12345678'"));
        assert!(body("Mx").starts_with("        Assert-MxChangeTime\n"));
        assert!(body("Autodiscover").starts_with("        Assert-MxChangeTime\n"));
        assert!(!body("Spf").contains("Assert-MxChangeTime"));
        let lower = body("LowerTtl");
        assert!(lower.contains("Set-DnsServerResourceRecord -ZoneName 'contoso.com' -OldInputObject $old -NewInputObject $new"), "{lower}");
        assert!(lower.contains("-RRType Mx"), "{lower}");
        assert!(!lower.contains("Add-DnsServer"), "{lower}");
        assert!(script.contains("[DateTimeOffset]::Parse('2026-12-07T18:00:00+01:00', [Globalization.CultureInfo]::InvariantCulture)"), "{script}");
        assert!(script.is_ascii());
    }

    #[test]
    fn without_a_planned_mx_change_the_mx_step_needs_force() {
        let script = render(&contoso(None));
        assert!(script.contains("$mxChangeNotBefore = $null\n"), "{script}");
        assert!(script.contains("no MX change was planned: runs only with -Force"));
    }
}

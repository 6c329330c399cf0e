//! The plan as Windows DNS Server PowerShell (the DnsServer module of Windows Server
//! 2012 and later), since Exchange 2003/2007 organisations usually run Windows DNS:
//! the commands for one record here, the whole script with its `-Step` switch in
//! [`super::script`].
//!
//! The script is plain ASCII, so Windows PowerShell 5.1 (which reads a file without a
//! byte-order mark in the ANSI code page) reads it as PowerShell 7 does. Every value is
//! a single-quoted PowerShell string, in which nothing is expanded or run; a quote inside
//! it is doubled, and characters other than printable ASCII (the typographic quotes
//! PowerShell also reads as single quotes among them) are `[char]` codes, as the runbook
//! writes them ([`crate::runbook::powershell::literal`]). Comments are ASCII too. Deletions
//! use `Remove-DnsServerResourceRecord` without `-Force`, so PowerShell asks before each one.

use std::fmt::Write;

use super::plan::{Plan, PlannedRecord, RecordType, Role};
use crate::runbook::powershell::{ascii_comment, literal};

/// The script for every zone of the plan: one `-Step` per moment of the procedure,
/// showing what each would do when run without `-Step` ([`super::script`]).
pub fn render(plan: &Plan) -> String {
    super::script::render(plan)
}

/// The commands for one record: deletions of what it replaces, then the addition.
pub fn commands(zone: &str, record: &PlannedRecord) -> String {
    let z = quote(zone);
    let n = quote(&super::name::relative(&record.name, zone));
    let mut out = String::new();
    let remove = |out: &mut String, rr_type: &str, filter: &str| {
        let _ = writeln!(
            out,
            "Get-DnsServerResourceRecord -ZoneName {z} -Name {n} -RRType {rr_type} -ErrorAction SilentlyContinue{filter} | Remove-DnsServerResourceRecord -ZoneName {z}"
        );
    };
    match record.role {
        Role::Spf => remove(
            &mut out,
            "Txt",
            " | Where-Object { $_.RecordData.DescriptiveText -like 'v=spf1*' }",
        ),
        Role::Mx => remove(&mut out, "Mx", ""),
        Role::Autodiscover | Role::Dkim => {
            let _ = writeln!(
                out,
                "foreach ($type in 'A', 'AAAA', 'CName', 'Txt') {{ Get-DnsServerResourceRecord -ZoneName {z} -Name {n} -RRType $type -ErrorAction SilentlyContinue | Remove-DnsServerResourceRecord -ZoneName {z} }}"
            );
        }
        Role::Verification | Role::VerificationMx => {}
    }
    if record.value.len() > 255 {
        // A DNS string holds 255 bytes; how Windows DNS splits a longer
        // -DescriptiveText is not verified here.
        let _ = writeln!(
            out,
            "# The value has {} characters (over 255): afterwards check it came back whole with Resolve-DnsName {} -Type TXT -Server localhost.",
            record.value.len(),
            ascii_comment(&quote(&record.name))
        );
    }
    out.push_str(&addition(zone, record));
    out
}

/// The command that adds the record (without removing what it replaces).
pub fn addition(zone: &str, record: &PlannedRecord) -> String {
    let z = quote(zone);
    let n = quote(&super::name::relative(&record.name, zone));
    let ttl = time_span(record.ttl);
    let mut out = String::new();
    let v = quote(&record.value);
    let _ = match record.r#type {
        RecordType::Txt => writeln!(
            out,
            "Add-DnsServerResourceRecord -ZoneName {z} -Name {n} -Txt -DescriptiveText {v} -TimeToLive {ttl}"
        ),
        RecordType::Mx => writeln!(
            out,
            "Add-DnsServerResourceRecordMX -ZoneName {z} -Name {n} -MailExchange {v} -Preference {} -TimeToLive {ttl}",
            record.priority.unwrap_or(0)
        ),
        RecordType::Cname => writeln!(
            out,
            "Add-DnsServerResourceRecordCName -ZoneName {z} -Name {n} -HostNameAlias {v} -TimeToLive {ttl}"
        ),
    };
    out
}

/// A single-quoted PowerShell string in ASCII ([`literal`]): `'` doubled, other
/// characters than printable ASCII (line breaks, which a validated value never holds,
/// among them) as `[char]` codes, so each command stays on one line and nothing is lost.
pub fn quote(value: &str) -> String {
    literal(value)
}

/// A TTL as a PowerShell TimeSpan literal: `01:00:00`, `1.00:00:00` for a day.
fn time_span(seconds: u32) -> String {
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let hms = format!(
        "{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    if days > 0 {
        format!("{days}.{hms}")
    } else {
        hms
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::plan::Phase;

    /// Reads the single-quoted strings of a PowerShell line the way PowerShell's
    /// tokenizer does, and returns them with the text outside the quotes.
    fn tokens(line: &str) -> (Vec<String>, String) {
        let is_quote =
            |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
        let mut strings = Vec::new();
        let mut outside = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if !is_quote(c) {
                outside.push(c);
                continue;
            }
            let mut s = String::new();
            loop {
                match chars.next() {
                    Some(q) if is_quote(q) => {
                        if chars.peek().is_some_and(|n| is_quote(*n)) {
                            s.push(chars.next().unwrap_or(q));
                        } else {
                            break;
                        }
                    }
                    Some(other) => s.push(other),
                    None => panic!("unterminated string in {line}"),
                }
            }
            strings.push(s);
        }
        (strings, outside)
    }

    #[test]
    fn hostile_values_stay_inside_their_quotes() {
        for hostile in [
            "'; Remove-Item C:\\ -Recurse; '",
            "\u{2019}; Stop-Computer; \u{2018}",
            "$(Invoke-Expression 'calc') `n \"quoted\" @{a=1}",
            "line\nbreak; Format-Volume",
            "'''",
        ] {
            let record = PlannedRecord {
                zone: "contoso.com".into(),
                name: "contoso.com".into(),
                r#type: RecordType::Txt,
                value: hostile.into(),
                ttl: 3600,
                priority: None,
                phase: Phase::BeforeFirstBatch,
                role: Role::Verification,
                purpose: String::new(),
            };
            let script = commands("contoso.com", &record);
            assert_eq!(script.lines().count(), 1, "{script}");
            assert!(script.is_ascii(), "{script}");
            let (strings, outside) = tokens(script.trim_end());
            assert_eq!(strings[..2], ["contoso.com", "@"]);
            if hostile.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
                assert_eq!(strings[2], hostile);
            }
            // Other values are ('text' + [char]0x2019 + 'text'): only that is outside.
            let (before, after) = outside.split_once(" -DescriptiveText ").unwrap();
            assert_eq!(before, "Add-DnsServerResourceRecord -ZoneName  -Name  -Txt");
            let expression = after.strip_suffix(" -TimeToLive 01:00:00").unwrap();
            assert!(
                expression.is_empty()
                    || expression
                        .trim_matches(['(', ')'])
                        .split(" + ")
                        .all(|p| p.is_empty() || p.starts_with("[char]0x")),
                "{script}"
            );
        }
    }

    #[test]
    fn names_and_ttls() {
        assert_eq!(
            crate::dns::name::relative("contoso.com", "contoso.com"),
            "@"
        );
        assert_eq!(
            crate::dns::name::relative("autodiscover.cloud.contoso.com", "contoso.com"),
            "autodiscover.cloud"
        );
        assert_eq!(time_span(3600), "01:00:00");
        assert_eq!(time_span(300), "00:05:00");
        assert_eq!(time_span(90_061), "1.01:01:01");
    }

    #[test]
    fn replacing_records_deletes_the_old_ones_first() {
        let record = PlannedRecord {
            zone: "contoso.com".into(),
            name: "contoso.com".into(),
            r#type: RecordType::Mx,
            value: "contoso-com.mail.protection.outlook.com".into(),
            ttl: 3600,
            priority: Some(0),
            phase: Phase::AtCutover,
            role: Role::Mx,
            purpose: String::new(),
        };
        let script = commands("contoso.com", &record);
        let lines: Vec<&str> = script.lines().collect();
        assert!(lines[0].starts_with(
            "Get-DnsServerResourceRecord -ZoneName 'contoso.com' -Name '@' -RRType Mx"
        ));
        assert!(lines[0].ends_with("| Remove-DnsServerResourceRecord -ZoneName 'contoso.com'"));
        assert!(!script.contains("-Force"));
        assert_eq!(
            lines[1],
            "Add-DnsServerResourceRecordMX -ZoneName 'contoso.com' -Name '@' -MailExchange 'contoso-com.mail.protection.outlook.com' -Preference 0 -TimeToLive 01:00:00"
        );
    }
}

//! The plan and the comparison as plain text tables, for registrar web forms and the
//! terminal.
//!
//! Registrar forms ask for the host relative to the domain (`@`, `autodiscover`,
//! `selector1._domainkey`) and the TXT value without quotes, so that is what the plan
//! table shows.

use std::fmt::Write;

use super::compare::Comparison;
use super::plan::{Phase, Plan};
use crate::finding::Finding;

/// The plan: one table per zone (phase, host, type, value, TTL, priority), then the
/// steps and the findings.
pub fn render(plan: &Plan) -> String {
    let mut out = String::new();
    for (zone, records) in plan.zones() {
        let _ = writeln!(out, "Zone {}", plan.zone_label(zone));
        let rows: Vec<Vec<String>> = records
            .iter()
            .map(|r| {
                vec![
                    r.phase.as_str().to_string(),
                    super::name::relative(&r.name, zone),
                    r.r#type.as_str().to_string(),
                    r.value.clone(),
                    r.ttl.to_string(),
                    r.priority.map(|p| p.to_string()).unwrap_or_default(),
                ]
            })
            .collect();
        out.push_str(&grid(
            &["Phase", "Host", "Type", "Value", "TTL", "Priority"],
            &rows,
        ));
        out.push('\n');
    }
    steps(plan, &mut out);
    findings(plan.findings.iter(), &mut out);
    out
}

/// The comparison: one row per change (action, phase, name, type, current, wanted),
/// then the findings.
pub fn render_comparison(comparison: &Comparison) -> String {
    let mut out = String::new();
    let shown = |r: &Option<super::published::PublishedRecord>| {
        r.as_ref().map_or(String::new(), |r| {
            let priority = r.priority.map(|p| format!("{p} ")).unwrap_or_default();
            format!("{priority}{} (TTL {})", r.value, r.ttl)
        })
    };
    let rows: Vec<Vec<String>> = comparison
        .changes
        .iter()
        .map(|c| {
            vec![
                c.action.as_str().to_string(),
                c.phase.as_str().to_string(),
                c.name.clone(),
                c.r#type.clone(),
                shown(&c.current),
                shown(&c.wanted),
            ]
        })
        .collect();
    out.push_str(&grid(
        &["Action", "Phase", "Name", "Type", "Published", "Wanted"],
        &rows,
    ));
    out.push('\n');
    steps(&comparison.plan, &mut out);
    findings(comparison.all_findings(), &mut out);
    out
}

fn steps(plan: &Plan, out: &mut String) {
    for phase in Phase::ALL {
        let in_phase: Vec<_> = plan.steps.iter().filter(|s| s.phase == phase).collect();
        if in_phase.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}:", phase.title());
        for step in in_phase {
            match &step.when {
                Some(when) => {
                    let _ = writeln!(out, "  - [{when}] {}", step.text);
                }
                None => {
                    let _ = writeln!(out, "  - {}", step.text);
                }
            }
        }
        out.push('\n');
    }
}

fn findings<'a>(findings: impl Iterator<Item = &'a Finding>, out: &mut String) {
    for f in findings {
        let _ = writeln!(out, "{} {}: {}", f.severity.as_str(), f.code, f.message);
        let _ = writeln!(out, "  fix: {}", f.help);
    }
}

/// Left-aligned columns separated by two spaces, with a rule under the header.
fn grid(header: &[&str], rows: &[Vec<String>]) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(clean(cell).chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<w$}  ");
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(header.iter().map(|h| h.to_string()).collect());
    line(widths.iter().map(|w| "-".repeat(*w)).collect());
    for row in rows {
        line(row.iter().map(|c| clean(c)).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::input::{DomainInput, PlanInput};
    use crate::dns::plan::plan;

    #[test]
    fn shows_hosts_relative_and_values_unquoted() {
        let plan = plan(&PlanInput {
            domains: vec![DomainInput {
                verification: Some("MS=ms12345678".into()),
                ..DomainInput::new("contoso.com")
            }],
            ..PlanInput::default()
        });
        let text = render(&plan);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Zone contoso.com");
        assert!(
            lines[1].starts_with("Phase ") && lines[1].ends_with("Priority"),
            "{text}"
        );
        let txt = lines.iter().find(|l| l.contains("MS=ms12345678")).unwrap();
        assert!(txt.starts_with("before-first-batch  @"), "{txt}");
        assert!(!txt.contains('"'));
        let mx = lines
            .iter()
            .find(|l| l.contains("mail.protection"))
            .unwrap();
        assert!(mx.ends_with("3600  0"), "{mx}");
        assert!(
            text.contains("autodiscover  CNAME  autodiscover.outlook.com"),
            "{text}"
        );
        assert!(
            text.contains("After cutover:\n  - Wait at least 72 hours"),
            "{text}"
        );
    }

    #[test]
    fn columns_line_up() {
        let rows = vec![
            vec!["a".into(), "long value".into()],
            vec!["bbb".into(), "x".into()],
        ];
        assert_eq!(
            grid(&["H", "Value"], &rows),
            "H    Value\n---  ----------\na    long value\nbbb  x\n"
        );
    }
}

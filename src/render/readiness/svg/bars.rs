//! Stacked bars: findings by area and severity, and checklist progress.

use std::fmt::Write;

use super::{WIDTH, open, xml};

/// One segment kind: its label and how it is filled (greyscale-readable).
#[derive(Clone, Copy)]
pub struct Kind {
    /// `error`, `done`…
    pub label: &'static str,
    /// `solid`, `hatch` or `hollow`.
    pub fill: Fill,
}

/// How a segment is filled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Dark solid.
    Solid,
    /// Grey hatching.
    Hatch,
    /// Light with a border.
    Hollow,
    /// Dotted outline only (not applicable).
    Dotted,
}

/// A picture of stacked bars: one bar per `(label, counts)`, a segment per kind, with
/// the counts written beside each bar.
pub fn stacked(
    id: &str,
    title: &str,
    kinds: &[Kind],
    bars: &[(&str, Vec<u32>)],
    plural: &dyn Fn(&str, u32) -> String,
) -> String {
    let label_width = 110;
    let text_width = 230;
    let bar_width = WIDTH - label_width - text_width - 10;
    let row = 22;
    let legend = 22;
    let height = legend + row * bars.len() as u32 + 6;
    let max = bars
        .iter()
        .map(|(_, counts)| counts.iter().map(|&n| u64::from(n)).sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let desc: Vec<String> = bars
        .iter()
        .map(|(label, counts)| format!("{label}: {}", words(kinds, counts, plural)))
        .collect();
    let mut out = open(id, height, title, &desc.join("; "));
    let mut x = 0;
    for kind in kinds {
        let _ = write!(
            out,
            r#"<rect x="{x}" y="4" width="12" height="12" {}/><text x="{}" y="14">{}</text>"#,
            style(id, kind.fill),
            x + 16,
            xml(kind.label)
        );
        x += 30 + 7 * kind.label.len() as u32;
    }
    for (i, (label, counts)) in bars.iter().enumerate() {
        let y = legend + row * i as u32;
        let _ = write!(out, r#"<text x="0" y="{}">{}</text>"#, y + 14, xml(label));
        let mut at = u64::from(label_width);
        for (kind, &n) in kinds.iter().zip(counts) {
            if n == 0 {
                continue;
            }
            // At least 2 units wide, so one finding among thousands still shows.
            let w = (u64::from(n) * u64::from(bar_width) / max).max(2);
            let _ = write!(
                out,
                r#"<rect x="{at}" y="{}" width="{w}" height="16" {}/>"#,
                y + 2,
                style(id, kind.fill)
            );
            at += w;
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            WIDTH - text_width,
            y + 14,
            xml(&words(kinds, counts, plural))
        );
    }
    out.push_str("</svg>");
    out
}

/// `3 errors, 1 warning` (kinds with a count of 0 left out; `none` if all are).
fn words(kinds: &[Kind], counts: &[u32], plural: &dyn Fn(&str, u32) -> String) -> String {
    let parts: Vec<String> = kinds
        .iter()
        .zip(counts)
        .filter(|(_, n)| **n > 0)
        .map(|(k, &n)| plural(k.label, n))
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

fn style(id: &str, fill: Fill) -> String {
    match fill {
        Fill::Solid => r##"fill="#222""##.to_string(),
        Fill::Hatch => format!(r##"fill="url(#{id}-hatch)" stroke="#444""##),
        Fill::Hollow => r##"fill="#eee" stroke="#444""##.to_string(),
        Fill::Dotted => r##"fill="#fff" stroke="#666" stroke-dasharray="2 2""##.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_counts_beside_the_bars_and_scales_to_the_largest() {
        let kinds = [
            Kind {
                label: "error",
                fill: Fill::Solid,
            },
            Kind {
                label: "info",
                fill: Fill::Hollow,
            },
        ];
        let plural = |l: &str, n: u32| format!("{n} {l}");
        let svg = stacked(
            "f",
            "Findings",
            &kinds,
            &[("csv <x>", vec![3, 0]), ("dns", vec![0, 0])],
            &plural,
        );
        assert!(svg.contains("csv &lt;x&gt;: 3 error; dns: none"), "{svg}");
        assert!(svg.contains(r#"width="330" height="16""#), "{svg}");
        assert!(svg.ends_with("</svg>"));
    }
}

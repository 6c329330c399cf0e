//! The migration timeline: one lane per milestone on a common time axis, spans (the
//! batches, the 72-hour wait) as bars, today's position as a dashed line. Done
//! milestones are filled circles, planned ones hollow circles, overdue ones filled
//! diamonds marked "overdue" in words, so the picture reads in greyscale.

use std::fmt::Write;

use time::{Duration, OffsetDateTime};

use super::{WIDTH, open, xml};
use crate::readiness::dates::show;
use crate::readiness::timeline::Milestone;

const LABEL: u32 = 290;
const RIGHT: u32 = 16;
const ROW: u32 = 22;
const TOP: u32 = 20;

/// The timeline as SVG, or `None` when no milestone is dated.
pub fn timeline(milestones: &[Milestone], today: Option<OffsetDateTime>) -> Option<String> {
    let first = milestones.iter().map(|m| m.at).min()?;
    let last = milestones
        .iter()
        .map(|m| m.until.unwrap_or(m.at))
        .max()
        .unwrap_or(first);
    let (start, end) = match today {
        Some(t) => (first.min(t), last.max(t)),
        None => (first, last),
    };
    let span = (end - start).whole_minutes().max(60) as f64;
    let axis = f64::from(WIDTH - LABEL - RIGHT);
    let x = |at: OffsetDateTime| LABEL as f64 + ((at - start).whole_minutes() as f64 / span * axis);
    let lanes = milestones.len() as u32;
    let height = TOP + ROW * lanes + 34;
    let desc: Vec<String> = milestones.iter().map(describe).collect();
    let mut desc = desc.join("; ");
    if let Some(t) = today {
        let _ = write!(desc, "; today: {}", show(t, t.offset()));
    }
    let mut out = open("timeline", height, "Migration timeline", &desc);
    let bottom = TOP + ROW * lanes;
    // The axis and its ticks: days for up to two weeks, else weeks (at most 14 ticks).
    let _ = write!(
        out,
        r##"<line x1="{LABEL}" y1="{bottom}" x2="{}" y2="{bottom}" stroke="#000"/>"##,
        WIDTH - RIGHT
    );
    let days = (end - start).whole_days();
    let step = if days <= 14 {
        1
    } else {
        (days / 7 + 13) / 14 * 7
    };
    let offset = start.offset();
    let mut tick = start.replace_time(time::Time::MIDNIGHT);
    let mut labelled = 0;
    while tick <= end && labelled < 16 {
        if tick >= start {
            let tx = x(tick);
            let _ = write!(
                out,
                r##"<line x1="{tx:.1}" y1="{}" x2="{tx:.1}" y2="{}" stroke="#999"/><line x1="{tx:.1}" y1="{TOP}" x2="{tx:.1}" y2="{bottom}" stroke="#ddd"/><text x="{tx:.1}" y="{}" text-anchor="middle" font-size="9">{}</text>"##,
                bottom,
                bottom + 4,
                bottom + 15,
                xml(&format!("{:02}-{:02}", u8::from(tick.month()), tick.day()))
            );
            labelled += 1;
        }
        tick = match tick.checked_add(Duration::days(step)) {
            Some(next) => next,
            None => break,
        };
    }
    let _ = write!(
        out,
        r##"<text x="{LABEL}" y="{}" font-size="9">{} → {}</text>"##,
        bottom + 28,
        xml(&show(start, offset)),
        xml(&show(end, offset))
    );
    for (i, m) in milestones.iter().enumerate() {
        let y = TOP + ROW * i as u32;
        let mid = y + ROW / 2;
        let mut label = m.label.to_string();
        if m.overdue {
            label.push_str(" (overdue)");
        } else if m.done {
            label.push_str(" (done)");
        }
        let _ = write!(
            out,
            r#"<text x="0" y="{}"{}>{}</text><text x="{}" y="{}" text-anchor="end" font-size="9">{}</text>"#,
            mid + 4,
            if m.overdue {
                r#" font-weight="700""#
            } else {
                ""
            },
            xml(&label),
            LABEL - 8,
            mid + 4,
            xml(&short(m.at))
        );
        let mx = x(m.at);
        if let Some(until) = m.until {
            let w = (x(until) - mx).max(2.0);
            let _ = write!(
                out,
                r##"<rect x="{mx:.1}" y="{}" width="{w:.1}" height="10" fill="url(#timeline-hatch)" stroke="#222"/>"##,
                mid - 5
            );
        } else if m.overdue {
            let _ = write!(
                out,
                r##"<path d="M{mx:.1} {} l6 6 l-6 6 l-6 -6 z" fill="#000"/>"##,
                mid - 6
            );
        } else {
            let _ = write!(
                out,
                r##"<circle cx="{mx:.1}" cy="{mid}" r="5" fill="{}" stroke="#000" stroke-width="1.5"/>"##,
                if m.done { "#000" } else { "#fff" }
            );
        }
    }
    if let Some(t) = today {
        let tx = x(t);
        let _ = write!(
            out,
            r##"<line x1="{tx:.1}" y1="4" x2="{tx:.1}" y2="{bottom}" stroke="#000" stroke-width="1.5" stroke-dasharray="4 3"/><text x="{tx:.1}" y="11" text-anchor="{}" font-size="10" font-weight="700">Today</text>"##,
            if tx > f64::from(WIDTH - 60) {
                "end"
            } else {
                "middle"
            }
        );
    }
    out.push_str("</svg>");
    Some(out)
}

/// `Licence deadline: 2025-03-31 08:00 UTC+01:00, overdue`.
pub fn describe(m: &Milestone) -> String {
    let mut text = format!("{}: {}", m.label, show(m.at, m.at.offset()));
    if let Some(until) = m.until {
        let _ = write!(text, " to {}", show(until, until.offset()));
    }
    if m.overdue {
        text.push_str(", overdue");
    } else if m.done {
        text.push_str(", done");
    }
    text
}

/// `Mon 03-10`: the date in a lane's label.
fn short(at: OffsetDateTime) -> String {
    format!(
        "{} {:02}-{:02}",
        &at.weekday().to_string()[..3],
        u8::from(at.month()),
        at.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn m(key: &'static str, at: OffsetDateTime, overdue: bool) -> Milestone {
        Milestone {
            key,
            label: key,
            at,
            until: None,
            done: false,
            overdue,
        }
    }

    #[test]
    fn marks_overdue_and_today_in_shapes_and_words() {
        let list = [
            m("a", datetime!(2025-03-01 09:00 +01:00), true),
            m("b", datetime!(2025-03-20 09:00 +01:00), false),
        ];
        let svg = timeline(&list, Some(datetime!(2025-03-03 09:00 +01:00))).unwrap();
        assert!(
            svg.contains("a (overdue)") && svg.contains("<path"),
            "{svg}"
        );
        assert!(
            svg.contains(">Today</text>") && svg.contains("<title"),
            "{svg}"
        );
        assert!(svg.contains("today: 2025-03-03 09:00"), "{svg}");
        assert!(timeline(&[], None).is_none());
    }

    #[test]
    fn ticks_are_bounded_for_long_spans() {
        let list = [
            m("a", datetime!(1990-01-01 00:00 UTC), false),
            m("b", datetime!(2999-12-31 00:00 UTC), false),
        ];
        let svg = timeline(&list, None).unwrap();
        assert!(
            svg.matches("text-anchor=\"middle\" font-size=\"9\"")
                .count()
                <= 16
        );
    }
}

//! Dates for the migration: when the first batch starts and when the MX records switch.
//!
//! A date is typed with its offset from UTC so that it means one moment everywhere:
//! `2025-03-03 09:00 +01:00`, `2025-03-03T08:00Z`, `2025-03-03 08:00 UTC`. A date alone
//! (`2025-03-03`) means midnight UTC. Dates are shown back in the offset they were given
//! in. The planner has no clock: it never compares with "now".

use time::{Duration, OffsetDateTime};

use crate::finding::{Rule, Severity};

/// DNS011: a date that cannot be read.
pub static BAD_DATE: Rule = Rule {
    code: "DNS011",
    severity: Severity::Error,
    title: "A date is not valid",
    help: "Write dates as YYYY-MM-DD HH:MM with Z (UTC) or an offset: 2025-03-03 09:00 +01:00. A date alone means midnight UTC.",
};

/// DNS012: the cutover is not after the first batch.
pub static CUTOVER_FIRST: Rule = Rule {
    code: "DNS012",
    severity: Severity::Error,
    title: "The cutover is not after the first batch",
    help: "The MX records switch once every batch has synced, so the cutover comes after the first batch. Check both dates and their offsets.",
};

/// DNS013: too little time between the first batch and the cutover for the old MX TTL.
pub static TTL_TOO_LATE: Rule = Rule {
    code: "DNS013",
    severity: Severity::Warning,
    title: "The MX TTL cannot expire between the first batch and the cutover",
    help: "Lower the MX TTL earlier than the first batch (at least one old TTL before the cutover), or move the cutover later; otherwise senders keep the old MX cached after the switch and mail goes on-premises.",
};

/// The schedule findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[&BAD_DATE, &CUTOVER_FIRST, &TTL_TOO_LATE];

/// A moment typed by the admin, kept in the offset it was given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment(OffsetDateTime);

impl Moment {
    /// Reads a date as every entry point does: see
    /// [`crate::readiness::when::parse_when`] (RFC 3339, `2025-03-03 09:00 +01:00`, `Z`,
    /// `UTC`, `+0100`, or a date alone for midnight UTC).
    pub fn parse(text: &str) -> Result<Moment, String> {
        crate::readiness::when::parse_when(text).map(Moment)
    }

    /// The moment `seconds` later (earlier if negative), in the same offset.
    pub fn plus_seconds(self, seconds: i64) -> Moment {
        Moment(
            self.0
                .checked_add(Duration::seconds(seconds))
                .unwrap_or(self.0),
        )
    }

    /// Seconds from `earlier` to this moment.
    pub fn seconds_since(self, earlier: Moment) -> i64 {
        (self.0 - earlier.0).whole_seconds()
    }

    /// Seconds since 1970 (UTC), for sorting.
    pub fn timestamp(self) -> i64 {
        self.0.unix_timestamp()
    }

    /// `2025-03-03 09:00 +01:00`, or `… UTC` for offset zero.
    pub fn display(self) -> String {
        let t = self.0;
        let offset = t.offset();
        let zone = if offset.is_utc() {
            "UTC".to_string()
        } else {
            let (h, m, _) = offset.as_hms();
            format!(
                "{}{:02}:{:02}",
                if offset.is_negative() { '-' } else { '+' },
                h.unsigned_abs(),
                m.unsigned_abs()
            )
        };
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02} {zone}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute()
        )
    }

    /// ISO 8601 with seconds and offset (`2025-03-03T09:00:00+01:00`), which .NET's
    /// `[DateTimeOffset]::Parse` reads in every culture.
    pub fn iso(self) -> String {
        let t = self.0;
        let (h, m, _) = t.offset().as_hms();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            if t.offset().is_negative() { '-' } else { '+' },
            h.unsigned_abs(),
            m.unsigned_abs()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        Moment::parse(text).unwrap().display()
    }

    #[test]
    fn reads_the_documented_forms() {
        assert_eq!(shown("2025-03-03"), "2025-03-03 00:00 UTC");
        assert_eq!(shown("2025-03-03 09:00 +01:00"), "2025-03-03 09:00 +01:00");
        assert_eq!(shown("2025-03-03T09:30:15Z"), "2025-03-03 09:30 UTC");
        assert_eq!(shown("2025-03-03 08:00 UTC"), "2025-03-03 08:00 UTC");
        assert_eq!(shown("2025-03-03 08:00-0500"), "2025-03-03 08:00 -05:00");
        assert_eq!(shown("2025-03-03 08:00 -03:30"), "2025-03-03 08:00 -03:30");
        assert_eq!(
            Moment::parse("2025-03-03 09:00 +01:00"),
            Moment::parse("2025-03-03 08:00Z")
        );
    }

    #[test]
    fn says_what_is_wrong() {
        for (bad, says) in [
            ("03/03/2025", "YYYY-MM-DD"),
            ("2025-02-30", "does not exist"),
            ("2025-13-01", "no month"),
            ("2025-03-03 09:00", "no offset"),
            ("2025-03-03 9am Z", "HH:MM"),
            ("2025-03-03 25:00Z", "not a time of day"),
            ("2025-03-03 09:00 CET", "not an offset"),
            ("2025-03-03 09:00 +15:00", "not an offset"),
        ] {
            let error = Moment::parse(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn arithmetic_keeps_the_offset() {
        let cutover = Moment::parse("2025-03-31 18:00 +02:00").unwrap();
        assert_eq!(
            cutover.plus_seconds(72 * 3600).display(),
            "2025-04-03 18:00 +02:00"
        );
        assert_eq!(
            cutover.plus_seconds(-86_400).display(),
            "2025-03-30 18:00 +02:00"
        );
        let first = Moment::parse("2025-03-01").unwrap();
        assert_eq!(cutover.seconds_since(first), 30 * 86_400 + 16 * 3600);
        assert!(first.timestamp() < cutover.timestamp());
    }
}

//! The one date parser: every date the admin types (the assessment, `--as-of`, the CLI's
//! and the page's DNS dates) is read here, so the same forms work everywhere.
//!
//! Accepted: RFC 3339 (`2025-03-03T09:00:00+01:00`, `2025-03-03T08:00:00Z`, with
//! fractional seconds), the same with a space and without seconds
//! (`2025-03-03 09:00 +01:00`), the offset written `Z`, `UTC`, `+01:00` or `+0100`, and a
//! date alone (`2025-03-03`), which means midnight UTC. A time without an offset is
//! refused: no date is ever read in a guessed time zone. Offsets go up to ±14:00, as
//! the world's time zones do (RFC 3339's syntax would allow ±23:59: such an offset is
//! a typo).

use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

/// What to write, appended to every error.
pub const HOW: &str =
    "write a date and time with its offset, like 2025-03-03 09:00 +01:00 or 2025-03-03T08:00:00Z";

/// Longest text read as a date; longer text is refused before it is looked at.
const LONGEST: usize = 64;

/// Reads a date and time with its offset (see the module documentation). The error says
/// what is wrong and what to write, in the admin's words.
pub fn parse_when(text: &str) -> Result<OffsetDateTime, String> {
    parse(text).map_err(|why| format!("{why}: {HOW}"))
}

fn parse(text: &str) -> Result<OffsetDateTime, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the date is empty".into());
    }
    if text.len() > LONGEST {
        return Err(format!(
            "the text is {} characters long, too long for a date",
            text.len()
        ));
    }
    let (date_text, rest) = text.split_at(text.find([' ', 'T', 't']).unwrap_or(text.len()));
    let date = parse_date(date_text)?;
    let rest = rest.get(1..).unwrap_or("").trim();
    if rest.is_empty() {
        return Ok(OffsetDateTime::new_utc(date, Time::MIDNIGHT));
    }
    let split = rest
        .find(['Z', 'z', 'U', 'u', '+', '-', ' '])
        .unwrap_or(rest.len());
    let (time_text, offset_text) = rest.split_at(split);
    let time = parse_time(time_text)?;
    let offset = parse_offset(offset_text.trim())?;
    Ok(OffsetDateTime::new_in_offset(date, time, offset))
}

fn parse_date(text: &str) -> Result<Date, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
    };
    let not_a_date = || format!("\"{text}\" is not a date in the form YYYY-MM-DD");
    let [y, m, d] = parts[..] else {
        return Err(not_a_date());
    };
    let (Some(year), Some(month), Some(day)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return Err(not_a_date());
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(|| format!("\"{text}\" has no month {m}"))?;
    u8::try_from(day)
        .ok()
        .and_then(|day| Date::from_calendar_date(year, month, day).ok())
        .ok_or_else(|| format!("{text} does not exist (day {d} of month {m})"))
}

fn parse_time(text: &str) -> Result<Time, String> {
    // Fractional seconds (RFC 3339 allows them) are read and dropped.
    let whole = match text.split_once(['.', ',']) {
        Some((whole, fraction))
            if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) =>
        {
            whole
        }
        Some(_) => return Err(format!("\"{text}\" is not a time in the form HH:MM")),
        None => text,
    };
    let parts: Vec<&str> = whole.split(':').collect();
    let number = |s: &str| {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u8>().ok())
            .flatten()
    };
    let (h, m, s) = match parts[..] {
        [h, m] if whole.len() == text.len() => (number(h), number(m), Some(0)),
        [h, m, s] => (number(h), number(m), number(s)),
        _ => (None, None, None),
    };
    let (Some(h), Some(m), Some(s)) = (h, m, s) else {
        return Err(format!("\"{text}\" is not a time in the form HH:MM"));
    };
    Time::from_hms(h, m, s).map_err(|_| format!("{text} is not a time of day"))
}

fn parse_offset(text: &str) -> Result<UtcOffset, String> {
    if text.is_empty() {
        return Err(
            "the time has no offset: add Z for UTC or the offset from UTC, e.g. +01:00".into(),
        );
    }
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
        return Ok(UtcOffset::UTC);
    }
    let bad = || format!("\"{text}\" is not an offset like +01:00, -05:00 or Z");
    let sign: i8 = match text.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return Err(bad()),
    };
    let body = &text[1..];
    let digits: String = body.chars().filter(|c| *c != ':').collect();
    let colon_ok = body.len() == 4 || (body.len() == 5 && body.as_bytes()[2] == b':');
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) || !colon_ok {
        return Err(bad());
    }
    let hours: i8 = digits[..2].parse().map_err(|_| bad())?;
    let minutes: i8 = digits[2..].parse().map_err(|_| bad())?;
    if hours > 14 || minutes > 59 {
        return Err(bad());
    }
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).map_err(|_| bad())
}

/// Serde support for an optional date: read with [`parse_when`], written as RFC 3339.
/// The date is parsed inside the deserializer's visitor, so a JSON reader reports the
/// error at the date's own line.
pub mod option {
    use std::fmt;

    use serde::Serializer;
    use serde::de::{self, Deserializer, Visitor};
    use time::OffsetDateTime;

    /// Writes the date as RFC 3339, or `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<OffsetDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        time::serde::rfc3339::option::serialize(value, s)
    }

    /// Reads `null` or a date in any form [`super::parse_when`] reads.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        d.deserialize_option(OptionalDate)
    }

    struct OptionalDate;

    impl<'de> Visitor<'de> for OptionalDate {
        type Value = Option<OffsetDateTime>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(
                "a date and time with its offset, like \"2025-03-03 09:00 +01:00\", or null",
            )
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(Date).map(Some)
        }
    }

    struct Date;

    impl Visitor<'_> for Date {
        type Value = OffsetDateTime;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date and time with its offset, like \"2025-03-03 09:00 +01:00\"")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<OffsetDateTime, E> {
            super::parse_when(text).map_err(E::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn reads_rfc_3339_and_the_typed_form_alike() {
        let at = datetime!(2025-03-03 09:00 +1);
        for text in [
            "2025-03-03T09:00:00+01:00",
            "2025-03-03 09:00 +01:00",
            "2025-03-03 09:00 +0100",
            "2025-03-03 09:00+01:00",
            "2025-03-03T08:00:00Z",
            "2025-03-03t08:00:00z",
            "2025-03-03 08:00 UTC",
            "2025-03-03T08:00:00.250Z",
            " 2025-03-03 08:00Z ",
        ] {
            assert_eq!(parse_when(text), Ok(at), "{text}");
        }
        // The offset typed is kept.
        assert_eq!(
            parse_when("2025-03-03 09:00 +01:00").unwrap().offset(),
            at.offset()
        );
        assert_eq!(
            parse_when("2025-03-03"),
            Ok(datetime!(2025-03-03 00:00 UTC))
        );
    }

    #[test]
    fn says_what_is_wrong_and_what_to_write() {
        for (bad, says) in [
            ("", "empty"),
            ("03/03/2025", "YYYY-MM-DD"),
            ("2025-02-30", "does not exist"),
            ("2025-13-01", "no month"),
            ("2025-03-03 09:00", "no offset"),
            ("2025-03-03T09:00:00", "no offset"),
            ("2025-03-03 9am Z", "HH:MM"),
            ("2025-03-03 09:00.5Z", "HH:MM"),
            ("2025-03-03 25:00Z", "not a time of day"),
            ("2025-03-03 09:00 CET", "not an offset"),
            ("2025-03-03 09:00 +15:00", "not an offset"),
            ("2025-03-03 09:00 +1:000", "not an offset"),
        ] {
            let error = parse_when(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
            assert!(error.ends_with(HOW), "{bad}: {error}");
        }
        let long = "9".repeat(10_000);
        assert!(parse_when(&long).unwrap_err().contains("too long"));
    }
}

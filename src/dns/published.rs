//! What is published now: records read from a pasted zone file or from live answers, in
//! one plain shape that the comparison works on.

use hickory_proto::rr::{Name, RData, Record};
use hickory_proto::serialize::txt::Parser;
use serde::Serialize;

/// One published record in plain form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishedRecord {
    /// The owner name: lower-case ASCII, fully qualified, without the trailing dot.
    pub name: String,
    /// The record type as DNS names it: `MX`, `TXT`, `CNAME`, `A`, `SRV`…
    pub r#type: String,
    /// The value: TXT strings joined (as SPF and verification read them), host names
    /// without the trailing dot, other types in zone-file form.
    pub value: String,
    /// Time to live in seconds, as published.
    pub ttl: u32,
    /// MX priority (preference); absent for other types.
    pub priority: Option<u16>,
}

impl PublishedRecord {
    /// The plain form of a hickory record.
    pub fn from_record(record: &Record) -> PublishedRecord {
        let (value, priority) = match &record.data {
            RData::MX(mx) => (host(&mx.exchange), Some(mx.preference)),
            RData::TXT(txt) => {
                let bytes: Vec<u8> = txt
                    .txt_data
                    .iter()
                    .flat_map(|s| s.iter().copied())
                    .collect();
                (String::from_utf8_lossy(&bytes).into_owned(), None)
            }
            RData::CNAME(cname) => (host(&cname.0), None),
            RData::NS(ns) => (host(&ns.0), None),
            RData::SRV(srv) => (
                format!(
                    "{} {} {} {}",
                    srv.priority,
                    srv.weight,
                    srv.port,
                    host(&srv.target)
                ),
                None,
            ),
            RData::PTR(ptr) => (host(&ptr.0), None),
            RData::A(a) => (a.0.to_string(), None),
            RData::AAAA(aaaa) => (aaaa.0.to_string(), None),
            RData::SOA(soa) => (
                format!(
                    "{} {} {} {} {} {} {}",
                    host(&soa.mname),
                    host(&soa.rname),
                    soa.serial,
                    soa.refresh,
                    soa.retry,
                    soa.expire,
                    soa.minimum
                ),
                None,
            ),
            // Types the comparison never reads are not spelt out: their zone-file form
            // would link a formatter for every record type into the WebAssembly.
            _ => ("(not shown)".to_string(), None),
        };
        PublishedRecord {
            name: host(&record.name),
            r#type: record.record_type().to_string(),
            value,
            ttl: record.ttl,
            priority,
        }
    }

    /// Whether this is an SPF record (a TXT record starting with `v=spf1`).
    pub fn is_spf(&self) -> bool {
        self.r#type == "TXT" && {
            let v = self.value.trim_start().to_ascii_lowercase();
            v == "v=spf1" || v.starts_with("v=spf1 ")
        }
    }
}

/// A name as lower-case ASCII without the trailing dot.
pub fn host(name: &Name) -> String {
    let ascii = name.to_ascii().to_ascii_lowercase();
    match ascii.strip_suffix('.') {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => ascii,
    }
}

/// The most lines of a pasted zone that are read. A mail domain's zone holds tens to
/// hundreds of records, and the organisations a staged migration serves (batches of
/// 2,000 mailboxes) rarely more than a few thousand; past this cap the lines are not
/// read (DNS038), which bounds the parser's work: it checks each record against the
/// others of its name and type, so one name with a million records would cost a
/// million squared.
pub const MAX_ZONE_LINES: usize = 5_000;

/// A zone file read: its origin and every record in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The zone's origin (`$ORIGIN`, or the domain it was read for), without the dot.
    pub origin: String,
    /// Every record, in name and type order.
    pub records: Vec<PublishedRecord>,
    /// How many lines past [`MAX_ZONE_LINES`] were not read (0: the whole text was).
    pub lines_left_out: usize,
}

/// Reads pasted zone-file text (BIND format, as `named`, Windows DNS exports and most
/// registrars write it). Names without a trailing dot are relative to `origin` unless
/// the text sets `$ORIGIN`. `$INCLUDE` is refused: pasted text must not open files.
///
/// Only the first [`MAX_ZONE_LINES`] lines are read; [`Zone::lines_left_out`] says how
/// many more there were.
///
/// The error says what is wrong and, where it can be found, on which line.
pub fn parse_zone(text: &str, origin: &str) -> Result<Zone, String> {
    let (text, lines_left_out) = first_lines(text, MAX_ZONE_LINES);
    if let Some(line) = text
        .lines()
        .position(|l| l.trim_start().to_ascii_uppercase().starts_with("$INCLUDE"))
    {
        return Err(format!(
            "line {}: $INCLUDE is not supported; paste the included records instead",
            line + 1
        ));
    }
    let origin_name = Name::from_ascii(format!("{}.", origin.trim_end_matches('.')))
        .map_err(|e| format!("the origin {origin} is not a valid name: {e}"))?;
    let parsed = Parser::new(text, None, Some(origin_name.clone())).parse();
    match parsed {
        Ok((origin, sets)) => {
            // In name and type order: the map is keyed by them.
            let records: Vec<PublishedRecord> = sets
                .values()
                .flat_map(|set| set.records_without_rrsigs())
                .map(PublishedRecord::from_record)
                .collect();
            Ok(Zone {
                origin: host(&origin),
                records,
                lines_left_out,
            })
        }
        Err(error) => {
            let message = explain(&error.to_string());
            Err(match locate(text, &origin_name, &error.to_string()) {
                Some(line) => format!("line {line}: {message}"),
                None => message,
            })
        }
    }
}

/// Adds a hint to the parser's message where the usual cause is known.
fn explain(message: &str) -> String {
    if message.contains("ttl not specified") {
        format!("{message}: give each record a TTL, or add a line \"$TTL 3600\" at the top")
    } else {
        message.to_string()
    }
}

/// The first `max` lines of `text` (each with its line end), and how many lines follow.
fn first_lines(text: &str, max: usize) -> (&str, usize) {
    match memchr::memchr_iter(b'\n', text.as_bytes()).nth(max.saturating_sub(1)) {
        Some(end) if max > 0 => {
            let rest = &text[end + 1..];
            (&text[..end + 1], rest.lines().count())
        }
        _ => (text, 0),
    }
}

/// The most lines for which [`locate`] tries runs of lines from the top.
const LOCATE_RUNS: usize = 2_000;

/// The line on which the parser first fails with this message.
///
/// First each line alone, after the default origin and a `$TTL`: most errors lie in
/// one line (an unknown type, a bad value), and this costs one short parse per line.
/// Failing that, for texts of at most [`LOCATE_RUNS`] lines, the shortest run of whole
/// lines from the top that fails the same way, found by halving (the parser stops at
/// its first error, so every longer run fails the same way too): about log2(lines)
/// parses. Never one parse per prefix: the parser compares each record with the others
/// of its name and type, so a prefix costs up to the square of its records.
fn locate(text: &str, origin: &Name, message: &str) -> Option<usize> {
    let fails_with = |zone: String| {
        matches!(
            Parser::new(zone, None, Some(origin.clone())).parse(),
            Err(e) if e.to_string() == message
        )
    };
    let alone = text.lines().position(|line| {
        !line.trim_start().starts_with('$') && fails_with(format!("$TTL 3600\n{line}\n"))
    });
    if let Some(line) = alone {
        return Some(line + 1);
    }
    // Where each line ends (after its line end); `ends[n - 1]` closes the first n lines.
    let mut ends: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|i| i + 1)
        .collect();
    if ends.last() != Some(&text.len()) && !text.is_empty() {
        ends.push(text.len());
    }
    if ends.is_empty() || ends.len() > LOCATE_RUNS {
        return None;
    }
    let fails = |n: usize| {
        let mut prefix = text[..ends[n - 1]].to_string();
        if !prefix.ends_with('\n') {
            prefix.push('\n');
        }
        fails_with(prefix)
    };
    let (mut low, mut high) = (1, ends.len());
    if !fails(high) {
        return None;
    }
    // The answer lies in low..=high: high fails, and every run shorter than low does not.
    while low < high {
        let middle = low + (high - low) / 2;
        if fails(middle) {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    Some(high)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZONE: &str = "$TTL 86400
@   IN SOA ns1 hostmaster 2025010101 7200 3600 1209600 3600
    IN NS  ns1
    IN MX  10 mail
    IN TXT \"v=spf1 mx \" \"-all\"
mail 3600 IN A 203.0.113.10
_autodiscover._tcp IN SRV 0 0 443 mail.contoso.com.
";

    #[test]
    fn reads_records_in_plain_form() {
        let zone = parse_zone(ZONE, "contoso.com").unwrap();
        assert_eq!(zone.origin, "contoso.com");
        let mx = zone.records.iter().find(|r| r.r#type == "MX").unwrap();
        assert_eq!(
            (mx.name.as_str(), mx.value.as_str(), mx.priority, mx.ttl),
            ("contoso.com", "mail.contoso.com", Some(10), 86_400)
        );
        let spf = zone.records.iter().find(|r| r.is_spf()).unwrap();
        assert_eq!(spf.value, "v=spf1 mx -all");
        let a = zone.records.iter().find(|r| r.r#type == "A").unwrap();
        assert_eq!((a.value.as_str(), a.ttl), ("203.0.113.10", 3600));
        let srv = zone.records.iter().find(|r| r.r#type == "SRV").unwrap();
        assert_eq!(srv.name, "_autodiscover._tcp.contoso.com");
        assert_eq!(srv.value, "0 0 443 mail.contoso.com");
    }

    #[test]
    fn errors_say_where_and_why() {
        let bad = "$TTL 3600\n@ IN MX 10 mail\nwww IN BOGUS 1.2.3.4\n";
        let error = parse_zone(bad, "contoso.com").unwrap_err();
        assert!(error.starts_with("line 3: "), "{error}");
        let no_ttl = parse_zone("@ IN MX 10 mail\n", "contoso.com").unwrap_err();
        assert!(no_ttl.contains("$TTL 3600"), "{no_ttl}");
        let include = parse_zone("$TTL 60\n$include /etc/passwd\n", "contoso.com").unwrap_err();
        assert!(include.starts_with("line 2: $INCLUDE"), "{include}");
    }

    #[test]
    fn the_bad_line_is_found_in_a_long_zone() {
        let mut zone = String::from("$TTL 3600\n");
        for i in 0..4_998 {
            zone.push_str(&format!("h{i} IN A 192.0.2.1\n"));
        }
        zone.push_str("www IN BOGUS 192.0.2.1\n");
        let error = parse_zone(&zone, "contoso.com").unwrap_err();
        assert!(error.starts_with("line 5000: "), "{error}");
        // An error no single line shows (inside a record that spans lines): found by
        // runs of lines from the top.
        let spanning = "$TTL 60\n@ IN MX 10 mail\n@ IN SOA ns1 hostmaster (\n 1 2 3 4 x )\n";
        let error = parse_zone(spanning, "contoso.com").unwrap_err();
        assert!(error.starts_with("line 4: "), "{error}");
        let early = zone.replacen("h7 IN A", "h7 IN BOGUS", 1);
        let error = parse_zone(&early, "contoso.com").unwrap_err();
        assert!(error.starts_with("line 9: "), "{error}");
    }

    #[test]
    fn lines_past_the_cap_are_counted_not_read() {
        let mut zone = String::from("$TTL 3600\n");
        for i in 0..MAX_ZONE_LINES + 9 {
            zone.push_str(&format!("h{i} IN A 192.0.2.1\n"));
        }
        let read = parse_zone(&zone, "contoso.com").unwrap();
        assert_eq!(read.lines_left_out, 10);
        assert_eq!(read.records.len(), MAX_ZONE_LINES - 1);
        assert_eq!(parse_zone(ZONE, "contoso.com").unwrap().lines_left_out, 0);
        assert_eq!(first_lines("a\nb\nc", 2), ("a\nb\n", 1));
        assert_eq!(first_lines("a\nb\n", 2), ("a\nb\n", 0));
        assert_eq!(first_lines("a", 2), ("a", 0));
    }

    #[test]
    fn hostile_text_never_panics() {
        for text in [
            "",
            "(",
            ")",
            "\"",
            "@ IN",
            "@ 3600 IN SOA",
            "$ORIGIN",
            "$TTL x",
            "\\",
            "@ IN TXT \"\\",
            "@ IN CNAME a\n@ IN CNAME b\n",
            "* IN A 1.2.3.4",
            "@ IN A 1.2.3.4 ; comment (",
            "\u{0}\u{1}",
            "é IN A 1.2.3.4",
        ] {
            let _ = parse_zone(text, "contoso.com");
        }
    }
}

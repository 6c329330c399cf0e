//! What is published now: records read from a pasted zone file or from live answers, in
//! one plain shape that the comparison works on.

use hickory_proto::rr::{Name, RData, Record};
use serde::Serialize;

use super::{zone_file, zone_record};

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
/// read (DNS038). Each record is read on its own in one pass, so the work is linear in
/// the lines read; the cap bounds the findings and the comparison's lists.
pub const MAX_ZONE_LINES: usize = 5_000;

/// A zone file read: its origin and every record in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The zone's origin (`$ORIGIN`, or the domain it was read for), without the dot.
    pub origin: String,
    /// Every record read, in the order of the text.
    pub records: Vec<PublishedRecord>,
    /// How many lines past [`MAX_ZONE_LINES`] were not read (0: the whole text was).
    pub lines_left_out: usize,
    /// The lines that are not records this tool can read: the line number (1-based, as
    /// editors show it) and why, in the admin's words. The other lines are still read.
    pub unreadable: Vec<(usize, String)>,
}

/// Reads pasted zone-file text: BIND format as `named` and most registrars write it, and
/// Windows DNS exports (`dnscmd /ZoneExport`, DNS Manager), with their parenthesised
/// `TXT ( "…" )` records, `[AGE:…]` stamps on dynamically registered records, WINS and
/// WINSR records (read, not compared) and records without a TTL (the `$TTL`, else the
/// SOA's default TTL, as BIND and Windows DNS use it). Names without a trailing dot are
/// relative to `origin` unless the text sets `$ORIGIN`. `$INCLUDE` is refused: pasted
/// text must not open files.
///
/// Each record is read on its own, so a line that cannot be read is listed in
/// [`Zone::unreadable`] and the others are still read; the work is linear in the text.
/// Only the first [`MAX_ZONE_LINES`] lines are read; [`Zone::lines_left_out`] says how
/// many more there were.
///
/// The error (only for an origin that is not a domain name) says what is wrong.
pub fn parse_zone(text: &str, origin: &str) -> Result<Zone, String> {
    let (text, lines_left_out) = first_lines(text, MAX_ZONE_LINES);
    let origin_name = Name::from_ascii(format!("{}.", origin.trim_end_matches('.')))
        .map_err(|_| format!("the origin {origin} is not a valid domain name"))?;
    let mut reader = zone_record::Reader::new(origin_name);
    for entry in zone_file::entries(text) {
        reader.entry(entry);
    }
    Ok(Zone {
        origin: host(reader.zone_origin()),
        records: reader.records,
        lines_left_out,
        unreadable: reader.unreadable,
    })
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
    fn bad_lines_say_where_and_why_and_the_rest_is_read() {
        let bad = "$TTL 3600\n@ IN MX 10 mail\nwww IN BOGUS 1.2.3.4\n";
        let zone = parse_zone(bad, "contoso.com").unwrap();
        assert_eq!(zone.records.len(), 1);
        assert_eq!(zone.unreadable[0].0, 3);
        assert!(
            zone.unreadable[0].1.starts_with("BOGUS is not"),
            "{:?}",
            zone.unreadable
        );
        let no_ttl = parse_zone("@ IN MX 10 mail\n", "contoso.com").unwrap();
        assert!(no_ttl.unreadable[0].1.contains("$TTL 3600"), "{no_ttl:?}");
        let include = parse_zone("$TTL 60\n$include /etc/passwd\n", "contoso.com").unwrap();
        assert_eq!(include.unreadable[0].0, 2);
        assert!(
            include.unreadable[0].1.starts_with("$INCLUDE"),
            "{include:?}"
        );
    }

    #[test]
    fn the_bad_line_is_found_in_a_long_zone() {
        let mut zone = String::from("$TTL 3600\n");
        for i in 0..4_998 {
            zone.push_str(&format!("h{i} IN A 192.0.2.1\n"));
        }
        zone.push_str("www IN BOGUS 192.0.2.1\n");
        let read = parse_zone(&zone, "contoso.com").unwrap();
        assert_eq!(read.unreadable.len(), 1);
        assert_eq!(read.unreadable[0].0, 5000);
        assert_eq!(read.records.len(), 4_998);
        // An error inside a record that spans lines: the line the record starts on.
        let spanning = "$TTL 60\n@ IN MX 10 mail\n@ IN SOA ns1 hostmaster (\n 1 2 3 4 x )\n";
        let read = parse_zone(spanning, "contoso.com").unwrap();
        assert_eq!(read.unreadable[0].0, 3, "{read:?}");
        assert!(read.unreadable[0].1.contains("SOA record"), "{read:?}");
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

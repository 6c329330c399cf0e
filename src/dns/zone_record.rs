//! Zone-file entries ([`super::zone_file`]) read into records, one at a time: directives
//! change the origin and default TTL, each record is read on its own, and an entry that
//! cannot be read gets a reason in the admin's words (never the DNS library's text).

use std::str::FromStr;

use hickory_proto::rr::{Name, RData, RecordType};
use hickory_proto::serialize::txt::Parser;

use super::published::{PublishedRecord, host};
use super::zone_file::{Entry, Token};

/// Types whose data the comparison reads: their data is checked and kept.
const READ: &[&str] = &["SOA", "NS", "A", "AAAA", "MX", "TXT", "CNAME", "SRV", "PTR"];

/// Types only Windows DNS writes, read and left out: WINS look-up records, and old types
/// the DNS library does not know.
const WINDOWS_ONLY: &[&str] = &[
    "WINS", "WINSR", "ATMA", "ISDN", "X25", "RT", "AFSDB", "MB", "MG", "MR", "MINFO", "WKS", "RP",
];

/// The state of a zone being read.
pub(crate) struct Reader {
    /// The current origin (`$ORIGIN`).
    origin: Name,
    /// The records read.
    pub records: Vec<PublishedRecord>,
    /// Line and reason for each entry not read.
    pub unreadable: Vec<(usize, String)>,
    default_ttl: Option<u32>,
    soa_minimum: Option<u32>,
    last_owner: Option<Name>,
    zone_origin: Option<Name>,
}

impl Reader {
    /// A reader for a zone whose origin is `origin` until `$ORIGIN` says otherwise.
    pub fn new(origin: Name) -> Reader {
        Reader {
            origin,
            records: Vec::new(),
            unreadable: Vec::new(),
            default_ttl: None,
            soa_minimum: None,
            last_owner: None,
            zone_origin: None,
        }
    }

    /// The zone's origin: the SOA's owner, else the origin in effect at the first
    /// record, else the current one.
    pub fn zone_origin(&self) -> &Name {
        self.zone_origin.as_ref().unwrap_or(&self.origin)
    }

    /// Reads one entry.
    pub fn entry(&mut self, entry: Entry) {
        let result = match entry {
            Entry::Bad { line, why } => Err((line, why)),
            Entry::Directive { line, name, args } => {
                self.directive(&name, &args).map_err(|why| (line, why))
            }
            Entry::Record {
                line,
                owner,
                tokens,
            } => self
                .record(owner.as_ref(), &tokens)
                .map_err(|why| (line, why)),
        };
        if let Err(bad) = result {
            self.unreadable.push(bad);
        }
    }

    fn directive(&mut self, name: &str, args: &[Token]) -> Result<(), String> {
        match (name, args) {
            ("$ORIGIN", [origin]) if !origin.quoted => {
                self.origin = self.name(&origin.text).ok_or_else(|| {
                    "its $ORIGIN is not a domain name; write it as contoso.com.".to_string()
                })?;
                Ok(())
            }
            ("$TTL", [ttl]) => {
                self.default_ttl = Some(parse_ttl(&ttl.text).ok_or_else(|| {
                    "its $TTL is not a number of seconds; write it as $TTL 3600".to_string()
                })?);
                Ok(())
            }
            ("$INCLUDE", _) => {
                Err("$INCLUDE is not supported; paste the included records instead".into())
            }
            ("$ORIGIN" | "$TTL", _) => Err(format!(
                "{name} needs exactly one value, e.g. {}",
                if name == "$TTL" {
                    "$TTL 3600"
                } else {
                    "$ORIGIN contoso.com."
                }
            )),
            _ => Err(
                "it starts with $ but is not $ORIGIN or $TTL, the directives this tool reads; delete it or write the records it stands for"
                    .into(),
            ),
        }
    }

    fn record(&mut self, owner: Option<&Token>, tokens: &[Token]) -> Result<(), String> {
        let owner = match owner {
            Some(token) => {
                let name = self.name(&token.text).filter(|_| !token.quoted).ok_or(
                    "its name (first column) is not a DNS name; use @ for the domain itself or a name like mail",
                )?;
                self.last_owner = Some(name.clone());
                name
            }
            None => self.last_owner.clone().ok_or(
                "it starts with a space, so it belongs to the record above, but no record above names an owner; write the name in the first column",
            )?,
        };
        let mut ttl = None;
        let mut rest = tokens.iter();
        let r#type = loop {
            let Some(token) = rest.next() else {
                return Err("it has no record type (MX, TXT, CNAME, A…)".into());
            };
            let word = token.text.to_ascii_uppercase();
            if token.quoted {
                return Err("it has text in quotes where the record type belongs".into());
            } else if let Some(age) = word.strip_prefix("[AGE:") {
                // Windows DNS marks dynamically registered records with the hours since
                // 1601 when they were last refreshed: not needed to compare.
                if age
                    .strip_suffix(']')
                    .is_none_or(|h| h.is_empty() || !h.bytes().all(|b| b.is_ascii_digit()))
                {
                    return Err("the aging stamp of the record is not [AGE:number] as Windows DNS writes it; delete the stamp".into());
                }
            } else if word == "IN" {
            } else if matches!(word.as_str(), "CH" | "HS" | "CS") {
                return Err("its class is not IN; only internet (IN) records are compared".into());
            } else if word.starts_with(|c: char| c.is_ascii_digit()) {
                ttl = Some(parse_ttl(&word).ok_or("its TTL is not a number of seconds")?);
            } else {
                break word;
            }
        };
        let data: Vec<&Token> = rest.collect();
        // An SOA without a TTL (as Windows writes it) takes its own default TTL.
        let own_minimum = || {
            (r#type == "SOA")
                .then(|| data.last().and_then(|t| parse_ttl(&t.text)))
                .flatten()
        };
        if self.zone_origin.is_none() {
            self.zone_origin = Some(self.origin.clone());
        }
        let ttl = ttl
            .or(self.default_ttl)
            .or(self.soa_minimum)
            .or_else(own_minimum)
            .ok_or(
            "it gives no TTL and none is set above it: give each record a TTL, or add a line \"$TTL 3600\" at the top",
        )?;
        if READ.contains(&r#type.as_str()) {
            self.read(&owner, ttl, &r#type, &data)
        } else if WINDOWS_ONLY.contains(&r#type.as_str()) {
            Ok(())
        } else if RecordType::from_str(&r#type).is_ok() {
            // A type the comparison does not read: kept by name and type only.
            self.records.push(PublishedRecord {
                name: host(&owner),
                r#type,
                value: "(not shown)".into(),
                ttl,
                priority: None,
            });
            Ok(())
        } else {
            Err(
                if r#type.len() <= 12 && r#type.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    format!(
                        "{type} is not a record type this tool knows (MX, TXT, CNAME, A, AAAA, NS, SRV…); check the spelling, or delete the line if the record does not matter for mail",
                        type = r#type
                    )
                } else {
                    "its record type is not one this tool knows (MX, TXT, CNAME, A, AAAA, NS, SRV…); check the line".into()
                },
            )
        }
    }

    /// Reads a record of a type the comparison uses, with the DNS library, alone.
    fn read(
        &mut self,
        owner: &Name,
        ttl: u32,
        r#type: &str,
        data: &[&Token],
    ) -> Result<(), String> {
        let mut line = format!("{} {ttl} IN {type} ", owner.to_ascii(), type = r#type);
        for token in data {
            line.push(' ');
            line.push_str(&token.written());
        }
        line.push('\n');
        let parsed = Parser::new(line, None, Some(self.origin.clone())).parse();
        let sets = parsed.map_err(|_| {
            format!(
                "the data of its {type} record cannot be read: {}",
                hint(r#type),
                type = r#type
            )
        })?;
        for record in sets.1.values().flat_map(|set| set.records_without_rrsigs()) {
            if let RData::SOA(soa) = &record.data {
                self.soa_minimum = Some(soa.minimum);
                self.zone_origin = Some(record.name.clone());
            }
            self.records.push(PublishedRecord::from_record(record));
        }
        Ok(())
    }

    /// A name as written, relative to the origin unless it ends in a dot.
    fn name(&self, text: &str) -> Option<Name> {
        if text == "@" {
            return Some(self.origin.clone());
        }
        let name = Name::from_ascii(text).ok()?;
        if name.is_fqdn() {
            Some(name)
        } else {
            name.append_domain(&self.origin).ok()
        }
    }
}

/// What the data of a record of this type looks like.
fn hint(r#type: &str) -> &'static str {
    match r#type {
        "A" => "write an IPv4 address such as 192.0.2.10",
        "AAAA" => "write an IPv6 address such as 2001:db8::10",
        "MX" => "write the priority, then the mail server's name: 10 mail.contoso.com.",
        "TXT" => "write the text in double quotes: \"v=spf1 mx -all\"",
        "CNAME" | "NS" | "PTR" => "write one host name, such as host.contoso.com.",
        "SRV" => "write priority, weight, port and target: 0 0 443 mail.contoso.com.",
        _ => {
            "write the primary server, the contact, then serial, refresh, retry, expire and default TTL"
        }
    }
}

/// A TTL in seconds: `3600`, or with BIND's units (`1h`, `1d`, `1w2d`).
pub(crate) fn parse_ttl(text: &str) -> Option<u32> {
    let mut total: u64 = 0;
    let mut number: Option<u64> = None;
    for c in text.chars() {
        if let Some(d) = c.to_digit(10) {
            number = Some(
                number
                    .unwrap_or(0)
                    .checked_mul(10)?
                    .checked_add(u64::from(d))?,
            );
            if number > Some(u64::from(u32::MAX)) {
                return None;
            }
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        total = total.checked_add(number.take()?.checked_mul(unit)?)?;
    }
    total = total.checked_add(number.unwrap_or(0))?;
    u32::try_from(total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttls_with_units() {
        assert_eq!(parse_ttl("3600"), Some(3600));
        assert_eq!(parse_ttl("1h30m"), Some(5400));
        assert_eq!(parse_ttl("1W"), Some(604_800));
        assert_eq!(parse_ttl("h"), None);
        assert_eq!(parse_ttl("99999999999"), None);
        assert_eq!(parse_ttl("1x"), None);
    }
}

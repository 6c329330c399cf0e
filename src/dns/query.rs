//! DNS wire messages (RFC 1035): the queries a live look-up sends and the responses it
//! reads, the same for UDP, TCP and DNS-over-HTTPS (RFC 8484).

use std::str::FromStr;

use hickory_proto::op::{Edns, Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RecordType};
use serde::{Deserialize, Serialize};

use super::published::{self, PublishedRecord};

/// The UDP payload size offered in queries (EDNS), the value DNS operators agreed on in
/// 2020 to avoid IP fragmentation.
pub const UDP_PAYLOAD: u16 = 1232;

/// A name and record type to look up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    /// The name, lower-case ASCII without the trailing dot.
    pub name: String,
    /// The record type: `MX`, `TXT`, `CNAME`, `A`, `AAAA`, `SRV`, `NS`, `SOA`…
    pub r#type: String,
}

impl Question {
    /// A question for `name` and `type`.
    pub fn new(name: impl Into<String>, r#type: impl Into<String>) -> Question {
        Question {
            name: name.into(),
            r#type: r#type.into(),
        }
    }
}

/// A response read from the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// The message ID (0 for DNS-over-HTTPS).
    pub id: u16,
    /// `NOERROR`, `NXDOMAIN`, `SERVFAIL`, `REFUSED`… or `RCODE n`.
    pub rcode: String,
    /// The TC flag: the answer did not fit and is incomplete.
    pub truncated: bool,
    /// The AA flag: the server is authoritative for the name.
    pub authoritative: bool,
    /// The question the response answers, if it repeats one.
    pub question: Option<Question>,
    /// The answer section.
    pub answers: Vec<PublishedRecord>,
    /// The authority section (the SOA of a negative answer, or a referral).
    pub authority: Vec<PublishedRecord>,
}

/// Builds a query for `name` and `type` with recursion desired and an EDNS payload of
/// [`UDP_PAYLOAD`]. DNS-over-HTTPS uses ID 0 so that the same query can be cached.
///
/// The name may be Unicode (it is converted to its ASCII form).
pub fn query_message(name: &str, r#type: &str, id: u16) -> Result<Vec<u8>, String> {
    let name = question_name(name)?;
    let rtype = record_type(r#type)?;
    let mut message = Message::new(id, MessageType::Query, OpCode::Query);
    message.metadata.recursion_desired = true;
    message.add_query(Query::query(name, rtype));
    let mut edns = Edns::new();
    edns.set_max_payload(UDP_PAYLOAD);
    message.set_edns(edns);
    message
        .to_vec()
        .map_err(|e| format!("the query cannot be encoded: {e}"))
}

/// The longest DNS message: 65,535 bytes.
pub const MAX_MESSAGE: usize = 65_535;

/// Reads a response message.
pub fn parse_response(bytes: &[u8]) -> Result<Response, String> {
    // DNS's own limit (RFC 1035's 16-bit length over TCP, RFC 8484 for DNS-over-HTTPS):
    // a longer body is no DNS message, and reading it would only cost time.
    if bytes.len() > MAX_MESSAGE {
        return Err(format!(
            "the answer is longer than a DNS message can be ({MAX_MESSAGE} bytes)"
        ));
    }
    let message = Message::from_vec(bytes).map_err(|e| {
        format!(
            "the answer is not a DNS message ({} bytes): {e}",
            bytes.len()
        )
    })?;
    if message.metadata.message_type != MessageType::Response {
        return Err("the message is a query, not a response".into());
    }
    let records = |section: &[hickory_proto::rr::Record]| -> Vec<PublishedRecord> {
        section
            .iter()
            .filter(|r| r.record_type() != RecordType::OPT)
            .map(PublishedRecord::from_record)
            .collect()
    };
    Ok(Response {
        id: message.metadata.id,
        rcode: rcode_name(message.metadata.response_code),
        truncated: message.metadata.truncation,
        authoritative: message.metadata.authoritative,
        question: message.queries.first().map(|q| Question {
            name: published::host(&q.name),
            r#type: q.query_type.to_string(),
        }),
        answers: records(&message.answers),
        authority: records(&message.authorities),
    })
}

/// The message ID of a response, read from its first two bytes.
pub fn message_id(bytes: &[u8]) -> Option<u16> {
    Some(u16::from_be_bytes([*bytes.first()?, *bytes.get(1)?]))
}

fn question_name(name: &str) -> Result<Name, String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err("the name to look up is empty".into());
    }
    let mut name = Name::from_utf8(trimmed)
        .map_err(|e| format!("\"{trimmed}\" is not a name DNS can look up: {e}"))?;
    name.set_fqdn(true);
    Ok(name.to_lowercase())
}

fn record_type(text: &str) -> Result<RecordType, String> {
    let upper = text.trim().to_ascii_uppercase();
    match RecordType::from_str(&upper) {
        Ok(RecordType::Unknown(_)) | Err(_) => Err(format!("\"{text}\" is not a record type")),
        Ok(t) => Ok(t),
    }
}

/// The mnemonic of a response code.
fn rcode_name(code: ResponseCode) -> String {
    match code {
        ResponseCode::NoError => "NOERROR".into(),
        ResponseCode::FormErr => "FORMERR".into(),
        ResponseCode::ServFail => "SERVFAIL".into(),
        ResponseCode::NXDomain => "NXDOMAIN".into(),
        ResponseCode::NotImp => "NOTIMP".into(),
        ResponseCode::Refused => "REFUSED".into(),
        other => format!("RCODE {}", u16::from(other)),
    }
}

#[cfg(test)]
mod tests {
    use hickory_proto::rr::rdata::{MX, TXT};
    use hickory_proto::rr::{RData, Record};

    use super::*;

    #[test]
    fn builds_a_doh_query() {
        let bytes = query_message("Contoso.COM", "mx", 0).unwrap();
        assert_eq!(&bytes[..2], &[0, 0], "ID 0 for DNS-over-HTTPS");
        let message = Message::from_vec(&bytes).unwrap();
        assert!(message.metadata.recursion_desired);
        assert_eq!(message.queries[0].query_type, RecordType::MX);
        assert_eq!(message.queries[0].name.to_ascii(), "contoso.com.");
        assert_eq!(message.max_payload(), UDP_PAYLOAD);
        let idn = query_message("bücher.example", "TXT", 7).unwrap();
        let message = Message::from_vec(&idn).unwrap();
        assert_eq!(message.queries[0].name.to_ascii(), "xn--bcher-kva.example.");
        assert_eq!(message.metadata.id, 7);
    }

    #[test]
    fn refuses_bad_names_and_types() {
        assert!(query_message("", "MX", 0).unwrap_err().contains("empty"));
        assert!(
            query_message("contoso.com", "BOGUS", 0)
                .unwrap_err()
                .contains("record type")
        );
        let long = format!("{}.com", "a".repeat(70));
        assert!(query_message(&long, "A", 0).is_err());
    }

    #[test]
    fn reads_a_response() {
        let name = Name::from_ascii("contoso.com.").unwrap();
        let mut message = Message::new(0, MessageType::Response, OpCode::Query);
        message.metadata.authoritative = true;
        message.add_query(Query::query(name.clone(), RecordType::MX));
        message.add_answer(Record::from_rdata(
            name.clone(),
            3600,
            RData::MX(MX::new(10, Name::from_ascii("mail.contoso.com.").unwrap())),
        ));
        message.add_answer(Record::from_rdata(
            name,
            300,
            RData::TXT(TXT::new(vec!["v=spf1 ".into(), "-all".into()])),
        ));
        let response = parse_response(&message.to_vec().unwrap()).unwrap();
        assert_eq!(response.rcode, "NOERROR");
        assert!(response.authoritative && !response.truncated);
        assert_eq!(response.question, Some(Question::new("contoso.com", "MX")));
        assert_eq!(response.answers[0].value, "mail.contoso.com");
        assert_eq!(response.answers[0].priority, Some(10));
        assert_eq!(response.answers[1].value, "v=spf1 -all");
        assert_eq!(message_id(&[0x12, 0x34, 0]), Some(0x1234));
    }

    #[test]
    fn rejects_what_is_not_a_response() {
        assert!(
            parse_response(b"")
                .unwrap_err()
                .contains("not a DNS message")
        );
        assert!(parse_response(&[0xff; 7]).is_err());
        let query = query_message("contoso.com", "MX", 1).unwrap();
        assert!(parse_response(&query).unwrap_err().contains("query"));
        for len in 0..query.len() {
            let _ = parse_response(&query[..len]);
        }
    }
}

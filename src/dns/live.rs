//! Live look-ups, whatever carries them: which questions to ask for a plan, what each
//! answer (or failure) means, and the comparison built from the answers.
//!
//! Look-ups are opt-in. The browser sends [`questions`] as DNS-over-HTTPS requests itself
//! and hands the raw answers back; the native CLI uses [`super::transport`]. Either way
//! [`compare_answers`] turns them into a [`Comparison`] with a finding for every
//! timeout, SERVFAIL, NXDOMAIN, refusal and truncated answer.

use serde::Serialize;

use super::compare::{self, Comparison, MAX_ANSWER_RECORDS, Published};
use super::input::PlanInput;
use super::plan::{self, Plan, Role};
use super::published::PublishedRecord;
use super::query::{self, Question};
use crate::finding::{Finding, Rule, Severity};

/// DNS040: no answer in time.
pub static TIMEOUT: Rule = Rule {
    code: "DNS040",
    severity: Severity::Error,
    title: "The DNS server did not answer in time",
    help: "Check the resolver address and port, and that a firewall lets DNS through (UDP and TCP port 53, or HTTPS for DNS-over-HTTPS). Then look up again.",
};

/// DNS041: SERVFAIL.
pub static SERVFAIL: Rule = Rule {
    code: "DNS041",
    severity: Severity::Error,
    title: "The DNS server failed to answer (SERVFAIL)",
    help: "The resolver could not get an answer from the domain's name servers: the zone may be broken (DNSSEC, lame delegation) or the server refuses it. Check the zone at the DNS host, or ask another resolver.",
};

/// DNS042: the domain does not exist.
pub static NXDOMAIN: Rule = Rule {
    code: "DNS042",
    severity: Severity::Error,
    title: "The domain does not exist in DNS (NXDOMAIN)",
    help: "Check the spelling of the domain and that it is registered and delegated to your DNS host; Microsoft 365 cannot verify a domain that does not resolve.",
};

/// DNS043: a truncated answer that could not be fetched whole.
pub static TRUNCATED: Rule = Rule {
    code: "DNS043",
    severity: Severity::Warning,
    title: "The answer was too large and came back incomplete",
    help: "The server set the truncation flag and the full answer over TCP could not be fetched. Allow DNS over TCP port 53 to the resolver, or use DNS-over-HTTPS; a very large TXT set may also need trimming.",
};

/// DNS044: the server refused the query.
pub static REFUSED: Rule = Rule {
    code: "DNS044",
    severity: Severity::Error,
    title: "The DNS server refused the query (REFUSED)",
    help: "The server does not serve this zone, or does not resolve for you. Ask a resolver that does (your own, or a public one), or the domain's authoritative server.",
};

/// DNS045: the server could not be reached.
pub static UNREACHABLE: Rule = Rule {
    code: "DNS045",
    severity: Severity::Error,
    title: "The DNS server could not be reached",
    help: "Nothing answered at that address (connection refused, network or HTTP error). Check the resolver address, port or URL.",
};

/// DNS046: an answer that cannot be read.
pub static BAD_ANSWER: Rule = Rule {
    code: "DNS046",
    severity: Severity::Error,
    title: "The answer could not be read",
    help: "The server sent something that is not a DNS answer to the question asked. Check that the address is a DNS resolver (for DNS-over-HTTPS: its RFC 8484 URL, e.g. https://resolver.example/dns-query).",
};

/// The look-up findings, for the catalogue.
pub(crate) static RULES: &[&Rule] = &[
    &TIMEOUT,
    &SERVFAIL,
    &NXDOMAIN,
    &TRUNCATED,
    &REFUSED,
    &UNREACHABLE,
    &BAD_ANSWER,
];

/// How a question was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// NOERROR: the records (possibly none) are known.
    Answered,
    /// NXDOMAIN: the name does not exist.
    NxDomain,
    /// SERVFAIL.
    ServFail,
    /// REFUSED.
    Refused,
    /// The answer was truncated and no full answer came.
    Truncated,
    /// No answer in time.
    Timeout,
    /// Connection refused, network or HTTP error.
    Unreachable,
    /// Not a readable answer to the question.
    BadAnswer,
}

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// The question asked.
    pub question: Question,
    /// How it went.
    pub outcome: Outcome,
    /// The records at the question's name (the asked type, or a CNAME), TTLs as published.
    pub records: Vec<PublishedRecord>,
    /// More about a failure, e.g. the error text or the odd response code.
    pub detail: Option<String>,
}

impl Answer {
    /// An answer that did not come.
    pub fn failed(question: Question, outcome: Outcome, detail: impl Into<String>) -> Answer {
        Answer {
            question,
            outcome,
            records: Vec::new(),
            detail: Some(detail.into()),
        }
    }

    /// Reads the response bytes received for `question`.
    pub fn from_bytes(question: Question, bytes: &[u8]) -> Answer {
        let response = match query::parse_response(bytes) {
            Ok(r) => r,
            Err(why) => return Answer::failed(question, Outcome::BadAnswer, why),
        };
        let asked = response.question.as_ref().is_some_and(|q| {
            q.name == question.name && q.r#type.eq_ignore_ascii_case(&question.r#type)
        });
        if !asked {
            return Answer::failed(
                question,
                Outcome::BadAnswer,
                "the response answers a different question",
            );
        }
        let outcome = match response.rcode.as_str() {
            _ if response.truncated => Outcome::Truncated,
            "NOERROR" => Outcome::Answered,
            "NXDOMAIN" => Outcome::NxDomain,
            "SERVFAIL" => Outcome::ServFail,
            "REFUSED" => Outcome::Refused,
            _ => Outcome::BadAnswer,
        };
        if outcome != Outcome::Answered {
            return Answer::failed(question, outcome, response.rcode);
        }
        let records = response
            .answers
            .into_iter()
            .filter(|r| {
                r.name == question.name
                    && (r.r#type.eq_ignore_ascii_case(&question.r#type) || r.r#type == "CNAME")
            })
            .collect();
        Answer {
            question,
            outcome,
            records,
            detail: None,
        }
    }
}

/// The questions that show what is published for the plan's domains: MX and TXT at each
/// domain, CNAME, A and AAAA at each Autodiscover name, the Autodiscover SRV record, and
/// CNAME and TXT at each DKIM selector.
pub fn questions(plan: &Plan) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    let mut ask = |name: &str, types: &[&str]| {
        for t in types {
            let q = Question::new(name, *t);
            if !out.contains(&q) {
                out.push(q);
            }
        }
    };
    for domain in &plan.domains {
        ask(&domain.ascii, &["MX", "TXT"]);
        ask(&format!("_autodiscover._tcp.{}", domain.ascii), &["SRV"]);
    }
    for record in &plan.records {
        match record.role {
            Role::Autodiscover => ask(&record.name, &["CNAME", "A", "AAAA"]),
            // An old DKIM key (TXT) at the selector conflicts with the CNAME.
            Role::Dkim => ask(&record.name, &["CNAME", "TXT"]),
            _ => {}
        }
    }
    out
}

/// The questions for an input, for callers that have not built the plan.
pub fn questions_for(input: &PlanInput) -> Vec<Question> {
    questions(&plan::plan(input))
}

/// Compares the plan with the answers; `resolver` names where they came from (an
/// address or a URL) for the findings.
pub fn compare_answers(input: &PlanInput, answers: &[Answer], resolver: &str) -> Comparison {
    let plan = plan::plan(input);
    let apexes: Vec<&str> = plan.domains.iter().map(|d| d.ascii.as_str()).collect();
    let mut published = Published::default();
    let mut left_out = Vec::new();
    for answer in answers {
        match answer.outcome {
            Outcome::Answered => {
                // Repeated records are dropped by the comparison, which sorts them.
                let records = &answer.records;
                published
                    .records
                    .extend_from_slice(&records[..records.len().min(MAX_ANSWER_RECORDS)]);
                if records.len() > MAX_ANSWER_RECORDS {
                    left_out.push(format!(
                        "{} {} ({} records)",
                        answer.question.name,
                        answer.question.r#type,
                        records.len()
                    ));
                }
            }
            // A name that does not exist holds no records; only the domain itself must.
            Outcome::NxDomain if !apexes.contains(&answer.question.name.as_str()) => {}
            _ => published
                .failed
                .push((answer.question.name.clone(), answer.question.r#type.clone())),
        }
    }
    let mut comparison = compare::compare_published(input, &published);
    let mut findings = failure_findings(answers, &apexes, resolver);
    if !left_out.is_empty() {
        findings.push(compare::TOO_LARGE.finding(format!(
            "{resolver} sent more than {MAX_ANSWER_RECORDS} records for {}; only the first {MAX_ANSWER_RECORDS} of each were compared.",
            left_out.join(", ")
        )));
    }
    findings.append(&mut comparison.findings);
    comparison.findings = findings;
    comparison
}

/// One finding per kind of failure, naming every question it hit.
fn failure_findings(answers: &[Answer], apexes: &[&str], resolver: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let kinds = [
        (Outcome::Timeout, &TIMEOUT, "no answer in time"),
        (Outcome::Unreachable, &UNREACHABLE, "could not be reached"),
        (Outcome::ServFail, &SERVFAIL, "answered SERVFAIL"),
        (Outcome::Refused, &REFUSED, "answered REFUSED"),
        (Outcome::Truncated, &TRUNCATED, "sent a truncated answer"),
        (
            Outcome::BadAnswer,
            &BAD_ANSWER,
            "sent an answer that could not be read",
        ),
        (
            Outcome::NxDomain,
            &NXDOMAIN,
            "answered NXDOMAIN (no such domain)",
        ),
    ];
    for (outcome, rule, what) in kinds {
        let hit: Vec<&Answer> = answers
            .iter()
            .filter(|a| a.outcome == outcome)
            .filter(|a| outcome != Outcome::NxDomain || apexes.contains(&a.question.name.as_str()))
            .collect();
        let Some(first) = hit.first() else { continue };
        let asked: Vec<String> = hit
            .iter()
            .map(|a| format!("{} {}", a.question.name, a.question.r#type))
            .collect();
        let detail = first
            .detail
            .as_deref()
            .filter(|d| !d.is_empty() && outcome != Outcome::NxDomain)
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        out.push(rule.finding(format!(
            "{resolver} {what} for {}{detail}.",
            asked.join(", ")
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
    use hickory_proto::rr::rdata::{A, CNAME, MX};
    use hickory_proto::rr::{Name, RData, Record, RecordType};

    use super::*;
    use crate::dns::compare::Action;
    use crate::dns::input::DomainInput;

    fn input() -> PlanInput {
        PlanInput {
            domains: vec![DomainInput::new("contoso.com")],
            ..PlanInput::default()
        }
    }

    fn response(
        name: &str,
        rtype: RecordType,
        rcode: ResponseCode,
        answers: Vec<RData>,
    ) -> Vec<u8> {
        let owner = Name::from_ascii(format!("{name}.")).unwrap();
        let mut m = Message::new(0, MessageType::Response, OpCode::Query);
        m.metadata.response_code = rcode;
        m.add_query(Query::query(owner.clone(), rtype));
        for data in answers {
            m.add_answer(Record::from_rdata(owner.clone(), 86_400, data));
        }
        m.to_vec().unwrap()
    }

    #[test]
    fn asks_what_the_comparison_needs() {
        let qs = questions_for(&input());
        let text: Vec<String> = qs
            .iter()
            .map(|q| format!("{} {}", q.name, q.r#type))
            .collect();
        assert_eq!(
            text,
            [
                "contoso.com MX",
                "contoso.com TXT",
                "_autodiscover._tcp.contoso.com SRV",
                "autodiscover.contoso.com CNAME",
                "autodiscover.contoso.com A",
                "autodiscover.contoso.com AAAA",
            ]
        );
    }

    #[test]
    fn answers_become_a_comparison_with_findings() {
        let mail = Name::from_ascii("mail.contoso.com.").unwrap();
        let answers = vec![
            Answer::from_bytes(
                Question::new("contoso.com", "MX"),
                &response(
                    "contoso.com",
                    RecordType::MX,
                    ResponseCode::NoError,
                    vec![RData::MX(MX::new(10, mail))],
                ),
            ),
            Answer::failed(Question::new("contoso.com", "TXT"), Outcome::Timeout, "3 s"),
            Answer::from_bytes(
                Question::new("autodiscover.contoso.com", "A"),
                &response(
                    "autodiscover.contoso.com",
                    RecordType::A,
                    ResponseCode::NoError,
                    vec![RData::A(A::new(203, 0, 113, 10))],
                ),
            ),
            Answer::from_bytes(
                Question::new("autodiscover.contoso.com", "AAAA"),
                &response(
                    "autodiscover.contoso.com",
                    RecordType::AAAA,
                    ResponseCode::ServFail,
                    vec![],
                ),
            ),
            Answer::from_bytes(
                Question::new("_autodiscover._tcp.contoso.com", "SRV"),
                &response(
                    "_autodiscover._tcp.contoso.com",
                    RecordType::SRV,
                    ResponseCode::NXDomain,
                    vec![],
                ),
            ),
        ];
        let c = compare_answers(&input(), &answers, "127.0.0.1:5353");
        let codes: Vec<_> = c.findings.iter().map(|f| f.code).collect();
        assert!(codes.starts_with(&["DNS040", "DNS041"]), "{codes:?}");
        assert!(
            codes.contains(&"DNS031") && codes.contains(&"DNS033"),
            "{codes:?}"
        );
        assert!(
            !codes.contains(&"DNS042"),
            "NXDOMAIN below the domain is normal: {codes:?}"
        );
        assert!(
            c.findings[0]
                .message
                .contains("127.0.0.1:5353 no answer in time for contoso.com TXT (3 s)")
        );
        let spf = c.changes.iter().find(|ch| ch.r#type == "TXT").unwrap();
        assert_eq!(spf.action, Action::Unknown);
        let mx_removed = c
            .changes
            .iter()
            .any(|ch| ch.action == Action::Remove && ch.r#type == "MX");
        assert!(mx_removed);
    }

    #[test]
    fn odd_answers_are_named() {
        let q = Question::new("contoso.com", "MX");
        let nx = Answer::from_bytes(
            q.clone(),
            &response(
                "contoso.com",
                RecordType::MX,
                ResponseCode::NXDomain,
                vec![],
            ),
        );
        assert_eq!(nx.outcome, Outcome::NxDomain);
        let c = compare_answers(&input(), &[nx], "resolver");
        assert_eq!(c.findings[0].code, "DNS042");
        let other = Answer::from_bytes(
            q.clone(),
            &response(
                "fabrikam.com",
                RecordType::MX,
                ResponseCode::NoError,
                vec![],
            ),
        );
        assert_eq!(other.outcome, Outcome::BadAnswer);
        assert_eq!(
            Answer::from_bytes(q.clone(), b"junk").outcome,
            Outcome::BadAnswer
        );
        let refused = Answer::from_bytes(
            q.clone(),
            &response("contoso.com", RecordType::MX, ResponseCode::Refused, vec![]),
        );
        assert_eq!(refused.outcome, Outcome::Refused);
        // A CNAME at the asked name is kept; records of other names are not.
        let target = Name::from_ascii("contoso.azurewebsites.net.").unwrap();
        let cname = Answer::from_bytes(
            q,
            &response(
                "contoso.com",
                RecordType::MX,
                ResponseCode::NoError,
                vec![RData::CNAME(CNAME(target))],
            ),
        );
        assert_eq!(cname.records[0].r#type, "CNAME");
        let c = compare_answers(&input(), &[cname], "resolver");
        assert!(c.findings.iter().any(|f| f.code == "DNS035"));
    }
}

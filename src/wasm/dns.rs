//! DNS for JavaScript: plan, compare, and the wire side of live look-ups (issue 5).
//! The page sends the queries itself (DNS-over-HTTPS via fetch, see
//! www/dns-lookup.js); nothing here touches the network.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::to_js;

#[wasm_bindgen(typescript_custom_section)]
const DNS_TYPES: &'static str = r#"
/** When in the migration a record goes in or a step is done. */
export type DnsPhase = "before-first-batch" | "during-migration" | "at-cutover" | "after-cutover";

/** One domain for the DNS plan; everything but `name` is optional. */
export interface DnsDomainInput {
  /** e.g. "contoso.com" (Unicode or ASCII form). */
  name: string;
  /** "MS=ms12345678" (TXT) or "ms12345678.msv1.invalid" (MX), from the admin center. */
  verification?: string;
  /** The cloud namespace for Autodiscover if not the domain, e.g. "cloud.contoso.com". */
  autodiscoverNamespace?: string;
  /** The inbound DNSSEC MX value Microsoft gives (….mx.microsoft). */
  dnssecMx?: string;
  /** DKIM CNAME targets as the Defender portal shows them (both or neither). */
  dkimSelector1?: string;
  dkimSelector2?: string;
  /** The SPF record published now, to merge into. */
  existingSpf?: string;
  /** TTL in seconds of the MX records published now. */
  mxTtl?: number;
}

/** What the DNS planner needs to know. */
export interface DnsPlanInput {
  domains: DnsDomainInput[];
  /** "contoso.onmicrosoft.com" or "contoso": plans the DKIM CNAMEs. */
  initialDomain?: string;
  /** On-premises servers that keep sending: IPs, ranges, host names or SPF terms. */
  onPremisesSenders?: string[];
  /** "2025-03-03 09:00 +01:00", "2025-03-03T08:00Z", or a date alone (midnight UTC). */
  firstBatch?: string;
  cutover?: string;
}

/** A record to publish. Names and host values have no trailing dot. */
export interface DnsPlannedRecord {
  zone: string;
  name: string;
  type: "TXT" | "MX" | "CNAME";
  value: string;
  ttl: number;
  priority: number | null;
  phase: DnsPhase;
  role: "verification" | "verification-mx" | "spf" | "mx" | "autodiscover" | "dkim";
  purpose: string;
}

/** A step around the records, dated when dates were given. */
export interface DnsStep {
  phase: DnsPhase;
  when: string | null;
  zone: string | null;
  text: string;
}

/** The DNS plan. */
export interface DnsPlan {
  domains: { ascii: string; unicode: string | null }[];
  records: DnsPlannedRecord[];
  steps: DnsStep[];
  findings: Finding[];
}

/** A record as published (from a zone file or a DNS answer). */
export interface DnsPublishedRecord {
  name: string;
  type: string;
  value: string;
  ttl: number;
  priority: number | null;
}

/** One line of the diff. */
export interface DnsChange {
  action: "add" | "change" | "remove" | "keep" | "unknown";
  phase: DnsPhase;
  name: string;
  type: string;
  current: DnsPublishedRecord | null;
  wanted: DnsPublishedRecord | null;
  reason: string;
}

/** The plan against what is published. */
export interface DnsComparison {
  plan: DnsPlan;
  changes: DnsChange[];
  findings: Finding[];
}

/** A name and type to look up. */
export interface DnsQuestion {
  name: string;
  type: string;
}

/** A DNS response read from wire format. */
export interface DnsResponse {
  id: number;
  rcode: string;
  truncated: boolean;
  authoritative: boolean;
  question: DnsQuestion | null;
  answers: DnsPublishedRecord[];
  authority: DnsPublishedRecord[];
}

/** What came back for one question: the response bytes, or why none came
 *  ("timeout", or any other text for a network or HTTP error). */
export interface DnsAnswerInput {
  name: string;
  type: string;
  bytes?: Uint8Array;
  error?: string;
}
"#;

/// Reads the DNS plan input; throws for a value that is not of its shape, including a
/// misspelt key (serde-wasm-bindgen reads only the keys it knows, so they are checked
/// here against the fields of the Rust types).
fn dns_input(value: JsValue) -> Result<crate::dns::input::PlanInput, JsError> {
    use crate::dns::input::{DomainInput, PlanInput};
    fn known<T: Serialize + Default>() -> Vec<String> {
        match serde_json::to_value(T::default()) {
            Ok(serde_json::Value::Object(fields)) => fields.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }
    let unknown = |object: &JsValue, fields: &[String], place: &str| -> Result<(), JsError> {
        if !object.is_object() {
            return Ok(());
        }
        for key in js_sys::Object::keys(object.unchecked_ref::<js_sys::Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !fields.contains(&key) {
                return Err(JsError::new(&format!(
                    "invalid DNS input: unknown field `{key}`{place}, expected one of {}",
                    fields.join(", ")
                )));
            }
        }
        Ok(())
    };
    unknown(&value, &known::<PlanInput>(), "")?;
    if let Ok(domains) = js_sys::Reflect::get(&value, &"domains".into()) {
        if js_sys::Array::is_array(&domains) {
            let fields = known::<DomainInput>();
            for domain in js_sys::Array::from(&domains).iter() {
                unknown(&domain, &fields, " in a domain")?;
            }
        }
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsError::new(&format!("invalid DNS input: {e}")))
}

/// The DNS planner's input from the assessment JSON (the page's saved answers): its
/// verified domains, initial domain, DNS answers and planned dates
/// ([`crate::dns::from_assessment::plan_input`]). The page sets its own fields over it.
/// Throws for an assessment that cannot be read.
#[wasm_bindgen(js_name = dnsPlanInputFromAssessment, unchecked_return_type = "DnsPlanInput")]
pub fn dns_plan_input_from_assessment(assessment: &str) -> Result<JsValue, JsError> {
    let assessment = crate::readiness::Assessment::from_json(assessment)
        .map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&crate::dns::from_assessment::plan_input(&assessment))
}

/// The DNS records and steps for moving the domains to Exchange Online.
#[wasm_bindgen(js_name = dnsPlan, unchecked_return_type = "DnsPlan")]
pub fn dns_plan(
    #[wasm_bindgen(unchecked_param_type = "DnsPlanInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    to_js(&crate::dns::plan::plan(&dns_input(input)?))
}

/// The plan as text: "zone" (BIND fragment), "powershell" (Windows DNS Server) or
/// "table" (for registrar forms).
#[wasm_bindgen(js_name = dnsRender)]
pub fn dns_render(
    #[wasm_bindgen(unchecked_param_type = "DnsPlanInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"zone\" | \"powershell\" | \"table\"")] format: &str,
) -> Result<String, JsError> {
    let plan = crate::dns::plan::plan(&dns_input(input)?);
    match format {
        "zone" => Ok(crate::dns::zone::render(&plan)),
        "powershell" => Ok(crate::dns::powershell::render(&plan)),
        "table" => Ok(crate::dns::table::render(&plan)),
        other => Err(JsError::new(&format!(
            "unknown DNS format \"{other}\": use zone, powershell or table"
        ))),
    }
}

/// The plan against a pasted zone file (BIND format, relative to the first domain).
#[wasm_bindgen(js_name = dnsCompare, unchecked_return_type = "DnsComparison")]
pub fn dns_compare(
    #[wasm_bindgen(unchecked_param_type = "DnsPlanInput")] input: JsValue,
    zone_text: &str,
) -> Result<JsValue, JsError> {
    to_js(&crate::dns::compare::compare_zone(
        &dns_input(input)?,
        zone_text,
    ))
}

/// The questions a live look-up asks for this input, in order.
#[wasm_bindgen(js_name = dnsLookupQuestions, unchecked_return_type = "DnsQuestion[]")]
pub fn dns_lookup_questions(
    #[wasm_bindgen(unchecked_param_type = "DnsPlanInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    to_js(&crate::dns::live::questions_for(&dns_input(input)?))
}

/// A DNS query in wire format with message ID 0 (RFC 8484), for `?dns=` after
/// base64url encoding.
#[wasm_bindgen(js_name = dnsQuery)]
pub fn dns_query(name: &str, r#type: &str) -> Result<Vec<u8>, JsError> {
    crate::dns::query::query_message(name, r#type, 0).map_err(|e| JsError::new(&e))
}

/// Reads a DNS response in wire format; throws if it is not one.
#[wasm_bindgen(js_name = dnsParseResponse, unchecked_return_type = "DnsResponse")]
pub fn dns_parse_response(bytes: &[u8]) -> Result<JsValue, JsError> {
    let response = crate::dns::query::parse_response(bytes).map_err(|e| JsError::new(&e))?;
    to_js(&response)
}

/// The plan against the answers to `dnsLookupQuestions`; `resolver` (the URL) is named
/// in the findings for timeouts, SERVFAIL, NXDOMAIN and the like.
#[wasm_bindgen(js_name = dnsCompareAnswers, unchecked_return_type = "DnsComparison")]
pub fn dns_compare_answers(
    #[wasm_bindgen(unchecked_param_type = "DnsPlanInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DnsAnswerInput[]")] answers: Vec<JsValue>,
    resolver: &str,
) -> Result<JsValue, JsError> {
    use crate::dns::live::{Answer, Outcome};
    use crate::dns::query::Question;
    let get = |value: &JsValue, key: &str| js_sys::Reflect::get(value, &key.into()).ok();
    let mut read = Vec::with_capacity(answers.len());
    for answer in &answers {
        let text = |key: &str| get(answer, key).and_then(|v| v.as_string());
        let (Some(name), Some(r#type)) = (text("name"), text("type")) else {
            return Err(JsError::new("each answer needs a string `name` and `type`"));
        };
        let question = Question::new(name, r#type);
        let bytes = get(answer, "bytes").filter(|b| b.is_instance_of::<js_sys::Uint8Array>());
        read.push(match (bytes, text("error")) {
            (Some(bytes), _) => {
                Answer::from_bytes(question, &js_sys::Uint8Array::new(&bytes).to_vec())
            }
            (None, Some(e)) if e == "timeout" => {
                Answer::failed(question, Outcome::Timeout, "no answer in time")
            }
            (None, Some(e)) => Answer::failed(question, Outcome::Unreachable, e),
            (None, None) => {
                return Err(JsError::new(
                    "each answer needs `bytes` (a Uint8Array) or an `error`",
                ));
            }
        });
    }
    to_js(&crate::dns::live::compare_answers(
        &dns_input(input)?,
        &read,
        resolver,
    ))
}

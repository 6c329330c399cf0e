//! The JavaScript adapter: the only module that knows about JS values.
//!
//! Every function takes bytes or strings plus a plain options object and returns a
//! plain JS object (serialised with one shared `serde-wasm-bindgen` serializer). They
//! throw (a `JsError`) only for unusable arguments, never for bad CSV content: that is
//! reported as findings.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::check::CsvFile;
use crate::options::Options;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** How much a finding matters. */
export type Severity = "error" | "warning" | "info";

/** Whether the migration can go ahead. */
export type Verdict = "ready" | "warnings" | "blocked";

/** One thing the checker found. Rows are Excel rows: header = 1, first mailbox = 2. */
export interface Finding {
  code: string;
  severity: Severity;
  row: number | null;
  column: string | null;
  message: string;
  help: string;
  /** Present when several files are checked as one migration. */
  file?: string;
}

/** Counts that describe the checked files. */
export interface Summary {
  files: number;
  mailboxes: number;
  uniqueAddresses: number;
  batchesNeeded: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** The outcome of a check. */
export interface Report {
  verdict: Verdict;
  findings: Finding[];
  summary: Summary;
}

/** What the admin tells the checker about the tenant. */
export interface CheckOptions {
  /** The tenant's verified domains; other domains are errors. */
  domains?: string[];
  /** AD FS (federated) single sign-on is deployed. */
  federated?: boolean;
  /** The organisation's own banned password terms (4 to 16 characters each). */
  bannedTerms?: string[];
  /** The organisation's name, a banned password term; default: each address's domain. */
  tenantName?: string;
  /** fixCsv only: replace empty and refused passwords with generated ones. */
  generatePasswords?: boolean;
}

/** A named CSV file, for checking several files as one migration. */
export interface CsvInput {
  name: string;
  bytes: Uint8Array;
}

/** One change the corrected CSV made. Never holds a password. */
export interface Change {
  row: number | null;
  description: string;
}

/** The corrected CSV, its changes, and what is still wrong with it. */
export interface Fixed {
  csv: string;
  changes: Change[];
  report: Report;
}

/** How to split a list into batches. */
export interface SplitOptions {
  /** Mailboxes per batch, 1 to 2,000 (default 2,000). */
  size?: number;
  /** Start of every batch name (default "Batch"). */
  prefix?: string;
}

/** One batch file. */
export interface Batch {
  name: string;
  fileName: string;
  mailboxes: number;
  csv: string;
}

/** The batches and the check of the whole list. */
export interface Split {
  batches: Batch[];
  report: Report;
}

/** A rule of the finding catalogue. */
export interface CatalogueEntry {
  code: string;
  severity: Severity;
  title: string;
  help: string;
}
"#;

/// Converts a Rust value into a plain JS object (maps as objects, `None` as `null`).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Reads the options object; `undefined` and `null` mean the defaults.
///
/// serde-wasm-bindgen reads only the keys it knows, so a misspelt key (`federeated`)
/// would be ignored silently: the keys are checked against the documented ones first.
fn options(value: JsValue) -> Result<Options, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    reject_unknown_keys(&value, Options::FIELDS, "options")?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsError::new(&format!("invalid options: {e}")))
}

/// Throws for an object key that is not one of `known`.
fn reject_unknown_keys(value: &JsValue, known: &[&str], what: &str) -> Result<(), JsError> {
    if !value.is_object() {
        return Ok(());
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(JsError::new(&format!(
                "invalid {what}: unknown field `{key}`, expected one of {}",
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// Checks one staged-migration CSV file given as bytes.
#[wasm_bindgen(js_name = checkCsv, unchecked_return_type = "Report")]
pub fn check_csv(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    to_js(&crate::check_csv(bytes, &options(options_value)?))
}

/// Reads `{ name, bytes }` objects into owned (name, bytes) pairs.
fn read_files(files: Vec<JsValue>) -> Result<Vec<(String, Vec<u8>)>, JsError> {
    files
        .into_iter()
        .map(|file| {
            let name = js_sys::Reflect::get(&file, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .ok_or_else(|| JsError::new("each file needs a string `name`"))?;
            let bytes = js_sys::Reflect::get(&file, &"bytes".into())
                .ok()
                .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
                .ok_or_else(|| JsError::new("each file needs `bytes` as a Uint8Array"))?;
            Ok((name, js_sys::Uint8Array::new(&bytes).to_vec()))
        })
        .collect()
}

fn as_csv_files(inputs: &[(String, Vec<u8>)]) -> Vec<CsvFile<'_>> {
    inputs
        .iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect()
}

/// Checks several CSV files as one migration (duplicates are caught across files).
#[wasm_bindgen(js_name = checkFiles, unchecked_return_type = "Report")]
pub fn check_files(
    #[wasm_bindgen(unchecked_param_type = "CsvInput[]")] files: Vec<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    let inputs = read_files(files)?;
    to_js(&crate::check_files(
        &as_csv_files(&inputs),
        &options(options_value)?,
    ))
}

/// Corrects what can be corrected without changing meaning. Throws when the file cannot
/// be corrected at all (not text, empty, or an unclosed quote), saying why.
#[wasm_bindgen(js_name = fixCsv, unchecked_return_type = "Fixed")]
pub fn fix_csv(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    match crate::fix::fix_csv(bytes, &options(options_value)?) {
        Ok(fixed) => to_js(&fixed),
        Err(finding) => Err(JsError::new(&format!(
            "{} {}",
            finding.message, finding.help
        ))),
    }
}

/// Splits the mailbox rows of one or more files into batch files with valid names.
#[wasm_bindgen(js_name = splitCsv, unchecked_return_type = "Split")]
pub fn split_csv(
    #[wasm_bindgen(unchecked_param_type = "CsvInput[]")] files: Vec<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "SplitOptions")] split_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    let inputs = read_files(files)?;
    let split_options: crate::split::SplitOptions =
        if split_options.is_undefined() || split_options.is_null() {
            Default::default()
        } else {
            reject_unknown_keys(&split_options, &["size", "prefix"], "split options")?;
            serde_wasm_bindgen::from_value(split_options)
                .map_err(|e| JsError::new(&format!("invalid split options: {e}")))?
        };
    let split = crate::split::split(
        &as_csv_files(&inputs),
        &split_options,
        &options(options_value)?,
    )
    .map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&split)
}

/// The example CSV from Microsoft's procedure, which the page opens with.
#[wasm_bindgen(js_name = exampleCsv)]
pub fn example_csv() -> String {
    crate::EXAMPLE_CSV.to_string()
}

/// Every finding code with its severity, title and usual fix.
#[wasm_bindgen(unchecked_return_type = "CatalogueEntry[]")]
pub fn catalogue() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Entry {
        code: &'static str,
        severity: &'static str,
        title: &'static str,
        help: &'static str,
    }
    let entries: Vec<Entry> = crate::catalogue::rules()
        .into_iter()
        .map(|r| Entry {
            code: r.code,
            severity: r.severity.as_str(),
            title: r.title,
            help: r.help,
        })
        .collect();
    to_js(&entries)
}

/// The version of this package.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

// ---------------------------------------------------------------------------------------
// Readiness report, report rendering and runbook (issue 6).
// ---------------------------------------------------------------------------------------

#[wasm_bindgen(typescript_custom_section)]
const READINESS_TYPES: &'static str = r#"
/** A yes/no answer of the assessment; missing or null means "unknown". */
export type Answer = "yes" | "no" | "unknown";

/** The assessment (schema version 1): every field optional. Dates are RFC 3339 with offset. */
export interface Assessment {
  schemaVersion?: 1;
  organisation?: string | null;
  assessedAt?: string | null;
  /** e.g. "+01:00" or "Z": the offset every date of the report is shown in. */
  utcOffset?: string | null;
  source?: {
    exchangeVersion?: "2003" | "2007" | "2010" | "2013" | "2016" | "2019" | "subscriptionEdition" | "unknown";
    outlookAnywhereEnabled?: Answer | boolean | null;
    certificate?: "trusted" | "selfSigned" | "unknown";
    mrsProxyEnabled?: Answer | boolean | null;
    permissions?: {
      fullAccess?: Answer | boolean | null;
      receiveAs?: Answer | boolean | null;
      writeTargetAddress?: Answer | boolean | null;
    };
    unifiedMessagingDisabled?: Answer | boolean | null;
    exchangeServer?: string | null;
    rpcProxyServer?: string | null;
    migrationAdmin?: string | null;
    testMailbox?: string | null;
  };
  tenant?: {
    domainVerified?: Answer | boolean | null;
    verifiedDomains?: string[] | null;
    directorySync?: Answer | boolean | null;
    federatedSso?: Answer | boolean | null;
    mailboxCount?: number | null;
    licencesAvailable?: number | null;
  };
  dns?: {
    mxTtlSeconds?: number | null;
    mxTtlLoweredAt?: string | null;
    previousMxTtlSeconds?: number | null;
    mxChangedAt?: string | null;
  };
  schedule?: {
    plannedStart?: string | null;
    plannedMxChange?: string | null;
    usersCreatedAt?: string | null;
    lastSyncAt?: string | null;
  };
  progress?: {
    endpointCreated?: Answer | boolean | null;
    batchesCreated?: Answer | boolean | null;
    batchesStarted?: Answer | boolean | null;
    mailboxesConverted?: Answer | boolean | null;
    batchesDeleted?: Answer | boolean | null;
    licencesAssigned?: Answer | boolean | null;
    autodiscoverCname?: Answer | boolean | null;
    decommissioned?: Answer | boolean | null;
  };
}

/** How to make the readiness report. */
export interface ReadinessOptions {
  /** Replace addresses, domains and file names by aliases (user-0001@domain-01.example). */
  pseudonymise?: boolean;
  /** The time the report is made for (RFC 3339 with offset); default: now. */
  now?: string;
}

/** An output format of the readiness report. */
export type ReportFormat = "html" | "md" | "json" | "text";

/** A computed date (RFC 3339 with the report's offset) and how it was computed. */
export interface Dated { at: string; basis: string; }

/** One task of the checklist. */
export interface Task {
  id: string;
  phase: "prepare" | "tenant" | "migrate" | "cutover" | "finish";
  title: string;
  status: "done" | "todo" | "blocked";
  blockedBy: string[];
  openItems: string[];
  adminCenter: string | null;
  cmdlet: string | null;
  dependsOn: string[];
  date: (Dated & { kind: "notLaterThan" | "notBefore" }) | null;
  note: string | null;
}

/** One DNS record of the plan. */
export interface DnsRecord {
  step: string; action: string; name: string; recordType: string;
  value: string; ttl: number | null; note: string;
}

/** The readiness report (schemaVersion 1). */
export interface ReadinessReport {
  schemaVersion: 1;
  organisation: string | null;
  asOf: string | null;
  utcOffset: string;
  pseudonymised: boolean;
  verdict: Verdict;
  reasons: string[];
  counts: {
    bySeverity: { error: number; warning: number; info: number };
    byArea: { csv: number; passwords: number; dns: number; environment: number };
  };
  summary: Summary;
  findings: Finding[];
  dates: {
    lowerTtlBy: Dated | null;
    earliestMxChange: Dated | null;
    earliestBatchDeletion: Dated | null;
    licenceDeadline: Dated | null;
  };
  dns: { records: DnsRecord[]; notes: string[] } | null;
  checklist: Task[];
}
"#;

/// The options of the readiness functions, as JS passes them.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
struct ReadinessOptions {
    pseudonymise: bool,
    now: Option<String>,
}

/// Reads the readiness options; the time defaults to the browser's clock.
fn readiness_options(value: Option<JsValue>) -> Result<crate::readiness::ReportOptions, JsError> {
    let raw: ReadinessOptions = match value {
        Some(value) if !value.is_undefined() && !value.is_null() => {
            serde_wasm_bindgen::from_value(value)
                .map_err(|e| JsError::new(&format!("invalid options: {e}")))?
        }
        _ => ReadinessOptions::default(),
    };
    let now = match raw.now {
        Some(text) => text,
        None => String::from(js_sys::Date::new_0().to_iso_string()),
    };
    let now = time::OffsetDateTime::parse(&now, &time::format_description::well_known::Rfc3339)
        .map_err(|e| JsError::new(&format!("invalid options: now {now:?}: {e}")))?;
    Ok(crate::readiness::ReportOptions {
        pseudonymise: raw.pseudonymise,
        now: Some(now),
    })
}

/// Reads `[{ name, bytes }]` into owned names and bytes.
fn named_files(files: Vec<JsValue>) -> Result<Vec<(String, Vec<u8>)>, JsError> {
    let mut inputs = Vec::with_capacity(files.len());
    for file in files {
        let name = js_sys::Reflect::get(&file, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .ok_or_else(|| JsError::new("each file needs a string `name`"))?;
        let bytes = js_sys::Reflect::get(&file, &"bytes".into())
            .ok()
            .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
            .ok_or_else(|| JsError::new("each file needs `bytes` as a Uint8Array"))?;
        inputs.push((name, js_sys::Uint8Array::new(&bytes).to_vec()));
    }
    Ok(inputs)
}

/// Builds the readiness report from files, assessment JSON and options.
fn readiness(
    files: Vec<JsValue>,
    assessment_json: &str,
    options: Option<JsValue>,
) -> Result<crate::readiness::ReadinessReport, JsError> {
    let inputs = named_files(files)?;
    let files: Vec<CsvFile<'_>> = inputs
        .iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect();
    let assessment = crate::readiness::Assessment::from_json(assessment_json)
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(crate::readiness::build(
        &files,
        &assessment,
        &readiness_options(options)?,
    ))
}

/// The readiness report for CSV files and an assessment (JSON text; "" = all unknown).
#[wasm_bindgen(js_name = readinessReport, unchecked_return_type = "ReadinessReport")]
pub fn readiness_report(
    #[wasm_bindgen(unchecked_param_type = "CsvInput[]")] files: Vec<JsValue>,
    #[wasm_bindgen(js_name = assessmentJson)] assessment_json: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadinessOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    to_js(&readiness(files, assessment_json, options)?)
}

/// The readiness report rendered as `html`, `md`, `json` or `text`.
#[wasm_bindgen(js_name = renderReport)]
pub fn render_report(
    #[wasm_bindgen(unchecked_param_type = "CsvInput[]")] files: Vec<JsValue>,
    #[wasm_bindgen(js_name = assessmentJson)] assessment_json: &str,
    #[wasm_bindgen(unchecked_param_type = "ReportFormat")] format: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadinessOptions")] options: Option<JsValue>,
) -> Result<String, JsError> {
    let format = crate::render::readiness::Format::from_name(format)
        .ok_or_else(|| JsError::new("format must be \"html\", \"md\", \"json\" or \"text\""))?;
    let report = readiness(files, assessment_json, options)?;
    Ok(crate::render::readiness::render(&report, format))
}

/// The PowerShell runbook for the staged migration. Throws if a file name or assessment
/// value holds a control character (it could not be put into a script safely).
#[wasm_bindgen(js_name = runbook)]
pub fn runbook(
    #[wasm_bindgen(unchecked_param_type = "CsvInput[]")] files: Vec<JsValue>,
    #[wasm_bindgen(js_name = assessmentJson)] assessment_json: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadinessOptions")] options: Option<JsValue>,
) -> Result<String, JsError> {
    let inputs = named_files(files)?;
    let files: Vec<CsvFile<'_>> = inputs
        .iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect();
    let assessment = crate::readiness::Assessment::from_json(assessment_json)
        .map_err(|e| JsError::new(&e.to_string()))?;
    crate::runbook::runbook(&files, &assessment, &readiness_options(options)?)
        .map_err(|e| JsError::new(&format!("cannot write the runbook: {e}")))
}

/// An example assessment with every field, as JSON text.
#[wasm_bindgen(js_name = assessmentTemplate)]
pub fn assessment_template() -> String {
    crate::readiness::assessment::TEMPLATE.to_string()
}

// ---------------------------------------------------------------------------------------
// DNS: plan, compare, and the wire side of live look-ups. The page sends the queries
// itself (DNS-over-HTTPS via fetch, see www/dns-lookup.js); nothing here touches the
// network.

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

// ---------------------------------------------------------------------------------------
// Passwords (issue 4). The options `bannedTerms`, `tenantName` and `generatePasswords`
// reach the checks through `CheckOptions`; this section adds what is not a check.

/// A new strong password: 16 characters of all four kinds, cryptographically random
/// (`crypto.getRandomValues`), meeting Microsoft Entra ID's policy and passing Password
/// Protection's common-term check. Throws only if the browser gives no random numbers.
#[wasm_bindgen(js_name = generatePassword)]
pub fn generate_password() -> Result<String, JsError> {
    crate::password::generate().map_err(|e| JsError::new(&e.to_string()))
}

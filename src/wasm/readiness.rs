//! The readiness report, its renderings and the runbook, for JavaScript (issue 6).

use wasm_bindgen::prelude::*;

use super::to_js;

#[wasm_bindgen(typescript_custom_section)]
const READINESS_TYPES: &'static str = r#"
/** A yes/no answer of the assessment; missing or null means "unknown". */
export type Answer = "yes" | "no" | "unknown";

/** The assessment (schema version 1 or 2): every field optional. Dates are RFC 3339 with offset. */
export interface Assessment {
  schemaVersion?: 1 | 2;
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
    /** e.g. "contoso.onmicrosoft.com": plans the DKIM records. */
    initialDomain?: string | null;
    /** The tenant's own banned password terms, used by the CSV check. */
    customBannedPasswords?: string[] | null;
  };
  dns?: {
    mxTtlSeconds?: number | null;
    mxTtlLoweredAt?: string | null;
    previousMxTtlSeconds?: number | null;
    mxChangedAt?: string | null;
    /** "MS=ms12345678", from the admin center. */
    verificationValue?: string | null;
    /** The Autodiscover host or namespace when it is not autodiscover.DOMAIN. */
    autodiscoverHost?: string | null;
    /** The SPF TXT record published now; absent = unknown. */
    publishedSpf?: string | null;
    /** IPs or host names that send mail on premises. */
    onPremisesSenders?: string[] | null;
  };
  schedule?: {
    plannedStart?: string | null;
    plannedMxChange?: string | null;
    usersCreatedAt?: string | null;
    lastSyncAt?: string | null;
    /** The start of the last batch. */
    plannedLastBatch?: string | null;
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
  /** The report's cover. */
  report?: { preparedBy?: string | null; preparedFor?: string | null; documentVersion?: string | null };
}

/** How to make the readiness report. */
export interface ReadinessOptions {
  /** Replace addresses, domains and file names by aliases (user-0001@domain-01.example). */
  pseudonymise?: boolean;
  /** The time the report is made for (RFC 3339 with offset); default: now. */
  now?: string;
  /** The text of a probe JSON file (`migration-preflight probe --format json`): its findings decide the Outlook Anywhere and certificate tasks. */
  probe?: string;
  /** The text of an earlier JSON report: adds `since` (progress since then). */
  since?: string;
}

/** A file the runbook reads from its folder, one batch each. A `pasted` input (name "") has no file yet: save its bytes as `name` (e.g. mailboxes.csv) beside the script. */
export interface RunbookFile { name: string; batch: string; input: number; source: "file" | "pasted"; }

/** An output format of the readiness report. */
export type ReportFormat = "html" | "md" | "json" | "text";

/** A computed date (RFC 3339 with the report's offset), how it was computed, and whether it is a deadline that has passed. */
export interface Dated { at: string; basis: string; overdue: boolean; }

/** One task of the checklist. */
export interface Task {
  id: string;
  phase: "prepare" | "tenant" | "migrate" | "cutover" | "finish";
  title: string;
  status: "done" | "todo" | "blocked" | "notApplicable";
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

/** What changed since an earlier report (the `since` option). */
export interface Progress {
  previousAsOf: string | null;
  previousSchemaVersion: 1 | 2;
  resolved: FindingGroup[];
  new: FindingGroup[];
  stillOpen: FindingGroup[];
  counts: { resolved: number; new: number; stillOpen: number };
  tasksDone: { id: string; title: string }[];
  datesMoved: { key: string; what: string; from: string | null; to: string | null }[];
}

/** The readiness report (schemaVersion 2; the `since` option also reads version 1). */
export interface ReadinessReport {
  schemaVersion: 2;
  organisation: string | null;
  asOf: string | null;
  utcOffset: string;
  pseudonymised: boolean;
  /** From the assessment's `report` section; names withheld when pseudonymised. */
  cover: { preparedBy: string | null; preparedFor: string | null; documentVersion: string | null; toolVersion: string };
  verdict: Verdict;
  reasons: string[];
  counts: {
    bySeverity: { error: number; warning: number; info: number };
    byArea: { csv: number; passwords: number; dns: number; environment: number };
  };
  summary: Summary;
  /** File names only, never directories. */
  findings: Finding[];
  /** The findings grouped by code, in severity then code order. */
  groups: FindingGroup[];
  /** Present when the `since` option was given. */
  since?: Progress;
  dates: {
    lowerTtlBy: Dated | null;
    earliestMxChange: Dated | null;
    earliestBatchDeletion: Dated | null;
    licenceDeadline: Dated | null;
    /** The MX change the later dates count from. */
    mxChange: Dated | null;
  };
  dns: { records: DnsRecord[]; notes: string[] } | null;
  checklist: Task[];
  /** The dated milestones in time order (the timeline picture's data). */
  timeline: Milestone[];
}

/** One milestone of the timeline; `until` ends a span (the batches, the 72-hour wait). */
export interface Milestone {
  key: "mxTtlLowered" | "batchesStart" | "lastBatch" | "mxChange" | "wait72h" | "deleteBatches" | "licenceDeadline";
  label: string;
  at: string;
  until: string | null;
  done: boolean;
  overdue: boolean;
}
"#;

/// The options of the readiness functions, as JS passes them.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
struct ReadinessOptions {
    pseudonymise: bool,
    now: Option<String>,
    probe: Option<String>,
    /// The text of an earlier JSON report (read by `readiness`, see `since_text`).
    #[allow(dead_code)]
    since: Option<String>,
}

/// The `since` option: the text of an earlier JSON report, if given.
fn since_text(options: &Option<JsValue>) -> Option<String> {
    let value = options.as_ref()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    js_sys::Reflect::get(value, &"since".into())
        .ok()?
        .as_string()
}

/// Reads the readiness options and the probe's evidence; the time defaults to the
/// browser's clock.
fn readiness_options(
    value: Option<JsValue>,
) -> Result<
    (
        crate::readiness::ReportOptions,
        Option<crate::readiness::Evidence>,
    ),
    JsError,
> {
    let raw: ReadinessOptions = match value {
        Some(value) if !value.is_undefined() && !value.is_null() => {
            serde_wasm_bindgen::from_value(value)
                .map_err(|e| JsError::new(&format!("invalid options: {e}")))?
        }
        _ => ReadinessOptions::default(),
    };
    let rfc3339 = &time::format_description::well_known::Rfc3339;
    let now = match raw.now {
        Some(text) => Some(
            time::OffsetDateTime::parse(&text, rfc3339)
                .map_err(|e| JsError::new(&format!("invalid options: now {text:?}: {e}")))?,
        ),
        // A clock the report cannot read (an invalid Date, a year past 9999) is no
        // reason to refuse the report: it is made for the assessment's time instead.
        None => js_sys::Date::new_0()
            .to_iso_string()
            .as_string()
            .and_then(|text| time::OffsetDateTime::parse(&text, rfc3339).ok()),
    };
    let probe = match raw.probe.as_deref() {
        Some(text) => Some(
            crate::readiness::Evidence::from_json(text)
                .map_err(|e| JsError::new(&format!("invalid options: probe: {e}")))?,
        ),
        None => None,
    };
    // Dates outside the years the report works with become a finding (ENV034) there.
    let options = crate::readiness::ReportOptions {
        pseudonymise: raw.pseudonymise,
        now,
    };
    Ok((options, probe))
}

/// Reads the assessment JSON text ("" = every answer unknown).
fn assessment(json: &str) -> Result<crate::readiness::Assessment, JsError> {
    crate::readiness::Assessment::from_json(json).map_err(|e| JsError::new(&e.to_string()))
}

/// Builds the readiness report from files, assessment JSON and options.
fn readiness(
    files: Vec<JsValue>,
    assessment_json: &str,
    options: Option<JsValue>,
) -> Result<crate::readiness::ReadinessReport, JsError> {
    let inputs = super::read_files(files)?;
    let files = super::as_csv_files(&inputs);
    let assessment = assessment(assessment_json)?;
    let since = since_text(&options);
    let (options, exports) = match options {
        Some(value) => {
            let (rest, exports) = super::directory::take(value)?;
            (Some(rest), exports)
        }
        None => (None, Default::default()),
    };
    let (options, probe) = readiness_options(options)?;
    let mut report = crate::readiness::build_with_probe(
        &files,
        &exports.borrow(),
        &assessment,
        &options,
        probe.as_ref(),
    );
    if let Some(text) = since {
        report.since = Some(
            crate::readiness::since::progress(&report, &text)
                .map_err(|e| JsError::new(&format!("invalid options: since: {e}")))?,
        );
    }
    Ok(report)
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

/// The PowerShell runbook for the staged migration, as plain ASCII text. Throws if a
/// file name or assessment value holds a control character (it could not be put into a
/// script safely), if two files have the same name (each batch reads its own file), or
/// if a file has errors (fix and split it first). A file with an empty name is pasted
/// text: see `runbookFiles` for the name the script reads it by.
#[wasm_bindgen(js_name = runbook)]
pub fn runbook(
    #[wasm_bindgen(unchecked_param_type = "CsvInput[]")] files: Vec<JsValue>,
    #[wasm_bindgen(js_name = assessmentJson)] assessment_json: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadinessOptions")] options: Option<JsValue>,
) -> Result<String, JsError> {
    let inputs = super::read_files(files)?;
    let files = super::as_csv_files(&inputs);
    let assessment = assessment(assessment_json)?;
    // The probe option is read (and refused if unusable) but does not change the script.
    crate::runbook::runbook(&files, &assessment, &readiness_options(options)?.0)
        .map_err(|e| JsError::new(&format!("cannot write the runbook: {e}")))
}

/// The files the runbook reads from its folder, one batch each, in input order. A file
/// with an empty name (pasted text) gets a name to be saved under (`mailboxes.csv`).
/// Throws as `runbook` does for two files with the same name.
#[wasm_bindgen(js_name = runbookFiles, unchecked_return_type = "RunbookFile[]")]
pub fn runbook_files(
    #[wasm_bindgen(unchecked_param_type = "CsvInput[]")] files: Vec<JsValue>,
) -> Result<JsValue, JsError> {
    let inputs = super::read_files(files)?;
    let list = crate::runbook::script_files(&super::as_csv_files(&inputs))
        .map_err(|e| JsError::new(&format!("cannot write the runbook: {e}")))?;
    to_js(&list)
}

/// An example assessment with every field, as JSON text.
#[wasm_bindgen(js_name = assessmentTemplate)]
pub fn assessment_template() -> String {
    crate::readiness::assessment::TEMPLATE.to_string()
}

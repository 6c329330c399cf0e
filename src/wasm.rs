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

mod directory;
mod dns;
mod readiness;

pub use dns::*;
pub use readiness::*;

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
    let (options_value, exports) = directory::take(options_value)?;
    to_js(&crate::directory::check_files(
        &as_csv_files(&inputs),
        &exports.borrow(),
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

// Passwords (issue 4). The options `bannedTerms`, `tenantName` and `generatePasswords`
// reach the checks through `CheckOptions`; this section adds what is not a check.

/// A new strong password: 16 characters of all four kinds, cryptographically random
/// (`crypto.getRandomValues`), meeting Microsoft Entra ID's policy and passing Password
/// Protection's common-term check. Throws only if the browser gives no random numbers.
#[wasm_bindgen(js_name = generatePassword)]
pub fn generate_password() -> Result<String, JsError> {
    crate::password::generate().map_err(|e| JsError::new(&e.to_string()))
}

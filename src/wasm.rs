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
#[cfg(not(feature = "check-only"))]
mod dns;
#[cfg(not(feature = "check-only"))]
mod readiness;
#[cfg(not(feature = "check-only"))]
mod zip;

#[cfg(not(feature = "check-only"))]
pub use dns::*;
#[cfg(not(feature = "check-only"))]
pub use readiness::*;
#[cfg(not(feature = "check-only"))]
pub use zip::*;

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
  /**
   * The offending cell (an invalid address, a header name), only with the option
   * `localValues: true` and only where it helps. It may hold a password (a cell's column
   * cannot be trusted): show it to the admin on this page, never send or store it.
   */
  localValue?: string;
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

/** All findings of one code: the help once, the rows compressed ("2–14, 20 … and 480 more"). */
export interface FindingGroup {
  code: string;
  severity: Severity;
  /** The catalogue's one-line title of the code. */
  title: string;
  help: string;
  /** The first finding's message (the whole story when count is 1). */
  message: string;
  count: number;
  /** File names (no directories), first appearance order; at most 20 listed. */
  files: string[];
  moreFiles: number;
  /** Columns, first appearance order; at most 12 listed. */
  columns: string[];
  moreColumns: number;
  /** Excel rows compressed; with several files "a.csv: 2–4; b.csv: 7". Empty if none. */
  rows: string;
}

/** The outcome of a check. */
export interface Report {
  verdict: Verdict;
  findings: Finding[];
  summary: Summary;
  /** The findings grouped by code, in severity then code order (checkCsv, checkFiles). */
  groups?: FindingGroup[];
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
  /**
   * checkCsv, checkFiles, fixCsv, splitCsv: add `localValue` to the findings that have
   * one. Default false, so a report forwarded elsewhere holds no cell content. The
   * values may hold passwords: for display on this page only.
   */
  localValues?: boolean;
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

/**
 * Changes of one kind and how often: `258 × TRUE → True in ForceChangePassword`.
 * Only the tool's own words (column names, sign-in values, encodings), never a cell.
 */
export interface ChangeGroup {
  description: string;
  count: number;
}

/** The corrected CSV, its changes, and what is still wrong with it. */
export interface Fixed {
  csv: string;
  changes: Change[];
  /** The changes grouped by kind, in the order each kind first appears. */
  changeGroups: ChangeGroup[];
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

/// Reads the check options and the adapter's own `localValues` flag (default false),
/// which is not a core option: the core always keeps local values apart from the
/// report, and only this adapter decides to hand them to the page.
fn check_options(value: JsValue) -> Result<(Options, bool), JsError> {
    if !value.is_object() {
        return Ok((options(value)?, false));
    }
    let key = JsValue::from_str("localValues");
    let flag = js_sys::Reflect::get(&value, &key).unwrap_or(JsValue::UNDEFINED);
    let local = match flag.as_bool() {
        Some(local) => local,
        None if flag.is_undefined() => false,
        None => {
            return Err(JsError::new(
                "invalid options: localValues must be a boolean",
            ));
        }
    };
    let rest = js_sys::Object::assign(&js_sys::Object::new(), value.unchecked_ref());
    let _ = js_sys::Reflect::delete_property(&rest, &key);
    Ok((options(rest.into())?, local))
}

/// A report as a JS object, with `localValue` on the findings that have one when the
/// page asked for them.
fn report_to_js(report: &crate::Report, local: bool) -> Result<JsValue, JsError> {
    let js = to_js(report)?;
    let groups = to_js(&crate::group::group_by_code(&report.findings))?;
    let _ = js_sys::Reflect::set(&js, &"groups".into(), &groups);
    if local {
        add_local_values(&js, report);
    }
    Ok(js)
}

/// Sets `localValue` on each finding of a report already converted to `js`.
fn add_local_values(js: &JsValue, report: &crate::Report) {
    let Ok(findings) = js_sys::Reflect::get(js, &"findings".into()) else {
        return;
    };
    let findings: js_sys::Array = findings.unchecked_into();
    for (i, finding) in report.findings.iter().enumerate() {
        if let Some(value) = &finding.local_value {
            let item = findings.get(i as u32);
            let _ = js_sys::Reflect::set(&item, &"localValue".into(), &value.into());
        }
    }
}

/// Calls the page's `onProgress(rowsRead, rowsTotal)`, if it gave one. What it throws
/// is ignored: a progress bar that fails does not stop the check.
fn progress_hook(
    on_progress: &Option<js_sys::Function>,
) -> Option<impl FnMut(crate::check::Progress) + '_> {
    on_progress.as_ref().map(|function| {
        move |p: crate::check::Progress| {
            let _ = function.call2(
                &JsValue::NULL,
                &JsValue::from_f64(p.rows_read as f64),
                &JsValue::from_f64(p.rows_total as f64),
            );
        }
    })
}

/// Checks one staged-migration CSV file given as bytes. `onProgress(rowsRead,
/// rowsTotal)`, if given, is called about every 16,384 rows and once at the end.
#[wasm_bindgen(js_name = checkCsv, unchecked_return_type = "Report")]
pub fn check_csv_with_progress(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options_value: JsValue,
    #[wasm_bindgen(
        js_name = onProgress,
        unchecked_optional_param_type = "(rowsRead: number, rowsTotal: number) => void"
    )]
    on_progress: Option<js_sys::Function>,
) -> Result<JsValue, JsError> {
    let (options, local) = check_options(options_value)?;
    let report = match progress_hook(&on_progress) {
        Some(mut hook) => crate::check::check_csv_with_progress(bytes, &options, &mut hook),
        None => crate::check_csv(bytes, &options),
    };
    report_to_js(&report, local)
}

/// `checkCsv` without a progress hook, for Rust callers (the wasm tests).
pub fn check_csv(bytes: &[u8], options_value: JsValue) -> Result<JsValue, JsError> {
    check_csv_with_progress(bytes, options_value, None)
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
/// `onProgress(rowsRead, rowsTotal)`, if given, is called about every 16,384 rows (of
/// all the files) and once at the end.
#[wasm_bindgen(js_name = checkFiles, unchecked_return_type = "Report")]
pub fn check_files_with_progress(
    #[wasm_bindgen(unchecked_param_type = "CsvInput[]")] files: Vec<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options_value: JsValue,
    #[wasm_bindgen(
        js_name = onProgress,
        unchecked_optional_param_type = "(rowsRead: number, rowsTotal: number) => void"
    )]
    on_progress: Option<js_sys::Function>,
) -> Result<JsValue, JsError> {
    let inputs = read_files(files)?;
    let (options_value, exports) = directory::take(options_value)?;
    let (options, local) = check_options(options_value)?;
    let files = as_csv_files(&inputs);
    let report = match progress_hook(&on_progress) {
        Some(mut hook) => {
            directory::check_files_with_progress(&files, &exports, &options, &mut hook)
        }
        None => directory::check_files(&files, &exports, &options),
    };
    report_to_js(&report, local)
}

/// `checkFiles` without a progress hook, for Rust callers (the wasm tests).
pub fn check_files(files: Vec<JsValue>, options_value: JsValue) -> Result<JsValue, JsError> {
    check_files_with_progress(files, options_value, None)
}

#[cfg(not(feature = "check-only"))]
/// Corrects what can be corrected without changing meaning. Throws when the file cannot
/// be corrected at all (not text, empty, or an unclosed quote), saying why.
#[wasm_bindgen(js_name = fixCsv, unchecked_return_type = "Fixed")]
pub fn fix_csv(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    let (options, local) = check_options(options_value)?;
    match crate::csv::fix::fix_csv(bytes, &options) {
        Ok(fixed) => {
            let js = to_js(&fixed)?;
            if local {
                if let Ok(report) = js_sys::Reflect::get(&js, &"report".into()) {
                    add_local_values(&report, &fixed.report);
                }
            }
            Ok(js)
        }
        Err(finding) => Err(JsError::new(&format!(
            "{} {}",
            finding.message, finding.help
        ))),
    }
}

#[cfg(not(feature = "check-only"))]
/// Splits the mailbox rows of one or more files into batch files with valid names.
#[wasm_bindgen(js_name = splitCsv, unchecked_return_type = "Split")]
pub fn split_csv(
    #[wasm_bindgen(unchecked_param_type = "CsvInput[]")] files: Vec<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "SplitOptions")] split_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    let inputs = read_files(files)?;
    let split_options: crate::csv::split::SplitOptions =
        if split_options.is_undefined() || split_options.is_null() {
            Default::default()
        } else {
            reject_unknown_keys(&split_options, &["size", "prefix"], "split options")?;
            serde_wasm_bindgen::from_value(split_options)
                .map_err(|e| JsError::new(&format!("invalid split options: {e}")))?
        };
    let (options, local) = check_options(options_value)?;
    let split = crate::csv::split::split(&as_csv_files(&inputs), &split_options, &options)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let js = to_js(&split)?;
    if local {
        if let Ok(report) = js_sys::Reflect::get(&js, &"report".into()) {
            add_local_values(&report, &split.report);
        }
    }
    Ok(js)
}

/// The example CSV from Microsoft's procedure, which the page opens with.
#[wasm_bindgen(js_name = exampleCsv)]
pub fn example_csv() -> String {
    crate::EXAMPLE_CSV.to_string()
}

#[cfg(not(feature = "check-only"))]
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
/// In the plan module only: the first view does not generate passwords.
#[cfg(not(feature = "check-only"))]
#[wasm_bindgen(js_name = generatePassword)]
pub fn generate_password() -> Result<String, JsError> {
    crate::password::generate().map_err(|e| JsError::new(&e.to_string()))
}
